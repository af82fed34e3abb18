"""Data for programs: the JSON API and the CSV / JSON exports of a search."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request

from archive.cli import _report_dict

from . import archive
from .searching import EXPORT_FIELDS, EXPORT_MAX_REPORTS, SearchRequest, export_rows

api = Blueprint("api", __name__)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@api.get("/api/search")
def search() -> Response:
    """``SearchResponse.to_dict()``, the shape of ``report-archive search --json``."""
    return jsonify(SearchRequest.from_args(request.args).search(archive()).to_dict())


@api.get("/api/documents/<doc_id>")
def document(doc_id: str) -> Response:
    """A report's metadata and paragraphs, with their heading paths and levels."""
    report = archive().get(doc_id)
    if report is None:
        abort(404)
    return jsonify(_report_dict(report))


@api.get("/export.<any(csv, json):kind>")
def export(kind: str) -> Response:
    """The current search's matching paragraphs (of at most ``EXPORT_MAX_REPORTS`` reports)."""
    form = SearchRequest.from_args(request.args)
    rows = list(export_rows(archive(), form))
    if kind == "json":
        body = json.dumps({"query": form.query, "max_reports": EXPORT_MAX_REPORTS, "rows": rows}, ensure_ascii=False)
        return _download(body, "application/json", "json")
    out = io.StringIO()
    writer = csv.DictWriter(out, EXPORT_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
    return _download("\ufeff" + out.getvalue(), "text/csv", "csv")


def _cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _download(body: str, mimetype: str, extension: str) -> Response:
    response = Response(body.encode("utf-8"), content_type=f"{mimetype}; charset=utf-8")
    response.headers["Content-Disposition"] = f"attachment; filename=report-archive-results.{extension}"
    return response
