"""献县办法 第十七章 考核评价 (第六十八–七十二条): the rules as pure functions and the
three ledgers through the core."""

from __future__ import annotations

from fractions import Fraction

import pytest

from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.scoring import (
    CADRE_EXCELLENT_SHARE,
    GROUP_EXCELLENT_SHARE,
    cadre_consequences,
    cadre_excellent_refusal,
    excellent_quota,
    group_consequences,
    share_finding,
)
from paizhu_desktop.core.session import UserSession

YEAR = 2025


# -- pure rules -------------------------------------------------------------------

def test_fair_calls_for_a_talk_a_written_report_and_no_excellent_leaders() -> None:
    """第六十九条(三): 一般 → 谈话提醒、书面报告；领导班子成员当年不得评为优秀."""
    c = group_consequences("fair", "good")
    assert c.talk_and_report and c.no_excellent_leaders
    assert not c.reorganise and not c.no_excellent_cadres
    assert any("书面报告" in line and "第六十九条" in line for line in c.lines)


def test_fair_two_years_running_or_poor_reorganises_and_bars_every_cadre() -> None:
    """第六十九条(三): 较差或者连续两年为一般 → 组织调整，该机构干部不得评为优秀."""
    for grade, previous in (("poor", None), ("poor", "excellent"), ("fair", "fair")):
        c = group_consequences(grade, previous)
        assert c.reorganise and c.no_excellent_cadres, (grade, previous)
        assert any("组织调整" in line for line in c.lines)
    assert not group_consequences("good", "fair").reorganise


def test_strong_objections_alone_call_for_the_talk_not_the_leaders_bar() -> None:
    """第六十九条(三): 干部群众意见较大的，谈话提醒并写出书面报告."""
    c = group_consequences("good", None, strong_objections=True)
    assert c.talk_and_report and not c.no_excellent_leaders and not c.reorganise


def test_excellent_is_commended() -> None:
    """第六十九条(三): 优秀等次应予以表扬."""
    c = group_consequences("excellent")
    assert c.commend and not c.talk_and_report and "表扬" in c.lines[0]


def test_incompetent_or_basic_twice_flags_a_post_change() -> None:
    """第七十一条: 不称职，或连续两年基本称职 → 岗位调整."""
    assert cadre_consequences("incompetent").post_change
    assert cadre_consequences("basic", "basic").post_change
    assert not cadre_consequences("basic", "competent").post_change
    assert not cadre_consequences("competent", "basic").post_change


def test_a_cadre_excellent_is_refused_by_the_groups_grade() -> None:
    """第六十九条(三): the group's grade bars 优秀 for its leaders (一般) or all cadres."""
    fair = group_consequences("fair")
    assert cadre_excellent_refusal(True, fair) is not None
    assert cadre_excellent_refusal(False, fair) is None
    poor = group_consequences("poor")
    refusal = cadre_excellent_refusal(False, poor)
    assert refusal is not None and "第六十九条" in refusal
    assert cadre_excellent_refusal(True, None) is None


def test_the_excellent_shares_are_30_and_20_percent() -> None:
    """第六十九条(三) 30% of groups; 第七十条(一) 20% of cadres — exact, rounded down."""
    assert excellent_quota(10, GROUP_EXCELLENT_SHARE) == 3
    assert excellent_quota(12, CADRE_EXCELLENT_SHARE) == 2
    ten = ["excellent"] * 3 + ["good"] * 7
    assert share_finding(ten, "excellent", GROUP_EXCELLENT_SHARE, "x", "第六十九条") is None
    over = ["excellent"] * 4 + ["good"] * 6
    finding = share_finding(over, "excellent", GROUP_EXCELLENT_SHARE, "2025年度派驻机构考核",
                            "献县办法 第六十九条（三）")
    assert finding is not None and "超过30%" in finding and "最多 3 个" in finding
    assert share_finding([], "excellent", Fraction(1, 5), "x", "y") is None


# -- ledgers ----------------------------------------------------------------------

def _annual(session: UserSession, grade: str, previous: str | None = None,
            **extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "year": YEAR, "kind": "annual", "assessed_on": f"{YEAR + 1}-01-20",
        "areas": [{"area": "1", "finding": "监督检查扎实，发现问题12个"},
                  {"area": "6", "finding": "自身建设有待加强"}],
        "grade": grade, **extra}
    if previous:
        values["previous_grade"] = previous
    return dict(session.ledgers.add("group_assessment", values).values)


def test_the_three_kinds_of_assessment_and_the_annual_grade(session: UserSession) -> None:
    """第六十九条(二): 平时、专项、年度考核; (三) the annual one needs its grade."""
    desc = CATALOG.ledger("group_assessment")
    assert [c.label for c in desc.field("kind").choices] == ["平时考核", "专项考核", "年度考核"]
    assert [c.label for c in desc.field("grade").choices] == ["优秀", "良好", "一般", "较差"]
    session.ledgers.add("group_assessment", {"year": YEAR, "kind": "regular",
                                             "assessed_on": f"{YEAR}-06-30"})
    with pytest.raises(ValidationError) as bad:
        session.ledgers.add("group_assessment", {"year": YEAR, "kind": "annual"})
    assert "第六十九条" in bad.value.errors["grade"]


def test_an_annual_fair_is_flagged_on_the_entry(session: UserSession) -> None:
    """第六十九条(三): the consequences are computed and stored with the assessment."""
    v = _annual(session, "fair")
    assert v["talk_and_report"] is True and v["no_excellent_leaders"] is True
    assert v["reorganise"] is False
    assert "谈话提醒" in str(v["consequences"])
    twice = _annual(session, "fair", "fair")
    assert twice["reorganise"] is True and twice["no_excellent_cadres"] is True


def test_a_leader_cannot_be_excellent_in_a_fair_year(session: UserSession) -> None:
    """第六十九条(三): 领导班子成员个人当年年度考核不得评为优秀; others may be."""
    _annual(session, "fair")
    with pytest.raises(RuleError) as refused:
        session.ledgers.add("cadre_assessment", {
            "year": YEAR, "person": "赵建国", "post": "副组长", "is_leader": True,
            "grade": "excellent"})
    assert "领导班子成员" in refused.value.message
    ok = session.ledgers.add("cadre_assessment", {
        "year": YEAR, "person": "刘芳", "post": "工作人员", "grade": "excellent"})
    assert ok.values["grade"] == "excellent"


def test_no_cadre_is_excellent_after_a_poor_year(session: UserSession) -> None:
    """第六十九条(三): 较差 → 该机构干部年度考核不得评为优秀 (on add and on edit)."""
    _annual(session, "poor")
    with pytest.raises(RuleError):
        session.ledgers.add("cadre_assessment", {
            "year": YEAR, "person": "刘芳", "post": "工作人员", "grade": "excellent"})
    e = session.ledgers.add("cadre_assessment", {
        "year": YEAR, "person": "刘芳", "post": "工作人员", "grade": "competent"})
    with pytest.raises(RuleError):
        session.ledgers.edit("cadre_assessment", e.id, {"grade": "excellent"})
    # Another year is not affected.
    session.ledgers.add("cadre_assessment", {
        "year": YEAR + 1, "person": "刘芳", "post": "工作人员", "grade": "excellent"})


def test_post_change_flagged_and_reported(session: UserSession) -> None:
    """第七十一条: 连续两年基本称职 → 岗位调整, flagged and listed by the year's check."""
    e = session.ledgers.add("cadre_assessment", {
        "year": YEAR, "person": "孙立军", "post": "工作人员", "grade": "basic",
        "previous_grade": "basic"})
    assert e.values["post_change"] is True
    findings = session.ledgers.findings("cadre_assessment", YEAR)
    assert any("孙立军" in f and "岗位调整" in f for f in findings)


def test_the_20_percent_share_is_checked_over_the_cadres_held(session: UserSession) -> None:
    """第七十条(一): 优秀等次比例一般不超过20% — over the county's cadres, which a
    database holds when it has more than one group's (the aggregation database)."""
    names = "甲乙丙丁戊己庚辛壬癸"
    for i, name in enumerate(names):
        if i == 8:  # one group's cadres (at most 8): not the county's set
            assert session.ledgers.findings("cadre_assessment", YEAR) == []
        session.ledgers.add("cadre_assessment", {
            "year": YEAR, "person": name, "post": "工作人员",
            "grade": "excellent" if i < 3 else "competent"})
    findings = session.ledgers.findings("cadre_assessment", YEAR)
    assert any("3 个，占 10 个" in f and "超过20%" in f and "第七十条" in f for f in findings)


def test_group_share_is_checked_only_over_several_groups(session: UserSession) -> None:
    """第六十九条(三): 30% is of the county's groups; one group's own grade is no set."""
    _annual(session, "excellent")
    assert session.ledgers.findings("group_assessment", YEAR) == []
    _annual(session, "excellent")
    _annual(session, "good")
    assert any("超过30%" in f for f in session.ledgers.findings("group_assessment", YEAR))


def test_subordinate_discipline_heads_with_the_personnel_department(
        session: UserSession) -> None:
    """第七十二条: 派驻机构会同驻在单位组织人事部门 assesses the subordinate units' heads."""
    e = session.ledgers.add("subordinate_assessment", {
        "year": YEAR, "unit": "示例县财政局国库支付中心", "person": "周文斌",
        "post": "纪检委员", "personnel_dept": "示例县财政局人事股",
        "work_finding": "纪检工作制度健全，全年开展廉政提醒3次。", "grade": "competent"})
    assert e.values["personnel_dept"] == "示例县财政局人事股"
    desc = CATALOG.ledger("subordinate_assessment")
    assert desc.article == "献县办法 第七十二条"


def test_the_duties_of_chapter_17_are_declared() -> None:
    """第六十九条(三)(四): the written report and the feedback are on the calendar."""
    ids = {d.id: d for d in CATALOG.duties()}
    assert "第六十九条" in ids["assessment_written_report"].article
    assert ids["assessment_feedback"].note


def test_next_year_carries_the_grade_as_last_years(session: UserSession) -> None:
    """第六十九条(三) 一般 two years running; 第七十一条 基本称职 two years running — entered
    once: next year's assessment takes this year's grade as 上年度."""
    g = session.ledgers.add("group_assessment", {"year": YEAR, "kind": "annual",
                                                 "grade": "fair"})
    target, values = session.ledgers.derive("group_assessment", g.id, "next_year")
    assert target == "group_assessment" and values["previous_grade"] == "fair"
    nxt = session.ledgers.add("group_assessment", {**values, "grade": "fair"})
    assert nxt.values["year"] == YEAR + 1 and nxt.values["reorganise"] is True
    c = session.ledgers.add("cadre_assessment", {"year": YEAR, "person": "陈晓峰",
                                                 "post": "工作人员", "grade": "basic"})
    _t, values = session.ledgers.derive("cadre_assessment", c.id, "next_year")
    again = session.ledgers.add("cadre_assessment", {**values, "grade": "basic"})
    assert again.values["post_change"] is True and again.values["person"] == "陈晓峰"


def test_excellent_given_before_a_fair_group_grade_is_found(session: UserSession) -> None:
    """第六十九条(三): a leader graded 优秀 before the group's 一般 was entered is reported."""
    session.ledgers.add("cadre_assessment", {"year": YEAR, "person": "赵建国", "post": "副组长",
                                             "is_leader": True, "grade": "excellent"})
    assert session.ledgers.findings("cadre_assessment", YEAR) == []
    _annual(session, "fair")
    findings = session.ledgers.findings("cadre_assessment", YEAR)
    assert any("赵建国" in f and "领导班子成员" in f for f in findings)


def test_the_written_report_is_due_only_after_a_fair_grade(session: UserSession) -> None:
    """第六十九条(三): 一般 → 书面报告 on the calendar (one month, as the duty's note says);
    a 良好 starts none."""
    import datetime as dt

    from paizhu_desktop.core.compliance import State, instances

    _annual(session, "good")
    fair = session.ledgers.add("group_assessment", {
        "year": YEAR, "kind": "annual", "assessed_on": f"{YEAR + 1}-01-20", "grade": "fair"})
    found = instances(session, on=dt.date(YEAR + 1, 3, 1), start=dt.date(YEAR + 1, 1, 1),
                      end=dt.date(YEAR + 1, 12, 31), duty_ids=["assessment_written_report"])
    assert [(i.event, i.state) for i in found] == [
        (("group_assessment", fair.id), State.OVERDUE)]
    session.ledgers.edit("group_assessment", fair.id, {"report_on": f"{YEAR + 1}-02-10"})
    [done] = instances(session, on=dt.date(YEAR + 1, 3, 1), start=dt.date(YEAR + 1, 1, 1),
                       end=dt.date(YEAR + 1, 12, 31), duty_ids=["assessment_written_report"])
    assert done.state is State.DONE
