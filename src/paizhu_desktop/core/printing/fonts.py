"""Fonts for printing: the official faces when the machine has them, the
bundled freely-licensed fallbacks otherwise (DOMAIN §6; GB/T 9704-2012 7.x).

Each print style (标题 小标宋, 正文 仿宋, 一级标题 黑体, 二级标题 楷体) maps
to one TrueType face. A character the face lacks is drawn in the next face
that has it, never dropped; one no face has is reported (``missing``) — and is
refused when an entry is saved (:mod:`~paizhu_desktop.core.glyphs`).
The bundled faces together draw all 8,105 characters of 通用规范汉字表.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from paizhu_desktop.core.fontfiles import FontChoice, bundled_font_paths, resolve_fonts


@dataclass(frozen=True)
class Face:
    """A TrueType face registered with ReportLab, and the characters it has."""

    name: str
    chars: frozenset[int]


_faces_lock = threading.Lock()
#: (file, index) -> ((mtime_ns, size), face). Parsed faces only: never a job's FontSet.
_faces: dict[tuple[str, int], tuple[tuple[int, int], Face]] = {}


def load_face(path: Path, index: int = 0) -> Face:
    """The face in ``path`` registered with ReportLab, parsed once per version of the file.

    Safe from any thread; a file changed on disk (other modification time or size) is
    parsed again under a new name, so a job already drawing keeps the face it started with.
    """
    from paizhu_desktop.core.errors import PaizhuError

    try:
        st = path.stat()
    except OSError as exc:
        raise PaizhuError(f"字体文件 {path.name} 无法使用：{exc.strerror}") from None
    stamp = (st.st_mtime_ns, st.st_size)
    key = (str(path), index)
    with _faces_lock:
        hit = _faces.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        tag = hashlib.sha1(f"{path}|{stamp[0]}|{stamp[1]}".encode()).hexdigest()[:8]
        name = f"pz-{path.stem}-{index}-{tag}"
        try:
            font = pdfmetrics.getFont(name)
        except KeyError:
            try:
                font = TTFont(name, str(path), subfontIndex=index)
            except (TTFError, OSError) as exc:
                raise PaizhuError(f"字体文件 {path.name} 无法使用：{exc}") from None
            pdfmetrics.registerFont(font)
        face = Face(name, frozenset(font.face.charToGlyph))
        _faces[key] = (stamp, face)
        return face


def register(path: Path, index: int = 0) -> str:
    """Register a TrueType face with ReportLab once; returns its ReportLab name."""
    return load_face(path, index).name


@dataclass
class FontSet:
    """Registered faces for printing, with per-character fallback and width caches."""

    primary: dict[str, str]
    fallbacks: list[str]
    choices: dict[str, FontChoice]
    missing: set[str] = field(default_factory=set)
    _has: dict[str, frozenset[int]] = field(default_factory=dict)
    _widths: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def load(cls, choices: Mapping[str, FontChoice] | None = None) -> FontSet:
        """A new set for one print job: the chosen faces and the bundled ones (the
        fallback chain). The parsed faces are shared (:func:`load_face`); what a job
        changes — its width cache and its missing characters — is its own."""
        choices = dict(choices or resolve_fonts())
        primary: dict[str, str] = {}
        has: dict[str, frozenset[int]] = {}
        for style, c in choices.items():
            face = load_face(c.path, c.index)
            primary[style] = face.name
            has[face.name] = face.chars
        fallbacks = []
        for p in bundled_font_paths().values():
            if p.is_file():
                face = load_face(p)
                fallbacks.append(face.name)
                has[face.name] = face.chars
        # Then the other styles' faces: a character one chosen face has prints in every
        # style (what the entry's check on saving counts as printable, see coverage).
        fallbacks += [n for n in dict.fromkeys(primary.values()) if n not in fallbacks]
        return cls(primary, fallbacks, choices, _has=has, _widths={n: {} for n in has})

    def font_for(self, style: str) -> str:
        return self.primary[style]

    def covers(self, font: str, ch: str) -> bool:
        return ord(ch) in self._has[font] or ch in " \n\t"

    def face_for_char(self, font: str, ch: str) -> str:
        """``font`` if it has ``ch``, else the first fallback that has it (reported if none)."""
        if ord(ch) in self._has[font] or ch.isspace():
            return font
        for other in self.fallbacks:
            if ord(ch) in self._has[other]:
                return other
        self.missing.add(ch)
        return font

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """``text`` split into (face, piece) runs: every character drawn by a face that has it."""
        has = self._has[font]
        if all(ord(c) in has or c == " " for c in text):
            return [(font, text)]
        out: list[tuple[str, str]] = []
        for ch in text:
            face = self.face_for_char(font, ch)
            if out and out[-1][0] == face:
                out[-1] = (face, out[-1][1] + ch)
            else:
                out.append((face, ch))
        return out

    def char_width(self, font: str, ch: str) -> float:
        """Width of ``ch`` at 1 pt in the face that will draw it (cached)."""
        cache = self._widths[font]
        w = cache.get(ch)
        if w is None:
            face = self.face_for_char(font, ch)
            w = cache[ch] = pdfmetrics.stringWidth(ch, face, 1.0)
        return w

    def width(self, text: str, font: str, size: float) -> float:
        cache = self._widths[font]
        total = 0.0
        for ch in text:
            w = cache.get(ch)
            if w is None:
                w = self.char_width(font, ch)
            total += w
        return total * size
