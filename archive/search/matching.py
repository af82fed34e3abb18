"""Which reports a parsed query matches: a mask over document numbers, exactly.

A term of one character, or a common pair, is a term of the ``exact`` field, so its
postings are the answer, with how often it occurs. A longer term (or a rare pair, which
shares its index term) can only be in reports holding all of its pairs: the rarest pairs
narrow the candidates, and each candidate's text is then searched for it
(``archive.store.gateway.Snapshot.contains``). Filters are read from per-document columns, and
``kind:``, ``/s`` and ``/p`` narrow the result in their exact pass (``archive.search.scope``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

import numpy as np

from archive.search import query as q
from archive.text.analysis import gram_key, is_exact_key, query_grams
from archive.store.gateway import Mask, Snapshot
from archive.search.scope import Scope

# Stop narrowing by grams once this few candidates are left: reading another
# posting list costs more than checking them against their text.
FEW_CANDIDATES = 64


Counts = dict[str, np.ndarray]  # term -> its occurrences in each report


@dataclass
class Match:
    """What a query matches: the reports, the scope its hits are counted in, its
    positive terms and their occurrences, whether these are only the best partial
    matches, and whether the terms' enclosing quotes and punctuation were left out."""

    mask: Mask
    scope: Scope
    terms: list[str]
    counts: Counts
    partial: bool = False
    trimmed: bool = False

    @property
    def docnums(self) -> np.ndarray:
        return np.flatnonzero(self.mask)


def match_query(snapshot: Snapshot, node: q.Node, within: Mask | None = None) -> Match:
    """The reports matching ``node``. When none does, the reports matching it without
    the quotes or punctuation around its terms (“安全生产月” typed for 安全生产月),
    marked trimmed; failing that, for a query of several terms, the reports with any
    of them (within the filters), marked partial — of the terms as typed if any report
    has one, else of the trimmed terms (marked both). ``within`` limits the reports
    considered (one report, for its page: the same decisions, made for it alone)."""
    scope = Scope.of(node)
    terms = [term.text for term in q.positive_terms(node)]
    counts: Counts = {}
    required = scope.exact(snapshot, _within(candidates(snapshot, scope, counts), within))
    if required.any():
        return Match(required, scope, terms, counts)
    bare = q.without_enclosing_marks(node)
    trimmed = match_query(snapshot, bare, within) if bare is not None else None
    if trimmed is None or not trimmed.mask.any():
        trimmed = None
    else:
        trimmed.trimmed = True
    if len(terms) > 1 and (trimmed is None or trimmed.partial):
        partial = _within(_partial(snapshot, scope.query, counts), within)
        if partial.any() or trimmed is None:
            return Match(partial, scope.without_unit(), terms, counts, partial=True)
    return trimmed or Match(required, scope, terms, counts)


def _within(mask: Mask, within: Mask | None) -> Mask:
    return mask if within is None else mask & within


def candidates(snapshot: Snapshot, scope: Scope, counts: Counts | None = None) -> Mask:
    """The reports holding what ``scope.candidates`` asks for, before the scope's exact pass."""
    return snapshot.live.copy() if scope.candidates is None else matching(snapshot, scope.candidates, counts)


def matching(snapshot: Snapshot, node: q.Node, counts: Counts | None = None) -> Mask:
    """The live reports matching ``node`` (no ``/s`` or ``/p`` inside); each term's
    occurrences are kept in ``counts``."""
    counts = {} if counts is None else counts
    if isinstance(node, q.Term):
        if node.text not in counts:
            counts[node.text] = occurrences(snapshot, node.text)
        return counts[node.text] > 0
    if isinstance(node, q.And):
        return reduce(np.logical_and, (matching(snapshot, child, counts) for child in node.children))
    if isinstance(node, q.Or):
        return reduce(np.logical_or, (matching(snapshot, child, counts) for child in node.children))
    if isinstance(node, q.Not):
        return snapshot.live & ~matching(snapshot, node.child, counts)
    if isinstance(node, q.YearFilter):
        return snapshot.live & (snapshot.years >= node.low) & (snapshot.years <= node.high)
    if isinstance(node, q.DateFilter):
        return snapshot.live & (snapshot.dates >= node.low) & (snapshot.dates <= node.high) & (snapshot.dates != "")
    if isinstance(node, q.KindFilter):
        return snapshot.docs("kinds", node.kind)
    return _text_filter(snapshot, node)


def occurrences(snapshot: Snapshot, text: str) -> np.ndarray:
    """How often the normalized string ``text`` occurs in each live report (0: not at all).

    Whether a longer string occurs is checked against the text; how often is then taken
    as the least count of the common pairs read (a bound that is nearly always the
    count), or 1 if only rare pairs were read: counting in the text would read all of it.
    """
    if len(text) <= 2 and is_exact_key(text):
        return snapshot.weights("exact", text)
    keys = sorted({gram_key(gram) for gram in query_grams(text)}, key=lambda key: snapshot.doc_frequency("exact", key))
    bound = np.where(snapshot.live, np.inf, 0.0)
    for number, key in enumerate(keys):
        if number and np.count_nonzero(bound) <= FEW_CANDIDATES:
            break
        weights = snapshot.weights("exact", key)
        bound = np.minimum(bound, weights if is_exact_key(key) else np.where(weights > 0, np.inf, 0.0))
    candidates = np.flatnonzero(bound)
    found = candidates[snapshot.contains(text, candidates)]
    counts = np.zeros(snapshot.size)
    counts[found] = np.where(np.isinf(bound[found]), 1.0, bound[found])
    return counts


def _text_filter(snapshot: Snapshot, node: q.TextFilter) -> Mask:
    """A substring filter on a metadata field, over the field's (small) lexicon."""
    fieldname = f"{node.field}_key"
    mask = snapshot.none()
    for value in snapshot.lexicon(fieldname):
        if node.value in value:
            mask |= snapshot.docs(fieldname, value)
    return mask


def _partial(snapshot: Snapshot, node: q.Node, counts: Counts) -> Mask:
    """Best partial matches: any of the terms, still within the filters and exclusions."""
    children = node.children if isinstance(node, q.And) else (node,)
    kept = [matching(snapshot, child, counts) for child in children if not isinstance(child, (q.Term, q.And, q.Or))]
    any_term = reduce(np.logical_or, (matching(snapshot, term, counts) for term in q.positive_terms(node)))
    return reduce(np.logical_and, kept, any_term)
