"""The web app's routes, with Flask's test client over a real index (``web_archive``)."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask.testing import FlaskClient

from archive import Archive, ArchiveError
from archive.search.query import MAX_QUERY_LENGTH
from archive import Settings
from helpers import marks

MAX_LIMIT = Settings.max_limit
from web import create_app
from web.searching import SearchRequest

SEED_TITLE = "三元区应急管理局2024年度法治政府建设情况报告"
MARKET_TITLE = "某某县市场监督管理局2023年度法治政府建设情况报告"
HOSTILE_TITLE = "某某市生态环境局2022年度工作总结"


@pytest.fixture(scope="module")
def doc_ids(web_archive: Archive) -> dict[str, str]:
    """Report id by title."""
    return {hit.title: hit.id for hit in web_archive.search("type:报告 OR type:总结", limit=10).results}


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def titles(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'<article class="hit[^"]*">\s*<h2>.*?<a href="[^"]*">(.*?)</a>', html, re.S)]


def links(html: str, css_class: str | None = None) -> list[str]:
    attribute = f'class="{css_class}" ' if css_class else ""
    return [unescape(href) for href in re.findall(f'<a {attribute}href="([^"]*)"', html)]


# --- search page ----------------------------------------------------------------


def test_front_page_offers_the_whole_archive_by_facet(client: FlaskClient) -> None:
    html = page(client, "/")
    assert '检索库共收录 <strong id="report-count">3</strong> 份报告' in html and 'id="add-reports"' not in html
    assert 'name="q"' in html and f'maxlength="{MAX_QUERY_LENGTH}"' in html
    # Counts by agency, year and type, each a link to the browse view of its reports.
    for name, value in (("agency", "三元区应急管理局"), ("agency", "某某县市场监督管理局"), ("year", "2022"), ("type", "工作总结")):
        assert re.search(rf'<a href="/documents\?{name}={quote(value)}">{value}</a> <span class="count">1</span>', html)
    # The newest reports, each a link, newest first.
    newest = re.search(r'<ol class="newest">(.*?)</ol>', html, re.S).group(1)
    assert [unescape(t) for t in re.findall(r'<a href="/documents/\w+">(.*?)</a>', newest)] == [SEED_TITLE, MARKET_TITLE, HOSTILE_TITLE]


def test_results_show_highlighted_passages_with_heading_paths_and_links(client: FlaskClient, doc_ids) -> None:
    html = page(client, "/?q=执法检查206次")
    assert "共 <strong id=\"total\">1</strong> 篇报告" in html and "毫秒" in html
    assert titles(html) == [SEED_TITLE]
    assert marks(html) == ["执法检查206次"]
    assert "一、法治建设工作措施及主要成效 › " in html
    [link] = [href for href in links(html, "goto")]
    url = urlsplit(link)
    assert url.path == f"/documents/{doc_ids[SEED_TITLE]}" and query_of(link) == {"q": ["执法检查206次"]}
    assert re.fullmatch(r"p-\d+", url.fragment)


def test_filters_compose_the_query_language(client: FlaskClient) -> None:
    assert set(titles(page(client, "/?q=执法检查"))) == {SEED_TITLE, MARKET_TITLE, HOSTILE_TITLE}
    assert titles(page(client, "/?q=执法检查&agency=市场监督")) == [MARKET_TITLE]
    assert titles(page(client, "/?q=执法检查&type=工作总结")) == [HOSTILE_TITLE]
    assert set(titles(page(client, "/?q=执法检查&year_from=2023"))) == {SEED_TITLE, MARKET_TITLE}
    assert set(titles(page(client, "/?q=执法检查&year_from=2022&year_to=2023"))) == {MARKET_TITLE, HOSTILE_TITLE}
    assert titles(page(client, "/?agency=三元区")) == [SEED_TITLE]  # filters alone


def test_a_typed_or_stays_inside_the_filters() -> None:
    request = SearchRequest(q="88次 OR 206次", agency='三元"区')
    assert request.query == '( 88次 OR 206次 ) agency:"三元区"'
    assert SearchRequest(q="(一)依法行政", type="报告").query == '(一)依法行政 type:"报告"'


def test_or_with_a_filter_finds_only_the_filtered_reports(client: FlaskClient) -> None:
    assert titles(page(client, "/?q=88次%20OR%20206次&agency=三元区")) == [SEED_TITLE]


@pytest.mark.parametrize("sort, expected", [("date", [SEED_TITLE, MARKET_TITLE, HOSTILE_TITLE]),
                                            ("oldest", [HOSTILE_TITLE, MARKET_TITLE, SEED_TITLE])])
def test_sort_orders(client: FlaskClient, sort: str, expected: list[str]) -> None:
    assert titles(page(client, f"/?q=执法&sort={sort}")) == expected


def test_facet_links_narrow_the_search(client: FlaskClient) -> None:
    html = page(client, "/?q=执法检查")
    facet = next(href for href in links(html) if "市场监督" in query_of(href).get("agency_is", [""])[0])
    narrowed = page(client, facet)
    assert titles(narrowed) == [MARKET_TITLE]
    assert "机构：某某县市场监督管理局 ×" in narrowed  # the active filter, removable
    year = next(href for href in links(html) if query_of(href).get("year_from") == ["2022"])
    assert query_of(year)["year_to"] == ["2022"] and query_of(year)["q"] == ["执法检查"]
    assert titles(page(client, year)) == [HOSTILE_TITLE]


def test_facet_counts_cover_every_match_not_just_the_page(client: FlaskClient) -> None:
    html = page(client, "/?q=执法&limit=1")
    assert len(titles(html)) == 1
    assert re.search(r">法治政府建设情况报告</a> <span class=\"count\">2</span>", html)


def test_pagination(client: FlaskClient) -> None:
    html = page(client, "/?q=执法&limit=1&page=2")
    assert '<span class="current" aria-current="page">2</span>' in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    beyond = page(client, "/?q=执法&limit=1&page=9", 404)
    assert "没有这一页：共 3 篇报告，只有 3 页。" in beyond
    assert "/?q=%E6%89%A7%E6%B3%95&amp;page=3&amp;limit=1" in beyond and "<article" not in beyond


def test_partial_matches_are_marked(client: FlaskClient) -> None:
    html = page(client, "/?q=执法检查%20不存在的说法")
    assert "没有同时包含全部检索词的报告" in html and html.count('<span class="badge">部分匹配</span>') == 3


def test_results_found_without_the_typed_quotes_say_so(client: FlaskClient) -> None:
    html = page(client, "/?q=“开展执法检查206次”")
    assert "去掉了检索词的引号和标点" in html and "<mark>开展执法检查206次</mark>" in html
    assert "去掉了" not in page(client, "/?q=开展执法检查206次")
    assert client.get("/api/search?q=“开展执法检查206次”").get_json()["trimmed"] is True


def test_no_result_says_so(client: FlaskClient) -> None:
    html = page(client, "/?q=不存在的说法")
    assert "没有找到匹配的报告" in html and not titles(html)


@pytest.mark.parametrize(
    "url, message",
    [
        ('/?q="执法', "引号不成对"),
        ("/?q=执法%20OR", "OR 两边都需要检索词"),
        ("/?q=" + "执" * (MAX_QUERY_LENGTH + 1), f"{MAX_QUERY_LENGTH} 个字符以内"),
        (f"/?q=执法&limit={MAX_LIMIT + 1}", f"1–{MAX_LIMIT}"),
        ("/?q=执法&page=abc", "页码应为整数"),
        ("/?q=执法&sort=random", "排序方式"),
        ("/?q=执法&year_from=24", "年份应为四位数字"),
        ("/?q=执法&year_from=2024&year_to=2020", "起始不晚于结束"),
        ("/?q=执法&versions=junk", "versions 只能是 all"),  # (before: ignored, as if not given)
    ],
)
def test_bad_requests_get_a_message_and_400(client: FlaskClient, url: str, message: str) -> None:
    html = page(client, url, 400)
    assert "检索式有误" in html and message in unescape(html)
    assert 'name="q"' in html  # the form is still there to fix it


@pytest.mark.parametrize("value", ["1_0", "٣", "２", " 2", "2 ", "+2", "-1", "2.0", "1e1", "0x2"])
@pytest.mark.parametrize("route", ["/?q=执法", "/api/search?q=执法", "/documents?", "/api/documents?", "/export.csv?q=执法"])
def test_url_numbers_are_ascii_digits_only(client: FlaskClient, route: str, value: str) -> None:
    """``page=1_0`` was page 10, ``page=٣`` page 3, ``page= 2`` page 2 (Python's ``int()``): any page
    or page size but ASCII digits gets the message, 400, on the pages and the API alike."""
    for name, label in (("page", "页码"), ("limit", "每页条数")):
        response = client.get(f"{route}&{name}={quote(value)}")
        assert response.status_code == 400
        assert f"{label}应为整数（数字 0–9），而不是“{value}”。" in unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("box", ["%00", "%E2%80%8B", "%00%E2%80%8B%20"])
def test_a_filter_box_of_what_shows_nothing_is_not_set(client: FlaskClient, box: str) -> None:
    """``agency=%00`` was asked as ``agency:``, and answered 400 with a message about syntax the
    reader never typed (“agency: 后面缺少要查找的值”): a box holding only invisible characters is
    empty, and one holding some beside a name is that name."""
    plain = client.get("/api/search?q=执法").get_json()["total_documents"]
    assert client.get(f"/api/search?q=执法&agency={box}").get_json()["total_documents"] == plain
    named = client.get(f"/api/search?q=执法&agency={box}三元区").get_json()
    assert named["query"].endswith('agency:"三元区"') and named["total_documents"] > 0


@pytest.mark.parametrize("route", ["/", "/api/search", "/documents", "/export.csv", "/figures"])
def test_raw_bytes_in_a_query_string_are_read_as_their_escapes(client: FlaskClient, route: str) -> None:
    """A query string's raw byte ``\\xff`` (not UTF-8; a WSGI server other than waitress passes it
    on) was a 500 on every route, Werkzeug failing to decode it: it is read as ``%FF`` is; raw
    UTF-8 (``curl`` sends 执法 unescaped) is read as its text."""
    raw = "执法".encode("utf-8").decode("latin-1")
    for query in (f"q=\xff{raw}", f"q={raw}", "q=%FF"):
        response = client.get(route, environ_overrides={"QUERY_STRING": query})
        assert response.status_code in (200, 400), (route, query, response.status_code)  # (400: a message)
    found = client.get("/api/search", environ_overrides={"QUERY_STRING": f"q={raw}"}).get_json()
    assert found["query"] == "执法" and found["total_documents"] > 0


def test_a_url_number_of_any_length_is_held_to_its_bounds(client: FlaskClient) -> None:
    """``page=`` and 5,000 nines: past the last page allowed (before: 页码应为整数, int() refuses
    4,300 digits); leading zeros are the number (``page=01``)."""
    assert "页码应在 1–1000 之间" in page(client, "/?q=执法&page=" + "9" * 5000, 400)
    assert client.get("/api/search?q=执法&page=01&limit=005").get_json()["limit"] == 5


# --- document page ----------------------------------------------------------------


def test_document_page(client: FlaskClient, web_archive: Archive, doc_ids) -> None:
    report = web_archive.get(doc_ids[SEED_TITLE])
    html = page(client, f"/documents/{report.id}?q=执法检查")
    for value in (report.title, report.agency, str(report.year), report.date, report.doc_type):
        assert f"<td>{value}</td>" in html
    assert "<th scope=\"row\">文号</th>" in html and "<th scope=\"row\">来源</th>" in html
    # A stable anchor on every paragraph, numbered like Passage.paragraph.
    assert re.findall(r'<div class="para[^"]*" id="p-(\d+)"', html) == [str(i) for i in range(1, len(report.paragraphs) + 1)]
    # Contents: every heading, indented by level.
    headings = [(i, p) for i, p in enumerate(report.paragraphs, start=1) if p.is_heading]
    toc = re.findall(r'<li class="level-(\d)"><a href="#p-(\d+)"', html)
    assert toc == [(str(min(p.heading_level, 4)), str(i)) for i, p in headings]
    # Every occurrence of the query is marked.
    assert len(marks(html)) == sum(p.text.count("执法检查") for p in report.paragraphs) > 1
    assert set(marks(html)) == {"执法检查"} and 'id="next-hit"' in html


def test_citations_carry_title_agency_date_section_paragraph_and_link(client: FlaskClient, web_archive: Archive, doc_ids) -> None:
    response = web_archive.search("执法检查206次")
    [passage] = response.results[0].passages
    html = page(client, f"/documents/{doc_ids[SEED_TITLE]}?q=执法检查206次")
    # Each paragraph carries its two citations and what the working-paper one quotes.
    found = re.search(rf'id="p-{passage.paragraph}"\s+data-quote="([^"]*)" data-citation="([^"]*)" data-gbt="([^"]*)"', html)
    quote, plain, gbt = (unescape(value) for value in found.groups())
    text = next(p.text for p in web_archive.get(doc_ids[SEED_TITLE]).paragraphs if "执法检查206次" in p.text)
    assert "执法检查206次" in quote and quote in text and quote.endswith("。") and len(quote) < len(text)  # the sentence
    link = f"http://localhost/documents/{doc_ids[SEED_TITLE]}#p-{passage.paragraph}"  # without the query: it lasts
    assert plain == f"三元区应急管理局《{SEED_TITLE}》，2025-01-13，{passage.section}，第 {passage.paragraph} 段：“{quote}”。{link}"
    assert re.fullmatch(rf"三元区应急管理局\. {SEED_TITLE}\[R/OL\]\. \(2025-01-13\)\[\d{{4}}-\d{{2}}-\d{{2}}\]\. {re.escape(link)}\.", gbt)
    # Without a hit, the whole paragraph is quoted.
    assert 'data-quote="区委、区政府:"' in page(client, f"/documents/{doc_ids[SEED_TITLE]}")


def test_document_marks_text_found_without_the_typed_quotes_and_says_so(client: FlaskClient, doc_ids) -> None:
    html = page(client, f"/documents/{doc_ids[SEED_TITLE]}?q=“执法检查206次”")
    assert marks(html) == ["执法检查206次"] and "标出的是忽略引号、括号、标点后的文字" in html
    exact = page(client, f"/documents/{doc_ids[SEED_TITLE]}?q=执法检查206次")
    assert marks(exact) == ["执法检查206次"] and "标出的是忽略引号、括号、标点后的文字" not in exact


def test_document_with_a_bad_query_is_shown_without_marks(client: FlaskClient, doc_ids) -> None:
    html = page(client, f'/documents/{doc_ids[SEED_TITLE]}?q="执法')
    assert "检索式有误，未标出命中" in html and not marks(html)


@pytest.mark.parametrize(
    "url",
    ["/documents/nope", "/documents/..%2F..%2Fetc%2Fpasswd", "/documents/%2Fetc%2Fpasswd", "/documents/seeds",
     "/static/..%2F..%2Fpyproject.toml", "/static/../../pyproject.toml", "/nope"],
)
def test_unknown_pages_are_a_friendly_404(client: FlaskClient, url: str) -> None:
    html = page(client, url, 404)
    assert "找不到该页面" in html and "root:" not in html and "[project]" not in html


# --- API and exports ----------------------------------------------------------------


def test_api_search_is_the_search_response(client: FlaskClient, web_archive: Archive) -> None:
    data = client.get("/api/search?q=执法检查&limit=2&page=1&sort=relevance").get_json()
    expected = web_archive.search("执法检查", limit=2, page=1).to_dict()
    data.pop("took_ms"), expected.pop("took_ms")
    for result in expected["results"]:  # no server paths in public answers: the file name only
        assert result["source"].startswith("/")
        result["source"] = result["source"].rsplit("/", 1)[1]
    assert data == expected and len(data["results"]) == 2


@pytest.mark.parametrize("url", ['/api/search?q="执法', "/api/search?q=", f"/api/search?q=执法&limit={MAX_LIMIT + 1}"])
def test_api_errors_are_json_400(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and set(response.get_json()) == {"error"}


def test_api_document(client: FlaskClient, web_archive: Archive, doc_ids) -> None:
    report = web_archive.get(doc_ids[MARKET_TITLE])
    data = client.get(f"/api/documents/{report.id}").get_json()
    assert data["title"] == MARKET_TITLE and data["agency"] == report.agency and data["type"] == report.doc_type
    assert [(p["paragraph"], p["text"], tuple(p["section"]), p["heading_level"]) for p in data["paragraphs"]] == [
        (i, p.text, p.section, p.heading_level) for i, p in enumerate(report.paragraphs, start=1)
    ]
    missing = client.get("/api/documents/nope")
    assert missing.status_code == 404 and "error" in missing.get_json()


def test_csv_export_opens_in_excel(client: FlaskClient, web_archive: Archive) -> None:
    response = client.get("/export.csv?q=执法检查&agency=三元区")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body and body.count(b"\n") == body.count(b"\r\n")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    expected = web_archive.search("执法检查", passages_per_result=1000).results
    expected = [p for hit in expected if hit.title == SEED_TITLE for p in hit.passages]
    assert [(int(r["paragraph"]), r["section"], r["text"]) for r in rows] == [(p.paragraph, p.section, p.text) for p in expected]
    first = rows[0]
    assert first["title"] == SEED_TITLE and first["agency"] == "三元区应急管理局" and first["year"] == "2024"
    assert first["link"].endswith(f"#p-{first['paragraph']}") and "?q=" in first["link"]
    lasting = first["link"].split("?")[0] + f"#p-{first['paragraph']}"
    quote = first["citation"].split("段：“", 1)[1].rsplit("”。", 1)[0]  # the sentence of the first hit
    assert "执法检查" in quote and quote in first["text"]
    assert first["citation"].endswith(lasting) and first["citation_gbt"].endswith(f"{lasting}.")


def test_json_export_has_the_same_rows(client: FlaskClient) -> None:
    data = json.loads(client.get("/export.json?q=执法检查").data)
    rows = list(csv.DictReader(io.StringIO(client.get("/export.csv?q=执法检查").data.decode("utf-8-sig"), newline="")))
    assert len(data["rows"]) == len(rows) > 3
    assert [(r["id"], r["paragraph"], r["text"]) for r in data["rows"]] == [(r["id"], int(r["paragraph"]), r["text"]) for r in rows]


def test_export_of_a_filter_only_search_lists_each_report(client: FlaskClient) -> None:
    data = json.loads(client.get("/export.json?type=法治政府").data)
    assert sorted(r["title"] for r in data["rows"]) == sorted([SEED_TITLE, MARKET_TITLE])
    assert all(r["paragraph"] is None and "#" not in r["link"] for r in data["rows"])


def test_csv_cells_never_run_as_formulas(client: FlaskClient) -> None:
    body = client.get("/export.csv?q=HYPERLINK").data.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(body, newline="")))
    assert row["text"].startswith("'=HYPERLINK(")


def test_export_errors_are_400(client: FlaskClient) -> None:
    assert client.get('/export.csv?q="执法').status_code == 400


# --- safety --------------------------------------------------------------------------


HOSTILE = ("<script>window.__xss", "<img src=x", "onerror=\"window")


def test_document_text_is_escaped_everywhere(client: FlaskClient, doc_ids) -> None:
    doc_id = doc_ids[HOSTILE_TITLE]
    for url in ("/?q=执法检查120次", "/?q=<script>", f"/documents/{doc_id}", f"/documents/{doc_id}?q=<img"):
        html = page(client, url)
        assert not any(raw in html for raw in HOSTILE), url
        assert "&lt;script&gt;" in html or "<mark>&lt;script&gt;</mark>" in html
        assert set(re.findall(r"<(script|img|iframe)\b[^>]*>", html)) <= {"script"}
        assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/app.js" defer>']


def test_query_text_is_escaped(client: FlaskClient) -> None:
    payload = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    for url in (f"/?q={payload}", f"/?q=x&agency={payload}", f"/documents/nope?q={payload}", f"/help?q={payload}"):
        html = client.get(url).get_data(as_text=True)
        assert "<img" not in html and "<script>alert" not in html, url


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for url in ("/", "/?q=执法", "/?q=%22", "/documents/nope", "/api/search?q=执法", "/export.csv?q=执法", "/static/app.js"):
        with client.get(url) as response:
            headers = response.headers
        assert headers["Content-Security-Policy"].startswith("default-src 'self'"), url
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize("url", ["/", "/documents/x", "/api/search", "/api/documents/x", "/export.csv"])
def test_read_only(client: FlaskClient, method: str, url: str) -> None:
    response = getattr(client, method)(url, data={"q": "x"})
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    if url.startswith("/api/"):
        assert "error" in response.get_json()
    else:
        assert "本系统只读" in response.get_data(as_text=True)


def test_templates_have_no_inline_script_or_style(client: FlaskClient, doc_ids) -> None:
    for url in ("/", "/?q=执法检查", f"/documents/{doc_ids[SEED_TITLE]}?q=执法", "/help", "/nope"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and "style=" not in html and "<style" not in html
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), url
        assert "http://" not in html.replace("http://localhost/", ""), url  # nothing from elsewhere


def test_missing_index_is_a_clear_503(tmp_path) -> None:
    client = create_app({"INDEX_DIR": tmp_path / "none", "TESTING": True}).test_client()
    response = client.get("/?q=执法")
    assert response.status_code == 503 and "索引不存在" in response.get_data(as_text=True)


def test_unexpected_errors_are_a_plain_500_except_in_debug(web_archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(Archive, "search", broken)
    app = create_app({"INDEX_DIR": web_archive.index_dir})
    for url in ("/?q=执法", "/api/search?q=执法"):
        response = app.test_client().get(url)
        assert response.status_code == 500 and "secret detail" not in response.get_data(as_text=True)
    assert app.test_client().get("/api/search?q=执法").get_json() == {"error": "处理请求时出错，请稍后重试。"}
    app.debug = True
    with pytest.raises(RuntimeError):
        app.test_client().get("/?q=执法")


def test_a_search_past_its_quick_time_needs_a_heavy_slot(web_archive: Archive) -> None:
    """Twelve searches of seconds at once held all of the server's threads and a quick one waited
    5 s. A search still working after ``quick_search_ms`` (here none: at once) must take one of
    the heavy slots to go on: with every slot taken it is answered 503 with Retry-After, and one
    that needs no work past the match (nothing found) is answered as ever; once a slot is free,
    the same search is served, and its slot given back."""
    app = create_app({"INDEX_DIR": web_archive.index_dir, "SETTINGS": {"quick_search_ms": 0, "heavy_requests": 1}})
    client, slots = app.test_client(), app.extensions["heavy_slots"]
    assert slots.acquire(blocking=False)  # a comparison, say, holds the only slot
    busy = client.get("/api/search?q=执法")
    assert busy.status_code == 503 and "retry-after" in busy.headers and "检索" in busy.get_json()["error"]
    assert client.get("/?q=执法").status_code == 503
    assert client.get("/api/search?q=蹊跷蹊跷").status_code == 200  # (no result: no work to pace)
    slots.release()
    for _ in range(3):  # each gives its slot back
        assert client.get("/api/search?q=执法").get_json()["total_documents"] > 0
    assert slots.acquire(blocking=False)
    slots.release()


def test_an_export_past_the_request_budget_is_too_large(web_archive: Archive) -> None:
    """An export of common words within ``/p`` took 17.6 s on the corpus, past every other
    request's 10 s: it has the same budget (here none), and says how to narrow it."""
    app = create_app({"INDEX_DIR": web_archive.index_dir, "SETTINGS": {"max_request_seconds": 0}})
    response = app.test_client().get("/export.csv?q=执法")
    assert response.status_code == 422 and "导出涉及的内容过多" in response.get_data(as_text=True)


def test_citations_link_under_the_public_url_whatever_host_a_client_sends(web_archive: Archive, doc_ids) -> None:
    """``Host: evil.com`` was in every citation link of an export and in the API's ``original``:
    with ``PUBLIC_URL`` set, the links are under it; without, under the request's host."""
    app = create_app({"INDEX_DIR": web_archive.index_dir, "PUBLIC_URL": "https://archive.example.gov.cn/"})
    client, doc_id = app.test_client(), doc_ids[SEED_TITLE]
    rows = json.loads(client.get("/export.json?q=执法检查", headers={"Host": "evil.com"}).data)["rows"]
    assert rows and all(row["link"].startswith("https://archive.example.gov.cn/documents/") for row in rows)
    assert all("evil.com" not in row["citation"] + row["citation_gbt"] for row in rows)
    original = client.get(f"/api/documents/{doc_id}", headers={"Host": "evil.com"}).get_json()["original"]
    assert original == f"https://archive.example.gov.cn/documents/{doc_id}/original"
    plain = create_app({"INDEX_DIR": web_archive.index_dir}).test_client()
    assert plain.get(f"/api/documents/{doc_id}").get_json()["original"].startswith("http://localhost/documents/")
    for bad in ("archive.example.gov.cn", "ftp://x", "https://"):
        with pytest.raises(ArchiveError, match="REPORT_ARCHIVE_PUBLIC_URL"):
            create_app({"INDEX_DIR": web_archive.index_dir, "PUBLIC_URL": bad})
