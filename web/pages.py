"""The HTML pages: search, document (with its statements) and query help."""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass
from math import ceil
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, send_file, url_for

from archive import MAX_QUERY_LENGTH, REASON_LABELS, Passage, QueryError

from .current import archive
from .audit import statement_groups
from .browsing import BROWSE_FILTER_LABELS, BROWSE_SORT_LABELS, BrowseRequest
from .searching import (
    FILTER_LABELS, PAGE_SIZES, SORT_LABELS, SearchRequest, citation, file_name, gbt_citation, hit_sentence, paragraph_url,
)

pages = Blueprint("pages", __name__)
FACET_LABELS = {"agency": "机构", "year": "年度", "type": "类型"}
NEWEST_REPORTS = 10  # on the home page


@pages.app_context_processor
def _globals() -> dict[str, Any]:
    return {
        "SORT_LABELS": SORT_LABELS,
        "REASON_LABELS": REASON_LABELS,
        "FILTER_LABELS": FILTER_LABELS,
        "FACET_LABELS": FACET_LABELS,
        "FACET_SHOWN": archive().settings.facet_values,
        "PAGE_SIZES": PAGE_SIZES,
        "BROWSE_SORTS": BROWSE_SORT_LABELS,
        "BROWSE_FILTER_LABELS": BROWSE_FILTER_LABELS,
        "MAX_QUERY_LENGTH": MAX_QUERY_LENGTH,
        "paragraph_url": paragraph_url,
        "file_name": file_name,
    }


@pages.get("/")
def search() -> Any:
    """The search page: the form, and for a search its results, facets and pages."""
    try:
        form = SearchRequest.from_args(request.args)
        if form.is_empty:  # the home page: the archive at a glance
            overview = archive().browse(limit=NEWEST_REPORTS)
            return render_template("search.html", form=form, facets=overview.facets, overview=overview)
        if not form.query:  # facet values alone: the browse view lists their reports
            return redirect(url_for(".browse", agency=form.agency_is or None, type=form.type_is or None))
        response = form.search(archive(), facets=None)
    except QueryError as error:
        return render_template("search.html", form=None, error=str(error)), 400
    last_page = min(max(ceil(response.total_documents / form.limit), 1), archive().settings.max_page)
    status = 404 if form.page > last_page and response.total_documents else 200  # the page says so, with a way back
    # a suggestion changes the box's text (one for a filter's text is left out: the box can't carry it)
    suggested = [(s, typed) for s in response.suggestions if (typed := s.apply(form.q)) != form.q]
    return render_template("search.html", form=form, response=response, facets=response.facets, last_page=last_page,
                           suggested=suggested), status


@pages.get("/documents")
def browse() -> Any:
    """Every report with its metadata, narrowed by agency, type and years, sorted and paged."""
    try:
        form = BrowseRequest.from_args(request.args)
        listing = form.listing(archive())
    except QueryError as error:
        return render_template("error.html", title="浏览条件有误", message=str(error)), 400
    return render_template("browse.html", form=form, listing=listing), 404 if listing.past_the_end else 200


@pages.get("/help")
def help_page() -> str:
    """The query syntax, with examples."""
    return render_template("help.html")


@dataclass
class DocumentParagraph:
    """A paragraph as its page shows it, with its two citations (the page's script swaps
    in the reader's selection for ``quote`` in the working-paper one)."""

    passage: Passage  # its text, with every hit of the query marked
    heading_level: int
    quote: str  # its first hit's sentence, else its whole text
    citation: str  # working paper
    gbt: str  # GB/T 7714—2015


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
    paragraphs = []
    for marked, paragraph in zip(page.paragraphs, report.paragraphs):
        link = paragraph_url(report.id, "", marked.paragraph)  # without the query: a citation lasts
        quote = hit_sentence(marked, paragraph.is_heading)
        paragraphs.append(DocumentParagraph(marked, paragraph.heading_level, quote,
                                            citation(report, marked.section, marked.paragraph, link, quote),
                                            gbt_citation(report, link)))  # fmt: skip
    statements = archive().statements(doc_id) or []
    current = archive().current_version(report.id)
    return render_template("document.html", report=report, q=q, paragraphs=paragraphs, hits=page.hits, notice=notice,
                           trimmed=page.trimmed, statement_groups=statement_groups(statements),
                           current=current if current != report.id else None)  # fmt: skip


@pages.get("/documents/<doc_id>/original")
def original(doc_id: str) -> Response:
    """The report's original file, as a download: the file the catalog recorded for this id."""
    found = archive().original(doc_id)
    if found is None:
        abort(404)
    mimetype = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    return send_file(io.BytesIO(found.data), mimetype=mimetype, as_attachment=True, download_name=found.name)
