"""Chinese line breaking (禁则) for cells and paragraphs.

No line starts with a closing mark (，。、；：？！）」 …) and none ends with an
opening one (（「 …); Latin words and numbers are kept whole where they fit.
A closing mark is kept with the character before it, an opening mark with
the one after — the group moves to the next line together, as typesetters
do ("推出").
"""

from __future__ import annotations

from collections.abc import Callable

#: Must not begin a line.
NO_START = frozenset("，。、；：？！）」』》〉】〕〗］｝”’…—·％‰℃,.;:?!)]}%·ー～")
#: Must not end a line.
NO_END = frozenset("（「『《〈【〔〖［｛“‘([{$￥")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                  "._-/:+#@&'０１２３４５６７８９")

#: Width of a character at the size in use.
Measure = Callable[[str], float]


def _units(line: str) -> list[str]:
    """Indivisible pieces: a Latin word or number, or one character, with marks attached."""
    units: list[str] = []
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch in _WORD:
            j = i + 1
            while j < n and line[j] in _WORD:
                j += 1
            units.append(line[i:j])
            i = j
        else:
            units.append(ch)
            i += 1
    # Attach closing marks to what precedes them and opening marks to what follows.
    merged: list[str] = []
    pending = ""
    for piece in units:
        u = pending + piece
        pending = ""
        if u[-1] in NO_END and not (u[0] in NO_START and merged):
            pending = u
            continue
        if u[0] in NO_START and merged and not u.isspace():
            merged[-1] += u
        else:
            merged.append(u)
    if pending:
        if merged:
            merged[-1] += pending
        else:
            merged.append(pending)
    return merged


def wrap(text: str, width: float, char_width: Measure) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (hard line breaks kept), per 禁则."""
    lines: list[str] = []
    for para in text.split("\n"):
        if not para:
            lines.append("")
            continue
        line, used = "", 0.0
        for unit in _units(para):
            w = sum(char_width(c) for c in unit)
            if used + w <= width or not line:
                if w > width and not line:
                    # A piece wider than the whole line (a long number): cut by character.
                    for c in unit:
                        cw = char_width(c)
                        if used + cw > width and line:
                            lines.append(line)
                            line, used = "", 0.0
                        line += c
                        used += cw
                    continue
                line += unit
                used += w
            else:
                lines.append(line.rstrip(" "))
                rest = unit.lstrip(" ")
                line, used = rest, sum(char_width(c) for c in rest)
        lines.append(line.rstrip(" "))
    return lines
