#!/usr/bin/env python
"""Build the archive's jieba user dictionary (``archive/text/data/userdict.txt``).

The dictionary holds multi-character domain terms of Chinese government
reports that jieba's default dictionary segments wrongly (法治政府, 行政执法,
安全生产月, 最多跑一次, 放管服 ...), in jieba's user-dictionary format
(``word freq`` per line, UTF-8, sorted by word).  The corpus is read in place;
nothing but the dictionary words is written to the repository.

Words come from three sources:

1. **Quoted slogans**: strings of 2-8 Han characters inside “…” (split on 、,
   where jieba's default regex splits anyway: “双随机、一公开” gives 双随机 and
   一公开), quoted in at least ``QUOTE_MIN_DOCS`` reports or laws of the whole
   corpus.
2. **New-word discovery** over a fixed sample of the corpus (every report
   source whole, an md5-chosen share of the laws and press conferences): Han
   n-grams of 3-6 characters that are frequent, cohesive (least pointwise
   mutual information over their split points), free at both edges (entropy of
   the left and right neighbour characters) and found in several documents, of
   which enough are reports or laws.  Compounds of two frequent words
   (安全生产, 行政执法) are less cohesive; a second tier takes them at a lower
   cohesion when they are frequent and common in the reports.
3. **Seed terms**: a short hand-curated list (``SEED_TERMS``).

Only words jieba does not already handle are kept: jieba must split them, or
know them at a low frequency and still split them in running text.  Junk is
filtered with jieba's own pieces of a candidate: function words, modal verbs
and predicate openers at its edges or between its words (的发展, 进一步加强,
部门应当建立, 修改或者废止), numbers and dates (一九八九, 十五亿元); and with
its contexts: an n-gram whose edges jieba's words usually straddle is a
fragment (次会议 in 第二次|会议, 型企业 in 中小型|企业).  Words made of an entry
and another word (行政处罚|决定, 优化|营商环境) are left out, so the dictionary
stays atomic and a search for the part still ranks the whole.

Each word's frequency is the larger of its corpus count (scaled up from the
sample) and ``MARGIN`` times the least frequency at which jieba, with the
whole dictionary loaded, keeps it whole on its own (the rule of
``Tokenizer.suggest_freq``), so that ``Tokenizer.cut`` keeps it whole in
running text.  The build reports how often that holds in sampled contexts.

Text is normalized with ``archive.text.normalize.normalize`` first, as the index
does before segmenting, so the words are in normalized (simplified) form.

Usage::

    .venv/bin/python scripts/build_dictionary.py [--corpus ../shared/corpus] \
        [--out archive/text/data/userdict.txt] [--report candidates.tsv]

Deterministic: the same corpus gives the same file.  About a minute and
1.5 GB of memory on the full corpus (92 MB).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable

import jieba

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.text.normalize import normalize


# ---------------------------------------------------------------- parameters

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_OUT = ROOT / "archive" / "text" / "data" / "userdict.txt"

# Source directories, by kind.  Sources not in SAMPLE_BUDGET are read whole for
# n-gram statistics; the others are sampled down to a budget of Han characters
# (documents taken in md5 order of their relative path, so the sample is fixed).
REPORT_SOURCES = {
    "pingtan_zwgk_selected",
    "gwr_provincial_2026",
    "gwr_national_wikisource",
    "gwr_national_govcn2006_gbk_raw",
    "cpc_congress_reports_wikisource",
}
LAW_SOURCES = {"lawrefbook_laws"}
SAMPLE_BUDGET = {
    "lawrefbook_laws": 4_000_000,
    "mfa_press_conferences_scio": 1_200_000,
}

MIN_N, MAX_N = 3, 6  # lengths of discovered n-grams
MIN_COUNT = 10  # occurrences in the sample
MIN_COHESION = {3: 4.0, 4: 5.0, 5: 6.0, 6: 7.0}  # min PMI (natural log) over split points
# Compounds of two frequent words (安全生产, 法治政府, 行政执法) are less cohesive
# than that; they are taken when frequent and common in the reports.
TIER2_COHESION = 3.0
TIER2_MIN_COUNT = 40
TIER2_REPORT_DOCS = 3
MIN_ENTROPY = 1.2  # min of left and right neighbour entropy (nats)
MIN_DOCS = 4  # distinct sampled documents ...
MIN_REPORT_DOCS = 2  # ... of which this many reports, or
MIN_LAW_DOCS = 4  # ... this many laws (press-conference-only words are left out)
# Share of sampled contexts in which jieba's own words end at both edges of the
# n-gram: high for whole words, low for fragments (次会议 in 第二次|会议).  Stricter
# when an edge is a single character, as fragments' edges mostly are.
MIN_ALIGNED = 0.6
MIN_ALIGNED_WORD_EDGES = 0.25
KNOWN_FREQ = 100  # words jieba knows at this frequency or more are left to it
MAX_DEFAULT_WHOLE = 0.75  # ... and so are words it cuts whole in this share of contexts
CONTEXTS = 8  # contexts sampled per word
QUOTE_MIN_DOCS = 3  # documents (reports and laws) that quote a slogan
QUOTE_MAX_LEN = 8
MARGIN = 5  # times the minimal frequency at which jieba keeps a word whole

HAN = "\u4e00-\u9fff"
HAN_RUN = re.compile(f"[{HAN}]+")
HAN_ONLY = re.compile(f"^[{HAN}]{{2,}}$")
QUOTED = re.compile(f"“([{HAN}、]{{2,40}})”")
NUMERAL_CHARS = set("零〇一二两三四五六七八九十百千万亿第")
NUMBERED = re.compile(
    "[〇零一二三四五六七八九]{3}"  # years written out: 一九八九
    "|[第零〇一二两三四五六七八九十百千]+(年|月|日|届|条|款|章|节|号|次会议)"
    "|^(年|月|日|届|条|款|章|节|号|次|项)|分之"
    "|^[多余几]?[十百千万亿]+[元人户个次吨斤亩]|[十百千万亿]元|[一二三四]季度"
)

# jieba pieces that may not stand at the edges of a discovered term.
FUNCTION_WORDS = set(
    """的 了 和 与 及 或 是 在 对 把 被 将 并 等 之 其 也 都 就 而 着 过 所 这 那 地 得 于
    为 从 向 以 由 自 按 按照 根据 通过 对于 关于 由于 因 因此 但 但是 且 如 若 如果 即 则
    又 还 再 已 已经 曾 正 正在 要 应 应当 应该 须 必须 可 可以 能 能够 会 不 不得 没有 无
    有 个 各 每 该 此 本 我 我们 你 你们 他 他们 她 它 其他 其它 有关 相关 一些 一个 这个
    这些 那些 什么 如何 怎么 哪些 很 更 更加 最 都是 还是 以及 并且 或者 同时 以上 以下
    之一 上 下 中 内 外 后 前 时 里 们 年 月 日 方面 问题 情况 进行 表示 认为 指出 是否
    相信 希望 据 称 说 谈 讲 看 看到 注意 注意到 一下 一样 一起 之后 之前 以来 以后 以前
    当前 目前 今年 去年 明年 今天 昨天 近日 日前 近期 期间 方 者 到 达 超 超过 增加 增长
    减少 下降 提高到 增加到 达到 左右 多 余 亿 万 千 百""".split()
)
QUOTE_BAD_HEADS = {"有", "其他", "造成", "具有", "本品", "新的", "为", "对", "在", "是", "和", "与", "未经"}
# Verbs and adverbs that open verb phrases rather than terms (加强管理, 深入推进).
LEADING_WORDS = set(
    """加强 推进 推动 坚持 全面 积极 不断 认真 切实 大力 深入 努力 继续 进一步 实现 提高
    促进 加快 完善 建立 健全 开展 落实 实施 强化 做好 抓好 确保 保障 支持 鼓励 扩大 加大
    严格 予以 给予 提升 增强 打造 构建 形成 发挥 组织 提供 办理 取得 作出 做出 召开 举行
    加以 依照 坚决 不仅 大大 基本 主要 重点 重要 一定 一直 始终 共同 充分 有效 及时 妥善
    各级 各地 全国 中方 双方 各方 欢迎 感谢 记者 请问 规定 负责 应对 维护 参加 提出 明显
    我国 广大 所有 全体 部分 新的 一批 多个 不少 为了 高度 准确 正确 依法 违反 违法 造成
    没有 不能 不会 不是 就是 也是 还要 要求 需要 可能 特别 尤其 非常 十分 比较 已 开始
    着力 突出 严厉 严肃 紧紧 紧紧围绕 把握 放在 发表 发生 禁止 拒不 确需 早日 累计 举办
    印发 形势 原因 暴露 相当 搞 积极 创造 享受 享有 发扬 保持 达成 交换 出席 出于 说到
    具有 得到 采取 符合 遵守 接受 持续 一系列 做 做了 还有 面临 做优 力争 培养 听取 倡导
    学习 名义 目的 长时期 国家一道 这场 遭受 争取 推向 亦 提交 连续 迈出 起 居 适用 从事""".split()
)
# ... nor inside it (部门应当建立, 人民的利益).
INNER_FUNCTION_WORDS = set(
    """的 了 和 与 及 或 是 在 对 把 被 将 并 由 向 从 为 等 应 应当 可以 不得 予以 给予 按照
    依照 经 之 其 所 也 都 就 而 着 过 地 得 于 以 如 若 即 则 又 还 再 已 要 须 必须 不 或者
    并且 以及 而且 但是 同时 依法 共同""".split()
)
CONJUNCTIONS = {"的", "和", "或", "或者", "与", "及", "以及", "并且", "而且", "但是"}
# Words that end predicates rather than terms (持续推进, 建设得到加强, 中国政府一贯).
TAIL_WORDS = set(
    """推进 提升 改善 深化 开展 扩大 加强 提高 完善 取得 得到 带来 参加 下达 决定 实施 在于
    一贯 一道 一批 依法 重大 重要 坚决 适当 切实 新 好 第 占 实现 促进 推动 发挥 加快 落实
    做好 抓好 确保 支持 鼓励 增强 形成 提出 作出 做出 达到 超过 增加 减少 下降 增长""".split()
)
BAD_HEAD_TAGS = {"d", "ad", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "y", "e", "o", "q", "k", "zg", "f"}
BAD_TAIL_TAGS = {"d", "p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "y", "e", "o", "f"}

# Terms of the genre that belong in the dictionary whatever the statistics say
# (normalized form; a term jieba already keeps whole at a good frequency is
# still given a frequency from the corpus).
SEED_TERMS = """
法治政府 法治建设 法治宣传 法治思维 法治方式 行政执法 执法检查 执法监督 执法人员 行政处罚 行政许可
行政强制 行政复议 行政诉讼 行政应诉 出庭应诉 依法行政 依法治国 依法治区 依法治省 依法治市 依法治县
依法决策 安全生产 安全生产月 安全生产法 最多跑一次 一趟不用跑 只进一扇门 放管服 双随机 一公开
权责清单 权力清单 责任清单 负面清单 营商环境 高质量发展 三项制度 一岗双责 党政同责 失职追责 隐患排查
政府信息公开 信息公开 应急管理局 应急管理部 应急管理 综合执法 法制审核 合法性审查 公平竞争审查
规范性文件 法律顾问 公职律师 普法教育 普法责任制 谁执法谁普法 七五普法 八五普法 宪法宣传周 一网通办
一网统管 跨省通办 证照分离 多证合一 事中事后监管 信用监管 容缺受理 告知承诺制 首违不罚 自由裁量权
行政裁量权 裁量基准 防灾减灾 应急预案 应急演练 危险化学品 危化品 两违 河长制 林长制 网格化 枫桥经验
乡村振兴 共同富裕 新质生产力 依申请公开 主动公开 政务公开 政务服务 专项整治 执法队伍 执法能力 行政争议
重大行政决策 政府工作报告
""".split()

log = logging.getLogger("build_dictionary")


# ---------------------------------------------------------------- corpus


def kind_of(source: str) -> str:
    if source in REPORT_SOURCES:
        return "report"
    if source in LAW_SOURCES:
        return "law"
    return "other"


def corpus_documents(corpus: Path) -> list[tuple[str, str, Path]]:
    """(relative path, source dir, path) of every document, in md5 order of the path."""
    docs = []
    for path in corpus.rglob("*"):
        if path.suffix not in (".txt", ".md") or path.name.startswith("_") or not path.is_file():
            continue
        rel = path.relative_to(corpus).as_posix()
        if "/" not in rel:  # MANIFEST.md and other notes beside the sources
            continue
        docs.append((rel, rel.split("/", 1)[0], path))
    docs.sort(key=lambda d: hashlib.md5(d[0].encode("utf-8")).hexdigest())
    return docs


def read_corpus(corpus: Path) -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]], int]:
    """Read every document once, in place.

    Returns (kind, normalized text) of every document, for quoted slogans;
    (kind, Han runs) of the sampled documents, for n-gram statistics; and the
    number of Han characters in the whole corpus.
    """
    texts: list[tuple[str, str]] = []
    sample: list[tuple[str, list[str]]] = []
    used: Counter[str] = Counter()
    han_total = 0
    for _rel, source, path in corpus_documents(corpus):
        text = normalize(path.read_text(encoding="utf-8", errors="replace"))
        kind = kind_of(source)
        texts.append((kind, text))
        runs = HAN_RUN.findall(text)
        size = sum(map(len, runs))
        han_total += size
        budget = SAMPLE_BUDGET.get(source)
        if budget is None or used[source] < budget:
            used[source] += size
            sample.append((kind, runs))
    log.info("sample: %d of %d Han chars %s", sum(used.values()), han_total, dict(sorted(used.items())))
    return texts, sample, han_total


# ---------------------------------------------------------------- statistics


def count_ngrams(sample: list[tuple[str, list[str]]], max_n: int) -> list[Counter[str]]:
    """counts[n][gram] for n = 1..max_n over the Han runs of the sample."""
    counts: list[Counter[str]] = [Counter() for _ in range(max_n + 1)]
    for _kind, runs in sample:
        for run in runs:
            length = len(run)
            for n in range(1, min(length, max_n) + 1):
                counts[n].update([run[i : i + n] for i in range(length - n + 1)])
    return counts


def entropy(neighbours: Counter[str], boundary: int) -> float:
    """Entropy of a neighbour distribution; each run boundary counts as a distinct neighbour."""
    total = sum(neighbours.values()) + boundary
    if total <= 0:
        return 0.0
    h = -sum(c / total * math.log(c / total) for c in neighbours.values())
    if boundary > 0:
        h += boundary / total * math.log(total)
    return h


def neighbour_entropies(words: set[str], counts: list[Counter[str]]) -> dict[str, tuple[float, float]]:
    """(left, right) neighbour-character entropy of each word, from the n+1-gram counts."""
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    for n in sorted({len(w) for w in words}):
        for gram, c in counts[n + 1].items():
            if gram[:-1] in words:
                right[gram[:-1]][gram[-1]] += c
            if gram[1:] in words:
                left[gram[1:]][gram[0]] += c
    result = {}
    for w in words:
        total = counts[len(w)][w]
        lc, rc = left.get(w, Counter()), right.get(w, Counter())
        result[w] = (entropy(lc, total - sum(lc.values())), entropy(rc, total - sum(rc.values())))
    return result


def cohesion(word: str, counts: list[Counter[str]], total: int) -> float:
    """Minimum pointwise mutual information of ``word`` over its split points."""
    c = counts[len(word)][word]
    return min(
        math.log(c * total / (counts[i][word[:i]] * counts[len(word) - i][word[i:]]))
        for i in range(1, len(word))
    )


def scan(words: set[str], sample: list[tuple[str, list[str]]]) -> tuple[dict[str, Counter[str]], dict[str, list[tuple[str, int]]]]:
    """Document frequency of each word by kind of document, and a few contexts.

    A context is (Han run around one occurrence, offset of the word in it),
    taken from distinct runs.
    """
    lengths = sorted({len(w) for w in words})
    df: dict[str, Counter[str]] = defaultdict(Counter)
    contexts: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for kind, runs in sample:
        seen: set[str] = set()
        for run in runs:
            length = len(run)
            grams: set[str] = set()
            for n in lengths:
                if n > length:
                    break
                grams.update([run[i : i + n] for i in range(length - n + 1)])
            hit = grams & words
            if not hit:
                continue
            seen |= hit
            for w in hit:
                if len(contexts[w]) < CONTEXTS:
                    i = run.find(w)
                    lo = max(0, i - 10)
                    contexts[w].append((run[lo : i + len(w) + 10], i - lo))
        for w in seen:
            df[w][kind] += 1
    return df, contexts


# ---------------------------------------------------------------- jieba judgements


class Jieba:
    """What jieba's default dictionary makes of a word."""

    def __init__(self) -> None:
        self.tk = jieba.Tokenizer()
        self.tk.initialize()
        self.tags = self._load_tags()

    def _load_tags(self) -> dict[str, str]:
        tags = {}
        with self.tk.get_dict_file() as f:
            for line in f:
                parts = line.decode("utf-8").split()
                if len(parts) == 3:
                    tags[parts[0]] = parts[2]
        return tags

    def pieces(self, word: str) -> list[str]:
        """How jieba splits ``word`` when it does not know the word itself."""
        freq = self.tk.FREQ.get(word)
        if freq:
            self.tk.FREQ[word] = 0
        try:
            return list(self.tk.cut(word, HMM=False))
        finally:
            if freq:
                self.tk.FREQ[word] = freq

    def needs_entry(self, word: str) -> bool:
        """jieba splits ``word``, or knows it only with a low frequency (依法行政 has 3)."""
        return (self.tk.FREQ.get(word) or 0) < KNOWN_FREQ

    def aligned(self, contexts: list[tuple[str, int]], word: str) -> float:
        """Share of contexts in which jieba puts word boundaries at both edges of ``word``.

        Low for fragments that cut through words (次会议 in 第二次|会议, 型企业 in 中小型|企业).
        """
        if not contexts:
            return 0.0
        good = 0
        for text, start in contexts:
            bounds, pos = {0}, 0
            for token in self.tk.cut(text, HMM=False):
                pos += len(token)
                bounds.add(pos)
            good += start in bounds and start + len(word) in bounds
        return good / len(contexts)

    def knows(self, word: str) -> bool:
        return bool(self.tk.FREQ.get(word))

    def junk(self, word: str) -> str | None:
        """Why a discovered n-gram is not a term, or None.

        Words jieba's dictionary already has are words; only numbers are
        checked for them.
        """
        if all(ch in NUMERAL_CHARS for ch in word):
            return "numeral"
        if NUMBERED.search(word):
            return "numbered"
        if self.knows(word):
            return None
        pieces = self.pieces(word)
        head, tail = pieces[0], pieces[-1]
        if head in FUNCTION_WORDS or tail in FUNCTION_WORDS:
            return "function word at edge"
        if head in LEADING_WORDS or (len(head) >= 4 and any(head.startswith(w) for w in LEADING_WORDS)):
            return "verb phrase"  # also 严格执行|国家, 积极参与|国际
        head_tag, tail_tag = self.tags.get(head, "x"), self.tags.get(tail, "x")
        if head_tag in BAD_HEAD_TAGS or tail_tag in BAD_TAIL_TAGS:
            return f"POS at edge ({head_tag}…{tail_tag})"
        if head_tag in ("a", "ad") and tail_tag in ("v", "vd"):
            return "adverbial phrase"
        for i in range(1, len(pieces) - 1):  # 人民|的|利益, 修改|或者|废止; not 稳|中|向|好
            if pieces[i] in CONJUNCTIONS or (
                pieces[i] in INNER_FUNCTION_WORDS and max(len(pieces[i - 1]), len(pieces[i + 1])) > 1
            ):
                return "phrase"
        if tail in TAIL_WORDS:
            return "verb phrase"
        return None


# ---------------------------------------------------------------- the three sources of words


def discover(counts: list[Counter[str]], jb: Jieba) -> dict[str, dict]:
    """Frequent, cohesive, free n-grams that jieba splits; junk filtered out."""
    total = sum(counts[1].values())
    found: dict[str, dict] = {}
    for n in range(MIN_N, MAX_N + 1):
        for gram, c in counts[n].items():
            if c >= MIN_COUNT:
                pmi = cohesion(gram, counts, total)
                if pmi >= MIN_COHESION[n]:
                    found[gram] = {"count": c, "pmi": pmi, "tier": 1}
                elif pmi >= TIER2_COHESION and c >= TIER2_MIN_COUNT:
                    found[gram] = {"count": c, "pmi": pmi, "tier": 2}
    log.info("n-grams frequent and cohesive: %d", len(found))
    for gram, (le, ri) in neighbour_entropies(set(found), counts).items():
        found[gram].update(le=le, re=ri)
    found = {g: s for g, s in found.items() if min(s["le"], s["re"]) >= MIN_ENTROPY}
    log.info("... free at both edges: %d", len(found))
    kept = {}
    for gram, stats in found.items():
        if jb.needs_entry(gram) and not jb.junk(gram):
            kept[gram] = stats
    log.info("... split by jieba, not junk: %d", len(kept))
    return kept


def quoted(texts: list[tuple[str, str]], jb: Jieba) -> dict[str, int]:
    """Slogans quoted “…” (2..QUOTE_MAX_LEN Han chars) -> number of quoting documents.

    Only reports and laws count: the press conferences quote what others said.
    """
    df: Counter[str] = Counter()
    for kind, text in texts:
        if kind == "other":
            continue
        found = set()
        for inner in QUOTED.findall(text):
            for part in inner.split("、"):
                if 2 <= len(part) <= QUOTE_MAX_LEN:
                    found.add(part)
        df.update(found)
    terms = {}
    for word, docs in df.items():
        if docs < QUOTE_MIN_DOCS or (len(word) == 2 and docs < 2 * QUOTE_MIN_DOCS):
            continue
        if not jb.needs_entry(word) or NUMBERED.search(word) or "分之" in word:
            continue
        if len(word) == 2 and all(ch in NUMERAL_CHARS for ch in word):
            continue  # 七五 (普法): too ambiguous alone
        if "的" in word or jb.pieces(word)[0] in QUOTE_BAD_HEADS:
            continue  # legal phrases: “其他严重情节”, “造成严重后果”, “新的证据”
        terms[word] = docs
    return terms


# ---------------------------------------------------------------- frequencies


def assign_frequencies(est: dict[str, int]) -> dict[str, int]:
    """Each word's frequency: the larger of its estimated corpus count and MARGIN
    times the least frequency at which jieba, with the whole dictionary loaded,
    keeps it whole on its own (the rule of ``Tokenizer.suggest_freq``)."""
    tk = jieba.Tokenizer()
    tk.initialize()
    for word, f in est.items():
        tk.add_word(word, max(f, tk.FREQ.get(word) or 0, 1))
    final = {w: tk.FREQ[w] for w in est}
    for _round in range(2):  # a raised word can raise its super-words
        for word in sorted(est, key=lambda w: (len(w), w)):
            old = tk.FREQ[word]
            tk.FREQ[word] = 0  # hide the word itself, as del_word does
            p = 1.0
            for piece in tk.cut(word, HMM=False):
                p *= (tk.FREQ.get(piece) or 1) / tk.total
            tk.FREQ[word] = old
            want = max(old, MARGIN * (int(p * tk.total) + 1))
            if want > old:
                tk.FREQ[word] = want
                tk.total += want - old
            final[word] = want
    return final


def whole_rate(
    tk: jieba.Tokenizer, words: Iterable[str], contexts: dict[str, list[tuple[str, int]]]
) -> dict[str, float]:
    """Share of sampled contexts in which ``tk`` cuts each word whole."""
    rates = {}
    for word in words:
        ctxs = contexts.get(word)
        if not ctxs:
            continue
        good = 0
        for text, start in ctxs:
            pos = 0
            for token in tk.cut(text):  # HMM on, as the index cuts
                if pos == start and token == word:
                    good += 1
                    break
                pos += len(token)
                if pos > start:
                    break
        rates[word] = good / len(ctxs)
    return rates


# ---------------------------------------------------------------- main


def build(corpus: Path, report: Path | None = None) -> dict[str, int]:
    t0 = time.time()
    texts, sample, han_total = read_corpus(corpus)
    log.info("read %d documents (%.1fs)", len(texts), time.time() - t0)
    jb = Jieba()
    counts = count_ngrams(sample, MAX_N + 1)
    scale = han_total / sum(counts[1].values())
    log.info("counted n-grams (%.1fs)", time.time() - t0)

    discovered = discover(counts, jb)
    quotes = quoted(texts, jb)
    seeds = {normalize(w) for w in SEED_TERMS}
    log.info("quoted slogans: %d, seed terms: %d (%.1fs)", len(quotes), len(seeds), time.time() - t0)

    df, contexts = scan(set(discovered) | set(quotes) | seeds, sample)
    log.info("scanned contexts (%.1fs)", time.time() - t0)
    rows = []  # for --report
    chosen: dict[str, int] = {}

    def count(word: str) -> int:
        return counts[len(word)][word] if len(word) < len(counts) else 0

    # Words jieba already has (at a low frequency) are only worth an entry
    # where jieba still splits them in running text.
    weak = {w for w in set(discovered) | set(quotes) if jb.knows(w)}
    default_rates = whole_rate(jb.tk, weak, contexts)
    for word in sorted(weak):
        if default_rates.get(word, 1.0) > MAX_DEFAULT_WHOLE:
            stats = discovered.pop(word, None) or {}
            if word in quotes:
                stats["quoted_docs"] = quotes.pop(word)
            stats["default_whole"] = default_rates.get(word)
            rows.append((word, "known", "jieba keeps it whole", stats, df[word]))

    for word, stats in discovered.items():
        d = df[word]
        stats["aligned"] = jb.aligned(contexts.get(word, []), word)
        pieces = jb.pieces(word)
        stats["single_edge"] = len(pieces[0]) == 1 or len(pieces[-1]) == 1
        if sum(d.values()) < MIN_DOCS:
            why = "few documents"
        elif d["report"] < MIN_REPORT_DOCS and d["law"] < MIN_LAW_DOCS:
            why = "not in reports or laws"
        elif stats["tier"] == 2 and d["report"] < TIER2_REPORT_DOCS:
            why = "weakly cohesive, not common in reports"
        elif stats["aligned"] < (MIN_ALIGNED if stats["single_edge"] else MIN_ALIGNED_WORD_EDGES):
            why = "cuts through words"
        else:
            why = ""
            chosen[word] = max(1, round(stats["count"] * scale))
        rows.append((word, "ngram", why, stats, d))
    for word, docs in quotes.items():
        chosen[word] = max(chosen.get(word, 0), round(count(word) * scale), docs)
        rows.append((word, "quote", "", {"count": count(word), "quoted_docs": docs}, df[word]))
    for word in seeds:
        chosen[word] = max(chosen.get(word, 0), round(count(word) * scale), 1)
        rows.append((word, "seed", "", {"count": count(word)}, df[word]))
    chosen = {w: f for w, f in chosen.items() if HAN_ONLY.match(w)}

    # Keep the dictionary atomic: a word made of an entry and another word
    # (行政处罚|决定, 优化|营商环境) is left to segment into its parts, so that a
    # search for the part still ranks it.  Seed terms stay (政府|信息公开).
    dropped = {}
    for word in sorted(chosen, key=len, reverse=True):
        if word in seeds:
            continue
        for i in range(2, len(word) - 1):
            head, tail = word[:i], word[i:]
            if head in chosen or tail in chosen:
                dropped[word] = f"compound of entries ({head}|{tail})"
                break
    for word in dropped:
        del chosen[word]

    freqs = assign_frequencies(chosen)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word, f in freqs.items():
        tk.add_word(word, f)
    rates = whole_rate(tk, freqs, contexts)
    split = sorted(w for w, r in rates.items() if r < 0.5)
    log.info(
        "%d words; cut whole in %.1f%% of %d sampled contexts; mostly split: %d %s (%.1fs)",
        len(freqs),
        100 * sum(rates.values()) / max(1, len(rates)),
        sum(len(contexts[w]) for w in rates),
        len(split),
        " ".join(split[:30]),
        time.time() - t0,
    )
    if report:
        with report.open("w", encoding="utf-8") as f:
            f.write("word\torigin\trejected\tfreq\tstats\tdocs\twhole\n")
            for word, origin, why, stats, d in sorted(rows, key=lambda row: row[:2]):
                why = why or dropped.get(word, "")
                nice = {k: round(v, 2) if isinstance(v, float) else v for k, v in stats.items()}
                f.write(f"{word}\t{origin}\t{why}\t{freqs.get(word, '')}\t{nice}\t{dict(d)}\t{rates.get(word, '')}\n")
    return freqs


def write_dictionary(freqs: dict[str, int], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(f"{word} {freq}\n" for word, freq in sorted(freqs.items())), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory (read in place)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="dictionary to write")
    parser.add_argument("--report", type=Path, help="also write a TSV of every candidate and why it was kept or not")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    jieba.setLogLevel(logging.WARNING)
    if not args.corpus.is_dir():
        parser.error(f"corpus not found: {args.corpus}")
    freqs = build(args.corpus, args.report)
    write_dictionary(freqs, args.out)
    log.info("wrote %d entries to %s", len(freqs), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
