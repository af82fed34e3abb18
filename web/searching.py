"""What the search page, the API and the exports share: reading a search from the
request, composing it into the core query language, and citing a paragraph."""

from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import asdict, dataclass, replace
from datetime import date
from html import unescape
from pathlib import PurePath
from typing import Any, Iterator, Mapping

from flask import url_for

from archive import (
    Archive, Deadline, Hit, Passage, QueryError, Report, SearchResponse, Settings, is_typed_number, not_typed_number,
    sentence_spans, visible,
)

from .current import Paced, external_url

SORT_LABELS = {"relevance": "相关度", "date": "最新", "oldest": "最早"}
DEFAULT_LIMIT = 10
PAGE_SIZES = (10, 20, 50)  # offered on the pages; any size up to the max_limit setting is accepted
EXPORT_PASSAGES_PER_REPORT = 100_000  # every matching paragraph
# The filters: text boxes (part of a name) and, from a facet's link, a value exactly (``*_is``).
FILTER_LABELS = {"agency": "机构", "type": "类型", "agency_is": "机构", "type_is": "类型", "year_from": "起始年度", "year_to": "截止年度"}
FILTERS = tuple(FILTER_LABELS)
EXPORT_FIELDS = ("id", "title", "agency", "year", "date", "type", "section", "paragraph", "text", "link", "citation",
                 "citation_gbt")  # fmt: skip
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_DIGITS = 18  # a URL number longer than this is past every bound (and int() refuses 4,300 digits)


@dataclass(frozen=True)
class SearchRequest:
    """A search as given in the URL: the typed query, the filter controls and paging."""

    q: str = ""
    agency: str = ""
    type: str = ""
    agency_is: str = ""
    type_is: str = ""
    year_from: str = ""
    year_to: str = ""
    sort: str = "relevance"
    page: int = 1
    limit: int = DEFAULT_LIMIT
    versions: str = ""  # "all": also the old versions of edited reports

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> SearchRequest:
        """Read the request's query string; ``QueryError`` for malformed numbers.

        ``within`` (search within results, 二次检索) adds its terms to ``q``: both must match. A filter
        box holding only what shows nothing (``agency=%00``) is not set: it was asked as ``agency:``,
        whose message spoke of syntax the reader never typed."""
        text = {name: args.get(name, "").strip() for name in ("q", "sort", "versions")}
        text |= {name: visible(args.get(name, "")).strip() for name in FILTERS}
        text["q"] = all_of(text["q"], args.get("within", "").strip())
        if text["versions"] not in ("", "all"):
            raise QueryError(f"versions 只能是 all（连同已被修改的旧版本）或不写，而不是“{text['versions']}”。")
        return cls(
            **{name: value for name, value in text.items() if value},
            page=read_integer(args.get("page"), 1, "页码"),
            limit=read_integer(args.get("limit"), DEFAULT_LIMIT, "每页条数"),
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
        parts = [_grouped(self.q) if self.filters else self.q]
        for name in ("agency", "type"):
            if value := getattr(self, name).replace('"', ""):
                parts.append(f'{name}:"{value}"')
        if self.year_from or self.year_to:
            parts.append(f"year:{read_year(self.year_from, Settings.min_year)}-{read_year(self.year_to, Settings.max_year)}")
        return " ".join(part for part in parts if part)

    def params(self, **changes: Any) -> dict[str, Any]:
        """URL parameters for this search with ``changes``, leaving out defaults."""
        changed = replace(self, **changes)
        default = SearchRequest()
        return {name: value for name, value in asdict(changed).items() if value != getattr(default, name)}

    @property
    def exact(self) -> dict[str, str]:
        """The facet values the reports must have exactly (``Archive.search(exact=…)``)."""
        return {name: value for name, value in (("agency", self.agency_is), ("type", self.type_is)) if value}

    def search(self, archive: Archive, deadline: Deadline | None = None, **options: Any) -> SearchResponse:
        """Run the search on ``archive`` within ``deadline``, by default the request's pace
        (``Paced``: a long search takes a heavy slot); ``QueryError`` for a bad query or option."""
        with Paced() if deadline is None else nullcontext(deadline) as budget:
            return archive.search(self.query, limit=self.limit, page=self.page, sort=self.sort, exact=self.exact,
                                  all_versions=self.versions == "all", deadline=budget, **options)  # fmt: skip


def all_of(*queries: str) -> str:
    """The query that needs every one of ``queries`` (empty ones left out) to match."""
    given = [query for query in queries if query]
    return " ".join(_grouped(query) for query in given) if len(given) > 1 else "".join(given)


def _grouped(query: str) -> str:
    """``query`` as one operand: in parentheses if it has more than one term."""
    return f"( {query} )" if any(char.isspace() for char in query) else query


def read_integer(value: str | None, default: int, label: str) -> int:
    """The number of a URL parameter (``default`` if absent or empty), the one reading of every
    number a URL gives: ``QueryError`` naming ``label`` for one that is not ASCII digits
    (``is_typed_number``). The caller checks the number's bounds."""
    if not value:
        return default
    if not is_typed_number(value):
        raise QueryError(not_typed_number(value, label))
    digits = value.lstrip("0") or "0"
    return int(digits) if len(digits) <= MAX_DIGITS else 10**MAX_DIGITS  # (past every bound, which says so)


def read_year(value: str, default: int) -> str:
    """A four-digit year of a URL parameter (``default`` if empty); ``QueryError`` otherwise."""
    if not value:
        return str(default)
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise QueryError(f"年份应为四位数字，例如 2024，而不是“{value}”。")
    return value


def hit_sentence(passage: Passage, heading: bool = False) -> str:
    """What a citation of ``passage`` quotes: the sentence of its first hit, else its whole text."""
    start = passage.html.find("<mark>")
    if start < 0:
        return passage.text.strip()
    offset = len(unescape(passage.html[:start]))
    spans = sentence_spans(passage.text, heading)
    return next((passage.text[a:b] for a, b in spans if b > offset), passage.text.strip())


def citation(report: Hit | Report, section: str, paragraph: int | None, link: str, quote: str = "") -> str:
    """The working-paper citation of ``paragraph`` (or of the whole report if ``None``):
    ``机构《题名》（文号），发布日期，所在标题，第 N 段：“引文”。链接`` (文号 where known, the
    year without a date; the page swaps in the reader's selection for ``quote``)."""
    number = getattr(report, "doc_number", None)
    source = (report.agency or "") + f"《{report.title}》" + (f"（{number}）" if number else "")
    place = f"第 {paragraph} 段" if paragraph else ""
    when = report.date or (str(report.year) if report.year else "")
    return "，".join(part for part in (source, when, section, place) if part) + (f"：“{quote}”。" if quote else "。") + link


def gbt_citation(report: Hit | Report, link: str, cited: date | None = None) -> str:
    """GB/T 7714—2015 for a report online: ``发布机构. 题名: 文号[R/OL]. (发布日期)[引用日期]. 链接.``
    (the standard has no field for a quote, heading path or paragraph: ``link`` points at it)."""
    number = getattr(report, "doc_number", None)
    title = report.title + (f": {number}" if number else "") + "[R/OL]"
    published = f"({report.date})" if report.date and _ISO_DATE.fullmatch(report.date) else ""
    return ". ".join(part for part in (report.agency, title, f"{published}[{(cited or date.today()).isoformat()}]", link) if part) + "."


def file_name(source: str) -> str:
    """The file name of a report's source path: all that pages and public JSON show of it."""
    return PurePath(source.replace("\\", "/")).name


def paragraph_url(doc_id: str, q: str, paragraph: int | None, external: bool = True) -> str:
    """The document page for ``doc_id`` with the hits of ``q`` marked, at ``paragraph`` if given."""
    anchor = f"p-{paragraph}" if paragraph else None
    return (external_url if external else url_for)("pages.document", doc_id=doc_id, q=q or None, _anchor=anchor)


def export_rows(archive: Archive, form: SearchRequest) -> Iterator[dict[str, Any]]:
    """One row per matching paragraph of the first ``export_max_reports`` results (a setting), with its
    citation fields; a report without a matching paragraph (matched by its title or by
    filters alone) gives one row without one.
    """
    per_page = archive.settings.max_limit
    deadline = Deadline(archive.settings.max_request_seconds, "导出涉及的内容过多，请缩小检索范围：加上年度、机构或更具体的词")
    for page in range(1, archive.settings.export_max_reports // per_page + 1):
        response = replace(form, page=page, limit=per_page).search(
            archive, deadline, passages_per_result=EXPORT_PASSAGES_PER_REPORT
        )
        for hit in response.results:
            for passage in hit.passages or [None]:
                paragraph = passage.paragraph if passage and not passage.title else None  # (the title line: the report)
                section = passage.section if passage else ""
                url = paragraph_url(hit.id, form.q, paragraph)
                lasting = paragraph_url(hit.id, "", paragraph)  # what a citation links: without the query
                yield {
                    "id": hit.id, "title": hit.title, "agency": hit.agency, "year": hit.year, "date": hit.date,
                    "type": hit.type, "section": section, "paragraph": paragraph,
                    "text": passage.text if passage else "", "link": url,
                    "citation": citation(hit, section, paragraph, lasting, hit_sentence(passage) if passage else ""),
                    "citation_gbt": gbt_citation(hit, lasting),
                }
        if page * per_page >= response.total_documents:
            break
