"""Packaging: the glibc report, the .deb's start-menu entry and dependencies, the icon.

Fast tests only (no PyInstaller build): the scanner is run on ELF files this machine
already has (/bin/ls, the Python interpreter). What they check is what issue 19 asks
of an installable build for 银河麒麟 V10 / 统信 UOS 20 (glibc 2.28).
"""

from __future__ import annotations

import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "src" / "paizhu_desktop" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


glibc_report = _load("glibc_report", ROOT / "installer" / "glibc_report.py")
build_deb = _load("build_deb", ROOT / "installer" / "deb" / "build_deb.py")

LS = Path("/bin/ls")
needs_elf = pytest.mark.skipif(not LS.is_file() or sys.platform != "linux",
                               reason="需要 Linux 的 /bin/ls")


def _objdump_highest(path: Path) -> str | None:
    """What binutils says, to compare with (None when objdump is not installed)."""
    if shutil.which("objdump") is None:
        return None
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True,
                         check=True).stdout
    found = {tuple(int(p) for p in v.split(".")) for v in re.findall(r"GLIBC_(\d[\d.]*)", out)}
    return ".".join(map(str, max(found))) if found else None


@needs_elf
def test_scanner_reads_glibc_versions_of_ls() -> None:
    """The highest GLIBC_x.y of /bin/ls, read from .gnu.version_r, is objdump's (issue 19 第2项)."""
    report = glibc_report.scan(LS)
    highest = report.highest("GLIBC")
    assert highest is not None and highest >= (2, 2)
    assert report.needs["GLIBC"][highest] == {"ls"}
    assert "libc.so.6" in report.system_libraries
    expected = _objdump_highest(LS)
    if expected is not None:
        assert glibc_report.show(highest) == expected


@needs_elf
def test_scanner_walks_a_folder_and_skips_non_elf(tmp_path: Path) -> None:
    """Every ELF file in a folder is read; text files and symlinks are not (issue 19 第2项)."""
    shutil.copy2(LS, tmp_path / "ls")
    shutil.copy2(Path(sys.executable).resolve(), tmp_path / "python")
    (tmp_path / "说明.txt").write_text("不是程序", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "ls")
    report = glibc_report.scan(tmp_path)
    assert report.files == 2
    files = set().union(*report.needs["GLIBC"].values())
    assert files == {"ls", "python"}
    assert not report.unreadable


@needs_elf
def test_kylin_label_refused_above_228(capsys: pytest.CaptureFixture[str]) -> None:
    """A file needing more than glibc 2.28 cannot be labelled for Kylin V10 / UOS 20: exit 1."""
    highest = glibc_report.scan(LS).highest("GLIBC")
    assert highest is not None
    code = glibc_report.main([str(LS), "--target", "kylin-v10"])
    out = capsys.readouterr().out
    if highest > (2, 28):
        assert code == 1
        assert "不能标为适用于银河麒麟 V10" in out
        assert f"GLIBC_{glibc_report.show(highest)}" in out
    else:
        assert code == 0
    assert glibc_report.main([str(LS), "--max-glibc", "2.0"]) == 1
    assert glibc_report.main([str(LS), "--max-glibc", "99.0"]) == 0


def test_report_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing folder or a malformed version is a usage error (exit 2) with a Chinese message."""
    assert glibc_report.main([str(tmp_path / "无此目录")]) == 2
    assert "不存在" in capsys.readouterr().err
    assert glibc_report.main([str(tmp_path), "--max-glibc", "二点二八"]) == 2
    assert "不是版本号" in capsys.readouterr().err


def test_version_names_classified() -> None:
    """GLIBC_ABI_DT_RELR ties a binary to glibc 2.36; other libraries' versions are ignored."""
    assert glibc_report.classify("GLIBC_2.28") == ("GLIBC", (2, 28))
    assert glibc_report.classify("GLIBC_2.2.5") == ("GLIBC", (2, 2, 5))
    assert glibc_report.classify("GLIBCXX_3.4.25") == ("GLIBCXX", (3, 4, 25))
    assert glibc_report.classify("GLIBC_ABI_DT_RELR") == ("GLIBC", (2, 36))
    assert glibc_report.classify("OPENSSL_3.0.0") is None
    assert glibc_report.classify("Qt_6") is None


def test_not_elf_is_reported(tmp_path: Path) -> None:
    """A damaged ELF file is reported as unreadable, not silently passed."""
    broken = tmp_path / "broken.so"
    broken.write_bytes(b"\x7fELF\x02\x01\x01" + b"\0" * 20)
    report = glibc_report.scan(tmp_path)
    assert report.files == 1 and "broken.so" in report.unreadable


def test_deb_depends_follow_the_report(tmp_path: Path) -> None:
    """Depends: libc6 (>= highest GLIBC), mapped system libraries, Qt's platform libraries."""
    (tmp_path / "libxcb-util.so.1").write_bytes(b"")  # carried in the folder: not a dependency
    report = glibc_report.Report(root=tmp_path)
    report.needs["GLIBC"] = {(2, 28): {"paizhu"}, (2, 17): {"x.so"}}
    report.system_libraries = {"libc.so.6": {"paizhu"}, "libz.so.1": {"x.so"},
                               "libglib-2.0.so.0": {"y.so"}}
    deps = build_deb.depends(report)
    assert deps[0] == "libc6 (>= 2.28)"
    assert "zlib1g" in deps and "libxcb-cursor0" in deps and "libxkbcommon-x11-0" in deps
    assert "libxcb-util1" not in deps
    assert deps.count("libglib2.0-0t64 | libglib2.0-0") == 1
    report.system_libraries["libunheard.so.3"] = {"z.so"}
    with pytest.raises(build_deb.BuildError, match=r"libunheard\.so\.3"):
        build_deb.depends(report)


def test_deb_control_keeps_user_data() -> None:
    """The package has no maintainer scripts, so removal never deletes users' databases."""
    text = build_deb.control("0.1.0", "amd64", 1000, ["libc6 (>= 2.28)", "libgl1"])
    assert "Package: paizhu-desktop\n" in text and "Architecture: amd64\n" in text
    assert "Depends: libc6 (>= 2.28), libgl1\n" in text
    assert "派驻纪检监察组日常管理" in text
    source = (ROOT / "installer" / "deb" / "build_deb.py").read_text(encoding="utf-8")
    for script in ("postrm", "prerm", "postinst", "preinst"):
        assert f'"{script}"' not in source


def test_desktop_entry_is_chinese_and_points_at_the_program() -> None:
    """The start-menu entry: Chinese name, the /usr/bin program, the hicolor icon, no terminal."""
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "installer" / "deb" / "paizhu-desktop.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == entry["Name[zh_CN]"] == "派驻纪检监察组日常管理"
    assert "不联网" in entry["Comment"]
    assert entry["Exec"] == "/usr/bin/paizhu-desktop"
    assert entry["Icon"] == "paizhu-desktop"
    assert entry["Terminal"] == "false"
    assert "Office" in entry["Categories"].split(";")


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    w, h = struct.unpack(">II", data[16:24])
    return w, h


def test_icon_files_exist_in_every_size() -> None:
    """SVG source, a PNG for each size 16–256 at that size, and an ICO holding them all."""
    root = ET.parse(ICONS / "paizhu.svg").getroot()
    assert root.get("viewBox") == "0 0 256 256"
    for size in SIZES:
        assert _png_size(ICONS / f"paizhu-{size}.png") == (size, size)
    ico = (ICONS / "paizhu.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, len(SIZES))
    widths = sorted(ico[6 + 16 * i] or 256 for i in range(count))
    assert widths == list(SIZES)


@pytest.mark.gui
def test_window_icon_renders(qapp: object) -> None:
    """The icon file app.py gives the window exists and Qt draws it (SVG icon engine)."""
    from PySide6.QtGui import QIcon

    from paizhu_desktop.gui import app as gui_app

    path = Path(gui_app.__file__).parents[1] / "resources/icons/paizhu.svg"
    assert path.is_file()
    pixmap = QIcon(str(path)).pixmap(32, 32)
    assert not pixmap.isNull() and pixmap.width() == 32
    # the seal is red: the centre of the left border is the seal's colour
    colour = pixmap.toImage().pixelColor(2, 16)
    assert colour.red() > 150 and colour.green() < 60


strip_bundle = _load("strip_bundle", ROOT / "installer" / "strip_bundle.py")


@pytest.mark.skipif(shutil.which("cc") is None or shutil.which("strip") is None,
                    reason="需要 C 编译器和 binutils")
def test_strip_removes_symbol_tables_but_not_from_the_programs(tmp_path: Path) -> None:
    """Libraries lose .symtab (debugger-only); the two programs, carrying PyInstaller's archive,
    are left whole (issue 19 第6项)."""
    source = tmp_path / "x.c"
    source.write_text("int paizhu_answer(void) { return 42; }\n", encoding="utf-8")
    lib = tmp_path / "libx.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-g", "-o", str(lib), str(source)], check=True)
    shutil.copy2(lib, tmp_path / "paizhu-desktop")
    assert glibc_report.read_versions(lib).symbols
    count, before, after = strip_bundle.strip_folder(tmp_path)
    assert count == 1 and after < before
    assert not glibc_report.read_versions(lib).symbols
    assert glibc_report.read_versions(tmp_path / "paizhu-desktop").symbols
    assert strip_bundle.strip_folder(tmp_path)[0] == 0  # nothing left to strip
