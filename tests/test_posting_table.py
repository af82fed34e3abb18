"""The segments ingest builds (``archive.store.segments``: postings grouped by term in a
``PostingTable``, each list written whole, its blocks encoded with numpy) hold what Whoosh's own
writer, fed posting by posting, writes for the same reports: the same bytes for every posting list
(the same postings, weights and values for the pair positions, whose blocks are pickled apart),
the same field lengths and stored fields."""

from pathlib import Path

import pytest

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from archive.model import Paragraph, Record, Report
from archive.store.layout import to_document
from archive.store.schema import SCHEMA, _CountedField, open_folder
from archive.store import segments
from archive.store.segments import SegmentBatch, SegmentBuilder

TEXTS = ["执法检查206次", "开展执法检查，罚款16.97万元", "下一步将开展安全生产月活动", "检查", "执法"]


def _reports(seed_file: Path) -> list[Report]:
    seed = [line for line in seed_file.read_text("utf-8").splitlines() if line.strip()]
    texts = [*TEXTS * 5, *seed]
    return [Report(title=f"报告{n}", paragraphs=[Paragraph(text)], id=f"r{n}", source=f"{n}.txt", sha256=f"{n:064x}",
                   year=2020 + n % 5, agency="三元区应急管理局" if n % 2 else None)
            for n, text in enumerate(texts)]  # fmt: skip


def _lists(reader: SegmentReader) -> dict[tuple[str, bytes], tuple[tuple, bytes]]:
    """Each term's statistics and the bytes of its posting list, from a segment's own files, and
    each document's stored fields and field lengths."""
    with reader:
        terms = reader._terms
        found = {}
        for fieldname, term in reader.all_terms():
            info = terms.term_info(fieldname, term)
            offset, length = info.extent()
            statistics = (info.doc_frequency(), info.weight(), info.max_weight())
            if isinstance(SCHEMA[fieldname], _CountedField):  # (``Packed`` blocks: Whoosh reads them as its own)
                postings, read = reader.postings(fieldname, term), []
                while postings.is_active():
                    read.append((postings.id(), postings.weight(), postings.value()))
                    postings.next()
                found[fieldname, term] = statistics, repr(read).encode()
                continue
            found[fieldname, term] = (statistics,
                                      bytes(terms._postfile.get(offset, length[0] if isinstance(length, tuple) else length)))  # fmt: skip
        for docnum in range(reader.doc_count_all()):
            lengths = tuple(reader.doc_field_length(docnum, name) for name in ("exact", "title_words", "body_words"))
            found["document", docnum] = (lengths, repr(sorted(reader.stored_fields(docnum).items())).encode())
    return found


@pytest.mark.parametrize("chunk", [None, 5])
def test_each_posting_list_is_written_as_whoosh_writes_it(tmp_path: Path, seed_file: Path, monkeypatch, chunk) -> None:
    """(With ``chunk``, the blocks are packed a term or two at a time.)"""
    monkeypatch.setattr(segments, "PACKED_LIST", 16)  # counted fields' long lists packed, short ones not
    if chunk:
        monkeypatch.setattr(segments, "_CHUNK", chunk)
    reports = _reports(seed_file)
    whoosh_index.create_in(str(tmp_path), SCHEMA)
    batch = SegmentBatch.create(tmp_path, 1, SCHEMA)
    builder = SegmentBuilder(batch.folder, block=4)  # lists of many blocks, the last one short
    for report in reports:
        builder.add(report, [], Record(report.id, report.sha256, [report.source]))
    built = builder.finish()
    assert built is not None

    reference = tmp_path / "whoosh"
    reference.mkdir()
    codec = W3Codec(blocklimit=4)
    codec.length_stats = False
    writer = SegmentWriter(whoosh_index.create_in(str(reference), SCHEMA), codec=codec)
    for report in reports:
        writer.add_document(**to_document(report, [], Record(report.id, report.sha256, [report.source])))
    writer.commit()

    ours = _lists(SegmentReader(FileStorage(batch.folder), SCHEMA, built.segment))
    whoosh = _lists(open_folder(reference).reader())
    assert len(ours) > 300 and max(len(data) for _, data in ours.values()) > 200  # lists of several blocks
    frequencies = [statistics[0] for (fieldname, _), (statistics, _) in ours.items() if fieldname in ("exact", "body_words")]
    assert max(frequencies) >= segments.PACKED_LIST > min(frequencies)
    assert ours == whoosh
