"""Folding an index's segments into one.

Each ingest batch is a segment of its own (``archive.store.segments``), and a query pays for
every segment it reads: each term is looked up, and each list read and decoded, once per
segment. Measured over the benchmark's 450 queries on the whole corpus (one process, the
indexes alternated query by query, caches cold): 7 segments p50 6.1–6.5 ms, 2 segments 4.2–4.4,
1 segment 3.6–3.8. ``fold`` writes every list of the index again as one segment's, list by
list: Whoosh's own merge (``optimize``) takes its lists apart posting by posting, 89 s for the
corpus's 7 segments.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

import numpy as np
from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import Index
from whoosh.reading import SegmentReader

from archive.store.generations import remove_unreferenced
from archive.store.schema import gather_groups, group_ends
from archive.store.segments import POSTINGS_PER_BLOCK, _FieldPostings, _SegmentWriter, write_field
from archive.store.snapshot import ITEM_LENGTHS, read_blocks, term_list

# Postings gathered before their lists are written: the merge's memory stays bounded (about
# 20 bytes a posting, and a pair's positions) whatever the index's size.
MERGE_POSTINGS = 1 << 21


def segment_count(index: Index) -> int:
    """How many segments ``index`` has."""
    return len(index._segments())


def fold(index: Index) -> int:
    """Fold every segment of ``index`` into one, in one commit, the deleted reports left out;
    the number of segments folded (0 when there is one or none). Reports keep their order.
    The caller holds the write lock; readers of the old segments go on reading them until they
    reopen (their files are removed as a commit's are)."""
    if segment_count(index) < 2:
        return 0
    writer = _SegmentWriter(index, _lk=False, codec=W3Codec(blocklimit=POSTINGS_PER_BLOCK))
    readers = [SegmentReader(index.storage, index.schema, segment) for segment in writer.segments]
    try:
        numbers, lengths = [], defaultdict(int)
        for reader in readers:
            numbers.append(_new_numbers(reader, writer.docnum))
            indexed = {name for name in reader.indexed_field_names() if name in index.schema}
            writer.write_per_doc(set(index.schema.names()) | indexed, reader)
            deleted = np.flatnonzero(numbers[-1] < 0).tolist()
            for name in index.schema.names():
                # Whoosh's merge sums the lengths as stored (a byte each, rounded): the exact
                # totals keep the statistics, and so the scores, those of the segments folded.
                lengths[name] += reader.field_length(name) - sum(reader.doc_field_length(docnum, name) for docnum in deleted)
        writer.perdocwriter._fieldlengths.update({name: total for name, total in lengths.items() if total})
        fields = sorted({name for reader in readers for name in reader.indexed_field_names() if name in index.schema})
        for name in fields:
            write_field(writer.fieldwriter, name, index.schema[name], writer.codec, _merged(readers, numbers, name))
        writer._commit_toc([writer._finalize_segment()])
    except BaseException:
        try:
            writer.cancel()
        except Exception:  # noqa: BLE001 - as in segments.commit: on a full disk cancelling fails too
            pass
        remove_unreferenced(Path(index.storage.folder))
        raise
    finally:
        for reader in readers:
            reader.close()
    writer._finish()
    return len(readers)


def _new_numbers(reader: SegmentReader, base: int) -> np.ndarray:
    """Each document of ``reader``'s segment's number in the folded one (``base`` + its rank
    among the live ones), -1 for a deleted one."""
    numbers = np.full(reader.doc_count_all(), -1, dtype=np.int64)
    live = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
    numbers[live] = base + np.arange(len(live))
    return numbers


def _terms(reader: SegmentReader, fieldname: str, k: int) -> Iterator[tuple[bytes, int, bytes]]:
    """Field ``fieldname``'s terms in ``reader``'s segment, in order, each with ``k`` (the
    segment's place) and its posting list's bytes. Both files are read ahead (``_Ahead``): the
    term table's items and a field's lists lie in term order, and Whoosh's reads of each (the
    item's lengths, key and value apart, then the list) were 44% of a merge's profile."""
    terms = reader._terms
    if fieldname not in terms._fieldmap:
        return
    prefix = terms._keycoder(fieldname, b"")
    table = terms._tindex
    at = table.closest_key_pos(prefix)
    items, lists = _Ahead(table.dbfile), _Ahead(terms._postfile)
    while at is not None and at < table.endofdata:
        keylength, valuelength = ITEM_LENGTHS.unpack(items.get(at, ITEM_LENGTHS.size))
        item = items.get(at + ITEM_LENGTHS.size, keylength + valuelength)
        at += ITEM_LENGTHS.size + keylength + valuelength
        if item[: len(prefix)] != prefix:
            return
        _, offset, length = term_list(item, keylength, valuelength, fieldname)
        yield item[len(prefix) : keylength], k, lists.get(offset, length)


WINDOW = 4 << 20  # bytes read at once by ``_Ahead``


class _Ahead:
    """Reads of one file at ascending offsets, served from windows of ``WINDOW`` bytes."""

    def __init__(self, file: Any) -> None:
        self.file, self.start, self.data = file, 0, b""

    def get(self, offset: int, length: int) -> bytes:
        if not self.start <= offset <= offset + length <= self.start + len(self.data):
            self.start, self.data = offset, self.file.get(offset, max(length, WINDOW))
        return self.data[offset - self.start : offset - self.start + length]


def _merged(readers: list[SegmentReader], numbers: list[np.ndarray], fieldname: str) -> Iterator[_FieldPostings]:
    """Field ``fieldname``'s lists of every segment, term by term (a term's segments in order),
    with their documents' new ``numbers``, in parts of about ``MERGE_POSTINGS`` postings."""
    streams = [_terms(reader, fieldname, k) for k, reader in enumerate(readers)]
    part, held, last = _FieldPostings(), 0, None
    for term, k, data in heapq.merge(*streams):
        if held >= MERGE_POSTINGS and term != last:
            yield part
            part, held = _FieldPostings(), 0
        last = term
        ids, weights, values = read_blocks(data)
        new = numbers[k][ids]
        kept = np.flatnonzero(new >= 0)
        if not len(kept):
            continue
        groups = ends = None
        if values:
            groups = np.frombuffer(values, dtype=np.uint8)
            ends, _ = group_ends(groups)
            if len(kept) < len(ids):
                groups, ends = gather_groups(groups, ends, kept)
        part.add_list(term, new[kept], weights[kept], groups, ends)
        held += len(kept)
    yield part
