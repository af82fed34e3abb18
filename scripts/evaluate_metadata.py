"""Per-field accuracy of the metadata parser against the hand-labelled documents.

    python scripts/evaluate_metadata.py [tests/data/metadata.tsv] [--errors]

Each row of the TSV names a file (``seeds/…`` and ``tests/data/genre/…`` in this
repository, anything else under ``../shared/corpus/``), the part of the set it belongs
to (``tuning``, ``heldout`` or ``unseen`` for the corpus and the seed, ``genre`` for the small
documents written for the header styles the corpus lacks)
and the title, agency, year, date, type, region and 文号 a careful reader takes from
it (``none`` where the document does not say). The file is read and parsed as ingest
reads it; a field is right when the parser gives the same value (titles compared
without spaces), and ``none`` is right only when the parser gives nothing.
``--errors`` lists the wrong values of the tuning and genre parts (the held-out and unseen
parts are scored, never listed, so that rules are not fitted to them).
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.parsing.parse import read_report

DATA = ROOT / "tests" / "data" / "metadata.tsv"
CORPUS = ROOT.parent / "shared" / "corpus"
FIELDS = ("title", "agency", "year", "date", "type", "region", "doc_number")
PARTS = ("tuning", "heldout", "unseen", "genre")
_REPORT_FIELD = {"type": "doc_type"}


@dataclass(frozen=True)
class Scored:
    path: str
    part: str
    field: str
    gold: str
    predicted: str

    @property
    def right(self) -> bool:
        return _comparable(self.field, self.gold) == _comparable(self.field, self.predicted)


def _comparable(field: str, value: str) -> str:
    return re.sub(r"\s+", "", value) if field == "title" else value


def source_path(path: str) -> Path:
    """A labelled file's path: ``seeds/…`` and ``tests/…`` in this repository, else under the shared corpus."""
    return ROOT / path if path.startswith(("seeds/", "tests/")) else CORPUS / path


def read_rows(data: Path = DATA) -> list[dict[str, str]]:
    with data.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file, delimiter="\t"))


def score_rows(data: Path = DATA) -> list[Scored]:
    """Every labelled field of every row, with the value the parser gives."""
    scored = []
    for row in read_rows(data):
        file = source_path(row["path"])
        report = read_report(file, file.read_bytes())
        for field in FIELDS:
            value = getattr(report, _REPORT_FIELD.get(field, field))
            predicted = "none" if value is None else str(value)
            scored.append(Scored(row["path"], row["part"], field, row[field], predicted))
    return scored


def accuracy(scored: list[Scored]) -> dict[str, dict[str, float]]:
    """``{part: {field: share right}}``, with ``"all"`` for every document right in every field."""
    table: dict[str, dict[str, float]] = {}
    for part in PARTS:
        rows = [s for s in scored if s.part == part]
        table[part] = {
            field: sum(s.right for s in rows if s.field == field) / max(1, sum(s.field == field for s in rows))
            for field in FIELDS
        }
        paths = {s.path for s in rows}
        wrong = {s.path for s in rows if not s.right}
        table[part]["all"] = (len(paths) - len(wrong)) / max(1, len(paths))
    return table


def markdown_table(scored: list[Scored]) -> str:
    """The per-field table, one column per part, as the README quotes it."""
    table = accuracy(scored)
    counts = {part: len({s.path for s in scored if s.part == part}) for part in PARTS}
    lines = [
        "| field | " + " | ".join(f"{part} ({counts[part]} docs)" for part in PARTS) + " |",
        "| --- | " + " | ".join("---" for _ in PARTS) + " |",
    ]
    for field in (*FIELDS, "all"):
        lines.append(f"| {field} | " + " | ".join(f"{table[part][field]:.3f}" for part in PARTS) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    paths = [Path(arg) for arg in argv if not arg.startswith("--")]
    scored = score_rows(paths[0] if paths else DATA)
    print(markdown_table(scored))
    if "--errors" in argv:
        for s in scored:
            if s.part in ("tuning", "genre") and not s.right:
                print(f"{s.field}\t{s.path}\tgold={s.gold}\tgot={s.predicted}")


if __name__ == "__main__":
    main(sys.argv[1:])
