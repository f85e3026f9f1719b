"""The layout holds: no import cycle, declarations without SQL, front ends on top.

Read from the source (every import, also inside functions and under
TYPE_CHECKING), so a cycle hidden by a late import fails here too.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "paizhu_desktop"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts)
        if ".migrations" in name:
            continue  # alembic scripts, loaded by alembic
        out[name] = path
    return out


def _imports(path: Path, known: set[str]) -> set[str]:
    """The package's own modules ``path`` imports (packages' faces left out)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for n in names:
            if n in known and not (PACKAGE.parent / n.replace(".", "/") / "__init__.py").exists():
                found.add(n)
    return found


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {m: _imports(p, set(mods)) - {m} for m, p in mods.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_anywhere() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_front_ends_sit_on_the_core_and_not_on_each_other() -> None:
    graph = _graph()
    for module, imported in graph.items():
        if module.startswith("paizhu_desktop.core"):
            assert not {m for m in imported if not m.startswith("paizhu_desktop.core")}, module
        if module == "paizhu_desktop.cli":
            assert not {m for m in imported if m.startswith("paizhu_desktop.gui")}


def test_declarations_hold_no_sql_and_the_framework_no_declarations() -> None:
    graph = _graph()
    for module, imported in graph.items():
        if module.startswith("paizhu_desktop.core.regulations"):
            text = _modules()[module].read_text("utf-8")
            assert "sqlalchemy" not in text and "conn.execute" not in text, module
            assert not {m for m in imported if m.startswith((
                "paizhu_desktop.core.storage", "paizhu_desktop.core.schema",
                "paizhu_desktop.core.ledgers.service", "paizhu_desktop.core.ledgers.records",
                "paizhu_desktop.core.ledgers.writer"))}, module
        if module.startswith("paizhu_desktop.core.ledgers"):
            assert not {m for m in imported if m.startswith("paizhu_desktop.core.regulations")}


def test_every_ledger_sits_in_a_chapter_of_its_regulation() -> None:
    from paizhu_desktop.core.regulations.catalog import CATALOG

    for desc in CATALOG.ledgers():
        chapter = desc.chapter
        assert chapter in CATALOG.chapters
        assert desc.article.startswith(chapter.regulation)
    # The article ranges follow the text of 献县办法 (第一章 1–3 … 第十八章 73–75).
    numbers = [(c.first_article, c.last_article) for c in CATALOG.chapters
               if c.regulation == "献县办法"]
    assert numbers[0] == (1, 3) and numbers[-1] == (73, 75)
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(numbers))
