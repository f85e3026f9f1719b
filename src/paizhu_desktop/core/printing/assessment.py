"""The documents of assessment and accountability, in GB/T 9704 layout.

- 考核计分表 (濮阳·考核 第十–十四条): the score sheet of one entry, recomputed from
  its values, every line with its points and article.
- 述责述廉报告 (濮阳·述责述廉 第五条): the three parts under their headings.
- 问责决定书 (濮阳·问责 第五条(二)): the fields the decision document must carry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.document import (
    Block,
    Document,
    Heading1,
    Paragraph,
    Table,
    render_document,
)
from paizhu_desktop.core.printing.jobs import PrintJob, new_job
from paizhu_desktop.core.progress import Progress

if TYPE_CHECKING:
    from paizhu_desktop.core.ledgers.entry import Entry
    from paizhu_desktop.core.session import UserSession


def _entry(session: UserSession, ledger_id: str, expected: str, entry_id: str | None,
           name: str) -> Entry:
    if ledger_id != expected:
        desc = session.catalog.ledger(expected)
        raise ValidationError({"ledger": f"“{name}”从“{desc.name}”台账打印"})
    if not entry_id:
        raise ValidationError({"id": f"打印{name}须指定条目（--id）"})
    entry = session.ledgers.get(ledger_id, entry_id)
    if entry.voided:
        raise RuleError("已作废的条目不能印发。")
    return entry


def _date(iso: str | None) -> dt.date:
    return dt.date.fromisoformat(iso[:10]) if iso else dt.date.today()


def _lines(text: str) -> list[Block]:
    return [Paragraph(line.strip()) for line in (text or "").splitlines() if line.strip()]


def score_sheet_document(session: UserSession, *, ledger_id: str, entry_id: str | None,
                         progress: Progress | None = None, **_period: Any) -> PrintJob:
    """《考核计分表》: the sheet recomputed from the entry (濮阳·考核 第十–十四条)."""
    from paizhu_desktop.core.regulations.others.puyang_assessment import (
        score_value,
        sheet_from_values,
    )
    from paizhu_desktop.core.scoring import UNIT_GRADE_LABELS

    entry = _entry(session, ledger_id, "score_sheet", entry_id, "考核计分表")
    v = entry.values
    sheet = sheet_from_values(v)
    scores = [[label, f"{score_value(v, 'p', key)}", f"{score_value(v, 's', key)}"]
              for key, label in (
        ("daily", "日常考核（70%）"), ("vote", "民主测评（年终1/3）"),
        ("survey", "问卷调查（年终1/3）"), ("test", "理论测试（年终1/3）"))]
    rows = [[str(i), line.item + (f"（{line.note}）" if line.note else ""), f"{line.points}",
             line.article] for i, line in enumerate(sheet.lines, start=1)]
    grade = UNIT_GRADE_LABELS[sheet.grade]
    result = f"合计 {sheet.total} 分（加权得分 {sheet.base}，加减分 {sheet.adjustments}），" \
             f"考核等次：{grade}。"
    if sheet.cap_reason:
        result += f"按分数为{UNIT_GRADE_LABELS[sheet.grade_by_score]}，{sheet.cap_reason}。"
    blocks: list[Block] = [
        Paragraph(f"被考核单位：{v.get('unit')}", indent=False),
        Heading1("一、得分录入"),
        Table(["项目", "主体责任（60%）", "监督责任（40%）"], scores, weights=[2.0, 1.5, 1.5]),
        Heading1("二、计分明细"),
        Table(["序号", "计分项目", "分值", "依据"], rows, weights=[0.6, 5.0, 1.0, 2.4]),
        Heading1("三、考核结果"),
        Paragraph(result),
        Paragraph(f"等次分数线（当年考核方案）：优秀 {v.get('excellent_min')} 分，良好 "
                  f"{v.get('good_min')} 分，一般 {v.get('fair_min')} 分；计分周期为一年，不转入"
                  "下一个记分周期（濮阳·考核 第十四条（三）、第十七条）。"),
    ]
    title = f"{v.get('year')}年度落实全面从严治党“两个责任”考核计分表"
    job = new_job(session, f"{title}（{v.get('unit')}）", ledger_id, "考核计分表", [entry],
                  {"ids": [entry.id]}, paper="考核计分表")
    doc = Document(title=title, marking=job.marking, blocks=blocks,
                   date=_date(v.get("assessed_on")), issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)


def duty_speech_document(session: UserSession, *, ledger_id: str, entry_id: str | None,
                         progress: Progress | None = None, **_period: Any) -> PrintJob:
    """《述责述廉报告》 in its three parts (濮阳·述责述廉 第五条)."""
    entry = _entry(session, ledger_id, "duty_speech", entry_id, "述责述廉报告")
    v = entry.values
    half = "上半年" if v.get("half") == "1" else "下半年"
    blocks: list[Block] = [
        Heading1("一、总结成绩"), *_lines(v.get("achievements") or ""),
        Heading1("二、查摆问题"), *_lines(v.get("problems") or ""),
        Heading1("三、整改措施"), *_lines(v.get("measures") or ""),
    ]
    title = f"{v.get('year')}年{half}述责述廉报告"
    job = new_job(session, title, ledger_id, "述责述廉报告", [entry], {"ids": [entry.id]},
                  paper="述责述廉报告")
    doc = Document(title=title, subtitle=f"（{v.get('reporter')}）", marking=job.marking,
                   blocks=blocks, date=_date(v.get("submitted_on")),
                   issuer=str(v.get("reporter") or ""))
    return render_document(doc, job, job_fonts(session), progress=progress)


def accountability_document(session: UserSession, *, ledger_id: str, entry_id: str | None,
                            progress: Progress | None = None, **_period: Any) -> PrintJob:
    """《问责决定书》 with the fields of 濮阳·问责 第五条(二)."""
    entry = _entry(session, ledger_id, "accountability_decision", entry_id, "问责决定书")
    desc = entry.ledger
    v = entry.values
    effective = _date(v.get("effective_on"))
    blocks: list[Block] = [
        Paragraph(f"被问责对象（{desc.display('subject_kind', v)}）：{v.get('subject')}",
                  indent=False),
        Heading1("一、基本情况"), *_lines(v.get("basic_info") or ""),
        Heading1("二、问责事实"), *_lines(v.get("facts") or ""),
        Heading1("三、问责依据"), *_lines(v.get("basis") or ""),
        Heading1("四、问责方式"),
        Paragraph(f"经{v.get('approving_body')}批准，决定给予"
                  f"{desc.display('method', v).split('（')[0]}问责。"),
        Heading1("五、生效时间和申诉"),
        Paragraph(f"本决定自{effective.year}年{effective.month}月{effective.day}日起生效。"),
        Paragraph(f"如不服本决定，可在{v.get('appeal_period')}向{v.get('appeal_body')}提出"
                  "申诉。申诉期间，不停止问责决定的执行。"),
    ]
    job = new_job(session, f"问责决定书（{v.get('doc_number') or v.get('decided_on')}）",
                  ledger_id, "问责决定书", [entry], {"ids": [entry.id]}, paper="问责决定书")
    doc = Document(title="问责决定书", subtitle=str(v.get("doc_number") or ""),
                   marking=job.marking, blocks=blocks, date=_date(v.get("decided_on")),
                   issuer=str(v.get("approving_body") or ""))
    return render_document(doc, job, job_fonts(session), progress=progress)


#: Registered with the other documents (:data:`paizhu_desktop.core.printing.documents.DOCUMENTS`).
ASSESSMENT_DOCUMENTS: dict[str, Callable[..., PrintJob]] = {
    "考核计分表": score_sheet_document,
    "述责述廉报告": duty_speech_document,
    "问责决定书": accountability_document,
}
