"""find_from_starts finds what finditer finds, for the patterns that use it, on a real report."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.parsing.sentences import _ITEM, _ITEM_START
from archive.statements.figures import _FIGURE, _FIGURE_START
from archive.text.normalize import normalize
from archive.text.patterns import find_from_starts

EXTRA = [  # markers and figures at the edges: the text's start, after 第 or a digit, ranges, 百分之
    "一是加强检查；二是完善制度。",
    "第一是；（1）检查（2）整改；①开展②落实；统一是非",
    "约160万元，不少于3天，百分之七，超1万美元以上，10-20家，十一是，第3个",
    "",
]


@pytest.mark.parametrize("pattern, starts", [(_FIGURE, _FIGURE_START), (_ITEM, _ITEM_START)])
def test_same_matches_as_finditer(seed_file: Path, pattern, starts) -> None:
    texts = [normalize(line) for line in seed_file.read_text(encoding="utf-8").splitlines()] + EXTRA
    found = 0
    for text in texts:
        for position in (0, 3):
            expected = [m.span() for m in pattern.finditer(text, position)]
            assert [m.span() for m in find_from_starts(pattern, starts, text, position)] == expected, text
            found += len(expected)
    assert found > 20
