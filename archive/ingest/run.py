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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from archive.ingest.batches import Task
from archive.ingest.catalog import Catalog, Change
from archive.ingest.plan import Job, Plan, make_plan
from archive.ingest.workers import default_workers, run_tasks
from archive.settings import DEFAULTS, Settings
from archive.store.gateway import Store, Writer


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
    store: Store,
    paths: Iterable[Path],
    progress: Progress | None = None,
    *,
    prune: bool = False,
    dry_run: bool = False,
    wait: float = 0.0,
    workers: int | None = None,
    batch: int | None = None,
    settings: Settings = DEFAULTS,
) -> IngestSummary:
    """Add or replace the reports under ``paths`` in ``store``.

    ``prune`` also removes reports whose source files under ``paths`` are gone;
    ``dry_run`` only says what would change. ``wait`` is how many seconds to
    wait for another writer before raising ``IndexLocked``.
    """
    paths = [Path(path) for path in paths]
    if dry_run:
        catalog = Catalog(store.snapshot().records()) if store.exists else Catalog()
        plan = make_plan(catalog, paths, prune)
        summary = _summary(plan, catalog, dry_run=True)
        for job in plan.jobs:
            summary.note(job)
        return summary
    progress = progress or Progress()
    with store.write(wait, on_wait=progress.waiting) as writer:
        return _run(writer, paths, progress, prune, workers or default_workers(), batch, settings)


def rebuild(
    store: Store,
    paths: Iterable[Path] | None = None,
    progress: Progress | None = None,
    *,
    wait: float = 0.0,
    workers: int | None = None,
    batch: int | None = None,
    settings: Settings = DEFAULTS,
) -> IngestSummary:
    """Rebuild ``store`` from its source files (or from ``paths``) while searches go on.

    The new index is built in a new generation and made live in one step when
    complete; until then searches use the old one, and other writers wait.
    """
    progress = progress or Progress()
    with store.write(wait, create=False, on_wait=progress.waiting) as live:
        if paths is None:
            paths = [Path(source) for source in Catalog(live.records()).sources()]
        with live.fresh() as fresh:
            summary = _run(fresh, list(paths), progress, False, workers or default_workers(), batch, settings)
            fresh.make_live()
    return summary


def _run(writer: Writer, paths: list[Path], progress: Progress, prune: bool, workers: int, batch: int | None,
         settings: Settings) -> IngestSummary:  # fmt: skip
    catalog = Catalog(writer.records())
    plan = make_plan(catalog, paths, prune)
    summary = _summary(plan, catalog)
    progress.start(plan)
    change = Change()
    for record_id, new_paths in plan.joins.items():
        catalog.join(record_id, new_paths, change)
    catalog.release(plan.gone, change)
    if change:
        writer.commit(change.delete, change.rewrite, [])
    dealt = batches(plan.jobs, batch or settings.batch_files, _batch_bytes(plan.jobs, workers, settings))
    tasks = [Task(writer.batch(number), jobs, settings.max_file_bytes) for number, jobs in enumerate(dealt)]
    for result in run_tasks(tasks, workers, progress.file_done):
        change = Change()
        for job in result.done:
            catalog.add(job.record, change)
            summary.note(job)
        if result.built is not None:
            writer.commit(change.delete, change.rewrite, [result.built])
            progress.committed(len(result.done))
        summary.failed.extend((path, reason) for job, reason in result.failed for path in job.record.sources)
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


def _batch_bytes(jobs: list[Job], workers: int, settings: Settings) -> int:
    """Bytes per batch: the ``batch_bytes`` setting, or less so that every worker gets a batch."""
    share = -(-sum(job.size for job in jobs) // workers)
    return max(min(settings.batch_bytes, share), settings.min_batch_bytes)


def batches(jobs: list[Job], files: int, size: int) -> list[list[Job]]:
    """``jobs`` dealt into as few batches as hold at most ``files`` files and about ``size``
    bytes each, one job to each batch in turn: every batch gets the same mix of sources
    (laws, transcripts, reports cost differently per byte), so the workers finish together."""
    count = max(1, -(-len(jobs) // files), -(-sum(job.size for job in jobs) // size))
    return [batch for batch in (jobs[start::count] for start in range(count)) if batch]

