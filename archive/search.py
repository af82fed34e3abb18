"""Run a parsed query against the index and build results with highlighted passages."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh import scoring
from whoosh.searching import ResultsPage, Searcher

from . import query as q
from .analysis import query_grams, words
from .highlight import mark
from .index import from_stored
from .model import Paragraph
from .scope import Regions, Scope, scoped_hits
from .statement_index import stored_statements

SECTION_SEPARATOR = " › "
SORTS = ("relevance", "date", "oldest")
MAX_LIMIT = 100
MAX_PAGE = 1000
WEIGHTING = scoring.BM25F(B=0.75, K1=1.2)


@dataclass
class Passage:
    paragraph: int  # 1-based ordinal of the paragraph in the report
    section: str  # heading path, joined with SECTION_SEPARATOR
    text: str
    html: str  # text HTML-escaped, each match in <mark>…</mark>


@dataclass
class Hit:
    id: str
    title: str
    agency: str | None
    year: int | None
    date: str | None
    type: str | None
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
    """Search for ``text`` (the query language of ``archive.query``).

    Raises ``QueryError`` for a query or option that cannot be run.
    """
    started = time.perf_counter()
    _check_options(limit, page, sort)
    node = q.parse_query(text)
    scope = Scope.of(node)
    terms = [term.text for term in q.positive_terms(node)]
    reader = searcher.reader()
    required = scope.exact(searcher, scope_candidates(scope, reader))  # the exact pass of kind:, /s, /p
    partial = False
    results = _page(searcher, _ranked(required, terms), page, limit, sort)
    if results.total == 0 and len(terms) > 1:
        required = _partial(scope.query, reader)
        scope = scope.without_unit()
        partial = True
        results = _page(searcher, _ranked(required, terms), page, limit, sort)
    past_the_end = page > results.pagecount
    # Sorted by a field, Whoosh puts the sort key where the score would be.
    hits = [
        _hit(result.fields(), result.score if sort == "relevance" else None, terms, passages_per_result, scope)
        for result in ([] if past_the_end else results)
    ]
    return SearchResponse(
        query=text,
        total_documents=results.total,
        total_passages=sum(len(hit.passages) for hit in hits),
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        partial=partial,
        results=hits,
        page=page,
        limit=limit,
    )


def _ranked(required: wq.Query, terms: list[str]) -> wq.Query:
    return wq.AndMaybe(required, _ranking(terms)) if terms else required


def _page(searcher: Searcher, query: wq.Query, page: int, limit: int, sort: str) -> ResultsPage:
    """One page of results, scored and counted exactly.

    Whoosh's collectors normally "replace" matchers once their top N is full,
    pruning what can no longer reach it; with our ranking union that drops
    scores and miscounts totals, so it is turned off.
    """
    sort_options: dict[str, Any] = {}
    if sort != "relevance":
        sort_options = {"sortedby": "date", "reverse": sort == "date"}
    collector = searcher.collector(limit=page * limit, optimize=False, **sort_options)
    collector.replace = 0
    searcher.search_with_collector(query, collector)
    return ResultsPage(collector.results(), page, limit)


def _check_options(limit: int, page: int, sort: str) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise q.QueryError(f"每页条数应在 1–{MAX_LIMIT} 之间。")
    if not 1 <= page <= MAX_PAGE:
        raise q.QueryError(f"页码应在 1–{MAX_PAGE} 之间。")
    if sort not in SORTS:
        raise q.QueryError(f"排序方式应为 {' / '.join(SORTS)} 之一。")


# --- compiling the syntax tree to Whoosh queries -----------------------------


def exact_query(text: str) -> wq.Query:
    """Matches reports whose text contains the normalized string ``text``, exactly."""
    grams = query_grams(text)
    if len(grams) == 1:
        return wq.Term("exact", grams[0])
    return wq.Phrase("exact", grams)


def scope_candidates(scope: Scope, reader: Any) -> wq.Query:
    """The Whoosh query for the candidates of ``scope`` (``Scope.candidates``)."""
    return wq.Every() if scope.candidates is None else _compile(scope.candidates, reader)


def candidate_documents(searcher: Searcher, node: q.Node) -> list[int]:
    """The document numbers the index matches for the parsed query ``node``, before the
    exact pass of its scope (``archive.scope``)."""
    return list(searcher.docs_for_query(scope_candidates(Scope.of(node), searcher.reader())))


def _compile(node: q.Node, reader: Any) -> wq.Query:
    if isinstance(node, q.Term):
        return exact_query(node.text)
    if isinstance(node, q.And):
        return wq.And([_compile(child, reader) for child in node.children])
    if isinstance(node, q.Or):
        return wq.Or([_compile(child, reader) for child in node.children])
    if isinstance(node, q.Not):
        return wq.And([wq.Every(), wq.Not(_compile(node.child, reader))])
    if isinstance(node, q.YearFilter):
        return wq.NumericRange("year", node.low, node.high)
    if isinstance(node, q.DateFilter):
        return wq.TermRange("date", node.low, node.high)
    if isinstance(node, q.KindFilter):
        return wq.Term("kinds", node.kind)
    return _text_filter(node, reader)


def _text_filter(node: q.TextFilter, reader: Any) -> wq.Query:
    """A substring filter on a metadata field, expanded over the field's (small) lexicon."""
    fieldname = f"{node.field}_key"
    values = [value for value in reader.lexicon(fieldname) if node.value in value.decode("utf-8")]
    if not values:
        return wq.NullQuery
    return wq.Or([wq.Term(fieldname, value.decode("utf-8")) for value in values])


def _partial(node: q.Node, reader: Any) -> wq.Query:
    """Best partial matches: any of the terms, still within the filters and exclusions."""
    children = node.children if isinstance(node, q.And) else (node,)
    kept = [_compile(child, reader) for child in children if not isinstance(child, (q.Term, q.And, q.Or))]
    any_term = wq.Or([exact_query(term.text) for term in q.positive_terms(node)])
    return wq.And([*kept, any_term]) if kept else any_term


def _ranking(terms: list[str]) -> wq.Query:
    """BM25F over the jieba words of the terms, in title, headings and body."""
    union = wq.Or([
        wq.Term(fieldname, word)
        for term in terms
        for word in set(words(term))
        for fieldname in ("title_words", "heading_words", "body_words")
    ])
    # Whoosh would pick a matcher that reads and scores every posting of every
    # word up front in small segments (all of ours); the lazy union is faster.
    union.matcher_type = wq.Or.DEFAULT_MATCHER
    return union


# --- results ------------------------------------------------------------------


def _hit(stored: dict[str, Any], score: float | None, terms: list[str], limit: int, scope: Scope) -> Hit:
    report = from_stored(stored)
    statements = stored_statements(stored, report) if scope.kind else []
    return Hit(
        id=report.id,
        title=report.title,
        agency=report.agency,
        year=report.year,
        date=report.date,
        type=report.doc_type,
        source=report.source,
        score=round(score or 0.0, 4),
        passages=best_passages(report.paragraphs, terms, limit, scope.regions(report.paragraphs, statements)),
    )


def best_passages(
    paragraphs: list[Paragraph], terms: list[str], limit: int, regions: Regions | None = None
) -> list[Passage]:
    """The ``limit`` paragraphs matching the most distinct terms (then the earliest), in report order.

    With ``regions`` (``archive.scope``), only hits inside a paragraph's regions count.
    """
    candidates = []
    for ordinal, paragraph in enumerate(paragraphs, start=1):
        found = scoped_hits(paragraph.text, terms, ordinal, regions)
        if found:
            candidates.append((-len(found), ordinal, paragraph, found))
    best = sorted(candidates, key=lambda c: c[:2])[:limit]
    return [
        passage(ordinal, paragraph, [span for spans in found.values() for span in spans])
        for _, ordinal, paragraph, found in sorted(best, key=lambda c: c[1])
    ]


def passage(ordinal: int, paragraph: Paragraph, spans: list[tuple[int, int]]) -> Passage:
    """The passage for one paragraph with ``spans`` marked."""
    return Passage(
        paragraph=ordinal,
        section=SECTION_SEPARATOR.join(paragraph.section),
        text=paragraph.text,
        html=mark(paragraph.text, spans),
    )
