"""党支部建设 — 献县办法 第四章 第十八–二十二条.

The branch's organisational life is kept in a few ledgers:

- 三会一课 (第十八条(一)): one register of 支部党员大会 (each quarter), 支部委员会
  and 党小组会 (each month) and 党课 (the 支部书记, at least once a year), each
  with its attendance, absences and their reasons, topics and resolutions.
- 主题党日 (第十八条(二)): a fixed day each month.
- 组织生活会 and 民主评议党员 (第十八条(三)): each at least once a year, often
  held together; the appraisal records every member's result.
- 换届 and 补选 (第十九条): a term of three years counted from the last
  election; a vacancy is filled by a by-election.
- 支部书记述职 (第二十条): each year, to the 机关党委 and the 支部党员大会.
- 党员先锋岗、责任区 with 设岗、定责、承诺、践诺 (第二十一条).
- 重大事项、个人有关事项 and 婚丧嫁娶 reports (第二十二条); the 廉政谈话 for
  newly appointed leaders is kept with the 任前廉政谈话 of 濮阳·谈话.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import Derivation, LedgerDescription, Link
from paizhu_desktop.core.ledgers.duties import After, Counts, Duty, Every
from paizhu_desktop.core.ledgers.fields import TODAY, Choice, Field, FieldType
from paizhu_desktop.core.ledgers.rules import EntryView
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.xianxian.chapters import PARTY_BRANCH

#: 第十八条(一): the four kinds of 三会一课.
MEETING_KINDS = (
    Choice("general", "支部党员大会"),
    Choice("committee", "支部委员会"),
    Choice("group", "党小组会"),
    Choice("lecture", "党课"),
)

_BRANCH_ROLES = frozenset({Role.LEADER, Role.DEPUTY})


def _absentees_field() -> Field:
    return Field("absentees", "缺席人员", FieldType.TABLE, subfields=(
        Field("name", "姓名", FieldType.TEXT, required=True, max_length=30),
        Field("reason", "缺席原因", FieldType.TEXT, required=True, max_length=100),
    ), help="缺席的，逐人写明原因")


def _lecture_has_lecturer(values: Mapping[str, Any]) -> dict[str, str]:
    # 第十八条(一): 支部书记每年至少讲一次党课 — who gave it is the point of the record.
    if values.get("kind") == "lecture" and not values.get("lecturer"):
        return {"lecturer": "党课须填写“主讲人”（第十八条（一）：支部书记每年至少讲一次党课）"}
    if values.get("kind") == "lecture" and not values.get("lecture_title"):
        return {"lecture_title": "党课须填写“党课题目”"}
    return {}


def _kind_duty(duty_id: str, name: str, kind: str, period: Any, article: str) -> Duty:
    return Duty(duty_id, name, article, Every(period),
                counts=Counts("branch_meeting", where={"kind": kind}), roles=_BRANCH_ROLES)


BRANCH_MEETING = LedgerDescription(
    id="branch_meeting",
    name="三会一课",
    chapter=PARTY_BRANCH,
    article="献县办法 第十八条（一）",
    register_name="“三会一课”记录簿",
    description=(
        "落实“三会一课”制度：每季度召开一次支部党员大会，每月召开一次支部委员会、一次党小组会，"
        "支部书记每年至少讲一次党课（第十八条（一））。每次会议记明出席、缺席及原因、议题和决议。"
    ),
    fields=(
        Field("kind", "类别", FieldType.CHOICE, required=True, choices=MEETING_KINDS,
              default="committee"),
        Field("date", "日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("time", "起止时间", FieldType.TEXT, max_length=30, searchable=False,
              help="如 15:00—16:30"),
        Field("place", "地点", FieldType.TEXT, required=True, max_length=100,
              default="派驻组会议室"),
        Field("host", "主持人", FieldType.TEXT, required=True, max_length=30),
        Field("recorder", "记录人", FieldType.TEXT, required=True, max_length=30),
        Field("due_count", "应到人数", FieldType.INTEGER, minimum=0, maximum=500,
              searchable=False),
        Field("attendees", "出席人员", FieldType.TEXT, required=True, max_length=300),
        _absentees_field(),
        Field("observers", "列席人员", FieldType.TEXT, max_length=300),
        Field("lecturer", "主讲人", FieldType.TEXT, max_length=30,
              help="党课填写；支部书记每年至少讲一次（第十八条（一））"),
        Field("lecture_title", "党课题目", FieldType.TEXT, max_length=100),
        Field("topics", "议题", FieldType.TABLE, required=True, subfields=(
            Field("topic", "议题", FieldType.TEXT, required=True, max_length=200),
        )),
        Field("content", "会议内容", FieldType.LONGTEXT, required=True, max_length=20000),
        Field("resolutions", "决议", FieldType.LONGTEXT, max_length=5000,
              help="会议作出的决议、决定；没有的不填"),
    ),
    list_columns=("date", "kind", "host", "topics", "attendees", "absentees", "resolutions"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="topics",
    validators=(_lecture_has_lecturer,),
    duties=(
        _kind_duty("branch_general_meeting", "每季度召开一次支部党员大会", "general", "quarter",
                   "献县办法 第十八条（一）"),
        _kind_duty("branch_committee_meeting", "每月召开一次支部委员会", "committee", "month",
                   "献县办法 第十八条（一）"),
        _kind_duty("branch_group_meeting", "每月召开一次党小组会", "group", "month",
                   "献县办法 第十八条（一）"),
        _kind_duty("branch_party_lecture", "支部书记每年至少讲一次党课", "lecture", "year",
                   "献县办法 第十八条（一）"),
    ),
)


#: 第十八条(二): what a 主题党日 may hold.
PARTY_DAY_FORMS = (
    Choice("study", "集中学习"),
    Choice("life", "过组织生活"),
    Choice("deliberation", "民主议事"),
    Choice("volunteer", "志愿服务"),
    Choice("oath", "重温入党誓词"),
    Choice("birthday", "党员过“政治生日”"),
    Choice("other", "其他"),
)

PARTY_DAY = LedgerDescription(
    id="party_day",
    name="主题党日",
    chapter=PARTY_BRANCH,
    article="献县办法 第十八条（二）",
    register_name="主题党日活动记录簿",
    description=(
        "每月相对固定一天开展党日活动，组织党员集中学习，过组织生活，进行民主议事和志愿服务等，"
        "坚持和完善重温入党誓词、党员过“政治生日”等政治仪式（第十八条（二））。"
    ),
    fields=(
        Field("date", "日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("theme", "活动主题", FieldType.TEXT, required=True, max_length=100),
        Field("form", "活动形式", FieldType.CHOICE, required=True, choices=PARTY_DAY_FORMS,
              default="study"),
        Field("other_forms", "其他形式", FieldType.TEXT, max_length=100,
              help="同时开展的其他活动，如“重温入党誓词、志愿服务”"),
        Field("place", "地点", FieldType.TEXT, required=True, max_length=100),
        Field("host", "组织人", FieldType.TEXT, required=True, max_length=30),
        Field("attendees", "参加人员", FieldType.TEXT, required=True, max_length=300),
        _absentees_field(),
        Field("content", "活动内容", FieldType.LONGTEXT, required=True, max_length=10000),
        Field("effect", "活动效果", FieldType.LONGTEXT, max_length=2000),
    ),
    list_columns=("date", "theme", "form", "place", "attendees", "absentees"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="theme",
    duties=(Duty("party_day_monthly", "每月开展一次主题党日活动", "献县办法 第十八条（二）",
                 Every("month"), counts=Counts("party_day"), roles=_BRANCH_ROLES),),
)


#: 民主评议党员 results (the grades an appraisal gives each member).
APPRAISAL_GRADES = (
    Choice("excellent", "优秀"),
    Choice("qualified", "合格"),
    Choice("basic", "基本合格"),
    Choice("unqualified", "不合格"),
)


def _life_meeting_checks(values: Mapping[str, Any]) -> dict[str, str]:
    if not values.get("life_meeting") and not values.get("appraisal"):
        return {"life_meeting": "请至少勾选“召开组织生活会”或“开展民主评议党员”之一"
                                "（第十八条（三））"}
    if values.get("appraisal") and not values.get("results"):
        return {"results": "民主评议党员须逐人登记评议结果（第十八条（三））"}
    if values.get("life_meeting") and not values.get("criticism"):
        return {"criticism": "组织生活会须记录批评与自我批评情况（第十八条（三））"}
    return {}


LIFE_MEETING = LedgerDescription(
    id="life_meeting",
    name="组织生活会与民主评议党员",
    chapter=PARTY_BRANCH,
    article="献县办法 第十八条（三）",
    register_name="组织生活会和民主评议党员登记簿",
    description=(
        "每年至少召开一次组织生活会，开展批评与自我批评；每年开展一次民主评议党员活动，进行政治"
        "体检，可与组织生活会一并进行（第十八条（三））。民主评议逐人登记评议结果。"
    ),
    fields=(
        Field("date", "日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("year", "年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              searchable=False, help="组织生活会、民主评议所属年度"),
        Field("life_meeting", "召开组织生活会", FieldType.BOOL, default=True, searchable=False),
        Field("appraisal", "开展民主评议党员", FieldType.BOOL, default=True, searchable=False,
              help="可与组织生活会一并进行（第十八条（三））"),
        Field("theme", "主题", FieldType.TEXT, required=True, max_length=100),
        Field("place", "地点", FieldType.TEXT, required=True, max_length=100),
        Field("host", "主持人", FieldType.TEXT, required=True, max_length=30),
        Field("recorder", "记录人", FieldType.TEXT, required=True, max_length=30),
        Field("attendees", "参加人员", FieldType.TEXT, required=True, max_length=300),
        _absentees_field(),
        Field("guidance", "上级党组织到会指导", FieldType.TEXT, max_length=100),
        Field("criticism", "批评与自我批评情况", FieldType.LONGTEXT, max_length=20000),
        Field("results", "民主评议结果", FieldType.TABLE, subfields=(
            Field("name", "党员姓名", FieldType.TEXT, required=True, max_length=30),
            Field("grade", "评议等次", FieldType.CHOICE, required=True,
                  choices=APPRAISAL_GRADES),
            Field("remark", "主要意见", FieldType.TEXT, max_length=200),
        ), help="每名党员一行"),
        Field("rectification", "整改措施", FieldType.LONGTEXT, max_length=5000),
    ),
    list_columns=("date", "year", "theme", "life_meeting", "appraisal", "results"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="theme",
    validators=(_life_meeting_checks,),
    duties=(
        Duty("life_meeting_yearly", "每年至少召开一次组织生活会", "献县办法 第十八条（三）",
             Every("year"), counts=Counts("life_meeting", where={"life_meeting": True}),
             roles=_BRANCH_ROLES),
        Duty("member_appraisal_yearly", "每年开展一次民主评议党员", "献县办法 第十八条（三）",
             Every("year"), counts=Counts("life_meeting", where={"appraisal": True}),
             roles=_BRANCH_ROLES),
    ),
)


ELECTION_KINDS = (Choice("general", "换届选举"), Choice("by", "补选"))
BRANCH_POSTS = (Choice("secretary", "书记"), Choice("deputy", "副书记"),
                Choice("member", "委员"))


def _election_checks(values: Mapping[str, Any]) -> dict[str, str]:
    if values.get("kind") == "by" and not values.get("vacancy"):
        return {"vacancy": "补选须写明空缺情况（第十九条：班子成员出现空缺或因工作交流调整）"}
    return {}


def next_election(entry: EntryView) -> dict[str, Any]:
    """The next 换届 (three years on, 第十九条), linked to the one it follows."""
    v = entry.values
    return {"kind": "general", "term_years": 3, "previous_id": entry.id,
            "elected": list(v.get("elected") or [])}


BRANCH_ELECTION = LedgerDescription(
    id="branch_election",
    name="换届与补选",
    chapter=PARTY_BRANCH,
    article="献县办法 第十九条",
    register_name="党支部换届选举和补选登记簿",
    description=(
        "每届任期三年，届满后及时按规定程序做好换届选举工作；支部班子成员出现空缺或因工作交流"
        "调整后，应及时补选（第十九条）。下一次换届从最近一次换届之日起算三年。"
    ),
    fields=(
        Field("kind", "类别", FieldType.CHOICE, required=True, choices=ELECTION_KINDS,
              default="general"),
        Field("date", "选举日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("term_years", "任期（年）", FieldType.INTEGER, minimum=1, maximum=5, default=3,
              searchable=False, help="每届任期三年（第十九条）"),
        Field("vacancy", "空缺情况", FieldType.TEXT, max_length=200,
              help="补选填写：谁因何出现空缺（调整交流、退休等）"),
        Field("request_approval", "上级党组织批复", FieldType.TEXT, max_length=100,
              help="召开选举大会的请示及批复文号"),
        Field("voters", "应到/实到党员", FieldType.TEXT, max_length=50, searchable=False,
              help="如 应到8人，实到8人"),
        Field("elected", "当选人员", FieldType.TABLE, required=True, subfields=(
            Field("name", "姓名", FieldType.TEXT, required=True, max_length=30),
            Field("post", "职务", FieldType.CHOICE, required=True, choices=BRANCH_POSTS),
            Field("votes", "得票", FieldType.INTEGER, minimum=0, maximum=500),
        )),
        Field("result_approval", "选举结果批复", FieldType.TEXT, max_length=100),
        Field("notes", "选举情况", FieldType.LONGTEXT, max_length=5000),
        Field("previous_id", "上一次换届", FieldType.TEXT, hidden=True, searchable=False),
        Field("vacancy_id", "所补空缺", FieldType.TEXT, hidden=True, searchable=False),
    ),
    list_columns=("date", "kind", "elected", "term_years", "vacancy", "result_approval"),
    ordering=(("date", True),),
    date_field="date",
    # A line of text: the calendar names the 换届 it counts from by it.
    summary_field="kind",
    validators=(_election_checks,),
    derivations=(Derivation("next_election", "登记下一次换届", "branch_election",
                            next_election),),
    links=(Link("previous_id", "上一次换届", ledger="branch_election"),
           Link("vacancy_id", "所补空缺", ledger="branch_vacancy")),
    duties=(Duty(
        "branch_reelection", "党支部届满换届选举", "献县办法 第十九条",
        After("branch_election", "date", years=3, where={"kind": "general"},
              followed_by="branch_election", link_field="previous_id", latest_only=True),
        roles=_BRANCH_ROLES,
        note="从最近一次换届选举之日起算三年；下一次换届经“登记下一次换届”录入并关联。"),),
)


VACANCY_REASONS = (
    Choice("transfer", "工作交流调整"),
    Choice("retire", "退休"),
    Choice("resign", "辞去职务"),
    Choice("other", "其他"),
)


def vacancy_to_by_election(entry: EntryView) -> dict[str, Any]:
    """The 补选 that fills a vacancy (第十九条), linked back to it."""
    v = entry.values
    reason = {c.value: c.label for c in VACANCY_REASONS}.get(v.get("reason") or "", "")
    return {"kind": "by", "vacancy_id": entry.id,
            "vacancy": f"{v.get('member') or ''}（{_post_label(v.get('post'))}）因{reason}出现空缺",
            "elected": [{"name": "", "post": v.get("post") or "member"}]}


def _post_label(value: Any) -> str:
    return {c.value: c.label for c in BRANCH_POSTS}.get(value or "", "")


BRANCH_VACANCY = LedgerDescription(
    id="branch_vacancy",
    name="支部班子空缺",
    chapter=PARTY_BRANCH,
    article="献县办法 第十九条",
    register_name="党支部班子成员空缺登记簿",
    description=(
        "支部班子成员出现空缺或因工作交流调整后，应及时补选（第十九条）。登记空缺后经"
        "“登记补选”录入补选情况，两者互相关联。"
    ),
    fields=(
        Field("vacated_on", "出现空缺日期", FieldType.DATE, required=True, width=11),
        Field("member", "原任人员", FieldType.TEXT, required=True, max_length=30),
        Field("post", "职务", FieldType.CHOICE, required=True, choices=BRANCH_POSTS),
        Field("reason", "空缺原因", FieldType.CHOICE, required=True, choices=VACANCY_REASONS),
        Field("details", "情况说明", FieldType.TEXT, max_length=200),
    ),
    list_columns=("vacated_on", "member", "post", "reason", "details"),
    ordering=(("vacated_on", True),),
    date_field="vacated_on",
    summary_field="member",
    derivations=(Derivation("to_by_election", "登记补选", "branch_election",
                            vacancy_to_by_election),),
    duties=(Duty(
        "branch_by_election", "支部班子成员出现空缺后及时补选", "献县办法 第十九条",
        After("branch_vacancy", "vacated_on", months=3, followed_by="branch_election",
              link_field="vacancy_id"),
        roles=_BRANCH_ROLES,
        note="第十九条要求“及时补选”而未定时限；程序按空缺后三个月内提示。"),),
)


def _report_to_someone(values: Mapping[str, Any]) -> dict[str, str]:
    if not values.get("to_party_committee") and not values.get("to_general_meeting"):
        return {"to_party_committee": "述职须向机关党委或支部党员大会进行（第二十条）"}
    return {}


SECRETARY_REPORT = LedgerDescription(
    id="secretary_report",
    name="支部书记述职",
    chapter=PARTY_BRANCH,
    article="献县办法 第二十条",
    register_name="支部书记抓党建述职评议登记簿",
    description=(
        "支部书记认真履行第一责任人责任，每年向机关党委和支部党员大会进行述职，报告工作，接受"
        "评议考核；积极参加集中轮训（第二十条）。"
    ),
    fields=(
        Field("year", "述职年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              searchable=False),
        Field("date", "述职日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("secretary", "支部书记", FieldType.TEXT, required=True, max_length=30),
        Field("to_party_committee", "向机关党委述职", FieldType.BOOL, default=True,
              searchable=False),
        Field("to_general_meeting", "向支部党员大会述职", FieldType.BOOL, default=True,
              searchable=False),
        Field("content", "述职报告要点", FieldType.LONGTEXT, required=True, max_length=20000),
        Field("rating", "评议考核结果", FieldType.CHOICE, choices=(
            Choice("good", "好"), Choice("fair", "较好"), Choice("average", "一般"),
            Choice("poor", "差")), help="机关党委评议考核的等次"),
        Field("opinions", "评议意见", FieldType.LONGTEXT, max_length=5000),
        Field("training", "参加集中轮训情况", FieldType.TEXT, max_length=200),
    ),
    list_columns=("year", "date", "secretary", "rating", "training"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="secretary",
    validators=(_report_to_someone,),
    duties=(Duty("secretary_report_yearly", "支部书记每年述职", "献县办法 第二十条",
                 Every("year"), counts=Counts("secretary_report"), roles=_BRANCH_ROLES),),
)


VANGUARD_POST = LedgerDescription(
    id="vanguard_post",
    name="党员先锋岗与承诺践诺",
    chapter=PARTY_BRANCH,
    article="献县办法 第二十一条",
    register_name="党员先锋岗、责任区设岗定责承诺践诺登记簿",
    description=(
        "建立党员先锋岗、责任区，推行设岗、定责、承诺、践诺，组织党员立足本职、担当尽责，"
        "发挥先锋模范作用，推行党员志愿服务（第二十一条）。"
    ),
    fields=(
        Field("year", "年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              searchable=False),
        Field("member", "党员", FieldType.TEXT, required=True, max_length=30),
        Field("post", "先锋岗/责任区", FieldType.TEXT, required=True, max_length=100,
              help="设岗"),
        Field("duties", "岗位职责", FieldType.LONGTEXT, required=True, max_length=2000,
              help="定责"),
        Field("pledged_on", "承诺日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("pledge", "承诺事项", FieldType.LONGTEXT, required=True, max_length=2000),
        Field("fulfilment", "践诺情况", FieldType.LONGTEXT, max_length=5000),
        Field("service", "志愿服务、为群众办实事", FieldType.LONGTEXT, max_length=2000),
        Field("evaluation", "评议情况", FieldType.TEXT, max_length=200),
    ),
    list_columns=("year", "member", "post", "pledge", "fulfilment", "evaluation"),
    ordering=(("pledged_on", True),),
    date_field="pledged_on",
    summary_field="post",
)


#: 第二十二条: the three reporting rules it names.
REPORT_KINDS = (
    Choice("major", "重大事项请示报告"),
    Choice("personal", "领导干部个人有关事项报告"),
    Choice("family", "操办婚丧嫁娶有关事宜报告"),
)


def report_to_pledge(entry: EntryView) -> dict[str, Any]:
    """濮阳·谈话 第十二条: a reported 重大事项 is followed by a talk and a written pledge."""
    v = entry.values
    return {"person": v.get("person") or "", "post": v.get("post") or "",
            "matter": v.get("matter") or "", "report_id": entry.id}


PERSONAL_REPORT = LedgerDescription(
    id="personal_report",
    name="重大事项和个人有关事项报告",
    chapter=PARTY_BRANCH,
    article="献县办法 第二十二条",
    register_name="重大事项、个人有关事项和婚丧嫁娶事宜报告登记簿",
    description=(
        "严格执行重大事项请示报告制度、领导干部个人有关事项报告制度和操办婚丧嫁娶有关事宜报告"
        "制度（第二十二条）。报告人的报告归入其廉洁档案（濮阳·谈话 第十二条）。"
    ),
    fields=(
        Field("kind", "报告类别", FieldType.CHOICE, required=True, choices=REPORT_KINDS),
        Field("reported_on", "报告日期", FieldType.DATE, required=True, width=11, default=TODAY),
        Field("person", "报告人", FieldType.TEXT, required=True, max_length=30),
        Field("post", "单位及职务", FieldType.TEXT, max_length=100),
        Field("matter", "报告事项", FieldType.LONGTEXT, required=True, max_length=5000),
        Field("event_date", "事项日期", FieldType.DATE,
              help="婚丧嫁娶等事宜的举办日期"),
        Field("scale", "规模及费用", FieldType.TEXT, max_length=200,
              help="操办婚丧嫁娶的：宴请桌数、人数、范围"),
        Field("received_by", "接收人", FieldType.TEXT, required=True, max_length=30),
        Field("handling", "处理意见", FieldType.LONGTEXT, max_length=2000),
    ),
    list_columns=("reported_on", "kind", "person", "post", "matter", "received_by"),
    ordering=(("reported_on", True),),
    date_field="reported_on",
    summary_field="matter",
    default_classification=Classification.INTERNAL,
    derivations=(Derivation("to_pledge", "谈话并登记廉洁承诺", "integrity_pledge",
                            report_to_pledge),),
)


#: 第四章, in navigation order.
LEDGERS = (BRANCH_MEETING, PARTY_DAY, LIFE_MEETING, BRANCH_ELECTION, BRANCH_VACANCY,
           SECRETARY_REPORT,
           VANGUARD_POST, PERSONAL_REPORT)
