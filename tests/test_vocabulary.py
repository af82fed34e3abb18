"""The suggestions vocabulary (``archive.text.vocabulary``), kept at ingest in a real index of
real reports (the seed, the Pingtan reports, four 2026 provincial reports)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from archive import Archive
from archive.search.suggest import vocabulary
from archive.text.vocabulary import (
    HOMOPHONE, MAX_LENGTH, ONE_CHARACTER, PINYIN, SWAPPED, Vocabulary, is_entry, is_pinyin,
)  # fmt: skip

PROVINCES = ("上海市", "北京市", "广东省", "海南省")


@pytest.fixture(scope="module")
def archive(corpus: Path, seed_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    files = [seed_file, *sorted(p for p in (corpus / "pingtan_zwgk_selected").rglob("*.txt") if not p.name.startswith("_")),
             *(corpus / "gwr_provincial_2026" / f"2026_{name}_政府工作报告.txt" for name in PROVINCES)]  # fmt: skip
    archive = Archive(tmp_path_factory.mktemp("vocabulary-index"))
    assert archive.ingest(files, workers=2).ok
    return archive


@pytest.fixture(scope="module")
def words(archive: Archive) -> Vocabulary:
    return vocabulary(archive.store.snapshot())


def test_kept_at_ingest_from_the_words_indexed(archive: Archive, words: Vocabulary) -> None:
    kept = archive.store.snapshot().vocabulary()
    assert kept == sorted(kept) and all(is_entry(word) for word in kept)
    assert {"执法检查", "安全生产", "应急管理", "政府工作报告"} <= set(kept)
    assert "安全" in words and "执法" in words  # and the common character pairs
    assert "206" not in words and "执" not in words  # Chinese, two characters or more


@pytest.mark.parametrize(
    ("typed", "meant", "reason"),
    [
        ("执发检查", "执法检查", HOMOPHONE),  # pinyin input picked the wrong character
        ("政府工做报告", "政府工作报告", HOMOPHONE),
        ("zhifa jiancha", "执法检查", PINYIN),  # pinyin typed in Latin letters
        ("zhifajiancha", "执法检查", PINYIN),
        ("yinhang", "银行", PINYIN),  # 行 read hang in 银行: every reading counts
        ("法执检查", "执法检查", SWAPPED),
        ("安全生厂", "安全生产", ONE_CHARACTER),
    ],
)
def test_corrects_what_was_meant(words: Vocabulary, typed: str, meant: str, reason: str) -> None:
    found = words.corrections(typed)
    assert (meant, reason) in [(c.text, c.reason) for c in found] and all(c.typed == typed for c in found)
    assert found[0].reason == reason


def test_nothing_for_an_entry_or_nothing_like_it(words: Vocabulary) -> None:
    assert words.corrections("执法检查") == []
    assert words.corrections("鑫龘") == []  # sounds like 新大, but differs in every character
    assert words.corrections("qwxz") == []
    assert is_pinyin("zhifa jiancha") and not is_pinyin("执法") and not is_pinyin("GDP2024")


def test_corrections_are_limited_and_ordered(words: Vocabulary) -> None:
    found = words.corrections("安全生厂", limit=2)
    assert len(found) <= 2


def test_a_rebuild_starts_a_fresh_vocabulary(tmp_path: Path, seed_file: Path) -> None:
    archive = Archive(tmp_path / "index")
    archive.ingest([seed_file])
    assert "应急管理" in archive.store.snapshot().vocabulary()
    archive.rebuild()
    assert "应急管理" in archive.store.snapshot().vocabulary()


def test_a_term_longer_than_any_entry_is_not_corrected(words: Vocabulary) -> None:
    """A term of more than ``MAX_LENGTH`` characters is no entry with a character or two changed:
    nothing is tried. (``的`` × 499, a query anyone can send, tried every pair of its places:
    90 s of one server thread over an index of 372 reports, growing faster than its length squared.)
    Bounded here by a thread's join, not timed."""
    typed = "的" * 300
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(words.corrections(typed)), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert found == [[]]
    assert words.corrections("执法检查" * 2) == [] and len("执法检查" * 2) == MAX_LENGTH  # (the longest tried)
