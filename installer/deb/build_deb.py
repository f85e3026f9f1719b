#!/usr/bin/env python3
"""Build ``dist/paizhu-desktop_VERSION_ARCH.deb`` from the PyInstaller folder.

    python3 installer/deb/build_deb.py [--bundle dist/paizhu-desktop] [--out dist]

(``make deb`` builds the folder first when it is missing.) Needs only ``dpkg-deb``.

What the package does, for a Kylin / UOS / Debian administrator:

* the folder goes to ``/opt/paizhu-desktop`` unchanged;
* ``/usr/bin/paizhu-desktop`` and ``/usr/bin/paizhu`` link to its two programs
  (the PyInstaller loader follows the link to find ``_internal``);
* a start-menu entry in Chinese (``paizhu-desktop.desktop``) and the icon in the
  hicolor theme, every PNG size and the SVG;
* ``Depends`` is computed, not guessed: every library that an ELF file in the folder
  names (DT_NEEDED) and that the folder does not carry is mapped to its Debian
  package, plus ``libc6 (>= X)`` where X is the highest GLIBC_x.y any file needs, so
  dpkg itself refuses the package on a system whose glibc is too old. Qt's
  platform libraries (STACK.md's list) are always declared: Qt loads some of them
  only at run time. A library missing from the table below stops the build;
* no maintainer scripts: nothing runs at install or removal, nothing is fetched,
  and the users' databases in ``~/.local/share/paizhu-desktop`` are never touched
  (``dpkg -r`` and ``dpkg -P`` remove the program only). The desktop database and
  icon cache are refreshed by the triggers of desktop-file-utils and
  hicolor-icon-theme where those are installed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))

import glibc_report  # noqa: E402  (installer/glibc_report.py, beside this folder)
import strip_bundle  # noqa: E402  (installer/strip_bundle.py)

PACKAGE = "paizhu-desktop"
PREFIX = Path("opt") / PACKAGE
ICONS = ROOT / "src" / "paizhu_desktop" / "resources" / "icons"

# Libraries glibc itself provides: covered by libc6 (>= X).
GLIBC_SONAMES = re.compile(
    r"^(libc|libm|libdl|libpthread|librt|libutil|libresolv|libnsl|libcrypt|libanl|libmvec)"
    r"\.so\.\d+$|^ld-linux.*\.so\.\d+$")

# soname → Debian package (alternatives for the names older releases use). The names
# hold on Debian 10–12, Ubuntu 20.04+ and the Kylin V10 / UOS 20 repositories built on them.
SONAME_PACKAGES = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libgmodule-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libz.so.1": "zlib1g",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1 | libgcc1",
    "libselinux.so.1": "libselinux1",
    "libcups.so.2": "libcups2t64 | libcups2",
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libexpat.so.1": "libexpat1",
    "libbz2.so.1.0": "libbz2-1.0",
    "liblzma.so.5": "liblzma5",
    "libffi.so.8": "libffi8",
    "libuuid.so.1": "libuuid1",
    "libmount.so.1": "libmount1",
    "libblkid.so.1": "libblkid1",
    "libpcre2-8.so.0": "libpcre2-8-0",
    "libpng16.so.16": "libpng16-16t64 | libpng16-16",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libgraphite2.so.3": "libgraphite2-3",
    "libxml2.so.2": "libxml2",
    "libICE.so.6": "libice6",
    "libSM.so.6": "libsm6",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libsystemd.so.0": "libsystemd0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

# What Qt's xcb and offscreen platforms load, some only at run time (dlopen): declared
# unless the folder carries the library itself (STACK.md, "apt packages a bare Debian
# 12 needs"; libEGL/libGL are dlopened by the GLX/EGL integrations).
QT_RUNTIME = [
    "libEGL.so.1", "libGL.so.1", "libX11.so.6", "libdbus-1.so.3", "libfontconfig.so.1",
    "libfreetype.so.6", "libglib-2.0.so.0", "libxkbcommon.so.0", "libxcb-cursor.so.0",
    "libxcb-icccm.so.4", "libxcb-image.so.0", "libxcb-keysyms.so.1", "libxcb-render-util.so.0",
    "libxcb-render.so.0", "libxcb-shape.so.0", "libxcb-util.so.1", "libxcb-xkb.so.1",
    "libxkbcommon-x11.so.0", "libX11-xcb.so.1", "libxcb-randr.so.0", "libxcb-shm.so.0",
    "libxcb-sync.so.1", "libxcb-xfixes.so.0",
]

DEB_ARCH = {0x3E: "amd64", 0xB7: "arm64", 0x102: "loong64", 0x03: "i386"}


class BuildError(Exception):
    """The package cannot be built; the message says why."""


def elf_arch(path: Path) -> str:
    """Debian architecture of an ELF executable, from its e_machine field."""
    head = path.read_bytes()[:20]
    if head[:4] != b"\x7fELF":
        raise BuildError(f"{path} 不是 ELF 文件")
    machine = int.from_bytes(head[18:20], "little" if head[5] == 1 else "big")
    if machine not in DEB_ARCH:
        raise BuildError(f"未知的处理器架构（e_machine={machine:#x}）")
    return DEB_ARCH[machine]


def depends(report: glibc_report.Report) -> list[str]:
    """The Depends list: libc6 (>= highest GLIBC), mapped system libraries, Qt's platform."""
    highest = report.highest("GLIBC")
    out = [f"libc6 (>= {glibc_report.show(highest)})" if highest else "libc6"]
    unknown = []
    for soname in sorted(report.system_libraries):
        if GLIBC_SONAMES.match(soname):
            continue
        if soname not in SONAME_PACKAGES:
            unknown.append(f"{soname}（{glibc_report._file_list(report.system_libraries[soname])}）")
            continue
        out.append(SONAME_PACKAGES[soname])
    if unknown:
        raise BuildError("不知道这些系统库属于哪个软件包，请补入 installer/deb/build_deb.py 的 "
                         "SONAME_PACKAGES：" + "；".join(unknown))
    carried = {p.name for p in report.root.rglob("*")}
    out += [SONAME_PACKAGES[s] for s in QT_RUNTIME if s not in carried]
    return list(dict.fromkeys(out))


def bundle_version(bundle: Path) -> str:
    """The version the built CLI reports (``paizhu 0.1.0`` → ``0.1.0``)."""
    try:
        done = subprocess.run([str(bundle / "paizhu"), "--version"], capture_output=True,
                              text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise BuildError(f"无法运行 {bundle / 'paizhu'} --version：{exc}") from exc
    m = re.search(r"(\d+\.\d+[\w.+~-]*)", done.stdout)
    if not m:
        raise BuildError(f"看不懂版本号：{done.stdout!r}")
    return m.group(1)


def normalise_modes(tree: Path) -> None:
    """Directories 0755, executables 0755, other files 0644 (the build umask may be 077)."""
    for dirpath, dirnames, filenames in os.walk(tree):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            p = Path(dirpath) / name
            if p.is_symlink():
                continue
            mode = p.stat().st_mode
            p.chmod(0o755 if mode & stat.S_IXUSR else 0o644)
        del dirnames


def control(version: str, arch: str, installed_kb: int, deps: list[str]) -> str:
    """The DEBIAN/control file."""
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        "Maintainer: paizhu-desktop <paizhu-desktop@localhost>\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join(deps)}\n"
        "Section: utils\n"
        "Priority: optional\n"
        "Description: 派驻纪检监察组日常管理（单机、加密）\n"
        " 派驻纪检监察组在单机上按《献县派驻机构日常管理办法》等制度开展日常管理：\n"
        " 各项台账保存在 SQLCipher 加密数据库中，打印归档用的登记簿和公文，\n"
        " 每年生成加密交接文件。程序不联网。\n"
        " .\n"
        " Daily management of a dispatched discipline-inspection group: encrypted\n"
        " ledgers, printed registers and documents, yearly hand-off files. Offline.\n"
        " Installs under /opt/paizhu-desktop; user data stays in the home folder.\n"
    )


def build(bundle: Path, out_dir: Path, work: Path, compression: str = "xz") -> Path:
    """Stage the tree under ``work`` and run dpkg-deb; return the .deb's path."""
    for exe in ("paizhu-desktop", "paizhu"):
        if not (bundle / exe).is_file():
            raise BuildError(f"{bundle} 中没有 {exe}：先执行 make installer")
    if shutil.which("dpkg-deb") is None:
        raise BuildError("没有 dpkg-deb（Debian 系统上 apt-get install dpkg）")
    arch = elf_arch(bundle / "paizhu-desktop")
    version = bundle_version(bundle)
    report = glibc_report.scan(bundle)
    deps = depends(report)

    stage = work / f"{PACKAGE}_{version}_{arch}"
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(bundle, stage / PREFIX, symlinks=True)
    usr_bin = stage / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    for exe in ("paizhu-desktop", "paizhu"):
        (usr_bin / exe).symlink_to(Path("/") / PREFIX / exe)
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(HERE / f"{PACKAGE}.desktop", apps / f"{PACKAGE}.desktop")
    hicolor = stage / "usr" / "share" / "icons" / "hicolor"
    for png in sorted(ICONS.glob("paizhu-*.png")):
        size = png.stem.split("-")[1]
        dest = hicolor / f"{size}x{size}" / "apps"
        dest.mkdir(parents=True)
        shutil.copy2(png, dest / f"{PACKAGE}.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(ICONS / "paizhu.svg", hicolor / "scalable" / "apps" / f"{PACKAGE}.svg")
    doc = stage / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "paizhu-desktop：派驻纪检监察组日常管理。\n\n"
        "随附字体及其许可证见 /opt/paizhu-desktop/_internal/resources/fonts/；\n"
        "Qt（PySide6）按 LGPL-3.0 随附，其库文件在 /opt/paizhu-desktop/_internal/PySide6/；\n"
        "LGPL-3.0 全文见 /usr/share/common-licenses/LGPL-3。\n"
        "用户数据（数据库、设置）保存在各用户的 ~/.local/share/paizhu-desktop 和\n"
        "~/.config/paizhu-desktop，卸载本软件包不会删除它们。\n", encoding="utf-8")

    # build.sh has stripped the folder already; a folder built some other way is not.
    strip_bundle.strip_folder(stage / PREFIX)
    normalise_modes(stage)
    installed_kb = sum(p.lstat().st_size for p in stage.rglob("*")) // 1024 + 1
    debian = stage / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control(version, arch, installed_kb, deps), encoding="utf-8")
    (debian / "control").chmod(0o644)

    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    # xz: what dpkg on Debian 10 (UOS 20) and Kylin V10 reads; --root-owner-group: no fakeroot.
    subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(stage),
                    str(deb)], check=True, stdout=subprocess.DEVNULL)
    return deb


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(prog="build_deb.py",
                                     description="由安装文件夹制作 .deb 软件包")
    parser.add_argument("--bundle", default=str(ROOT / "dist" / PACKAGE),
                        help="PyInstaller 文件夹（默认 dist/paizhu-desktop）")
    parser.add_argument("--out", default=str(ROOT / "dist"), help="输出目录（默认 dist）")
    parser.add_argument("--compression", choices=("xz", "gzip"), default="xz",
                        help="压缩方式：xz 较小（默认），gzip 快几倍")
    args = parser.parse_args(argv)
    work = HERE / "build"
    try:
        deb = build(Path(args.bundle), Path(args.out), work, args.compression)
    except (BuildError, subprocess.CalledProcessError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    info = subprocess.run(["dpkg-deb", "--field", str(deb), "Installed-Size", "Depends"],
                          capture_output=True, text=True, check=False).stdout
    print(f"软件包：{deb}（{deb.stat().st_size / 1e6:.0f} MB）")
    print(info.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
