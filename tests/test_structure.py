"""Paragraphs and heading paths: each case shows the lines beside the expected structure."""

import pytest

from archive.model import Paragraph
from archive.parsing.structure import build_paragraphs, heading_title, split_run_on


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("一、法治建设工作措施及主要成效", "一、法治建设工作措施及主要成效"),  # bare
        ("(一)依法全面履行政府职能,推进依法行政", "(一)依法全面履行政府职能,推进依法行政"),
        ("（一）经济运行顶住压力、稳中有进。", "（一）经济运行顶住压力、稳中有进"),  # final 。 dropped
        ("1、责任落实到位。始终坚持依法行政。", "1、责任落实到位"),  # run-in: lead to first 。
        ("2.优化机制，加大整合融合力度。一是固化管理模式。", "2.优化机制，加大整合融合力度"),
        ("（1）健全制度！落实到人。", "（1）健全制度"),
        ("（一）党政主要负责人履行职责一是加强组织领导，成立小组。", "（一）党政主要负责人履行职责"),
        ("一、总体情况2022年，我局坚持公开为原则。", "一、总体情况"),  # text starts at a year
        # numbered body paragraphs, not headings
        ("（一）受理行政复议申请；", None),  # a clause of a list
        ("（七）法律、法规、规章规定的应当由行政复议机关办理的其他各项职责和相关的事项。此外。", None),
        ("1.健全自治区、盟市、旗县三级消协组织，推行“放心消费”、“线下无理由退货”承诺。", None),
        ("二、存在问题在看到成绩的同时，我们也清醒地认识到一些制约依法行政工作的问题：一是…。", None),
        ("各位代表：", None),  # no marker
        ("2024年共开展执法检查206次。", None),
    ],
)
def test_heading_title(line: str, title: str | None) -> None:
    assert heading_title(line) == title


def test_outline_levels_and_sections() -> None:
    lines = [
        "区委、区政府:",
        "一、法治建设工作措施及主要成效",
        "(一)依法全面履行政府职能,推进依法行政",
        "1、责任落实到位。始终坚持把依法行政工作作为重中之重。",
        "2、执法监督到位。2024年共开展执法检查206次。",
        "(二)规范公正文明执法",
        "1、坚持规范公正执法。通过制定年度执法计划。",
        "二、存在的主要问题",
        "执法队伍力量整体比较弱。",
    ]
    first, second = "一、法治建设工作措施及主要成效", "(一)依法全面履行政府职能,推进依法行政"
    assert build_paragraphs(lines) == [
        Paragraph("区委、区政府:", (), 0),
        Paragraph(first, (), 1),
        Paragraph(second, (first,), 2),
        Paragraph(lines[3], (first, second), 3),
        Paragraph(lines[4], (first, second), 3),
        Paragraph("(二)规范公正文明执法", (first,), 2),
        Paragraph(lines[6], (first, "(二)规范公正文明执法"), 3),
        Paragraph("二、存在的主要问题", (), 1),
        Paragraph("执法队伍力量整体比较弱。", ("二、存在的主要问题",), 0),
    ]


def test_body_under_a_run_in_heading_gets_its_title() -> None:
    lines = ["1、责任落实到位。始终坚持。", "为此，我们做了三件事。", "2、制度建设到位。"]
    paragraphs = build_paragraphs(lines)
    assert paragraphs[1] == Paragraph("为此，我们做了三件事。", ("1、责任落实到位",), 0)
    assert paragraphs[2] == Paragraph("2、制度建设到位。", (), 1)


def test_levels_follow_the_order_markers_appear() -> None:
    # a document that starts at （一） nests 1. below it
    lines = ["（一）总体要求", "1.坚持稳中求进", "正文。", "（二）主要任务", "正文。"]
    paragraphs = build_paragraphs(lines)
    assert [p.heading_level for p in paragraphs] == [1, 2, 0, 1, 0]
    assert paragraphs[2].section == ("（一）总体要求", "1.坚持稳中求进")
    assert paragraphs[4].section == ("（二）主要任务",)


def test_numbered_body_paragraph_closes_deeper_levels() -> None:
    lines = [
        "一、工作回顾",
        "（一）经济运行稳中有进",
        "正文。",
        "二、存在问题在看到成绩的同时，我们也清醒地认识到一些制约发展的问题和挑战依然存在。",
        "正文。",
    ]
    paragraphs = build_paragraphs(lines)
    assert paragraphs[3] == Paragraph(lines[3], (), 0)
    assert paragraphs[4].section == ()


def test_markdown_law_structure() -> None:
    lines = [
        "1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过",
        "## 第一章 总则",
        "第一条 为了防止违法，制定本法。",
        "（一）受理行政复议申请；",  # list item of an article, not a heading
        "## 第二章 行政复议申请",
        "### 第一节 申请人",
        "第十条 申请人可以委托代理人。",
        "## 第三章 附则",
        "第四十三条 本法自1999年10月1日起施行。",
    ]
    paragraphs = build_paragraphs(lines, markdown=True)
    assert paragraphs[1] == Paragraph("第一章 总则", (), 1)  # the # marks are markup
    assert paragraphs[2] == Paragraph("第一条 为了防止违法，制定本法。", ("第一章 总则",), 0)
    assert paragraphs[3] == Paragraph("（一）受理行政复议申请；", ("第一章 总则",), 0)
    assert paragraphs[5] == Paragraph("第一节 申请人", ("第二章 行政复议申请",), 2)
    assert paragraphs[6].section == ("第二章 行政复议申请", "第一节 申请人")
    assert paragraphs[8].section == ("第三章 附则",)


def test_chapter_lines_in_plain_text() -> None:
    lines = ["第一章 总则", "第一条 目的。", "第一节 一般规定", "第二条 范围。", "第二章 附则", "第三条 施行。"]
    paragraphs = build_paragraphs(lines)
    assert [p.heading_level for p in paragraphs] == [1, 0, 2, 0, 1, 0]
    assert paragraphs[3].section == ("第一章 总则", "第一节 一般规定")
    assert paragraphs[5].section == ("第二章 附则",)


def test_split_run_on() -> None:
    text = (
        "根据要求，总结如下：一、工作开展情况（一）加强组织领导一是成立小组。二是建立制度。"
        "（二）依法决策。落实顾问制度。 二、存在问题 一是宣传不够。 平潭综合实验区某局 2023年1月9日"
    )
    assert split_run_on(text) == [
        "根据要求，总结如下：",
        "一、工作开展情况",
        "（一）加强组织领导",
        "一是成立小组。二是建立制度。",
        "（二）依法决策。",
        "落实顾问制度。",
        "二、存在问题",
        "一是宣传不够。",
        "平潭综合实验区某局",
        "2023年1月9日",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "坚持统一、规范的原则，落实第二十条第（一）项的规定，增长4.15%，共1.76万次。",  # no markers
        "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000",  # 2. follows digits
        "总结如下：一、总体情况良好；四、跳过了两个",  # 四 does not continue 一 (one skip may)
    ],
)
def test_split_run_on_ignores_numbers_that_are_not_markers(text: str) -> None:
    lines = split_run_on(text)
    assert "".join(lines) == text
    assert not any(line.startswith(("（一）", "2.", "四、")) for line in lines)


def test_split_run_on_keeps_every_character_in_order() -> None:
    sentence = "这是一个用于测试分段的句子，长度适中。"
    text = "一、总体情况" + sentence * 40 + "（一）主动公开方面。" + sentence * 3
    lines = split_run_on(text)
    assert "".join(lines) == text
    assert all(len(line) <= 200 for line in lines)
    assert "（一）主动公开方面。" in lines


def test_run_on_body_is_split_and_structured() -> None:
    body = "现将情况报告如下：一、总体情况2022年，" + "本局持续推进各项工作。" * 30 + "（一）主动公开方面。全年公开信息156条。"
    paragraphs = build_paragraphs([body])
    headings = [(p.text, p.section) for p in paragraphs if p.is_heading]
    assert headings == [("一、总体情况", ()), ("（一）主动公开方面。", ("一、总体情况",))]
    assert paragraphs[-1] == Paragraph("全年公开信息156条。", ("一、总体情况", "（一）主动公开方面"), 0)


def test_a_heading_line_and_its_paragraph_on_the_next_line_stay_apart() -> None:
    """In a report whose paragraphs are separated by blank lines, a heading with its
    paragraph directly below it is a heading and a paragraph, not one merged heading."""
    from archive.parsing.parse import parse_report

    text = ("某某县水利局2023年工作总结\n\n2023年，我局扎实推进各项工作。\n\n一、主要成效\n"
            "全年完成水利投资3.6亿元，新建改造农村供水工程27处。\n\n（一）项目建设\n完成中小河流治理12公里。\n\n"
            "二、存在问题\n执法力量相对不足。\n")  # fmt: skip
    paragraphs = parse_report(text, "x.txt").paragraphs
    assert [(p.heading_level, p.text) for p in paragraphs[1:5]] == [
        (1, "一、主要成效"),
        (0, "全年完成水利投资3.6亿元，新建改造农村供水工程27处。"),
        (2, "（一）项目建设"),
        (0, "完成中小河流治理12公里。"),
    ]
    assert paragraphs[2].section == ("一、主要成效",)


@pytest.mark.parametrize(
    ("text", "heading", "items", "lead"),
    [
        ("主要做法：一是加强检查，开展检查20次；二是完善制度，三是强化培训。下一步将继续。", False,
         ["一是加强检查，开展检查20次；", "二是完善制度，", "三是强化培训。"], "主要做法："),
        ("我局重点抓好三项工作：（1）开展执法检查206次（2）罚款16.97万元（3）培训执法人员50人次。", False,
         ["（1）开展执法检查206次", "（2）罚款16.97万元", "（3）培训执法人员50人次。"], "我局重点抓好三项工作："),
        ("（二）坚守立局之本一是强化党建；二是加强作风建设。", True, ["一是强化党建；", "二是加强作风建设。"], "（二）坚守立局之本"),
        ("一是加强；二是完善。", False, ["一是加强；", "二是完善。"], None),  # the lead is the heading above
        ("统一是关键。一是加强。", False, [], None),  # one item, and 统一是 is no marker
        ("依据第(1)项和第(2)项规定。", False, [], None),
    ],
)  # fmt: skip
def test_enumerated_sentences_know_their_item_and_lead(text: str, heading: bool, items: list[str], lead: str | None) -> None:
    from archive.parsing.sentences import enumerated, sentence_spans

    found = enumerated(text, heading)
    assert [text[slice(*e.span)] for e in found] == items
    assert [e.item for e in found] == list(range(1, len(items) + 1))
    assert all((text[slice(*e.lead)] if e.lead else None) == lead for e in found)
    assert all(e.span in sentence_spans(text, heading) for e in found)
