"""The index as the store reads it: posting lists (``archive.store.snapshot``: one read of a list's whole
extent, its blocks decoded in memory) against Whoosh's own reader, over lists of many blocks;
and indexes of an earlier layout."""

import copy
import itertools
import json
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import columns, fields
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from archive import Archive
from archive.model import Paragraph, Record, Report
from archive.settings import DEFAULTS
from archive.store.layout import _pack_paragraphs, _unpack_paragraphs, to_document
from archive.store.schema import (SCHEMA, check_current, decode_groups, decode_numbers, decode_positions, encode_numbers,
                                   encode_positions, group_ends, moved_first, pack)
from archive.store import segments
from archive.store.segments import SegmentBatch, SegmentBuilder
from archive.store.snapshot import Caches, _Leaf, _common, _covering, _look_up, snapshot_of
from archive.text.analysis import pair_positions, pair_terms
from archive.text.normalize import normalize

TEXTS = ["执法检查206次", "开展执法检查", "罚款16.97万元", "下一步将开展安全生产月活动", "检查", "执法"] * 7


def _whoosh_postings(reader, fieldname: str, term: str) -> tuple[list[int], list[float]]:
    matcher = reader.postings(fieldname, term)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def test_every_posting_list_reads_as_whoosh_reads_it(tmp_path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    writer = SegmentWriter(ix, codec=W3Codec(blocklimit=4))  # lists of up to 11 blocks
    for number, text in enumerate(TEXTS):
        writer.add_document(id=str(number), exact=text, pairs=text, body_words=text)
    writer.commit()
    with ix.reader() as reader:
        leaf = _Leaf(reader, 0, Caches(DEFAULTS))
        terms = [(fieldname, term.decode("utf-8")) for fieldname in ("exact", "body_words", "id")
                 for term in reader.lexicon(fieldname)]  # fmt: skip
        assert len(terms) > 30
        for fieldname, term in terms:
            ids, weights = leaf.postings(fieldname, term)
            expected_ids, expected_weights = _whoosh_postings(reader, fieldname, term)
            assert ids.tolist() == expected_ids, (fieldname, term)
            assert np.allclose(weights, expected_weights), (fieldname, term)
        assert len(leaf.postings("exact", "没有")[0]) == 0
        # each pair's positions, in Whoosh's values (blocks of protocol 2 pickles: Whoosh's writer)
        where = [dict(zip(*_grouped(pair_positions(normalize(text))))) for text in TEXTS]
        for term in reader.lexicon("pairs"):
            key = term.decode("utf-8")
            expected = [(n, found[key]) for n, found in enumerate(where) if key in found]
            # each report's count, its positions not decoded; the positions of some reports, or all
            pair_ids, pair_counts = leaf.postings("pairs", key)
            assert pair_ids.tolist() == [n for n, _ in expected] and pair_counts.tolist() == [len(p) for _, p in expected], key
            some = np.array([n for n, _ in expected][1::2], dtype=np.int64)
            some_ids, some_counts, some_positions = leaf.positions(key, some)
            assert some_ids.tolist() == some.tolist(), key
            assert [part.tolist() for part in np.split(some_positions, np.cumsum(some_counts)[:-1])] == [p for _, p in expected][1::2], key
            ids, counts, positions = leaf.positions(key, np.arange(len(TEXTS)))
            assert ids.tolist() == [n for n, _ in expected], key
            assert [part.tolist() for part in np.split(positions, np.cumsum(counts)[:-1])] == [p for _, p in expected], key


def test_the_packed_lists_ingest_writes_read_as_whoosh_reads_them(tmp_path, monkeypatch) -> None:
    """Counted fields' lists of ``PACKED_LIST`` postings or more are ``Packed`` (their counts
    times the field's boost as weights: 3 for a title's words), shorter ones Whoosh's blocks."""
    monkeypatch.setattr(segments, "PACKED_LIST", 8)
    whoosh_index.create_in(str(tmp_path), SCHEMA)
    batch = SegmentBatch.create(tmp_path, 1, SCHEMA)
    builder = SegmentBuilder(batch.folder, block=4)  # lists of up to 11 blocks
    for number, text in enumerate(TEXTS):
        report = Report(title=f"报告{text[:2]}", paragraphs=[Paragraph(text)], id=str(number), source=f"{number}.txt",
                        sha256=f"{number:064x}")  # fmt: skip
        builder.add(report, [], Record(report.id, report.sha256, [report.source]))
    built = builder.finish()
    with SegmentReader(FileStorage(batch.folder), SCHEMA, built.segment) as reader:
        leaf = _Leaf(reader, 0, Caches(DEFAULTS))
        lengths = []
        for fieldname in ("exact", "title_words", "body_words"):
            for term in reader.lexicon(fieldname):
                ids, weights = leaf.postings(fieldname, term.decode("utf-8"))
                expected_ids, expected_weights = _whoosh_postings(reader, fieldname, term.decode("utf-8"))
                assert ids.tolist() == expected_ids, (fieldname, term)
                assert weights.tolist() == expected_weights, (fieldname, term)
                lengths.append(len(ids))
        assert max(lengths) > 4 * 4 and min(lengths) < segments.PACKED_LIST
        # every term's frequency and list, as Whoosh's own term table reader finds them
        for fieldname, term in reader.all_terms():
            info = reader._terms.term_info(fieldname, term)
            offset, length = info.extent()
            expected = (info.doc_frequency(), offset, length[0] if isinstance(length, tuple) else length)
            assert _look_up(reader._terms, fieldname, term.decode("utf-8")) == expected, (fieldname, term)
        assert _look_up(reader._terms, "exact", "没") is None and _look_up(reader._terms, "nofield", "执") is None
        assert max(leaf.postings("title_words", "报告")[1]) == 3.0 * 1


def _grouped(pairs: tuple) -> tuple[list[str], list[list[int]]]:
    numbers, counts, positions = pairs
    return pair_terms()[numbers].tolist(), [part.tolist() for part in np.split(positions, np.cumsum(counts)[:-1])]


def test_an_index_of_zlib_texts_and_paragraphs_is_read_as_it_was(tmp_path) -> None:
    """Indexes written before texts and paragraphs were kept in LZ4 hold them in zlib (and
    the texts in UTF-8: their field has no ``text_encoding``)."""
    old_exact = copy.deepcopy(SCHEMA["exact"])
    old_exact.column_type = columns.CompressedBytesColumn(level=6)
    del old_exact.text_encoding
    old_schema = copy.deepcopy(SCHEMA)
    old_schema.remove("exact")
    old_schema.add("exact", old_exact)
    old_schema.remove("paragraphs")  # (kept with the stored fields then)
    old_schema.add("paragraphs", fields.STORED)
    report = Report(title="2023年法治政府建设情况报告", id="r1", source="a.txt", sha256="ab",
                    paragraphs=[Paragraph("一、主要举措", (), 1), Paragraph("开展执法检查206次。", ("一、主要举措",), 0)])
    document = to_document(report, [], Record("r1", "ab", ["a.txt"]))
    rows = [[p.text, list(p.section), p.heading_level] for p in report.paragraphs]
    document["paragraphs"] = zlib.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8"))
    ix = whoosh_index.create_in(str(tmp_path), old_schema)
    with ix.writer() as writer:
        writer.add_document(**document)
    check_current(ix, tmp_path)  # not outdated
    with ix.searcher() as searcher:
        snapshot = snapshot_of(searcher, Caches(DEFAULTS))
        assert snapshot.paragraph_texts(0) == ["一、主要举措", "开展执法检查206次。"]
        assert snapshot.report(0).report.paragraphs == report.paragraphs


@pytest.mark.parametrize("layout", ["rows in LZ4", "rows in zlib", "JSON table", "arrays"])
def test_paragraphs_of_each_stored_layout_read_back(layout: str) -> None:
    """Paragraphs were stored as JSON rows, in zlib then in LZ4, then as a JSON table and one
    text; they are now arrays and one text (``archive.store.layout``). Each is read back as the
    paragraphs it holds."""
    paragraphs = [Paragraph("一、主要举措", (), 1), Paragraph("开展执法检查206次。𠀀", ("一、主要举措",), 0), Paragraph("", ("一、主要举措",), 0),
                  Paragraph("（一）严格执法", ("一、主要举措",), 2), Paragraph("罚款16.97万元。", ("一、主要举措", "（一）严格执法"), 0)]  # fmt: skip
    rows = json.dumps([[p.text, list(p.section), p.heading_level] for p in paragraphs], ensure_ascii=False).encode("utf-8")
    paths = [[], ["一、主要举措"], ["一、主要举措", "（一）严格执法"]]
    head = json.dumps([paths, [0, 1, 1, 1, 2], [1, 0, 0, 2, 0], [len(p.text) for p in paragraphs]], ensure_ascii=False).encode("utf-8")
    table = b"P" + pack(len(head).to_bytes(4, "little") + head + "".join(p.text for p in paragraphs).encode("utf-8"))
    blob = {"rows in LZ4": b"L" + pack(rows), "rows in zlib": zlib.compress(rows), "JSON table": table,
            "arrays": _pack_paragraphs(paragraphs)}[layout]  # fmt: skip
    stored = _unpack_paragraphs(blob)
    assert list(stored) == paragraphs and stored[-1] == paragraphs[-1] and stored[1:3] == paragraphs[1:3]
    assert stored.text_length() in (sum(len(p.text) for p in paragraphs), sum(len(p.text) for p in paragraphs) + 1)  # (𠀀: two UTF-16 units)


def test_reports_added_to_an_index_of_zlib_texts_are_written_as_it_holds_them(tmp_path, monkeypatch, seed_file) -> None:
    """New segments take the schema of the index they join: an index of zlib texts and stored
    paragraphs (its table names those kinds) gets them so, and its reader reads old and new
    reports alike."""
    monkeypatch.setattr(SCHEMA["exact"], "column_type", columns.CompressedBytesColumn(level=6))
    monkeypatch.delattr(SCHEMA["exact"], "text_encoding")  # (texts in UTF-8 then)
    monkeypatch.setitem(SCHEMA._fields, "paragraphs", fields.STORED())
    Archive(tmp_path / "index").ingest([seed_file])
    monkeypatch.undo()
    later = tmp_path / "later.txt"
    later.write_text("2024年工作报告\n全年开展安全生产月活动12次。\n", encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([later])
    for query in ("执法检查206次", "安全生产月活动12次"):
        response = archive.search(query)
        assert response.total_documents == 1 and query in response.results[0].passages[0].text


@given(st.lists(st.integers(0, 64**5), min_size=1, max_size=20), st.integers(0, 64**5))
@settings(max_examples=300, deadline=None)
def test_a_blocks_first_gap_moved_by_a_base_is_the_encoding_of_the_moved_numbers(gaps, base):
    """A fold moving a block's first id by its segment's base (``moved_first``) writes what
    encoding the moved gaps would: [3, 1, 70] from base 61 encode as [64, 1, 70]."""
    moved = [gaps[0] + base, *gaps[1:]]
    assert moved_first(encode_numbers(np.array(gaps)).tobytes(), base) == encode_numbers(np.array(moved)).tobytes()
    assert moved_first(encode_numbers(np.array([3, 1, 70])).tobytes(), 61) == encode_numbers(np.array([64, 1, 70])).tobytes()


@given(st.lists(st.lists(st.integers(0, 64**6 - 1), max_size=30), max_size=30), st.data())
@settings(max_examples=200, deadline=None)
def test_positions_decode_to_what_was_encoded_whole_or_chosen_groups(groups, data):
    """Groups of ascending positions (numbers of 1 to 6 digits of 64, what the encoder takes) come back as written,
    all of them or any chosen groups, their counts given or not; and so do plain numbers (``decode_numbers``)."""
    groups = [sorted(group) for group in groups if group]
    counts = np.array([len(group) for group in groups], dtype=np.int64)
    positions = np.array([p for group in groups for p in group], dtype=np.int64)
    assert decode_numbers(encode_numbers(positions)).tolist() == positions.tolist()
    values, _ = encode_positions(counts, positions)
    found_counts, found = decode_positions(values)
    assert found_counts.tolist() == counts.tolist() and found.tolist() == positions.tolist()
    raw = np.frombuffer(values, dtype=np.uint8)
    ends, held = group_ends(raw)
    assert held.tolist() == counts.tolist()
    chosen = sorted(data.draw(st.sets(st.integers(0, max(len(groups) - 1, 0)))) if groups else [])
    found_counts, found = decode_groups(raw, ends, np.array(chosen, dtype=np.int64))
    assert found_counts.tolist() == [len(groups[i]) for i in chosen]
    assert found.tolist() == [p for i in chosen for p in groups[i]]
    assert decode_groups(raw, ends, np.array(chosen, dtype=np.int64), counts[chosen])[1].tolist() == found.tolist()


@given(st.sets(st.integers(0, 2**31 - 1)), st.sets(st.integers(0, 2**31 - 1)), st.booleans(), st.integers(1, 40))
@settings(max_examples=300, deadline=None)
def test_the_values_two_ascending_arrays_share_are_found_merged_or_looked_up(one, other, ids, fraction):
    """The values both arrays hold, ascending, whether the shorter is merged with the longer (when
    a tenth as long or more) or looked up in it: places of a phrase (int64 both) or a segment's
    document numbers (a list's int32 against a query's int64)."""
    other |= set(sorted(one)[::3])  # (some shared)
    first = np.array(sorted(one), dtype=np.int64)
    second = np.array(sorted(other), dtype=np.int32 if ids else np.int64)
    fewer = second[:: fraction]
    for a, b in ((first, second), (second, first), (first, fewer), (fewer, first)):
        assert _common(a, b).tolist() == sorted(set(a.tolist()) & set(b.tolist()))


@pytest.mark.parametrize("phrase, documents, positional", [
    ("人民政府", {"人民": 5665, "民政": 3266, "政府": 5954}, ["人民", "政府"]),  # the ends hold every character
    ("管理部门应当", {"管理": 4000, "理部": 120, "部门": 5000, "门应": 300, "应当": 3000}, ["管理", "理部", "门应", "应当"]),
    ("依法行", {"依法": 900, "法行": 400}, ["依法", "法行"]),
    ("执法", {"执法": 2000}, ["执法"]),
])
def test_a_phrase_is_decided_by_the_rarest_pairs_that_hold_every_character(phrase, documents, positional):
    """The pairs of a phrase whose positions decide it: the first and the last, and of two neighbours
    one at least, the rarer ones chosen (each pair's documents)."""
    keys = [phrase[i : i + 2] for i in range(len(phrase) - 1)]
    assert [keys[offset] for offset in sorted(_covering([documents[key] for key in keys]))] == positional


@given(st.lists(st.integers(0, 100), min_size=1, max_size=9))
@settings(max_examples=300, deadline=None)
def test_the_covering_pairs_hold_every_character_at_the_least_sum(weights):
    chosen = _covering(weights)

    def holds_all(offsets):  # characters 0..len(weights), pair o holding o and o + 1
        return {c for o in offsets for c in (o, o + 1)} == set(range(len(weights) + 1))

    assert holds_all(chosen)
    least = min(sum(weights[o] for o in subset) for subset in itertools.chain.from_iterable(
        itertools.combinations(range(len(weights)), k) for k in range(1, len(weights) + 1)) if holds_all(subset))
    assert sum(weights[o] for o in chosen) == least


def test_years_are_read_segment_by_segment_also_where_none_has_a_year(tmp_path) -> None:
    """Each segment's year column read in one read, 0 for a report without a year, also in a segment
    where no report has one and Whoosh writes no column: its reader over several segments leaves
    such a segment out, and the years read through it were one short (numpy stretched them: before,
    ``year:2023`` found the undated report too)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "dated.txt").write_text("某区应急管理局2023年工作总结\n\n2023年开展执法检查206次。", encoding="utf-8")
    (folder / "undated.txt").write_text("关于做好有关工作的通知\n\n各单位做好有关工作。", encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([folder / "dated.txt"])
    archive.ingest([folder / "undated.txt"])
    snapshot = archive.store.snapshot()
    assert len(snapshot._leaves) == 2 and list(snapshot.reader.column_reader("year")) == [2023]  # (Whoosh's: one short)
    assert snapshot.years.tolist() == [2023, 0]
    assert [hit.title for hit in archive.search("year:2023").results] == ["某区应急管理局2023年工作总结"]
