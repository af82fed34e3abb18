"""Ranking the reports a query matches: BM25F over jieba words plus the exact occurrences."""

from __future__ import annotations

import numpy as np

from archive.search.matching import Match, occurrences
from archive.store.gateway import RANKING_FIELDS, Snapshot
from archive.text.analysis import words

B, K1 = 0.75, 1.2  # BM25F parameters


def relevance(snapshot: Snapshot, found: Match) -> np.ndarray:
    """Scores of the matching reports: BM25F over the jieba words of the terms (the sum of
    each word's BM25 in title, headings and body, whose postings carry the fields' weights
    3, 2 and 1), plus each term's own BM25 from its exact occurrences, so that a report
    holding the string often ranks above one where the words meet once."""
    scores = np.zeros(snapshot.size)
    for term in found.terms:
        for word in set(words(term)):
            for fieldname in RANKING_FIELDS:
                ids, weights = snapshot.postings(fieldname, word)
                if len(ids):
                    scores[ids] += _bm25(snapshot, fieldname, snapshot.doc_frequency(fieldname, word), weights, ids)
        counts = found.counts[term] if term in found.counts else occurrences(snapshot, term)
        ids = np.flatnonzero(counts)
        scores[ids] += _bm25(snapshot, "body_words", len(ids), counts[ids], ids)
    return scores[found.docnums]


def _bm25(snapshot: Snapshot, fieldname: str, frequency: int, weights: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Whoosh's BM25F formula and statistics for a term in ``frequency`` documents,
    with ``weights`` in the documents ``ids``, against the lengths of ``fieldname``."""
    idf = np.log(snapshot.size / (frequency + 1)) + 1
    average = snapshot.average_length(fieldname)
    lengths = snapshot.field_lengths(fieldname)[ids]
    return idf * (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / average))


def order(snapshot: Snapshot, docnums: np.ndarray, scores: np.ndarray, sort: str) -> np.ndarray:
    """Positions in ``docnums`` by score (then document number), or by date."""
    if sort == "relevance":
        return np.lexsort((docnums, -scores))
    dates = snapshot.dates[docnums]
    return np.array(sorted(range(len(docnums)), key=lambda i: dates[i], reverse=sort == "date"), dtype=np.int64)
