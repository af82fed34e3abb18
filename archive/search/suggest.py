"""Suggestions: other queries a person may have meant, each with the number of reports it finds.

Two kinds, offered as links and never run in place of the query typed:

- the joined form of Chinese typed with spaces inside words: ``执 法 检 查`` → ``执法检查``
  (runs of single characters), ``安全生产 月`` → ``安全生产月`` (two terms whose join is a word
  of the archive), offered whenever it finds reports;
- corrections of a term from the archive's vocabulary (``archive.text.vocabulary``: homophones,
  pinyin typed in Latin letters, a wrong or two swapped characters), when the query finds fewer
  than ``few_results`` reports, offered when the corrected query finds more;
- for a term of marks only that no report holds (``：。``, ``query.is_marks``), its longest runs
  that reports hold (``：`` and ``。``), likewise;
- for a number typed with thousands separators that too few reports hold so (``1,860号决议``;
  a comma between digits is part of the number), the number without them, likewise;
- for a query of exclusions only, each ``-…`` quoted, as text (``-阿盟叙利亚危``, copied from
  ``联合国-阿盟叙利亚危机``, lists the 6,769 reports without it), offered whenever it finds reports.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from archive.search import query as q
from archive.search.matching import match_query
from archive.settings import DEFAULTS, Settings
from archive.store.gateway import Mask, Snapshot
from archive.text.analysis import common_pairs
from archive.text.normalize import normalize
from archive.text.vocabulary import HOMOPHONE, ONE_CHARACTER, PINYIN, REASONS, SWAPPED, Correction, Vocabulary, is_pinyin

JOINED, FEWER_MARKS, AS_TEXT, UNGROUPED = "joined", "fewer_marks", "as_text", "ungrouped"
REASON_LABELS = {JOINED: "去掉字间空格", PINYIN: "按拼音", HOMOPHONE: "同音字", SWAPPED: "字序颠倒", ONE_CHARACTER: "错一字",
                 FEWER_MARKS: "少几个标点", AS_TEXT: "“-”作文字查找", UNGROUPED: "数字不加千分位"}  # fmt: skip
_GROUPING = re.compile(r"(?<=[0-9０-９])[,，](?=[0-9０-９]{3}(?![0-9０-９]))")  # a thousands separator
MAX_CORRECTIONS = 10  # corrections of one term counted: each is a search
MAX_MARK_RUNS = 30  # runs of three marks or more of one term looked up: the reports' runs are short (18 at most in 340 reports)


@dataclass
class Suggestion:
    """A query to offer instead of the one typed."""

    query: str  # the whole query, as it would be typed
    count: int  # reports it finds
    reason: str  # JOINED, or one of archive.text.vocabulary.REASONS
    typed: str  # the part of the typed query it replaces (its words one space apart)
    text: str  # what it puts there

    def apply(self, text: str) -> str:
        """``text`` (the query typed, or the part of it in a search box) with the change made."""
        pattern = r"\s+".join(map(re.escape, self.typed.split()))
        return re.sub(pattern, lambda _: self.text, text, count=1)


_vocabularies: "weakref.WeakKeyDictionary[Snapshot, Vocabulary]" = weakref.WeakKeyDictionary()


def vocabulary(snapshot: Snapshot) -> Vocabulary:
    """The vocabulary of ``snapshot``'s reports: the words kept at ingest (``Snapshot.vocabulary``)
    and the common character pairs; read once per snapshot (one commit) and kept with it."""
    if snapshot not in _vocabularies:
        _vocabularies[snapshot] = Vocabulary({*snapshot.vocabulary(), *common_pairs()})
    return _vocabularies[snapshot]


def suggestions(snapshot: Snapshot, text: str, found: int, settings: Settings = DEFAULTS,
                within: Mask | None = None) -> list[Suggestion]:  # fmt: skip
    """What to offer for the query ``text``, which found ``found`` reports (among ``within``, as
    the search counted): best first, at most ``settings.max_suggestions``, each finding more
    reports than ``text`` (a joined form: any)."""
    offered: list[Suggestion] = []
    for correction in _exclusions_as_text(text):
        _offer(snapshot, offered, text, correction, 0, within)
    for typed, joined in q.joined_forms(text):
        if len(typed.split()) > 2 or all(len(word) == 1 for word in typed.split()) or normalize(joined) in vocabulary(snapshot):
            _offer(snapshot, offered, text, Correction(typed, joined, JOINED), 0, within)
    if found < settings.few_results:
        for correction in [*_corrections(snapshot, text), *_fewer_marks(snapshot, text, within), *_ungrouped(text)]:
            _offer(snapshot, offered, text, correction, found, within)
    order = (AS_TEXT, JOINED, *REASONS, FEWER_MARKS, UNGROUPED)
    offered.sort(key=lambda s: (order.index(s.reason), -s.count, s.query))
    return offered[: settings.max_suggestions]


def _corrections(snapshot: Snapshot, text: str) -> list[Correction]:
    """Corrections of the query's terms, each as typed: of all of them at once when they are
    pinyin (``zhifa jiancha``), else of each term."""
    terms = q.positive_terms(q.parse_query(text))
    words = vocabulary(snapshot)
    if terms and all(is_pinyin(term.text) for term in terms):
        typed = " ".join(term.raw for term in terms)
        return [replace(c, typed=typed) for c in words.corrections(" ".join(t.text for t in terms), MAX_CORRECTIONS)]
    return [replace(c, typed=term.raw) for term in terms for c in words.corrections(term.text, MAX_CORRECTIONS)]


def _ungrouped(text: str) -> list[Correction]:
    """Each term of the query holding a number with thousands separators, without them."""
    terms = q.positive_terms(q.parse_query(text))
    return [Correction(term.raw, _GROUPING.sub("", term.raw), UNGROUPED) for term in terms if _GROUPING.search(term.raw)]


def _exclusions_as_text(text: str) -> list[Correction]:
    """For a query that excludes only (no term to find), each word of it typed with a leading
    ``-``, quoted: text copied from ``联合国-阿盟叙利亚危机`` or ``2019-2020`` starts so."""
    hyphened = [word for word in text.split() if word[1:] and word[0] == "-" and '"' not in word]
    if not hyphened or q.positive_terms(q.parse_query(text)):  # (parsed only then: every first page asks)
        return []
    return [Correction(word, f'"{word}"', AS_TEXT) for word in hyphened]


def _fewer_marks(snapshot: Snapshot, text: str, within: Mask | None) -> list[Correction]:
    """For each term of the query that is marks only and that no report holds (``：。``), its
    longest runs of marks that reports hold (``：``, ``。``), each as typed."""
    among = snapshot.live if within is None else within

    def held(run: str) -> bool:
        return bool(np.any(snapshot.occurrences(normalize(run), among)))

    found = []
    for term in q.positive_terms(q.parse_query(text)):
        if q.is_marks(term.text) and not held(term.raw):
            found += [Correction(term.raw, run, FEWER_MARKS) for run in _held_runs(term.raw, held)]
    return found


def _held_runs(marks: str, held: Callable[[str], bool]) -> list[str]:
    """The longest runs of ``marks`` (shorter than all of it) that are ``held``, in the order they
    stand. A run can be held only where each pair of marks in it is: the pairs are looked up
    first, then the longer runs made of held pairs, at most ``MAX_MARK_RUNS`` of them."""
    pairs = [held(marks[i : i + 2]) for i in range(len(marks) - 1)]
    lookups = MAX_MARK_RUNS
    for length in range(len(marks) - 1, 0, -1):
        starts = range(len(marks) - length + 1)
        runs = [run for run in dict.fromkeys(marks[start : start + length] for start in starts
                                             if length == 1 or all(pairs[start : start + length - 1])) if run.strip()]  # fmt: skip
        if length > 2:
            runs, lookups = runs[:lookups], lookups - len(runs[:lookups])
        found = runs if length == 2 else [run for run in runs if held(run)]  # (a pair: looked up above)
        if found:
            return found
    return []


def _offer(snapshot: Snapshot, offered: list[Suggestion], text: str, correction: Correction, found: int,
           within: Mask | None) -> None:  # fmt: skip
    suggestion = Suggestion("", 0, correction.reason, correction.typed, correction.text)
    suggestion.query = suggestion.apply(text)
    if suggestion.query == text or any(s.query == suggestion.query for s in offered):
        return
    match = match_query(snapshot, q.parse_query(suggestion.query), within)
    suggestion.count = 0 if match.partial else len(match.docnums)
    if suggestion.count > found:
        offered.append(suggestion)
