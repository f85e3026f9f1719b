"""The compliance calendar on paper: the yearly 工作计划表 and the monthly 提醒单."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from paizhu_desktop.core.compliance import State, instances
from paizhu_desktop.core.errors import PermissionDenied, ValidationError
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.duty_papers import (
    OVERDUE_MARK,
    plan_rows,
    print_reminders,
    print_work_plan,
)
from paizhu_desktop.core.printing.jobs import SAVED_PDF, PrintJob, record_print, verify_print
from paizhu_desktop.core.schema import audit_log
from paizhu_desktop.core.session import UserSession

from conftest import LEADER, add_account, admin_session
from ledger_samples import sample_values

TODAY = dt.date.today()
MATTER = "制定对县财政局专项检查方案，报组长审定"


def _text(job: PrintJob) -> str:
    """The PDF's text with line breaks and spaces removed (cells wrap)."""
    return "".join("".join((p.extract_text() or "").split())
                   for p in PdfReader(io.BytesIO(job.pdf)).pages)


def _action_item(session: UserSession, matter: str, owner: str, deadline: dt.date,
                 **kw: object) -> Entry:
    values = sample_values(session.catalog.ledger("action_item"))
    values.update(matter=matter, owner=owner, deadline=deadline.isoformat(),
                  decided_on=(deadline - dt.timedelta(days=20)).isoformat())
    return session.ledgers.add("action_item", values, **kw)  # type: ignore[arg-type]


@pytest.fixture
def overdue(session: UserSession) -> Entry:
    """A 组务会 this week (第三十二条) and a 议定事项 three days late (第三十四条)."""
    session.ledgers.add("group_meeting", sample_values(session.catalog.ledger("group_meeting")))
    return _action_item(session, MATTER, LEADER, TODAY - dt.timedelta(days=3))


def test_work_plan_lists_every_duty_with_its_article(session: UserSession,
                                                     overdue: Entry) -> None:
    """献县办法 第三十二条 (组务会), 第三十四条 (议定事项), 第五十条 (大事记汇总审定),
    第六十二条 (印章外带): every declared duty is on the year's plan with its article."""
    job = print_work_plan(session, TODAY.year)
    assert job.pdf.startswith(b"%PDF") and job.pages >= 1 and not job.missing
    assert len(PdfReader(io.BytesIO(job.pdf)).pages) == job.pages
    text = _text(job)
    assert f"{TODAY.year}年度工作计划表" in text
    for duty in session.catalog.duties():
        assert duty.name in text, duty.name
        assert duty.article.replace(" ", "") in text, duty.article
    for article in ("第三十二条", "第三十四条", "第五十条", "第六十二条"):
        assert article in text
    assert "本年节假日" in text and "调休上班" in text
    assert job.label == f"工作计划表（{TODAY.year}年）"


def test_plan_marks_a_passed_day_not_done(session: UserSession, overdue: Entry) -> None:
    """献县办法 第三十四条: the 议定事项's due day carries the overdue mark."""
    items = instances(session, start=dt.date(TODAY.year, 1, 1),
                      end=dt.date(TODAY.year, 12, 31))
    due = TODAY - dt.timedelta(days=3)
    duties = session.catalog.duties()
    rows = plan_rows(duties, items, due.year)
    row = next(r for r in rows if r[1] == "议定事项按时限办结")
    assert f"{due.day}{OVERDUE_MARK}" in row[4 + due.month].split()
    assert row[2] == "献县办法 第三十四条"
    assert "已逾期 1" in row[-1]


def test_reminders_go_to_each_person_with_their_own_duties(
        session: UserSession) -> None:
    """献县办法 第三十四条: each 承办人 gets a 提醒单 with their own overdue 议定事项;
    the 组长 follows every one."""
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    _action_item(session, "督促县审计局党组落实整改责任", "wangmy", TODAY - dt.timedelta(days=2))
    job = print_reminders(session, TODAY.year, TODAY.month)
    reader = PdfReader(io.BytesIO(job.pdf))
    pages = ["".join((p.extract_text() or "").split()) for p in reader.pages]
    assert len(pages) == job.pages >= 2
    member = [p for p in pages if "致：王明远" in p]
    assert member and "督促县审计局党组落实整改责任" in member[0]
    assert "献县办法第三十四条" in member[0] and "已逾期2天" in member[0]
    assert any("致：张组长" in p for p in pages)
    assert all(f"{TODAY.year}年{TODAY.month}月职责提醒单" in p for p in pages)
    assert "签收" in pages[-1]


def test_reminders_carry_last_years_overdue_item(session: UserSession) -> None:
    """献县办法 第三十四条: an item overdue since last year stays on the 提醒单 (红)."""
    last_year = dt.date(TODAY.year - 1, 12, 20)
    _action_item(session, "完成上年度专项检查问题整改情况汇总", LEADER, last_year)
    job = print_reminders(session, TODAY.year, TODAY.month)
    text = _text(job)
    assert "完成上年度专项检查问题整改情况汇总" in text
    assert f"{last_year.year}年12月20日" in text


def test_reminder_is_marked_with_the_highest_classification(session: UserSession) -> None:
    """DOMAIN §3/§6: a 提醒单 naming a 秘密 matter is marked 秘密★ on every page."""
    _action_item(session, "核实县财政局问题线索", LEADER, TODAY - dt.timedelta(days=1),
                 classification="秘密", retention="1年")
    job = print_reminders(session, TODAY.year, TODAY.month)
    assert job.marking == "秘密★1年"
    for page in PdfReader(io.BytesIO(job.pdf)).pages:
        assert "秘密★1年" in (page.extract_text() or "")
    plan = print_work_plan(session, TODAY.year)
    assert plan.marking == ""  # the plan prints no matter, only duties and days


def test_an_empty_month_says_so(session: UserSession) -> None:
    """A month with nothing due (before the calendar starts) prints one page saying so."""
    job = print_reminders(session, 2020, 6, on=dt.date(2020, 6, 1))
    assert job.pages == 1
    assert "本月没有到期或逾期未完成的职责" in _text(job)


def test_many_rows_continue_over_pages_without_loss(session: UserSession) -> None:
    """DOMAIN §6: rows are never cut; every overdue item is on the paper."""
    for n in range(45):
        _action_item(session, f"第{n + 1}项整改任务：落实专项检查发现问题的整改", LEADER,
                     TODAY - dt.timedelta(days=1 + n % 5))
    job = print_reminders(session, TODAY.year, TODAY.month)
    assert job.pages >= 2
    text = _text(job)
    for n in range(45):
        assert f"第{n + 1}项整改任务" in text
    assert "（续）" in text


def test_print_is_logged_and_the_paper_checked(session: UserSession, overdue: Entry) -> None:
    """DOMAIN §6: saving the plan is in the print log by kind and period, and its footer
    finds the print again (核对纸质件)."""
    job = print_work_plan(session, TODAY.year)
    record_print(session, job, SAVED_PDF)
    with session.db.reading() as conn:
        rows = conn.execute(select(audit_log.c.detail).where(audit_log.c.action == "print"))
        details = [json.loads(r.detail) for r in rows]
    assert details[-1]["document"] == f"工作计划表（{TODAY.year}年）"
    assert MATTER not in json.dumps(details, ensure_ascii=False)
    check = verify_print(session, job.footer)
    assert check.digest == job.digest and check.title == job.label


def test_digest_changes_when_a_duty_is_done(session: UserSession, overdue: Entry) -> None:
    """The digest covers the instances and their states: a paper printed before the
    议定事项 was completed no longer matches."""
    before = print_work_plan(session, TODAY.year).digest
    session.ledgers.step("action_item", overdue.id, "complete",
                         data={"evidence": "方案已经组长审定"})
    assert print_work_plan(session, TODAY.year).digest != before
    assert any(i.state is State.LATE for i in instances(session)
               if i.duty.id == "action_item_deadline")


def test_bad_period_and_no_permission_are_refused_in_chinese(session: UserSession) -> None:
    """Bad input gets a clear Chinese message; 三员 print no ledger paper."""
    with pytest.raises(ValidationError, match="月份应为"):
        print_reminders(session, TODAY.year, 13)
    with pytest.raises(ValidationError, match="年度应在"):
        print_work_plan(session, 1999)
    admin = admin_session(session)
    try:
        with pytest.raises(PermissionDenied):
            print_work_plan(admin, TODAY.year)
    finally:
        admin.close()


def test_compliance_report_prints_per_duty_ledger_and_article(
        session: UserSession, overdue: Entry) -> None:
    """Issue item 4 / 献县办法 第三十二条, 第三十四条: the year's 职责履行情况报告 counts each
    duty's instances (应办, 按时完成, 逾期完成, 逾期未办) per duty, ledger and article, and
    names the overdue items."""
    from paizhu_desktop.core.printing.compliance_paper import print_compliance_report

    job = print_compliance_report(session, TODAY.year)
    assert job.pdf.startswith(b"%PDF") and not job.missing
    assert len(PdfReader(io.BytesIO(job.pdf)).pages) == job.pages
    text = _text(job)
    assert f"{TODAY.year}年度职责履行情况报告" in text
    for heading in ("一、按职责", "二、按台账", "三、按条文", "四、逾期未办事项"):
        assert heading in text
    for duty in session.catalog.duties():
        assert duty.name in text and duty.article.replace(" ", "") in text
    assert "议定事项" in text and "组务会" in text  # the ledgers' names
    assert MATTER in text and "合计" in text and "按时完成率" in text
    record_print(session, job, SAVED_PDF)
    assert verify_print(session, job.footer).title == f"职责履行情况报告（{TODAY.year}年）"


def test_compliance_report_of_a_year_without_duties_still_lists_them(
        session: UserSession) -> None:
    """Every declared duty has its line, also in a year nothing was due (it says 0)."""
    from paizhu_desktop.core.printing.compliance_paper import print_compliance_report

    job = print_compliance_report(session, 2020, on=dt.date(2020, 12, 31))
    text = _text(job)
    assert all(d.name in text for d in session.catalog.duties())
    assert "四、逾期未办事项" not in text
    with pytest.raises(ValidationError, match="年度应在"):
        print_compliance_report(session, 3000)
