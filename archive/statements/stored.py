"""How a report's statements are stored in the index.

``kinds`` lists the kinds of statement a report has (an indexed keyword, so ``kind:problem``
finds the reports with problems). A stored field, compressed: ``statements``, where each
labelled sentence is (paragraph, start, end, kind), for display with the labels given at
ingest, and for the exact pass of a ``kind:`` query (``archive.search.scope``), which checks the
terms in the kind's sentences. The index's postings are not grown: a ``kind:`` term is
looked up in the ``exact`` field, and the candidates are then checked.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from archive.text.analysis import PARAGRAPH_BREAK
from archive.model import Paragraph, Report
from archive.text.normalize import normalize
from archive.statements.labels import KINDS, OTHER, Statement, extract_statements

_CODES = {kind: kind[0] for kind in KINDS}  # figure -> f, commitment -> c, problem -> p
_KINDS_BY_CODE = {code: kind for kind, code in _CODES.items()}


def statement_fields(report: Report) -> dict[str, Any]:
    """The index fields for ``report``'s statements (see the module docstring)."""
    statements = [s for s in extract_statements(report) if s.kind != OTHER]
    rows = [[s.paragraph, s.start, s.end, _CODES[s.kind]] for s in statements]
    found = {s.kind for s in statements}
    return {"kinds": " ".join(kind for kind in KINDS if kind in found), "statements": _pack(rows)}


def stored_statements(stored: dict[str, Any], report: Report) -> list[Statement]:
    """The labelled statements (figure, commitment, problem) of ``report``, read from its stored fields ``stored``."""
    return [_statement(report.paragraphs, *row) for row in _unpack(stored["statements"])]


def kind_text(statements: list[Statement], kind: str) -> str:
    """The sentences of ``kind`` among ``statements``, normalized, one per line: a term found
    there lies inside one sentence of that kind."""
    return PARAGRAPH_BREAK.join(normalize(s.text) for s in statements if s.kind == kind)


def _statement(paragraphs: list[Paragraph], ordinal: int, start: int, end: int, code: str) -> Statement:
    paragraph = paragraphs[ordinal - 1]
    return Statement(paragraph.text[start:end], _KINDS_BY_CODE[code], ordinal, start, end, paragraph.section)


def _pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def _unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode("utf-8"))
