"""What people type, through the API, the CLI (CliRunner) and the web (test client), over real
reports in a temp index: the seed, the Pingtan reports and four 2026 provincial reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from archive import Archive, QueryError
from archive.cli import main
from archive.text.normalize import normalize
from helpers import marks
from web import create_app

PROVINCES = ("上海市", "北京市", "广东省", "海南省", "甘肃省")
SEED_TITLE = "三元区应急管理局2024年度法治政府建设情况报告"
APPROVALS = "平潭综合实验区行政审批局2022年工作总结及2023年工作计划"
SOCIAL = "平潭综合实验区社会事业局关于2022年法治工作情况暨2023年工作要点的报告"
# Hand-written reports for what the corpus lacks: one without a publish date (its year is in its
# title), one with neither date nor year, and two where the same terms stand together or apart.
NO_DATE = """某某县统计局2019年工作总结
一、主要工作
全年开展统计执法检查12次。
"""
NEITHER = """关于进一步规范统计执法检查的通知
各乡镇：
请按要求开展统计执法检查。
"""
SPREAD = """某某县水利局工作总结
日期:2024-03-01
一、河道管理
河道巡查发现问题，依法开展执法，执法队伍继续加强执法，执法执法。
二、其他
对违法采砂处以罚款，罚款已缴清，罚款罚款。
"""
TOGETHER = """某某县林业局工作总结
日期:2024-03-02
一、森林保护
开展执法巡查，对毁林行为处以罚款。
"""


@pytest.fixture(scope="module")
def archive(corpus: Path, seed_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    files = [seed_file, *sorted((corpus / "pingtan_zwgk_selected").rglob("*.txt")),
             *(corpus / "gwr_provincial_2026" / f"2026_{name}_政府工作报告.txt" for name in PROVINCES)]  # fmt: skip
    written = tmp_path_factory.mktemp("typing-reports")
    for name, text in {"no-date": NO_DATE, "neither": NEITHER, "spread": SPREAD, "together": TOGETHER}.items():
        (written / f"{name}.txt").write_text(text, encoding="utf-8")
    archive = Archive(tmp_path_factory.mktemp("typing-index"))
    summary = archive.ingest([*(f for f in files if not f.name.startswith("_")), written])
    assert summary.ok, summary.failed
    return archive


@pytest.fixture(scope="module")
def client(archive: Archive) -> FlaskClient:
    return create_app({"INDEX_DIR": archive.index_dir, "TESTING": True}).test_client()


def cli(archive: Archive, *args: str):
    return CliRunner().invoke(main, [*args, "--index", str(archive.index_dir)], catch_exceptions=False)


# --- fields -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("query", "message"),
    [("foo:bar", "不认识的字段“foo:”"), ("执法检查 agency:", "agency: 后面缺少要查找的值")],
)
def test_a_bad_field_is_a_message_everywhere(archive: Archive, client: FlaskClient, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        archive.search(query)
    result = cli(archive, "search", query)
    assert result.exit_code != 0 and message in result.output
    response = client.get("/", query_string={"q": query})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    api = client.get("/api/search", query_string={"q": query})
    assert api.status_code == 400 and message in api.get_data(as_text=True)


def test_a_quoted_field_is_text(archive: Archive) -> None:
    assert archive.search('"foo:bar"').total_documents == 0
    assert archive.search("www.pingtan.gov.cn").total_documents >= 1


def web_html(client: FlaskClient, query: str, status: int = 200, **params: str) -> str:
    response = client.get("/", query_string={"q": query, **params})
    assert response.status_code == status
    return response.get_data(as_text=True)


def api(client: FlaskClient, query: str, **params: str) -> dict:
    response = client.get("/api/search", query_string={"q": query, **params})
    assert response.status_code == 200
    return response.get_json()


# --- agency names in any variant ------------------------------------------------------

@pytest.mark.parametrize("query", ["三元区应急局", "agency:三元区应急局", "三明市三元区应急局 执法检查"])
def test_agency_variants_find_the_agency_and_say_which_names(archive: Archive, client: FlaskClient, query: str) -> None:
    response = archive.search(query)
    assert [hit.title for hit in response.results] == [SEED_TITLE]
    [notice] = [n for n in response.notices if n.kind == "agency"]
    assert "三元区应急管理局" in notice.text
    assert "三元区应急管理局" in cli(archive, "search", query).output.split("篇报告")[0]
    assert [r["title"] for r in api(client, query)["results"]] == [SEED_TITLE]
    assert "按机构名称的各种写法匹配：三元区应急管理局" in web_html(client, query)


def test_the_agency_box_takes_any_variant(client: FlaskClient) -> None:
    html = web_html(client, "执法检查", agency="三元区应急局")
    assert SEED_TITLE in html and "按机构名称的各种写法匹配" in html
    assert APPROVALS not in html


def test_a_short_name_finds_a_titled_report_with_its_title_line(archive: Archive) -> None:
    [hit] = archive.search("国资局 国资国企监管工作情况").results
    assert hit.passages[0].title and "<mark>国资国企监管工作情况</mark>" in hit.passages[0].html


# --- punctuation inside and around terms ------------------------------------------------

def test_a_trailing_full_stop_finds_what_the_bare_term_finds(archive: Archive, client: FlaskClient) -> None:
    bare = {hit.id for hit in archive.search("执法检查", limit=50).results}
    typed = archive.search("执法检查。", limit=50)
    assert {hit.id for hit in typed.results} == bare and len(bare) > 1  # not one report: all of them
    flags = [hit.as_typed for hit in typed.results]
    assert flags == sorted(flags, reverse=True) and True in flags and False in flags  # as typed first
    [notice] = [n for n in typed.notices if n.kind == "loose"]
    assert f"{flags.count(True)} 篇按输入原样匹配" in notice.text and f"另有 {flags.count(False)} 篇" in notice.text
    assert "另有" in cli(archive, "search", "执法检查。").output and "［忽略标点］" in cli(archive, "search", "执法检查。").output
    html = web_html(client, "执法检查。")
    assert "篇按输入原样匹配" in html and html.count('class="badge loose"') == flags.count(False)
    assert [r["as_typed"] for r in api(client, "执法检查。")["results"]] == flags


@pytest.mark.parametrize(("typed", "text"), [("三公经费", "“三公”经费"), ("300项网上办", "300项“网上办”"),
                                           ("1100.76亿元", "1,100.76亿元")])
def test_marks_in_the_text_between_the_characters_typed(archive: Archive, client: FlaskClient, typed: str, text: str) -> None:
    response = archive.search(typed)
    assert response.total_documents >= 1 and response.trimmed
    assert not response.results[0].as_typed
    assert any(text.lstrip("“") in passage.text for passage in response.results[0].passages)
    assert "<mark>" in response.results[0].passages[0].html
    assert "忽略了原文字间的标点" in web_html(client, typed)
    assert "忽略了原文字间的标点" in cli(archive, "search", typed).output


def test_marks_typed_alone_find_the_reports_holding_them_as_typed(archive: Archive, client: FlaskClient) -> None:
    """``%。`` (the end of a figure, copied): the reports holding ``%。``, each marking ``%。`` (or ``％。``)
    (before: also every other report with a ``%``, marked 忽略标点: marks alone are the text wanted)."""
    response = archive.search("%。", limit=100, passages_per_result=100)
    assert 1 < response.total_documents < archive.count("%")
    assert all(hit.as_typed for hit in response.results) and not response.trimmed
    assert {normalize(mark) for hit in response.results for p in hit.passages for mark in marks(p.html)} == {"%。"}
    assert [n.kind for n in response.notices] == []
    assert "忽略标点" not in web_html(client, "%。")


@pytest.mark.parametrize(("typed", "offered"), [("：。", ["：", "。"]), ("”。）", ["”。"])])
def test_marks_no_report_holds_offer_their_longest_runs_that_reports_hold(archive: Archive, client: FlaskClient,
                                                                         typed: str, offered: list[str]) -> None:  # fmt: skip
    """``：。`` (no report holds it; 336 hold ``：``): no results, and ``：`` and ``。`` offered with their
    counts (before: nothing found and nothing offered); ``”。）`` offers ``”。``, not a single mark."""
    response = archive.search(typed)
    assert response.total_documents == 0 and not response.trimmed and not response.partial
    assert sorted((s.query, s.count) for s in response.suggestions) == sorted((o, archive.count(o)) for o in offered)
    assert all(archive.count(o) > 0 for o in offered)
    first = response.suggestions[0]
    assert f"是否要找：{first.query}（{first.count} 篇，少几个标点）" in cli(archive, "search", typed).output
    html = web_html(client, typed)
    assert "没有找到匹配的报告" in html and f"{first.count} 篇 · 少几个标点" in html
    assert [s["query"] for s in api(client, typed)["suggestions"]] == [s.query for s in response.suggestions]


def test_a_number_typed_with_thousands_separators_offers_it_without(archive: Archive, client: FlaskClient) -> None:
    """``达1,224家``: a comma between digits is part of the number, and the report has 达1224家: nothing
    was found and nothing offered. The number without its separators is offered with its count."""
    response = archive.search("达1,224家")
    assert response.total_documents == 0
    [suggestion] = response.suggestions
    assert (suggestion.query, suggestion.count) == ("达1224家", archive.count("达1224家")) and suggestion.count > 0
    assert f"{suggestion.count} 篇 · 数字不加千分位" in web_html(client, "达1,224家")
    assert [s.query for s in archive.search("达１，２２４家").suggestions] == ["达１２２４家"]  # (typed full-width)


def test_text_copied_with_a_leading_hyphen_offers_itself_as_text(archive: Archive, client: FlaskClient) -> None:
    """``-雄安人才``, copied from 北京市's ``京-雄安人才``, is an exclusion: it lists every report
    without it, and nothing said so. Quoted, as text, it is offered with its count."""
    response = archive.search("-雄安人才")
    assert response.total_documents > archive.count('"-雄安人才"') > 0
    [suggestion] = response.suggestions
    assert (suggestion.query, suggestion.count) == ('"-雄安人才"', archive.count('"-雄安人才"'))
    typed = CliRunner().invoke(main, ["search", "--index", str(archive.index_dir), "--", "-雄安人才"])  # (-… is no option)
    assert f"是否要找：\"-雄安人才\"（{suggestion.count} 篇，“-”作文字查找）" in typed.output
    assert f"{suggestion.count} 篇 · “-”作文字查找" in web_html(client, "-雄安人才")
    assert archive.search("执法 -雄安人才").suggestions == []  # an exclusion beside a term is meant


# --- spaces inside Chinese words ------------------------------------------------------------

def test_single_characters_typed_apart_offer_the_joined_word_and_rank_it_first(archive: Archive, client: FlaskClient) -> None:
    spaced = archive.search("执 法 检 查", limit=50)
    joined = archive.search("执法检查", limit=50)
    [suggestion] = spaced.suggestions
    assert (suggestion.query, suggestion.count) == ("执法检查", joined.total_documents)
    assert spaced.query == "执 法 检 查" and spaced.total_documents > joined.total_documents  # the query is not changed
    holding = {hit.id for hit in joined.results}
    assert {hit.id for hit in spaced.results[: len(holding)]} == holding  # the reports with 执法检查 first
    assert "<mark>执法检查</mark>" in spaced.results[0].passages[0].html  # not 执 法 检 查 scattered
    assert f"是否要找：执法检查（{suggestion.count} 篇，去掉字间空格）" in cli(archive, "search", "执 法 检 查").output
    html = web_html(client, "执 法 检 查")
    assert f'<a class="suggestion" href="/?q=%E6%89%A7%E6%B3%95%E6%A3%80%E6%9F%A5">执法检查</a><span class="count">{suggestion.count} 篇' in html
    assert api(client, "执 法 检 查")["suggestions"][0]["query"] == "执法检查"


def test_a_word_split_in_two_offers_the_word(archive: Archive) -> None:
    [suggestion] = archive.search("安全生产 月").suggestions
    assert suggestion.query == "安全生产月" and suggestion.count == archive.count("安全生产月") > 0
    assert archive.search("执法检查 罚款").suggestions == []  # 执法检查罚款 is no word


# --- typos and pinyin ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("typed", "meant", "label"),
    [("执发检查", "执法检查", "同音字"), ("安全生厂", "安全生产", "错一字"), ("zhifa jiancha", "执法检查", "按拼音"),
     ("法执检查", "执法检查", "字序颠倒"), ("执发检查 agency:三元区", "执法检查 agency:三元区", "同音字")],
)  # fmt: skip
def test_corrections_are_offered_with_counts_never_run(archive: Archive, client: FlaskClient, typed: str, meant: str,
                                                       label: str) -> None:  # fmt: skip
    response = archive.search(typed)
    assert response.total_documents == 0 and response.query == typed  # what was typed stays
    suggestion = response.suggestions[0]
    assert suggestion.query == meant and suggestion.count == archive.count(meant) > 0
    assert f"是否要找：{meant}（{suggestion.count} 篇，{label}）" in cli(archive, "search", typed).output
    assert api(client, typed)["suggestions"][0]["query"] == meant
    html = web_html(client, typed)
    assert f"{suggestion.count} 篇 · {label}" in html and "没有找到匹配的报告" in html


def test_no_corrections_when_the_query_finds_enough(archive: Archive) -> None:
    assert archive.search("执法检查").suggestions == []


# --- pages and sorting -------------------------------------------------------------------------

def test_a_page_past_the_last_is_a_message(archive: Archive, client: FlaskClient) -> None:
    total = archive.count("执法检查")
    response = archive.search("执法检查", page=999)
    assert response.past_the_end and response.results == []
    assert f"没有第 999 页：共 {total} 篇报告" in next(n.text for n in response.notices if n.kind == "page")
    result = cli(archive, "search", "执法检查", "--page", "999")
    assert result.exit_code == 1 and "没有第 999 页" in result.output
    assert "没有这一页" in web_html(client, "执法检查", 404, page="999")
    answer = client.get("/api/search", query_string={"q": "执法检查", "page": "999"})
    assert answer.status_code == 404 and "没有第 999 页" in answer.get_json()["notices"][0]["text"]
    assert not archive.search("不存在的说法").past_the_end  # page 1 of nothing is no error


@pytest.mark.parametrize("sort", ["date", "oldest"])
def test_date_sort_uses_the_report_year_and_puts_reports_with_neither_last(archive: Archive, client: FlaskClient,
                                                                          sort: str) -> None:  # fmt: skip
    response = archive.search("统计执法检查", sort=sort)
    titles = [hit.title for hit in response.results]
    assert titles[-1] == "关于进一步规范统计执法检查的通知"  # neither date nor year: last both ways
    [hit] = [hit for hit in response.results if hit.title.startswith("某某县统计局")]
    assert hit.date is None and hit.year == 2019 and response.by_year == 1 and response.undated == 1
    every = archive.search("执法检查", sort=sort, limit=50).results
    keys = [hit.date or str(hit.year) for hit in every if hit.date or hit.year]
    assert keys == sorted(keys, reverse=sort == "date")
    [notice] = [n for n in response.notices if n.kind == "dates"]
    assert "1 篇没有发布日期，按报告年度" in notice.text and "1 篇既无发布日期也无年度，排在最后" in notice.text
    assert "按报告年度" in cli(archive, "search", "统计执法检查", "--sort", sort).output
    assert "按报告年度" in web_html(client, "统计执法检查", sort=sort)


def test_year_is_never_a_sentinel(archive: Archive) -> None:
    stats = archive.stats()
    assert 1900 <= stats["years"][0] <= stats["years"][1] <= 2100
    [hit] = archive.search("规范统计执法检查").results
    assert hit.year is None and hit.date is None
    assert "4294967295" not in cli(archive, "stats").output


# --- passages and ranking -------------------------------------------------------------------------

def test_the_paragraph_answering_comes_first(archive: Archive, client: FlaskClient) -> None:
    [hit] = archive.search("福蕾行动计划 留守儿童").results  # 留守儿童 is also in the heading above it
    assert hit.title == SOCIAL and "福蕾行动计划" in hit.passages[0].text and not hit.passages[0].title
    first = api(client, "福蕾行动计划 留守儿童")["results"][0]["passages"][0]
    assert first["paragraph"] == hit.passages[0].paragraph
    output = cli(archive, "search", "福蕾行动计划 留守儿童").output
    assert output[output.index("¶"):].startswith(f"¶{hit.passages[0].paragraph}:")  # the first passage printed


def test_the_document_page_keeps_report_order(archive: Archive) -> None:
    [hit] = archive.search("福蕾行动计划 留守儿童").results
    marked = archive.read(hit.id, "福蕾行动计划 留守儿童")
    with_hits = [p.paragraph for p in marked.paragraphs if "<mark>" in p.html]
    assert with_hits == sorted(with_hits) and with_hits[0] < hit.passages[0].paragraph  # the heading first, in order


def test_a_title_query_is_answered_by_the_title_line(archive: Archive, client: FlaskClient) -> None:
    [hit] = archive.search("行政审批局 2023年工作计划").results
    assert hit.title == APPROVALS and hit.passages[0].title and hit.passages[0].paragraph == 0
    assert "<mark>2023年工作计划</mark>" in hit.passages[0].html
    assert "  标题: " in cli(archive, "search", "行政审批局 2023年工作计划").output
    html = web_html(client, "行政审批局 2023年工作计划")
    assert '<span class="badge title">标题</span>' in html
    assert api(client, "行政审批局 2023年工作计划")["results"][0]["passages"][0]["title"] is True


def test_a_report_holding_the_terms_in_one_paragraph_ranks_first(archive: Archive) -> None:
    titles = [hit.title for hit in archive.search("执法 罚款 title:某某县").results]
    assert titles == ["某某县林业局工作总结", "某某县水利局工作总结"]  # the spread one scores more by BM25 alone
