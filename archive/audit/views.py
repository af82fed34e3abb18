"""The auditor's views over the index: a report's statements, a table of figures across
reports, an agency's reports by year, and a report's figures next to the commitments
of the same agency's previous report (promise against delivery).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator, Mapping

import numpy as np

from archive.audit.followup import VERDICTS, FollowUp, Reuse, follow_ups, text_reuse
from archive.errors import NotFound, QueryError
from archive.model import Report, ReportRef
from archive.parsing.agencies import canonical_agency, read_agency
from archive.parsing.metadata import NOT_WORK_REPORTS
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
from archive.text.normalize import normalize



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
    written: str = ""  # the amount as the sentence writes it: 2.6万余人次
    qualifier: str = ""  # 余, 约, 以上 …
    activity: str = ""  # the verb that produced it: 开展, 增长
    target: bool = False  # planned, not reported

    @classmethod
    def of(cls, report: Report, statement: Statement, figure: Figure) -> FigureRow:
        return cls(
            report.id, report.title, report.agency, report.year, report.date, statement.kind, statement.paragraph,
            SECTION_SEPARATOR.join(statement.section), statement.text, figure.text, figure.value, figure.high,
            figure.unit, figure.counted, figure.normalized, figure.base_unit, figure.approximate, figure.written,
            figure.qualifier, figure.activity, figure.target,
        )  # fmt: skip

    @property
    def amount(self) -> str:
        """The value as written plainly, or the range: ``16.97``, ``10-20``."""
        return amount(self.value, self.high)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FIGURE_FIELDS = tuple(FigureRow.__dataclass_fields__)


# ``what:TEXT`` (any case, also ``what:"TEXT WITH SPACES"``) where a word may start: after a space, a
# ``(`` or a ``-`` (those two only to be refused: see ``split_what``).
_WHAT = re.compile(r'(?<![^\s(])(-?)what:("[^"]*"|[^\s()]*)', re.IGNORECASE)
WHAT_ALONE = ("what: 不能与 OR、NOT、- 或括号合用：它挑出计数对象或活动含有这段文字的数据，"
              "几个 what: 都要满足，例如 what:罚款 what:执法检查。")  # fmt: skip
WHAT_EMPTY = "what: 后面缺少要查找的值，例如 what:执法检查（冒号后不要留空格）。"


def split_what(text: str) -> tuple[str, list[str]]:
    """The query ``text`` without its ``what:`` terms, and those terms (normalized):
    ``执法检查 what:罚款`` is (``执法检查``, [``罚款``]). ``QueryError`` for an empty one, and for one
    under an operator (``NOT what:罚款``, ``what:罚款 OR what:执法``, ``(what:罚款 …)``): a ``what:``
    picks figures, not sentences, so it is no operand of the query language."""
    text = q.typed_text(text)
    wanted = []
    for match in _WHAT.finditer(text):
        if _under_operator(match, text):
            raise QueryError(WHAT_ALONE)
        value = normalize(match.group(2).replace('"', "")).strip()
        if not value:
            raise QueryError(WHAT_EMPTY)
        wanted.append(value)
    return _WHAT.sub(" ", text).strip(), wanted


def _under_operator(match: re.Match[str], text: str) -> bool:
    """Whether the ``what:`` term ``match`` of ``text`` is negated, in parentheses or beside an operator."""
    before, after = text[: match.start()], text[match.end() :]
    return (bool(match.group(1)) or before.endswith("(") or after.startswith(")")
            or any(word in q.OPERATORS for word in (*before.split()[-1:], *after.split()[:1])))  # fmt: skip


def figure_rows(snapshot: Snapshot, text: str, max_reports: int = DEFAULTS.max_figure_reports,
                deadline: Deadline | None = None) -> list[FigureRow]:  # fmt: skip
    """Every figure (and every target of a commitment) whose sentence satisfies the query
    ``text``, one row per figure, by agency, what was counted, then year.

    The query is matched within each sentence; its filters (``year:``, ``agency:``, …)
    choose the reports, and ``kind:figure`` or ``kind:commitment`` keeps one kind of rows.
    ``what:执法检查`` keeps the figures whose counted item or activity holds the text; as these
    are words of their sentence, the sentence must hold it too (which narrows the reports read:
    ``what:罚款 year:2024`` reads the reports of 2024 holding 罚款, ``what:罚款 /s`` is a query).
    ``deadline`` is checked before each report.
    """
    rest, wanted = split_what(text)
    scope = Scope.of(q.parse_query(" ".join([rest, *(f'"{term}"' for term in wanted)]).strip()))
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
                rows.extend(
                    FigureRow.of(report, statement, figure) for figure in statement.figures if _counts(figure, wanted)
                )
    return sorted(rows, key=lambda r: (canonical_agency(r.agency or ""), r.counted, r.year or 0, r.date or "",
                                       r.id, r.paragraph))  # fmt: skip


def _counts(figure: Figure, wanted: list[str]) -> bool:
    """Whether ``figure`` counts each of ``wanted``: in what was counted or in its activity."""
    said = normalize(figure.counted + " " + figure.activity)
    return all(term in said for term in wanted)


# --- a counted item year by year ----------------------------------------------------------


@dataclass(frozen=True)
class SeriesPoint:
    """One figure of the series: the report it comes from and where, and its value."""

    id: str
    title: str
    year: int | None
    date: str | None
    paragraph: int
    sentence: str
    written: str
    value: float
    unit: str
    normalized: float
    base_unit: str
    counted: str
    activity: str
    target: bool


@dataclass
class Series:
    """An agency's figures of one counted item, oldest first (``points``), and the unit
    families they come in (a chart draws one line per family)."""

    agency: str
    item: str
    names: list[str]
    points: list[SeriesPoint]

    @property
    def units(self) -> list[str]:
        return sorted({p.base_unit for p in self.points}, key=lambda u: -sum(p.base_unit == u for p in self.points))

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "item": self.item, "names": self.names, "units": self.units,
                "points": [asdict(p) for p in self.points]}  # fmt: skip


def figure_series(snapshot: Snapshot, agency: str, item: str, deadline: Deadline | None = None) -> Series:
    """Every figure of the reports of ``agency`` (any variant of its name) whose counted item or
    activity holds ``item``, by year: the series view (三元区应急管理局 执法检查, 2022 to 2024).
    ``deadline`` is checked before each report (国务院's reports, any item: 2.5-3.7 s).

    ``QueryError`` for an empty or over-long agency or item, or a name several agencies bear
    (``one_agency``); ``NotFound`` for an agency no report signs as."""
    agency, item = q.typed_text(agency).strip(), q.typed_text(item).strip()
    if not (agency and item):
        raise QueryError("请给出机构和计数对象，例如：三元区应急管理局 执法检查。")
    keys = one_agency(snapshot, agency)
    wanted = [normalize(item)]
    points, names = [], set()
    for stored in agency_reports(snapshot, agency, keys):
        if deadline is not None:
            deadline.check()
        report = stored.report
        names.add(report.agency or "")
        for statement in stored.statements:
            if statement.kind not in (FIGURE, COMMITMENT):
                continue
            for f in statement.figures:
                if _counts(f, wanted):
                    points.append(SeriesPoint(
                        report.id, report.title, report.year, report.date, statement.paragraph, statement.text,
                        f.written, f.value, f.unit, f.normalized, f.base_unit, f.counted, f.activity, f.target,
                    ))  # fmt: skip
    points.sort(key=lambda p: (p.year or 0, p.date or "", p.id, p.paragraph))
    return Series(canonical_agency(agency), item, sorted(names), points)


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


def agency_keys(snapshot: Snapshot, name: str) -> list[str]:
    """The agency names of the archive (normalized) that are ``name`` under some variant."""
    wanted = read_agency(name)
    return [key for key in snapshot.lexicon("agency_key") if wanted.matches(read_agency(key))]


MAX_AGENCIES_NAMED = 5  # agencies a name without its jurisdiction may mean, named in the message


def one_agency(snapshot: Snapshot, name: str) -> list[str]:
    """``agency_keys`` of ``name``, which must name one agency of the archive: ``NotFound`` for
    one no report signs as, ``QueryError`` for a name without its jurisdiction that agencies of
    several bear (``人民政府``: a series or timeline of every province's as one), unless the
    archive signs with that very name (a report's own link)."""
    keys = agency_keys(snapshot, name)
    if not keys:
        raise NotFound(f"检索库中没有“{name}”这个机构的报告（名称的各种写法都算）。")
    agencies = sorted({canonical_agency(key) for key in keys if read_agency(key).jurisdiction})
    if len(agencies) > 1 and normalize(name).strip() not in keys:
        shown = "、".join(agencies[:MAX_AGENCIES_NAMED]) + ("等" if len(agencies) > MAX_AGENCIES_NAMED else "")
        raise QueryError(f"“{name}”可指 {len(agencies)} 个机构：{shown}；请写出其中一个的全称。")
    return keys


def agency_reports(snapshot: Snapshot, name: str, keys: list[str] | None = None) -> Iterator[StoredReport]:
    """Every stored report whose agency is ``name`` (any variant; ``keys``: its ``agency_keys``, if
    known); current versions only."""
    current = current_versions(snapshot)
    for key in agency_keys(snapshot, name) if keys is None else keys:
        for docnum in np.flatnonzero(snapshot.docs("agency_key", key) & current).tolist():
            yield snapshot.report(docnum)


def agency_timeline(snapshot: Snapshot, name: str) -> Timeline:
    """The reports of the agency ``name`` (any variant of it), oldest first; ``NotFound`` for an
    agency no report signs as, ``QueryError`` for a name several agencies bear (``one_agency``)."""
    entries = []
    names = set()
    for stored in agency_reports(snapshot, name, one_agency(snapshot, name)):
        report = stored.report
        names.add(report.agency or "")
        kinds = [s.kind for s in stored.statements]
        entries.append(TimelineEntry(ReportRef.of(report), {kind: kinds.count(kind) for kind in KINDS}))
    entries.sort(key=lambda e: (e.report.year or 0, e.report.date or "", e.report.id))
    return Timeline(canonical_agency(name), sorted(names), entries)


# --- promise against delivery -----------------------------------------------------------


@dataclass
class Comparison:
    """A report next to the previous report of its agency: a follow-up (verdict and evidence) for
    each commitment of the previous report, the sentences this report repeats from it, and this
    report's own figures, problems and commitments."""

    report: ReportRef
    previous: ReportRef | None
    promises: list[FollowUp]  # the previous report's commitments, in its order
    reuse: Reuse
    figures: list[Statement]  # what this report says it did
    problems: list[Statement]
    commitments: list[Statement]  # this report's own promises, for next year

    @property
    def verdicts(self) -> dict[str, int]:
        """How many promises have each verdict."""
        return {verdict: sum(p.verdict == verdict for p in self.promises) for verdict in VERDICTS}

    @property
    def note(self) -> str:
        """Why no promises are compared, when there is no previous report ("" when there is)."""
        if self.previous is not None:
            return ""
        if self.report.type in NOT_WORK_REPORTS:
            return f"这是一份{self.report.type}，不是机构的工作报告：承诺与落实只对照同一机构的历年报告。"
        return "检索库中没有这个机构更早的报告，无从对照。"

    @property
    def sections(self) -> list[str]:
        """The top-level parts of the previous report the promises stand in, in order."""
        return list(dict.fromkeys(p.commitment.section[0] for p in self.promises if p.commitment.section))

    def chosen(self, verdict: str = "", section: str = "") -> list[FollowUp]:
        """The promises with ``verdict`` (one of ``VERDICTS``) in the part ``section`` of the previous
        report (one of ``sections``), each any if empty; ``QueryError`` for a value none of those."""
        if verdict and verdict not in VERDICTS:
            raise QueryError(f"verdict 应为 {' / '.join(VERDICTS)} 之一，而不是“{verdict}”。")
        if section and section not in self.sections:
            raise QueryError(f"上一份报告没有“{section}”这一部分：请在页面的“部分”中选择。")
        return [p for p in self.promises if (not verdict or p.verdict == verdict)
                and (not section or p.commitment.section[:1] == (section,))]  # fmt: skip

    def to_dict(self, shown: Mapping[str, list[Any]] | None = None) -> dict[str, Any]:
        """The comparison as JSON (``compare --json``); ``shown`` puts a part of any of the lists
        ``promises``, ``figures``, ``problems`` and ``commitments`` in its place (the web's page of
        it); the counts and ``sections`` stay the whole comparison's."""

        def statement(s: Statement | None) -> dict[str, Any] | None:
            return s.to_dict() if s else None

        lists = {"promises": self.promises, "figures": self.figures, "problems": self.problems,
                 "commitments": self.commitments, **(shown or {})}  # fmt: skip
        return {
            "report": asdict(self.report),
            "previous": asdict(self.previous) if self.previous else None,
            "note": self.note,
            "verdicts": self.verdicts,
            "sections": self.sections,
            "promises": [
                {"commitment": statement(p.commitment), "verdict": p.verdict, "score": p.score,
                 "evidence": statement(p.evidence), "related": [statement(s) for s in p.related]}
                for p in lists["promises"]
            ],  # fmt: skip
            "reuse": {
                "sentences": self.reuse.sentences,
                "share": round(self.reuse.share, 4),
                "repeats": [
                    {"sentence": statement(r.sentence), "previous": statement(r.previous), "similarity": r.similarity}
                    for r in self.reuse.repeats
                ],
            },
            **{name: [statement(s) for s in lists[name]] for name in ("figures", "problems", "commitments")},
        }


def compare_with_previous(snapshot: Snapshot, stored: StoredReport, deadline: Deadline | None = None) -> Comparison:
    """The report ``stored`` next to the previous report of its agency (``archive.audit.followup``);
    ``deadline`` is checked between the steps."""
    report = stored.report
    statements = report_statements(stored)
    previous = _previous_report(snapshot, report)
    promises: list[FollowUp] = []
    reuse = Reuse(0, [])
    if previous is not None:
        earlier = report_statements(previous)
        if deadline is not None:
            deadline.check()
        promises = follow_ups([s for s in earlier if s.kind == COMMITMENT], statements)
        if deadline is not None:
            deadline.check()
        reuse = text_reuse(statements, earlier)
    return Comparison(
        report=ReportRef.of(report),
        previous=ReportRef.of(previous.report) if previous else None,
        promises=promises,
        reuse=reuse,
        figures=[s for s in statements if s.kind == FIGURE],
        problems=[s for s in statements if s.kind == PROBLEM],
        commitments=[s for s in statements if s.kind == COMMITMENT],
    )


def _previous_report(snapshot: Snapshot, report: Report) -> StoredReport | None:
    """The report of the same agency before ``report`` (by year reported on, then date) whose
    promises it answers: the latest of its type, else the latest of any type of report of work.
    None for a document that is no report of work, nor any such among the earlier ones
    (``NOT_WORK_REPORTS``: the 2012 national work report was compared with a customs regulation
    the State Council had issued in 2011)."""
    if not report.agency or report.doc_type in NOT_WORK_REPORTS:
        return None

    def when(other: Report) -> tuple[int, str]:
        return other.year or 0, other.date or ""

    earlier = [
        other for other in agency_reports(snapshot, report.agency)
        if other.id != report.id and other.report.doc_type not in NOT_WORK_REPORTS and when(other.report) < when(report)
    ]  # fmt: skip
    same = [other for other in earlier if other.report.doc_type == report.doc_type]
    return max(same or earlier, key=lambda other: when(other.report), default=None)
