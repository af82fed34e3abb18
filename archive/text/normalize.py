"""Character normalization for matching: full/half width, case, traditional/simplified.

Every character is normalized on its own (never as part of a phrase), so that a
match found in normalized text maps back to an exact span of the original text.
Display always uses the original text.
"""

from __future__ import annotations

import re
import unicodedata

import opencc

_T2S = opencc.OpenCC("t2s")


# Characters a terminal acts on or hides rather than shows: C0/C1 controls (escape sequences,
# newlines), DEL, bidirectional overrides and lone surrogates (undecodable bytes of a file name).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on written as its escape (``\\x1b``,
    ``\\n``): a file name with an escape sequence or a newline is printed as it is, not run."""
    return _UNPRINTABLE.sub(lambda match: match[0].encode("unicode_escape", "backslashreplace").decode("ascii"), text)


# Characters that show nothing and are no text: C0/C1 controls but whitespace, format characters
# (byte-order mark, zero-width spaces and joiners, soft hyphen, direction marks and overrides).
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def visible(text: str) -> str:
    """``text`` without the characters that show nothing: what a query copied from a file or a
    web page carries unseen (``\\ufeff执法\\u200b检查``) is not text a report is searched for."""
    return _INVISIBLE.sub("", text)


def is_text(value: str) -> bool:
    """Whether ``value`` is Unicode text, without the lone surrogates that stand for
    bytes a command line could not decode (no report holds them, none can be stored)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _normalize_char(char: str) -> str:
    if char.isspace():
        return "\n" if char in "\n\r\u2028\u2029" else " "
    folded = unicodedata.normalize("NFKC", char).lower()
    if len(folded) == 1 and unicodedata.category(folded) == "Lo":
        converted = _T2S.convert(folded)
        if len(converted) == 1:
            folded = converted
    # NFKC can itself produce whitespace (e.g. U+3000 is caught above, but
    # compatibility forms such as U+FE4D may fold to spaces); keep it one char.
    return "".join(" " if c.isspace() else c for c in folded)


# Code points the table keeps, at most: the CJK and Latin blocks texts use fit many times; a
# query of rare characters one by one cannot grow it to all of Unicode (1.1 M, 150 MB).
_TABLE_SIZE = 65_536


class _Table(dict):
    """A ``str.translate`` table filled lazily, one code point at a time, up to ``_TABLE_SIZE``
    (past that, a character not in it is folded again each time)."""

    def __missing__(self, code: int) -> str:
        value = _normalize_char(chr(code))
        if len(self) < _TABLE_SIZE:
            self[code] = value
        return value


_TABLE = _Table()


def normalize(text: str) -> str:
    """Fold ``text`` for matching: NFKC width folding, lower case, simplified characters.

    Whitespace becomes a plain space, line breaks become ``\\n``.
    """
    return text.translate(_TABLE)


def normalize_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Normalize ``text`` and say where each normalized character came from.

    Returns ``(normalized, offsets)``: ``offsets[i]`` is the index in ``text`` of
    the character that produced ``normalized[i]``, with ``len(text)`` appended.
    ``offsets`` is ``None`` when the mapping is the identity (the common case).
    """
    normalized = normalize(text)
    if len(normalized) == len(text):
        # No character expanded (a character never normalizes to nothing), so
        # the normalized text lines up with the original one to one.
        return normalized, None
    offsets: list[int] = []
    for index, char in enumerate(text):
        offsets.extend([index] * len(_TABLE[ord(char)]))
    offsets.append(len(text))
    return normalized, offsets


def original_span(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map the normalized span ``[start, end)`` back to a span of the original text."""
    if offsets is None:
        return start, end
    # An end inside an expanded character extends to cover that whole character.
    original_end = offsets[end] if offsets[end] != offsets[end - 1] else offsets[end - 1] + 1
    return offsets[start], original_end
