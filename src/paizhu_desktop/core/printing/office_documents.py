"""The 公文 a group issues (献县办法 第五十四条), in GB/T 9704-2012 layout.

A 发文 entry prints as the document itself: 发文字号 under the title once it is
signed (a draft prints as 送审稿 for 核稿 and 签发), the 主送机关, the body (lines
beginning 一、 and （一） as headings), 落款 and the 签发 date, then the 版记 at the foot of
the last page: 抄送机关, and for a signed document 印发机关 and 印发日期 (the day it is
printed) — GB/T 9704-2012 7.4.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.document import (
    Block,
    Document,
    Heading1,
    Heading2,
    Paragraph,
    render_document,
)
from paizhu_desktop.core.printing.jobs import PrintJob, new_job
from paizhu_desktop.core.progress import Progress

if TYPE_CHECKING:
    from paizhu_desktop.core.session import UserSession

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")


def _body(text: str) -> list[Block]:
    blocks: list[Block] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if line:
            blocks.append(Heading1(line) if _H1.match(line) else
                          Heading2(line) if _H2.match(line) else Paragraph(line))
    return blocks


def outgoing_document(session: UserSession, *, ledger_id: str, entry_id: str | None,
                      progress: Progress | None = None, **_period: Any) -> PrintJob:
    """The 公文 of a 发文 entry (第五十四条): signed, with its 文号; a draft as 送审稿."""
    if ledger_id != "outgoing_document":
        raise ValidationError({"ledger": "“公文”从“发文拟文”台账打印"})
    if not entry_id:
        raise ValidationError({"id": "打印公文须指定条目（--id）"})
    entry = session.ledgers.get(ledger_id, entry_id)
    if entry.voided:
        raise RuleError("已作废的条目不能印发。")
    v = entry.values
    signed = bool(v.get("doc_no"))
    blocks: list[Block] = [Paragraph(f"{v.get('main_to') or ''}：", indent=False)]
    blocks += _body(v.get("content") or "")
    day = dt.date.fromisoformat(str(v["signed_at"])[:10]) if v.get("signed_at") else None
    paper = "公文" if signed else "公文送审稿"
    job = new_job(session, str(v.get("title") or "公文"), ledger_id, "公文", [entry],
                  {"ids": [entry.id]}, paper=paper)
    doc = Document(title=str(v.get("title") or ""),
                   subtitle=entry.display("doc_no") if signed else "（送审稿）",
                   marking=job.marking, blocks=blocks, date=day, issuer=session.group_name,
                   copy_to=str(v.get("copy_to") or ""),
                   printed_by=session.group_name if signed else "",
                   printed_on=dt.date.today() if signed else None)
    return render_document(doc, job, job_fonts(session), progress=progress)
