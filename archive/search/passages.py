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
from dataclasses import dataclass

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
    if not terms:
        return []
    counts = [[text.count(term) for term in terms] for text in normalized]
    holding = [sum(1 for row in counts if row[t]) for t in range(len(terms))]
    lengths = [len(text) for text in normalized]
    average = (sum(lengths) / len(lengths)) if lengths else 1.0
    idf = [math.log(1 + (len(normalized) - n + 0.5) / (n + 0.5)) for n in holding]
    candidates = []
    for index, (text, row) in enumerate(zip(normalized, counts)):
        distinct = sum(1 for count in row if count)
        if not distinct:
            continue
        norm = K1 * (1 - B + B * lengths[index] / (average or 1))
        score = sum(idf[t] * count * (K1 + 1) / (count + norm) for t, count in enumerate(row) if count)
        is_heading = bool(headings and headings[index]) and len(text) <= HEADING_LENGTH
        held = [term for term, count in zip(terms, row) if count]
        candidates.append(Candidate(index, distinct, closeness(text, held), is_heading, score))
    return sorted(candidates, key=lambda candidate: candidate.key)


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
    ``SENTENCE`` or ``APART`` (all in one paragraph), or -1 if no paragraph holds them all."""
    terms = list(dict.fromkeys(term for term in terms if term))
    best = -1
    for text in normalized:
        if all(term in text for term in terms):
            best = max(best, closeness(text, terms))
            if best == ADJACENT:
                break
    return best
