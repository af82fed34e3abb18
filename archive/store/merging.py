"""Folding an index's segments into one.

Each ingest batch is a segment of its own (``archive.store.segments``), and a query pays for
every segment it reads: each term is looked up, and each list read and decoded, once per
segment. Measured over the benchmark's 450 queries on the whole corpus (one process, the
indexes alternated query by query, caches cold): 7 segments p50 6.1–6.5 ms, 2 segments 4.2–4.4,
1 segment 3.6–3.8. ``fold`` writes every list of the index again as one segment's, list by
list: Whoosh's own merge (``optimize``) takes its lists apart posting by posting, 89 s for the
corpus's 7 segments. A list whose blocks are all ``Packed`` (the pairs', most of the bytes) is
not decoded: its segments' blocks are joined, their ids moved; short lists are read in Python
(``_joined``). The corpus's 2 segments fold in 19–22 s in one process (37.0 s when every list
was decoded with numpy), 18 s with two workers, each writing ranges of the terms into a file of
its own (``_ListWriters``), for 30 s of CPU time instead of 19–22.
"""

from __future__ import annotations

import heapq
import io
import multiprocessing
import os
import pickle
import shutil
import zlib
from collections import defaultdict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import accumulate, groupby, islice, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterator, NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo, _lenfield
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import Index
from whoosh.reading import SegmentReader
from whoosh.system import pack_ushort

from archive.store.generations import remove_unreferenced
from archive.store.locking import die_with
from archive.store.schema import Packed, gather_groups, group_stops, moved_first
from archive.store.segments import POSTINGS_PER_BLOCK, BlockList, PostingList, _FieldPostings, _Positioned, _SegmentWriter, write_field
from archive.store.snapshot import BLOCK_LENGTH, ITEM_LENGTHS, read_blocks, term_list

# Postings gathered before their lists are written: the merge's memory stays bounded (about
# 20 bytes a posting, and a pair's positions) whatever the index's size.
MERGE_POSTINGS = 1 << 21


def segment_count(index: Index) -> int:
    """How many segments ``index`` has."""
    return len(index._segments())


def fold(index: Index, newest: int | None = None, workers: int = 1, scratch: Path | None = None,
         parallel_bytes: int = 0) -> int:  # fmt: skip
    """Fold the ``newest`` segments of ``index`` (every one if ``None``) into one, in one
    commit, the deleted reports left out; the number of segments folded (0 when there are
    fewer than two). Reports keep their order. With ``workers`` > 1 and ``parallel_bytes``
    of lists or more, that many processes write parts of the lists, each into a file of
    ``scratch`` (a folder of the index's file system). The caller holds the write lock;
    readers of the old segments go on reading them until they reopen (their files are
    removed as a commit's are)."""
    chosen = index._segments()[-newest:] if newest is not None else index._segments()
    if len(chosen) < 2:
        return 0
    writer = _SegmentWriter(index, _lk=False, codec=W3Codec(blocklimit=POSTINGS_PER_BLOCK))
    kept = writer.segments[: len(writer.segments) - len(chosen)]
    readers = [SegmentReader(index.storage, index.schema, segment) for segment in writer.segments[len(kept) :]]
    try:
        numbers, base = [], 0
        for reader in readers:
            numbers.append(_new_numbers(reader, base))
            base += reader.doc_count()
        fields = sorted({name for reader in readers for name in reader.indexed_field_names() if name in index.schema})
        with _ListWriters(index, readers, numbers, fields, workers, scratch, parallel_bytes) as parts:
            lengths = defaultdict(int)
            for reader, renumbered in zip(readers, numbers):
                indexed = {name for name in reader.indexed_field_names() if name in index.schema}
                _known_lengths(reader, index.schema.names())
                writer.write_per_doc(set(index.schema.names()) | indexed, reader)
                deleted = np.flatnonzero(renumbered < 0).tolist()
                for name in index.schema.names():
                    # Whoosh's merge sums the lengths as stored (a byte each, rounded): the exact
                    # totals keep the statistics, and so the scores, those of the segments folded.
                    # (Whoosh's reader gives an empty field's length as None.)
                    lengths[name] += reader.field_length(name) - sum(reader.doc_field_length(docnum, name) or 0 for docnum in deleted)
            writer.perdocwriter._fieldlengths.update({name: total for name, total in lengths.items() if total})
            for name in fields:
                if parts is None:
                    write_field(writer.fieldwriter, name, index.schema[name], writer.codec, _merged(readers, numbers, name))
                else:
                    parts.write(writer.fieldwriter, name, index.schema[name])
        writer._commit_toc([*kept, writer._finalize_segment()])
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


def _known_lengths(reader: SegmentReader, names: list[str]) -> None:
    """Which of fields ``names`` have no lengths column in ``reader``'s segment, told its per-doc
    reader once: for such a field Whoosh's looks for the column's file at each document's
    length (``file_exists``), 5% of a fold's time in the profile."""
    perdoc = reader._perdoc
    for name in names:
        column = _lenfield(name)
        if column not in perdoc._readers and not perdoc.has_column(column):
            perdoc._readers[column] = None


def _new_numbers(reader: SegmentReader, base: int) -> np.ndarray:
    """Each document of ``reader``'s segment's number in the folded one (``base`` + its rank
    among the live ones), -1 for a deleted one."""
    numbers = np.full(reader.doc_count_all(), -1, dtype=np.int64)
    live = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
    numbers[live] = base + np.arange(len(live))
    return numbers


def _items(reader: SegmentReader, fieldname: str, low: bytes | None = None) -> Iterator[tuple[bytes, int, int, bytes]]:
    """Field ``fieldname``'s terms in ``reader``'s segment (from ``low`` on), in order, each
    with its posting list's offset and length in the segment's posting file, and its term
    info's bytes. The term table is read ahead (``_Ahead``): Whoosh's reads of an item (its
    lengths, key and value apart) were a fifth of a merge's profile."""
    terms = reader._terms
    if fieldname not in terms._fieldmap:
        return
    prefix = terms._keycoder(fieldname, b"")
    table = terms._tindex
    at = table.closest_key_pos(prefix + (low or b""))
    items = _Ahead(table.dbfile)
    while at is not None and at < table.endofdata:
        keylength, valuelength = ITEM_LENGTHS.unpack(items.get(at, ITEM_LENGTHS.size))
        item = items.get(at + ITEM_LENGTHS.size, keylength + valuelength)
        at += ITEM_LENGTHS.size + keylength + valuelength
        if item[: len(prefix)] != prefix:
            return
        _, offset, length = term_list(item, keylength, valuelength, fieldname)
        yield item[len(prefix) : keylength], offset, length, item[keylength:]


def _terms(reader: SegmentReader, fieldname: str, k: int, low: bytes | None = None,
           high: bytes | None = None) -> Iterator[tuple[bytes, int, bytes, bytes]]:  # fmt: skip
    """Field ``fieldname``'s terms in ``reader``'s segment from ``low`` up to ``high`` (not
    included), in order, each with ``k`` (the segment's place), its posting list's bytes,
    read ahead as the lists lie in term order, and its term info's."""
    lists = _Ahead(reader._terms._postfile)
    for term, offset, length, info in _items(reader, fieldname, low):
        if high is not None and term >= high:
            return
        yield term, k, lists.get(offset, length), info


WINDOW = 4 << 20  # bytes read at once by ``_Ahead``


class _Ahead:
    """Reads of one file at ascending offsets, served from windows of ``WINDOW`` bytes."""

    def __init__(self, file: Any) -> None:
        self.file, self.start, self.data = file, 0, b""

    def get(self, offset: int, length: int) -> bytes:
        if not self.start <= offset <= offset + length <= self.start + len(self.data):
            self.start, self.data = offset, self.file.get(offset, max(length, WINDOW))
        return self.data[offset - self.start : offset - self.start + length]


def _merged(readers: list[SegmentReader], numbers: list[np.ndarray], fieldname: str, low: bytes | None = None,
            high: bytes | None = None) -> Iterator[_FieldPostings | BlockList | PostingList]:  # fmt: skip
    """Field ``fieldname``'s lists of every segment (of its terms from ``low`` up to ``high``),
    term by term (a term's segments in order), with their documents' new ``numbers``: a term's
    blocks joined as they are (``_joined``), or its postings read in Python (``_listed``), or
    else (deleted reports, lists of both kinds, values) in parts of about ``MERGE_POSTINGS``
    postings."""
    streams = [_terms(reader, fieldname, k, low, high) for k, reader in enumerate(readers)]
    bases = [None if (renumbered < 0).any() else int(renumbered[0]) if len(renumbered) else 0 for renumbered in numbers]
    part, held = _FieldPostings(), 0
    for term, found in groupby(heapq.merge(*streams), key=itemgetter(0)):
        lists = [(k, data, info) for _, k, data, info in found]
        whole = _joined(term, lists, bases) if None not in (bases[k] for k, _, _ in lists) else None
        if whole is not None:
            if held:
                yield part
                part, held = _FieldPostings(), 0
            yield whole
            continue
        if held >= MERGE_POSTINGS:
            yield part
            part, held = _FieldPostings(), 0
        for k, data, _ in lists:
            ids, weights, values = read_blocks(data)
            new = numbers[k][ids]
            kept = np.flatnonzero(new >= 0)
            if not len(kept):
                continue
            groups = ends = None
            if values:
                groups = np.frombuffer(values, dtype=np.uint8)
                ends = group_stops(groups)
                if len(kept) < len(ids):
                    groups, ends = gather_groups(groups, ends, kept)
            part.add_list(term, new[kept], weights[kept], groups, ends)
            held += len(kept)
    yield part


def _blocks(data: bytes) -> Iterator[tuple[int, tuple, bytes, bytes]]:
    """A posting list's blocks (the layout ``read_blocks`` reads), each as its signed length,
    its info tuple, and the bytes of its info and of its postings."""
    stream = io.BytesIO(data)
    stream.seek(4)
    while True:
        (size,) = BLOCK_LENGTH.unpack(stream.read(4))
        start = stream.tell()
        info = pickle.load(stream)
        middle, end = stream.tell(), start + abs(size)
        yield size, info, data[start:middle], data[middle:end]
        if size < 0:
            return
        stream.seek(end)


class _Block(NamedTuple):
    """A ``Packed`` block of a list being joined: its info tuple (count, last id, max weight,
    compression, lengths), its (gaps, weights, values) when read (``None``: kept as they are),
    and the bytes of its info and postings (``None`` once changed)."""

    info: tuple
    postings: tuple | None
    header: bytes | None
    payload: bytes | None


def _joined(term: bytes, lists: list[tuple[int, bytes, bytes]], bases: list[int]) -> BlockList | PostingList | None:
    """Term ``term``'s folded list from its segments' ``lists`` (each as its segment's place, its
    bytes and its term info's), their documents numbered from their segments' ``bases``.
    Lists of ``Packed`` blocks are joined block by block: each block's first id (its ids' first
    gap) and last id moved by its base, its gaps and postings kept as they are, and a list's
    last block and the next one's first made one where they fit (``_one_block``): a list of a
    block stays one, as a list written whole is. Measured on the corpus's two segments (one
    process), the pairs' lists (85% of the bytes) took 12.5–15.9 s of a 30–34 s fold decoded
    and written again, 2.6–3.5 s joined. Lists of Whoosh's blocks (zlib, tuples: short lists)
    are read in Python (``_listed``) and written again; ``None`` for lists of both kinds, or
    with values. A list of the first segment alone is kept as it is (a quarter of the corpus's
    words and of its ids)."""
    if len(lists) == 1 and not bases[lists[0][0]]:
        _, data, info = lists[0]
        return BlockList(term, data[4:], sum(1 for _ in _blocks(data)), W3TermInfo.from_bytes(info))
    blocks: list[_Block] = []
    for k, data, _ in lists:
        base = bases[k]
        read = list(_blocks(data))
        for number, (_, info, header, payload) in enumerate(read):
            block = _Block(info, None, header, payload)
            if number in (0, len(read) - 1) or base:
                if info[3]:  # (compressed: Whoosh's blocks)
                    return _listed(term, lists, bases) if not blocks else None
                gaps, weights, values = pickle.loads(payload)
                if not isinstance(gaps, Packed):
                    return None
                block = _Block(info, (gaps, weights, values), header, payload)
                if base:
                    block = _Block((info[0], info[1] + base, *info[2:]),
                                   (Packed(moved_first(gaps.data, base), values=False), weights, values), None, None)  # fmt: skip
            both = _one_block(blocks[-1], block) if number == 0 and blocks else None
            if both is not None:
                blocks[-1] = both
            else:
                blocks.append(block)
    out = bytearray()
    for place, block in enumerate(blocks):
        header = pickle.dumps(block.info, 2) if block.header is None else block.header
        payload = pickle.dumps(block.postings, 4) if block.payload is None else block.payload
        length = len(header) + len(payload)
        out += BLOCK_LENGTH.pack(-length if place == len(blocks) - 1 else length)
        out += header
        out += payload
    infos = [(W3TermInfo.from_bytes(info), bases[k]) for k, _, info in lists]
    joined = W3TermInfo()
    joined._weight = sum(info._weight for info, _ in infos)
    joined._df = sum(info._df for info, _ in infos)
    joined._minlength = min(info._minlength for info, _ in infos)
    joined._maxlength = max(info._maxlength for info, _ in infos)
    joined._maxweight = max(info._maxweight for info, _ in infos)
    joined._minid = infos[0][0]._minid + infos[0][1]
    joined._maxid = infos[-1][0]._maxid + infos[-1][1]
    return BlockList(term, bytes(out), len(blocks), joined)


def _one_block(first: _Block, second: _Block) -> _Block | None:
    """Two read ``Packed`` blocks, one's postings after the other's, as one block, when their
    postings fit in one (``POSTINGS_PER_BLOCK``) and their weights are kept alike (none, one for
    all, or counts of one scale); ``None`` if not. The second's first gap becomes the gap from
    the first's last id. (Measured: a block more per list, when each list's blocks were kept,
    was 3% more index, and the pairs' lists of one block were read as two.)"""
    if first.postings is None or second.postings is None or first.info[0] + second.info[0] > POSTINGS_PER_BLOCK:
        return None
    (gaps, weights, values), (more_gaps, more_weights, more_values) = first.postings, second.postings
    if isinstance(weights, Packed) and isinstance(more_weights, Packed) and weights.scale == more_weights.scale:
        weights = Packed(weights.data + more_weights.data, values=False, scale=weights.scale)
    elif weights != more_weights or isinstance(weights, Packed):  # (None or a float: the same for both)
        return None
    if (values is None) != (more_values is None):
        return None
    if values is not None:
        values = Packed(values.data + more_values.data, values=True)
    info = (first.info[0] + second.info[0], second.info[1], max(first.info[2], second.info[2]), 0,
            min(first.info[4], second.info[4]), max(first.info[5], second.info[5]))  # fmt: skip
    return _Block(info, (Packed(gaps.data + moved_first(more_gaps.data, -first.info[1]), values=False), weights, values), None, None)


def _listed(term: bytes, lists: list[tuple[int, bytes, bytes]], bases: list[int]) -> PostingList | None:
    """Term ``term``'s postings from its segments' ``lists`` of Whoosh's blocks, as ``_joined``
    takes them, in Python's lists: ``read_blocks`` makes arrays, and a fold's short lists then
    went through a part's numpy (``_FieldPostings``), 45 µs a list; ``None`` if a block is
    ``Packed`` or has values."""
    ids: list[int] = []
    weights: list[float] = []
    for k, data, _ in lists:
        base = bases[k]
        for _, block, _, payload in _blocks(data):
            if not block[3]:
                return None
            gaps, block_weights, values = pickle.loads(zlib.decompress(payload))
            if values:
                return None
            ids.extend(islice(accumulate(gaps, initial=base), 1, None))
            if block_weights is None or isinstance(block_weights, float):
                weights.extend(repeat(1.0 if block_weights is None else block_weights, len(gaps)))
            else:
                weights.extend(block_weights)
    return PostingList(term, ids, weights)


RANGES_PER_WORKER = 4  # ranges of about equal cost a worker is given, so that none waits long for the last


class _Range(NamedTuple):
    """A worker's part of a fold: field ``field``'s lists of the terms from ``low`` up to
    ``high`` of ``segments`` (in ``folder``), their documents renumbered (``numbers``),
    written into the file ``path``."""

    folder: str
    schema: Schema
    segments: list[Any]
    numbers: list[np.ndarray]
    field: str
    low: bytes | None
    high: bytes | None
    path: str


class _ListWriters:
    """The folded lists written by worker processes: each field's terms cut into ranges that
    cost about the same (``_ranges``), each range's lists written by a worker into a file of
    its own, with their term infos (``_write_range``), then copied into the new segment in
    order (``write``), their offsets moved. Entered, it is ``None`` when one process is to
    write the lists (one worker, no ``scratch``, or under ``least`` bytes of lists)."""

    def __init__(self, index: Index, readers: list[SegmentReader], numbers: list[np.ndarray], fields: list[str],
                 workers: int, scratch: Path | None, least: int) -> None:  # fmt: skip
        self.index, self.readers, self.numbers = index, readers, numbers
        self.fields, self.workers, self.scratch, self.least = fields, workers, scratch, least
        self.pool: ProcessPoolExecutor | None = None
        self.parts: dict[str, list[tuple[_Range, Future]]] = {}  # each field's ranges, in term order

    def __enter__(self) -> _ListWriters | None:
        if self.workers < 2 or self.scratch is None:
            return None
        ranges = _ranges(self.readers, self.fields, self.workers * RANGES_PER_WORKER, self.least)
        if ranges is None:
            return None
        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                        initializer=die_with, initargs=(os.getpid(),))  # fmt: skip
        folder, segments = str(self.index.storage.folder), [reader.segment() for reader in self.readers]
        jobs = [_Range(folder, self.index.schema, segments, self.numbers, name, low, high, str(self.scratch / f"fold-{number}"))
                for number, (name, low, high, _) in enumerate(ranges)]  # fmt: skip
        # The costliest first, so that no worker is left with a long one at the end.
        futures = {job.path: self.pool.submit(_write_range, job) for job, _ in sorted(zip(jobs, ranges), key=lambda pair: -pair[1][3])}
        for job in jobs:
            self.parts.setdefault(job.field, []).append((job, futures[job.path]))
        return self

    def write(self, fields: Any, name: str, field: Any) -> None:
        """Field ``name``'s lists, as the workers wrote them, through ``fields`` (the new
        segment's ``W3FieldWriter``)."""
        fields.start_field(name, field)
        for job, future in self.parts.get(name, []):
            try:
                terms = future.result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): this process writes what is left
                terms = _write_range(job)
            base = fields._postfile.tell()
            with open(job.path, "rb") as file:
                shutil.copyfileobj(file, fields._postfile, WINDOW)
            Path(job.path).unlink()
            for term, info in terms:
                info._offset += base
                fields._tindex.add(pack_ushort(fields._fieldid) + term, info.to_bytes())
        fields.finish_field()

    def __exit__(self, kind: Any, *exc: Any) -> None:
        if self.pool is None:
            return
        if kind is not None:  # the fold failed or was interrupted: no worker goes on
            for process in list(self.pool._processes.values()):
                process.kill()
        self.pool.shutdown(cancel_futures=True)
        for parts in self.parts.values():
            for job, _ in parts:
                Path(job.path).unlink(missing_ok=True)


def _ranges(readers: list[SegmentReader], fields: list[str], ranges: int,
            least: int) -> list[tuple[str, bytes | None, bytes | None, float]] | None:  # fmt: skip
    """Each field's terms cut into ranges that cost about the same to fold, about ``ranges``
    in all (a field that costs less is one range), as the largest segment's lists weigh
    (``_weight``): each as its field, first term, the term after its last (``None``: the
    field's ends) and cost, in term order; ``None`` if the lists are under ``least`` bytes."""
    largest = max(readers, key=lambda reader: reader.doc_count_all())
    weights = {name: [(term, _weight(length)) for term, _, length, _ in _items(largest, name)] for name in fields}
    total = sum(weight for items in weights.values() for _, weight in items)
    if total * len(readers) < least:
        return None
    share, found = total / ranges, []
    for name in fields:
        terms = [term for term, _ in weights[name]]
        held = np.cumsum([0.0, *(weight for _, weight in weights[name])])
        cuts = sorted({int(i) for i in np.searchsorted(held, share * np.arange(1, round(held[-1] / share))) if 0 < i < len(terms)})
        bounds = [0, *cuts, len(terms)]
        for start, end in zip(bounds, bounds[1:]):
            found.append((name, terms[start] if start else None, terms[end] if end < len(terms) else None,
                          float(held[end] - held[start])))  # fmt: skip
    return found


# What a list's fold costs, in bytes of list. Measured on the corpus's 2 segments, one process (lists
# of Packed blocks joined, Whoosh's read and written again, ``_joined``): body_words 9.1 MB and 75,500
# terms a segment, 5.5-7.2 s; pairs 42.8 MB, 71,500 terms, 2.6-3.6 s; marked 4.6 MB, 49,400 terms,
# 2.7-3.6 s: mostly a cost a term, little a byte.
TERM_BYTES = 3000


def _weight(length: int) -> float:
    return length + TERM_BYTES


def _write_range(job: _Range) -> list[tuple[bytes, W3TermInfo]]:
    """A worker's part of a fold (``_Range``): its lists written into its file, and each
    list's term and term info (its offset in that file)."""
    storage = FileStorage(job.folder)
    readers = [SegmentReader(storage, job.schema, segment) for segment in job.segments]
    try:
        with open(job.path, "wb") as file:
            postfile = StructFile(file)
            postfile.file = _Positioned(file)
            collected = _Collected(postfile)
            codec = W3Codec(blocklimit=POSTINGS_PER_BLOCK)
            write_field(collected, job.field, job.schema[job.field], codec,
                        _merged(readers, job.numbers, job.field, job.low, job.high))  # fmt: skip
            postfile.flush()
        return collected.terms
    finally:
        for reader in readers:
            reader.close()


class _Collected:
    """Stands for a segment's field writer (``W3FieldWriter``) in ``write_field``: the lists go
    to ``postfile``, and each term's info is kept (``terms``) for the segment's term table."""

    def __init__(self, postfile: StructFile) -> None:
        self._postfile = postfile
        self._postwriter: Any = None
        self.terms: list[tuple[bytes, W3TermInfo]] = []

    def start_field(self, fieldname: str, field: Any) -> None:
        self._format = field.format

    def start_term(self, term: bytes) -> None:
        self._term = term
        self._postwriter.start_postings(self._format, W3TermInfo())

    def finish_term(self) -> None:
        self.terms.append((self._term, self._postwriter.finish_postings()))

    def finish_field(self) -> None:
        pass
