#!/bin/sh
# System libraries Qt needs (see STACK.md). Installs them with apt-get when run
# as root on Debian/Kylin/UOS; otherwise prints the exact command and stops.
# Usage: sysdeps.sh offscreen|gui
set -u
mode=${1:-offscreen}
[ "$(uname -s)" = "Linux" ] || exit 0
command -v dpkg-query >/dev/null 2>&1 || exit 0

need="libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0"
if [ "$mode" = "gui" ]; then
  need="$need libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
        libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
        libxcb-randr0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0"
fi
missing=""
for p in $need; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装 Qt 所需的系统库：$missing"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >/dev/null; } \
    || { echo "安装失败，请手动执行：sudo apt-get install$missing"; exit 1; }
else
  echo "缺少 Qt 所需的系统库，请先执行："
  echo "  sudo apt-get install$missing"
  exit 1
fi
