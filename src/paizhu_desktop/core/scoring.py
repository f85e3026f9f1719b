"""Assessment rules as pure functions: grades and their consequences, vote thresholds,
quota shares and the 100-point score sheet.

- 献县办法 第六十九条(三): a group's yearly grade and what follows from it;
  第七十条, 第七十一条: a cadre's yearly grade and the 岗位调整 it may call for;
  the 30% and 20% shares of 优秀.
- 濮阳·述责述廉 第七条(三): the share of 一般 votes decides 批评教育 or 问责.
- 濮阳·考核 第十–十四条: the score sheet — 主体责任 60% and 监督责任 40%, each
  日常 70% and 年终 30%, 年终 three equal thirds, then bonuses and deductions, and
  the grade caps of 第十四条(二). Every point is a :class:`ScoreLine` naming its
  item and article, so the sheet can be read back and printed.

Nothing here reads the database: the ledgers call these functions with the values
entered, and tests call them directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# -- 献县办法 第六十九条: the group's yearly grade ------------------------------------

#: 第六十九条(三): 优秀、良好、一般、较差.
GROUP_EXCELLENT, GROUP_GOOD, GROUP_FAIR, GROUP_POOR = "excellent", "good", "fair", "poor"
GROUP_GRADE_LABELS = {GROUP_EXCELLENT: "优秀", GROUP_GOOD: "良好", GROUP_FAIR: "一般",
                      GROUP_POOR: "较差"}
#: 第六十九条(三): 优秀等次比例一般不超过30%.
GROUP_EXCELLENT_SHARE = Fraction(30, 100)

#: 第七十条(一): 优秀、称职、基本称职、不称职.
CADRE_EXCELLENT, CADRE_COMPETENT, CADRE_BASIC, CADRE_INCOMPETENT = (
    "excellent", "competent", "basic", "incompetent")
CADRE_GRADE_LABELS = {CADRE_EXCELLENT: "优秀", CADRE_COMPETENT: "称职",
                      CADRE_BASIC: "基本称职", CADRE_INCOMPETENT: "不称职"}
#: 第七十条(一): 优秀等次比例一般不超过20%.
CADRE_EXCELLENT_SHARE = Fraction(20, 100)


@dataclass(frozen=True)
class GroupConsequences:
    """What 第六十九条(三) attaches to a group's yearly grade.

    Attributes:
        commend: 优秀 — 应予以表扬, and a larger share of 优秀 places for its cadres.
        talk_and_report: 谈话提醒 of the principal and responsible leaders, and a written
            report to the county commission (一般, or strong objections from cadres and
            the public).
        no_excellent_leaders: the leadership members may not be 优秀 this year.
        reorganise: 对其领导班子进行组织调整 (较差, or 一般 two years running).
        no_excellent_cadres: none of the group's cadres may be 优秀 this year.
        lines: the consequences in Chinese, each citing the article.
    """

    commend: bool
    talk_and_report: bool
    no_excellent_leaders: bool
    reorganise: bool
    no_excellent_cadres: bool
    lines: tuple[str, ...]


def group_consequences(grade: str | None, previous_grade: str | None = None,
                       strong_objections: bool = False) -> GroupConsequences:
    """The consequences of a group's yearly grade (献县办法 第六十九条(三)).

    ``previous_grade`` is the group's grade of the year before (一般 two years
    running); ``strong_objections`` is 干部群众意见较大, which calls for the same
    talk and report as 一般.
    """
    fair = grade == GROUP_FAIR
    twice_fair = fair and previous_grade == GROUP_FAIR
    poor = grade == GROUP_POOR
    talk = fair or strong_objections
    reorganise = poor or twice_fair
    lines: list[str] = []
    if grade == GROUP_EXCELLENT:
        lines.append("考核结果为优秀等次，应予以表扬，并在干部年度考核优秀名额分配时予以适当倾斜"
                     "（第六十九条（三））")
    if talk:
        why = "考核结果为一般等次" if fair else "干部群众意见较大"
        lines.append(f"{why}：应对主要负责人和相关负责人进行谈话提醒，责令向县纪委监委写出书面"
                     "报告，剖析原因、主动整改（第六十九条（三））")
    if fair:
        lines.append("领导班子成员个人当年年度考核不得评为优秀（第六十九条（三））")
    if reorganise:
        why = "考核结果为较差等次" if poor else "连续两年为一般等次"
        lines.append(f"{why}：应对其领导班子进行组织调整，该机构干部年度考核不得评为优秀"
                     "（第六十九条（三））")
    return GroupConsequences(
        commend=grade == GROUP_EXCELLENT, talk_and_report=talk,
        no_excellent_leaders=fair or reorganise, reorganise=reorganise,
        no_excellent_cadres=reorganise, lines=tuple(lines))


@dataclass(frozen=True)
class CadreConsequences:
    """What 第七十一条 attaches to a cadre's yearly grade."""

    post_change: bool
    lines: tuple[str, ...]


def cadre_consequences(grade: str | None, previous_grade: str | None = None
                       ) -> CadreConsequences:
    """不称职, or 基本称职 two years running → 岗位调整 (献县办法 第七十一条)."""
    if grade == CADRE_INCOMPETENT:
        return CadreConsequences(True, ("被评定为不称职等次，应进行岗位调整（第七十一条）",))
    if grade == CADRE_BASIC and previous_grade == CADRE_BASIC:
        return CadreConsequences(
            True, ("连续两年被评定为基本称职等次，应进行岗位调整（第七十一条）",))
    return CadreConsequences(False, ())


def cadre_excellent_refusal(is_leader: bool, group: GroupConsequences | None) -> str | None:
    """Why a cadre may not be graded 优秀 given the group's yearly consequences, or None
    (献县办法 第六十九条(三))."""
    if group is None:
        return None
    if group.no_excellent_cadres:
        return ("本机构年度考核为较差或连续两年为一般等次，该机构干部年度考核不得评为优秀"
                "（献县办法 第六十九条（三））")
    if is_leader and group.no_excellent_leaders:
        return ("本机构年度考核为一般等次，领导班子成员个人当年年度考核不得评为优秀"
                "（献县办法 第六十九条（三））")
    return None


def excellent_quota(total: int, share: Fraction) -> int:
    """The most 优秀 grades a set of ``total`` may hold at ``share`` (rounded down)."""
    return int(total * share)


def share_finding(grades: Sequence[str], excellent: str, share: Fraction, what: str,
                  article: str) -> str | None:
    """A Chinese finding when 优秀 in ``grades`` exceeds ``share`` of them, else None.

    The share is of the whole set it applies to (all groups, all cadres of the
    county), so it is checked where that set is known — the county database.
    """
    total = len(grades)
    count = sum(1 for g in grades if g == excellent)
    if total == 0 or Fraction(count, total) <= share:
        return None
    percent = int(share * 100)
    return (f"{what}优秀等次 {count} 个，占 {total} 个的 {count * 100 / total:.1f}%，超过"
            f"{percent}%（最多 {excellent_quota(total, share)} 个，{article}）")


# -- 濮阳·述责述廉 第七条(三): the in-unit appraisal's votes ---------------------------

APPRAISAL_NONE, APPRAISAL_CRITICISE, APPRAISAL_ACCOUNT = "none", "criticise", "account"
APPRAISAL_LABELS = {APPRAISAL_NONE: "无需处理",
                    APPRAISAL_CRITICISE: "批评教育，提出整改要求",
                    APPRAISAL_ACCOUNT: "进行问责"}


@dataclass(frozen=True)
class AppraisalOutcome:
    """The appraisal computed from the votes (濮阳·述责述廉 第七条(三))."""

    total: int
    fair_share: Fraction
    outcome: str
    text: str


def appraisal_outcome(excellent: int, good: int, fair: int, poor: int) -> AppraisalOutcome:
    """一般 votes over one third and at most one half → 批评教育 and 整改要求; over one
    half → 问责 (濮阳·述责述廉 第七条(三)). Exact fractions: 1 of 3 is not over a third."""
    for n in (excellent, good, fair, poor):
        if n < 0:
            raise ValueError("票数不能为负数")
    total = excellent + good + fair + poor
    if total == 0:
        raise ValueError("有效票数为0，无法计算")
    share = Fraction(fair, total)
    if share > Fraction(1, 2):
        outcome = APPRAISAL_ACCOUNT
    elif share > Fraction(1, 3):
        outcome = APPRAISAL_CRITICISE
    else:
        outcome = APPRAISAL_NONE
    text = (f"有效票 {total} 张：优秀 {excellent}、良好 {good}、一般 {fair}、差 {poor}；"
            f"一般票占 {fair}/{total}（{float(share) * 100:.1f}%）→ {APPRAISAL_LABELS[outcome]}"
            "（濮阳·述责述廉 第七条（三）：一般票超过三分之一但不超过二分之一的批评教育，"
            "超过二分之一的问责）")
    return AppraisalOutcome(total, share, outcome, text)


# -- 濮阳·考核 第十–十四条: the 100-point score sheet ----------------------------------

_CENT = Decimal("0.01")


def points(value: Fraction | Decimal | int) -> Decimal:
    """A score as printed: two decimals, halves rounded up (87.355 → 87.36)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ScoreItemKind:
    """One bonus or deduction of 濮阳·考核 第十四条."""

    code: str
    label: str
    points: Decimal
    article: str
    group: str  # award (highest per project), promotion, deduction


def _item(code: str, label: str, value: str, article: str, group: str) -> ScoreItemKind:
    return ScoreItemKind(code, label, Decimal(value), article, group)


_BONUS = "濮阳·考核 第十四条（一）"
_DEDUCT = "濮阳·考核 第十四条（二）"
#: 第十四条 (一) and (二), in the order of the text.
SCORE_ITEMS: tuple[ScoreItemKind, ...] = (
    _item("award_national", "受到国家表彰奖励", "5", _BONUS, "award"),
    _item("award_province", "受到省表彰奖励", "3", _BONUS, "award"),
    _item("award_city", "受到市表彰奖励", "1", _BONUS, "award"),
    _item("promoted_national", "工作经验在全国推广", "10", _BONUS, "promotion"),
    _item("promoted_province", "工作经验在全省推广", "5", _BONUS, "promotion"),
    _item("promoted_city", "工作经验在全市推广", "3", _BONUS, "promotion"),
    _item("criminal_county", "县级干部被追究刑事责任", "-5", _DEDUCT, "deduction"),
    _item("criminal_section", "科级干部被追究刑事责任", "-3", _DEDUCT, "deduction"),
    _item("criminal_staff", "一般人员被追究刑事责任", "-1", _DEDUCT, "deduction"),
    _item("discipline_county", "县级干部受到党政纪处分", "-3", _DEDUCT, "deduction"),
    _item("discipline_section", "科级干部受到党政纪处分", "-1.5", _DEDUCT, "deduction"),
    _item("discipline_staff", "一般人员受到党政纪处分", "-0.5", _DEDUCT, "deduction"),
    _item("notice_county", "县级干部受到通报、诫勉、组织处理", "-1", _DEDUCT, "deduction"),
    _item("notice_section", "科级干部受到通报、诫勉、组织处理", "-0.5", _DEDUCT, "deduction"),
    _item("notice_staff", "一般人员受到通报、诫勉、组织处理", "-0.2", _DEDUCT, "deduction"),
)
SCORE_ITEM_BY_CODE = {k.code: k for k in SCORE_ITEMS}


def score_item_label(kind: ScoreItemKind) -> str:
    """E.g. 受到国家表彰奖励（+5分）, as the form's choice reads."""
    sign = "+" if kind.points > 0 else ""
    return f"{kind.label}（{sign}{kind.points.normalize():f}分）"


#: 濮阳·考核 第十三条: 优秀、良好、一般、差.
UNIT_EXCELLENT, UNIT_GOOD, UNIT_FAIR, UNIT_POOR = "excellent", "good", "fair", "poor"
UNIT_GRADE_LABELS = {UNIT_EXCELLENT: "优秀", UNIT_GOOD: "良好", UNIT_FAIR: "一般",
                     UNIT_POOR: "差"}
_UNIT_ORDER = (UNIT_EXCELLENT, UNIT_GOOD, UNIT_FAIR, UNIT_POOR)


@dataclass(frozen=True)
class Part:
    """One of the two responsibilities' scores, each 0–100 (濮阳·考核 第十–十二条).

    Exact decimals (87.5): a 0.5-point step is normal in these sheets (第十四条), and
    nothing is rounded before the total (:func:`points`)."""

    daily: Decimal | int
    vote: Decimal | int  # 民主测评
    survey: Decimal | int  # 问卷调查
    test: Decimal | int  # 理论测试


@dataclass(frozen=True)
class ScoreItem:
    """A bonus or deduction entered on the sheet.

    ``project`` names a 表彰项目 (the same project counts once, at its highest level);
    ``self_reported`` marks a case the unit reported itself (no deduction: 第十四条(二)
    deducts only for cases the unit did not report).
    """

    code: str
    project: str = ""
    detail: str = ""
    self_reported: bool = False


@dataclass(frozen=True)
class Caps:
    """第十四条(二)'s grade caps."""

    head_disciplined: bool = False  # 单位主要负责人受到党政纪处分
    other_leader_heavy: bool = False  # 领导班子其他成员受到党政纪重处分以上
    organisation_disciplined: bool = False  # 党组织受到纪律处分
    head_heavy: bool = False  # 党组织主要负责人受到党政纪重处分以上


@dataclass(frozen=True)
class Thresholds:
    """The lowest total of each grade, set by the year's 考核方案 (濮阳·考核 第十七条)."""

    excellent: int = 90
    good: int = 80
    fair: int = 60


@dataclass(frozen=True)
class ScoreLine:
    """One line of the sheet: what, how many points, which article."""

    item: str
    points: Decimal
    article: str
    note: str = ""


@dataclass(frozen=True)
class ScoreSheet:
    """The computed sheet: the lines, the total and the grade."""

    lines: tuple[ScoreLine, ...]
    base: Decimal
    adjustments: Decimal
    total: Decimal
    grade_by_score: str
    grade: str
    cap_reason: str

    def text(self) -> str:
        """The sheet as lines of Chinese text (the register's 计分明细, the printout)."""
        out = []
        for i, line in enumerate(self.lines, start=1):
            sign = "+" if line.points > 0 and i > 2 else ""
            note = f"；{line.note}" if line.note else ""
            out.append(f"{i}. {line.item}：{sign}{line.points}分（{line.article}{note}）")
        out.append(f"合计：{self.total}分；按分数为“{UNIT_GRADE_LABELS[self.grade_by_score]}”"
                   + (f"，{self.cap_reason}，评定为“{UNIT_GRADE_LABELS[self.grade]}”"
                      if self.grade != self.grade_by_score else "")
                   + "（濮阳·考核 第十三条）")
        use = unit_grade_use(self.grade)
        if use:
            out.append(use)
        return "\n".join(out)


def unit_grade_use(grade: str) -> str:
    """What 濮阳·考核 第十六条 makes of a unit's grade ('' for 良好 and 差, which it
    does not name)."""
    if grade == UNIT_EXCELLENT:
        return "考核为优秀等次的单位予以表彰（濮阳·考核 第十六条）"
    if grade == UNIT_FAIR:
        return ("考核为一般等次的单位，在年度综合考评中不得被评为优秀，对单位党委（党组）和纪委"
                "（纪检组）主要负责人进行约谈或问责（濮阳·考核 第十六条）")
    return ""


def _num(value: Decimal | int) -> str:
    """A score as entered, without trailing zeros: 92.5, 90."""
    text = f"{Decimal(value).normalize():f}"
    return text


def _part(name: str, share: Fraction, part: Part) -> tuple[Fraction, ScoreLine]:
    for label, value in (("日常考核", part.daily), ("民主测评", part.vote),
                         ("问卷调查", part.survey), ("理论测试", part.test)):
        if not 0 <= value <= 100:
            raise ValueError(f"{name}{label}得分应在0至100之间")
    daily, vote, survey, test = (Fraction(v) for v in (part.daily, part.vote, part.survey,
                                                         part.test))
    year_end = (vote + survey + test) / 3
    score = Fraction(7, 10) * daily + Fraction(3, 10) * year_end
    weighted = share * score
    note = (f"日常考核 {_num(part.daily)} × 70% + 年终考核 {points(year_end)} × 30% = "
            f"{points(score)}；年终考核 =（民主测评 {_num(part.vote)} + 问卷调查 "
            f"{_num(part.survey)} + 理论测试 {_num(part.test)}）÷ 3（第十一、十二条）")
    return weighted, ScoreLine(f"{name}（占{int(share * 100)}%）：{points(score)} × "
                               f"{int(share * 100)}%", points(weighted), "濮阳·考核 第十条", note)


def _grade_by_score(total: Decimal, t: Thresholds) -> str:
    if total >= t.excellent:
        return UNIT_EXCELLENT
    if total >= t.good:
        return UNIT_GOOD
    if total >= t.fair:
        return UNIT_FAIR
    return UNIT_POOR


def _cap(grade: str, caps: Caps) -> tuple[str, str]:
    """The grade after 第十四条(二)'s caps and the reason (empty when none applies)."""
    worst = grade
    reason = ""
    if caps.organisation_disciplined or caps.head_heavy:
        if _UNIT_ORDER.index(worst) < _UNIT_ORDER.index(UNIT_FAIR):
            worst = UNIT_FAIR
            reason = ("党组织受到纪律处分或党组织主要负责人受到党政纪重处分以上，应当评定为一般"
                      "以下等次（第十四条（二））")
    elif (caps.head_disciplined or caps.other_leader_heavy) and worst == UNIT_EXCELLENT:
        worst = UNIT_GOOD
        reason = ("单位主要负责人受到党政纪处分或领导班子其他成员受到党政纪重处分以上，不能评定"
                  "为优秀等次（第十四条（二））")
    return worst, reason


def score_sheet(principal: Part, supervisory: Part, items: Iterable[ScoreItem] = (),
                caps: Caps = Caps(), thresholds: Thresholds = Thresholds()) -> ScoreSheet:
    """The 100-point sheet of 濮阳·考核 第十–十四条 from the entered scores and items.

    主体责任 counts 60% and 监督责任 40% (第十条); each is 日常 70% + 年终 30%, and
    年终 is the mean of 民主测评, 问卷调查 and 理论测试 (第十二条). Bonuses and
    deductions follow (第十四条): the same 表彰项目 counts once, at its highest level;
    cases the unit reported itself are not deducted. The grade follows the year's
    thresholds, then the caps of 第十四条(二). One year's cycle: nothing carries over
    (第十四条(三)). Raises ValueError (Chinese) on an unknown item or a score outside 0–100.
    """
    p_weighted, p_line = _part("主体责任", Fraction(60, 100), principal)
    s_weighted, s_line = _part("监督责任", Fraction(40, 100), supervisory)
    lines = [p_line, s_line]
    base = points(p_weighted + s_weighted)
    entered = list(items)
    for it in entered:
        if it.code not in SCORE_ITEM_BY_CODE:
            raise ValueError(f"没有“{it.code}”这一加减分项目")
    # 同一表彰项目，按最高表彰级别计算分值: the first row of the highest level counts.
    best: dict[str, int] = {}
    for i, it in enumerate(entered):
        kind = SCORE_ITEM_BY_CODE[it.code]
        if kind.group == "award":
            key = it.project.strip() or f"#{i}"
            j = best.get(key)
            if j is None or kind.points > SCORE_ITEM_BY_CODE[entered[j].code].points:
                best[key] = i
    adjustments = Decimal(0)
    for i, it in enumerate(entered):
        kind = SCORE_ITEM_BY_CODE[it.code]
        what = kind.label + (f"：{it.detail}" if it.detail else "") + (
            f"（{it.project}）" if it.project else "")
        if kind.group == "award" and best.get(it.project.strip() or f"#{i}") != i:
            lines.append(ScoreLine(what, Decimal("0.00"), kind.article,
                                   "同一表彰项目按最高表彰级别计算，不重复加分"))
            continue
        if kind.group == "deduction" and it.self_reported:
            lines.append(ScoreLine(what, Decimal("0.00"), kind.article,
                                   "单位主动上报问题线索，不扣分"))
            continue
        adjustments += kind.points
        lines.append(ScoreLine(what, points(kind.points), kind.article))
    total = points(base + adjustments)
    by_score = _grade_by_score(total, thresholds)
    grade, reason = _cap(by_score, caps)
    return ScoreSheet(tuple(lines), base, points(adjustments), total, by_score, grade, reason)


# -- 濮阳·全程记实 第十五条: monthly scoring and the quarterly ranking --------------------

#: What an instance of a duty-record duty earns: done on time in full, late half, not
#: done nothing. 第十五条 names the scoring, not its rule: this is the program's, shown
#: with every score.
RECORD_POINTS = {"done": Fraction(1), "late": Fraction(1, 2), "overdue": Fraction(0)}
RECORD_RULE = ("按时完成计满分，逾期完成计一半，逾期未完成不计分"
               "（程序计分办法，濮阳·全程记实 第十五条）")


def record_month_scores(states: Iterable[tuple[int, str]]) -> dict[int, Decimal]:
    """Each month's score out of 100 from (month due, state) of the duty-record duties'
    instances (濮阳·全程记实 第十五条: 每月审核评分). Instances not yet due
    (open, soon) do not count; a month with none due has no score."""
    earned: dict[int, Fraction] = {}
    due: dict[int, int] = {}
    for month, state in states:
        if state not in RECORD_POINTS:
            continue
        earned[month] = earned.get(month, Fraction(0)) + RECORD_POINTS[state]
        due[month] = due.get(month, 0) + 1
    return {m: points(100 * earned[m] / due[m]) for m in sorted(due)}


def quarter_score(month_scores: dict[int, Decimal], quarter: int) -> Decimal | None:
    """A quarter's score: the mean of its months' scores (None without any)."""
    months = [month_scores[m] for m in range(3 * quarter - 2, 3 * quarter + 1)
              if m in month_scores]
    if not months:
        return None
    return points(sum(months, Decimal(0)) / len(months))


def ranking(scores: dict[str, Decimal]) -> list[tuple[int, str, Decimal]]:
    """(rank, unit, score), best first; equal scores share a rank (1, 1, 3) — the quarterly
    通报 of 濮阳·全程记实 第十五条, over the units of the county database."""
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    out: list[tuple[int, str, Decimal]] = []
    for i, (unit, score) in enumerate(ordered, start=1):
        rank = out[-1][0] if out and out[-1][2] == score else i
        out.append((rank, unit, score))
    return out
