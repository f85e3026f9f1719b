#!/bin/sh
# Build the distributable folder with PyInstaller (onedir) and pack it.
#
#   sh installer/build.sh          # from the repository root, or via `make installer`
#
# A separate venv (installer/.build-venv) keeps the build free of the developer's
# editable install and test tools; the project is installed from the checkout
# as a normal package, so the build also proves the package data is declared.
# Result: dist/paizhu-desktop/ and dist/paizhu-desktop-VERSION-OS-ARCH.tar.gz
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
VENV=installer/.build-venv
if [ -x "$VENV/Scripts/python.exe" ]; then BIN=$VENV/Scripts; else BIN=$VENV/bin; fi

start=$(date +%s)
if [ ! -x "$BIN/python" ] && [ ! -x "$BIN/python.exe" ]; then
    "$PYTHON" -m venv "$VENV"
    if [ -x "$VENV/Scripts/python.exe" ]; then BIN=$VENV/Scripts; else BIN=$VENV/bin; fi
fi
PY=$BIN/python
"$PY" -m pip install --quiet --upgrade pip
# [pdf]: the print preview uses QtPdf; pyinstaller is pinned to the verified release.
"$PY" -m pip install --quiet '.[pdf]' 'pyinstaller==6.22.3'
# Same version number, new code: force the project itself to be reinstalled.
"$PY" -m pip install --quiet --no-deps --force-reinstall .
t_deps=$(date +%s)

"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installer/paizhu.spec
t_built=$(date +%s)

VERSION=$("$PY" -c 'import paizhu_desktop; print(paizhu_desktop.__version__)')
OS=$("$PY" -c 'import sys; print({"win32": "windows"}.get(sys.platform, sys.platform))')
ARCH=$("$PY" -c 'import platform; print(platform.machine().lower())')
ARCHIVE=dist/paizhu-desktop-$VERSION-$OS-$ARCH.tar.gz
tar -C dist -czf "$ARCHIVE" paizhu-desktop
end=$(date +%s)

echo "目录：dist/paizhu-desktop（$(du -sh dist/paizhu-desktop | cut -f1)）"
echo "压缩包：$ARCHIVE（$(du -sh "$ARCHIVE" | cut -f1)）"
echo "用时：安装依赖 $((t_deps - start)) 秒，PyInstaller $((t_built - t_deps)) 秒，打包 $((end - t_built)) 秒，共 $((end - start)) 秒"
