"""Analysis units: the original text beside the terms it is indexed under."""

import logging
import re
from importlib import resources
from pathlib import Path

import jieba
import numpy as np
from jieba.posseg import POSTokenizer

from archive.parsing.parse import read_report
from archive.text.analysis import (char_grams, gram_key, is_exact_key, marked_pairs, pair_positions, pair_terms, query_grams,
                                   tagged_words, word_counts, words)
from archive.text.normalize import normalize
from tests.conftest import corpus_sample

jieba.setLogLevel(logging.WARNING)


def test_char_grams_count_characters() -> None:
    assert char_grams("检查206次检查") == {"检": 2, "查": 2, "2": 1, "0": 1, "6": 1, "次": 1}
    assert char_grams("执法\n检查") == {"执": 1, "法": 1, "检": 1, "查": 1}  # the break is no gram


def _pairs(text: str) -> dict[str, list[int]]:
    numbers, counts, positions = pair_positions(text)
    ends = np.cumsum(counts)
    return {term: positions[end - count : end].tolist() for term, count, end in zip(pair_terms()[numbers], counts, ends)}


def test_pair_positions_are_where_each_pair_starts() -> None:
    pairs = _pairs("检查206次检查")
    assert pairs["检查"] == [0, 6]  # a common pair is a term of its own
    assert {pair: pairs[gram_key(pair)] for pair in ("查2", "20", "06", "6次", "次检")} == {
        "查2": [1], "20": [2], "06": [3], "6次": [4], "次检": [5]}


def test_rare_pairs_share_bucket_terms() -> None:
    assert is_exact_key("检查") and gram_key("检查") == "检查"
    assert not is_exact_key("䶮䶮") and gram_key("䶮䶮").startswith("\n")  # no gram holds a break
    assert _pairs("䶮䶮䶮") == {gram_key("䶮䶮"): [0, 1]}


def test_pairs_never_span_a_paragraph_break() -> None:
    assert _pairs("执法\n检查") == {"执法": [0], "检查": [3]}


def test_marked_pairs_are_the_characters_a_run_of_marks_stands_between() -> None:
    assert marked_pairs("严控“三公”经费，下一步：将继续。\n加强") == {
        gram_key(pair): 1 for pair in ("控三", "公经", "费下", "步将")}  # not 续加: a paragraph break
    assert marked_pairs("1,100.76亿元") == {gram_key("11"): 1, gram_key("07"): 1}
    assert marked_pairs("执法检查") == {} and marked_pairs("。”") == {} and marked_pairs("“执法”") == {}


def test_query_grams() -> None:
    assert query_grams("罚") == ["罚"]
    assert query_grams("16.97万元") == ["16", "6.", ".9", "97", "7万", "万元"]


def test_words_keep_digits_and_letters_and_drop_punctuation() -> None:
    text = normalize("2024年共开展执法检查206次，罚款16.97万元。A级 第3条")
    assert words(text) == ["2024", "年", "共", "开展", "执法检查", "206", "次", "罚款", "16.97", "万元",
                           "a", "级", "第", "3", "条"]


def test_domain_dictionary_keeps_terms_whole() -> None:
    for term in ("法治政府", "安全生产月", "最多跑一次", "行政执法"):
        assert term in words(normalize(f"扎实开展{term}工作")), term


def test_word_counts_count_words_not_characters() -> None:
    assert word_counts("开展执法检查206次，开展") == {"开展": 2, "执法检查": 1, "206": 1, "次": 1}



def _jieba(corpus: Path) -> tuple[jieba.Tokenizer, list[str]]:
    reference = jieba.Tokenizer()
    with (resources.files("archive.text") / "data" / "userdict.txt").open("rb") as file:
        reference.load_userdict(file)
    paragraphs = [normalize(p.text) for path in corpus_sample(corpus)[::3]
                  for p in read_report(path, path.read_bytes()).paragraphs]  # fmt: skip
    assert len(paragraphs) > 2000
    return reference, paragraphs


def test_words_are_jiebas_words(corpus: Path) -> None:
    """The ranking words (jieba-rs, its runs of letters and digits cut as jieba cuts them) are
    the words jieba gives corpus text, with the domain dictionary and the HMM for unknown words,
    less punctuation and spaces: all 7,055 paragraphs of the corpus sample alike (a third of them
    read here)."""
    assert words(normalize("A级 2021-2025年，PM_2.5。")) == ["a", "级", "2021", "2025", "年", "pm", "2.5"]
    reference, paragraphs = _jieba(corpus)
    marks = re.compile(r"[\s\W_]+")
    differ = [text for text in paragraphs
              if len(text) > 1 and words(text) != [w for w in reference.cut(text) if w.isalnum() or not marks.fullmatch(w)]]  # fmt: skip
    assert differ == []


def test_figure_words_are_jiebas_words(corpus: Path) -> None:
    """The words figures are read from (``tagged_words``: jieba-rs without the HMM, each word
    with its tag in jieba's dictionary) are jieba's, with the tags ``jieba.posseg`` reads from
    the same dictionary: all 7,055 paragraphs of the corpus sample alike (a third read here)."""
    assert tagged_words(normalize("罚款16.97万元")) == [("罚款", "n"), ("16", "x"), (".", "x"), ("97", "x"), ("万元", "m")]
    reference, paragraphs = _jieba(corpus)
    tags = POSTokenizer(reference).word_tag_tab
    differ = [text for text in paragraphs
              if tagged_words(text) != [(word, tags.get(word, "x")) for word in reference.cut(text, HMM=False)]]  # fmt: skip
    assert differ == []
