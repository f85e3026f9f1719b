"""大事记 chronicle and its 汇总/小结/整理 with the leader's 审定 — 献县办法 第四十八–五十条."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.description import (
    Derivation,
    Document,
    LedgerDescription,
    Link,
)
from paizhu_desktop.core.ledgers.duties import Counts, Duty, Every, Period
from paizhu_desktop.core.ledgers.fields import Choice, Field, FieldType, numbered_choices
from paizhu_desktop.core.ledgers.rules import EntryView, Records
from paizhu_desktop.core.ledgers.workflow import ACTOR, NOTE, NOW, STAND_IN, Step, Workflow
from paizhu_desktop.core.permissions import GRANTS, ROLE_LABELS, Permission, Role
from paizhu_desktop.core.regulations.xianxian.chapters import CHRONICLE as CHAPTER

#: 第四十八条 (一)–(六), shortened for lists; the print shows the full label.
CATEGORIES = numbered_choices([
    "上级重大决策部署和交办重点工作落实",
    "专项工作、重要活动和主要成效",
    "组长参加的重要活动、督促驻在部门党风廉政建设",
    "组务会研究的重要事项",
    "有关人员打听、干预监督执纪、案件查办",
    "其他重大事项",
])
#: 第四十八条(五): enquiries about or interference in a case.
CATEGORY_INTERFERENCE = "5"


def _dates_in_order(values: Mapping[str, Any]) -> dict[str, str]:
    start, end = values.get("date_start"), values.get("date_end")
    if start and end and end < start:
        return {"date_end": "“结束日期”不能早于“日期”"}
    return {}


def _interference_is_secret(values: Mapping[str, Any]) -> Classification | None:
    # 第四十八条(五) matters concern cases: 秘密 unless the user decides otherwise.
    if values.get("category") == CATEGORY_INTERFERENCE:
        return Classification.SECRET
    return None


CHRONICLE_ID = "chronicle"

CHRONICLE = LedgerDescription(
    id=CHRONICLE_ID,
    name="大事记",
    chapter=CHAPTER,
    article="献县办法 第四十八–五十条",
    description=(
        "对重要事项指定专人负责记载、整理和归档（第四十八条）；简明扼要，重点记录时间、地点、"
        "涉及人员、主要内容，已有记录或纪要的只摘记要点（第四十九条）；一日之内按日记载，非止一日"
        "按事记载，一日数起按重要性依次记载（第五十条）。"
    ),
    fields=(
        Field("date_start", "日期", FieldType.DATE, required=True,
              help="事项发生的日期；非止一日的事项填开始日期"),
        Field("date_end", "结束日期", FieldType.DATE,
              help="非止一日的事项填写结束日期（第五十条：按事记载）"),
        Field("importance", "当日次序", FieldType.INTEGER, required=True, default=1, width=6,
              minimum=1, maximum=99, searchable=False,
              help="同一日发生数起的，按重要性依次记载：1 为最重要（第五十条）"),
        Field("category", "类别", FieldType.CHOICE, required=True, choices=CATEGORIES,
              help="第四十八条（一）至（六）"),
        Field("place", "地点", FieldType.TEXT, max_length=100),
        Field("people", "涉及人员", FieldType.TEXT, max_length=200),
        Field("content", "主要内容", FieldType.LONGTEXT, required=True, max_length=5000,
              help="简明扼要；已有会议记录或纪要的，只摘记要点（第四十九条）"),
        Field("source_ledger", "来源台账", FieldType.TEXT, hidden=True, searchable=False),
        Field("source_id", "来源条目", FieldType.TEXT, hidden=True, searchable=False),
        Field("corrects", "更正条目", FieldType.TEXT, hidden=True, searchable=False),
    ),
    list_columns=("date_start", "date_end", "importance", "content", "category", "place",
                  "people"),
    # 第五十条: by day; a multi-day matter once, at its start; within a day by importance.
    ordering=(("date_start", False), ("importance", False), ("date_end", False)),
    date_field="date_start",
    summary_field="content",
    default_classification=Classification.INTERNAL,
    classification_rule=_interference_is_secret,
    classification_inputs=("category",),
    validators=(_dates_in_order,),
    write_rules=(lambda *a: period_lock(*a),),
    derivations=(Derivation("correct", "登记更正", "chronicle", lambda e: correction_of(e)),),
    links=(Link("source_id", "来源", ledger_field="source_ledger"),
           Link("corrects", "更正的原条目", ledger="chronicle")),
    documents=(Document("大事记", "period", "打印大事记（按月、半年、年）…",
                        article="献县办法 第五十条"),),
)


def correction_of(entry: EntryView) -> dict[str, Any]:
    """A new entry correcting one in a signed-off period (第五十条: 审定后不再改动原记载)."""
    v = dict(entry.values)
    v.update(content=f"【更正】{v.get('content') or ''}", corrects=entry.id,
             source_ledger="", source_id="")
    return v


# -- 月汇总、半年小结、年底整理 and the group leader's 审定 (第五十条) ---------------------

REVIEW_KINDS = (
    Choice("month", "月汇总"),
    Choice("half", "半年小结"),
    Choice("year", "年底整理"),
)
#: States in which a review's period is closed to changes.
LOCKING_STATES = ("signed_off", "archived")


def review_range(kind: str, year: int, period: int | None) -> tuple[str, str]:
    """First and last day (ISO) of a review's period."""
    if kind == "month" and period:
        last = calendar.monthrange(year, period)[1]
        return f"{year}-{period:02d}-01", f"{year}-{period:02d}-{last:02d}"
    if kind == "half" and period:
        return (f"{year}-01-01", f"{year}-06-30") if period == 1 else (
            f"{year}-07-01", f"{year}-12-31")
    return f"{year}-01-01", f"{year}-12-31"


def review_label(kind: str, year: int, period: int | None) -> str:
    """E.g. 2026年3月大事记月汇总, 2026年上半年大事记小结."""
    if kind == "month":
        return f"{year}年{period}月大事记月汇总"
    if kind == "half":
        return f"{year}年{'上' if period == 1 else '下'}半年大事记小结"
    return f"{year}年大事记年底整理"


def _review_period(values: Mapping[str, Any]) -> dict[str, str]:
    kind, period = values.get("kind"), values.get("period")
    if kind == "month" and not (period and 1 <= period <= 12):
        return {"period": "月汇总请填写月份（1–12）"}
    if kind == "half" and period not in (1, 2):
        return {"period": "半年小结请填写 1（上半年）或 2（下半年）"}
    return {}


def _review_computed(values: Mapping[str, Any]) -> dict[str, Any]:
    if not values.get("kind") or not values.get("year"):
        return {}
    period = values.get("period") if values.get("kind") != "year" else None
    start, end = review_range(values["kind"], values["year"], period)
    return {"period_start": start, "period_end": end, "period": period,
            "title": review_label(values["kind"], values["year"], period)}


def locking_reviews(records: Records, day: str) -> list[EntryView]:
    """The signed-off reviews whose period contains ``day``, earliest first."""
    return list(records.find("chronicle_review", statuses=LOCKING_STATES,
                             ranges={"period_start": (None, day), "period_end": (day, None)},
                             order=(("period_start", False),)))


def locking_review(records: Records, day: str) -> EntryView | None:
    """The signed-off review whose period contains ``day``, if any."""
    found = locking_reviews(records, day)
    return found[0] if found else None


def _locked_label(review: EntryView) -> str:
    v = review.values
    return review_label(v["kind"], v["year"], v["period"])


def _correction_refusal(records: Records, values: Mapping[str, Any],
                        original: EntryView) -> str | None:
    """A new entry dated in a signed-off period, correcting ``original``: allowed when
    the original lies in every signed-off period the correction enters, and the writer
    may correct a signed-off record — the 组长 who signs off or the recorder who keeps
    the chronicle (第四十八条: 指定专人负责记载、整理和归档; CORRECT_SIGNED_OFF)."""
    day, original_day = values.get("date_start"), original.values.get("date_start")
    for review in locking_reviews(records, day) if day else []:
        v = review.values
        if not (original_day and v["period_start"] <= original_day <= v["period_end"]):
            return (f"{_locked_label(review)}已经组长审定（第五十条），只能登记对该期间原条目的"
                    "更正；所更正的条目不在该期间内。")
        if not records.may(Permission.CORRECT_SIGNED_OFF):
            who = "或".join(ROLE_LABELS[r] for r in sorted(
                GRANTS[Permission.CORRECT_SIGNED_OFF], key=lambda r: r.value))
            return (f"{_locked_label(review)}已经组长审定（第五十条），该期间的更正只能由{who}"
                    "登记（第四十八条：指定专人负责记载）。")
    return None


def period_lock(records: Records, current: EntryView | None,
                values: Mapping[str, Any]) -> str | None:
    """After the group leader's 审定 the period's chronicle is closed (第五十条): no
    entry of it is added, edited, voided or given a file.

    The record of a closed period changes only by a correction: a new entry whose
    ``corrects`` names an existing, non-void chronicle entry of that period, entered
    by the 组长 or the recorder (:func:`_correction_refusal`, 第四十八条). Any entry
    that names an entry it corrects must name a real one.
    """
    corrects = values.get("corrects")
    if corrects and (current is None or current.values.get("corrects") != corrects):
        original = records.entry(CHRONICLE_ID, corrects)
        if original is None or original.voided:
            return ("“更正条目”应为本台账中一条未作废的大事记；如需更正，请选中原条目使用"
                    "“登记更正”。")
        if current is None:
            return _correction_refusal(records, values, original)
    days = {values.get("date_start")}
    if current is not None:
        days.add(current.values.get("date_start"))
    for day in sorted(d for d in days if d):
        review = locking_review(records, day)
        if review is not None:
            signed_at = review.values["signed_at"]
            return (f"{_locked_label(review)}已于 {signed_at} 经组长审定（第五十条），"
                    "该期间的大事记不能再新增、修改、作废或添加附件；如需更正，请选中原条目使用"
                    "“登记更正”。")
    return None


def _chronicle_snapshot(records: Records, entry: EntryView) -> dict[str, Any]:
    # What was signed off: the number of entries and a digest of their versions.
    found = records.find("chronicle", ranges={
        "date_start": (entry.values["period_start"], entry.values["period_end"])})
    rows = sorted((e.id, e.content_hash) for e in found)
    digest = hashlib.sha256("".join(f"{i}:{h};" for i, h in rows).encode()).hexdigest()
    return {"entry_count": len(rows), "content_digest": digest[:16]}


def _one_review_per_period(records: Records, current: EntryView | None,
                           values: Mapping[str, Any]) -> str | None:
    same = records.find("chronicle_review", where={
        "kind": values.get("kind"), "period_start": values.get("period_start"),
        "period_end": values.get("period_end")},
        exclude_id=None if current is None else current.id)
    if same:
        return (f"{review_label(values['kind'], values['year'], values.get('period'))}"
                "已经登记，请打开原条目继续整理。")
    return None


#: 第五十条: 一月一汇总，半年一小结，年底总结整理 — (kind, period, words, working days allowed).
_REVIEW_PERIODS: tuple[tuple[str, Period, str, int], ...] = (
    ("month", "month", "一月一汇总", 5), ("half", "half", "半年一小结", 10),
    ("year", "year", "年底总结整理", 10))

CHRONICLE_REVIEW = LedgerDescription(
    id="chronicle_review",
    name="大事记汇总审定",
    chapter=CHAPTER,
    article="献县办法 第五十条",
    register_name="大事记汇总审定登记簿",
    description="大事记一月一汇总，半年一小结，年底总结整理，经组长审定后归档（第五十条）。"
                "审定后该期间的大事记即锁定，更正须另行登记并关联原条目。",
    fields=(
        Field("kind", "类型", FieldType.CHOICE, required=True, choices=REVIEW_KINDS,
              default="month"),
        Field("year", "年度", FieldType.INTEGER, required=True, minimum=2000, maximum=2100,
              searchable=False, default=dt.date.today().year),
        Field("period", "月份/半年", FieldType.INTEGER, minimum=1, maximum=12,
              searchable=False, help="月汇总填月份；半年小结填 1（上半年）或 2（下半年）"),
        Field("summary", "汇总（小结）内容", FieldType.LONGTEXT, required=True,
              max_length=20000),
        Field("title", "名称", FieldType.TEXT, hidden=True),
        Field("period_start", "起始日期", FieldType.DATE, hidden=True, searchable=False),
        Field("period_end", "截止日期", FieldType.DATE, hidden=True, searchable=False),
        Field("entry_count", "审定条目数", FieldType.INTEGER, hidden=True, searchable=False),
        Field("content_digest", "审定内容摘要", FieldType.TEXT, hidden=True,
              searchable=False),
        Field("signer", "审定人", FieldType.USER, hidden=True),
        Field("stand_in", "代行审批", FieldType.TEXT, hidden=True, since=2),
        Field("signed_at", "审定时间", FieldType.DATETIME, hidden=True, searchable=False),
        Field("review_note", "审定意见", FieldType.TEXT, hidden=True),
        Field("archived_at", "归档时间", FieldType.DATETIME, hidden=True, searchable=False),
    ),
    list_columns=("title", "period_start", "period_end", "summary", "signer", "signed_at"),
    ordering=(("period_start", True), ("period_end", False)),
    date_field="period_start",
    summary_field="title",
    validators=(_review_period,),
    computed=_review_computed,
    computed_fields=("title", "period_start", "period_end", "period"),
    write_rules=(_one_review_per_period,),
    # 代行审批 recorded since version 2 (献县办法 第六十五条 AB角).
    version=2,
    workflow=Workflow(
        initial="draft",
        states=(
            Choice("draft", "整理中"),
            Choice("submitted", "待组长审定"),
            Choice("signed_off", "已审定"),
            Choice("archived", "已归档"),
        ),
        editable=("draft",),
        finished=("archived",),
        # Voiding a signed-off 汇总 would unlock its period: only 撤销审定 leads back.
        unvoidable=LOCKING_STATES,
        steps=(
            Step("submit", "送组长审定", ("draft",), "submitted", Permission.WRITE_LEDGERS,
                 Action.STEP),
            Step("sign_off", "审定", ("submitted",), "signed_off", Permission.APPROVE,
                 Action.APPROVE, record={"signer": ACTOR, "signed_at": NOW,
                                         "review_note": NOTE, "stand_in": STAND_IN},
                 effect=_chronicle_snapshot, writes=("entry_count", "content_digest")),
            Step("send_back", "退回修改", ("submitted",), "draft", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="退回意见",
                 record={"review_note": NOTE}),
            Step("archive", "归档", ("signed_off",), "archived", Permission.WRITE_LEDGERS,
                 Action.STEP, record={"archived_at": NOW}),
            # 审定 is the leader's (第五十条), so is undoing it: with the reason, and the
            # earlier sign-off stays in the entry's history.
            Step("revoke", "撤销审定", ("signed_off",), "draft", Permission.APPROVE,
                 Action.REJECT, note_required=True, note_label="撤销审定的理由",
                 record={"review_note": NOTE},
                 clears=("signer", "signed_at", "stand_in", "entry_count", "content_digest"),
                 task=False),
        ),
    ),
    duties=tuple(
        Duty(f"chronicle_{kind}", f"大事记{label}经组长审定", "献县办法 第五十条",
             Every(period, workdays_after=days),
             Counts("chronicle_review", date_field="period_start", where={"kind": kind},
                    statuses=("signed_off", "archived"), done_field="signed_at"),
             roles=frozenset({Role.LEADER, Role.RECORDER}),
             note=f"第五十条未定具体日期：程序以期满后{days}个工作日内完成{label}和审定为限。")
        for kind, period, label, days in _REVIEW_PERIODS
    ),
)


#: 第十二章, in navigation order.
LEDGERS = (CHRONICLE, CHRONICLE_REVIEW)
