"""Which reports a parsed query matches: a mask over document numbers, exactly.

A term's reports, with how often it occurs in each, are the index's phrase query
(``archive.store.gateway.Snapshot.occurrences``): any string, whatever the words. Filters
are read from per-document columns, and ``kind:``, ``/s`` and ``/p`` narrow the result in
their exact pass (``archive.search.scope``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce

import numpy as np

from archive.parsing.agencies import read_agency
from archive.search import query as q
from archive.text.analysis import MARKS, gram_key, query_grams
from archive.store.gateway import Mask, Snapshot
from archive.store.layout import SUPERSEDED
from archive.search.scope import Scope
from archive.settings import DEFAULTS, Deadline

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
    agencies: list[q.AgencyMatch] = field(default_factory=list)  # agency names typed another way, and agency: filters
    loose: Mask | None = None  # the reports matching only loosely (quotes, brackets, punctuation ignored)
    typed: list[str] | None = None  # with loose matches: the terms as typed (``terms`` then holds their loose forms too)

    @property
    def docnums(self) -> np.ndarray:
        return np.flatnonzero(self.mask)

    def marked_terms(self, docnum: int, texts: list[str]) -> list[str]:
        """The terms to mark in report ``docnum``, whose normalized title and paragraphs are
        ``texts``: as typed where it holds them so; else the loose forms it holds, but none
        within a longer one it holds (``，执法。`` marks the report's ``，执法``, not every 执法)."""
        if self.typed is None:
            return self.terms
        if self.loose is None or not self.loose[docnum]:
            return self.typed
        held = [term for term in self.terms if any(term in text for text in texts)]
        return [term for term in held if term in self.typed or not any(term != other and term in other for other in held)]


def match_query(snapshot: Snapshot, node: q.Node, within: Mask | None = None, few: int = DEFAULTS.few_results,
                scan_limit: int = DEFAULTS.loose_candidates, deadline: Deadline | None = None) -> Match:  # fmt: skip
    """The reports matching ``node``, as typed, and those matching only loosely: with the quotes,
    brackets and punctuation of its terms left out, or, when fewer than ``few`` reports hold the
    terms as typed, with such marks between their characters in the text (``三公经费`` for
    ``“三公”经费``; ``loose_forms``). The loose-only reports are ``Match.loose``; if there are
    only such, the match is ``trimmed``. Failing both, for a query of several terms, the reports
    with any of them (within the filters), marked partial — of the terms as typed if any report
    has one, else of their loose forms (marked both); if there are none either, nothing. A term naming an agency another way also
    finds that agency's reports (``query.with_agency_variants``). ``within`` limits the reports
    considered (one report, for its page: the same decisions, made for it alone). ``deadline``
    is checked in the scope's exact pass (``Scope.exact``)."""
    node = q.with_agency_variants(node)
    scope = Scope.of(node)
    terms = [term.text for term in q.positive_terms(node)]
    counts: Counts = {}
    agencies = q.agency_matches(node)
    required = scope.exact(snapshot, _within(candidates(snapshot, scope, counts), within), deadline)
    loose_node = loose_forms(snapshot, node, scan=np.count_nonzero(required) < few, scan_limit=scan_limit)
    if loose_node is not None:
        loose_scope = Scope.of(loose_node)
        loose_terms = [term.text for term in q.positive_terms(loose_node)]
        loose = loose_scope.exact(snapshot, _within(candidates(snapshot, loose_scope, counts), within), deadline) & ~required
        if loose.any():
            return Match(required | loose, loose_scope, loose_terms, counts, trimmed=not required.any(), loose=loose,
                         typed=terms, agencies=agencies)  # fmt: skip
    if required.any() or len(terms) < 2:
        return Match(required, scope, terms, counts, agencies=agencies)
    partial = _within(_partial(snapshot, scope.query, counts), within)
    if partial.any():
        return Match(partial, scope.without_unit(), terms, counts, partial=True, agencies=agencies)
    if loose_node is not None:
        partial = _within(_partial(snapshot, loose_scope.query, counts), within)
        if partial.any():
            return Match(partial, loose_scope.without_unit(), loose_terms, counts, partial=True, trimmed=True,
                         agencies=agencies)  # fmt: skip
    return Match(required, scope, terms, counts, agencies=agencies)  # nothing at all


def loose_forms(snapshot: Snapshot, node: q.Node, scan: bool, scan_limit: int) -> q.Node | None:
    """``node`` with each positive term standing also for its loose forms: the term without
    some or all of the marks at its ends (``q.partly_trimmed``), without any marks
    (``q.bare_text``), and, with ``scan``, the strings the reports hold that are the term with
    marks between its characters (``q.loose_pattern``, looked for in at most ``scan_limit``
    reports: ``_marked_forms``); ``None`` if no term has a loose form. A term of marks only (``：。``) has none:
    it is found as typed or not at all (``q.is_marks``)."""

    def forms(term: q.Term) -> list[str]:
        if q.is_marks(term.text):
            return []
        bare = q.bare_text(term.text)
        found = [*q.partly_trimmed(term), (q.without_enclosing_marks(term) or term).text, bare]
        if scan and len(bare) >= 3:
            found += _marked_forms(snapshot, bare, scan_limit)
        return [form for form in dict.fromkeys(found) if form and form != term.text]

    def with_forms(term: q.Term) -> q.Node:
        extra = forms(term)
        return q.Or((term, *map(q.Term, extra))) if extra else term

    loose = q.map_terms(node, with_forms)  # (not under a NOT: an exclusion stays as typed)
    return None if loose == node else loose


MAX_MARKED_FORMS = 20  # distinct strings a loose pattern may stand for: more is a pattern too loose to mean one thing


def _marked_forms(snapshot: Snapshot, bare: str, limit: int) -> list[str]:
    """The strings of the reports that are ``bare`` with marks between its characters, looked
    for in the reports holding each pair of its characters joined or with marks between
    (``marked``), and, unless ``bare`` holds a mark itself (a number's point, ``1100.76``: marks
    may then stand beside it, which no pair tells), one of them so."""
    pairs = [pair for pair in query_grams(bare) if pair[0] not in MARKS and pair[1] not in MARKS]
    keys = list(dict.fromkeys(map(gram_key, pairs)))
    across = {key: snapshot.docs("marked", key) for key in keys}
    plain = len(pairs) == len(bare) - 1
    held = reduce(np.logical_or, across.values()) if plain else snapshot.live.copy()
    for key in keys:
        if not held.any():
            break
        held &= across[key] | snapshot.docs("pairs", key)
    chosen = np.flatnonzero(held)[:limit]
    if not len(chosen):  # (compiling the pattern costs more than the rest: a term found nowhere needs none)
        return []
    found = snapshot.strings(q.loose_pattern(bare), chosen, MAX_MARKED_FORMS)
    return sorted(form for form in found if form != bare)


def current_versions(snapshot: Snapshot) -> Mask:
    """The live reports that are no old version of an edited report (what searches show)."""
    return snapshot.live & ~snapshot.docs("superseded", SUPERSEDED)


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
            counts[node.text] = snapshot.occurrences(node.text)
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
    if isinstance(node, q.AgencyMatch):
        return _agencies(snapshot, agency_names(snapshot, node))
    return _text_filter(snapshot, node)


def _text_filter(snapshot: Snapshot, node: q.TextFilter) -> Mask:
    """A substring filter on a metadata field, over the field's (small) lexicon; an ``agency:``
    naming a whole agency also finds its other names (``agency:三元区应急局``)."""
    fieldname = f"{node.field}_key"
    mask = _agencies(snapshot, [value for value in snapshot.lexicon(fieldname) if node.value in value], fieldname)
    name = q.agency_filter_name(node.value) if node.field == "agency" else None
    if name is not None:
        mask |= _agencies(snapshot, agency_names(snapshot, q.AgencyMatch(name, node.value)))
    return mask


def agency_names(snapshot: Snapshot, node: q.AgencyMatch) -> list[str]:
    """The agency names of the archive (normalized) that are ``node``'s agency under some variant."""
    return [value for value in snapshot.lexicon("agency_key") if read_agency(value).matches(node.name)]


def _agencies(snapshot: Snapshot, values: list[str], fieldname: str = "agency_key") -> Mask:
    mask = snapshot.none()
    for value in values:
        mask |= snapshot.docs(fieldname, value)
    return mask


def _partial(snapshot: Snapshot, node: q.Node, counts: Counts) -> Mask:
    """Best partial matches: any of the terms, still within the filters and exclusions."""
    children = node.children if isinstance(node, q.And) else (node,)
    kept = [matching(snapshot, child, counts) for child in children if not isinstance(child, (q.Term, q.And, q.Or))]
    any_term = reduce(np.logical_or, (matching(snapshot, term, counts) for term in q.positive_terms(node)))
    return reduce(np.logical_and, kept, any_term)
