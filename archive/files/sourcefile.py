"""One source file: its fingerprint, the report read from it, and the document stored for it."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from archive.ingest.catalog import Record, display_path, report_id
from archive.store.schema import to_document
from archive.model import Report
from archive.parsing.parse import parse_report
from archive.parsing.readers import read_text

MAX_FILE_BYTES = 200 * 1024 * 1024
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Fingerprint:
    """A file's content hash and size."""

    sha256: str
    size: int


def fingerprint(path: Path) -> Fingerprint:
    """Hash the file at ``path``. Raises ``OSError`` or ``ValueError`` with a clear reason."""
    with _open_regular(path) as file:
        digest = hashlib.sha256()
        size = 0
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return Fingerprint(digest.hexdigest(), size)


def read_source(path: Path) -> bytes:
    """The bytes of the file at ``path``; errors as ``fingerprint``."""
    with _open_regular(path) as file:
        return file.read()


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file of acceptable size.

    Opened without blocking, so that a FIFO or device does not hang the run before it is refused.
    """
    file = open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    info = os.fstat(file.fileno())
    if not stat.S_ISREG(info.st_mode):
        file.close()
        raise ValueError("不是普通文件 (not a regular file)")
    if info.st_size > MAX_FILE_BYTES:
        file.close()
        raise ValueError(f"文件过大：{info.st_size:,} 字节，上限 {MAX_FILE_BYTES:,} (file too large)")
    return file


def read_report(path: Path, data: bytes) -> Report:
    """Read, decode and parse ``data``, read from ``path``. Raises ``ValueError`` with a clear reason."""
    extracted = read_text(path, data)
    parsed = parse_report(extracted.text, path.name)
    parsed.ocr_pages = extracted.ocr_pages
    if not parsed.paragraphs:
        raise ValueError("文件中没有正文 (no body text)")
    source = os.path.abspath(path)
    return Report(
        **vars(parsed),
        id=report_id(source),
        source=display_path(source),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def report_document(report: Report, record: Record) -> dict[str, Any]:
    """The Whoosh document storing ``report`` as ``record`` (its id and every source path)."""
    return {**to_document(report), **record.fields()}


def failure_reason(error: BaseException) -> str:
    """The reason to show for a file that could not be ingested."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if isinstance(error, ValueError):
        return str(error)
    return f"内部错误 (internal error) {type(error).__name__}: {error}"
