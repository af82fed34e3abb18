"""Report Archive (报告检索库): full-text search of Chinese government reports."""

from archive.api import Archive
from archive.model import Paragraph, Report
from archive.search.query import QueryError
from archive.search.run import Hit, Passage, SearchResponse

__all__ = ["Archive", "Hit", "Paragraph", "Passage", "QueryError", "Report", "SearchResponse"]
