"""《全程记实得分季度通报》 in GB/T 9704 layout (濮阳·全程记实 第十五条: 每月审核评分，
得分排名进行季度通报).

The quarter's scores of each group (and their ranking where the database holds
several), the scoring rule, and every item with its points, article, due date and
the entry it rests on. The digest covers those entries; the 密级 is the highest of
them; the print is logged like every other paper.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from paizhu_desktop.core.errors import NotFoundError, ValidationError
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.document import (
    Block,
    Document,
    Heading1,
    Heading2,
    Paragraph,
    Table,
    render_document,
)
from paizhu_desktop.core.printing.jobs import PrintJob, new_job
from paizhu_desktop.core.progress import Progress
from paizhu_desktop.core.record_scores import (
    ARTICLE,
    KIND_LABELS,
    QUARTER_NAMES,
    RULE,
    GroupScores,
    RecordScores,
    record_scores,
    score_text,
)

if TYPE_CHECKING:
    from paizhu_desktop.core.ledgers.entry import Entry
    from paizhu_desktop.core.session import UserSession

PAPER = "全程记实得分季度通报"


def _quarter_table(g: GroupScores, quarter: int) -> Table:
    months = range(3 * quarter - 2, 3 * quarter + 1)
    rows = []
    for label, kind in (("得分", None), ("共性指标", "common"), ("个性指标", "specific")):
        cells = [score_text(g.month(m).score if kind is None else g.month(m).score_of(kind))
                 for m in months]
        rows.append([label, *cells, score_text(g.quarter(quarter, kind))])
    rows.append(["应办项数", *(str(len(g.month(m).items)) for m in months),
                 str(len(g.items_of_quarter(quarter)))])
    rows.append(["得分项合计", *(f"{g.month(m).earned}" for m in months),
                 f"{sum((g.month(m).earned for m in months), Decimal(0))}"])
    return Table(["项目", *(f"{m}月" for m in months), "季度"], rows,
                 weights=[1.6, 1.1, 1.1, 1.1, 1.1])


def _detail_table(g: GroupScores, quarter: int) -> Table:
    rows = []
    for i in g.items_of_quarter(quarter):
        which = i.entries[0] if i.entries else i.event
        rows.append([f"{i.due.month}月{i.due.day}日",
                     f"{i.name}：{i.label}" + (f"（{KIND_LABELS[i.kind]}）" if i.kind else ""),
                     i.article.replace("濮阳·全程记实 ", ""), i.state.label,
                     f"{i.points}", which[1][:8] if which else "—"])
    return Table(["到期日", "事项", "依据", "完成情况", "得分", "条目"], rows,
                 weights=[1.2, 4.6, 1.1, 1.2, 0.8, 1.3])


def _entries(session: UserSession, scores: RecordScores, quarter: int) -> list[Entry]:
    seen: dict[tuple[str, str], Entry] = {}
    for g in scores.groups:
        for i in g.items_of_quarter(quarter):
            for key in (*i.entries, *([i.event] if i.event else [])):
                if key not in seen:
                    try:
                        seen[key] = session.ledgers.get(*key)
                    except NotFoundError:
                        continue
    return list(seen.values())


def record_scores_blocks(scores: RecordScores, quarter: int) -> list[Block]:
    """The 通报's body: scores (and ranking), the rule, each group's items."""
    q = QUARTER_NAMES[quarter - 1]
    blocks: list[Block] = [Paragraph(
        f"根据《濮阳市落实全面从严治党“两个责任”全程记实制度（试行）》第十五条，现将"
        f"{scores.year}年第{q}季度全程记实审核评分情况通报如下。")]
    complete = all(g.quarter_complete(quarter) for g in scores.groups)
    if not complete:
        blocks.append(Paragraph(f"本季度尚未结束，以下得分截至{scores.on.year}年{scores.on.month}月"
                                f"{scores.on.day}日，未到期的事项不计分。"))
    blocks.append(Heading1("一、得分情况" if len(scores.groups) == 1 else "一、得分和排名"))
    if len(scores.groups) > 1:
        ranked = scores.ranking(quarter)
        rows = [[str(r), g.name, *(score_text(g.month(m).score)
                                   for m in range(3 * quarter - 2, 3 * quarter + 1)),
                 f"{s}", score_text(g.quarter(quarter, "common")),
                 score_text(g.quarter(quarter, "specific"))] for r, g, s in ranked]
        unscored = [g.name for g in scores.groups if g.quarter(quarter) is None]
        rows += [["—", name, "—", "—", "—", "—", "—", "—"] for name in unscored]
        months = [f"{m}月" for m in range(3 * quarter - 2, 3 * quarter + 1)]
        blocks.append(Table(["名次", "派驻机构", *months, "季度", "共性", "个性"], rows,
                            weights=[0.8, 3.0, 1.0, 1.0, 1.0, 1.1, 1.0, 1.0]))
    for g in scores.groups:
        if len(scores.groups) > 1:
            blocks.append(Heading2(f"（{g.name}）"))
        if g.quarter(quarter) is None:
            blocks.append(Paragraph("本季度没有到期的记实事项，不计分。"))
            continue
        blocks.append(_quarter_table(g, quarter))
    blocks += [Heading1("二、计分办法"), Paragraph(RULE)]
    blocks.append(Heading1("三、计分明细"))
    for g in scores.groups:
        if len(scores.groups) > 1:
            blocks.append(Heading2(f"（{g.name}）"))
        if not g.items_of_quarter(quarter):
            blocks.append(Paragraph("无。"))
            continue
        blocks.append(_detail_table(g, quarter))
    blocks.append(Paragraph("“条目”为完成该事项的台账条目编号（前8位），未完成的为引起该事项的"
                            f"条目；“依据”均为濮阳·全程记实的条文（{ARTICLE}）。",
                            indent=False))
    return blocks


def print_record_scores(session: UserSession, year: int, quarter: int,
                        on: dt.date | None = None, group: str | None = None,
                        progress: Progress | None = None) -> PrintJob:
    """The quarter's 通报 as a PDF held in a :class:`PrintJob` (not yet logged)."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": "季度应为 1、2、3 或 4"})
    scores = record_scores(session, year, on=on, group=group)
    entries = _entries(session, scores, quarter)
    title = f"{year}年第{QUARTER_NAMES[quarter - 1]}季度全程记实得分通报"
    job = new_job(session, title, "duty_record", PAPER, entries,
                  {"year": year, "quarter": quarter}, paper=PAPER,
                  period_label=f"{year}年第{quarter}季度")
    doc = Document(title=title, marking=job.marking,
                   blocks=record_scores_blocks(scores, quarter), date=scores.on,
                   issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)
