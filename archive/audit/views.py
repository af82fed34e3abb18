"""The auditor's views over the index: a report's statements, a table of figures across
reports, an agency's reports by year, and a report's figures next to the commitments
of the same agency's previous report (promise against delivery).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

import numpy as np

from archive.model import Report, ReportRef
from archive.parsing.agencies import canonical_agency, read_agency
from archive.parsing.sentences import body_sentence_spans
from archive.search import query as q
from archive.search.matching import candidates, current_versions
from archive.search.results import SECTION_SEPARATOR
from archive.search.scope import Scope, matches
from archive.settings import DEFAULTS, Deadline
from archive.statements.figures import Figure, amount
from archive.statements.labels import COMMITMENT, FIGURE, KINDS, OTHER, PROBLEM, Statement
from archive.store.gateway import Snapshot
from archive.store.layout import StoredReport
from archive.text.analysis import words
from archive.text.normalize import normalize

RELATED_PER_PROMISE = 3
MIN_SHARED_WORDS = 2
_STOP_WORDS = {"进一步", "加强", "工作", "推进", "开展", "继续", "持续", "全面", "深入", "积极", "推动", "提升", "不断"}


def report_statements(stored: StoredReport) -> list[Statement]:
    """Every body sentence of the report in document order, with the label it was indexed
    with (``other`` for the sentences not labelled)."""
    report = stored.report
    labelled = {(s.paragraph, s.start): s for s in stored.statements}
    statements = []
    for ordinal, paragraph in enumerate(report.paragraphs, start=1):
        for start, end in body_sentence_spans(paragraph.text, paragraph.is_heading):
            statements.append(
                labelled.get((ordinal, start))
                or Statement(paragraph.text[start:end], OTHER, ordinal, start, end, paragraph.section)
            )
    return statements


# --- the figures table ---------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    """One figure of a statement whose sentence matches the query: a table row."""

    id: str
    title: str
    agency: str | None
    year: int | None
    date: str | None
    kind: str  # figure, or commitment for a target
    paragraph: int
    section: str
    sentence: str
    figure: str  # ``206 次 执法检查``
    value: float
    high: float | None
    unit: str
    counted: str
    normalized: float
    base_unit: str
    approximate: bool

    @classmethod
    def of(cls, report: Report, statement: Statement, figure: Figure) -> FigureRow:
        return cls(
            report.id, report.title, report.agency, report.year, report.date, statement.kind, statement.paragraph,
            SECTION_SEPARATOR.join(statement.section), statement.text, figure.text, figure.value, figure.high,
            figure.unit, figure.counted, figure.normalized, figure.base_unit, figure.approximate,
        )  # fmt: skip

    @property
    def amount(self) -> str:
        """The value as written plainly, or the range: ``16.97``, ``10-20``."""
        return amount(self.value, self.high)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FIGURE_FIELDS = tuple(FigureRow.__dataclass_fields__)


def figure_rows(snapshot: Snapshot, text: str, max_reports: int = DEFAULTS.max_figure_reports,
                deadline: Deadline | None = None) -> list[FigureRow]:  # fmt: skip
    """Every figure (and every target of a commitment) whose sentence satisfies the query
    ``text``, one row per figure, by agency, what was counted, then year.

    The query is matched within each sentence; its filters (``year:``, ``agency:``, …)
    choose the reports, and ``kind:figure`` or ``kind:commitment`` keeps one kind of rows.
    ``deadline`` is checked before each report.
    """
    scope = Scope.of(q.parse_query(text))
    kinds = {scope.kind} if scope.kind else {FIGURE, COMMITMENT}
    rows = []
    in_sentences = Scope.of(q.Within(scope.query, q.SENTENCE))
    for docnum in np.flatnonzero(candidates(snapshot, in_sentences) & current_versions(snapshot))[:max_reports]:
        if deadline is not None:
            deadline.check()
        stored = snapshot.report(int(docnum))
        report = stored.report
        for statement in stored.statements:
            if statement.kind in kinds and matches(scope.query, normalize(statement.text)):
                rows.extend(FigureRow.of(report, statement, figure) for figure in statement.figures)
    return sorted(rows, key=lambda r: (canonical_agency(r.agency or ""), r.counted, r.year or 0, r.date or "",
                                       r.id, r.paragraph))  # fmt: skip


# --- agencies over the years -----------------------------------------------------------


@dataclass
class TimelineEntry:
    """One report of an agency, with how many statements of each kind it has."""

    report: ReportRef
    counts: dict[str, int]


@dataclass
class Timeline:
    agency: str  # the canonical name asked for
    names: list[str]  # the names the reports sign with
    reports: list[TimelineEntry]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def agency_reports(snapshot: Snapshot, name: str) -> Iterator[StoredReport]:
    """Every stored report whose agency is ``name`` (any variant); current versions only."""
    wanted = read_agency(name)
    current = current_versions(snapshot)
    for key in snapshot.lexicon("agency_key"):
        if wanted.matches(read_agency(key)):
            for docnum in np.flatnonzero(snapshot.docs("agency_key", key) & current).tolist():
                yield snapshot.report(docnum)


def agency_timeline(snapshot: Snapshot, name: str) -> Timeline:
    """The reports of the agency ``name`` (any variant of it), oldest first."""
    entries = []
    names = set()
    for stored in agency_reports(snapshot, name):
        report = stored.report
        names.add(report.agency or "")
        kinds = [s.kind for s in stored.statements]
        entries.append(TimelineEntry(ReportRef.of(report), {kind: kinds.count(kind) for kind in KINDS}))
    entries.sort(key=lambda e: (e.report.year or 0, e.report.date or "", e.report.id))
    return Timeline(canonical_agency(name), sorted(names), entries)


# --- promise against delivery -----------------------------------------------------------


@dataclass
class Promise:
    """A commitment of the previous report, with this report's sentences most alike it."""

    commitment: Statement
    related: list[Statement] = field(default_factory=list)


@dataclass
class Comparison:
    report: ReportRef
    previous: ReportRef | None
    promises: list[Promise]  # the previous report's commitments
    figures: list[Statement]  # what this report says it did
    problems: list[Statement]
    commitments: list[Statement]  # this report's own promises, for next year

    def to_dict(self) -> dict[str, Any]:
        def statement(s: Statement) -> dict[str, Any]:
            return s.to_dict()

        return {
            "report": asdict(self.report),
            "previous": asdict(self.previous) if self.previous else None,
            "promises": [
                {"commitment": statement(p.commitment), "related": [statement(s) for s in p.related]}
                for p in self.promises
            ],
            "figures": [statement(s) for s in self.figures],
            "problems": [statement(s) for s in self.problems],
            "commitments": [statement(s) for s in self.commitments],
        }


def compare_with_previous(snapshot: Snapshot, stored: StoredReport, deadline: Deadline | None = None) -> Comparison:
    """The report ``stored`` next to the previous report of its agency (``deadline`` checked
    before each promise)."""
    report = stored.report
    statements = report_statements(stored)
    previous = _previous_report(snapshot, report)
    promises = []
    if previous is not None:
        for commitment in previous.statements:
            if commitment.kind == COMMITMENT:
                if deadline is not None:
                    deadline.check()
                promises.append(Promise(commitment, _related(commitment, statements)))
    return Comparison(
        report=ReportRef.of(report),
        previous=ReportRef.of(previous.report) if previous else None,
        promises=promises,
        figures=[s for s in statements if s.kind == FIGURE],
        problems=[s for s in statements if s.kind == PROBLEM],
        commitments=[s for s in statements if s.kind == COMMITMENT],
    )


def _previous_report(snapshot: Snapshot, report: Report) -> StoredReport | None:
    """The latest report of the same agency from before ``report`` (by year reported on, then date)."""
    if not report.agency:
        return None
    key = (report.year or 0, report.date or "")
    earlier = [
        other for other in agency_reports(snapshot, report.agency)
        if other.id != report.id and (other.report.year or 0, other.report.date or "") < key
    ]  # fmt: skip
    return max(earlier, key=lambda other: (other.report.year or 0, other.report.date or ""), default=None)


def _related(commitment: Statement, statements: list[Statement]) -> list[Statement]:
    """This report's sentences sharing the most words with ``commitment`` (at least ``MIN_SHARED_WORDS``)."""
    promised = _content_words(commitment.text)
    scored = []
    for statement in statements:
        if statement.kind == COMMITMENT:
            continue
        shared = len(promised & _content_words(statement.text))
        if shared >= MIN_SHARED_WORDS:
            scored.append((-shared, statement.kind != FIGURE, statement.paragraph, statement.start, statement))
    return [item[-1] for item in sorted(scored, key=lambda item: item[:4])[:RELATED_PER_PROMISE]]


def _content_words(text: str) -> set[str]:
    return {w for w in words(normalize(text)) if len(w) >= 2 and not w.isdigit() and w not in _STOP_WORDS}
