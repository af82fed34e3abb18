"""Smoke test of the benchmark machinery (``python -m bench``) on a tiny slice of the real corpus.

It checks that the phases run end to end and the table is written; it measures
nothing and sets no time limit.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ is a folder of the project, not an installed package
    sys.path.insert(0, str(ROOT))

from bench.queries import SET_NAMES, Query, generate, matches
from bench.corpus import Doc, changed_copy, select_files
from bench.run import interleave, main
from bench.report import percentile
from bench.systems import LABELS

CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"real corpus not found at {CORPUS}")
    return CORPUS


def test_sets_select_the_report_sources(corpus: Path) -> None:
    reports = select_files(corpus, "reports")
    assert reports and all(p.parent.name.startswith(("gwr_", "cpc_")) for p in reports)
    assert not any(p.name.startswith("_") for p in reports)
    sample = select_files(corpus, "reports", limit=3, seed=1)
    assert len(sample) == 3 and set(sample) <= set(reports)
    assert sample == select_files(corpus, "reports", limit=3, seed=1)  # fixed by the seed


def test_query_sets_are_literal_text_of_the_corpus_and_fixed_by_the_seed() -> None:
    docs = [
        Doc(0, "/a.txt", 100, ["某县市场监管局2023年工作报告", "全年开展执法检查206次，罚款16.97万元，同比增长4.8%。",
                               "下一步将继续加强安全生产监管执法。"], 2023, "某县市场监管局"),
        Doc(1, "/b.txt", 100, ["某市2024年政府工作报告", "地区生产总值增长5.2%，新增就业1.3万人。",
                               "坚持依法行政，推进执法检查全覆盖。"], 2024, "某市人民政府"),
    ]
    sets = generate(docs, seed=7, cap=4)
    assert set(sets) == set(SET_NAMES)
    again = generate(docs, seed=7, cap=4)
    assert [q.text for qs in sets.values() for q in qs] == [q.text for qs in again.values() for q in qs]
    for query in (q for qs in sets.values() for q in qs):
        assert any(matches(doc.text, doc, query) for doc in docs), query  # each finds its source
        assert not any(c.isspace() for t in query.terms for c in t)
    assert all(re.search(r"\d", q.text) for q in sets["figures"])
    assert all(len(q.terms) in (2, 3) for q in sets["multi"])
    assert all(q.years or q.agency for q in sets["filters"])
    assert Query.from_dict(json.loads(json.dumps(sets["filters"][0].to_dict()))) == sets["filters"][0]


def test_interleave_and_percentile() -> None:
    mixed = interleave({"a": [1, 2, 3, 4], "b": [10, 20]})
    assert sorted(mixed) == [1, 2, 3, 4, 10, 20] and mixed[:2] == [1, 10]
    assert percentile([5, 1, 3, 2, 4], 95) == 5 and percentile([1, 2], 50) == 1 and percentile([], 95) is None


def test_benchmark_runs_end_to_end_on_a_tiny_slice(corpus: Path, tmp_path: Path) -> None:
    output = tmp_path / "RESULTS.md"
    raw = tmp_path / "raw.json"
    code = main(["--corpus", str(corpus), "--set", "reports", "--limit-docs", "3", "--queries", "3", "--no-web",
                 "--cold-runs", "1", "--systems", "ours,fts5,tantivy", "--output", str(output), "--json", str(raw)])
    assert code == 0
    table = output.read_text("utf-8")
    assert "# Benchmark results" in table and "## Targets (ours)" in table
    for column in ("recall literal", "recall figures", "recall multi", "recall filters", "p95 ms", "× scan"):
        assert column in table
    assert re.search(r"\| ours \(archive\) \| [01]\.\d{3} \|", table)
    assert "plain scan" in table and "SQLite FTS5 trigram" in table
    assert "skipped (--no-web)" in table
    assert re.search(r"\*\*(PASS|FAIL)\*\*", table)
    assert "# Promise against delivery" in table and re.search(r"\| compare page < 1 s, national 2025 report \| \d+\.\d\d s", table)

    result = json.loads(raw.read_text("utf-8"))
    assert result["meta"]["docs"] == 3
    for system in ("scan", "ours", "fts5", "tantivy"):
        phase = result["search"][system]
        assert phase["run"] == phase["of"] > 0 and all("ms" in row for row in phase["rows"]), system
    assert result["ingest"]["ours"]["index_bytes"] > 0 and result["ingest"]["ours"]["peak"] > 0
    assert result["compare"]["promises"] > 300 and 0 < result["compare"]["page_first_s"]
    # The oracle is the scan itself, and ours must find everything it finds on this slice.
    assert result["summary"]["scan"]["all"]["recall"] == 1.0
    assert result["summary"]["ours"]["all"]["recall"] == 1.0
    assert result["summary"]["fts5"]["all"]["recall"] == result["summary"]["tantivy"]["all"]["recall"] == 1.0


def test_changed_copies_differ_keep_years_and_every_line() -> None:
    text = "某县2023年工作报告\n全年开展执法检查206次，罚款16.97万元。\n２０２４年计划\n下一步将继续加强监管。"
    copies = [changed_copy(text, k) for k in (1, 2, 3)]
    assert len({text, *copies}) == 4
    for k, copy in enumerate(copies, 1):
        lines = copy.split("\n")
        assert lines[0] == "某县2023年工作报告" and "２０２４年计划" in lines  # title first, years kept
        assert sorted(lines) == sorted(changed_copy(text, k).split("\n"))  # deterministic
        assert len(lines) == 4 and "下一步将继续加强监管。" in lines
    assert "检查317次，罚款27.08万元" in copies[0] and "检查539次，罚款49.20万元" in copies[2]


def test_4x_run_prints_the_growth_of_every_system(corpus: Path, tmp_path: Path) -> None:
    output, raw = tmp_path / "RESULTS.md", tmp_path / "raw.json"
    code = main(["--corpus", str(corpus), "--set", "4x", "--limit-docs", "4", "--queries", "3", "--no-web", "--no-compare",
                 "--cold-runs", "1", "--systems", "fts5,tantivy", "--output", str(output), "--json", str(raw)])
    assert code == 0
    table = output.read_text("utf-8")
    assert "## Growth 1× → 4×" in table and "## 1×: the full corpus" in table and "## 4×: four distinct copies" in table
    runs = json.loads(raw.read_text("utf-8"))["runs"]
    assert runs["4x"]["meta"]["docs"] == 4 * runs["1x"]["meta"]["docs"]
    assert runs["4x"]["queries"] == runs["1x"]["queries"]
    for size in ("1x", "4x"):
        for system in ("fts5", "tantivy"):  # the peers find what the scan finds, at both sizes
            assert all(runs[size]["summary"][system][name]["recall"] == 1.0 for name in SET_NAMES), (size, system)
    growth = table.split("## 1×")[0]
    for label in (LABELS["fts5"], LABELS["tantivy"], LABELS["scan"]):
        assert re.search(rf"\| {re.escape(label)} \| [^|]+ → [^|]+ \(", growth), label
