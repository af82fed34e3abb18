"""Sentences: where a paragraph's sentences begin and end.

A sentence ends after 。！？ or ； (full or half width), with any closing quotes
or brackets that follow. The reports chain independent statements with ；
(``一是…；二是…；``), so ； ends a sentence too. A heading paragraph's title is
a sentence of its own, even where no punctuation ends it (``（二）坚守立局之本一是…``).
Spans are offsets into the paragraph's text, leading and trailing whitespace
left out; text with no letter or digit in it is no sentence.

Enumerations inside a paragraph (``主要做法：一是…；二是…；三是…``, ``（1）…（2）…``,
``①…②…``) split it too, before each item, even where only a comma separates the
items; ``enumerated`` tells, for each sentence inside one, which item it belongs to
and the lead sentence that introduces the list (``主要做法：``), so that a commitment
or figure in ``二是…`` can be read with what it is a case of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.parsing.structure import heading_title
from archive.text.numerals import numeral_value
from archive.text.patterns import find_from_starts

Span = tuple[int, int]

# An enumeration item marker: 一是 二是 … where a clause begins (not 统一是), （1） (2) …
# and ① ② … anywhere but after 第 or a digit.
_ITEM = re.compile(
    r"(?P<boundary>(?<=[\s。！？；;：:，,、]))?"
    r"(?:(?P<cn>[一二三四五六七八九十]{1,2})是|(?<![第\d])(?:[（(](?P<digits>\d{1,2})[）)]|(?P<circled>[\u2460-\u2473])))"
)
# Where an item marker can begin (a class first, for find_from_starts): 一是, 十一是, (1, ①
_ITEM_START = re.compile(
    r"[一二三四五六七八九十（(\u2460-\u2473]"
    r"(?:(?<=[一二三四五六七八九十])[一二三四五六七八九十]?是|(?<=[（(])\d|(?<=[\u2460-\u2473]))"
)
_FULL_STOP = re.compile(r"[。！？!?]")


@dataclass(frozen=True)
class Enumerated:
    """A sentence inside an enumeration: which item it belongs to and the list's lead.

    ``item`` is the item's number (1 for ``一是…``); ``lead`` the span of the sentence
    before the first item (``主要做法：``, or a run-in heading's title), None when the
    paragraph begins with the first item (its lead is then the heading above it).
    """

    span: Span
    item: int
    lead: Span | None

_END = re.compile(r"[。！？；!?;][。！？；!?;]*[”’」』）)\]】]*")  # (not [。…]+: a class first is found quicker)
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
    cuts = sorted({match.end() for match in _END.finditer(text, start)} | set(_item_starts(text, start)))
    spans = []
    for cut in cuts:
        spans.extend(_trimmed(text, start, cut))
        start = cut
    spans.extend(_trimmed(text, start, len(text)))
    return spans


def enumerated(text: str, heading: bool = False) -> list[Enumerated]:
    """Every sentence of a paragraph's ``text`` that lies inside an enumeration, in order.

    ``enumerated("主要做法：一是加强检查，开展检查20次；二是完善制度。")`` gives the two
    item sentences, items 1 and 2, both with the lead span of ``主要做法：``.
    """
    starts = _item_starts(text, _title_end(text) if heading else 0)
    if not starts:
        return []
    spans = sentence_spans(text, heading)
    before = [span for span in spans if span[1] <= starts[0]]
    lead = before[-1] if before else None
    stop = _FULL_STOP.search(text, starts[-1])  # the last item ends with its sentence
    end = stop.end() if stop else len(text)
    result = []
    for span in spans:
        item = sum(1 for start in starts if start <= span[0])
        if item and span[0] < end:
            result.append(Enumerated(span, item, lead))
    return result


def _item_starts(text: str, start: int) -> list[int]:
    """Where the items of the paragraph's enumeration begin: markers numbered 1, 2, 3…
    in order (at least two), of the kind that comes first."""
    runs: dict[str, list[int]] = {}
    for match in find_from_starts(_ITEM, _ITEM_START, text, start):
        kind, number = _item_number(match)
        if kind == "是" and match["boundary"] is None and match.start() not in (0, start):
            continue
        run = runs.setdefault(kind, [])
        if number == len(run) + 1:
            run.append(match.start())
    found = [run for run in runs.values() if len(run) >= 2]
    return min(found, key=lambda run: run[0]) if found else []


def _item_number(match: re.Match[str]) -> tuple[str, int]:
    if match["cn"]:
        return "是", int(numeral_value(match["cn"]))
    if match["digits"]:
        return "()", int(match["digits"])
    return "circled", ord(match["circled"]) - 0x2460 + 1


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
