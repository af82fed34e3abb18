"""Report Archive (报告检索库): full-text search of Chinese government reports."""

from .api import Archive
from .model import Paragraph, Report
from .query import QueryError
from .search import Hit, Passage, SearchResponse

__all__ = ["Archive", "Hit", "Paragraph", "Passage", "QueryError", "Report", "SearchResponse"]
