"""The Python API: ``Archive(index_dir)`` ingests, searches and reads reports.

Everything above the library (the CLI, the web app) uses only this class and the names
``archive/__init__.py`` exports. It speaks to the index only through the store gateway
(``archive.store.gateway``): ``WhooshStore`` here, another engine's store later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import numpy as np

from archive.errors import OriginalUnavailable, UnreadableFile
from archive.files.source import display_path, read_source
from archive.model import Report
from archive.search import query as q
from archive.search.browse import Listing, browse
from archive.search.facets import FacetValue, facet_counts
from archive.search.matching import current_versions
from archive.search.run import MarkedReport, SearchResponse, mark_report, matching_documents, run_search
from archive.settings import Deadline, Settings, default_index_dir, default_seeds_dir
from archive.statements.labels import Statement
from archive.store.gateway import Snapshot, Store
from archive.store.index import WhooshStore
from archive.store.layout import StoredReport
from archive.text.dates import MAX_YEAR, MIN_YEAR
from archive.text.normalize import is_text

if TYPE_CHECKING:  # imported where used: a process that only searches need not load them (cold start)
    from archive.audit.views import Comparison, FigureRow, Series, Timeline
    from archive.ingest.check import Drift
    from archive.ingest.run import IngestSummary, Progress


@dataclass(frozen=True)
class OriginalFile:
    """A report's original file: its name (without its folder) and its bytes."""

    name: str
    data: bytes


class Archive:
    """A report archive whose index lives at ``index_dir`` (default: ``default_index_dir()``)."""

    def __init__(self, index_dir: Path | str | None = None, settings: Settings | None = None):
        self.index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
        self.settings = settings or Settings.from_env()
        self.store: Store = WhooshStore(self.index_dir, self.settings)

    @property
    def exists(self) -> bool:
        """Whether the archive has an index yet."""
        return self.store.exists

    def close(self) -> None:
        """Let go of the index's open files (also done when the archive is collected)."""
        self.store.close()

    # --- writing ---------------------------------------------------------------------

    def ingest(self, paths: Iterable[Path | str], progress: Progress | None = None, **options: Any) -> IngestSummary:
        """Add or replace the reports found under ``paths`` (files or folders).

        Options as ``archive.ingest.run.ingest``: ``prune``, ``dry_run``, ``wait``, ``workers``, ``batch``.
        """
        from archive.ingest.run import ingest

        return ingest(self.store, [Path(p) for p in paths], progress, settings=self.settings, **options)

    def rebuild(self, paths: Iterable[Path | str] | None = None, progress: Progress | None = None,
                **options: Any) -> IngestSummary:  # fmt: skip
        """Rebuild the index from its sources (or ``paths``) while searches go on; see ``archive.ingest.run.rebuild``."""
        from archive.ingest.run import rebuild

        chosen = None if paths is None else [Path(p) for p in paths]
        return rebuild(self.store, chosen, progress, settings=self.settings, **options)

    def ensure_built(self, progress: Progress | None = None) -> IngestSummary | None:
        """Build the index from ``seeds/`` if there is none yet; return that run's summary."""
        if self.exists:
            return None
        return self.ingest([default_seeds_dir()], progress)

    def remove(self, doc_id: str, wait: float = 0.0) -> bool:
        """Remove the report with ``doc_id``; ``False`` if there was none. Takes the write lock
        like an ingest (``IndexLocked`` if another writer holds it past ``wait`` seconds)."""
        with self.store.write(wait, create=False) as writer:
            return writer.remove(doc_id)

    def check(self, paths: Iterable[Path | str] = ()) -> Drift:
        """Compare the index with its source files, and with the files under ``paths``."""
        from archive.ingest.check import check

        return check(self._snapshot().records(), [Path(p) for p in paths])

    # --- searching -------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 10, page: int = 1, sort: str = "relevance",
               passages_per_result: int | None = None, facets: int | None = 0,
               exact: Mapping[str, str] | None = None, all_versions: bool = False,
               deadline: Deadline | None = None) -> SearchResponse:  # fmt: skip
        """Search with the query language (``archive.search.query``); with ``facets``, the
        response also counts the ``facets`` largest values (``None``: every value) of agency,
        year and type over every matching report, from the same match; ``exact``
        (``{"agency": …, "type": …}``) keeps only reports with exactly those facet values.
        Old versions of edited reports are left out unless ``all_versions``.
        Raises ``QueryError`` for a bad query; with ``deadline`` (a web request's budget),
        work past it raises ``TooLarge``."""
        return run_search(self._snapshot(), query, limit=limit, page=page, sort=sort, passages_per_result=passages_per_result,
                          facets=facets, exact=exact, all_versions=all_versions, settings=self.settings,
                          deadline=deadline)  # fmt: skip

    def count(self, query: str, all_versions: bool = False) -> int:
        """How many reports ``search`` finds for ``query``."""
        return len(matching_documents(self._snapshot(), query, all_versions))

    def facets(self, limit: int | None = 20) -> dict[str, list[FacetValue]]:
        """Facet counts over the whole archive's current versions (for the page before any
        search); ``None``: every value."""
        snapshot = self._snapshot()
        return facet_counts(snapshot, np.flatnonzero(current_versions(snapshot)), limit)

    def browse(self, *, agency: str = "", doc_type: str = "", years: tuple[int, int] | None = None,
               sort: str = "date", page: int = 1, limit: int = 20) -> Listing:  # fmt: skip
        """The reports of ``agency`` and ``doc_type`` (exactly, as a facet shows them) in the
        ``years`` range, a page at a time in ``sort`` order (``BROWSE_SORTS``), with facet
        counts over all of them (``archive.search.browse``). ``QueryError`` for a bad option."""
        return browse(self._snapshot(), agency=agency, doc_type=doc_type, years=years, sort=sort, page=page,
                      limit=limit, settings=self.settings)  # fmt: skip

    def original(self, doc_id: str) -> OriginalFile | None:
        """The file report ``doc_id`` was read from (the path the catalog recorded), or ``None``
        if there is no such report. Raises ``OriginalUnavailable`` if the file is gone, unreadable
        or no longer holds the ingested text."""
        stored = self._stored(doc_id)
        if stored is None:
            return None
        path = stored.sources[0]
        name = display_path(PurePath(path).name)
        try:
            data = read_source(Path(path), self.settings.max_file_bytes)
        except (OSError, UnreadableFile):
            raise OriginalUnavailable(f"原文件 {name} 已不在收录时的位置或无法读取 (the original file is gone or unreadable)") from None
        if hashlib.sha256(data).hexdigest() != stored.report.sha256:
            raise OriginalUnavailable(f"原文件 {name} 在收录后已被修改，请重新导入 (the original file changed since it was ingested)")
        return OriginalFile(name, data)

    def get(self, doc_id: str) -> Report | None:
        """The report with ``doc_id``, or ``None``."""
        stored = self._stored(doc_id)
        return stored.report if stored else None

    def read(self, doc_id: str, query: str = "") -> MarkedReport | None:
        """Report ``doc_id`` with every hit of ``query`` marked, as its page shows it (the
        trimmed and partial decisions are the search's, made for this report); ``None`` if
        there is no such report. A bad query raises ``QueryError``."""
        snapshot = self._snapshot()
        docnum = snapshot.find(doc_id) if is_text(doc_id) else None
        if docnum is None:
            return None
        return mark_report(snapshot, docnum, q.parse_query(query) if query.strip() else None)

    def statements(self, doc_id: str) -> list[Statement] | None:
        """Every body sentence of report ``doc_id`` with its label (figure, commitment, problem,
        other), in document order; ``None`` if there is no such report."""
        from archive.audit.views import report_statements

        stored = self._stored(doc_id)
        return report_statements(stored) if stored else None

    def figures(self, query: str, seconds: float | None = None) -> list[FigureRow]:
        """The figures table of ``query``: every figure whose sentence matches it (``archive.audit``).
        With ``seconds``, work past that raises ``TooLarge`` (a web request's budget)."""
        from archive.audit.views import figure_rows

        deadline = Deadline(seconds, "此数据表涉及的报告过多，请缩小检索范围：加上年度、机构或更具体的词")
        return figure_rows(self._snapshot(), query, self.settings.max_figure_reports, deadline)

    def series(self, agency: str, item: str, seconds: float | None = None) -> Series:
        """The figures of ``agency`` (any variant of its name) that count ``item``, year by year.
        With ``seconds``, work past that raises ``TooLarge`` (a web request's budget)."""
        from archive.audit.views import figure_series

        deadline = Deadline(seconds, "此机构的报告过多，请缩小范围：在数据表中加上年度检索该计数对象")
        return figure_series(self._snapshot(), agency, item, deadline)

    def timeline(self, agency: str) -> Timeline:
        """The reports of ``agency`` (any variant of its name) by year."""
        from archive.audit.views import agency_timeline

        return agency_timeline(self._snapshot(), agency)

    def compare(self, doc_id: str, seconds: float | None = None) -> Comparison | None:
        """Report ``doc_id`` against the commitments of its agency's previous report. With
        ``seconds``, work past that raises ``TooLarge`` (a web request's budget)."""
        from archive.audit.views import compare_with_previous

        snapshot = self._snapshot()
        stored = self._stored(doc_id, snapshot)
        deadline = Deadline(seconds, "这两份报告的对比过大，请分别打开两份报告查看其中的承诺，"
                                     "或请管理员调高 REPORT_ARCHIVE_MAX_REQUEST_SECONDS")
        return compare_with_previous(snapshot, stored, deadline) if stored else None

    def current_version(self, doc_id: str) -> str | None:
        """The id of the current version of report ``doc_id``: its own, or, for an old version
        of an edited report, the id of the version that replaced it last; ``None`` if there
        is no such report."""
        snapshot = self._snapshot()
        stored = self._stored(doc_id, snapshot)
        seen = set()
        while stored is not None and stored.report.superseded_by and stored.id not in seen:
            seen.add(stored.id)
            successor = self._stored(stored.report.superseded_by, snapshot)
            if successor is None:
                break
            stored = successor
        return stored.id if stored else None

    def provenance(self, doc_id: str) -> dict[str, list[str]] | None:
        """Where report ``doc_id`` comes from: ``sources`` (every path holding its text; for an
        old version, the paths it was read from) and ``versions`` (ids of the other dated
        versions of the same law, oldest first)."""
        snapshot = self._snapshot()
        stored = self._stored(doc_id, snapshot)
        if stored is None:
            return None
        versions = []
        if stored.version_key:
            versions = [snapshot.report(int(d)).report for d in np.flatnonzero(snapshot.docs("version_key", stored.version_key))]
        versions.sort(key=lambda version: (version.date or "", version.id))
        return {
            "sources": [display_path(path) for path in stored.sources],
            "versions": [version.id for version in versions if version.id != doc_id],
        }

    def stats(self) -> dict[str, Any]:
        """Counts of the archive's contents and its size on disk."""
        snapshot = self._snapshot()
        years = snapshot.years[snapshot.live]
        years = years[(years >= MIN_YEAR) & (years <= MAX_YEAR)]
        return {
            "index": str(self.index_dir),
            "reports": int(np.count_nonzero(current_versions(snapshot))),
            "agencies": len(snapshot.lexicon("agency_key")),
            "types": list(snapshot.lexicon("type_key")),
            "years": [int(years.min()), int(years.max())] if len(years) else [],
            "index_bytes": self.store.size_on_disk(),
        }

    def _snapshot(self) -> Snapshot:
        return self.store.snapshot()

    def _stored(self, doc_id: str, snapshot: Snapshot | None = None) -> StoredReport | None:
        """The stored report ``doc_id``, or ``None`` (as for an id that is not even text)."""
        snapshot = snapshot or self._snapshot()
        docnum = snapshot.find(doc_id) if is_text(doc_id) else None
        return snapshot.report(docnum) if docnum is not None else None

