"""Ingest: files → reports → index, one commit per run, bad files reported and skipped."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh.index import Index, LockError

from .decode import decode_text
from .index import to_document
from .model import Report
from .parse import parse_report

SUPPORTED_SUFFIXES = (".txt", ".md")


class IngestLocked(RuntimeError):
    """Another process is writing to the index."""


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    @property
    def ok(self) -> bool:
        return not self.failed


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The report files under ``paths``: files as given, folders walked recursively.

    In folders, hidden files, files starting with ``_`` (corpus index files) and
    unsupported types are passed over; symbolic links are followed, once each.
    """
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        seen: set[str] = set()
        for folder, dirnames, filenames in os.walk(path, followlinks=True):
            real = os.path.realpath(folder)
            if real in seen:  # a link back up the tree
                dirnames.clear()
                continue
            seen.add(real)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.startswith((".", "_")) and name.lower().endswith(SUPPORTED_SUFFIXES):
                    yield Path(folder) / name


def report_id(source: str) -> str:
    """A stable id for the report read from ``source`` (its absolute path)."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]


def read_report(path: Path, data: bytes) -> Report:
    """Decode and parse ``data``, read from ``path``. Raises ``ValueError`` with a clear reason."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ValueError(f"不支持的文件类型 {path.suffix or '(无扩展名)'}；支持：{', '.join(SUPPORTED_SUFFIXES)}")
    parsed = parse_report(decode_text(data), path.name)
    if not parsed.paragraphs:
        raise ValueError("文件中没有正文 (no body text)")
    source = os.path.abspath(path)
    return Report(
        **vars(parsed),
        id=report_id(source),
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def ingest(
    index: Index,
    paths: Iterable[Path],
    progress: Callable[[str, str], None] | None = None,
) -> IngestSummary:
    """Add or replace the reports under ``paths`` in ``index``, in one commit.

    ``progress(path, outcome)`` is called after each file. A file that cannot be
    read is recorded in the summary and skipped. If the run dies before its
    commit, the index keeps what it had.
    """
    try:
        writer = index.writer()
    except LockError:
        raise IngestLocked("另一个导入进程正在写入索引，请等它结束后再试。") from None
    summary = IngestSummary()
    try:
        with index.searcher() as searcher:
            for path in iter_files(paths):
                outcome = _ingest_one(writer, searcher, path, summary)
                if progress:
                    progress(str(path), outcome)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return summary


def _ingest_one(writer, searcher, path: Path, summary: IngestSummary) -> str:
    source = os.path.abspath(path)
    try:
        data = path.read_bytes()
        existing = searcher.document(id=report_id(source))
        if existing and existing["sha256"] == hashlib.sha256(data).hexdigest():
            summary.unchanged.append(source)
            return "unchanged"
        report = read_report(path, data)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        summary.failed.append((source, reason))
        return f"failed: {reason}"
    writer.update_document(**to_document(report))
    if existing:
        summary.updated.append(source)
        return "updated"
    summary.added.append(source)
    return "added"
