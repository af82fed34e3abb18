"""The query language: parse what a user types into a small syntax tree.

Syntax (documented in the README):

- ``执法检查 罚款``: space-separated terms, all required; each matches exactly
  as typed (ignoring width, case and traditional/simplified forms).
- ``"安全 生产"``: quotes keep spaces inside one term.
- ``下一步将…``: an ellipsis at either end of a term (``…``, ``...``) stands for
  the text around it; the term is what it leaves (in quotes, it is text too).
- ``OR``, ``NOT`` / ``-term``, and parentheses ``(a OR b) c`` for grouping.
- Filters: ``title:``, ``agency:``, ``type:`` (substring of the field),
  ``year:2024``, ``year:2020-2024``, ``date:2024-01-01..2024-06-30``
  (also ``date:2024`` or ``date:2024-03``).
- Scopes, for the whole query wherever they stand: ``kind:figure`` (``commitment``,
  ``problem``; or 数据, 承诺, 问题) matches the terms inside statements of that kind
  (``archive.statements.labels``); ``/s`` (``/句``) wants all the terms in one sentence, ``/p``
  (``/段``) in one paragraph.

Parentheses only group when they stand apart like operators (a ``(`` at the
start of a term whose matching ``)`` ends a term, with several terms inside);
otherwise they are literal text, so a copied ``(一)依法行政`` is just a term.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Callable, Iterator

from archive.errors import QueryError
from archive.parsing.agencies import AgencyName, read_agency
from archive.settings import DEFAULTS
from archive.statements.labels import COMMITMENT, FIGURE, KINDS, PROBLEM
from archive.text.analysis import MARKS
from archive.text.dates import MAX_YEAR, MIN_YEAR
from archive.text.normalize import is_text, normalize, visible

MAX_QUERY_LENGTH = DEFAULTS.max_query_length
MAX_TERMS = DEFAULTS.max_terms
TEXT_FILTERS = ("title", "agency", "type")
FILTERS = (*TEXT_FILTERS, "year", "date", "kind")
KIND_ALIASES = {FIGURE: FIGURE, "数据": FIGURE, "数字": FIGURE, COMMITMENT: COMMITMENT, "承诺": COMMITMENT,
                "计划": COMMITMENT, PROBLEM: PROBLEM, "问题": PROBLEM}  # fmt: skip
SENTENCE, PARAGRAPH = "sentence", "paragraph"
UNITS = {"/s": SENTENCE, "/句": SENTENCE, "/p": PARAGRAPH, "/段": PARAGRAPH}

@dataclass(frozen=True)
class Term:
    """Text that must occur exactly; ``text`` is normalized, ``raw`` as typed."""

    raw: str

    @property
    def text(self) -> str:
        return normalize(self.raw)


@dataclass(frozen=True)
class TextFilter:
    field: str  # one of TEXT_FILTERS
    value: str  # normalized


@dataclass(frozen=True)
class YearFilter:
    low: int
    high: int


@dataclass(frozen=True)
class DateFilter:
    low: str  # ISO dates, inclusive
    high: str


@dataclass(frozen=True)
class KindFilter:
    """Reports that have statements of ``kind`` (one of ``archive.statements.labels.KINDS``); in a
    query, its terms must then occur inside statements of that kind (``archive.search.scope``)."""

    kind: str


@dataclass(frozen=True)
class AgencyMatch:
    """Reports whose agency is ``name`` under any variant of it (``archive.parsing.agencies``):
    what a term naming an agency another way (``三元区应急局``) also finds."""

    name: AgencyName
    typed: str  # as typed, for saying which names it matched


@dataclass(frozen=True)
class Within:
    """``child`` must hold within one ``unit`` (``SENTENCE`` or ``PARAGRAPH``) of a report."""

    child: "Node"
    unit: str


@dataclass(frozen=True)
class Not:
    child: "Node"


@dataclass(frozen=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    children: tuple["Node", ...]


Node = Term | TextFilter | YearFilter | DateFilter | KindFilter | AgencyMatch | Within | Not | And | Or

_LPAREN, _RPAREN, _WITHIN = "(", ")", "within"
OR, NOT, AND = OPERATORS = ("OR", "NOT", "AND")  # the operators' words
# What each operator lacks when it stands alone or dangles.
_NEEDS = {OR: "OR 两边都需要检索词，例如：执法 OR 监管。",
          AND: "AND 两边都需要检索词，例如：执法 AND 罚款（空格分开的检索词本来就都要包含，AND 可以不写）。",
          NOT: "NOT 或 - 后面需要一个检索词，例如：执法 -罚款。",
          _WITHIN: "/s（同句）与 /p（同段）需要检索词，例如：执法 罚款 /s。",
          _LPAREN: "括号里没有检索词：请在 ( 与 ) 之间输入检索词，例如：(执法 OR 监管) 罚款。"}  # fmt: skip


@dataclass(frozen=True)
class _Token:
    kind: str  # "term", "filter" or one of the operators above
    value: str = ""
    name: str = ""


def typed_text(text: str) -> str:
    """A query as typed, without its invisible characters (``normalize.visible``); ``QueryError`` for
    one too long or not text."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"检索式过长（{len(text)} 个字符），请缩短到 {MAX_QUERY_LENGTH} 个字符以内。")
    if not is_text(text):
        raise QueryError("检索式中有无法识别的字符（不是有效的 UTF-8 文字），请删除后重试。")
    return visible(text)


def parse_query(text: str) -> Node:
    """Parse ``text`` into a syntax tree, or raise ``QueryError`` saying what is wrong."""
    text = typed_text(text)
    tokens = _lex(text)
    if not tokens:
        raise QueryError("检索式为空：请输入要查找的文字。")
    if not any(t.kind in ("term", "filter") for t in tokens):
        raise QueryError(_operators_alone(tokens, text.strip()))
    if sum(t.kind == "term" for t in tokens) > MAX_TERMS:
        raise QueryError(f"检索词过多，请不要超过 {MAX_TERMS} 个。")
    kind, unit, tokens = _scope(tokens)
    node = _Parser(tokens).parse() if tokens else None
    return _scoped(node, kind, unit)


def positive(node: Node) -> Iterator[Node]:
    """``node`` and the nodes under it, in query order, but not those under a NOT."""
    yield node
    if isinstance(node, (And, Or)):
        for child in node.children:
            yield from positive(child)
    elif isinstance(node, Within):
        yield from positive(node.child)


def map_terms(node: Node, change: Callable[[Term], Node], negated: bool = False) -> Node:
    """``node`` with each positive term replaced by ``change(term)`` (with ``negated``, the
    terms under a NOT too)."""
    if isinstance(node, Term):
        return change(node)
    if isinstance(node, (And, Or)):
        return replace(node, children=tuple(map_terms(child, change, negated) for child in node.children))
    if isinstance(node, Within) or (negated and isinstance(node, Not)):
        return replace(node, child=map_terms(node.child, change, negated))
    return node


def positive_terms(node: Node) -> list[Term]:
    """The terms whose matches should be shown, in query order, without duplicates."""
    found: dict[str, Term] = {}
    for n in positive(node):
        if isinstance(n, Term):
            found.setdefault(n.text, n)
    return list(found.values())


# What a term may carry that the text it stands for lacks (``MARKS``): quotes or book-title
# marks typed around it, punctuation copied with it.
_ENCLOSING_MARKS = re.compile(f"^[{MARKS}]+|[{MARKS}]+$")


def without_enclosing_marks(node: Node) -> Node | None:
    """``node`` with the quotes, book-title marks and punctuation at the ends of its terms
    left out (a term that is nothing else is kept), or ``None`` if no term has any."""

    stripped = map_terms(node, lambda term: Term(_ENCLOSING_MARKS.sub("", term.raw) or term.raw), negated=True)
    return None if stripped == node else stripped


def is_marks(text: str) -> bool:
    """Whether ``text`` is nothing but marks (and spaces): no letter, digit or Chinese character
    (``：。``, ``%。``, ``)、``). A term of marks typed as a query is itself the text wanted: no
    mark of it stands around other text, so none is left out to loosen it in place (a report
    holding ``：`` says nothing of ``：。``, and every report holds a ``。``); where no report holds
    it, its longest runs that reports hold are offered instead, with their counts
    (``archive.search.suggest``)."""
    return not any(char.isalnum() for char in text)


MAX_END_TRIMS = 2  # marks left out one at a time at each end of a term; past that, the whole run at once


def partly_trimmed(term: Term) -> list[str]:
    """``term`` normalized with some, not all, of the marks at its ends left out, longest first
    (``“补救措施。”`` → ``“补救措施。``, ``补救措施。”``, ``“补救措施``, ``补救措施。``): a report
    holding the term with its own mark (its 。, its comma) is marked with it, only what was
    typed around the text is left out."""
    raw = term.raw
    lead, trail = len(raw) - len(raw.lstrip(MARKS)), len(raw) - len(raw.rstrip(MARKS))
    if lead + trail >= len(raw):  # nothing but marks
        return []
    starts = {*range(min(lead, MAX_END_TRIMS) + 1), lead}
    ends = {*range(min(trail, MAX_END_TRIMS) + 1), trail}
    forms = {raw[i : len(raw) - j] for i in starts for j in ends} - {raw, raw[lead : len(raw) - trail]}
    return [normalize(form) for form in sorted(forms, key=lambda form: (-len(form), form))]


# --- lexing -----------------------------------------------------------------


def _operators_alone(tokens: list[_Token], typed: str) -> str:
    """What is wrong with ``typed``, a query of operators and no term (``OR``, ``NOT``, ``/s``,
    ``( )``): what its first operator needs (a parenthesis only if nothing else), and how to find
    the text typed itself."""
    first = next((t for t in tokens if t.kind not in (_LPAREN, _RPAREN)), tokens[0])
    if first.kind in (_LPAREN, _RPAREN):
        return _NEEDS[_LPAREN]
    return f'{_NEEDS[first.kind]}要查找“{typed}”本身，请加英文引号："{typed}"。'


def _grouping_parens(text: str) -> set[int]:
    """Indexes of the ASCII parentheses in ``text`` that act as grouping operators."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    unmatched: list[int] = []
    in_quote = False
    for i, char in enumerate(text):
        if char == '"':
            in_quote = not in_quote
        elif in_quote:
            continue
        elif char == "(":
            stack.append(i)
        elif char == ")":
            if stack:
                pairs.append((stack.pop(), i))
            else:
                unmatched.append(i)
    unmatched.extend(stack)

    def starts_term(i: int) -> bool:
        before = text[:i].rstrip("-")
        return not before or before[-1].isspace() or before[-1] == "("

    def ends_term(j: int) -> bool:
        return j + 1 == len(text) or text[j + 1].isspace() or text[j + 1] == ")"

    grouping = set()
    for i, j in pairs:
        if starts_term(i) and ends_term(j) and any(c.isspace() for c in text[i:j]):
            grouping.update((i, j))
    if unmatched and any(c.isspace() for c in text.strip()):
        if any(starts_term(i) if text[i] == "(" else ends_term(i) for i in unmatched):
            raise QueryError("括号不成对：请检查 ( 与 ) 是否配对；要查找括号本身，请加英文引号。")
    return grouping


def _lex(text: str) -> list[_Token]:
    if text.count('"') % 2:
        raise QueryError('引号不成对：请检查英文双引号 " 是否配对。')
    grouping = _grouping_parens(text)
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif i in grouping:
            tokens.append(_Token(_LPAREN if char == "(" else _RPAREN))
            i += 1
        elif char == "-" and i + 1 < len(text) and not text[i + 1].isspace():
            tokens.append(_Token(NOT))
            i += 1
        else:
            word, i = _read_word(text, i, grouping)
            tokens.append(_classify(word))
    return tokens


def _read_word(text: str, i: int, grouping: set[int]) -> tuple[str, int]:
    """Read one whitespace-delimited word, quotes included, from ``text[i:]``."""
    start = i
    while i < len(text) and not text[i].isspace() and i not in grouping:
        if text[i] == '"':
            i = text.index('"', i + 1)
        i += 1
    return text[start:i], i


_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
FILTER_EXAMPLES = {"title": "title:应急", "agency": "agency:三元区应急局", "type": "type:政府工作报告",
                   "year": "year:2024", "date": "date:2024-03", "kind": "kind:figure"}  # fmt: skip


def _classify(word: str) -> _Token:
    if word in OPERATORS:
        return _Token(word)
    if word in UNITS:
        return _Token(_WITHIN, UNITS[word])
    match = _FIELD.fullmatch(word)
    if match and not match.group(2).startswith("//"):  # (a pasted http://… is text)
        name, value = match.group(1).lower(), _unquote(match.group(2))
        if name not in FILTERS:
            raise QueryError(
                f"不认识的字段“{match.group(1)}:”：可用的字段有 {' '.join(f + ':' for f in FILTERS)}；"
                f"要查找“{word}”这段文字本身，请加英文引号：\"{word}\"。"
            )
        if not value.strip():
            raise QueryError(f"{name}: 后面缺少要查找的值，例如 {FILTER_EXAMPLES[name]}（冒号后不要留空格）。")
        return _Token("filter", value, name)
    if '"' not in word:
        word = _ELLIPSIS.sub("", word) or word
    return _Token("term", _unquote(word))


# "下一步将…" means "下一步将, then anything": an ellipsis at either end of a term
# (not in quotes, and not all of it) is no text to find.
_ELLIPSIS = re.compile(r"^(?:[…⋯]+|\.{3,}|。{3,})|(?:[…⋯]+|\.{3,}|。{3,})$")


def _unquote(word: str) -> str:
    return word.replace('"', "")


# --- parsing ----------------------------------------------------------------


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary+; unary := NOT unary | primary."""

    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.parse_or()
        if self.peek() is not None:
            raise QueryError("括号不成对：多了一个 )。")
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.peek() is not None and self.peek().kind == OR:
            self.take()
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        children: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in (OR, _RPAREN):
            if token.kind == AND:
                self.take()
                following = self.peek()
                if not children or following is None or following.kind in (OR, _RPAREN, AND):
                    raise QueryError(_NEEDS[AND])
                continue
            children.append(self.parse_unary())
        if not children:
            empty_group = self.at > 0 and self.tokens[self.at - 1].kind == _LPAREN and token is not None
            raise QueryError(_NEEDS[_LPAREN] if empty_group else _NEEDS[OR])
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self) -> Node:
        token = self.take()
        if token.kind == NOT:
            following = self.peek()
            if following is None or following.kind in (OR, _RPAREN, AND):
                raise QueryError(_NEEDS[NOT])
            return Not(self.parse_unary())
        if token.kind == _LPAREN:
            node = self.parse_or()
            if self.peek() is None or self.take().kind != _RPAREN:
                raise QueryError("括号不成对：缺少 )。")
            return node
        if token.kind == "filter":
            return _make_filter(token.name, token.value)
        if token.kind == "term":
            if not token.value.strip():
                raise QueryError("引号里没有内容：请在引号之间输入要查找的文字。")
            return Term(token.value)
        raise QueryError("括号不成对：多了一个 )。")


# --- scopes -----------------------------------------------------------------


def _scope(tokens: list[_Token]) -> tuple[str | None, str | None, list[_Token]]:
    """Take the ``kind:`` and ``/s`` ``/p`` tokens out: ``(kind, unit, the other tokens)``."""
    kinds: set[str] = set()
    units: set[str] = set()
    rest: list[_Token] = []
    for token in tokens:
        if token.kind == _WITHIN:
            units.add(token.value)
        elif token.kind == "filter" and token.name == "kind":
            kinds.add(_kind(token.value))
        else:
            rest.append(token)
            continue
        if rest and rest[-1].kind == NOT:
            raise QueryError("kind:、/s、/p 作用于整个检索式，不能取反。")
    if len(kinds) > 1:
        raise QueryError("一个检索式只能有一个 kind:。")
    if len(units) > 1:
        raise QueryError("/s（同句）与 /p（同段）只能选一个。")
    return next(iter(kinds), None), next(iter(units), None), rest


def _kind(value: str) -> str:
    kind = KIND_ALIASES.get(normalize(value).strip())
    if kind is None:
        raise QueryError(f"kind: 的值“{value}”无法识别，应为 {' / '.join(KINDS)}（或 数据 / 承诺 / 问题）。")
    return kind


def _scoped(node: Node | None, kind: str | None, unit: str | None) -> Node:
    """``node`` with a ``KindFilter(kind)`` first, wrapped in ``Within(unit)``."""
    if kind is not None:
        children = (KindFilter(kind), *(() if node is None else node.children if isinstance(node, And) else (node,)))
        node = children[0] if len(children) == 1 else And(children)
    if unit is not None and (node is None or not positive_terms(node)):
        raise QueryError(_NEEDS[_WITHIN])
    assert node is not None  # parse_query refuses a query with neither terms nor filters
    return Within(node, unit) if unit else node


# --- filters ----------------------------------------------------------------


def _make_filter(name: str, value: str) -> Node:
    if name == "year":
        return _year_filter(value)
    if name == "date":
        return _date_filter(value)
    return TextFilter(name, normalize(value).strip())


_YEAR_RANGE = re.compile(r"(\d{4})(?:(?:-|\.\.)(\d{4}))?")


def _year_filter(value: str) -> YearFilter:
    match = _YEAR_RANGE.fullmatch(normalize(value))
    if not match:
        raise QueryError(f"year: 的值“{value}”无法识别，请写成 year:2024 或 year:2020-2024。")
    low = int(match.group(1))
    high = int(match.group(2) or low)
    if not (MIN_YEAR <= low <= high <= MAX_YEAR):
        raise QueryError(f"year: 的范围“{value}”无效：年份应在 {MIN_YEAR}–{MAX_YEAR} 之间，且起始不晚于结束。")
    return YearFilter(low, high)


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date_filter(value: str) -> DateFilter:
    text = normalize(value)
    low_text, separator, high_text = text.partition("..")
    if not separator:
        high_text = low_text
    low = _date_bound(low_text, value, upper=False) if low_text else f"{MIN_YEAR}-01-01"
    high = _date_bound(high_text, value, upper=True) if high_text else f"{MAX_YEAR}-12-31"
    if low > high:
        raise QueryError(f"date: 的范围“{value}”无效：起始日期晚于结束日期。")
    return DateFilter(low, high)


def _date_bound(text: str, original: str, upper: bool) -> str:
    """The first (or, if ``upper``, last) day of a year, month or day written as ``text``."""
    match = _PARTIAL_DATE.fullmatch(text)
    try:
        if not match:
            raise ValueError
        year = int(match.group(1))
        month = int(match.group(2) or (12 if upper else 1))
        last_day = calendar.monthrange(year, month)[1]
        day = int(match.group(3) or (last_day if upper else 1))
        return date(year, month, day).isoformat()
    except ValueError:
        raise QueryError(
            f"date: 的值“{original}”无法识别，请写成 date:2024-01-01..2024-06-30、date:2024 或 date:2024-03。"
        ) from None


# --- what people type -------------------------------------------------------

# The end of a name that names an agency (局, 委员会, 人民政府, …), as ``read_agency`` spells it out.
_AGENCY_ENDS = "局|委员会|委|办公室|办|厅|人民政府|政府|署|法院|检察院|中心"
_AGENCY_BODY = re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:{_AGENCY_ENDS})")
# In an ``agency:`` filter, ministries and the State Council too (外交部, 国务院): the value is an
# agency by the user's word, where a plain term ending so (国务院) is text first and finding every
# report the agency signs would bury the reports that name it.
_AGENCY_FILTER_BODY = re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:{_AGENCY_ENDS}|部|院)")


def agency_variant(text: str) -> AgencyName | None:
    """The agency ``text`` names, if it reads as an agency name written another way than its
    canonical form (``三元区应急局``, ``区执法应急局``), else ``None``: such a name in a query
    stands for every variant of it (``archive.parsing.agencies``), which the caller says."""
    name = read_agency(text)
    if not _AGENCY_BODY.fullmatch(name.body) or name.canonical == normalize(text).strip():
        return None
    return name


def agency_filter_name(value: str) -> AgencyName | None:
    """The agency an ``agency:`` value names, if it reads as a whole agency name (its body
    ends like one: 局, 委员会, 人民政府, 部, 院, …), so that every variant of it is found too
    (``agency:中华人民共和国国务院`` finds the reports 国务院 signs)."""
    name = read_agency(value)
    return name if _AGENCY_FILTER_BODY.fullmatch(name.body) else None


def with_agency_variants(node: Node) -> Node:
    """``node`` with each positive term that names an agency another way (``agency_variant``)
    standing for ``term OR`` that agency's reports (``AgencyMatch``)."""

    def variants(term: Term) -> Node:
        name = agency_variant(term.raw)
        return term if name is None else Or((term, AgencyMatch(name, term.raw)))

    return map_terms(node, variants)


def agency_matches(node: Node) -> list[AgencyMatch]:
    """The ``AgencyMatch`` nodes of ``node`` and its ``agency:`` filters that name a whole agency,
    in query order: what the results say they matched."""
    found: list[AgencyMatch] = []
    for n in positive(node):
        if isinstance(n, AgencyMatch):
            found.append(n)
        elif isinstance(n, TextFilter) and n.field == "agency" and (name := agency_filter_name(n.value)):
            found.append(AgencyMatch(name, f"agency:{n.value}"))
    return found


# Every mark, but a point or comma between digits (16.97万元, 1,100.76亿元) is part of the number.
_INNER_MARKS = re.compile(f"[{MARKS.replace(',', '').replace('.', '')}]+|(?<![0-9])[.,]|[.,](?![0-9])")


def bare_text(text: str) -> str:
    """``text`` without any quotes, book-title marks or punctuation, inside or around it
    (``“三公”经费。`` → ``三公经费``): the form loose matching compares."""
    return _INNER_MARKS.sub("", text)


def loose_pattern(text: str) -> re.Pattern[str]:
    """A pattern finding normalized ``text`` with its marks ignored and any marks allowed
    between its characters: ``三公经费`` finds ``“三公”经费``, ``执法检查。`` finds ``执法检查``."""
    characters = bare_text(text) or text
    gap = f"[{re.escape(MARKS)}]*"
    return re.compile(gap.join(map(re.escape, characters)))


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def joined_as_typed(node: Node) -> list[str]:
    """The terms of a query of two or more plain terms (``node``: no operators or filters), in
    the order typed, normalized: joined by one space (text copied from a report with its space,
    ``第二十一条 为``) and joined without (a word typed apart, ``区 共建``): the reports holding
    either answer best, whatever their score."""
    if not (isinstance(node, And) and all(isinstance(child, Term) for child in node.children)):
        return []
    texts = [child.text for child in node.children]
    return [" ".join(texts), "".join(texts)]


def joined_forms(text: str, limit: int = 3) -> list[tuple[str, str]]:
    """Chinese words ``text`` may have meant with spaces typed inside them, best first, as
    ``(the terms as typed, joined by one space; their join)``: its runs of single Chinese
    characters (``执 法 检 查`` → ``执法检查``), or, without such runs, each pair of adjacent
    Chinese terms (``安全生产 月`` → ``安全生产月``; the caller offers one only where the join is a
    word of the archive and finds reports). Only plain terms join (no quotes, operators,
    filters or exclusions)."""
    words = text.split()
    if not 2 <= len(words) <= MAX_TERMS:
        return []
    plain = [bool(_HAN.fullmatch(word)) for word in words]
    runs = []
    for is_single, group in itertools.groupby(zip(words, plain), key=lambda pair: pair[1] and len(pair[0]) == 1):
        run = [word for word, _ in group]
        if is_single and len(run) > 1:
            runs.append((" ".join(run), "".join(run)))
    if runs:
        return runs[:limit]
    pairs = [(f"{words[i]} {words[i + 1]}", words[i] + words[i + 1]) for i in range(len(words) - 1) if plain[i] and plain[i + 1]]
    return pairs[:limit]
