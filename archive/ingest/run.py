"""Ingest: files → reports → index, on every core, committed batch by batch, bad files reported and skipped.

A run holds the write lock throughout (``archive.store.locking``) and goes:

1. **plan** (``archive.ingest.plan``): walk the paths, hash every file, and sort them
   into unchanged, new or changed contents to read, files identical to a stored
   report, and (with ``prune``) sources that are gone;
2. one commit for the identical files and the gone ones: stored reports gain
   or lose source paths;
3. the contents to read go out in batches, each read, parsed and indexed
   into a segment of its own by a worker process (``archive.store.segments``,
   ``archive.ingest.workers``); each finished batch is committed at once, together
   with the removal of the reports it replaces.

Each commit is atomic, so a run that dies leaves the index as of its last
commit, and running it again does the rest (files already committed are
unchanged by then).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from whoosh.index import Index

from archive.ingest.catalog import Catalog, Change
from archive.store.generations import new_generation, remove_stale, switch
from archive.store.schema import SCHEMA, IndexOutdated, check_current, open_folder, open_index
from archive.store.locking import IngestLocked, write_lock
from archive.ingest.plan import Job, Plan, make_plan
from archive.store.segments import commit, new_task, open_staging
from archive.files.sourcefile import read_report
from archive.files.walk import iter_files
from archive.ingest.workers import default_workers, run_tasks

# IngestLocked, iter_files and read_report are re-exported: callers import them from here.
__all__ = ["IndexOutdated", "IngestLocked", "IngestSummary", "Progress", "ingest", "iter_files", "read_report", "rebuild"]

# A batch is read into one segment of the index and committed on its own. Larger
# batches make fewer segments (a smaller index, faster to open and search: each
# segment repeats the terms it holds, and a query reads each segment's postings);
# smaller ones lose less work to a crash and keep the cores evenly busy at the end
# of a run. One batch per worker, up to these limits, measured best on the corpus.
BATCH_FILES = 5000  # files in a batch, at most
BATCH_BYTES = 64 * 1024 * 1024  # and bytes
MIN_BATCH_BYTES = 256 * 1024  # smaller batches are not worth a segment and a commit of their own


@dataclass
class IngestSummary:
    """What a run did (or, for a dry run, would do), path by path."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # sources gone from disk, taken out of the index
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path with the same content)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed

    def note(self, job: Job) -> None:
        """Count ``job``'s files as added or updated."""
        for path, outcome in job.outcomes.items():
            (self.added if outcome == "added" else self.updated).append(path)


class Progress:
    """Told what a run is doing; this one ignores it. The command line shows it."""

    def waiting(self, seconds: float) -> None:
        """Another process holds the write lock; this run waits up to ``seconds`` for it."""

    def start(self, plan: Plan) -> None:
        """The plan is made: ``sum(len(job.record.sources) for job in plan.jobs)`` files to read."""

    def file_done(self, path: str, outcome: str) -> None:
        """``path`` was read: ``added``, ``updated`` or ``failed: reason``."""

    def committed(self, reports: int) -> None:
        """A commit made ``reports`` more reports searchable."""


def ingest(
    root: Path,
    paths: Iterable[Path],
    progress: Progress | None = None,
    *,
    prune: bool = False,
    dry_run: bool = False,
    wait: float = 0.0,
    workers: int | None = None,
    batch: int = BATCH_FILES,
) -> IngestSummary:
    """Add or replace the reports under ``paths`` in the index at ``root``.

    ``prune`` also removes reports whose source files under ``paths`` are gone;
    ``dry_run`` only says what would change. ``wait`` is how many seconds to
    wait for another writer before raising ``IngestLocked``.
    """
    paths = [Path(path) for path in paths]
    if dry_run:
        index = open_index(root)
        catalog = Catalog.load(index) if index else Catalog()
        plan = make_plan(catalog, paths, prune)
        summary = _summary(plan, catalog, dry_run=True)
        for job in plan.jobs:
            summary.note(job)
        return summary
    progress = progress or Progress()
    with write_lock(root, wait, on_wait=progress.waiting) as index:
        check_current(index, root)
        return _run(index, paths, progress, prune, workers or default_workers(), batch)


def rebuild(
    root: Path,
    paths: Iterable[Path] | None = None,
    progress: Progress | None = None,
    *,
    wait: float = 0.0,
    workers: int | None = None,
    batch: int = BATCH_FILES,
) -> IngestSummary:
    """Rebuild the index at ``root`` from its source files (or from ``paths``) while searches go on.

    The new index is built in a new generation and made live in one step when
    complete; until then searches use the old one, and other writers wait.
    """
    progress = progress or Progress()
    with write_lock(root, wait, create=False, on_wait=progress.waiting) as live:
        if paths is None:
            paths = [Path(source) for source in Catalog.load(live).sources()]
        remove_stale(root)
        folder = new_generation(root, SCHEMA)
        index = open_folder(folder)
        summary = _run(index, list(paths), progress, False, workers or default_workers(), batch)
        switch(root, folder)
    return summary


def _run(index: Index, paths: list[Path], progress: Progress, prune: bool, workers: int, batch: int) -> IngestSummary:
    catalog = Catalog.load(index)
    plan = make_plan(catalog, paths, prune)
    summary = _summary(plan, catalog)
    progress.start(plan)
    change = Change()
    for record_id, new_paths in plan.joins.items():
        catalog.join(record_id, new_paths, change)
    catalog.release(plan.gone, change)
    if change:
        commit(index, change, [])
    staging = open_staging(index)
    try:
        batches = _batches(plan.jobs, batch, _batch_bytes(plan.jobs, workers))
        tasks = [new_task(staging, number, index.schema, jobs) for number, jobs in enumerate(batches)]
        for built in run_tasks(tasks, workers, progress.file_done):
            change = Change()
            for job in built.done:
                catalog.add(job.record, change)
                summary.note(job)
            if built.done:
                commit(index, change, [built])
                progress.committed(len(built.done))
            summary.failed.extend((path, reason) for job, reason in built.failed for path in job.record.sources)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return summary


def _summary(plan: Plan, catalog: Catalog, dry_run: bool = False) -> IngestSummary:
    """The summary of ``plan`` before any job is done: unchanged, identical, gone and unreadable files."""
    summary = IngestSummary(unchanged=list(plan.unchanged), failed=list(plan.failed), removed=list(plan.gone),
                            dry_run=dry_run)  # fmt: skip
    for job in plan.jobs:
        summary.duplicates.extend((path, job.path) for path in job.record.sources[1:])
    for record_id, paths in plan.joins.items():
        for path in paths:
            (summary.updated if catalog.record_of(path) else summary.added).append(path)
            summary.duplicates.append((path, catalog.records[record_id].sources[0]))
    return summary


def _batch_bytes(jobs: list[Job], workers: int) -> int:
    """Bytes per batch: ``BATCH_BYTES``, or less so that every worker gets a batch."""
    share = -(-sum(job.size for job in jobs) // workers)
    return max(min(BATCH_BYTES, share), MIN_BATCH_BYTES)


def _batches(jobs: list[Job], files: int, size: int) -> list[list[Job]]:
    """``jobs`` dealt into as few batches as hold at most ``files`` files and about ``size``
    bytes each, one job to each batch in turn: every batch gets the same mix of sources
    (laws, transcripts, reports cost differently per byte), so the workers finish together."""
    count = max(1, -(-len(jobs) // files), -(-sum(job.size for job in jobs) // size))
    return [batch for batch in (jobs[start::count] for start in range(count)) if batch]
