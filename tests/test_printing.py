"""Printed registers and documents, checked as a reader would: by the PDF's own text."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.errors import PermissionDenied
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.jobs import record_print, verify_print, written_date
from paizhu_desktop.core.printing.linebreak import NO_END, NO_START, wrap
from paizhu_desktop.core.printing.service import print_document, print_register
from paizhu_desktop.core.session import UserSession

from conftest import AUDITOR, LEADER, PASSWORD, add_account, run_cli

LONG = "".join(f"第{i:03d}句：督促驻在部门党组落实全面从严治党主体责任，逐项核对整改台账。"
               for i in range(1, 90))


def _pages(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _found_across(pages: list[str], text: str) -> bool:
    """``text`` appears whole, or as consecutive pieces over following pages (a row
    continued on the next page), in the PDF's extracted text."""
    flat_pages = [_flat(p) for p in pages]
    target = _flat(text)
    for i in range(len(flat_pages)):
        rest = target
        for page in flat_pages[i:]:
            lo, hi = 0, len(rest)
            while lo < hi:  # the longest prefix of what is left that this page shows
                mid = (lo + hi + 1) // 2
                if rest[:mid] in page:
                    lo = mid
                else:
                    hi = mid - 1
            if lo < min(len(rest), 4):
                break
            rest = rest[lo:]
            if not rest:
                return True
    return False


def _add(s: UserSession, day: str, text: str, importance: int = 1, **extra: object) -> str:
    return s.ledgers.add("chronicle", {"date_start": day, "category": "2", "content": text,
                                       "importance": importance, **extra}).id


@pytest.fixture
def filled(session: UserSession) -> UserSession:
    _add(session, "2026-03-05", "组织财政局中层干部廉政警示教育", importance=2)
    _add(session, "2026-03-05", "组长列席财政局党组会议提出监督意见", importance=1)
    _add(session, "2026-03-02", "开展专项监督检查（三月）", date_end="2026-03-04")
    _add(session, "2026-03-09", LONG)
    for i in range(40):
        _add(session, f"2026-04-{i % 28 + 1:02d}", f"四月第{i:02d}项工作：对驻在部门开展日常监督，"
                                                   "督促落实“三重一大”集体决策制度。")
    return session


def test_register_text_order_header_and_page_numbers_article_50(filled: UserSession) -> None:
    """第五十条 order; header and ``第 N 页 共 M 页`` on every page (DOMAIN §6)."""
    job = print_register(filled, "chronicle", year=2026)
    pages = _pages(job.pdf)
    assert len(pages) == job.pages > 3
    for n, text in enumerate(pages, start=1):
        assert f"第 {n} 页 共 {job.pages} 页" in text
        assert job.digest in text
        if n > 1:
            assert "主要内容" in text and "序号" in text
    whole = _flat("".join(pages))
    order = [whole.index(_flat(t)) for t in (
        "开展专项监督检查（三月）", "组长列席财政局党组会议提出监督意见",
        "组织财政局中层干部廉政警示教育")]
    assert order == sorted(order)
    assert "大事记登记簿" in pages[0] and "第 1 册" in pages[0]


def test_no_text_is_lost_in_wrapped_cells_even_over_a_page(filled: UserSession) -> None:
    """A long cell wraps over many lines and continues on the next page (续): nothing lost."""
    job = print_register(filled, "chronicle", year=2026)
    pages = _pages(job.pdf)
    for entry in filled.ledgers.list("chronicle"):
        assert _found_across(pages, entry.values["content"]), entry.values["content"][:20]
    assert "（续）" in "".join(_pages(job.pdf))


def test_marking_is_the_highest_classification_on_every_page(filled: UserSession) -> None:
    """DOMAIN §3: printouts carry the highest 密级 of their content, top left."""
    plain = print_register(filled, "chronicle", year=2026)
    assert plain.marking == "内部"
    _add(filled, "2026-04-30", "有人打听案件办理进展，已拒绝并报告", category="5")
    job = print_register(filled, "chronicle", year=2026)
    assert job.marking == "秘密★10年"
    for text in _pages(job.pdf):
        assert "秘密★10年" in text


def test_fonts_are_embedded_and_missing_characters_reported(
        session: UserSession, monkeypatch: pytest.MonkeyPatch) -> None:
    """No reliance on a viewer's fonts; a character the face lacks is drawn by another.
    One no face has is refused on saving (test_font_coverage); an entry stored before
    that check holds it, and its printout reports it."""
    from paizhu_desktop.core.ledgers import service

    with monkeypatch.context() as m:
        m.setattr(service, "unprintable", lambda text, overrides=None: None)
        _add(session, "2026-05-06", "二〇二六年五月六日专项检查，涉及人员𠀀某")
    job = print_register(session, "chronicle", year=2026)
    reader = PdfReader(io.BytesIO(job.pdf))
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            assert font["/Subtype"] == "/TrueType", font
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
            seen += 1
    assert seen
    assert "〇" in "".join(_pages(job.pdf))  # not in the Song face: drawn by a fallback
    assert job.missing == ["𠀀"]  # in no bundled face: reported, not silently dropped


def test_meeting_summary_document_gbt9704(session: UserSession) -> None:
    """第三十四条 会议纪要 per GB/T 9704-2012: title, headings, page number — N —, date."""
    entry = session.ledgers.add("meeting_summary", {
        "issue_no": 3, "title": "组务会会议纪要", "meeting_date": "2026-03-09",
        "place": "派驻组会议室", "host": "张组长", "attendees": "张组长、王明远",
        "content": "一、传达学习县纪委全会精神\n（一）明确专人负责\n会议要求各责任人按期落实。"})
    job = print_document(session, "meeting_summary", "会议纪要", entry_id=entry.id)
    text = _pages(job.pdf)[0]
    for expected in ("组务会会议纪要", "第 3 期", "一、传达学习县纪委全会精神",
                     "（一）明确专人负责", "— 1 —", "内部", "2026年3月9日", "出席："):
        assert expected in text, expected
    assert job.kind == "会议纪要" and job.pages == 1


def test_chronicle_document_for_a_month(filled: UserSession) -> None:
    job = print_document(filled, "chronicle", "大事记", year=2026, month=3)
    text = _flat("".join(_pages(job.pdf)))
    assert "大事记" in text and "（2026年3月）" in text
    assert text.index("3月2日至4日") < text.index("3月5日") < text.index("3月9日")
    assert "四月第" not in text


def test_print_is_logged_and_verify_print_detects_a_later_edit(filled: UserSession) -> None:
    """A paper copy can be checked against the database later (paizhu verify-print)."""
    job = print_register(filled, "chronicle", year=2026, month=3)
    record_print(filled, job, "办公室打印机", copies=2)
    assert verify_print(filled, job.digest).ok
    first = filled.ledgers.list("chronicle", date_from="2026-03-01", date_to="2026-03-31")[0]
    filled.ledgers.edit("chronicle", first.id, {"content": "改动后的内容"})
    check = verify_print(filled, job.digest.replace("-", "").lower())
    assert not check.ok and check.changed and "不一致" in check.describe()


def test_print_log_reaches_the_secrecy_officer(session: UserSession, db_path: Path) -> None:
    _add(session, "2026-03-02", "专项检查")
    job = print_register(session, "chronicle", year=2026)
    record_print(session, job, "PDF 文件：大事记.pdf")
    add_account(session, "baomi", [Role.SECRECY_OFFICER])
    officer = UserSession.open(db_path, "baomi", PASSWORD)
    entries = officer.audit_entries(actions=[Action.PRINT, Action.EXPORT])
    assert entries[0].detail["digest"] == job.digest
    assert entries[0].detail["classification"] == "内部"
    officer.close()


def test_user_without_print_permission_is_refused(session: UserSession, db_path: Path) -> None:
    auditor = UserSession.open(db_path, AUDITOR, PASSWORD)
    with pytest.raises(PermissionDenied):
        print_register(auditor, "chronicle", year=2026)
    auditor.close()


def test_cli_print_and_verify_print(session: UserSession, db_path: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    e = _add(session, "2026-03-02", "专项检查")
    session.close()
    out = tmp_path / "大事记.pdf"
    auth = ["--db", str(db_path), "--user", LEADER, "--password-stdin"]
    code, text, _ = run_cli(["print", "chronicle", *auth, "--out", str(out), "--year", "2026"],
                            PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0 and out.stat().st_size > 1000
    digest = re.search(r"内容摘要：(\S+)（", text).group(1)  # type: ignore[union-attr]
    code, text, _ = run_cli(["verify-print", digest, *auth], PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0 and "一致" in text
    s = UserSession.open(db_path, LEADER, PASSWORD)
    s.ledgers.void("chronicle", e, "重复登记")
    s.close()
    code, text, _ = run_cli(["verify-print", digest, *auth], PASSWORD + "\n", monkeypatch, capsys)
    assert code == 4 and "作废" in text


def test_line_breaking_rules() -> None:
    """禁则: no line starts with a closing mark or ends with an opening one; nothing lost."""
    text = "组长列席党组会议（第二次），就“三重一大”事项提出意见。抽查凭证120份，发现问题3个！"
    for width in range(4, 20):
        lines = wrap(text, width, lambda ch: 0.5 if ord(ch) < 128 else 1.0)
        assert "".join(lines) == text
        for line in lines:
            assert not line or (line[0] not in NO_START and line[-1] not in NO_END), lines
        assert not any("12" in a[-2:] and b[:1] == "0" for a, b in itertools.pairwise(lines))


def test_written_date_in_arabic_numerals() -> None:
    """GB/T 9704-2012 7.3.5.1: 成文日期 in Arabic numerals, no leading zeros."""
    import datetime as dt

    assert written_date(dt.date(2026, 11, 23)) == "2026年11月23日"
    assert written_date(dt.date(2030, 10, 1)) == "2030年10月1日"


def test_register_keeps_voided_entries_marked(session: UserSession) -> None:
    """Nothing recorded disappears from the paper register: a voided entry shows as 已作废."""
    e = _add(session, "2026-03-02", "登记错误的一条")
    _add(session, "2026-03-03", "正常的一条")
    session.ledgers.void("chronicle", e, "重复登记")
    job = print_register(session, "chronicle", year=2026)
    text = _flat("".join(_pages(job.pdf)))
    assert "【已作废：重复登记】登记错误的一条" in text and "正常的一条" in text
    assert verify_print(session, job.digest).ok if record_print(session, job, "测试") else False


def _info(pdf: bytes) -> dict[str, str]:
    """The PDF's document information dictionary (/Info), decoded."""
    meta = PdfReader(io.BytesIO(pdf)).metadata or {}
    return {str(k): str(v) for k, v in meta.items()}


def test_pdf_metadata_names_only_the_kind_of_paper(session: UserSession) -> None:
    """/Info travels with the file wherever it is copied: it names the paper's kind and the
    program, never an entry's title, a person or the group."""
    title = "关于王某某违纪问题线索处置的会议纪要"
    entry = session.ledgers.add("meeting_summary", {
        "title": title, "meeting_date": "2026-03-09", "host": "李副组长",
        "content": "一、研究王某某问题线索处置意见"})
    _add(session, "2026-03-02", "王某某收受礼金线索初核")
    jobs = {"会议纪要": print_document(session, "meeting_summary", "会议纪要", entry_id=entry.id),
            "大事记": print_document(session, "chronicle", "大事记", year=2026),
            "大事记登记簿": print_register(session, "chronicle", year=2026)}
    for kind, job in jobs.items():
        info = _info(job.pdf)
        assert info["/Title"] == kind
        assert info["/Creator"] == "paizhu-desktop"
        # The real time of printing, not ReportLab's invariant 2000-01-01.
        today = dt.date.today().strftime("%Y%m%d")
        assert info["/CreationDate"].startswith(f"D:{today}"), info["/CreationDate"]
        assert info["/ModDate"].startswith(f"D:{today}"), info["/ModDate"]
        for key, value in info.items():
            for secret in ("王某某", title, "李副组长", "张组长", LEADER, session.group_name,
                           "2026年"):
                assert secret not in value, (kind, key, value)
        for encoded in (title.encode("utf-8"), title.encode("utf-16-be"),
                        title.encode("utf-16-be").hex().encode(),
                        title.encode("utf-16-be").hex().upper().encode()):
            assert encoded not in job.pdf, kind


def test_every_page_carries_the_audit_chain_head(filled: UserSession) -> None:
    """The chain's head at print time (sequence and 16 hex digits of its hash) is in the
    footer of every page, with the content digest: paper anchors the chain."""
    from paizhu_desktop.core import audit

    entry = filled.ledgers.add("meeting_summary", {
        "title": "组务会会议纪要", "meeting_date": "2026-03-09", "content": LONG})
    with filled.db.reading() as conn:
        seq, link = audit.head(conn)
    jobs = [print_register(filled, "chronicle", year=2026),
            print_document(filled, "chronicle", "大事记", year=2026),
            print_document(filled, "meeting_summary", "会议纪要", entry_id=entry.id)]
    for job in jobs:
        assert (job.audit_seq, job.audit_hash) == (seq, link)
        pages = _pages(job.pdf)
        assert len(pages) == job.pages > 1
        for text in pages:
            flat = _flat(text)
            assert f"审计链第{seq}条{link[:16]}" in flat, (job.kind, text[-200:])
            assert f"内容摘要{job.digest}" in flat


def test_cli_verify_print_reads_the_footer_and_checks_the_chain(
        filled: UserSession, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The footer as printed, typed back in whole, is checked: the digest against the
    entries, the chain position against the audit chain."""
    filled.close()
    out = tmp_path / "登记簿.pdf"
    auth = ["--db", str(db_path), "--user", LEADER, "--password-stdin"]
    code, _, err = run_cli(["print", "chronicle", *auth, "--out", str(out), "--year", "2026"],
                           PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    last = _pages(out.read_bytes())[-1]
    footer = next(line for line in last.splitlines() if "审计链" in line)
    code, text, err = run_cli(["verify-print", footer, *auth], PASSWORD + "\n",
                              monkeypatch, capsys)
    assert code == 0, err
    assert "一致" in text and "不一致" not in text and "审计链" in text
    match = re.search(r"第 ?(\d+) ?条 ?([0-9a-f]{16})", footer)
    assert match
    seq, digits = int(match.group(1)), match.group(2)
    digest = re.search(r"[0-9A-F]{4}(?:-[0-9A-F]{4}){3}", footer).group(0)  # type: ignore[union-attr]
    # The digest alone still works; a chain position that is not the one recorded does not.
    code, text, _ = run_cli(["verify-print", digest, *auth], PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0 and "一致" in text
    forged = "0" * 16 if digits != "0" * 16 else "f" * 16
    code, text, _ = run_cli(["verify-print", digest, "--chain", f"第 {seq} 条 {forged}", *auth],
                            PASSWORD + "\n", monkeypatch, capsys)
    assert code == 4 and "审计链" in text and "不一致" in text



def test_paper_shows_a_chain_rewritten_after_the_print(filled: UserSession) -> None:
    """Someone rewrites an early audit record and recomputes every later link: the paper
    shows the chain no longer has the printed hash at the printed place (and verify,
    checking signatures, finds the rewrite too)."""
    from paizhu_desktop.core import audit
    from paizhu_desktop.core.storage import raw_connect

    job = print_register(filled, "chronicle", year=2026, month=3)
    record_print(filled, job, "办公室涉密打印机")
    assert verify_print(filled, job.footer).ok
    raw = raw_connect(filled.db.path, filled.db.key)
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("UPDATE audit_log SET username = 'someone' WHERE seq = 2")
    prev = raw.execute("SELECT hash FROM audit_log WHERE seq = 1").fetchone()[0]
    rows = raw.execute("SELECT seq, at, username, action, ledger, entry_id, detail, signer, "
                       "suite FROM audit_log WHERE seq >= 2 ORDER BY seq").fetchall()
    for seq, at, user, action, ledger, entry_id, detail, signer, suite in rows:
        digest = audit.link_hash(prev, seq, at, user, action, ledger, entry_id, detail, signer,
                                 suite)
        raw.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                    (prev, digest, seq))
        prev = digest
    raw.close()
    assert any("签名不是" in p for p in filled.verify().problems)
    check = verify_print(filled, job.footer)
    assert not check.ok and "改写" in check.describe()
    assert check.unchanged == len(job.entries)  # the entries themselves are as printed


def _lines_by_height(pdf: bytes, page: int) -> dict[int, str]:
    """The text of one page grouped by baseline height (points, rounded)."""
    rows: dict[int, str] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            y = round(tm[5] * cm[3] + cm[5])
            rows[y] = rows.get(y, "") + text

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return rows


def test_document_marking_never_sits_on_a_line_of_text(session: UserSession) -> None:
    """On the pages after the first the text starts on the 版心's first line: the 密级
    goes above it there, not over the text."""
    entry = session.ledgers.add("meeting_summary", {
        "title": "组务会会议纪要", "meeting_date": "2026-03-09", "content": LONG})
    job = print_document(session, "meeting_summary", "会议纪要", entry_id=entry.id)
    assert job.marking == "内部" and job.pages > 1
    for page in range(job.pages):
        rows = _lines_by_height(job.pdf, page)
        marked = [y for y, text in rows.items() if text.startswith("内部")]
        assert len(marked) == 1, rows
        assert rows[marked[0]].strip() == "内部", rows[marked[0]]
        assert all(abs(y - marked[0]) > 16 for y in rows if y != marked[0])


def test_issuer_and_date_never_stand_alone_on_a_page() -> None:
    """落款 and 成文日期 stay together, with at least the last line of text (GB/T 9704)."""
    import datetime as dt

    from paizhu_desktop.core.printing.context import job_fonts
    from paizhu_desktop.core.printing.document import Document, Paragraph, layout

    fs = job_fonts()
    issuer, date = "示例县纪委监委派驻第一纪检监察组", dt.date(2026, 3, 9)
    for n in range(14, 22 * 2 * 2):  # half-lines of body text, over two page ends
        doc = Document(title="组务会会议纪要", marking="内部", issuer=issuer, date=date,
                       blocks=[Paragraph("督促落实整改。" * n)])
        last = [item[3] for item in layout(doc, fs).pages[-1] if item[0] == "text"]
        assert last[-2:] == [issuer, written_date(date)], n
        assert len(last) > 2, n


def test_cover_says_how_to_check_the_paper_in_the_program(filled: UserSession) -> None:
    """A records office has the program, not a command line: the cover names the menu."""
    cover = _flat(_pages(print_register(filled, "chronicle", year=2026).pdf)[0])
    assert "在本程序“核对纸质件”中输入页脚整行" in cover
    assert "paizhu" not in cover and "verify-print" not in cover


def test_documents_carry_the_written_date_in_arabic_numerals(session: UserSession) -> None:
    entry = session.ledgers.add("meeting_summary", {
        "title": "组务会会议纪要", "meeting_date": "2026-03-09", "content": "会议要求按期落实。"})
    text = _flat(_pages(print_document(session, "meeting_summary", "会议纪要",
                                       entry_id=entry.id).pdf)[-1])
    assert session.group_name + written_date(dt.date.today()) + "—1—" in text
    assert "〇" not in text


@pytest.mark.parametrize(("host", "place", "expected"), [
    ("张组长", "派驻组会议室", "2026年3月9日，张组长在派驻组会议室主持召开组务会。"),
    ("张组长", "", "2026年3月9日，张组长主持召开组务会。"),
    ("", "派驻组会议室", "2026年3月9日，在派驻组会议室召开组务会。"),
    ("", "", "2026年3月9日，召开组务会。"),
])
def test_meeting_summary_opening_says_only_what_the_entry_has(
        session: UserSession, host: str, place: str, expected: str) -> None:
    values = {"title": "组务会会议纪要", "meeting_date": "2026-03-09", "content": "会议要求。"}
    values.update({k: v for k, v in (("host", host), ("place", place)) if v})
    entry = session.ledgers.add("meeting_summary", values)
    text = _flat(_pages(print_document(session, "meeting_summary", "会议纪要",
                                       entry_id=entry.id).pdf)[0])
    assert expected + "现将会议研究议定的事项纪要如下：" in text
