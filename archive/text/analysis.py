"""Text analysis: the terms a report is indexed under and a query is matched by.

Two analyses of the same normalized text (see ``archive.text.normalize``):

- **character grams** for exact matching: which characters and pairs of
  adjacent characters a report holds, how often, and where each pair stands. A
  query string of one character, or a common pair, is a gram itself; a longer
  one (or a rare pair, whose term is shared with other rare pairs) is where its
  pairs stand one after the other, so any substring of a paragraph is found,
  whatever the words. Paragraphs are separated by ``\\n``, which no gram
  contains, so no match spans two paragraphs.
- **marked pairs** for loose matching: the pairs of characters that a run of marks
  (``MARKS``: quotes, brackets, punctuation) stands between, ``三公`` ``公经`` of
  ``“三公”经费``. A string typed without such marks (``三公经费``) stands in a report
  only where each of its pairs stands, joined or across marks.
- **words** for ranking: jieba's segmentation with the archive's domain
  dictionary, counted per report, punctuation and spaces dropped but single
  digits and letters kept. Segmented by ``rjieba`` (jieba-rs: jieba's algorithm,
  dictionary and HMM in Rust): measured on 3.8 MB of the corpus, 15.6 MB/s
  against jieba's 1.0, its dictionary loaded in 0.23 s against 0.6–0.9; its
  runs of Latin letters and digits are cut as jieba cuts them, and then its
  words are jieba's, with the HMM and without (``tests/test_analysis.py``).
  Segmenting was a third of an ingest's time.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import rjieba

PARAGRAPH_BREAK = "\n"
_BREAK_CODE = ord(PARAGRAPH_BREAK)
_NO_POSITIONS = np.zeros(0, dtype=np.int64)
_BUCKET_BITS = 15
PAIR_BUCKETS = 2**_BUCKET_BITS  # shared terms of the rare character pairs (see scripts/build_bigrams.py)
# The marks loose matching looks past: a query's terms are matched without the ones enclosing
# them, and with any of them between their characters (``archive.search.query.loose_pattern``).
MARKS = "“”‘’「」『』《》〈〉【】\"'，。；：、！？,.;:!?…⋯"
_IS_MARK = np.zeros(0x10000, dtype=bool)  # by code point (a character past U+FFFF is no mark)
_IS_MARK[[ord(mark) for mark in MARKS]] = True
_NOT_A_WORD = re.compile(r"[\s\W_]+")
# jieba's words of Latin letters and digits: jieba-rs keeps a run joined by ``-``, ``_`` or ``.``
# whole (``2021-2025``, ``pm_2.5``); jieba cuts it so (its HMM's ``re_skip``: ``16.97`` and ``50%``
# stay whole), and so does ``_cut``; without the HMM jieba keeps only letters and digits together.
_LATIN_RUN = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?|.", re.S)
_LATIN_RUN_NO_HMM = re.compile(r"[a-zA-Z0-9]+|.", re.S)


def char_grams(text: str) -> dict[str, int]:
    """The characters of ``text`` and how often each occurs (its pairs are ``pair_positions``).

    ``text`` is normalized text; ``\\n`` (the paragraph break) is no gram.
    """
    grams = dict(Counter(text))
    grams.pop(PARAGRAPH_BREAK, None)
    return grams


def pair_positions(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where in ``text`` each pair term (``gram_key``) starts: the terms' numbers (in
    ``pair_terms``), how often each occurs, and their positions (character offsets), grouped by
    term in the numbers' order, ascending within each. A phrase of three or more characters is
    where its pairs stand one after the other. Each pair is coded as one integer
    (``_pair_codes``) and its term found in arrays: a loop over a report's distinct pairs was a
    tenth of an ingest's time (and a term's name looked up a posting, 5%)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if len(codes) < 2:
        return _NO_POSITIONS, _NO_POSITIONS, _NO_POSITIONS
    starts = np.flatnonzero((codes[:-1] != _BREAK_CODE) & (codes[1:] != _BREAK_CODE))
    numbers, index = np.unique(_pair_term_numbers(codes[starts], codes[starts + 1]), return_inverse=True)
    return numbers, np.bincount(index), starts[np.argsort(index, kind="stable")]


def marked_pairs(text: str) -> dict[str, int]:
    """The pair terms (``gram_key``) of the characters of ``text`` that a run of ``MARKS``
    stands between (``“三公”经费``: ``三公`` ``公经``; none across a paragraph break), and how
    often each. A query of ``三公经费`` then looks for its marked forms only in the reports
    holding each of its pairs joined or so: read in every report holding its characters and
    most of its pairs, the texts were a tenth of the benchmark's search time."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    marks = _IS_MARK[np.minimum(codes, 0xFFFF)]
    breaks = np.cumsum(codes == _BREAK_CODE)
    solid = np.flatnonzero(~marks & (codes != _BREAK_CODE))  # the characters marks stand between
    left, right = solid[:-1], solid[1:]
    across = np.flatnonzero((right - left > 1) & (breaks[right] == breaks[left]))
    if not len(across):
        return {}
    numbers, counts = np.unique(_pair_term_numbers(codes[left[across]], codes[right[across]]), return_counts=True)
    return dict(zip(_pair_terms()[1][numbers].tolist(), counts.tolist()))


def _pair_term_numbers(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The pair term number (in ``pair_terms``) of each pair of characters (their code points)."""
    pairs = _pair_codes(first, second)
    common, _ = _pair_terms()
    at = np.minimum(np.searchsorted(common, pairs), len(common) - 1)
    return np.where(common[at] == pairs, at, len(common) + _bucket_numbers(pairs))


def pair_terms() -> np.ndarray:
    """Every pair term by its number: the common pairs, then the terms the rare ones share."""
    return _pair_terms()[1]


def _pair_codes(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Pairs of characters (their code points) as integers."""
    return (first.astype(np.uint64) << np.uint64(32)) | second.astype(np.uint64)


def _bucket_numbers(codes: np.ndarray) -> np.ndarray:
    """The shared terms' numbers of pairs coded by ``_pair_codes`` (Fibonacci hashing)."""
    return ((codes * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)


@lru_cache(maxsize=1)
def _pair_terms() -> tuple[np.ndarray, np.ndarray]:
    """The common pairs' codes (ascending), and the term of each pair number: the common pairs
    in that order, then the shared terms."""
    pairs = sorted(_common_pairs())
    codes = _pair_codes(np.array([ord(pair[0]) for pair in pairs], dtype=np.uint32),
                        np.array([ord(pair[1]) for pair in pairs], dtype=np.uint32))  # fmt: skip
    order = np.argsort(codes)
    buckets = [f"{PARAGRAPH_BREAK}{number:x}" for number in range(PAIR_BUCKETS)]  # (no gram holds a break)
    return codes[order], np.array([pairs[i] for i in order] + buckets, dtype=object)


def gram_key(gram: str) -> str:
    """The index term of a gram: itself for a character or a common pair
    (``data/bigrams.txt``); one of ``PAIR_BUCKETS`` shared terms for a rare pair,
    whose reports must then be checked against their text."""
    if len(gram) == 1 or gram in _common_pairs():
        return gram
    return _bucket(gram)


@lru_cache(maxsize=65536)
def _bucket(pair: str) -> str:
    """The shared term of a rare pair (kept: numpy's calls on one pair take 5 µs, and a query's
    phrases look up dozens, the same ones again as it is paged or corrected)."""
    code = _pair_codes(np.array([ord(pair[0])], dtype=np.uint32), np.array([ord(pair[1])], dtype=np.uint32))
    common, names = _pair_terms()
    return str(names[len(common) + int(_bucket_numbers(code)[0])])


def is_exact_key(gram: str) -> bool:
    """Whether the postings of ``gram_key(gram)`` are exactly the reports holding ``gram``."""
    return len(gram) == 1 or gram in _common_pairs()


def query_grams(text: str) -> list[str]:
    """The grams of a normalized query string: itself if one character, else its pairs in order."""
    if len(text) == 1:
        return [text]
    return [text[i : i + 2] for i in range(len(text) - 1)]


def common_pairs() -> frozenset[str]:
    """The character pairs common enough in the corpus to be terms of their own (``data/bigrams.txt``)."""
    return _common_pairs()


@lru_cache(maxsize=1)
def _common_pairs() -> frozenset[str]:
    text = (resources.files("archive.text") / "data" / "bigrams.txt").read_text(encoding="utf-8")
    return frozenset(text.split(PARAGRAPH_BREAK)) - {""}


def tagged_words(text: str) -> list[tuple[str, str]]:
    """jieba's words of normalized ``text`` in order, without its HMM, each with the part of
    speech jieba's dictionary gives it (``n``, ``v``, ``p``, ``d``, ``u`` …; ``x`` for a word it has
    none for: the archive's own words, digits, punctuation). The dictionary's tag, not
    ``jieba.posseg``'s HMM, which is ~10 times slower and tags no better the short phrases figures
    need."""
    tags = _word_tags()
    return [(word, tags.get(word, "x")) for word in _cut(text, hmm=False)]


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """The part of speech of each word of jieba's dictionary (the ``dict.txt`` jieba ships and
    jieba-rs embeds: lines ``word frequency tag``), read on first use (~0.3 s)."""
    jieba = importlib.util.find_spec("jieba")  # (its file only: importing jieba costs ~0.2 s)
    tags: dict[str, str] = {}
    with open(Path(jieba.origin).parent / "dict.txt", encoding="utf-8") as file:  # type: ignore[union-attr,arg-type]
        for line in file:
            word, _, tag = line.split()
            tags[word] = tag
    return tags


@lru_cache(maxsize=1)
def _segmenter() -> "rjieba.Jieba":
    """jieba-rs with the domain dictionary, loaded on first use (0.23 s)."""
    import rjieba

    segmenter = rjieba.Jieba()
    for line in (resources.files("archive.text") / "data" / "userdict.txt").read_text(encoding="utf-8").splitlines():
        word, *rest = line.split() or [""]
        if word:
            segmenter.add_word(word, int(rest[0]) if rest else None, rest[1] if len(rest) > 1 else None)
    return segmenter


def words(text: str) -> list[str]:
    """Segment normalized ``text`` into words for ranking, in order.

    Tokens made only of punctuation or whitespace are dropped; everything else
    (single characters, digits, Latin letters) is kept.
    """
    return [word for word in _cut(text, hmm=True) if word.isalnum() or not _NOT_A_WORD.fullmatch(word)]


def _cut(text: str, hmm: bool) -> list[str]:
    """jieba's words of ``text``, with its HMM for unknown words or without, from jieba-rs: its
    tokens of letters, digits and marks cut as jieba cuts them."""
    if len(text) == 1:  # (one character is its own word)
        return [text]
    runs = _LATIN_RUN if hmm else _LATIN_RUN_NO_HMM
    return [piece for token in _segmenter().cut(text, hmm) for piece in ((token,) if token.isalnum() else runs.findall(token))]


def word_counts(text: str) -> dict[str, int]:
    """How often each word of ``text`` occurs."""
    return dict(Counter(words(text)))
