"""Folding an index's segments into one (``archive.store.merging``): the same searches, the same
postings, the deleted reports gone, whether one process writes the lists or several; and an
ingest folds the segments it writes, and all of them when the index is left in too many."""

from __future__ import annotations

import io
import struct
import threading
from pathlib import Path

import numpy as np
import pytest

from archive import Archive
from archive.ingest.progress import LogProgress
from archive.settings import DEFAULTS
from archive.store import segments
from archive.store.snapshot import PAIRS_FIELD
from archive.text.analysis import gram_key, query_grams
from archive.text.normalize import normalize
from helpers import Checking

QUERIES = ["执法", "政府信息公开", "双随机", "行政处罚", "2023年", "罚款", "下一步", "“放管服”", "依法行政 培训"]
FIELDS = ["exact", "body_words", "title_words", "heading_words", "agency_key", "kinds"]  # (their terms are text)
PAIR_TEXT = "全年开展执法检查206次，罚款16.97万元；下一步将推进政府信息公开和“双随机、一公开”监管"


def _pages(archive: Archive) -> list[tuple]:
    return [(r.total_documents, [(h.id, h.score, [p.html for p in h.passages]) for h in r.results])
            for r in (archive.search(query, limit=50) for query in QUERIES)]  # fmt: skip


def _postings(archive: Archive, terms: dict[str, list[str]]) -> dict[tuple[str, str], list[tuple[str, float]]]:
    """Each term's postings, by report id (document numbers change when reports are dropped)."""
    snapshot = archive.store.snapshot()
    ids = {docnum: record.id for docnum, record in zip(np.flatnonzero(snapshot.live).tolist(), snapshot.records())}
    found = {}
    for fieldname, names in terms.items():
        for term in names:
            docs, weights = snapshot.postings(fieldname, term)
            found[fieldname, term] = sorted((ids[d], float(w)) for d, w in zip(docs.tolist(), weights.tolist()) if d in ids)
    return found


@pytest.fixture
def pingtan(corpus: Path) -> list[Path]:
    return sorted((corpus / "pingtan_zwgk_selected").rglob("*.txt"))


def _in_parts(path: Path, files: list[Path], **settings: int) -> Archive:
    """An archive of ``files`` in an index of one segment per two files: a run each (a run that
    writes several folds them)."""
    archive = Archive(path, DEFAULTS.replace(max_parts=100, **settings))
    for start in range(0, len(files), 2):
        assert archive.ingest(files[start : start + 2]).ok
    return archive


def _terms(archive: Archive) -> dict[str, list[str]]:
    snapshot = archive.store.snapshot()
    terms = {name: sorted(snapshot.lexicon(name))[:: max(1, len(snapshot.lexicon(name)) // 300)] for name in FIELDS}
    terms[PAIRS_FIELD] = sorted({gram_key(pair) for pair in query_grams(normalize(PAIR_TEXT))})
    return terms


def test_folding_keeps_every_search_and_posting(pingtan: list[Path], tmp_path: Path) -> None:
    archive = _in_parts(tmp_path / "index", pingtan)
    terms = _terms(archive)
    pages, postings = _pages(archive), _postings(archive, terms)
    with archive.store.write() as writer:
        parts = writer.parts()
        assert parts >= 3
        assert writer.fold() == parts and writer.parts() == 1
        assert writer.fold() == 0  # one segment: nothing to fold
    assert _pages(archive) == pages  # scores too: the folded segment keeps the lengths' exact totals
    assert _postings(archive, terms) == postings


def test_short_lists_folded_into_a_long_one_are_written_as_a_long_one(pingtan: list[Path], tmp_path: Path, monkeypatch) -> None:
    """A counted field's lists of ``PACKED_LIST`` postings or more are ``Packed``, the shorter
    ones Whoosh's: so too when each part holds a word's short list and the fold joins them. And
    a list of fewer postings than a block holds is one block, the pairs' too, whose parts' blocks
    the fold joins."""
    monkeypatch.setattr(segments, "PACKED_LIST", 4)  # (the parts' lists have 1 or 2 postings, the folded ones up to 7)
    archive = _in_parts(tmp_path / "index", pingtan)
    terms = _terms(archive)
    postings = _postings(archive, terms)
    with archive.store.write() as writer:
        writer.fold()
    assert _postings(archive, terms) == postings
    snapshot = archive.store.snapshot()
    table = snapshot._leaves[0].reader._terms
    kinds = set()
    for term in terms["body_words"]:
        info = table.term_info("body_words", term.encode("utf-8"))
        offset, (length,) = info.extent()  # (Whoosh reads the length as a 1-tuple)
        kinds.add((info.doc_frequency() >= 4, b"Packed" in table._postfile.get(offset, length)))
    assert kinds == {(True, True), (False, False)}
    pairs = [term.encode("utf-8") for term in terms[PAIRS_FIELD] if (PAIRS_FIELD, term.encode("utf-8")) in table]
    assert len(pairs) > 20
    for term in pairs:
        offset, _ = table.term_info(PAIRS_FIELD, term).extent()
        (first_block,) = struct.unpack("!i", table._postfile.get(offset + 4, 4))  # (after the list's magic)
        assert first_block < 0  # the last block: the only one


def test_workers_folding_parts_of_the_lists_write_the_same_index(pingtan: list[Path], tmp_path: Path) -> None:
    one = _in_parts(tmp_path / "one", pingtan)
    several = _in_parts(tmp_path / "several", pingtan, fold_parallel_bytes=0)  # (the corpus's lists are ~100 MB)
    with one.store.write() as writer:
        writer.fold(workers=1)
    with several.store.write() as writer:
        assert writer.fold(workers=2) >= 3 and writer.parts() == 1
    assert _pages(several) == _pages(one)
    assert _postings(several, _terms(one)) == _postings(one, _terms(one))
    assert not list((tmp_path / "several").rglob("fold-*"))  # the workers' files are gone


def test_folding_the_newest_parts_keeps_the_older_ones(pingtan: list[Path], tmp_path: Path) -> None:
    archive = _in_parts(tmp_path / "index", pingtan)
    pages = _pages(archive)
    with archive.store.write() as writer:
        parts = writer.parts()
        assert writer.fold(2) == 2 and writer.parts() == parts - 1
    assert _pages(archive) == pages


def test_folding_leaves_the_deleted_reports_out(pingtan: list[Path], tmp_path: Path) -> None:
    archive = _in_parts(tmp_path / "index", pingtan)
    gone = archive.search("执法", limit=1).results[0].id
    assert archive.remove(gone)
    before = [[h.id for h in archive.search(query, limit=100).results] for query in QUERIES]
    with archive.store.write() as writer:
        writer.fold()
    snapshot = archive.store.snapshot()
    assert snapshot.live.all() and snapshot.find(gone) is None  # no deleted document is left in the index
    assert [sorted(h.id for h in archive.search(query, limit=100).results) for query in QUERIES] == [sorted(ids) for ids in before]


def test_folding_leaves_out_a_deleted_report_with_an_empty_field(pingtan: list[Path], tmp_path: Path) -> None:
    """A report of no headings has a heading field of no length, which Whoosh's reader gives as
    ``None``: the fold leaving it out counts it as 0 (it stopped with a ``TypeError``)."""
    plain = tmp_path / "files" / "通知.txt"
    plain.parent.mkdir()
    plain.write_text("关于做好安全生产月活动的通知\n\n各单位要认真组织开展安全生产月活动，落实安全责任。\n", encoding="utf-8")
    archive = _in_parts(tmp_path / "index", [*pingtan, plain])
    gone = archive.search("安全生产月活动", limit=1).results[0].id
    assert archive.remove(gone)
    with archive.store.write() as writer:
        assert writer.fold() >= 2 and writer.parts() == 1
    assert archive.search("安全生产月活动").total_documents == 0
    assert archive.search("执法").total_documents > 0


def test_an_ingest_folds_the_parts_it_writes(pingtan: list[Path], tmp_path: Path) -> None:
    archive = Archive(tmp_path / "index", DEFAULTS.replace(max_parts=100))
    stream = io.StringIO()
    assert archive.ingest(pingtan[:2]).ok
    assert archive.ingest(pingtan[2:], LogProgress(stream, verbose=False), workers=2, batch=2).ok
    with archive.store.write() as writer:
        assert writer.parts() == 2  # the first run's part, and this run's folded into one
    assert "folding" in stream.getvalue()
    assert archive.search("执法").total_documents > 0


def test_an_ingest_that_leaves_more_parts_than_the_setting_folds_them_all(pingtan: list[Path], tmp_path: Path) -> None:
    archive = Archive(tmp_path / "index", DEFAULTS.replace(max_parts=2))
    for start in range(0, 6, 2):
        assert archive.ingest(pingtan[start : start + 2]).ok  # a part a run: the third leaves three
    with archive.store.write() as writer:
        assert writer.parts() == 1
    assert archive.search("执法").total_documents > 0


def _same_ids(archive: Archive, expected: list[str]) -> None:
    assert sorted(h.id for h in archive.search("执法", limit=100).results) == expected


def test_searches_while_the_segments_fold_see_every_report(pingtan: list[Path], tmp_path: Path) -> None:
    archive = _in_parts(tmp_path / "index", pingtan)
    expected = sorted(h.id for h in archive.search("执法", limit=100).results)
    folding = threading.Event()
    searching = Checking(lambda: _same_ids(Archive(archive.index_dir), expected), folding.is_set, least=3)
    with archive.store.write() as writer:
        assert writer.fold() > 1
    folding.set()
    assert searching.result() >= 3
    assert sorted(h.id for h in archive.search("执法", limit=100).results) == expected
