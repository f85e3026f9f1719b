"""Font files: which TrueType faces print each style — the official ones when the
machine has them, the bundled freely-licensed fallbacks otherwise (DOMAIN §6;
GB/T 9704-2012) — found without ReportLab, so the check made when an entry is
saved (:mod:`~paizhu_desktop.core.glyphs`) and the settings page need no printing.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

#: The print styles and what each is for.
STYLES = {
    "title": "标题（方正小标宋简体）",
    "body": "正文（仿宋_GB2312）",
    "heading1": "一级标题（黑体）",
    "heading2": "二级标题（楷体_GB2312）",
}

#: Official faces: file names (Windows and common Linux installs) and family names.
OFFICIAL: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "title": (("FZXBSJW.TTF", "fzxbsjw.ttf", "方正小标宋简体.ttf", "FZXiaoBiaoSong-B05S.ttf"),
              ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXBSJW--GB1-0")),
    "body": (("simfang.ttf", "SIMFANG.TTF", "仿宋_GB2312.ttf", "FangSong_GB2312.ttf"),
             ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong")),
    "heading1": (("simhei.ttf", "SIMHEI.TTF", "黑体.ttf"), ("黑体", "SimHei")),
    "heading2": (("simkai.ttf", "SIMKAI.TTF", "楷体_GB2312.ttf", "KaiTi_GB2312.ttf"),
                 ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi")),
}

#: Bundled fallbacks (resources/fonts; see tools/make_fonts.py and the licences there),
#: in the order a character a face lacks is looked for. Together they draw every
#: character of 通用规范汉字表 (8,105): SungtiL has GB2312, the UMing supplement the
#: 宋体 rest it has, WenKai all 8,105.
BUNDLED = {
    "song": "ARPLSungtiLGB-GB2312.ttf",
    "song-extra": "ARPLUMingCN-Supplement.ttf",
    "kai": "LXGWWenKai-Regular-TGHB.ttf",
    "hei": "WenQuanYiMicroHei-TGHB.ttf",
}
_BUNDLED_FOR_STYLE = {"title": "song", "body": "song", "heading1": "hei", "heading2": "kai"}


def resources_dir() -> Path:
    """The ``resources`` folder: next to the checkout, in an installed or frozen build."""
    candidates = []
    if os.environ.get("PAIZHU_RESOURCES"):
        candidates.append(Path(os.environ["PAIZHU_RESOURCES"]))
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "resources")
    candidates.append(Path(__file__).resolve().parents[3] / "resources")
    candidates.append(Path(sys.prefix) / "share" / "paizhu-desktop" / "resources")
    for c in candidates:
        if (c / "fonts").is_dir():
            return c
    return candidates[-1]


def bundled_font_paths() -> dict[str, Path]:
    """The bundled faces by short name (song, song-extra, kai, hei), in fallback order."""
    base = resources_dir() / "fonts"
    return {k: base / v for k, v in BUNDLED.items()}


def font_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    """Where installed fonts are looked for: the user's folder first, then the system's."""
    dirs = [Path(p) for p in extra]
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")  # Windows: any case
    if windir:
        dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [home / ".fonts", home / ".local" / "share" / "fonts", Path("/usr/share/fonts"),
             Path("/usr/local/share/fonts")]
    return [d for d in dirs if d.is_dir()]


@dataclass(frozen=True)
class FontChoice:
    """The face chosen for a style."""

    style: str
    path: Path
    index: int
    family: str
    official: bool

    @property
    def label(self) -> str:
        kind = "本机正式字体" if self.official else "程序自带替代字体"
        return f"{self.family}（{kind}）"


def _family_names(path: Path) -> list[tuple[int, str, bool]]:
    """(index, family name, has TrueType outlines) of each face in a font file.

    Read once per version of the file (path, modification time, size): resolving the
    faces for every print job must not re-parse the installed fonts each time.
    """
    try:
        st = path.stat()
    except OSError:
        return []
    key = (str(path), st.st_mtime_ns, st.st_size)
    with _names_lock:
        hit = _names_cache.get(key)
    if hit is not None:
        return list(hit)
    found = _read_family_names(path)
    with _names_lock:
        _names_cache[key] = tuple(found)
    return found


_names_lock = threading.Lock()
_names_cache: dict[tuple[str, int, int], tuple[tuple[int, str, bool], ...]] = {}


def _read_family_names(path: Path) -> list[tuple[int, str, bool]]:
    from fontTools.ttLib import TTCollection
    from fontTools.ttLib import TTFont as FTFont

    out = []
    try:
        if path.suffix.lower() == ".ttc":
            faces = list(enumerate(TTCollection(str(path), lazy=True).fonts))
        else:
            faces = [(0, FTFont(str(path), lazy=True))]
        for index, face in faces:
            names = {r.toUnicode() for r in face["name"].names if r.nameID in (1, 4)}
            for name in names:
                out.append((index, name, "glyf" in face))
    except Exception:  # an unreadable font file is simply not a candidate
        return []
    return out


def truetype_family(path: Path) -> str | None:
    """The family name of a TrueType font file ReportLab can embed, else None."""
    if not path.is_file():
        return None
    faces = _family_names(path)
    return faces[0][1] if faces and faces[0][2] else None


_scan_lock = threading.Lock()
_scan_cache: dict[tuple[Path, ...], dict[str, tuple[Path, int]]] = {}


def _scan(dirs: list[Path]) -> dict[str, tuple[Path, int]]:
    """Family name → (file, index) of TrueType faces under ``dirs`` (cached per process)."""
    key = tuple(dirs)
    with _scan_lock:
        if key in _scan_cache:
            return _scan_cache[key]
        wanted = {n for _files, names in OFFICIAL.values() for n in names}
        found: dict[str, tuple[Path, int]] = {}
        for d in dirs:
            for path in sorted(d.rglob("*")):
                if path.suffix.lower() not in (".ttf", ".ttc"):
                    continue
                for index, name, truetype in _family_names(path):
                    if name in wanted and truetype and name not in found:
                        found[name] = (path, index)
        _scan_cache[key] = found
        return found


def resolve_fonts(search_dirs: Iterable[Path] | None = None,
                  overrides: Mapping[str, str | Path] | None = None,
                  *, use_installed: bool = True) -> dict[str, FontChoice]:
    """The face of each style: a user's choice, an official face found, or the bundled one."""
    dirs = font_dirs(search_dirs or ()) if use_installed else []
    bundled = bundled_font_paths()
    chosen: dict[str, FontChoice] = {}
    for style in STYLES:
        override = (overrides or {}).get(style)
        if override and Path(override).is_file():
            names = _family_names(Path(override))
            if names and names[0][2]:
                chosen[style] = FontChoice(style, Path(override), names[0][0], names[0][1],
                                           official=True)
                continue
        files, families = OFFICIAL[style]
        hit: tuple[Path, int, str] | None = None
        for d in dirs:
            for name in files:
                p = d / name
                if p.is_file():
                    faces = _family_names(p)
                    if faces and faces[0][2]:
                        hit = (p, faces[0][0], faces[0][1])
                        break
            if hit:
                break
        if hit is None and dirs:
            scanned = _scan(dirs)
            for family in families:
                if family in scanned:
                    hit = (scanned[family][0], scanned[family][1], family)
                    break
        if hit is not None:
            chosen[style] = FontChoice(style, hit[0], hit[1], hit[2], official=True)
        else:
            short = _BUNDLED_FOR_STYLE[style]
            chosen[style] = FontChoice(style, bundled[short], 0, _bundled_family(short),
                                       official=False)
    return chosen


def _bundled_family(short: str) -> str:
    return {"song": "AR PL SungtiL GB（宋体）", "kai": "霞鹜文楷（楷体）",
            "hei": "文泉驿微米黑（黑体）"}[short]
