"""The suggestions vocabulary (``archive.text.vocabulary``) over real reports of the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.parsing.parse import parse_report
from archive.parsing.readers import read_text
from archive.text.analysis import words
from archive.text.normalize import normalize
from archive.text.vocabulary import HOMOPHONE, ONE_CHARACTER, PINYIN, SWAPPED, Vocabulary

REPORTS = ("pingtan_zwgk_selected", "gwr_provincial_2026")


def _texts(corpus: Path, seed_file: Path) -> list[str]:
    files = [seed_file, *sorted((corpus / REPORTS[0]).rglob("*.txt"))[:7],
             *sorted((corpus / REPORTS[1]).glob("2026_*.txt"))[:4]]  # fmt: skip
    texts = []
    for path in files:
        report = parse_report(read_text(path, path.read_bytes()), path.name)
        texts.append(normalize("\n".join([report.title, *(p.text for p in report.paragraphs)])))
    return texts


@pytest.fixture(scope="module")
def texts(corpus: Path, seed_file: Path) -> list[str]:
    return _texts(corpus, seed_file)


@pytest.fixture(scope="module")
def vocabulary(texts: list[str]) -> Vocabulary:
    return Vocabulary.of(texts)


def _best(vocabulary: Vocabulary, typed: str) -> tuple[str, str]:
    suggestion = vocabulary.suggest(typed)[0]
    assert suggestion.typed == typed and suggestion.count == vocabulary.counts[suggestion.text] > 0
    return suggestion.text, suggestion.reason


def test_counts_reports_not_occurrences(vocabulary: Vocabulary, texts: list[str]) -> None:
    for pair in ("执法", "安全", "生厂"):  # every pair of Chinese characters is an entry
        assert vocabulary.counts[pair] == sum(pair in text for text in texts)
    # a word counts the reports where jieba reads it as one (not inside 安全生产月)
    assert 0 < vocabulary.counts["安全生产"] <= sum("安全生产" in text for text in texts)
    assert all(2 <= len(entry) <= 8 for entry in vocabulary.counts)


@pytest.mark.parametrize(
    ("typed", "meant", "reason"),
    [
        ("执发检查", "执法检查", HOMOPHONE),  # pinyin input picked the wrong character
        ("政府工做报告", "政府工作报告", HOMOPHONE),
        ("zhifa jiancha", "执法检查", PINYIN),  # pinyin typed in Latin letters
        ("zhifajiancha", "执法检查", PINYIN),
        ("yinhang", "银行", PINYIN),  # 行 read hang in 银行: every reading is a key
        ("法执检查", "执法检查", SWAPPED),
        ("安全生厂", "安全生产", ONE_CHARACTER),
    ],
)
def test_suggests_what_was_meant(vocabulary: Vocabulary, typed: str, meant: str, reason: str) -> None:
    assert _best(vocabulary, typed) == (meant, reason)


def test_nothing_for_text_the_archive_holds_or_nothing_like_it(vocabulary: Vocabulary) -> None:
    assert vocabulary.suggest("执法检查") == []
    assert vocabulary.suggest("安全生产") == []
    assert vocabulary.suggest("鑫龘") == []
    assert vocabulary.suggest("qwxz") == []


def test_suggestions_are_ranked_and_limited(vocabulary: Vocabulary) -> None:
    found = vocabulary.suggest("安全生厂", limit=2)
    assert len(found) <= 2
    assert [s.count for s in found] == sorted((s.count for s in found), reverse=True)


def test_words_known_from_ingest_give_the_same_entries(texts: list[str]) -> None:
    assert Vocabulary.entries(texts[0], words(texts[0])) == Vocabulary.entries(texts[0])


def test_stores_merges_and_forgets(vocabulary: Vocabulary, texts: list[str]) -> None:
    again = Vocabulary.from_text(vocabulary.to_text())
    assert again.counts == vocabulary.counts
    halves = Vocabulary.of(texts[:5])
    halves.merge(Vocabulary.of(texts[5:]))
    assert halves.counts == vocabulary.counts
    halves.remove(texts[0])
    assert halves.counts == Vocabulary.of(texts[1:]).counts
    assert all(count > 0 for count in halves.counts.values())
