"""The promise: any text in a report, typed as a query, finds that report and
highlights exactly that text. Checked on random substrings of real paragraphs
against a plain scan of the text."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from archive import Archive, Report
from archive.text.normalize import normalize
from archive.search.query import QueryError, Term, parse_query


@pytest.fixture(scope="module")
def reports(corpus_archive: Archive) -> list[Report]:
    return [corpus_archive.get(record.id) for record in corpus_archive.store.snapshot().records()]


def as_typed(needle: str) -> str:
    """The needle as a user would type it: bare when the parser reads it literally, else quoted."""
    try:
        if parse_query(needle) == Term(needle):
            return needle
    except QueryError:
        pass
    return f'"{needle}"'


def scan(reports: list[Report], needle: str) -> set[str]:
    """Plain-scan oracle: the ids of reports whose title or a paragraph contains the needle."""
    wanted = normalize(needle)
    return {
        r.id for r in reports
        if any(wanted in normalize(text) for text in [r.title, *(p.text for p in r.paragraphs)])
    }


def marked_positions(html: str) -> set[int]:
    """Character positions inside <mark> in passage HTML (unescaped text coordinates)."""
    from html import unescape

    positions, at = set(), 0
    for index, part in enumerate(re.split(r"</?mark>", html)):
        length = len(unescape(part))
        if index % 2:
            positions.update(range(at, at + length))
        at += length
    return positions


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_substrings_are_found_and_highlighted_exactly(
    corpus_archive: Archive, reports: list[Report], data: st.DataObject
) -> None:
    report = data.draw(st.sampled_from(reports), label="report")
    ordinal = data.draw(st.integers(1, len(report.paragraphs)), label="paragraph")
    text = report.paragraphs[ordinal - 1].text
    length = data.draw(st.integers(1, min(30, len(text))), label="length")
    start = data.draw(st.integers(0, len(text) - length), label="start")
    needle = text[start : start + length]
    assume(needle.strip() and '"' not in needle)

    response = corpus_archive.search(as_typed(needle), limit=100, passages_per_result=10_000)
    assert not response.partial
    # as typed exactly where the scan finds it; loose matches (marks ignored) come after, marked
    assert {hit.id for hit in response.results if hit.as_typed} == scan(reports, needle)
    flags = [hit.as_typed for hit in response.results]
    assert flags == sorted(flags, reverse=True)
    [hit] = [hit for hit in response.results if hit.id == report.id]
    [passage] = [p for p in hit.passages if p.paragraph == ordinal]
    if len(normalize(text)) == len(text):
        wanted = normalize(needle)
        normalized = normalize(text)
        expected = {
            i + k for i in range(len(normalized)) if normalized.startswith(wanted, i) for k in range(len(wanted))
        }
        assert marked_positions(passage.html) == expected
    else:
        assert set(range(start, start + length)) <= marked_positions(passage.html)
