"""Files the program writes are its user's alone.

Database, key file, SQLite's WAL and SHM (SQLite gives them the database's own
mode), backups, hand-off files and PDFs are created 0600 and their folders
0700 on POSIX systems, whatever the process's umask. On Windows the files
inherit the ACL of the user's profile folder, where the program keeps them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as private folders; return it."""
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        if POSIX:
            os.chmod(folder, DIR_MODE)
    return path


def make_private(path: Path) -> None:
    """Make an existing file the user's alone."""
    if POSIX and path.exists():
        os.chmod(path, FILE_MODE)


def open_private(path: Path) -> IO[bytes]:
    """A new (or emptied) file opened for binary writing, created 0600."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, FILE_MODE)
    if POSIX:
        os.fchmod(fd, FILE_MODE)
    return os.fdopen(fd, "wb")


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a private file (a PDF, a hand-off slip)."""
    with open_private(Path(path)) as fh:
        fh.write(data)


def copy_private(source: Path, target: Path) -> None:
    """Copy a file's bytes into a private file."""
    with open(source, "rb") as src, open_private(target) as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
