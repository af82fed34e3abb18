"""The header lines a reader puts above a report's body for the parser to read."""

from __future__ import annotations


def with_header(body: str, title: str | None = None, date: str | None = None, source: str | None = None) -> str:
    """``body`` under a title line and a ``日期:… 来源:…`` line, as gov.cn pages print them.

    Missing values are left out; with none of them the body is returned as it is.
    """
    meta = " ".join(f"{label}:{value}" for label, value in (("日期", date), ("来源", source)) if value)
    lines = [line for line in (title, meta) if line]
    return "\n".join([*lines, "", body]) if lines else body
