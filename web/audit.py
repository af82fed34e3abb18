"""The auditor's pages and their JSON: the figures table, an agency's reports by year,
promise against delivery for a report, and a report's statements."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for

from archive import (
    FIGURE_FIELDS, KIND_NAMES, KINDS, LABELS, VERDICTS, Comparison, NotFound, QueryError, Series, Statement, csv_text,
)

from .current import archive, budget, error_status, heavy
from .data import download
from .searching import paragraph_url, read_integer

CHART_WIDTH, CHART_HEIGHT, CHART_MARGIN = 640, 260, 48

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


def series_chart(series: Series) -> dict[str, Any] | None:
    """The geometry of the series' SVG chart, drawn on the server: one point per figure of its
    commonest unit family (values of other units are listed, not drawn), each linking to its sentence."""
    if not series.units:
        return None
    unit = series.units[0]
    points = [p for p in series.points if p.base_unit == unit and p.year]
    if not points:
        return None
    years = sorted({p.year for p in points})
    top = max(p.normalized for p in points) or 1.0
    span_x = CHART_WIDTH - 2 * CHART_MARGIN
    span_y = CHART_HEIGHT - 2 * CHART_MARGIN

    def x(year: int) -> float:
        return CHART_MARGIN + (span_x * years.index(year) / (len(years) - 1) if len(years) > 1 else span_x / 2)

    def y(value: float) -> float:
        return CHART_HEIGHT - CHART_MARGIN - span_y * value / top

    drawn = [
        {"x": round(x(p.year), 1), "y": round(y(p.normalized), 1), "label": f"{p.year} {p.written} {p.counted}",
         "href": paragraph_url(p.id, "", p.paragraph, external=False), "target": p.target}
        for p in points
    ]  # fmt: skip
    line = " ".join(f"{d['x']},{d['y']}" for d in drawn if not d["target"])
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "unit": unit or "（无单位）", "points": drawn, "line": line,
            "years": [{"x": round(x(year), 1), "label": year} for year in years],
            "top": top, "top_y": round(y(top), 1), "base_y": round(y(0), 1)}  # fmt: skip


@audit.get("/series")
@heavy
def series_page() -> str:
    """An agency's figures of one counted item, year by year: a table and a chart; an empty agency or
    item, an agency no report signs as or one of several a 400 or 404 with the message above the form."""
    agency, item = request.args.get("agency", "").strip(), request.args.get("item", "").strip()
    try:  # (no parameter at all: the empty form)
        series = archive().series(agency, item, budget()) if "agency" in request.args or "item" in request.args else None
    except (NotFound, QueryError) as error:  # the form stays, to type the name otherwise
        return render_template("series.html", agency=agency, item=item, problem=str(error)), error_status(error)
    return render_template("series.html", agency=agency, item=item, series=series,
                           chart=series_chart(series) if series else None)  # fmt: skip


@audit.get("/api/series")
@heavy
def series_json() -> Response:
    """``report-archive series AGENCY ITEM --json``."""
    return jsonify(archive().series(request.args.get("agency", ""), request.args.get("item", ""), budget()).to_dict())


@audit.get("/agencies/<name>")
def agency_page(name: str) -> str:
    """An agency's reports by year, whatever variant of its name they were signed with."""
    return render_template("agency.html", timeline=archive().timeline(name))


@audit.get("/api/agencies/<name>/timeline")
def agency_json(name: str) -> Response:
    return jsonify(archive().timeline(name).to_dict())


# This report's own lists on the compare page: the kind (its page's argument is ``{kind}_page``),
# the comparison's list (the JSON's key) and the heading.
OWN_LISTS = (("figure", "figures", "本报告的数据"), ("problem", "problems", "本报告承认的问题"),
             ("commitment", "commitments", "本报告的新承诺"))  # fmt: skip


@dataclass(frozen=True)
class Paged:
    """One page of a list: its items, its number (from 1), how many pages and items in all, the
    query argument that chooses it, and the ordinal of its first item."""

    items: list[Any]
    number: int
    pages: int
    total: int
    arg: str
    start: int

    def url(self, number: int, anchor: str) -> str:
        """This page's URL with page ``number`` of the list, the other arguments kept."""
        args = {**request.args.to_dict(), self.arg: str(number)}
        return url_for(request.endpoint or "", **(request.view_args or {}), **args, _anchor=anchor)

    def to_dict(self) -> dict[str, Any]:
        """Where this page stands in its list, for the JSON (its items are given beside it)."""
        return {"arg": self.arg, "page": self.number, "pages": self.pages, "total": self.total, "start": self.start}


def paged(items: list[Any], arg: str) -> Paged:
    """The page of ``items`` the request's ``arg`` asks for (``compare_page_size`` a page; a number
    past the end shows the last page, 0 the first; ``QueryError`` for one that is no number)."""
    size = archive().settings.compare_page_size
    pages = max(1, -(-len(items) // size))
    number = min(max(read_integer(request.args.get(arg), 1, "页码"), 1), pages)
    first = (number - 1) * size
    return Paged(items[first : first + size], number, pages, len(items), arg, first + 1)


@dataclass(frozen=True)
class ComparePage:
    """A comparison as its page and its JSON show it: the promises of the request's ``verdict`` and
    ``section``, a page of them (``page``), and a page of each of this report's own lists (``*_page``)."""

    comparison: Comparison
    verdict: str
    section: str
    promises: Paged
    own: list[tuple[str, Paged, str]]  # (kind, its page, heading), as OWN_LISTS

    @classmethod
    def of(cls, doc_id: str) -> ComparePage:
        """The request's view of report ``doc_id``'s comparison: 404 for no such report,
        ``QueryError`` for a verdict, part or page number that is none (``Comparison.chosen``, ``paged``)."""
        comparison = archive().compare(doc_id, budget())
        if comparison is None:
            abort(404)
        verdict, section = request.args.get("verdict", ""), request.args.get("section", "")
        chosen = comparison.chosen(verdict, section)
        own = [(kind, paged(getattr(comparison, name), f"{kind}_page"), heading) for kind, name, heading in OWN_LISTS]
        return cls(comparison, verdict, section, paged(chosen, "page"), own)

    def to_dict(self) -> dict[str, Any]:
        """``Comparison.to_dict()`` with the pages shown in place of the whole lists, the filters
        and, under ``pages``, where each page stands in its list."""
        pages = {"promises": self.promises, **{name: page for (_, page, _), (_, name, _) in zip(self.own, OWN_LISTS)}}
        return {**self.comparison.to_dict(shown={name: page.items for name, page in pages.items()}),
                "verdict": self.verdict, "section": self.section,
                "pages": {name: page.to_dict() for name, page in pages.items()}}  # fmt: skip


@audit.get("/documents/<doc_id>/compare")
@heavy
def compare_page(doc_id: str) -> str:
    """A report's figures and statements next to the commitments of its agency's previous report;
    a verdict or a part of the previous report that is none of the page's choices is a 400."""
    view = ComparePage.of(doc_id)
    comparison = view.comparison
    repeated = {(r.sentence.paragraph, r.sentence.start) for r in comparison.reuse.repeats}
    return render_template("compare.html", comparison=comparison, promises=view.promises, own=view.own,
                           verdict=view.verdict, section=view.section, VERDICTS=VERDICTS, repeated=repeated)  # fmt: skip


@audit.get("/api/documents/<doc_id>/compare")
@heavy
def compare_json(doc_id: str) -> Response:
    """The compare page as JSON, with the same parameters (``ComparePage``)."""
    return jsonify(ComparePage.of(doc_id).to_dict())


@audit.get("/api/documents/<doc_id>/statements")
def statements_json(doc_id: str) -> Response:
    """A report's statements in document order, as ``report-archive statements DOC_ID --json``;
    ``?kind=`` (repeatable, any of figure, commitment, problem, other) chooses the kinds; another
    value is a 400, as the CLI's ``--kind`` refuses it."""
    kinds = [kind for kind in request.args.getlist("kind") if kind] or list(KINDS)
    if unknown := [kind for kind in kinds if kind not in LABELS]:
        raise QueryError(f"kind 应为 {' / '.join(LABELS)} 之一，而不是“{unknown[0]}”。")
    statements = archive().statements(doc_id)
    if statements is None:
        abort(404)
    return jsonify([s.to_dict() for s in statements if s.kind in kinds])


def unit_key(unit: str) -> str:
    """A sort key for a unit family in ASCII (hex), so that the browser's collation and any
    other order it the same way: the figures table sorts values within a family, never across."""
    return unit.encode("utf-8").hex()


@audit.app_context_processor
def _globals() -> dict[str, Any]:
    return {"KIND_NAMES": KIND_NAMES, "unit_key": unit_key}
