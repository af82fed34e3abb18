"""Ranking the reports a query matches: BM25F over jieba words plus the exact occurrences."""

from __future__ import annotations

from typing import Callable

import numpy as np

from archive.search.matching import Match
from archive.search.passages import ADJACENT, same_paragraph
from archive.settings import DEFAULTS
from archive.store.gateway import RANKING_FIELDS, Snapshot
from archive.text.analysis import words

B, K1 = 0.75, 1.2  # BM25F parameters


def relevance(snapshot: Snapshot, found: Match, window: int = DEFAULTS.proximity_window,
              paragraphs: Callable[[int], list[str]] | None = None, runs: list[str] = ()) -> np.ndarray:  # fmt: skip
    """Scores of the matching reports: BM25F over the jieba words of the terms (the sum of
    each word's BM25 in title, headings and body, whose postings carry the fields' weights
    3, 2 and 1), plus each term's own BM25 from its exact occurrences, so that a report
    holding the string often ranks above one where the words meet once.

    For several terms, the ``window`` best are then ordered by how close one paragraph holds
    them all, the title line being one (``archive.search.passages.same_paragraph``: joined as typed, in one sentence, in
    one paragraph, or only spread over several), score breaking ties: the reader wants the
    report where one paragraph answers. ``paragraphs`` reads a report's normalized paragraphs
    (``snapshot.paragraph_texts``, or the caller's memo of it: the results read them again).
    Before all of them come the reports holding joined one of ``runs`` (single characters typed
    apart, ``执 法 检 查``), found from the index whatever their score."""
    if not len(found.docnums):  # (an empty index has no statistics to score with)
        return np.zeros(0)
    scores = np.zeros(snapshot.size)
    for term in found.terms:
        for word in set(words(term)):
            for fieldname in RANKING_FIELDS:
                ids, weights = snapshot.postings(fieldname, word)
                if len(ids):
                    scores[ids] += _bm25(snapshot, fieldname, snapshot.doc_frequency(fieldname, word), weights, ids)
        counts = found.counts[term] if term in found.counts else snapshot.occurrences(term)
        ids = np.flatnonzero(counts)
        scores[ids] += _bm25(snapshot, "body_words", len(ids), counts[ids], ids)
    scores = scores[found.docnums]
    if len(set(found.terms)) > 1 and not found.partial and len(scores):
        lift = scores.max() + 1
        for run in runs:
            scores[snapshot.occurrences(run, found.mask)[found.docnums] > 0] += (ADJACENT + 2) * lift
        for i in np.argsort(-scores, kind="stable")[:window]:
            docnum = int(found.docnums[i])
            # (a report's exact text is its title and paragraphs joined by breaks: not joined again)
            texts = [snapshot.title_text(docnum), *(paragraphs or snapshot.paragraph_texts)(docnum)]
            closeness = same_paragraph(texts, found.terms, snapshot.text(docnum))
            scores[i] += (closeness + 1) * lift
    return scores


def _bm25(snapshot: Snapshot, fieldname: str, frequency: int, weights: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Whoosh's BM25F formula and statistics for a term in ``frequency`` documents,
    with ``weights`` in the documents ``ids``, against the lengths of ``fieldname``."""
    idf = np.log(snapshot.size / (frequency + 1)) + 1
    average = snapshot.average_length(fieldname)
    lengths = snapshot.field_lengths(fieldname)[ids]
    return idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))


def order(snapshot: Snapshot, docnums: np.ndarray, scores: np.ndarray, sort: str,
          after: np.ndarray | None = None, first: int | None = None) -> np.ndarray:  # fmt: skip
    """Positions in ``docnums`` by score (then document number), those ``after`` marks (the
    loose matches) after the others; or by date (``date``: newest first, ``oldest``): a report
    without a publish date by its report year (at the start of that year), one with neither
    last in both directions; document number breaks ties. With ``first``, a relevance order
    may leave out what comes after the first ``first`` (a page needs no more: sorting every
    report a common character finds was a tenth of its search)."""
    if sort == "relevance":
        after = np.zeros(len(docnums), dtype=bool) if after is None else after.astype(bool)
        chosen = np.arange(len(docnums)) if first is None or 4 * first >= len(docnums) else _best(scores, after, first)
        return chosen[np.lexsort((docnums[chosen], -scores[chosen], after[chosen]))]
    keys = date_keys(snapshot, docnums)
    known = sorted((i for i in range(len(docnums)) if keys[i]), key=lambda i: keys[i], reverse=sort == "date")
    return np.array(known + [i for i in range(len(docnums)) if not keys[i]], dtype=np.int64)


def _best(scores: np.ndarray, after: np.ndarray, first: int) -> np.ndarray:
    """Positions holding the ``first`` best by (``after``, highest score), ties at the last
    score all kept (document number decides between them), ascending."""
    kept = np.zeros(len(scores), dtype=bool)
    left = first
    for group in (np.flatnonzero(~after), np.flatnonzero(after)):
        if left <= len(group):
            if left:
                kept[group[-scores[group] <= np.partition(-scores[group], left - 1)[left - 1]]] = True
            break
        kept[group] = True
        left -= len(group)
    return np.flatnonzero(kept)


def date_keys(snapshot: Snapshot, docnums: np.ndarray) -> list[str]:
    """What each report is sorted by in a date sort: its ISO publish date, else its report
    year (``"2024"``, which sorts before the dates of 2024), else ``""`` (neither)."""
    dates, years = snapshot.dates[docnums], snapshot.years[docnums]
    return [date or (str(year) if year else "") for date, year in zip(dates, years)]
