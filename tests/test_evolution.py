"""Descriptions change on a populated database, and nothing is reported as changed.

A ledger gains a field, renames one (declared), retires one, extends its
choices: the database opens with the new catalog after a checked backup,
``verify`` passes, every entry reads back as it was, and hand-off files move
between the versions (献县办法 第四十八–五十条 for the chronicle used here).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from paizhu_desktop.core.backup import list_backups
from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.handoff.transfer import export, import_file
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.fields import Choice, Field, FieldType
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.regulations.xianxian.chapters import CHAPTERS
from paizhu_desktop.core.session import MODE_COUNTY, UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD

PHRASE = "evolution-handoff-passphrase"


def evolved(**changes: object) -> Catalog:
    """The application's catalog with the chronicle's description changed."""
    chronicle = CATALOG.ledger("chronicle")
    new = dataclasses.replace(chronicle, **changes)  # type: ignore[arg-type]
    return Catalog([new if d.id == "chronicle" else d for d in CATALOG.ledgers()], CATALOG.chapters)


def chronicle_with(fields: tuple[Field, ...], version: int = 2) -> Catalog:
    return evolved(fields=fields, version=version)


def replace_field(field_name: str, **changes: object) -> tuple[Field, ...]:
    desc = CATALOG.ledger("chronicle")
    return tuple(dataclasses.replace(f, **changes)  # type: ignore[arg-type]
                 if f.name == field_name else f for f in desc.fields)


@pytest.fixture
def populated(tmp_path: Path) -> Iterator[tuple[Path, dict[str, dict[str, object]]]]:
    """A group database with chronicle entries (one edited, one voided) and what they say."""
    path = tmp_path / "组.db"
    s, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    a = s.ledgers.add("chronicle", {"date_start": "2026-05-06", "category": "2",
                                    "place": "示例县财政局", "people": "王喆、李堃",
                                    "content": "开展财务专项检查"})
    s.ledgers.edit("chronicle", a.id, {"content": "开展财务专项检查，发现问题3个"})
    b = s.ledgers.add("chronicle", {"date_start": "2026-05-07", "category": "5",
                                    "content": "有人打听案件进展，已拒绝并报告"})
    c = s.ledgers.add("chronicle", {"date_start": "2026-05-08", "category": "6",
                                    "content": "误录"})
    s.ledgers.void("chronicle", c.id, "重复登记")
    before = {e.id: e.values for e in s.ledgers.list("chronicle", include_voided=True)}
    assert {a.id, b.id, c.id} == set(before)
    s.close()
    yield path, before


def reopen(path: Path, catalog: Catalog) -> UserSession:
    return UserSession.open(path, LEADER, PASSWORD, catalog=catalog)


def test_an_added_optional_field_changes_nothing_stored(
        populated: tuple[Path, dict[str, dict[str, object]]]) -> None:
    path, before = populated
    catalog = chronicle_with((*CATALOG.ledger("chronicle").fields,
                              Field("reporter", "报告人", FieldType.TEXT, since=2)))
    s = reopen(path, catalog)
    try:
        # The new column came through the migration path: a checked backup first.
        assert [b.reason for b in list_backups(path)] == ["升级前"]
        report = s.verify()
        assert report.ok, report.problems
        after = {e.id: e.values for e in s.ledgers.list("chronicle", include_voided=True)}
        assert after == {k: {**v, "reporter": None} for k, v in before.items()}
        e = s.ledgers.add("chronicle", {"date_start": "2026-05-09", "category": "1",
                                        "content": "传达全会精神", "reporter": "赵玥"})
        assert s.ledgers.get("chronicle", e.id).values["reporter"] == "赵玥"
        assert s.ledgers.list("chronicle", search="赵玥")[0].id == e.id
        assert s.verify().ok
    finally:
        s.close()
    # An earlier program cannot vouch for what a later one wrote, and says so plainly
    # instead of calling it tampering; the entries it wrote itself still verify.
    s = reopen(path, CATALOG)
    try:
        problems = s.verify().problems
        assert len(problems) == 1 and "较新版本" in problems[0] and "改动" not in problems[0]
    finally:
        s.close()


def test_a_declared_rename_reads_old_entries_and_old_input(
        populated: tuple[Path, dict[str, dict[str, object]]]) -> None:
    path, before = populated
    catalog = evolved(fields=replace_field("place", name="location", former_names=("place",)),
                      version=2, list_columns=tuple(
                          "location" if c == "place" else c
                          for c in CATALOG.ledger("chronicle").list_columns))
    desc = catalog.ledger("chronicle")
    s = reopen(path, catalog)
    try:
        assert list_backups(path) == []  # nothing to change in the file
        assert s.verify().ok
        after = {e.id: e.values for e in s.ledgers.list("chronicle", include_voided=True)}
        for entry_id, values in before.items():
            renamed = dict(values)
            renamed["location"] = renamed.pop("place")
            assert after[entry_id] == renamed
        # Input under the former name still counts (JSON files written for 0.1.0).
        e = s.ledgers.add("chronicle", {"date_start": "2026-05-10", "category": "1",
                                        "content": "部署节日监督", "place": "派驻组会议室"})
        assert e.values["location"] == "派驻组会议室"
        assert desc.field("place").name == "location"
        revisions, _ = s.ledgers.history("chronicle", next(iter(before)))
        assert revisions[0].data["values"]["location"] == "示例县财政局"
        assert s.verify().ok
    finally:
        s.close()


def test_a_retired_field_is_kept_shown_in_history_and_not_entered(
        populated: tuple[Path, dict[str, dict[str, object]]]) -> None:
    path, before = populated
    catalog = evolved(fields=replace_field("people", retired=True), version=2,
                      list_columns=tuple(c for c in CATALOG.ledger("chronicle").list_columns
                                         if c != "people"))
    desc = catalog.ledger("chronicle")
    assert "people" not in {f.name for f in desc.visible_fields}
    s = reopen(path, catalog)
    try:
        assert s.verify().ok
        first = next(iter(before))
        assert s.ledgers.get("chronicle", first).values["people"] == "王喆、李堃"
        # Editing something else keeps the retired value.
        edited = s.ledgers.edit("chronicle", first, {"content": "开展财务专项检查，已反馈"})
        assert edited.values["people"] == "王喆、李堃"
        revisions, _ = s.ledgers.history("chronicle", first)
        assert [r.data["values"]["people"] for r in revisions] == ["王喆、李堃"] * 3
        with pytest.raises(ValidationError) as bad:
            s.ledgers.add("chronicle", {"date_start": "2026-05-11", "category": "1",
                                        "content": "新条目", "people": "赵玥"})
        assert "已停用" in str(bad.value.errors)
        assert s.verify().ok
    finally:
        s.close()


def test_extended_choices_leave_old_entries_alone(
        populated: tuple[Path, dict[str, dict[str, object]]]) -> None:
    path, _before = populated
    category = CATALOG.ledger("chronicle").field("category")
    more = (*category.choices, Choice("7", "（七）巡察整改有关事项"))
    catalog = chronicle_with(replace_field("category", choices=more))
    s = reopen(path, catalog)
    try:
        assert s.verify().ok
        e = s.ledgers.add("chronicle", {"date_start": "2026-05-12", "category": "7",
                                        "content": "督促落实巡察整改"})
        assert e.display("category") == "（七）巡察整改有关事项"
        assert s.verify().ok
    finally:
        s.close()


def test_handoff_files_move_between_description_versions(
        tmp_path: Path, populated: tuple[Path, dict[str, dict[str, object]]]) -> None:
    path, _before = populated
    newer = chronicle_with((*CATALOG.ledger("chronicle").fields,
                            Field("reporter", "报告人", FieldType.TEXT, since=2)))
    # An older sender's file imports into a county database on the newer description.
    group = reopen(path, CATALOG)
    old_file = tmp_path / "旧.pzx"
    export(group, old_file, PHRASE, year=2026, kdf=CHEAP_KDF)
    group.close()
    county, _ = UserSession.create(tmp_path / "县.db", "county", PASSWORD, admins=ADMINS,
                                   mode=MODE_COUNTY,
                                   catalog=newer, kdf=CHEAP_KDF)
    try:
        plan = import_file(county, old_file, PHRASE)
        assert plan.ledgers["chronicle"].new == 3
        assert county.verify().ok
    finally:
        county.close()
    # A newer sender whose entry holds a field the receiver does not know: refused whole,
    # with a sentence, rather than storing it without that value.
    group = reopen(path, newer)
    group.ledgers.add("chronicle", {"date_start": "2026-05-13", "category": "1",
                                    "content": "新版本的条目", "reporter": "赵玥"})
    new_file = tmp_path / "新.pzx"
    export(group, new_file, PHRASE, year=2026, kdf=CHEAP_KDF)
    group.close()
    old_county, _ = UserSession.create(tmp_path / "旧县.db", "county", PASSWORD, admins=ADMINS,
                                       mode=MODE_COUNTY, kdf=CHEAP_KDF)
    try:
        with pytest.raises(RuleError, match="较新的版本"):
            import_file(old_county, new_file, PHRASE)
        assert old_county.ledgers.count("chronicle", include_voided=True) == 0
    finally:
        old_county.close()


def test_descriptions_check_their_own_history() -> None:
    desc = CATALOG.ledger("chronicle")
    with pytest.raises(ValueError, match="since"):
        dataclasses.replace(desc, fields=(*desc.fields, Field("x", "新字段", since=2)))
    with pytest.raises(ValueError, match="duplicate"):
        dataclasses.replace(desc, fields=(*desc.fields,
                                          Field("place2", "地点", former_names=("place",))))
    with pytest.raises(ValueError, match="retired"):
        dataclasses.replace(desc, fields=replace_field("content", retired=True))
    other: LedgerDescription = dataclasses.replace(desc, chapter=dataclasses.replace(
        desc.chapter, number=99))
    with pytest.raises(ValueError, match="not declared"):
        Catalog([other], CHAPTERS)
