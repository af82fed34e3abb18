"""The compact stored form of a report's labelled statements.

Each labelled sentence is kept as (paragraph, start, end, kind code), compressed: the
texts are the paragraphs' own, so nothing is stored twice. ``kinds_present`` lists the
kinds a report has (indexed, so ``kind:problem`` finds the reports with problems); a
``kind:`` term is then checked in the kind's sentences (``kind_text``).
"""

from __future__ import annotations

import json
import zlib

from archive.model import Paragraph
from archive.statements.labels import KINDS, Statement
from archive.text.analysis import PARAGRAPH_BREAK
from archive.text.normalize import normalize

_CODES = {kind: kind[0] for kind in KINDS}  # figure -> f, commitment -> c, problem -> p
_KINDS_BY_CODE = {code: kind for kind, code in _CODES.items()}


def pack_statements(statements: list[Statement]) -> bytes:
    """``statements`` (each of a kind in ``KINDS``) in their stored form."""
    rows = [[s.paragraph, s.start, s.end, _CODES[s.kind]] for s in statements]
    return zlib.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8"))


def unpack_statements(blob: bytes, paragraphs: list[Paragraph]) -> list[Statement]:
    """The statements stored in ``blob``, over the report's ``paragraphs``."""
    return [_statement(paragraphs, *row) for row in json.loads(zlib.decompress(blob).decode("utf-8"))]


def kinds_present(statements: list[Statement]) -> str:
    """The kinds of ``statements``, space-separated in the order of ``KINDS``."""
    found = {s.kind for s in statements}
    return " ".join(kind for kind in KINDS if kind in found)


def kind_text(statements: list[Statement], kind: str) -> str:
    """The sentences of ``kind`` among ``statements``, normalized, one per line: a term found
    there lies inside one sentence of that kind."""
    return PARAGRAPH_BREAK.join(normalize(s.text) for s in statements if s.kind == kind)


def _statement(paragraphs: list[Paragraph], ordinal: int, start: int, end: int, code: str) -> Statement:
    paragraph = paragraphs[ordinal - 1]
    return Statement(paragraph.text[start:end], _KINDS_BY_CODE[code], ordinal, start, end, paragraph.section)
