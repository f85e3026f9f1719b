"""制度覆盖: each article of the five regulations with its state, what implements it and
the tests naming it — in the core, from ``paizhu coverage`` and in 帮助 → 制度覆盖."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from paizhu_desktop.core.coverage import (
    REGULATIONS,
    TESTS_DIR,
    State,
    articles,
    cited_by_tests,
    coverage,
    parse_citations,
    regulation_text,
    unknown_citations,
)
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.description import Document, LedgerDescription
from paizhu_desktop.core.ledgers.duties import Counts, Duty, Every
from paizhu_desktop.core.ledgers.fields import TODAY, Field, FieldType
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.regulations.no_record import NO_RECORD
from paizhu_desktop.core.regulations.others.chapters import PUYANG_TALKS
from paizhu_desktop.core.session import UserSession

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


# -- the texts ---------------------------------------------------------------------------

@pytest.mark.skipif(not SEEDS.is_dir(), reason="no ../shared/seeds next to the checkout")
def test_the_packaged_texts_are_the_seeds_verbatim() -> None:
    """The five regulation texts are read from package copies, byte for byte the seeds
    (the installed program does not read ../shared)."""
    for regulation in REGULATIONS:
        assert regulation_text(regulation) == \
            (SEEDS / regulation.resource).read_text(encoding="utf-8"), regulation.name


def test_every_regulation_is_read_article_by_article() -> None:
    """献县办法 has 75 articles; each 濮阳 system numbers its own (濮阳·全程记实 18,
    濮阳·谈话 26, 濮阳·述责述廉 9, 濮阳·考核 19, 濮阳·问责 10); 杨陵巡察办法 45,
    庆城两个责任办法 23; 常州经验 is counted by its nine sections. (No article is cited
    here: this test names none of them for 制度覆盖.)"""
    expected = {"献县办法": 75, "常州经验": 9, "濮阳·全程记实": 18, "濮阳·谈话": 26,
                "濮阳·述责述廉": 9, "濮阳·考核": 19, "濮阳·问责": 10, "杨陵巡察办法": 45,
                "庆城两个责任办法": 23}
    for name, count in expected.items():
        found = articles(name)
        assert [a.number for a in found] == list(range(1, count + 1)), name
        assert all(a.heading and a.text for a in found), name
    sixty = articles("献县办法")[59]
    assert sixty.label == "第六十条" and sixty.chapter == "第十五章 印章管理制度"
    assert sixty.heading.startswith("加强印章管理")
    assert articles("濮阳·谈话")[18].text.count("（") + articles("濮阳·谈话")[18].text.count(
        "(") >= 5  # 第十九条 keeps its items (一)–(五)
    assert articles("常州经验")[1].label == "一（二）"
    # The page furniture after the last article is not part of it (献县办法 第七十五条).
    assert articles("献县办法")[-1].text == "本办法自印发之日起施行。"
    assert "濮阳市" not in articles("濮阳·全程记实")[-1].text


def test_citations_are_read_as_written() -> None:
    """Citations as the declarations write them: a range with a dash or 至, a list joined
    by 、, a short name heading the list; one outside a named list is the text's own."""
    cited = parse_citations("献县办法 第三十四条、第六十条；第四十八–五十条")
    assert [(c.regulation, c.first, c.last) for c in cited] == [
        ("献县办法", 34, 34), ("献县办法", 60, 60), ("献县办法", 48, 50)]
    cited = parse_citations("见濮阳·谈话 第八条，第九条至第十一条", "献县办法")
    assert [(c.regulation, c.first, c.last) for c in cited] == [
        ("濮阳·谈话", 8, 8), ("濮阳·谈话", 9, 11)]
    # A name reaches only the list it heads: the last citation here is the text's own.
    cited = parse_citations("谈话（第七条；献县办法 第二十二条）：学习党章（第九条）", "濮阳·谈话")
    assert [(c.regulation, c.first) for c in cited] == [
        ("濮阳·谈话", 7), ("献县办法", 22), ("濮阳·谈话", 9)]
    assert parse_citations("第一百零五条", "献县办法")[0].first == 105
    assert parse_citations("第四十八条（一）至（六）", "献县办法")[0].last == 48
    assert parse_citations("第六十条") == []  # no regulation named, none given
    assert parse_citations("第一种形态", "献县办法") == []
    changzhou = parse_citations("常州经验 三（二）")
    assert [(c.regulation, c.first) for c in changzhou] == [("常州经验", 8)]


# -- states from the declarations ---------------------------------------------------------

def _talks_ledger(**extra: Any) -> LedgerDescription:
    """A made-up ledger of 濮阳·谈话: a range for the ledger, one article in a field hint."""
    values: Mapping[str, Any] = {
        "id": "pre_appointment_talk", "name": "任前廉政谈话", "chapter": PUYANG_TALKS,
        "article": "濮阳·谈话 第七–九条",
        "description": "任职后15日内提供材料（第八条）；谈话内容见第九条。",
        "fields": (
            Field("date", "谈话日期", FieldType.DATE, required=True, default=TODAY),
            Field("person", "谈话对象", FieldType.TEXT, required=True,
                  help="新任职领导干部（第八条：决定任职后15日内提供）"),
        ),
        "list_columns": ("date", "person"), "ordering": (("date", True),),
        "date_field": "date", "summary_field": "person",
    }
    return LedgerDescription(**{**values, **extra})


def test_states_follow_the_declarations_of_any_ledger() -> None:
    """An article a field cites is implemented; the rest of the ledger's range only partly;
    an article of the no-record table has its reason; one cited by nothing is missing.
    (A made-up ledger: the docstring cites no article, so 制度覆盖 lists no test for it.)"""
    result = coverage(Catalog([_talks_ledger()], [PUYANG_TALKS]), tests_dir=None)
    assert result.find("濮阳·谈话", 8).state is State.IMPLEMENTED
    eight = result.find("濮阳·谈话", 8).implementations
    assert eight[0].kind == "字段" and eight[0].name == "谈话对象" and eight[0].specific
    assert result.find("濮阳·谈话", 7).state is State.PARTLY
    assert result.find("濮阳·谈话", 9).state is State.PARTLY
    assert result.find("濮阳·谈话", 1).state is State.NO_RECORD
    assert result.find("濮阳·谈话", 1).reason == NO_RECORD[("濮阳·谈话", 1)]
    assert result.find("濮阳·谈话", 10).state is State.MISSING
    # Nothing of 献县办法 is declared in this catalog.
    assert result.counts["献县办法"][State.IMPLEMENTED] == 0


def test_a_range_leaves_articles_asking_for_nothing_as_they_are() -> None:
    """A range over articles the no-record table lists keeps them there (with the range
    shown); 常州经验 named without its section reaches the sections that ask for a record,
    partly. (A made-up ledger: the docstring names no article.)"""
    desc = _talks_ledger(article="濮阳·谈话 第五–七条", fields=(
        Field("date", "谈话日期", FieldType.DATE, required=True, default=TODAY),
        Field("person", "谈话对象", FieldType.TEXT, required=True, help="按常州经验统计"),
    ))
    result = coverage(Catalog([desc], [PUYANG_TALKS]), tests_dir=None)
    five = result.find("濮阳·谈话", 5)
    assert five.state is State.NO_RECORD and five.implementations
    assert result.find("濮阳·谈话", 7).state is State.PARTLY
    states = [row.state for row in result.of("常州经验")]
    assert states.count(State.PARTLY) == 5 and states.count(State.NO_RECORD) == 4
    assert State.IMPLEMENTED not in states


def test_duties_documents_and_rules_implement_their_article() -> None:
    """A duty, a document and a validator's message each make the article they cite
    implemented on their own (a made-up ledger of 濮阳·谈话)."""

    def _no_self_talk(values: Mapping[str, Any]) -> dict[str, str]:
        if values.get("person") == "本人":
            return {"person": "谈话对象应为他人（第九条）"}
        return {}

    desc = _talks_ledger(
        validators=(_no_self_talk,),
        duties=(Duty("pre_talk_half", "每半年汇总任前谈话", "濮阳·谈话 第十一条",
                     Every("half"), Counts("pre_appointment_talk")),),
        documents=(Document("会议纪要", "entry", "打印谈话记录…", article="濮阳·谈话 第十七条"),))
    result = coverage(Catalog([desc], [PUYANG_TALKS]), tests_dir=None)
    kinds = {n: [i.kind for i in result.find("濮阳·谈话", n).implementations]
             for n in (9, 11, 17)}
    assert kinds == {9: ["规则", "台账"], 11: ["职责"], 17: ["文书"]}
    rule = result.find("濮阳·谈话", 9).implementations[0]
    assert rule.name == "谈话对象应为他人（第九条）"
    assert all(result.find("濮阳·谈话", n).state is State.IMPLEMENTED for n in (9, 11, 17))


def test_the_real_catalog() -> None:
    """献县办法 第六十条 is implemented by the seal workflow (批准, 已盖印) and the gap
    check; 第五十条 also by the chronicle's period lock (a write rule declared through a
    lambda); 第三十二条 (组务会 每周召开) only by the range of 组务会 unless a duty cites it;
    第七十五条 asks for no record; every citation in the catalog names an article the
    texts have."""
    result = coverage(CATALOG)
    sixty = result.find("献县办法", 60)
    assert sixty.state is State.IMPLEMENTED
    described = [i.describe() for i in sixty.implementations]
    assert "流程步骤 用印登记·批准" in described
    assert "流程步骤 用印登记·已盖印" in described  # the next number, 登记
    assert any(i.kind == "规则" for i in sixty.implementations)
    assert result.find("献县办法", 61).implementations[0].kind == "字段"
    assert any(i.kind == "规则" and i.ledger == "chronicle"
               for i in result.find("献县办法", 50).implementations)
    if not any(i.specific for i in result.find("献县办法", 32).implementations):
        assert result.find("献县办法", 32).state is State.PARTLY
    assert result.find("献县办法", 75).state is State.NO_RECORD
    assert "用印登记" in result.find("献县办法", 60).planned  # 第十五章's plan
    assert unknown_citations(CATALOG) == []
    assert sum(result.counts["献县办法"].values()) == 75


def test_the_no_record_table_names_real_articles_with_reasons() -> None:
    """无需记录 is declared per article with its reason (献县办法 第一–三条 总则,
    第七十三–七十五条 附则 …); every key names an article of the texts."""
    known = {(r.name, a.number) for r in REGULATIONS for a in articles(r.name)}
    assert set(NO_RECORD) <= known
    assert all(len(reason) >= 8 for reason in NO_RECORD.values())
    for n in (1, 2, 3, 73, 74, 75):
        assert ("献县办法", n) in NO_RECORD
    # Articles that ask the group to register something are never excused.
    for n in (32, 34, 39, 40, 48, 50, 60, 62):
        assert ("献县办法", n) not in NO_RECORD


def test_tests_are_found_by_their_docstrings(tmp_path: Path) -> None:
    """A test names the articles its docstring cites (献县办法 when no short name comes
    first); “第一条记载” in its code is not a citation."""
    (tmp_path / "test_sample.py").write_text(
        'def test_seal():\n    """第六十条：用印须经批准。"""\n    x = "第一条记载"\n\n'
        'class TestTalks:\n    def test_talk(self):\n'
        '        """濮阳·谈话 第八条、第九条。"""\n', encoding="utf-8")
    found = cited_by_tests(tmp_path)
    name = tmp_path.name
    assert found[("献县办法", 60)] == [f"{name}/test_sample.py::test_seal"]
    assert found[("濮阳·谈话", 9)] == [f"{name}/test_sample.py::TestTalks::test_talk"]
    assert ("献县办法", 1) not in found
    assert cited_by_tests(tmp_path / "missing") == {}
    # Without a tests folder (the installed program) the tests are unknown, not none.
    result = coverage(CATALOG, tests_dir=None)
    assert not result.tests_scanned
    assert result.as_json()["regulations"][0]["articles"][0]["tests"] is None


def test_this_file_is_found_naming_its_articles() -> None:
    """In a checkout the tests are read: 献县办法 第六十条 is named by test_the_real_catalog
    (and by the seal tests)."""
    if TESTS_DIR is None or not TESTS_DIR.is_dir():
        pytest.skip("not a checkout")
    result = coverage(CATALOG)
    assert result.tests_scanned
    assert "tests/test_coverage.py::test_the_real_catalog" in result.find("献县办法", 60).tests
    reader = "tests/test_coverage.py::test_every_regulation_is_read_article_by_article"
    assert not any(reader in row.tests for row in result.articles)


# -- paizhu coverage ------------------------------------------------------------------------

def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from paizhu_desktop.cli import main

    code = main(["coverage", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_prints_the_coverage_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """``paizhu coverage --format json``: 献县办法 第六十条 implemented, with its parts."""
    code, out, _ = _run(capsys, "--format", "json")
    assert code == 0
    data = json.loads(out)
    names = [r["name"] for r in data["regulations"]]
    assert names == [r.name for r in REGULATIONS]
    xianxian = data["regulations"][0]
    assert sum(xianxian["counts"].values()) == 75
    sixty = xianxian["articles"][59]
    assert sixty["article"] == "第六十条" and sixty["state"] == "implemented"
    assert {"kind": "流程步骤", "ledger": "seal_use", "ledger_name": "用印登记", "name": "批准",
            "citation": "用印须经组长批准，第六十条", "specific": True} in sixty["implemented_by"]
    assert "第六十" in out  # ensure_ascii=False: the Chinese is readable


def test_cli_filters_by_regulation_and_state(capsys: pytest.CaptureFixture[str]) -> None:
    """``--regulation 献县办法 --state no_record`` lists 第一条 … 第七十五条 with reasons."""
    code, out, _ = _run(capsys, "--regulation", "献县办法", "--state", "no_record")
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines() if line.startswith("献县办法\t")]
    assert rows[0][1] == "第一条" and rows[-1][1] == "第七十五条"
    assert {r[2] for r in rows} == {"无需记录"}
    assert rows[0][4] == NO_RECORD[("献县办法", 1)]
    assert "献县办法：75 条" in out
    code, out, _ = _run(capsys, "--regulation", "濮阳·谈话", "--format", "json",
                        "--state", "missing")
    data = json.loads(out)
    assert [r["name"] for r in data["regulations"]] == ["濮阳·谈话"]
    assert all(a["state"] == "missing" for a in data["regulations"][0]["articles"])


def test_cli_refuses_an_unknown_regulation(capsys: pytest.CaptureFixture[str]) -> None:
    """A regulation that is not one of the five (献县办法 …) is named in a Chinese usage error."""
    code, _, err = _run(capsys, "--regulation", "某某办法")
    assert code == 2
    assert "没有名为“某某办法”的制度" in err and "濮阳·问责" in err


# -- 帮助 → 制度覆盖 -------------------------------------------------------------------------

@pytest.mark.gui
def test_the_help_menu_shows_the_coverage(qtbot: QtBot, session: UserSession) -> None:
    """帮助 → 制度覆盖 lists 献县办法 第六十条 as 已实现 and filters by regulation and state
    (第七十五条 无需记录 with its reason)."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableWidget, QTextBrowser

    from paizhu_desktop.gui.coverage import CoverageDialog

    from gui_helpers import child, open_window, when_modal

    window = open_window(qtbot, session)
    seen: dict[str, Any] = {}

    def inspect(dialog: CoverageDialog) -> None:
        table = child(dialog, QTableWidget, "coverageTable")
        regulation = child(dialog, QComboBox, "coverageRegulation")
        state = child(dialog, QComboBox, "coverageState")
        seen["all"] = table.rowCount()
        regulation.setCurrentIndex(regulation.findData("献县办法"))
        seen["xianxian"] = table.rowCount()
        seen["sixty"] = [table.item(59, c).text() for c in range(table.columnCount())]
        state.setCurrentIndex(state.findData("no_record"))
        seen["states"] = {table.item(r, 3).text() for r in range(table.rowCount())}
        table.selectRow(table.rowCount() - 1)
        seen["detail"] = child(dialog, QTextBrowser, "coverageDetail").toPlainText()
        seen["summary"] = child(dialog, QLabel, "coverageSummary").text()
        child(dialog, QPushButton, "coverageClose").click()

    when_modal(CoverageDialog, inspect)
    child(window, QAction, "actionCoverage").trigger()
    assert seen["all"] == sum(len(articles(r.name)) for r in REGULATIONS)
    assert seen["xianxian"] == 75
    assert seen["sixty"][:2] == ["献县办法", "第六十条"] and seen["sixty"][3] == "已实现"
    assert "用印登记" in seen["sixty"][4]
    assert seen["states"] == {"无需记录"}
    assert "第七十五条" in seen["detail"] and NO_RECORD[("献县办法", 75)] in seen["detail"]
    excused = coverage(CATALOG).counts["献县办法"][State.NO_RECORD]
    assert seen["summary"].startswith(f"共 {excused} 条：")


def test_the_declared_chapters_match_the_texts() -> None:
    """The chapters of 献县办法 in the navigation span exactly the articles the text puts
    under them (第二章 from article 4 to 8 … 第十八章 from 73 to 75); every other declared
    heading cites articles its regulation has."""
    for chapter in CATALOG.chapters:
        found = articles(chapter.regulation)
        numbers = [a.number for a in found]
        assert chapter.first_article in numbers and chapter.last_article in numbers, \
            chapter.heading
        if chapter.regulation != "献县办法":
            continue
        under = [a.number for a in found
                 if a.chapter.split()[0] == chapter.heading.split()[0]]
        assert under == list(range(chapter.first_article, chapter.last_article + 1)), \
            chapter.heading


def test_the_installed_program_says_it_has_no_tests(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a checkout the tests column of 献县办法 第六十条 is unknown, and said to be."""
    import paizhu_desktop.core.coverage as module

    monkeypatch.setattr(module, "TESTS_DIR", None)
    code, out, _ = _run(capsys, "--regulation", "献县办法")
    assert code == 0
    assert "安装版不含测试文件" in out
    sixty = next(line for line in out.splitlines() if line.startswith("献县办法\t第六十条"))
    assert sixty.endswith("\t—")
    code, out, _ = _run(capsys, "--format", "json")
    data = json.loads(out)
    assert data["tests_scanned"] is False
    assert data["regulations"][0]["articles"][59]["tests"] is None

