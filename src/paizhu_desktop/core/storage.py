"""The one place the database is opened.

SQLCipher 4 through SQLAlchemy 2. The key is a random 256-bit raw key (no
PBKDF2 per connection) unwrapped from a key slot (:mod:`keyslots`). Every
connection runs in WAL mode with full sync, temp store in memory (no temp
files on disk), and foreign keys on. Schema changes run through alembic,
after an automatic checked backup.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import IntegrityError, ProgrammingError
from sqlalchemy.pool import NullPool

from paizhu_desktop.core.errors import DatabaseMissing, IntegrityFailure
from paizhu_desktop.core.files import open_private, private_dir
from paizhu_desktop.core.keyslots import DEFAULT_KDF, KdfCost, KeyFile
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.tables import fts_ddl
from paizhu_desktop.core.schema import meta
from paizhu_desktop.core.signing import Signer

KEYFILE_SUFFIX = ".keys"
SQLITE_MAGIC = b"SQLite format 3\x00"

DatabaseErrors = (SADatabaseError, sqlcipher3.DatabaseError, sqlite3.DatabaseError)


def keyfile_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + KEYFILE_SUFFIX)


def pending_keyfile_path(db_path: Path) -> Path:
    """Where the key file for a new database key waits while the database is re-keyed."""
    return db_path.with_name(db_path.name + KEYFILE_SUFFIX + ".rekey")


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + "-备份")


def raw_connect(path: Path, key: bytes, *, readonly: bool = False) -> Any:
    """A DB-API connection to the encrypted file (also used by backup and tests)."""
    uri = f"file:{path.as_posix()}" + ("?mode=ro" if readonly else "")
    conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    # The library otherwise prints "hmac check failed" to stderr on a wrong key.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA temp_store = MEMORY")
    # 64 MiB page cache: a year's list and its search index stay decrypted in memory.
    conn.execute("PRAGMA cache_size = -65536")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # wrong key fails here
    return conn


def make_engine(path: Path, key: bytes, *, readonly: bool = False) -> Engine:
    """An engine whose every connection is keyed; no password in any URL."""
    def creator() -> Any:
        return raw_connect(path, key, readonly=readonly)

    engine = create_engine("sqlite://", module=sqlcipher3, creator=creator, poolclass=NullPool
                           if readonly else None)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A writer takes the lock at BEGIN, so two writers queue instead of failing
        # half-way; readers begin deferred and never block each other.
        if conn.get_execution_options().get("paizhu_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def classify_open_error(path: Path, exc: BaseException) -> IntegrityFailure:
    """Turn a low-level open failure into the user's sentence."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        head = b""
    if head == SQLITE_MAGIC:
        return IntegrityFailure(f"“{path.name}”是未加密的 SQLite 文件，不是本系统的数据库。")
    message = str(exc).lower()
    if "not a database" in message or "encrypted" in message:
        return IntegrityFailure(
            f"无法解密“{path.name}”：它不是本系统的数据库，或文件已损坏。可以从备份恢复。")
    return IntegrityFailure(f"数据库“{path.name}”已损坏（{_short(exc)}）。可以从最近的备份恢复。")


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:80]


@dataclass
class Database:
    """An open, unlocked database: its file, key file, engine, identity, and the
    catalog of ledgers its schema was brought up to."""

    path: Path
    keyfile: KeyFile
    engine: Engine
    key: bytes = field(repr=False)
    catalog: Catalog = field(repr=False)
    readonly: bool = False
    #: Who signs the audit records written in this database's transactions.
    signer: Signer | None = field(default=None, repr=False)
    #: Called after each committed transaction (the session's anchor).
    after_commit: Callable[[], None] | None = field(default=None, repr=False)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction; committed with full sync on leaving, rolled back on error.
        Audit records written in it are signed by :attr:`signer`."""
        if self.readonly:
            raise IntegrityFailure("当前以只读方式打开（备份副本），不能修改。")
        try:
            with self.engine.connect() as conn:
                conn.execution_options(paizhu_write=True)
                conn.info["signer"] = self.signer
                with conn.begin():
                    yield conn
        except DatabaseErrors as exc:
            raise self._translate(exc) from None
        if self.after_commit is not None:
            self.after_commit()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only snapshot (deferred transaction)."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except DatabaseErrors as exc:
            raise self._translate(exc) from None

    def _translate(self, exc: BaseException) -> BaseException:
        # Constraint and programming errors are ours (bugs): let them through.
        if isinstance(exc, (IntegrityError, ProgrammingError)):
            return exc
        low = str(exc).lower()
        if "locked" in low or "busy" in low:
            return IntegrityFailure("数据库正被另一个程序使用，请稍后再试。")
        if "disk" in low and "full" in low:
            return IntegrityFailure("磁盘空间已满，本次保存未完成，已录入的内容仍在窗口中。")
        return classify_open_error(self.path, exc)

    def meta_value(self, key: str, default: str = "") -> str:
        with self.reading() as conn:
            row = conn.execute(select(meta.c.value).where(meta.c.key == key)).first()
        return default if row is None else str(row.value)

    @property
    def db_id(self) -> str:
        return self.keyfile.db_id

    def close(self) -> None:
        self.engine.dispose()


# -- creation -------------------------------------------------------------------

def create_files(path: Path, catalog: Catalog, *,
                 kdf: KdfCost = DEFAULT_KDF) -> tuple[Database, str]:
    """A new encrypted database with its schema and a key file holding only the
    recovery slot; returns the database and the recovery key (shown once).
    ``kdf`` is the cost of the password slots set on it later."""
    path = path.resolve()
    kpath = keyfile_path(path)
    if path.exists() or kpath.exists():
        raise IntegrityFailure(f"“{path}”已存在，不会覆盖已有的数据库。")
    private_dir(path.parent)
    master = secrets.token_bytes(32)
    db_id = str(uuid.uuid4())
    keyfile, recovery_key = KeyFile.create(kpath, db_id, master, kdf=kdf)
    # Created empty and private first: SQLite gives WAL and SHM the database's mode.
    open_private(path).close()
    engine = make_engine(path, master)
    db = Database(path, keyfile, engine, master, catalog)
    with db.transaction() as conn:
        run_migrations(conn, catalog)
        conn.execute(meta.insert().values(key="db_id", value=db_id))
        conn.execute(meta.insert().values(key="created_at",
                                          value=time.strftime("%Y-%m-%d %H:%M:%S")))
    keyfile.save()
    return db, recovery_key


def open_files(path: Path, key: bytes, keyfile: KeyFile, catalog: Catalog, *,
               readonly: bool = False,
               before_migration: Callable[[Database], None] | None = None) -> Database:
    """Open with a known key; checks the file is ours and upgrades its schema to
    ``catalog`` (after ``before_migration``: the checked backup)."""
    path = path.resolve()
    if not path.exists():
        raise DatabaseMissing(f"找不到数据库文件：{path}")
    check_file_shape(path)
    engine = make_engine(path, key, readonly=readonly)
    db = Database(path, keyfile, engine, key, catalog, readonly=readonly)
    try:
        with engine.connect() as conn:
            row = conn.execute(text("SELECT value FROM meta WHERE key='db_id'")).first()
    except DatabaseErrors as exc:
        engine.dispose()
        raise classify_open_error(path, exc) from None
    if row is None or row[0] != keyfile.db_id:
        engine.dispose()
        raise IntegrityFailure("密钥文件与数据库不匹配，不是同一个数据库的文件。")
    if not readonly and needs_migration(db):
        if before_migration is not None:
            before_migration(db)
        with db.transaction() as conn:
            run_migrations(conn, catalog)
    return db


def check_file_shape(path: Path) -> None:
    """Cheap checks before decrypting: empty, plain SQLite, or cut off mid-page."""
    size = path.stat().st_size
    if size == 0:
        raise IntegrityFailure(f"数据库文件“{path.name}”是空的，已损坏。可以从最近的备份恢复。")
    with open(path, "rb") as fh:
        if fh.read(16) == SQLITE_MAGIC:
            raise IntegrityFailure(f"“{path.name}”是未加密的 SQLite 文件，不是本系统的数据库。")
    if size % 1024 != 0:
        raise IntegrityFailure(
            f"数据库文件“{path.name}”不完整（可能被截断）。可以从最近的备份恢复。")


# -- schema ---------------------------------------------------------------------

def _alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["connection"] = conn
    return cfg


def _alembic_head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def schema_version(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def _missing_ledger_schema(conn: Connection, catalog: Catalog) -> list[str]:
    """Ledger tables, columns or indexes the catalog names that the file lacks."""
    insp = inspect(conn)
    missing = []
    for desc in catalog.ledgers():
        table = catalog.table(desc)
        if not insp.has_table(table.name):
            missing.append(table.name)
            continue
        have = {c["name"] for c in insp.get_columns(table.name)}
        missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in have]
        indexes = {i["name"] for i in insp.get_indexes(table.name)}
        missing += [str(i.name) for i in table.indexes if i.name not in indexes]
        if not insp.has_table(desc.fts_table_name):
            missing.append(desc.fts_table_name)
    return missing


def needs_migration(db: Database) -> bool:
    with db.reading() as conn:
        return (schema_version(conn) != _alembic_head()
                or bool(_missing_ledger_schema(conn, db.catalog)))


def run_migrations(conn: Connection, catalog: Catalog) -> None:
    """alembic for the fixed schema and changes to existing ledger tables, then the
    ledger tables and columns the catalog's descriptions add.

    Ledger tables only ever grow: a new ledger adds a table, a new field adds a
    column; nothing is dropped or retyped, and a renamed field keeps its column
    (:attr:`~.ledgers.fields.Field.key`), so old entries stay readable and hash
    as they were stored.
    """
    from alembic import command

    command.upgrade(_alembic_config(conn), "head")
    insp = inspect(conn)
    for desc in catalog.ledgers():
        table = catalog.table(desc)
        if not insp.has_table(table.name):
            table.create(conn)
        else:
            have = {c["name"] for c in insp.get_columns(table.name)}
            for col in table.columns:
                if col.name not in have:
                    conn.exec_driver_sql(
                        f"ALTER TABLE {table.name} ADD COLUMN {col.name} "
                        f"{col.type.compile(conn.dialect)}")
        for index in table.indexes:  # an index a newer catalog declares
            index.create(conn, checkfirst=True)
        conn.exec_driver_sql(fts_ddl(desc))


# -- a new database key -----------------------------------------------------------

def rekey(db: Database, new_key: bytes, new_keyfile: KeyFile) -> None:
    """Re-encrypt the database under ``new_key`` (SQLCipher ``PRAGMA rekey``) and put
    ``new_keyfile`` (its slots sealed to the new key) in place of the old key file.

    The new key file is written first, beside the old one; the re-key runs in rollback
    journal mode, in one transaction; then the new key file replaces the old. A crash
    at any point leaves the database openable: :func:`settle_rekey` finishes or
    discards the step on the next login. Only this connection may have the database
    open (SQLite refuses to leave WAL mode otherwise): IntegrityFailure, unchanged.
    """
    pending = pending_keyfile_path(db.path)
    new_keyfile.path = pending
    new_keyfile.save()
    db.engine.dispose()
    conn = raw_connect(db.path, db.key)
    busy = IntegrityFailure("数据库正被其他人打开使用，现在不能更换数据库密钥；"
                            "请其他人退出程序后，由管理员再次更换。")
    try:
        conn.execute("PRAGMA busy_timeout = 0")  # another user's connection: say so at once
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except DatabaseErrors:
            raise busy from None
        if str(mode).lower() != "delete":
            raise busy
        conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        conn.execute("PRAGMA journal_mode = WAL")
    except BaseException:
        conn.close()
        pending.unlink(missing_ok=True)
        db.engine = make_engine(db.path, db.key)
        raise
    conn.close()
    os.replace(pending, keyfile_path(db.path))
    _fsync_parent(db.path)
    new_keyfile.path = keyfile_path(db.path)
    db.key, db.keyfile = new_key, new_keyfile
    db.engine = make_engine(db.path, new_key)


def settle_rekey(path: Path, opens: Callable[[bytes], bool],
                 unlock_pending: Callable[[KeyFile], bytes]) -> bool:
    """After a re-key cut short: if the database no longer opens with the key the key
    file gives (``opens``) but does with the waiting one's, the waiting key file takes
    its place (True); a waiting key file the database does not need is removed."""
    pending = pending_keyfile_path(path)
    if not pending.exists():
        return False
    waiting = KeyFile.load(pending)
    try:
        new_key = unlock_pending(waiting)
    except Exception:
        return False
    if opens(new_key):
        os.replace(pending, keyfile_path(path))
        _fsync_parent(path)
        return True
    pending.unlink(missing_ok=True)
    return False


def key_opens(path: Path, key: bytes) -> bool:
    """Whether ``key`` decrypts the database at ``path``."""
    try:
        raw_connect(path, key, readonly=True).close()
    except DatabaseErrors:
        return False
    return True


def _fsync_parent(path: Path) -> None:
    if os.name == "posix":
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- integrity ------------------------------------------------------------------

def integrity_errors(db: Database) -> list[str]:
    """SQLCipher's page HMAC check and SQLite's structural check; empty when sound."""
    problems: list[str] = []
    conn = raw_connect(db.path, db.key, readonly=db.readonly)
    try:
        for (msg,) in conn.execute("PRAGMA cipher_integrity_check"):
            problems.append(f"加密页校验失败：{msg}")
        for (msg,) in conn.execute("PRAGMA integrity_check"):
            if msg != "ok":
                problems.append(f"数据库结构错误：{msg}")
    except DatabaseErrors as exc:
        problems.append(f"数据库无法读取：{_short(exc)}")
    finally:
        conn.close()
    return problems


def copy_database(db: Database, target: Path) -> None:
    """A consistent encrypted copy (SQLite online backup; same key, WAL folded in)."""
    private_dir(target.parent)
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    open_private(tmp).close()
    src = raw_connect(db.path, db.key, readonly=db.readonly)
    dst = raw_connect(tmp, db.key)
    try:
        src.backup(dst)
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
        src.close()
    for suffix in ("-wal", "-shm"):
        leftover = tmp.with_name(tmp.name + suffix)
        if leftover.exists():
            leftover.unlink()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def remove_database_files(path: Path) -> None:
    """Used only by restore, after the current files were saved aside."""
    for suffix in ("", "-wal", "-shm"):
        p = path.with_name(path.name + suffix)
        if p.exists():
            p.unlink()


def move_aside(path: Path, tag: str) -> Path:
    aside = path.with_name(f"{path.name}.{tag}")
    shutil.move(str(path), str(aside))
    return aside
