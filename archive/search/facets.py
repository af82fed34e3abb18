"""Facet counts: how the reports matching a query spread over agency, year and type."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from archive.search import query as q
from archive.api import Archive
from archive.store.snapshot import index_view
from archive.search.run import matching_documents

# Text facets: name → (the normalized field grouped on, the stored field displayed).
TEXT_FACETS = {"agency": ("agency_key", "agency"), "type": ("type_key", "doc_type")}


@dataclass(frozen=True)
class FacetValue:
    value: str | int  # as displayed (and as a filter would be written)
    count: int


def facet_counts(archive: Archive, text: str | None, limit: int = 20) -> dict[str, list[FacetValue]]:
    """Counts over the full matching set of ``text``, per facet: the ``limit`` largest
    groups, largest first (years: the ``limit`` most recent, newest first).
    Reports without the field are left out. Raises ``QueryError`` like ``run_search``.
    """
    with archive.searcher() as searcher:
        return _counts(searcher, text, limit)


def _counts(searcher: Searcher, text: str | None, limit: int) -> dict[str, list[FacetValue]]:
    view = index_view(searcher)
    docnums = matching_documents(searcher, text) if text and text.strip() else np.flatnonzero(view.live)
    years = Counter(view.years[docnums].tolist())
    counts = {"year": [FacetValue(year, years[year]) for year in sorted(filter(_is_year, years), reverse=True)[:limit]]}
    for name, (fieldname, stored_name) in TEXT_FACETS.items():
        keys = view.keys(fieldname)[docnums]
        groups = Counter(key for key in keys.tolist() if key)
        first = {}
        for docnum, key in zip(docnums.tolist(), keys.tolist()):
            first.setdefault(key, docnum)
        counts[name] = [
            FacetValue(searcher.stored_fields(first[key])[stored_name], count)
            for key, count in sorted(groups.items(), key=lambda group: (-group[1], group[0]))[:limit]
        ]
    return counts


def _is_year(key: int | None) -> bool:
    return key is not None and q.MIN_YEAR <= key <= q.MAX_YEAR
