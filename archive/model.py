"""The data a report is made of, shared by every stage from ingest to the web."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a report body, or one heading.

    ``section`` is the heading path above it (outermost first); for a heading it
    is the path of its parents, so the heading's own text is not repeated.
    """

    text: str
    section: tuple[str, ...] = ()
    heading_level: int = 0  # 0 for body text, 1.. for headings (1 = outermost)

    @property
    def is_heading(self) -> bool:
        return self.heading_level > 0


@dataclass
class ParsedReport:
    """What the parser reads out of one file's text: metadata and structure."""

    title: str
    paragraphs: Sequence[Paragraph]  # a list as parsed; read back from the index, made one by one on use
    agency: str | None = None
    year: int | None = None  # the year reported on
    date: str | None = None  # publish date, ISO yyyy-mm-dd
    doc_type: str | None = None  # the facet value: one of archive.parsing.metadata.DOC_TYPES
    region: str | None = None
    doc_number: str | None = None  # 文号
    # The type as the title writes it (法治建设情况报告, 工作要点) where doc_type covers
    # several ways of writing it; else equal to doc_type.
    type_written: str | None = None
    source_url: str | None = None  # the original's address (原文链接, a page's URL), where the file gives it
    ocr_pages: int = 0  # pages whose text was read by OCR (0: the file had its text)


@dataclass
class Report(ParsedReport):
    """A parsed report as stored in the index."""

    id: str = ""
    source: str = ""
    sha256: str = ""
    superseded_by: str | None = None  # the id of the version that replaced this one (its file was edited)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON data: metadata and paragraphs with heading paths and levels
        (the shape of ``show --json`` and ``/api/documents/<id>``)."""
        return {
            "id": self.id, "title": self.title, "agency": self.agency, "year": self.year,
            "date": self.date, "type": self.doc_type, "region": self.region,
            "doc_number": self.doc_number, "type_written": self.type_written, "source": self.source,
            "source_url": self.source_url, "sha256": self.sha256, "superseded_by": self.superseded_by,
            "ocr_pages": self.ocr_pages,
            "paragraphs": [
                {"paragraph": i, "section": list(p.section), "heading_level": p.heading_level, "text": p.text}
                for i, p in enumerate(self.paragraphs, start=1)
            ],
        }  # fmt: skip


@dataclass
class Record:
    """Which files a stored report comes from: its id, content hash and every source path
    (identical files are stored once; the first path read is its primary source).

    A version whose file was edited keeps its record, with the paths it was read from,
    and ``superseded_by`` naming the version that replaced it."""

    id: str
    sha256: str
    sources: list[str]
    superseded_by: str | None = None


@dataclass
class ReportRef:
    """Which report: enough to list and link it."""

    id: str
    title: str
    agency: str | None
    year: int | None
    date: str | None
    type: str | None

    @classmethod
    def of(cls, report: Report, **more: Any) -> Self:
        """The reference to ``report``; ``more`` gives a subclass's own fields."""
        return cls(report.id, report.title, report.agency, report.year, report.date, report.doc_type, **more)
