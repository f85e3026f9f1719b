"""Printable papers of a hand-off: the 交接单 (slip) and the import report.

Neither ever shows the passphrase: it is told in person (DOMAIN §7).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from paizhu_desktop.core import audit
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.handoff.passphrase import ALPHABET, new_passphrase
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.document import (
    Document,
    KeyValueTable,
    Paragraph,
    SignatureLines,
    Table,
    render_document,
)
from paizhu_desktop.core.printing.jobs import PrintJob
from paizhu_desktop.core.progress import Progress

if TYPE_CHECKING:
    from paizhu_desktop.core.handoff.transfer import ExportResult, ImportPlan
    from paizhu_desktop.core.session import UserSession

def _sha_lines(sha: str) -> str:
    return " ".join(sha[i:i + 16] for i in range(0, 64, 16))


def _job(session: UserSession, title: str, kind: str, sha: str, marking: str) -> PrintJob:
    with session.db.reading() as conn:
        seq, link = audit.head(conn)
    cls, _, ret = marking.partition("★")
    try:
        classification = Classification.parse(cls)
    except ValueError:
        classification = Classification.UNCLASSIFIED
    digest = "-".join(sha[i:i + 4].upper() for i in range(0, 16, 4))
    return PrintJob(title=title, ledger="", kind=kind, entries=[], classification=classification,
                    retention=ret, digest=digest, audit_seq=seq, audit_hash=link, paper=title)


def slip_rows(result: ExportResult) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """The 交接单's data: (key-value rows, [台账, 数量] rows). Never the passphrase."""
    rows = [
        ("移交单位", result.group),
        ("数据期间", f"{result.date_from} 至 {result.date_to}"),
        ("交接文件", result.path.name),
        ("文件大小", f"{result.size:,} 字节"),
        ("SHA-256", _sha_lines(result.sha256)),
        ("最高密级", result.marking),
        ("导出人", result.sender),
        ("审计链", f"第 {result.audit_from} 至第 {result.audit_to} 条"),
    ]
    counts = [[result.ledger_name(lid), f"{n} 条"] for lid, n in result.counts.items()]
    counts.append(["附件", f"{result.attachments} 个"])
    return rows, counts


SLIP_NOTE = ("交接文件已加密，交接口令由移交人当面告知接收人，不得写在本单上，"
             "不得与文件存放在同一介质中。接收方导入前应核对文件的 SHA-256。")


def slip_text(result: ExportResult) -> list[str]:
    """The 交接单 as plain text lines (``paizhu export`` standard output)."""
    rows, counts = slip_rows(result)
    lines = ["派驻机构数据交接单"] + [f"{k}：{v}" for k, v in rows]
    lines += [f"  {name}\t{n}" for name, n in counts]
    return [*lines, SLIP_NOTE, "移交人（签字）：__________  接收人（签字）：__________"]


def slip_document(result: ExportResult, job: PrintJob | None = None) -> Document:
    """交接单: sender, date, file name and SHA-256, counts per ledger, 密级, signature lines."""
    rows, counts = slip_rows(result)
    return Document(
        title="派驻机构数据交接单", marking=result.marking if result.marking != "非密" else "",
        date=dt.date.today(), issuer=result.group,
        blocks=[KeyValueTable(rows), Table(["台账", "数量"], counts), Paragraph(SLIP_NOTE),
                SignatureLines(["移交人", "接收人"])])


def render_slip(session: UserSession, result: ExportResult,
                progress: Progress | None = None) -> PrintJob:
    job = _job(session, "派驻机构数据交接单", "交接单", result.sha256, result.marking)
    return render_document(slip_document(result, job), job, job_fonts(session),
                           progress=progress)


def report_document(plan: ImportPlan, receiver: str) -> Document:
    """导入报告: counts of new, unchanged, updated and conflicting entries, and the SHA-256."""
    m = plan.manifest
    rows = [
        ("来源单位", m.group),
        ("数据期间", f"{m.date_from} 至 {m.date_to}"),
        ("SHA-256", _sha_lines(plan.sha256)),
        ("最高密级", plan.marking),
        ("附件", f"{plan.attachments} 个（本库新增 {plan.attachments_new} 个）"),
        ("审计链片段", plan.audit_summary),
        ("接收人", receiver),
    ]
    table = plan.rows()
    blocks: list[Any] = [KeyValueTable(rows),
                         Table(["台账", "新增", "不变", "更新", "本地较新", "冲突"], table)]
    if any(p.conflicting for p in plan.ledgers.values()):
        blocks.append(Paragraph("冲突条目已与本地版本并列保存，本地版本未被覆盖，"
                                "请使用 paizhu conflicts 逐条核对处理。"))
    blocks.append(SignatureLines(["接收人", "复核人"]))
    return Document(title="交接文件导入报告",
                    marking=plan.marking if plan.marking != "非密" else "",
                    date=dt.date.today(), blocks=blocks)


def render_report(session: UserSession, plan: ImportPlan,
                  progress: Progress | None = None) -> PrintJob:
    job = _job(session, "交接文件导入报告", "导入报告", plan.sha256, plan.marking)
    return render_document(report_document(plan, session.user.display_name), job,
                           job_fonts(session), progress=progress)


__all__ = ["ALPHABET", "new_passphrase", "render_report", "render_slip", "report_document",
           "slip_document", "slip_rows", "slip_text"]
