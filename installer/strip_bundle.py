#!/usr/bin/env python3
"""Strip the symbol tables from the shared libraries of a built folder.

    python3 installer/strip_bundle.py dist/paizhu-desktop

Wheels such as sqlcipher3, SQLAlchemy's compiled modules, cryptography and the
Python runtime arrive with their static symbol tables (``.symtab``), which only a
debugger reads; ``strip --strip-unneeded`` removes them and keeps every symbol the
dynamic loader needs. Measured on the PySide6 6.9.3 folder: 75 files, 131 MB → 71 MB.

Only ELF files that still have a ``.symtab`` are touched. The two programs at the top
of the folder are never stripped: PyInstaller appends its archive to them, and strip
would cut it off. Without binutils' ``strip`` the folder is left as it is, with a notice.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import glibc_report  # installer/glibc_report.py, beside this file

PROGRAMS = {"paizhu", "paizhu-desktop", "paizhu.exe", "paizhu-desktop.exe"}


def strip_folder(root: Path) -> tuple[int, int, int]:
    """Strip every unstripped library under ``root``; (files, bytes before, bytes after)."""
    tool = shutil.which("strip")
    if tool is None:
        print("注意：没有 strip（binutils），不去除符号表", file=sys.stderr)
        return 0, 0, 0
    count = before = after = 0
    for path in glibc_report.elf_files(root):
        if path.parent == root and path.name in PROGRAMS:
            continue
        try:
            if not glibc_report.read_versions(path).symbols:
                continue
        except glibc_report.NotElf:
            continue
        size = path.stat().st_size
        subprocess.run([tool, "--strip-unneeded", str(path)], check=True)
        count, before, after = count + 1, before + size, after + path.stat().st_size
    return count, before, after


def main(argv: list[str] | None = None) -> int:
    """Command line: one argument, the folder."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("用法：strip_bundle.py 文件夹", file=sys.stderr)
        return 2
    count, before, after = strip_folder(Path(args[0]))
    print(f"去除符号表：{count} 个文件，{before / 1e6:.1f} MB → {after / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
