"""How a report's statements are indexed and stored.

Each kind of statement has an exact field of its own (``exact_figure``, …) holding that
kind's sentences, normalized and joined with the paragraph break, so a phrase there
matches inside one sentence of that kind and never across two. ``kinds`` lists the kinds
a report has; ``statements`` stores where each labelled sentence is (paragraph, start,
end, kind), compressed, so display and search use the labels given at ingest.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from .analysis import PARAGRAPH_BREAK
from .model import Paragraph, Report
from .normalize import normalize
from .statements import KINDS, OTHER, Statement, extract_statements

_CODES = {kind: kind[0] for kind in KINDS}  # figure -> f, commitment -> c, problem -> p
_KINDS_BY_CODE = {code: kind for kind, code in _CODES.items()}


def exact_field(kind: str | None) -> str:
    """The exact-match field for ``kind``'s sentences, or the whole text's for None."""
    return "exact" if kind is None else f"exact_{kind}"


def statement_fields(report: Report) -> dict[str, Any]:
    """The index fields for ``report``'s statements (see the module docstring)."""
    statements = [s for s in extract_statements(report) if s.kind != OTHER]
    fields: dict[str, Any] = {
        exact_field(kind): PARAGRAPH_BREAK.join(normalize(s.text) for s in statements if s.kind == kind)
        for kind in KINDS
    }
    fields["kinds"] = " ".join(kind for kind in KINDS if fields[exact_field(kind)])
    rows = [[s.paragraph, s.start, s.end, _CODES[s.kind]] for s in statements]
    fields["statements"] = zlib.compress(json.dumps(rows).encode("ascii"))
    return fields


def stored_statements(stored: dict[str, Any], report: Report) -> list[Statement]:
    """The labelled statements (figure, commitment, problem) of ``report``, read from its
    stored fields ``stored``; labelled afresh if the index predates statements."""
    blob = stored.get("statements")
    if blob is None:
        return [s for s in extract_statements(report) if s.kind != OTHER]
    return [_statement(report.paragraphs, *row) for row in json.loads(zlib.decompress(blob))]


def _statement(paragraphs: list[Paragraph], ordinal: int, start: int, end: int, code: str) -> Statement:
    paragraph = paragraphs[ordinal - 1]
    return Statement(paragraph.text[start:end], _KINDS_BY_CODE[code], ordinal, start, end, paragraph.section)
