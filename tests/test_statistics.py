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
from paizhu_desktop.core.handoff.transfer import export, import_file
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, AUDITOR, CHEAP_KDF, LEADER, PASSWORD, login, run_cli

PHRASE = "qing-shan-lv-shui-2026-tongji"


def fill(session: UserSession, seed: int) -> None:
    """Generated records of 2026: chronicle entries of each category, meetings, items."""
    rng = random.Random(seed)
    for n in range(40):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        session.ledgers.add("chronicle", {
            "date_start": day.isoformat(), "category": str(rng.randint(1, 6)),
            "content": f"第{n + 1}项记载：列席驻在部门党组会议并提出监督意见"})
    for _ in range(12):
        day = dt.date(2026, 1, 5) + dt.timedelta(days=7 * rng.randrange(40))
        session.ledgers.add("group_meeting", {
            "date": day.isoformat(), "host": "组长", "recorder": "记录员", "attendees": "全体",
            "agenda": [{"topic": "研究监督检查工作", "category": "3"}],
            "discussion": "逐项研究。"})
    # One entry voided: voided entries never count.
    entry = session.ledgers.add("chronicle", {"date_start": "2026-03-03", "category": "5",
                                              "content": "登记有误的记载"})
    session.ledgers.void("chronicle", entry.id, "重复登记")


def naive(session: UserSession, ledger: str, months: range, **where: str) -> int:
    """The same figure counted the slow way: every entry listed and tested."""
    desc = session.catalog.ledger(ledger)
    out = 0
    for e in session.ledgers.list(ledger, date_from="2026-01-01", date_to="2026-12-31"):
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
    out = statistics.write_xlsx(session, statistics.compute(session, 2026, "month"),
                                tmp_path / "统计.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["统计", "职责履行"]
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
                               "--password-stdin", "--by", "quarter", "--format", "pdf",
                               "--out", str(out)], PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "统计报表" in text and "第四十八条" in text and "内部" in text
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
