"""The domain dictionary (archive/text/data/userdict.txt): its format, and that jieba
loaded with it keeps the genre's terms whole in real sentences of the seed report.

The dictionary is built by scripts/build_dictionary.py; these tests read the
committed file and do not rebuild it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import jieba
import pytest

from archive.text.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
USERDICT = ROOT / "archive" / "text" / "data" / "userdict.txt"
SEEDS = ROOT / "seeds"

# Terms of the seed report that jieba's default dictionary splits or may split.
SEED_REPORT_TERMS = [
    "法治政府",
    "安全生产月",
    "最多跑一次",
    "行政执法",
    "执法检查",
    "依法行政",
    "安全生产",
    "行政处罚",
    "权责清单",
    "高质量发展",
    "党政同责",
    "一岗双责",
    "隐患排查",
    "三项制度",
    "双随机",
    "一公开",
    "应急管理局",
    "容缺受理",
]
# Of those, terms that jieba's default dictionary does split.
DEFAULT_SPLITS = ["法治政府", "安全生产月", "最多跑一次", "行政执法", "权责清单", "党政同责", "三项制度", "双随机"]

LINE = re.compile(r"^(\S+) ([1-9][0-9]*)(?: ([a-z]+))?$")
HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")

jieba.setLogLevel(logging.WARNING)


@pytest.fixture(scope="module")
def lines() -> list[str]:
    assert USERDICT.is_file(), f"{USERDICT} missing: run scripts/build_dictionary.py"
    return USERDICT.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def tokenizer() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    with USERDICT.open("rb") as file:
        tk.load_userdict(file)
    return tk


@pytest.fixture(scope="module")
def default_tokenizer() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


@pytest.fixture(scope="module")
def seed_sentences() -> list[str]:
    """Sentences of the seed reports, normalized as the index normalizes them."""
    sentences = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8"))
        sentences += [s for s in re.split(r"[。;；!?！？\n]", text) if s.strip()]
    assert sentences, "no seed report found"
    return sentences


def test_every_line_is_word_and_positive_frequency(lines: list[str]) -> None:
    assert lines, "dictionary is empty"
    for number, line in enumerate(lines, 1):
        match = LINE.match(line)
        assert match, f"line {number} is not 'word freq [tag]': {line!r}"
        word, freq = match.group(1), int(match.group(2))
        assert HAN_WORD.match(word), f"line {number}: {word!r} is not a word of 2+ Han characters"
        assert freq > 0


def test_words_are_sorted_and_unique(lines: list[str]) -> None:
    words = [line.split(" ", 1)[0] for line in lines]
    assert words == sorted(words)
    assert len(words) == len(set(words))


def test_size_is_a_few_thousand(lines: list[str]) -> None:
    assert 1000 <= len(lines) <= 10000


def test_words_are_normalized(lines: list[str]) -> None:
    """The index segments normalized (simplified) text, so entries must be normalized too."""
    for line in lines:
        word = line.split(" ", 1)[0]
        assert normalize(word) == word, word


@pytest.mark.parametrize("term", SEED_REPORT_TERMS)
def test_term_comes_out_whole_in_seed_sentences(
    term: str, tokenizer: jieba.Tokenizer, seed_sentences: list[str]
) -> None:
    """In every seed sentence, no token boundary falls inside the term, and the
    term is a token of its own in at least one of them (it may otherwise sit
    inside a longer entry, as 安全生产 in 安全生产月)."""
    sentences = [s for s in seed_sentences if term in s]
    assert sentences, f"{term} is not in the seed report"
    as_token = 0
    for sentence in sentences:
        tokens = list(tokenizer.cut(sentence))  # HMM on, as archive.text.analysis cuts
        as_token += tokens.count(term)
        bounds, pos = {0}, 0
        for token in tokens:
            pos += len(token)
            bounds.add(pos)
        start = sentence.find(term)
        while start != -1:
            inside = set(range(start + 1, start + len(term)))
            assert not inside & bounds, f"{term} split in: {'/'.join(tokens)}"
            start = sentence.find(term, start + 1)
    assert as_token, f"{term} never a token of its own in: {sentences}"


@pytest.mark.parametrize("term", DEFAULT_SPLITS)
def test_default_dictionary_splits_what_ours_keeps(
    term: str, default_tokenizer: jieba.Tokenizer, seed_sentences: list[str]
) -> None:
    """The dictionary is needed: without it, jieba splits these terms in the seed."""
    sentence = next(s for s in seed_sentences if term in s)
    assert term not in default_tokenizer.cut(sentence)


def test_enumerated_slogan_gives_both_halves(tokenizer: jieba.Tokenizer, seed_sentences: list[str]) -> None:
    """jieba's regex splits on 、, so “双随机、一公开” is two entries, both whole."""
    sentence = next(s for s in seed_sentences if "双随机、一公开" in s)
    tokens = list(tokenizer.cut(sentence))
    assert "双随机" in tokens and "一公开" in tokens


def test_ordinary_text_is_not_glued(tokenizer: jieba.Tokenizer) -> None:
    """Function words and boundary-crossing fragments are not entries."""
    tokens = list(tokenizer.cut("我局进一步加强安全生产的发展和管理"))
    assert "的" in tokens and "和" in tokens
    assert not any(t.startswith("的") or t.endswith("的") for t in tokens if len(t) > 1)
