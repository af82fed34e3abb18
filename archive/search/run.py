"""Run a query: match it once (``archive.search.matching``), and from that one match rank and
page the reports, build results with highlighted passages and count the facets; or mark
one report's paragraphs, with the same decisions made for it alone."""

from __future__ import annotations

import time
from functools import lru_cache
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from archive.errors import QueryError
from archive.model import ReportRef
from archive.search import query as q
from archive.search.browse import facet_mask
from archive.search.facets import FacetValue, facet_counts
from archive.search.matching import Match, agency_names, current_versions, match_query
from archive.search.ranking import date_keys, order, relevance
from archive.search.results import Passage, all_passages, best_passages
from archive.search.suggest import Suggestion, suggestions
from archive.settings import DEFAULTS, Deadline, Settings
from archive.store.gateway import Snapshot
from archive.store.layout import StoredReport
from archive.text.analysis import PARAGRAPH_BREAK
from archive.text.normalize import normalize

SORTS = ("relevance", "date", "oldest")


@dataclass
class Hit(ReportRef):
    """A report found, with its score and best passages."""

    source: str
    score: float
    passages: list[Passage] = field(default_factory=list)
    as_typed: bool = True  # False: matched only with quotes, brackets or punctuation ignored


@dataclass
class Notice:
    """Something the reader of the results must know about how they were found, in words."""

    kind: str  # "dates", "agency", "loose", …: the web styles it by this
    text: str


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
    by_year: int = 0  # in a date sort: matching reports without a publish date, sorted by their report year
    undated: int = 0  # in a date sort: matching reports with neither, sorted last
    notices: list[Notice] = field(default_factory=list)  # what the CLI and the web say above the results
    suggestions: list[Suggestion] = field(default_factory=list)  # other queries meant, with their counts (links)
    past_the_end: bool = False  # the page asked for is past the last one (a "page" notice says so)

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
    facets: int | None = 0,
    exact: Mapping[str, str] | None = None,
    all_versions: bool = False,
    settings: Settings = DEFAULTS,
    deadline: Deadline | None = None,
) -> SearchResponse:
    """Search for ``text`` (the query language of ``archive.search.query``); with ``facets``,
    also count the ``facets`` largest values of each facet over every matching report
    (``None``: every value; 0: no counts). ``exact`` (``{"agency": …, "type": …}``) keeps
    only reports with exactly those facet values, as a facet's link asks: the match, and
    its trimmed and partial decisions, are made within them. Old versions of edited reports
    are left out unless ``all_versions``. ``deadline`` is checked in the match's exact pass
    and before each result (``TooLarge`` past it).

    Raises ``QueryError`` for a query or option that cannot be run.
    """
    started = time.perf_counter()
    check_options(limit, page, sort, settings)
    within = None if all_versions else current_versions(snapshot)
    if exact:
        facet = facet_mask(snapshot, exact.get("agency", ""), exact.get("type", ""))
        within = facet if within is None else within & facet
    node = q.parse_query(text)
    found = match_query(snapshot, node, within, few=settings.few_results, scan_limit=settings.loose_candidates,
                        deadline=deadline)  # fmt: skip
    docnums = found.docnums
    paragraphs = lru_cache(maxsize=None)(snapshot.paragraph_texts)  # read once for ranking and passages
    runs = [normalize(joined) for typed, joined in q.joined_forms(text) if all(len(w) == 1 for w in typed.split())]
    bare = q.without_enclosing_marks(node) or node  # (“第二十一条 为”: Chinese quotes are no phrase quotes)
    runs = list(dict.fromkeys(runs + q.joined_as_typed(node) + q.joined_as_typed(bare)))
    scores = (relevance(snapshot, found, settings.proximity_window, paragraphs, runs) if sort == "relevance"
              else np.zeros(len(docnums)))  # fmt: skip
    start = (page - 1) * limit
    past_the_end = page > 1 and start >= len(docnums)
    per_result = passages_per_result or settings.passages_per_result
    loose = found.loose[docnums] if found.loose is not None else None
    hits = []
    for i in order(snapshot, docnums, scores, sort, loose, first=start + limit)[start : start + limit]:
        if deadline is not None:
            deadline.check()
        hits.append(_hit(snapshot, int(docnums[i]), scores[i] if sort == "relevance" else None, found, per_result,
                         runs, paragraphs))  # fmt: skip
    keys = date_keys(snapshot, docnums) if sort != "relevance" else []
    by_year, undated = sum(1 for key in keys if key and "-" not in key), sum(1 for key in keys if not key)
    notices = [_dates_notice(by_year, undated)] if by_year or undated else []
    if past_the_end:
        pages = max(1, -(-len(docnums) // limit))
        notices.append(Notice("page", f"没有第 {page} 页：共 {len(docnums)} 篇报告，每页 {limit} 篇，只有 {pages} 页。"))
    for agency in found.agencies:
        names = agency_names(snapshot, agency)
        if names:
            notices.append(Notice("agency", f"“{agency.typed}”按机构名称的各种写法匹配：{'、'.join(names)}。"))
    if loose is not None and not found.trimmed:
        notices.append(_loose_notice(len(docnums) - int(loose.sum()), int(loose.sum())))
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
        facets=facet_counts(snapshot, docnums, facets) if facets != 0 else None,
        by_year=by_year,
        undated=undated,
        notices=notices,
        suggestions=suggestions(snapshot, text, len(docnums), settings, within) if page == 1 else [],
        past_the_end=past_the_end,
    )


def _loose_notice(typed: int, loose: int) -> Notice:
    return Notice("loose", f"{typed} 篇按输入原样匹配，排在前面；另有 {loose} 篇忽略引号、括号或标点后才匹配，"
                           f"标为“忽略标点”，排在其后。")


def _dates_notice(by_year: int, undated: int) -> Notice:
    parts = [f"{by_year} 篇没有发布日期，按报告年度排在该年之首"] if by_year else []
    parts += [f"{undated} 篇既无发布日期也无年度，排在最后"] if undated else []
    return Notice("dates", "按日期排序：其中" + "；".join(parts) + "。")


def matching_documents(snapshot: Snapshot, text: str, all_versions: bool = False) -> np.ndarray:
    """The document numbers of every report ``run_search`` counts for ``text``."""
    return match_query(snapshot, q.parse_query(text), None if all_versions else current_versions(snapshot)).docnums



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
    texts = [normalize(stored.report.title), *snapshot.paragraph_texts(docnum)]
    marked = all_passages(paragraphs, found.marked_terms(docnum, texts), regions)
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


def _hit(snapshot: Snapshot, docnum: int, score: float | None, found: Match, limit: int, runs: list[str],
         paragraph_texts: Callable[[int], list[str]]) -> Hit:  # fmt: skip
    stored = snapshot.report(docnum)
    report = stored.report
    regions = found.scope.regions(report.paragraphs, stored.statements if found.scope.kind else [])
    metadata = normalize(" ".join(filter(None, (report.agency, report.doc_type))))
    as_typed = found.loose is None or not found.loose[docnum]
    paragraphs = paragraph_texts(docnum)
    terms = _joined_runs(found.marked_terms(docnum, [normalize(report.title), *paragraphs]), runs, paragraphs)
    return Hit.of(
        report,
        source=report.source,
        score=round(float(score or 0.0), 4),  # (a numpy float rounds in ~5 µs, a float in 0.6)
        as_typed=as_typed,
        passages=best_passages(report.paragraphs, terms, limit, regions, paragraphs,
                               title=report.title, metadata_terms=frozenset(t for t in terms if t in metadata)),
    )


def _joined_runs(terms: list[str], runs: list[str], paragraphs: list[str]) -> list[str]:
    """``terms`` with each run of single characters typed apart (``执 法 检 查``) that a paragraph
    of the report holds joined standing in for its characters: the passages then show and mark
    执法检查, not its characters scattered."""
    joined = PARAGRAPH_BREAK.join(paragraphs) if runs else ""  # (one search a run; a run of a break holds in no paragraph)
    for run in runs:
        if PARAGRAPH_BREAK not in run and run in joined:
            terms = [run, *(term for term in terms if term not in run or len(term) > 1)]
    return terms
