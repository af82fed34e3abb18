"""The archive's own vocabulary, for suggesting what a person meant to type.

Built at ingest from the reports' normalized text: every jieba word (``archive.text.analysis``)
and every pair of adjacent Chinese characters, each with the number of reports holding it.
A query term the archive finds nowhere (or almost nowhere) is compared with it for

- a homophone typed by pinyin input: the same toneless pinyin (``执发检查`` → 执法检查), or the
  pinyin itself typed in Latin letters (``zhifa jiancha`` → 执法检查);
- one wrong character (``安全生厂`` → 安全生产);
- two adjacent characters swapped (``检执法查`` → 执法检查);

and the candidates are offered with their counts, most likely first. Nothing here changes a
query: the caller shows the suggestions as links.

Pinyin comes from pypinyin's character table (every reading of a character, tones dropped),
read character by character: the table lookup costs microseconds where pypinyin's phrase
segmentation costs about 0.1 ms a word, and a word whose characters have several readings is
keyed under each combination (up to ``MAX_READINGS``), so ``银行`` is found as yinhang.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterable, Iterator

from pypinyin.contrib.tone_convert import to_normal
from pypinyin.pinyin_dict import pinyin_dict

from archive.text.analysis import PARAGRAPH_BREAK, words

MIN_LENGTH, MAX_LENGTH = 2, 8  # entries shorter are single characters, longer are phrases no one mistypes whole
MAX_READINGS = 8  # pinyin keys kept per entry: a word of several polyphonic characters is rare
HOMOPHONE, SWAPPED, ONE_CHARACTER, PINYIN = "homophone", "swapped", "one character", "pinyin"
_REASON_ORDER = {PINYIN: 0, HOMOPHONE: 1, SWAPPED: 2, ONE_CHARACTER: 3}
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN_PINYIN = re.compile(r"[a-z]+(?: [a-z]+)*")
_WILDCARD = "\0"


@dataclass(frozen=True)
class Suggestion:
    """A term the archive holds, in place of one typed: ``count`` reports hold it."""

    typed: str
    text: str
    count: int
    reason: str  # HOMOPHONE, PINYIN, SWAPPED or ONE_CHARACTER


class Vocabulary:
    """Entries (words and character pairs of the archive) with the number of reports holding each."""

    def __init__(self, counts: dict[str, int] | None = None):
        self.counts: Counter[str] = Counter(counts or {})

    # --- building ------------------------------------------------------------------

    @staticmethod
    def entries(text: str, report_words: Iterable[str] | None = None) -> set[str]:
        """The entries of one report's normalized ``text``: its Chinese words and character pairs.

        ``report_words``, the text's jieba words if the caller has them (ingest segments every
        report for ranking anyway), spares segmenting it again: segmenting is nine tenths of the cost.
        """
        found: set[str] = set()
        for word in words(text) if report_words is None else report_words:
            if MIN_LENGTH <= len(word) <= MAX_LENGTH and _CJK.fullmatch(word):
                found.add(word)
        for run in _CJK.findall(text.replace(PARAGRAPH_BREAK, " ")):
            found.update(map(str.__add__, run, run[1:]))
        return found

    def add(self, text: str, report_words: Iterable[str] | None = None) -> None:
        """Count one report's normalized ``text`` (and its words, if known: see ``entries``)."""
        self.counts.update(self.entries(text, report_words))

    def remove(self, text: str) -> None:
        """Uncount one report (replaced or removed) given its normalized ``text``."""
        self.counts.subtract(self.entries(text))
        self.counts += Counter()  # drops the entries no report holds any more

    def merge(self, other: "Vocabulary") -> None:
        """Add the counts of ``other`` (a segment built in another process)."""
        self.counts.update(other.counts)

    @classmethod
    def of(cls, texts: Iterable[str]) -> "Vocabulary":
        vocabulary = cls()
        for text in texts:
            vocabulary.add(text)
        return vocabulary

    # --- storing -------------------------------------------------------------------

    def to_text(self) -> str:
        """One ``entry<TAB>count`` line per entry, most frequent first (to store beside the index)."""
        return "".join(f"{entry}\t{count}\n" for entry, count in sorted(self.counts.items(), key=_by_count))

    @classmethod
    def from_text(cls, text: str) -> "Vocabulary":
        counts = {}
        for line in text.splitlines():
            entry, _, count = line.partition("\t")
            if entry and count.isdigit():
                counts[entry] = int(count)
        return cls(counts)

    # --- suggesting ----------------------------------------------------------------

    def suggest(self, typed: str, limit: int = 3) -> list[Suggestion]:
        """Entries the archive holds that ``typed`` (a normalized query term) may have meant,
        most likely first: by kind of mistake (pinyin, homophone, swapped, one character), then
        by how many reports hold them. Empty for a term the archive holds itself."""
        if self.counts.get(typed):
            return []
        found: dict[str, str] = {}
        latin = _LATIN_PINYIN.fullmatch(typed.strip())
        if latin:
            for entry in self._by_pinyin.get(typed.replace(" ", ""), ()):
                found.setdefault(entry, PINYIN)
        elif _CJK.fullmatch(typed) and len(typed) >= MIN_LENGTH:
            for key in _pinyin_keys(typed):
                for entry in self._by_pinyin.get(key, ()):
                    if len(entry) == len(typed) and _differing(entry, typed) <= max(1, len(typed) // 2):
                        found.setdefault(entry, HOMOPHONE)
            for i in range(len(typed) - 1):
                swapped = typed[:i] + typed[i + 1] + typed[i] + typed[i + 2 :]
                if self.counts.get(swapped):
                    found.setdefault(swapped, SWAPPED)
            for key in _wildcards(typed):
                for entry in self._by_wildcard.get(key, ()):
                    found.setdefault(entry, ONE_CHARACTER)
        found.pop(typed, None)
        ranked = sorted(found.items(), key=lambda item: (_REASON_ORDER[item[1]], -self.counts[item[0]], item[0]))
        return [Suggestion(typed, entry, self.counts[entry], reason) for entry, reason in ranked[:limit]]

    @cached_property
    def _by_pinyin(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for entry in self.counts:
            for key in _pinyin_keys(entry):
                index.setdefault(key, []).append(entry)
        return index

    @cached_property
    def _by_wildcard(self) -> dict[str, list[str]]:
        """Entries of three characters or more under each form with one character left out:
        a pair with one character wrong is too often another real pair to be a suggestion."""
        index: dict[str, list[str]] = {}
        for entry in self.counts:
            if len(entry) > MIN_LENGTH:
                for key in _wildcards(entry):
                    index.setdefault(key, []).append(entry)
        return index


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _differing(a: str, b: str) -> int:
    """How many characters of two strings of one length differ (a homophone differing in
    every one, 鑫龘 for 新大, is a coincidence of sounds, not a typing slip)."""
    return sum(x != y for x, y in zip(a, b))


def _wildcards(text: str) -> Iterator[str]:
    for i in range(len(text)):
        yield text[:i] + _WILDCARD + text[i + 1 :]


@lru_cache(maxsize=65536)
def _readings(char: str) -> tuple[str, ...]:
    """The toneless readings of one character (itself if the table has none)."""
    table = pinyin_dict.get(ord(char))
    if not table:
        return (char,)
    return tuple(dict.fromkeys(to_normal(reading) for reading in table.split(",")))


def _pinyin_keys(text: str) -> list[str]:
    """``text`` in toneless pinyin, one key per combination of its characters' readings
    (the first ``MAX_READINGS``, the most common readings first)."""
    combos = itertools.product(*(_readings(char) for char in text))
    return ["".join(combo) for combo in itertools.islice(combos, MAX_READINGS)]
