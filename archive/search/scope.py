"""Where in a report a query's terms must fall: inside statements of one kind (``kind:``),
within one sentence (``/s``) or one paragraph (``/p``).

The index narrows the candidates to the reports holding the terms anywhere, and statements
of the kind (``archive.search.matching``). The exact pass here then keeps the reports where the
query holds over the kind's sentences (``archive.statements.stored.kind_text``), or in
one sentence (or paragraph), and gives the *regions* of each paragraph where hits count,
for passages and highlighting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np

from archive.search import query as q
from archive.model import Paragraph
from archive.parsing.sentences import sentence_spans
from archive.settings import Deadline
from archive.statements.labels import Statement
from archive.statements.stored import kind_text
from archive.store.gateway import Mask, Snapshot
from archive.store.layout import StoredReport
from archive.text.highlight import Span, find_spans
from archive.text.normalize import normalize

Regions = dict[int, list[Span]]  # paragraph ordinal -> spans of its text where hits count


@dataclass(frozen=True)
class Scope:
    """A parsed query's scope: ``query`` is the query without its ``/s`` or ``/p``."""

    query: q.Node
    kind: str | None = None
    unit: str | None = None  # q.SENTENCE or q.PARAGRAPH

    @classmethod
    def of(cls, node: q.Node) -> Scope:
        unit = node.unit if isinstance(node, q.Within) else None
        inner = node.child if isinstance(node, q.Within) else node
        return cls(inner, _kind_of(inner), unit)

    @property
    def is_plain(self) -> bool:
        """No scope: hits count anywhere."""
        return self.kind is None and self.unit is None

    def without_unit(self) -> Scope:
        return Scope(self.query, self.kind)

    @property
    def candidates(self) -> q.Node | None:
        """The query the index checks: the query itself when plain; with a scope, the query
        without its negations (a NOT holds per unit or per kind of sentence, not per report);
        None when that asks nothing."""
        return self.query if self.is_plain else unit_candidates(self.query)

    def exact(self, snapshot: Snapshot, candidates: Mask, deadline: Deadline | None = None) -> Mask:
        """``candidates`` (the reports holding ``self.candidates``) narrowed to the reports
        where the query holds within its scope: the exact pass (``deadline`` checked before
        each report: common characters within ``/s`` read thousands, seconds of work)."""
        if self.unit is None and not (self.kind and _has_terms(self.query)):
            return candidates
        narrowed = snapshot.none()
        for docnum in np.flatnonzero(candidates):
            if deadline is not None:
                deadline.check()
            narrowed[docnum] = self._holds(snapshot.report(int(docnum)))
        return narrowed

    def _holds(self, stored: StoredReport) -> bool:
        """Whether the query holds in the stored report within the scope."""
        statements = stored.statements if self.kind else []
        if self.unit is None:  # over the kind's sentences, one per line
            return matches(self.query, kind_text(statements, self.kind))
        return next(self._matching_units(stored.report.paragraphs, statements), None) is not None

    def regions(self, paragraphs: list[Paragraph], statements: list[Statement]) -> Regions | None:
        """Where hits count in each paragraph: None for anywhere, else the spans of the
        scope's statements, or of the units satisfying the query. ``statements`` are the
        report's labelled statements (needed only with a kind)."""
        if self.is_plain:
            return None
        regions: Regions = {}
        units = self._matching_units(paragraphs, statements) if self.unit else self._kind_units(statements)
        for ordinal, spans in units:
            regions.setdefault(ordinal, []).extend(spans)
        return regions

    def _kind_units(self, statements: list[Statement]) -> Iterator[tuple[int, list[Span]]]:
        for statement in statements:
            if statement.kind == self.kind:
                yield statement.paragraph, [(statement.start, statement.end)]

    def _matching_units(
        self, paragraphs: list[Paragraph], statements: list[Statement]
    ) -> Iterator[tuple[int, list[Span]]]:
        """``(paragraph ordinal, spans)`` of every unit (sentence or paragraph) satisfying the query."""
        by_paragraph: dict[int, list[Span]] = {}
        if self.kind:
            for ordinal, spans in self._kind_units(statements):
                by_paragraph.setdefault(ordinal, []).extend(spans)
        monotone = _monotone(self.query)
        for ordinal, paragraph in enumerate(paragraphs, start=1):
            text = paragraph.text
            spans = by_paragraph.get(ordinal, []) if self.kind else None
            if spans == [] or (monotone and not matches(self.query, normalize(text))):
                continue  # no sentence of the kind here, or the paragraph lacks a term
            if spans is None:
                spans = sentence_spans(text, paragraph.is_heading) if self.unit == q.SENTENCE else [(0, len(text))]
            if self.unit == q.SENTENCE:
                for span in spans:
                    if matches(self.query, normalize(text[slice(*span)])):
                        yield ordinal, [span]
            elif matches(self.query, "\n".join(normalize(text[slice(*span)]) for span in spans)):
                yield ordinal, spans


def matches(node: q.Node, text: str) -> bool:
    """Whether normalized ``text`` satisfies the query ``node`` (filters hold: the index checked them)."""
    if isinstance(node, q.Term):
        return node.text in text
    if isinstance(node, q.And):
        return all(matches(child, text) for child in node.children)
    if isinstance(node, q.Or):
        return any(matches(child, text) for child in node.children)
    if isinstance(node, q.Not):
        return not matches(node.child, text)
    if isinstance(node, q.Within):
        return matches(node.child, text)
    return True


def unit_candidates(node: q.Node) -> q.Node | None:
    """What a report must hold for one of its units to satisfy ``node``: ``node`` without its
    negations (a NOT holds per unit, not per report); None when that is nothing."""
    if isinstance(node, q.Not):
        return None
    if isinstance(node, (q.And, q.Or)):
        children = [unit_candidates(child) for child in node.children]
        if isinstance(node, q.Or) and None in children:
            return None
        kept = tuple(child for child in children if child is not None)
        return None if not kept else kept[0] if len(kept) == 1 else type(node)(kept)
    return node


def scoped_hits(
    text: str, terms: list[str], ordinal: int, regions: Regions | None, normalized: str | None = None
) -> dict[str, list[Span]]:
    """Where each term occurs in paragraph ``ordinal``'s ``text`` (``archive.text.highlight.find_spans``,
    which ``normalized`` may spare a step), keeping only the hits inside its ``regions`` (None:
    anywhere). With no terms at all, the regions themselves are the hits, so that a ``kind:``
    query marks its statements."""
    if regions is None:
        return find_spans(text, terms, normalized)
    inside = regions.get(ordinal, [])
    if not terms:
        return {"": inside} if inside else {}
    found = {
        term: [span for span in spans if any(a <= span[0] and span[1] <= b for a, b in inside)]
        for term, spans in find_spans(text, terms, normalized).items()
    }
    return {term: spans for term, spans in found.items() if spans}


def _kind_of(node: q.Node) -> str | None:
    if isinstance(node, q.KindFilter):
        return node.kind
    if isinstance(node, q.And):
        return next((kind for child in node.children if (kind := _kind_of(child))), None)
    return None


def _has_terms(node: Any) -> bool:
    return isinstance(node, q.Term) or any(_has_terms(child) for child in _children(node))


def _children(node: Any) -> tuple[Any, ...]:
    if isinstance(node, (q.Not, q.Within)):
        return (node.child,)
    return getattr(node, "children", ())


def _monotone(node: Any) -> bool:
    """No NOT anywhere: a unit can only satisfy the query if its paragraph does."""
    if isinstance(node, q.Not):
        return False
    return all(_monotone(child) for child in getattr(node, "children", ()))
