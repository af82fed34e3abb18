"""Text analysis: the terms a report is indexed under and a query is matched by.

Two analyses of the same normalized text (see ``archive.text.normalize``):

- **character grams** for exact matching: which characters and pairs of
  adjacent characters a report holds, and how often. A query string of one
  character, or a common pair, is a gram itself; a longer one (or a rare pair,
  whose term is shared with other rare pairs) can only be in reports holding
  all its pairs, and those few are checked against their text, so any
  substring of a paragraph is found, whatever the words. Paragraphs are
  separated by ``\\n``, which no gram contains, so no match spans two
  paragraphs.
- **words** for ranking: jieba's segmentation with the archive's domain
  dictionary, counted per report, punctuation and spaces dropped but single
  digits and letters kept. Segmented by ``jieba_fast``: jieba's own algorithm,
  dictionary and HMM in C, the same words (``tests/test_analysis.py`` checks
  it against jieba on corpus text) 2.4 times as fast, measured on 3.8 MB of the
  corpus: segmenting was a third of an ingest's time.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jieba_fast

PARAGRAPH_BREAK = "\n"
PAIR_BUCKETS = 32768  # shared terms of the rare character pairs (see scripts/build_bigrams.py)
_NOT_A_WORD = re.compile(r"[\s\W_]+")


def char_grams(text: str) -> dict[str, int]:
    """The exact-match terms of ``text`` and how often each occurs: every character,
    and every pair of adjacent characters by its ``gram_key``.

    ``text`` is normalized text; ``\\n`` (the paragraph break) is neither a gram
    nor part of one.
    """
    pairs = Counter(map(str.__add__, text, text[1:]))
    grams = Counter(text)
    del grams[PARAGRAPH_BREAK]
    for pair, count in pairs.items():
        if PARAGRAPH_BREAK not in pair:
            grams[gram_key(pair)] += count
    return dict(grams)


def gram_key(gram: str) -> str:
    """The index term of a gram: itself for a character or a common pair
    (``data/bigrams.txt``); one of ``PAIR_BUCKETS`` shared terms for a rare pair,
    whose reports must then be checked against their text."""
    if len(gram) == 1 or gram in _common_pairs():
        return gram
    return f"{PARAGRAPH_BREAK}{zlib.crc32(gram.encode('utf-8')) % PAIR_BUCKETS:x}"  # no gram holds a break


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


@lru_cache(maxsize=1)
def _tokenizer() -> "jieba_fast.Tokenizer":
    """jieba with the domain dictionary, imported and loaded on first use: importing jieba
    costs ~0.25 s (it imports ``pkg_resources``) and its dictionary ~0.5 s more, which a
    process that never segments text (a query of one character, ``show``) need not pay."""
    import jieba_fast

    jieba_fast.setLogLevel(logging.WARNING)
    tokenizer = jieba_fast.Tokenizer()
    userdict = resources.files("archive.text") / "data" / "userdict.txt"
    if userdict.is_file():
        with userdict.open("rb") as file:  # (given a path, jieba leaves the file open)
            tokenizer.load_userdict(file)
    return tokenizer


def tagged_words(text: str) -> list[tuple[str, str]]:
    """jieba's words of normalized ``text`` in order, each with the part of speech jieba's
    dictionary gives it (``n``, ``v``, ``p``, ``d``, ``u`` …; ``x`` for a word it has none for:
    the archive's own words, digits, punctuation). The dictionary's tag, not ``jieba.posseg``'s
    HMM, which is ~10 times slower and tags no better the short phrases figures need."""
    tags = _word_tags()
    return [(word, tags.get(word, "x")) for word in _tokenizer().cut(text, HMM=False)]


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """The part of speech of each word of jieba's dictionary, loaded on first use (~0.3 s)."""
    from jieba_fast.posseg import POSTokenizer

    return POSTokenizer(_tokenizer()).word_tag_tab


def words(text: str) -> list[str]:
    """Segment normalized ``text`` into words for ranking, in order.

    Tokens made only of punctuation or whitespace are dropped; everything else
    (single characters, digits, Latin letters) is kept.
    """
    tokens = [text] if len(text) == 1 else _tokenizer().cut(text)  # (jieba cuts one character as itself)
    return [token for token in tokens if token.isalnum() or not _NOT_A_WORD.fullmatch(token)]


def word_counts(text: str) -> dict[str, int]:
    """How often each word of ``text`` occurs."""
    return dict(Counter(words(text)))
