"""Which characters can be printed: checked when an entry is saved, not on paper.

A character no face has (bundled, official found on this machine, or mapped on
the settings page) would print as a blank box; the ledger service refuses it
when the entry is saved (:func:`unprintable`), naming the character and the
field, so the CLI and the window both say so before anything is stored.

Cheap: the bundled faces' characters are read once per process into one
frozenset (only each face's ``cmap`` table, not its outlines); the installed
official faces and the user's mapped ones are looked at only for a character
outside it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from paizhu_desktop.core.fontfiles import bundled_font_paths, resolve_fonts

_lock = threading.Lock()
#: The bundled faces' code points, once read (a list of one, else empty); the same of
#: the official faces installed here.
_base: list[frozenset[int]] = []
_installed: list[frozenset[int]] = []
_files: dict[tuple[str, int, int, int], frozenset[int]] = {}


def face_codepoints(path: Path, index: int = 0) -> frozenset[int]:
    """The code points a TrueType face maps to a glyph (read once per version of the file)."""
    from fontTools.ttLib import TTCollection
    from fontTools.ttLib import TTFont as FTFont

    try:
        st = path.stat()
    except OSError:
        return frozenset()
    key = (str(path), index, st.st_mtime_ns, st.st_size)
    with _lock:
        hit = _files.get(key)
    if hit is not None:
        return hit
    try:
        if path.suffix.lower() == ".ttc":
            face = TTCollection(str(path), lazy=True).fonts[index]
        else:
            face = FTFont(str(path), lazy=True, fontNumber=index)
        cmap = face.getBestCmap() or {}
        # A character mapped to the empty glyph prints nothing: not covered.
        points = frozenset(c for c, g in cmap.items() if g != ".notdef")
    except Exception:  # an unreadable file covers nothing
        points = frozenset()
    with _lock:
        _files[key] = points
    return points


def printable_codepoints() -> frozenset[int]:
    """Every code point the bundled faces draw (read once per process)."""
    if not _base:
        union: set[int] = set()
        for path in bundled_font_paths().values():
            union |= face_codepoints(path)
        _base[:] = [frozenset(union)]
    return _base[0]


def installed_codepoints() -> frozenset[int]:
    """Every code point the official faces installed on this machine draw. Looked for
    only when a character is outside the bundled faces: the search of the system's
    font folders runs once per process, and not at all for ordinary text."""
    if not _installed:
        union: set[int] = set()
        for c in resolve_fonts().values():
            if c.official:
                union |= face_codepoints(c.path, c.index)
        _installed[:] = [frozenset(union)]
    return _installed[0]


def unprintable(text: str, overrides: Callable[[], Mapping[str, str]] | None = None,
                ) -> str | None:
    """The first character of ``text`` no face can print, or None.

    Past the bundled faces, the installed official faces and then the font files
    mapped on the settings page (``overrides``) are looked at, for that character only.
    """
    base = printable_codepoints()
    for ch in text:
        if ord(ch) in base or ch.isspace():
            continue
        if ord(ch) in installed_codepoints():
            continue
        if overrides is not None and ord(ch) in _mapped(overrides()):
            continue
        return ch
    return None


def _mapped(files: Mapping[str, str]) -> frozenset[int]:
    out: set[int] = set()
    for path in _paths(files.values()):
        out |= face_codepoints(path, 0)
    return frozenset(out)


def _paths(values: Iterable[str]) -> list[Path]:
    return [Path(v) for v in values if v and Path(v).is_file()]


def refusal(label: str, ch: str) -> str:
    """The Chinese message for a field holding a character that cannot be printed."""
    return (f"字段“{label}”中的“{ch}”无法打印（字库中没有这个字），"
            "请改用常用字或联系管理员安装字体")
