"""Planning an ingest: which files are new, changed, identical to a stored report, or gone."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from archive.errors import describe_failure
from archive.files.source import fingerprint, report_id
from archive.ingest.catalog import Catalog
from archive.ingest.walk import iter_files
from archive.model import Record


@dataclass
class Job:
    """One content to read and index: its first source is read, the others are identical files."""

    record: Record
    size: int
    outcomes: dict[str, str]  # source path -> "added" or "updated"

    @property
    def path(self) -> str:
        return self.record.sources[0]


@dataclass
class Plan:
    """What an ingest will do, file by file."""

    jobs: list[Job] = field(default_factory=list)
    joins: dict[str, list[str]] = field(default_factory=dict)  # stored report id -> identical new paths
    gone: list[str] = field(default_factory=list)  # sources no longer on disk (removed with --prune)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def make_plan(catalog: Catalog, paths: Iterable[Path], prune: bool = False) -> Plan:
    """Plan the ingest of ``paths`` (files or folders) into the index ``catalog`` describes.

    With ``prune``, sources under ``paths`` that no longer exist are planned
    for removal (and a given path that does not exist is no error).
    """
    paths = [Path(os.path.abspath(path)) for path in paths]
    plan = Plan()
    new: dict[str, Job] = {}  # sha256 -> job reading that content
    for path in iter_files([p for p in paths if not prune or os.path.lexists(p)], plan.failed):
        source = str(path)
        try:
            found = fingerprint(path)
        except (OSError, ValueError) as error:
            plan.failed.append((source, describe_failure(error)))
            continue
        stored = catalog.record_of(source)
        if stored and stored.sha256 == found.sha256:
            plan.unchanged.append(source)
            continue
        outcome = "updated" if stored else "added"
        if found.sha256 in new:
            job = new[found.sha256]
            job.record.sources.append(source)
            job.outcomes[source] = outcome
        elif (same := catalog.record_with(found.sha256)) is not None:
            plan.joins.setdefault(same.id, []).append(source)
        else:
            record = Record(report_id(found.sha256), found.sha256, [source])
            new[found.sha256] = Job(record, found.size, {source: outcome})
    plan.jobs = list(new.values())
    if prune:
        plan.gone = [source for source in catalog.sources() if under(source, paths) and not os.path.exists(source)]
    return plan


def under(source: str, paths: list[Path]) -> bool:
    """Whether ``source`` is one of ``paths`` or in a folder among them (paths made absolute)."""
    paths = [Path(os.path.abspath(path)) for path in paths]
    return any(source == str(path) or source.startswith(str(path) + os.sep) for path in paths)
