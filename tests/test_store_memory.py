"""The store's caches: bounded in bytes, and a query reads only its candidates' texts."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from archive.search.matching import _marked_forms
from archive.text import analysis
from archive.settings import Settings
from archive.store import snapshot as snapshot_module
from archive.store.snapshot import FEW_CANDIDATES, PROCESS_BYTES, Caches, _Cache
from archive import Archive
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
    parts = (caches.texts, caches.postings, caches.reports, caches.found, caches.terms)
    assert sum(cache.budget for cache in parts) <= 100 * 2**20
    caches.fit(10 * 2**20)  # a small index: its texts need less than their share, the rest goes to the others
    assert caches.texts.budget == 10 * 2**20 and caches.postings.budget > 50 * 2**20
    assert sum(cache.budget for cache in parts) <= 100 * 2**20


def test_search_memory_after_many_queries_is_bounded(many_reports) -> None:
    for text in ("依法行政", "政务", "编号1", "蹊跷", "第3号", "工作任务"):
        many_reports.search(text, limit=10)
    caches = many_reports.store.caches
    for cache in (caches.texts, caches.postings, caches.reports, caches.found, caches.terms):
        assert cache.used <= max(cache.budget, 1)


@pytest.fixture(scope="module")
def common_phrase(tmp_path_factory: pytest.TempPathFactory):
    """Seventy reports holding ``依法行政`` three times each (more than a text check takes), and
    one holding each of its pairs apart (``依法`` ``法行`` ``行政``) but not the phrase, ingested
    in eight commits (their segments merged: positions are carried through a merge)."""
    body = "\n\n".join([FILLER, "各部门依法行政意识明显增强。", "依法行政考核列入年度目标。"])
    reports = {f"p{n:02d}.txt": f"某县第{n}号报告\n\n{body}" for n in range(70)}
    reports["apart.txt"] = "某县报告\n\n坚持依法办事，规范执法行为，精简行政审批。"
    folder = tmp_path_factory.mktemp("phrase-reports")
    for filename, text in reports.items():
        (folder / filename).write_text(text, encoding="utf-8")
    archive = Archive(tmp_path_factory.mktemp("phrase-index"))
    for batch in ([folder / f"p{n:02d}.txt" for n in range(k, k + 10)] for k in range(0, 70, 10)):
        archive.ingest(batch)  # seven commits: Whoosh merges the small segments into the commits' own
    archive.ingest([folder / "apart.txt"])
    assert len(archive.store.snapshot().reader.leaf_readers()) < 8
    return archive


def test_a_common_phrase_is_decided_by_its_pairs_positions(common_phrase) -> None:
    store = common_phrase.store
    assert store.snapshot().size > FEW_CANDIDATES
    store.caches.texts.resize(0)
    store.caches.texts.resize(10**9)
    response = common_phrase.search("依法行政", limit=5)
    assert response.total_documents == 70  # not the report holding its pairs apart
    snapshot = store.snapshot()
    assert sorted(set(snapshot.occurrences("依法行政").tolist())) == [0.0, 3.0]  # counted exactly
    assert len(store.caches.texts) <= 5  # the texts of the results shown, not of the seventy candidates


@pytest.mark.parametrize("text", ["依法行政", "行政审批", "依法", "依", "第1号报告"])
def test_occurrences_within_some_reports_count_those_alone(common_phrase, text: str) -> None:
    """A phrase decided by positions, one found by its rare pair, a pair, a character, each counted
    within some reports (the candidates of a query) as in all of them, and 0 elsewhere."""
    snapshot = common_phrase.store.snapshot()
    within = snapshot.none()
    within[::3] = True
    everywhere = snapshot.occurrences(text)
    assert everywhere.any()
    assert snapshot.occurrences(text, within).tolist() == np.where(within, everywhere, 0).tolist()


def test_a_term_no_report_holds_with_marks_inside_reads_no_text(common_phrase) -> None:
    """``执法行为规范``: one report holds its characters and all its pairs but ``为规``, none with
    marks between them (``marked``), so no report's text is read for its loose forms (before: the
    report's, as every report's holding its characters and all but one pair, up to 2,000); nor
    for ``政意识明显``, which seventy reports hold joined. A string with marks in two places is
    found (before: it lacked two pairs joined, and was not looked for)."""
    store = common_phrase.store
    store.caches.texts.resize(0)
    store.caches.texts.resize(10**9)
    snapshot, held = store.snapshot(), len(store.caches.texts)
    assert _marked_forms(snapshot, "执法行为规范", 2000) == [] and _marked_forms(snapshot, "政意识明显", 2000) == []
    assert len(store.caches.texts) == held
    assert _marked_forms(snapshot, "办事规范", 2000) == ["办事,规范"]  # (apart.txt: 依法办事，规范执法行为, normalized)
    # Marks in two places: two of its pairs held only across them (before: all but one pair held, or not looked for).
    assert _marked_forms(snapshot, "办事规范执法行为精简", 2000) == ["办事,规范执法行为,精简"]


def test_many_candidates_are_counted_in_their_stored_bytes_and_not_kept(tmp_path_factory) -> None:
    """More than ``FEW_CANDIDATES`` texts checked at once (most of them no result shown): those not
    in the cache are counted in their stored UTF-16 bytes, as their decoded texts count, and not
    kept; those in the cache are counted there."""
    body = f"{FILLER}\n\n依法行政考核𠀀列入年度目标。"
    reports = {f"c{n:02d}.txt": f"某县第{n}号报告\n\n{body}" for n in range(FEW_CANDIDATES + 6)}
    archive = build_archive(tmp_path_factory, "counted", reports)
    store = archive.store
    leaf = max(store.snapshot()._leaves, key=lambda leaf: leaf.reader.doc_count_all())
    locals_ = list(range(leaf.reader.doc_count_all()))
    assert len(locals_) > FEW_CANDIDATES
    store.caches.texts.resize(0)
    store.caches.texts.resize(10**9)
    leaf.text(locals_[0])  # one of them held
    for needle in ("依法行政", "政", "𠀀列", "号报"):  # (none overlaps itself: ``str.count`` counts alike)
        assert leaf.counts(locals_, needle) == [leaf._texts[local].count(needle) for local in locals_]
    assert len(store.caches.texts) == 1


@pytest.mark.parametrize("text", ["依法行政", "依法行政考核", "行政意识明显"])
def test_a_phrase_found_a_few_documents_at_a_time_counts_as_at_once(common_phrase, monkeypatch, text: str) -> None:
    """The places of a phrase's pairs are found ``PHRASE_DOCUMENTS`` at a time (their arrays kept
    within the processor's caches): in parts of seven, the same counts as in one."""
    snapshot = common_phrase.store.snapshot()
    at_once = snapshot.occurrences(text)
    monkeypatch.setattr(snapshot_module, "PHRASE_DOCUMENTS", 7)
    assert snapshot.occurrences(text).tolist() == at_once.tolist() and at_once.any()


def _sharing_the_term_of(pair: str) -> str:
    """A rare pair of other characters whose shared term (``analysis.gram_key``) is ``pair``'s."""
    firsts = np.repeat(np.arange(0x4E00, 0x4E00 + 400, dtype=np.uint32), 400)
    seconds = np.tile(np.arange(0x5000, 0x5000 + 400, dtype=np.uint32), 400)
    found = (chr(a) + chr(b) for a, b in zip(firsts.tolist(), seconds.tolist()))
    term = analysis.gram_key(pair)
    return next(other for other in found
                if not analysis.is_exact_key(other) and analysis.gram_key(other) == term and not set(other) & set(pair))


def test_a_rare_pair_alone_is_checked_only_where_both_its_characters_are(tmp_path_factory) -> None:
    """``蹊跷`` shares its term with another rare pair that seventy reports hold: of the seventy-one
    reports holding the term, only the one holding 蹊 and 跷 has its text read (and kept, as a
    result's); all seventy-one would be searched in their bytes."""
    other = _sharing_the_term_of("蹊跷")
    body = f"{FILLER}\n\n全年处理{other}事项。"
    reports = {f"s{n:02d}.txt": f"某县第{n}号报告\n\n{body}" for n in range(FEW_CANDIDATES + 6)}
    reports["odd.txt"] = "某县报告\n\n全年查处蹊跷案件。"
    archive = build_archive(tmp_path_factory, "shared-term", reports)
    store = archive.store
    snapshot = store.snapshot()
    assert snapshot.docs("pairs", analysis.gram_key("蹊跷")).sum() > FEW_CANDIDATES
    store.caches.texts.resize(0)
    store.caches.texts.resize(10**9)
    assert snapshot.occurrences("蹊跷").sum() == 1
    assert len(store.caches.texts) == 1


def test_a_phrase_is_worked_out_once_and_not_counted_in_a_report_removed_since(tmp_path_factory) -> None:
    """The next page of a query asks for its phrase again: its occurrences are kept, so no pair's
    positions are read again; once a report is removed, the kept counts are not the new
    snapshot's (its segments' live reports are part of the key)."""
    body = f"{FILLER}\n\n各部门依法行政意识明显增强。依法行政考核列入年度目标。"
    reports = {f"k{n:02d}.txt": f"某县第{n}号报告\n\n{body}" for n in range(FEW_CANDIDATES + 6)}
    archive = build_archive(tmp_path_factory, "kept", reports, with_seeds=False)
    store = archive.store
    assert archive.search("依法行政", limit=5).total_documents == FEW_CANDIDATES + 6
    store.caches.postings.resize(0)  # the pairs' lists forgotten: only the kept occurrences can answer
    store.caches.postings.resize(10**9)
    second = archive.search("依法行政", limit=5, page=2)
    assert second.total_documents == FEW_CANDIDATES + 6
    assert not any(key[2] == "依法" for key in store.caches.postings._items)  # (a key: segment, field, term)
    removed = second.results[0].id
    assert archive.remove(removed)
    assert archive.count("依法行政") == FEW_CANDIDATES + 5
    assert removed not in {hit.id for hit in archive.search("依法行政", limit=100).results}


def test_a_pair_at_a_reports_start_is_no_place_of_the_report_before(tmp_path_factory) -> None:
    """``定坚定`` within report 5 alone, whose title starts ``坚定信心``: its rarer pair 坚定 is read
    first, which leaves one candidate, so 定坚 is never read, and 坚定 at position 0 (offset 1)
    stood in report 4, whose text holds the phrase: report 4 was counted outside ``within``."""
    reports = {f"r{n:02d}.txt": f"坚定信心第{n}号报告\n\n{FILLER}\n\n我们一定坚定信心。" for n in range(FEW_CANDIDATES + 6)}
    reports |= {f"s{n:02d}.txt": f"某县第{n}号报告\n\n{FILLER}\n\n一定坚持。" for n in range(10)}  # 定坚 in more
    archive = build_archive(tmp_path_factory, "starts", reports, with_seeds=False)
    snapshot = archive.store.snapshot()
    texts = [snapshot.text(docnum) for docnum in range(snapshot.size)]
    starting = [docnum for docnum in range(1, snapshot.size) if texts[docnum].startswith("坚定") and "定坚定" in texts[docnum - 1]]
    assert starting
    for docnum in starting:
        within = snapshot.none()
        within[docnum] = True
        counts = snapshot.occurrences("定坚定", within)
        assert np.flatnonzero(counts).tolist() == [docnum] and counts[docnum] == 1


def test_a_phrase_of_held_pairs_is_decided_without_texts(tmp_path_factory) -> None:
    """``质量提高``, the join of a query's two terms: 量提 leaves three of the reports holding
    both, and the lists of 质量 and 提高, read for the terms, decide them by their positions: no
    text is read (before: the candidates' texts settled it, 61 of them for this query on the
    corpus)."""
    body = f"{FILLER}\n\n提高服务水平，保证工程质量。"
    reports = {f"q{n:02d}.txt": f"某县第{n}号报告\n\n{body}" for n in range(FEW_CANDIDATES + 6)}
    reports |= {f"j{n}.txt": f"某县报告{n}\n\n工程质量提高明显，质量提高了。" for n in range(3)}
    reports |= {f"a{n:02d}.txt": f"某县报告{n}\n\n数量提升明显。" for n in range(FEW_CANDIDATES)}  # 量提 alone
    archive = build_archive(tmp_path_factory, "held-pairs", reports, with_seeds=False)
    store = archive.store
    snapshot = store.snapshot()
    within = (snapshot.occurrences("质量") > 0) & (snapshot.occurrences("提高") > 0)
    assert analysis.is_exact_key("量提") and snapshot.docs("pairs", "量提").sum() > FEW_CANDIDATES
    store.caches.texts.resize(0)
    store.caches.texts.resize(10**9)
    counts = snapshot.occurrences("质量提高", within)
    assert len(store.caches.texts) == 0
    texts = [snapshot.text(docnum) for docnum in range(snapshot.size)]
    assert counts.tolist() == [float(text.count("质量提高")) if within[d] else 0.0 for d, text in enumerate(texts)]
    assert sorted(set(counts.tolist())) == [0.0, 2.0]
