"""《全程记实得分季度通报》 in GB/T 9704 layout (濮阳·全程记实 第十五条: 每月审核评分，
得分排名进行季度通报).

The quarter's scores of each group (and their ranking where the database holds
several), the scoring rule, and every item with its points, article, due date and
the entry it rests on. The digest covers those entries; the 密级 is the highest of
them; the print is logged like every other paper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

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


def _entries(session: UserSession, scores: RecordScores,
             quarters: list[int]) -> list[Entry]:
    seen: dict[tuple[str, str], Entry] = {}
    for g in scores.groups:
        for i in (i for q in quarters for i in g.items_of_quarter(q)):
            for key in (*i.entries, *([i.event] if i.event else [])):
                if key not in seen:
                    try:
                        seen[key] = session.ledgers.get(*key)
                    except NotFoundError:
                        continue
    return list(seen.values())


def _quarter_blocks(scores: RecordScores, quarter: int, number: str) -> list[Block]:
    """One quarter: each group's scores (and the ranking), then every item."""
    q = QUARTER_NAMES[quarter - 1]
    several = len(scores.groups) > 1
    blocks: list[Block] = [Heading1(f"{number}、第{q}季度" + ("得分和排名" if several else "得分"))]
    if not all(g.quarter_complete(quarter) for g in scores.groups):
        blocks.append(Paragraph(f"本季度尚未结束，得分截至{scores.on.year}年{scores.on.month}月"
                                f"{scores.on.day}日，未到期的事项不计分。"))
    if several:
        months = range(3 * quarter - 2, 3 * quarter + 1)
        ranked = scores.ranking(quarter)
        rows = [[str(r), g.name, *(score_text(g.month(m).score) for m in months), f"{s}",
                 score_text(g.quarter(quarter, "common")),
                 score_text(g.quarter(quarter, "specific"))] for r, g, s in ranked]
        rows += [["—", g.name, "—", "—", "—", "—", "—", "—"] for g in scores.groups
                 if g.quarter(quarter) is None]
        blocks.append(Table(["名次", "派驻机构", *(f"{m}月" for m in months), "季度", "共性",
                             "个性"], rows, weights=[0.8, 3.0, 1.0, 1.0, 1.0, 1.1, 1.0, 1.0]))
    for g in scores.groups:
        if several:
            blocks.append(Heading2(f"（{g.name}）"))
        if g.quarter(quarter) is None:
            blocks.append(Paragraph("本季度没有到期的记实事项，不计分。"))
            continue
        blocks.append(_quarter_table(g, quarter))
        blocks.append(Paragraph("计分明细：", indent=False))
        blocks.append(_detail_table(g, quarter))
    return blocks


def record_scores_blocks(scores: RecordScores, quarters: list[int]) -> list[Block]:
    """The 通报's body: the rule, then each quarter's scores (ranking) and items."""
    numerals = "一二三四五"
    when = "、".join(f"第{QUARTER_NAMES[q - 1]}季度" for q in quarters)
    blocks: list[Block] = [
        Paragraph(f"根据《濮阳市落实全面从严治党“两个责任”全程记实制度（试行）》第十五条，现将"
                  f"{scores.year}年{when}全程记实审核评分情况通报如下。")]
    for n, q in enumerate(quarters):
        blocks += _quarter_blocks(scores, q, numerals[n])
    blocks += [Heading1(f"{numerals[len(quarters)]}、计分办法"), Paragraph(RULE)]
    blocks.append(Paragraph("“条目”为完成该事项的台账条目编号（前8位），未完成的为引起该事项的"
                            f"条目；“依据”均为濮阳·全程记实的条文（{ARTICLE}）。",
                            indent=False))
    return blocks


def print_record_scores(session: UserSession, year: int, quarter: int | None,
                        on: dt.date | None = None, group: str | None = None,
                        progress: Progress | None = None) -> PrintJob:
    """The 通报 of ``quarter`` (None: the four quarters of the year) as a PDF held in a
    :class:`PrintJob` (not yet logged)."""
    if quarter not in (None, 1, 2, 3, 4):
        raise ValidationError({"quarter": "季度应为 1、2、3 或 4"})
    quarters = [quarter] if quarter else [1, 2, 3, 4]
    scores = record_scores(session, year, on=on, group=group)
    entries = _entries(session, scores, quarters)
    when = f"第{QUARTER_NAMES[quarter - 1]}季度" if quarter else "各季度"
    title = f"{year}年{when}全程记实得分通报"
    # Gathered from the four 全程记实 ledgers: logged without one ledger (verify-print
    # looks for each entry in every ledger).
    job = new_job(session, title, "", PAPER, entries, {"year": year, "quarter": quarter},
                  paper=PAPER, period_label=f"{year}年" + (f"第{quarter}季度" if quarter
                                                          else ""))
    doc = Document(title=title, marking=job.marking,
                   blocks=record_scores_blocks(scores, quarters), date=scores.on,
                   issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)


def record_scores_document(session: UserSession, *, ledger_id: str, entry_id: str | None,
                           year: int | None = None, month: int | None = None,
                           half: int | None = None, progress: Progress | None = None,
                           **_rest: Any) -> PrintJob:
    """The 通报 printed from the 全程记实 ledger's 打印 menu: a month stands for its
    quarter, a half year for its two quarters' last, the year for all four."""
    if year is None:
        raise ValidationError({"year": "打印全程记实得分通报须给出年度"})
    quarter = (month - 1) // 3 + 1 if month else (2 * half if half else None)
    return print_record_scores(session, year, quarter, progress=progress)


#: Registered with the other documents (:data:`paizhu_desktop.core.printing.documents.DOCUMENTS`).
RECORD_SCORE_DOCUMENTS: dict[str, Callable[..., PrintJob]] = {PAPER: record_scores_document}
