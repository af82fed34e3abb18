"""Passage ranking within a report (``archive.search.passages``) on real reports' paragraphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.parsing.parse import parse_report
from archive.parsing.readers import read_text
from archive.search.passages import (
    ADJACENT, APART, SENTENCE, closeness, paragraphs_holding, rank_paragraphs, same_paragraph,
)
from archive.text.normalize import normalize

SOCIAL = "pingtan_zwgk_selected/ghxx_gzjzqk/45634_平潭综合实验区社会事业局关于2022年法治工作情况暨2023年工作要点的报告.txt"


@pytest.fixture(scope="module")
def social(corpus: Path) -> tuple[list[str], list[bool]]:
    path = corpus / SOCIAL
    report = parse_report(read_text(path, path.read_bytes()).text, path.name)
    return [normalize(p.text) for p in report.paragraphs], [p.is_heading for p in report.paragraphs]


def _first(paragraphs: tuple[list[str], list[bool]], *terms: str) -> str:
    texts, headings = paragraphs
    return texts[rank_paragraphs(texts, list(terms), headings.__getitem__)[0].index]


def test_every_term_before_some(social: tuple[list[str], list[bool]]) -> None:
    first = _first(social, "未成年人", "少年法庭")
    assert "少年法庭" in first and "未成年人" in first


def test_body_before_a_heading(social: tuple[list[str], list[bool]]) -> None:
    # 留守儿童 is in the heading （四）提升农村留守儿童和困境儿童法治服务 and 福蕾行动计划 in the paragraph under it
    assert "福蕾行动计划" in _first(social, "福蕾行动计划", "留守儿童")


def test_terms_together_before_apart() -> None:
    texts = ["执法人员开展检查。", "开展执法检查。", "执法队伍较弱。问题隐患检查到位。"]
    ranked = rank_paragraphs(texts, ["执法", "检查"])
    assert [c.index for c in ranked] == [1, 0, 2]
    assert [c.together for c in ranked] == [ADJACENT, SENTENCE, APART]


def test_score_then_report_order() -> None:
    texts = ["罚款。", "罚款罚款，罚款。", "罚款。"]
    assert [c.index for c in rank_paragraphs(texts, ["罚款"])] == [1, 0, 2]


def test_a_long_heading_is_body_text() -> None:
    texts = ["1、执法监督到位。" + "紧紧围绕全区中心工作，" * 8 + "开展执法检查。", "（一）执法检查"]
    ranked = rank_paragraphs(texts, ["执法检查"], lambda index: True)
    assert [(c.index, c.heading) for c in ranked] == [(0, False), (1, True)]


def test_the_first_few_ranked_alone_are_the_first_of_all(social: tuple[list[str], list[bool]]) -> None:
    """Asked for the first three, only the paragraphs holding the most distinct terms are ranked
    (as many counts of them as make three), and they come in the order of the whole ranking."""
    texts, headings = social
    for terms in (["未成年人", "法治", "工作"], ["法治"], ["开展", "普法", "宣传"], ["执法", "检查", "罚款"]):
        whole = rank_paragraphs(texts, terms, headings.__getitem__)
        few = rank_paragraphs(texts, terms, headings.__getitem__, first=3)
        assert few[:3] == whole[:3] and len(few) <= len(whole)
    texts = ["执法。", "执法检查，罚款。", "检查。", "执法检查。", "罚款。"]
    assert [c.index for c in rank_paragraphs(texts, ["执法", "检查", "罚款"], first=1)] == [1]
    assert [c.index for c in rank_paragraphs(texts, ["执法", "检查", "罚款"], first=2)] == [1, 3]


def test_paragraphs_without_terms_are_left_out() -> None:
    assert rank_paragraphs(["甲", "乙"], ["丙"]) == []
    assert rank_paragraphs(["甲"], []) == []


def test_same_paragraph_signal() -> None:
    assert same_paragraph(["执法。", "检查。"], ["执法", "检查"]) == -1
    assert same_paragraph(["执法。检查。", "检查。"], ["执法", "检查"]) == APART
    assert same_paragraph(["执法，检查。"], ["执法", "检查"]) == SENTENCE
    assert same_paragraph(["执法检查。"], ["执法", "检查"]) == ADJACENT
    assert closeness("执法检查", ["执法"]) == ADJACENT
    assert same_paragraph(["检查。", "执法。", "执法队伍，检查到位。执法。"], ["执法", "检查"]) == SENTENCE


def test_paragraphs_holding_each_term() -> None:
    texts = ["罚款罚款。", "", "执法检查，罚款。", "检查", "执法"]
    assert paragraphs_holding(texts, ["罚款", "检查", "执法", "未见"]) == {
        0: {"罚款"}, 2: {"罚款", "检查", "执法"}, 3: {"检查"}, 4: {"执法"},
    }  # fmt: skip


def test_a_page_orders_only_its_best_reports_as_a_full_sort_would() -> None:
    """``order(first=…)`` keeps the first of the full relevance order exactly, loose matches
    last and document numbers breaking ties (scores drawn with many ties)."""
    import numpy as np

    from archive.search.ranking import order

    rng = np.random.default_rng(7)
    for trial in range(500):
        n = int(rng.integers(1, 400))
        docnums = np.sort(rng.choice(10_000, n, replace=False))
        scores = rng.integers(0, 4, n).astype(float) if trial % 2 else rng.random(n)
        loose = rng.random(n) < 0.3 if trial % 3 else None
        first = int(rng.integers(1, 40))
        full = order(None, docnums, scores, "relevance", loose)  # type: ignore[arg-type]  # (relevance reads no snapshot)
        assert order(None, docnums, scores, "relevance", loose, first=first)[:first].tolist() == full[:first].tolist()  # type: ignore[arg-type]
