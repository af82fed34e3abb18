"""Text analysis: the terms a report is indexed under and a query is matched by.

Two analyses of the same normalized text (see ``archive.normalize``):

- **character grams** for exact matching: which characters and pairs of
  adjacent characters a report holds, and how often. A query string of one or two characters
  is a gram itself; a longer one can only be in reports holding all its pairs,
  and those few are checked against their text, so any substring of a
  paragraph is found, whatever the words. Paragraphs are separated by
  ``\\n``, which no gram contains, so no match spans two paragraphs.
- **words** for ranking: jieba's segmentation with the archive's domain
  dictionary, positions counted in words, punctuation and spaces dropped but
  single digits and letters kept.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

import jieba

PARAGRAPH_BREAK = "\n"
_NOT_A_WORD = re.compile(r"[\s\W_]+")


def char_grams(text: str) -> dict[str, int]:
    """How often each character and adjacent pair of characters occurs in ``text``.

    ``text`` is normalized text; ``\\n`` (the paragraph break) is neither a gram
    nor part of one.
    """
    grams = Counter(text)
    grams.update(map(str.__add__, text, text[1:]))
    return {gram: count for gram, count in grams.items() if PARAGRAPH_BREAK not in gram}


def query_grams(text: str) -> list[str]:
    """The grams of a normalized query string: itself if one character, else its pairs in order."""
    if len(text) == 1:
        return [text]
    return [text[i : i + 2] for i in range(len(text) - 1)]


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with resources.as_file(resources.files("archive") / "data" / "userdict.txt") as path:
        if path.exists():
            tokenizer.load_userdict(str(path))
    return tokenizer


def words(text: str) -> list[str]:
    """Segment normalized ``text`` into words for ranking, in order.

    Tokens made only of punctuation or whitespace are dropped; everything else
    (single characters, digits, Latin letters) is kept.
    """
    return [token for token in _tokenizer().cut(text) if not _NOT_A_WORD.fullmatch(token)]


def word_positions(text: str) -> dict[str, list[int]]:
    """Map each word of ``text`` to its positions, counted in words."""
    positions: dict[str, list[int]] = {}
    for position, word in enumerate(words(text)):
        positions.setdefault(word, []).append(position)
    return positions
