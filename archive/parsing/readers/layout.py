"""Lines of a printed page back into paragraphs: the rule PDFs and scans share.

A page breaks every paragraph into lines at the right margin. A line ends its
paragraph when it falls well short of the margin, or short of it after a sentence
end; a line that starts indented opens a new paragraph. A paragraph may go on over
a page break. Lines that are only a page number are dropped.

The PDF reader measures a line by its characters, OCR by its box on the page: each
gives a ``Line`` with the share of the page's text width it fills.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+)\s*$")
_FULL_LINE_SHARE = 0.9  # narrower than this share of the widest line: short of the margin
_SHORT_LINE_SHARE = 0.6  # narrower than this: ends its paragraph whatever its last character
_SENTENCE_END = tuple("。！？!?：:；;")
_LATIN_CONTEXT = 20  # characters before a line's end that tell Chinese text from Latin


@dataclass(frozen=True)
class Line:
    """One printed line: its text, whether it starts indented, and how much of the text width it fills."""

    text: str
    indented: bool
    share: float


def paragraphs(pages: Iterable[list[Line]]) -> list[str]:
    """The paragraphs of a document's pages of lines, in order."""
    result: list[str] = []
    runs_on = False
    for page in pages:
        for line in page:
            text = line.text.strip()
            if not text or PAGE_NUMBER.match(text):
                continue
            if runs_on and not line.indented:
                result[-1] = _join(result[-1], text)
            else:
                result.append(text)
            runs_on = line.share >= _FULL_LINE_SHARE or (line.share >= _SHORT_LINE_SHARE and not text.endswith(_SENTENCE_END))
    return result


def _join(left: str, right: str) -> str:
    """Join two pieces of one paragraph: with a space only between two words of Latin text.

    Chinese text breaks lines anywhere, also inside a number or a Latin name
    (``251`` / ``0.1亿元``, ``PM`` / ``2.5``), so a line of Chinese is joined without one.
    """
    end, start = left[-1:], right[:1]
    latin = end.isascii() and end.isalnum() and start.isascii() and start.isalnum()
    if latin and not any(unicodedata.east_asian_width(c) in "WF" for c in left[-_LATIN_CONTEXT:]):
        return f"{left} {right}"
    return left + right
