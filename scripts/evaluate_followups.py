"""Precision and recall of the follow-up verdicts against the hand-labelled pairs.

    python scripts/evaluate_followups.py [tests/data/followups.json] [--errors] [--finding] [--part=dev,tuning]

Without ``--part`` it scores the tuning parts only: the held-out part is scored once, with the
rules frozen, by naming it (``--part=held-out``), so that no run shows its errors by accident.

Each entry names two consecutive reports of one agency (paths under ../shared/corpus/), a
commitment of the first, the verdict a reader gives it (有下文 / 部分/在推进 / 未见下文) and the
evidence sentence of the second report (none for 未见下文). Both reports are parsed and labelled
as ingest does, and ``archive.audit.followup`` finds the commitment's candidates and judges them.
``--finding`` also prints how well the candidates alone are ordered, before any verdict.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.audit.followup import DONE, UNDER_WAY, VERDICTS, Candidates, FollowUp, candidates, judge
from archive.parsing.parse import read_report
from archive.statements.labels import COMMITMENT, Statement, extract_statements

DATA = ROOT / "tests" / "data" / "followups.json"
# tuning, tuning-2 … tuning-6: held-out parts once, each scored once and tuned on since (tests/data/README.md)
TUNING = ("dev", "tuning", "tuning-2", "tuning-3", "tuning-4", "tuning-5", "tuning-6")
PARTS = (*TUNING, "held-out", "all")
CORPUS = ROOT.parent / "shared" / "corpus"


def found(path: Path = DATA, parts: tuple[str, ...] = PARTS) -> list[tuple[dict[str, Any], Candidates]]:
    """Every labelled pair of ``parts`` with what the finder found of its commitment in the next
    report, before any verdict."""
    entries = [e for e in json.loads(path.read_text(encoding="utf-8")) if e["part"] in parts]
    reports: dict[str, list[Statement]] = {}

    def statements(name: str) -> list[Statement]:
        if name not in reports:
            file = CORPUS / name
            reports[name] = extract_statements(read_report(file, file.read_bytes()))
        return reports[name]

    by_pair: dict[tuple[str, str], dict[str, Candidates]] = {}
    for pair in {(e["previous"], e["next"]) for e in entries}:
        # every commitment of the earlier report, as the compare page judges them, with the
        # labelled sentences the labeller does not call one
        labelled = {e["commitment"] for e in entries if (e["previous"], e["next"]) == pair}
        promised = [s for s in statements(pair[0]) if s.kind == COMMITMENT or s.text in labelled]
        by_pair[pair] = {c.commitment.text: c for c in candidates(promised, statements(pair[1]))}
    return [(entry, by_pair[entry["previous"], entry["next"]][entry["commitment"]]) for entry in entries]


def judged(path: Path = DATA, parts: tuple[str, ...] = PARTS) -> list[tuple[dict[str, Any], FollowUp]]:
    """Every labelled pair of ``parts`` with the finder's follow-up of its commitment."""
    return [(entry, judge(held)) for entry, held in found(path, parts)]


def score(results: list[tuple[dict[str, Any], FollowUp]]) -> dict[str, dict[str, Any]]:
    """Per part (dev, held-out, all): precision and recall of each verdict, the share of verdicts
    right, and how often the evidence found is the labelled one (where there is one)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for entry, follow_up in results:
        for part in (entry["part"], "all"):
            c = counts[part]
            c["pairs"] += 1
            c["right"] += follow_up.verdict == entry["verdict"]
            c[f"gold {entry['verdict']}"] += 1
            c[f"said {follow_up.verdict}"] += 1
            c[f"both {entry['verdict']}"] += follow_up.verdict == entry["verdict"]
            if entry["evidence"]:
                c["with evidence"] += 1
                c["evidence found"] += follow_up.evidence is not None and follow_up.evidence.text == entry["evidence"]
                c["evidence among related"] += any(s.text == entry["evidence"] for s in follow_up.related)
    table = {}
    for part, c in counts.items():
        row: dict[str, Any] = {"pairs": c["pairs"], "accuracy": c["right"] / c["pairs"]}
        for verdict in VERDICTS:
            said, gold, both = c[f"said {verdict}"], c[f"gold {verdict}"], c[f"both {verdict}"]
            row[verdict] = {"precision": both / said if said else 0.0, "recall": both / gold if gold else 0.0, "pairs": gold}
        row["evidence"] = c["evidence found"] / c["with evidence"] if c["with evidence"] else 0.0
        row["evidence among related"] = c["evidence among related"] / c["with evidence"] if c["with evidence"] else 0.0
        table[part] = row
    return table


def finding(rows: list[tuple[dict[str, Any], Candidates]]) -> dict[str, dict[str, float]]:
    """Per part, how often the labelled evidence is the finder's first (and among its first three)
    candidate of its kind: among the reports of work for 有下文 (``done first``, ``done top 3``), among
    all candidates for 部分/在推进 (``under way first``, ``under way top 3``). This measures finding the
    evidence apart from the verdict, which can only be right with it."""
    hits: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for entry, held in rows:
        if entry["verdict"] == DONE:
            kind, ranked = "done", [m.statement.text for m in held.scored if m.reports]
        elif entry["verdict"] == UNDER_WAY:
            kind, ranked = "under way", [m.statement.text for m in held.scored]
        else:
            continue
        for part in (entry["part"], "all"):
            hits[part][f"{kind} first"].append(entry["evidence"] in ranked[:1])
            hits[part][f"{kind} top 3"].append(entry["evidence"] in ranked[:3])
    return {part: {name: sum(found) / len(found) for name, found in row.items()} for part, row in hits.items()}


def print_table(table: dict[str, dict[str, Any]]) -> None:
    print("| part | pairs | verdict right | " + " | ".join(f"{v} P / R (n)" for v in VERDICTS) + " | evidence found |")
    print("|---" * (4 + len(VERDICTS)) + "|")
    for part in [p for p in PARTS if p in table]:
        row = table[part]
        cells = [f"{row[v]['precision']:.2f} / {row[v]['recall']:.2f} ({row[v]['pairs']})" for v in VERDICTS]
        print(f"| {part} | {row['pairs']} | {row['accuracy']:.2f} | " + " | ".join(cells) + f" | {row['evidence']:.2f} |")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    chosen = next((a.split("=", 1)[1].split(",") for a in sys.argv[1:] if a.startswith("--part=")), TUNING)
    rows = found(Path(arguments[0]) if arguments else DATA, tuple(chosen))
    results = [(entry, judge(held)) for entry, held in rows]
    print_table(score(results))
    if "--finding" in sys.argv:
        table = finding(rows)
        columns = ("done first", "done top 3", "under way first", "under way top 3")
        print("\n| part | " + " | ".join(columns) + " |\n" + "|---" * (1 + len(columns)) + "|")
        for part in [p for p in PARTS if p in table]:
            print(f"| {part} | " + " | ".join(f"{table[part][c]:.2f}" for c in columns) + " |")
    if "--errors" in sys.argv:
        for entry, follow_up in results:
            if follow_up.verdict != entry["verdict"]:
                print(f"\n{entry['part']} {entry['verdict']} -> {follow_up.verdict} ({follow_up.score})  {entry['commitment'][:70]}")
                print(f"   gold: {(entry['evidence'] or '')[:80]}")
                print(f"   said: {follow_up.evidence.text[:80] if follow_up.evidence else ''}")
