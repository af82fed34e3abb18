"""What the index holds, file by file: which report each source path is stored in.

A report is stored once per distinct content: files with identical bytes under
several paths share one report, which records all of them (``sources``, the
first one read being its primary source). Its id is derived from its primary
source's path, so a report keeps its id while that file stays; each path is in
at most one report, so ids never collide. Dated versions of one law are
separate reports sharing a ``version_key``.

``Catalog`` is the in-memory map an ingest plans against and keeps up to date
as it commits; ``Change`` is what one set of path moves does to stored reports.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Iterable

from whoosh.index import Index

_DATED_NAME = re.compile(r"^(?P<name>.+?)\s*[(（]\d{4}-\d{2}-\d{2}[)）]$")


def report_id(source: str) -> str:
    """The id of the report whose primary source is the path ``source``."""
    return hashlib.sha1(os.fsencode(source)).hexdigest()[:12]


def path_key(path: str) -> str:
    """The term a report is found by for one of its source paths (any bytes, any name)."""
    return hashlib.sha1(os.fsencode(path)).hexdigest()


def display_path(path: str) -> str:
    """``path`` as valid text: bytes that are not UTF-8 in a file name become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def version_key(path: str) -> str | None:
    """The key shared by dated versions of one law: its file name without the date.

    ``行政复议法(2017-09-01).md`` and ``行政复议法(2023-09-01).md`` share ``行政复议法``;
    a file name without such a date has no key.
    """
    match = _DATED_NAME.match(PurePath(path).stem)
    return display_path(match["name"]) if match else None


@dataclass
class Record:
    """One stored report as the catalog sees it."""

    id: str
    sha256: str
    sources: list[str]

    @property
    def version_key(self) -> str | None:
        return version_key(self.sources[0])

    def fields(self) -> dict[str, Any]:
        """The stored and indexed fields that say where the report comes from."""
        return {
            "id": self.id,
            "source": display_path(self.sources[0]),
            "sources": list(self.sources),
            "source_key": [path_key(path) for path in self.sources],
            "version_key": self.version_key,
        }


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

    @classmethod
    def load(cls, index: Index) -> Catalog:
        """The catalog of ``index`` (indexes from before ``sources`` included)."""
        with index.reader() as reader:
            return cls(
                Record(stored["id"], stored["sha256"], list(stored.get("sources") or [stored["source"]]))
                for stored in reader.all_stored_fields()
            )

    def _put(self, record: Record) -> None:
        self.records[record.id] = record
        self.by_sha[record.sha256] = record.id
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
        """The report with content hash ``sha256``, if any."""
        record_id = self.by_sha.get(sha256)
        return self.records[record_id] if record_id else None

    def sources(self) -> list[str]:
        """Every source path of every report."""
        return sorted(self.by_path)

    def add(self, record: Record, change: Change) -> None:
        """Store the new report ``record``; its paths leave the reports they were in."""
        self.release(record.sources, change)
        self._put(record)

    def join(self, record_id: str, paths: list[str], change: Change) -> None:
        """Add ``paths`` (files identical to it) to the sources of report ``record_id``."""
        self.release(paths, change)
        record = self._drop(record_id)
        joined = Record(record.id, record.sha256, [*record.sources, *paths])
        self._put(joined)
        change.record(record.id, joined)

    def release(self, paths: Iterable[str], change: Change) -> None:
        """Take ``paths`` out of the reports they are in; a report left without any is deleted."""
        for path in paths:
            record_id = self.by_path.get(path)
            if record_id is None:
                continue
            record = self._drop(record_id)
            rest = [source for source in record.sources if source != path]
            moved = Record(report_id(rest[0]), record.sha256, rest) if rest else None
            if moved:
                self._put(moved)
            change.record(record_id, moved)
