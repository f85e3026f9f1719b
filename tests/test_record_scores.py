"""濮阳·全程记实 第十五条 (monthly scoring, the quarterly ranking), 第五条 (indicators at
the start of the year), and the DECIMAL field kind the 濮阳·考核 score sheet needs
(第十条, 第十四条: 0.5-point steps)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from paizhu_desktop.core.compliance import State
from paizhu_desktop.core.handoff.transfer import export, import_file
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.fields import Field, FieldType
from paizhu_desktop.core.record_scores import record_scores
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, login, run_cli

PHRASE = "quan-cheng-ji-shi-2025-pingfen"


def _indicator(s: UserSession, kind: str, deadline: str, set_on: str = "2025-01-10") -> str:
    return s.ledgers.add("duty_indicator", {
        "year": 2025, "kind": kind, "responsibility": "principal", "subject": "leadership",
        "content": f"党组专题研究党风廉政建设（{kind}）", "deadline": deadline,
        "set_on": set_on}).id


def _record(s: UserSession, day: str, indicator: str, signed: dt.datetime | None) -> str:
    rid = s.ledgers.add("duty_record", {
        "occurred_on": day, "place": "局党组会议室", "people": "党组成员",
        "matter": "党组专题会议", "responsibility": "principal", "subject": "leadership",
        "summary": "研究党风廉政建设。", "indicator_id": indicator}).id
    if signed is not None:
        s.ledgers.clock = lambda: signed
        s.ledgers.step("duty_record", rid, "sign_off", note="内容属实")
    return rid


def _notice(s: UserSession, day: str) -> None:
    s.ledgers.add("duty_notice", {"notified_on": day, "month": int(day[5:7]),
                                  "content": "本月履行两个责任情况。"})


def fill_quarter(s: UserSession, late: bool = True) -> dict[str, str]:
    """A first quarter of 2025: January all on time; February's notice missing; March's
    record signed and notice given late (each only when ``late``)."""
    common = _indicator(s, "common", "2025-02-28")
    specific = _indicator(s, "specific", "2025-03-31")
    _notice(s, "2025-01-20")
    feb = _record(s, "2025-02-10", common, dt.datetime(2025, 2, 11, 16))  # due 02-13
    mar = _record(s, "2025-03-03", specific,  # due 03-06
                  dt.datetime(2025, 3, 10 if late else 5, 16))
    if not late:
        _notice(s, "2025-02-24")
    _notice(s, "2025-03-28" if late else "2025-03-20")
    return {"common": common, "specific": specific, "feb": feb, "mar": mar}


def test_each_month_scored_from_what_was_recorded_every_point_traced(
        session: UserSession) -> None:
    """濮阳·全程记实 第十五条: 每月…共性指标和个性指标记实情况进行审核评分 — on time 1, late
    ½, missed 0, per item of 第五条 (indicators by 31 January), 第十条 (按时限记实, 3个工作日
    内签字录入) and 第十一条 (25日前告知); 共性 and 个性 scored apart; a quarter is the mean."""
    ids = fill_quarter(session)
    scores = record_scores(session, 2025, on=dt.date(2025, 4, 15))
    g = scores.groups[0]
    jan, feb, mar = g.month(1), g.month(2), g.month(3)
    assert [i.duty for i in jan.items] == ["monthly_notice", "indicators_set"]
    assert jan.score == Decimal("100.00")
    # February: the indicator met and the record signed in time; no notice by the 25th.
    assert feb.score == Decimal("66.67") and feb.score_of("common") == Decimal("100.00")
    missed = [i for i in feb.items if i.state is State.OVERDUE]
    assert [(i.duty, i.points, i.article) for i in missed] == [
        ("monthly_notice", Decimal("0.00"), "濮阳·全程记实 第十一条")]
    # March: the record signed on the 10th (due the 6th) and the notice on the 28th.
    assert mar.score == Decimal("66.67") and mar.score_of("specific") == Decimal("75.00")
    signed = next(i for i in mar.items if i.duty == "record_signed")
    assert (signed.state, signed.points, signed.event, signed.kind) == (
        State.LATE, Decimal("0.50"), ("duty_record", ids["mar"]), "specific")
    met = next(i for i in feb.items if i.duty == "indicator_fulfilled")
    assert met.entries == (("duty_record", ids["feb"]),) and met.kind == "common"
    assert g.quarter(1) == Decimal("77.78")
    assert (g.quarter(1, "common"), g.quarter(1, "specific")) == (Decimal("100.00"),
                                                                  Decimal("75.00"))
    assert g.month(4).score is None and g.quarter(2) is None  # nothing due yet
    assert g.quarter_complete(1) and not g.quarter_complete(2)


def test_indicators_are_due_by_the_end_of_january(session: UserSession) -> None:
    """濮阳·全程记实 第五条: 每年年初 — the program's reading is 31 January; indicators set
    in February are late."""
    from paizhu_desktop.core.compliance import instances

    duty = CATALOG.duty("indicators_set")
    assert "1月31日" in duty.note
    _indicator(session, "common", "2025-06-30", set_on="2025-02-03")
    [one] = instances(session, on=dt.date(2025, 3, 1), start=dt.date(2025, 1, 1),
                      end=dt.date(2025, 12, 31), duty_ids=["indicators_set"])
    assert (one.due, one.state, one.done_on) == (dt.date(2025, 1, 31), State.LATE,
                                                 dt.date(2025, 2, 3))


def test_the_quarterly_notice_prints_and_the_cli_reports(
        session: UserSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """第十五条 得分…进行季度通报: the 通报 prints (密级, digest found again) and
    ``paizhu record-scores`` gives the same scores."""
    from pypdf import PdfReader

    from paizhu_desktop.core.printing.jobs import verify_print

    fill_quarter(session)
    path = session.db.path
    session.close()
    base = ["record-scores", "--db", str(path), "--user", LEADER, "--password-stdin",
            "--year", "2025", "--on", "2025-04-15"]
    code, out, err = run_cli([*base, "--format", "json"], PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["groups"][0]["quarters"][0]["score"] == "77.78"
    assert data["article"] == "濮阳·全程记实 第十五条" and "逾期完成计0.5分" in data["rule"]
    pdf = tmp_path / "通报.pdf"
    code, out, err = run_cli([*base, "--quarter", "1", "--print", "--out", str(pdf)],
                             PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "2025年第一季度全程记实得分通报" in text and "77.78" in text and "内部" in text
    digest = text.split("内容摘要")[1].split()[0]
    again = login(path, LEADER)
    try:
        check = verify_print(again, digest)
        assert "全程记实得分季度通报" in check.title
        assert (check.unchanged, check.changed, check.voided) == (6, [], [])
    finally:
        again.close()
    code, out, err = run_cli([*base, "--print"], PASSWORD + "\n", monkeypatch, capsys)
    assert code == 2 and "--out" in err


def test_a_county_ranks_its_groups_each_from_its_own_entries(
        tmp_path: Path, county: UserSession) -> None:
    """第十五条 得分排名进行季度通报: in the county database each group is scored from the
    entries its hand-off file brought, and the groups are ranked by the quarter."""
    names = ("示例县纪委监委派驻第一纪检监察组", "示例县纪委监委派驻第二纪检监察组")
    for n, name in enumerate(names):
        s, _ = UserSession.create(tmp_path / f"{n}.db", LEADER, PASSWORD, admins=ADMINS,
                                  group_name=name, kdf=CHEAP_KDF)
        fill_quarter(s, late=n == 0)
        export(s, tmp_path / f"{n}.pzx", PHRASE, year=2025, kdf=CHEAP_KDF)
        s.close()
        import_file(county, tmp_path / f"{n}.pzx", PHRASE)
    scores = record_scores(county, 2025, on=dt.date(2025, 4, 15))
    ranked = [(rank, g.name, score) for rank, g, score in scores.ranking(1)]
    assert ranked == [(1, names[1], Decimal("100.00")), (2, names[0], Decimal("77.78"))]
    one = record_scores(county, 2025, on=dt.date(2025, 4, 15), group=names[0])
    assert [g.name for g in one.groups] == [names[0]]


# -- the DECIMAL field kind ------------------------------------------------------------

def test_a_decimal_field_is_exact_and_refuses_what_it_cannot_hold() -> None:
    """濮阳·考核 第十四条: 0.5-point steps — a decimal field keeps its declared places
    exactly (0.1 stays 0.1), never rounds, and says why it refuses."""
    f = Field("score", "得分", FieldType.DECIMAL, minimum=0, maximum=100, places=2)
    assert f.normalise("87.5") == ("87.50", None)
    assert f.normalise(0.1) == ("0.10", None)
    assert f.normalise(Decimal("-0")) == ("0.00", None)
    assert f.normalise(90) == ("90.00", None)
    assert f.normalise("87.555")[1] == "“得分”最多 2 位小数"
    assert f.normalise(100.5)[1] == "“得分”不能大于 100"
    assert "应为数字" in str(f.normalise(True)[1])
    assert "应为数字" in str(f.normalise("八十")[1])
    assert (f.to_column("87.50"), f.from_column(8750)) == (8750, "87.50")
    assert f.json_schema()["places"] == 2
    with pytest.raises(ValueError, match="places"):
        Field("score", "得分", FieldType.DECIMAL)


def _v1_catalog() -> Catalog:
    """The catalog as it was before decimals: the score sheet's whole-number scores."""
    desc = CATALOG.ledger("score_sheet")
    fields = tuple(dataclasses.replace(f, retired=False, required=True)
                   if f.type is FieldType.INTEGER and f.name[1] == "_" and f.retired else f
                   for f in desc.fields if not f.succeeds)
    old = dataclasses.replace(desc, fields=fields, version=1)
    return Catalog([old if d.id == "score_sheet" else d for d in CATALOG.ledgers()],
                   CATALOG.chapters)


def test_decimal_scores_succeed_the_whole_numbers_on_an_earlier_database(
        tmp_path: Path) -> None:
    """濮阳·考核 第十条: a score sheet entered with whole numbers reads, verifies and
    computes the same after the scores became decimals; saved again it takes its
    numbers into the decimal fields; new sheets sort and add exactly in SQL."""
    from sqlalchemy import func, select

    path = tmp_path / "组.db"
    s, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF,
                              catalog=_v1_catalog())
    old = s.ledgers.add("score_sheet", {
        "year": 2025, "unit": "示例县财政局党组",
        **{f"{p}_{k}": 90 for p in "ps" for k in ("daily", "vote", "survey", "test")}})
    s.close()
    s = login(path, LEADER)
    try:
        assert s.verify().ok
        read = s.ledgers.get("score_sheet", old.id).values
        assert (read["p_daily"], read["p_daily_score"], read["total_score"]) == (
            90, None, "90.00")
        edited = s.ledgers.edit("score_sheet", old.id, {"remarks": "补录备注"}).values
        assert (edited["p_daily"], edited["p_daily_score"]) == (90, "90.00")
        # Input under the retired name goes to the decimal field (JSON written before).
        new = s.ledgers.add("score_sheet", {
            "year": 2025, "unit": "示例县审计局党组", "p_daily": "92.5",
            **{f"{p}_{k}_score": "89.75" for p in "ps" for k in ("daily", "vote", "survey",
                                                                   "test") if p + k != "pdaily"}})
        assert new.values["p_daily_score"] == "92.50" and new.values["p_daily"] is None
        desc = s.catalog.ledger("score_sheet")
        column = s.catalog.table(desc).c[desc.field("p_daily_score").column]
        with s.db.reading() as conn:
            assert conn.execute(select(func.sum(column))).scalar() == 9000 + 9250
        order = s.ledgers.list("score_sheet", order_by=("p_daily_score", True))
        assert [e.id for e in order] == [new.id, old.id]
        assert s.verify().ok
    finally:
        s.close()


def test_the_scores_page_shows_the_months_and_opens_an_entry(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    """濮阳·全程记实 第十五条: the 记实评分 page shows each month and quarter, the items
    behind a score, and opens the entry an item rests on."""
    from gui_helpers import open_window

    ids = fill_quarter(session)
    w = open_window(qtbot, session)
    page = w.show_record_scores()
    page.year.setValue(2025)
    page.quarter.setCurrentIndex(0)
    rows = {page.table.item(r, 0).text(): r for r in range(page.table.rowCount())}
    assert page.table.item(rows["第一季度"], 1).text() == "77.78"
    page.table.selectRow(rows["3月"])
    assert page.items.rowCount() == 3
    row = next(r for r in range(page.items.rowCount())
               if page.items.item(r, 4).text() == "逾期完成"
               and "签字" in page.items.item(r, 1).text())
    with qtbot.wait_signal(page.open_entry) as opened:
        page._open(row)
    assert opened.args == ["duty_record", ids["mar"]]
