"""Known-item evaluation: does the first passage shown answer the query?

``tests/data/known_items.tsv`` holds queries typed the way auditors and agency staff type them
(figures, commitments, problems, facts, titles; partial phrases, a trailing 。, quotes, short
agency names, spaces), each with its target report and the text of its target paragraph
(``@title`` for the title line), and a ``split``: ``tune`` or ``heldout`` (reports never looked
at while ranking rules were changed).

Each query runs through the real ``Archive`` on a temporary index of the reports the set names
plus distractors of the same genres (every 2026 provincial report, the Pingtan reports, the seed).
The passages shown are read in order (the first result's passages, then the next result's, …);
the answering passage is one of the target report's passages whose text holds the target
paragraph's text (or, for ``@title``, a passage showing the title line). Reported per kind and
split: success@1 (the first passage shown answers), top-3, MRR@10 over the first ten passages
shown, and the report-level success@1.

    python -m bench.known_items [--index DIR] [--split tune|heldout] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SET_PATH = ROOT / "tests" / "data" / "known_items.tsv"
TITLE = "@title"
DEPTH = 10  # passages read for MRR
KINDS = ("figure", "commitment", "problem", "fact", "title")
DISTRACTORS = ("gwr_provincial_2026", "pingtan_zwgk_selected")


@dataclass(frozen=True)
class KnownItem:
    id: str
    split: str
    kind: str
    query: str
    report: str  # path under the corpus, or under the project for seeds/
    answer: str  # text of the target paragraph (a part of it), or TITLE
    paragraph: int  # the target paragraph's ordinal when the set was made (0 for the title)
    style: str


@dataclass(frozen=True)
class Outcome:
    item: KnownItem
    rank: int | None  # 1-based position of the first answering passage among those shown
    report_rank: int | None  # 1-based position of the target report among the results
    shown: str  # the first passage shown, for the error listing


def load(path: Path = SET_PATH) -> list[KnownItem]:
    """The known-item set."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [KnownItem(**{**row, "paragraph": int(row["paragraph"])}) for row in rows]


def source_path(item: KnownItem, corpus: Path = CORPUS) -> Path:
    return ROOT / item.report if item.report.startswith("seeds/") else corpus / item.report


def files_to_index(items: Iterable[KnownItem], corpus: Path = CORPUS) -> list[Path]:
    """The reports the set names plus the distractors, each once."""
    files = {source_path(item, corpus) for item in items}
    for folder in DISTRACTORS:
        files.update(p for p in (corpus / folder).rglob("*.txt") if not p.name.startswith("_"))
    files.update((ROOT / "seeds").glob("*.txt"))
    return sorted(files)


def _answers(item: KnownItem, hit: Any, passage: Any) -> bool:
    if item.answer == TITLE:
        return passage.paragraph == 0 or passage.text == hit.title
    return item.answer in passage.text


def evaluate(archive: Any, items: Iterable[KnownItem], corpus: Path = CORPUS) -> list[Outcome]:
    """Run every item's query through ``archive`` and find where its answer is shown."""
    outcomes = []
    for item in items:
        target = str(source_path(item, corpus).resolve())
        response = archive.search(item.query, limit=DEPTH)
        rank = report_rank = None
        position = 0
        first = ""
        for number, hit in enumerate(response.results, 1):
            is_target = str(Path(hit.source).resolve()) == target
            if is_target and report_rank is None:
                report_rank = number
            for passage in hit.passages:
                position += 1
                first = first or f"{hit.title} ¶{passage.paragraph}: {passage.text[:60]}"
                if rank is None and is_target and _answers(item, hit, passage):
                    rank = position
        outcomes.append(Outcome(item, rank, report_rank, first))
    return outcomes


@dataclass(frozen=True)
class Scores:
    count: int
    success_at_1: float
    top_3: float
    mrr_at_10: float
    report_at_1: float

    def row(self, name: str) -> str:
        return (f"| {name} | {self.count} | {self.success_at_1:.3f} | {self.top_3:.3f} | "
                f"{self.mrr_at_10:.3f} | {self.report_at_1:.3f} |")


def scores(outcomes: list[Outcome]) -> Scores:
    n = len(outcomes) or 1
    return Scores(
        count=len(outcomes),
        success_at_1=sum(o.rank == 1 for o in outcomes) / n,
        top_3=sum(o.rank is not None and o.rank <= 3 for o in outcomes) / n,
        mrr_at_10=sum(1 / o.rank for o in outcomes if o.rank is not None and o.rank <= DEPTH) / n,
        report_at_1=sum(o.report_rank == 1 for o in outcomes) / n,
    )


def table(outcomes: list[Outcome]) -> str:
    """A Markdown table: every kind and split, and the totals."""
    lines = ["| queries | n | success@1 | top-3 | MRR@10 | report@1 |", "|---|---|---|---|---|---|"]
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.item.kind].append(outcome)
        groups[outcome.item.split].append(outcome)
    for name in (*KINDS, "tune", "heldout"):
        if groups.get(name):
            lines.append(scores(groups[name]).row(name))
    lines.append(scores(outcomes).row("**all**"))
    return "\n".join(lines)


def build_index(folder: Path, items: list[KnownItem], corpus: Path = CORPUS) -> Any:
    from archive import Archive

    archive = Archive(folder)
    summary = archive.ingest(files_to_index(items, corpus))
    if summary.failed:
        raise SystemExit(f"could not ingest: {summary.failed}")
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, help="reuse (or build) the index in DIR")
    parser.add_argument("--split", choices=("tune", "heldout"))
    parser.add_argument("--errors", action="store_true", help="list the queries not answered first")
    args = parser.parse_args(argv)
    items = load()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.index or Path(scratch)
        archive = build_index(folder, items)
        chosen = [item for item in items if args.split in (None, item.split)]
        outcomes = evaluate(archive, chosen)
    print(table(outcomes))
    if args.errors:
        for o in outcomes:
            if o.rank != 1:
                print(f"{o.item.id}\t{o.item.split}\t{o.item.kind}\t{o.item.query}\trank={o.rank}"
                      f"\treport={o.report_rank}\tfirst={o.shown}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
