"""Search over a real index: exact matching, highlights, ranking, filters, partial matches."""

from __future__ import annotations

import threading

import pytest

from archive import Archive, QueryError
from archive.text.analysis import gram_key, is_exact_key
from helpers import marks


def passages(archive: Archive, query: str, **options) -> list:
    return [p for hit in archive.search(query, **options).results for p in hit.passages]


@pytest.mark.parametrize(
    "query",
    ["执法检查", "管理局", "检查206次", "开展执法检查206次", "16.97万元", "罚款16.97万元", "第3条", "A级", "206", "6",
     "“双随机、一公开”", "(一)依法全面履行政府职能", "安全生产月", "下一步将"],
)
def test_text_from_a_report_is_found_and_highlighted_exactly(seed_archive: Archive, query: str) -> None:
    response = seed_archive.search(query, passages_per_result=50)
    assert response.total_documents >= 1 and not response.partial
    found = [p for hit in response.results for p in hit.passages]
    assert found, query
    for passage in found:
        assert query in passage.text
        # Every mark is the query itself (or overlapping copies of it), nothing else.
        assert all(query in mark or mark in query * 2 for mark in marks(passage.html)), passage.html
        assert "".join(marks(passage.html)).count(query) == passage.text.count(query)


def test_an_ellipsis_typed_around_text_finds_the_text(seed_archive: Archive) -> None:
    found = passages(seed_archive, "下一步将…")
    assert found and all(marks(p.html) and set(marks(p.html)) == {"下一步将"} for p in found)
    assert passages(seed_archive, "……开展执法检查") == passages(seed_archive, "开展执法检查")


def test_quotes_typed_around_text_the_report_lacks_are_left_out_and_said(seed_archive: Archive) -> None:
    quoted = seed_archive.search("“开展执法检查206次”")
    assert quoted.trimmed and quoted.total_documents == 1
    assert marks(quoted.results[0].passages[0].html) == ["开展执法检查206次"]
    assert not seed_archive.search("“双随机、一公开”").trimmed  # the report has the quotes: exact
    assert seed_archive.search("“不存在的说法”").total_documents == 0
    # An ellipsis or full stop inside the typed quotes goes too; filters and scopes still apply.
    assert seed_archive.search("“……开展执法检查206次。”").trimmed
    assert seed_archive.search("year:2024 kind:figure 《执法检查206次》 /s").total_documents == 1
    assert seed_archive.search("year:2020 “开展执法检查206次”").total_documents == 0


def test_partial_matches_prefer_the_terms_as_typed(seed_archive: Archive) -> None:
    typed = seed_archive.search("执法检查 “不存在的说法”")  # 执法检查 is there as typed: no trimming
    assert typed.partial and not typed.trimmed and typed.total_documents == 2
    bare = seed_archive.search("“开展执法检查206次” 不存在的说法")  # only the trimmed term is there
    assert bare.partial and bare.trimmed and bare.total_documents == 1


def test_single_characters_are_not_scattered_highlights(seed_archive: Archive) -> None:
    for passage in passages(seed_archive, "检查206次"):
        assert marks(passage.html) == ["检查206次"]


def test_matching_ignores_width_case_and_traditional_forms(seed_archive: Archive) -> None:
    # The hand-written report has "１９８８年" (full width) and "A级".
    for query in ("1988年", "１９８８年", "a级", "Ａ級"):
        found = passages(seed_archive, query)
        assert found, query
        assert marks(found[0].html)[0] in ("１９８８年", "A级")  # displayed as written


def test_no_match_across_paragraphs(seed_archive: Archive) -> None:
    # "…开展专项整治。" ends one paragraph and "二、存在问题" starts the next.
    assert seed_archive.search("专项整治。二、存在").total_documents == 0


def test_all_terms_required_and_partial_matches_marked(seed_archive: Archive) -> None:
    both = seed_archive.search("执法检查 罚款")
    assert both.total_documents == 2 and not both.partial
    partial = seed_archive.search("执法检查 不存在的说法")
    assert partial.partial and partial.total_documents == 2
    assert seed_archive.search("不存在的说法 另一个").total_documents == 0


def test_operators(seed_archive: Archive) -> None:
    assert seed_archive.search("206次 OR 88次").total_documents == 2
    assert seed_archive.search("执法检查 -88次").total_documents == 1
    assert seed_archive.search("(206次 OR 88次) NOT 16.97万元").total_documents == 1
    assert seed_archive.search('"执法力量相对较弱，执法质量有待提高"').total_documents == 1


def test_filters(seed_archive: Archive) -> None:
    assert {h.year for h in seed_archive.search("执法 year:2024").results} == {2024}
    assert seed_archive.search("执法 year:2020-2023").total_documents == 1
    assert seed_archive.search("执法 agency:三元区").total_documents == 1
    assert seed_archive.search("agency:市场监督").total_documents == 1
    assert seed_archive.search("执法 type:法治政府").total_documents == 2
    assert seed_archive.search("title:某某县 执法").total_documents == 1
    assert seed_archive.search("date:2025-01-01..2025-01-31").total_documents == 1
    assert seed_archive.search("agency:没有这个机构").total_documents == 0


def test_an_agency_filter_naming_a_ministry_or_the_state_council_finds_its_reports(national_archive: Archive) -> None:
    # The reports are signed 国务院; the filter spells it as the titles do (before: nothing found).
    assert national_archive.search("agency:中华人民共和国国务院 就业").total_documents == 2
    assert national_archive.search("agency:国务院 就业").total_documents == 2
    assert national_archive.search("agency:中华人民共和国外交部 就业").total_documents == 0  # another ministry


def test_sort_by_date(seed_archive: Archive) -> None:
    newest = [h.date for h in seed_archive.search("执法", sort="date").results]
    oldest = [h.date for h in seed_archive.search("执法", sort="oldest").results]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)


def test_title_and_heading_matches_rank_first(seed_archive: Archive) -> None:
    # Both reports mention 法治; the one with it in title and headings ranks above one with it once.
    top = seed_archive.search("依法行政").results
    assert "三元区" in top[0].title


def test_passages_carry_heading_path_and_paragraph_number(seed_archive: Archive) -> None:
    [passage] = passages(seed_archive, "开展执法检查206次")
    assert passage.section.startswith("一、法治建设工作措施及主要成效 › ")
    report = seed_archive.get(seed_archive.search("开展执法检查206次").results[0].id)
    assert passage.text == report.paragraphs[passage.paragraph - 1].text


def test_json_shape(seed_archive: Archive) -> None:
    data = seed_archive.search("执法检查").to_dict()
    assert {"query", "total_documents", "total_passages", "took_ms", "partial", "results"} <= data.keys()
    result = data["results"][0]
    assert {"id", "title", "agency", "year", "date", "type", "source", "score", "passages"} <= result.keys()
    assert set(result["passages"][0]) == {"paragraph", "section", "text", "html", "title"}


def test_html_is_escaped(seed_archive: Archive, tmp_path) -> None:
    archive = Archive(tmp_path / "index")
    (tmp_path / "x.txt").write_text("标题\n正文<script>alert(1)</script>与执法&检查。\n", encoding="utf-8")
    archive.ingest([tmp_path / "x.txt"])
    [passage] = passages(archive, "<script>")
    assert passage.html.startswith("正文<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;")


def test_phrases_across_words_match_exactly(seed_archive: Archive) -> None:
    """A phrase over several jieba words matches where the text has it, and only there
    (the stock ChineseAnalyzer's character-offset positions made such phrases never match)."""
    response = seed_archive.search('"执法检查206次"')
    assert response.total_documents == 1
    assert "<mark>执法检查206次</mark>" in response.results[0].passages[0].html
    assert seed_archive.search('"执法检查次"').total_documents == 0


def test_rare_pairs_sharing_an_index_term_are_told_apart(tmp_path) -> None:
    """丂七 and 与侉 are rare pairs that share one hashed term (archive.text.analysis.gram_key):
    the reports in that term are checked against their text."""
    assert gram_key("丂七") == gram_key("与侉") and not is_exact_key("丂七")
    (tmp_path / "a.txt").write_text("甲报告\n正文里有丂七二字。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙报告\n正文里有与侉二字。\n", encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
    for query, title in (("丂七", "甲报告"), ("与侉", "乙报告"), ("有丂七二", "甲报告")):
        response = archive.search(query)
        assert [hit.title for hit in response.results] == [title]
        assert marks(response.results[0].passages[0].html) == [query]
    assert archive.search("丂侉").total_documents == 0


@pytest.mark.parametrize("options", [{"limit": 0}, {"limit": 1000}, {"page": 0}, {"sort": "random"}])
def test_bad_options_are_query_errors(seed_archive: Archive, options: dict) -> None:
    with pytest.raises(QueryError):
        seed_archive.search("执法", **options)


def test_searchers_let_go_of_their_files(seed_archive: Archive) -> None:
    """A view of the index lives on its searcher: archives dropped after searching leave no open files."""
    import gc
    import os

    def open_files() -> int:
        gc.collect()
        return len(os.listdir("/proc/self/fd"))

    Archive(seed_archive.index_dir).search("执法检查")
    before = open_files()
    for _ in range(20):
        Archive(seed_archive.index_dir).search("执法检查")
    assert open_files() <= before

    # Each thread has a searcher of its own; one whose thread has ended goes with it.
    archive = Archive(seed_archive.index_dir)
    archive.search("执法检查")
    before = open_files()
    for _ in range(20):
        thread = threading.Thread(target=archive.search, args=("执法检查",))
        thread.start()
        thread.join()
    assert open_files() <= before


def test_text_copied_with_a_space_in_it_finds_its_report_first(tmp_path) -> None:
    """Text copied from a report with its space (``第二十一条 为了保障…`` of a law, cut after
    ``为``) is two terms: the report holding them together as typed comes first, however many
    others hold both apart more often (found on the corpus: a law holding ``第二十一条 为`` was
    past the first page of 107 results), marked as typed."""
    (tmp_path / "law.txt").write_text(
        "某某省实施办法\n" + "本办法适用于本省行政区域内的有关活动和管理工作。\n" * 30
        + "第二十一条 为了保障依法举行的游行的行进，可以临时变通执行交通规则。\n", encoding="utf-8")  # fmt: skip
    for i in range(12):
        (tmp_path / f"other{i}.txt").write_text(
            f"某某条例{i}\n第二十一条规定的行为，依照第二十一条处理。\n第二十一条所称行为为违法行为。\n", encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([tmp_path])
    for typed in ("第二十一条 为", "“第二十一条 为”"):  # also in Chinese quotes, which are no phrase quotes
        response = archive.search(typed)
        assert response.total_documents == 13
        first = response.results[0]
        assert first.title == "某某省实施办法"
        assert marks(first.passages[0].html) == ["第二十一条 为"]  # the text as typed, marked as one


def test_a_word_typed_apart_finds_the_reports_holding_it_first(tmp_path) -> None:
    """``区 共建`` typed for 区共建: the reports holding the terms joined come first, also those
    past the best ten by score (found on the corpus: 2 of the 6 reports holding 园区共建 were
    past the first page of 83 results)."""
    (tmp_path / "joined.txt").write_text(
        "某某市工作报告\n" + "本市各项工作稳步推进，群众满意度持续提升。\n" * 30 + "推进园区共建共赢机制。\n", encoding="utf-8")
    for i in range(12):
        (tmp_path / f"apart{i}.txt").write_text(f"某某区报告{i}\n本区共同推进共建，区内共建项目{i}个，全区的共建单位。\n", encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([tmp_path])
    response = archive.search("区 共建")
    assert response.total_documents == 13
    assert response.results[0].title == "某某市工作报告"
    assert marks(response.results[0].passages[0].html) == ["区共建"]


def test_text_copied_with_invisible_characters_finds_its_report(seed_archive: Archive) -> None:
    """``\ufeff开展执法检查206次`` (a byte-order mark, a zero-width space inside): the seed
    report, marked as its text has it (before: 0 reports, and no word why)."""
    response = seed_archive.search("\ufeff开展执法\u200b检查206次")
    assert response.total_documents == 1
    assert marks(response.results[0].passages[0].html) == ["开展执法检查206次"]


@pytest.mark.parametrize(
    ("typed", "marked"),
    [
        # a sentence quoted whole: its own full stop stays marked (before: 下一步将…活动, without it)
        ("“下一步将继续开展“安全生产月”活动。”", "下一步将继续开展“安全生产月”活动。"),
        # a clause copied with its comma, a 。 typed after it (before: 全年开展执法检查88次)
        ("全年开展执法检查88次，。", "全年开展执法检查88次，"),
        ("“执法力量相对较弱，”", "执法力量相对较弱，"),
    ],
)
def test_marks_typed_around_text_leave_the_texts_own_marks_marked(seed_archive: Archive, typed: str,
                                                                  marked: str) -> None:  # fmt: skip
    """Of the marks at a term's ends, only those the report lacks are left out."""
    response = seed_archive.search(typed)
    assert response.total_documents >= 1 and response.trimmed
    assert marks(response.results[0].passages[0].html) == [marked]


def test_a_loose_match_marks_the_longest_form_its_report_holds(seed_archive: Archive) -> None:
    """``，执法。`` (the report has ``，执法`` once): its passages mark ``，执法``, not every other 执法
    too (before: each loose form of the term, down to the bare 执法, was marked wherever it stood).
    The report page marks the same."""
    response = seed_archive.search("，执法。", passages_per_result=50)
    hit = next(hit for hit in response.results if hit.title.startswith("某某县市场监督管理局"))
    assert not hit.as_typed
    assert [mark for p in hit.passages for mark in marks(p.html)] == ["，执法"]
    page = seed_archive.read(hit.id, "，执法。")
    assert [mark for p in page.paragraphs for mark in marks(p.html)] == ["，执法"]
