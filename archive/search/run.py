"""Run a query: match it once (``archive.search.matching``), and from that one match rank and
page the reports, build results with highlighted passages and count the facets; or mark
one report's paragraphs, with the same decisions made for it alone."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from archive.errors import QueryError
from archive.model import ReportRef
from archive.search import query as q
from archive.search.facets import FacetValue, facet_counts
from archive.search.matching import Match, match_query
from archive.search.ranking import order, relevance
from archive.search.results import Passage, all_passages, best_passages
from archive.settings import DEFAULTS, Settings
from archive.store.gateway import Snapshot
from archive.store.layout import StoredReport

SORTS = ("relevance", "date", "oldest")


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
    facets: dict[str, list[FacetValue]] | None = None  # counts over every matching report, when asked for

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.facets is None:
            del data["facets"]
        return data


@dataclass
class MarkedReport:
    """One report's paragraphs with the hits of a query marked, for its page."""

    stored: StoredReport
    paragraphs: list[Passage]
    hits: int  # marks in all
    trimmed: bool  # marked without the terms' enclosing quotes and punctuation
    partial: bool  # the report has only some of the terms


def run_search(
    snapshot: Snapshot,
    text: str,
    *,
    limit: int = 10,
    page: int = 1,
    sort: str = "relevance",
    passages_per_result: int | None = None,
    facets: int = 0,
    settings: Settings = DEFAULTS,
) -> SearchResponse:
    """Search for ``text`` (the query language of ``archive.search.query``); with ``facets``,
    also count the ``facets`` largest values of each facet over every matching report.

    Raises ``QueryError`` for a query or option that cannot be run.
    """
    started = time.perf_counter()
    check_options(limit, page, sort, settings)
    found = match_query(snapshot, q.parse_query(text))
    docnums = found.docnums
    scores = relevance(snapshot, found) if sort == "relevance" else np.zeros(len(docnums))
    start = (page - 1) * limit
    per_result = passages_per_result or settings.passages_per_result
    hits = [
        _hit(snapshot, int(docnums[i]), scores[i] if sort == "relevance" else None, found, per_result)
        for i in order(snapshot, docnums, scores, sort)[start : start + limit]
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
        facets=facet_counts(snapshot, docnums, facets) if facets else None,
    )


def matching_documents(snapshot: Snapshot, text: str) -> np.ndarray:
    """The document numbers of every report ``run_search`` counts for ``text``."""
    return match_query(snapshot, q.parse_query(text)).docnums


def mark_report(snapshot: Snapshot, docnum: int, node: q.Node | None) -> MarkedReport:
    """Report ``docnum``'s paragraphs with the hits of ``node`` marked (within its ``kind:``,
    ``/s``, ``/p``), deciding trimmed and partial for this report as a search does."""
    stored = snapshot.report(docnum)
    paragraphs = stored.report.paragraphs
    if node is None:
        return MarkedReport(stored, all_passages(paragraphs, []), 0, False, False)
    within = snapshot.none()
    within[docnum] = True
    found = match_query(snapshot, node, within)
    regions = found.scope.regions(paragraphs, stored.statements)
    marked = all_passages(paragraphs, found.terms, regions)
    hits = sum(p.html.count("<mark>") for p in marked)
    return MarkedReport(stored, marked, hits, found.trimmed and hits > 0, found.partial)


def check_options(limit: int, page: int, sort: str, settings: Settings = DEFAULTS) -> None:
    """Raise ``QueryError`` for a page size, page or sort out of bounds."""
    if not 1 <= limit <= settings.max_limit:
        raise QueryError(f"每页条数应在 1–{settings.max_limit} 之间。")
    if not 1 <= page <= settings.max_page:
        raise QueryError(f"页码应在 1–{settings.max_page} 之间。")
    if sort not in SORTS:
        raise QueryError(f"排序方式应为 {' / '.join(SORTS)} 之一。")


def _hit(snapshot: Snapshot, docnum: int, score: float | None, found: Match, limit: int) -> Hit:
    stored = snapshot.report(docnum)
    report = stored.report
    regions = found.scope.regions(report.paragraphs, stored.statements if found.scope.kind else [])
    return Hit.of(
        report,
        source=report.source,
        score=round(score or 0.0, 4),
        passages=best_passages(report.paragraphs, found.terms, limit, regions, snapshot.paragraph_texts(docnum)),
    )
