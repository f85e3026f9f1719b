"""The compliance calendar: working days, the duties of 组务会 (献县办法 第三十二条),
议定事项 (第三十四条), 大事记 汇总审定 (第五十条) and 印章外带 (第六十二条), the
yearly report and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from paizhu_desktop.core import compliance
from paizhu_desktop.core.compliance import State, WorkCalendar
from paizhu_desktop.core.compliance.report import compliance_report
from paizhu_desktop.core.compliance.service import parse_table_text
from paizhu_desktop.core.compliance.workdays import DayRule
from paizhu_desktop.core.errors import PermissionDenied, ValidationError
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

from conftest import (
    ADMINS,
    CHEAP_KDF,
    LEADER,
    PASSWORD,
    SECURITY_ADMIN,
    add_account,
    login,
    run_cli,
)

D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def by(items: list[compliance.Instance], duty: str) -> list[compliance.Instance]:
    return [i for i in items if i.duty.id == duty]


# -- working days ------------------------------------------------------------------------


def test_ten_working_days_after_the_national_day_week() -> None:
    """A period of N working days after day D does not count D; 国庆 2026 and its 调休
    Saturday 10-10 count as the State Council set them (杨陵巡察办法 第三十五条's 10 days)."""
    cal = WorkCalendar()
    assert cal.add_workdays(D(2026, 9, 28), 10) == D(2026, 10, 16)
    assert cal.workdays(D(2026, 10, 1), D(2026, 10, 31)) == 18
    assert cal.is_workday(D(2026, 9, 20))  # a Sunday worked for 国庆
    assert not cal.is_workday(D(2026, 10, 5))
    assert cal.holiday_name(D(2026, 10, 1)) == "国庆节"
    assert cal.add_workdays(D(2026, 9, 28), 0) == D(2026, 9, 28)
    with pytest.raises(ValueError):
        cal.add_workdays(D(2026, 9, 28), -1)


def test_holiday_periods_include_the_adjoining_weekend() -> None:
    cal = WorkCalendar()
    periods = {name: (first, last) for name, first, last in cal.holiday_periods(2026)}
    assert periods["国庆节"] == (D(2026, 10, 1), D(2026, 10, 7))
    assert periods["春节"][0] <= D(2026, 2, 17) <= periods["春节"][1]


def test_the_groups_table_overrides_the_package() -> None:
    """A year the package does not know yet: the group enters the 国务院办公厅 notice."""
    plain = WorkCalendar()
    cal = WorkCalendar([DayRule(D(2027, 3, 1), "holiday", "补休"),
                        DayRule(D(2027, 3, 6), "workday", "调休上班")])
    assert plain.is_workday(D(2027, 3, 1)) and not cal.is_workday(D(2027, 3, 1))
    assert not plain.is_workday(D(2027, 3, 6)) and cal.is_workday(D(2027, 3, 6))
    assert cal.holiday_name(D(2027, 3, 1)) == "补休"
    assert cal.add_workdays(D(2027, 2, 26), 1) == D(2027, 3, 2)
    assert cal.add_workdays(D(2027, 3, 5), 1) == D(2027, 3, 6)


def test_table_is_kept_audited_and_only_by_the_leader_or_security_admin(
        session: UserSession) -> None:
    rows = parse_table_text("# 2027 年部分安排\n2027-03-01,休,补休\n2027-02-27 班 调休上班\n")
    rules = compliance.set_calendar_days(session, rows)
    assert [r.kind for r in rules] == ["workday", "holiday"]
    assert compliance.work_calendar(session).is_workday(D(2027, 2, 27))
    assert session.verify().ok
    add_account(session, "wangmy", [Role.MEMBER])
    member = login(session.db.path, "wangmy")
    try:
        with pytest.raises(PermissionDenied, match="组长或安全保密管理员"):
            compliance.set_calendar_days(member, rows)
    finally:
        member.close()
    admin = login(session.db.path, SECURITY_ADMIN)
    try:
        compliance.set_calendar_days(admin, rows[:1])
        assert len(compliance.calendar_days(admin)) == 1
    finally:
        admin.close()


@pytest.mark.parametrize(("text", "problem"), [
    ("2027-02-30,休,春节", "应写作 2027-01-01"),
    ("2027-03-01,放假,补休", "“休”或“班”"),
    ("1900-01-01,休,元旦", "1949–2100"),
    ("2027-03-01,休," + "春" * 30, "不能超过"),
])
def test_a_bad_table_row_is_named_and_nothing_is_saved(session: UserSession, text: str,
                                                     problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        compliance.set_calendar_days(session, parse_table_text("2027-01-01,休,元旦\n" + text))
    assert "第2行" in str(caught.value.errors) and problem in str(caught.value.errors)
    assert compliance.calendar_days(session) == []


# -- 组务会 every week (第三十二条) --------------------------------------------------------


def meeting(session: UserSession, day: dt.date) -> str:
    return session.ledgers.add("group_meeting", {
        "date": day.isoformat(), "host": "张组长", "recorder": "王明远", "attendees": "全体",
        "agenda": [{"topic": "传达学习县纪委全会精神", "category": "1"}],
        "discussion": "逐项研究，形成意见。"}).id


def test_weekly_group_meeting_done_missed_and_open(session: UserSession) -> None:
    """献县办法 第三十二条: a meeting each week; a week without one is red once it ends."""
    first = meeting(session, D(2026, 11, 2))
    meeting(session, D(2026, 11, 18))
    items = by(compliance.instances(session, on=D(2026, 11, 20), start=D(2026, 11, 1),
                                    end=D(2026, 11, 30)), "weekly_group_meeting")
    states = {i.start: i for i in items}
    assert states[D(2026, 11, 2)].state is State.DONE
    assert states[D(2026, 11, 2)].entries == (("group_meeting", first),)
    assert states[D(2026, 11, 9)].state is State.OVERDUE
    assert states[D(2026, 11, 9)].warning == "红"
    assert states[D(2026, 11, 16)].state is State.DONE
    assert states[D(2026, 11, 23)].state is State.OPEN
    assert states[D(2026, 11, 23)].due == D(2026, 11, 29)
    assert all(i.duty.article == "献县办法 第三十二条" for i in items)


def test_a_week_of_holidays_owes_no_meeting(session: UserSession) -> None:
    """第三十二条 says 原则上每周: 春节 2026-02-16—22 has no working day, so no meeting."""
    meeting(session, D(2026, 2, 2))
    items = by(compliance.instances(session, on=D(2026, 3, 1), start=D(2026, 2, 1),
                                    end=D(2026, 2, 28)), "weekly_group_meeting")
    assert D(2026, 2, 16) not in {i.start for i in items}
    assert D(2026, 2, 9) in {i.start for i in items}


def test_nothing_is_due_before_the_calendar_starts(session: UserSession) -> None:
    """A database made today owes no meeting for last year's weeks."""
    items = compliance.instances(session, on=dt.date.today(),
                                 start=dt.date.today() - dt.timedelta(days=400),
                                 end=dt.date.today() - dt.timedelta(days=30))
    assert items == []


def test_an_old_date_in_another_ledger_does_not_start_the_meetings(
        session: UserSession) -> None:
    """A post held since 2021 (第六十七条) owes no 组务会 for 2021–2025 (第三十二条)."""
    session.ledgers.add("post_tenure", {"person": LEADER, "post": "监督检查岗",
                                        "since": "2021-03-01"})
    items = by(compliance.instances(session, on=dt.date.today(), start=D(2021, 1, 1),
                                    end=D(2025, 12, 31)), "weekly_group_meeting")
    assert items == []


# -- 议定事项 deadlines (第三十四条), across the year's end ---------------------------------


def item(session: UserSession, decided: dt.date, deadline: dt.date, owner: str = LEADER) -> str:
    return session.ledgers.add("action_item", {
        "decided_on": decided.isoformat(), "matter": "督促驻在部门完成问题整改并报送情况",
        "owner": owner, "deadline": deadline.isoformat()}).id


def test_action_item_due_soon_blue_then_yellow_then_red(session: UserSession) -> None:
    """献县办法 第三十四条 (确保任务及时完成): 蓝 five days ahead, 黄 in the last two, 红 after."""
    item(session, D(2026, 11, 2), D(2026, 11, 30))

    def state_on(day: dt.date) -> compliance.Instance:
        (got,) = by(compliance.instances(session, on=day, start=D(2026, 11, 1),
                                         end=D(2026, 12, 31)), "action_item_deadline")
        return got

    assert state_on(D(2026, 11, 20)).state is State.OPEN
    assert state_on(D(2026, 11, 25)).warning == "蓝"
    assert state_on(D(2026, 11, 29)).warning == "黄"
    late = state_on(D(2026, 12, 2))
    assert late.state is State.OVERDUE and late.warning == "红" and late.days_left == -2
    assert late.owner == LEADER and late.event is not None


def test_last_years_overdue_item_stays_red_on_the_first_of_january(
        session: UserSession) -> None:
    """第三十四条: an item overdue since December is still in 待办 on 1 January."""
    item(session, D(2025, 12, 1), D(2025, 12, 20))
    red = by(compliance.attention(session, on=D(2026, 1, 1)), "action_item_deadline")
    assert [(i.label, i.warning) for i in red] == [("“督促驻在部门完成问题整改并报送情况”", "红")]
    this_year = compliance.instances(session, on=D(2026, 1, 1))
    assert by(this_year, "action_item_deadline") == []  # not due this year …
    carried = compliance.instances(session, on=D(2026, 1, 1), carry=True)
    assert by(carried, "action_item_deadline")[0].due == D(2025, 12, 20)  # … but carried


def test_an_item_done_late_is_late(session: UserSession) -> None:
    """第三十四条: 办结 after the 完成时限 counts as done late in the report."""
    entry = item(session, D(2026, 3, 2), D(2026, 3, 10))
    session.ledgers.step("action_item", entry, "complete",
                         data={"completed_on": "2026-03-12", "evidence": "已报送整改情况。"})
    (got,) = by(compliance.instances(session, on=D(2026, 4, 1)), "action_item_deadline")
    assert got.state is State.LATE and got.done_on == D(2026, 3, 12)
    report = compliance_report(session, 2026, D(2026, 4, 1))
    line = next(t for t in report.duties if t.key == "action_item_deadline")
    assert (line.due, line.on_time, line.late, line.missed) == (1, 0, 1, 0)


def test_another_persons_item_is_theirs_and_the_leaders(session: UserSession) -> None:
    """The 承办人 sees the item; the 组长 follows every one (第三十四条 全过程管理)."""
    add_account(session, "wangmy", [Role.MEMBER])
    add_account(session, "lihq", [Role.MEMBER])
    item(session, D(2026, 11, 2), D(2026, 11, 10), owner="wangmy")
    on = D(2026, 11, 12)
    assert len(by(compliance.attention(session, on=on), "action_item_deadline")) == 1
    for name, expected in (("wangmy", 1), ("lihq", 0)):
        other = login(session.db.path, name)
        try:
            assert len([i for i in compliance.attention(other, on=on)
                        if i.duty.id == "action_item_deadline"]) == expected
        finally:
            other.close()


# -- 大事记 汇总 and 审定 (第五十条) --------------------------------------------------------


def review(session: UserSession, kind: str, year: int, period: int | None,
           signed: dt.datetime | None) -> str:
    values: dict[str, object] = {"kind": kind, "year": year,
                                 "summary": "本期大事要事均已按序记载、整理。"}
    if period is not None:
        values["period"] = period
    entry = session.ledgers.add("chronicle_review", values).id
    session.ledgers.step("chronicle_review", entry, "submit")
    if signed is not None:
        session.ledgers.clock = lambda: signed
        session.ledgers.step("chronicle_review", entry, "sign_off", note="同意")
        session.ledgers.clock = dt.datetime.now
    return entry


def test_chronicle_month_summary_on_time_late_and_missing(session: UserSession) -> None:
    """献县办法 第五十条: 一月一汇总, 经组长审定 — within 5 working days of the month's end."""
    review(session, "month", 2026, 8, at(D(2026, 9, 3)))  # 3rd working day: on time
    review(session, "month", 2026, 9, at(D(2026, 10, 20)))  # after 国庆: late
    review(session, "month", 2026, 10, None)  # submitted, never signed off
    items = {i.label: i for i in by(compliance.instances(session, on=D(2026, 11, 23)),
                                    "chronicle_month")}
    assert items["2026年8月"].state is State.DONE
    assert items["2026年9月"].state is State.LATE
    assert items["2026年9月"].due == D(2026, 10, 13)  # 5 working days after 9-30, 国庆 skipped
    assert items["2026年10月"].state is State.OVERDUE
    assert "2026年7月" not in items  # before the first month the database holds


def test_december_summary_is_due_in_january(session: UserSession) -> None:
    """第五十条 across the year's end: December's 汇总 falls due in the new year."""
    review(session, "month", 2025, 11, at(D(2025, 12, 2)))
    items = by(compliance.instances(session, on=D(2026, 1, 15), start=D(2026, 1, 1),
                                    end=D(2026, 1, 31)), "chronicle_month")
    assert [(i.label, i.state) for i in items] == [("2025年12月", State.OVERDUE)]


# -- 印章外带 return (第六十二条) -----------------------------------------------------------


def test_seal_taken_out_and_not_back_is_red(made: tuple[Path, str]) -> None:
    """献县办法 第六十二条: the seal goes out with the 组长's approval and comes back on time."""
    path, _ = made
    leader = login(path, LEADER)
    add_account(leader, "yinzh", [Role.SEAL_CUSTODIAN])
    member = login(path, "wangmy")
    custodian = login(path, "yinzh")
    try:
        outing = member.ledgers.add("seal_outing", {
            "planned_out": "2026-11-16 09:00", "planned_return": "2026-11-17 17:00",
            "destination": "示例县财政局", "reason": "现场送达监督意见书需当场用印"}).id
        leader.ledgers.step("seal_outing", outing, "approve", note="同意")
        custodian.ledgers.step("seal_outing", outing, "take_out",
                               data={"out_at": "2026-11-16 09:10"})
        (got,) = by(compliance.instances(custodian, on=D(2026, 11, 20)), "seal_outing_return")
        assert got.state is State.OVERDUE and got.owner == "wangmy"
        assert [i.duty.id for i in compliance.attention(custodian, on=D(2026, 11, 20))] == [
            "seal_outing_return"]
        custodian.ledgers.step("seal_outing", outing, "give_back",
                               data={"returned_at": "2026-11-17 16:30"})
        (got,) = by(compliance.instances(custodian, on=D(2026, 11, 20)), "seal_outing_return")
        assert got.state is State.DONE
    finally:
        for s in (leader, member, custodian):
            s.close()


# -- declarations, report and CLI ------------------------------------------------------


def test_every_duty_cites_an_article_of_a_known_regulation(session: UserSession) -> None:
    declared = compliance.duty_json(session)
    ids = {d["id"] for d in declared}
    assert {"weekly_group_meeting", "action_item_deadline", "chronicle_month",
            "chronicle_half", "chronicle_year", "seal_outing_return"} <= ids
    for d in declared:
        assert d["article"].split(" ")[0] in {"献县办法", "濮阳·全程记实", "濮阳·谈话",
                                              "濮阳·述责述廉", "濮阳·考核", "濮阳·问责",
                                              "杨陵巡察办法", "庆城两个责任办法", "常州经验"}
        assert "第" in d["article"] and "条" in d["article"]


def test_the_report_has_a_line_for_every_duty(session: UserSession) -> None:
    """第三十二条 and 第五十条 counted: due, on time, late, missed, open."""
    meeting(session, D(2026, 11, 2))
    report = compliance_report(session, 2026, D(2026, 11, 20))
    lines = {t.key: t for t in report.duties}
    assert set(lines) == {d.id for d in session.db.catalog.duties()}
    weekly = lines["weekly_group_meeting"]
    assert (weekly.on_time, weekly.missed, weekly.open) == (1, 1, 6)
    assert weekly.rate == "50.0%"
    assert report.as_json()["total"]["due"] == report.total.due


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    def go(argv: list[str], stdin: str = "") -> tuple[int, str]:
        code, out, err = run_cli(argv, stdin, monkeypatch, capsys)
        return code, out + err
    return go


def test_cli_working_days(run) -> None:  # type: ignore[no-untyped-def]
    assert run(["calendar", "add-workdays", "2026-09-28", "10"]) == (0, "2026-10-16\n")
    assert run(["calendar", "workdays", "--from", "2026-10-01", "--to", "2026-10-31"]) == (
        0, "18\n")
    code, out = run(["calendar", "workdays", "--from", "2026-10-31", "--to", "2026-10-01"])
    assert code == 2 and "不能早于" in out
    code, out = run(["calendar", "holidays", "--year", "2026"])
    assert code == 0 and "国庆节\t2026-10-01 至 2026-10-07" in out and "2026-10-10（星期六）" in out


def test_cli_duties_json_and_the_table(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """``paizhu duties --format json`` lists every duty with its citation and its instances."""
    path = tmp_path / "组.db"
    s, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    meeting(s, D(2026, 11, 2))
    s.close()
    base = ["--db", str(path), "--user", LEADER, "--password-stdin"]
    code, out = run(["duties", *base, "--on", "2026-11-20", "--format", "json"], PASSWORD + "\n")
    assert code == 0
    data = json.loads(out)
    weekly = next(d for d in data["duties"] if d["id"] == "weekly_group_meeting")
    assert weekly["article"] == "献县办法 第三十二条" and weekly["frequency"] == "每周"
    states = {(i["duty"], i["label"][:10]): i["state"] for i in data["instances"]}
    assert states[("weekly_group_meeting", "2026年第45周（")] == "done"
    assert states[("weekly_group_meeting", "2026年第46周（")] == "overdue"
    table = tmp_path / "调休.txt"
    table.write_text("2027-03-01,休,补休\n", encoding="utf-8")
    code, out = run(["calendar", "table", *base, "--set", str(table)], PASSWORD + "\n")
    assert code == 0 and "2027-03-01,休,补休" in out
    code, out = run(["calendar", "add-workdays", "2027-02-26", "1", *base], PASSWORD + "\n")
    assert out.strip().endswith("2027-03-02")
    code, out = run(["compliance", *base, "--year", "2026", "--on", "2026-11-20"], PASSWORD + "\n")
    assert code == 0 and "召开组务会\t献县办法 第三十二条" in out


def test_the_handoff_carries_the_table_and_the_report(session: UserSession,
                                                      county: UserSession,
                                                      tmp_path: Path) -> None:
    """The county counts the same working days and sees the group's yearly report."""
    from sqlalchemy import select

    from paizhu_desktop.core.handoff.transfer import export, import_file, inspect
    from paizhu_desktop.core.schema import handoff_compliance

    compliance.set_calendar_days(session, parse_table_text("2026-12-31,休,示例补休\n"))
    meeting(session, D(2026, 11, 2))
    phrase = "lan-shan-qiao-song-he-yun-2026"
    path = tmp_path / "2026.pzx"
    export(session, path, phrase, year=2026, kdf=CHEAP_KDF)
    manifest = inspect(path, phrase)
    assert manifest.calendar == [{"date": "2026-12-31", "kind": "holiday", "name": "示例补休"}]
    assert any(line.startswith("2026 年职责履行") for line in manifest.describe())
    import_file(county, path, phrase)
    with county.db.reading() as conn:
        row = conn.execute(select(handoff_compliance)).one()
    assert row.origin == session.db.db_id and row.year == 2026
    assert json.loads(row.calendar)[0]["name"] == "示例补休"
    weekly = next(d for d in json.loads(row.report)["duties"]
                  if d["key"] == "weekly_group_meeting")
    assert weekly["article"] == "献县办法 第三十二条" and weekly["on_time"] == 1


def test_cli_prints_the_duty_papers(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """工作计划表, 提醒单 and 职责履行情况报告 from the command line, logged as printed."""
    from pypdf import PdfReader

    path = tmp_path / "组.db"
    s, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    meeting(s, D(2026, 11, 2))
    s.close()
    base = ["--db", str(path), "--user", LEADER, "--password-stdin", "--on", "2026-11-20"]
    for kind, words in (("plan", "工作计划表"), ("report", "职责履行情况"),
                        ("reminders", "提醒单")):
        out = tmp_path / f"{kind}.pdf"
        extra = ["--month", "11"] if kind == "reminders" else []
        code, said = run(["duties", *base, "--print", kind, "--out", str(out), *extra],
                         PASSWORD + "\n")
        assert code == 0, said
        text = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")
        assert words in text and "第三十二条" in text
    code, said = run(["duties", *base, "--print", "reminders", "--out", "x.pdf"],
                     PASSWORD + "\n")
    assert code == 2 and "--month" in said


def test_rows_read_a_table_field_as_its_rows(session: UserSession) -> None:
    """What the calendar reads of an entry is what the entry holds (议题 rows, not JSON)."""
    from paizhu_desktop.core.ledgers.records import StoredRecords

    entry = meeting(session, D(2026, 11, 2))
    with session.db.reading() as conn:
        rows = StoredRecords(conn, session.catalog).rows("group_meeting", ["agenda", "date"])
    assert rows == [(entry, "", [{"topic": "传达学习县纪委全会精神", "category": "1"}],
                     "2026-11-02")]
