"""The query scopes over a real index: kind: (statements of one kind), /s (one sentence), /p (one paragraph)."""

from __future__ import annotations


import pytest

from archive import Archive, QueryError
from archive.search.query import And, KindFilter, Not, Term, Within, parse_query
from helpers import marks

SEED_TITLE = "三元区应急管理局2024年度法治政府建设情况报告"


def titles(archive: Archive, query: str) -> set[str]:
    return {hit.title for hit in archive.search(query, limit=20).results}


def test_the_syntax() -> None:
    assert parse_query("kind:figure 执法检查") == And((KindFilter("figure"), Term("执法检查")))
    assert parse_query("kind:问题") == KindFilter("problem")
    assert parse_query("执法 -罚款 /s") == Within(And((Term("执法"), Not(Term("罚款")))), "sentence")
    assert parse_query("执法 罚款 /段") == Within(And((Term("执法"), Term("罚款"))), "paragraph")
    assert parse_query('"/s"') == Term("/s")  # quoted, it is text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind:money 执法", "kind: 的值"),
        ("kind:figure kind:problem", "只能有一个 kind:"),
        ("执法 /s /p", "只能选一个"),
        ("year:2024 /s", "需要检索词"),
        ("执法 -kind:figure", "不能取反"),
    ],
)
def test_bad_scopes(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)


def test_kind_scopes_terms_to_statements_of_that_kind(audit_archive: Archive) -> None:
    response = audit_archive.search("kind:commitment 执法检查", passages_per_result=10)
    assert {hit.title for hit in response.results} == {"某某县市场监管局2024年度法治政府建设情况报告"}
    [hit] = response.results
    texts = [p.text for p in hit.passages]
    assert texts == ["力争全年开展执法检查120次以上。", "我局将进一步规范行政处罚程序，执法检查与“双随机”抽查相结合。"]
    # The figure sentence of the same report has 执法检查 too, but it is no commitment.
    figures = audit_archive.search("kind:figure 执法检查", passages_per_result=10)
    assert len(figures.results) == 3
    for hit in figures.results:
        assert all(marks(p.html) == ["执法检查"] for p in hit.passages)
        assert not any("力争" in p.text for p in hit.passages)


def test_kind_marks_only_hits_inside_its_statements(audit_archive: Archive) -> None:
    # 2023's plan names 安全生产月 in a commitment, its figures do not.
    [hit] = audit_archive.search("kind:commitment 安全生产月 year:2023").results
    assert [marks(p.html) for p in hit.passages] == [["安全生产月"]]
    assert hit.passages[0].text.startswith("下一步将继续开展")


def test_kind_alone_shows_its_statements(audit_archive: Archive) -> None:
    response = audit_archive.search("kind:problem", passages_per_result=5)
    assert len(response.results) == 3
    for hit in response.results:
        assert hit.passages
        for passage in hit.passages:
            assert marks(passage.html), passage  # the problem sentences themselves are marked
    assert titles(audit_archive, "kind:problem 有待提高") == titles(audit_archive, "kind:problem")
    assert SEED_TITLE not in titles(audit_archive, "kind:problem 执法检查")


def test_same_sentence_and_same_paragraph(audit_archive: Archive) -> None:
    # In the seed, 执法队伍 and 持证在岗 share a paragraph but not a sentence.
    assert titles(audit_archive, "执法队伍 持证在岗 /p") == {SEED_TITLE}
    assert titles(audit_archive, "执法队伍 持证在岗") == {SEED_TITLE}
    sentence = audit_archive.search("执法队伍 持证在岗 /s")
    assert sentence.partial  # no report has both in one sentence: the best partial matches
    both = audit_archive.search("执法检查 罚款 /s", passages_per_result=10)
    assert len(both.results) == 3 and not both.partial
    for hit in both.results:
        for passage in hit.passages:
            assert {"执法检查", "罚款"} <= set(marks(passage.html))


def test_same_sentence_hits_only_in_matching_sentences(audit_archive: Archive) -> None:
    [hit] = audit_archive.search("执法 32人 /s", passages_per_result=10).results
    [passage] = hit.passages
    # 执法 occurs in other sentences of the paragraph too; only the matching sentence is marked.
    assert passage.text.count("执法") > 1
    assert marks(passage.html) == ["执法", "32人"]


def test_not_inside_a_sentence_scope(audit_archive: Archive) -> None:
    with_fine = titles(audit_archive, "执法检查 罚款 /s")
    without = titles(audit_archive, "执法检查 -罚款 /s")
    assert with_fine == {SEED_TITLE, "某某县市场监督管理局2023年度法治政府建设情况报告",
                         "某某县市场监管局2024年度法治政府建设情况报告"}
    # 2023 names 执法检查 only next to 罚款; the others also in sentences without it.
    assert without == {SEED_TITLE, "某某县市场监管局2024年度法治政府建设情况报告"}


def test_kind_and_sentence_together(audit_archive: Archive) -> None:
    assert titles(audit_archive, "kind:figure 执法检查 罚款 /s") == titles(audit_archive, "执法检查 罚款 /s")
    assert audit_archive.search("kind:commitment 执法检查 罚款 /s").partial


def test_facets_count_what_the_exact_pass_keeps(audit_archive: Archive) -> None:
    counts = audit_archive.search("执法检查 -罚款 /s", facets=20).facets
    assert [(v.value, v.count) for v in counts["year"]] == [(2024, 2)]  # not the 2023 report
    assert sum(v.count for v in audit_archive.search("kind:commitment 执法检查", facets=20).facets["agency"]) == 1


@pytest.mark.parametrize("query", ["kind:figure 增长", "kind:commitment 就业", "执法 -罚款 /s", "发展 /p"])
def test_counts_are_exact_on_the_corpus(corpus_archive: Archive, query: str) -> None:
    """The total on a page of 10 is the number of reports the exact pass keeps."""
    first = corpus_archive.search(query, limit=10)
    every = [hit.id for page in range(1, 6) for hit in corpus_archive.search(query, limit=100, page=page).results]
    assert first.total_documents == len(every) == len(set(every)) > 10
    assert {hit.id for hit in first.results} <= set(every)
