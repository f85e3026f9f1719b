"""Statistics (常州经验; DOMAIN §7): each declared figure per group and period, checked
against a naive count; the records behind a figure; the workbook; the CLI."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from openpyxl import load_workbook

from paizhu_desktop.core import statistics
from paizhu_desktop.core.errors import ValidationError
from paizhu_desktop.core.handoff.transfer import export, import_file
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, AUDITOR, CHEAP_KDF, LEADER, PASSWORD, login, run_cli

PHRASE = "qing-shan-lv-shui-2026-tongji"


def fill(session: UserSession, seed: int, year: int = 2026) -> None:
    """Generated records of ``year``: chronicle entries of each category, meetings."""
    rng = random.Random(seed)
    for n in range(40):
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(300))
        session.ledgers.add("chronicle", {
            "date_start": day.isoformat(), "category": str(rng.randint(1, 6)),
            "content": f"第{n + 1}项记载：列席驻在部门党组会议并提出监督意见"})
    for _ in range(12):
        day = dt.date(year, 1, 5) + dt.timedelta(days=7 * rng.randrange(40))
        session.ledgers.add("group_meeting", {
            "date": day.isoformat(), "host": "组长", "recorder": "记录员", "attendees": "全体",
            "agenda": [{"topic": "研究监督检查工作", "category": "3"}],
            "discussion": "逐项研究。"})
    # One entry voided: voided entries never count.
    entry = session.ledgers.add("chronicle", {"date_start": f"{year}-03-03", "category": "5",
                                              "content": "登记有误的记载"})
    session.ledgers.void("chronicle", entry.id, "重复登记")


def naive(session: UserSession, ledger: str, months: range, year: int = 2026,
          **where: str) -> int:
    """The same figure counted the slow way: every entry listed and tested."""
    desc = session.catalog.ledger(ledger)
    out = 0
    for e in session.ledgers.list(ledger, date_from=f"{year}-01-01", date_to=f"{year}-12-31"):
        day = str(e.values[desc.date_field])
        if int(day[5:7]) in months and all(e.values.get(k) == v for k, v in where.items()):
            out += 1
    return out


def test_figures_match_a_naive_count_by_quarter(session: UserSession) -> None:
    """献县办法 第四十八条（五） and 第三十二条 counted per quarter as a clerk would."""
    fill(session, 1)
    stats = statistics.compute(session, 2026, "quarter")
    assert [label for _, label, _ in stats.periods] == ["第一季度", "第二季度", "第三季度",
                                                        "第四季度"]
    for _key, _label, months in stats.periods:
        quarter = range(months[0], months[-1] + 1)
        assert stats.value("interference", "", months) == naive(session, "chronicle", quarter,
                                                                category="5")
        assert stats.value("group_meetings", "", months) == naive(session, "group_meeting",
                                                                  quarter)
    assert stats.value("chronicle_entries") == 40
    behind = statistics.records_behind(session, "interference", 2026)
    assert len(behind) == stats.value("interference")
    assert all(session.ledgers.get(lid, eid).values["category"] == "5" for lid, eid in behind)


def test_a_year_against_the_last_and_the_trend_match_a_naive_count(
        session: UserSession) -> None:
    """献县办法 第四十八条（五） and 第三十二条: each quarter against the same quarter of
    the year before (同比), and each year of the trend, counted as a clerk would."""
    for year, seed in ((2024, 5), (2025, 6), (2026, 7)):
        fill(session, seed, year)
    comparison = statistics.compare(session, 2026, "quarter")
    assert comparison.previous.year == 2025
    for _key, _label, months in comparison.current.periods:
        quarter = range(months[0], months[-1] + 1)
        for figure_id, ledger, where in (("interference", "chronicle", {"category": "5"}),
                                         ("group_meetings", "group_meeting", {})):
            c = comparison.change(figure_id, "", months)
            assert c.value == naive(session, ledger, quarter, 2026, **where)
            assert c.previous == naive(session, ledger, quarter, 2025, **where)
            assert c.delta == c.value - c.previous
            if c.previous:
                assert c.percent == round(100 * (c.value - c.previous) / c.previous, 1)
    whole = comparison.change("chronicle_entries")
    assert (whole.value, whole.previous, whole.delta_text, whole.percent_text) == (
        40, 40, "0", "0.0%")
    # Nothing the year before: no percentage, a clear “—”.
    first = statistics.compare(session, 2024).change("chronicle_entries")
    assert (first.previous, first.percent, first.percent_text, first.delta_text) == (
        0, None, "—", "+40")
    assert comparison.as_json()["groups"][0]["values"]["chronicle_entries"]["total"] == {
        "value": 40, "previous": 40, "change": 0, "percent": 0.0}

    trend = statistics.trend(session)
    assert trend.years == [2024, 2025, 2026]
    for year in trend.years:
        assert trend.value("group_meetings", year) == naive(session, "group_meeting",
                                                            range(1, 13), year)
        assert trend.value("interference", year) == naive(session, "chronicle", range(1, 13),
                                                          year, category="5")
    assert trend.series("chronicle_entries") == [40, 40, 40]
    later = statistics.trend(session, 2025, 2027, figure_ids=["chronicle_entries"])
    assert later.years == [2025, 2026, 2027] and later.series("chronicle_entries") == [40, 40, 0]
    with pytest.raises(ValidationError, match="晚于"):
        statistics.trend(session, 2026, 2025)


def test_a_county_sees_each_group_and_their_compliance(tmp_path: Path, county: UserSession) -> None:
    """Two groups' files: figures side by side, records attributed, a missing year said."""
    groups = []
    names = ("示例县纪委监委派驻第一纪检监察组", "示例县纪委监委派驻第二纪检监察组")
    for n, name in enumerate(names):
        s, _ = UserSession.create(tmp_path / f"{n}.db", LEADER, PASSWORD, admins=ADMINS,
                                  group_name=name, kdf=CHEAP_KDF)
        fill(s, n + 10)
        path = tmp_path / f"{n}.pzx"
        export(s, path, PHRASE, year=2026, kdf=CHEAP_KDF)
        import_file(county, path, PHRASE)
        groups.append((s.db.db_id, s))
    stats = statistics.compute(county, 2026)
    assert {o for o, _ in stats.groups} == {db_id for db_id, _ in groups}
    for db_id, s in groups:
        assert stats.value("interference", db_id) == naive(s, "chronicle", range(1, 13),
                                                           category="5")
        s.close()
    assert stats.value("chronicle_entries") == 80
    trend = statistics.trend(county)
    assert trend.years == [2026]
    assert [trend.value("interference", 2026, o) for o, _ in groups] == [
        stats.value("interference", o) for o, _ in groups]
    first = groups[0][0]
    behind = statistics.records_behind(county, "group_meetings", 2026, first)
    assert len(behind) == stats.value("group_meetings", first)
    assert all(county.ledgers.get(lid, eid).origin == first for lid, eid in behind)
    reports = statistics.compliance_by_group(county, 2026)
    assert all(r["year"] == 2026 for _, _, r in reports)
    assert statistics.compliance_by_group(county, 2025)[0][2] == {}  # 未报送
    one = statistics.compute(county, 2026, group="示例县纪委监委派驻第二纪检监察组")
    assert len(one.groups) == 1


def test_the_workbook_holds_figures_only_with_its_marking(session: UserSession,
                                                          tmp_path: Path) -> None:
    fill(session, 2)
    comparison = statistics.compare(session, 2026, "month")
    out = statistics.write_xlsx(session, comparison.current, tmp_path / "统计.xlsx",
                                comparison=comparison, trend=statistics.trend(session))
    wb = load_workbook(out)
    assert wb.sheetnames == ["统计", "职责履行", "同比", "趋势"]
    assert all(wb[name]["A1"].value == "密级：内部" for name in wb.sheetnames)
    assert [c.value for c in wb["同比"][2]][4:] == ["2026年", "2025年同期", "增减", "增减幅度"]
    assert [c.value for c in wb["趋势"][2]][4:] == ["2026年"]
    # Nothing in 2025: every 增减幅度 is “—”, never a division by zero.
    assert {r[7] for r in wb["同比"].iter_rows(min_row=3, values_only=True)} == {"—"}
    sheet = wb["统计"]
    assert sheet["A1"].value == "密级：内部"
    cells = [str(c.value) for row in wb["统计"].iter_rows() for c in row if c.value is not None]
    assert "1月" in cells and "打听干预监督执纪、案件查办的记载" in cells
    assert not any("列席驻在部门党组会议" in c for c in cells)  # no record content
    auditor = login(session.db.path, AUDITOR)
    try:
        logged = auditor.audit_entries(actions=["export"])
    finally:
        auditor.close()
    assert logged and "统计报表" in str(logged[0].detail)


def test_cli_stats(session: UserSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str]) -> None:
    fill(session, 3)
    path = session.db.path
    session.close()
    base = ["--db", str(path), "--user", LEADER, "--password-stdin"]
    code, out, err = run_cli(["stats", *base, "--by", "half", "--format", "json"],
                             PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    data = json.loads(out)
    assert [p["label"] for p in data["periods"]] == ["上半年", "下半年"]
    assert data["figures"][0]["article"] == "献县办法 第四十八条（五）"
    code, out, err = run_cli(["stats", *base, "--by", "half", "--compare", "--format", "json"],
                             PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["previous_year"] == 2025 and data["groups"][0]["values"]["chronicle_entries"][
        "total"] == {"value": 40, "previous": 0, "change": 40, "percent": None}
    code, out, err = run_cli(["stats", *base, "--trend", "--from", "2025", "--to", "2026"],
                             PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    assert "2025年\t2026年" in out and "大事记记载\t献县办法 第四十八条\t0\t40" in out
    code, out, err = run_cli(["stats", *base, "--from", "2025"], PASSWORD + "\n",
                             monkeypatch, capsys)
    assert code == 2 and "--trend" in err
    code, out, err = run_cli(["stats", *base, "--format", "xlsx"], PASSWORD + "\n",
                             monkeypatch, capsys)
    assert code == 2 and "--out" in err
    code, out, err = run_cli(["stats", *base, "--by", "week"], PASSWORD + "\n", monkeypatch,
                             capsys)
    assert code == 2


def test_cli_stats_prints_a_logged_report(session: UserSession, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The printed 统计报表: figures with their articles, 内部 on the page, a digest the
    program finds again (核对纸质件)."""
    from pypdf import PdfReader

    from paizhu_desktop.core.printing.jobs import verify_print

    fill(session, 4)
    path = session.db.path
    session.close()
    out = tmp_path / "统计报表.pdf"
    code, _out, err = run_cli(["stats", "--db", str(path), "--user", LEADER,
                               "--password-stdin", "--by", "quarter", "--compare", "--trend",
                               "--format", "pdf", "--out", str(out)], PASSWORD + "\n",
                              monkeypatch, capsys)
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "统计报表" in text and "第四十八条" in text and "内部" in text
    assert "2026年与2025年对比" in text and "逐年趋势" in text
    digest = text.split("内容摘要")[1].split()[0]
    again = login(path, LEADER)
    try:
        assert "统计报表" in verify_print(again, digest).title
    finally:
        again.close()


def test_the_county_sees_grades_side_by_side_and_the_quotas(tmp_path: Path,
                                                             county: UserSession) -> None:
    """献县办法 第六十九条: at most 30% of the groups 优秀; 第七十条: at most 20% of cadres."""
    for n in range(2):
        s, _ = UserSession.create(tmp_path / f"{n}.db", LEADER, PASSWORD, admins=ADMINS,
                                  group_name=f"示例县纪委监委派驻第{'一二'[n]}纪检监察组",
                                  kdf=CHEAP_KDF)
        s.ledgers.add("group_assessment", {
            "year": 2026, "kind": "annual", "assessed_on": "2026-12-20",
            "areas": [{"area": "1", "finding": "全年开展监督检查，均督促整改"}],
            "grade": "excellent"})
        for person in ("王明远", "李慧琴"):
            s.ledgers.add("cadre_assessment", {
                "year": 2026, "person": person, "post": "工作人员", "grade": "excellent",
                "decided_on": "2026-12-22"})
        path = tmp_path / f"{n}.pzx"
        export(s, path, PHRASE, year=2026, kdf=CHEAP_KDF)
        s.close()
        import_file(county, path, PHRASE)
    overview = statistics.assessments(county, 2026)
    assert [g.grade for g in overview.groups] == ["优秀", "优秀"]
    assert all(g.cadres == {"优秀": 2} for g in overview.groups)
    assert any("派驻机构年度考核优秀等次 2 个" in f and "第六十九条" in f
               for f in overview.findings)
    assert any("干部年度考核优秀等次 4 个" in f and "第七十条" in f for f in overview.findings)
