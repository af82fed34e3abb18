"""The browse view's request: which reports (agency, type, years exactly as the facets show
them), in which order, which page."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Mapping

from archive import Archive, Listing, QueryError

from .searching import read_integer, read_year

BROWSE_SORT_LABELS = {"date": "最新", "oldest": "最早", "title": "标题", "agency": "机构"}
BROWSE_LIMIT = 20
BROWSE_FILTER_LABELS = {"agency": "机构", "type": "类型", "year_from": "起始年度", "year_to": "截止年度"}


@dataclass(frozen=True)
class BrowseRequest:
    """``/documents?agency=…&type=…&year=…&sort=…&page=…&limit=…`` (``year`` is one year or
    ``2020-2024``; ``year_from`` / ``year_to`` give the ends of a range separately)."""

    agency: str = ""
    type: str = ""
    year_from: str = ""
    year_to: str = ""
    sort: str = "date"
    page: int = 1
    limit: int = BROWSE_LIMIT

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> BrowseRequest:
        """Read the query string; ``QueryError`` for a malformed number or year."""
        text = {name: args.get(name, "").strip() for name in ("agency", "type", "year_from", "year_to", "sort")}
        if year := args.get("year", "").strip():
            first, _, last = year.partition("-")
            text["year_from"], text["year_to"] = first.strip(), (last or first).strip()
        for name in ("year_from", "year_to"):
            if text[name]:
                read_year(text[name], 0)  # raises for anything but four digits
        if text["year_from"] and text["year_to"] and text["year_from"] > text["year_to"]:
            raise QueryError(f"起始年度 {text['year_from']} 晚于截止年度 {text['year_to']}。")
        return cls(
            **{name: value for name, value in text.items() if value},
            page=read_integer(args.get("page"), 1, "页码"),
            limit=read_integer(args.get("limit"), BROWSE_LIMIT, "每页条数"),
        )

    @property
    def filters(self) -> dict[str, str]:
        """The filters that are set, as ``{name: value}``."""
        return {name: getattr(self, name) for name in BROWSE_FILTER_LABELS if getattr(self, name)}

    @property
    def chosen(self) -> dict[str, str]:
        """The facet value each filter picks, to show it chosen (a year only when it is one year)."""
        chosen = {"agency": self.agency, "type": self.type}
        if self.year_from and self.year_from == self.year_to:
            chosen["year"] = self.year_from
        return chosen

    def params(self, **changes: Any) -> dict[str, Any]:
        """URL parameters for this listing with ``changes``, leaving out defaults."""
        changed = replace(self, **changes)
        default = BrowseRequest()
        return {name: value for name, value in asdict(changed).items() if value != getattr(default, name)}

    def search_params(self) -> dict[str, str]:
        """The search page's parameters for the same filters."""
        return self.filters

    def listing(self, archive: Archive) -> Listing:
        """The page of reports; ``QueryError`` for a bad sort, page or page size."""
        years = None
        if self.year_from or self.year_to:
            years = (int(self.year_from or archive.settings.min_year), int(self.year_to or archive.settings.max_year))
        return archive.browse(agency=self.agency, doc_type=self.type, years=years, sort=self.sort,
                              page=self.page, limit=self.limit)  # fmt: skip
