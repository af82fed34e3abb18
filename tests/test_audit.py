"""The auditor's views through the Python API, over a real index: statements, the figures
table, an agency's timeline and promise against delivery."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import fields

from archive import Archive, QueryError
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
    assert audit_archive.timeline("沙县区应急管理局").reports == []


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
    assert data["promises"][0]["related"][0]["figures"][0]["text"] == "1200 人次 参与群众"


def test_an_index_from_before_statements_must_be_rebuilt(tmp_path: Path, market_report: str) -> None:
    old = fields.Schema(**{name: SCHEMA[name] for name in SCHEMA.names() if name not in ("statements", "kinds")})
    create_first_generation(tmp_path / "index", old)
    (tmp_path / "m.txt").write_text(market_report, encoding="utf-8")
    with pytest.raises(IndexOutdated, match="rebuild"):
        Archive(tmp_path / "index").ingest([tmp_path / "m.txt"])
