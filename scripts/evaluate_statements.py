"""Precision and recall of the statement labeller against the hand-labelled sentences.

    python scripts/evaluate_statements.py [tests/data/statements.tsv] [--errors]
    python scripts/evaluate_statements.py tests/data/commitments.tsv [--errors]

Each row of the TSV names its source file (found under seeds/ or ../shared/corpus/),
a sentence and its gold label (in ``commitments.tsv`` only ``commitment`` or ``not``: the
commitment label alone is scored). The file is parsed as ingest parses it, and each gold
sentence is matched, in document order, to the labelled statement with the same text,
so labels are judged with the headings the sentence really sits under.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.parsing.parse import read_report
from archive.statements.labels import COMMITMENT, LABELS, extract_statements

DATA = ROOT / "tests" / "data" / "statements.tsv"
COMMITMENTS = ROOT / "tests" / "data" / "commitments.tsv"
NOT_COMMITMENT = "not"  # the gold label of commitments.tsv for any other kind
SEARCH_DIRS = (ROOT / "seeds", ROOT.parent / "shared" / "corpus")


@dataclass(frozen=True)
class Scored:
    source: str
    sentence: str
    gold: str
    predicted: str


def source_path(name: str) -> Path:
    """The file called ``name`` under seeds/ or the shared corpus."""
    for folder in SEARCH_DIRS:
        found = next(folder.rglob(name), None)
        if found:
            return found
    raise FileNotFoundError(name)


def score_rows(path: Path = DATA) -> list[Scored]:
    """Every gold row with the label the labeller gives it."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    by_source: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_source[row["source"]].append(row)
    scored = []
    for source, gold_rows in by_source.items():
        file = source_path(source)
        statements = extract_statements(read_report(file, file.read_bytes()))
        at = 0
        for row in gold_rows:
            while at < len(statements) and statements[at].text != row["sentence"]:
                at += 1
            if at == len(statements):
                raise ValueError(f"{source}: sentence not found in order: {row['sentence'][:40]}")
            scored.append(Scored(source, row["sentence"], row["label"], statements[at].kind))
            at += 1
    return scored


def precision_recall(scored: list[Scored]) -> dict[str, dict[str, float]]:
    """``{label: {precision, recall, f1, support}}`` for every label."""
    table = {}
    for label in LABELS:
        true_positive = sum(s.gold == label and s.predicted == label for s in scored)
        predicted = sum(s.predicted == label for s in scored)
        actual = sum(s.gold == label for s in scored)
        precision = true_positive / predicted if predicted else 1.0
        recall = true_positive / actual if actual else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = {"precision": precision, "recall": recall, "f1": f1, "support": actual}
    return table


def main(argv: list[str]) -> int:
    path = Path(next((a for a in argv if not a.startswith("--")), DATA))
    scored = score_rows(path)
    print(f"{len(scored)} sentences from {len({s.source for s in scored})} reports\n")
    print(f"{'label':<11} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    commitments_only = {s.gold for s in scored} <= {COMMITMENT, NOT_COMMITMENT}
    for label, row in precision_recall(scored).items():
        if commitments_only and label != COMMITMENT:
            continue
        print(f"{label:<11} {row['precision']:>9.3f} {row['recall']:>7.3f} {row['f1']:>6.3f} {row['support']:>8}")
    if "--errors" in argv:
        for s in scored:
            if s.gold != s.predicted and not (commitments_only and COMMITMENT not in (s.gold, s.predicted)):
                print(f"\n{s.gold} -> {s.predicted}  [{s.source[:20]}]\n  {s.sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
