"""Browsing: the reports with a given agency, type and years, in a chosen order, a page at a time.

Filters match a facet's value exactly (its normalized key), so a facet's count is the
number of reports its link lists; the query language's ``agency:`` matches part of a name.
``facet_mask`` is the same filter for a search (``run_search(exact=…)``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from math import ceil
from typing import Any

import numpy as np

from archive.errors import QueryError
from archive.model import ReportRef
from archive.search.facets import FacetValue, facet_counts
from archive.settings import DEFAULTS, Settings
from archive.store.gateway import Mask, Snapshot
from archive.text.normalize import normalize

# Orders of a listing: newest first (reports without a date by their year), oldest first, by title, by agency.
BROWSE_SORTS = ("date", "oldest", "title", "agency")


@dataclass
class ListedReport(ReportRef):
    """A report as a listing shows it: its reference and its 文号."""

    doc_number: str | None = None


@dataclass
class Listing:
    """One page of the reports a browse chose, and facet counts over all of them."""

    total: int
    page: int
    limit: int
    sort: str
    reports: list[ListedReport]
    facets: dict[str, list[FacetValue]]

    @property
    def last_page(self) -> int:
        return max(ceil(self.total / self.limit), 1)

    @property
    def past_the_end(self) -> bool:
        """The page asked for is after the last one (the listing has no reports on it)."""
        return self.page > self.last_page

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "last_page": self.last_page, "past_the_end": self.past_the_end}


def browse(
    snapshot: Snapshot,
    *,
    agency: str = "",
    doc_type: str = "",
    years: tuple[int, int] | None = None,
    sort: str = "date",
    page: int = 1,
    limit: int = 20,
    settings: Settings = DEFAULTS,
) -> Listing:
    """The reports of ``agency`` and ``doc_type`` (each exactly, if given) whose year is in
    ``years`` (inclusive), ordered by ``sort`` (one of ``BROWSE_SORTS``); page ``page`` of
    ``limit`` of them, with the facets (every value) of all of them. ``QueryError`` for an
    option out of bounds."""
    if sort not in BROWSE_SORTS:
        raise QueryError(f"排序方式应为 {' / '.join(BROWSE_SORTS)} 之一，而不是“{sort}”。")
    if not 1 <= limit <= settings.max_limit:
        raise QueryError(f"每页条数应在 1–{settings.max_limit} 之间。")
    if not 1 <= page <= settings.max_page:
        raise QueryError(f"页码应在 1–{settings.max_page} 之间。")
    docnums = np.flatnonzero(facet_mask(snapshot, agency, doc_type, years))
    start = (page - 1) * limit
    chosen = docnums[_order(snapshot, docnums, sort)][start : start + limit]
    reports = []
    for docnum in chosen.tolist():
        report = snapshot.report(docnum).report
        reports.append(ListedReport.of(report, doc_number=report.doc_number))
    return Listing(len(docnums), page, limit, sort, reports, facet_counts(snapshot, docnums, None))


def facet_mask(snapshot: Snapshot, agency: str = "", doc_type: str = "", years: tuple[int, int] | None = None) -> Mask:
    """The live reports whose agency and type are exactly ``agency`` and ``doc_type`` (as a
    facet shows them; empty: any) and whose year is in ``years`` (inclusive; ``None``: any)."""
    mask = snapshot.live.copy()
    if agency:
        mask &= snapshot.docs("agency_key", normalize(agency))
    if doc_type:
        mask &= snapshot.docs("type_key", normalize(doc_type))
    if years is not None:
        mask &= (snapshot.years >= years[0]) & (snapshot.years <= years[1])
    return mask


def _order(snapshot: Snapshot, docnums: np.ndarray, sort: str) -> np.ndarray:
    """Positions in ``docnums`` in ``sort`` order; ties (and reports without the key, last) by document number."""
    if sort in ("date", "oldest"):
        years = snapshot.years[docnums]
        # A report without a publish date sorts by its year, as if published on its first day.
        keys = [date or (f"{year:04d}" if year else "") for date, year in zip(snapshot.dates[docnums].tolist(), years.tolist())]
    else:
        keys = snapshot.keys("title_key" if sort == "title" else "agency_key")[docnums].tolist()
    positions = range(len(docnums))
    if sort == "date":
        return np.array(sorted(positions, key=lambda i: (not keys[i], _descending(keys[i]), i)), dtype=np.int64)
    return np.array(sorted(positions, key=lambda i: (not keys[i], keys[i], i)), dtype=np.int64)


def _descending(key: str) -> list[int]:
    return [-ord(char) for char in key]
