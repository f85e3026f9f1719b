"""制度覆盖: what the program enforces of each article, computed from the declarations.

For every article of the five regulations (../shared/seeds/README.md; 濮阳五项制度
counts as its five systems, each numbering its articles from 第一条) this module
says whether the declarations implement it, what implements it, and which tests
name it. Nothing is listed by hand except the articles that ask for no record
(:mod:`paizhu_desktop.core.regulations.no_record`); a ledger added to the
catalog shows up here by its citations.

The texts are read from the package (``paizhu_desktop/resources/regulations``,
verbatim copies of the seeds), so the installed program needs nothing else.

How an article's state is decided (the rule shown in the dialog):

* **已实现** (implemented): a declared part cites the article by itself — a
  ledger whose ``article`` is that one article, a field (label, hint, choices),
  a workflow step (its ``article``, the rule forbidding the requester, its
  guard or effect), a rule (validator, write rule, completeness check,
  classification rule, computed values, derivation), a duty, a document or a
  cross-ledger report.
* **无需记录** (no record): listed with its reason in ``no_record`` and cited by
  nothing by itself (a range reaching over it does not make it partly).
* **部分实现** (partly): the article is cited only inside a range (a ledger for
  “第四十八–五十条”, 常州经验 named without its section) or only in a ledger's
  descriptive text: a ledger exists for it, but no part of the program is
  declared for that article itself.
* **未实现** (missing): neither cited nor listed.

A citation is “第…条” with Chinese numerals, a range “第六十–六十一条” or
“第九条至第十一条”, optionally preceded by a short name (“濮阳·谈话 第八条”).
A citation without a short name continues a list after a named one
(“献县办法 第三十四条、第六十条”), else it belongs to the regulation of the
ledger's chapter. Rules are
functions: their citations are read from their docstrings and the string
constants of their code (the Chinese messages they give), which works for the
compiled program too.

Tests are found by :func:`cited_by_tests` from their docstrings (only where a
``tests`` folder sits next to the sources; the installed program has none).
"""

from __future__ import annotations

import ast
import enum
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import CodeType, FunctionType
from typing import Any

from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.description import LedgerDescription, chinese_number
from paizhu_desktop.core.ledgers.fields import Field
from paizhu_desktop.core.regulations.no_record import NO_RECORD


@dataclass(frozen=True)
class Regulation:
    """One regulation as 制度覆盖 lists it.

    Attributes:
        name: the short name (../seeds/README.md), used in citations.
        title: the full title, for the dialog.
        resource: the text file under ``resources/regulations``.
        part: for 濮阳五项制度, which of its five systems (0–4): the text's
            articles restart at 第一条 for each.
        sections: the text has no articles but numbered sections (常州经验).
        headings: its chapters are short unnumbered lines (“主体责任内容”).
    """

    name: str
    title: str
    resource: str
    part: int = 0
    sections: bool = False
    headings: bool = False


#: In the order of ../seeds/README.md.
REGULATIONS: tuple[Regulation, ...] = (
    Regulation("献县办法", "中共献县纪委 献县监委 派驻机构日常管理办法（试行）",
               "000_fac2428ec188fef7.txt"),
    Regulation("常州经验", "常州市纪委监委“指导、支持、问责”三驾齐驱推动派驻机构履职尽责",
               "001_9f19f0a4bb3596a9.txt", sections=True),
    Regulation("濮阳·全程记实", "濮阳市落实全面从严治党“两个责任”全程记实制度（试行）",
               "002_48fc99fe4968bcbc.txt", part=0),
    Regulation("濮阳·谈话", "濮阳市落实全面从严治党“两个责任”谈话制度（试行）",
               "002_48fc99fe4968bcbc.txt", part=1),
    Regulation("濮阳·述责述廉", "濮阳市县（区）和市直单位党组织负责人述责述廉制度（试行）",
               "002_48fc99fe4968bcbc.txt", part=2),
    Regulation("濮阳·考核", "濮阳市落实全面从严治党“两个责任”督查考核办法（试行）",
               "002_48fc99fe4968bcbc.txt", part=3),
    Regulation("濮阳·问责", "濮阳市各级党组织问责工作程序暂行规定",
               "002_48fc99fe4968bcbc.txt", part=4),
    Regulation("杨陵巡察办法", "中共杨陵区委巡察工作实施办法", "003_69ea64163c0736fe.txt"),
    Regulation("庆城两个责任办法",
               "庆城县人民检察院落实党风廉政建设主体责任和监督责任实施办法（试行）",
               "004_abb2389a61b3ec2e.txt", headings=True),
)

#: Where the printed text ends and the web page's furniture begins.
_END_MARKERS = ("分享到", "本站是提供个人知识管理", "——摘自", "(原文链接")


class State(str, enum.Enum):
    """An article's coverage; the value is the JSON code, :attr:`label` the Chinese."""

    IMPLEMENTED = "implemented"
    PARTLY = "partly"
    NO_RECORD = "no_record"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {State.IMPLEMENTED: "已实现", State.PARTLY: "部分实现",
                 State.NO_RECORD: "无需记录", State.MISSING: "未实现"}


@dataclass(frozen=True)
class Article:
    """An article (or a section of 常州经验) of a regulation.

    ``label`` is how it is cited after the short name (第六十条, 一（二）);
    ``heading`` its first words; ``chapter`` the heading it sits under.
    """

    regulation: str
    number: int
    label: str
    heading: str
    text: str
    chapter: str = ""

    @property
    def citation(self) -> str:
        """The full citation, e.g. “献县办法 第六十条”."""
        return f"{self.regulation} {self.label}"


@dataclass(frozen=True)
class Citation:
    """Articles ``first``–``last`` of ``regulation``, as written in ``text``."""

    regulation: str
    first: int
    last: int

    @property
    def single(self) -> bool:
        return self.first == self.last

    def numbers(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True)
class Implementation:
    """A declared part of the program that cites an article.

    Attributes:
        kind: 台账, 字段, 流程步骤, 规则, 职责, 文书 or 报表.
        ledger: the ledger's code name (empty for a cross-ledger report).
        ledger_name: the ledger's Chinese name.
        name: what it is (a field's label, a step's button, a duty, a rule's message).
        citation: the text that cites the article.
        specific: it cites the article by itself (not only inside a range or prose).
    """

    kind: str
    ledger: str
    ledger_name: str
    name: str
    citation: str
    specific: bool

    def describe(self) -> str:
        """One line: “字段 用印登记·用印文件”."""
        where = f"{self.ledger_name}·" if self.ledger_name and self.kind != "台账" else ""
        scope = "" if self.specific else "（条文范围）"
        return f"{self.kind} {where}{self.name}{scope}"

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "ledger": self.ledger, "ledger_name": self.ledger_name,
                "name": self.name, "citation": self.citation, "specific": self.specific}


@dataclass(frozen=True)
class ArticleCoverage:
    """One article with its state, what implements it and the tests naming it."""

    article: Article
    state: State
    implementations: tuple[Implementation, ...]
    tests: tuple[str, ...]
    reason: str = ""
    #: The ledgers the catalog's chapter for this article plans (Chapter.planned).
    planned: tuple[str, ...] = ()

    def as_json(self, tests_scanned: bool) -> dict[str, Any]:
        return {
            "regulation": self.article.regulation,
            "number": self.article.number,
            "article": self.article.label,
            "chapter": self.article.chapter,
            "heading": self.article.heading,
            "state": self.state.value,
            "state_label": self.state.label,
            "reason": self.reason,
            "implemented_by": [i.as_json() for i in self.implementations],
            "tests": list(self.tests) if tests_scanned else None,
            "planned": list(self.planned),
        }


@dataclass(frozen=True)
class Coverage:
    """制度覆盖 of a catalog: every article in the order of the texts.

    ``tests_scanned`` is False when no tests folder was found (the installed
    program): the tests column is then unknown, not empty.
    """

    articles: tuple[ArticleCoverage, ...]
    tests_scanned: bool
    counts: Mapping[str, Mapping[State, int]] = field(default_factory=dict)

    def of(self, regulation: str) -> list[ArticleCoverage]:
        return [a for a in self.articles if a.article.regulation == regulation]

    def find(self, regulation: str, number: int) -> ArticleCoverage:
        for a in self.articles:
            if a.article.regulation == regulation and a.article.number == number:
                return a
        raise KeyError((regulation, number))

    def as_json(self) -> dict[str, Any]:
        """What ``paizhu coverage --format json`` prints."""
        return {
            "rule": STATE_RULE,
            "tests_scanned": self.tests_scanned,
            "regulations": [
                {"name": r.name, "title": r.title, "unit": "节" if r.sections else "条",
                 "counts": {s.value: self.counts[r.name][s] for s in State},
                 "articles": [a.as_json(self.tests_scanned) for a in self.of(r.name)]}
                for r in REGULATIONS],
        }


#: The rule in one paragraph, shown by the CLI and the dialog.
STATE_RULE = (
    "已实现：台账、字段、流程步骤、规则、职责、文书或报表单独引用了该条；"
    "无需记录：总则、附则、原则性规定等，理由逐条列明；"
    "部分实现：只在台账的条文范围（如“第四十八–五十条”）或台账说明中被引用；"
    "未实现：既未引用，也未列为无需记录。"
)

# -- numbers and citations -------------------------------------------------------------

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_NUMBER = r"[〇零一二两三四五六七八九十百\d]+"


def parse_number(text: str) -> int:
    """A Chinese numeral up to 九百九十九 (or Arabic digits) as an int: 四十八 → 48."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in "十百":
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
        else:
            raise ValueError(text)
    return total + digit


def _names_pattern() -> str:
    names = sorted((r.name for r in REGULATIONS), key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


_CITATION = re.compile(
    rf"(?:(?P<reg>{_names_pattern()})\s*)?"
    rf"第(?P<a>{_NUMBER})(?:条?\s*[–—\-~～至到]\s*第?(?P<b>{_NUMBER}))?条")
#: 常州经验 is cited by section: “常州经验 一（二）”.
_SECTION = re.compile(r"常州经验\s*(?P<major>[一二三])\s*[（(](?P<minor>[一二三])[)）]")
_CHANGZHOU = re.compile("常州经验")
_CHANGZHOU_SECTIONS = 3  # every part of 常州经验 has three sections
#: What may stand between the items of one list of citations.
_LIST_GAP = re.compile(r"[\s、，,；;和及与或]*")


def parse_citations(text: str, regulation: str = "", *,
                    whole_texts: bool = True) -> list[Citation]:
    """The article citations in ``text``.

    A citation without a short name continues a list after a named one
    (“献县办法 第三十四条、第六十条”: only separators between them); any other
    belongs to ``regulation``, the text's own (skipped when that is empty).
    “常州经验” without a section cites all its sections as a range, unless
    ``whole_texts`` is False (a test's docstring naming the source in passing).
    """
    out: list[Citation] = []
    for m in _CHANGZHOU.finditer(text):
        section = _SECTION.match(text, m.start())
        if section is None:  # 常州经验 as a whole: every section, as a range
            if whole_texts:
                out.append(Citation("常州经验", 1, len(articles("常州经验"))))
            continue
        major, minor = parse_number(section["major"]), parse_number(section["minor"])
        n = (major - 1) * _CHANGZHOU_SECTIONS + minor
        out.append(Citation("常州经验", n, n))
    listed, end = "", -1  # the regulation of the list being read, where its last item ends
    for m in _CITATION.finditer(text):
        if m["reg"]:
            listed = m["reg"]
        elif not (listed and _LIST_GAP.fullmatch(text[end:m.start()])):
            listed = ""
        end = m.end()
        current = listed or regulation
        if not current or current == "常州经验":
            continue
        first = parse_number(m["a"])
        last = parse_number(m["b"]) if m["b"] else first
        if last < first:  # “第六十–一条” is a typo, not a range; read what is certain
            last = first
        out.append(Citation(current, first, last))
    return out


# -- the texts -----------------------------------------------------------------------

_ARTICLE_LINE = re.compile(rf"^\s*第(?P<n>{_NUMBER})条\s*(?P<rest>.*)$")
_CHAPTER_LINE = re.compile(rf"^\s*第(?P<n>{_NUMBER})章\s*(?P<title>.*)$")
_MAJOR_LINE = re.compile(r"^\s*(?P<n>[一二三四五六七八九十]+)、(?P<title>.+)$")
_MINOR_LINE = re.compile(r"^\s*[（(](?P<n>[一二三四五六七八九十]+)[)）](?P<title>.+)$")
_SENTENCE_END = tuple("。；：;:，,.!！?？")


def _read(resource: str) -> str:
    return (resources.files("paizhu_desktop") / "resources" / "regulations" / resource) \
        .read_text(encoding="utf-8")


def regulation_text(regulation: Regulation) -> str:
    """The verbatim text a regulation is read from (the whole file for 濮阳五项制度)."""
    return _read(regulation.resource)


def _lines_until_end(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if any(line.strip().startswith(m) for m in _END_MARKERS):
            break
        lines.append(line)
    return lines


def _heading_of(text: str, limit: int = 36) -> str:
    """The first words of an article: its first clause, cut at ``limit`` characters."""
    first = re.split(r"[。；;\n]", text.strip(), maxsplit=1)[0].strip()
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _is_title(line: str) -> bool:
    """A short line with no sentence ending: a heading between articles (“主体责任内容”,
    the title of the next 濮阳 system), which ends the article before it."""
    s = line.strip()
    return bool(s) and len(s) <= 40 and not s.endswith(_SENTENCE_END) \
        and not re.match(r"^[（(\d]", s)


def _articles_of(regulation: Regulation) -> list[Article]:
    lines = _lines_until_end(regulation_text(regulation))
    collected: list[tuple[int, str, list[str]]] = []  # number, chapter, lines
    chapter, fresh = "", False  # fresh: the chapter line came after the last article
    body: list[str] | None = None
    for line in lines:
        article_match = _ARTICLE_LINE.match(line)
        chapter_match = _CHAPTER_LINE.match(line)
        if article_match:
            number = parse_number(article_match["n"])
            if number == 1 and not fresh:
                chapter = ""  # a new 濮阳 system without chapters of its own
            body, fresh = [article_match["rest"].strip()], False
            collected.append((number, chapter, body))
        elif chapter_match:
            title = " ".join(chapter_match["title"].split())
            chapter = f"第{chapter_match['n']}章" + (f" {title}" if title else "")
            body, fresh = None, True
        elif _is_title(line):
            if regulation.headings:
                chapter, fresh = line.strip(), True
            body = None
        elif body is not None and line.strip():
            body.append(line.strip())
    parts: list[list[Article]] = []
    for number, chap, lines_of in collected:
        if number == 1 or not parts:
            parts.append([])
        text = "\n".join(lines_of)
        parts[-1].append(Article(regulation.name, number, f"第{chinese_number(number)}条",
                                 _heading_of(text), text, chap))
    return parts[regulation.part] if regulation.part < len(parts) else []


def _sections_of(regulation: Regulation) -> list[Article]:
    """常州经验's sections 一（一）…三（三）, numbered 1–9 in the order of the text."""
    found: list[tuple[str, str, str, list[str]]] = []  # label, heading, part, body
    major_label, major_title = "", ""
    for line in _lines_until_end(regulation_text(regulation)):
        major, minor = _MAJOR_LINE.match(line), _MINOR_LINE.match(line)
        if major:
            major_label, major_title = major["n"], major["title"].strip()
        elif minor and major_label:
            found.append((f"{major_label}（{minor['n']}）", minor["title"].strip(),
                          f"{major_label}、{major_title}", []))
        elif found and line.strip():
            found[-1][3].append(line.strip())
    return [Article(regulation.name, n, label, heading, "\n".join(body), part)
            for n, (label, heading, part, body) in enumerate(found, start=1)]


@cache
def articles(name: str) -> tuple[Article, ...]:
    """Every article of the regulation called ``name`` (short name), in text order."""
    regulation = regulation_named(name)
    found = _sections_of(regulation) if regulation.sections else _articles_of(regulation)
    return tuple(found)


def regulation_named(name: str) -> Regulation:
    for r in REGULATIONS:
        if r.name == name:
            return r
    raise KeyError(name)


# -- what cites what -------------------------------------------------------------------

def _code_strings(fn: object) -> tuple[str, list[str]]:
    """A rule's docstring and the string constants of its code (nested functions,
    lambdas and comprehensions included): the messages it gives, the article it cites."""
    while hasattr(fn, "func"):  # functools.partial
        fn = fn.func
    code = getattr(fn, "__code__", None)
    doc = getattr(fn, "__doc__", None) or ""
    strings: list[str] = []

    def walk(c: CodeType) -> None:
        for const in c.co_consts:
            if isinstance(const, str) and const != doc:
                strings.append(const)
            elif isinstance(const, CodeType):
                walk(const)

    if isinstance(code, CodeType):
        walk(code)
    return doc, strings


def _rule_functions(fn: object) -> list[object]:
    """``fn``, and for a lambda the functions of its own module it calls: a declaration
    may wrap a rule defined further down (``write_rules=(lambda *a: period_lock(*a),)``)."""
    while hasattr(fn, "func"):  # functools.partial
        fn = fn.func
    if not isinstance(fn, FunctionType) or fn.__name__ != "<lambda>":
        return [fn]
    called = [fn.__globals__.get(n) for n in fn.__code__.co_names]
    return [fn, *(f for f in called
                  if isinstance(f, FunctionType) and f.__module__ == fn.__module__)]


def _mostly_chinese(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    chinese = [ch for ch in letters if "\u4e00" <= ch <= "\u9fff"]
    return len(chinese) >= 6 and len(chinese) * 2 > len(letters)


def _rule_name(fn: object, category: str, cited: str, doc: str) -> str:
    """How a rule reads in the table: the Chinese message that cites the article, else
    its category and code name (a docstring is for programmers, not the table)."""
    if cited != doc and _mostly_chinese(cited):
        text = " ".join(cited.split())
        return text if len(text) <= 60 else text[:59] + "…"
    return f"{category}（{getattr(fn, '__name__', type(fn).__name__)}）"


Found = tuple[Citation, Implementation]


class _Collector:
    """Gathers (citation, implementation) pairs from one ledger's declarations."""

    def __init__(self, desc: LedgerDescription | None, regulation: str) -> None:
        self.desc = desc
        self.regulation = regulation
        self.found: list[Found] = []

    def cite(self, kind: str, name: str, text: str) -> list[Citation]:
        """Record every citation in ``text``; a range is not specific."""
        cited = parse_citations(text, self.regulation)
        for c in cited:
            self.found.append((c, self.implementation(kind, name, text, c.single)))
        return cited

    def rule(self, kind: str, category: str, fn: object, name: str = "") -> None:
        """The citations of a rule function; ``name`` (a step's button) names it."""
        for one in _rule_functions(fn):
            self._rule(kind, category, one, name)

    def _rule(self, kind: str, category: str, fn: object, name: str) -> None:
        doc, strings = _code_strings(fn)
        seen: set[Citation] = set()  # one row per rule and article: its message, else its doc
        for text in (*strings, doc):
            fresh = [x for x in parse_citations(text, self.regulation) if x not in seen]
            if not fresh:
                continue
            seen.update(fresh)
            shown = text if _mostly_chinese(text) else "、".join(
                m.group(0) for m in _CITATION.finditer(text))  # not an English docstring
            label = name or _rule_name(fn, category, text, doc)
            for x in fresh:
                self.found.append((x, self.implementation(kind, label, shown, x.single)))

    def implementation(self, kind: str, name: str, text: str, specific: bool) -> Implementation:
        return Implementation(kind, self.desc.id if self.desc else "",
                              self.desc.name if self.desc else "", name,
                              " ".join(text.split()), specific)


def _field_texts(f: Field) -> Iterator[str]:
    yield f.label
    yield f.help
    for choice in f.choices:
        yield choice.label
    for sub in f.subfields:
        yield from _field_texts(sub)


def ledger_citations(desc: LedgerDescription) -> list[Found]:
    """Every article citation in one ledger's declarations, with what makes it."""
    c = _Collector(desc, desc.chapter.regulation)
    ledger_cited = c.cite("台账", desc.name, desc.article)
    # The description only counts where the ledger's own citation does not reach.
    within = {(x.regulation, n) for x in ledger_cited for n in x.numbers()}
    for cited in parse_citations(desc.description, c.regulation):
        if any((cited.regulation, n) not in within for n in cited.numbers()):
            c.found.append((cited, c.implementation("台账", f"{desc.name}（说明）",
                                                     desc.description, False)))
    for f in desc.fields:
        for text in _field_texts(f):
            c.cite("字段", f.label, text)
    if desc.workflow is not None:
        for st in desc.workflow.steps:
            c.cite("流程步骤", st.label, st.article)
            c.cite("流程步骤", st.label, st.not_by_requester)
            for step_fn in (st.guard, st.effect):
                if step_fn is not None:
                    c.rule("流程步骤", st.label, step_fn, st.label)
    rules: list[tuple[str, Sequence[object]]] = [
        ("录入校验", desc.validators), ("写入规则", desc.write_rules),
        ("完整性检查", desc.checks),
        ("密级规则", (desc.classification_rule,) if desc.classification_rule else ()),
        ("计算", (desc.computed,) if desc.computed else ()),
    ]
    for category, fns in rules:
        for fn in fns:
            c.rule("规则", category, fn)
    for d in desc.derivations:
        c.cite("流程步骤", d.label, d.label)
        c.rule("流程步骤", d.label, d.build, d.label)
    for duty in desc.duties:
        c.cite("职责", duty.name, duty.article)
        c.cite("职责", duty.name, duty.note)
    for doc in desc.documents:
        if doc.article:
            c.cite("文书", doc.name, doc.article)
        elif doc.via:
            continue  # printed through another ledger, which declares (and cites) it
        else:  # the document fulfils what its ledger cites, no more
            for cited in ledger_cited:
                c.found.append((cited, c.implementation("文书", doc.name, desc.article,
                                                         cited.single)))
    return c.found


def catalog_citations(catalog: Catalog) -> list[Found]:
    """Every citation in the catalog: its ledgers and its cross-ledger reports."""
    found = [pair for desc in catalog.ledgers() for pair in ledger_citations(desc)]
    for report in catalog.reports:
        c = _Collector(None, "")
        c.cite("报表", report.name, report.article)
        c.rule("报表", report.name, report.build, report.name)
        found += c.found
    return found


# -- tests -----------------------------------------------------------------------------

def _checkout_tests() -> Path | None:
    """The tests folder when running from a checkout (src/paizhu_desktop/core → the
    repository root, recognised by its pyproject.toml), else None: an installed
    program has no tests, and a folder that happens to be called tests is not ours."""
    root = Path(__file__).resolve().parents[3]
    if (root / "pyproject.toml").is_file() and (root / "src" / "paizhu_desktop").is_dir():
        return root / "tests"
    return None


#: The tests folder of a checkout, None in an installed program.
TESTS_DIR = _checkout_tests()
#: Bare citations in a test with no short name before them are to the primary source.
_TESTS_DEFAULT = "献县办法"


def _test_functions(tree: ast.Module) -> Iterator[
        tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                and node.name.startswith("test"):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for inner in node.body:
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                        and inner.name.startswith("test"):
                    yield f"{node.name}::{inner.name}", inner


def cited_by_tests(tests_dir: Path | None = TESTS_DIR) -> dict[tuple[str, int], list[str]]:
    """(regulation, article) → the tests naming it (“tests/test_ledgers.py::test_x”).

    Read from each ``test_*.py``: a test names the articles its docstring cites
    (every test names the article it checks there; the rest of its code may say
    “第一条记载” and mean the first entry). A citation without a short name
    continues a list after a named one, else it is to 献县办法, the primary
    source, which the tests cite by article alone. A range names each of its
    articles.
    """
    out: dict[tuple[str, int], list[str]] = {}
    if tests_dir is None or not tests_dir.is_dir():
        return out
    for path in sorted(tests_dir.glob("test_*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for name, node in _test_functions(tree):
            ref = f"{tests_dir.name}/{path.name}::{name}"
            for c in parse_citations(ast.get_docstring(node) or "", _TESTS_DEFAULT,
                                     whole_texts=False):
                for n in c.numbers():
                    refs = out.setdefault((c.regulation, n), [])
                    if ref not in refs:
                        refs.append(ref)
    return out


# -- the table -------------------------------------------------------------------------

#: ``coverage(tests_dir=CHECKOUT)``: the tests of this checkout, if it is one (looked up
#: when called, so a test can stand in for the installed program).
CHECKOUT = Path("<checkout>")


def coverage(catalog: Catalog, tests_dir: Path | None = CHECKOUT,
             no_record: Mapping[tuple[str, int], str] = NO_RECORD) -> Coverage:
    """制度覆盖 of ``catalog``: every article of the five regulations with its state.

    ``tests_dir`` None (or a folder that is not there) leaves the tests unknown.
    """
    if tests_dir is CHECKOUT:
        tests_dir = TESTS_DIR
    by_article: dict[tuple[str, int], dict[tuple[str, str, str, bool], Implementation]] = {}
    for cited, impl in catalog_citations(catalog):
        for n in cited.numbers():
            # One row per part: a duty citing the article in its article and its note is one.
            parts = by_article.setdefault((cited.regulation, n), {})
            parts.setdefault((impl.kind, impl.ledger, impl.name, impl.specific), impl)
    scanned = tests_dir is not None and tests_dir.is_dir()
    tests = cited_by_tests(tests_dir) if scanned else {}
    rows: list[ArticleCoverage] = []
    counts: dict[str, dict[State, int]] = {}
    for regulation in REGULATIONS:
        tally = counts.setdefault(regulation.name, dict.fromkeys(State, 0))
        for article in articles(regulation.name):
            key = (regulation.name, article.number)
            impls = list(by_article.get(key, {}).values())
            reason = no_record.get(key, "")
            if any(i.specific for i in impls):
                state = State.IMPLEMENTED
            elif reason:  # a range over an article that asks for nothing changes nothing
                state = State.NO_RECORD
            elif impls:
                state = State.PARTLY
            else:
                state = State.MISSING
            # The specific parts first: they are what enforces the article.
            ordered = sorted(impls, key=lambda i: (not i.specific, _KINDS.index(i.kind)))
            planned = tuple(name for ch in catalog.chapters
                            if ch.regulation == regulation.name
                            and ch.first_article <= article.number <= ch.last_article
                            for name in ch.planned)
            rows.append(ArticleCoverage(article, state, tuple(ordered),
                                        tuple(tests.get(key, ())), reason, planned))
            tally[state] += 1
    return Coverage(tuple(rows), scanned, counts)


_KINDS = ("台账", "字段", "流程步骤", "规则", "职责", "文书", "报表")


def unknown_citations(catalog: Catalog) -> list[tuple[Citation, Implementation]]:
    """Citations of articles the texts do not have (a typo in a declaration)."""
    known = {(r.name, a.number) for r in REGULATIONS for a in articles(r.name)}
    return [(c, i) for c, i in catalog_citations(catalog)
            if any((c.regulation, n) not in known for n in c.numbers())]


def summary_lines(result: Coverage) -> list[str]:
    """One line per regulation: “献县办法：75 条，已实现 9，部分实现 3，无需记录 21，未实现 42”."""
    lines = []
    for r in REGULATIONS:
        tally = result.counts[r.name]
        unit = "节" if r.sections else "条"
        total = sum(tally.values())
        lines.append(f"{r.name}：{total} {unit}，" + "，".join(
            f"{s.label} {tally[s]}" for s in State))
    return lines


def filtered(result: Coverage, regulation: str = "",
             states: Iterable[State] = ()) -> list[ArticleCoverage]:
    """The rows of one regulation (all when empty) in the given states (all when empty)."""
    wanted = set(states)
    return [a for a in result.articles
            if (not regulation or a.article.regulation == regulation)
            and (not wanted or a.state in wanted)]

