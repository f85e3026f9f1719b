"""Every release's files open in this one, nothing reported as changed.

``tests/fixtures/release-0.1.0/`` holds a database, its key file and a hand-off
file made by release 0.1.0 (``make_fixture.py`` says how), and ``expected.json``:
every entry as 0.1.0 read it back. A later release adds its own folder here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from paizhu_desktop.core.backup import list_backups
from paizhu_desktop.core.handoff.transfer import import_file, plan_import
from paizhu_desktop.core.session import MODE_COUNTY, UserSession
from paizhu_desktop.core.storage import raw_connect

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD

RELEASE_0_1_0 = Path(__file__).parent / "fixtures" / "release-0.1.0"
FIXTURE_PASSWORD = "fixture-2026"
FIXTURE_PASSPHRASE = "fixture-handoff-passphrase-2026"
LEDGERS = ("chronicle", "group_meeting", "meeting_summary", "action_item", "seal_use",
           "seal_outing", "chronicle_review")


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    """A copy of the 0.1.0 database (the fixture itself is never written)."""
    for name in ("group.db", "group.db.keys"):
        shutil.copyfile(RELEASE_0_1_0 / name, tmp_path / name)
    return tmp_path / "group.db"


def _read_back(session: UserSession) -> dict[str, Any]:
    """Every entry as 0.1.0's ``expected.json`` holds it. Fields a description gained
    since (``since`` > 1, e.g. 用印登记's 代为登记 field) read as empty and are left out."""
    out = {}
    for ledger_id in LEDGERS:
        later = {f.name for f in session.catalog.ledger(ledger_id).fields if f.since > 1}
        for e in session.ledgers.list(ledger_id, include_voided=True):
            row = {k: v for k, v in e.as_json().items() if k not in ("created_at", "updated_at")}
            assert all(row["values"][name] in (None, []) for name in later)
            row["values"] = {k: v for k, v in row["values"].items() if k not in later}
            out[e.id] = row
    return out


def _schema_version(db: Path) -> str:
    key_session = UserSession.open(db, "zuzhang", FIXTURE_PASSWORD)
    try:
        conn = raw_connect(db, key_session.db.key, readonly=True)
        try:
            return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        finally:
            conn.close()
    finally:
        key_session.close()


def test_0_1_0_database_is_upgraded_after_a_backup_and_verifies(old_db: Path) -> None:
    assert list_backups(old_db) == []
    session = UserSession.open(old_db, "zuzhang", FIXTURE_PASSWORD)
    try:
        backups = list_backups(old_db)
        assert [b.reason for b in backups] == ["升级前"]
        report = session.verify()
        assert report.ok, report.problems
        assert report.entries_checked == 13
        expected = json.loads((RELEASE_0_1_0 / "expected.json").read_text("utf-8"))
        assert _read_back(session) == expected
        # Release 0.1.0's names, numbers and states read the same; 用印编号 in its format.
        stamped = session.ledgers.list("seal_use", status="stamped")
        assert [e.display("stamp_number") for e in stamped] == ["2026-001"]
        findings = session.ledgers.report("year_findings", 2026)
        assert len(findings) == 1 and "整理问题清单" in findings[0]  # open since 2026-04-15
    finally:
        session.close()
    assert _schema_version(old_db) == "0005"


def test_0_1_0_entries_can_be_changed_and_still_verify(old_db: Path) -> None:
    """An edit writes the new encoding; the entries 0.1.0 wrote keep theirs."""
    deputy = UserSession.open(old_db, "fuzu", FIXTURE_PASSWORD)
    try:
        item = next(e for e in deputy.ledgers.list("action_item") if e.status == "open")
        edited = deputy.ledgers.edit("action_item", item.id, {"progress": "已完成初稿"})
        assert edited.version == 2
        outing = deputy.ledgers.list("seal_outing")[0]
        deputy.ledgers.void("seal_outing", outing.id, "登记重复")
        revisions, _audits = deputy.ledgers.history("action_item", item.id)
        assert [r.version for r in revisions] == [1, 2]
        assert revisions[0].data["values"]["matter"] == "整理问题清单"
        assert revisions[1].data["values"]["progress"] == "已完成初稿"
        report = deputy.verify()
        assert report.ok, report.problems
    finally:
        deputy.close()


def test_0_1_0_handoff_file_imports_into_a_county_database(tmp_path: Path) -> None:
    county, _ = UserSession.create(tmp_path / "县.db", LEADER, PASSWORD, admins=ADMINS,
                                   mode=MODE_COUNTY,
                                   group_name="示例县纪委监委", kdf=CHEAP_KDF)
    try:
        source = RELEASE_0_1_0 / "handoff-2026.pzx"
        plan = plan_import(county, source, FIXTURE_PASSPHRASE)
        assert plan.audit_break == "" and plan.audit_mismatch == []
        done = import_file(county, source, FIXTURE_PASSPHRASE)
        assert done.applied
        assert sum(p.new for p in done.ledgers.values()) == 13
        expected = json.loads((RELEASE_0_1_0 / "expected.json").read_text("utf-8"))
        assert _read_back(county) == expected
        report = county.verify()
        assert report.ok, report.problems
        again = import_file(county, source, FIXTURE_PASSPHRASE)
        assert sum(p.unchanged for p in again.ledgers.values()) == 13
    finally:
        county.close()


def test_0_1_0_handoff_file_is_unchanged_in_its_own_upgraded_database(old_db: Path) -> None:
    session = UserSession.open(old_db, "zuzhang", FIXTURE_PASSWORD)
    try:
        plan = plan_import(session, RELEASE_0_1_0 / "handoff-2026.pzx", FIXTURE_PASSPHRASE)
        assert sum(p.unchanged for p in plan.ledgers.values()) == 13
        assert sum(p.conflicting + p.new + p.updated for p in plan.ledgers.values()) == 0
    finally:
        session.close()
