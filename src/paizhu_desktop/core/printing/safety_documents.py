"""The documents of 献县办法 第五章 安全制度, in GB/T 9704 layout.

- 谈话安全预案 (第二十五条): 谈话方案, 风险评估, 医疗保障, 安全防范, 应急预案, with
  the 组长's approval (第二十四条).
- 安全事件报告 (第二十六条): to the 县纪委监委案件监督管理室, copied to the 对口联系
  监督检查室 (抄送, in the 版记 at the foot of the last page), with what the article
  says the report contains.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.document import (
    Block,
    Document,
    Heading1,
    Paragraph,
    render_document,
)
from paizhu_desktop.core.printing.jobs import PrintJob, new_job
from paizhu_desktop.core.progress import Progress

if TYPE_CHECKING:
    from paizhu_desktop.core.ledgers.entry import Entry
    from paizhu_desktop.core.session import UserSession

_NUMERALS = "一二三四五六七八九十"


def _entry(session: UserSession, ledger_id: str, wanted: str, entry_id: str | None,
           name: str) -> Entry:
    if ledger_id != wanted:
        raise ValidationError({"ledger": f"“{name}”从“{session.catalog.ledger(wanted).name}”"
                                         "台账打印"})
    if not entry_id:
        raise ValidationError({"id": f"打印{name}须指定条目（--id）"})
    entry = session.ledgers.get(ledger_id, entry_id)
    if entry.voided:
        raise RuleError("已作废的条目不能印发。")
    return entry


def _sections(entry: Entry, names: list[str]) -> list[Block]:
    """Each filled field as a numbered section: 一、label, then its paragraphs."""
    blocks: list[Block] = []
    n = 0
    for name in names:
        text = entry.display(name)
        if not text:
            continue
        blocks.append(Heading1(f"{_NUMERALS[n]}、{entry.ledger.field(name).label}"))
        blocks += [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]
        n += 1
    return blocks


def _kind(label: str) -> str:
    """An item of 第二十六条 without its number: （三）逃匿 → 逃匿事件."""
    text = label[label.index("）") + 1:] if label.startswith("（") else label
    return text if "事" in text or "情况" in text else f"{text}事件"


def _moment(value: Any) -> str:
    """2026年6月12日10时20分, as a report writes a time."""
    if not value:
        return ""
    t = dt.datetime.fromisoformat(str(value))
    return f"{t.year}年{t.month}月{t.day}日{t.hour}时{t.minute:02d}分"


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10]) if value else dt.date.today()


def talk_safety_plan(session: UserSession, *, ledger_id: str, entry_id: str | None,
                     progress: Progress | None = None, **_period: Any) -> PrintJob:
    """《谈话安全预案》 of one talk (第二十五条), approved by the 组长 (第二十四条)."""
    entry = _entry(session, ledger_id, "talk_safety_plan", entry_id, "谈话安全预案")
    v = entry.values
    head = (f"谈话时间：{_moment(v.get('talk_at'))}；地点：{v.get('place') or ''}；"
            f"谈话对象：{v.get('subject') or ''}；谈话人：{v.get('talkers') or ''}；"
            f"风险等级：{entry.display('risk_level')}。")
    blocks: list[Block] = [Paragraph(head)]
    blocks += _sections(entry, ["state_of_mind", "plan", "risk", "medical", "safeguards",
                                "emergency", "guards"])
    if v.get("approver"):
        blocks.append(Paragraph(f"组长审批意见：{v.get('approval_note') or '同意'}"
                                f"（{entry.display('approved_at')}）", indent=False))
        if v.get("stand_in"):  # approved by the 组长's B角 (献县办法 第六十五条)
            names = {u.username: u.display_name for u in session.list_users()}
            who = str(v["approver"])
            blocks.append(Paragraph(f"{names.get(who) or who}{v['stand_in']}", indent=False))
    job = new_job(session, "谈话安全预案", ledger_id, "谈话安全预案", [entry],
                  {"ids": [entry.id]}, paper="谈话安全预案")
    doc = Document(title="谈话安全预案", marking=job.marking, blocks=blocks,
                   date=_day(v.get("approved_at")), issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)


def safety_incident_report(session: UserSession, *, ledger_id: str, entry_id: str | None,
                           progress: Progress | None = None, **_period: Any) -> PrintJob:
    """《安全事件报告》 (第二十六条) to the 案件监督管理室, copied to the 联系室."""
    entry = _entry(session, ledger_id, "safety_incident", entry_id, "安全事件报告")
    v = entry.values
    blocks: list[Block] = [
        Paragraph("县纪委监委案件监督管理室：", indent=False),
        Paragraph(f"{_moment(v.get('occurred_at'))}，在{v.get('place') or ''}发生"
                  f"{_kind(entry.display('kind'))}，现将有关情况报告如下："),
    ]
    blocks += _sections(entry, ["person", "course", "process", "ideological", "attitude",
                                "follow_up"])
    job = new_job(session, "安全事件报告", ledger_id, "安全事件报告", [entry],
                  {"ids": [entry.id]}, paper="安全事件报告")
    doc = Document(title="关于发生安全事件的报告", marking=job.marking, blocks=blocks,
                   date=_day(v.get("reported_at") or v.get("occurred_at")),
                   issuer=session.group_name,
                   # 版记 (GB/T 9704-2012 7.4): copied to the 联系室 as 第二十六条 requires.
                   copy_to="县纪委监委对口联系监督检查室", printed_by=session.group_name,
                   printed_on=dt.date.today())
    return render_document(doc, job, job_fonts(session), progress=progress)
