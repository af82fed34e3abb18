"""Run a query: match it (``archive.search.matching``), rank and page the reports, and build
results with highlighted passages."""

from __future__ import annotations

import time
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from archive.search import query as q
from archive.text.analysis import PARAGRAPH_BREAK, words
from archive.text.highlight import mark
from archive.search.matching import Match, match_query, occurrences
from archive.model import Paragraph, ReportRef
from archive.text.normalize import normalize
from archive.store.snapshot import IndexView, index_view
from archive.search.scope import Regions, scoped_hits
from archive.statements.stored import stored_statements

SECTION_SEPARATOR = " › "
SORTS = ("relevance", "date", "oldest")
MAX_LIMIT = 100
MAX_PAGE = 1000
B, K1 = 0.75, 1.2  # BM25F parameters
RANKING_FIELDS = ("title_words", "heading_words", "body_words")


@dataclass
class Passage:
    paragraph: int  # 1-based ordinal of the paragraph in the report
    section: str  # heading path, joined with SECTION_SEPARATOR
    text: str
    html: str  # text HTML-escaped, each match in <mark>…</mark>


@dataclass
class Hit(ReportRef):
    """A report found, with its score and best passages."""

    source: str
    score: float
    passages: list[Passage] = field(default_factory=list)


@dataclass
class SearchResponse:
    query: str
    total_documents: int
    total_passages: int  # matching paragraphs in the returned results
    took_ms: float
    partial: bool  # True when no report has every term: these are the best partial matches
    trimmed: bool  # True when no report has the terms as typed, only without their enclosing quotes/punctuation
    results: list[Hit]
    page: int = 1
    limit: int = 10

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_search(
    searcher: Searcher,
    text: str,
    *,
    limit: int = 10,
    page: int = 1,
    sort: str = "relevance",
    passages_per_result: int = 3,
) -> SearchResponse:
    """Search for ``text`` (the query language of ``archive.search.query``).

    Raises ``QueryError`` for a query or option that cannot be run.
    """
    started = time.perf_counter()
    _check_options(limit, page, sort)
    view = index_view(searcher)
    found = match_query(view, q.parse_query(text))
    docnums = found.docnums
    scores = relevance(view, found) if sort == "relevance" else np.zeros(len(docnums))
    start = (page - 1) * limit
    hits = [
        _hit(view, int(docnums[i]), scores[i] if sort == "relevance" else None, found, passages_per_result)
        for i in _order(view, docnums, scores, sort)[start : start + limit]
    ]
    return SearchResponse(
        query=text,
        total_documents=len(docnums),
        total_passages=sum(len(hit.passages) for hit in hits),
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        partial=found.partial,
        trimmed=found.trimmed,
        results=hits,
        page=page,
        limit=limit,
    )


def matching_documents(searcher: Searcher, text: str) -> np.ndarray:
    """The document numbers of every report ``run_search`` counts for ``text``."""
    return match_query(index_view(searcher), q.parse_query(text)).docnums


def _check_options(limit: int, page: int, sort: str) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise q.QueryError(f"每页条数应在 1–{MAX_LIMIT} 之间。")
    if not 1 <= page <= MAX_PAGE:
        raise q.QueryError(f"页码应在 1–{MAX_PAGE} 之间。")
    if sort not in SORTS:
        raise q.QueryError(f"排序方式应为 {' / '.join(SORTS)} 之一。")


# --- ranking ------------------------------------------------------------------


def relevance(view: IndexView, found: Match) -> np.ndarray:
    """Scores of the matching reports: BM25F over the jieba words of the terms (the sum of
    each word's BM25 in title, headings and body, whose postings carry the fields' weights
    3, 2 and 1), plus each term's own BM25 from its exact occurrences, so that a report
    holding the string often ranks above one where the words meet once."""
    scores = np.zeros(view.size)
    for term in found.terms:
        for word in set(words(term)):
            for fieldname in RANKING_FIELDS:
                ids, weights = view.postings(fieldname, word)
                if len(ids):
                    scores[ids] += _bm25(view, fieldname, view.doc_frequency(fieldname, word), weights, ids)
        counts = found.counts[term] if term in found.counts else occurrences(view, term)
        ids = np.flatnonzero(counts)
        scores[ids] += _bm25(view, "body_words", len(ids), counts[ids], ids)
    return scores[found.docnums]


def _bm25(view: IndexView, fieldname: str, frequency: int, weights: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Whoosh's BM25F formula and statistics for a term in ``frequency`` documents,
    with ``weights`` in the documents ``ids``, against the lengths of ``fieldname``."""
    idf = np.log(view.size / (frequency + 1)) + 1
    average = view.searcher.avg_field_length(fieldname) or 1
    lengths = view.field_lengths(fieldname)[ids]
    return idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))


def _order(view: IndexView, docnums: np.ndarray, scores: np.ndarray, sort: str) -> np.ndarray:
    """Positions in ``docnums`` by score (then document number), or by date."""
    if sort == "relevance":
        return np.lexsort((docnums, -scores))
    dates = view.dates[docnums]
    return np.array(sorted(range(len(docnums)), key=lambda i: dates[i], reverse=sort == "date"), dtype=np.int64)


# --- results ------------------------------------------------------------------


def _hit(view: IndexView, docnum: int, score: float | None, found: Match, limit: int) -> Hit:
    stored, report = view.report(docnum)
    statements = stored_statements(stored, report) if found.scope.kind else []
    regions = found.scope.regions(report.paragraphs, statements)
    normalized = view.text(docnum).split(PARAGRAPH_BREAK)[1:]  # after the title: archive.store.schema.exact_text
    return Hit.of(
        report,
        source=report.source,
        score=round(score or 0.0, 4),
        passages=best_passages(report.paragraphs, found.terms, limit, regions,
                               normalized if len(normalized) == len(report.paragraphs) else None),
    )


def best_passages(
    paragraphs: list[Paragraph], terms: list[str], limit: int, regions: Regions | None = None,
    normalized: list[str] | None = None,
) -> list[Passage]:
    """The ``limit`` paragraphs matching the most distinct terms (then the earliest), in report order.

    With ``regions`` (``archive.search.scope``), only hits inside a paragraph's regions count.
    ``normalized``, the paragraphs' normalized texts if known, spares normalizing them again.
    """
    if normalized is None:
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
        found = scoped_hits(paragraphs[index].text, terms, index + 1, regions, normalized[index])
        passages.append(passage(index + 1, paragraphs[index], [span for spans in found.values() for span in spans]))
    return passages


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
