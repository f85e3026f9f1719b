"""The documents the regulations name, built from ledger entries.

- 会议纪要 (献县办法 第三十四条) from a 会议纪要 entry or straight from a 组务会.
- 大事记 for a month, a half-year or a year (第五十条), ordered per 第五十条:
  by day, a multi-day matter once, several in a day by importance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.printing import office_documents, safety_documents
from paizhu_desktop.core.printing.assessment import ASSESSMENT_DOCUMENTS
from paizhu_desktop.core.printing.branch_documents import BRANCH_DOCUMENTS
from paizhu_desktop.core.printing.context import job_fonts, period
from paizhu_desktop.core.printing.document import (
    Block,
    Document,
    Heading1,
    Heading2,
    Paragraph,
    body_blocks,
    render_document,
)
from paizhu_desktop.core.printing.jobs import PrintJob, new_job
from paizhu_desktop.core.printing.record_scores_paper import RECORD_SCORE_DOCUMENTS
from paizhu_desktop.core.progress import Progress

if TYPE_CHECKING:
    from paizhu_desktop.core.ledgers.entry import Entry
    from paizhu_desktop.core.session import UserSession

def _day(iso: str | None) -> str:
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso[:10])
    return f"{d.year}年{d.month}月{d.day}日"


def _summary_values(session: UserSession, ledger_id: str,
                    entry_id: str) -> tuple[Entry, dict[str, Any]]:
    entry = session.ledgers.get(ledger_id, entry_id)
    if entry.voided:
        raise RuleError("已作废的条目不能印发。")
    if ledger_id == "meeting_summary":
        return entry, dict(entry.values)
    if ledger_id == "group_meeting":
        _target, values = session.ledgers.derive(ledger_id, entry_id, "to_summary")
        return entry, values
    raise ValidationError({"ledger": "会议纪要应从“会议纪要”或“组务会”条目打印"})


def meeting_summary(session: UserSession, *, ledger_id: str, entry_id: str | None,
                    progress: Progress | None = None, **_period: Any) -> PrintJob:
    """《会议纪要》 (第三十四条) in GB/T 9704 layout."""
    if not entry_id:
        raise ValidationError({"id": "打印会议纪要须指定条目（--id）"})
    entry, v = _summary_values(session, ledger_id, entry_id)
    issue = f"第 {v['issue_no']} 期" if v.get("issue_no") else ""
    host, place = v.get("host") or "", v.get("place") or ""
    # Only what the entry says: no "，在主持召开" where the host or the place is not filled.
    held = (f"{host}在{place}主持召开组务会" if host and place else
            f"{host}主持召开组务会" if host else
            f"在{place}召开组务会" if place else "召开组务会")
    day = _day(v.get("meeting_date"))
    intro = f"{day}，{held}" if day else held
    intro += "。现将会议研究议定的事项纪要如下："
    blocks: list[Block] = [Paragraph(intro), *body_blocks(v.get("content") or "")]
    tail = []
    if v.get("attendees"):
        tail.append(Paragraph(f"出席：{v['attendees']}", indent=False))
    if v.get("absentees"):
        tail.append(Paragraph(f"请假：{v['absentees']}", indent=False))
    if v.get("distribution"):
        tail.append(Paragraph(f"发送：{v['distribution']}", indent=False))
    blocks += tail
    title = v.get("title") or "组务会会议纪要"
    job = new_job(session, f"{title}（{_day(v.get('meeting_date'))}）", ledger_id,
                  "会议纪要", [entry], {"ids": [entry.id]}, paper="会议纪要")
    signed = v.get("signed_at") or ""
    date = dt.date.fromisoformat(signed[:10]) if signed else dt.date.today()
    doc = Document(title=title, subtitle=issue, marking=job.marking, blocks=blocks,
                   date=date, issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)


def chronicle(session: UserSession, *, ledger_id: str, entry_id: str | None = None,
              year: int | None = None, month: int | None = None,
              half: int | None = None, progress: Progress | None = None) -> PrintJob:
    """大事记 of a month, half-year or year, in the order of 第五十条."""
    if ledger_id != "chronicle":
        raise ValidationError({"ledger": "“大事记”文书从大事记台账打印"})
    if year is None:
        raise ValidationError({"year": "打印大事记须指定年度（--year）"})
    date_from, date_to, label = period(year, month, half)
    entries = session.ledgers.list("chronicle", date_from=date_from, date_to=date_to)
    blocks: list[Block] = []
    current_month = None
    last_when = None
    for e in entries:
        start = dt.date.fromisoformat(e.values["date_start"])
        if start.month != current_month and not month:
            current_month = start.month
            blocks.append(Heading1(f"{_month_numeral(start.month)}月"))
        when = f"{start.month}月{start.day}日"
        if e.values.get("date_end"):
            end = dt.date.fromisoformat(e.values["date_end"])
            when += f"至{end.month}月{end.day}日" if end.month != start.month else f"至{end.day}日"
        if when != last_when:  # several matters of one day under one date (第五十条)
            blocks.append(Heading2(when))
            last_when = when
        extra = "；".join(x for x in (
            f"地点：{e.values['place']}" if e.values.get("place") else "",
            f"涉及人员：{e.values['people']}" if e.values.get("people") else "") if x)
        blocks.append(Paragraph(e.values["content"] + (f"（{extra}）" if extra else "")))
    if not entries:
        blocks.append(Paragraph("本期间无大事记记载。"))
    job = new_job(session, f"大事记（{label}）", "chronicle", "大事记", entries,
                  {"date_from": date_from, "date_to": date_to}, paper="大事记",
                  period_label=label)
    doc = Document(title=f"{session.group_name}大事记", subtitle=f"（{label}）",
                   marking=job.marking, blocks=blocks, date=dt.date.today(),
                   issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)


def _month_numeral(m: int) -> str:
    return ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"][m - 1]


DOCUMENTS: dict[str, Callable[..., PrintJob]] = {
    "会议纪要": meeting_summary,
    "大事记": chronicle,
    **BRANCH_DOCUMENTS,  # 谈话记录, 学习季报 (献县办法 第三十一条、第四十七条; 濮阳·谈话)
    "谈话安全预案": safety_documents.talk_safety_plan,
    "安全事件报告": safety_documents.safety_incident_report,
    "公文": office_documents.outgoing_document,
    **ASSESSMENT_DOCUMENTS,
    **RECORD_SCORE_DOCUMENTS,  # 全程记实得分季度通报 (濮阳·全程记实 第十五条)
}


def print_log(session: UserSession, *, whole: bool = False, limit: int = 2000,
              progress: Progress | None = None) -> PrintJob:
    """The print and export log (保密员) — or the whole audit log (安全审计员) — on paper."""
    from paizhu_desktop.core import audit
    from paizhu_desktop.core.actions import ACTION_LABELS, Action
    from paizhu_desktop.core.printing.document import Table
    from paizhu_desktop.core.printing.jobs import PrintJob as Job

    actions = None if whole else [Action.PRINT, Action.EXPORT]
    records = session.audit_entries(actions=actions, limit=limit)
    rows = []
    for r in reversed(records):
        d = r.detail
        what = d.get("document") or (f"交接文件（{d['period']}）" if d.get("period") else "") \
            or d.get("file") or r.ledger or ""
        rows.append([str(r.seq), r.at.replace("T", " ")[:16], r.username,
                     ACTION_LABELS.get(r.action, r.action), what,
                     str(d.get("classification", "")), str(d.get("copies", "")),
                     str(d.get("printer", ""))])
    title = "审计日志" if whole else "打印、导出记录"
    with session.db.reading() as conn:
        seq, link = audit.head(conn)
    body = "".join("".join(r) for r in rows).encode()
    import hashlib

    h = hashlib.sha256(body).hexdigest()[:16].upper()
    job = Job(title=title, ledger="", kind=title, entries=[],
              classification=Classification.INTERNAL, retention="",
              digest="-".join(h[i:i + 4] for i in range(0, 16, 4)),
              audit_seq=seq, audit_hash=link, paper=title)
    doc = Document(title=f"{session.group_name}{title}", marking="内部", date=dt.date.today(),
                   blocks=[Paragraph(f"共 {len(rows)} 条（审计链第 {seq} 条为止）。"),
                           Table(["序号", "时间", "账号", "操作", "内容", "密级", "份数",
                                  "打印机/文件"],
                                 rows, weights=[0.8, 2.4, 1.3, 1.0, 3.0, 1.6, 0.7, 2.2])])
    return render_document(doc, job, job_fonts(session), progress=progress)
