"""领导体制 (献县办法 第四–八条) and 监督职责 (第九–十七条, with 常州经验's counts),
through the core API, the printers and the GUI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from paizhu_desktop.core import compliance
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.compliance import State
from paizhu_desktop.core.errors import PermissionDenied, RuleError, ValidationError
from paizhu_desktop.core.ledgers.duties import After, Every
from paizhu_desktop.core.printing.service import print_document, print_register
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.regulations.xianxian.ch03_supervision import supervision_counts
from paizhu_desktop.core.session import UserSession

from conftest import PASSWORD

TODAY = dt.date.today()
YEAR = TODAY.year


def _iso(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


# -- 第二章 领导体制 --------------------------------------------------------------------

def _work_report(**over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "year": YEAR, "half": "1" if TODAY.month < 7 else "2", "heard_on": _iso(0),
        "reporter": "张组长", "content": "一、主要工作\n二、存在问题\n三、下步打算",
        "heard": "常委会要求加强对“一把手”的监督。"}
    values.update(over)
    return values


def test_half_year_work_report_is_heard_and_its_review_recorded_article_4_5(
        team: dict[str, UserSession]) -> None:
    """第四条 每半年听取一次工作汇报; 第五条 分管领导审定 the group's reports."""
    member, leader = team["member"].ledgers, team["leader"].ledgers
    entry = member.add("work_report", _work_report())
    half = "上" if TODAY.month < 7 else "下"
    assert entry.values["title"] == f"{YEAR}年{half}半年工作情况汇报"
    review = {"reviewer": "县纪委副书记 韩晓东", "guidance": "突出监督重点"}
    with pytest.raises(ValidationError, match="审定的分管领导"):
        leader.step("work_report", entry.id, "review", data={"guidance": "突出监督重点"})
    entry = member.edit("work_report", entry.id, dict(entry.values, reporter="李副组长"))
    with pytest.raises(PermissionDenied):
        member.step("work_report", entry.id, "review", data=review)
    reviewed = leader.step("work_report", entry.id, "review", data=review)
    assert reviewed.status == "reviewed" and reviewed.values["recorded_by"] == "zhangzz"
    assert reviewed.values["reviewer"] == "县纪委副书记 韩晓东"
    with pytest.raises(RuleError):
        member.edit("work_report", entry.id, dict(reviewed.values, content="改写"))
    duty = CATALOG.duty("half_year_work_report")
    assert isinstance(duty.schedule, Every) and duty.schedule.period == "half"
    assert duty.article == "献县办法 第四条" and duty.counts is not None
    assert print_document(team["leader"], "work_report", "工作汇报",
                          entry_id=entry.id).pages >= 1


def test_second_half_cannot_be_heard_before_july_article_4(
        team: dict[str, UserSession]) -> None:
    """第四条: the half-year the report covers and the day it is heard agree."""
    with pytest.raises(ValidationError, match="下半年"):
        team["member"].ledgers.add("work_report", _work_report(
            half="2", heard_on=f"{YEAR}-03-01"))


def test_interview_is_secret_and_records_problems_and_requirements_article_5(
        team: dict[str, UserSession]) -> None:
    """第五条: 发现苗头性、倾向性问题，及时约谈派驻机构负责人."""
    member = team["member"].ledgers
    with pytest.raises(ValidationError) as caught:
        member.add("leader_interview", {"interviewer": "韩晓东", "interviewee": "张组长"})
    assert set(caught.value.errors) == {"problems", "requirements"}
    entry = member.add("leader_interview", {
        "interviewer": "县纪委副书记 韩晓东", "interviewee": "张组长",
        "problems": "线索处置进度偏慢", "requirements": "一个月内梳理在办线索"})
    assert entry.classification is Classification.SECRET and entry.retention
    assert team["leader"].ledgers.void("leader_interview", entry.id, "重复登记").voided


def test_contacts_with_the_county_follow_articles_6_7(team: dict[str, UserSession]) -> None:
    """第六条 包联领导听取汇报; 第七条 政治生态研判、办案配合协作 … (研判 and cases: 秘密)."""
    kinds = [c.label for c in CATALOG.ledger("county_contact").field("kind").choices]
    for word in ("信息资源共享", "重要事项通报", "政治生态研判", "专项监督", "办案配合协作",
                 "包联领导听取工作汇报"):
        assert word in kinds
    member = team["member"].ledgers
    plain = member.add("county_contact", {"kind": "hearing", "counterpart": "包联领导 韩晓东",
                                          "participants": "张组长", "content": "汇报季度工作"})
    secret = member.add("county_contact", {"kind": "ecology", "counterpart": "第一监督检查室",
                                           "participants": "张组长", "content": "研判政治生态"})
    assert plain.classification is Classification.INTERNAL
    assert secret.classification is Classification.SECRET


def test_tasks_handed_down_are_reported_back_by_the_owner_article_8(
        team: dict[str, UserSession]) -> None:
    """第八条: 及时反馈报告 — a deadline, the owner's report back, overdue ones found."""
    member, leader = team["member"].ledgers, team["leader"].ledgers
    with pytest.raises(ValidationError, match="不能早于"):
        member.add("assigned_task", {"department": "党风政风监督室", "task": "专项整治",
                                     "received_on": _iso(0), "deadline": _iso(-1)})
    task = member.add("assigned_task", {
        "department": "党风政风监督室", "task": "开展违规收送礼品礼金问题专项整治",
        "received_on": _iso(-20), "deadline": _iso(-2)})
    assert any("尚未反馈报告" in f for f in leader.findings("assigned_task", int(_iso(-2)[:4])))
    with pytest.raises(RuleError, match="承办人本人"):
        leader.step("assigned_task", task.id, "report_back", data={"feedback": "已完成"})
    done = member.step("assigned_task", task.id, "report_back",
                       data={"feedback": "已完成并书面报送"})
    assert done.status == "reported" and done.values["reported_on"] == _iso(0)
    duty = CATALOG.duty("assigned_task_reported")
    assert isinstance(duty.schedule, After) and duty.schedule.done_field == "reported_on"


# -- 第三章 监督职责 --------------------------------------------------------------------

def _letter(**over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "reminder", "number": f"示纪驻一函〔{YEAR}〕1号", "issued_on": _iso(-40),
        "receiver": "中共示例县财政局党组", "subject": "公务接待管理",
        "problem": "部分公务接待无公函。", "requests": "严格执行公务接待管理规定。",
        "reply_due": _iso(-10)}
    values.update(over)
    return values


def test_three_kinds_of_supervision_letters_article_12() -> None:
    """第十二条 “一函两书”: 监督提醒函、纪律检查建议书、监察建议书."""
    labels = [c.label for c in CATALOG.ledger("supervision_letter").field("kind").choices]
    assert labels == ["监督提醒函", "纪律检查建议书", "监察建议书"]


def test_letter_is_signed_served_replied_and_verified_article_12(
        team: dict[str, UserSession]) -> None:
    """第十二条: 制发“一函两书”推动整改 — 签发, 送达, the reply by its deadline, 核实."""
    member, leader = team["member"].ledgers, team["leader"].ledgers
    with pytest.raises(ValidationError, match="回复时限"):
        member.add("supervision_letter", _letter(reply_due=_iso(-50)))
    letter = member.add("supervision_letter", _letter())
    with pytest.raises(RuleError, match="文号"):
        member.add("supervision_letter", _letter())
    with pytest.raises(PermissionDenied):
        member.step("supervision_letter", letter.id, "sign")
    leader.step("supervision_letter", letter.id, "sign")
    member.step("supervision_letter", letter.id, "serve",
                data={"served_on": _iso(-39), "served_to": "钱志远"})
    due_year = int(_iso(-10)[:4])
    assert any("尚未回复" in f for f in leader.findings("supervision_letter", due_year))
    member.step("supervision_letter", letter.id, "reply",
                data={"replied_on": _iso(-8), "reply": "已整改"})
    assert leader.findings("supervision_letter", due_year) == []
    back = leader.step("supervision_letter", letter.id, "insist", note="接待清单仍不完整")
    assert back.status == "served" and not back.values.get("replied_on")
    member.step("supervision_letter", letter.id, "reply",
                data={"replied_on": _iso(-1), "reply": "已补全接待清单"})
    done = leader.step("supervision_letter", letter.id, "verify",
                       data={"verification": "经查阅接待清单，整改到位"})
    assert done.status == "verified" and done.values["verified_by"] == "zhangzz"
    duty = CATALOG.duty("letter_replied")
    assert isinstance(duty.schedule, After) and duty.schedule.due_field == "reply_due"
    assert duty.article == "献县办法 第十二条"
    job = print_document(team["leader"], "supervision_letter", "一函两书", entry_id=letter.id)
    assert job.pages == 1


def test_major_matter_opinion_becomes_a_supervision_opinion_once_article_12(
        team: dict[str, UserSession]) -> None:
    """第十二条 紧盯“三重一大”: the opinion given enters 监督意见 with one action, linked."""
    member = team["member"].ledgers
    kinds = [c.label for c in CATALOG.ledger("major_matter").field("kind").choices]
    assert kinds == ["重大事项决策", "重要干部任免", "重大项目投资", "大额资金使用"]
    with pytest.raises(ValidationError, match="采纳情况"):
        member.add("major_matter", {"host_unit": "示例县财政局", "meeting": "党组会议",
                                    "kind": "funds", "matter": "专项资金分配",
                                    "adoption": "adopted"})
    matter = member.add("major_matter", {
        "host_unit": "示例县财政局", "meeting": "党组会议（第5次）", "kind": "funds",
        "matter": "研究专项资金分配方案", "amount": 320,
        "opinion": "建议按规定公示分配结果", "adoption": "adopted"})
    target, values = member.derive("major_matter", matter.id, "to_opinion")
    assert target == "supervision_opinion" and values["occasion"] == "major_matter"
    opinion = member.add("supervision_opinion", values)
    assert [e.id for e in member.linked("major_matter", matter.id)] == [opinion.id]


def test_risk_points_with_their_measures_per_post_article_12(
        team: dict[str, UserSession]) -> None:
    """第十二条 关键岗位等廉政风险: per unit and post, with each control measure."""
    member = team["member"].ledgers
    with pytest.raises(ValidationError, match="防控措施"):
        member.add("risk_point", {"host_unit": "示例县财政局", "post": "计财股",
                                  "risk": "资金拨付把关不严", "level": "high"})
    entry = member.add("risk_point", {
        "host_unit": "示例县财政局", "post": "计财股", "risk": "资金拨付把关不严",
        "level": "high", "measures": [{"measure": "双人审核"}, {"measure": "按季公开"}]})
    assert len(entry.values["measures"]) == 2
    assert print_register(team["leader"], "risk_point", year=YEAR).pages >= 2


def test_portrait_names_its_subject_and_is_secret_article_12(
        team: dict[str, UserSession]) -> None:
    """第十二条: 对“一把手”和班子成员进行精准政治“画像” — 秘密 with a 保密期限."""
    leader = team["leader"].ledgers
    base = {"kind": "portrait", "host_unit": "示例县财政局", "period": f"{YEAR}年上半年",
            "assessment": "政治站位较高", "grade": "good"}
    with pytest.raises(ValidationError) as caught:
        leader.add("political_ecology", base)
    assert set(caught.value.errors) == {"person", "position", "subject_kind"}
    entry = leader.add("political_ecology", dict(base, person="钱志远", position="党组书记",
                                                 subject_kind="head"))
    assert entry.classification is Classification.SECRET and entry.retention == "10年"
    ecology = leader.add("political_ecology", dict(base, kind="ecology"), retention="5年")
    assert ecology.retention == "5年"


def test_problem_clue_is_disposed_filed_and_concluded_with_its_form_article_13(
        team: dict[str, UserSession]) -> None:
    """第十三条 严禁迟报瞒报、压案不查: a clue is 秘密, its disposal approved by the leader,
    立案, and the 四种形态 applied are recorded and counted (常州经验)."""
    member, leader = team["member"].ledgers, team["leader"].ledgers
    clue = member.add("problem_clue", {
        "received_on": _iso(-30), "source": "petition", "person": "某干部甲",
        "position": "示例县财政局某股室", "summary": "反映其违规报销差旅费"})
    assert clue.classification is Classification.SECRET and clue.retention
    with pytest.raises(PermissionDenied):
        member.step("problem_clue", clue.id, "dispose", data={"disposal": "verify"})
    leader.step("problem_clue", clue.id, "dispose",
                data={"disposal": "verify", "disposal_on": _iso(-25),
                      "disposal_note": "经组务会研究，予以初步核实"})
    leader.step("problem_clue", clue.id, "file", data={"filed_on": _iso(-10)})
    done = leader.step("problem_clue", clue.id, "conclude",
                       data={"form": "second", "outcome": "党内警告处分"})
    assert done.status == "concluded"
    other = member.add("problem_clue", {
        "received_on": _iso(-20), "source": "supervision", "person": "某干部乙",
        "position": "示例县审计局", "summary": "反映其工作日饮酒"})
    leader.step("problem_clue", other.id, "dispose",
                data={"disposal": "talk", "disposal_note": "谈话函询"})
    leader.step("problem_clue", other.id, "conclude", data={"form": "first",
                                                           "outcome": "批评教育"})
    with team["leader"].db.reading() as conn:
        counts = dict(supervision_counts(team["leader"].ledgers.records(conn),
                                         int(_iso(-30)[:4])))
    if int(_iso(-20)[:4]) == int(_iso(-30)[:4]):
        assert counts["受理问题线索（件）"] == 2
        assert counts["立案（件）"] == 1
        assert counts["运用第一种形态处置（人次）"] == 1
        assert counts["运用第二种形态处置（人次）"] == 1
        assert counts["谈话函询（件）"] == 1 and counts["初步核实（件）"] == 1
    assert dict(leader.report("supervision_counts", int(_iso(-30)[:4]))) == counts
    duty = CATALOG.duty("clue_disposed")
    assert duty.article == "献县办法 第十三条" and duty.note


# -- GUI ------------------------------------------------------------------------------

@pytest.mark.gui
@pytest.mark.parametrize("ledger", [
    "work_report", "leader_interview", "county_contact", "assigned_task",
    "supervision_letter", "major_matter", "supervision_opinion", "risk_point",
    "political_ecology", "problem_clue"])
def test_the_pages_open(qtbot: Any, session: UserSession, ledger: str) -> None:
    """第二、三章: each ledger's page opens in place of （尚未建设）."""
    from gui_helpers import open_window

    w = open_window(qtbot, session)
    page = w.open_ledger(ledger)
    assert page is not None and page.desc.id == ledger


@pytest.mark.gui
def test_a_problem_clue_is_saved_through_the_form_as_secret_article_13(
        qtbot: Any, session: UserSession) -> None:
    """第十三条: the form proposes 秘密 for a clue and saves it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

    from gui_helpers import child, open_window, type_chinese

    w = open_window(qtbot, session)
    p = w.open_ledger("problem_clue")
    source = child(p, QComboBox, "source")
    source.setCurrentIndex(source.findData("petition"))
    type_chinese(child(p, QLineEdit, "person"), "某干部甲")
    type_chinese(child(p, QLineEdit, "position"), "示例县财政局某股室")
    type_chinese(child(p, QPlainTextEdit, "summary"), "反映其违规报销差旅费。")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in p.form_message.text(), p.form_message.text()
    saved = session.ledgers.list("problem_clue")[0]
    assert saved.classification is Classification.SECRET


# -- the compliance calendar -----------------------------------------------------------

D = dt.date


def _by(items: list[compliance.Instance], duty: str) -> list[compliance.Instance]:
    return [i for i in items if i.duty.id == duty]


def test_the_committee_hears_a_report_each_half_year_article_4(session: UserSession) -> None:
    """第四条 每半年听取一次: a half-year with a hearing is done, one without is red."""
    session.ledgers.add("work_report", _work_report(year=2025, half="2",
                                                    heard_on="2025-07-16"))
    items = _by(compliance.instances(session, on=D(2026, 7, 5), start=D(2025, 7, 1),
                                     end=D(2026, 6, 30)), "half_year_work_report")
    states = {i.start: i.state for i in items}
    assert states[D(2025, 7, 1)] is State.DONE
    assert states[D(2026, 1, 1)] is State.OVERDUE
    assert all(i.duty.article == "献县办法 第四条" for i in items)


def test_a_task_reported_late_and_one_not_reported_article_8(session: UserSession) -> None:
    """第八条 及时反馈报告: done on time, done late, and overdue."""
    ledgers = session.ledgers

    def task(deadline: str) -> str:
        return ledgers.add("assigned_task", {"department": "党风政风监督室", "task": "专项整治",
                                             "received_on": "2025-03-02",
                                             "deadline": deadline}).id

    on_time, late, missing = task("2025-03-20"), task("2025-03-25"), task("2025-03-31")
    ledgers.step("assigned_task", on_time, "report_back",
                 data={"reported_on": "2025-03-19", "feedback": "已报送"})
    ledgers.step("assigned_task", late, "report_back",
                 data={"reported_on": "2025-04-02", "feedback": "已报送"})
    items = {i.event[1] if i.event else "": i.state for i in _by(
        compliance.instances(session, on=D(2025, 4, 10)), "assigned_task_reported")}
    assert items == {on_time: State.DONE, late: State.LATE, missing: State.OVERDUE}


def test_a_letters_reply_is_due_by_its_deadline_article_12(
        team: dict[str, UserSession]) -> None:
    """第十二条: a served letter waits for its reply by the 回复时限; a draft owes none."""
    member, leader = team["member"].ledgers, team["leader"].ledgers
    served = member.add("supervision_letter", _letter(issued_on="2025-05-06",
                                                      reply_due="2025-06-05"))
    member.add("supervision_letter", _letter(number="示纪驻一函〔2025〕9号",
                                             issued_on="2025-05-07", reply_due="2025-06-05"))
    leader.step("supervision_letter", served.id, "sign")
    member.step("supervision_letter", served.id, "serve",
                data={"served_on": "2025-05-07", "served_to": "钱志远"})
    (got,) = _by(compliance.instances(team["leader"], on=D(2025, 6, 10)), "letter_replied")
    assert got.state is State.OVERDUE and got.owner == "wangmy"
    member.step("supervision_letter", served.id, "reply",
                data={"replied_on": "2025-06-03", "reply": "已整改"})
    (got,) = _by(compliance.instances(team["leader"], on=D(2025, 6, 10)), "letter_replied")
    assert got.state is State.DONE


def test_a_clue_is_disposed_within_thirty_days_article_13(session: UserSession) -> None:
    """第十三条 严禁压案不查: a disposal is due 30 days after the clue is received."""
    clue = session.ledgers.add("problem_clue", {
        "received_on": "2025-04-01", "source": "petition", "person": "某干部甲",
        "position": "示例县财政局某股室", "summary": "反映其违规报销差旅费"})
    (got,) = _by(compliance.instances(session, on=D(2025, 5, 2)), "clue_disposed")
    assert got.due == D(2025, 5, 1) and got.state is State.OVERDUE
    session.ledgers.step("problem_clue", clue.id, "dispose", data={
        "disposal": "talk", "disposal_on": "2025-04-20", "disposal_note": "谈话函询"})
    (got,) = _by(compliance.instances(session, on=D(2025, 5, 2)), "clue_disposed")
    assert got.state is State.DONE


def test_hearing_and_party_group_meeting_enter_the_chronicle_articles_48_49(
        team: dict[str, UserSession]) -> None:
    """第四十八条（三）, 第四十九条: the 常委会 hearing and a 三重一大 meeting attended go
    into the 大事记 with one action each, linked back."""
    member = team["member"].ledgers
    report = member.add("work_report", _work_report())
    target, values = member.derive("work_report", report.id, "to_chronicle")
    assert target == "chronicle" and values["category"] == "3"
    assert values["content"].startswith("张组长在县纪委常委会会议上汇报")
    assert member.add("chronicle", values).values["source_id"] == report.id
    matter = member.add("major_matter", {
        "host_unit": "示例县财政局", "meeting": "党组会议（第5次）", "kind": "funds",
        "matter": "研究专项资金分配方案", "opinion": "建议公示分配结果", "adoption": "adopted"})
    _t, values = member.derive("major_matter", matter.id, "to_chronicle")
    assert "研究大额资金使用事项" in values["content"] and "建议公示分配结果" in values["content"]
    noted = member.add("chronicle", values)
    assert [e.id for e in member.linked("major_matter", matter.id)] == [noted.id]


def test_a_letter_prints_from_the_command_line_article_12(
        team: dict[str, UserSession], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """第十二条: ``paizhu print supervision_letter --document 一函两书`` writes the letter."""
    from conftest import LEADER, run_cli

    letter = team["member"].ledgers.add("supervision_letter", _letter())
    out = tmp_path / "监督提醒函.pdf"
    code, _text, err = run_cli(
        ["print", "supervision_letter", "--db", str(team["leader"].db.path), "--user", LEADER,
         "--password-stdin", "--out", str(out), "--document", "一函两书", "--id", letter.id],
        PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("ledger", [
    "work_report", "leader_interview", "county_contact", "assigned_task",
    "supervision_letter", "major_matter", "supervision_opinion", "risk_point",
    "political_ecology", "problem_clue"])
def test_create_edit_void_and_print_the_register(team: dict[str, UserSession],
                                                 ledger: str) -> None:
    """第四–八条, 第十一–十三条: every ledger keeps versions, voids with a reason (never
    deletes) and prints its register with the entry's 密级 on it."""
    from ledger_samples import edited_value, sample_values

    desc = CATALOG.ledger(ledger)
    member, leader = team["member"].ledgers, team["leader"].ledgers
    entry = member.add(ledger, sample_values(desc))
    name, value = edited_value(desc)
    edited = member.edit(ledger, entry.id, {name: value})
    assert edited.version == 2 and edited.values[name] == value
    job = print_register(team["leader"], ledger, year=int(str(
        edited.values[desc.date_field])[:4]))
    assert job.pages >= 2 and job.marking.startswith(edited.classification.value)
    voided = leader.void(ledger, entry.id, "登记有误，予以作废")
    assert voided.voided and voided.void_reason == "登记有误，予以作废"
    assert member.get(ledger, entry.id).voided
