"""Facet counts (``archive.search.facets``) over a real index, through the API: counted from the
same match as the search's results."""

from __future__ import annotations

import pytest

from archive import Archive, FacetValue, QueryError


def facet_counts(archive: Archive, text: str | None, limit: int = 20) -> dict[str, list[FacetValue]]:
    """The facets of the whole archive, or of a search's response."""
    return archive.facets(limit) if text is None else archive.search(text, facets=limit).facets


def values(counts: list[FacetValue]) -> list[tuple]:
    return [(value.value, value.count) for value in counts]


def test_counts_over_the_whole_archive(web_archive: Archive) -> None:
    counts = facet_counts(web_archive, None)
    assert sorted(values(counts["agency"])) == [("三元区应急管理局", 1), ("某某县市场监督管理局", 1), ("某某市生态环境局", 1)]
    assert values(counts["year"]) == [(2024, 1), (2023, 1), (2022, 1)]  # newest first
    assert values(counts["type"]) == [("法治政府建设情况报告", 2), ("工作总结", 1)]  # largest first


def test_counts_follow_the_query_and_its_filters(web_archive: Archive) -> None:
    counts = facet_counts(web_archive, "执法检查 year:2023-2024")
    assert sorted(v.value for v in counts["agency"]) == ["三元区应急管理局", "某某县市场监督管理局"]
    assert values(counts["type"]) == [("法治政府建设情况报告", 2)]
    assert facet_counts(web_archive, "不存在的说法") == {"agency": [], "year": [], "type": []}


def test_limit_keeps_the_largest_groups(web_archive: Archive) -> None:
    counts = facet_counts(web_archive, "执法", limit=1)
    assert values(counts["type"]) == [("法治政府建设情况报告", 2)] and values(counts["year"]) == [(2024, 1)]


@pytest.mark.parametrize("text", ["执法检查", "执法检查 不存在的说法", "206次 OR 88次", "执法 -88次", "agency:某某", "type:总结 执法"])
def test_the_matching_set_is_the_one_search_returns(web_archive: Archive, text: str) -> None:
    response = web_archive.search(text)
    assert web_archive.count(text) == response.total_documents
    assert sum(v.count for v in facet_counts(web_archive, text)["agency"]) == response.total_documents


def test_bad_queries_raise_query_errors(web_archive: Archive) -> None:
    with pytest.raises(QueryError):
        facet_counts(web_archive, '"执法')


def test_reports_without_agency_year_or_type_are_left_out(tmp_path) -> None:
    (tmp_path / "notice.txt").write_text("关于做好安全生产工作的通知\n\n各单位：\n请做好安全生产工作。\n", encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([tmp_path / "notice.txt"])
    [hit] = archive.search("安全生产").results
    assert (hit.agency, hit.year, hit.type) == (None, None, None)
    assert facet_counts(archive, "安全生产") == {"agency": [], "year": [], "type": []}
