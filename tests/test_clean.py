"""Chrome removal: each case shows the original text beside the lines that remain."""

import pytest

from archive.parsing.clean import clean, drop_repeated_copies


@pytest.mark.parametrize(
    ("original", "kept"),
    [
        # provincial viewer controls, one word per line, above the title
        (
            "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n2026年上海市政府工作报告\n各位代表：",
            ["2026年上海市政府工作报告", "各位代表："],
        ),
        ("【字体：\n大\n中\n小\n】\n正文。", ["正文。"]),
        ("【字体：大 中 小】\n正文。", ["正文。"]),
        ("【\n打印本页\n】\n【\n关闭窗口\n】\n正文。", ["正文。"]),
        ("正文。\n扫一扫在手机上查看当前页面\n相关链接\n相关报道：", ["正文。"]),
        # crumbs, on one line or one item per line (with the channel repeated)
        ("当前位置： 首页>> 中国概况\n正文。", ["正文。"]),
        ("您的位置:\n首页\n>\n云南要闻\n云南要闻\n2026年政府工作报告", ["2026年政府工作报告"]),
        ("首页\n>\n政府信息公开\n>\n省政府工作报告\n正文。", ["正文。"]),
        # gov.cn scrape leftovers
        ("<!--\n      \n-->\n<U+00A0><U+00A0>\n正文。<U+00A0>", ["正文。"]),
        ("正文。\n（责任编辑： 郭桢\n ）\n【E-mail推荐\n\n\n】", ["正文。"]),
        ("| | | |\n\u00a0\n正文。", ["正文。"]),
        ("正文。\n（来源：青海日报）\n编辑：何继红", ["正文。"]),
        ("殷勇同志作政府工作报告。本报记者 戴冰摄\n各位代表：", ["各位代表："]),
        # pingtan: crumb prefix and attachment footer around a one-line body
        (
            "当前位置： 首页政务公开最新文件部门文件 某局报告 时间：2023-01-09 10:07 微信 微博 QQ空间"
            " 根据要求，编制本报告。 来源：某局 附件下载",
            ["根据要求，编制本报告。"],
        ),
        # Wikisource licence footer
        (
            "正文。\n\n本作品是中华人民共和国的\n法律\n。\nPublic domain\nPublic domain\nfalse",
            ["正文。"],
        ),
    ],
)
def test_chrome_is_removed(original: str, kept: list[str]) -> None:
    assert clean(original).lines == kept


@pytest.mark.parametrize(
    "content",
    [
        "下载安装程序的工作已经完成。",  # a chrome word inside a sentence
        "我局在区政府门户网站公开行政执法主体，数据来源：统计局。",
        "当前位置不佳的企业要加快搬迁，确保安全。",
        "中",  # a one-character line that is not inside 【字体：…】
    ],
)
def test_content_that_resembles_chrome_is_kept(content: str) -> None:
    assert clean(f"各位代表：\n{content}\n谢谢。").lines == ["各位代表：", content, "谢谢。"]


def test_seed_header_line_is_read_as_fields() -> None:
    cleaned = clean("某局报告\n\n日期:2025-01-13 11:00 来源:三元区应急局\n| | | |\n\n区委:\n\n正文。")
    assert cleaned.fields == {"日期": "2025-01-13 11:00", "来源": "三元区应急局"}
    assert cleaned.lines == ["某局报告", "区委:", "正文。"]


def test_archiver_header_is_read_as_fields() -> None:
    original = (
        "标题: 区公安局抽查情况\n发布时间: 2023-12-19 08:51\n文号: \n发布机构: 区公安局\n"
        "栏目: 工作进展情况\n原文链接: https://www.pingtan.gov.cn/a.htm\n本地目录: zwgk/a\n"
        "页面链接与图片详见 links.tsv(同目录)\n==================== 正文 ====================\n"
        "2023年12月15日，区公安局开展检查。"
    )
    cleaned = clean(original)
    assert cleaned.fields["标题"] == "区公安局抽查情况"
    assert cleaned.fields["发布时间"] == "2023-12-19 08:51"
    assert cleaned.fields["文号"] == ""
    assert cleaned.fields["发布机构"] == "区公安局"
    assert cleaned.lines == ["2023年12月15日，区公安局开展检查。"]


def test_field_value_on_the_next_line() -> None:
    original = "标题行\n发表时间：\n2026-02-09 09:45:30\n来源：\n宁夏日报客户端\n阅读量：\n各位代表："
    cleaned = clean(original)
    assert cleaned.fields == {"发表时间": "2026-02-09 09:45:30", "来源": "宁夏日报客户端"}
    assert cleaned.lines == ["标题行", "各位代表："]


def test_press_header() -> None:
    cleaned = clean("title: 外交部发言人答记者问\nurl: http://x\nauthor: 国新办\ncontent: \n问：来源：何处？\n答：好。")
    assert cleaned.fields["title"] == "外交部发言人答记者问"
    assert cleaned.lines == ["问：来源：何处？", "答：好。"]  # fields stop at content:


def test_fields_are_only_read_above_the_body() -> None:
    cleaned = clean("标题行\n这是正文的第一句话。\n来源：新华社")
    assert cleaned.fields == {}
    assert cleaned.lines == ["标题行", "这是正文的第一句话。", "来源：新华社"]


def test_markdown_law_header() -> None:
    original = (
        "# 中华人民共和国行政复议法\n\n1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过\n\n"
        "<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了防止违法，制定本法。\n\n| a | b |\n| c | d |"
    )
    cleaned = clean(original)
    assert cleaned.markdown
    assert cleaned.fields == {"title": "中华人民共和国行政复议法"}
    assert cleaned.history == ["1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过"]
    assert cleaned.lines == [
        "1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过",
        "## 第一章 总则",
        "第一条 为了防止违法，制定本法。",
        "| a | b |",  # table rows are never joined
        "| c | d |",
    ]


def test_lines_broken_by_links_are_joined() -> None:
    # Wikisource: paragraphs are separated by blank lines; link texts and outline
    # markers sit on lines of their own; an indented line starts a new paragraph
    original = (
        "各位代表：\n\n我們在聽了劉少奇同志\n關於憲法草案的報告\n並進行了討論。\n\n第二段。\n\n"
        "　　一、\n继续保持财政收支的平衡；\n\n前一段没有句号\n　　新段落。\n\n完。"
    )
    assert clean(original).lines == [
        "各位代表：",
        "我們在聽了劉少奇同志關於憲法草案的報告並進行了討論。",
        "第二段。",
        "一、继续保持财政收支的平衡；",
        "前一段没有句号",
        "新段落。",
        "完。",
    ]


def test_lines_are_not_joined_where_lines_are_paragraphs() -> None:
    original = "一、工作回顾\n过去一年，我们做了很多工作。\n二、今年安排\n今年要继续努力。"
    assert clean(original).lines == original.split("\n")


def test_newline_styles_and_edge_spaces() -> None:
    assert clean("　　甲。\r\n\u200b\r乙。 \u3000\n").lines == ["甲。", "乙。"]


def test_drop_repeated_copies() -> None:
    page = ["副标题", "各位代表：", "第一段。", "第二段。"]
    assert drop_repeated_copies(page * 6) == page
    assert drop_repeated_copies(page + page[:3]) == page + page[:3]  # not an exact repeat
    assert drop_repeated_copies(["好。", "好。"]) == ["好。"]
    assert drop_repeated_copies([]) == []


def test_header_lines_repeated_by_the_page_are_dropped() -> None:
    original = "陕西省2026年政府工作报告\n副标题 省长 赵刚\n首页\n>\n省政府工作报告\n陕西省2026年政府工作报告\n副标题 省长 赵刚\n各位代表：\n正文。"
    assert clean(original).lines == ["陕西省2026年政府工作报告", "副标题 省长 赵刚", "各位代表：", "正文。"]
