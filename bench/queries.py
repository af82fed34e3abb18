"""Query sets drawn with a fixed seed from the corpus text.

Every query carries what each system needs: ``text`` in our query language, and
for the baselines the literal ``terms`` (all required) and the metadata filter
(``years``, ``agency``) that they apply in code.

- ``literal``: 200 random substrings of a paragraph, 1–8 characters: Chinese
  only, digits only, or mixed (Chinese with digits or Latin letters).
- ``figures``: 100 number+unit phrases found by a regex (``检查206次``,
  ``16.97万元``, ``增长4.8%``), with 0–3 Chinese characters before the number.
- ``multi``: 100 queries of two or three jieba words of one paragraph.
- ``filters``: 50 queries, a word with ``year:`` (a year or a range around the
  document's year) or ``agency:`` (part of the document's agency).
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from dataclasses import asdict, dataclass, field

from .corpus import Doc

SIZES = {"literal": 200, "figures": 100, "multi": 100, "filters": 50}
SET_NAMES = tuple(SIZES)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_ONLY_CJK = re.compile(f"[{_CJK}]+")
_DIGITS = re.compile(r"[0-9０-９]+")
_ALNUM = re.compile(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ]")
_FIGURE = re.compile(
    r"(?<![0-9０-９.．])[0-9０-９]+(?:[.．][0-9０-９]+)?"
    r"(?:万|亿|千)?(?:平方米|公里|人次|元|次|个|家|件|人|项|宗|户|吨|亩|天|起|名|场|倍|条|所|批|辆|座|㎡|%|％)"
)
# Text the query language would read as syntax rather than as a literal.
_SYNTAX = re.compile(r'["\s]|^-|^(?:title|agency|type|year|date):|^(?:OR|AND|NOT)$')


@dataclass
class Query:
    set: str
    kind: str  # literal: chinese / digits / mixed; filters: year / agency; else = set
    text: str  # in our query language
    terms: list[str]  # literal strings, all required
    years: tuple[int, int] | None = None
    agency: str | None = None
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, row: dict) -> "Query":
        row = dict(row)
        if row.get("years"):
            row["years"] = tuple(row["years"])
        return cls(**row)


def matches(doc_text: str, doc: Doc, query: Query) -> bool:
    """The oracle: the plain scan's test of one document."""
    if query.years and not (doc.year is not None and query.years[0] <= doc.year <= query.years[1]):
        return False
    if query.agency and not (doc.agency and query.agency in doc.agency):
        return False
    return all(term in doc_text for term in query.terms)


class _Sampler:
    """Random paragraphs, chosen in proportion to their length (so uniformly over the text)."""

    def __init__(self, docs: list[Doc], rng: random.Random):
        self.rng = rng
        self.paragraphs = [(doc, text) for doc in docs for text in doc.parts[1:] if text.strip()]
        self.cumulative = list(itertools.accumulate(len(text) for _, text in self.paragraphs))

    def paragraph(self) -> tuple[Doc, str]:
        at = self.rng.randrange(self.cumulative[-1])
        return self.paragraphs[bisect.bisect_right(self.cumulative, at)]


def _usable(text: str) -> bool:
    return bool(text) and not _SYNTAX.search(text)


def _literal(sampler: _Sampler, kind: str, rng: random.Random) -> str | None:
    _, text = sampler.paragraph()
    length = rng.randint(1, 8)
    if kind == "digits":
        runs = [m for m in _DIGITS.finditer(text)]
        if not runs:
            return None
        run = rng.choice(runs)
        length = min(length, len(run.group()))
        start = rng.randint(run.start(), run.end() - length)
        return text[start : start + length]
    if kind == "mixed":
        spots = [m.start() for m in _ALNUM.finditer(text)]
        if not spots or length < 2:
            return None
        spot = rng.choice(spots)  # a window of `length` characters covering an alnum character
        start = rng.randint(max(0, spot - length + 1), min(spot, len(text) - length))
        candidate = text[start : start + length]
        if len(candidate) == length and _CJK_RE.search(candidate) and _ALNUM.search(candidate):
            return candidate
        return None
    if len(text) < length:
        return None
    start = rng.randrange(len(text) - length + 1)
    candidate = text[start : start + length]
    return candidate if _ONLY_CJK.fullmatch(candidate) else None


def _draw(make, count: int, seen: set[str], attempts: int = 20000) -> list:
    found = []
    for _ in range(attempts):
        if len(found) >= count:
            break
        query = make()
        if query is None or query.text in seen or not all(_usable(t) for t in query.terms):
            continue
        seen.add(query.text)
        found.append(query)
    return found


def _words(text: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut(text) if len(w) >= 2 and _ONLY_CJK.fullmatch(w)]


def generate(docs: list[Doc], seed: int = 20261129, cap: int | None = None) -> dict[str, list[Query]]:
    """The four query sets (each at most ``cap`` long when given)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    rng = random.Random(seed)
    sampler = _Sampler(docs, rng)
    size = {name: (n if cap is None else min(n, cap)) for name, n in SIZES.items()}
    seen: set[str] = set()
    sets: dict[str, list[Query]] = {}

    # literal substrings: half Chinese, a fifth digits, the rest mixed
    literal: list[Query] = []
    split = {"chinese": size["literal"] // 2, "digits": size["literal"] // 5}
    split["mixed"] = size["literal"] - split["chinese"] - split["digits"]
    for kind, count in split.items():
        def make(kind=kind):
            text = _literal(sampler, kind, rng)
            return Query("literal", kind, text, [text]) if text else None
        literal += _draw(make, count, seen)
    # if a kind is rare in a small slice, fill up with Chinese substrings
    literal += _draw(lambda: (lambda t: Query("literal", "chinese", t, [t]) if t else None)(
        _literal(sampler, "chinese", rng)), size["literal"] - len(literal), seen)
    sets["literal"] = literal

    # figure phrases
    figures = []
    for doc in docs:
        for text in doc.parts[1:]:
            for m in _FIGURE.finditer(text):
                figures.append((text, m.start(), m.end()))
    rng.shuffle(figures)
    picked: list[Query] = []
    for text, start, end in figures:
        if len(picked) >= size["figures"]:
            break
        before = 0
        while before < 3 and start - before > 0 and _CJK_RE.match(text[start - before - 1]):
            before += 1
        phrase = text[start - rng.randint(0, before) : end]
        if phrase in seen or not _usable(phrase):
            continue
        seen.add(phrase)
        picked.append(Query("figures", "figures", phrase, [phrase]))
    sets["figures"] = picked

    # two and three words of one paragraph
    def multi():
        _, text = sampler.paragraph()
        words = list(dict.fromkeys(_words(text)))
        k = rng.choice((2, 3))
        if len(words) < k:
            return None
        chosen = rng.sample(words, k)
        if any(a != b and a in b for a in chosen for b in chosen):
            return None
        return Query("multi", f"{k} terms", " ".join(chosen), chosen)
    sets["multi"] = _draw(multi, size["multi"], seen)

    # filters: a word with a year range or an agency
    with_year = [d for d in docs if d.year is not None and len(d.parts) > 1]
    with_agency = [d for d in docs if d.agency and _usable(d.agency.replace(" ", "")) and len(d.parts) > 1]

    def doc_word(doc: Doc) -> str | None:
        text = rng.choice(doc.parts[1:])
        words = _words(text[:2000])
        return rng.choice(words) if words else None

    def year_query():
        if not with_year:
            return None
        doc = rng.choice(with_year)
        word = doc_word(doc)
        if not word:
            return None
        if rng.random() < 0.3:
            low = high = doc.year
            spec = f"{low}"
        else:
            low, high = doc.year - rng.randint(0, 3), doc.year + rng.randint(0, 3)
            spec = f"{low}-{high}"
        return Query("filters", "year", f"{word} year:{spec}", [word], years=(low, high))

    def agency_query():
        if not with_agency:
            return None
        doc = rng.choice(with_agency)
        word = doc_word(doc)
        name = doc.agency.strip()
        if not word or not name:
            return None
        if len(name) > 2 and rng.random() < 0.6:  # a part of the name
            length = rng.randint(2, len(name))
            start = rng.randint(0, len(name) - length)
            name = name[start : start + length]
        if not _usable(name) or ":" in name:
            return None
        return Query("filters", "agency", f"agency:{name} {word}", [word], agency=name)

    half = size["filters"] // 2
    filters = _draw(agency_query, half, seen, attempts=2000)
    filters += _draw(year_query, size["filters"] - len(filters), seen)
    sets["filters"] = filters
    return sets
