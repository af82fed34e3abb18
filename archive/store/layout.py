"""How a report is laid out in the index: the document written for it, and the
``StoredReport`` read back. Only this module knows the stored fields and the layout of
the exact text (the title, then each paragraph, one per line)."""

from __future__ import annotations

import json
import struct
import sys
import zlib
from array import array
from dataclasses import dataclass, field
from collections.abc import Sequence
from functools import cached_property
from itertools import accumulate
from typing import Any, Callable, overload

from archive.files.source import display_path, path_key, version_key
from archive.model import Paragraph, Record, Report
from archive.parsing.structure import heading_title
from archive.statements.labels import OTHER, Statement
from archive.statements.stored import kinds_present, pack_statements, unpack_statements
from archive.store.schema import TEXT_ENCODING, pack, unpack
from archive.text.analysis import PARAGRAPH_BREAK
from archive.text.normalize import normalize


SUPERSEDED = "1"  # the ``superseded`` term of an old version (search leaves them out unless asked)


@dataclass
class StoredReport:
    """A report as the index holds it: the report, where it comes from, and its labelled
    statements (figure, commitment, problem), read lazily."""

    report: Report
    sources: list[str]
    version_key: str | None = None
    statement_rows: bytes = field(default=b"", repr=False)

    @cached_property
    def statements(self) -> list[Statement]:
        """The labelled statements, in document order, as labelled at ingest."""
        return unpack_statements(self.statement_rows, self.report.paragraphs) if self.statement_rows else []

    @property
    def id(self) -> str:
        return self.report.id


def exact_text(report: Report) -> str:
    """The normalized text matched exactly: the title, then each paragraph, one per line."""
    return PARAGRAPH_BREAK.join(normalize(text) for text in [report.title, *(p.text for p in report.paragraphs)])


def title_text(exact: str) -> str:
    """The normalized title of an ``exact_text``."""
    return exact.split(PARAGRAPH_BREAK, 1)[0]


def paragraph_texts(exact: str) -> list[str]:
    """The normalized paragraphs of an ``exact_text`` (without the title)."""
    return exact.split(PARAGRAPH_BREAK)[1:]


def to_document(report: Report, statements: list[Statement], record: Record) -> dict[str, Any]:
    """The index document for ``report`` with its labelled ``statements``, stored as ``record``."""
    # A run-in heading ("1、责任落实到位。始终坚持…") weighs up only its title;
    # its whole text is body text like any paragraph's.
    headings = [heading_title(p.text) or p.text for p in report.paragraphs if p.is_heading]
    paragraphs = [normalize(p.text) for p in report.paragraphs]
    title = normalize(report.title)
    exact = PARAGRAPH_BREAK.join([title, *paragraphs])
    labelled = [s for s in statements if s.kind != OTHER]
    document: dict[str, Any] = {
        "id": record.id,
        "source": display_path(record.sources[0]),
        "sources": list(record.sources),
        "source_key": [path_key(path) for path in record.sources],
        "version_key": version_key(record.sources[0]),
        "sha256": report.sha256,
        "exact": exact,
        "pairs": exact,
        "marked": exact,
        "title_words": title,
        "heading_words": normalize(PARAGRAPH_BREAK.join(headings)),
        "body_words": PARAGRAPH_BREAK.join(paragraphs),
        "title_key": title,
        "title": report.title,
        "agency": report.agency,
        "doc_type": report.doc_type,
        "region": report.region,
        "doc_number": report.doc_number,
        "ocr_pages": report.ocr_pages,
        "type_written": report.type_written,
        "source_url": report.source_url,
        "superseded_by": record.superseded_by,
        "date": report.date or "",
        "paragraphs": _pack_paragraphs(report.paragraphs),
        "kinds": kinds_present(labelled),
        "statements": pack_statements(labelled),
    }
    if report.agency:
        document["agency_key"] = normalize(report.agency)
    if report.doc_type:
        document["type_key"] = normalize(report.doc_type)
    if report.year is not None:
        document["year"] = report.year
    if record.superseded_by is not None:
        document["superseded"] = SUPERSEDED
    return document


def restored_document(stored: dict[str, Any], record: Record) -> dict[str, Any]:
    """The index document of a stored report, stored again as ``record`` (its sources moved)."""
    report = from_stored(stored).report
    return to_document(report, unpack_statements(stored["statements"], report.paragraphs), record)


def from_stored(stored: dict[str, Any]) -> StoredReport:
    """The ``StoredReport`` for a document's stored fields."""
    report = Report(
        id=stored["id"],
        source=stored["source"],
        sha256=stored["sha256"],
        title=stored["title"],
        agency=stored.get("agency"),
        year=stored.get("year"),
        date=stored.get("date") or None,
        doc_type=stored.get("doc_type"),
        region=stored.get("region"),
        doc_number=stored.get("doc_number"),
        ocr_pages=stored.get("ocr_pages") or 0,
        type_written=stored.get("type_written"),
        source_url=stored.get("source_url"),
        superseded_by=stored.get("superseded_by"),
        paragraphs=_unpack_paragraphs(stored["paragraphs"]),
    )
    return StoredReport(report, record_of(stored).sources, stored.get("version_key"), stored["statements"])


def record_of(stored: dict[str, Any]) -> Record:
    """The catalog record of a document's stored fields (indexes from before ``sources`` included)."""
    return Record(stored["id"], stored["sha256"], list(stored.get("sources") or [stored["source"]]),
                  stored.get("superseded_by"))  # fmt: skip


# The first byte of stored paragraphs: ``_ARRAYS`` (this version), ``_TABLE`` (a JSON table),
# ``_LZ4`` (JSON rows in LZ4) or 0x78 (JSON rows in zlib, a zlib stream's first byte): indexes of
# each are read.
_ARRAYS, _TABLE, _LZ4 = b"A", b"P", b"L"
_HEAD = struct.Struct("<I")


def heading_test(paragraphs: Sequence[Paragraph]) -> Callable[[int], bool]:
    """Whether paragraph ``index`` of ``paragraphs`` is a heading, asked without making a stored
    report's paragraph: a query's common words stand in hundreds of a long report's short
    paragraphs, and making each to ask was a third of ranking them (2–3 term queries)."""
    if isinstance(paragraphs, StoredParagraphs):
        return paragraphs.is_heading
    return lambda index: paragraphs[index].is_heading


def _pack_paragraphs(paragraphs: Sequence[Paragraph]) -> bytes:
    """The paragraphs in LZ4: their heading paths (each path once) in JSON, each paragraph's
    path number, then each one's heading level, then each one's length (in UTF-16 units), as
    one array of uint32, then all their texts run together (in ``TEXT_ENCODING``, as the exact
    texts are), each decoded when asked for. A result unpacks its report's paragraphs to show three of them: JSON rows of every
    paragraph's text and path took 0.15 ms a report to parse on the corpus; a JSON table of
    the numbers was still a tenth of a result's time for long reports, arrays read at once."""
    paths: dict[tuple[str, ...], int] = {}
    texts = [p.text.encode(TEXT_ENCODING) for p in paragraphs]
    numbers = array("I", [paths.setdefault(tuple(p.section), len(paths)) for p in paragraphs])
    numbers.extend(p.heading_level for p in paragraphs)
    numbers.extend(len(text) // 2 for text in texts)
    head = json.dumps([list(path) for path in paths], ensure_ascii=False).encode("utf-8")
    return _ARRAYS + pack(b"".join([_HEAD.pack(len(head)), head, _HEAD.pack(len(paragraphs)), _little(numbers).tobytes(), *texts]))


def _little(numbers: array) -> array:
    """``numbers`` in little-endian order, as the stored arrays are (in place)."""
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _unpack_paragraphs(blob: bytes) -> "StoredParagraphs":
    if blob[:1] == _ARRAYS:
        data = unpack(blob[1:])
        (size,) = _HEAD.unpack_from(data)
        paths = json.loads(data[_HEAD.size : _HEAD.size + size].decode("utf-8"))
        at = _HEAD.size + size
        (count,) = _HEAD.unpack_from(data, at)
        at += _HEAD.size
        numbers = array("I")
        numbers.frombytes(data[at : at + 3 * count * numbers.itemsize])
        numbers = _little(numbers)
        sections, levels, lengths = numbers[:count], numbers[count : 2 * count], numbers[2 * count :]
        return StoredParagraphs(data[at + 3 * count * numbers.itemsize :], lengths, sections, levels,
                                [tuple(path) for path in paths])  # fmt: skip
    if blob[:1] == _TABLE:
        data = unpack(blob[1:])
        (size,) = _HEAD.unpack_from(data)
        paths, sections, levels, lengths = json.loads(data[_HEAD.size : _HEAD.size + size].decode("utf-8"))
        return StoredParagraphs(data[_HEAD.size + size :].decode("utf-8"), lengths, sections, levels,
                                [tuple(path) for path in paths])  # fmt: skip
    rows = json.loads((unpack(blob[1:]) if blob[:1] == _LZ4 else zlib.decompress(blob)).decode("utf-8"))
    numbered: dict[tuple[str, ...], int] = {}
    sections = [numbered.setdefault(tuple(section), len(numbered)) for _, section, _ in rows]
    return StoredParagraphs("".join(row[0] for row in rows), [len(row[0]) for row in rows], sections,
                            [row[2] for row in rows], list(numbered))  # fmt: skip


class StoredParagraphs(Sequence[Paragraph]):
    """A stored report's paragraphs, each made a ``Paragraph`` when first asked for: a result
    shows three paragraphs of its report, and making every paragraph of the long ones took a
    third of unpacking a report (thousands of paragraphs, one object each). Their text, run
    together, is a str or its ``TEXT_ENCODING`` bytes (``lengths`` then in UTF-16 units), a
    paragraph's decoded when it is made: decoding a report's whole text was a fifth of
    unpacking it."""

    def __init__(self, text: str | bytes, lengths: list[int], sections: list[int], levels: list[int],
                 paths: list[tuple[str, ...]]):  # fmt: skip
        self._text = text  # every paragraph's text, run together
        self._width = 2 if isinstance(text, bytes) else 1  # (bytes: UTF-16, two a unit)
        self._starts = list(accumulate(lengths, initial=0))
        self._sections, self._levels, self._paths = sections, levels, paths
        self._made: list[Paragraph | None] = [None] * len(lengths)

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> Paragraph: ...
    @overload
    def __getitem__(self, index: slice) -> list[Paragraph]: ...

    def __getitem__(self, index: int | slice) -> Paragraph | list[Paragraph]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._made)))]
        paragraph = self._made[index]
        if paragraph is None:  # (two threads may both make it: equal values, either kept)
            index = range(len(self._made))[index]  # (a negative index counts from the end)
            text = self._text[self._width * self._starts[index] : self._width * self._starts[index + 1]]
            if self._width == 2:
                text = text.decode(TEXT_ENCODING)
            paragraph = Paragraph(text, self._paths[self._sections[index]], self._levels[index])
            self._made[index] = paragraph
        return paragraph

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def is_heading(self, index: int) -> bool:
        """Whether paragraph ``index`` is a heading, without making it."""
        return self._levels[index] > 0

    def text_length(self) -> int:
        """The characters of every paragraph's text (UTF-16 units), without making the paragraphs."""
        return len(self._text) // self._width
