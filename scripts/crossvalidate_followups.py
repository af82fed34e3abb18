"""Cross-validation of the follow-up verdict: the hand rules against a model learned from the
finder's signals, on the same folds of the labelled pairs' tuning parts (grouped by report pair,
so no fold learns from the pair it is scored on).

    python scripts/crossvalidate_followups.py [--folds=10] [--held-out]

- hand rules: ``archive.audit.followup.judge`` with today's thresholds, and with thresholds chosen
  again on each training fold (a grid around today's) and applied to its test fold;
- learned: a logistic regression (scikit-learn; three verdicts) over the finder's signals for a
  commitment and its best candidates (scores, shared distinct weight, the commitment's own weight,
  same figure, done / under-way cues, quantified, shortcoming, …), alone and with the hand rules'
  verdict as a signal too; its regularization and class weights chosen by a grouped
  cross-validation inside each training fold;
- evidence: a logistic regression over each candidate sentence's signals, ranking the candidates
  (the verdict as the hand rules give it; the evidence the best-ranked sentence of its kind).

``--held-out`` also fits each on all the tuning parts and scores the held-out part (once, after
the choice is made). Needs scikit-learn (``pip install -e ".[learn]"``); the archive does not:
the learned verdict was not kept (README, "Promise against delivery").
"""

from __future__ import annotations

import itertools
import math
import sys
from pathlib import Path
from typing import Any, Callable

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.audit import followup
from archive.audit.followup import DONE, UNSEEN, VERDICTS, Candidates, FollowUp, Match, Thresholds, judge
from archive.statements.labels import COMMITMENT, FIGURE, PROBLEM
from archive.text.normalize import normalize
from scripts.evaluate_followups import TUNING, found

GRID = [
    Thresholds(reported, distinct, sure, done_score, against)
    for reported, distinct, sure, done_score, against in itertools.product(
        (0.12, 0.14, 0.16, 0.18, 0.2), (1.0, 1.2, 1.4), (0.25, 0.3, 0.35, 0.4), (0.1, 0.15, 0.2), (0.3, 0.4, 0.5, 0.6, 0.7)
    )
]
SETTINGS = [(c, weights) for c in (0.01, 0.03, 0.1, 0.3, 1.0) for weights in (None, "balanced")]
CANDIDATES = 30  # the candidates the evidence ranker orders (the labelled evidence is among them for 0.87)


def _cues(match: Match | None) -> list[float]:
    if match is None:
        return [0.0] * 7
    text = normalize(match.statement.text)
    return [
        float(followup._quantified(match.statement)),
        float(followup._reports_done(match.statement)),
        float(match.statement.kind == PROBLEM),
        float(match.statement.kind == FIGURE),
        float(match.statement.kind == COMMITMENT),
        float(bool(followup._UNDER_WAY_CUES.search(text))),
        float(bool(followup._RESULT_CUES.search(text))),
    ]


def signals(held: Candidates) -> list[float]:
    """The finder's signals for one commitment: what the hand rules weigh, and a few more."""
    reports = [m for m in held.scored if m.reports]
    renewals = [m for m in held.scored if not m.reports]
    report, renewed = (reports or [None])[0], (renewals or [None])[0]
    r_score, n_score = (report.score if report else 0.0), (renewed.score if renewed else 0.0)
    quantified = [m.score for m in reports if followup._quantified(m.statement)]
    return [
        max(r_score, n_score),
        r_score,
        n_score,
        r_score - n_score,
        reports[1].score if len(reports) > 1 else 0.0,
        max(quantified, default=0.0),
        math.log1p(report.weight if report else 0.0),
        math.log1p(renewed.weight if renewed else 0.0),
        math.log1p(held.own_weight),
        float(held.outcome is not None),
        float(sum(1 for m in held.scored if m.score >= followup.REPORTED)),
        float(any(f.target for f in held.commitment.figures)),
        math.log(len(held.commitment.text)),
        *_cues(report),
    ]


def candidate_signals(held: Candidates) -> list[list[float]]:
    """Each of the first ``CANDIDATES`` candidate sentences' signals, for the evidence ranker."""
    best = held.scored[0].score if held.scored else 1.0
    return [
        [m.score, m.score / best, math.log1p(m.weight), float(m.reports), math.log1p(rank), math.log(len(m.statement.text)), *_cues(m)]
        for rank, m in enumerate(held.scored[:CANDIDATES])
    ]


def _model(c: float, weights: str | None) -> Any:
    return make_pipeline(StandardScaler(), LogisticRegression(C=c, class_weight=weights, max_iter=5000))


def _folds(groups: np.ndarray, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    return list(GroupKFold(n_splits=n).split(groups, groups, groups))


def _thresholds(rows: list[tuple[dict[str, Any], Candidates]], index: np.ndarray, verdicts: np.ndarray) -> Thresholds:
    """The grid's thresholds that get most of ``index``'s pairs right (``verdicts``: grid × pairs)."""
    gold = np.array([VERDICTS.index(rows[i][0]["verdict"]) for i in index])
    return GRID[int(np.argmax((verdicts[:, index] == gold).mean(axis=1)))]


def _learned(x: np.ndarray, y: np.ndarray, groups: np.ndarray, train: np.ndarray) -> Any:
    """A logistic regression fitted on ``train``, its setting chosen by grouped cross-validation inside it."""
    inner = _folds(groups[train], 5)

    def right(setting: tuple[float, str | None]) -> float:
        hits = 0
        for fit, test in inner:
            model = _model(*setting).fit(x[train][fit], y[train][fit])
            hits += int((model.predict(x[train][test]) == y[train][test]).sum())
        return hits

    return _model(*max(SETTINGS, key=right)).fit(x[train], y[train])


def _ranked(held: Candidates, verdict: str, rank: Callable[[list[list[float]]], np.ndarray]) -> Any:
    """The evidence for ``verdict``: the outcome when the hand rules rest on it, else the
    best-ranked candidate of the verdict's kind (a report of work for 有下文)."""
    if verdict == UNSEEN or not held.scored:
        return None
    if verdict == DONE and held.outcome is not None and held.outcome.statement.kind != PROBLEM:
        return held.outcome.statement
    pool = [m for m in held.scored[:CANDIDATES] if m.reports or verdict != DONE]
    if not pool:
        return judge(held).evidence
    scores = rank(candidate_signals(held))
    return max(pool, key=lambda m: scores[held.scored.index(m)]).statement


def table(rows: list[tuple[dict[str, Any], Candidates]], said: dict[str, list[tuple[str, Any]]]) -> str:
    """A markdown table: for each way of judging, the share right, P / R of each verdict and the
    share of the pairs with an evidence sentence whose evidence is the labelled one."""
    lines = ["| verdict by | pairs | right | " + " | ".join(f"{v} P / R" for v in VERDICTS) + " | evidence found |", "|---" * 7 + "|"]
    for name, verdicts in said.items():
        gold = [e["verdict"] for e, _ in rows]
        cells = []
        for verdict in VERDICTS:
            both = sum(1 for g, (s, _) in zip(gold, verdicts) if g == s == verdict)
            n_said = sum(1 for s, _ in verdicts if s == verdict)
            cells.append(f"{both / n_said if n_said else 0:.2f} / {both / gold.count(verdict):.2f}")
        with_evidence = [(e, ev) for (e, _), (_, ev) in zip(rows, verdicts) if e["evidence"]]
        evidence = sum(1 for e, ev in with_evidence if ev is not None and ev.text == e["evidence"]) / len(with_evidence)
        right = sum(1 for g, (s, _) in zip(gold, verdicts) if g == s) / len(rows)
        lines.append(f"| {name} | {len(rows)} | {right:.3f} | " + " | ".join(cells) + f" | {evidence:.3f} |")
    return "\n".join(lines)


def crossvalidate(rows: list[tuple[dict[str, Any], Candidates]], n_folds: int, held_out: list[tuple[dict[str, Any], Candidates]]) -> str:
    x = np.array([signals(held) for _, held in rows])
    y = np.array([VERDICTS.index(e["verdict"]) for e, _ in rows])
    pairs = {pair: i for i, pair in enumerate(sorted({(e["previous"], e["next"]) for e, _ in rows}))}
    groups = np.array([pairs[e["previous"], e["next"]] for e, _ in rows])
    grid = np.array([[VERDICTS.index(judge(held, t).verdict) for _, held in rows] for t in GRID])
    candidates_x = [candidate_signals(held) for _, held in rows]
    candidates_y = [[m.statement.text == e["evidence"] for m in held.scored[:CANDIDATES]] for e, held in rows]
    today: list[tuple[str, Any]] = [(f.verdict, f.evidence) for f in (judge(held) for _, held in rows)]
    said: dict[str, list[tuple[str, Any]]] = {"hand rules, today's thresholds (chosen on all these pairs)": today}
    per_fold: dict[str, list[tuple[str, Any]]] = {k: [("", None)] * len(rows) for k in ("hand", "learned", "stacked", "ranked")}
    for train, test in _folds(groups, n_folds):
        bar = _thresholds(rows, train, grid)
        hand = {i: judge(rows[i][1], bar) for i in test}
        stacked_x = np.hstack([x, np.eye(len(VERDICTS))[grid[GRID.index(bar)]]])
        learned = _learned(x, y, groups, train).predict(x[test])
        stacked = _learned(stacked_x, y, groups, train).predict(stacked_x[test])
        ranker = _model(0.1, "balanced").fit(
            np.array([f for i in train for f in candidates_x[i]]), np.array([t for i in train for t in candidates_y[i]])
        )
        for j, i in enumerate(test):
            per_fold["hand"][i] = (hand[i].verdict, hand[i].evidence)
            per_fold["learned"][i] = _with_evidence(rows[i][1], VERDICTS[learned[j]], bar)
            per_fold["stacked"][i] = _with_evidence(rows[i][1], VERDICTS[stacked[j]], bar)
            rank = lambda f: ranker.predict_proba(np.array(f))[:, 1]  # noqa: E731
            per_fold["ranked"][i] = (today[i][0], _ranked(rows[i][1], today[i][0], rank))
    said["hand rules, thresholds chosen on each training fold"] = per_fold["hand"]
    said["learned: logistic regression over the signals"] = per_fold["learned"]
    said["learned: the signals and the hand rules' verdict"] = per_fold["stacked"]
    said["hand rules' verdict, evidence ranked by a learned model"] = per_fold["ranked"]
    out = f"Cross-validation, {n_folds} folds grouped by report pair, {len(rows)} pairs of {', '.join(TUNING)}:\n\n" + table(rows, said)
    if held_out:
        everything = np.arange(len(rows))
        bar = _thresholds(rows, everything, grid)
        hx = np.array([signals(held) for _, held in held_out])
        learned = _learned(x, y, groups, everything).predict(hx)
        ranker = _model(0.1, "balanced").fit(
            np.array([f for i in everything for f in candidates_x[i]]), np.array([t for i in everything for t in candidates_y[i]])
        )
        rank = lambda f: ranker.predict_proba(np.array(f))[:, 1]  # noqa: E731
        held_said = {
            "hand rules, today's thresholds": [(f.verdict, f.evidence) for f in (judge(held) for _, held in held_out)],
            "hand rules, thresholds chosen on all tuning pairs": [(f.verdict, f.evidence) for f in (judge(held, bar) for _, held in held_out)],
            "learned: logistic regression over the signals": [_with_evidence(held, VERDICTS[v], bar) for (_, held), v in zip(held_out, learned)],
            "hand rules' verdict, evidence ranked": [
                (judge(held).verdict, _ranked(held, judge(held).verdict, rank)) for _, held in held_out
            ],
        }
        out += f"\n\nHeld-out part ({len(held_out)} pairs), fitted on all the tuning pairs:\n\n" + table(held_out, held_said)
    return out


def _with_evidence(held: Candidates, verdict: str, bar: Thresholds) -> tuple[str, Any]:
    """A learned verdict with the evidence the hand rules would show for it: the outcome or best
    report of work for 有下文, the best candidate for 部分/在推进, none for 未见下文."""
    follow_up: FollowUp = judge(held, bar)
    if verdict == follow_up.verdict or verdict == UNSEEN:
        return verdict, follow_up.evidence if verdict != UNSEEN else None
    if verdict == DONE:
        if held.outcome is not None:
            return verdict, held.outcome.statement
        return verdict, next((m.statement for m in held.scored if m.reports), None)
    return verdict, held.scored[0].statement if held.scored else None


if __name__ == "__main__":
    folds = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--folds=")), 10)
    print(crossvalidate(found(parts=TUNING), folds, found(parts=("held-out",)) if "--held-out" in sys.argv else []))
