"""Sentences: where a paragraph's sentences begin and end.

A sentence ends after 。！？ or ； (full or half width), with any closing quotes
or brackets that follow. The reports chain independent statements with ；
(``一是…；二是…；``), so ； ends a sentence too. A heading paragraph's title is
a sentence of its own, even where no punctuation ends it (``（二）坚守立局之本一是…``).
Spans are offsets into the paragraph's text, leading and trailing whitespace
left out; text with no letter or digit in it is no sentence.
"""

from __future__ import annotations

import re

from archive.parsing.structure import heading_title

Span = tuple[int, int]

_END = re.compile(r"[。！？；!?;]+[”’」』）)\]】]*")
_CONTENT = re.compile(r"\w")


def sentence_spans(text: str, heading: bool = False) -> list[Span]:
    """The sentences of a paragraph's ``text``, as ``(start, end)`` offsets in document order.

    ``heading``: the paragraph is a heading, whose title (``heading_title``) is
    split off as its first sentence.
    """
    first = _title_end(text) if heading else 0
    return (_trimmed(text, 0, first) if first else []) + body_sentence_spans(text, heading)


def body_sentence_spans(text: str, heading: bool = False) -> list[Span]:
    """The sentences of a paragraph's ``text`` after its title, if it is a ``heading``."""
    start = _title_end(text) if heading else 0
    spans = []
    for match in _END.finditer(text, start):
        spans.extend(_trimmed(text, start, match.end()))
        start = match.end()
    spans.extend(_trimmed(text, start, len(text)))
    return spans


def _title_end(text: str) -> int:
    """Where a heading paragraph's title ends: a run-in title's end, else the whole text."""
    title = heading_title(text)
    return text.find(title) + len(title) if title else len(text)


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    """``[(start, end)]`` without surrounding whitespace, or ``[]`` if it holds no word character."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if _CONTENT.search(text, start, end) else []
