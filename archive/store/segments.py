"""Index segments built apart and committed into the live index.

Turning reports into postings and writing them (Whoosh's ``add_document`` and
segment flush) is most of an ingest's time, so it is what runs in parallel: each
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
import shutil
from array import array
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.writing import SegmentWriter

from archive.model import Record, Report
from archive.statements.labels import Statement
from archive.store.generations import remove_unreferenced
from archive.store.layout import restored_document, to_document
from archive.store.gateway import RANKING_FIELDS
from archive.store.schema import open_folder
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


class PostingTable:
    """The posting pool of a segment writer that writes its whole segment at the end.

    Whoosh's own pool keeps a tuple per posting, sorts them all when the segment is
    written and, past a memory limit, pickles sorted runs to disk and merges them back:
    most of the time a segment took to build. Here postings are grouped by term as they
    come, in arrays; documents arrive in order, so only the terms need sorting.
    """

    def __init__(self) -> None:
        self.fieldnames: set[str] = set()
        # (fieldname, term) -> [document numbers, weights, values (None while all are empty)]
        self._terms: dict[tuple[str, bytes], list[Any]] = {}

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        fieldname, term, docnum, weight, value = item
        postings = self._terms.get((fieldname, term))
        if postings is None:
            postings = self._terms[fieldname, term] = [array("I"), array("f"), None]
            self.fieldnames.add(fieldname)
        ids, weights, values = postings
        if value and values is None:
            values = postings[2] = [b""] * len(ids)
        ids.append(docnum)
        weights.append(weight)
        if values is not None:
            values.append(value)

    def terms(self, fieldnames: Iterable[str]) -> set[str]:
        """The terms of ``fieldnames`` in the pool (before it is written)."""
        wanted = set(fieldnames)
        return {term.decode("utf-8") for fieldname, term in self._terms if fieldname in wanted}

    def write(self, fields: Any, schema: Schema, codec: W3Codec) -> None:
        """Write every posting list through ``fields`` (the segment's ``W3FieldWriter``) with a
        ``_BlockWriter`` of ``codec``'s settings, in the order Whoosh reads them: by field, then term.
        (The segment keeps Whoosh's own codec: the index's table of contents names no class of ours.)"""
        current = None
        for key in sorted(self._terms):
            fieldname, term = key
            if fieldname != current:
                if current is not None:
                    fields.finish_field()
                fields.start_field(fieldname, schema[fieldname])
                fields._postwriter = _BlockWriter(fields._postfile, blocklimit=codec._blocklimit,
                                                  compression=codec._compression, inlinelimit=codec._inlinelimit)  # fmt: skip
                current = fieldname
            fields.start_term(term)
            fields._postwriter.write_term(*self._terms[key])
            fields.finish_term()
        if current is not None:
            fields.finish_field()

    def cleanup(self) -> None:
        self._terms.clear()


class SegmentBuilder:
    """Fills one ``SegmentBatch``: a writer of one new segment with a ``PostingTable`` for its
    pool, and no length statistics per posting block (only Whoosh's own scorers read them: a
    lookup per posting); ``block`` postings a block (``POSTINGS_PER_BLOCK`` if 0)."""

    def __init__(self, folder: str, block: int = 0):
        self.folder = folder
        codec = W3Codec(blocklimit=block or POSTINGS_PER_BLOCK)
        codec.length_stats = False
        self._writer = _SegmentWriter(open_folder(folder), _lk=False, codec=codec)
        self._writer.pool = PostingTable()
        fields = self._writer.fieldwriter
        for structfile in (fields._postfile, fields._tindex.dbfile):
            structfile.file = _Positioned(structfile.file)
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
    """Whoosh's segment writer, its postings written list by list from the ``PostingTable``."""

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self.pool.write(self.fieldwriter, self.schema, self.codec)
        self.fieldwriter.close()


class _BlockWriter(W3PostingsWriter):
    """Whoosh's posting list writer, given a term's postings whole (``write_term``) and
    encoding each block's ids and weights in C (``map``, ``array.count``): the same bytes as
    Whoosh's writer, without its Python calls per posting (its ``add_postings`` loop,
    ``add_posting`` and the block encoding were 30% of an ingest's time in the profile)."""

    def write_term(self, ids: array, weights: array, values: list[bytes] | None) -> None:
        """The postings of the term begun with ``start_postings``, ``finish_postings`` to follow."""
        for start in range(0, len(ids), self._blocklimit):
            if start:
                self._write_block()
            end = start + self._blocklimit
            self._ids, self._weights = ids[start:end], weights[start:end]
            self._values = [value for value in values[start:end] if value] if values else []
            self._maxweight = max(self._weights)

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
    writer = SegmentWriter(index, _lk=False, codec=W3Codec(blocklimit=POSTINGS_PER_BLOCK))
    try:
        # (The searcher is opened only when needed: it reads every segment's term table.)
        stored = {old: writer.searcher().document(id=old) for old in restore}
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
