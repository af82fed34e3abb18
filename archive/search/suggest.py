"""Suggestions: other queries a person may have meant, each with the number of reports it finds.

Two kinds, offered as links and never run in place of the query typed:

- the joined form of Chinese typed with spaces inside words: ``执 法 检 查`` → ``执法检查``
  (runs of single characters), ``安全生产 月`` → ``安全生产月`` (two terms whose join is a word
  of the archive), offered whenever it finds reports;
- corrections of a term from the archive's vocabulary (``archive.text.vocabulary``: homophones,
  pinyin typed in Latin letters, a wrong or two swapped characters), when the query finds fewer
  than ``few_results`` reports, offered when the corrected query finds more.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from archive.search import query as q
from archive.search.matching import match_query
from archive.settings import DEFAULTS, Settings
from archive.store.gateway import Snapshot
from archive.text.analysis import common_pairs
from archive.text.normalize import normalize
from archive.text.vocabulary import REASONS, Correction, Vocabulary, is_pinyin

JOINED = "joined"
MAX_CORRECTIONS = 10  # corrections of one term counted: each is a search


@dataclass
class Suggestion:
    """A query to offer instead of the one typed."""

    query: str  # the whole query, as it would be typed
    count: int  # reports it finds
    reason: str  # JOINED, or one of archive.text.vocabulary.REASONS
    typed: str  # the part of the typed query it replaces
    text: str  # what it puts there


_vocabularies: "weakref.WeakKeyDictionary[Snapshot, Vocabulary]" = weakref.WeakKeyDictionary()


def vocabulary(snapshot: Snapshot) -> Vocabulary:
    """The vocabulary of ``snapshot``'s reports: the words kept at ingest (``Snapshot.vocabulary``)
    and the common character pairs; read once per snapshot (one commit) and kept with it."""
    if snapshot not in _vocabularies:
        _vocabularies[snapshot] = Vocabulary({*snapshot.vocabulary(), *common_pairs()})
    return _vocabularies[snapshot]


def suggestions(snapshot: Snapshot, text: str, found: int, settings: Settings = DEFAULTS) -> list[Suggestion]:
    """What to offer for the query ``text``, which found ``found`` reports: best first, at most
    ``settings.max_suggestions``, each finding at least one report."""
    offered: list[Suggestion] = []
    for form in q.joined_forms(text):
        joined = [word for word in form.split() if word not in text.split()]
        if len(form.split()) == len(text.split()) - 1 and not all(normalize(w) in vocabulary(snapshot) for w in joined):
            continue  # two terms joined: only where the join is a word of the archive
        _offer(snapshot, offered, form, JOINED, text, " ".join(joined), found=0)
    if found < settings.few_results:
        for typed, correction in _corrections(snapshot, text):
            query = correction.text if typed == text else text.replace(typed, correction.text, 1)
            _offer(snapshot, offered, query, correction.reason, typed, correction.text, found)
    order = (JOINED, *REASONS)
    offered.sort(key=lambda s: (order.index(s.reason), -s.count, s.query))
    return offered[: settings.max_suggestions]


def _corrections(snapshot: Snapshot, text: str) -> list[tuple[str, Correction]]:
    """(the typed part, its correction) for the whole query if it is pinyin, else for each term."""
    whole = normalize(text).strip()
    if is_pinyin(whole):
        return [(text, c) for c in vocabulary(snapshot).corrections(whole, MAX_CORRECTIONS)]
    found = []
    for term in q.positive_terms(q.parse_query(text)):
        found += [(term.raw, c) for c in vocabulary(snapshot).corrections(term.text, MAX_CORRECTIONS)]
    return found


def _offer(snapshot: Snapshot, offered: list[Suggestion], query: str, reason: str, typed: str, text: str,
           found: int) -> None:  # fmt: skip
    if query.strip() == "" or any(s.query == query for s in offered):
        return
    match = match_query(snapshot, q.parse_query(query))
    count = 0 if match.partial else len(match.docnums)
    if count > found:
        offered.append(Suggestion(query, count, reason, typed, text))
