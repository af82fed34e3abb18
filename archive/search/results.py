"""Results: a report's passages with the query's hits marked, best first or all in order."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from archive.model import Paragraph
from archive.search.scope import Regions, scoped_hits
from archive.text.analysis import PARAGRAPH_BREAK
from archive.text.highlight import mark
from archive.text.normalize import normalize

SECTION_SEPARATOR = " › "


@dataclass
class Passage:
    paragraph: int  # 1-based ordinal of the paragraph in the report
    section: str  # heading path, joined with SECTION_SEPARATOR
    text: str
    html: str  # text HTML-escaped, each match in <mark>…</mark>


def best_passages(
    paragraphs: list[Paragraph], terms: list[str], limit: int, regions: Regions | None = None,
    normalized: list[str] | None = None,
) -> list[Passage]:  # fmt: skip
    """The ``limit`` paragraphs matching the most distinct terms (then the earliest), in report order.

    With ``regions`` (``archive.search.scope``), only hits inside a paragraph's regions count.
    ``normalized``, the paragraphs' normalized texts if known, spares normalizing them again.
    """
    if normalized is None or len(normalized) != len(paragraphs):
        normalized = [normalize(paragraph.text) for paragraph in paragraphs]
    present = _terms_present(normalized, terms) if terms else dict.fromkeys(range(len(paragraphs)), 0)
    candidates = []
    for index, count in present.items():
        if regions is not None:  # count only the hits inside the regions
            count = len(scoped_hits(paragraphs[index].text, terms, index + 1, regions, normalized[index]))
        if count:
            candidates.append((-count, index))
    passages = []
    for _, index in sorted(sorted(candidates)[:limit], key=lambda candidate: candidate[1]):
        passages.append(marked(index + 1, paragraphs[index], terms, regions, normalized[index]))
    return passages


def all_passages(paragraphs: list[Paragraph], terms: list[str], regions: Regions | None = None) -> list[Passage]:
    """Every paragraph as a passage, in order, with its hits marked (the report page)."""
    return [marked(ordinal, paragraph, terms, regions) for ordinal, paragraph in enumerate(paragraphs, start=1)]


def marked(ordinal: int, paragraph: Paragraph, terms: list[str], regions: Regions | None,
           normalized: str | None = None) -> Passage:  # fmt: skip
    """Paragraph ``ordinal`` as a passage with the hits of ``terms`` (inside ``regions``) marked."""
    found = scoped_hits(paragraph.text, terms, ordinal, regions, normalized)
    return passage(ordinal, paragraph, [span for spans in found.values() for span in spans])


def _terms_present(normalized: list[str], terms: list[str]) -> dict[int, int]:
    """For each paragraph (by index) holding any of ``terms``, how many of them it holds.

    Found by searching the joined text, once per paragraph holding the term, rather than
    every paragraph for every term: reports run to thousands of paragraphs.
    """
    text = PARAGRAPH_BREAK.join(normalized)
    starts = list(accumulate((len(paragraph) + 1 for paragraph in normalized), initial=0))
    present: dict[int, int] = {}
    for term in dict.fromkeys(terms):
        at = text.find(term)
        while at != -1:
            index = bisect_right(starts, at) - 1
            present[index] = present.get(index, 0) + 1
            at = text.find(term, starts[index + 1])
    return present


def passage(ordinal: int, paragraph: Paragraph, spans: list[tuple[int, int]]) -> Passage:
    """The passage for one paragraph with ``spans`` marked."""
    return Passage(
        paragraph=ordinal,
        section=SECTION_SEPARATOR.join(paragraph.section),
        text=paragraph.text,
        html=mark(paragraph.text, spans),
    )
