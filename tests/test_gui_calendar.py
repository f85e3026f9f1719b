"""The compliance calendar in the window: the 日历 page (month view and list), the
节假日调休表 editor, the duties in 待办事项 and the reminder after login."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QTableWidget

from paizhu_desktop.core.compliance import (
    Instance,
    State,
    calendar_days,
    instances,
    work_calendar,
)
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.calendar_page import CalendarPage, target_of
from paizhu_desktop.gui.holiday_table import HolidayTableDialog

from conftest import LEADER, add_account, login
from gui_helpers import child, finish, open_window, when_modal
from ledger_samples import sample_values

pytestmark = pytest.mark.gui

TODAY = dt.date.today()
OVERDUE_MATTER = "制定对县财政局专项检查方案，报组长审定"


def _action_item(session: UserSession, matter: str, owner: str, deadline: dt.date,
                 decided: dt.date) -> Entry:
    values = sample_values(session.catalog.ledger("action_item"))
    values.update(matter=matter, owner=owner, deadline=deadline.isoformat(),
                  decided_on=decided.isoformat())
    return session.ledgers.add("action_item", values)


@pytest.fixture
def duties(session: UserSession) -> dict[str, Entry]:
    """This week's 组务会 held (第三十二条), one five weeks ago and none in the weeks
    between, which are overdue; and a 议定事项 three days past its deadline (第三十四条),
    decided 40 days ago."""
    first = sample_values(session.catalog.ledger("group_meeting"))
    first["date"] = (TODAY - dt.timedelta(days=35)).isoformat()
    session.ledgers.add("group_meeting", first)
    meeting = session.ledgers.add("group_meeting",
                                  sample_values(session.catalog.ledger("group_meeting")))
    item = _action_item(session, OVERDUE_MATTER, LEADER, TODAY - dt.timedelta(days=3),
                        TODAY - dt.timedelta(days=40))
    return {"meeting": meeting, "item": item}


def _row_of(table: QTableWidget, *texts: str) -> int:
    for row in range(table.rowCount()):
        cells = [table.item(row, c).text() for c in range(table.columnCount())
                 if table.item(row, c) is not None]
        if all(any(t in cell for cell in cells) for t in texts):
            return row
    raise AssertionError(f"no row with {texts}")


def test_calendar_page_shows_the_overdue_item_red_in_month_and_list_article_34(
        qtbot: QtBot, session: UserSession, duties: dict[str, Entry]) -> None:
    """献县办法 第三十四条: an 议定事项 past its 完成时限 is 已逾期（红）, with its article,
    in the list and on its due day in the month view."""
    w = open_window(qtbot, session)
    page = w.show_calendar()
    assert w.content.currentWidget() is page
    table = child(page, QTableWidget, "dutyTable")
    row = _row_of(table, "议定事项按时限办结", "献县办法 第三十四条", OVERDUE_MATTER)
    assert table.item(row, 4).text() == "已逾期（红）"
    assert table.item(row, 5).text() == "逾期3天"
    assert table.item(row, 3).text() == (TODAY - dt.timedelta(days=3)).isoformat()
    # The month view: the due day holds the red instance; the day list names it.
    due = TODAY - dt.timedelta(days=3)
    page.calendar.setSelectedDate(QDate(due.year, due.month, due.day))
    red = [i for i in page.calendar.by_day[due] if i.duty.id == "action_item_deadline"]
    assert red and red[0].warning == "红"
    day_list = child(page, QListWidget, "dayList")
    texts = [day_list.item(n).text() for n in range(day_list.count())]
    assert any("议定事项按时限办结" in t and "已逾期（红）" in t and "第三十四条" in t
               for t in texts)
    assert "当日到期" in child(page, QLabel, "dayTitle").text()
    # Filtering on 已逾期 keeps only red rows.
    page.state_filter.setCurrentIndex(2)
    assert table.rowCount() >= 1
    assert all(table.item(r, 4).text() == "已逾期（红）" for r in range(table.rowCount()))
    page.state_filter.setCurrentIndex(5)  # 已完成
    assert all(table.item(r, 4).text() in ("按时完成", "逾期完成")
               for r in range(table.rowCount()))


def test_a_done_weekly_meeting_opens_its_entry_article_32(
        qtbot: QtBot, session: UserSession, duties: dict[str, Entry]) -> None:
    """献县办法 第三十二条: this week's 组务会 is done; its link opens the meeting."""
    w = open_window(qtbot, session)
    page = w.show_calendar()
    page.tabs.setCurrentIndex(1)
    table = child(page, QTableWidget, "dutyTable")
    week_end = TODAY + dt.timedelta(days=6 - TODAY.weekday())
    row = _row_of(table, "召开组务会", week_end.isoformat())
    assert table.item(row, 4).text() == "按时完成"
    button = child(table, QPushButton, f"dutyAction{row}")
    assert button.text() == "查看记录"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    ledger = w.current_page()
    assert ledger is not None and ledger.desc.id == "group_meeting"
    assert ledger.form.entry is not None and ledger.form.entry.id == duties["meeting"].id


def test_from_the_month_view_a_done_meeting_opens_and_a_missed_week_opens_the_form(
        qtbot: QtBot, session: UserSession, duties: dict[str, Entry]) -> None:
    """献县办法 第三十二条: the day's list links to the meeting held; a week without a
    组务会 offers the new-entry form of 组务会."""
    w = open_window(qtbot, session)
    page = w.show_calendar()
    week_end = TODAY + dt.timedelta(days=6 - TODAY.weekday())
    page.calendar.setSelectedDate(QDate(week_end.year, week_end.month, week_end.day))
    day_list = child(page, QListWidget, "dayList")
    row = next(n for n in range(day_list.count()) if "召开组务会" in day_list.item(n).text())
    day_list.setCurrentRow(row)
    action = child(page, QPushButton, "dayAction")
    assert action.text() == "查看记录"
    qtbot.mouseClick(action, Qt.MouseButton.LeftButton)
    ledger = w.current_page()
    assert ledger is not None and ledger.form.entry is not None
    assert ledger.form.entry.id == duties["meeting"].id
    missed = [i for i in instances(session, carry=True)
              if i.duty.id == "weekly_group_meeting" and i.state is State.OVERDUE]
    assert missed, "the weeks between the two 组务会 are overdue"
    target = target_of(missed[0], session.catalog)
    assert target is not None and target.ledger == "group_meeting" and not target.entry_id
    page = w.show_calendar()
    assert page.activate(missed[0]) == target
    ledger = w.current_page()
    assert ledger is not None and ledger.desc.id == "group_meeting"
    assert ledger.form.entry is None  # an empty form for the missing meeting


def test_an_unfinished_action_item_opens_itself_to_be_completed_article_34(
        qtbot: QtBot, session: UserSession, duties: dict[str, Entry]) -> None:
    """献县办法 第三十四条: the overdue 议定事项 leads to its own entry (登记办结 there)."""
    w = open_window(qtbot, session)
    page = w.show_calendar()
    table = child(page, QTableWidget, "dutyTable")
    row = _row_of(table, OVERDUE_MATTER)
    button = child(table, QPushButton, f"dutyAction{row}")
    assert button.text() == "去办理"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    ledger = w.current_page()
    assert ledger is not None and ledger.desc.id == "action_item"
    assert ledger.form.entry is not None and ledger.form.entry.id == duties["item"].id


def test_a_missing_monthly_review_prefills_its_period_article_50(
        qtbot: QtBot, session: UserSession) -> None:
    """献县办法 第五十条: a month's 大事记 汇总审定 not done leads to a new 汇总审定 for that
    month (kind, year and month filled in)."""
    duty = session.catalog.duty("chronicle_month")
    item = Instance(duty, "2026年10月", dt.date(2026, 10, 1), dt.date(2026, 11, 6),
                    State.OVERDUE, dt.date(2026, 11, 23))
    target = target_of(item, session.catalog)
    assert target is not None and target.ledger == "chronicle_review"
    assert target.prefill == {"kind": "month", "year": 2026, "period": 10}
    assert target.text == "登记大事记汇总审定"
    half = Instance(session.catalog.duty("chronicle_half"), "2026年上半年", dt.date(2026, 1, 1),
                    dt.date(2026, 7, 14), State.OVERDUE, dt.date(2026, 11, 23))
    found = target_of(half, session.catalog)
    assert found is not None and found.prefill == {"kind": "half", "year": 2026, "period": 1}
    w = open_window(qtbot, session)
    w.show_calendar().activate(item)
    ledger = w.current_page()
    assert ledger is not None and ledger.desc.id == "chronicle_review"
    values = dict(ledger.form.values())
    assert (values["kind"], values["year"], values["period"]) == ("month", 2026, 10)


def test_holiday_table_saves_imports_and_refuses_a_bad_row(
        qtbot: QtBot, session: UserSession, tmp_path: Path) -> None:
    """DOMAIN §5: the 组长 enters the coming year's 国务院办公厅 notice; a bad row is
    refused in Chinese and nothing typed is lost; the saved table moves the working days."""
    w = open_window(qtbot, session)
    page = w.show_calendar()

    def fill(dialog: HolidayTableDialog) -> None:
        dialog.import_text("2027-01-01,休,元旦\n2027-02-06,班,春节调休上班\n")
        dialog.add_row("2027-13-01", "休", "元旦")
        assert not dialog.save()
        error = child(dialog, QLabel, "holidayError").text()
        assert "第3行" in error and "2027-01-01" in error
        assert len(dialog.rows()) == 3  # nothing typed is lost
        assert dialog.table.currentRow() == 2  # the bad row is selected
        assert calendar_days(session) == []
        dialog.table.removeRow(2)
        assert dialog.save()

    when_modal(HolidayTableDialog, fill)
    assert page.edit_holidays()
    saved = calendar_days(session)
    assert [(r.date.isoformat(), r.kind, r.name) for r in saved] == [
        ("2027-01-01", "holiday", "元旦"), ("2027-02-06", "workday", "春节调休上班")]
    cal = work_calendar(session)
    assert cal.is_workday(dt.date(2027, 2, 6)) and not cal.is_workday(dt.date(2027, 1, 1))
    # Imported from a file as Windows Notepad saves it; the dialog shows the saved rows.
    dialog = HolidayTableDialog(session, w)
    qtbot.addWidget(dialog)
    assert len(dialog.rows()) == 2
    text_file = tmp_path / "2028年安排.txt"
    text_file.write_bytes("# 国务院办公厅通知\n2028-01-01，休，元旦\n2028-01-02 休 元旦\n"
                          .encode("gb18030"))
    assert dialog.import_file(str(text_file)) == 2
    assert "已导入 2 行" in dialog.error.text()
    dialog.add_row("2028-01-08", "调", "")
    assert not dialog.save()
    assert "类别应为“休”或“班”" in dialog.error.text()


def test_member_sees_the_holiday_table_but_may_not_change_it(
        qtbot: QtBot, session: UserSession, db_path: Path) -> None:
    """DOMAIN §5: only the 组长 or the 安全保密管理员 edits the table."""
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    member = login(db_path, "wangmy")
    try:
        dialog = HolidayTableDialog(member)
        qtbot.addWidget(dialog)
        assert not child(dialog, QPushButton, "holidaySave").isEnabled()
        assert "只有组长或安全保密管理员" in dialog.error.text()
    finally:
        member.close()


def test_tasks_list_this_persons_overdue_duty_with_its_article(
        qtbot: QtBot, session: UserSession, db_path: Path, duties: dict[str, Entry]) -> None:
    """献县办法 第三十四条: 待办 lists the 承办人's overdue 议定事项 (红) with its article and
    opens it; another member's list does not hold it."""
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    own = _action_item(session, "督促县审计局党组落实整改责任", "wangmy",
                       TODAY - dt.timedelta(days=1), TODAY - dt.timedelta(days=20))
    w = open_window(qtbot, session)
    w.show_tasks()
    table = child(w.tasks_page, QTableWidget, "dutyAttentionTable")
    row = _row_of(table, OVERDUE_MATTER)
    assert table.item(row, 0).text() == "已逾期（红）"
    assert table.item(row, 2).text() == "献县办法 第三十四条"
    assert "其中已逾期（红）" in child(w.tasks_page, QLabel, "dutyAttentionTitle").text()
    table.setCurrentCell(row, 0)
    w.tasks_page._open_duty(row)
    ledger = w.current_page()
    assert ledger is not None and ledger.form.entry is not None
    assert ledger.form.entry.id == duties["item"].id
    member = login(db_path, "wangmy")
    try:
        mw = open_window(qtbot, member)
        mine = child(mw.tasks_page, QTableWidget, "dutyAttentionTable")
        texts = [mine.item(r, 3).text() for r in range(mine.rowCount())]
        assert any("督促县审计局党组落实整改责任" in t for t in texts)
        assert not any(OVERDUE_MATTER in t for t in texts)
        assert own.status == "open"
    finally:
        member.close()


def test_reminder_after_login_when_a_duty_is_overdue(
        qtbot: QtBot, session: UserSession, duties: dict[str, Entry]) -> None:
    """濮阳·全程记实 第十条 (reminders) and 献县办法 第三十四条: after login a notice says
    what is overdue; it blocks nothing, 查看 shows the red items, 知道了 closes it."""
    w = open_window(qtbot, session)
    bar = w.reminder
    qtbot.waitUntil(bar.isVisible)
    text = child(bar, QLabel, "dutyReminderText").text()
    assert "已逾期（红）" in text and "议定事项按时限办结（献县办法 第三十四条）" in text
    qtbot.mouseClick(child(bar, QPushButton, "dutyReminderOpen"), Qt.MouseButton.LeftButton)
    page = w.content.currentWidget()
    assert isinstance(page, CalendarPage)
    assert page.tabs.currentIndex() == 1 and page.state_filter.currentIndex() == 2
    table = child(page, QTableWidget, "dutyTable")
    assert _row_of(table, OVERDUE_MATTER) >= 0
    qtbot.mouseClick(child(bar, QPushButton, "dutyReminderClose"), Qt.MouseButton.LeftButton)
    assert not bar.isVisible()


def test_no_reminder_when_nothing_is_red(qtbot: QtBot, session: UserSession) -> None:
    """A fresh database owes nothing yet: no notice."""
    w = open_window(qtbot, session)
    assert w.remind_overdue() == []
    assert not w.reminder.isVisible()


def test_calendar_prints_the_plan_through_the_preview_and_logs_it(
        qtbot: QtBot, session: UserSession, duties: dict[str, Entry],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """DOMAIN §6: the 工作计划表 goes through the print preview; saving it is logged."""
    from paizhu_desktop.core.printing.jobs import SAVED_PDF

    w = open_window(qtbot, session)
    page = w.show_calendar()
    monkeypatch.setattr("paizhu_desktop.gui.print_preview.PrintPreviewDialog.open",
                        lambda self: None)
    finish(qtbot, page.print_plan())
    preview = page.preview
    assert preview.doc.title == f"{page.calendar.yearShown()}年度工作计划表"
    assert preview.doc.pdf.startswith(b"%PDF")
    preview.doc.record(SAVED_PDF, 1)
    from sqlalchemy import select

    from paizhu_desktop.core.schema import audit_log

    with session.db.reading() as conn:
        recorded: list[Any] = [r.detail for r in conn.execute(
            select(audit_log).where(audit_log.c.action == "print"))]
    assert any("工作计划表" in d for d in recorded)
    finish(qtbot, page.print_reminders())
    assert "提醒单" in page.preview.doc.title
    finish(qtbot, page.print_report())
    assert page.preview.doc.title == f"{page.calendar.yearShown()}年度职责履行情况报告"


def test_the_calendar_page_needs_no_main_window(qtbot: QtBot, session: UserSession,
                                                duties: dict[str, Entry]) -> None:
    """The page stands on the session alone; its signals carry what to open."""
    page = CalendarPage(session, today=TODAY)
    qtbot.addWidget(page)
    opened: list[tuple[str, str]] = []
    page.open_entry.connect(lambda ledger, entry: opened.append((ledger, entry)))
    table = child(page, QTableWidget, "dutyTable")
    page.activate_row(_row_of(table, OVERDUE_MATTER))
    assert opened == [("action_item", duties["item"].id)]


def test_security_admin_edits_the_holiday_table_from_the_menu(
        qtbot: QtBot, session: UserSession, db_path: Path) -> None:
    """DOMAIN §5: the 安全保密管理员, who reads no ledger and has no 日历 page, enters the
    table through 安全 → 节假日调休表; no duty reminder is computed for the account."""
    from conftest import SECURITY_ADMIN

    admin = login(db_path, SECURITY_ADMIN)
    try:
        w = open_window(qtbot, admin)
        labels = [w.nav.topLevelItem(i).text(0) for i in range(w.nav.topLevelItemCount())]
        assert "日历" not in labels and not w.reminder.isVisible()
        assert w.action_holidays.isEnabled()

        def fill(dialog: HolidayTableDialog) -> None:
            dialog.import_text("2027-10-09,班,国庆节调休上班")
            assert dialog.save()

        when_modal(HolidayTableDialog, fill)
        w.action_holidays.trigger()
        assert [r.date for r in calendar_days(admin)] == [dt.date(2027, 10, 9)]
    finally:
        admin.close()


def test_month_view_names_holidays_and_adjusted_working_days(
        qtbot: QtBot, session: UserSession) -> None:
    """DOMAIN §5 (working days): the month view marks 国庆节 as 休 and the 调休 Sunday
    2026-09-20 as 班, as the State Council's 2026 schedule says; a group's own row
    (a 班 on a Saturday) shows once saved."""
    page = CalendarPage(session, today=dt.date(2026, 9, 15))
    qtbot.addWidget(page)
    page.calendar.setSelectedDate(QDate(2026, 10, 1))
    assert "国庆节（休）" in page.day_title.text()
    page.calendar.setSelectedDate(QDate(2026, 9, 20))
    assert "调休上班（班）" in page.day_title.text()
    page.calendar.setSelectedDate(QDate(2026, 9, 19))
    assert "休息日" in page.day_title.text()
    from paizhu_desktop.core.compliance import set_calendar_days

    set_calendar_days(session, [{"date": "2026-09-19", "kind": "班", "name": "演练调休"}])
    page.refresh()
    page.calendar.setSelectedDate(QDate(2026, 9, 18))
    page.calendar.setSelectedDate(QDate(2026, 9, 19))
    assert "调休上班（班）" in page.day_title.text()


def test_county_database_keeps_no_group_calendar(qtbot: QtBot, county: UserSession) -> None:
    """DOMAIN §7: a county database holds several groups' entries; it shows no 日历 of its
    own and no reminder (each group's report comes with its hand-off)."""
    w = open_window(qtbot, county)
    labels = [w.nav.topLevelItem(i).text(0) for i in range(w.nav.topLevelItemCount())]
    assert "待办事项" in labels and "日历" not in labels
    assert not w.reminder.isVisible()
    assert "汇总库不计算到期提醒" in child(w.tasks_page, QLabel, "dutyAttentionTitle").text()
