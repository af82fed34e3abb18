"""Promise against delivery over statements (archive.audit.followup): the verdict on a
commitment, the text a report repeats from the previous one, and precision and recall against
the hand-labelled pairs of consecutive national reports in tests/data/followups.json."""

from __future__ import annotations

import json
from pathlib import Path

from archive.audit.followup import DONE, UNDER_WAY, UNSEEN, Thresholds, candidates, follow_ups, judge, text_reuse
from archive.statements.labels import COMMITMENT, FIGURE, OTHER, PROBLEM, Statement
from scripts.evaluate_followups import DATA, finding, judged, score


def statement(text: str, kind: str = OTHER) -> Statement:
    return Statement(text, kind, 1, 0, len(text))


LATER = [
    statement("全年开展安全生产执法检查206次，罚款16.97万元。", FIGURE),
    statement("稳步推进应急指挥平台建设试点。"),
    statement("执法力量相对较弱，执法文书制作还不够规范。", PROBLEM),
    statement("继续开展森林防火宣传进村入户。", COMMITMENT),
    statement("组织“安全生产月”活动，参与群众1200人次。", FIGURE),
]


def test_a_verdict_for_each_commitment() -> None:
    commitments = [
        statement("全年开展安全生产执法检查200次以上。", COMMITMENT),
        statement("建设应急指挥平台，年内完成试点。", COMMITMENT),
        statement("开展森林防火宣传进村入户活动。", COMMITMENT),
        statement("建成区级救灾物资储备库。", COMMITMENT),
    ]
    verdicts = [(f.verdict, f.evidence.text if f.evidence else None) for f in follow_ups(commitments, LATER)]
    assert verdicts == [
        (DONE, LATER[0].text),  # reported done, with its figure
        (UNDER_WAY, LATER[1].text),  # reported as under way
        (UNDER_WAY, LATER[3].text),  # promised again
        (UNSEEN, None),
    ]


def test_the_thresholds_can_be_set_again() -> None:
    # what the cross-validation does on each fold: the same candidates, judged with other thresholds
    commitments = [statement("全年开展安全生产执法检查200次以上。", COMMITMENT), statement("建设应急指挥平台，年内完成试点。", COMMITMENT)]
    found = candidates(commitments, LATER)
    assert [judge(c).verdict for c in found] == [f.verdict for f in follow_ups(commitments, LATER)] == [DONE, UNDER_WAY]
    assert [judge(c, Thresholds(reported=1.0, sure=1.0)).verdict for c in found] == [DONE, UNSEEN]  # a figure of its target stands


def test_work_done_in_order_is_done() -> None:
    # 有序 (in order) says nothing of work under way; 有序推进 still is, by 推进
    later = [statement("有序发展城市群和都市圈，促进大中小城市协调发展。"), *LATER]
    commitment = statement("稳步推进城市群、都市圈建设，促进大中小城市和小城镇协调发展。", COMMITMENT)
    [follow_up] = follow_ups([commitment], later)
    assert (follow_up.verdict, follow_up.evidence) == (DONE, later[0])
    later[0] = statement("有序推进城市群和都市圈建设，促进大中小城市协调发展。")
    assert follow_ups([commitment], later)[0].verdict == UNDER_WAY


def test_a_sentence_under_a_heading_like_the_commitments_comes_first() -> None:
    commitment = Statement("持续深入打好蓝天保卫战。", COMMITMENT, 1, 0, 12, ("二、2025年工作任务", "（七）加强生态环境保护"))
    elsewhere = Statement("蓝天保卫战成效明显。", OTHER, 2, 0, 10, ("一、2024年工作回顾", "（三）推进乡村振兴"))
    same_topic = Statement("蓝天保卫战成效明显。", OTHER, 3, 0, 10, ("一、2024年工作回顾", "（六）生态环境保护持续加强"))
    [follow_up] = follow_ups([commitment], [elsewhere, same_topic, *LATER])
    assert follow_up.evidence is same_topic and follow_up.related[:2] == [same_topic, elsewhere]


def test_finding_is_scored_apart_from_the_verdict() -> None:
    # the labelled evidence against the finder's order of candidates of its kind, whatever the verdict says
    done = statement("全年开展安全生产执法检查200次以上。", COMMITMENT)
    under_way = statement("建设应急指挥平台，年内完成试点。", COMMITMENT)
    entries = [
        {"part": "dev", "verdict": DONE, "evidence": LATER[0].text},  # the first report of work
        {"part": "dev", "verdict": UNDER_WAY, "evidence": LATER[4].text},  # not among its candidates
    ]
    table = finding(list(zip(entries, candidates([done, under_way], LATER))))
    assert table["dev"] == table["all"] == {"done first": 1.0, "done top 3": 1.0, "under way first": 0.0, "under way top 3": 0.0}


def test_text_reuse_counts_verbatim_and_near_repeats() -> None:
    previous = [
        statement("坚持以人民为中心的发展思想，切实保障和改善民生。"),
        statement("全年开展安全生产执法检查206次。", FIGURE),
        statement("一是"),
    ]
    current = [
        statement("坚持以人民为中心的发展思想，切实保障和改善民生！"),  # the same once normalized
        statement("全年开展安全生产执法检查211次。", FIGURE),  # the same but a figure
        statement("组织“安全生产月”活动，参与群众1200人次。", FIGURE),
        statement("一是"),  # too short to tell
    ]
    reuse = text_reuse(current, previous)
    assert [(r.sentence.text, r.similarity) for r in reuse.repeats] == [(current[0].text, 1.0), (current[1].text, 1.0)]
    assert reuse.sentences == 3 and abs(reuse.share - 2 / 3) < 1e-9


# Floors a little below what was measured (README, "Promise against delivery"). dev, tuning,
# tuning-2 … tuning-6 were tuned on (each of the last five after it was scored once as the held-out
# part: 2009 → 2014, 2004 → 2009, 1993 → 2004, 1990 → 1997, CPC 17th → 20th and national
# 1986 → 1989); held-out (national 1978 → 1986) was labelled before any rule was changed and
# scored once with the rules as they were.
FLOORS = {
    "dev": {DONE: (0.58, 0.58), UNSEEN: (0.55, 0.68)},
    "tuning": {DONE: (0.82, 0.66), UNSEEN: (0.50, 0.82)},
    "tuning-2": {DONE: (0.70, 0.58), UNSEEN: (0.56, 0.95)},
    "tuning-3": {DONE: (0.80, 0.62), UNSEEN: (0.28, 0.70)},
    "tuning-4": {DONE: (0.84, 0.48), UNSEEN: (0.22, 0.82)},
    "tuning-5": {DONE: (0.75, 0.38), UNSEEN: (0.47, 0.88)},
    "tuning-6": {DONE: (0.40, 0.20), UNSEEN: (0.30, 0.65)},
    "held-out": {DONE: (0.30, 0.25), UNSEEN: (0.45, 0.85)},
}


def test_the_labelled_pairs(corpus: Path) -> None:
    entries = json.loads(DATA.read_text(encoding="utf-8"))
    assert len(entries) >= 522
    assert {e["part"] for e in entries} == {"dev", "tuning", "tuning-2", "tuning-3", "tuning-4", "tuning-5", "tuning-6", "held-out"}
    assert all(e["evidence"] is None for e in entries if e["verdict"] == UNSEEN)
    table = score(judged())
    for part, floors in FLOORS.items():
        for verdict, (precision, recall) in floors.items():
            row = table[part][verdict]
            assert row["precision"] >= precision and row["recall"] >= recall, (part, verdict, row)
