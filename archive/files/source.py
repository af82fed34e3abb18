"""A source file: reading its bytes safely, its fingerprint, and the names a report is known by."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from archive.errors import UnreadableFile
from archive.settings import DEFAULTS

_CHUNK = 1 << 20
_DATED_NAME = re.compile(r"^(?P<name>.+?)\s*[(（]\d{4}-\d{2}-\d{2}[)）]$")


@dataclass(frozen=True)
class Fingerprint:
    """A file's content hash and size."""

    sha256: str
    size: int


def fingerprint(path: Path, max_bytes: int = DEFAULTS.max_file_bytes) -> Fingerprint:
    """Hash the file at ``path``. Raises ``OSError`` or ``UnreadableFile`` with a clear reason."""
    with _open_regular(path, max_bytes) as file:
        digest = hashlib.sha256()
        size = 0
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return Fingerprint(digest.hexdigest(), size)


def read_source(path: Path, max_bytes: int = DEFAULTS.max_file_bytes) -> bytes:
    """The bytes of the file at ``path``; errors as ``fingerprint``."""
    with _open_regular(path, max_bytes) as file:
        return file.read()


def _open_regular(path: Path, max_bytes: int) -> BinaryIO:
    """``path`` opened for reading if it is a regular file of acceptable size.

    Opened without blocking, so that a FIFO or device does not hang the run before it is refused.
    """
    file = open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    info = os.fstat(file.fileno())
    if not stat.S_ISREG(info.st_mode):
        file.close()
        raise UnreadableFile("不是普通文件 (not a regular file)")
    if info.st_size > max_bytes:
        file.close()
        raise UnreadableFile(f"文件过大：{info.st_size:,} 字节，上限 {max_bytes:,} (file too large)")
    return file


def report_id(sha256: str) -> str:
    """The id of the report whose file content has the SHA-256 ``sha256``: its first 12 hex
    digits. It depends on the bytes alone, so the same file ingested from another folder,
    or into an index rebuilt on another machine, has the same id."""
    return sha256[:12]


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
