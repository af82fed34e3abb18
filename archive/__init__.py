"""Report Archive (报告检索库): full-text search of Chinese government reports.

The public API, which the CLI and the web app use and nothing else: ``Archive`` and the data
it answers with, the errors it raises, and the settings it is made with.
"""

from typing import TYPE_CHECKING, Any

from archive.api import Archive, OriginalFile
from archive.errors import (
    ArchiveError, ChangeRefused, DiskFull, IndexDamaged, IndexLocked, IndexMissing, IndexOutdated, IndexProblem,
    NotFound, OriginalUnavailable, QueryError, TooLarge, UnreadableFile,
)  # fmt: skip
from archive.files.source import display_path
from archive.model import Paragraph, Report, ReportRef
from archive.parsing.sentences import sentence_spans
from archive.search.browse import BROWSE_SORTS, ListedReport, Listing
from archive.search.facets import FacetValue
from archive.search.query import MAX_QUERY_LENGTH
from archive.search.results import SECTION_SEPARATOR, Passage
from archive.search.run import SORTS, Hit, MarkedReport, Notice, SearchResponse
from archive.search.suggest import REASON_LABELS, Suggestion
from archive.settings import INDEX_ENV, Deadline, Settings, default_index_dir
from archive.statements.labels import KIND_NAMES, KINDS, LABELS, Statement
from archive.text.normalize import printable, visible
from archive.text.numerals import is_typed_number, not_typed_number

# Names of the stages a search does not need (audit, ingest, tables), imported on first use
# (PEP 562), so that ``from archive import Archive`` and a first search start quickly.
_LAZY = {
    "FIGURE_FIELDS": "archive.audit.views", "Comparison": "archive.audit.views", "FigureRow": "archive.audit.views",
    "Timeline": "archive.audit.views", "Series": "archive.audit.views", "SeriesPoint": "archive.audit.views",
    "VERDICTS": "archive.audit.followup", "FollowUp": "archive.audit.followup", "progress_for": "archive.ingest.progress", "IngestSummary": "archive.ingest.run",
    "Progress": "archive.ingest.run", "csv_text": "archive.tables",
}  # fmt: skip

if TYPE_CHECKING:
    from archive.audit.followup import VERDICTS, FollowUp
    from archive.audit.views import FIGURE_FIELDS, Comparison, FigureRow, Series, SeriesPoint, Timeline
    from archive.ingest.progress import progress_for
    from archive.ingest.run import IngestSummary, Progress
    from archive.tables import csv_text


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = globals()[name] = getattr(importlib.import_module(_LAZY[name]), name)
        return value
    raise AttributeError(f"module 'archive' has no attribute {name!r}")

__all__ = [
    "Archive", "ArchiveError", "BROWSE_SORTS", "ChangeRefused", "Comparison", "Deadline", "DiskFull", "FIGURE_FIELDS", "FacetValue", "FigureRow", "Hit", "INDEX_ENV",
    "IndexDamaged", "IndexLocked", "IndexMissing", "IndexOutdated", "IndexProblem", "IngestSummary", "KINDS",
    "KIND_NAMES", "LABELS", "ListedReport", "Listing", "MAX_QUERY_LENGTH", "MarkedReport", "NotFound", "Notice", "OriginalFile",
    "OriginalUnavailable", "Paragraph", "Passage", "Progress", "QueryError", "REASON_LABELS",
    "Report", "ReportRef", "SECTION_SEPARATOR", "SORTS", "SearchResponse", "Series", "SeriesPoint", "Settings",
    "Statement", "Suggestion", "Timeline", "TooLarge", "UnreadableFile", "VERDICTS", "FollowUp", "csv_text", "default_index_dir",
    "display_path", "is_typed_number", "not_typed_number", "printable", "progress_for", "sentence_spans", "visible",
]  # fmt: skip
