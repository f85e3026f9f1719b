"""Paper laid out with nothing printed over anything else: every text piece's box, read
back from the PDF, is clear of every other (registers, each document kind, the 交接单)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfbase.pdfmetrics import stringWidth

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.handoff.slip import slip_document
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.document import render_document
from paizhu_desktop.core.printing.documents import DOCUMENTS, print_log
from paizhu_desktop.core.printing.jobs import PrintJob
from paizhu_desktop.core.printing.service import print_document, print_register
from paizhu_desktop.core.session import UserSession

from conftest import PASSWORD, add_account

Box = tuple[float, float, float, float, str]

LONG = "".join(f"第{i:03d}句：督促驻在部门党组落实全面从严治党主体责任，逐项核对整改台账。"
               for i in range(1, 40))


def _tounicode(font: Any) -> dict[int, str]:
    """A simple font's codes to text, from its /ToUnicode (bfchar and bfrange)."""
    if "/ToUnicode" not in font:
        return {}
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    table: dict[int, str] = {}

    def text(hexa: str) -> str:
        return bytes.fromhex(hexa).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = text(uni)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, uni in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(uni, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = chr(first + n)
    return table


class _Face:
    """Widths (1/1000 em) and text of a simple font's one-byte codes."""

    def __init__(self, font: Any) -> None:
        self.first = int(font.get("/FirstChar", 0))
        self.widths = [float(w) for w in font.get("/Widths", [])]
        self.base = str(font.get("/BaseFont", "/Helvetica"))[1:]
        self.unicode = _tounicode(font)

    def width(self, code: int) -> float:
        if self.widths:
            i = code - self.first
            return self.widths[i] if 0 <= i < len(self.widths) else 0.0
        return stringWidth(chr(code), self.base, 1000)

    def text(self, data: bytes) -> str:
        return "".join(self.unicode.get(b, chr(b)) for b in data)


def text_boxes(pdf: bytes) -> list[list[Box]]:
    """Each page's shown strings as (x0, y0, x1, y1, text): from the content stream's
    text matrix, font size and the font's own glyph widths (ascent 0.8 em, descent
    0.2 em). ReportLab and the pen write one ``Tm … Tj`` per piece, no ``cm`` inside
    text."""
    pages: list[list[Box]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = {name: _Face(f.get_object())
                 for name, f in page["/Resources"].get("/Font", {}).items()}
        boxes: list[Box] = []
        face, size, x, y, lx, ly = None, 0.0, 0.0, 0.0, 0.0, 0.0
        for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
            if op == b"BT":
                x = y = lx = ly = 0.0
            elif op == b"Tf":
                face, size = fonts[operands[0]], float(operands[1])
            elif op == b"Tm":
                x = lx = float(operands[4])
                y = ly = float(operands[5])
            elif op in (b"Td", b"TD"):
                lx += float(operands[0])
                ly += float(operands[1])
                x, y = lx, ly
            elif op == b"Tj" and face is not None:
                data = bytes(operands[0].original_bytes)
                advance = sum(face.width(b) for b in data) * size / 1000
                shown = face.text(data)
                if shown.strip():
                    boxes.append((x, y - 0.2 * size, x + advance, y + 0.8 * size, shown))
                x += advance
        pages.append(boxes)
    return pages


def overlaps(pdf: bytes, slack: float = 0.3) -> list[tuple[int, Box, Box]]:
    found = []
    for number, boxes in enumerate(text_boxes(pdf), start=1):
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if (a[0] < b[2] - slack and b[0] < a[2] - slack
                        and a[1] < b[3] - slack and b[1] < a[3] - slack):
                    found.append((number, a, b))
    return found


@pytest.fixture
def filled(session: UserSession) -> UserSession:
    for i in range(30):
        session.ledgers.add("chronicle", {
            "date_start": f"2026-03-{i % 28 + 1:02d}", "category": "2", "importance": 1,
            "content": LONG[: 40 + i * 17]})
    return session


def test_register_pages_have_no_overprint(filled: UserSession) -> None:
    job = print_register(filled, "chronicle", year=2026)
    assert job.pages > 2
    assert overlaps(job.pdf) == []


def test_every_document_kind_has_no_overprint(filled: UserSession) -> None:
    minutes = filled.ledgers.add("meeting_summary", {
        "issue_no": 3, "title": "组务会会议纪要", "meeting_date": "2026-03-09",
        "place": "派驻组会议室", "host": "张组长", "attendees": "张组长、王明远",
        "content": "一、传达学习县纪委全会精神\n（一）明确专人负责\n" + LONG})
    add_account(filled, "baomi", [Role.SECRECY_OFFICER])
    officer = UserSession.open(filled.db.path, "baomi", PASSWORD)
    plan = filled.ledgers.add("talk_safety_plan", {
        "talk_at": "2099-03-10 09:00", "kind": "verify", "subject": "某局财务科科长（示例）",
        "talkers": "王明远、李慧琴", "state_of_mind": LONG[:200], "plan": LONG,
        "risk": "走读式谈话，往返途中有风险。", "medical": "备有常用药品。",
        "safeguards": "两人以上在场。", "emergency": "身体不适立即停止谈话并送医。"})
    incident = filled.ledgers.add("safety_incident", {
        "occurred_at": "2026-03-02 10:20", "kind": "4", "place": "派驻组谈话室",
        "person": "谈话对象，男，52岁。", "course": LONG, "process": "经批准开展谈话。",
        "ideological": "说明政策。", "attitude": "无异议。"})
    outgoing = filled.ledgers.add("outgoing_document", {
        "title": "关于示例县财政局专项监督检查情况的报告", "main_to": "县纪委监委",
        "copy_to": "县纪委监委第一监督检查室", "content": "一、基本情况\n" + LONG})
    jobs = {
        "会议纪要": print_document(filled, "meeting_summary", "会议纪要", entry_id=minutes.id),
        "大事记": print_document(filled, "chronicle", "大事记", year=2026, month=3),
        "打印记录": print_log(officer),
        **_branch_documents(filled),
        "谈话安全预案": print_document(filled, "talk_safety_plan", "谈话安全预案",
                                 entry_id=plan.id),
        "安全事件报告": print_document(filled, "safety_incident", "安全事件报告",
                                 entry_id=incident.id),
        "公文": print_document(filled, "outgoing_document", "公文", entry_id=outgoing.id),
        **assessment_documents(filled),
    }
    assert set(DOCUMENTS) <= set(jobs)
    for kind, job in jobs.items():
        assert job.pages >= 1, kind
        assert overlaps(job.pdf) == [], kind


def _branch_documents(s: UserSession) -> dict[str, PrintJob]:
    """谈话记录、谈话方案 (献县办法 第四十七条), 学习季报 (第三十一条), 调离登记表 and
    廉洁承诺书 (濮阳·谈话 第九条、第十二条), each with long text, and a 廉洁档案."""
    from paizhu_desktop.core.integrity_file import print_integrity_file

    talk = s.ledgers.add("reminder_talk", {
        "subject": "leader", "person": "卫长青", "post": "示例县统计局副局长",
        "source": "petition", "problem": LONG, "planned_on": "2026-07-20",
        "talker": "张组长", "recorder": "王明远", "plan": "一、谈话目的\n" + LONG,
        "outline": "一、了解情况\n（一）审批项目\n" + LONG})
    s.ledgers.step("reminder_talk", talk.id, "approve_plan", note="同意")
    s.ledgers.step("reminder_talk", talk.id, "record_talk", data={
        "talked_at": "2026-07-20 10:00", "place": "派驻组谈话室", "record": LONG,
        "statement": "接受提醒，立行立改。"})
    s.ledgers.step("reminder_talk", talk.id, "sign", data={"signed_on": "2026-07-20"})
    report = s.ledgers.add("study_report", {"year": 2026, "quarter": 1, "sessions": 6,
                                            "minutes": 540, "content": "一、基本情况\n" + LONG})
    moved = s.ledgers.add("transfer_register", {
        "person": "卫长青", "old_post": "示例县统计局副局长", "new_post": "示例县商务局局长",
        "left_on": "2026-04-15", "documents": "已清交全部公文", "property": "已清交办公电脑",
        "funds": "无经管公款", "farewell": "未组织迎送活动", "relations": "已转出",
        "filled_by": "示例县统计局", "filed_on": "2026-06-01"})
    pledge = s.ledgers.add("integrity_pledge", {
        "date": "2026-06-12", "person": "卫长青", "post": "示例县统计局副局长",
        "matter": "配偶经商", "talker": "张组长", "requirements": LONG, "pledge": LONG})
    return {
        "谈话记录": print_document(s, "reminder_talk", "谈话记录", entry_id=talk.id),
        "谈话方案": print_document(s, "reminder_talk", "谈话方案", entry_id=talk.id),
        "学习季报": print_document(s, "study_report", "学习季报", entry_id=report.id),
        "调离登记表": print_document(s, "transfer_register", "调离登记表", entry_id=moved.id),
        "廉洁承诺书": print_document(s, "integrity_pledge", "廉洁承诺书", entry_id=pledge.id),
        "廉洁档案": print_integrity_file(s, "卫长青"),
    }


def assessment_documents(s: UserSession) -> dict[str, Any]:
    """考核计分表, 述责述廉报告 and 问责决定书 (濮阳·考核 第十–十四条, 濮阳·述责述廉 第五条,
    濮阳·问责 第五条(二)) with long text."""
    scores = {f"{p}_{k}_score": "88.5" for p in "ps" for k in ("daily", "vote", "survey",
                                                               "test")}
    sheet = s.ledgers.add("score_sheet", {
        "year": 2026, "unit": "示例县财政局党组", **scores,
        "items": [{"item": "award_city", "project": "清廉机关", "detail": LONG[:150]}] * 12})
    speech = s.ledgers.add("duty_speech", {
        "year": 2026, "half": "1", "reporter": "钱某某（党组书记）",
        "achievements": LONG[:600], "problems": LONG[:600], "measures": LONG[:600]})
    decision = s.ledgers.add("accountability_decision", {
        "subject_kind": "cadre", "subject": "孙某某", "basic_info": LONG[:300],
        "facts": LONG, "basis": "《中国共产党问责条例》第七条", "method": "admonish",
        "approving_body": "示例县财政局党组", "appeal_body": "示例县财政局党组"})
    # 濮阳·全程记实 第十五条: a quarter whose items name long matters.
    indicator = s.ledgers.add("duty_indicator", {
        "year": 2025, "kind": "common", "responsibility": "principal", "subject": "leadership",
        "content": LONG[:300], "deadline": "2025-02-28", "set_on": "2025-01-10"})
    for day in ("2025-02-10", "2025-03-03"):
        s.ledgers.add("duty_record", {
            "occurred_on": day, "place": "局党组会议室", "people": "党组成员",
            "matter": LONG[:200], "responsibility": "principal", "subject": "leadership",
            "summary": LONG[:300], "indicator_id": indicator.id})
    return {
        "全程记实得分季度通报": print_document(s, "duty_record", "全程记实得分季度通报",
                                     year=2025, month=3),
        "考核计分表": print_document(s, "score_sheet", "考核计分表", entry_id=sheet.id),
        "述责述廉报告": print_document(s, "duty_speech", "述责述廉报告", entry_id=speech.id),
        "问责决定书": print_document(s, "accountability_decision", "问责决定书",
                                  entry_id=decision.id),
    }


@dataclass
class _Export:
    """What the 交接单 reads of an export."""

    group: str = "示例县纪委监委派驻第一纪检监察组"
    date_from: str = "2026-01-01"
    date_to: str = "2026-12-31"
    path: Path = Path("2026年交接.pzx")
    size: int = 12_345_678
    sha256: str = "ab" * 32
    marking: str = "秘密★1年"
    sender: str = "张组长"
    audit_from: int = 1
    audit_to: int = 420
    counts: dict[str, int] = field(default_factory=lambda: {f"l{i}": i for i in range(30)})
    attachments: int = 12

    def ledger_name(self, lid: str) -> str:
        return f"第{lid[1:]}号台账登记簿"


@pytest.mark.parametrize("marking", ["秘密★1年", "内部", "非密"])
def test_handoff_slip_has_no_overprint(marking: str) -> None:
    result = _Export(marking=marking)
    job = PrintJob(title="派驻机构数据交接单", ledger="", kind="交接单", entries=[],
                   classification=Classification.parse(marking.partition("★")[0]),
                   retention="", digest="ABCD-ABCD-ABCD-ABCD", audit_seq=420,
                   audit_hash="0" * 64, paper="派驻机构数据交接单")
    job = render_document(slip_document(result, job), job, job_fonts())  # type: ignore[arg-type]
    assert job.pages >= 2
    assert overlaps(job.pdf) == []
    pages = text_boxes(job.pdf)
    if marking != "非密":
        for boxes in pages:
            assert any(b[4].startswith(marking) for b in boxes)
    # The counts table goes on over a page, its header repeated; the two signature
    # lines stay on one page.
    for boxes in pages:
        shown = [b[4] for b in sorted(boxes, key=lambda b: (-b[3], b[0]))]
        if any("台账登记簿" in t for t in shown):
            first_row = next(i for i, t in enumerate(shown) if "台账登记簿" in t)
            assert "台账" in shown[:first_row], shown[:first_row + 1]
    signed = [n for n, boxes in enumerate(pages) for b in boxes if b[4].startswith(("移交人",
                                                                                    "接收人"))]
    assert len(signed) == 2 and signed[0] == signed[1], signed


def test_overlap_check_sees_an_overprint() -> None:
    """The check itself: two strings on one spot are found."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    c = Canvas(buffer)
    c.setFont("Helvetica", 12)
    c.drawString(100, 700, "secret")
    c.drawString(110, 704, "body text")
    c.drawString(100, 600, "apart")
    c.save()
    assert len(overlaps(buffer.getvalue())) == 1
