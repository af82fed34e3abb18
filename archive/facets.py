"""Facet counts: how the reports matching a query spread over agency, year and type."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq
from whoosh import sorting
from whoosh.searching import Searcher

from . import query as q
from .api import Archive
from .scope import Scope
from .search import _partial, scope_candidates

# Text facets: name → (the normalized field grouped on, the stored field displayed).
TEXT_FACETS = {"agency": ("agency_key", "agency"), "type": ("type_key", "doc_type")}


@dataclass(frozen=True)
class FacetValue:
    value: str | int  # as displayed (and as a filter would be written)
    count: int


def matching_query(searcher: Searcher, text: str | None) -> tuple[wq.Query, bool]:
    """The Whoosh query for the reports ``run_search`` returns for ``text``, and whether
    they are partial matches. ``None`` or blank text matches every report.

    Raises ``QueryError`` like ``run_search``.
    """
    if not text or not text.strip():
        return wq.Every(), False
    node = q.parse_query(text)
    scope = Scope.of(node)
    reader = searcher.reader()
    required = scope.exact(searcher, scope_candidates(scope, reader))
    if searcher.search(required, limit=1).is_empty() and len(q.positive_terms(node)) > 1:
        return _partial(scope.query, reader), True
    return required, False


def facet_counts(archive: Archive, text: str | None, limit: int = 20) -> dict[str, list[FacetValue]]:
    """Counts over the full matching set of ``text``, per facet: the ``limit`` largest
    groups, largest first (years: the ``limit`` most recent, newest first).
    Reports without the field are left out. Raises ``QueryError`` like ``run_search``.
    """
    with archive.searcher() as searcher:
        return _counts(searcher, text, limit)


def _counts(searcher: Searcher, text: str | None, limit: int) -> dict[str, list[FacetValue]]:
    matcher, _ = matching_query(searcher, text)
    facets = {name: sorting.FieldFacet(fieldname) for name, (fieldname, _) in TEXT_FACETS.items()}
    facets["year"] = sorting.FieldFacet("year")
    results = searcher.search(matcher, limit=None, groupedby=facets, scored=False)
    # A report without a year has no key, or the column's default, which is out of range.
    years = sorted(
        ((key, len(docnums)) for key, docnums in results.groups("year").items() if _is_year(key)),
        reverse=True,
    )
    counts = {"year": [FacetValue(year, count) for year, count in years[:limit]]}
    for name, (_, stored_name) in TEXT_FACETS.items():
        groups = sorted(
            ((key, docnums) for key, docnums in results.groups(name).items() if key),
            key=lambda group: (-len(group[1]), group[0]),
        )
        counts[name] = [
            FacetValue(searcher.stored_fields(docnums[0])[stored_name], len(docnums)) for _, docnums in groups[:limit]
        ]
    return counts


def _is_year(key: int | None) -> bool:
    return key is not None and q.MIN_YEAR <= key <= q.MAX_YEAR
