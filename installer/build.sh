#!/bin/sh
# Build the distributable folder with PyInstaller (onedir) and pack it.
#
#   sh installer/build.sh          # from the repository root, or via `make installer`
#   PAIZHU_TARGET=kylin-v10 sh installer/build.sh   # on a glibc 2.28 host: PySide6 6.9.3,
#                                                   # and a failed build if anything needs more
#
# A separate venv (installer/.build-venv) keeps the build free of the developer's
# editable install and test tools; the project is installed from the checkout
# as a normal package, so the build also proves the package data is declared.
# Result: dist/paizhu-desktop/ and dist/paizhu-desktop-VERSION-OS-ARCH-LABEL.tar.gz, where
# LABEL is kylin-v10-uos-20 when every ELF file fits glibc 2.28, else glibcX.Y (the
# highest glibc any file needs; installer/glibc_report.py). PAIZHU_TARGET=kylin-v10
# turns a folder that does not fit into a failed build.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
case "${PAIZHU_TARGET:-}" in kylin-v10|uos-20) PAIZHU_QT=${PAIZHU_QT:-6.9.3} ;; esac
# A pinned Qt gets a venv of its own: 6.12's PySide6-Pdf must not linger beside 6.9's Addons.
VENV=installer/.build-venv${PAIZHU_QT:+-qt$PAIZHU_QT}
if [ -x "$VENV/Scripts/python.exe" ]; then BIN=$VENV/Scripts; else BIN=$VENV/bin; fi

start=$(date +%s)
if [ ! -x "$BIN/python" ] && [ ! -x "$BIN/python.exe" ]; then
    "$PYTHON" -m venv "$VENV"
    if [ -x "$VENV/Scripts/python.exe" ]; then BIN=$VENV/Scripts; else BIN=$VENV/bin; fi
fi
PY=$BIN/python
"$PY" -m pip install --quiet --upgrade pip
# The print preview uses QtPdf; pyinstaller is pinned to the verified release.
# PAIZHU_QT=6.9.3 (implied by PAIZHU_TARGET=kylin-v10 / uos-20) pins the last PySide6 whose
# x86_64 wheels run on glibc 2.28; before 6.12 QtPdf is inside PySide6-Addons and there
# is no PySide6-Pdf wheel, so the [pdf] extra is replaced by the two pinned wheels.
if [ -n "${PAIZHU_QT:-}" ]; then
    "$PY" -m pip install --quiet . "PySide6-Essentials==$PAIZHU_QT" "PySide6-Addons==$PAIZHU_QT" \
        'pyinstaller==6.22.3'
else
    "$PY" -m pip install --quiet '.[pdf]' 'pyinstaller==6.22.3'
fi
# Same version number, new code: force the project itself to be reinstalled.
"$PY" -m pip install --quiet --no-deps --force-reinstall .
t_deps=$(date +%s)

"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installer/paizhu.spec
t_built=$(date +%s)

VERSION=$("$PY" -c 'import paizhu_desktop; print(paizhu_desktop.__version__)')
OS=$("$PY" -c 'import sys; print({"win32": "windows"}.get(sys.platform, sys.platform))')
ARCH=$("$PY" -c 'import platform; print(platform.machine().lower())')
LABEL=$OS-$ARCH
if [ "$OS" = "linux" ]; then
    # Symbol tables of the wheels' libraries (sqlcipher3, SQLAlchemy, cryptography, the
    # Python runtime) are for debuggers only: about 60 MB of the folder.
    "$PY" installer/strip_bundle.py dist/paizhu-desktop
    # Every ELF file's version-needed section: the highest GLIBC_x.y is the oldest
    # Linux the folder can start on, and it goes into the archive's name.
    "$PY" installer/glibc_report.py dist/paizhu-desktop
    GLIBC=$("$PY" installer/glibc_report.py dist/paizhu-desktop --json |
        "$PY" -c 'import json, sys; print(json.load(sys.stdin)["highest"]["GLIBC"])')
    LABEL=$OS-$ARCH-glibc$GLIBC
    # Kylin V10 / UOS 20 (glibc 2.28) appear in the name only when every file fits.
    # PAIZHU_TARGET=kylin-v10 (or uos-20) makes a folder that does not fit a failed build.
    if "$PY" installer/glibc_report.py dist/paizhu-desktop --target kylin-v10 >/dev/null; then
        LABEL=$OS-$ARCH-kylin-v10-uos-20
    elif [ -n "${PAIZHU_TARGET:-}" ]; then
        "$PY" installer/glibc_report.py dist/paizhu-desktop --target "$PAIZHU_TARGET" || true
        echo "构建失败：这个文件夹不能在 $PAIZHU_TARGET 上运行，不打包。" >&2
        exit 1
    else
        echo "注意：本包需要 glibc $GLIBC，不能用于银河麒麟 V10、统信 UOS 20（glibc 2.28）；"
        echo "      为它们构建的方法见 docs/installing.md。"
    fi
fi
ARCHIVE=dist/paizhu-desktop-$VERSION-$LABEL.tar.gz
tar -C dist -czf "$ARCHIVE" paizhu-desktop
end=$(date +%s)

echo "目录：dist/paizhu-desktop（$(du -sh dist/paizhu-desktop | cut -f1)）"
echo "压缩包：$ARCHIVE（$(du -sh "$ARCHIVE" | cut -f1)）"
echo "用时：安装依赖 $((t_deps - start)) 秒，PyInstaller $((t_built - t_deps)) 秒，打包 $((end - t_built)) 秒，共 $((end - start)) 秒"
