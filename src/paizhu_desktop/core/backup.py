"""Encrypted backups: made on a schedule and before every migration, each
checked after it is written, thinned the way Anki keeps its backups.

A backup is a consistent copy of the encrypted database (same key) plus a
copy of its key file, so the same passwords open it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from paizhu_desktop.core.errors import IntegrityFailure, NotFoundError, PaizhuError, RuleError
from paizhu_desktop.core.files import copy_private, private_dir
from paizhu_desktop.core.keyslots import KeyFile
from paizhu_desktop.core.progress import Progress, quiet
from paizhu_desktop.core.storage import (
    Database,
    backup_dir,
    copy_database,
    integrity_errors,
    keyfile_path,
    move_aside,
    raw_connect,
    remove_database_files,
)

#: Keep every backup of the last day, then one a day for two weeks, one a week
#: for two months, one a month for a year (Anki's daily/weekly/monthly idea).
KEEP_ALL_HOURS = 24
KEEP_DAILY = 14
KEEP_WEEKLY = 8
KEEP_MONTHLY = 12
DEFAULT_INTERVAL_HOURS = 24

_NAME = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6})(?:-(?P<reason>[^.]+))?\.db$")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    reason: str

    @property
    def label(self) -> str:
        text = self.taken_at.strftime("%Y年%m月%d日 %H:%M:%S")
        return f"{text}（{self.reason}）" if self.reason else text


def list_backups(db_path: Path) -> list[Backup]:
    """Backups of ``db_path``, newest first."""
    folder = backup_dir(Path(db_path).resolve())
    out = []
    if folder.is_dir():
        for p in folder.iterdir():
            m = _NAME.match(p.name)
            if m and keyfile_path(p).exists():
                taken = dt.datetime.strptime(m.group("ts"), "%Y%m%d-%H%M%S")
                out.append(Backup(p, taken, m.group("reason") or ""))
    return sorted(out, key=lambda b: b.taken_at, reverse=True)


def make_backup(db: Database, reason: str = "", now: dt.datetime | None = None, *,
                progress: Progress | None = None) -> Backup:
    """Write a backup, check it (SQLCipher page check + integrity check), thin old ones.

    Can be cancelled only before the copy starts; reports its four steps.
    """
    progress = quiet(progress)
    progress.commit()
    now = now or dt.datetime.now()
    folder = backup_dir(db.path)
    private_dir(folder)
    suffix = f"-{reason}" if reason else ""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db.path.stem}-{stamp}{suffix}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{db.path.stem}-{stamp}{suffix}-{n}.db"
    # The key file is held while both are copied: no login reconciles its failed logins
    # and no anchor moves between the copy of the database and that of its key file.
    with db.keyfile.held():
        progress.report(0, 4, "正在复制数据库…")
        copy_database(db, target)
        progress.report(1, 4, "正在复制密钥文件…")
        copy_private(keyfile_path(db.path), keyfile_path(target))
    _keep_anchors_within(target, db.key)
    progress.report(2, 4, "正在校验备份…")
    check = Database(target, db.keyfile, db.engine, db.key, db.catalog, readonly=True)
    problems = integrity_errors(check)
    if problems:
        target.unlink(missing_ok=True)
        keyfile_path(target).unlink(missing_ok=True)
        raise IntegrityFailure("备份写入后校验失败，已删除该备份：" + problems[0])
    progress.report(3, 4, "正在清理过期备份…")
    thin_backups(db.path, now)
    progress.report(4, 4, "备份完成")
    return Backup(target, now.replace(microsecond=0), reason)


def _keep_anchors_within(target: Path, key: bytes) -> None:
    """A session may have saved its anchor between the copy of the database and that of
    the key file: the backup keeps only anchors its own chain holds, so that restoring it
    is not taken for a chain cut back."""
    import json

    path = keyfile_path(target)
    data = json.loads(path.read_text(encoding="utf-8"))
    anchors = data.get("anchors")
    if not isinstance(anchors, dict) or not anchors:
        return
    conn = raw_connect(target, key, readonly=True)
    try:
        chain = dict(conn.execute("SELECT seq, hash FROM audit_log").fetchall())
    finally:
        conn.close()
    kept = {name: a for name, a in anchors.items()
            if isinstance(a, dict) and chain.get(a.get("seq")) == a.get("hash")}
    if kept != anchors:
        data["anchors"] = kept
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def backup_if_due(db: Database, interval_hours: float = DEFAULT_INTERVAL_HOURS,
                  now: dt.datetime | None = None) -> Backup | None:
    """The scheduled backup: one when the newest is older than the interval."""
    now = now or dt.datetime.now()
    existing = list_backups(db.path)
    if existing and now - existing[0].taken_at < dt.timedelta(hours=interval_hours):
        return None
    return make_backup(db, "定期", now)


def backups_to_keep(backups: list[Backup], now: dt.datetime) -> set[Path]:
    keep: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for b in sorted(backups, key=lambda b: b.taken_at, reverse=True):
        age = now - b.taken_at
        day = b.taken_at.date()
        week = tuple(b.taken_at.isocalendar())[:2]
        month = (b.taken_at.year, b.taken_at.month)
        if (age <= dt.timedelta(hours=KEEP_ALL_HOURS)
                or (day not in days and len(days) < KEEP_DAILY)
                or (week not in weeks and len(weeks) < KEEP_WEEKLY)
                or (month not in months and len(months) < KEEP_MONTHLY)):
            keep.add(b.path)
        else:
            continue
        days.add(day)
        weeks.add((week[0], week[1]))
        months.add(month)
    if backups:
        keep.add(max(backups, key=lambda b: b.taken_at).path)  # never the newest
    return keep


def thin_backups(db_path: Path, now: dt.datetime | None = None) -> list[Path]:
    """Remove backups outside the keep rule; returns what was removed."""
    now = now or dt.datetime.now()
    backups = list_backups(db_path)
    keep = backups_to_keep(backups, now)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            keyfile_path(b.path).unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def latest_good_backup(db_path: Path) -> Backup | None:
    """The newest backup whose file passes the cheap shape check (for read-only use)."""
    from paizhu_desktop.core.storage import check_file_shape

    for b in list_backups(db_path):
        try:
            check_file_shape(b.path)
        except IntegrityFailure:
            continue
        return b
    return None


#: What restore says of a backup made of another database (another group's, a test copy …).
NOT_THIS_DATABASE = "这不是本数据库的备份（数据库标识不同），不能用它恢复。"


def database_id(db_path: Path) -> str | None:
    """The identity of the database at ``db_path``: its key file's ``db_id``.

    When that key file is gone, the id its own backups share (the folder beside it
    holds only backups the program made of it); None when neither says.
    """
    db_path = Path(db_path).resolve()
    try:
        return KeyFile.load(keyfile_path(db_path)).db_id
    except (PaizhuError, KeyError):
        pass
    ids = set()
    for b in list_backups(db_path):
        try:
            ids.add(KeyFile.load(keyfile_path(b.path)).db_id)
        except (PaizhuError, KeyError):
            continue
    return ids.pop() if len(ids) == 1 else None


def check_same_database(backup_path: Path, db_path: Path) -> str:
    """Refuse ``backup_path`` unless it is a backup of the database at ``db_path``.

    Compares the database ids of the two key files, reading nothing else: a file of
    another database is never opened (not even a failed login written to its key
    file). Returns the id. That the backup's own stored id (``meta.db_id`` inside the
    encrypted file) agrees with its key file is checked when it is opened
    (:func:`~paizhu_desktop.core.storage.open_files`).
    """
    backup_path, db_path = Path(backup_path).resolve(), Path(db_path).resolve()
    if not backup_path.exists() or not keyfile_path(backup_path).exists():
        raise NotFoundError(f"找不到备份文件或其密钥文件：{backup_path}")
    expected = database_id(db_path)
    if expected is None:
        raise RuleError("找不到本数据库的密钥文件，无法确认该备份属于本数据库，未恢复。")
    try:
        found = KeyFile.load(keyfile_path(backup_path)).db_id
    except KeyError:
        raise IntegrityFailure(f"备份的密钥文件已损坏：{keyfile_path(backup_path)}") from None
    if found != expected:
        raise RuleError(NOT_THIS_DATABASE)
    return expected


def restore_backup(backup_path: Path, db_path: Path) -> Path:
    """Put a backup of this same database in its place (:func:`check_same_database`).
    The current files are moved aside (never deleted) and their new name is returned."""
    backup_path, db_path = Path(backup_path).resolve(), Path(db_path).resolve()
    check_same_database(backup_path, db_path)
    if backup_path == db_path:
        raise RuleError("备份文件就是当前数据库本身，不能用它恢复。")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path
    if db_path.exists():
        aside = move_aside(db_path, f"恢复前-{stamp}")
        for suffix in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                move_aside(side, f"恢复前-{stamp}")
    if keyfile_path(db_path).exists():
        move_aside(keyfile_path(db_path), f"恢复前-{stamp}")
    remove_database_files(db_path)
    copy_private(backup_path, db_path)
    copy_private(keyfile_path(backup_path), keyfile_path(db_path))
    return aside
