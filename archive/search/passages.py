"""Which paragraphs of a report answer a query best: the order its passages are shown in.

A person reads the first passage shown, so within a report the paragraphs holding the
query's terms are ordered by how well they answer it (measured on the known-item set,
``tests/data/known_items.tsv``: in report order the answering paragraph came first for
0.84 of the queries, and never for title queries):

1. more of the distinct terms first: a paragraph holding every term before one holding some;
2. the terms together: adjacent in the order typed (``执法 检查`` as ``执法检查``), then
   within one sentence, then apart;
3. body text before a heading (a heading names a topic, the paragraph under it answers);
4. the paragraph's BM25 score over the report's paragraphs (rare terms, often, in a short
   paragraph);
5. report order for what is still tied.

The same test, every term held within one paragraph, is the same-paragraph signal that ranks
reports (``same_paragraph``).
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from archive.text.analysis import PARAGRAPH_BREAK

APART, SENTENCE, ADJACENT = 0, 1, 2  # how close a paragraph holds the terms
HEADING_LENGTH = 60  # a longer "heading" is a paragraph run into its heading (the seed's 1、… lines)
_SENTENCE_END = re.compile(r"[。！？；!?;]")
K1, B = 1.2, 0.75


@dataclass(frozen=True)
class Candidate:
    """One paragraph holding some of the terms, with what it is ranked by."""

    index: int  # 0-based position among the paragraphs
    distinct: int  # how many of the distinct terms it holds
    together: int  # APART, SENTENCE or ADJACENT
    heading: bool
    score: float

    @property
    def key(self) -> tuple:
        return (-self.distinct, -self.together, self.heading, -self.score, self.index)


def rank_paragraphs(normalized: list[str], terms: list[str], headings: list[bool] | None = None) -> list[Candidate]:
    """The paragraphs (normalized texts) holding any of ``terms``, best answer first.

    ``headings`` says which paragraphs are headings (all body text if not given).
    """
    terms = list(dict.fromkeys(term for term in terms if term))
    present = paragraphs_holding(normalized, terms)
    if not present:
        return []
    holding = [sum(1 for held in present.values() if term in held) for term in terms]
    average = sum(map(len, normalized)) / len(normalized) or 1.0
    idf = [math.log(1 + (len(normalized) - n + 0.5) / (n + 0.5)) for n in holding]
    candidates = []
    for index, held in present.items():
        text = normalized[index]
        norm = K1 * (1 - B + B * len(text) / average)
        score = 0.0
        for t, term in enumerate(terms):
            if term in held:
                count = text.count(term)
                score += idf[t] * count * (K1 + 1) / (count + norm)
        is_heading = bool(headings and headings[index]) and len(text) <= HEADING_LENGTH
        in_order = [term for term in terms if term in held]
        candidates.append(Candidate(index, len(held), closeness(text, in_order), is_heading, score))
    return sorted(candidates, key=lambda candidate: candidate.key)


def paragraphs_holding(normalized: list[str], terms: list[str]) -> dict[int, set[str]]:
    """For each paragraph (by index) holding any of ``terms``, the terms it holds.

    Found by searching the joined text, once per paragraph holding the term, rather than
    every paragraph for every term: reports run to thousands of paragraphs.
    """
    text = PARAGRAPH_BREAK.join(normalized)
    starts = list(accumulate((len(paragraph) + 1 for paragraph in normalized), initial=0))
    present: dict[int, set[str]] = {}
    for term in dict.fromkeys(terms):
        at = text.find(term) if term else -1
        while at != -1:
            index = bisect_right(starts, at) - 1
            present.setdefault(index, set()).add(term)
            at = text.find(term, starts[index + 1])
    return present


def closeness(text: str, terms: list[str]) -> int:
    """How close ``text`` holds ``terms`` (each of which it holds): ``ADJACENT`` if they stand
    joined in the order given, ``SENTENCE`` if all are in one sentence, else ``APART``.
    One term is trivially adjacent."""
    if len(terms) <= 1 or "".join(terms) in text:
        return ADJACENT
    for sentence in _SENTENCE_END.split(text):
        if all(term in sentence for term in terms):
            return SENTENCE
    return APART


def same_paragraph(normalized: list[str], terms: list[str]) -> int:
    """How close the best paragraph of a report holds every one of ``terms``: ``ADJACENT``,
    ``SENTENCE`` or ``APART`` (all in one paragraph), or -1 if no paragraph holds them all.

    Each test is one search of the report's joined text (a pattern per order of the terms, for
    up to ``MAX_ORDERED`` terms): it runs for the best twenty reports of a query, and reports
    run to thousands of paragraphs, where a loop over them cost more than the search itself.
    """
    terms = list(dict.fromkeys(term for term in terms if term))
    text = PARAGRAPH_BREAK.join(normalized)
    if "".join(terms) in text:
        return ADJACENT
    if len(terms) > MAX_ORDERED:
        paragraphs = [p for p in normalized if all(term in p for term in terms)]
        return max((closeness(p, terms) for p in paragraphs), default=-1)
    within_sentence, within_paragraph = _patterns(tuple(terms))
    if within_sentence.search(text):
        return SENTENCE
    return APART if within_paragraph.search(text) else -1


MAX_ORDERED = 3  # terms whose every order is a pattern (3! = 6); more are checked paragraph by paragraph


@lru_cache(maxsize=256)
def _patterns(terms: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns finding ``terms`` in any order within one sentence, and within one paragraph."""

    def any_order(gap: str) -> re.Pattern[str]:
        orders = (gap.join(map(re.escape, order)) for order in itertools.permutations(terms))
        return re.compile("|".join(orders))

    return any_order(f"[^{_SENTENCE_END.pattern[1:-1]}{PARAGRAPH_BREAK}]*?"), any_order(f"[^{PARAGRAPH_BREAK}]*?")
