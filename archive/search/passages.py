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

import math
import re
from typing import Callable, NamedTuple

from archive.text.analysis import PARAGRAPH_BREAK

APART, SENTENCE, ADJACENT = 0, 1, 2  # how close a paragraph holds the terms
HEADING_LENGTH = 60  # a longer "heading" is a paragraph run into its heading (the seed's 1、… lines)
_SENTENCE_END = re.compile(r"[。！？；!?;]")
K1, B = 1.2, 0.75


class Candidate(NamedTuple):
    """One paragraph holding some of the terms, with what it is ranked by (a tuple: a report
    gives hundreds, and a frozen dataclass took a fifth of ranking them)."""

    index: int  # 0-based position among the paragraphs
    distinct: int  # how many of the distinct terms it holds
    together: int  # APART, SENTENCE or ADJACENT
    heading: bool
    score: float

    @property
    def key(self) -> tuple:
        return (-self.distinct, -self.together, self.heading, -self.score, self.index)


def rank_paragraphs(normalized: list[str], terms: list[str], is_heading: Callable[[int], bool] | None = None,
                    first: int | None = None) -> list[Candidate]:  # fmt: skip
    """The paragraphs (normalized texts) holding any of ``terms``, best answer first.

    ``is_heading(index)`` says which paragraphs are headings (all body text if not given); it
    is asked only of the paragraphs holding a term, so a report of thousands of paragraphs
    need not be read whole for the few that answer. With ``first``, only the paragraphs that
    may be among the first ``first`` are ranked: those holding the most distinct terms, as many
    counts of them as it takes (a query's common words stand in hundreds of a long law's
    paragraphs, and ranking each was a third of a 2–3 term query's results).
    """
    terms = list(dict.fromkeys(term for term in terms if term))
    present = paragraphs_holding(normalized, terms)
    if not present:
        return []
    holding = [sum(1 for held in present.values() if term in held) for term in terms]
    average = sum(map(len, normalized)) / len(normalized) or 1.0
    idf = [math.log(1 + (len(normalized) - n + 0.5) / (n + 0.5)) for n in holding]
    weighted = list(zip(terms, idf))
    candidates = []
    for index, held in _most_distinct(present, first):
        text = normalized[index]
        norm = K1 * (1 - B + B * len(text) / average)
        score = 0.0
        for term, weight in weighted:
            if term in held:
                count = text.count(term)
                score += weight * count * (K1 + 1) / (count + norm)
        heading = is_heading is not None and len(text) <= HEADING_LENGTH and is_heading(index)
        together = ADJACENT if len(held) == 1 else closeness(text, [term for term in terms if term in held])
        candidates.append(Candidate(index, len(held), together, heading, score))
    candidates.sort(key=Candidate.key.fget)
    return candidates


def _most_distinct(present: dict[int, set[str]], first: int | None) -> list[tuple[int, set[str]]]:
    """The paragraphs of ``present`` holding the most distinct terms, down to as few as make
    ``first`` of them (ties kept whole: ranking decides within), or all if ``first`` is None."""
    if first is None:
        return list(present.items())
    by_distinct: dict[int, list[tuple[int, set[str]]]] = {}
    for item in present.items():
        by_distinct.setdefault(len(item[1]), []).append(item)
    kept: list[tuple[int, set[str]]] = []
    for distinct in sorted(by_distinct, reverse=True):
        if len(kept) >= first:
            break
        kept += by_distinct[distinct]
    return kept


def paragraphs_holding(normalized: list[str], terms: list[str], joined: str | None = None) -> dict[int, set[str]]:
    """For each paragraph (by index) holding any of ``terms``, the terms it holds (``joined``:
    the paragraphs joined by ``PARAGRAPH_BREAK``, if the caller has it).

    Found by searching the joined text, once per paragraph holding the term, and counting the
    breaks between one find and the next, rather than visiting every paragraph for every term:
    reports run to thousands of paragraphs (a loop over their offsets was a tenth of a
    results page's time).
    """
    text = PARAGRAPH_BREAK.join(normalized) if joined is None else joined
    present: dict[int, set[str]] = {}
    for term in dict.fromkeys(terms):
        at = text.find(term) if term else -1
        index, counted = 0, 0
        while at != -1:
            index += text.count(PARAGRAPH_BREAK, counted, at)
            counted = at
            present.setdefault(index, set()).add(term)
            end = text.find(PARAGRAPH_BREAK, at)
            at = -1 if end == -1 else text.find(term, end + 1)
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


def same_paragraph(normalized: list[str], terms: list[str], joined: str | None = None) -> int:
    """How close the best paragraph of a report holds every one of ``terms``: ``ADJACENT``,
    ``SENTENCE`` or ``APART`` (all in one paragraph), or -1 if no paragraph holds them all
    (``joined``: the paragraphs joined by ``PARAGRAPH_BREAK``, if the caller has it).

    Only the paragraphs holding every term are looked at (``paragraphs_holding``): it runs for
    the best twenty reports of a query, and reports run to thousands of paragraphs. (Patterns
    of the terms in every order, tried before, cost more to compile than the search.)
    """
    terms = list(dict.fromkeys(term for term in terms if term))
    joined = PARAGRAPH_BREAK.join(normalized) if joined is None else joined
    if "".join(terms) in joined:
        return ADJACENT
    present = paragraphs_holding(normalized, terms, joined)
    return max((closeness(normalized[index], terms) for index, held in present.items() if len(held) == len(terms)),
               default=-1)  # fmt: skip
