"""The auditor's views through the Python API, over a real index: statements, the figures
table, an agency's timeline and promise against delivery."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from whoosh import fields

from archive import Archive, NotFound, QueryError
from archive.store.generations import create_first_generation
from archive.store.schema import SCHEMA
from archive import IndexOutdated

MARKET_2023 = "某某县市场监督管理局2023年度法治政府建设情况报告"
MARKET_2024 = "某某县市场监管局2024年度法治政府建设情况报告"
SEED_TITLE = "三元区应急管理局2024年度法治政府建设情况报告"


@pytest.fixture(scope="module")
def ids(audit_archive: Archive) -> dict[str, str]:
    return {hit.title: hit.id for hit in audit_archive.search("type:报告", limit=10).results}


def test_statements_of_a_report(audit_archive: Archive, ids: dict[str, str]) -> None:
    statements = audit_archive.statements(ids[MARKET_2024])
    kinds = [(s.kind, s.text) for s in statements]
    assert kinds == [
        ("figure", "全年开展执法检查102次，罚款5.2万元，评定A级企业15家。"),
        ("figure", "组织“安全生产月”活动，参与群众1200人次。"),
        ("problem", "执法人员培训不足，案卷质量有待提高。"),
        ("commitment", "力争全年开展执法检查120次以上。"),
        ("commitment", "我局将进一步规范行政处罚程序，执法检查与“双随机”抽查相结合。"),
    ]
    assert [s.paragraph for s in statements] == [3, 4, 6, 8, 9]
    assert statements[0].section == ("一、主要成效", "（一）加强执法监管")
    seed = audit_archive.statements(ids[SEED_TITLE])
    assert {s.kind for s in seed} == {"figure", "problem", "other"}  # the seed makes no promises
    assert audit_archive.statements("nope") is None


def test_the_figures_table_sets_years_side_by_side(audit_archive: Archive) -> None:
    rows = audit_archive.figures("执法检查 agency:某某县")
    checks = [(r.year, r.kind, r.value, r.unit) for r in rows if r.counted == "执法检查"]
    assert checks == [(2023, "figure", 88, "次"), (2024, "figure", 102, "次"), (2024, "commitment", 120, "次")]
    fines = [(r.year, r.normalized, r.base_unit) for r in rows if r.counted == "罚款"]
    assert fines == [(2023, 35000, "元"), (2024, 52000, "元")]
    assert all("执法检查" in r.sentence for r in rows)


def test_the_figures_table_matches_within_sentences(audit_archive: Archive) -> None:
    seed_rows = [r for r in audit_archive.figures("执法检查 罚款") if r.title == SEED_TITLE]
    assert {r.figure for r in seed_rows} >= {"206 次 执法检查", "16.97 万元 罚款"}
    # 参与31546人次 is in a sentence without 执法检查: not a row of this query.
    assert not any("31546" in r.figure for r in audit_archive.figures("执法检查"))
    assert {r.kind for r in audit_archive.figures("kind:figure 执法检查")} == {"figure"}
    assert audit_archive.figures("执法检查 -罚款 agency:某某县") == [
        r for r in audit_archive.figures("执法检查 agency:某某县") if "罚款" not in r.sentence
    ]
    with pytest.raises(QueryError):
        audit_archive.figures('"执法')


def test_timeline_joins_name_variants(audit_archive: Archive) -> None:
    timeline = audit_archive.timeline("某某县市场监管局")
    assert timeline.agency == "某某县市场监督管理局"
    assert timeline.names == ["某某县市场监督管理局", "某某县市场监管局"]
    assert [(e.report.year, e.report.title) for e in timeline.reports] == [(2023, MARKET_2023), (2024, MARKET_2024)]
    assert timeline.reports[1].counts == {"figure": 2, "commitment": 2, "problem": 1}
    assert audit_archive.timeline("三元区应急局").names == ["三元区应急管理局"]
    with pytest.raises(NotFound, match="沙县区应急管理局"):  # no report signs so
        audit_archive.timeline("沙县区应急管理局")


def test_promise_against_delivery(audit_archive: Archive, ids: dict[str, str]) -> None:
    comparison = audit_archive.compare(ids[MARKET_2024])
    assert comparison.previous is not None and comparison.previous.title == MARKET_2023
    [promise] = comparison.promises
    assert promise.commitment.text == "下一步将继续开展“安全生产月”活动。"
    assert [s.text for s in promise.related] == ["组织“安全生产月”活动，参与群众1200人次。"]
    assert [s.text for s in comparison.figures][0].startswith("全年开展执法检查102次")
    assert len(comparison.commitments) == 2 and len(comparison.problems) == 1
    first = audit_archive.compare(ids[MARKET_2023])
    assert first.previous is None and first.promises == []
    assert audit_archive.compare("nope") is None
    data = comparison.to_dict()
    assert data["promises"][0]["related"][0]["figures"][0]["text"] == "1200 人次 群众"
    assert promise.verdict == "有下文" and promise.evidence.text == "组织“安全生产月”活动，参与群众1200人次。"
    assert data["verdicts"] == {"有下文": 1, "部分/在推进": 0, "未见下文": 0}
    assert data["reuse"]["share"] == comparison.reuse.share and data["promises"][0]["verdict"] == "有下文"


@pytest.fixture(scope="module")
def state_council(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """The national work reports of 2010 and 2011 and a regulation the State Council issued in
    2010 (read in place)."""
    archive = Archive(tmp_path_factory.mktemp("state-council-index"))
    national = corpus / "gwr_national_wikisource"
    summary = archive.ingest([national / "2010年中华人民共和国国务院政府工作报告.txt",
                              national / "2011年中华人民共和国国务院政府工作报告.txt",
                              corpus / "lawrefbook_laws" / "行政法规" / "武器装备质量管理条例(2010-09-30).md"])  # fmt: skip
    assert summary.ok and len(summary.added) == 3, summary
    return archive


def test_a_work_report_is_compared_with_the_previous_work_report(state_council: Archive) -> None:
    """The 2011 national report against 2010's, not against the regulation of 2010-09-30 signed
    by the same 国务院 (before: its 1 "promise", 未见下文, instead of the 2010 report's hundreds)."""
    titles = {hit.title: hit.id for hit in state_council.search("国务院", limit=10).results}
    comparison = state_council.compare(titles["2011年中华人民共和国国务院政府工作报告"])
    assert comparison.previous.title == "2010年中华人民共和国国务院政府工作报告"
    assert len(comparison.promises) > 100 and comparison.note == ""
    regulation = state_council.compare(titles["武器装备质量管理条例"])
    assert regulation.previous is None and regulation.promises == []  # (before: compared with the 2010 report)
    assert regulation.note == "这是一份行政法规，不是机构的工作报告：承诺与落实只对照同一机构的历年报告。"
    assert regulation.to_dict()["note"] == regulation.note


def test_what_keeps_the_figures_that_count_it(audit_archive: Archive) -> None:
    """``执法检查`` lists every figure of the sentences holding it; ``what:执法检查`` only the checks."""
    every = {(row.year, row.figure) for row in audit_archive.figures("执法检查")}
    assert (2024, "5.2 万元 罚款") in every
    counted = [(row.year, row.written, row.activity, row.target) for row in audit_archive.figures("what:执法检查")]
    assert (2024, "102次", "开展", False) in counted and (2024, "120次以上", "开展", True) in counted
    assert all("执法检查" in row.counted for row in audit_archive.figures("what:执法检查"))
    assert {row.normalized for row in audit_archive.figures("what:罚款 year:2024")} == {52_000, 169_700}


@pytest.mark.parametrize(
    ("query", "message"),
    [  # before: 不认识的字段“what:”：可用的字段有 title: agency: …, as if what: were no field here
        ("what:", "what: 后面缺少要查找的值，例如 what:执法检查"),
        ("执法检查 what:", "what: 后面缺少要查找的值"),
        ("what:\u200b", "what: 后面缺少要查找的值"),  # (before: 0 rows, an invisible character looked for)
        # before: the what: terms taken out, the operator left alone (OR 两边都需要检索词 …)
        ("what:罚款 OR what:执法检查", "what: 不能与 OR、NOT、- 或括号合用"),
        ("NOT what:罚款", "what: 不能与 OR、NOT、- 或括号合用"),
        ("执法检查 -what:罚款", "what: 不能与 OR、NOT、- 或括号合用"),  # (before: 不认识的字段)
        ("(what:罚款 OR 执法检查)", "what: 不能与 OR、NOT、- 或括号合用"),  # (before: 括号不成对)
        ("what:执" + "法" * 500, "检索式过长（506 个字符）"),  # the length typed
    ],
)
def test_what_mistakes_say_what_is_wrong(audit_archive: Archive, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        audit_archive.figures(query)


def test_what_takes_quotes_any_case_and_a_scope(audit_archive: Archive) -> None:
    """``what:"执法检查"`` and ``WHAT:执法检查`` are ``what:执法检查`` (before: 引号不成对, 不认识的字段
    “WHAT:”); ``what:执法检查 /s`` too, the sentence being its scope already (before: /s 需要检索词)."""
    rows = audit_archive.figures("what:执法检查")
    assert rows
    for query in ('what:"执法检查"', "WHAT:执法检查", "what:执法检查 /s"):
        assert audit_archive.figures(query) == rows
    assert audit_archive.figures('what:"执法 检查"') == []  # a space inside is text: nothing counted so


def test_a_counted_item_year_by_year(audit_archive: Archive, ids: dict[str, str]) -> None:
    series = audit_archive.series("某某县市场监督管理局", "执法检查")  # either name
    assert series.names == ["某某县市场监督管理局", "某某县市场监管局"]
    values = [(p.year, p.value, p.unit, p.target) for p in series.points]
    assert (2024, 102, "次", False) in values and (2024, 120, "次", True) in values  # the target of the 2024 report
    assert [p.year for p in series.points] == sorted(p.year for p in series.points)
    assert series.units == ["次"] and series.to_dict()["points"][0]["id"] in ids.values()
    assert audit_archive.series("某某县市场监管局", "无此项").points == []


@pytest.mark.parametrize(
    ("agency", "item", "error", "message"),
    [
        # before: an empty series, as if the agency's reports held no such figure
        ("沙县区应急管理局", "执法检查", NotFound, "检索库中没有“沙县区应急管理局”这个机构的报告（名称的各种写法都算）。"),
        # before: every figure of the agency ("" is in every counted item; the page and API refused it)
        ("某某县市场监管局", "", QueryError, "请给出机构和计数对象"),
        (" ", "执法检查", QueryError, "请给出机构和计数对象"),
        ("某某县市场监管局", "\u200b", QueryError, "请给出机构和计数对象"),  # (before: an invisible character looked for)
        ("某某县市场监管局", "执" * 501, QueryError, "检索式过长（501 个字符）"),
    ],
)
def test_a_series_of_no_agency_or_no_item_says_so(audit_archive: Archive, agency: str, item: str,
                                                 error: type[Exception], message: str) -> None:  # fmt: skip
    with pytest.raises(error, match=re.escape(message)):
        audit_archive.series(agency, item)


def test_a_series_of_a_name_several_agencies_bear_asks_which(tmp_path: Path) -> None:
    """``应急管理局`` without its county: 东山县's and 西山县's (before: one series of both, as one agency's)."""
    for county in ("东山县", "西山县"):
        (tmp_path / f"{county}.txt").write_text(f"{county}应急管理局2023年工作总结\n一、主要工作\n全年开展执法检查12次。\n",
                                                encoding="utf-8")  # fmt: skip
    archive = Archive(tmp_path / "index")
    archive.ingest([tmp_path])
    with pytest.raises(QueryError, match="“应急管理局”可指 2 个机构：东山县应急管理局、西山县应急管理局；请写出其中一个的全称。"):
        archive.series("应急管理局", "执法检查")
    assert [p.written for p in archive.series("东山县应急局", "执法检查").points] == ["12次"]
    with pytest.raises(QueryError, match="可指 2 个机构"):  # the timeline too (before: both counties' reports)
        archive.timeline("应急管理局")
    assert len(archive.timeline("西山县应急管理局").reports) == 1


def test_an_index_from_before_statements_must_be_rebuilt(tmp_path: Path, market_report: str) -> None:
    old = fields.Schema(**{name: SCHEMA[name] for name in SCHEMA.names() if name not in ("statements", "kinds")})
    create_first_generation(tmp_path / "index", old)
    (tmp_path / "m.txt").write_text(market_report, encoding="utf-8")
    with pytest.raises(IndexOutdated, match="rebuild"):
        Archive(tmp_path / "index").ingest([tmp_path / "m.txt"])
