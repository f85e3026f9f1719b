"""Make the bundled fallback fonts: subsets of freely-licensed Debian faces.

The subsets hold GB2312, ASCII and the punctuation official documents use,
so that a fresh machine prints correct Chinese with no font installed
(ReportLab embeds TrueType outlines; it subsets again to what a PDF uses).

Usage (Debian/Kylin/UOS with the packages named below installed):

    apt-get install fonts-arphic-gbsn00lp fonts-lxgw-wenkai fonts-wqy-microhei
    python tools/make_fonts.py [OUT_DIR]      # default: resources/fonts
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

#: (bundled file, source file, index in a .ttc, style, licence file of the package)
FACES = [
    ("ARPLSungtiLGB-GB2312.ttf", "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", None,
     "宋体（标题、正文的替代字体）", "/usr/share/doc/fonts-arphic-gbsn00lp/copyright"),
    ("LXGWWenKai-Regular-GB2312.ttf", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
     None, "楷体", "/usr/share/doc/fonts-lxgw-wenkai/copyright"),
    ("WenQuanYiMicroHei-GB2312.ttf", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0,
     "黑体", "/usr/share/doc/fonts-wqy-microhei/copyright"),
]

#: Punctuation and symbols of official documents beyond GB2312 and ASCII.
EXTRA = "—–‘’“”…·★☆○〇●■□△▲◆◇※→←↑↓√×÷±≤≥≠℃№§〔〕【】〖〗『』「」《》〈〉﹝﹞"


def gb2312_chars() -> list[str]:
    """Every character GB2312 encodes (两个字节 A1A1–F7FE)."""
    out = []
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def wanted() -> set[int]:
    chars = set(gb2312_chars()) | {chr(c) for c in range(0x20, 0x7F)} | set(EXTRA)
    return {ord(c) for c in chars}


def make(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    codepoints = wanted()
    for name, source, index, style, licence in FACES:
        if index is None:
            font = TTFont(source, recalcBBoxes=False)
        else:
            font = TTCollection(source).fonts[index]
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        sub = subset.Subsetter(options)
        sub.populate(unicodes=codepoints & set(font.getBestCmap()))
        sub.subset(font)
        target = out_dir / name
        font.save(target)
        have = set(TTFont(target).getBestCmap())
        print(f"{name}: {style}，{len(have & codepoints)}/{len(codepoints)} 字符，"
              f"{target.stat().st_size / 1e6:.1f} MB（来源 {source}）")
        if Path(licence).exists():
            shutil.copy(licence, out_dir / f"{Path(name).stem}.LICENSE.txt")


if __name__ == "__main__":
    make(Path(sys.argv[1] if len(sys.argv) > 1 else "resources/fonts"))
