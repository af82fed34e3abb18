"""The query language: what users type, and the tree or message it gives."""

import pytest

from archive.search.query import (
    MAX_QUERY_LENGTH, And, DateFilter, Not, Or, QueryError, Term, TextFilter, YearFilter,
    parse_query, partly_trimmed, positive_terms, without_enclosing_marks,
)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("执法检查", Term("执法检查")),
        ("执法检查 罚款", And((Term("执法检查"), Term("罚款")))),
        ("执法　罚款", And((Term("执法"), Term("罚款")))),  # ideographic space separates too
        ('"安全 生产" OR 应急', Or((Term("安全 生产"), Term("应急")))),
        ("(执法 OR 监管) -罚款", And((Or((Term("执法"), Term("监管"))), Not(Term("罚款"))))),
        ("执法 NOT 罚款", And((Term("执法"), Not(Term("罚款"))))),
        ("执法 AND 罚款", And((Term("执法"), Term("罚款")))),
        ("执法 or 罚款", And((Term("执法"), Term("or"), Term("罚款")))),  # operators are upper case
        # Text copied from a report stays literal: parentheses, colons, hyphens inside terms.
        ("(一)依法全面履行政府职能", Term("(一)依法全面履行政府职能")),
        ("第3条", Term("第3条")),
        ("日期:2025-01-13", Term("日期:2025-01-13")),
        ("2020-2024", Term("2020-2024")),
        ("16.97万元", Term("16.97万元")),
        ("-", Term("-")),
        ('"(一)" 依法', And((Term("(一)"), Term("依法")))),
        # An ellipsis at either end stands for the text around the term; quoted, or alone, it is text.
        ("下一步将…", Term("下一步将")),
        ("下一步将……", Term("下一步将")),
        ("下一步将...", Term("下一步将")),
        ("⋯罚款 计划…", And((Term("罚款"), Term("计划")))),
        ('"下一步将…"', Term("下一步将…")),
        ("…", Term("…")),
        ("等…等", Term("等…等")),
    ],
)
def test_parse(text: str, tree: object) -> None:
    assert parse_query(text) == tree


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("year:2024", YearFilter(2024, 2024)),
        ("year:2020-2024", YearFilter(2020, 2024)),
        ("year:２０２０..２０２４", YearFilter(2020, 2024)),
        ("date:2024-01-01..2024-06-30", DateFilter("2024-01-01", "2024-06-30")),
        ("date:2024", DateFilter("2024-01-01", "2024-12-31")),
        ("date:2024-02", DateFilter("2024-02-01", "2024-02-29")),
        ("date:2024-03-05..", DateFilter("2024-03-05", "2100-12-31")),
        ("agency:三元区应急", TextFilter("agency", "三元区应急")),
        ('title:"工作 报告"', TextFilter("title", "工作 报告")),
        ("type:政府工作報告", TextFilter("type", "政府工作报告")),
    ],
)
def test_filters(text: str, node: object) -> None:
    assert parse_query(text) == node


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "检索式为空"),
        ("   ", "检索式为空"),
        ('"执法', "引号不成对"),
        ('""', "引号里没有内容"),
        ("(执法 OR 监管", "括号不成对"),
        ("执法 OR 监管)", "括号不成对"),
        ("执法 OR", "OR 两边"),
        ("OR 执法", "OR 两边"),
        ("执法 NOT", "NOT 或 - 后面"),
        ("year:24", "year:"),
        ("year:2024-2020", "year:"),
        ("date:2024-02-30", "date:"),
        ("date:2024-06-30..2024-01-01", "起始日期晚于结束日期"),
        ("执" * (MAX_QUERY_LENGTH + 1), "检索式过长"),
        (" ".join(["词"] * 31), "检索词过多"),
        ("执法\udcff", "无法识别的字符"),  # a byte a command line could not decode
        ("\x00", "检索式为空"),  # nothing but invisible characters (found: NUL searched, 0 reports, no word)
        ("\ufeff\u200b", "检索式为空"),
    ],
)
def test_bad_queries_get_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [  # operators alone (before, each: 检索式为空：请输入要查找的文字。)
        ("OR", 'OR 两边都需要检索词，例如：执法 OR 监管。要查找“OR”本身，请加英文引号："OR"。'),
        ("NOT", 'NOT 或 - 后面需要一个检索词，例如：执法 -罚款。要查找“NOT”本身，请加英文引号："NOT"。'),
        ("AND", "AND 两边都需要检索词"),
        ("/s", '/s（同句）与 /p（同段）需要检索词，例如：执法 罚款 /s。要查找“/s”本身，请加英文引号："/s"。'),
        ("/段", '需要检索词，例如：执法 罚款 /s。要查找“/段”本身，请加英文引号："/段"。'),
        ("-OR", '后面需要一个检索词，例如：执法 -罚款。要查找“-OR”本身，请加英文引号："-OR"。'),
        ("OR /s", "OR 两边都需要检索词"),
        ("( )", "括号里没有检索词：请在 ( 与 ) 之间输入检索词"),
        ("( OR )", "OR 两边都需要检索词"),
        ("\u200bOR", "要查找“OR”本身"),  # (the invisible character left out of the message too)
        # dangling: an AND before nothing, after nothing (before: dropped without a word); an empty group
        ("执法 AND", "AND 两边都需要检索词，例如：执法 AND 罚款（空格分开的检索词本来就都要包含，AND 可以不写）。"),
        ("AND 执法", "AND 两边都需要检索词"),
        ("执法 AND OR 监管", "AND 两边都需要检索词"),  # (before: 执法 OR 监管)
        ("执法 ( )", "括号里没有检索词"),  # (before: OR 两边都需要检索词)
        ("执法 OR", "OR 两边都需要检索词，例如：执法 OR 监管。"),  # (already so; no quoting offered: 执法 is a term)
    ],
)
def test_operators_alone_or_dangling_say_what_they_lack(text: str, message: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(text)
    assert message in str(raised.value)
    assert "检索式为空" not in str(raised.value)


def test_positive_terms_skip_exclusions_and_duplicates() -> None:
    node = parse_query("(执法 OR 监管) -罚款 執法 year:2024")
    assert [t.text for t in positive_terms(node)] == ["执法", "监管"]


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("“安全生产月”", Term("安全生产月")),
        ("《安全生产法》 -「罚款」", And((Term("安全生产法"), Not(Term("罚款"))))),
        ("开展执法检查206次。 year:2024", And((Term("开展执法检查206次"), YearFilter(2024, 2024)))),
        ("“双随机、一公开”检查", Term("双随机、一公开”检查")),  # only the ends
        ("执法检查", None),
        ("“", None),  # nothing but a mark: kept
    ],
)
def test_terms_without_enclosing_marks(text: str, bare: object) -> None:
    assert without_enclosing_marks(parse_query(text)) == bare


@pytest.mark.parametrize(
    ("raw", "forms"),
    [
        ("“补救措施。”", ["“补救措施。", "补救措施。”", "“补救措施", "补救措施。"]),
        ("答：。", ["答:"]),  # (normalized: NFKC folds the full-width colon)
        ("“安全生产月”", ["“安全生产月", "安全生产月”"]),
        ("执法检查", []),
        ("。。", []),  # nothing but marks
    ],
)
def test_terms_partly_trimmed(raw: str, forms: list[str]) -> None:
    """The forms between the term as typed and the term without its end marks, longest first
    (at most two marks one at a time at each end)."""
    assert partly_trimmed(Term(raw)) == forms
    assert len(partly_trimmed(Term("。" * 50 + "执法" + "。" * 50))) == 4 * 4 - 2


# --- what people type ---------------------------------------------------------

from archive.errors import QueryError as ArchiveQueryError  # noqa: E402
from archive.search.query import (  # noqa: E402
    AgencyMatch, agency_matches, agency_variant, bare_text, joined_forms, loose_pattern, with_agency_variants,
)


def test_query_errors_are_the_archives() -> None:
    assert QueryError is ArchiveQueryError


@pytest.mark.parametrize("text", ["foo:bar", "执法 foo:bar", "Foo:", "autor:张三"])
def test_an_unknown_field_is_a_message(text: str) -> None:
    with pytest.raises(QueryError, match="不认识的字段.*title: agency:.*英文引号"):
        parse_query(text)


@pytest.mark.parametrize("text", ["agency:", "执法 title:", "year:", 'agency:""', "date: 2024"])
def test_an_empty_field_is_a_message(text: str) -> None:
    name = text.split()[-1].split(":")[0] if ":" in text.split()[-1] else text.split(":")[0]
    with pytest.raises(QueryError, match=f"{name}: 后面缺少要查找的值，例如 {name}:"):
        parse_query(text)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ('"foo:bar"', Term("foo:bar")),  # quoted: text
        ("http://www.pingtan.gov.cn", Term("http://www.pingtan.gov.cn")),  # a pasted address
        ("10:30", Term("10:30")),
        ("Title:应急", TextFilter("title", "应急")),  # field names in any case
        ("AGENCY:三元区", TextFilter("agency", "三元区")),
    ],
)
def test_colons_that_are_no_field(text: str, tree: object) -> None:
    assert parse_query(text) == tree


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("三元区应急局", "三元区应急管理局"),
        ("三明市三元区应急管理局", "三元区应急管理局"),
        ("区执法应急局", "综合执法与应急管理局"),
        ("国资局", "国有资产管理局"),
        ("海南省政府", "海南省人民政府"),
    ],
)
def test_agency_names_written_another_way(text: str, canonical: str) -> None:
    name = agency_variant(text)
    assert name is not None and name.canonical == canonical


@pytest.mark.parametrize("text", ["三元区应急管理局", "执法检查", "安全生产月", "agency", "局"])
def test_terms_that_are_no_agency_variant(text: str) -> None:
    assert agency_variant(text) is None


def test_a_term_naming_an_agency_another_way_also_finds_its_reports() -> None:
    node = with_agency_variants(parse_query("三元区应急局 执法检查 -罚款 agency:三明市三元区应急管理局"))
    [term, *_] = node.children
    assert isinstance(term, Or) and term.children[0] == Term("三元区应急局")
    assert isinstance(term.children[1], AgencyMatch) and term.children[1].name.canonical == "三元区应急管理局"
    assert [m.typed for m in agency_matches(node)] == ["三元区应急局", "agency:三明市三元区应急管理局"]
    assert with_agency_variants(parse_query("执法检查")) == Term("执法检查")
    assert agency_matches(parse_query("agency:三元区")) == []  # a part of a name stays a substring


@pytest.mark.parametrize(
    ("typed", "text", "found"),
    [
        ("三公经费", "严控“三公”经费支出", "三公”经费"),
        ("执法检查。", "开展执法检查206次", "执法检查"),
        ("“安全生产月”", "开展安全生产月活动", "安全生产月"),
        ("执法检查", "执法、检查", "执法、检查"),
        ("执法检查", "执法人员检查", None),  # only marks may come between
    ],
)
def test_loose_matching_ignores_marks(typed: str, text: str, found: str | None) -> None:
    match = loose_pattern(typed).search(text)
    assert (match and match.group()) == found
    assert bare_text("“三公”经费。") == "三公经费"
    assert bare_text("罚款16.97万元。") == "罚款16.97万元" and bare_text("1,100.76亿元") == "1,100.76亿元"


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("执 法 检 查", [("执 法 检 查", "执法检查")]),
        ("高风险企业 执 法 检 查", [("执 法 检 查", "执法检查")]),
        ("执 法 检 查 罚 款", [("执 法 检 查 罚 款", "执法检查罚款")]),
        ("安全生产 月", [("安全生产 月", "安全生产月")]),
        ("安全 生产 月", [("安全 生产", "安全生产"), ("生产 月", "生产月")]),
        ("执法检查", []),
        ('"执" 法', []),
        ("执法 -罚款", []),
        ("执法 year:2024", []),
    ],
)
def test_joined_forms(text: str, forms: list[tuple[str, str]]) -> None:
    assert joined_forms(text) == forms


@pytest.mark.parametrize(
    "typed",
    # copied with what the eye cannot see: a byte-order mark from a file, a zero-width space or
    # soft hyphen from a web page, a direction mark, a control character (each found nothing)
    ["\ufeff执法检查", "执法\u200b检查", "执法\u00ad检查", "\u200e执法检查\u200f", "执法检查\x01", "执法\u2060检查"],
)
def test_invisible_characters_typed_are_left_out(typed: str) -> None:
    assert parse_query(typed) == Term("执法检查")
