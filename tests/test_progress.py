"""Long core operations report progress and stop at safe points (core/progress.py)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.backup import list_backups
from paizhu_desktop.core.demo import fill_chronicle
from paizhu_desktop.core.errors import PermissionDenied
from paizhu_desktop.core.handoff.transfer import export, import_file, plan_import
from paizhu_desktop.core.maintenance import backup_now
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.service import print_document, print_register
from paizhu_desktop.core.progress import Cancelled, Progress
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, PASSWORD, add_account

PHRASE = "交接口令-测试-0123456789"


class Recorder:
    """A Progress front end for tests: keeps the reports, cancels on request."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.reports: list[tuple[int, int, str]] = []
        self.committed = False
        self.cancel_after = cancel_after

    def progress(self) -> Progress:
        return Progress(on_report=lambda d, t, x: self.reports.append((d, t, x)),
                        is_cancelled=self.cancelled, on_commit=self.commit)

    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.reports) >= self.cancel_after

    def commit(self) -> None:
        self.committed = True


def test_progress_reports_checks_and_commits() -> None:
    rec = Recorder()
    p = rec.progress()
    p.report(1, 4, "第一步")
    p.check()
    p.commit("写入")
    assert rec.reports == [(1, 4, "第一步"), (0, 0, "写入")] and rec.committed
    stop = Progress(is_cancelled=lambda: True)
    with pytest.raises(Cancelled) as info:
        stop.check()
    assert "取消" in info.value.message
    with pytest.raises(Cancelled):
        stop.commit()  # too late to start writing once a cancel was asked for
    Progress().report(1, 1)  # reports nowhere, never cancelled
    assert not Progress().cancelled


def _logged(session: UserSession, action: str) -> list[str]:
    """The audit records of ``action`` (their detail), read straight from the chain."""
    from sqlalchemy import select

    from paizhu_desktop.core.schema import audit_log

    with session.db.reading() as conn:
        return [r[0] for r in conn.execute(select(audit_log.c.detail).where(
            audit_log.c.action == action).order_by(audit_log.c.seq))]


def _filled(session: UserSession, n: int) -> None:
    fill_chronicle(session, n, 2026, random.Random(7))


def test_register_reports_page_by_page_and_cancels_between_pages(session: UserSession) -> None:
    _filled(session, 400)
    rec = Recorder()
    job = print_register(session, "chronicle", year=2026, progress=rec.progress())
    pages = [(d, t) for d, t, x in rec.reports if "页" in x]
    assert pages[-1] == (job.pages, job.pages)
    assert [d for d, _ in pages] == sorted(d for d, _ in pages)
    assert any("排版" in x for _d, _t, x in rec.reports)

    late = Recorder(cancel_after=len(rec.reports) - 3)
    with pytest.raises(Cancelled):
        print_register(session, "chronicle", year=2026, progress=late.progress())

    doc = Recorder()
    job = print_document(session, "chronicle", "大事记", year=2026, month=3,
                         progress=doc.progress())
    assert doc.reports[-1][:2] == (job.pages, job.pages)


def test_each_print_job_has_its_own_fonts() -> None:
    a, b = job_fonts(), job_fonts()
    assert a is not b and a.primary == b.primary
    a.width("\U0002a6a5", a.font_for("body"), 10)  # a character no bundled face has
    a.runs("\U0002a6a5", a.font_for("body"))
    assert a.missing and not b.missing


def test_export_reports_batches_and_a_cancel_leaves_no_file(session: UserSession,
                                                            tmp_path: Path) -> None:
    _filled(session, 1200)
    folder = tmp_path / "交接"
    folder.mkdir()
    out = folder / "2026.pzx"
    rec = Recorder()
    result = export(session, out, PHRASE, year=2026, progress=rec.progress())
    batches = [d for d, _t, x in rec.reports if x.startswith("正在导出大事记")]
    assert batches == [0, 500, 1000] and rec.reports[-1][1] == sum(result.counts.values())
    out.unlink()

    exports = len(_logged(session, Action.EXPORT))
    stop = Recorder(cancel_after=3)
    with pytest.raises(Cancelled):
        export(session, out, PHRASE, year=2026, progress=stop.progress())
    assert list(folder.iterdir()) == []  # neither the file nor its .part
    assert len(_logged(session, Action.EXPORT)) == exports


def test_import_cancels_only_before_writing(session: UserSession, tmp_path: Path) -> None:
    _filled(session, 700)
    out = tmp_path / "2026.pzx"
    export(session, out, PHRASE, year=2026)
    county, _ = UserSession.create(tmp_path / "县.db", "county", PASSWORD, admins=ADMINS,
                                   mode="county")
    try:
        look = Recorder()
        plan = plan_import(county, out, PHRASE, progress=look.progress())
        assert plan.ledgers["chronicle"].new == 700 and not look.committed
        assert any("校验" in x for _d, _t, x in look.reports)

        with pytest.raises(Cancelled):
            import_file(county, out, PHRASE, progress=Recorder(cancel_after=1).progress())
        assert county.ledgers.count("chronicle") == 0

        # A cancel asked for once writing has begun is not honoured: all or nothing.
        rec = Recorder()
        after = Progress(on_report=lambda d, t, x: rec.reports.append((d, t, x)),
                         is_cancelled=lambda: rec.committed, on_commit=rec.commit)
        done = import_file(county, out, PHRASE, progress=after)
        assert done.applied and rec.committed and county.ledgers.count("chronicle") == 700
        assert any(x.startswith("正在写入：") for _d, _t, x in rec.reports)
    finally:
        county.close()


def test_backup_now_checks_the_permission_and_reports(session: UserSession,
                                                       db_path: Path) -> None:
    rec = Recorder()
    backup = backup_now(session, progress=rec.progress())
    assert backup.reason == "手动" and list_backups(db_path)[0].path == backup.path
    assert [d for d, _t, _x in rec.reports] == [0, 1, 2, 3, 4]
    assert '"reason":"手动"' in _logged(session, Action.BACKUP)[-1].replace(" ", "")
    add_account(session, "jilu", [Role.RECORDER])
    member = UserSession.open(db_path, "jilu", PASSWORD)
    try:
        with pytest.raises(PermissionDenied):
            backup_now(member)
    finally:
        member.close()
    assert len(list_backups(db_path)) == 1
