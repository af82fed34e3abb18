"""Field-by-field accuracy of the figure parser against the hand-labelled figures.

    python scripts/evaluate_figures.py [tests/data/figures.json] [--errors[=FIELD]] [--tuning]

``--errors`` lists the figures wrong in any field (``--errors=counted``: in that one); ``--tuning``
leaves the held-out part out of the table and the list, so that rules are tuned without seeing it.

Each entry of the JSON holds a sentence from the corpus (``source``: its path under seeds/ or
../shared/corpus/), ``plan`` (whether the labeller puts it in a plan), the part it belongs to
(``dev``, ``tuning``, ``tuning-4``, ``tuning-4-reports``, ``tuning-5``, ``tuning-5-reports`` and
``tuning-6-reports``, tuned on; ``held-out-7``, the seventh round, scored once before and once after
the rules were changed) and its gold figures, each with the amount as ``written``,
``value``, ``high``, ``unit``, ``qualifier``, ``counted``, ``activity`` and ``target``.
A gold figure is matched to the parsed figure written the same way (the n-th occurrence to
the n-th); a gold figure not found is wrong in every field. Parsed figures that match no
gold figure are false positives (``precision``).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.statements.figures import parse_figures

DATA = ROOT / "tests" / "data" / "figures.json"
FIELDS = ("value", "unit", "qualifier", "value+unit+qualifier", "counted", "activity", "target")
PARTS = ("dev", "tuning", "tuning-4", "tuning-4-reports", "tuning-5", "tuning-5-reports", "tuning-6-reports", "held-out-7")
HELD_OUT = "held-out-7"
Parser = Callable[[str, bool], list[dict[str, Any]]]


def parsed(sentence: str, plan: bool) -> list[dict[str, Any]]:
    """The figures of ``sentence`` as the labelled set writes them."""
    return [figure.to_dict() for figure in parse_figures(sentence, plan)]


def _fields(figure: dict[str, Any]) -> dict[str, Any]:
    values = {key: figure.get(key) for key in ("value", "unit", "qualifier", "counted", "activity", "target")}
    values["value"] = (figure["value"], figure.get("high"))
    values["target"] = bool(figure.get("target"))
    values["value+unit+qualifier"] = (values["value"], values["unit"], values["qualifier"])
    return values


def score(
    parser: Parser = parsed, path: Path = DATA, errors: list[str] | None = None, only: str = "", tuning: bool = False
) -> dict[str, dict[str, float]]:
    """Per part (``PARTS``, and all): the share of gold figures right in each field, and the
    precision and recall of finding them; ``errors`` collects the figures wrong (in the field ``only``,
    or in any); ``tuning`` leaves the held-out part out."""
    right: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in json.loads(path.read_text(encoding="utf-8")):
        if tuning and entry["part"] == HELD_OUT:
            continue
        found = parser(entry["sentence"], entry["plan"])
        by_written: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for figure in found:
            by_written[figure["written"]].append(figure)
        seen: Counter[str] = Counter()
        for part in (entry["part"], "all"):
            right[part]["parsed"] += len(found)
            right[part]["gold"] += len(entry["figures"])
        for gold in entry["figures"]:
            index = seen[gold["written"]]
            seen[gold["written"]] += 1
            candidates = by_written.get(gold["written"], [])
            guess = _fields(candidates[index]) if index < len(candidates) else None
            want = _fields(gold)
            for part in (entry["part"], "all"):
                right[part]["found"] += guess is not None
                for field in FIELDS:
                    right[part][field] += guess is not None and guess[field] == want[field]
            if errors is not None:
                wrong = [f for f in FIELDS if guess is None or guess[f] != want[f]]
                if wrong and (not only or only in wrong):
                    errors.append(f"{entry['part']}\t{gold['written']}\t{wrong}\tgold={want}\tgot={guess}\t{entry['sentence'][:80]}")
    table = {}
    for part, counts in right.items():
        row = {field: counts[field] / counts["gold"] for field in FIELDS}
        row["recall"] = counts["found"] / counts["gold"]
        row["precision"] = counts["found"] / counts["parsed"] if counts["parsed"] else 0.0
        row["figures"] = counts["gold"]
        table[part] = row
    return table


def print_table(table: dict[str, dict[str, float]]) -> None:
    columns = ("figures", "precision", "recall", *FIELDS)
    print("| part | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for part in (part for part in (*PARTS, "all") if part in table):
        row = table[part]
        print(f"| {part} | {row['figures']} | " + " | ".join(f"{row[c]:.3f}" for c in columns[1:]) + " |")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    asked = next((a for a in sys.argv[1:] if a.split("=")[0] == "--errors"), None)
    collected: list[str] | None = [] if asked else None
    path = Path(arguments[0]) if arguments else DATA
    print_table(score(path=path, errors=collected, only=asked.partition("=")[2] if asked else "", tuning="--tuning" in sys.argv))
    for line in collected or []:
        print(line)
