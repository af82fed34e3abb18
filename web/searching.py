"""What the search page, the API and the exports share: reading a search from the
request, composing it into the core query language, and citing a paragraph."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Iterator, Mapping

from flask import url_for

from archive import Archive, Hit, QueryError, Report, SearchResponse, Settings

SORT_LABELS = {"relevance": "相关度", "date": "最新", "oldest": "最早"}
DEFAULT_LIMIT = 10
EXPORT_PASSAGES_PER_REPORT = 100_000  # every matching paragraph
FILTER_LABELS = {"agency": "机构", "type": "类型", "year_from": "起始年度", "year_to": "截止年度"}
FILTERS = tuple(FILTER_LABELS)
EXPORT_FIELDS = ("id", "title", "agency", "year", "date", "type", "section", "paragraph", "text", "link", "citation")


@dataclass(frozen=True)
class SearchRequest:
    """A search as given in the URL: the typed query, the filter controls and paging."""

    q: str = ""
    agency: str = ""
    type: str = ""
    year_from: str = ""
    year_to: str = ""
    sort: str = "relevance"
    page: int = 1
    limit: int = DEFAULT_LIMIT

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> SearchRequest:
        """Read the request's query string; ``QueryError`` for malformed numbers."""
        text = {name: args.get(name, "").strip() for name in ("q", "sort", *FILTERS)}
        return cls(
            **{name: value for name, value in text.items() if value},
            page=_integer(args.get("page"), 1, "页码"),
            limit=_integer(args.get("limit"), DEFAULT_LIMIT, "每页条数"),
        )

    @property
    def is_empty(self) -> bool:
        """Nothing to search for: no query and no filter."""
        return not (self.q or self.filters)

    @property
    def filters(self) -> dict[str, str]:
        """The filter controls that are set, as ``{name: value}``."""
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}

    @property
    def query(self) -> str:
        """The query in the core language: the typed query and the filters, all required."""
        parts = [f"( {self.q} )" if self.filters and any(c.isspace() for c in self.q) else self.q]
        for name in ("agency", "type"):
            if value := getattr(self, name).replace('"', ""):
                parts.append(f'{name}:"{value}"')
        if self.year_from or self.year_to:
            parts.append(f"year:{_year(self.year_from, Settings.min_year)}-{_year(self.year_to, Settings.max_year)}")
        return " ".join(part for part in parts if part)

    def params(self, **changes: Any) -> dict[str, Any]:
        """URL parameters for this search with ``changes``, leaving out defaults."""
        changed = replace(self, **changes)
        default = SearchRequest()
        return {name: value for name, value in asdict(changed).items() if value != getattr(default, name)}

    def search(self, archive: Archive, **options: Any) -> SearchResponse:
        """Run the search on ``archive``; ``QueryError`` for a bad query or option."""
        return archive.search(self.query, limit=self.limit, page=self.page, sort=self.sort, **options)


def _integer(value: str | None, default: int, label: str) -> int:
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{label}应为整数，而不是“{value}”。") from None


def _year(value: str, default: int) -> str:
    if not value:
        return str(default)
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise QueryError(f"年份应为四位数字，例如 2024，而不是“{value}”。")
    return value


def citation(report: Hit | Report, section: str, paragraph: int | None, link: str) -> str:
    """A citation of ``paragraph`` (or of the whole report if ``None``) of ``report``."""
    source = "".join(part for part in (report.agency, f"《{report.title}》") if part)
    place = f"第 {paragraph} 段" if paragraph else ""
    when = report.date or (str(report.year) if report.year else "")
    return "，".join(part for part in (source, when, section, place) if part) + f"。{link}"


def paragraph_url(doc_id: str, q: str, paragraph: int | None, external: bool = True) -> str:
    """The document page for ``doc_id`` with the hits of ``q`` marked, at ``paragraph`` if given."""
    anchor = f"p-{paragraph}" if paragraph else None
    return url_for("pages.document", doc_id=doc_id, q=q or None, _anchor=anchor, _external=external)


def export_rows(archive: Archive, form: SearchRequest) -> Iterator[dict[str, Any]]:
    """One row per matching paragraph of the first ``export_max_reports`` results (a setting), with its
    citation fields; a report without a matching paragraph (matched by its title or by
    filters alone) gives one row without one.
    """
    per_page = archive.settings.max_limit
    for page in range(1, archive.settings.export_max_reports // per_page + 1):
        response = replace(form, page=page, limit=per_page).search(
            archive, passages_per_result=EXPORT_PASSAGES_PER_REPORT
        )
        for hit in response.results:
            for passage in hit.passages or [None]:
                paragraph = passage.paragraph if passage else None
                section = passage.section if passage else ""
                url = paragraph_url(hit.id, form.q, paragraph)
                yield {
                    "id": hit.id, "title": hit.title, "agency": hit.agency, "year": hit.year, "date": hit.date,
                    "type": hit.type, "section": section, "paragraph": paragraph,
                    "text": passage.text if passage else "", "link": url,
                    "citation": citation(hit, section, paragraph, url),
                }
        if page * per_page >= response.total_documents:
            break
