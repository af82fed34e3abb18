"""Regex helpers.

Python's regex engine jumps ahead to where a match can begin only when the pattern opens on a
literal or a character class; a pattern opening on an optional group or a lookbehind (the
figures' ``约…万元以上``, the enumerations' ``一是``) is tried at every position of the text.
"""

from __future__ import annotations

import re
from typing import Iterator


def find_from_starts(pattern: re.Pattern[str], starts: re.Pattern[str], text: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text, pos)``, tried only where ``starts`` (a class of
    the characters a match can begin with) matches. ``pattern`` must never match empty."""
    while (candidate := starts.search(text, pos)) is not None:
        match = pattern.match(text, candidate.start())
        if match:
            yield match
            pos = match.end()
        else:
            pos = candidate.start() + 1
