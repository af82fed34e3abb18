"""The auditor's pages and JSON, with Flask's test audit_client over a real index (``audit_archive``)."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from flask.testing import FlaskClient

from archive import Archive
from tests.conftest import client_of, national_id
from web import create_app

MARKET_2023 = "某某县市场监督管理局2023年度法治政府建设情况报告"
MARKET_2024 = "某某县市场监管局2024年度法治政府建设情况报告"
SEED_TITLE = "三元区应急管理局2024年度法治政府建设情况报告"


@pytest.fixture(scope="module")
def ids(audit_archive: Archive) -> dict[str, str]:
    return {hit.title: hit.id for hit in audit_archive.search("type:报告", limit=10).results}


def get(audit_client: FlaskClient, url: str, status: int = 200) -> str:
    response = audit_client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert "Content-Security-Policy" in response.headers
    return response.get_data(as_text=True)


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def test_document_page_has_a_statements_panel_linking_to_paragraphs(audit_client: FlaskClient, ids: dict[str, str]) -> None:
    html = get(audit_client, f"/documents/{ids[MARKET_2024]}")
    panel = section(html, "statements")
    assert "审计要点" in panel
    kinds = re.findall(r'<details class="kind (\w+)" open>\s*<summary>(\S+) <span class="count">(\d+)</span>', panel)
    assert kinds == [("figure", "数据", "2"), ("commitment", "承诺", "2"), ("problem", "问题", "1")]
    assert '<a class="goto" href="#p-3">第 3 段</a> <span class="sentence">全年开展执法检查102次' in panel
    assert '<span class="figure-value">5.2 万元 罚款</span>' in panel
    assert f'href="/documents/{ids[MARKET_2024]}/compare"' in panel
    assert 'href="/agencies/' in panel
    for number in re.findall(r'href="#p-(\d+)"', panel):
        assert f'id="p-{number}"' in html


def test_document_hits_follow_the_query_scope(audit_client: FlaskClient, ids: dict[str, str]) -> None:
    plain = get(audit_client, f"/documents/{ids[MARKET_2024]}?q=执法检查")
    scoped = get(audit_client, f"/documents/{ids[MARKET_2024]}?q=kind:commitment%20执法检查")
    assert plain.count("<mark>执法检查</mark>") == 3
    assert scoped.count("<mark>执法检查</mark>") == 2  # not the one in the figure sentence
    alone = get(audit_client, f"/documents/{ids[MARKET_2024]}?q=kind:problem")
    assert re.findall(r"<mark>(.*?)</mark>", alone) == ["执法人员培训不足，案卷质量有待提高。"]


def test_figures_page_table_and_exports(audit_client: FlaskClient) -> None:
    html = get(audit_client, "/figures?q=执法检查%20agency:某某县")
    assert '<strong id="figure-total">' in html
    rows = re.findall(r"<tr>\s*<td data-sort-value=\"(\d+)\">.*?</td>\s*<td class=\"name\">.*?</td>\s*<td class=\"counted\">(.*?)</td>",
                      html, re.S)  # fmt: skip
    # By agency (both name variants are one), what was counted, then year: 2023 next to 2024.
    assert rows[:2] == [("2023", "A级企业"), ("2024", "A级企业")]
    assert rows[2:5] == [("2023", "执法检查"), ("2024", "执法检查"), ("2024", "执法检查")]
    assert sorted(year for year, _ in rows) == ["2023"] * 3 + ["2024"] * 4
    table = html[html.index('<table class="figures sortable"'):]
    assert "<td>目标</td>" in table and "<td>实绩</td>" in table
    # the values sort by unit family first, so that 万元 never mixes with 次
    assert 'data-sort="value">' in table and 'data-sort-value="e58583x00000000000035000.000000"' in table  # 元
    assert "/documents/" in table and "#p-3" in table

    csv_response = audit_client.get("/figures.csv?q=执法检查")
    assert csv_response.status_code == 200
    assert csv_response.headers["Content-Disposition"].endswith("report-archive-figures.csv")
    body = csv_response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert {r["title"] for r in rows} == {SEED_TITLE, MARKET_2023, MARKET_2024}

    data = audit_client.get("/api/figures?q=罚款").get_json()
    assert data["query"] == "罚款" and any(row["normalized"] == 169700 for row in data["rows"])


def test_figures_page_without_and_with_a_bad_query(audit_client: FlaskClient) -> None:
    empty = get(audit_client, "/figures")
    assert 'name="q"' in empty and "figure-total" not in empty
    assert "引号不成对" in get(audit_client, '/figures?q="执法', 400)
    assert audit_client.get('/api/figures?q="执法').get_json()["error"].startswith("引号不成对")
    assert "没有找到句子与检索式相符的数据" in get(audit_client, "/figures?q=不存在的说法")


def test_agency_timeline_page_and_json(audit_client: FlaskClient, ids: dict[str, str]) -> None:
    html = get(audit_client, "/agencies/某某县市场监管局")
    assert "<h1>某某县市场监督管理局：历年报告</h1>" in html
    timeline = html[html.index('id="timeline"'):]
    assert timeline.index(MARKET_2023) < timeline.index(MARKET_2024)
    assert f'href="/documents/{ids[MARKET_2024]}/compare"' in timeline
    data = audit_client.get("/api/agencies/某某县市场监督管理局/timeline").get_json()
    assert [entry["report"]["year"] for entry in data["reports"]] == [2023, 2024]
    assert data["names"] == ["某某县市场监督管理局", "某某县市场监管局"]
    # An agency no report signs: a 404 saying so, as the series says (before: an empty page, 200).
    assert "检索库中没有“沙县区应急管理局”这个机构的报告" in get(audit_client, "/agencies/沙县区应急管理局", 404)
    api = audit_client.get("/api/agencies/沙县区应急管理局/timeline")
    assert api.status_code == 404 and "检索库中没有" in api.get_json()["error"]


def test_promise_against_delivery_page_and_json(audit_client: FlaskClient, ids: dict[str, str]) -> None:
    html = get(audit_client, f"/documents/{ids[MARKET_2024]}/compare")
    promises = section(html, "promises")
    assert "下一步将继续开展“安全生产月”活动。" in unescape(promises)
    assert "组织“安全生产月”活动，参与群众1200人次。" in unescape(promises)
    assert f'href="/documents/{ids[MARKET_2023]}#p-8"' in promises
    assert "本报告的新承诺" in html and "力争全年开展执法检查120次以上。" in html
    assert "无从对照" in get(audit_client, f"/documents/{ids[MARKET_2023]}/compare")
    data = audit_client.get(f"/api/documents/{ids[MARKET_2024]}/compare").get_json()
    assert data["previous"]["title"] == MARKET_2023
    assert data["promises"][0]["related"][0]["paragraph"] == 4
    get(audit_client, "/documents/nope/compare", 404)
    assert audit_client.get("/api/documents/nope/compare").status_code == 404


def test_compare_page_verdicts_filters_and_reuse(audit_client: FlaskClient, ids: dict[str, str]) -> None:
    url = f"/documents/{ids[MARKET_2024]}/compare"
    html = get(audit_client, url)
    assert "判断只是辅助" in html  # the verdict is an aid, and the page says so
    verdicts = html[html.index('id="verdicts"') :]
    assert "有下文 1" in verdicts and "未见下文 0" in verdicts
    assert f'href="/documents/{ids[MARKET_2024]}#p-4"' in section(html, "promises")  # the evidence, linked
    assert 'data-verdict="有下文"' in section(html, "promises")
    none = get(audit_client, url + "?verdict=未见下文")
    assert "没有符合筛选条件的承诺" in none and "下一步将继续开展" not in section(none, "promises")
    assert "安全生产月" in get(audit_client, url + "?page=99")  # a page past the end shows the last
    assert 'id="reuse"' in html and "与上一份报告重复的句子" in html
    # a filter that is none of the page's choices (before: an empty list, as if nothing were so)
    assert "verdict 应为 有下文 / 部分/在推进 / 未见下文 之一，而不是“nope”。" in get(audit_client, url + "?verdict=nope", 400)
    assert "上一份报告没有“nope”这一部分" in get(audit_client, url + "?section=nope", 400)
    assert get(audit_client, url + "?verdict=&section=").count('class="promise"') == 1  # (empty: all)


def test_compare_json_takes_the_pages_parameters_and_refuses_as_it_does(audit_client: FlaskClient, ids: dict[str, str]) -> None:
    """(before: the API answered the whole comparison whatever its parameters, verdict=nope too)"""
    url = f"/api/documents/{ids[MARKET_2024]}/compare"
    whole = audit_client.get(url).get_json()
    assert whole["verdict"] == "" and whole["section"] == "" and whole["sections"] == ["三、下一步工作"]
    assert whole["pages"]["promises"] == {"arg": "page", "page": 1, "pages": 1, "total": 1, "start": 1}
    assert whole["pages"]["commitments"]["arg"] == "commitment_page" and len(whole["commitments"]) == 2
    none = audit_client.get(url + "?verdict=未见下文").get_json()
    assert none["promises"] == [] and none["pages"]["promises"]["total"] == 0 and none["verdict"] == "未见下文"
    assert none["verdicts"] == whole["verdicts"]  # the counts are the whole comparison's, as on the page
    assert audit_client.get(url + "?verdict=有下文&section=三、下一步工作&page=99").get_json()["promises"] == whole["promises"]
    for query, page_url in (("verdict=nope", "?verdict=nope"), ("section=nope", "?section=nope"),
                            ("page=abc", "?page=abc"), ("figure_page=1_0", "?figure_page=1_0")):  # fmt: skip
        answer = audit_client.get(url + page_url)
        message = unescape(get(audit_client, url.removeprefix("/api") + page_url, 400))
        assert answer.status_code == 400 and answer.get_json()["error"] in message, query


def test_series_page_table_chart_and_json(audit_client: FlaskClient, ids: dict[str, str]) -> None:
    html = get(audit_client, "/series?agency=某某县市场监督管理局&item=执法检查")
    chart = html[html.index('<svg id="series-chart"') : html.index("</svg>")]
    assert chart.count("<circle") == 3 and "<polyline" in chart
    assert re.search(rf'href="/documents/{ids[MARKET_2024]}#p-\d+"><circle class="point"', chart)  # each point links to its sentence
    assert "102次" in section(html + "</section>", "series") and "目标" in html
    data = audit_client.get("/api/series?agency=某某县市场监管局&item=执法检查").get_json()
    assert [p["written"] for p in data["points"]] == ["88次", "102次", "120次以上"]
    missing = audit_client.get("/api/series?agency=某某县市场监管局")
    # says what to give (before: the bare title 检索式有误, the route's own message lost)
    assert missing.status_code == 400 and "请给出机构和计数对象" in missing.get_json()["error"]
    assert "没有计数对象" in get(audit_client, "/series?agency=某某县市场监管局&item=无此项")
    # an agency no report signs as (before: 200 and 这个机构的报告中没有计数对象含“执法检查”的数据)
    unknown = get(audit_client, "/series?agency=沙县区应急管理局&item=执法检查", 404)
    assert "检索库中没有“沙县区应急管理局”这个机构的报告" in unknown and 'name="agency"' in unknown  # the form stays
    api = audit_client.get("/api/series?agency=沙县区应急管理局&item=执法检查")
    assert api.status_code == 404 and "检索库中没有“沙县区应急管理局”" in api.get_json()["error"]
    assert 'name="agency"' in get(audit_client, "/series")  # no parameter: the empty form
    # an empty agency or item is a 400 as in the API, the form kept (before: 200, the empty form)
    for url in ("/series?agency=&item=执法检查", "/series?agency=某某县市场监管局&item=", "/series?item="):
        refused = get(audit_client, url, 400)
        assert "请给出机构和计数对象" in refused and 'name="agency"' in refused and "series-total" not in refused


def test_figures_page_has_the_new_columns_and_what(audit_client: FlaskClient) -> None:
    html = get(audit_client, "/figures?q=what:执法检查")
    table = html[html.index('id="figures"') : html.index("</table>")]
    counted = re.findall(r'<td class="counted">(.*?)</td>', table)
    assert "活动" in table and "限定" in table and '<td class="qualifier">以上</td>' in table
    assert counted and all("执法检查" in cell for cell in counted)
    data = audit_client.get("/api/figures?q=what:执法检查").get_json()
    assert all("执法检查" in row["counted"] for row in data["rows"]) and {"qualifier", "activity", "target"} <= set(data["rows"][0])


@pytest.mark.parametrize("query", ["what:", "NOT what:罚款"])
def test_figures_what_mistakes_are_a_message_on_the_page_and_the_api(audit_client: FlaskClient, query: str) -> None:
    for url in ("/figures?q=", "/figures.csv?q=", "/api/figures?q="):
        response = audit_client.get(url + query)
        assert response.status_code == 400 and "what: " in unescape(response.get_data(as_text=True))
    assert "不认识的字段" not in get(audit_client, "/figures?q=what:", 400)


def test_statements_json(audit_client: FlaskClient, ids: dict[str, str]) -> None:
    data = audit_client.get(f"/api/documents/{ids[MARKET_2024]}/statements").get_json()
    assert [s["kind"] for s in data] == ["figure", "figure", "problem", "commitment", "commitment"]
    assert data[0]["figures"][0]["text"] == "102 次 执法检查"
    problems = audit_client.get(f"/api/documents/{ids[MARKET_2024]}/statements?kind=problem").get_json()
    assert [s["text"] for s in problems] == ["执法人员培训不足，案卷质量有待提高。"]
    seed = audit_client.get(f"/api/documents/{ids[SEED_TITLE]}/statements?kind=other").get_json()
    assert seed and {s["kind"] for s in seed} == {"other"}
    assert audit_client.get("/api/documents/nope/statements").status_code == 404
    # a kind that is none (before: left out, so kind=figures gave figure, commitment and problem)
    junk = audit_client.get(f"/api/documents/{ids[MARKET_2024]}/statements?kind=figures")
    assert junk.status_code == 400 and junk.get_json()["error"] == "kind 应为 figure / commitment / problem / other 之一，而不是“figures”。"


def test_search_page_takes_the_new_syntax(audit_client: FlaskClient) -> None:
    html = get(audit_client, "/?q=kind:commitment%20执法检查")
    assert "共 <strong id=\"total\">1</strong> 篇报告" in html
    assert re.findall(r"<mark>(.*?)</mark>", html) == ["执法检查", "执法检查"]
    assert "共 <strong id=\"total\">3</strong> 篇报告" in get(audit_client, "/?q=执法检查%20罚款%20/s")
    assert "kind:figure 执法检查" in get(audit_client, "/help")


def test_text_from_reports_is_escaped_on_the_new_pages(web_archive: Archive) -> None:
    hostile = create_app({"INDEX_DIR": web_archive.index_dir, "TESTING": True}).test_client()
    [hit] = web_archive.search("onerror").results
    for url in ("/figures?q=执法检查120次", f"/documents/{hit.id}", f"/documents/{hit.id}/compare",
                "/agencies/某某市生态环境局"):  # fmt: skip
        html = get(hostile, url)
        assert "<script>window" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in get(hostile, "/figures?q=执法检查120次")


def test_national_compare_page_counts_filters_and_pages(national_archive: Archive) -> None:
    """The 2025 national report against 2024's: the summary counts, each verdict and section
    filter, and every list paged (promises and this report's own statements alike)."""
    client = client_of(national_archive)
    doc_id = national_id(national_archive)
    comparison = national_archive.compare(doc_id)
    assert comparison is not None and len(comparison.promises) > 300 and len(comparison.commitments) > 300
    url = f"/documents/{doc_id}/compare"
    html = get(client, url)
    verdicts = html[html.index('id="verdicts"') : html.index("</p>", html.index('id="verdicts"'))]
    assert f"全部 {len(comparison.promises)}" in verdicts
    assert sum(comparison.verdicts.values()) == len(comparison.promises)
    for name, count in comparison.verdicts.items():
        assert f"{name} {count}" in verdicts
        shown = get(client, f"{url}?verdict={name}")
        assert set(re.findall(r'class="promise" data-verdict="([^"]+)"', shown)) == ({name} if count else set())
        assert shown.count('class="promise"') == min(count, 50)
    assert html.count('class="promise"') == 50 and "（共 %d 项）" % len(comparison.promises) in html
    second = get(client, url + "?page=2")
    fifty_first = comparison.promises[50].commitment.text
    assert fifty_first in unescape(section(second, "promises")) and fifty_first not in unescape(section(html, "promises"))
    part = comparison.sections[-1]
    within = get(client, f"{url}?section={part}")
    assert within.count('class="promise"') == min(50, sum(p.commitment.section[:1] == (part,) for p in comparison.promises))

    own = section(html, "own-commitment")
    assert own.count("<li") == 50 and "（共 %d 项）" % len(comparison.commitments) in own
    assert 'href="/documents/%s/compare?commitment_page=2#own-commitment"' % doc_id in own
    paged = section(get(client, f"{url}?verdict=未见下文&commitment_page=2"), "own-commitment")
    assert '<ol start="51">' in paged and unescape(comparison.commitments[50].text) in unescape(paged)
    assert "verdict=%E6%9C%AA%E8%A7%81%E4%B8%8B%E6%96%87" in paged  # the other choices kept in its links
    assert '<ol start="1">' in section(get(client, f"{url}?commitment_page=0"), "own-commitment")
    for bad in ("abc", "1_0", "٣", " 2"):  # (before: abc the first page, 1_0 the tenth, ٣ the third)
        assert "页码应为整数（数字 0–9）" in get(client, f"{url}?commitment_page={bad}", 400)
    # the API takes the same parameters and answers the same page
    api = client.get(f"/api{url}?verdict=未见下文&commitment_page=2").get_json()
    unseen = [p for p in comparison.promises if p.verdict == "未见下文"]
    assert [p["commitment"]["text"] for p in api["promises"]] == [p.commitment.text for p in unseen[:50]]
    assert [s["text"] for s in api["commitments"]] == [s.text for s in comparison.commitments[50:100]]
    assert api["pages"]["commitments"] == {"arg": "commitment_page", "page": 2, "pages": -(-len(comparison.commitments) // 50),
                                           "total": len(comparison.commitments), "start": 51}  # fmt: skip
    assert len(client.get(f"/api{url}?page=2").get_json()["promises"]) == min(50, len(comparison.promises) - 50)
    last = -(-len(comparison.commitments) // 50)
    assert f'<ol start="{(last - 1) * 50 + 1}">' in section(get(client, f"{url}?commitment_page=999"), "own-commitment")


def test_a_series_is_a_heavy_request_within_the_budget(audit_archive: Archive) -> None:
    """An agency's series reads every statement of its reports (国务院 and any item: 2.5-3.7 s
    over the national reports, on a thread no slot or budget held): past the request's budget
    (0 s here, so reached at its first check whatever the machine) it says so, 422."""
    client = create_app({"INDEX_DIR": audit_archive.index_dir, "TESTING": True,
                         "SETTINGS": {"max_request_seconds": 0}}).test_client()  # fmt: skip
    for url in ("/series?agency=某某县市场监管局&item=执法检查", "/api/series?agency=某某县市场监管局&item=执法检查"):
        answer = client.get(url)
        assert answer.status_code == 422 and "缩小" in answer.get_data(as_text=True), url
