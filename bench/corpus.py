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
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import archive

SETS = ("reports", "full", "4x")
REPORT_PREFIXES = ("gwr_", "cpc_")
COPIES = 4  # the 4x set: the full corpus and three changed copies of it


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
    roots = folders if which in ("full", "4x") else [p for p in folders if p.name.startswith(REPORT_PREFIXES)]
    files = sorted({Path(os.path.abspath(p)) for p in iter_files(roots)})
    if limit is not None and limit < len(files):
        files = sorted(random.Random(seed).sample(files, limit))
    return files


_DIGIT_RUN = re.compile(r"[0-9０-９]+")
_YEAR = re.compile(r"(?:19|20|１９|２０)[0-9０-９]{2}")


def _shift_digits(k: int):
    table = str.maketrans({**{str(d): str((d + k) % 10) for d in range(10)},
                           **{chr(0xFF10 + d): chr(0xFF10 + (d + k) % 10) for d in range(10)}})

    def shift(match: re.Match) -> str:
        run = match.group()
        return run if _YEAR.fullmatch(run) else run.translate(table)
    return shift


def changed_copy(text: str, k: int) -> str:
    """Copy ``k`` (1, 2, 3) of a file's text, different from the original and from the other
    copies yet of the same genre: every figure's digits shifted by ``k`` (``206次`` → ``317次``
    in copy 1) except four-digit years, so the year filters stay true; and the
    lines after the title rotated by ``k`` quarters, so each copy's paragraphs come in
    another order. Words and phrases stay as they are (a larger archive of the same
    agencies repeats their vocabulary: a word's result set grows with the copies, while
    a figure mostly stays in its own report); the title, with its year, stays first."""
    shifted = _DIGIT_RUN.sub(_shift_digits(k), text)
    lines = shifted.split("\n")
    head = next((i for i, line in enumerate(lines) if line.strip()), 0) + 1
    body = lines[head:]
    turn = k * len(body) // COPIES
    return "\n".join(lines[:head] + body[turn:] + body[:turn])


def write_copies(files: list[Path], corpus: Path, dest: Path) -> list[Path]:
    """The 4x set: ``files`` and, under ``dest/copy-K/``, copies 1–3 of each (``changed_copy``),
    at the same path relative to the corpus (so a copy keeps its source folder and name)."""
    out = list(files)
    for k in range(1, COPIES):
        for path in files:
            target = dest / f"copy-{k}" / path.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_bytes().decode("utf-8", errors="surrogateescape")
            target.write_bytes(changed_copy(text, k).encode("utf-8", errors="surrogateescape"))
            out.append(target)
    return out


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


def readable(files: list[Path], failed: list[list[str]]) -> Iterator[tuple[Path, int, tuple]]:
    """``(path, size, cleaned(path))`` of each of ``files`` that can be read and parsed; the
    others are added to ``failed`` as ``[path, error]`` (every system skips the same files)."""
    for path in files:
        try:
            data = path.read_bytes()
            parsed = cleaned(path, data)
        except (OSError, ValueError) as error:
            failed.append([str(path), str(error)])
            continue
        yield path, len(data), parsed


def write_docs(files: list[Path], out: Path) -> dict:
    """Parse ``files`` into ``out`` (JSON lines, one ``Doc`` each); failures are skipped."""
    failed = []
    count = 0
    with out.open("w", encoding="utf-8") as f:
        for path, size, (parts, year, agency) in readable(files, failed):
            row = {"path": str(path), "size": size, "parts": parts, "year": year, "agency": agency}
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
