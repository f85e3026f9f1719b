"""Everything the program writes is its user's alone: files 0600, folders 0700,
whatever the umask (issue "Hardening": 数据库、密钥文件、WAL/SHM、备份、交接文件、PDF)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from paizhu_desktop.core.backup import make_backup
from paizhu_desktop.core.handoff.transfer import export
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A careless umask: the program must not depend on it."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_and_folder_is_private(open_umask: None, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "数据" / "第一组"
    db = folder / "组.db"
    s, _ = UserSession.create(db, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    s.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                "content": "召开组务会，严明工作纪律"})
    backup = make_backup(s.db, reason="手动").path
    pzx = tmp_path / "交接" / "2026.pzx"
    pzx.parent.mkdir()
    export(s, pzx, "7KQM-2XTB-9RFD-HW4C", year=2026, kdf=CHEAP_KDF)
    written = [db, db.with_name("组.db.keys"), db.with_name("组.db-wal"),
               db.with_name("组.db-shm"), backup, backup.with_name(backup.name + ".keys"), pzx]
    for path in written:
        assert path.exists(), path
        assert _mode(path) == 0o600, (path, oct(_mode(path)))
    for path in (folder, folder.parent, backup.parent):
        assert _mode(path) == 0o700, (path, oct(_mode(path)))
    s.close()
    os.umask(0o022)  # the CLI sets its own; start it from the careless one again
    pdf = tmp_path / "大事记登记簿.pdf"
    code, _, err = run_cli(["print", "chronicle", "--db", str(db), "--user", LEADER,
                            "--password-stdin", "--year", "2026", "--out", str(pdf)],
                           PASSWORD + "\n", monkeypatch, capsys)
    assert code == 0, err
    assert _mode(pdf) == 0o600
    assert _mode(db.with_name("组.db.keys")) == 0o600  # rewritten by the login: still private
