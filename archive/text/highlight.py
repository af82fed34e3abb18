"""Find query terms in paragraphs and mark them, exactly, in the original text."""

from __future__ import annotations

from html import escape

from archive.text.normalize import normalize_with_offsets, original_span

Span = tuple[int, int]


def find_spans(text: str, terms: list[str], normalized: str | None = None) -> dict[str, list[Span]]:
    """Where each normalized term occurs in ``text``, as spans of the original ``text``.

    Occurrences are found in the normalized text (so width, case and
    traditional forms don't matter) and mapped back character for character.
    ``normalized`` is ``normalize(text)``, if the caller has it.
    """
    if normalized is not None and len(normalized) == len(text):
        offsets = None  # no character expanded: the texts line up one to one
    else:
        normalized, offsets = normalize_with_offsets(text)
    found: dict[str, list[Span]] = {}
    for term in terms:
        spans = []
        start = normalized.find(term)
        while start != -1:
            spans.append(original_span(offsets, start, start + len(term)))
            start = normalized.find(term, start + 1)
        if spans:
            found[term] = spans
    return found


def merge_spans(spans: list[Span]) -> list[Span]:
    """Sort spans and join those that overlap or touch."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, spans: list[Span]) -> str:
    """``text`` HTML-escaped, with each span wrapped in ``<mark>…</mark>``."""
    parts = []
    at = 0
    for start, end in merge_spans(spans):
        parts.append(escape(text[at:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    parts.append(escape(text[at:]))
    return "".join(parts)
