"""The store's caches: bounded in bytes, and a query reads only its candidates' texts."""

from __future__ import annotations

import sys

import pytest

from archive.settings import Settings
from archive.store.snapshot import PROCESS_BYTES, Caches, _Cache
from conftest import build_archive

FILLER = "本局坚持依法行政，推进政务公开，全年完成各项工作任务。"


@pytest.fixture(scope="module")
def many_reports(tmp_path_factory: pytest.TempPathFactory):
    """Forty reports of common words; two of them also hold a rare phrase."""
    reports = {f"r{n:02d}.txt": f"某县第{n}号工作报告\n\n" + "\n\n".join([FILLER] * 20) + f"\n\n编号{n}号。" for n in range(40)}
    for name in ("r07.txt", "r31.txt"):
        reports[name] += "\n\n全年查处蹊跷罕见案件。"
    return build_archive(tmp_path_factory, "memory", reports)


def test_a_query_reads_only_its_candidates_texts(many_reports) -> None:
    store = many_reports.store
    store.caches.texts.resize(0)  # forget what ingest checks or other tests read
    store.caches.texts.resize(10**9)
    response = many_reports.search("蹊跷罕见", limit=10)
    assert response.total_documents == 2
    read = store.caches.texts.used
    snapshot = store.snapshot()
    every = sum(sys.getsizeof(snapshot.text(docnum)) for docnum in range(snapshot.size))
    # the two candidates' texts (checked, then highlighted), not their segments' forty
    assert 0 < read < 4 * every / snapshot.size


def test_caches_stay_within_their_bytes() -> None:
    cache = _Cache(1000, len)
    for n in range(50):
        cache.get(n, lambda: "x" * 90)
    assert cache.used <= 1000 and len(cache) == 11
    assert cache.get_many([49, 48, 100], lambda key: "y" * 10) == ["x" * 90, "x" * 90, "y" * 10]
    assert cache.used <= 1000
    cache.resize(200)
    assert cache.used <= 200 and cache.get(100, lambda: "z") == "y" * 10  # the most recent stay


def test_caches_are_shared_out_of_the_memory_budget() -> None:
    caches = Caches(Settings(memory_budget=PROCESS_BYTES + 100 * 2**20))
    parts = (caches.texts, caches.postings, caches.reports, caches.frequencies)
    assert sum(cache.budget for cache in parts) <= 100 * 2**20
    caches.fit(10 * 2**20)  # a small index: its texts need less than their share, the rest goes to postings
    assert caches.texts.budget == 10 * 2**20 and caches.postings.budget > 60 * 2**20
    assert sum(cache.budget for cache in parts) <= 100 * 2**20


def test_search_memory_after_many_queries_is_bounded(many_reports) -> None:
    for text in ("依法行政", "政务", "编号1", "蹊跷", "第3号", "工作任务"):
        many_reports.search(text, limit=10)
    caches = many_reports.store.caches
    for cache in (caches.texts, caches.postings, caches.reports, caches.frequencies):
        assert cache.used <= max(cache.budget, 1)
