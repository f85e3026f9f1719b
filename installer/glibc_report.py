#!/usr/bin/env python3
"""Which glibc (and libstdc++) a built folder needs, read from every ELF file in it.

    python3 installer/glibc_report.py dist/paizhu-desktop                  # report only
    python3 installer/glibc_report.py dist/paizhu-desktop --target kylin-v10
    python3 installer/glibc_report.py dist/paizhu-desktop --max-glibc 2.28 --json

A program built on a newer Linux than the one it runs on fails at start with
``version `GLIBC_2.34' not found``. The dynamic loader decides from the
*version-needed* section (``.gnu.version_r``) of each executable and library: for
every shared library it names, the symbol versions (``GLIBC_2.28``, ``GLIBCXX_3.4.25``)
that must be there. This script reads that section itself (no objdump, no
pyelftools: the build venv and a bare build host need nothing extra), reports the
highest ``GLIBC_x.y`` any file needs and which files need it, and with ``--target``
refuses (exit code 1) when a file needs more than the target's glibc.

glibc itself is never bundled (PyInstaller leaves libc, libm, libpthread, libdl and
the loader to the system), so every ``GLIBC_*`` need must be met by the target.
``GLIBCXX_*``/``CXXABI_*`` needs are met by a ``libstdc++.so.6`` in the folder when
there is one (its ``.gnu.version_d`` is read); the rest go to the system's
libstdc++, and those above the target's are reported as warnings.

Exit codes: 0 fits (or no target given), 1 too new for the target, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SHT_SYMTAB = 2
SHT_DYNAMIC = 6
DT_NEEDED = 1
SHT_GNU_VERDEF = 0x6FFFFFFD
SHT_GNU_VERNEED = 0x6FFFFFFE

# Deployment targets: glibc of the system and the libstdc++ of its system compiler.
# Kylin V10 and UOS 20 ship glibc 2.28; their libstdc++ is taken as gcc 8's
# (GLIBCXX_3.4.25, CXXABI_1.3.11), the same baseline as manylinux_2_28 (RHEL 8).
TARGETS: dict[str, dict[str, tuple[int, ...]]] = {
    "kylin-v10": {"GLIBC": (2, 28), "GLIBCXX": (3, 4, 25), "CXXABI": (1, 3, 11)},
    "uos-20": {"GLIBC": (2, 28), "GLIBCXX": (3, 4, 25), "CXXABI": (1, 3, 11)},
    "debian-12": {"GLIBC": (2, 36), "GLIBCXX": (3, 4, 30), "CXXABI": (1, 3, 13)},
}
TARGET_NAMES = {"kylin-v10": "银河麒麟 V10", "uos-20": "统信 UOS 20", "debian-12": "Debian 12"}

# Version names without a number that still tie a binary to a glibc release:
# binaries linked with packed relative relocations need the loader of glibc 2.36.
GLIBC_ABI_NAMES = {"GLIBC_ABI_DT_RELR": (2, 36)}

_VERSION = re.compile(r"^(GLIBC|GLIBCXX|CXXABI)_(\d+(?:\.\d+)*)$")


class NotElf(ValueError):
    """The file is not an ELF file (or is too damaged to read)."""


def parse_version(text: str) -> tuple[int, ...]:
    """``"2.28"`` → ``(2, 28)``; raises ValueError for anything else."""
    if not re.fullmatch(r"\d+(\.\d+)*", text):
        raise ValueError(f"不是版本号：{text!r}（应写作 2.28 这样的形式）")
    return tuple(int(p) for p in text.split("."))


def show(version: tuple[int, ...]) -> str:
    """``(2, 28)`` → ``"2.28"``."""
    return ".".join(str(p) for p in version)


@dataclass
class ElfVersions:
    """Symbol versions one ELF file needs (per library it names) and defines."""

    needed: dict[str, set[str]] = field(default_factory=dict)
    defined: set[str] = field(default_factory=set)
    libraries: list[str] = field(default_factory=list)  # DT_NEEDED, in order
    symbols: bool = False  # has a static symbol table (.symtab): not stripped


def _cstr(data: bytes, offset: int) -> str:
    end = data.find(b"\0", offset)
    if offset < 0 or offset >= len(data) or end < 0:
        raise NotElf("字符串表越界")
    return data[offset:end].decode("ascii", "replace")


def read_versions(path: Path) -> ElfVersions:
    """Parse the section headers and the version-needed/-defined sections of ``path``.

    Works for 32- and 64-bit, little- and big-endian files. A file without section
    headers (rare: ``sstrip``) yields nothing and is reported by the caller.
    """
    data = path.read_bytes()
    if len(data) < 52 or data[:4] != b"\x7fELF":
        raise NotElf("不是 ELF 文件")
    cls, enc = data[4], data[5]
    if cls not in (1, 2) or enc not in (1, 2):
        raise NotElf("未知的 ELF 类别")
    end = "<" if enc == 1 else ">"
    try:
        if cls == 2:
            shoff, = struct.unpack_from(end + "Q", data, 0x28)
            shentsize, shnum, _shstrndx = struct.unpack_from(end + "HHH", data, 0x3A)
            sh_fmt = end + "IIQQQQIIQQ"
        else:
            shoff, = struct.unpack_from(end + "I", data, 0x20)
            shentsize, shnum, _shstrndx = struct.unpack_from(end + "HHH", data, 0x2E)
            sh_fmt = end + "IIIIIIIIII"
        sections = []
        for i in range(shnum if shoff else 0):
            _name, sh_type, _fl, _addr, off, size, link, info, _al, _es = struct.unpack_from(
                sh_fmt, data, shoff + i * shentsize)
            sections.append((sh_type, off, size, link, info))
        result = ElfVersions(symbols=any(sec[0] == SHT_SYMTAB for sec in sections))
        for sh_type, off, size, link, _info in sections:
            if sh_type != SHT_DYNAMIC or link >= len(sections):
                continue
            _t, str_off, str_size, _l, _i = sections[link]
            strtab = data[str_off:str_off + str_size]
            entry = 16 if cls == 2 else 8
            for pos in range(off, off + size - entry + 1, entry):
                tag, val = struct.unpack_from(end + ("qQ" if cls == 2 else "iI"), data, pos)
                if tag == 0:  # DT_NULL ends the table
                    break
                if tag == DT_NEEDED:
                    result.libraries.append(_cstr(strtab, val))
        for sh_type, off, _size, link, info in sections:
            if sh_type not in (SHT_GNU_VERNEED, SHT_GNU_VERDEF) or link >= len(sections):
                continue
            _t, str_off, str_size, _l, _i = sections[link]
            strtab = data[str_off:str_off + str_size]
            pos = off
            for _ in range(info):  # sh_info: number of entries
                if sh_type == SHT_GNU_VERNEED:
                    _ver, cnt, file_, aux, nxt = struct.unpack_from(end + "HHIII", data, pos)
                    wanted = result.needed.setdefault(_cstr(strtab, file_), set())
                    apos = pos + aux
                    for _ in range(cnt):
                        _h, _f, _o, name, anext = struct.unpack_from(end + "IHHII", data, apos)
                        wanted.add(_cstr(strtab, name))
                        apos += anext
                else:
                    _ver, _flags, _ndx, cnt, _hash, aux, nxt = struct.unpack_from(
                        end + "HHHHIII", data, pos)
                    if cnt:  # the first aux entry is the version's own name
                        name, = struct.unpack_from(end + "I", data, pos + aux)
                        result.defined.add(_cstr(strtab, name))
                if not nxt:
                    break
                pos += nxt
    except struct.error as exc:
        raise NotElf(f"ELF 结构不完整：{exc}") from exc
    return result


def elf_files(root: Path) -> Iterator[Path]:
    """Every regular file under ``root`` (or ``root`` itself) that starts with the ELF magic."""
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*"))
    for p in paths:
        if p.is_symlink() or not p.is_file():
            continue  # a symlink's target is scanned under its own name
        with p.open("rb") as f:
            if f.read(4) == b"\x7fELF":
                yield p


def classify(version: str) -> tuple[str, tuple[int, ...]] | None:
    """``"GLIBC_2.28"`` → ``("GLIBC", (2, 28))``; None for versions of other libraries."""
    if version in GLIBC_ABI_NAMES:
        return "GLIBC", GLIBC_ABI_NAMES[version]
    m = _VERSION.match(version)
    if not m:
        return None
    return m.group(1), parse_version(m.group(2))


@dataclass
class Report:
    """What a folder needs: per family (GLIBC, GLIBCXX, CXXABI), version → files."""

    root: Path
    needs: dict[str, dict[tuple[int, ...], set[str]]] = field(default_factory=dict)
    bundled_defs: set[str] = field(default_factory=set)
    private: set[str] = field(default_factory=set)
    unknown_abi: dict[str, set[str]] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)
    system_libraries: dict[str, set[str]] = field(default_factory=dict)
    files: int = 0

    def highest(self, family: str) -> tuple[int, ...] | None:
        """The highest version of ``family`` that any file needs (None if none does)."""
        versions = self.needs.get(family, {})
        return max(versions) if versions else None

    def above(self, family: str, limit: tuple[int, ...]) -> dict[tuple[int, ...], set[str]]:
        """Versions of ``family`` above ``limit`` not met inside the folder, with their files."""
        out = {}
        for version, files in self.needs.get(family, {}).items():
            if version > limit and f"{family}_{show(version)}" not in self.bundled_defs:
                out[version] = files
        return out


def scan(root: Path) -> Report:
    """Read every ELF file under ``root``."""
    report = Report(root=root)
    present = {p.name for p in root.rglob("*")} if root.is_dir() else set()
    for path in elf_files(root):
        rel = str(path.relative_to(root)) if path != root else path.name
        report.files += 1
        try:
            versions = read_versions(path)
        except (NotElf, OSError) as exc:
            report.unreadable[rel] = str(exc)
            continue
        for lib in versions.libraries:
            if lib not in present:  # to be found on the system by the loader
                report.system_libraries.setdefault(lib, set()).add(rel)
        if path.name.startswith("libstdc++.so"):
            report.bundled_defs |= versions.defined
        for _lib, names in versions.needed.items():
            for name in names:
                if name == "GLIBC_PRIVATE":
                    report.private.add(rel)
                    continue
                if name.startswith("GLIBC_ABI_") and name not in GLIBC_ABI_NAMES:
                    report.unknown_abi.setdefault(name, set()).add(rel)
                    continue
                kind = classify(name)
                if kind:
                    report.needs.setdefault(kind[0], {}).setdefault(kind[1], set()).add(rel)
    return report


def _file_list(files: set[str], limit: int = 8) -> str:
    names = sorted(files)
    more = f" 等 {len(names)} 个文件" if len(names) > limit else ""
    return "、".join(names[:limit]) + more


def check(report: Report, max_glibc: tuple[int, ...],
          cxx_limits: dict[str, tuple[int, ...]]) -> tuple[list[str], list[str]]:
    """Errors (the folder cannot start there) and warnings for a glibc ceiling."""
    errors, warnings = [], []
    for version, files in sorted(report.above("GLIBC", max_glibc).items()):
        errors.append(f"需要 GLIBC_{show(version)}（高于 {show(max_glibc)}）：{_file_list(files)}")
    for name, files in sorted(report.unknown_abi.items()):
        errors.append(f"需要未知的 {name}：{_file_list(files)}")
    if report.private:
        warnings.append(f"使用 glibc 内部接口 GLIBC_PRIVATE（只能与构建机同一版本的 glibc 配合）："
                        f"{_file_list(report.private)}")
    for family, limit in cxx_limits.items():
        for version, files in sorted(report.above(family, limit).items()):
            warnings.append(f"需要 {family}_{show(version)}，文件夹中没有提供它的 libstdc++，"
                            f"目标系统的 libstdc++ 可能只到 {show(limit)}：{_file_list(files)}")
    for name, why in sorted(report.unreadable.items()):
        warnings.append(f"无法读取 {name}：{why}")
    return errors, warnings


def as_json(report: Report, errors: list[str], warnings: list[str]) -> str:
    """The report for machines (the .deb build reads the highest glibc from it)."""
    def family(name: str) -> dict[str, list[str]]:
        return {show(v): sorted(f) for v, f in sorted(report.needs.get(name, {}).items())}
    highest = {k: (show(v) if (v := report.highest(k)) else None)
               for k in ("GLIBC", "GLIBCXX", "CXXABI")}
    return json.dumps({"root": str(report.root), "elf_files": report.files, "highest": highest,
                       "GLIBC": family("GLIBC"), "GLIBCXX": family("GLIBCXX"),
                       "CXXABI": family("CXXABI"),
                       "system_libraries": {k: sorted(v)
                                            for k, v in sorted(report.system_libraries.items())},
                       "errors": errors, "warnings": warnings},
                      ensure_ascii=False, indent=2)


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(
        prog="glibc_report.py",
        description="列出文件夹中每个 ELF 文件需要的 glibc 版本，检查能否在目标系统上运行")
    parser.add_argument("root", help="要检查的文件夹（如 dist/paizhu-desktop）或单个文件")
    parser.add_argument("--target", choices=sorted(TARGETS),
                        help="目标系统：超出其 glibc 时退出码为 1")
    parser.add_argument("--max-glibc", help="目标 glibc 版本（如 2.28），与 --target 二选一")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if not root.exists():
        print(f"错误：{root} 不存在", file=sys.stderr)
        return 2
    if args.target and args.max_glibc:
        print("错误：--target 与 --max-glibc 只能用一个", file=sys.stderr)
        return 2
    try:
        limit = (TARGETS[args.target]["GLIBC"] if args.target
                 else parse_version(args.max_glibc) if args.max_glibc else None)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    cxx = ({k: v for k, v in TARGETS[args.target].items() if k != "GLIBC"}
           if args.target else {})
    report = scan(root)
    errors, warnings = check(report, limit, cxx) if limit else ([], [])
    if args.json:
        print(as_json(report, errors, warnings))
        return 1 if errors else 0
    print(f"检查了 {report.files} 个 ELF 文件（{root}）")
    for fam in ("GLIBC", "GLIBCXX", "CXXABI"):
        top = report.highest(fam)
        if top is None:
            print(f"  {fam}：不需要")
            continue
        files = report.needs[fam][top]
        inside = "（由文件夹中的 libstdc++ 提供）" if f"{fam}_{show(top)}" in report.bundled_defs \
            else ""
        print(f"  最高 {fam}_{show(top)}{inside}：{_file_list(files)}")
    if report.system_libraries:
        print(f"  由系统提供的库：{'、'.join(sorted(report.system_libraries))}")
    for w in warnings:
        print(f"注意：{w}")
    if limit is None:
        return 0
    where = TARGET_NAMES.get(args.target, f"glibc {show(limit)} 的系统")
    if errors:
        print(f"不能标为适用于{where}（glibc {show(limit)}）：")
        for e in errors:
            print(f"  {e}")
        print("请在 glibc 不高于目标版本的系统上构建（见 docs/installing.md）。")
        return 1
    print(f"可以在{where}（glibc {show(limit)}）上运行。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
