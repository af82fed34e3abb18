"""Checking an index against its source files: what has drifted since the last ingest."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from archive.errors import describe_failure
from archive.files.source import display_path, fingerprint
from archive.ingest.catalog import Catalog
from archive.ingest.walk import iter_files
from archive.model import Record


@dataclass
class Drift:
    """Differences between an index and the files on disk."""

    checked: int = 0  # source paths the index records
    missing: list[str] = field(default_factory=list)  # recorded, gone from disk
    changed: list[str] = field(default_factory=list)  # recorded, content differs from what is indexed
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # recorded, cannot be read: (path, reason)
    unindexed: list[str] = field(default_factory=list)  # under the paths checked, not in the index

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.unreadable or self.unindexed)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("missing", "changed", "unindexed"):
            data[key] = [display_path(path) for path in data[key]]
        data["unreadable"] = [{"path": display_path(path), "reason": reason} for path, reason in self.unreadable]
        data["ok"] = self.ok
        return data


def check(records: Iterable[Record], paths: Iterable[Path] = ()) -> Drift:
    """Compare every source the index ``records`` with its file, and list files under ``paths`` it lacks."""
    catalog = Catalog(records)
    drift = Drift(checked=len(catalog.by_path))
    for source in catalog.sources():
        if not os.path.exists(source):
            drift.missing.append(source)
            continue
        try:
            found = fingerprint(Path(source))
        except (OSError, ValueError) as error:
            drift.unreadable.append((source, describe_failure(error)))
            continue
        if found.sha256 != catalog.record_of(source).sha256:
            drift.changed.append(source)
    for path in iter_files([Path(os.path.abspath(p)) for p in paths], drift.unreadable):
        if str(path) not in catalog.by_path:
            drift.unindexed.append(str(path))
    return drift
