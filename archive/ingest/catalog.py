"""What the index holds, file by file: which report each source path is stored in.

A report is stored once per distinct content: files with identical bytes under
several paths share one report, which records all of them (``sources``, the
first one read being its primary source). Its id is derived from the content
alone (``archive.files.source.report_id``), so it does not change when the file
moves, is ingested from another folder or into an index rebuilt elsewhere; one
content is one report, so ids never collide. Dated versions of one law are
separate reports sharing a ``version_key``.

When a path's content changes (the file was edited), the report it held is not
deleted when it is left without sources: it stays, as a superseded version
whose ``superseded_by`` names the report that took its path. A report whose
last path is gone from disk is deleted.

``Catalog`` is the in-memory map an ingest plans against and keeps up to date
as it commits; ``Change`` is what one set of path moves does to stored reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from archive.model import Record


@dataclass
class Change:
    """What moving paths between reports does to the stored reports, for one commit.

    ``delete``: ids of stored reports to delete. ``rewrite``: stored id → the
    record to store that report as again (other sources, maybe another id).
    Every rewritten id is also deleted.
    """

    delete: set[str] = field(default_factory=set)
    rewrite: dict[str, Record] = field(default_factory=dict)

    def record(self, current_id: str, new: Record | None) -> None:
        """Note that the report known now as ``current_id`` becomes ``new`` (``None``: deleted)."""
        stored_id = next((old for old, record in self.rewrite.items() if record.id == current_id), current_id)
        self.rewrite.pop(stored_id, None)
        self.delete.add(stored_id)
        if new is not None:
            self.rewrite[stored_id] = new


class Catalog:
    """Every stored report's id, content hash and source paths."""

    def __init__(self, records: Iterable[Record] = ()):
        self.records: dict[str, Record] = {}
        self.by_path: dict[str, str] = {}
        self.by_sha: dict[str, str] = {}
        for record in records:
            self._put(record)

    def _put(self, record: Record) -> None:
        self.records[record.id] = record
        self.by_sha[record.sha256] = record.id
        if record.superseded_by is None:  # an old version's paths hold other content now
            for path in record.sources:
                self.by_path[path] = record.id

    def _drop(self, record_id: str) -> Record:
        record = self.records.pop(record_id)
        if self.by_sha.get(record.sha256) == record_id:
            del self.by_sha[record.sha256]
        for path in record.sources:
            if self.by_path.get(path) == record_id:
                del self.by_path[path]
        return record

    def record_of(self, path: str) -> Record | None:
        """The report ``path`` is stored in, if any."""
        record_id = self.by_path.get(path)
        return self.records[record_id] if record_id else None

    def record_with(self, sha256: str) -> Record | None:
        """The report with content hash ``sha256``, if any (a superseded version too)."""
        record_id = self.by_sha.get(sha256)
        return self.records[record_id] if record_id else None

    def sources(self) -> list[str]:
        """Every source path of every report."""
        return sorted(self.by_path)

    def add(self, record: Record, change: Change) -> None:
        """Store the new report ``record``; its paths leave the reports they were in, which
        it supersedes if they are left without any."""
        self.release(record.sources, change, successor=record.id)
        self._put(record)

    def join(self, record_id: str, paths: list[str], change: Change) -> None:
        """Add ``paths`` (files identical to it) to the sources of report ``record_id``; a
        superseded version whose content is back on disk is current again."""
        self.release(paths, change, successor=record_id)
        record = self._drop(record_id)
        kept = record.sources if record.superseded_by is None else []
        joined = Record(record.id, record.sha256, [*kept, *paths])
        self._put(joined)
        change.record(record.id, joined)

    def release(self, paths: Iterable[str], change: Change, successor: str | None = None) -> None:
        """Take ``paths`` out of the reports they are in. A report left without any is
        superseded by ``successor`` (the report its path holds now), else deleted."""
        for path in paths:
            record_id = self.by_path.get(path)
            if record_id is None:
                continue
            record = self._drop(record_id)
            rest = [source for source in record.sources if source != path]
            if rest:
                kept: Record | None = Record(record.id, record.sha256, rest)
            elif successor is not None and successor != record.id:
                kept = Record(record.id, record.sha256, record.sources, superseded_by=successor)
            else:
                kept = None
            if kept:
                self._put(kept)
            change.record(record_id, kept)
