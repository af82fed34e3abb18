"""Statement labelling: rules on single sentences, headings, whole reports, and precision and
recall against the hand-labelled sentences in tests/data/statements.tsv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from archive.parsing.parse import parse_report
from archive.parsing.sentences import sentence_spans
from archive.statements.labels import (
    COMMITMENT, FIGURE, LABELS, OTHER, PROBLEM, extract_statements, label_sentence, section_kind,
)
from scripts.evaluate_statements import DATA, precision_recall, score_rows

MIN_SCORE = 0.9


def test_the_labelled_set_is_real_and_large_enough(corpus: Path) -> None:
    with DATA.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, delimiter="\t"))
    assert len(rows) >= 200
    assert {row["label"] for row in rows} == set(LABELS)
    sources = {row["source"] for row in rows}
    assert any(name.startswith("2026_") for name in sources)  # provincial reports too
    assert sum(1 for row in rows if row["label"] == PROBLEM) >= 50


def test_precision_and_recall_of_every_label() -> None:
    table = precision_recall(score_rows())
    for label, row in table.items():
        assert row["precision"] >= MIN_SCORE and row["recall"] >= MIN_SCORE, (label, row)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("2024年共开展执法检查206次,下发现场检查记录137份,罚款16.97万元。", FIGURE),
        ("执法力量相对较弱，执法质量有待提高，执法文书制作还不够规范。", PROBLEM),
        ("下一步将继续开展“安全生产月”活动。", COMMITMENT),
        ("对此，我们将坚持问题导向，切实加以改进解决。", COMMITMENT),
        ("力争全年新增市场主体1万户。", COMMITMENT),  # a quantified target is a commitment
        ("全年计划盘活资产18亿元。", COMMITMENT),
        ("将依法行政工作纳入应急管理安全生产重点工作中。", OTHER),  # 将 as 把: done, not promised
        ("结合实际制定了《2024年度安全生产监督检查工作计划》。", OTHER),
        ("严格按照要求，查找薄弱环节，健全防范措施。", OTHER),  # dealing with a weakness
        ("共查摆出区国资局层面存在问题23个。", FIGURE),
        ("5项预期性指标、1项约束性指标未能如期完成。", PROBLEM),
        ("抄送：区委依法治区办；", OTHER),
        ("三元区应急管理局", OTHER),
    ],
)
def test_sentences_on_their_own(sentence: str, label: str) -> None:
    assert label_sentence(sentence) == label


def test_the_part_of_the_report_decides_unmarked_sentences() -> None:
    plain = "简化流程，压缩时限，提升审批效率。"
    assert label_sentence(plain) == OTHER
    assert label_sentence(plain, COMMITMENT) == COMMITMENT
    assert label_sentence("目前，直接监管的企业百余家，难以完全监管到位。", PROBLEM) == PROBLEM
    assert label_sentence("我局共有持证在岗执法人员32人。", PROBLEM) == FIGURE
    assert label_sentence("这五年，我们牢记嘱托，各项建设不断加强。", COMMITMENT) == OTHER  # a review


@pytest.mark.parametrize(
    ("headings", "future_year", "kind"),
    [
        (("三、下一步工作计划",), 2025, COMMITMENT),
        (("二、依法行政过程存在的主要问题及困难",), 2025, PROBLEM),
        (("五、存在的主要问题及改进情况", "（二）改进措施"), 2023, COMMITMENT),
        (("三、2023年工作计划", "（三）重点工作", "1.党建引领，塑造审批系统文化"), 2023, COMMITMENT),
        (("5.问题导向，持续优化营商环境",), 2023, None),
        (("一、2022年主要工作",), 2023, None),
        (("三、2026年主要工作",), 2026, COMMITMENT),  # a 政府工作报告 published in 2026
        (("一、法治建设工作措施及主要成效",), 2025, None),
    ],
)
def test_headings(headings: tuple[str, ...], future_year: int, kind: str | None) -> None:
    assert section_kind(headings, future_year) == kind


def test_a_whole_report(market_report: str) -> None:
    report = parse_report(market_report, "market.txt")
    kinds = {s.text: s.kind for s in extract_statements(report)}
    assert kinds["全年开展执法检查88次，罚款3.5万元，评定A级企业12家。"] == FIGURE
    assert kinds["执法力量相对较弱，执法质量有待提高。"] == PROBLEM
    assert kinds["下一步将继续开展“安全生产月”活动。"] == COMMITMENT
    assert "（一）加强执法监管" not in kinds  # heading titles are no statements


def test_statements_locate_their_text(seed_file: Path) -> None:
    from archive.parsing.parse import read_report

    report = read_report(seed_file, seed_file.read_bytes())
    statements = extract_statements(report)
    assert len(statements) > 40
    for statement in statements:
        paragraph = report.paragraphs[statement.paragraph - 1]
        assert paragraph.text[statement.start : statement.end] == statement.text
        assert statement.section == paragraph.section
    [check] = [s for s in statements if "开展执法检查206次" in s.text]
    assert check.kind == FIGURE and check.to_dict()["figures"][0]["text"] == "206 次 执法检查"
    assert [s.kind for s in statements if "执法质量有待提高" in s.text] == [PROBLEM]


def test_sentences_split_at_sentence_ends_and_keep_closing_quotes() -> None:
    text = "一是完善制度；二是加强培训。他说：“要抓好落实。”下一步将继续推进"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "一是完善制度；", "二是加强培训。", "他说：“要抓好落实。”", "下一步将继续推进",
    ]
    heading = "1、责任落实到位。始终坚持依法行政。"
    assert [heading[a:b] for a, b in sentence_spans(heading, heading=True)] == ["1、责任落实到位", "始终坚持依法行政。"]
    assert sentence_spans("（ ） 。") == []
