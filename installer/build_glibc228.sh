#!/bin/sh
# Build the folder for glibc 2.28 (Kylin V10, UOS 20) on a newer Linux, without a 2.28 host.
#
#   sh installer/build_glibc228.sh        # from the repository root, or `make installer-kylin`
#
# Every ELF file of a PyInstaller folder comes from one of three places, and each is made
# to need at most GLIBC_2.28:
#   1. the Python runtime (libpython3.11.so, lib-dynload/*.so): compiled here from the
#      Debian bookworm source of CPython 3.11 with zig's C compiler, which links against
#      the symbol set of any glibc release (`-target x86_64-linux-gnu.2.28`); zlib, bzip2,
#      xz, libffi and SQLite (also bookworm sources) are linked into the modules statically;
#   2. wheels: pip downloads them for the platform manylinux_2_28_x86_64 (PySide6 6.9.3 is
#      the last such PySide6); on this host pip would pick newer wheels (manylinux_2_34);
#   3. libraries PyInstaller copies from the build host: the spec leaves out the system
#      libraries every Kylin / UOS desktop has (PAIZHU_SYSTEM_LIBS=glibc228; the .deb
#      declares them in Depends); glibc_report.py then proves what is left.
#
# Needs: Debian 12 (or any Linux with apt sources for bookworm), network to PyPI and to
# deb.debian.org, `apt-get install make binutils tcl python3-venv python3-pip` (tclsh builds
# SQLite's amalgamation) and Qt's xcb libraries (tools/sysdeps.sh gui installs them): the
# small xcb-util ones are copied into the folder from here. Nothing is installed into the system: the apt lists, sources, compiler,
# static libraries, Python and wheels stay in build/glibc228/ (git-ignored) and each
# step is skipped when its result is already there, so a second run only repackages.
# Result: dist/paizhu-desktop/ and dist/paizhu-desktop-VERSION-linux-x86_64-kylin-v10-uos-20.tar.gz;
# the build fails when any ELF file needs more than GLIBC_2.28.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
B=${GLIBC228_DIR:-$ROOT/build/glibc228}
GLIBC=2.28
ZIG_TARGET=x86_64-linux-gnu.$GLIBC
ZIGLANG=0.17.1            # PyPI package `ziglang`: the zig toolchain in a wheel
QT=6.9.3                  # the last PySide6 whose x86_64 wheels are manylinux_2_28
PYINSTALLER=6.22.3
JOBS=${JOBS:-2}
NICE="nice -n ${NICE_LEVEL:-10}"
HOST_PYTHON=${PYTHON:-python3}
PREFIX=$B/python          # the CPython built for glibc 2.28
DEPS=$B/deps              # static zlib, bzip2, xz, libffi, SQLite
SRC=$B/src
WHEELS=$B/wheels
VENV=$B/venv

if [ "$(uname -m)" != x86_64 ]; then
    echo "只支持在 x86_64 上构建 x86_64 的包（arm64 见 docs/installing.md）。" >&2
    exit 1
fi
for tool in make strip tclsh apt-get; do
    command -v "$tool" >/dev/null || {
        echo "缺少 $tool：apt-get install make binutils tcl python3-venv python3-pip" >&2; exit 1; }
done
sh tools/sysdeps.sh gui
mkdir -p "$B" "$SRC"
start=$(date +%s)
say() { echo "== $(date -u +%H:%M:%S) $*"; }

# --- 1. zig, from PyPI, behind small wrappers (configure scripts want one word for CC).
if [ ! -x "$B/bin/zig-cc" ]; then
    say "zig $ZIGLANG"
    "$HOST_PYTHON" -m venv "$B/zigenv"
    "$B/zigenv/bin/python" -m pip install --quiet "ziglang==$ZIGLANG"
    ZIG=$("$B/zigenv/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
    mkdir -p "$B/bin"
    for cmd in cc c++; do
        # zig turns on UBSan traps in unoptimised builds (configure's test programs are such)
        # and makes __DATE__/__TIME__ an error (CPython's getbuildinfo.c uses them).
        printf '#!/bin/sh\nexec "%s" %s -target %s -fno-sanitize=undefined -Wno-error=date-time "$@"\n' \
            "$ZIG" "$cmd" "$ZIG_TARGET" >"$B/bin/zig-$cmd"
        chmod +x "$B/bin/zig-$cmd"
    done
fi
CC=$B/bin/zig-cc
CXX=$B/bin/zig-c++

# --- 2. Sources from Debian bookworm (apt verifies them against the signed Sources index),
# fetched with a private apt configuration: the system's sources.list stays as it is.
APT="-o Dir::Etc::SourceList=$B/apt/sources.list -o Dir::Etc::SourceParts=/dev/null
     -o Dir::State::Lists=$B/apt/lists -o Dir::Cache=$B/apt/cache -o Debug::NoLocking=1
     -o APT::Sandbox::User=$(id -un)"
SOURCES="python3.11 zlib bzip2 xz-utils libffi sqlite3 libzstd"
if [ ! -f "$SRC/.done" ]; then
    say "Debian 源码：$SOURCES"
    mkdir -p "$B/apt/lists/partial" "$B/apt/cache/archives/partial"
    echo 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main' \
        >"$B/apt/sources.list"
    # shellcheck disable=SC2086
    apt-get -qq $APT update
    for pkg in $SOURCES; do
        # shellcheck disable=SC2086
        (cd "$SRC" && apt-get -qq $APT source --download-only "$pkg")
    done
    touch "$SRC/.done"
fi
# The upstream tarball (*.orig.*) of each: Debian's patches are for Debian's own layout.
unpack() {  # unpack NAME-PREFIX → prints the directory
    tarball=$(ls "$SRC"/"$1"_*.orig.tar.* | grep -v -- '-www' | grep -v '\.asc$' | head -1)
    dir=$B/work/$(tar -tf "$tarball" | head -1 | cut -d/ -f1)
    if [ ! -d "$dir" ]; then
        mkdir -p "$B/work"
        tar -C "$B/work" -xf "$tarball"
    fi
    echo "$dir"
}

# --- 3. Static libraries for the stdlib's compression, ctypes and sqlite3 modules.
DEP_CFLAGS="-O2 -fPIC"
log() { echo "$B/work/$1.log"; }
fail() { echo "构建 $1 失败，见 $(log "$1")" >&2; tail -20 "$(log "$1")" >&2; exit 1; }
if [ ! -f "$DEPS/lib/libz.a" ]; then
    say "zlib"
    d=$(unpack zlib)
    (cd "$d" && CC=$CC CFLAGS=$DEP_CFLAGS $NICE ./configure --static --prefix="$DEPS" &&
        $NICE make -j"$JOBS" libz.a && make install) >"$(log zlib)" 2>&1 || fail zlib
fi
if [ ! -f "$DEPS/lib/libbz2.a" ]; then
    say "bzip2"
    d=$(unpack bzip2)
    (cd "$d" && $NICE make -j"$JOBS" libbz2.a CC="$CC" CFLAGS="$DEP_CFLAGS -D_FILE_OFFSET_BITS=64" &&
        mkdir -p "$DEPS/lib" "$DEPS/include" && cp libbz2.a "$DEPS/lib/" &&
        cp bzlib.h "$DEPS/include/") >"$(log bzip2)" 2>&1 || fail bzip2
fi
if [ ! -f "$DEPS/lib/liblzma.a" ]; then
    say "xz (liblzma)"
    d=$(unpack xz-utils)
    (cd "$d" && CC=$CC CFLAGS=$DEP_CFLAGS $NICE ./configure --prefix="$DEPS" --disable-shared \
        --enable-static --with-pic --disable-xz --disable-xzdec --disable-lzmadec \
        --disable-lzmainfo --disable-lzma-links --disable-scripts --disable-doc --disable-nls &&
        $NICE make -j"$JOBS" -C src/liblzma && make -C src/liblzma install) \
        >"$(log xz)" 2>&1 || fail xz
fi
if [ ! -f "$DEPS/lib/libffi.a" ]; then
    say "libffi"
    d=$(unpack libffi)
    # libffi 3.4.4 calls open_temp_exec_file before declaring it; clang 16+ makes that an error.
    (cd "$d" && CC=$CC CFLAGS="$DEP_CFLAGS -Wno-implicit-function-declaration" $NICE ./configure \
        --prefix="$DEPS" --disable-shared --enable-static --with-pic --disable-docs \
        --disable-multi-os-directory &&
        $NICE make -j"$JOBS" && make install) >"$(log libffi)" 2>&1 || fail libffi
fi
if [ ! -f "$DEPS/lib/libsqlite3.a" ]; then
    say "SQLite"
    d=$(unpack sqlite3)
    # The amalgamation (sqlite3.c) is generated with tclsh and the host compiler, then
    # compiled for 2.28 with the options Debian uses for libsqlite3.
    (cd "$d" && $NICE ./configure --disable-tcl && $NICE make sqlite3.c &&
        $NICE "$CC" $DEP_CFLAGS -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 \
            -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE \
            -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_THREADSAFE=1 \
            -c sqlite3.c -o sqlite3.o &&
        mkdir -p "$DEPS/lib" "$DEPS/include" && rm -f "$DEPS/lib/libsqlite3.a" &&
        ar rcs "$DEPS/lib/libsqlite3.a" sqlite3.o &&
        cp sqlite3.h sqlite3ext.h "$DEPS/include/") >"$(log sqlite)" 2>&1 || fail sqlite
fi
# Qt's own libraries (libQt6Core, libQt6Network) name libzstd.so.1: the wheel takes it from
# the system. The build host's needs GLIBC_2.34 and UOS 20 (Debian 10) has zstd 1.3.8, older
# than the RHEL 8 one Qt was built against; so the folder carries one built here for 2.28.
if [ ! -f "$DEPS/shared/libzstd.so.1" ]; then
    say "zstd（共享库，随包）"
    d=$(unpack libzstd)
    (cd "$d" && $NICE make -j"$JOBS" -C lib libzstd CC="$CC" &&
        mkdir -p "$DEPS/shared" && cp lib/libzstd.so.1.* "$DEPS/shared/libzstd.so.1") \
        >"$(log zstd)" 2>&1 || fail zstd
fi

# --- 4. CPython 3.11, shared (PyInstaller needs libpython3.11.so), for glibc 2.28.
if [ ! -x "$PREFIX/bin/python3.11" ]; then
    say "CPython（约 10–20 分钟）"
    d=$(unpack python3.11)
    I="-I$DEPS/include"
    L="-L$DEPS/lib"
    # zig's linker knows -soname but not its short form -h; setup.py (which builds the
    # remaining extension modules) must not add the host's /usr/local and
    # /usr/include/x86_64-linux-gnu: their headers are glibc 2.36's and clash with zig's.
    "$HOST_PYTHON" - "$d" <<'PATCH'
import pathlib, sys
d = pathlib.Path(sys.argv[1])
mk = d / "Makefile.pre.in"
mk.write_text(mk.read_text().replace("-Wl,-h$(INSTSONAME)", "-Wl,-soname,$(INSTSONAME)")
              .replace("-o $@ -Wl,-h$@", "-o $@ -Wl,-soname,$@"))
sp = d / "setup.py"
text = sp.read_text()
text = text.replace("            add_dir_to_list(self.compiler.library_dirs, '/usr/local/lib')\n"
                    "            add_dir_to_list(self.compiler.include_dirs, '/usr/local/include')\n",
                    "            pass\n")
sp.write_text(text.replace("        self.add_multiarch_paths()\n", ""))
PATCH
    (cd "$d" && rm -rf build-228 && mkdir build-228 && cd build-228 &&
        $NICE ../configure --prefix="$PREFIX" --enable-shared --without-ensurepip \
            --with-system-expat=no --with-system-libmpdec=no --without-readline \
            CC="$CC" CXX="$CXX" \
            LDFLAGS="-Wl,-rpath,$PREFIX/lib $L" CPPFLAGS="$I" \
            ZLIB_CFLAGS="$I" ZLIB_LIBS="$L -lz" BZIP2_CFLAGS="$I" BZIP2_LIBS="$L -lbz2" \
            LIBLZMA_CFLAGS="$I" LIBLZMA_LIBS="$L -llzma" \
            LIBFFI_CFLAGS="$I" LIBFFI_LIBS="$L -lffi" \
            LIBSQLITE3_CFLAGS="$I" LIBSQLITE3_LIBS="$L -lsqlite3 -lm -lpthread -ldl" \
            PKG_CONFIG=false >configure.log 2>&1 &&
        # PY3LIBRARY= : no libpython3.so (the stable-ABI forwarder; zig cannot link a
        # library from no object files, and nothing here uses it).
        $NICE make -j"$JOBS" PY3LIBRARY= >make.log 2>&1 &&
        make install PY3LIBRARY= >install.log 2>&1) || {
        echo "CPython 构建失败，日志在 $d/build-228/" >&2; exit 1; }
fi
PY228=$PREFIX/bin/python3.11
# The modules the program and the build need; no ssl/_hashlib: nothing here goes on the
# network (pip below installs from local wheels) and hashlib has its own SHA-2.
"$PY228" -c '
import importlib, sys
missing = []
for m in ("zlib", "bz2", "lzma", "_ctypes", "_sqlite3", "_decimal", "pyexpat", "_json",
          "_sha256", "_blake2", "select", "_posixsubprocess", "mmap", "_multiprocessing"):
    try:
        importlib.import_module(m)
    except ImportError as exc:
        missing.append(f"{m}: {exc}")
if missing:
    sys.exit("构建出的 Python 缺少模块：" + "；".join(missing))
print("Python", sys.version.split()[0], "（glibc 2.28）模块齐全")
'
"$HOST_PYTHON" installer/glibc_report.py "$PREFIX" --max-glibc "$GLIBC" >/dev/null || {
    "$HOST_PYTHON" installer/glibc_report.py "$PREFIX" --max-glibc "$GLIBC"; exit 1; }
t_python=$(date +%s)

# --- 5. Wheels for manylinux_2_28 (and older tags), downloaded by the host's pip: it
# picks by the platform named here, not by this host's glibc. The project's own wheel is
# built from the checkout (so the build also proves the package data is declared).
REQS="PySide6-Essentials==$QT PySide6-Addons==$QT pyinstaller==$PYINSTALLER"
say "wheels（manylinux_2_28）"
mkdir -p "$WHEELS"
rm -f "$WHEELS"/paizhu_desktop-*.whl   # the project changes between builds; the rest is cached
"$HOST_PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$WHEELS" . >/dev/null
PLATFORMS=""
n=28
while [ $n -ge 17 ]; do PLATFORMS="$PLATFORMS --platform manylinux_2_${n}_x86_64"; n=$((n - 1)); done
# shellcheck disable=SC2086
"$HOST_PYTHON" -m pip download --quiet --dest "$WHEELS" --only-binary=:all: \
    $PLATFORMS --platform manylinux2014_x86_64 --python-version 3.11 --implementation cp \
    --abi cp311 --abi abi3 --abi none "$WHEELS"/paizhu_desktop-*.whl $REQS
if ls "$WHEELS" | grep -E 'manylinux_2_(29|[3-9][0-9])' | grep -v 'manylinux_2_28'; then
    echo "上面的轮子需要高于 2.28 的 glibc" >&2; exit 1
fi

# --- 6. A venv of the 2.28 Python with exactly those wheels (no index: no network).
if [ ! -x "$VENV/bin/python" ]; then
    "$PY228" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --no-index --find-links "$WHEELS" $REQS \
    paizhu-desktop
"$VENV/bin/python" -m pip install --quiet --no-index --no-deps --force-reinstall \
    "$WHEELS"/paizhu_desktop-*.whl
"$VENV/bin/python" -c 'import PySide6, sqlcipher3, cryptography; print("PySide6", PySide6.__version__)'
t_deps=$(date +%s)

# --- 7. The folder: the project's spec, with the system libraries left to the system.
say "PyInstaller"
# LD_LIBRARY_PATH: PyInstaller resolves libzstd.so.1 (and only that) to the one built above.
LD_LIBRARY_PATH=$DEPS/shared PAIZHU_SYSTEM_LIBS=glibc228 $NICE "$VENV/bin/python" -m PyInstaller --noconfirm --clean \
    --log-level WARN --distpath dist --workpath build/pyinstaller-glibc228 installer/paizhu.spec
t_built=$(date +%s)
# UOS 20 (Debian 10) has no libxcb-util.so.1: the folder must carry the xcb-util helpers.
for lib in libxcb-util.so.1 libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-image.so.0 \
           libxcb-keysyms.so.1 libxcb-render-util.so.0 libzstd.so.1; do
    [ -e "dist/paizhu-desktop/_internal/$lib" ] || {
        echo "构建失败：文件夹中缺少 $lib（构建机上没有它？见 tools/sysdeps.sh）" >&2; exit 1; }
done
"$VENV/bin/python" installer/strip_bundle.py dist/paizhu-desktop
"$VENV/bin/python" installer/glibc_report.py dist/paizhu-desktop --target kylin-v10 || {
    echo "构建失败：文件夹中有文件需要高于 $GLIBC 的 glibc，不打包。" >&2; exit 1; }
VERSION=$("$VENV/bin/python" -c 'import paizhu_desktop; print(paizhu_desktop.__version__)')
ARCHIVE=dist/paizhu-desktop-$VERSION-linux-x86_64-kylin-v10-uos-20.tar.gz
tar -C dist -czf "$ARCHIVE" paizhu-desktop
end=$(date +%s)

echo "目录：dist/paizhu-desktop（$(du -sh dist/paizhu-desktop | cut -f1)）"
echo "压缩包：$ARCHIVE（$(du -sh "$ARCHIVE" | cut -f1)）"
echo "用时：Python 及静态库 $((t_python - start)) 秒，轮子 $((t_deps - t_python)) 秒，" \
     "PyInstaller $((t_built - t_deps)) 秒，共 $((end - start)) 秒"
