"""Draw a new round of sentences for the labelled figures (tests/data/figures.json), with the
parser's figures as the labeller's draft.

    python scripts/draw_figures.py PART SEED:COUNT:GLOB [SEED:COUNT:GLOB …] > draft.json

Each ``SEED:COUNT:GLOB`` draws, with its own seed, at most ``COUNT`` candidate sentences from
each document the glob (under ../shared/corpus/, or ``seeds/…``) names. A sentence is a candidate
(the rule of rounds 4–7, tests/data/README.md) when it has at most 160 characters, was never
drawn by any part (its text, normalized, against every sentence of the set) and, once dates,
ordinals, item numbers and codes are taken out, holds an Arabic number before a character or a
Chinese numeral before a unit. ``plan`` is the statement labeller's (a commitment), to be read by
hand like every figure.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.parsing.parse import read_report
from archive.statements.labels import COMMITMENT, extract_statements
from archive.text.normalize import normalize
from scripts.evaluate_figures import DATA, parsed

CORPUS = ROOT.parent / "shared" / "corpus"
MAX_CHARACTERS = 160
# What is taken out before looking for a number: dates, ordinals, item numbers, codes
_NOT_AMOUNTS = re.compile(
    r"\d{4}(?:[-—－~～至到]\d{2,4})?年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日|第[\d一二三四五六七八九十百]+"
    r"|^\s*[（(]?[\d一二三四五六七八九十]+[)）.、．]|[（(][\d一二三四五六七八九十]+[)）]|[a-z]+[\d.-]+[a-z\d]*|[\d.-]+[a-z]+"
)
_ARABIC = re.compile(r"\d[\u4e00-\u9fff%‰]")
_CHINESE = re.compile(r"[一二两三四五六七八九十百千万][零〇一二两三四五六七八九十百千万亿]*(?:个|项|件|次|人|名|家|条|种|年|倍|类|大|批|所|座|户|亿|万)")


def _key(text: str) -> str:
    """A sentence as compared with those drawn before: normalized, without spaces and punctuation."""
    return re.sub(r"[\W_]", "", normalize(text))


def candidate(text: str) -> bool:
    """Whether a body sentence may be drawn (see the module docstring)."""
    if len(text) > MAX_CHARACTERS:
        return False
    rest = _NOT_AMOUNTS.sub(" ", normalize(text))
    return bool(_ARABIC.search(rest) or _CHINESE.search(rest))


def draw(part: str, draws: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """The drafted entries of ``part``: for each (seed, count, glob), ``count`` candidates a document."""
    drawn = {_key(entry["sentence"]) for entry in json.loads(DATA.read_text(encoding="utf-8"))}
    entries = []
    for seed, count, pattern in draws:
        base = ROOT if pattern.startswith("seeds/") else CORPUS
        for file in sorted(base.glob(pattern)):
            statements = extract_statements(read_report(file, file.read_bytes()))
            pool, seen = [], set()
            for statement in statements:
                key = _key(statement.text)
                if candidate(statement.text) and key not in drawn and key not in seen:
                    pool.append(statement)
                    seen.add(key)
            chosen = random.Random(f"{seed}:{file.name}").sample(pool, min(count, len(pool)))
            for statement in chosen:
                drawn.add(_key(statement.text))
                plan = statement.kind == COMMITMENT
                figures = [
                    {key: figure[key] for key in ("written", "value", "high", "unit", "qualifier", "counted", "activity", "target")}
                    for figure in parsed(statement.text, plan)
                ]
                source = str(file.relative_to(ROOT if base == ROOT else ROOT.parent).as_posix())
                source = source if base == ROOT else "../" + source
                entries.append({"part": part, "source": source, "plan": plan, "sentence": statement.text, "figures": figures})
    return entries


if __name__ == "__main__":
    arguments = sys.argv[1:]
    rounds = [(int(seed), int(count), glob) for seed, count, glob in (a.split(":", 2) for a in arguments[1:])]
    json.dump(draw(arguments[0], rounds), sys.stdout, ensure_ascii=False, indent=1)
