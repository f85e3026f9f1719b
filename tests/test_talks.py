"""谈心谈话 (献县办法 第十一章), the talks of 濮阳·谈话 and the 廉洁档案, through the core."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import NotFoundError, PermissionDenied, RuleError, ValidationError
from paizhu_desktop.core.integrity_file import integrity_file, people, print_integrity_file
from paizhu_desktop.core.ledgers.duties import After, BeforeHolidays, Every
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.service import print_document
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.regulations.others.chapters import PUYANG_TALKS
from paizhu_desktop.core.session import UserSession

from conftest import PASSWORD, add_account

YEAR = dt.date.today().year


@pytest.fixture
def member(session: UserSession, db_path: Path) -> Iterator[UserSession]:
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    s = UserSession.open(db_path, "wangmy", PASSWORD)
    yield s
    s.close()


def _care(**extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "date": f"{YEAR}-03-12", "talker": "张组长", "person": "王明远", "post": "副组长",
        "place": "组长办公室", "situation": "思想稳定，学习认真，家庭生活正常。",
        "suggestions": "希望多安排业务培训。"}
    values.update(extra)
    return values


# -- 谈心谈话 (第四十四–四十七条) ------------------------------------------------------

def test_care_talk_is_secret_and_signed_by_the_person_articles_45_47(
        session: UserSession, member: UserSession) -> None:
    """第四十五条 经常性谈心谈话, 第四十七条 谈话人应做好谈话记录; the person talked to
    signs it; a talk is 秘密 with a 保密期限 (濮阳·谈话 第二十三条)."""
    e = session.ledgers.add("care_talk", _care())
    assert e.classification is Classification.SECRET and e.retention == "10年"
    assert e.status == "recorded" and e.display("kind").startswith("经常性")
    with pytest.raises(ValidationError, match="签字日期"):
        member.ledgers.step("care_talk", e.id, "sign", data={"signed_on": "三月"})
    signed = member.ledgers.step("care_talk", e.id, "sign", data={"signed_on": f"{YEAR}-03-13"})
    assert signed.status == "signed" and signed.values["sign_registered_by"] == "wangmy"
    with pytest.raises(RuleError):
        session.ledgers.edit("care_talk", e.id, dict(signed.values, problems="改"))
    with pytest.raises(ValidationError, match="保密期限"):
        session.ledgers.add("care_talk", _care(), retention="")
    duty = CATALOG.duty("care_talk_half_year")
    assert isinstance(duty.schedule, Every) and duty.schedule.period == "half" and duty.note


def test_the_five_triggers_of_article_46(session: UserSession) -> None:
    """第四十六条 (一)–(五): a talk held because of one of them names which."""
    with pytest.raises(ValidationError, match="第四十六条"):
        session.ledgers.add("care_talk", _care(kind="triggered"))
    labels = [c.label for c in CATALOG.ledger("care_talk").field("trigger").choices]
    assert len(labels) == 5 and labels[2].startswith("（三）干部涉及调入调出")
    e = session.ledgers.add("care_talk", _care(kind="triggered", trigger="3",
                                               situation="即将轮岗交流，思想有顾虑。"))
    assert e.display("trigger").startswith("（三）")


def _reminder(**extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "subject": "leader", "person": "卫长青", "post": "示例县统计局副局长",
        "source": "信访举报", "problem": "群众反映审批拖延、作风不实。",
        "planned_on": f"{YEAR}-07-20", "talker": "张组长", "talker_post": "组长",
        "recorder": "王明远", "plan": "一、谈话目的：提醒改进作风。",
        "outline": "一、了解情况。\n二、指出问题。\n三、提出要求。"}
    values.update(extra)
    return values


def test_reminder_talk_plan_outline_record_and_signature_article_47(
        session: UserSession, member: UserSession) -> None:
    """第四十七条: 制定谈话方案，列出谈话提纲，详细记录谈话情况; 濮阳·谈话 第十八条:
    被谈话人应当作出说明和表态; the 谈话记录 prints with the signature lines."""
    svc = member.ledgers
    with pytest.raises(ValidationError, match="谈话提纲"):
        svc.add("reminder_talk", _reminder(outline=""))
    e = svc.add("reminder_talk", _reminder())
    assert e.classification is Classification.SECRET
    with pytest.raises(RuleError):  # no talk before the plan is approved
        svc.step("reminder_talk", e.id, "record_talk")
    with pytest.raises(PermissionDenied):
        svc.step("reminder_talk", e.id, "approve_plan")
    session.ledgers.step("reminder_talk", e.id, "approve_plan", note="同意")
    with pytest.raises(ValidationError, match="被谈话人说明和表态"):
        svc.step("reminder_talk", e.id, "record_talk", data={
            "talked_at": f"{YEAR}-07-20 10:00", "place": "谈话室", "record": "指出问题。"})
    talked = svc.step("reminder_talk", e.id, "record_talk", data={
        "talked_at": f"{YEAR}-07-20 10:00", "place": "派驻组谈话室",
        "record": "谈话人指出群众反映的问题，要求立行立改。",
        "statement": "接受提醒，一个月内书面报告整改情况。"})
    assert talked.status == "talked"
    signed = svc.step("reminder_talk", e.id, "sign", data={"signed_on": f"{YEAR}-07-20"})
    assert signed.status == "signed"
    job = print_document(session, "reminder_talk", "谈话记录", entry_id=e.id)
    assert job.marking == "秘密★10年" and job.pdf.startswith(b"%PDF")
    plan = print_document(session, "reminder_talk", "谈话方案", entry_id=e.id)
    assert plan.marking == "秘密★10年" and plan.kind == "谈话方案"
    with pytest.raises(ValidationError, match="谈话类台账"):
        print_document(session, "party_day", "谈话记录", entry_id=e.id)


# -- 濮阳·谈话 -------------------------------------------------------------------------

def test_the_five_kinds_of_talk_have_their_own_ledgers_article_6() -> None:
    """濮阳·谈话 第六条: 任前廉政谈话、廉政恳谈、督责约谈、提醒谈话和诫勉谈话."""
    ids = {d.id for d in CATALOG.in_chapter(PUYANG_TALKS)}
    assert {"pre_appointment_talk", "integrity_talk", "integrity_pledge",
            "accountability_talk", "admonition_talk"} <= ids
    assert CATALOG.ledger("reminder_talk").article.endswith("濮阳·谈话 第十六–十八条")
    for ledger_id in ids:
        assert CATALOG.ledger(ledger_id).article.startswith("濮阳·谈话 第")


def test_pre_appointment_list_within_15_days_then_the_talk_articles_7_9(
        session: UserSession, member: UserSession) -> None:
    """第八条: 任职后15日内提供被谈话人名单 (a duty from the decision date, done when the
    list is received); 第七条, 第九条: the talk, entered once from the list."""
    svc = member.ledgers
    with pytest.raises(ValidationError, match="不能早于"):
        svc.add("pre_appointment_list", {
            "decided_on": f"{YEAR}-03-02", "decision": "县委组织部任职通知",
            "provider": "县委组织部", "received_on": f"{YEAR}-03-01",
            "people": [{"name": "冯建民", "new_post": "副局长"}]})
    lst = svc.add("pre_appointment_list", {
        "decided_on": f"{YEAR}-03-02", "decision": "县委组织部任职通知", "provider": "县委组织部",
        "received_on": f"{YEAR}-03-12",
        "people": [{"name": "冯建民", "old_post": "办公室主任", "new_post": "副局长"},
                   {"name": "蒋立新", "new_post": "政治部主任"}]})
    target, values = svc.derive("pre_appointment_list", lst.id, "to_talk")
    assert target == "pre_appointment_talk" and values["form"] == "collective"
    talk = svc.add("pre_appointment_talk", dict(
        values, date=f"{YEAR}-03-17", talker="张组长", talker_post="组长", recorder="王明远",
        place="谈话室", content="学习党章党规，明确廉洁自律要求。"))
    assert "清交公文、公物、公款" in talk.values["requirements"]
    assert talk.classification is Classification.SECRET
    assert [e.id for e in svc.linked("pre_appointment_list", lst.id)] == [talk.id]
    duty = CATALOG.duty("pre_appointment_list_15_days")
    s = duty.schedule
    assert isinstance(s, After) and s.days == 15 and s.done_field == "received_on"
    assert s.start_field == "decided_on"


def test_transfer_register_within_three_months_article_9(session: UserSession) -> None:
    """第九条: 原单位在三个月内如实填写《干部调离情况廉政登记表》."""
    values = {"person": "周文斌", "old_post": "财政局副局长", "new_post": "商务局局长",
              "left_on": f"{YEAR}-04-15", "documents": "已清交", "property": "已清交",
              "funds": "无", "farewell": "未组织", "relations": "已转出",
              "filled_by": "示例县财政局"}
    e = session.ledgers.add("transfer_register", values)
    assert e.values["filed_on"] is None
    with pytest.raises(ValidationError, match="不能早于"):
        session.ledgers.edit("transfer_register", e.id, dict(values, filed_on=f"{YEAR}-04-01"))
    with pytest.raises(ValidationError, match="清交公款情况"):
        session.ledgers.add("transfer_register", dict(values, funds=""))
    form = print_document(session, "transfer_register", "调离登记表", entry_id=e.id)
    assert form.kind == "调离登记表" and form.marking == "内部" and form.pages == 1
    s = CATALOG.duty("transfer_register_3_months").schedule
    assert isinstance(s, After) and s.months == 3 and s.done_field == "filed_on"


def test_integrity_talk_before_each_holiday_article_11(session: UserSession) -> None:
    """第十一条: 在重大节日前召开廉政恳谈会 — a duty tied to the holiday calendar."""
    e = session.ledgers.add("integrity_talk", {
        "holiday": "春节", "date": f"{YEAR}-02-09", "place": "财政局党组会议室",
        "host": "郑国华", "talker": "郑国华、张组长", "participants": "党组成员、股室负责人",
        "content": "重申中央八项规定精神。"})
    assert e.display("holiday") == "春节"
    with pytest.raises(ValidationError, match="节日"):
        session.ledgers.add("integrity_talk", dict(e.values, holiday="植树节"))
    duty = CATALOG.duty("integrity_talk_before_holidays")
    assert isinstance(duty.schedule, BeforeHolidays) and duty.frequency == "节前"


def test_a_pledge_is_written_by_the_leader_himself_article_12(session: UserSession) -> None:
    """第十二条: 领导干部本人作出书面廉洁承诺."""
    values = {"date": f"{YEAR}-06-12", "person": "郑国华", "post": "财政局局长",
              "matter": "配偶经商", "talker": "张组长", "requirements": "不得谋利",
              "pledge": "本人承诺不为配偶经营活动提供便利。"}
    pledge = session.ledgers.add("integrity_pledge", values)
    assert pledge.values["pledge_signed"] is True
    paper = print_document(session, "integrity_pledge", "廉洁承诺书", entry_id=pledge.id)
    assert paper.marking == "秘密★10年" and paper.kind == "廉洁承诺书"
    with pytest.raises(ValidationError, match="重大事项谈话与廉洁承诺"):
        print_document(session, "transfer_register", "廉洁承诺书", entry_id=pledge.id)
    with pytest.raises(ValidationError, match="本人书面作出"):
        session.ledgers.add("integrity_pledge", dict(values, pledge_signed=False))


def test_accountability_talk_every_half_year_articles_13_15(
        session: UserSession, member: UserSession) -> None:
    """第十四条: 约谈每半年至少进行一次; 第十五条: 履责不到位的及时约谈."""
    e = session.ledgers.add("accountability_talk", {
        "date": f"{YEAR}-06-10", "reason": "shortfall", "talker": "张组长",
        "talker_post": "组长", "person": "郑国华", "post": "财政局党组书记",
        "recorder": "王明远", "place": "谈话室", "content": "听取履行主体责任情况汇报。",
        "requirements": "一个月内完成廉政风险点再排查。"})
    assert e.display("reason").endswith("（第十五条）")
    member.ledgers.step("accountability_talk", e.id, "sign",
                        data={"signed_on": f"{YEAR}-06-10"})
    duty = CATALOG.duty("accountability_talk_half_year")
    assert isinstance(duty.schedule, Every) and duty.schedule.period == "half"


def _admonition(**extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "person": "冯建民", "post": "财政局副局长", "profile": "男，1972年出生，中共党员。",
        "ground": "2", "reason": "把关不严造成不良影响。", "decided_by": "中共示例县纪委",
        "decision_no": "示纪诫〔演示〕1号", "decided_on": f"{YEAR}-09-01",
        "talker": "张组长", "talker_post": "组长", "recorder": "王明远",
        "recorder_post": "副组长", "explanation_due": f"{YEAR}-09-15"}
    values.update(extra)
    return values


def test_admonition_decision_talk_signature_explanation_filing_articles_19_21(
        session: UserSession, member: UserSession) -> None:
    """第十九条 书面决定 first; 第二十条 the record names both talker and recorder with
    their posts, and the person signs; 第二十一条 the explanation is countersigned and
    filed — 归档 by the 组长."""
    svc = member.ledgers
    with pytest.raises(ValidationError, match="书面决定文号"):
        svc.add("admonition_talk", _admonition(decision_no=""))
    with pytest.raises(ValidationError, match="提交时限"):
        svc.add("admonition_talk", _admonition(explanation_due=f"{YEAR}-08-01"))
    e = svc.add("admonition_talk", _admonition())
    assert e.status == "decided" and e.display("ground").startswith("（二）")
    with pytest.raises(RuleError):
        svc.step("admonition_talk", e.id, "sign", data={"signed_on": f"{YEAR}-09-05"})
    svc.step("admonition_talk", e.id, "record_talk", data={
        "talked_at": f"{YEAR}-09-05 09:00", "place": "谈话室",
        "record": "说明诫勉事由，谈话对象作出检讨。", "requirements": "两周内提交书面检查。"})
    svc.step("admonition_talk", e.id, "sign", data={"signed_on": f"{YEAR}-09-05"})
    with pytest.raises(ValidationError, match="所在单位党组织主要负责人"):
        svc.step("admonition_talk", e.id, "explain", data={"explanation_on": f"{YEAR}-09-14"})
    svc.step("admonition_talk", e.id, "explain", data={
        "explanation_on": f"{YEAR}-09-14", "countersigned_by": "郑国华"})
    with pytest.raises(PermissionDenied):
        svc.step("admonition_talk", e.id, "file")
    filed = session.ledgers.step("admonition_talk", e.id, "file", note="已交组织部门归档")
    assert filed.status == "filed" and filed.values["filed_note"] == "已交组织部门归档"
    job = print_document(session, "admonition_talk", "谈话记录", entry_id=e.id)
    assert job.marking == "秘密★10年" and job.pages >= 1
    s = CATALOG.duty("admonition_explanation").schedule
    assert isinstance(s, After) and s.due_field == "explanation_due"
    assert s.done_field == "explanation_on"


# -- 廉洁档案 (濮阳·谈话 第九条、第十二条、第十五条、第十八条、第二十一条) ---------------

def test_integrity_file_gathers_a_persons_entries_across_ledgers(
        session: UserSession, member: UserSession) -> None:
    """濮阳·谈话 第九条, 第十二条, 第十八条, 第二十一条: talks, reports, pledges and
    assessments about one person, read from the ledgers (never entered twice), newest
    first; a voided entry and another person with a similar name are left out."""
    svc = member.ledgers
    svc.add("admonition_talk", _admonition())
    svc.add("pre_appointment_list", {
        "decided_on": f"{YEAR}-03-02", "decision": "任职通知", "provider": "县委组织部",
        "people": [{"name": "冯建民", "new_post": "副局长"}, {"name": "蒋立新",
                                                            "new_post": "政治部主任"}]})
    svc.add("personal_report", {
        "kind": "family", "reported_on": f"{YEAR}-03-10", "person": "冯建民",
        "post": "副局长", "matter": "女儿举办婚礼", "received_by": "张组长"})
    svc.add("personal_report", {
        "kind": "family", "reported_on": f"{YEAR}-03-11", "person": "冯建民华",
        "post": "科员", "matter": "本人结婚", "received_by": "张组长"})
    wrong = svc.add("care_talk", _care(person="冯建民"))
    session.ledgers.void("care_talk", wrong.id, "谈话对象登记错误")
    items = integrity_file(session, "冯建民")
    assert [(i.ledger, i.date) for i in items] == [
        ("admonition_talk", f"{YEAR}-09-01"), ("personal_report", f"{YEAR}-03-10"),
        ("pre_appointment_list", f"{YEAR}-03-02")]
    assert items[0].article == "濮阳·谈话 第十九–二十一条" and items[0].status
    assert items[0].classification is Classification.SECRET
    assert "冯建民" in people(session) and "冯建民华" in people(session)
    assert [i.ledger for i in integrity_file(session, "蒋立新")] == ["pre_appointment_list"]
    job = print_integrity_file(session, "冯建民")
    assert job.marking == "秘密★10年"  # the highest 密级 of what it holds
    assert len(job.entries) == 3 and job.pdf.startswith(b"%PDF")
    with pytest.raises(NotFoundError, match="廉洁档案"):
        print_integrity_file(session, "无此人")
    with pytest.raises(ValidationError, match="姓名"):
        integrity_file(session, "  ")


def test_demo_fills_every_ledger_of_the_chapters(tmp_path: Path) -> None:
    """演示数据: each ledger of 献县办法 第十八–二十二条、第二十八–三十一条、第四十四–四十七条
    and 濮阳·谈话 第六–二十一条 has entries; the quarterly reports of 第三十一条 are sent."""
    from paizhu_desktop.core.demo import make_demo

    from conftest import CHEAP_KDF

    s = make_demo(tmp_path / "演示.db", PASSWORD, entries=5, year=YEAR - 1, kdf=CHEAP_KDF)
    try:
        ids = [d.id for d in CATALOG.ledgers()
               if d.chapter.heading in ("第四章 党支部建设", "第六章 学习制度",
                                        "第十一章 谈心谈话制度") or d.chapter == PUYANG_TALKS]
        assert len(ids) == 20
        for ledger_id in ids:
            assert s.ledgers.list(ledger_id), ledger_id
        assert integrity_file(s, "冯建民")
        reports = s.ledgers.list("study_report")
        assert len(reports) == 4 and {r.status for r in reports} == {"sent"}
    finally:
        s.close()


@pytest.mark.gui
def test_a_talk_saved_in_its_page_shows_in_the_persons_file_article_45(
        qtbot: object, session: UserSession) -> None:
    """第四十五条 谈心谈话 through the form (秘密 by default); the 廉洁档案 page of
    第十一章 lists it and opens it in its ledger; the file prints."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTableWidget

    from gui_helpers import child, finish, open_window, type_chinese

    w = open_window(qtbot, session)
    p = w.open_ledger("care_talk")
    assert p is not None
    assert child(p, QComboBox, "classification").currentText() == "秘密"
    type_chinese(child(p, QLineEdit, "talker"), "张组长")
    type_chinese(child(p, QLineEdit, "person"), "王明远")
    type_chinese(child(p, QLineEdit, "place"), "组长办公室")
    type_chinese(child(p, QPlainTextEdit, "situation"), "思想稳定，工作积极。")
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert "已保存" in p.form_message.text(), p.form_message.text()
    talk = session.ledgers.list("care_talk")[0]
    assert talk.classification is Classification.SECRET

    nav = w.nav
    talks = next(nav.topLevelItem(i) for i in range(nav.topLevelItemCount())
                 if nav.topLevelItem(i).text(0).startswith("第十一章"))
    file_item = next(talks.child(j) for j in range(talks.childCount())
                     if talks.child(j).text(0) == "廉洁档案")
    nav.setCurrentItem(file_item)
    page = w.integrity_page
    assert page is not None and w.content.currentWidget() is page
    person = child(page, QComboBox, "integrityPerson")
    assert person.findText("王明远") >= 0
    person.setCurrentText("王明远")
    page.show_file()
    table = child(page, QTableWidget, "integrityItems")
    assert table.rowCount() == 1 and table.item(0, 2).text() == "谈心谈话"
    assert table.item(0, 5).text() == "秘密★10年"
    table.activated.emit(table.model().index(0, 0))
    current = w.current_page()
    assert current is not None and current.desc.id == "care_talk"
    w.show_integrity_file()
    job = finish(qtbot, page.print_file(show=False))
    assert job.error is None, job.error
    assert job.result is not None and job.result.marking == "秘密★10年"


# -- the compliance calendar of the talks ---------------------------------------------

LAST = YEAR - 1  # a whole past year: every deadline of it has come


def _instances(session: UserSession, duty_id: str, on: dt.date) -> list[tuple[str, str]]:
    from paizhu_desktop.core.compliance import instances

    return [(i.due.isoformat(), i.state.value) for i in instances(
        session, on=on, start=dt.date(LAST, 1, 1), end=dt.date(LAST + 1, 12, 31),
        duty_ids=[duty_id])]


def test_pre_appointment_list_due_15_days_after_the_decision_article_8(
        session: UserSession) -> None:
    """濮阳·谈话 第八条: 任职后15日内提供名单 — received in time, late, or still awaited."""
    for decided, received in ((f"{LAST}-03-02", f"{LAST}-03-12"),
                              (f"{LAST}-08-15", f"{LAST}-09-06"), (f"{LAST}-11-10", None)):
        session.ledgers.add("pre_appointment_list", {
            "decided_on": decided, "decision": f"任职通知（{decided}）", "provider": "县委组织部",
            "people": [{"name": "冯建民", "new_post": "副局长"}],
            **({"received_on": received} if received else {})})
    assert _instances(session, "pre_appointment_list_15_days", dt.date(LAST, 12, 1)) == [
        (f"{LAST}-03-17", "done"), (f"{LAST}-08-30", "late"), (f"{LAST}-11-25", "overdue")]


def test_transfer_register_due_three_months_after_leaving_article_9(
        session: UserSession) -> None:
    """濮阳·谈话 第九条: 三个月内填写《干部调离情况廉政登记表》并报送."""
    values = {"person": "周文斌", "old_post": "财政局副局长", "new_post": "商务局局长",
              "left_on": f"{LAST}-04-15", "documents": "已清交", "property": "已清交",
              "funds": "无", "farewell": "未组织", "relations": "已转出",
              "filled_by": "示例县财政局"}
    e = session.ledgers.add("transfer_register", values)
    assert _instances(session, "transfer_register_3_months", dt.date(LAST, 7, 20)) == [
        (f"{LAST}-07-15", "overdue")]
    session.ledgers.edit("transfer_register", e.id, dict(values, filed_on=f"{LAST}-06-01"))
    assert _instances(session, "transfer_register_3_months", dt.date(LAST, 7, 20)) == [
        (f"{LAST}-07-15", "done")]


def test_integrity_talk_in_the_fortnight_before_a_holiday_article_11(
        session: UserSession) -> None:
    """濮阳·谈话 第十一条: 在重大节日前召开廉政恳谈会 — a talk in the window before the
    Spring Festival counts for it; the next holiday without one is overdue."""
    from paizhu_desktop.core.compliance import WorkCalendar, instances

    holidays = {name: first for name, first, _last in WorkCalendar().holiday_periods(LAST)}
    spring = next(first for name, first in holidays.items() if "春节" in name)
    session.ledgers.add("integrity_talk", {
        "holiday": "春节", "date": (spring - dt.timedelta(days=5)).isoformat(),
        "place": "财政局党组会议室", "host": "郑国华", "talker": "郑国华、张组长",
        "participants": "党组成员", "content": "重申中央八项规定精神。"})
    found = {i.label: i.state.value for i in instances(
        session, on=dt.date(LAST, 12, 31), start=dt.date(LAST, 1, 1),
        end=dt.date(LAST, 12, 31), duty_ids=["integrity_talk_before_holidays"])}
    assert any("春节" in label and state == "done" for label, state in found.items())
    assert any("清明" in label and state == "overdue" for label, state in found.items())


def test_accountability_talk_each_half_year_article_14(session: UserSession) -> None:
    """濮阳·谈话 第十四条: 约谈每半年至少进行一次."""
    session.ledgers.add("accountability_talk", {
        "date": f"{LAST}-06-10", "reason": "regular", "talker": "张组长",
        "talker_post": "组长", "person": "郑国华", "post": "财政局党组书记",
        "recorder": "王明远", "place": "谈话室", "content": "听取履行主体责任情况汇报。",
        "requirements": "开展廉政风险点再排查。"})
    assert _instances(session, "accountability_talk_half_year", dt.date(LAST + 1, 1, 5))[:2] \
        == [(f"{LAST}-06-30", "done"), (f"{LAST}-12-31", "overdue")]


def test_admonition_explanation_due_on_the_date_set_in_the_talk_article_20(
        session: UserSession, member: UserSession) -> None:
    """濮阳·谈话 第二十条: 明确提交书面说明或检查的时间 — due that day."""
    e = member.ledgers.add("admonition_talk", _admonition(
        decided_on=f"{LAST}-09-01", explanation_due=f"{LAST}-09-15"))
    assert _instances(session, "admonition_explanation", dt.date(LAST, 9, 20)) == [
        (f"{LAST}-09-15", "overdue")]
    member.ledgers.step("admonition_talk", e.id, "record_talk", data={
        "talked_at": f"{LAST}-09-05 09:00", "place": "谈话室", "record": "说明诫勉事由。",
        "requirements": "提交书面检查。"})
    member.ledgers.step("admonition_talk", e.id, "sign", data={"signed_on": f"{LAST}-09-05"})
    member.ledgers.step("admonition_talk", e.id, "explain", data={
        "explanation_on": f"{LAST}-09-18", "countersigned_by": "郑国华"})
    assert _instances(session, "admonition_explanation", dt.date(LAST, 9, 20)) == [
        (f"{LAST}-09-15", "late")]


def test_care_talks_each_half_year_article_45(session: UserSession) -> None:
    """第四十五条 经常性谈心谈话 (the program reads it as once a half year)."""
    session.ledgers.add("care_talk", _care(date=f"{LAST}-03-12"))
    assert _instances(session, "care_talk_half_year", dt.date(LAST + 1, 1, 5))[:2] == [
        (f"{LAST}-06-30", "done"), (f"{LAST}-12-31", "overdue")]


def test_a_printed_integrity_file_is_checked_against_the_ledgers(
        session: UserSession, member: UserSession) -> None:
    """濮阳·谈话 第二十一条 归入廉洁档案: the printed file (entries of several ledgers) is
    logged; 核对纸质件 finds each of them and notices a later change."""
    from paizhu_desktop.core.printing.jobs import record_print, verify_print

    member.ledgers.add("personal_report", {
        "kind": "family", "reported_on": f"{YEAR}-03-10", "person": "冯建民",
        "post": "副局长", "matter": "女儿举办婚礼", "received_by": "张组长"})
    talk = member.ledgers.add("admonition_talk", _admonition())
    job = print_integrity_file(session, "冯建民")
    record_print(session, job, "保存为PDF")
    check = verify_print(session, job.digest)
    assert check.ok and check.unchanged == 2, check.describe()
    member.ledgers.edit("admonition_talk", talk.id, dict(talk.values, reason="改写的事由。"))
    check = verify_print(session, job.digest)
    assert not check.ok and len(check.changed) == 1 and not check.voided


def test_the_integrity_file_from_the_command_line(
        session: UserSession, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``paizhu integrity-file 姓名``: the person's file as text or JSON; ``--out`` prints
    it (濮阳·谈话 第二十一条 归入廉洁档案)."""
    import json

    from conftest import LEADER, run_cli

    session.ledgers.add("admonition_talk", _admonition())
    auth = ["--db", str(db_path), "--user", LEADER, "--password-stdin"]
    code, out, _err = run_cli(["integrity-file", "冯建民", *auth, "--format", "json"],
                              PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0
    assert [(i["ledger"], i["classification"]) for i in json.loads(out)] == [
        ("admonition_talk", "秘密")]
    pdf = db_path.parent / "冯建民廉洁档案.pdf"
    code, out, _err = run_cli(["integrity-file", "冯建民", *auth, "--out", str(pdf)],
                              PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0 and "密级：秘密★10年" in out and pdf.read_bytes().startswith(b"%PDF")
    code, _out, err = run_cli(["integrity-file", "无此人", *auth, "--out", str(pdf)],
                              PASSWORD + "\n", monkeypatch, capsys)
    assert code != 0 and "廉洁档案" in err and len(err.strip().splitlines()) == 1


@pytest.mark.gui
def test_the_puyang_talks_heading_shows_its_own_ledgers(
        qtbot: object, session: UserSession) -> None:
    """濮阳·谈话 numbers its parts from 第一条 like 献县办法: its heading in the navigation
    opens its own page (not 献县办法 第二章's), listing the talk ledgers."""
    from PySide6.QtWidgets import QLabel

    from gui_helpers import child, open_window

    w = open_window(qtbot, session)
    nav = w.nav
    item = next(nav.topLevelItem(i) for i in range(nav.topLevelItemCount())
                if nav.topLevelItem(i).text(0).startswith("濮阳·谈话制度"))
    assert item.childCount() == 7
    nav.setCurrentItem(item)
    status = child(w.content.currentWidget(), QLabel, "chapterStatus").text()
    assert "任前廉政谈话" in status and "诫勉谈话" in status


def test_sending_back_a_plan_and_a_report_needs_a_reason_articles_31_47(
        session: UserSession, member: UserSession) -> None:
    """献县办法 第四十七条 谈话方案 and 第三十一条 学习季报: the 组长 sends either back with
    a reason; after a change it comes again; a signed 任前廉政谈话 can no longer change."""
    talk = member.ledgers.add("reminder_talk", _reminder(subject="member", person="赵建国",
                                                         post="工作人员"))
    session.ledgers.step("reminder_talk", talk.id, "approve_plan")
    with pytest.raises(ValidationError, match="退回理由"):
        session.ledgers.step("reminder_talk", talk.id, "send_back")
    back = session.ledgers.step("reminder_talk", talk.id, "send_back", note="提纲需具体")
    assert back.status == "planned" and back.values["plan_note"] == "提纲需具体"
    again = member.ledgers.edit("reminder_talk", talk.id, dict(back.values, outline="一、具体"))
    assert again.values["outline"] == "一、具体"
    report = member.ledgers.add("study_report", {
        "year": YEAR, "quarter": 2, "sessions": 1, "minutes": 90, "content": "一、基本情况"})
    member.ledgers.step("study_report", report.id, "submit")
    back = session.ledgers.step("study_report", report.id, "send_back", note="补充学习体会")
    assert back.status == "draft" and back.values["review_note"] == "补充学习体会"
    pre = member.ledgers.add("pre_appointment_talk", {
        "date": f"{YEAR}-03-17", "persons": [{"name": "冯建民", "post": "副局长"}],
        "talker": "张组长", "talker_post": "组长", "recorder": "王明远", "place": "谈话室",
        "content": "明确廉洁自律要求。"})
    signed = member.ledgers.step("pre_appointment_talk", pre.id, "sign",
                                 data={"signed_on": f"{YEAR}-03-17"})
    assert signed.status == "signed"
    with pytest.raises(RuleError):
        member.ledgers.edit("pre_appointment_talk", pre.id, dict(signed.values, place="会议室"))
    voided = session.ledgers.void("pre_appointment_talk", pre.id, "重复登记")
    assert voided.voided and integrity_file(session, "冯建民") == []


def test_every_source_of_the_file_files_under_the_person_named(session: UserSession) -> None:
    """濮阳·谈话 第九条、第十二条、第十五条、第十八条、第二十一条 and 濮阳·述责述廉 第七条（二）:
    an entry of each ledger the 廉洁档案 reads, naming the person (with a post after the
    name, as some ledgers ask), is in that person's file; one naming another is not."""
    from paizhu_desktop.core.integrity_file import SOURCES

    from ledger_samples import sample_values

    expected = set()
    for i, source in enumerate(s for s in SOURCES if s.ledger in
                               {d.id for d in session.catalog.ledgers()}):
        desc = session.catalog.ledger(source.ledger)
        values = sample_values(desc, i)
        name = "褚文静" if i % 2 else "褚文静（示例县审计局局长）"
        if source.ledger == "life_meeting":  # a table the samples leave empty
            values.update(appraisal=True, results=[{"name": "褚文", "grade": "合格"}])
        if source.column:
            row = dict((values.get(source.field) or [{}])[0])
            values[source.field] = [dict(row, **{source.column: "褚文"}),
                                    dict(row, **{source.column: name})]
        else:
            values[source.field] = name
        expected.add(session.ledgers.add(source.ledger, values).id)
    found = {i.entry_id for i in integrity_file(session, "褚文静")}
    assert found == expected
    assert integrity_file(session, "褚文") != [] and "褚文静" in people(session)
