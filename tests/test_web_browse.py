"""Browsing, narrowing and the original file, through the Flask test browse_client over real indexes:
the home page's overview, /documents (filters, sorts, pages, bad parameters), every facet
value, search within results, page sizes, pages past the end, original links and downloads,
and public JSON without server paths."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from archive import Archive

from conftest import BROWSE_OFFICES, LINKED_REPORT, SEEDS, client_of, yearly_report

LINKED_TITLE = "某某区统计局2023年工作总结"
LINK = "https://www.example.gov.cn/zwgk/202401/t20240110_1.htm"
ALL = len(BROWSE_OFFICES) + 1


def get(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:800]
    return response.get_data(as_text=True)


def listed(html: str) -> list[str]:
    """The titles of the browse view's rows, in order."""
    body = re.search(r'<table class="listing".*?</table>', html, re.S)
    return [unescape(t) for t in re.findall(r'<td class="name"><a href="/documents/\w+">(.*?)</a>', body.group(0))] if body else []


def facet_links(html: str, name: str) -> list[tuple[str, str, int]]:
    """``(href, value, count)`` of every value of facet ``name``, shown or behind 更多."""
    section = re.search(rf'<section class="facet-{name}">.*?</section>', html, re.S).group(0)
    found = re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a> <span class="count">(\d+)</span>', section)
    return [(unescape(href), unescape(value), int(count)) for href, value, count in found]


def years(office_indexes: range | list[int]) -> list[int]:
    return [1954 + 4 * index for index in office_indexes]


# --- the home page -------------------------------------------------------------------


def test_home_page_lists_the_archive_with_every_facet_value(browse_client: FlaskClient) -> None:
    html = get(browse_client, "/")
    assert f'<strong id="report-count">{ALL}</strong>' in html and 'href="/documents" id="browse-all"' in html
    agencies = facet_links(html, "agency")
    assert len(agencies) == ALL and {count for _, _, count in agencies} == {1}
    assert f"<summary>更多 / 全部 {ALL} 个</summary>" in html  # the rest of the agencies, on demand
    year_values = [int(value) for _, value, _ in facet_links(html, "year")]
    assert year_values == sorted([*years(range(len(BROWSE_OFFICES))), 2023], reverse=True)  # 1954 included
    assert '<form class="year-range" action="/documents"' in html and 'min="1954" max="2023"' in html
    newest = re.search(r'<ol class="newest">(.*?)</ol>', html, re.S).group(1)
    titles = [unescape(t) for t in re.findall(r'<a href="/documents/\w+">(.*?)</a>', newest)]
    assert titles[0] == LINKED_TITLE and titles[1] == "某某县自然资源局2006年度工作总结" and len(titles) == 10


def test_home_page_of_one_report_says_how_to_add_reports(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "index")
    assert archive.ingest([SEEDS]).ok
    html = get(client_of(archive), "/")
    assert '<strong id="report-count">1</strong>' in html
    assert re.search(r'id="add-reports"[^>]*>添加报告：在命令行运行 <code>report-archive ingest PATH</code>', html)


# --- the browse view --------------------------------------------------------------------


def test_browse_lists_every_report_with_its_metadata(browse_client: FlaskClient, browse_archive: Archive) -> None:
    html = get(browse_client, "/documents?limit=50")
    assert f'<strong id="total">{ALL}</strong> 篇报告，第 1–{ALL} 篇' in html and len(listed(html)) == ALL
    assert listed(html)[:2] == [LINKED_TITLE, "某某县自然资源局2006年度工作总结"]  # newest first
    row = re.search(r"<tr>\s*<td class=\"name\"><a[^>]*>" + LINKED_TITLE + r"</a></td>(.*?)</tr>", html, re.S).group(1)
    cells = [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells == ["某某区统计局", "2023", "2024-01-10", "工作总结", "某统〔2024〕1号"]
    assert 'href="/documents?agency=%E6%9F%90%E6%9F%90%E5%8C%BA%E7%BB%9F%E8%AE%A1%E5%B1%80"' in row  # one click to its agency


def test_browse_sorts(browse_client: FlaskClient) -> None:
    by_date = listed(get(browse_client, "/documents?sort=date&limit=50"))
    assert len(by_date) == ALL and by_date[0] == LINKED_TITLE and by_date[-1] == "某某县财政局1954年度工作总结"
    assert listed(get(browse_client, "/documents?sort=oldest&limit=50")) == by_date[::-1]
    assert listed(get(browse_client, "/documents?sort=title&limit=50")) == sorted(by_date)  # by character code, not pinyin
    # Here each title starts with its agency's name, so by agency is by title too.
    assert listed(get(browse_client, "/documents?sort=agency&limit=50")) == sorted(by_date)
    header = re.search(r'<th scope="col" aria-sort="descending"><a href="([^"]*)"[^>]*>发布日期</a></th>', get(browse_client, "/documents"))
    assert header and unescape(header.group(1)) == "/documents?sort=oldest"  # a second click reverses


def test_browse_filters_match_facet_values_exactly_and_counts_agree(browse_client: FlaskClient) -> None:
    html = get(browse_client, "/documents")
    for name in ("agency", "year", "type"):
        for href, value, count in facet_links(html, name):
            narrowed = get(browse_client, href + "&limit=50")
            assert f'<strong id="total">{count}</strong>' in narrowed, (name, value)
            assert len(listed(narrowed)) == count
    assert listed(get(browse_client, "/documents?agency=某某县统计局")) == ["某某县统计局1994年度工作总结"]
    assert listed(get(browse_client, "/documents?agency=某某县")) == []  # part of a name is no facet value
    assert "没有符合筛选条件的报告" in get(browse_client, "/documents?agency=某某县")
    assert len(listed(get(browse_client, "/documents?year=1954-1970"))) == 5
    assert listed(get(browse_client, "/documents?year_from=2003&year_to=2023")) == [LINKED_TITLE, "某某县自然资源局2006年度工作总结"]
    assert len(listed(get(browse_client, "/documents?year_from=2000"))) == 3
    assert len(listed(get(browse_client, "/documents?type=工作总结&limit=50"))) == ALL


def test_browse_pages_and_a_page_past_the_end(browse_client: FlaskClient) -> None:
    first, second = (listed(get(browse_client, f"/documents?limit=10&page={n}")) for n in (1, 2))
    assert len(first) == 10 and len(second) == ALL - 10 and not set(first) & set(second)
    html = get(browse_client, "/documents?limit=10&page=2")
    assert f"，第 11–{ALL} 篇" in html
    assert '<span class="current" aria-current="page">2</span>' in html and 'rel="prev"' in html
    assert '<option value="10" selected>10</option>' in html  # the page size control
    beyond = get(browse_client, "/documents?limit=10&page=3", 404)
    assert f"没有这一页：共 {ALL} 篇报告，只有 2 页。" in beyond and 'href="/documents?page=2&amp;limit=10"' in beyond


@pytest.mark.parametrize(
    "url, message",
    [
        ("/documents?sort=bogus", "排序方式应为 date / oldest / title / agency 之一"),
        ("/documents?year=19x4", "年份应为四位数字"),
        ("/documents?year=2006-1954", "起始年度 2006 晚于截止年度 1954"),
        ("/documents?year_from=abcd", "年份应为四位数字"),
        ("/documents?page=0", "页码应在 1–1000 之间"),
        ("/documents?page=x", "页码应为整数"),
        ("/documents?limit=0", "每页条数应在 1–100 之间"),
        ("/documents?limit=101", "每页条数应在 1–100 之间"),
        ("/documents?limit=ten", "每页条数应为整数"),
    ],
)
def test_bad_browse_parameters_get_a_message(browse_client: FlaskClient, url: str, message: str) -> None:
    assert message in get(browse_client, url, 400)
    api = browse_client.get("/api" + url)
    assert api.status_code == 400 and message in api.get_json()["error"]


def test_api_documents_is_the_listing(browse_client: FlaskClient) -> None:
    data = browse_client.get("/api/documents?agency=某某区统计局").get_json()
    assert data["total"] == 1 and data["last_page"] == 1 and not data["past_the_end"]
    [report] = data["reports"]
    assert report["title"] == LINKED_TITLE and report["doc_number"] == "某统〔2024〕1号" and "source" not in report
    assert {value["value"] for value in data["facets"]["year"]} == {2023}


# --- the search page: every facet value, search within results, page sizes -------------------


def test_search_facets_show_every_value_on_demand(browse_client: FlaskClient) -> None:
    html = get(browse_client, "/?q=执法检查")
    assert len(facet_links(html, "agency")) == ALL and f"<summary>更多 / 全部 {ALL} 个</summary>" in html
    for href, _, count in facet_links(html, "year"):
        assert parse_qs(urlsplit(href).query)["q"] == ["执法检查"]
        assert f'<strong id="total">{count}</strong>' in get(browse_client, href)
    # The range control keeps the query and narrows by years.
    form = re.search(r'<form class="year-range" action="/"[^>]*>(.*?)</form>', html, re.S).group(1)
    assert '<input type="hidden" name="q" value="执法检查">' in form
    assert '<strong id="total">5</strong>' in get(browse_client, "/?q=执法检查&year_from=1954&year_to=1970")


def test_search_facet_links_find_exactly_their_count(tmp_path: Path) -> None:
    """A facet value that is part of another agency's name (某某县统计局 / 某某县统计局执法大队)
    links to its own reports only, so each count is what its link finds."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for name, agency, year in (("a.txt", "某某县统计局", 2020), ("b.txt", "某某县统计局执法大队", 2021)):
        (reports / name).write_text(f"{agency}{year}年度工作总结\n日期:{year + 1}-01-15 来源:{agency}\n\n"
                                    f"一、主要工作\n全年开展执法检查{year - 2015}次。\n", encoding="utf-8")  # fmt: skip
    archive = Archive(tmp_path / "index")
    assert archive.ingest([reports]).ok
    own = client_of(archive)
    html = get(own, "/?q=执法检查")
    counts = {value: (href, count) for href, value, count in facet_links(html, "agency")}
    assert {value: count for value, (_, count) in counts.items()} == {"某某县统计局": 1, "某某县统计局执法大队": 1}
    for value, (href, count) in counts.items():
        narrowed = get(own, href)
        assert f'<strong id="total">{count}</strong>' in narrowed and f"机构：{value} ×" in narrowed
    assert '<strong id="total">2</strong>' in get(own, "/?q=执法检查&agency=某某县统计局")  # the box: part of a name
    # A facet value alone (its chip's query removed) is the browse view's listing.
    alone = own.get("/?agency_is=某某县统计局")
    assert alone.status_code == 302 and alone.headers["Location"].startswith("/documents?agency=")
    api = own.get("/api/search?q=执法检查&agency_is=某某县统计局").get_json()
    assert api["total_documents"] == 1


def test_search_within_results_adds_terms(client: FlaskClient) -> None:
    html = get(client, "/?q=执法检查")
    assert '<strong id="total">3</strong>' in html
    within = re.search(r'<form class="within".*?</form>', html, re.S).group(0)
    assert '<input type="hidden" name="q" value="执法检查">' in within and 'name="within"' in within
    narrowed = get(client, "/?q=执法检查&within=罚款3.5万元")
    assert '<strong id="total">1</strong>' in narrowed and 'value="执法检查 罚款3.5万元"' in narrowed
    # An OR in either part stays inside it.
    either = get(client, "/?q=执法检查 OR 不存在的说法&within=罚款3.5万元")
    assert '<strong id="total">1</strong>' in either and 'value="( 执法检查 OR 不存在的说法 ) 罚款3.5万元"' in either
    assert "引号不成对" in get(client, '/?q=执法检查&within="罚款', 400)


def test_search_page_sizes(client: FlaskClient) -> None:
    html = get(client, "/?q=执法检查&limit=20")
    assert '<option value="20" selected>20</option>' in html
    assert [int(size) for size in re.findall(r'<option value="(\d+)"', re.search(r'<form class="page-size".*?</form>', html, re.S).group(0))] == [10, 20, 50]
    assert "每页条数应为整数" in get(client, "/?q=执法检查&limit=many", 400)


# --- the document page: original link and file, 来源, public JSON ----------------------------


def doc_id(archive: Archive, title: str) -> str:
    return next(hit.id for hit in archive.search(f'title:"{title}"').results)


def test_document_shows_the_original_link_and_offers_the_file(browse_client: FlaskClient, browse_archive: Archive) -> None:
    report_id = doc_id(browse_archive, LINKED_TITLE)
    html = get(browse_client, f"/documents/{report_id}")
    assert f'<a href="{LINK}" rel="noopener noreferrer" id="original-link">原文链接</a>' in html
    assert f'href="/documents/{report_id}/original" id="original-file" download' in html
    assert "<th scope=\"row\">来源</th><td>linked.txt</td>" in html
    assert str(browse_archive.get(report_id).source) not in html  # no server path on the page
    download = browse_client.get(f"/documents/{report_id}/original")
    assert download.status_code == 200 and download.data == LINKED_REPORT.encode("utf-8")
    assert download.headers["Content-Disposition"] == "attachment; filename=linked.txt"
    assert download.headers["Content-Type"].startswith("text/plain")


def test_a_report_without_a_link_offers_only_the_file(browse_client: FlaskClient, browse_archive: Archive) -> None:
    name, text = yearly_report(0)
    report_id = doc_id(browse_archive, "某某县财政局1954年度工作总结")
    html = get(browse_client, f"/documents/{report_id}")
    assert 'id="original-link"' not in html and 'id="original-file"' in html
    assert browse_client.get(f"/documents/{report_id}/original").data == text.encode("utf-8")


def test_api_document_carries_link_and_download_without_server_paths(browse_client: FlaskClient, browse_archive: Archive) -> None:
    report_id = doc_id(browse_archive, LINKED_TITLE)
    response = browse_client.get(f"/api/documents/{report_id}")
    data = response.get_json()
    assert data["source_url"] == LINK and data["source"] == "linked.txt"
    assert data["original"] == f"http://localhost/documents/{report_id}/original"
    folder = str(Path(browse_archive.get(report_id).source).parent)
    assert folder not in response.get_data(as_text=True)
    search = browse_client.get("/api/search?q=统计执法检查").get_data(as_text=True)
    assert '"source":"linked.txt"' in search.replace(" ", "") and folder not in search


def test_original_file_gone_or_changed_or_unknown_is_a_message(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for index in (0, 1):
        name, text = yearly_report(index)
        (reports / name).write_text(text, encoding="utf-8")
    archive = Archive(tmp_path / "index")
    assert archive.ingest([reports]).ok
    own = client_of(archive)  # its own files, changed below
    changed, gone = (doc_id(archive, f"某某县{BROWSE_OFFICES[i]}局{1954 + 4 * i}年度工作总结") for i in (0, 1))
    (reports / yearly_report(0)[0]).write_text("改过的文字", encoding="utf-8")
    (reports / yearly_report(1)[0]).unlink()
    assert "在收录后已被修改" in get(own, f"/documents/{changed}/original", 404)
    assert "已不在收录时的位置" in get(own, f"/documents/{gone}/original", 404)
    assert "没有这个页面或这份报告" in get(own, "/documents/no-such-id/original", 404)
    assert "../" not in get(own, "/documents/..%2F..%2Fetc%2Fpasswd/original", 404)
