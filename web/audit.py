"""The auditor's pages and their JSON: the figures table, an agency's reports by year,
promise against delivery for a report, and a report's statements."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request

from archive import FIGURE_FIELDS, KIND_NAMES, KINDS, LABELS, Statement, csv_text

from .current import archive, budget, heavy
from .data import download

audit = Blueprint("audit", __name__)


def statement_groups(statements: list[Statement]) -> list[tuple[str, list[Statement]]]:
    """``[(kind, statements)]`` for each of figure, commitment and problem that occurs, in that order."""
    ordered = sorted((s for s in statements if s.kind in KINDS), key=lambda s: KINDS.index(s.kind))
    return [(kind, list(group)) for kind, group in groupby(ordered, key=lambda s: s.kind)]


@audit.get("/figures")
@heavy
def figures_page() -> str:
    """The figures table of a query: one row per figure, sortable, with CSV and JSON exports."""
    q = request.args.get("q", "").strip()
    rows = archive().figures(q, budget()) if q else []
    return render_template("figures.html", q=q, rows=rows[: archive().settings.max_table_rows], total=len(rows))


@audit.get("/figures.csv")
@heavy
def figures_csv() -> Response:
    rows = archive().figures(request.args.get("q", "").strip(), budget())
    return download("\ufeff" + csv_text((row.to_dict() for row in rows), FIGURE_FIELDS), "text/csv", "csv", "figures")


@audit.get("/api/figures")
@heavy
def figures_json() -> Response:
    """``{query, rows}``: the rows of ``report-archive figures QUERY --json``."""
    q = request.args.get("q", "").strip()
    return jsonify(query=q, rows=[row.to_dict() for row in archive().figures(q, budget())])


@audit.get("/agencies/<name>")
def agency_page(name: str) -> str:
    """An agency's reports by year, whatever variant of its name they were signed with."""
    return render_template("agency.html", timeline=archive().timeline(name))


@audit.get("/api/agencies/<name>/timeline")
def agency_json(name: str) -> Response:
    return jsonify(archive().timeline(name).to_dict())


@audit.get("/documents/<doc_id>/compare")
@heavy
def compare_page(doc_id: str) -> str:
    """A report's figures and statements next to the commitments of its agency's previous report."""
    comparison = archive().compare(doc_id, budget())
    if comparison is None:
        abort(404)
    return render_template("compare.html", comparison=comparison)


@audit.get("/api/documents/<doc_id>/compare")
@heavy
def compare_json(doc_id: str) -> Response:
    comparison = archive().compare(doc_id, budget())
    if comparison is None:
        abort(404)
    return jsonify(comparison.to_dict())


@audit.get("/api/documents/<doc_id>/statements")
def statements_json(doc_id: str) -> Response:
    """A report's statements in document order, as ``report-archive statements DOC_ID --json``;
    ``?kind=`` (repeatable, any of figure, commitment, problem, other) chooses the kinds."""
    statements = archive().statements(doc_id)
    if statements is None:
        abort(404)
    kinds = [kind for kind in request.args.getlist("kind") if kind in LABELS] or list(KINDS)
    return jsonify([s.to_dict() for s in statements if s.kind in kinds])


@audit.app_context_processor
def _globals() -> dict[str, Any]:
    return {"KIND_NAMES": KIND_NAMES}
