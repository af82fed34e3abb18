"""Finding the report files under the paths an ingest is given."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from archive.parsing.readers import SUPPORTED_SUFFIXES


def iter_files(paths: Iterable[Path], errors: list[tuple[str, str]] | None = None) -> Iterator[Path]:
    """The report files under ``paths``: files as given, folders walked recursively.

    In folders, hidden files, files starting with ``_`` (corpus index files) and
    unsupported types are passed over; symbolic links are followed, once each.
    A folder that cannot be listed is added to ``errors`` as ``(path, reason)``.
    """
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        seen: set[str] = set()

        def unreadable(error: OSError) -> None:
            if errors is not None:
                errors.append((os.path.abspath(error.filename or path), f"无法读取文件夹：{error.strerror}"))

        for folder, dirnames, filenames in os.walk(path, onerror=unreadable, followlinks=True):
            real = os.path.realpath(folder)
            if real in seen:  # a link back up the tree
                dirnames.clear()
                continue
            seen.add(real)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.startswith((".", "_")) and name.lower().endswith(SUPPORTED_SUFFIXES):
                    yield Path(folder) / name
