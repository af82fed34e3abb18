"""The header lines a reader puts above a report's body for the parser to read."""

from __future__ import annotations


def with_header(body: str, title: str | None = None, date: str | None = None, source: str | None = None,
                url: str | None = None) -> str:  # fmt: skip
    """``body`` under a title line and a ``日期:… 来源:…`` line, as gov.cn pages print them,
    and a ``原文链接:`` line with the page's own address.

    Missing values are left out; with none of them the body is returned as it is.
    """
    meta = " ".join(f"{label}:{value}" for label, value in (("日期", date), ("来源", source)) if value)
    lines = [line for line in (title, meta, f"原文链接:{url}" if url else "") if line]
    return "\n".join([*lines, "", body]) if lines else body
