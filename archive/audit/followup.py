"""Promise against delivery, over statements alone: for each commitment of an agency's
previous report, the sentences of its next report that take it up, a verdict, and how much of
the next report repeats the previous one.

Pure functions of labelled statements (``archive.statements.labels.Statement``), so they are
tested and scored without an index (``tests/data/followups.json``). The verdict is an aid for
the auditor, who reads both sentences:

- ``有下文`` (``DONE``): a sentence of the next report's account of work done reports the promised
  work, and not as under way nor as a shortcoming;
- ``部分/在推进`` (``UNDER_WAY``): the next report takes the work up, but as under way (推进,
  启动, 试点 …), only in part, or promises it again;
- ``未见下文`` (``UNSEEN``): no sentence of the next report is about it.

Two sentences are about the same work when they share its rarer words and characters: the score
is the mean, over words and over character pairs, of the weight the two share (inverse document
frequency over the next report's sentences) out of the weight of the shorter of the two, so that a
short line of a review (``营改增稳步实施``) can take up part of a long promise. Measured on the
labelled pairs (README, "Promise against delivery"); the thresholds were chosen on its dev part.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from archive.settings import DEFAULTS
from archive.statements.labels import COMMITMENT, PROBLEM, Statement
from archive.text.analysis import words
from archive.text.normalize import normalize

DONE, UNDER_WAY, UNSEEN = "有下文", "部分/在推进", "未见下文"
VERDICTS = (DONE, UNDER_WAY, UNSEEN)

RELATED = 3  # sentences shown per commitment
REPORTED = 0.2  # the score from which a sentence of the next report is about the commitment
RENEWED = 0.3  # the score from which a commitment of the next report promises it again
DONE_SCORE = 0.3  # the score a report of the work needs to count as done
NEAR_REPEAT = 0.8  # the share of character pairs two sentences share to count as a repeat
MIN_REPEAT_CHARS = 12  # shorter sentences (一是…) repeat by chance

_STOP_WORDS = frozenset(
    "进一步 加强 工作 推进 开展 继续 持续 全面 深入 积极 推动 提升 不断 加快 加大 做好 抓好 坚持 实施 完善 健全 "
    "强化 促进 深化 扎实 切实 着力 大力 努力 我们 今年 全年 以上 左右 进行 有效 重点 更加 更好 实现 建设 发展".split()
)
_UNDER_WAY_CUES = re.compile(r"推进|启动|开工|试点|逐步|稳步|有序|加快|正在|着手|部分|初步|开局|起步|探索")
_NOT_TEXT = re.compile(r"[\W\d_a-z]+")
_UNSEEN = "\0"  # the key of the weight of a word the next report never uses


@dataclass(frozen=True)
class FollowUp:
    """A commitment of the previous report, its verdict, and the next report's sentences about it
    (``evidence``: the one the verdict rests on; ``related``: the best ones, best first)."""

    commitment: Statement
    verdict: str
    evidence: Statement | None
    score: float
    related: list[Statement] = field(default_factory=list)


@dataclass(frozen=True)
class Repeat:
    """A sentence of the report that repeats one of the previous report (``similarity`` 1.0:
    the same text once normalized)."""

    sentence: Statement
    previous: Statement
    similarity: float


@dataclass(frozen=True)
class Reuse:
    """How much of a report repeats the previous report of its agency."""

    sentences: int
    repeats: list[Repeat]

    @property
    def share(self) -> float:
        return len(self.repeats) / self.sentences if self.sentences else 0.0


def follow_ups(commitments: Iterable[Statement], later: list[Statement]) -> list[FollowUp]:
    """For each of ``commitments`` (of the previous report), what the next report's statements
    ``later`` say of it. (Scores are summed over an inverted index of the next report's words and
    character pairs, so only sentences sharing a word are looked at: the national reports' 360
    promises against 500 sentences take a fraction of a second, not seven.)"""
    vocabulary = [_content_words(s.text) for s in later]
    grams = [_pairs(s.text) for s in later]
    word_weights, gram_weights = _idf(vocabulary), _idf(grams)
    word_totals = [sum(word_weights[w] for w in said) for said in vocabulary]
    gram_totals = [sum(gram_weights[g] for g in said) for said in grams]
    by_word, by_gram = _holders(vocabulary), _holders(grams)
    results = []
    for commitment in commitments:
        words_shared = _shared(_content_words(commitment.text), by_word, word_weights, word_totals)
        grams_shared = _shared(_pairs(commitment.text), by_gram, gram_weights, gram_totals, within=words_shared)
        scored = sorted(
            ((words_shared[index] + grams_shared.get(index, 0.0)) / 2, index) for index in words_shared
        )
        scored.sort(key=lambda item: (-item[0], item[1]))
        results.append(_verdict(commitment, [(score, later[index]) for score, index in scored]))
    return results


def _holders(sets: list[frozenset[str]]) -> dict[str, list[int]]:
    """For each word (or character pair), the indices of the sentences holding it."""
    holders: dict[str, list[int]] = defaultdict(list)
    for index, items in enumerate(sets):
        for item in items:
            holders[item].append(index)
    return holders


def _shared(
    promised: frozenset[str], holders: dict[str, list[int]], weights: dict[str, float], totals: list[float],
    within: dict[int, float] | None = None,
) -> dict[int, float]:
    """For each sentence sharing an item of ``promised`` (and in ``within``, when given), the
    weight shared out of the weight of the lighter of the two (an item the next report never uses weighs most)."""
    unseen = weights.get(_UNSEEN, 1.0)
    promised_total = sum(weights.get(item, unseen) for item in promised)
    shared: dict[int, float] = defaultdict(float)
    for item in promised:
        for index in holders.get(item, ()):
            if within is None or index in within:
                shared[index] += weights[item]
    return {index: weight / min(promised_total, totals[index]) for index, weight in shared.items() if weight}


def text_reuse(current: list[Statement], previous: list[Statement]) -> Reuse:
    """The sentences of ``current`` that repeat a sentence of ``previous`` verbatim or nearly
    (after normalization: punctuation, digits and Latin left out, at least ``NEAR_REPEAT`` of
    their character pairs shared)."""
    grams_by_previous = [_pairs(s.text) for s in previous]
    exact = {_plain(s.text): s for s in previous if len(_plain(s.text)) >= MIN_REPEAT_CHARS}
    holders: dict[str, list[int]] = defaultdict(list)
    for index, grams in enumerate(grams_by_previous):
        for gram in grams:
            holders[gram].append(index)
    repeats = []
    counted = 0
    for sentence in current:
        plain = _plain(sentence.text)
        if len(plain) < MIN_REPEAT_CHARS:
            continue
        counted += 1
        if plain in exact:
            repeats.append(Repeat(sentence, exact[plain], 1.0))
            continue
        grams = _pairs(sentence.text)
        shared = Counter(index for gram in grams for index in holders.get(gram, ()))
        best = max(
            ((count / max(len(grams), len(grams_by_previous[index])), index) for index, count in shared.items()),
            default=(0.0, -1),
        )
        if best[0] >= NEAR_REPEAT:
            repeats.append(Repeat(sentence, previous[best[1]], round(best[0], 3)))
    return Reuse(counted, repeats)


def _verdict(commitment: Statement, scored: list[tuple[float, Statement]]) -> FollowUp:
    """The verdict on ``commitment`` from the next report's sentences ``scored``, best first."""
    related = [statement for score, statement in scored[:RELATED] if score >= REPORTED]
    reports = [(score, s) for score, s in scored if s.kind != COMMITMENT and score >= REPORTED]
    renewed = [(score, s) for score, s in scored if s.kind == COMMITMENT and score >= RENEWED]
    done = [(score, s) for score, s in reports if score >= DONE_SCORE and _reports_done(s)]
    if done:
        score, evidence = done[0]
        return FollowUp(commitment, DONE, evidence, round(score, 3), related)
    if reports or renewed:
        score, evidence = max(reports[:1] + renewed[:1], key=lambda item: item[0])
        return FollowUp(commitment, UNDER_WAY, evidence, round(score, 3), related)
    best = scored[0][0] if scored else 0.0
    return FollowUp(commitment, UNSEEN, None, round(best, 3), related)


def _reports_done(statement: Statement) -> bool:
    """Whether a sentence of a review reports work done: not as under way (推进, 试点 …), nor as a shortcoming."""
    return statement.kind != PROBLEM and not _UNDER_WAY_CUES.search(normalize(statement.text))


@lru_cache(maxsize=DEFAULTS.followup_cache)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in words(normalize(text)) if len(w) >= 2 and not w.isdigit() and w not in _STOP_WORDS)


def _idf(vocabulary: list[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequency of each word over ``vocabulary``'s sentences; ``_UNSEEN`` holds
    the weight of a word none of them uses (the highest)."""
    counts = Counter(word for said in vocabulary for word in said)
    total = len(vocabulary) + 1
    weights = {word: math.log(total / (count + 0.5)) for word, count in counts.items()}
    weights[_UNSEEN] = math.log(total / 0.5)
    return weights


def _plain(text: str) -> str:
    return _NOT_TEXT.sub("", normalize(text))


@lru_cache(maxsize=DEFAULTS.followup_cache)
def _pairs(text: str) -> frozenset[str]:
    plain = _plain(text)
    return frozenset(plain[i : i + 2] for i in range(len(plain) - 1))
