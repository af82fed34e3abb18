"""The HTML pages: search, document (with its statements) and query help."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for

from archive import Passage, QueryError, Report
from archive.search.facets import facet_counts
from archive.search.query import MAX_QUERY_LENGTH, Node, parse_query, positive_terms, without_enclosing_marks
from archive.search.scope import Scope, scoped_hits
from archive.search.run import MAX_PAGE, passage
from archive.statements.labels import Statement

from . import archive
from .audit import statement_groups
from .searching import FILTER_LABELS, SORT_LABELS, SearchRequest, citation, paragraph_url

pages = Blueprint("pages", __name__)
FACET_LABELS = {"agency": "机构", "year": "年度", "type": "类型"}


@pages.app_context_processor
def _globals() -> dict[str, Any]:
    return {
        "SORT_LABELS": SORT_LABELS,
        "FILTER_LABELS": FILTER_LABELS,
        "FACET_LABELS": FACET_LABELS,
        "MAX_QUERY_LENGTH": MAX_QUERY_LENGTH,
        "paragraph_url": paragraph_url,
    }


@pages.get("/")
def search() -> Any:
    """The search page: the form, and for a search its results, facets and pages."""
    try:
        form = SearchRequest.from_args(request.args)
        if form.is_empty:
            return render_template(
                "search.html", form=form, facets=facet_counts(archive(), None), reports=archive().stats()["reports"]
            )
        response = form.search(archive())
        facets = facet_counts(archive(), form.query)
    except QueryError as error:
        return render_template("search.html", form=None, error=str(error)), 400
    last_page = min(max(ceil(response.total_documents / form.limit), 1), MAX_PAGE)
    if form.page > last_page:
        return redirect(url_for(".search", **form.params(page=last_page)))
    return render_template("search.html", form=form, response=response, facets=facets, last_page=last_page)


@pages.get("/help")
def help_page() -> str:
    """The query syntax, with examples."""
    return render_template("help.html")


@dataclass
class DocumentParagraph:
    passage: Passage  # its text, with every hit of the query marked
    heading_level: int
    citation: str


@pages.get("/documents/<doc_id>")
def document(doc_id: str) -> Any:
    """One report: metadata, contents, and the full text with the query's hits marked."""
    report = archive().get(doc_id)
    if report is None:
        abort(404)
    q = request.args.get("q", "").strip()
    statements = archive().statements(doc_id) or []
    node = None
    notice = None
    if q:
        try:
            node = parse_query(q)
        except QueryError as error:
            notice = f"检索式有误，未标出命中：{error}"
    paragraphs = _paragraphs(report, q, node, statements)
    hits = _hit_count(paragraphs)
    # As the search does: text the report lacks as typed is marked without its enclosing quotes.
    trimmed = not hits and node is not None and (bare := without_enclosing_marks(node)) is not None
    if trimmed:
        paragraphs = _paragraphs(report, q, bare, statements)
        hits = _hit_count(paragraphs)
    return render_template("document.html", report=report, q=q, paragraphs=paragraphs, hits=hits, notice=notice,
                           trimmed=trimmed and hits > 0, statement_groups=statement_groups(statements))  # fmt: skip


def _hit_count(paragraphs: list[DocumentParagraph]) -> int:
    return sum(p.passage.html.count("<mark>") for p in paragraphs)


def _paragraphs(report: Report, q: str, node: Node | None, statements: list[Statement]) -> list[DocumentParagraph]:
    """Every paragraph of ``report`` with the hits of ``node`` marked (within its ``kind:``, ``/s``, ``/p``)."""
    terms = [term.text for term in positive_terms(node)] if node is not None else []
    regions = Scope.of(node).regions(report.paragraphs, statements) if node is not None else None
    result = []
    for ordinal, paragraph in enumerate(report.paragraphs, start=1):
        found = scoped_hits(paragraph.text, terms, ordinal, regions)
        spans = [span for spans in found.values() for span in spans]
        marked = passage(ordinal, paragraph, spans)
        link = paragraph_url(report.id, q, ordinal)
        result.append(DocumentParagraph(marked, paragraph.heading_level, citation(report, marked.section, ordinal, link)))
    return result
