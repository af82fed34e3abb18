"""Results: a report's passages with the query's hits marked, best first or all in order."""

from __future__ import annotations

from dataclasses import dataclass

from archive.model import Paragraph
from archive.search.passages import Candidate, rank_paragraphs
from archive.search.scope import Regions, scoped_hits
from archive.store.layout import heading_test
from archive.text.highlight import find_spans, mark
from archive.text.normalize import normalize

SECTION_SEPARATOR = " › "


@dataclass
class Passage:
    paragraph: int  # 1-based ordinal of the paragraph in the report; 0 for the title line
    section: str  # heading path, joined with SECTION_SEPARATOR
    text: str
    html: str  # text HTML-escaped, each match in <mark>…</mark>
    title: bool = False  # the report's title line, shown as the hit when it answers the query


def best_passages(
    paragraphs: list[Paragraph], terms: list[str], limit: int, regions: Regions | None = None,
    normalized: list[str] | None = None, title: str | None = None, metadata_terms: frozenset[str] = frozenset(),
) -> list[Passage]:  # fmt: skip
    """The ``limit`` paragraphs that answer the query best, best first (``archive.search.passages``).

    With ``regions`` (``archive.search.scope``), only hits inside a paragraph's regions count.
    ``normalized``, the paragraphs' normalized texts if known, spares normalizing them again.
    With ``title``, the title line comes first when it holds at least as many of the terms as
    the best paragraph (``metadata_terms``, those the report's agency or other metadata holds,
    count as held by it): a title query is answered by the title, not by a paragraph that
    happens to hold a word of it.
    """
    if normalized is None or len(normalized) != len(paragraphs):
        normalized = [normalize(paragraph.text) for paragraph in paragraphs]
    if terms:
        ranked = rank_paragraphs(normalized, terms, heading_test(paragraphs), None if regions is not None else limit)
    elif regions is not None:  # a kind: query alone: its statements, in report order
        ranked = [Candidate(index, 0, 0, False, 0.0) for index in range(len(paragraphs))]
    else:  # filters alone: no passage
        ranked = []
    if regions is not None:  # count only the hits inside the regions
        ranked = _within_regions(paragraphs, terms, regions, normalized, ranked)
    passages = [marked(c.index + 1, paragraphs[c.index], terms, regions, normalized[c.index]) for c in ranked[:limit]]
    if title is not None and regions is None and terms and _title_answers(title, terms, metadata_terms, ranked, normalized):
        passages = [title_passage(title, terms), *passages][:limit]
    return passages


def _title_answers(title: str, terms: list[str], metadata_terms: frozenset[str], ranked: list[Candidate],
                   normalized: list[str]) -> bool:  # fmt: skip
    """Whether the title line answers at least as well as the best paragraph: it holds a term
    (or no paragraph does), and as many of them, the metadata's counting for both."""
    in_title = {term for term in terms if term in normalize(title)}
    if not ranked:
        return bool(in_title or metadata_terms)
    if not in_title:
        return False
    best = {term for term in terms if term in normalized[ranked[0].index]}
    return len(in_title | metadata_terms) >= len(best | metadata_terms)


def title_passage(title: str, terms: list[str]) -> Passage:
    """The title line as a passage, its hits marked."""
    spans = [span for spans in find_spans(title, terms).values() for span in spans]
    return Passage(paragraph=0, section="", text=title, html=mark(title, spans), title=True)


def _within_regions(paragraphs: list[Paragraph], terms: list[str], regions: Regions, normalized: list[str],
                    ranked: list[Candidate]) -> list[Candidate]:  # fmt: skip
    kept = []
    for candidate in ranked:
        index = candidate.index
        found = scoped_hits(paragraphs[index].text, terms, index + 1, regions, normalized[index])
        if found:
            kept.append(candidate._replace(distinct=len(found) if terms else 0))
    return sorted(kept, key=lambda candidate: candidate.key)


def all_passages(paragraphs: list[Paragraph], terms: list[str], regions: Regions | None = None) -> list[Passage]:
    """Every paragraph as a passage, in order, with its hits marked (the report page)."""
    return [marked(ordinal, paragraph, terms, regions) for ordinal, paragraph in enumerate(paragraphs, start=1)]


def marked(ordinal: int, paragraph: Paragraph, terms: list[str], regions: Regions | None,
           normalized: str | None = None) -> Passage:  # fmt: skip
    """Paragraph ``ordinal`` as a passage with the hits of ``terms`` (inside ``regions``) marked."""
    found = scoped_hits(paragraph.text, terms, ordinal, regions, normalized)
    return passage(ordinal, paragraph, [span for spans in found.values() for span in spans])


def passage(ordinal: int, paragraph: Paragraph, spans: list[tuple[int, int]]) -> Passage:
    """The passage for one paragraph with ``spans`` marked."""
    return Passage(
        paragraph=ordinal,
        section=SECTION_SEPARATOR.join(paragraph.section),
        text=paragraph.text,
        html=mark(paragraph.text, spans),
    )
