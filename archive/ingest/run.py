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

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from archive.errors import ChangeRefused
from archive.ingest.batches import OCR_PAGE, Task
from archive.ingest.catalog import Catalog, Change
from archive.ingest.plan import Job, Plan, make_plan, under
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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): left out on purpose (--no-ocr)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path with the same content)
    # (path, reason): reports a rebuild kept as stored, since their sources could not be read again
    kept: list[tuple[str, str]] = field(default_factory=list)
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

    def ocr_page(self, path: str) -> None:
        """OCR has read one more page of ``path`` (a scan takes seconds a page)."""

    def file_done(self, path: str, outcome: str) -> None:
        """``path`` was read: ``added``, ``updated`` or ``failed: reason``."""

    def committed(self, reports: int) -> None:
        """A commit made ``reports`` more reports searchable."""

    def folding(self, parts: int) -> None:
        """``parts`` parts of the index are being folded into one (searches go on meanwhile)."""


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
    yes: bool = False,
    settings: Settings = DEFAULTS,
) -> IngestSummary:
    """Add or replace the reports under ``paths`` in ``store``.

    ``prune`` also removes reports whose source files under ``paths`` are gone: it refuses
    (``ChangeRefused``) a folder that is missing or empty, and, unless ``yes``, a prune that
    would remove more than the ``prune_confirm_*`` share of the index. ``dry_run`` only says
    what would change. ``wait`` is how many seconds to wait for another writer before
    raising ``IndexLocked``.
    """
    paths = [Path(path) for path in paths]
    if dry_run:
        catalog = Catalog(store.snapshot().records()) if store.exists else Catalog()
        plan = make_plan(catalog, paths, prune)
        if prune:
            _check_prune(catalog, paths, plan, True, settings)
        summary = _summary(plan, catalog, dry_run=True)
        for job in plan.jobs:
            summary.note(job)
        return summary
    progress = progress or Progress()
    with store.write(wait, on_wait=progress.waiting) as writer:
        catalog = Catalog(writer.records())
        plan = make_plan(catalog, paths, prune)
        if prune:
            _check_prune(catalog, paths, plan, yes, settings)
        return _run(writer, catalog, plan, progress, workers or default_workers(), batch, settings)


def _check_prune(catalog: Catalog, paths: list[Path], plan: Plan, yes: bool, settings: Settings) -> None:
    """Refuse a prune that looks like a mistake (see ``ingest``). Only reports it would remove
    count: a folder emptied because its files moved elsewhere loses no report."""
    gone_paths = set(plan.gone)
    gone = [record for record in catalog.records.values() if gone_paths.issuperset(record.sources)]
    for path in paths:
        folder = os.path.abspath(path)
        lost_here = any(source.startswith(folder + os.sep) for record in gone for source in record.sources)
        if lost_here and not os.path.lexists(folder):
            raise ChangeRefused(
                f"文件夹 {folder} 不存在（共享盘未挂载？），不会删除其中的报告；请检查路径或挂载后再试 "
                f"(the folder does not exist: nothing pruned)"
            )
        if lost_here and os.path.isdir(folder) and not any(os.scandir(folder)):
            raise ChangeRefused(
                f"文件夹 {folder} 为空（共享盘未挂载？），不会删除其中的报告；请检查路径或挂载后再试 "
                f"(the folder is empty: nothing pruned)"
            )
    reports = len(catalog.records)
    if not yes and len(gone) > max(settings.prune_confirm_reports, reports * settings.prune_confirm_percent / 100):
        raise ChangeRefused(
            f"此次清理将删除 {len(gone):,} 篇报告（共 {reports:,} 篇，超过 {settings.prune_confirm_percent}%）；"
            f"先用 --dry-run 查看，确认无误后加 --yes 再运行 "
            f"(the prune would remove {len(gone):,} of {reports:,} reports: check with --dry-run, confirm with --yes)"
        )


def rebuild(
    store: Store,
    paths: Iterable[Path] | None = None,
    progress: Progress | None = None,
    *,
    wait: float = 0.0,
    workers: int | None = None,
    batch: int | None = None,
    only: bool = False,
    settings: Settings = DEFAULTS,
) -> IngestSummary:
    """Rebuild ``store`` from its source files (or from ``paths``) while searches go on.

    The new index is built in a new generation and made live in one step when complete;
    until then searches use the old one, and other writers wait. Old versions of edited
    reports are carried over as they are stored. A report none of whose sources can be read
    again (moved, deleted, now broken) is kept as stored too, and listed in ``kept``: a
    rebuild never loses a report. With ``paths``, the other reports are kept as they are,
    unless ``only`` (then the new index holds only what is under ``paths``).
    """
    progress = progress or Progress()
    with store.write(wait, create=False, on_wait=progress.waiting, outdated_ok=True) as live:
        stored = Catalog(live.records())
        chosen = [Path(source) for source in stored.sources()] if paths is None else [Path(p) for p in paths]
        with live.fresh() as fresh:
            catalog = Catalog()
            summary = _run(fresh, catalog, make_plan(catalog, chosen), progress, workers or default_workers(), batch,
                           settings)  # fmt: skip
            reasons = dict(summary.failed)
            built = {record.id for record in fresh.records()}
            kept = []
            for record in live.records():
                if record.superseded_by:  # an old version: its bytes are no longer on disk
                    if record.id not in built:
                        kept.append(record)
                    continue
                if any(catalog.record_of(source) for source in record.sources):
                    continue  # read again (under one of its paths at least)
                asked = paths is None or any(under(source, chosen) for source in record.sources)
                if only and not asked:
                    continue
                kept.append(record)
                if asked:
                    source = record.sources[0]
                    summary.kept.append((source, reasons.get(source, "源文件无法读取 (the source cannot be read)")))
            fresh.carry(live, kept)
            fresh.make_live()
    return summary


def _run(writer: Writer, catalog: Catalog, plan: Plan, progress: Progress, workers: int, batch: int | None,
         settings: Settings) -> IngestSummary:  # fmt: skip
    """Carry out ``plan``, made against ``catalog`` (what ``writer`` holds), which is kept up to date."""
    summary = _summary(plan, catalog)
    progress.start(plan)
    before = writer.parts()
    change = Change()
    for record_id, new_paths in plan.joins.items():
        catalog.join(record_id, new_paths, change)
    catalog.release(plan.gone, change)
    if change:
        writer.commit(change.delete, change.rewrite, [])
    dealt = batches(plan.jobs, batch or settings.batch_files, _batch_bytes(plan.jobs, workers, settings))
    tasks = [Task(writer.batch(number), jobs, settings) for number, jobs in enumerate(dealt)]
    for result in run_tasks(tasks, workers, _events_to(progress)):
        change = Change()
        for job in result.done:
            catalog.add(job.record, change)
            summary.note(job)
        if result.built is not None:
            writer.commit(change.delete, change.rewrite, [result.built])
            progress.committed(len(result.done))
        summary.failed.extend((path, reason) for job, reason in result.failed for path in job.record.sources)
        summary.skipped.extend((path, reason) for job, reason in result.skipped for path in job.record.sources)
    unstored = {path for path, _ in summary.failed + summary.skipped}  # (identical files that failed are not stored once)
    summary.duplicates = [(path, same) for path, same in summary.duplicates if path not in unstored]
    _fold(writer, writer.parts() - before, progress, workers, settings)
    return summary


def _fold(writer: Writer, added: int, progress: Progress, workers: int, settings: Settings) -> None:
    """Fold the ``added`` parts a run wrote into one (a bulk load: the fold costs a share of
    the run's own time, and every later query pays for each part), then, if the index is in
    more than ``settings.max_parts`` parts (runs of a file or two add up), all of them."""
    if added > 1:
        progress.folding(added)
        writer.fold(added, workers)
    parts = writer.parts()
    if parts > settings.max_parts:
        progress.folding(parts)
        writer.fold(None, workers)


def _events_to(progress: Progress) -> Callable[[str, str], None]:
    """The workers' events, as calls to ``progress``."""
    def event(path: str, outcome: str) -> None:
        if outcome == OCR_PAGE:
            progress.ocr_page(path)
        else:
            progress.file_done(path, outcome)

    return event


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

