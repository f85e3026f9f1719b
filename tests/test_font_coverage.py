"""Every standard character prints: the bundled faces cover 通用规范汉字表, names in
it are drawn with real glyphs, and a character no face has is refused on saving."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont as FTFont
from pypdf import PdfReader

from paizhu_desktop.core.errors import ValidationError
from paizhu_desktop.core.fontfiles import bundled_font_paths, resolve_fonts
from paizhu_desktop.core.glyphs import face_codepoints, printable_codepoints
from paizhu_desktop.core.printing.fonts import FontSet
from paizhu_desktop.core.printing.service import print_register
from paizhu_desktop.core.session import UserSession

#: Names the issue found printing blank (all in 通用规范汉字表, none in GB2312).
NAMES = ["王喆", "李堃", "张珺", "赵玥", "邓昇"]
#: Beyond 通用规范汉字表 and in no bundled face: CJK Extension B.
RARE = "\U00020000"


def standard_chars() -> list[str]:
    path = bundled_font_paths()["song"].parent / "tongyong-guifan-hanzi-8105.txt"
    lines = path.read_text("utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.startswith("#")]


def _drawn(path: Path) -> set[int]:
    """Code points the face maps to a glyph with outlines (not .notdef, not blank)."""
    font = FTFont(str(path))
    glyf = font["glyf"]
    return {c for c, g in font.getBestCmap().items()
            if g != ".notdef" and glyf[g].numberOfContours != 0}


def test_the_list_is_the_standard() -> None:
    chars = standard_chars()
    assert len(chars) == len(set(chars)) == 8105
    assert all(len(c) == 1 for c in chars)
    assert chars[:3] == ["一", "乙", "二"]
    assert all(c in chars for name in NAMES for c in name)
    assert RARE not in chars


def test_every_standard_character_is_drawn_by_a_bundled_face() -> None:
    drawn: set[int] = set()
    for path in bundled_font_paths().values():
        drawn |= _drawn(path)
    lacking = [c for c in standard_chars() if ord(c) not in drawn]
    assert lacking == []
    # And what official documents need besides: ASCII, full-width forms, GB/T 9704 symbols.
    extra = ([chr(c) for c in range(0x21, 0x7F)] + [chr(c) for c in range(0xFF01, 0xFF5F)]
             + list("★〔〕【】《》“”‘’、。，；：？！…—·（）℃№"))
    assert [c for c in extra if ord(c) not in drawn] == []
    # The check on saving counts them all as printable.
    base = printable_codepoints()
    assert all(ord(c) in base for c in standard_chars())
    assert ord(RARE) not in base


def test_each_style_draws_every_standard_character() -> None:
    """Through the per-character fallback, whatever face a style starts from."""
    fonts = FontSet.load(resolve_fonts(use_installed=False))
    for style in fonts.primary:
        font = fonts.font_for(style)
        for ch in standard_chars():
            fonts.face_for_char(font, ch)
    assert fonts.missing == set()


def _font_glyphs(pdf: bytes) -> dict[str, bool]:
    """Each character shown in the PDF → whether its embedded glyph has outlines."""
    out: dict[str, bool] = {}
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            desc = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            file = desc["/FontDescriptor"].get_object()["/FontFile2"].get_object()
            face = FTFont(io.BytesIO(file.get_data()))
            to_unicode = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            cmap = face.getBestCmap() or {}
            glyf = face["glyf"]
            order = face.getGlyphOrder()
            for code, uni in _bfchars(to_unicode):
                glyph = cmap.get(code) or cmap.get(0xF000 + code)
                if glyph is None and code < len(order):
                    glyph = order[code]
                ok = glyph not in (None, ".notdef") and glyf[glyph].numberOfContours != 0
                out[uni] = out.get(uni, False) or ok
    return out


def _bfchars(cmap: str) -> list[tuple[int, str]]:
    out = []
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out.append((int(code, 16), bytes.fromhex(uni).decode("utf-16-be")))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, uni in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = ord(bytes.fromhex(uni).decode("utf-16-be"))
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out.append((code, chr(start + i)))
    return out


def test_the_five_names_print_with_glyphs(session: UserSession) -> None:
    text = "参加人员：" + "、".join(NAMES) + "〔2026〕★"
    session.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                      "content": text, "importance": 1})
    job = print_register(session, "chronicle", year=2026)
    assert not job.missing
    pdf = job.pdf
    flat = re.sub(r"\s+", "", "".join(p.extract_text() or ""
                                      for p in PdfReader(io.BytesIO(pdf)).pages))
    for name in NAMES:
        assert name in flat
    glyphs = _font_glyphs(pdf)
    for ch in "".join(NAMES) + "〔〕★":
        assert glyphs.get(ch) is True, ch


def test_a_character_no_face_has_is_refused_on_saving(session: UserSession) -> None:
    with pytest.raises(ValidationError) as caught:
        session.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                          "content": f"约谈{RARE}某某", "importance": 1})
    message = caught.value.errors["content"]
    label = session.catalog.ledger("chronicle").field("content").label
    assert message == (f"字段“{label}”中的“{RARE}”无法打印（字库中没有这个字），"
                       "请改用常用字或联系管理员安装字体")
    # The names of the issue are saved.
    entry = session.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                              "content": "约谈" + "、".join(NAMES),
                                              "importance": 1})
    # And an edit that brings the rare character in is refused the same way.
    with pytest.raises(ValidationError):
        session.ledgers.edit("chronicle", entry.id, {"content": f"约谈{RARE}"})


def test_a_face_mapped_on_the_settings_page_counts(session: UserSession,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A character only the user's mapped face has is accepted (it prints in that face)."""
    from paizhu_desktop.core import glyphs as coverage

    kai = bundled_font_paths()["kai"]
    monkeypatch.setattr(coverage, "_base", [frozenset(face_codepoints(kai) - {ord("喆")})])
    monkeypatch.setattr(coverage, "_installed", [frozenset()])
    with pytest.raises(ValidationError):
        session.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                          "content": "王喆", "importance": 1})
    from paizhu_desktop.core import settings

    def mapped(_s: Any) -> dict[str, str]:
        return {"body": str(kai)}

    monkeypatch.setattr(settings, "get_print_fonts", mapped)
    session.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                      "content": "王喆", "importance": 1})


@pytest.mark.gui
def test_the_form_shows_the_refusal_under_the_field(qtbot: Any, session: UserSession) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    from gui_helpers import child, open_window

    w = open_window(qtbot, session)
    p = w.open_ledger("chronicle")
    assert p is not None
    p.new_entry()
    content = f"约谈{RARE}某某，王喆、李堃参加"
    child(p, QPlainTextEdit, "content").setPlainText(content)
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)
    error = child(p, QLabel, "content_error")
    assert not error.isHidden() and f"“{RARE}”无法打印" in error.text()
    assert child(p, QPlainTextEdit, "content").toPlainText() == content
    assert session.ledgers.count("chronicle") == 0
