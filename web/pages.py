"""The HTML pages: search, document (with its statements) and query help."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for

from archive import MAX_QUERY_LENGTH, Passage, QueryError

from .current import archive
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
                "search.html", form=form, facets=archive().facets(archive().settings.facet_values), reports=archive().stats()["reports"]
            )
        response = form.search(archive(), facets=archive().settings.facet_values)
        facets = response.facets
    except QueryError as error:
        return render_template("search.html", form=None, error=str(error)), 400
    last_page = min(max(ceil(response.total_documents / form.limit), 1), archive().settings.max_page)
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
    q = request.args.get("q", "").strip()
    notice = None
    try:
        page = archive().read(doc_id, q)
    except QueryError as error:
        notice = f"检索式有误，未标出命中：{error}"
        page = archive().read(doc_id)
    if page is None:
        abort(404)
    report = page.stored.report
    paragraphs = [
        DocumentParagraph(marked, paragraph.heading_level,
                          citation(report, marked.section, marked.paragraph, paragraph_url(report.id, q, marked.paragraph)))
        for marked, paragraph in zip(page.paragraphs, report.paragraphs)
    ]  # fmt: skip
    statements = archive().statements(doc_id) or []
    return render_template("document.html", report=report, q=q, paragraphs=paragraphs, hits=page.hits, notice=notice,
                           trimmed=page.trimmed, statement_groups=statement_groups(statements))  # fmt: skip
