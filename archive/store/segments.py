"""Index segments built apart and committed into the live index.

Turning reports into postings and writing them (Whoosh's ``add_document`` and
segment flush) is most of an ingest's time, so it is what runs in parallel:
each task reads, parses and indexes a batch of files into a Whoosh segment of
its own, in a staging folder of the index (``build_segment``), where the live
index's commits cannot touch it. The single writer then commits it
(``commit``): it deletes the reports the batch replaces, stores again reports
whose sources moved, moves the segment's file into the index and writes the
new table of contents, which makes all of it visible at once.
"""

from __future__ import annotations

import os
import shutil
from array import array
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, Callable, Iterator

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.writing import SegmentWriter

from archive.ingest.catalog import Change
from archive.store.schema import from_stored, open_folder
from archive.ingest.plan import Job
from archive.files.sourcefile import failure_reason, read_report, read_source, report_document

STAGING_PREFIX = "staging-"


@dataclass
class Task:
    """A batch of jobs to index into one segment, in an index of its own in the folder ``staging``."""

    staging: str
    jobs: list[Job]


@dataclass
class BuiltSegment:
    """What a task produced: a segment (``None`` if no file could be read) and each job's fate."""

    staging: str
    segment: Any
    done: list[Job] = field(default_factory=list)
    failed: list[tuple[Job, str]] = field(default_factory=list)


def open_staging(index: Index) -> Path:
    """A new staging folder inside ``index``'s folder, for this run's tasks.

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


def new_task(staging: Path, number: int, schema: Schema, jobs: list[Job]) -> Task:
    """Task ``number`` of a run, with a folder of its own under ``staging`` holding an empty index.

    Each task needs its own: Whoosh writers of one index share temporary files.
    """
    folder = staging / str(number)
    folder.mkdir()
    whoosh_index.create_in(str(folder), schema)
    return Task(str(folder), jobs)


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

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Every posting as ``(fieldname, term, docnum, weight, value)``, in the order Whoosh writes them."""
        for key in sorted(self._terms):
            ids, weights, values = self._terms[key]
            for posting in zip(ids, weights, repeat(b"") if values is None else values):
                yield (*key, *posting)

    def cleanup(self) -> None:
        self._terms.clear()


def _segment_writer(folder: str) -> SegmentWriter:
    """A writer of one new segment in ``folder``, with a ``PostingTable`` for its pool, and no
    length statistics per posting block (only Whoosh's own scorers read them: a lookup
    per posting)."""
    codec = W3Codec()
    codec.length_stats = False
    writer = SegmentWriter(open_folder(folder), _lk=False, codec=codec)
    writer.pool = PostingTable()
    return writer


def build_segment(task: Task, emit: Callable[[str, str], None]) -> BuiltSegment:
    """Read, parse and index ``task``'s jobs into a new segment in its staging folder.

    ``emit(path, outcome)`` is called for every source path once its job is done.
    A file that cannot be read is recorded with its reason; nothing raises.
    """
    writer = _segment_writer(task.staging)
    built = BuiltSegment(task.staging, None)
    for job in task.jobs:
        try:
            data = read_source(Path(job.path))
            report = read_report(Path(job.path), data)
            if report.sha256 != job.record.sha256:
                raise ValueError("文件在导入过程中被修改，请重新导入 (the file changed during the ingest)")
            writer.add_document(**report_document(report, job.record))
        except Exception as error:  # one bad file never stops the others
            reason = failure_reason(error)
            built.failed.append((job, reason))
            for path in job.record.sources:
                emit(path, f"failed: {reason}")
            continue
        built.done.append(job)
        for path in job.record.sources:
            emit(path, job.outcomes[path])
    if built.done:
        built.segment = writer._finalize_segment()
        writer._finish()
    else:
        writer.cancel()
    return built


def commit(index: Index, change: Change, built: list[BuiltSegment]) -> None:
    """Apply ``change`` and add the ``built`` segments to ``index`` in one commit.

    The caller holds the write lock (``archive.store.locking``).
    """
    writer = SegmentWriter(index, _lk=False)
    try:
        # (The searcher is opened only when needed: it reads every segment's term table.)
        stored = {old: writer.searcher().document(id=old) for old in change.rewrite}
        for old in change.delete:
            writer.delete_by_term("id", old)
        for old, record in change.rewrite.items():
            writer.add_document(**report_document(from_stored(stored[old]), record))
        adopted = [_adopt(index, piece) for piece in built if piece.segment is not None]
        segments = writer._merge_segments(None, None, None)
        if writer._added:
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(segments + adopted)
    except BaseException:
        writer.cancel()
        raise
    writer._finish()


def _adopt(index: Index, piece: BuiltSegment) -> Any:
    """Move a staged segment's files into ``index``'s folder; return the segment."""
    for name in piece.segment.list_files(FileStorage(piece.staging)):
        os.replace(Path(piece.staging) / name, Path(index.storage.folder) / name)
    return piece.segment
