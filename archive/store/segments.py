"""Index segments built apart and committed into the live index.

Turning reports into postings and writing them (``add_document`` and the segment
flush, done here a field and a posting list at a time, in Whoosh's format) is most of
an ingest's time, so it is what runs in parallel: each
worker process fills a ``SegmentBatch`` — a Whoosh index of its own in a staging folder
of the live one, where the live index's commits cannot touch it — through a
``SegmentBuilder``. The single writer then commits it (``commit``): it deletes the
reports the batch replaces, stores again reports whose sources moved, moves the
segment's files into the index and writes the new table of contents, which makes all of
it visible at once.
"""

from __future__ import annotations

import operator
import os
import pickle
import shutil
from array import array
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter, W3TermInfo
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from archive.model import Record, Report
from archive.statements.labels import Statement
from archive.store.generations import remove_unreferenced
from archive.store.layout import restored_document, to_document
from archive.store.gateway import RANKING_FIELDS
from archive.store.schema import Packed, _CountedField, _PositionsField, encode_numbers, open_folder, stored_documents
from archive.text.analysis import pair_terms
from archive.text.vocabulary import is_entry

STAGING_PREFIX = "staging-"


def open_staging(index: Index) -> Path:
    """A new staging folder inside ``index``'s folder, for this run's batches.

    Staging folders left by runs that died are removed first (the caller holds
    the write lock, so no live run owns them).
    """
    folder = Path(index.storage.folder)
    for name in os.listdir(folder):
        if name.startswith(STAGING_PREFIX):
            shutil.rmtree(folder / name, ignore_errors=True)
    staging = folder / f"{STAGING_PREFIX}{os.getpid()}"
    staging.mkdir()
    return staging


@dataclass(frozen=True)
class SegmentBatch:
    """A batch built into a Whoosh index of its own in ``folder`` (a ``Batch`` of the gateway).

    Each needs its own: Whoosh writers of one index share temporary files.
    """

    folder: str

    @classmethod
    def create(cls, staging: Path, number: int, schema: Schema) -> SegmentBatch:
        """A batch in ``staging`` written in ``schema``, the schema of the index it will join: an
        index reads every segment's columns as its own schema says (an index of zlib texts,
        ``archive.store.schema.Lz4BytesColumn``, must get zlib texts)."""
        folder = staging / str(number)
        folder.mkdir()
        whoosh_index.create_in(str(folder), schema)
        return cls(str(folder))

    def builder(self) -> SegmentBuilder:
        return SegmentBuilder(self.folder)


@dataclass
class BuiltSegment:
    """A finished segment in its staging folder, ready to be adopted by a commit, with the
    vocabulary entries of its reports' words (``archive.text.vocabulary``)."""

    folder: str
    segment: Any
    vocabulary: frozenset[str] = frozenset()


class _FieldPostings:
    """One field's postings in the order they came: for each, its term's number, its document
    and its weight, in flat arrays (12 bytes a posting), and, in a field whose postings have
    values, where its value lies in one buffer of them all (8 bytes more). A field whose terms
    are numbered already (``names``: the pairs', ``pair_terms``) keeps those numbers."""

    def __init__(self, names: Sequence[str] = ()) -> None:
        # term (str for ``_CountedField``s) -> its number
        self.numbers: dict[str | bytes, int] = dict(zip(names, range(len(names))))
        self.terms, self.docs, self.weights = array("I"), array("I"), array("f")
        self.buffer = bytearray()
        self.starts, self.ends = array("I"), array("I")  # each posting's value: buffer[start:end]

    def add_counts(self, docnum: int, counts: dict[str, int], boost: float) -> None:
        numbers = self.numbers
        self.terms.extend([numbers.setdefault(term, len(numbers)) for term in counts])
        self.docs.extend(repeat(docnum, len(counts)))
        self.weights.extend(counts.values() if boost == 1.0 else [count * boost for count in counts.values()])

    def add_values(self, docnum: int, numbers: np.ndarray, values: bytes, ends: list[int]) -> None:
        """Document ``docnum``'s terms (their ``numbers``), each of weight 1 with its value: the
        bytes of ``values`` up to its end in ``ends`` (from the end of the one before)."""
        base = len(self.buffer)
        self.terms.frombytes(numbers.astype(np.uint32).tobytes())
        self.docs.extend(repeat(docnum, len(numbers)))
        self.weights.extend(repeat(1.0, len(numbers)))
        self.buffer += values
        self.starts.extend([base, *(base + end for end in ends[:-1])])
        self.ends.extend([base + end for end in ends])

    def add(self, term: str | bytes, docnum: int, weight: float, value: bytes) -> None:
        if value:  # (a field's postings all have a value, or none has)
            self.starts.append(len(self.buffer))
            self.buffer += value
            self.ends.append(len(self.buffer))
        self.terms.append(self.numbers.setdefault(term, len(self.numbers)))
        self.docs.append(docnum)
        self.weights.append(weight)

    def add_list(self, term: bytes, docs: np.ndarray, weights: np.ndarray, values: np.ndarray | None, ends: np.ndarray | None) -> None:
        """A term's postings at once (a segment's list, merged): its documents, weights and, in a
        field whose postings have values, their bytes ``values`` with where each ends (``ends``)."""
        number = self.numbers.setdefault(term, len(self.numbers))
        self.terms.extend(repeat(number, len(docs)))
        self.docs.frombytes(docs.astype(np.uint32).tobytes())
        self.weights.frombytes(weights.astype(np.float32).tobytes())
        if values is not None and ends is not None:
            base = len(self.buffer)
            self.buffer += values.tobytes()
            self.starts.frombytes((base + np.concatenate(([0], ends[:-1]))).astype(np.uint32).tobytes())
            self.ends.frombytes((base + ends).astype(np.uint32).tobytes())

    def names(self) -> list[str | bytes]:
        """The terms with postings, in term order (a str's order is its UTF-8 bytes' order)."""
        held = np.bincount(np.asarray(self.terms), minlength=len(self.numbers)) > 0
        return sorted(term for term, number in self.numbers.items() if held[number])

    def lists(self, packed: int = 0, scale: float = 1.0, shortest: int = 0) -> Iterator[tuple[bytes, list[int], list[float], list | None]]:
        """Each term's posting list, in term order: its document numbers (ascending, as they
        came), weights and values (``None`` when they have none). With ``packed``, the values
        come as the list's blocks of that many postings, packed (``_packed_blocks``): of the
        values, or, in a field without values, of the counts (the weights over ``scale``, the
        field's boost) of the lists of ``shortest`` postings or more (the others' values
        ``None``), unless a weight is no whole count."""
        names = self.names()
        rank = np.empty(len(self.numbers), dtype=np.int64)
        rank[[self.numbers[name] for name in names]] = np.arange(len(names))
        ranks = rank[np.asarray(self.terms)]
        order = np.argsort(ranks, kind="stable")
        lengths = np.bincount(ranks, minlength=len(names))
        ends = np.cumsum(lengths)
        docs, weights = np.asarray(self.docs)[order], np.asarray(self.weights)[order]
        valued = len(self.starts) > 0
        blocks: Iterator[list[tuple[bytes, bytes]]] | None = None
        chosen = lengths >= shortest  # the lists given packed blocks
        if valued:
            starts, stops = np.asarray(self.starts)[order], np.asarray(self.ends)[order]
            if packed:
                blocks = _packed_blocks(docs, ends, packed, values=(np.frombuffer(self.buffer, dtype=np.uint8), starts, stops))
            else:
                buffer = memoryview(self.buffer)
        elif packed and chosen.any():
            counts = np.rint(weights / scale).astype(np.int64)
            if counts.min() >= 0 and np.array_equal((counts * scale).astype(np.float32), weights):
                held = np.repeat(chosen, lengths)
                blocks = _packed_blocks(docs[held], np.cumsum(lengths[chosen]), packed, counts=counts[held])
        for index, term in enumerate(names):
            start, end = (int(ends[index - 1]) if index else 0), int(ends[index])
            if blocks is not None and chosen[index]:
                values = next(blocks)
            elif not valued:
                values = None
            else:
                values = [buffer[a:b].tobytes() for a, b in zip(starts[start:end].tolist(), stops[start:end].tolist())]
            encoded = term.encode("utf-8") if isinstance(term, str) else term
            yield encoded, docs[start:end].tolist(), weights[start:end].tolist(), values


class BlockList(NamedTuple):
    """A term's posting list as blocks made already (a fold joins its segments' blocks):
    the bytes of its ``count`` blocks (after the list's magic) and its term info."""

    term: bytes
    blocks: bytes
    count: int
    info: W3TermInfo


class PostingList(NamedTuple):
    """A term's postings, without values: its documents (ascending) and their weights."""

    term: bytes
    ids: list[int]
    weights: list[float]


def write_field(fields: Any, fieldname: str, field: Any, codec: W3Codec,
                parts: Iterable[_FieldPostings | BlockList | PostingList]) -> None:  # fmt: skip
    """Write field ``fieldname``'s posting lists, ``parts`` one after the other (each part's
    terms after the one's before; a ``BlockList`` or ``PostingList`` a term's), through
    ``fields`` (a segment's ``W3FieldWriter``) with a ``_BlockWriter`` of ``codec``'s settings.
    (The segment keeps Whoosh's own codec: the index's table of contents names no class of ours.)"""
    fields.start_field(fieldname, field)
    packed = isinstance(field, _CountedField)
    scale = None if isinstance(field, _PositionsField) else field.format.field_boost
    fields._postwriter = _BlockWriter(fields._postfile, blocklimit=codec._blocklimit, compression=codec._compression,
                                      inlinelimit=codec._inlinelimit, packed=packed, scale=scale)  # fmt: skip
    shortest = 0 if scale is None else PACKED_LIST
    for part in parts:
        if isinstance(part, PostingList) and len(part.ids) >= shortest:  # (it may be given packed blocks)
            whole = _FieldPostings()
            whole.add_list(part.term, np.array(part.ids), np.array(part.weights), None, None)
            part = whole
        if not isinstance(part, _FieldPostings):
            fields.start_term(part.term)
            if isinstance(part, BlockList):
                fields._postwriter.write_blocks(part)
            else:
                fields._postwriter.write_term(part.ids, part.weights, None)
            fields.finish_term()
            continue
        for term, ids, weights, values in part.lists(codec._blocklimit if packed else 0, scale or 1.0, shortest):
            fields.start_term(term)
            fields._postwriter.write_term(ids, weights, values)
            fields.finish_term()
    fields.finish_field()


_CHUNK = 1 << 18  # postings packed at a time (``_packed_blocks``): its index arrays stay under 40 MB


def _packed_blocks(docs: np.ndarray, ends: np.ndarray, size: int, counts: np.ndarray | None = None,
                   values: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> Iterator[list[tuple[bytes, bytes]]]:  # fmt: skip
    """For each term in turn (its postings, grouped by term, end at ``ends``), its blocks of
    ``size`` postings, each as its ids' gaps (the first from 0: Whoosh reads a block so) in
    ``encode_numbers`` bytes, and its postings' ``counts`` so too, or their ``values`` (the
    buffer, and where each posting's value starts and stops in it) one after the other, as
    they are. Made with numpy for about ``_CHUNK`` postings at a time: per block, encoding its
    ids with numpy was 9% of an ingest's time, and making a value a posting 4%."""
    firsts = ends - np.diff(ends, prepend=0)
    begin = 0
    while begin < len(ends):
        stop = max(begin + 1, int(np.searchsorted(ends, firsts[begin] + _CHUNK, side="right")))
        low, high = int(firsts[begin]), int(ends[stop - 1])
        numbers = ends[begin:stop] - firsts[begin:stop]
        per_term = -(-numbers // size)
        block_firsts = np.repeat(firsts[begin:stop] - low, per_term)
        block_firsts += (np.arange(len(block_firsts)) - np.repeat(np.cumsum(per_term) - per_term, per_term)) * size
        lasts = np.append(block_firsts[1:], high - low) - 1  # each block's last posting
        ids = docs[low:high].astype(np.int64)
        gaps = np.diff(ids, prepend=0)
        gaps[block_firsts] = ids[block_firsts]
        coded = encode_numbers(gaps)
        gap_cuts = [0, *(np.flatnonzero(coded & 0x40)[lasts] + 1).tolist()]
        if values is None:
            payload = encode_numbers(counts[low:high])
            payload_cuts = [0, *(np.flatnonzero(payload & 0x40)[lasts] + 1).tolist()]
        else:
            data, starts, stops = values
            value_starts, lengths = starts[low:high].astype(np.int64), (stops[low:high] - starts[low:high]).astype(np.int64)
            value_ends = np.cumsum(lengths)
            payload = data[np.repeat(value_starts - (value_ends - lengths), lengths) + np.arange(int(value_ends[-1]))]
            payload_cuts = [0, *value_ends[lasts].tolist()]
        coded_bytes, payload_bytes = coded.tobytes(), payload.tobytes()
        blocks = [(coded_bytes[a:b], payload_bytes[c:d])
                  for a, b, c, d in zip(gap_cuts, gap_cuts[1:], payload_cuts, payload_cuts[1:])]  # fmt: skip
        at = 0
        for number in per_term.tolist():
            yield blocks[at : at + number]
            at += number
        begin = stop


class PostingTable:
    """The posting pool of a segment writer that writes its whole segment at the end.

    Whoosh's own pool keeps a tuple per posting, sorts them all when the segment is
    written and, past a memory limit, pickles sorted runs to disk and merges them back:
    most of the time a segment took to build. Here each field's postings are kept in
    flat arrays as they come (a report's counted terms added all at once, ``add_counts``),
    and grouped by term with one sort when the segment is written.
    """

    def __init__(self, counted: Iterable[str] = (), numbered: Mapping[str, Sequence[str]] | None = None) -> None:
        self._fields: dict[str, _FieldPostings] = {}
        self._counted = frozenset(counted)  # fields whose terms are kept as str (``add_counts``, ``add_values``)
        self._numbered = dict(numbered or {})  # fields whose terms come numbered (``add_values``): their names

    def _field(self, fieldname: str) -> _FieldPostings:
        postings = self._fields.get(fieldname)
        if postings is None:
            postings = self._fields[fieldname] = _FieldPostings(self._numbered.get(fieldname, ()))
        return postings

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        """One posting, as Whoosh's writers give it: ``(fieldname, term, docnum, weight, value)`` (a
        segment merged into a commit's comes so; a counted field's term is kept as str, as it is
        when a report is added)."""
        fieldname, term, docnum, weight, value = item
        self._field(fieldname).add(term.decode("utf-8") if fieldname in self._counted else term, docnum, weight, value)

    def add_counts(self, fieldname: str, docnum: int, counts: dict[str, int], boost: float) -> None:
        """Document ``docnum``'s terms of ``fieldname``, each with its count (its weight: count × ``boost``)."""
        self._field(fieldname).add_counts(docnum, counts, boost)

    def add_values(self, fieldname: str, docnum: int, numbers: np.ndarray, values: bytes, ends: list[int]) -> None:
        """Document ``docnum``'s terms of ``fieldname`` (their ``numbers`` in its names), each of
        weight 1 with its value: the bytes of ``values`` up to its end in ``ends``."""
        self._field(fieldname).add_values(docnum, numbers, values, ends)

    def terms(self, fieldnames: Iterable[str]) -> set[str]:
        """The terms of ``fieldnames`` in the pool (before it is written)."""
        return {term if isinstance(term, str) else term.decode("utf-8")
                for fieldname in fieldnames if fieldname in self._fields for term in self._fields[fieldname].names()}  # fmt: skip

    def write(self, fields: Any, schema: Schema, codec: W3Codec) -> None:
        """Write every posting list through ``fields`` (the segment's ``W3FieldWriter``), in the
        order Whoosh reads them: by field, then term (``write_field``)."""
        for fieldname in sorted(self._fields):
            write_field(fields, fieldname, schema[fieldname], codec, [self._fields[fieldname]])

    def cleanup(self) -> None:
        self._fields.clear()


class SegmentBuilder:
    """Fills one ``SegmentBatch``: a writer of one new segment with a ``PostingTable`` for its
    pool, and no length statistics per posting block (only Whoosh's own scorers read them: a
    lookup per posting); ``block`` postings a block (``POSTINGS_PER_BLOCK`` if 0)."""

    def __init__(self, folder: str, block: int = 0):
        self.folder = folder
        codec = W3Codec(blocklimit=block or POSTINGS_PER_BLOCK)
        codec.length_stats = False
        self._writer = _SegmentWriter(open_folder(folder), _lk=False, codec=codec)
        self._count = 0

    def add(self, report: Report, statements: list[Statement], record: Record) -> None:
        self._writer.add_document(**to_document(report, statements, record))
        self._count += 1

    def finish(self) -> BuiltSegment | None:
        """The segment, or ``None`` when nothing was added (the batch is then given up)."""
        if not self._count:
            self._writer.cancel()
            return None
        words = self._writer.pool.terms(RANKING_FIELDS)  # (read before the pool is written and cleared)
        segment = self._writer._finalize_segment()
        self._writer._finish()
        return BuiltSegment(self.folder, segment, frozenset(filter(is_entry, words)))


# Postings a block of the posting lists holds (Whoosh's default: 128). Reading a list costs a
# few microseconds a block, and a character common to the corpus spans thousands of reports.
POSTINGS_PER_BLOCK = 1024


class _SegmentWriter(SegmentWriter):
    """Whoosh's segment writer with a ``PostingTable`` for its pool, a report's counted fields
    added to it whole and its postings written list by list from it (segments merged into a
    commit's segment too)."""

    def __init__(self, index: Index, **kwargs: Any):
        super().__init__(index, **kwargs)
        for structfile in (self.fieldwriter._postfile, self.fieldwriter._tindex.dbfile):
            structfile.file = _Positioned(structfile.file)
        self.pool = PostingTable((name for name, field in self.schema.items() if isinstance(field, _CountedField)),
                                 {name: pair_terms().tolist() for name, field in self.schema.items() if isinstance(field, _PositionsField)})  # fmt: skip

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document`` for the fields this archive writes (no vectors, spelling or
        per-call boosts), with each ``_CountedField``'s terms and counts added at once: the
        generator, tuple and calls of Whoosh's loop, per posting, were a fifth of an ingest's
        profile."""
        self._check_state()
        perdoc, docnum = self.perdocwriter, self.docnum
        perdoc.start_doc(docnum)
        try:
            for fieldname in sorted(fields):
                value = fields[fieldname]
                if value is None:
                    continue
                field = self.schema[fieldname]
                length = 0
                if isinstance(field, _PositionsField):
                    numbers, values, ends, length = field.postings(value)
                    self.pool.add_values(fieldname, docnum, numbers, values, ends)
                elif isinstance(field, _CountedField):
                    counts = field.analyse(value)
                    self.pool.add_counts(fieldname, docnum, counts, field.format.field_boost)
                    length = sum(counts.values())
                elif field.indexed:
                    for term, count, weight, posting_value in field.index(value):
                        length += count if field.scorable else 0
                        self.pool.add((fieldname, term, docnum, weight, posting_value))
                perdoc.add_field(fieldname, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self.pool.write(self.fieldwriter, self.schema, self.codec)
        self.fieldwriter.close()


# A counted field's list of fewer postings keeps Whoosh's blocks (tuples, zlib). Measured on the
# corpus (machine shared), a list read in µs as tuples / packed: 32–100 postings 21 / 36, 100–1000 43–56 / 48–52,
# 1000–5000 160–250 / 107–112 (numpy's calls cost more than short tuples); packed lists are ~35% larger.
PACKED_LIST = 512


class _BlockWriter(W3PostingsWriter):
    """Whoosh's posting list writer, given a term's postings whole (``write_term``) and
    encoding each block's ids and weights in C (``map``, ``list.count``): the same bytes as
    Whoosh's writer, without its Python calls per posting (its ``add_postings`` loop,
    ``add_posting`` and the block encoding were 30% of an ingest's time in the profile).
    With ``packed``, each block keeps its ids' gaps and its values (the pairs' field, ``scale``
    None) or its counts (a counted field's list of ``PACKED_LIST`` postings or more, which
    ``_FieldPostings.lists`` gives blocks, its weights the counts times ``scale``) each in one ``Packed`` bytes object, pickled with
    protocol 4, uncompressed (zlib took a fifth off the pairs' size and made their reads
    slower); Whoosh reads either."""

    def __init__(self, *args: Any, packed: bool = False, scale: float | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._packed = packed
        self._scale = scale
        self._block: tuple[bytes, bytes] | None = None

    def write_term(self, ids: list[int], weights: list[float], values: list | None) -> None:
        """The postings of the term begun with ``start_postings``, ``finish_postings`` to follow:
        ``values`` a value a posting, or, ``packed``, the blocks ``_packed_blocks`` made."""
        packed = self._packed and values is not None  # (a counted field's short lists come without blocks)
        for number, start in enumerate(range(0, len(ids), self._blocklimit)):
            if start:
                self._write_block()
            end = start + self._blocklimit
            self._ids, self._weights = ids[start:end], weights[start:end]
            if packed:
                self._block = values[number]
            else:
                self._values = [value for value in values[start:end] if value] if values and not self._packed else []
            self._maxweight = max(self._weights)

    def write_blocks(self, made: BlockList) -> None:
        """A term's list as its blocks were made (``BlockList``), between ``start_postings``
        and ``finish_postings``: their bytes, and its term info as given."""
        self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._postfile.write(made.blocks)
        self._blockcount = made.count
        self._terminfo = made.info

    def _write_block(self, last: bool = False) -> None:
        if self._block is None:
            return super()._write_block(last)
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids, (gaps, payload) = self._ids, self._block
        weights = self._mini_weights()
        if self._scale is None:
            values: Packed | None = Packed(payload, values=True)
        else:
            values = None
            if isinstance(weights, tuple):
                weights = Packed(payload, values=False, scale=self._scale)
        data = pickle.dumps((Packed(gaps, values=False), weights, values), 4)
        info = pickle.dumps((len(ids), ids[-1], self._maxweight, 0,
                             length_to_byte(self._minlength), length_to_byte(self._maxlength)), 2)  # fmt: skip
        self._postfile.write_int(-(len(info) + len(data)) if last else len(info) + len(data))
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._block = None
        self._new_block()

    def _mini_ids(self) -> tuple[int, ...]:
        ids = self._ids
        return tuple(map(operator.sub, ids, chain((0,), ids)))

    def _mini_weights(self) -> float | tuple[float, ...] | None:
        weights = self._weights
        if weights.count(1.0) == len(weights):
            return None
        if weights.count(weights[0]) == len(weights):
            return weights[0]
        return tuple(weights)


class _Positioned:
    """A file written front to back that keeps its own position: Whoosh asks a segment's
    postings and term files for it twice a term, and each ``tell`` of a Python file is a
    system call (measured: 8% of an ingest's CPU time)."""

    def __init__(self, file: Any):
        self._file = file
        self._position = file.tell()

    def write(self, data: Any) -> int:
        self._position += memoryview(data).nbytes
        return self._file.write(data)

    def tell(self) -> int:
        return self._position

    def seek(self, *args: Any) -> int:
        self._position = self._file.seek(*args)
        return self._position

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def commit(index: Index, delete: Iterable[str], restore: Mapping[str, Record], built: Sequence[BuiltSegment],
           documents: Sequence[dict[str, Any]] = ()) -> None:  # fmt: skip
    """Delete ``delete``, store the reports ``restore`` names again as their records, add the
    ``built`` segments and the ready ``documents`` (carried from another generation) to
    ``index``, in one commit. The caller holds the write lock."""
    writer = _SegmentWriter(index, _lk=False, codec=W3Codec(blocklimit=POSTINGS_PER_BLOCK))
    try:
        # (The searcher is opened only when needed: it reads every segment's term table.)
        stored = dict(zip(restore, stored_documents(writer.searcher(), restore))) if restore else {}
        for old in {*delete, *restore}:
            writer.delete_by_term("id", old)
        for old, record in restore.items():
            writer.add_document(**restored_document(stored[old], record))
        add_vocabulary(Path(index.storage.folder), set().union(*(piece.vocabulary for piece in built)))
        for document in documents:
            writer.add_document(**document)
        adopted = [_adopt(index, piece) for piece in built]
        segments = writer._merge_segments(None, None, None)
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(segments + adopted)
    except BaseException:
        try:
            writer.cancel()
        except Exception:  # noqa: BLE001 - cancelling flushes what the writer holds: on a full disk that fails too
            pass
        # What the commit wrote (its segment, adopted segments, a table of contents not yet
        # in place) would stay on disk, unnamed, until a later commit succeeded: with the
        # disk full, it would keep it full and make the rerun fail the same way.
        remove_unreferenced(Path(index.storage.folder))
        raise
    writer._finish()


VOCABULARY_FILE = "vocabulary.txt"


def add_vocabulary(folder: Path, entries: set[str]) -> None:
    """Add ``entries`` to the vocabulary file of the index in ``folder`` (one entry a line), in one
    step. Written before the commit and never pruned: an entry whose reports are gone costs only
    a suggestion counted and dropped (every suggestion is counted before it is offered)."""
    known = set(read_vocabulary(folder))
    if entries <= known:
        return
    temporary = folder / f"{VOCABULARY_FILE}.{os.getpid()}"
    temporary.write_text("".join(f"{entry}\n" for entry in sorted(known | entries)), encoding="utf-8")
    os.replace(temporary, folder / VOCABULARY_FILE)


def read_vocabulary(folder: Path) -> list[str]:
    """The vocabulary entries of the index in ``folder`` (none for an index made before it was kept)."""
    try:
        return (folder / VOCABULARY_FILE).read_text(encoding="utf-8").split()
    except FileNotFoundError:
        return []


def _adopt(index: Index, piece: BuiltSegment) -> Any:
    """Move a staged segment's files into ``index``'s folder; return the segment."""
    for name in piece.segment.list_files(FileStorage(piece.folder)):
        os.replace(Path(piece.folder) / name, Path(index.storage.folder) / name)
    return piece.segment
