"""The archive's own vocabulary, for suggesting what a person meant to type.

The entries are the archive's jieba words (the terms its title, heading and body word fields
were given at ingest, ``archive.text.analysis``) and its frequent pairs of adjacent Chinese
characters (``data/bigrams.txt``), Chinese only, two to eight characters. A query term the
archive finds nowhere (or almost nowhere) is compared with them for

- a homophone typed by pinyin input: the same toneless pinyin (``执发检查`` → 执法检查), or the
  pinyin itself typed in Latin letters (``zhifa jiancha`` → 执法检查);
- one wrong character (``安全生厂`` → 安全生产);
- two adjacent characters swapped (``法执检查`` → 执法检查);

most likely first. The caller counts the reports each candidate finds and offers the best as
links: nothing here changes a query.

Pinyin comes from pypinyin's character table (every reading of a character, tones dropped),
read character by character: the table lookup costs microseconds where pypinyin's phrase
segmentation costs about 0.1 ms a word, and every reading counts, so ``银行`` is found as
yinhang.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterable, Iterator

import numpy as np


MIN_LENGTH, MAX_LENGTH = 2, 8  # entries shorter are single characters, longer are phrases no one mistypes whole
PINYIN, HOMOPHONE, SWAPPED, ONE_CHARACTER = "pinyin", "homophone", "swapped", "one character"
REASONS = (PINYIN, HOMOPHONE, SWAPPED, ONE_CHARACTER)  # most likely first
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN_PINYIN = re.compile(r"[a-z]+(?: [a-z]+)*")


@dataclass(frozen=True)
class Correction:
    """An entry of the archive that ``typed`` may have meant, and the kind of slip."""

    typed: str
    text: str
    reason: str  # one of REASONS


def is_entry(word: str) -> bool:
    """Whether ``word`` (normalized) belongs in the vocabulary: Chinese, two to eight characters."""
    return MIN_LENGTH <= len(word) <= MAX_LENGTH and bool(_CJK.fullmatch(word))


def is_pinyin(text: str) -> bool:
    """Whether ``text`` (normalized) looks like pinyin typed in Latin letters (``zhifa jiancha``)."""
    return bool(_LATIN_PINYIN.fullmatch(text.strip()))


class Vocabulary:
    """The archive's entries (see the module docstring), and the corrections they offer.

    Candidates are made from the typed term (each character replaced by its homophones, or by
    any character of the entries; neighbours swapped; Latin syllables read as characters) and
    kept where they are entries: no index over the entries is built, so a vocabulary of the
    whole corpus costs only its set of words.
    """

    def __init__(self, entries: Iterable[str]):
        self.entries = frozenset(entry for entry in entries if is_entry(entry))

    def __contains__(self, word: str) -> bool:
        return word in self.entries

    @cached_property
    def alphabet(self) -> frozenset[str]:
        """Every character of the entries."""
        return frozenset(self._neighbours[0]) | frozenset(self._neighbours[1])

    @cached_property
    def _neighbours(self) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        """For each character, the characters that follow it in some entry, and those that
        precede it: a candidate is an entry only if each of its pairs is one of the entries'
        pairs, which prunes the strings tried before any is looked up (an 8-character term tried
        ~45,000 homophone strings, 70 ms a query, over the corpus's vocabulary). Made with numpy
        from the entries' distinct pairs: a loop over every pair of every entry took a first
        corrected query 0.5–1.5 s over the corpus's vocabulary."""
        codes = np.frombuffer("\n".join(self.entries).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        inside = (codes[:-1] != ord("\n")) & (codes[1:] != ord("\n"))
        pairs = np.unique((codes[:-1][inside] << np.uint64(32)) | codes[1:][inside])
        first, second = pairs >> np.uint64(32), pairs & np.uint64(0xFFFFFFFF)
        return _grouped(first, second), _grouped(*(part[np.argsort(second, kind="stable")] for part in (second, first)))

    def corrections(self, typed: str, limit: int = 10) -> list[Correction]:
        """Entries that ``typed`` (a normalized query term) may have meant, most likely first
        (pinyin, homophone, swapped, one character; then in text order); none for an entry."""
        if typed in self.entries:
            return []
        found: dict[str, str] = {}
        if is_pinyin(typed):
            for text in self._from_pinyin(typed):
                found.setdefault(text, PINYIN)
        elif is_entry(typed):  # (a correction keeps the length: a longer term can be no entry)
            homophones = [(_homophones_of(char) & self.alphabet) - {char} for char in typed]
            for text in self._replaced(typed, homophones, min(MAX_HOMOPHONES, max(1, len(typed) // 2))):
                found.setdefault(text, HOMOPHONE)
            for i in range(len(typed) - 1):
                swapped = typed[:i] + typed[i + 1] + typed[i] + typed[i + 2 :]
                if swapped in self.entries:
                    found.setdefault(swapped, SWAPPED)
            if len(typed) > MIN_LENGTH:  # a pair with one character wrong is too often another real pair
                for text in self._replaced(typed, [self.alphabet] * len(typed), 1):  # (typed itself: dropped below)
                    found.setdefault(text, ONE_CHARACTER)
        found.pop(typed, None)
        ranked = sorted(found.items(), key=lambda item: (REASONS.index(item[1]), item[0]))
        return [Correction(typed, entry, reason) for entry, reason in ranked[:limit]]

    def _replaced(self, typed: str, options: list[frozenset[str]], most: int) -> Iterator[str]:
        """Entries that are ``typed`` with one to ``most`` characters replaced, each by one of its
        ``options`` (differing in every character of a longer term, 鑫龘 for 新大, is a coincidence
        of sounds, not a typing slip). Only strings whose every pair is an entries' pair are made."""
        (follows, precedes), nothing = self._neighbours, frozenset()
        broken = [k for k in range(len(typed) - 1) if typed[k + 1] not in follows.get(typed[k], nothing)]
        for count in range(1, most + 1):
            for positions in itertools.combinations(range(len(typed)), count):
                changed = set(positions)
                if any(k not in changed and k + 1 not in changed for k in broken):
                    continue
                fitting = []
                for i in positions:  # each option must pair with the unchanged neighbours
                    chars = options[i]
                    if i > 0 and i - 1 not in changed:
                        chars = chars & follows.get(typed[i - 1], nothing)
                    if i + 1 < len(typed) and i + 1 not in changed:
                        chars = chars & precedes.get(typed[i + 1], nothing)
                    fitting.append(sorted(chars))
                for chars in itertools.product(*fitting):
                    candidate = list(typed)
                    for i, char in zip(positions, chars):
                        candidate[i] = char
                    if (text := "".join(candidate)) in self.entries:
                        yield text

    def _from_pinyin(self, typed: str) -> Iterator[str]:
        """Entries whose pinyin is ``typed`` (Latin letters, words apart or together): each word
        read as syllables, each syllable as the characters of the entries with that reading."""
        chunks = [self._chunk(chunk) for chunk in typed.split()]
        if not all(chunks):
            return
        for combo in itertools.islice(itertools.product(*chunks), MAX_PINYIN_CANDIDATES):
            if (text := "".join(combo)) in self.entries:
                yield text

    def _chunk(self, chunk: str) -> list[str]:
        """The entries (or single characters) one Latin word of pinyin may be written as."""
        if chunk not in self._chunks:
            if len(self._chunks) >= MAX_CHUNKS_KEPT:
                self._chunks.clear()
            self._chunks[chunk] = self._read_chunk(chunk)
        return self._chunks[chunk]

    @cached_property
    def _chunks(self) -> dict[str, list[str]]:
        return {}

    def _read_chunk(self, chunk: str) -> list[str]:
        found: list[str] = []
        for syllables in _syllables(chunk):
            options = [sorted(_characters_read(s) & self.alphabet) for s in syllables]
            if math.prod(map(len, options)) <= MAX_PINYIN_CANDIDATES:
                texts = ("".join(chars) for chars in itertools.product(*options))
                found += [text for text in texts if len(text) == 1 or text in self.entries]
            elif len(syllables) > 2:  # zhifajiancha: read as words of two syllables, zhifa jiancha
                found += self._from_pinyin(" ".join("".join(syllables[i : i + 2]) for i in range(0, len(syllables), 2)))
        return list(dict.fromkeys(found))


def _grouped(keys: np.ndarray, values: np.ndarray) -> dict[str, frozenset[str]]:
    """Each of ``keys`` (code points, ascending) as a character, with the characters of the
    ``values`` beside it."""
    starts = np.flatnonzero(np.diff(keys, prepend=np.uint64(2**32))).tolist()
    chars = values.astype(np.uint32).tobytes().decode("utf-32-le")
    return {chr(int(keys[start])): frozenset(chars[start:end]) for start, end in zip(starts, [*starts[1:], len(chars)])}


MAX_HOMOPHONES = 2  # characters replaced by homophones at most
MAX_PINYIN_CANDIDATES = 20_000  # strings tried for one word of pinyin: more is a word too vague to mean one thing


@lru_cache(maxsize=1)
def _by_reading() -> dict[str, frozenset[str]]:
    """Each toneless reading and the characters read so (pypinyin's character table)."""
    readings: dict[str, set[str]] = {}
    for code, table in _pinyin_table().items():
        for reading in {_toneless(r) for r in table.split(",")}:
            readings.setdefault(reading, set()).add(chr(code))
    return {reading: frozenset(chars) for reading, chars in readings.items()}


def _characters_read(reading: str) -> frozenset[str]:
    return _by_reading().get(reading, frozenset())


@lru_cache(maxsize=65536)
def _homophones_of(char: str) -> frozenset[str]:
    return frozenset().union(*(_characters_read(reading) for reading in _readings(char)))


def _syllables(word: str) -> list[tuple[str, ...]]:
    """Every way ``word`` (Latin letters) splits into pinyin syllables (zhifa: zhi·fa)."""
    known = _by_reading()
    splits: dict[int, list[tuple[str, ...]]] = {0: [()]}
    for end in range(1, len(word) + 1):
        splits[end] = [(*before, word[start:end]) for start in range(max(0, end - 6), end)
                       if word[start:end] in known for before in splits[start]]  # fmt: skip
    return splits[len(word)][:MAX_SPLITS]


MAX_CHUNKS_KEPT = 1000  # words of pinyin whose readings are kept (a word recurs in the words tried for a longer one)
MAX_SPLITS = 4  # ways one word of pinyin is read (xian: xian or xi·an)


@lru_cache(maxsize=65536)
def _readings(char: str) -> tuple[str, ...]:
    """The toneless readings of one character (itself if the table has none)."""
    table = _pinyin_table().get(ord(char))
    if not table:
        return (char,)
    return tuple(dict.fromkeys(_toneless(reading) for reading in table.split(",")))


@lru_cache(maxsize=4096)
def _toneless(reading: str) -> str:
    """A reading without its tone mark (about 1,500 distinct readings: each converted once)."""
    from pypinyin.contrib.tone_convert import to_normal

    return to_normal(reading)


def _pinyin_table() -> dict[int, str]:
    """pypinyin's character table, imported on first use: importing pypinyin loads its phrase
    dictionary too (0.16 s, a third of a search process's start), and only suggestions need it."""
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


