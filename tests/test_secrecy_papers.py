"""Paper of 秘密 and above, copy by copy, the 公文's 版记, and 密级 changed only by an
approved review — 献县办法 第五十八条 (涉密文件 接收、登记: each printed copy registered
with its 份号), GB/T 9704-2012 7.2.1 (份号 at the top left of the first page) and 7.4
(版记: 抄送机关, 印发机关 and 印发日期 at the foot of the last page, between thick
rules), 献县办法 第五十五条 (降密、解密 approved by the 组长 change the entry itself)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import PermissionDenied, RuleError, ValidationError
from paizhu_desktop.core.ledgers.writer import EntryWriter
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.document import BODY_H, LEFT, LINE, PAGE_H, TOP
from paizhu_desktop.core.printing.jobs import SAVED_PDF, issue
from paizhu_desktop.core.printing.service import print_document, print_register
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account, login
from test_print_layout import text_boxes

YEAR = dt.date.today().year


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, UserSession]]:
    """One database for the module: the 组长, a 保密员 (副组长) and a member."""
    path = tmp_path_factory.mktemp("保密") / "组.db"
    leader, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, display_name="张组长",
                                   group_name="示例县纪委监委派驻第一纪检监察组", kdf=CHEAP_KDF)
    add_account(leader, "wangmy", [Role.DEPUTY, Role.SECRECY_OFFICER], display_name="王明远")
    add_account(leader, "lihq", [Role.MEMBER], display_name="李慧琴")
    out = {"leader": leader, "officer": login(path, "wangmy"), "member": login(path, "lihq")}
    yield out
    for s in out.values():
        s.close()


def _pages_text(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def _carrier_numbers(s: UserSession, digest: str) -> list[str]:
    return [c.display("copy_no") for c in s.ledgers.list("classified_medium",
                                                           where={"print_digest": digest})]


def _secret_register(s: UserSession, rows: int) -> None:
    s.ledgers.add_many("chronicle", [
        {"date_start": f"{YEAR}-04-{i % 28 + 1:02d}", "importance": 1, "category": "5",
         "content": f"第{i}次：有人打听某问题线索的办理情况，工作人员未予透露并登记报告"}
        for i in range(rows)])
    first = s.ledgers.list("chronicle")[0]
    s.ledgers.edit("chronicle", first.id, {}, classification="秘密", retention="10年")


@pytest.fixture(scope="module")
def secret_register(team: dict[str, UserSession]) -> None:
    """60 大事记 rows of this year, one of them 秘密: a register that is printed in
    numbered copies. Every test printing it asks for it, so that each runs alone too."""
    _secret_register(team["member"], 60)


def test_each_printed_copy_of_a_register_carries_its_own_copy_number(
        team: dict[str, UserSession], secret_register: None) -> None:
    """第五十八条 接收、登记: 3 copies of a 秘密 register are printed as 3 sets of pages,
    every page of copy k showing 份号 k — the 份号 of its 涉密载体; the preview shows none."""
    s = team["member"]
    job = print_register(s, "chronicle", year=YEAR)
    assert job.marking == "秘密★10年" and job.pages >= 3
    assert not any("份号" in t for t in _pages_text(job.pdf))
    pdf = issue(s, job, "派驻组涉密打印机", copies=3)
    texts = _pages_text(pdf)
    assert len(texts) == 3 * job.pages
    for k, number in enumerate(["000001", "000002", "000003"]):
        copy = texts[k * job.pages:(k + 1) * job.pages]
        assert all(f"份号 {number}" in t and "秘密★10年" in t for t in copy)
        assert "示例县纪委监委派驻第一纪检监察组" in copy[0]  # the cover, then the rows
        assert "有人打听某问题线索" in copy[1]
    assert job.copy_numbers == ["000001", "000002", "000003"]
    assert _carrier_numbers(s, job.digest) == job.copy_numbers
    # The pages are drawn once and shown under each copy's marks: 3 copies weigh
    # about what one does, not three times as much.
    assert len(pdf) < 1.3 * len(job.pdf)
    log = team["officer"].audit_entries(actions=["print"])[-1]
    assert log.detail["copy_numbers"] == job.copy_numbers and log.detail["copies"] == 3
    # A PDF file is one 载体: one copy, with the next 份号.
    saved = issue(s, job, SAVED_PDF, copies=5)
    assert len(_pages_text(saved)) == job.pages and job.copy_numbers == ["000004"]
    assert all("份号 000004" in t for t in _pages_text(saved))



def test_a_calendar_paper_of_secret_material_is_numbered_too(
        team: dict[str, UserSession]) -> None:
    """第五十八条: papers drawn straight on a canvas (工作计划表, 提醒单, 职责履行情况报告)
    are numbered the same way — every page of copy k carries 份号 k beside the 密级."""
    from paizhu_desktop.core.printing.duty_papers import print_work_plan

    s = team["member"]
    job = print_work_plan(s, YEAR)
    job.classification, job.retention = Classification.SECRET, "1年"  # as if it named one
    pdf = issue(s, job, "派驻组涉密打印机", copies=2)
    texts = _pages_text(pdf)
    assert len(texts) == 2 * job.pages
    first, second = job.copy_numbers
    assert "工作计划表" in texts[0] and "工作计划表" in texts[job.pages]
    assert all(f"份号 {first}" in t for t in texts[:job.pages])
    assert all(f"份号 {second}" in t for t in texts[job.pages:])
    assert _carrier_numbers(s, job.digest) == job.copy_numbers

def _outgoing(s: UserSession, officer: UserSession, leader: UserSession,
              content: str) -> str:
    eid = s.ledgers.add("outgoing_document", {
        "kind": "report", "title": "关于示例县财政局专项监督检查情况的报告",
        "main_to": "县纪委监委",
        "copy_to": "县纪委监委第一监督检查室，县纪委监委案件监督管理室，县委巡察办，"
                   "县财政局党组",
        "copies": 2, "content": content}, classification="秘密", retention="5年").id
    officer.ledgers.step("outgoing_document", eid, "check", note="已核")
    leader.ledgers.step("outgoing_document", eid, "sign", note="同意印发")
    return eid


def test_a_document_copy_number_stands_top_left_of_its_first_page(
        team: dict[str, UserSession]) -> None:
    """GB/T 9704-2012 7.2.1 and 7.2.2: 份号 (six digits) on the 版心's first line at the
    left edge of the first page, the 密级 on the second; later pages carry no 份号."""
    member, officer, leader = team["member"], team["officer"], team["leader"]
    eid = _outgoing(member, officer, leader,
                    "一、基本情况\n" + "检查发现问题3个，已督促整改。" * 60 + "\n二、下一步工作")
    job = print_document(member, "outgoing_document", "公文", entry_id=eid)
    assert job.pages >= 2
    pdf = issue(member, job, "派驻组涉密打印机", copies=2)
    pages = text_boxes(pdf)  # the marks of each copy (the shared text is a form)
    assert len(pages) == 2 * job.pages
    for k, number in enumerate(["000001", "000002"]):
        first = pages[k * job.pages]
        (copy_no,) = [b for b in first if b[4] == number]
        (mark,) = [b for b in first if b[4].startswith("秘密")]
        assert abs(copy_no[0] - LEFT) < 1 and abs(mark[0] - LEFT) < 1
        line1 = PAGE_H - TOP - LINE
        assert line1 < copy_no[1] < PAGE_H - TOP and line1 - LINE < mark[1] < line1
        later = pages[k * job.pages + 1]
        assert not any(b[4].isdigit() and len(b[4]) == 6 for b in later)
    assert _carrier_numbers(member, job.digest) == ["000001", "000002"]


def _rules(page: object) -> list[tuple[float, float]]:
    """(y, line width) of each horizontal line drawn on a page."""
    out, width, start = [], 0.0, (0.0, 0.0)
    for operands, op in ContentStream(page.get_contents(), page.pdf).operations:  # type: ignore[attr-defined]
        if op == b"w":
            width = float(operands[0])
        elif op == b"m":
            start = (float(operands[0]), float(operands[1]))
        elif op == b"l" and abs(float(operands[1]) - start[1]) < 0.01 \
                and float(operands[0]) - start[0] > 400:
            out.append((start[1], width))
    return out


def test_copy_to_stands_in_the_colophon_at_the_foot_of_the_last_page(
        team: dict[str, UserSession]) -> None:
    """GB/T 9704-2012 7.4: 抄送机关 below the 落款 and date, on the last page, between a
    thick first rule and a thin one; 印发机关 and 印发日期 on the last line, on a thick
    rule that lies on the 版心's lower edge (0.35 mm thick, the middle one 0.25 mm)."""
    member, officer, leader = team["member"], team["officer"], team["leader"]
    eid = _outgoing(member, officer, leader, "一、基本情况\n检查发现问题3个。\n二、下一步工作")
    job = print_document(member, "outgoing_document", "公文", entry_id=eid)
    reader = PdfReader(io.BytesIO(job.pdf))
    last = text_boxes(job.pdf)[-1]
    copy_to = [b for b in last if b[4].startswith("抄送：")]
    assert copy_to and copy_to[0][4].startswith("抄送：县纪委监委第一监督检查室")
    assert any(b[4].endswith("县财政局党组。") for b in last)  # a full stop at the end
    (date,) = [b for b in last if b[4].endswith("日") and b[4].startswith(str(YEAR)[:2])]
    issued = [b for b in last if b[4].endswith("印发")]
    assert issued and issued[0][4].endswith("日印发")
    (by,) = [b for b in last if b[4] == "示例县纪委监委派驻第一纪检监察组"
             and b[1] < copy_to[0][1]]
    assert date[1] > copy_to[0][1] > by[1]  # 落款 and date above, 印发 on the last line
    bottom = PAGE_H - TOP - BODY_H
    rules = sorted(_rules(reader.pages[-1]), reverse=True)
    assert len(rules) == 3
    (top_y, top_w), (mid_y, mid_w), (end_y, end_w) = rules
    assert abs(end_y - bottom) < 0.5 and top_y > copy_to[0][3] and mid_y < copy_to[-1][1]
    assert abs(top_w - 0.99) < 0.01 and abs(end_w - 0.99) < 0.01 and abs(mid_w - 0.71) < 0.01
    assert by[1] > end_y and mid_y > by[3]
    # Nothing above the 落款 names the 抄送 any more.
    assert not any("抄送" in b[4] for page in text_boxes(job.pdf)[:-1] for b in page)


def test_a_long_issuing_body_never_runs_into_the_printing_date() -> None:
    """GB/T 9704-2012 7.4.3: 印发机关 左空一字, 印发日期 右空一字 on the 版记's last line;
    a long 印发机关 (献县纪委监委派驻县人民政府办公室纪检监察组) is wrapped, never printed
    over the date."""
    from paizhu_desktop.core.printing.context import job_fonts
    from paizhu_desktop.core.printing.document import Document, Paragraph, render_document
    from paizhu_desktop.core.printing.jobs import PrintJob

    from test_print_layout import overlaps

    body = "沧州市献县纪委监委派驻县人民政府办公室纪检监察组（演示数据）"
    doc = Document(title="关于专项监督检查情况的报告", marking="", date=dt.date(2026, 1, 15),
                   blocks=[Paragraph("检查发现问题3个，已督促整改。")], issuer=body,
                   copy_to="县纪委监委第一监督检查室", printed_by=body,
                   printed_on=dt.date(2026, 11, 23))
    job = PrintJob(title=doc.title, ledger="", kind="公文", entries=[],
                   classification=Classification.UNCLASSIFIED, retention="",
                   digest="ABCD-ABCD-ABCD-ABCD", audit_seq=1, audit_hash="0" * 64, paper="公文")
    job = render_document(doc, job, job_fonts())
    assert overlaps(job.pdf) == []
    last = text_boxes(job.pdf)[-1]
    (date,) = [b for b in last if b[4] == "2026年11月23日印发"]
    beside = [b for b in last if b is not date and abs(b[1] - date[1]) < 1]
    assert beside and all(b[2] <= date[0] for b in beside)
    (copy_to,) = [b for b in last if b[4].startswith("抄送：")]
    assert "".join(b[4] for b in last if date[1] - 1 < b[1] < copy_to[1] and b is not date) \
        == body


def test_a_safety_incident_report_is_copied_in_its_colophon(
        team: dict[str, UserSession]) -> None:
    """献县办法 第二十六条 (报送案管室, 抄送联系室) in the 版记 of GB/T 9704-2012 7.4."""
    s = team["leader"]
    eid = s.ledgers.add("safety_incident", {
        "occurred_at": f"{YEAR}-01-02 10:20", "kind": "4", "place": "派驻组谈话室",
        "person": "谈话对象，男，52岁，有高血压病史。", "course": "谈话中自述头晕，立即送医。",
        "process": "经批准开展初步核实谈话。", "ideological": "谈话中说明政策，情绪平稳。",
        "attitude": "本人及家属无异议。", "reported_at": f"{YEAR}-01-02 10:50"}).id
    job = print_document(s, "safety_incident", "安全事件报告", entry_id=eid)
    pages = text_boxes(job.pdf)
    (copy_to,) = [b for b in pages[-1] if b[4].startswith("抄送：")]
    assert copy_to[4] == "抄送：县纪委监委对口联系监督检查室。"
    (date_page,) = [n for n, page in enumerate(pages) for b in page if b[4] == f"{YEAR}年1月2日"]
    date = next(b for b in pages[date_page] if b[4] == f"{YEAR}年1月2日")
    # Below the date: on the same page, or on a page of its own when that one is full.
    assert date_page < len(pages) - 1 or date[1] > copy_to[3]
    assert not any("抄送" in b[4] for page in pages[:-1] for b in page)


@pytest.mark.gui
def test_the_preview_prints_each_numbered_copy_apart(
        qtbot: object, team: dict[str, UserSession], tmp_path: Path,
        secret_register: None) -> None:
    """第五十八条: from the print preview a 秘密 paper is registered first and each copy
    printed as its own set of pages with its 份号, not by the printer's copy count."""
    from PySide6.QtPrintSupport import QPrinter

    from paizhu_desktop.gui.print_preview import PrintPreviewDialog
    from paizhu_desktop.gui.printing import preview_document

    s = team["member"]
    job = print_register(s, "chronicle", year=YEAR)
    dialog = PrintPreviewDialog(preview_document(s, job))
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.doc.numbered
    document = dialog._issued("派驻组涉密打印机（第 1–2 页）", 2)
    assert document.pageCount() == 2 * job.pages
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "二份.pdf"
    printer.setOutputFileName(str(target))
    printer.setResolution(50)
    dialog._print_pages(printer, document, 2, 1, 2)
    printed = PdfReader(target)
    assert len(printed.pages) == 4  # pages 1–2 of one copy, then of the next
    assert dialog.doc.copy_numbers == _carrier_numbers(s, job.digest)[-2:]
    first, second = dialog.doc.copy_numbers  # the next two 份号 of the year, whatever came before
    assert int(second) == int(first) + 1
    assert f"份号 {first}–{second} 已登记为涉密载体" in dialog._numbers_text()


@pytest.mark.gui
@pytest.mark.qt_log_ignore("QPainter::begin")  # the failure this test makes
def test_a_failed_print_says_why_and_which_copies_to_void(
        qtbot: object, team: dict[str, UserSession], tmp_path: Path,
        secret_register: None) -> None:
    """第五十八条: when the printer cannot start, the clerk reads that the printer is not
    ready (not an internal error) and which 份号 stay registered, to be voided."""
    from PySide6.QtPrintSupport import QPrinter

    from paizhu_desktop.gui.print_preview import PrintPreviewDialog
    from paizhu_desktop.gui.printing import preview_document

    s = team["member"]
    dialog = PrintPreviewDialog(preview_document(s, print_register(s, "chronicle", year=YEAR)))
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "没有的文件夹" / "一份.pdf"))
    printer.setFromTo(1, 1)  # a page range: printed as pages, so the printer must start
    assert not dialog.print_to(printer)
    said = dialog.message.text()
    assert said.startswith("打印失败：打印机无法开始打印，请检查打印机是否就绪。份号 ")
    assert "内部错误" not in said and "。。" not in said
    assert "未印出的份由保密员在“涉密载体”台账中办理“登记未印出”并写明原因" in said


# -- 降密、解密 (第五十五条) ------------------------------------------------------------

def _old_secret_incoming(s: UserSession, level: str = "秘密", retention: str = "1年") -> str:
    return s.ledgers.add("incoming_document", {
        "received_on": f"{YEAR - 2}-03-10", "category": "county", "issuer": "示例县纪委监委",
        "doc_number": f"示纪发〔{YEAR - 2}〕7号", "title": "关于开展专项监督检查的通知",
        "proposal": "拟请组长阅示，由王明远同志牵头办理。"},
        classification=level, retention=retention).id


def _review(officer: UserSession, ledger: str, eid: str, **values: object) -> str:
    target, derived = officer.ledgers.derive(ledger, eid, "to_review")
    return officer.ledgers.add(target, {**derived, **values}).id


def test_an_approved_declassification_changes_the_entry_and_verify_accepts_it(
        team: dict[str, UserSession]) -> None:
    """第五十五条: the 组长's approval of a 解密 review makes the entry 非密 in the same
    transaction, recorded on the entry (who, when, which review); the queue drops it,
    its prints carry no 密级 any more, and verify replays the change as backed."""
    officer, leader = team["officer"], team["leader"]
    eid = _old_secret_incoming(leader)
    assert print_register(leader, "incoming_document", year=YEAR - 2).marking == "秘密★1年"
    review = _review(officer, "incoming_document", eid, decision="declassify",
                     reason="事项已办结，公开不会损害国家安全和利益")
    assert leader.ledgers.get("incoming_document", eid).classification.value == "秘密"
    leader.ledgers.step("classification_review", review, "approve", note="同意解密")
    entry = leader.ledgers.get("incoming_document", eid)
    assert (entry.classification, entry.retention) == (Classification.UNCLASSIFIED, "")
    revisions, records = leader.ledgers.history("incoming_document", eid)
    assert revisions[-1].action == Action.RECLASSIFY and revisions[-1].username == LEADER
    record = records[-1]
    assert record.action == Action.RECLASSIFY and record.detail["review"]["entry_id"] == review
    assert record.detail["from"] == "秘密★1年" and record.detail["to"] == "非密"
    assert not any("关于开展专项监督检查的通知" in f
                   for f in leader.ledgers.findings("classification_review", YEAR))
    assert print_register(leader, "incoming_document", year=YEAR - 2).marking == ""
    assert leader.verify().problems == []


def test_a_downgrade_or_an_extension_must_read_as_a_lower_level_or_a_longer_term(
        team: dict[str, UserSession]) -> None:
    """第五十五条: 降低密级 names a lower 密级, 延长保密期限 a longer term counted from the
    day the 密级 was fixed; approved, the entry takes it; a rejection changes nothing."""
    officer, leader = team["officer"], team["leader"]
    eid = _old_secret_incoming(leader, "机密", "1年")
    base = {"reason": "所涉问题线索已办结，部分内容仍需控制知悉范围"}
    with pytest.raises(ValidationError, match="应低于"):
        _review(officer, "incoming_document", eid, decision="downgrade", new_term="机密★5年",
                **base)
    with pytest.raises(ValidationError, match="已届满"):
        _review(officer, "incoming_document", eid, decision="extend", new_term="2年", **base)
    refused = _review(officer, "incoming_document", eid, decision="downgrade",
                      new_term="内部", **base)
    leader.ledgers.step("classification_review", refused, "reject", note="仍按机密管理")
    assert leader.ledgers.get("incoming_document", eid).classification.value == "机密"
    review = _review(officer, "incoming_document", eid, decision="downgrade",
                     new_term="秘密★5年", **base)
    leader.ledgers.step("classification_review", review, "approve", note="同意降为秘密")
    entry = leader.ledgers.get("incoming_document", eid)
    assert (entry.classification.value, entry.retention) == ("秘密", "5年")
    assert leader.verify().problems == []


def test_a_lowered_level_outside_an_approved_review_is_refused_or_named(
        session: UserSession, db_path: Path) -> None:
    """第五十五条: an edit may raise a 密级, never lower it or shorten its term; a lowering
    written beside the service, or a 密级 change naming a rejected review, is named by
    verify."""
    add_account(session, "wangmy", [Role.DEPUTY, Role.SECRECY_OFFICER], display_name="王明远")
    officer = login(db_path, "wangmy")
    eid = _old_secret_incoming(session)
    for change in ({"classification": "内部"}, {"retention": "6个月"}):
        with pytest.raises(RuleError, match="审核密级"):
            session.ledgers.edit("incoming_document", eid, {}, **change)  # type: ignore[arg-type]
    session.ledgers.edit("incoming_document", eid, {}, retention="5年")  # longer: allowed
    rejected = _review(officer, "incoming_document", eid, decision="declassify",
                       reason="事项已办结")
    session.ledgers.step("classification_review", rejected, "reject", note="仍需保密")
    assert session.verify().problems == []
    entry = session.ledgers.get("incoming_document", eid)
    with session.db.transaction() as conn:  # what the service refuses, written beside it
        EntryWriter(conn, session.catalog, LEADER).update(
            entry, Action.EDIT, classification=Classification.INTERNAL, retention="")
    entry = session.ledgers.get("incoming_document", eid)
    with session.db.transaction() as conn:  # a change that names a rejected review
        EntryWriter(conn, session.catalog, LEADER).update(
            entry, Action.RECLASSIFY, classification=Classification.UNCLASSIFIED, retention="",
            detail={"review": {"ledger": "classification_review", "entry_id": rejected,
                               "version": 2, "step": "reject"}})
    other = _old_secret_incoming(session)
    review = session.ledgers.get("classification_review", _review(
        officer, "incoming_document", other, decision="declassify", reason="事项已办结"))
    target = session.ledgers.get("incoming_document", other)
    with session.db.transaction() as conn:  # an approval whose change rewrites the title
        writer = EntryWriter(conn, session.catalog, LEADER)
        approved = writer.update(review, Action.APPROVE, status="approved",
                                 detail={"step": "approve", "from": "requested",
                                         "to": "approved"})
        writer.update(target, Action.RECLASSIFY, classification=Classification.UNCLASSIFIED,
                      retention="", values={**target.values, "title": "关于开展专项检查的通知"},
                      detail={"review": {"ledger": "classification_review",
                                         "entry_id": approved.id, "version": approved.version,
                                         "step": "approve"}})
    problems = session.verify().problems
    assert any(other in p and "同时改动了密级以外的内容" in p for p in problems)
    assert any("由“秘密★5年”降为“内部”" in p and "没有经批准的降密解密审核" in p
               for p in problems)
    assert any("的密级变更" in p and "第五十五条" in p for p in problems)
    officer.close()


def test_a_review_of_a_marking_the_entry_no_longer_has_changes_nothing(
        session: UserSession, db_path: Path) -> None:
    """第五十五条: a review decides on the 密级 and 保密期限 it found. Two 延长保密期限
    reviews of one entry (to 20 and to 10 years): once the first is approved, approving
    the second would shorten the term by an "extension" — refused; a review whose 原密级
    does not match the entry is refused too; the same change written beside the program
    is named by verify."""
    add_account(session, "wangmy", [Role.DEPUTY, Role.SECRECY_OFFICER], display_name="王明远")
    officer = login(db_path, "wangmy")
    eid = _old_secret_incoming(session)
    base = {"decision": "extend", "reason": "所涉问题线索尚在办理，仍需控制知悉范围"}
    longer = _review(officer, "incoming_document", eid, new_term="秘密★20年", **base)
    shorter = _review(officer, "incoming_document", eid, new_term="秘密★10年", **base)
    session.ledgers.step("classification_review", longer, "approve", note="同意延长")
    with pytest.raises(RuleError, match="现为“秘密★20年”"):
        session.ledgers.step("classification_review", shorter, "approve", note="同意延长")
    assert session.ledgers.get("incoming_document", eid).retention == "20年"
    told = _review(officer, "incoming_document", eid, decision="downgrade", new_term="内部",
                   reason="事项已办结", original="机密★30年")
    with pytest.raises(RuleError, match="机密★30年"):
        session.ledgers.step("classification_review", told, "approve", note="同意降为内部")
    assert session.verify().problems == []
    review = session.ledgers.get("classification_review", shorter)
    target = session.ledgers.get("incoming_document", eid)
    with session.db.transaction() as conn:  # the refused approval, written beside it
        writer = EntryWriter(conn, session.catalog, LEADER)
        approved = writer.update(review, Action.APPROVE, status="approved",
                                 detail={"step": "approve", "from": "requested",
                                         "to": "approved"})
        writer.update(target, Action.RECLASSIFY, classification=Classification.SECRET,
                      retention="10年",
                      detail={"review": {"ledger": "classification_review",
                                         "entry_id": approved.id, "version": approved.version,
                                         "step": "approve"}})
    assert any(eid in p and "审核时的原密级" in p for p in session.verify().problems)
    officer.close()


def test_a_printed_copys_number_is_what_the_print_registered(
        team: dict[str, UserSession], secret_register: None) -> None:
    """第五十八条 接收、登记: a copy registered by a print keeps the 份号, 来源 and print
    it was registered with — an edit making copy 000002 read 000001 would leave the
    register and the paper in the cabinet disagreeing; its other details may change."""
    s = team["member"]
    job = print_register(s, "chronicle", year=YEAR)
    issue(s, job, "派驻组涉密打印机", copies=2)
    second = max(s.ledgers.list("classified_medium", where={"print_digest": job.digest}),
                 key=lambda c: int(c.values["copy_no"]))
    assert int(second.values["copy_no"]) >= 2
    for change in ({"copy_no": 1}, {"print_digest": "0000-0000-0000-0000"},
                   {"source": "made"}, {"print_seq": 1}):
        with pytest.raises(RuleError, match="由打印自动登记"):
            s.ledgers.edit("classified_medium", second.id, change)
    moved = s.ledgers.edit("classified_medium", second.id, {"location": "组长办公室保密柜"})
    assert moved.values["location"] == "组长办公室保密柜"


def test_a_copy_the_printer_never_gave_out_is_recorded_as_not_printed(
        team: dict[str, UserSession], secret_register: None) -> None:
    """第五十八条 登记: the copies are registered before the printer runs; a copy it never
    gave out is closed by the 保密员 as 未印出 with the reason — not voided, which the
    register's check rightly names as a copy whose whereabouts are unknown."""
    member, officer = team["member"], team["officer"]
    job = print_register(member, "chronicle", year=YEAR)
    issue(member, job, "派驻组涉密打印机", copies=2)
    last = max(officer.ledgers.list("classified_medium", where={"print_digest": job.digest}),
               key=lambda c: int(c.values["copy_no"]))
    with pytest.raises(PermissionDenied):
        member.ledgers.step("classified_medium", last.id, "not_printed", note="卡纸")
    with pytest.raises(ValidationError, match="未印出的原因"):
        officer.ledgers.step("classified_medium", last.id, "not_printed")
    closed = officer.ledgers.step("classified_medium", last.id, "not_printed",
                                  note="打印机卡纸，该份未印出，已取出残页当场粉碎")
    assert closed.status == "not_printed" and closed.values["not_printed_note"].startswith("打印机")
    assert not any(last.display("copy_no") in f
                   for f in officer.ledgers.findings("classified_medium", YEAR))
    received = officer.ledgers.add("classified_medium", {
        "source": "received", "kind": "paper", "title": "关于加强保密管理工作的通知",
        "issuer": "示例县委保密委员会", "copy_no": 3, "copies_total": 20})
    assert "只适用于打印时自动登记的载体" in (officer.ledgers.refusal(
        received, received.ledger.workflow.step("not_printed")) or "")
    assert officer.ledgers.get("classified_medium", last.id).status == "not_printed"
