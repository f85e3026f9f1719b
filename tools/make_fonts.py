"""Make the bundled fallback fonts: subsets of freely-licensed Debian faces.

The subsets hold the 8,105 characters of 通用规范汉字表 (2013), GB2312, ASCII,
the full-width forms and the punctuation and symbols official documents use
(GB/T 9704: ★〔〕 …), so that a fresh machine prints every standard character
with no font installed (ReportLab embeds TrueType outlines; it subsets again
to what a PDF uses). What a face lacks is drawn by the next bundled face that
has it (``core/fontfiles.py``): AR PL SungtiL GB has GB2312 only, so the
宋体 characters beyond it come from AR PL UMing, and the few UMing lacks (and
every other gap) from LXGW WenKai, which has all 8,105.

Usage (Debian/Kylin/UOS with the packages named below installed):

    apt-get install fonts-arphic-gbsn00lp fonts-arphic-uming fonts-lxgw-wenkai \
        fonts-wqy-microhei
    python tools/make_fonts.py [OUT_DIR]      # default: resources/fonts
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parents[1]
#: 通用规范汉字表, one character a line (``#`` starts a comment).
STANDARD_LIST = HERE / "resources" / "fonts" / "tongyong-guifan-hanzi-8105.txt"

#: (bundled file, source file, index in a .ttc, style, licence file of the package,
#:  only what the faces before it lack)
FACES = [
    ("ARPLSungtiLGB-GB2312.ttf", "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", None,
     "宋体（标题、正文的替代字体）", "/usr/share/doc/fonts-arphic-gbsn00lp/copyright", False),
    ("ARPLUMingCN-Supplement.ttf", "/usr/share/fonts/truetype/arphic/uming.ttc", 0,
     "宋体补字（上一字体没有的规范字）", "/usr/share/doc/fonts-arphic-uming/copyright", True),
    ("LXGWWenKai-Regular-TGHB.ttf", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
     None, "楷体", "/usr/share/doc/fonts-lxgw-wenkai/copyright", False),
    ("WenQuanYiMicroHei-TGHB.ttf", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0,
     "黑体", "/usr/share/doc/fonts-wqy-microhei/copyright", False),
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


def standard_chars(path: Path = STANDARD_LIST) -> list[str]:
    """The characters of 通用规范汉字表, in the table's order."""
    lines = path.read_text("utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.startswith("#")]


def wanted() -> set[int]:
    chars = (set(gb2312_chars()) | {chr(c) for c in range(0x20, 0x7F)} | set(EXTRA)
             | set(standard_chars()))
    points = {ord(c) for c in chars}
    points |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    points |= set(range(0xFF01, 0xFF5F)) | set(range(0xFFE0, 0xFFE7))  # full-width forms
    return points


def drawn(font: TTFont) -> set[int]:
    """The code points ``font`` draws: a non-space character mapped to an empty
    glyph (WenQuanYi's ℃ Ⅴ Ⅹ ∼) would print blank, so it is left to the next face."""
    glyf = font["glyf"]
    return {c for c, g in font.getBestCmap().items()
            if chr(c).isspace() or glyf[g].numberOfContours != 0}


def make(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    codepoints = wanted()
    before: set[int] = set()
    for name, source, index, style, licence, supplement in FACES:
        if index is None:
            font = TTFont(source, recalcBBoxes=False)
        else:
            font = TTCollection(source).fonts[index]
        take = codepoints & drawn(font)
        if supplement:
            take -= before
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.glyph_names = False
        sub = subset.Subsetter(options)
        sub.populate(unicodes=take)
        sub.subset(font)
        target = out_dir / name
        font.save(target)
        have = set(TTFont(target).getBestCmap())
        before |= have
        print(f"{name}: {style}，{len(have & codepoints)}/{len(codepoints)} 字符，"
              f"{target.stat().st_size / 1e6:.1f} MB（来源 {source}）")
        if Path(licence).exists():
            shutil.copy(licence, out_dir / f"{Path(name).stem}.LICENSE.txt")
    standard = {ord(c) for c in standard_chars()}
    print(f"通用规范汉字表：{len(standard & before)}/{len(standard)} 字有字形")


if __name__ == "__main__":
    make(Path(sys.argv[1] if len(sys.argv) > 1 else "resources/fonts"))
