"""The auditor commands, through click's CliRunner: statements and figures."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from archive import Archive
from archive.audit.views import WHAT_EMPTY
from archive.cli import main

MARKET_2024 = "某某县市场监管局2024年度法治政府建设情况报告"


def run(archive: Archive, *args: str):
    return CliRunner().invoke(main, [*args, "--index", str(archive.index_dir)], catch_exceptions=False)


def doc_id(archive: Archive, title: str) -> str:
    return next(hit.id for hit in archive.search("type:报告", limit=10).results if hit.title == title)


def test_statements_json_in_document_order(audit_archive: Archive) -> None:
    result = run(audit_archive, "statements", doc_id(audit_archive, MARKET_2024), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(s["kind"], s["paragraph"]) for s in data] == [
        ("figure", 3), ("figure", 4), ("problem", 6), ("commitment", 8), ("commitment", 9),
    ]
    first = data[0]
    assert set(first) >= {"text", "kind", "paragraph", "section", "figures"}
    assert first["section"] == ["一、主要成效", "（一）加强执法监管"]
    fine = first["figures"][1]
    assert (fine["value"], fine["unit"], fine["counted"], fine["normalized"], fine["base_unit"]) == (
        5.2, "万元", "罚款", 52000, "元",
    )


def test_statements_by_kind_and_as_text(audit_archive: Archive) -> None:
    doc = doc_id(audit_archive, MARKET_2024)
    problems = json.loads(run(audit_archive, "statements", doc, "--kind", "problem", "--json").stdout)
    assert [s["text"] for s in problems] == ["执法人员培训不足，案卷质量有待提高。"]
    others = json.loads(run(audit_archive, "statements", doc, "--kind", "other", "--json").stdout)
    assert others == []  # every body sentence of this report is a statement
    text = run(audit_archive, "statements", doc).stdout
    assert "¶3 [数据] 全年开展执法检查102次" in text and "→ 102 次 执法检查；5.2 万元 罚款" in text
    assert "¶8 [承诺] 力争全年开展执法检查120次以上。" in text
    missing = run(audit_archive, "statements", "nope")
    assert missing.exit_code == 1 and "没有编号为 nope 的报告" in missing.stderr


def test_figures_table_as_text_csv_and_json(audit_archive: Archive) -> None:
    text = run(audit_archive, "figures", "执法检查 agency:某某县")
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert any(line.startswith("2023  某某县市场监督管理局  88 次 执法检查  [") for line in lines)
    assert lines[0].startswith("2023  某某县市场监督管理局  12 家 A级企业  [")  # (评定 is its activity)
    assert any("120 次 执法检查（目标）" in line for line in lines)
    assert "项数据" in text.stderr

    table = run(audit_archive, "figures", "执法检查", "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    assert {"id", "agency", "year", "value", "unit", "counted", "sentence"} <= set(rows[0])
    assert {(r["year"], r["value"], r["unit"]) for r in rows if r["counted"] == "执法检查"} >= {
        ("2023", "88.0", "次"), ("2024", "102.0", "次"), ("2024", "206.0", "次"),
    }
    data = json.loads(run(audit_archive, "figures", "kind:figure 罚款", "--json").stdout)
    assert {row["kind"] for row in data} == {"figure"} and any(row["normalized"] == 169700 for row in data)


def test_figures_with_a_bad_query(audit_archive: Archive) -> None:
    result = run(audit_archive, "figures", "kind:money")
    assert result.exit_code == 1 and "kind:" in result.stderr and "Traceback" not in result.output


def test_figures_what_mistakes_and_a_what_with_a_space(audit_archive: Archive) -> None:
    for query in ("what:", "what:罚款 OR what:执法检查"):
        result = run(audit_archive, "figures", query)
        assert result.exit_code == 1 and result.stderr.count("\n") == 1 and result.stderr.startswith("Error: what: ")
    # --what is one text (before: --what "A级 企业" was what:A级 and a term 企业 of the sentence: 评定A级企业12家)
    assert json.loads(run(audit_archive, "figures", "agency:某某县", "--what", "A级 企业", "--json").stdout) == []
    assert json.loads(run(audit_archive, "figures", "agency:某某县", "--what", "A级企业", "--json").stdout)
    # an empty --what is the web's message and an error (before: exit 0 and no rows)
    for empty in ("", " ", '""'):
        result = run(audit_archive, "figures", "agency:某某县", "--what", empty, "--json")
        assert result.exit_code == 1 and result.stdout == "" and result.stderr == "Error: " + WHAT_EMPTY + "\n", empty


def test_a_series_of_an_unknown_agency_or_no_item_is_an_error(audit_archive: Archive) -> None:
    """(before: exit 0, ``0 项数据``, and for an empty item every figure of the agency)"""
    unknown = run(audit_archive, "series", "沙县区应急管理局", "执法检查")
    assert unknown.exit_code == 1 and unknown.stderr == "Error: 检索库中没有“沙县区应急管理局”这个机构的报告（名称的各种写法都算）。\n"
    empty = run(audit_archive, "series", "某某县市场监管局", "", "--json")
    assert empty.exit_code == 1 and empty.stdout == "" and "请给出机构和计数对象" in empty.stderr


def test_figures_what_series_and_compare(audit_archive: Archive) -> None:
    counted = run(audit_archive, "figures", "agency:某某县", "--what", "执法检查", "--json")
    rows = json.loads(counted.stdout)
    assert rows and all("执法检查" in row["counted"] for row in rows)
    assert json.loads(run(audit_archive, "figures", "agency:某某县 what:执法检查", "--json").stdout) == rows

    series = run(audit_archive, "series", "某某县市场监管局", "执法检查")
    assert series.exit_code == 0 and series.stdout.splitlines()[0].startswith("2023  88次 执法检查")
    data = json.loads(run(audit_archive, "series", "某某县市场监管局", "执法检查", "--json").stdout)
    assert [p["year"] for p in data["points"]] == [2023, 2024, 2024] and data["units"] == ["次"]

    comparison = json.loads(run(audit_archive, "compare", doc_id(audit_archive, MARKET_2024), "--json").stdout)
    assert comparison["verdicts"]["有下文"] == 1 and comparison["promises"][0]["evidence"]["paragraph"]
    text = run(audit_archive, "compare", doc_id(audit_archive, MARKET_2024)).stdout
    assert "承诺 1 项（有下文 1" in text and "[有下文]" in text
    assert run(audit_archive, "compare", "nope").exit_code == 1
