"""Free text people type (names, notes, menu texts): what is kept, cleaned or refused.

Every such text is shown to other people (the POS, the Tables page, kitchen tickets, the
menu), so it must be text someone could have typed and someone else can read:
- Unicode NFC, so that the same name typed on two phones is the same string;
- line breaks as "\\n" (CR LF and CR become LF) and tabs as spaces; a line break is refused
  in single-line text (a name), kept in multi-line text (notes, descriptions);
- any other control character (C0, DEL, C1: NUL, ESC, BEL, ...) is refused: no keyboard
  types them, and removing them silently would hide what a client sent;
- bidi embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069) are removed
  wherever they are: one left open reorders the text shown after the name;
- whitespace, zero-width and bidi marks are stripped at both ends (inside, a zero-width
  joiner belongs to emoji and many scripts);
- text with nothing visible left (only spaces, zero-width characters, fillers) is empty.
"""
from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u034f\u061c\u200e\u200f")
# letters that draw nothing (Hangul fillers, the braille blank): a "name" of them is blank
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_TRIMMED = ZERO_WIDTH | BIDI_CONTROLS | INVISIBLE_LETTERS
_NOT_VISIBLE_CATEGORIES = ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cs")  # not Cn: a newer emoji


class InvalidText(ValueError):
    """The reason a text is refused, as a sentence's end ("must not contain ...")."""


def _is_trimmed(ch: str) -> bool:
    return ch.isspace() or ch in _TRIMMED


def is_visible(ch: str) -> bool:
    return ch not in INVISIBLE_LETTERS and unicodedata.category(ch) not in _NOT_VISIBLE_CATEGORIES


def clean_text(value: str, *, multiline: bool = False, required: bool = True) -> str:
    """The text to store, or InvalidText. `required`: text with nothing visible is refused
    (otherwise it becomes "")."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    for ch in text:
        if ch in ("\u2028", "\u2029") or (ch == "\n" and not multiline):
            raise InvalidText("must be one line (no line breaks)" if not multiline
                              else "must not contain Unicode line or paragraph separators")
        if ch != "\n" and unicodedata.category(ch) == "Cc":
            raise InvalidText(f"must not contain control characters (found U+{ord(ch):04X})")
        if unicodedata.category(ch) == "Cs":
            raise InvalidText("must be valid Unicode text (found a lone surrogate)")
    text = unicodedata.normalize("NFC", "".join(ch for ch in text if ch not in BIDI_CONTROLS))
    start, end = 0, len(text)
    while start < end and _is_trimmed(text[start]):
        start += 1
    while end > start and _is_trimmed(text[end - 1]):
        end -= 1
    text = text[start:end]
    if multiline:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    if not any(is_visible(ch) for ch in text):
        if required:
            raise InvalidText("must not be empty (spaces and invisible characters do not count)")
        return ""
    return text


def control_character_in(value: str) -> str | None:
    """The first control character (other than a line break or tab) of `value`, if any."""
    for ch in value:
        if ch not in "\n\r\t" and unicodedata.category(ch) == "Cc":
            return ch
    return None
