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
from bench.corpus import Doc, select_files
from bench.run import interleave, main
from bench.report import percentile

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
                 "--cold-runs", "1", "--systems", "ours,fts5", "--output", str(output), "--json", str(raw)])
    assert code == 0
    table = output.read_text("utf-8")
    assert "# Benchmark results" in table and "## Targets (ours)" in table
    for column in ("recall literal", "recall figures", "recall multi", "recall filters", "p95 ms", "× scan"):
        assert column in table
    assert re.search(r"\| ours \(archive\) \| [01]\.\d{3} \|", table)
    assert "plain scan" in table and "SQLite FTS5 trigram" in table
    assert "skipped (--no-web)" in table
    assert re.search(r"\*\*(PASS|FAIL)\*\*", table)

    result = json.loads(raw.read_text("utf-8"))
    assert result["meta"]["docs"] == 3
    for system in ("scan", "ours", "fts5"):
        phase = result["search"][system]
        assert phase["run"] == phase["of"] > 0 and all("ms" in row for row in phase["rows"]), system
    assert result["ingest"]["ours"]["index_bytes"] > 0 and result["ingest"]["ours"]["peak"] > 0
    # The oracle is the scan itself, and ours must find everything it finds on this slice.
    assert result["summary"]["scan"]["all"]["recall"] == 1.0
    assert result["summary"]["ours"]["all"]["recall"] == 1.0
