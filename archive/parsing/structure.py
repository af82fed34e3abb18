"""Paragraphs and the heading hierarchy they sit in.

Every content line becomes one ``Paragraph`` whose text is the line, unchanged;
nothing is dropped or reordered, so every character of the body is in some
paragraph, in order. What this module decides is which lines are headings and
which headings a paragraph sits under.

Heading markers:

- outline markers at the start of a line, in plain-text reports: ``一、``,
  ``（一）``/``(一)``, ``1、``/``1.``/``1．``, ``（1）``/``(1)``;
- ``第X编`` / ``第X章`` / ``第X节`` lines (``第X条`` is an article: body text);
- Markdown ``#`` headings, in Markdown documents (the laws). There the outline
  markers number list items inside articles, so they are not headings.

The heading rule. A line that starts with an outline marker is a heading when

1. it is a *run-in heading*: its lead phrase, up to the first 。！？ or up to an
   ``一是`` enumeration or a year opening a clause (``2022年，`` ``2023年是``), is
   at most ``MAX_RUN_IN_HEADING`` characters and more text follows
   (``1、责任落实到位。始终坚持…``); its title is the lead phrase; or
2. it is a *bare heading*: at most ``MAX_BARE_HEADING`` characters, no sentence
   end (。！？) before its last character, not ending like a clause (；，、：);
   its title is the line without a final 。！？.

The whole line stays one paragraph either way (a run-in heading's paragraph
text includes its body text). Other marker lines are numbered body paragraphs:
they close the deeper levels of the outline but open no section.

Levels nest in the order markers first appear (a document may start at
``（一）``); ``第X编/章/节`` and Markdown levels have fixed ranks. A heading's
``heading_level`` is ``len(section) + 1``; its ``section`` is the titles of the
headings above it, and a body paragraph's ``section`` is the titles of all the
headings it sits under.

Bodies that arrive as one long line (the pingtan agency reports lost their line
breaks) are first split back into lines by ``split_run_on``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.text.numerals import numeral_value
from archive.model import Paragraph

MAX_BARE_HEADING = 40
MAX_RUN_IN_HEADING = 30
RUN_ON_MIN_CHARS = 200  # a body line this long that holds most of the body is run-on
RUN_ON_SHARE = 0.8
PARAGRAPH_TARGET = 200  # run-on text is regrouped into paragraphs of about this size

_CN = "[一二三四五六七八九十]{1,3}"
# Outline marker kinds, by the name of their first item; each captures its number.
_OUTLINE = {
    "一、": rf"(?P<n>{_CN})、",
    "（一）": rf"[（(](?P<n>{_CN})[）)]",
    "1.": r"(?P<n>\d{1,2})(?:、|[.．](?!\d))",
    "（1）": r"[（(](?P<n>\d{1,2})[）)]",
}
_OUTLINE_AT_START = {kind: re.compile("^" + body) for kind, body in _OUTLINE.items()}
_OUTLINE_FIRST = re.compile(r"[一二三四五六七八九十（(\d]")  # what every marker opens on
# Inside a run-on line: a marker must not continue a number or follow 第; a
# "一、" must also follow a boundary (start, space, end of sentence or clause),
# so that words such as 统一、 are not taken for markers.
_OUTLINE_INLINE = re.compile(
    "|".join(
        rf"(?P<m{index}>{prefix}{body.replace('?P<n>', f'?P<n{index}>')})"
        for index, (body, prefix) in enumerate(
            (
                (_OUTLINE["一、"], r"(?<![^\s。；：！？）)”])"),
                (_OUTLINE["（一）"], r"(?<![第\d])"),
                (_OUTLINE["1."], r"(?<![第\d.．A-Za-z])"),
                (_OUTLINE["（1）"], r"(?<![第\d])"),
            )
        )
    )
)
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇\d]+(?P<kind>[编章节])")
_CHAPTER_RANK = {"编": 10, "章": 11, "节": 12}
_MARKDOWN = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*)$")
_SENTENCE_END = re.compile(r"[。！？]")
_CLAUSE_END = tuple("；，、：;,:")
# The lead phrase of a run-in heading ends at a sentence end, or where the text
# after it starts: an 一是 enumeration or a year opening a clause (…情况2022年，我局…).
_LEAD_END = re.compile(r"[。！？]|一是|(?<=[\u4e00-\u9fff])(?:19|20)\d{2}年(?=[，,是])")
_SPLIT_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）)]*|[^。！？]+")


@dataclass
class _Open:
    """A heading kind on the stack of open outline levels."""

    kind: str
    rank: int | None  # fixed rank (chapters, Markdown); None for outline markers
    title: str | None  # None for a numbered body paragraph


def build_paragraphs(lines: list[str], markdown: bool = False) -> list[Paragraph]:
    """Turn content lines into paragraphs with their heading paths.

    ``markdown`` selects Markdown headings (and turns outline markers off).
    A run-on body is split back into lines first.
    """
    paragraphs = []
    stack: list[_Open] = []
    for line in _unrun(lines):
        kind, rank, text, title = _classify(line, markdown)
        if kind is not None:
            stack = stack[: _depth(stack, kind, rank)]
        section = tuple(entry.title for entry in stack if entry.title)
        level = len(section) + 1 if title else 0
        paragraphs.append(Paragraph(text, section, level))
        if kind is not None:
            stack.append(_Open(kind, rank, title))
    return paragraphs


def _classify(line: str, markdown: bool) -> tuple[str | None, int | None, str, str | None]:
    """``(kind, rank, paragraph text, heading title)`` of a line; kind None for body text."""
    if markdown:
        match = _MARKDOWN.match(line)
        if match:
            text = match["text"].strip()
            return f"#{len(match['hashes'])}", len(match["hashes"]), text, text
    chapter = _CHAPTER.match(line)
    if chapter and _bare_heading_end(line):
        return chapter["kind"], _CHAPTER_RANK[chapter["kind"]], line, _title(line, len(line))
    kind = None if markdown else _outline_kind(line)
    return kind, None, line, heading_title(line) if kind else None


def _outline_kind(line: str) -> str | None:
    if not _OUTLINE_FIRST.match(line):  # most lines: four patterns fewer to try
        return None
    return next((kind for kind, pattern in _OUTLINE_AT_START.items() if pattern.match(line)), None)


def outline_marker(line: str) -> str | None:
    """The kind of outline marker ``line`` starts with (``"一、"``, ``"（一）"``, ``"1."``, ``"（1）"``), else None."""
    return _outline_kind(line)


def heading_title(line: str) -> str | None:
    """The title of an outline-marker line that is a heading, else None.

    ``heading_title("1、责任落实到位。始终坚持…")`` is ``"1、责任落实到位"``; the title
    is what a heading contributes to the ``section`` of the paragraphs under it.
    """
    kind = _outline_kind(line)
    if kind is None:
        return None
    end = heading_end(line, _OUTLINE_AT_START[kind].match(line).end())
    return _title(line, end) if end else None


def _depth(stack: list[_Open], kind: str, rank: int | None) -> int:
    """How many open levels stay above a new heading of ``kind``."""
    for depth, entry in enumerate(stack):
        if entry.kind == kind:
            return depth
        if rank is not None and (entry.rank is None or entry.rank >= rank):
            return depth
    return len(stack)


def heading_end(line: str, marker_end: int = 0) -> int | None:
    """Where the heading part of a marker line ends, or None if it is no heading.

    ``len(line)`` for a bare heading, the end of the lead phrase for a run-in
    heading (after its 。！？, or before the ``一是`` or year that starts its
    text); see the module docstring.
    """
    stop = _LEAD_END.search(line, marker_end)
    if stop is not None:
        lead = stop.start()
        end = stop.end() if _SENTENCE_END.match(stop[0]) else lead
        if marker_end < lead <= MAX_RUN_IN_HEADING and end < len(line):
            return end
    return len(line) if _bare_heading_end(line) else None


def _bare_heading_end(line: str) -> bool:
    stop = _SENTENCE_END.search(line)
    return (
        len(line) <= MAX_BARE_HEADING
        and (stop is None or stop.end() == len(line))
        and not line.endswith(_CLAUSE_END)
    )


def _title(line: str, end: int) -> str:
    return line[:end].rstrip("。！？").strip()


def _unrun(lines: list[str]) -> list[str]:
    """Split a run-on body line (one holding most of a long body) back into lines."""
    total = sum(len(line) for line in lines)
    result = []
    for line in lines:
        if len(line) >= RUN_ON_MIN_CHARS and len(line) >= RUN_ON_SHARE * total:
            result.extend(split_run_on(line))
        else:
            result.append(line)
    return result


def split_run_on(text: str) -> list[str]:
    """Split a body that lost its line breaks into heading and paragraph lines.

    Splits at spaces between Chinese text (where the breaks were), before
    outline markers that continue the outline's numbering (``一、`` … ``二、``,
    ``（一）`` … ``（二）``, a new level starting at 1; one skipped number is
    allowed), after the lead phrase of a run-in heading, and between sentences
    so that paragraphs are about ``PARAGRAPH_TARGET`` characters. The pieces,
    joined, give back ``text`` without the spaces it was split at.
    """
    numbering: list[tuple[str, int]] = []
    lines = []
    for piece in _SPLIT_SPACE.split(text):
        for segment in _split_at_markers(piece, numbering):
            lines.extend(_split_segment(segment))
    return [line for line in lines if line]


def _split_at_markers(text: str, numbering: list[tuple[str, int]]) -> list[str]:
    """Split ``text`` before each outline marker that continues ``numbering``."""
    starts = [0]
    for match in _OUTLINE_INLINE.finditer(text):
        index = next(i for i in range(len(_OUTLINE)) if match[f"m{i}"])
        kind = list(_OUTLINE)[index]
        digits = match[f"n{index}"]
        number = int(digits) if digits.isdigit() else int(numeral_value(digits))
        if _continues(numbering, kind, number):
            starts.append(match.start())
    return [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]


def _continues(numbering: list[tuple[str, int]], kind: str, number: int) -> bool:
    """Whether marker ``kind`` ``number`` continues the outline; if so, record it."""
    for depth, (open_kind, last) in enumerate(numbering):
        if open_kind == kind:
            if last < number <= last + 2:
                numbering[depth:] = [(kind, number)]
                return True
            return False
    if number == 1:
        numbering.append((kind, number))
        return True
    return False


def _split_segment(segment: str) -> list[str]:
    """Split a run-in heading's lead from its text, and long text into sentence groups."""
    head = ""
    kind = _outline_kind(segment)
    if kind:
        end = heading_end(segment, _OUTLINE_AT_START[kind].match(segment).end())
        if end is not None:
            head, segment = segment[:end], segment[end:]
    groups: list[str] = []
    for sentence in _SENTENCE.findall(segment):
        if groups and len(groups[-1]) + len(sentence) <= PARAGRAPH_TARGET:
            groups[-1] += sentence
        else:
            groups.append(sentence)
    return [head, *groups]
