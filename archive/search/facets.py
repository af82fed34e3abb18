"""Facet counts: how the reports a query matched spread over agency, year and type."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from archive.store.gateway import Snapshot
from archive.text.dates import MAX_YEAR, MIN_YEAR

# Text facets: name → the key field grouped on; the value shown is the first report's own spelling.
TEXT_FACETS = {"agency": "agency_key", "type": "type_key"}


@dataclass(frozen=True)
class FacetValue:
    value: str | int  # as displayed (and as a filter would be written)
    count: int


def facet_counts(snapshot: Snapshot, docnums: np.ndarray, limit: int | None = 20) -> dict[str, list[FacetValue]]:
    """Counts over the reports ``docnums``, per facet: the ``limit`` largest groups (every
    group if ``None``), largest first (years: the most recent, newest first). Reports
    without the field are left out."""
    years = Counter(snapshot.years[docnums].tolist())
    recent = sorted((year for year in years if MIN_YEAR <= year <= MAX_YEAR), reverse=True)[:limit]
    counts = {"year": [FacetValue(year, years[year]) for year in recent]}
    for name, fieldname in TEXT_FACETS.items():
        keys = snapshot.keys(fieldname)[docnums]
        groups = Counter(key for key in keys.tolist() if key)
        first: dict[str, int] = {}
        for docnum, key in zip(docnums.tolist(), keys.tolist()):
            first.setdefault(key, docnum)
        counts[name] = [
            FacetValue(_shown(snapshot, first[key], name), count)
            for key, count in sorted(groups.items(), key=lambda group: (-group[1], group[0]))[:limit]
        ]
    return counts


def _shown(snapshot: Snapshot, docnum: int, name: str) -> str:
    report = snapshot.report(docnum).report
    return (report.agency if name == "agency" else report.doc_type) or ""
