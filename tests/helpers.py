"""Small helpers the tests share (fixtures are in conftest.py)."""

from __future__ import annotations

import re


def marks(html: str) -> list[str]:
    """The texts marked in ``html``, in order."""
    return re.findall(r"<mark>(.*?)</mark>", html)
