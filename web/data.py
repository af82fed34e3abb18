"""Data for programs: the JSON API and the CSV / JSON exports of a search."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, jsonify, request

from archive import csv_text

from .browsing import BrowseRequest
from .current import archive, external_url, heavy
from .searching import EXPORT_FIELDS, SearchRequest, export_rows, file_name

data = Blueprint("data", __name__)


@data.get("/api/search")
def search() -> Response:
    """``SearchResponse.to_dict()``, the shape of ``report-archive search --json``, each
    result's ``source`` its file name only (no server paths in public answers)."""
    answer = SearchRequest.from_args(request.args).search(archive()).to_dict()
    for result in answer["results"]:
        result["source"] = file_name(result["source"])
    return jsonify(answer), 404 if answer["past_the_end"] else 200  # its "page" notice says why


@data.get("/api/documents")
def documents() -> Response:
    """The browse view's listing (same parameters): ``Listing.to_dict()``."""
    return jsonify(BrowseRequest.from_args(request.args).listing(archive()).to_dict())


@data.get("/api/documents/<doc_id>")
def document(doc_id: str) -> Response:
    """A report's metadata and paragraphs, with their heading paths and levels, its original's
    address ``source_url`` (or null), and ``original``: where to download its file; ``source``
    is the file name."""
    report = archive().get(doc_id)
    if report is None:
        abort(404)
    original = external_url("pages.original", doc_id=doc_id)
    return jsonify({**report.to_dict(), "source": file_name(report.source), "original": original,
                    "current_version": archive().current_version(doc_id)})


@data.get("/export.<any(csv, json):kind>")
@heavy
def export(kind: str) -> Response:
    """The current search's matching paragraphs (of at most ``export_max_reports`` reports, a setting)."""
    form = SearchRequest.from_args(request.args)
    rows = list(export_rows(archive(), form))
    if kind == "json":
        body = json.dumps({"query": form.query, "max_reports": archive().settings.export_max_reports, "rows": rows}, ensure_ascii=False)
        return download(body, "application/json", "json")
    return download("\ufeff" + csv_text(rows, EXPORT_FIELDS), "text/csv", "csv")


def download(body: str, mimetype: str, extension: str, name: str = "results") -> Response:
    response = Response(body.encode("utf-8"), content_type=f"{mimetype}; charset=utf-8")
    response.headers["Content-Disposition"] = f"attachment; filename=report-archive-{name}.{extension}"
    return response
