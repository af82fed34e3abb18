"""The corpus sets, and the cleaned text every system is given.

The text of a document is what our ingest indexes: ``read_report`` of the file,
its title and then its paragraphs, one per line. It is written once to a JSON
lines file in the work dir (``docs.jsonl``), which is the plain scan's store and
the source of the query sets; the other baselines parse the files themselves
while they ingest, so that ingest throughput includes parsing for everyone.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import archive

SETS = ("reports", "full")
REPORT_PREFIXES = ("gwr_", "cpc_")


def default_corpus() -> Path:
    """``shared/corpus`` beside the project root."""
    return Path(archive.__file__).resolve().parents[2] / "shared" / "corpus"


def select_files(corpus: Path, which: str, limit: int | None = None, seed: int = 0) -> list[Path]:
    """The report files of set ``which`` under ``corpus``, sorted; ``limit`` picks a
    fixed random sample of that many (for smoke runs)."""
    from archive.ingest.walk import iter_files

    if which not in SETS:
        raise ValueError(f"unknown set {which!r}; choose one of {', '.join(SETS)}")
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus not found at {corpus} (use --corpus)")
    # the source folders only: files at the top (MANIFEST.md) describe the corpus, they are not documents
    folders = sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    roots = folders if which == "full" else [p for p in folders if p.name.startswith(REPORT_PREFIXES)]
    files = sorted({Path(os.path.abspath(p)) for p in iter_files(roots)})
    if limit is not None and limit < len(files):
        files = sorted(random.Random(seed).sample(files, limit))
    return files


@dataclass
class Doc:
    """One document as the baselines see it: ``parts`` is the title, then the paragraphs."""

    ordinal: int
    path: str
    size: int  # bytes of the source file
    parts: list[str]
    year: int | None
    agency: str | None

    @property
    def text(self) -> str:
        return "\n".join(self.parts)


def cleaned(path: Path, data: bytes):
    """``(parts, year, agency)`` of a file, as our ingest reads it."""
    from archive.parsing.parse import read_report

    report = read_report(path, data)
    return [report.title, *(p.text for p in report.paragraphs)], report.year, report.agency


def write_docs(files: list[Path], out: Path) -> dict:
    """Parse ``files`` into ``out`` (JSON lines, one ``Doc`` each); failures are skipped."""
    failed = []
    count = 0
    with out.open("w", encoding="utf-8") as f:
        for path in files:
            data = path.read_bytes()
            try:
                parts, year, agency = cleaned(path, data)
            except (OSError, ValueError) as error:
                failed.append([str(path), str(error)])
                continue
            row = {"path": str(path), "size": len(data), "parts": parts, "year": year, "agency": agency}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return {"docs": count, "failed": failed}


def read_docs(path: Path) -> list[Doc]:
    return list(iter_docs(path))


def iter_docs(path: Path) -> Iterator[Doc]:
    with path.open(encoding="utf-8") as f:
        for ordinal, line in enumerate(f):
            row = json.loads(line)
            yield Doc(ordinal, row["path"], row["size"], row["parts"], row["year"], row["agency"])
