"""Text from outside: which characters a value may hold, how input is quoted
back in a message, and what an attachment's file name is reduced to.

Every text a person types, a JSON file or the command line gives passes
:func:`character_problem` before it is stored. Refused everywhere: control
characters (C0 other than tab and line feed, DEL, C1), characters that change
the direction of the text around them (U+202A–U+202E, U+2066–U+2069: they can
make a register show something other than what is stored) and lone surrogates
(not text at all; SQLite and the printer cannot take them). A one-line field
refuses tab, line feed, carriage return and the Unicode line and paragraph
separators as well; a multi-line field keeps tabs and reads every line break
(CR LF, CR, U+2028, U+2029) as a line feed (:func:`plain_lines`).
"""

from __future__ import annotations

import re

#: Direction overrides and isolates (Unicode bidirectional formatting characters).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: What a file name is cut to (characters; extension kept), and its fallback.
MAX_FILENAME = 100
DEFAULT_FILENAME = "附件"
_WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)

#: Refused in any field: C0 but tab, line feed and carriage return (a paragraph's line
#: breaks), DEL, C1, direction changes, surrogates.
_NEVER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: Refused in a one-line field besides: tab and every line break.
_NEVER_IN_ONE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: Taken out of a file name: whatever no field takes, and line breaks.
_NOT_IN_NAME = _NEVER_IN_ONE_LINE
_RESERVED_IN_NAME = str.maketrans(dict.fromkeys('<>:"|?*', "_"))


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def is_surrogate(ch: str) -> bool:
    return 0xD800 <= ord(ch) <= 0xDFFF


def character_problem(text: str, *, one_line: bool) -> str | None:
    """Why ``text`` cannot be stored (a Chinese phrase to follow the field's label),
    or None. ``one_line``: a one-line field (title, place, names, account)."""
    found = (_NEVER_IN_ONE_LINE if one_line else _NEVER).search(text)
    if found is None:
        return None
    ch = found.group()
    if ch in "\n\r\u2028\u2029":
        return "只能填写一行"
    if ch == "\t":
        return "不能含有制表符（只能填写一行文字）"
    if ch in BIDI_CONTROLS:
        return (f"含有改变文字方向的控制字符（{_code(ch)}），显示的内容会与实际不符，"
                "不能保存")
    if is_surrogate(ch):
        return f"含有无效的字符（{_code(ch)}）"
    return f"含有不能保存的控制字符（{_code(ch)}）"


def plain_lines(text: str) -> str:
    """Paragraph text with every line break as a line feed (CR LF from Windows, a
    lone CR, U+2028 and U+2029)."""
    return re.sub("\r\n?|[\u2028\u2029]", "\n", text)


def quoted(value: object, limit: int = 30) -> str:
    """``value`` as it may appear inside a one-line message: controls, direction
    changes, surrogates and line breaks shown as �, cut to ``limit`` characters."""
    text = value if isinstance(value, str) else repr(value)
    shown = _NEVER_IN_ONE_LINE.sub("\ufffd", text[: limit + 1])
    return shown if len(text) <= limit else shown[: limit - 1] + "…"


def one_line(message: str, limit: int = 2000) -> str:
    """A message on one line: line breaks and tabs as a space, controls as �."""
    return quoted(re.sub("[\n\r\u2028\u2029\t]+", " ", message), limit)


def safe_filename(name: str, limit: int = MAX_FILENAME) -> str:
    """The name an attachment is stored under: its last path part only (``/``
    and ``\\`` both separate), no controls, direction changes, surrogates or line
    breaks, ``_`` for characters a file system forbids, no leading dots, no
    trailing dots or spaces, a Windows device name made harmless, at most
    ``limit`` characters with a short extension kept, never empty
    (:data:`DEFAULT_FILENAME`)."""
    base = re.split(r"[/\\]", name)[-1]
    kept = _NOT_IN_NAME.sub("", base).translate(_RESERVED_IN_NAME)
    kept = kept.strip().lstrip(".").rstrip(". ")
    if _WINDOWS_DEVICES.match(kept):
        kept = "_" + kept
    stem, dot, ext = kept.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = kept, ""
    suffix = f".{ext}" if ext else ""
    stem = stem[: limit - len(suffix)].rstrip(". ")
    return (stem or DEFAULT_FILENAME) + suffix
