"""The application's catalog: every declared ledger in navigation order, the
chapters they sit in, and the reports that span ledgers."""

from __future__ import annotations

from collections.abc import Callable

from paizhu_desktop.core.ledgers.catalog import Catalog, Report
from paizhu_desktop.core.ledgers.rules import Records
from paizhu_desktop.core.regulations.others import puyang_records, puyang_talks
from paizhu_desktop.core.regulations.others.assessment_ledgers import ASSESSMENT_LEDGERS
from paizhu_desktop.core.regulations.others.chapters import CHAPTERS as OTHER_CHAPTERS
from paizhu_desktop.core.regulations.statistics import FIGURES
from paizhu_desktop.core.regulations.xianxian import (
    ch02_leadership,
    ch03_supervision,
    ch04_branch,
    ch05_safety,
    ch06_study,
    ch07_meetings,
    ch08_research,
    ch09_requests,
    ch11_talks,
    ch12_chronicle,
    ch13_documents,
    ch14_secrecy,
    ch15_seals,
    ch16_internal,
    supervision_chapters,
)
from paizhu_desktop.core.regulations.xianxian.chapters import CHAPTERS

LEDGERS = (*ch04_branch.LEDGERS, *ch05_safety.LEDGERS, *ch06_study.LEDGERS,
           *ch07_meetings.LEDGERS, *ch11_talks.LEDGERS, *ch12_chronicle.LEDGERS,
           *ch13_documents.LEDGERS, *ch14_secrecy.LEDGERS, *ch15_seals.LEDGERS,
           *supervision_chapters.LEDGERS, *ch16_internal.LEDGERS, *puyang_talks.LEDGERS,
           *ASSESSMENT_LEDGERS)


def _year_findings(records: Records, year: int) -> list[str]:
    return [finding for desc in LEDGERS for check in desc.checks
            for finding in check(records, year)]


#: Checks whose findings the compliance calendar also shows, as a duty due soon or
#: overdue, in 到期提醒 (an open 议定事项 past its deadline, 第三十四条; a 来文 in hand past
#: its 时限, 第五十一条 …): 待办 lists them once. Each duty named here counts the 组长's
#: role, so the 组长 still sees every one of them.
IN_CALENDAR: frozenset[Callable[[Records, int], list[str]]] = frozenset({
    ch07_meetings.overdue_items,              # action_item_deadline
    ch13_documents.overdue_incoming,          # incoming_document_deadline
    ch02_leadership.overdue_tasks,            # assigned_task_reported
    ch03_supervision.unanswered_letters,      # letter_replied
    ch08_research.follow_up_warnings,         # follow_up_closed
    ch09_requests.unanswered,                 # written_after_phone
    puyang_records.unrecorded_indicators,     # indicator_fulfilled
})


def _findings_beside_calendar(records: Records, year: int) -> list[str]:
    return [finding for desc in LEDGERS for check in desc.checks
            if check not in IN_CALENDAR for finding in check(records, year)]


#: What 待办 and ``paizhu check`` report: every ledger's completeness check for a year.
YEAR_FINDINGS = Report(
    "year_findings", "序号空缺与超期事项", "献县办法 第三十四条、第六十条",
    reads=tuple(d.id for d in LEDGERS if d.checks), build=_year_findings)

#: The same without what the calendar's 到期提醒 already shows (待办 in a group database).
FINDINGS_BESIDE_CALENDAR = Report(
    "findings_beside_calendar", "序号空缺等（超期事项见到期提醒）", "献县办法 第六十条",
    reads=YEAR_FINDINGS.reads, build=_findings_beside_calendar)

CATALOG = Catalog(ledgers=LEDGERS, chapters=(*CHAPTERS, *OTHER_CHAPTERS),
                  reports=(YEAR_FINDINGS, FINDINGS_BESIDE_CALENDAR, ch06_study.QUARTERLY_DRAFTS,
                           *supervision_chapters.REPORTS),
                  figures=(*FIGURES, *supervision_chapters.FIGURES))
