"""The numeral libraries the issue names, measured against the hand-written parsers on the labelled
figures (``tests/data/figures.json``, the tuned parts: every part but the held-out one).

    pip install cn2an jionlp     # into a throwaway environment: neither is a dependency of the archive
    python scripts/compare_numeral_libraries.py [tests/data/figures.json]

- ``cn2an`` (smart mode) in the place of the parser's own numeral reading
  (``archive.text.numerals.numeral_value``): the share of gold figures whose value the parser then
  reads right, against the parser's own, and the numerals cn2an refuses (each then a wrong value).
- ``jionlp.parse_money`` given each money amount (a gold figure in 元 or 美元) as written: the share
  it reads right (amount, the top of a range too, and currency) and the amounts it refuses, against
  the parser's value and unit of the same figures, found in the sentence.

Without the libraries it says what to install and exits 1.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from importlib import import_module
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.statements import figures
from archive.statements.figures import unit_family
from archive.text.numerals import CHINESE_DIGITS, numeral_value
from scripts.evaluate_figures import DATA, HELD_OUT, score

LIBRARIES = ("cn2an", "jionlp")
MONEY = ("元", "美元")


def tuned(path: Path) -> list[dict[str, Any]]:
    """The entries of the labelled set the rules were tuned on (the held-out part left out)."""
    return [e for e in json.loads(path.read_text(encoding="utf-8")) if e["part"] != HELD_OUT]


def value_share(path: Path, reading: Callable[[str], float]) -> float:
    """The share of the tuned parts' gold figures whose value the parser reads right with
    ``reading`` as its numeral reading."""
    saved = figures.numeral_value
    figures.numeral_value = reading
    try:
        return score(path=path, tuning=True)["all"]["value"]
    finally:
        figures.numeral_value = saved


def cn2an_reading(refused: Counter[str]) -> Callable[[str], float]:
    """``cn2an.cn2an(numeral, "smart")`` as the reading of every numeral written with a Chinese
    numeral character (``二十七``, ``2千``; a number in Arabic digits alone is the parser's
    ``float``, its commas, spaces and ``·`` of scraped text dropped: no numeral to read); a numeral
    cn2an refuses is counted in ``refused`` and read as NaN, so that its figure is wrong."""
    cn2an = import_module("cn2an")

    def reading(numeral: str) -> float:
        if not set(numeral) & set(CHINESE_DIGITS + "万亿"):
            return numeral_value(numeral)
        try:
            return float(cn2an.cn2an(numeral, "smart"))
        except ValueError:
            refused[numeral] += 1
            return math.nan

    return reading


def money_amounts(path: Path) -> list[dict[str, Any]]:
    """The tuned parts' gold figures of money, each with its sentence."""
    return [{**gold, "sentence": entry["sentence"], "plan": entry["plan"]} for entry in tuned(path)
            for gold in entry["figures"] if unit_family(gold["unit"])[0] in MONEY]  # fmt: skip


def in_base_unit(gold: dict[str, Any]) -> tuple[str, float, float | None]:
    """The currency of a gold amount, and its value and the top of its range in that currency."""
    base, factor = unit_family(gold["unit"])
    return base, round(gold["value"] * factor, 2), round(gold["high"] * factor, 2) if gold.get("high") else None


def jionlp_right(gold: dict[str, Any], refused: list[str]) -> bool:
    """Whether ``jionlp.parse_money`` reads the written amount of ``gold`` right: its amount (the low
    end of a range it gives, and the top where the gold has one) and its currency."""
    jionlp = import_module("jionlp")
    try:
        money = jionlp.parse_money(gold["written"])
    except Exception:  # (it raises ValueError and others for what it cannot read)
        money = None
    if not money or not money.get("num"):
        refused.append(gold["written"])
        return False
    amounts = money["num"] if isinstance(money["num"], list) else [money["num"]]
    currency, low, high = in_base_unit(gold)
    return (money["case"] == currency and round(float(amounts[0]), 2) == low
            and (high is None or round(float(amounts[-1]), 2) == high))  # fmt: skip


def parser_right(gold: dict[str, Any]) -> bool:
    """Whether the parser finds ``gold`` in its sentence with its value and unit right."""
    found = [f.to_dict() for f in figures.parse_figures(gold["sentence"], gold["plan"]) if f.written == gold["written"]]
    return any((f["value"], f.get("high"), f["unit"]) == (gold["value"], gold.get("high"), gold["unit"]) for f in found)


def main(path: Path) -> int:
    missing = [name for name in LIBRARIES if _absent(name)]
    if missing:
        print(f"{' and '.join(missing)} not installed: pip install {' '.join(missing)} (in a throwaway environment; "
              "neither is a dependency of the archive), then run this again.", file=sys.stderr)  # fmt: skip
        return 1
    refused: Counter[str] = Counter()
    ours, theirs = value_share(path, numeral_value), value_share(path, cn2an_reading(refused))
    print(f"cn2an {version('cn2an')} (smart mode) as the parser's numeral reading, value right: {theirs:.3f} "
          f"(the parser's own: {ours:.3f}); refused: {', '.join(f'{n} ×{c}' for n, c in refused.most_common()) or 'none'}")
    amounts = money_amounts(path)
    not_read: list[str] = []
    jionlp = sum(jionlp_right(gold, not_read) for gold in amounts) / len(amounts)
    parser = sum(parser_right(gold) for gold in amounts) / len(amounts)
    print(f"jionlp {version('jionlp')} parse_money given the written amount, {len(amounts)} money amounts, right "
          f"(amount and currency): {jionlp:.3f} (the parser, finding them in the sentence: {parser:.3f}); "
          f"refused {len(not_read)}: {'、'.join(not_read) or 'none'}")
    return 0


def _absent(name: str) -> bool:
    try:
        import_module(name)
    except ImportError:
        return True
    return False


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA))
