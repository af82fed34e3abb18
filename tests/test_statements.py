"""Statement labelling: rules on single sentences, headings, whole reports, and precision and
recall against the hand-labelled sentences in tests/data/statements.tsv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from archive.parsing.parse import parse_report, read_report
from archive.parsing.sentences import sentence_spans
from archive.statements.labels import (
    COMMITMENT, FIGURE, LABELS, OTHER, PAST, PROBLEM, extract_statements, is_plan_document, label_sentence, section_kind,
)
from scripts.evaluate_statements import COMMITMENTS, DATA, precision_recall, score_rows

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


def test_commitments_of_the_old_national_reports(corpus: Path) -> None:
    """tests/data/commitments.tsv: 120 sentences of eight national reports of 1990–1998 (year-less
    plan parts, review lines inside them), labelled commitment or not before the rules for them
    were written; measured 0.921 / 1.000 (before them: 0.683 / 0.400)."""
    row = precision_recall(score_rows(COMMITMENTS))[COMMITMENT]
    assert row["support"] >= 60 and row["precision"] >= 0.88 and row["recall"] >= 0.95, row


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
    assert label_sentence("国务院的机构改革，已按七届人大一次会议批准的方案基本完成。", COMMITMENT) == OTHER  # done
    assert label_sentence("改造提升已建成自然村的生活污水治理设施。", COMMITMENT) == COMMITMENT  # 已建成: a noun's


@pytest.mark.parametrize(
    ("headings", "future_year", "kind"),
    [
        (("三、下一步工作计划",), 2025, COMMITMENT),
        (("二、依法行政过程存在的主要问题及困难",), 2025, PROBLEM),
        (("五、存在的主要问题及改进情况", "（二）改进措施"), 2023, COMMITMENT),
        (("三、2023年工作计划", "（三）重点工作", "1.党建引领，塑造审批系统文化"), 2023, COMMITMENT),
        (("5.问题导向，持续优化营商环境",), 2023, None),
        (("一、2022年主要工作",), 2023, PAST),
        (("三、2026年主要工作",), 2026, COMMITMENT),  # a 政府工作报告 published in 2026
        (("一、法治建设工作措施及主要成效",), 2025, PAST),
        (("一、2024年工作回顾",), 2025, PAST),
        (("二、2025年经济社会发展总体要求和政策取向",), 2025, COMMITMENT),
        (("一、１９９０年计划的执行情况",), 1991, PAST),  # a plan carried out: a review
        (("三、以提高经济效益为中心，全面完成１９９１年计划",), 1991, COMMITMENT),  # a plan to carry out
        (("二、一九九○年的国内工作",), 1990, COMMITMENT),  # a year in Chinese numerals
        (("一、关于过去五年的政府工作",), 1998, PAST),
        (("一、改革开放和现代化建设取得伟大成就的五年",), 1993, PAST),
        (("二、继续扩大内需和实施积极的财政政策",), 1999, None),  # says nothing of itself
    ],
)
def test_headings(headings: tuple[str, ...], future_year: int, kind: str | None) -> None:
    assert section_kind(headings, future_year) == kind


def test_a_review_part_holds_no_commitments(corpus: Path) -> None:
    """The national report's review (一、2024年工作回顾) ends on vows (我们一定…决不辜负人民期待):
    no promise an auditor can follow up; its plan parts are commitments from start to end."""
    path = corpus / "gwr_national_wikisource" / "2025年中华人民共和国国务院政府工作报告.txt"
    statements = extract_statements(read_report(path, path.read_bytes()))
    review = [s for s in statements if s.section[:1] == ("一、2024年工作回顾",)]
    plan = [s for s in statements if s.section[:1] and s.section[0].startswith(("二、", "三、"))]
    assert len(review) > 100 and not [s.text for s in review if s.kind == COMMITMENT]
    assert sum(s.kind == COMMITMENT for s in plan) >= 0.97 * len(plan)
    assert label_sentence("我们一定直面问题和挑战，尽心竭力做好工作，决不辜负人民期待！", review=True) == OTHER
    assert label_sentence("业务档案数字化二期预计春节前基本完工。", review=True) == COMMITMENT  # dated ahead


YEARLESS_PLAN = """2001年国务院政府工作报告
一、2000年工作回顾
2000年，国民经济增长8%，经济结构调整取得积极进展。
国有企业改革和脱困三年目标基本实现。
二、继续扩大内需和实施积极的财政政策
今年要继续实施积极的财政政策，发行长期建设国债1500亿元。
国债资金主要用于在建项目，确保工程质量。
去年财政增发国债加强基础设施建设，银行也相应增加了贷款。
三、关于国际形势和外交工作
我国同发展中国家的团结合作进一步加强，同发达国家的关系得到改善。
中国将继续奉行独立自主的和平外交政策。
和平与发展仍然是当今世界的两大主题。
"""


def test_after_a_review_a_part_that_looks_ahead_is_a_plan() -> None:
    """The old national reports name no year in their plan parts (二、继续扩大内需…, after
    一、2000年工作回顾); a part whose sentences look ahead more than they report is a plan, and
    its review lines (去年…增加了贷款, 关系得到改善) stay other."""
    statements = extract_statements(parse_report(YEARLESS_PLAN, "2001年国务院政府工作报告.txt"))
    kinds = {s.text: s.kind for s in statements}
    assert kinds["国有企业改革和脱困三年目标基本实现。"] == OTHER
    assert kinds["今年要继续实施积极的财政政策，发行长期建设国债1500亿元。"] == COMMITMENT
    assert kinds["国债资金主要用于在建项目，确保工程质量。"] == COMMITMENT
    assert kinds["去年财政增发国债加强基础设施建设，银行也相应增加了贷款。"] == OTHER
    assert kinds["我国同发展中国家的团结合作进一步加强，同发达国家的关系得到改善。"] == OTHER
    assert kinds["中国将继续奉行独立自主的和平外交政策。"] == COMMITMENT
    assert kinds["和平与发展仍然是当今世界的两大主题。"] == COMMITMENT  # a plan part's sentence
    mixed = YEARLESS_PLAN.replace("一、2000年工作回顾", "一、2000年工作回顾和2001年工作的总体要求").replace(
        "国有企业改革和脱困三年目标基本实现。", "廉政建设和反腐败斗争取得新进展。今年政府工作总的要求是：继续扩大内需。"
    )
    kinds = {s.text: s.kind for s in extract_statements(parse_report(mixed, "2001年国务院政府工作报告.txt"))}
    assert kinds["廉政建设和反腐败斗争取得新进展。"] == OTHER  # (斗争取得 is no 争取)
    assert kinds["今年政府工作总的要求是：继续扩大内需。"] == COMMITMENT  # the review part plans the year too
    without_review = YEARLESS_PLAN.replace("一、2000年工作回顾", "一、坚持稳中求进")
    kinds = {s.text: s.kind for s in extract_statements(parse_report(without_review, "x.txt"))}
    assert kinds["国债资金主要用于在建项目，确保工程质量。"] == OTHER  # no review before: no plan inferred


PROMISED_LIST = """某某区应急管理局2024年度工作情况报告
一、2024年工作情况
全年开展执法检查206次。
二、存在的问题
执法力量相对较弱，执法文书制作还不够规范。针对上述问题，我局将重点从以下方面做好改进：一是加强执法队伍建设。二是完善执法制度，规范执法文书。三是开展执法培训4次。
三、其他工作
组织开展“安全生产月”活动。
"""


def test_each_item_of_a_promised_list_is_a_commitment() -> None:
    statements = extract_statements(parse_report(PROMISED_LIST, "某某区应急管理局2024年度工作情况报告.txt"))
    kinds = {s.text: s.kind for s in statements}
    assert kinds["针对上述问题，我局将重点从以下方面做好改进："] == COMMITMENT
    assert kinds["一是加强执法队伍建设。"] == COMMITMENT  # (the items are split off their lead sentence)
    assert kinds["二是完善执法制度，规范执法文书。"] == COMMITMENT
    assert kinds["三是开展执法培训4次。"] == COMMITMENT
    assert kinds["执法力量相对较弱，执法文书制作还不够规范。"] == PROBLEM
    assert kinds["组织开展“安全生产月”活动。"] == OTHER  # the list ended with its part


PLAN_DOCUMENT = """某某区应急管理局2025年工作要点
围绕全区中心工作，统筹发展和安全。
组织开展“安全生产月”活动。
全年开展执法检查200次以上。
"""


def test_every_sentence_of_a_plan_document_is_a_commitment() -> None:
    report = parse_report(PLAN_DOCUMENT, "某某区应急管理局2025年工作要点.txt")
    assert is_plan_document(report)
    statements = extract_statements(report)
    assert statements and all(s.kind == COMMITMENT for s in statements)
    [target] = statements[-1].figures
    assert target.target and (target.value, target.qualifier, target.counted) == (200, "以上", "执法检查")
    summary = parse_report(PLAN_DOCUMENT.replace("2025年工作要点", "2024年工作总结及2025年工作要点"), "x.txt")
    assert not is_plan_document(summary)


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
