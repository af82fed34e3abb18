"""The Python API: ``Archive(index_dir)`` ingests, searches and reads reports."""

from __future__ import annotations

import os
import threading
import time
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from whoosh.index import Index
from whoosh.searching import Searcher

from archive.audit.views import (
    Comparison, FigureRow, Timeline, agency_timeline, compare_with_previous, figure_rows, report_statements,
)
from archive.store.generations import live_dir
from archive.store.schema import check_current, from_stored, open_index
from archive.ingest.catalog import display_path
from archive.ingest.check import Drift, check
from archive.ingest.run import IngestSummary, Progress, ingest, rebuild
from archive.model import Report
from archive.text.normalize import is_text
from archive.search.run import SearchResponse, run_search
from archive.statements.labels import Statement

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
INDEX_ENV = "REPORT_ARCHIVE_INDEX"
OPEN_ATTEMPTS = 20


def default_index_dir() -> Path:
    """``$REPORT_ARCHIVE_INDEX`` if set, else ``index/`` at the project root."""
    return Path(os.environ.get(INDEX_ENV) or PROJECT_ROOT / "index")


class Archive:
    """A report archive stored in the Whoosh index at ``index_dir``."""

    def __init__(self, index_dir: Path | str | None = None):
        self.index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
        self._local = threading.local()  # each thread's searcher: Whoosh's file readers aren't thread-safe
        self._open: weakref.WeakSet[Searcher] = weakref.WeakSet()  # every live thread's, closed with the archive
        weakref.finalize(self, _close_all, self._open)

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """A searcher on the last commit.

        Kept open per thread and reopened only when a commit (or a rebuild's
        switch of generation) has landed since, so a query doesn't pay for
        opening the index. Opening is retried when a concurrent commit removes
        a segment file between reading the table of contents and the file.
        """
        folder, cached = getattr(self._local, "open", (None, None))
        if cached is None or folder != live_dir(self.index_dir) or not cached.up_to_date():
            if cached is not None:
                cached.close()
                self._open.discard(cached)
            self._local.open = folder, cached = live_dir(self.index_dir), self._open_searcher()
            self._open.add(cached)
        yield cached

    def _open_searcher(self) -> Searcher:
        attempts = 0
        while True:
            try:
                index = self._index()
                check_current(index, self.index_dir)
                return index.searcher()
            except FileNotFoundError:
                attempts += 1
                if attempts == OPEN_ATTEMPTS or not self.exists:
                    raise
                time.sleep(0.05)

    @property
    def exists(self) -> bool:
        return live_dir(self.index_dir) is not None

    def _index(self) -> Index:
        index = open_index(self.index_dir)
        if index is None:
            raise FileNotFoundError(f"索引不存在：{self.index_dir}（请先运行 report-archive ingest）")
        return index

    def ingest(self, paths: Iterable[Path | str], progress: Progress | None = None, **options: Any) -> IngestSummary:
        """Add or replace the reports found under ``paths`` (files or folders).

        Options as ``archive.ingest.run.ingest``: ``prune``, ``dry_run``, ``wait``, ``workers``, ``batch``.
        """
        return ingest(self.index_dir, [Path(p) for p in paths], progress, **options)

    def rebuild(self, paths: Iterable[Path | str] | None = None, progress: Progress | None = None,
                **options: Any) -> IngestSummary:  # fmt: skip
        """Rebuild the index from its sources (or ``paths``) while searches go on; see ``archive.ingest.run.rebuild``."""
        return rebuild(self.index_dir, None if paths is None else [Path(p) for p in paths], progress, **options)

    def check(self, paths: Iterable[Path | str] = ()) -> Drift:
        """Compare the index with its source files, and with the files under ``paths``."""
        return check(self._index(), [Path(p) for p in paths])

    def ensure_built(self, progress: Progress | None = None) -> IngestSummary | None:
        """Build the index from ``seeds/`` if there is none yet; return that run's summary."""
        if self.exists:
            return None
        return self.ingest([SEEDS_DIR], progress)

    def search(self, query: str, **options: Any) -> SearchResponse:
        """Search with the query language; options as ``archive.search.run.run_search``."""
        with self.searcher() as searcher:
            return run_search(searcher, query, **options)

    def get(self, doc_id: str) -> Report | None:
        """The report with ``doc_id``, or ``None``."""
        with self.searcher() as searcher:
            stored = _stored(searcher, doc_id)
        return from_stored(stored) if stored else None

    def statements(self, doc_id: str) -> list[Statement] | None:
        """Every body sentence of report ``doc_id`` with its label (figure, commitment, problem,
        other), in document order; ``None`` if there is no such report."""
        with self.searcher() as searcher:
            stored = _stored(searcher, doc_id)
            return report_statements(stored, from_stored(stored)) if stored else None

    def figures(self, query: str) -> list[FigureRow]:
        """The figures table of ``query``: every figure whose sentence matches it (``archive.audit.views``)."""
        with self.searcher() as searcher:
            return figure_rows(searcher, query)

    def timeline(self, agency: str) -> Timeline:
        """The reports of ``agency`` (any variant of its name) by year."""
        with self.searcher() as searcher:
            return agency_timeline(searcher, agency)

    def compare(self, doc_id: str) -> Comparison | None:
        """Report ``doc_id`` against the commitments of its agency's previous report."""
        with self.searcher() as searcher:
            stored = _stored(searcher, doc_id)
            return compare_with_previous(searcher, stored) if stored else None

    def provenance(self, doc_id: str) -> dict[str, list[str]] | None:
        """Where report ``doc_id`` comes from: ``sources`` (every path holding its text) and
        ``versions`` (ids of the other dated versions of the same law, oldest first)."""
        with self.searcher() as searcher:
            stored = _stored(searcher, doc_id)
            if stored is None:
                return None
            key = stored.get("version_key")
            versions = list(searcher.documents(version_key=key)) if key else []
        versions.sort(key=lambda version: (version.get("date") or "", version["id"]))
        return {
            "sources": [display_path(path) for path in stored.get("sources") or [stored["source"]]],
            "versions": [version["id"] for version in versions if version["id"] != doc_id],
        }

    def remove(self, doc_id: str) -> bool:
        """Remove the report with ``doc_id``; ``False`` if there was none."""
        if not is_text(doc_id):
            return False
        index = self._index()
        with index.writer() as writer:
            removed = writer.delete_by_term("id", doc_id)
        return removed > 0

    def stats(self) -> dict[str, Any]:
        """Counts of the archive's contents and its size on disk."""
        with self.searcher() as searcher:
            reader = searcher.reader()
            reports = reader.doc_count()
            # (an index without any segment yet has no columns)
            years = sorted({year for year in reader.column_reader("year") if year}) if reader.doc_count_all() else []
            types = sorted(term.decode("utf-8") for term in reader.lexicon("type_key"))
            agencies = sum(1 for _ in reader.lexicon("agency_key"))
        size = _folder_bytes(self.index_dir)
        return {
            "index": str(self.index_dir),
            "reports": reports,
            "agencies": agencies,
            "types": types,
            "years": [years[0], years[-1]] if years else [],
            "index_bytes": size,
        }


def _stored(searcher: Searcher, doc_id: str) -> dict[str, Any] | None:
    """The stored fields of report ``doc_id``, or ``None`` (as for an id that is not even text)."""
    return searcher.document(id=doc_id) if is_text(doc_id) else None


def _close_all(searchers: weakref.WeakSet[Searcher]) -> None:
    for searcher in list(searchers):
        searcher.close()


def _folder_bytes(root: Path) -> int:
    """The size of the files of the live index under ``root``. A file a concurrent commit
    removes meanwhile counts nothing; a generation a rebuild removes meanwhile, the next."""
    for _ in range(OPEN_ATTEMPTS):
        folder = live_dir(root)
        if folder is None:
            break
        size = 0
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        size += entry.stat().st_size if entry.is_file() else 0
                    except FileNotFoundError:
                        pass
        except FileNotFoundError:
            continue
        return size
    return 0
