"""Statements: a report's body sentences, each labelled with what it tells an auditor.

- ``figure``: reports a quantity about work done or results (``开展执法检查206次``);
- ``commitment``: promises or plans future action (``下一步…``, ``将…``, ``力争…``, any
  sentence under a plan heading such as ``三、下一步工作计划``, every sentence of a plan document
  such as ``2023年工作要点``, each item of a list a promise opens: ``将从以下方面改进：一是…二是…``),
  quantified targets included; nothing under a review heading (``一、2024年工作回顾``) is one;
  after a review, a top-level part whose heading says nothing but whose sentences look ahead is a
  plan (the old national reports: ``二、继续扩大内需和实施积极的财政政策``), its review lines
  (``我国同发展中国家的团结合作进一步加强``) excepted;
- ``problem``: states a shortcoming (``执法力量相对较弱``, ``有待提高``, under ``存在的问题``);
- ``other``: everything else.

Labelling is deterministic: cue lexicons (``archive.statements.cues``) on the sentence's words, and the
kind of part of the report it sits in, read from its headings (``Paragraph.section``). Where
headings were lost (run-on bodies, unmarked titles), the last top-level line (``二、存在问题…``,
``2026年重点工作``) stands in for them. A sentence that introduces a list of problems
(``…还存在不少困难和问题``) makes the rest of its paragraph a problem context.

When cues disagree, commitment wins over problem, and problem over figure: a target is a
commitment even with a figure in it, and a shortcoming stated with numbers is a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from archive.statements import cues
from archive.statements.figures import Figure, has_figures, parse_figures
from archive.model import Paragraph, ParsedReport
from archive.text.normalize import normalize
from archive.parsing.sentences import body_sentence_spans
from archive.parsing.structure import heading_title, outline_marker

FIGURE, COMMITMENT, PROBLEM, OTHER = "figure", "commitment", "problem", "other"
PAST = "past"  # the kind of a part that reviews work done (a context, never a label)
KINDS = (FIGURE, COMMITMENT, PROBLEM)  # the kinds worth indexing and showing
LABELS = (*KINDS, OTHER)
KIND_NAMES = {FIGURE: "数据", COMMITMENT: "承诺", PROBLEM: "问题", OTHER: "其他"}

_LEAD_END = re.compile(r"[。！？；：:]")
_PSEUDO_HEADING_CHARS = 25  # a short line without sentence punctuation stands for a heading
_LEAD_CHARS = 30
_TOP_LEVEL, _PSEUDO = "top-level", "pseudo-heading"
_WORD_CHARACTER = re.compile(r"[^\d\s\W年月日]")  # what counts towards a statement's words


@dataclass(frozen=True)
class Statement:
    """One body sentence: its text, kind, the 1-based ordinal of its paragraph and its
    place in it (``start``/``end`` offsets into the paragraph's text), and its heading path."""

    text: str
    kind: str
    paragraph: int
    start: int
    end: int
    section: tuple[str, ...] = ()

    @property
    def figures(self) -> list[Figure]:
        """The quantities in the sentence (for a commitment: its targets)."""
        return parse_figures(self.text, plan=self.kind == COMMITMENT)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "paragraph": self.paragraph,
            "section": list(self.section),
            "figures": [figure.to_dict() for figure in self.figures] if self.kind in (FIGURE, COMMITMENT) else [],
        }


def extract_statements(report: ParsedReport) -> list[Statement]:
    """Every body sentence of ``report`` with its label, in document order (heading titles left out)."""
    future_year = _future_year(report)
    plan_document = is_plan_document(report)
    statements: list[Statement] = []
    carried: str | None = None  # a problem list, or a promised list, opened at the end of the previous paragraph
    places = _places(report)
    top_kinds: dict[str, str | None] = {}  # the kind of each top-level part, as its heading or the part before says
    last_top: str | None = None
    reviewed = False  # a part of the report so far reviewed work done
    for ordinal, (paragraph, (title_line, part, top)) in enumerate(zip(report.paragraphs, places), start=1):
        if title_line:
            carried = None
        own = heading_title(paragraph.text) if paragraph.is_heading else _run_in_title(paragraph.text)
        context = section_kind([heading for heading in (part, *paragraph.section, own) if heading], future_year)
        if top and top not in top_kinds:
            # A top-level part that says nothing of itself goes on with the plan before it, and after a
            # review it is a plan when more of its sentences look ahead than report (the old national
            # reports: 一、1998年工作回顾…, then 二、继续扩大内需和实施积极的财政政策).
            own_kind = section_kind([top], future_year)
            if own_kind is None and (last_top == COMMITMENT or (reviewed and _leaning(report, places, top) > 0)):
                own_kind = COMMITMENT
            top_kinds[top] = own_kind
            last_top = own_kind
            reviewed = reviewed or own_kind == PAST
        if context is None and top and top_kinds[top] == COMMITMENT:
            context = COMMITMENT
        if plan_document and context != PAST:
            context = COMMITMENT
        folded = normalize(paragraph.text)  # once a paragraph, not a sentence: 4% of an ingest's time
        if carried == COMMITMENT and not cues.ITEM.match(folded):
            carried = None  # a promised list goes on only through paragraphs that are its items
        state, carried = carried, None
        # a review part whose heading names the plan's year too (一、1998年工作回顾和1999年工作的总体要求)
        # ends on the plan: its sentences that look ahead are commitments
        plans_too = context == PAST and top is not None and cues.names_year_ahead(normalize(top), future_year)
        for start, end in body_sentence_spans(paragraph.text, paragraph.is_heading):
            text = paragraph.text[start:end]
            # (a character never folds to nothing: of the same length, the folded text lines up)
            normalized = folded[start:end] if len(folded) == len(paragraph.text) else normalize(text)
            review = context == PAST
            if plans_too and cues.plans_ahead(normalized):
                review, context_here = False, COMMITMENT
            else:
                context_here = context
            within = state if state == COMMITMENT or review else context_here or state  # a promised list first
            kind = OTHER if title_line == _PSEUDO else label_sentence(text, within, review, normalized)
            statements.append(Statement(text, kind, ordinal, start, end, paragraph.section))
            opens_problems = kind == PROBLEM and bool(cues.PROBLEM_INTRO.search(normalized))
            opens_promises = kind == COMMITMENT and context != PAST and bool(cues.PROMISED_LIST.search(normalized))
            if opens_problems or opens_promises:
                state = PROBLEM if opens_problems else COMMITMENT
            elif kind == COMMITMENT and state == PROBLEM:
                state = None
            # an opening that ends its paragraph opens the next
            carried = state if (opens_problems or opens_promises or state == COMMITMENT) else None
    return statements


def is_plan_document(report: ParsedReport) -> bool:
    """Whether ``report`` is a plan from start to finish: a plan by its type or title
    (``2023年工作要点``, not ``2022年工作总结及2023年工作计划``), or a body whose every
    top-level part is a plan."""
    if report.doc_type == "工作计划" or (cues.PLAN_TITLE.search(report.title) and not cues.REVIEW_TITLE.search(report.title)):
        return True
    future_year = _future_year(report)
    kinds = [
        cues.heading_kind(normalize(heading_title(p.text) or _lead(p.text)), future_year)
        for p in report.paragraphs
        if p.heading_level == 1 or (not p.is_heading and outline_marker(p.text) == "一、")
    ]
    return len(kinds) >= 2 and all(kind == COMMITMENT for kind in kinds)


def label_sentence(sentence: str, context: str | None = None, review: bool = False, normalized: str | None = None) -> str:
    """The label of ``sentence`` (its ``normalized`` text, if the caller has it) in a part of the
    report of kind ``context`` (``commitment`` for a plan, ``problem`` for a list of problems,
    else None); in a ``review`` of work done no sentence is a commitment but one dated ahead
    (``二期预计春节前基本完工``)."""
    text = normalize(sentence) if normalized is None else normalized
    if _is_boilerplate(text):
        return OTHER
    if review:
        if cues.DATED_PROMISE.search(text):
            return COMMITMENT
        if cues.commitment(text):  # a review's closing vow (我们一定要直面问题…决不辜负人民期待)
            return OTHER
    elif cues.commitment(text) or (context == COMMITMENT and not cues.reports_past(text)):
        return COMMITMENT
    problems = cues.problem_score(text)
    quantities = has_figures(text)
    if context == PROBLEM:
        return FIGURE if quantities and not problems else PROBLEM
    if problems >= (cues.PROBLEM_WITH_FIGURES if quantities else 1):
        return PROBLEM
    return FIGURE if quantities else OTHER


def section_kind(headings: tuple[str, ...] | list[str], future_year: int | None = None) -> str | None:
    """What the innermost telling heading says its part holds: ``problem``, ``commitment``
    (plans, or a year from ``future_year`` on), ``past`` (a review of work done), or None."""
    for heading in reversed(headings):
        kind = _heading_kind(heading, future_year)
        if kind is not None:
            return kind or PAST
    return None


@lru_cache(maxsize=4096)
def _heading_kind(heading: str, future_year: int | None) -> str | None:
    """``cues.heading_kind`` of a heading as written: each paragraph under it asks again (8% of labelling)."""
    return cues.heading_kind(normalize(heading), future_year)


def _future_year(report: ParsedReport) -> int | None:
    """The first year a report's plans are about: its publication year, else the year after the one reported on."""
    if report.date:
        return int(report.date[:4])
    if report.doc_type == "政府工作报告":  # given at the start of the year its title names
        return report.year
    return report.year + 1 if report.year else None


def _places(report: ParsedReport) -> list[tuple[str | None, str | None, str | None]]:
    """For each paragraph: whether it opens a part (``_opens_part``), the last top-level line so far
    (standing in for lost headings) and the top-level part it sits in."""
    places = []
    part: str | None = None
    for paragraph in report.paragraphs:
        title_line = _opens_part(paragraph)
        if title_line:
            part = _lead(paragraph.text)
        places.append((title_line, part, paragraph.section[0] if paragraph.section else part))
    return places


def _leaning(report: ParsedReport, places: list[tuple[str | None, str | None, str | None]], top: str) -> int:
    """How many more of the sentences of the top-level part ``top`` look ahead (``cues.looks_ahead``)
    than report work done (``cues.reports_past``). (Asked only of parts after a review whose heading
    says nothing: labelling all parts this way cost 1.5 times the labelling of a national report.)"""
    leaning = 0
    for paragraph, (_, _, part) in zip(report.paragraphs, places):
        if part == top and not paragraph.is_heading:
            for start, end in body_sentence_spans(paragraph.text, paragraph.is_heading):
                text = normalize(paragraph.text[start:end])
                leaning += 1 if cues.looks_ahead(text) else -1 if cues.reports_past(text) else 0
    return leaning


def _opens_part(paragraph: Paragraph) -> str | None:
    """``_TOP_LEVEL`` for a top-level line (``二、…``), ``_PSEUDO`` for a short unpunctuated
    line standing for a lost heading (``2026年重点工作``), else None."""
    text = paragraph.text
    marker = outline_marker(text)
    if marker == "一、":
        return _TOP_LEVEL
    if marker is None and not paragraph.is_heading and len(text) <= _PSEUDO_HEADING_CHARS:
        return None if re.search(r"[。！？；，,：:]", text) else _PSEUDO
    return None


def _run_in_title(text: str) -> str | None:
    """For a numbered line not read as a heading (``（二）坚守立局之本，竭力加强…我局始终…``), its start."""
    return _lead(text) if outline_marker(text) else None


def _lead(text: str) -> str:
    """The start of a line, up to its first sentence end: a run-in title and a little more."""
    stop = _LEAD_END.search(text)
    return text[: min(stop.start() if stop else len(text), _LEAD_CHARS)]


def _is_boilerplate(text: str) -> bool:
    """Salutations, signatures, dates, notes in brackets, 抄送 lines: never a statement."""
    first = _WORD_CHARACTER.search(text)
    return (
        first is None
        or _WORD_CHARACTER.search(text, first.end()) is None  # fewer than two
        or (text[:1] in "(（" and text[-1:] in ")）")
        or cues.boilerplate(text)
    )
