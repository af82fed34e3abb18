"""Metadata rules: dates, titles, signature blocks, document types, agencies and regions."""

import pytest

from archive.parsing.clean import clean
from archive.text.dates import find_dates, first_year, parse_date
from archive.parsing.metadata import DOC_TYPES, filename_title, find_title, read_metadata, signature
from archive.parsing.structure import build_paragraphs


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-01-13 11:00", "2025-01-13"),
        ("2023年1月9日", "2023-01-09"),
        ("——１９８９年３月２０日在第七届全国人民代表大会第二次会议上", "1989-03-20"),  # fullwidth
        ("——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上", "2026-01-27"),
        ("（2017年10月18日）", "2017-10-18"),
        ("2006年02月16日 10时33分", "2006-02-16"),
        ("2025110", None),  # the seed's damaged signature date: no guess
        ("2025年1月", None),  # no day
        ("2023年2月30日", None),  # no such day
        ("12025-01-13", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_find_dates_and_first_year() -> None:
    assert find_dates("1999年4月29日通过，2017年9月1日修正") == ["1999-04-29", "2017-09-01"]
    assert first_year("平潭综合实验区行政审批局2022年工作总结及2023年工作计划") == 2022
    assert first_year("１９８９年国务院政府工作报告") == 1989
    assert first_year("外交部就中欧会晤答问") is None


@pytest.mark.parametrize(
    ("filename", "title"),
    [
        ("2026_上海市_政府工作报告.txt", "2026年上海市政府工作报告"),
        ("45634_平潭综合实验区社会事业局关于2022年法治工作情况的报告.txt", "平潭综合实验区社会事业局关于2022年法治工作情况的报告"),
        ("19_决胜全面建成小康社会 (十九大).txt", "决胜全面建成小康社会 (十九大)"),
        ("行政复议法(2017-09-01).md", "行政复议法"),
        ("1989.txt", "1989"),
    ],
)
def test_filename_title(filename: str, title: str) -> None:
    assert filename_title(filename) == title


@pytest.mark.parametrize(
    ("text", "filename", "title", "first_line"),
    [
        # the first line is the title, and is not repeated as a paragraph
        ("某局2024年度报告\n正文。", "某局2024年度报告.txt", "某局2024年度报告", "正文。"),
        # a generic title line gives way to the file name's fuller one
        ("政府工作报告\n——2026年1月26日在广东省第十四届人民代表大会第五次会议上", "2026_广东省_政府工作报告.txt",
         "2026年广东省政府工作报告", "——2026年1月26日在广东省第十四届人民代表大会第五次会议上"),
        ("2026年政府工作报告\n各位代表：", "2026_云南省_政府工作报告.txt", "2026年云南省政府工作报告", "各位代表："),
        # no title line: the file name
        ("各位代表：\n现在，我代表国务院作报告。", "2025年中华人民共和国国务院政府工作报告.txt",
         "2025年中华人民共和国国务院政府工作报告", "各位代表："),
        # a header title wins
        ("title: 外交部发言人答记者问\nurl: u\nauthor: a\ncontent: \n问：好吗？", "2012-03-05.txt",
         "外交部发言人答记者问", "问：好吗？"),
    ],
)
def test_find_title(text: str, filename: str, title: str, first_line: str) -> None:
    found, lines = find_title(clean(text), filename)
    assert (found, lines[0]) == (title, first_line)


def test_title_repeated_by_scraped_pages_is_removed_everywhere() -> None:
    text = "1989年国务院政府工作报告\n各位代表：\n正文。\n1989年国务院政府工作报告\n各位代表：\n正文。"
    title, lines = find_title(clean(text), "1989.txt")
    assert title == "1989年国务院政府工作报告"
    assert lines == ["各位代表：", "正文。", "各位代表：", "正文。"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["正文。", "三元区应急管理局", "2025110", "抄送:区委依法治区办;", "三元区应急管理局2025110日印发"],
         ("三元区应急管理局", None)),  # damaged date: the agency, and no date
        (["正文。", "平潭综合实验区君山片区管理局", "2023年1月9日", "抄送：驻君山片区管理局纪检监察组。",
          "君山片区管理局党政办公室", "2023年1月9日印"], ("平潭综合实验区君山片区管理局", "2023-01-09")),
        # an agency line that ran into the attachment line before it (one-line bodies)
        (["检查人员：朱治强附件：区公安局2023年第四季度“双随机”抽查情况表平潭综合实验区公安局", "2022年12月18日"],
         ("平潭综合实验区公安局", "2022-12-18")),
        (["各位代表！", "让我们团结奋斗！"], (None, None)),
        (["正文。", "2023年1月9日"], (None, None)),  # a date without an agency line
    ],
)
def test_signature(lines: list[str], expected: tuple[str | None, str | None]) -> None:
    assert signature(lines) == expected


def _metadata(text: str, filename: str):
    cleaned = clean(text)
    title, lines = find_title(cleaned, filename)
    return title, read_metadata(title, cleaned, build_paragraphs(lines, cleaned.markdown), filename)


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("三元区应急管理局2024年度法治政府建设情况报告", "法治政府建设情况报告"),
        ("平潭综合实验区社会事业局关于2022年法治工作情况暨2023年工作要点的报告", "法治政府建设情况报告"),
        ("平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告", "政府信息公开工作年度报告"),
        ("平潭综合实验区行政审批局2022年工作总结及2023年工作计划", "工作总结"),
        ("平潭综合实验区国有资产管理局关于2022年度国资国企监管工作情况的报告", "工作报告"),
        ("区公安局2023年第四季度旅店宾馆“双随机”抽查工作情况", "抽查情况"),
        ("2026年上海市政府工作报告", "政府工作报告"),
        ("第十四届全国人民代表大会第三次会议关于政府工作报告的决议", "决议"),
        ("在中国共产党第九次全国代表大会上的报告", "党代会报告"),
        ("全面开创社会主义现代化建设的新局面 (十二大)", "党代会报告"),
        ("外交部发言人秦刚就乌克兰问题等答记者问", "答记者问"),
        ("某地风景介绍", None),
    ],
)
def test_doc_type_of_reports(title: str, doc_type: str | None) -> None:
    assert _metadata(f"{title}\n正文。", f"{title}.txt")[1].doc_type == doc_type
    assert doc_type is None or doc_type in DOC_TYPES


@pytest.mark.parametrize(
    ("head", "body", "doc_type", "agency"),
    [
        ("# 中华人民共和国行政复议法\n\n1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过",
         "## 第一章 总则\n\n第一条 为了防止违法，制定本法。", "法律", "全国人民代表大会常务委员会"),
        ("# 上海航运交易所管理规定\n\n1996年9月19日 经国务院批准\n\n1996年10月3日 中华人民共和国交通部令第8号发布",
         "第一条 为了加强管理，制定本规定。", "行政法规", "国务院"),
        ("# 企业职工带薪年休假实施办法\n\n2008年7月17日 经人力资源和社会保障部第6次部务会议通过",
         "第一条 为了实施条例，制定本办法。", "部门规章", "人力资源和社会保障部"),
        ("# 最高人民法院关于审理票据纠纷案件若干问题的规定\n\n2020年12月23日 最高人民法院审判委员会第1823次会议通过",
         "第一条 规定。", "司法解释", "最高人民法院"),
        ("# 聊城市大气污染防治条例\n\n2018年9月21日 山东省第十三届人民代表大会常务委员会第五次会议批准",
         "第一条 为了防治大气污染，制定本条例。", "地方性法规", "山东省人民代表大会常务委员会"),
        ("# 为家庭生活消费需要购买汽车，发生欺诈纠纷的，可以按照消费者权益保护法处理。",
         "## 张莉诉北京合力华通汽车服务有限公司买卖合同纠纷案\n\n## 基本案情\n\n2007年2月28日，原告购车。", "案例", None),
    ],
)
def test_law_types_and_agencies(head: str, body: str, doc_type: str, agency: str | None) -> None:
    _, metadata = _metadata(f"{head}\n\n<!-- INFO END -->\n\n{body}", "x.md")
    assert (metadata.doc_type, metadata.agency) == (doc_type, agency)


def test_law_year_date_and_decree_number() -> None:
    head = "# 上海航运交易所管理规定\n\n1996年9月19日 经国务院批准\n\n1996年10月3日 中华人民共和国交通部令第8号发布"
    _, metadata = _metadata(f"{head}\n\n<!-- INFO END -->\n\n第一条 规定。", "上海航运交易所管理规定.md")
    assert (metadata.year, metadata.date) == (1996, "1996-10-03")  # the latest history date
    assert metadata.doc_number == "中华人民共和国交通部令第8号"
    _, metadata = _metadata(f"{head}\n\n<!-- INFO END -->\n\n第一条 规定。", "上海航运交易所管理规定(2001-01-01).md")
    assert (metadata.year, metadata.date) == (2001, "2001-01-01")  # the file name's version date


def test_year_is_the_year_reported_on() -> None:
    _, metadata = _metadata("某局2022年工作总结及2023年工作计划\n发布时间: 2023-12-14 17:20\n正文。", "a.txt")
    assert (metadata.year, metadata.date) == (2022, "2023-12-14")
    _, metadata = _metadata("正文。", "1989.txt")
    assert metadata.year is None  # no year in the title, no date


def test_agency_prefers_the_full_name() -> None:
    text = "区公安局2023年抽查情况\n发布机构: 区公安局\n检查情况良好。\n平潭综合实验区公安局\n2023年12月5日"
    _, metadata = _metadata(text, "a.txt")
    assert (metadata.agency, metadata.region) == ("平潭综合实验区公安局", "平潭综合实验区")
    _, metadata = _metadata("三元区应急管理局2024年度报告\n日期:2025-01-13 来源:三元区应急局\n正文。", "a.txt")
    assert metadata.agency == "三元区应急管理局"  # the title's name over the header's short 来源


def test_government_work_report_agencies() -> None:
    assert _metadata("2026年上海市政府工作报告\n各位代表：", "a.txt")[1].agency == "上海市人民政府"
    assert _metadata("2026年内蒙古自治区政府工作报告\n各位代表：", "a.txt")[1].region == "内蒙古自治区"
    assert _metadata("1989年国务院政府工作报告\n各位代表：", "1989.txt")[1].agency == "国务院"


def test_doc_number_from_header_or_top_line() -> None:
    _, metadata = _metadata("某局关于做好工作的通知\n文号: 平综管〔2023〕12号\n正文。", "a.txt")
    assert metadata.doc_number == "平综管〔2023〕12号"
    _, metadata = _metadata("某局关于做好工作的通知\n平综管〔2023〕12号\n正文。", "a.txt")
    assert metadata.doc_number == "平综管〔2023〕12号"
    _, metadata = _metadata("某局报告\n依照国办函〔2020〕109号规定办理。", "a.txt")
    assert metadata.doc_number is None  # a cited 文号 is not the report's own


def _parsed(text: str, filename: str = "page.txt"):
    from archive.parsing.parse import parse_report

    return parse_report(text, filename)


_SPEECH_BODY = "各位代表：\n现在，我代表区人民政府向大会报告工作，请予审议。\n一、过去一年工作回顾\n全年新增就业4500人。"


@pytest.mark.parametrize("dash", ["——", "--", "—", "----", "――"])
def test_a_district_speech_under_any_dash(dash: str) -> None:
    report = _parsed(f"政府工作报告\n{dash}2023年2月11日在沙县区第一届人民代表大会第三次会议上\n"
                     f"沙县区人民政府代区长 李  明\n{_SPEECH_BODY}")  # fmt: skip
    assert (report.title, report.agency, report.region) == ("政府工作报告", "沙县区人民政府", "沙县区")
    assert (report.year, report.date, report.doc_type) == (2023, "2023-02-11", "政府工作报告")


@pytest.mark.parametrize(
    ("head", "agency", "region"),
    [
        ("政 府 工 作 报 告\n——2024年1月9日在福州市鼓楼区第十八届人民代表大会第四次会议上\n福州市鼓楼区人民政府区长  张  伟",
         "福州市鼓楼区人民政府", "福州市鼓楼区"),  # spaced title, speaker with the full name
        ("2023年政府工作报告\n——2023年1月10日在泰宁县第十七届人民代表大会第三次会议上\n县长 王建华",
         "泰宁县人民政府", "泰宁县"),  # the speaker names no place: the occasion line does
        ("政府工作报告\n——2022年1月6日在永安市第十七届人民代表大会第一次会议上\n永安市人民政府代市长 陈晓东",
         "永安市人民政府", "永安市"),
        ("政府工作报告\n——2017年3月5日在第十二届全国人民代表大会第五次会议上\n国务院总理", "国务院", None),
        ("政府工作报告\n各位代表：", None, None),  # nothing says whose: not 国务院
    ],
)  # fmt: skip
def test_whose_government_work_report(head: str, agency: str | None, region: str | None) -> None:
    report = _parsed(f"{head}\n{_SPEECH_BODY}")
    assert (report.doc_type, report.agency, report.region) == ("政府工作报告", agency, region)


def test_a_title_without_its_spaces_takes_the_file_names_fuller_form() -> None:
    report = _parsed(f"政 府 工 作 报 告\n{_SPEECH_BODY}", "鼓楼区政府工作报告.txt")
    assert (report.title, report.agency) == ("鼓楼区政府工作报告", "鼓楼区人民政府")


def test_a_title_over_two_lines_is_joined() -> None:
    report = _parsed("江北区市场监督管理局2023年度法治政府建设\n情况报告\n发布时间：2024-02-20\n"
                     "2023年，我局全年开展执法检查206次。\n一、主要成效\n全年办理案件58件。")  # fmt: skip
    assert report.title == "江北区市场监督管理局2023年度法治政府建设情况报告"
    assert report.paragraphs[0].text.startswith("2023年，我局")
    assert (report.doc_type, report.agency, report.year) == ("法治政府建设情况报告", "江北区市场监督管理局", 2023)


def test_no_title_line_takes_the_file_name() -> None:
    report = _parsed(_SPEECH_BODY, "2024年城厢区政府工作报告.txt")
    assert (report.title, report.agency, report.year) == ("2024年城厢区政府工作报告", "城厢区人民政府", 2024)


def test_a_document_number_line_above_the_title() -> None:
    report = _parsed("明政办〔2024〕12号\n明溪县人民政府办公室关于印发明溪县2024年为民办实事项目的通知\n"
                     "各乡（镇）人民政府，县直各单位：\n现将项目印发给你们，请认真组织实施。\n\n"
                     "明溪县人民政府办公室\n2024年3月1日")  # fmt: skip
    assert report.title == "明溪县人民政府办公室关于印发明溪县2024年为民办实事项目的通知"
    assert (report.doc_number, report.agency, report.date) == ("明政办〔2024〕12号", "明溪县人民政府办公室", "2024-03-01")


@pytest.mark.parametrize(
    ("title", "doc_type", "written"),
    [
        ("泰宁县统计局2024年工作要点", "工作计划", "工作要点"),
        ("将乐县农业农村局2025年工作思路", "工作计划", "工作思路"),
        ("清流县嵩溪镇2024年工作计划", "工作计划", "工作计划"),
        ("宁化县水利局2024年工作总结", "工作总结", "工作总结"),
        ("平潭综合实验区行政审批局2022年工作总结及2023年工作计划", "工作总结", "工作总结"),
        ("大田县教育局2023年度信息公开年报", "政府信息公开工作年度报告", "信息公开年报"),
        ("尤溪县交通运输局2023年政府信息公开工作年度报告", "政府信息公开工作年度报告", "政府信息公开工作年度报告"),
        ("梅列区司法局关于2023年度法治建设情况的报告", "法治政府建设情况报告", "法治建设情况报告"),
        ("三元区应急管理局2024年度法治政府建设情况报告", "法治政府建设情况报告", "法治政府建设情况报告"),
        ("平潭综合实验区社会事业局关于2022年法治工作情况暨2023年工作要点的报告", "法治政府建设情况报告", "法治工作情况"),
        ("明溪县市场监督管理局2024年第一季度“双随机、一公开”抽查情况公示", "抽查情况", "抽查情况"),
        ("明溪县市场监督管理局关于2023年食品安全监督抽检情况的报告", "工作报告", "工作报告"),
        ("某某县卫生健康局关于2023年医疗机构抽查工作情况的报告", "工作报告", "工作报告"),  # not 双随机
        ("建宁县文化和旅游局工作情况汇报", "工作报告", "工作报告"),
    ],
)  # fmt: skip
def test_types_and_the_type_as_written(title: str, doc_type: str, written: str) -> None:
    report = _parsed(f"{title}\n一、总体情况\n全年办理事项12件。")
    assert (report.doc_type, report.type_written) == (doc_type, written)
    assert doc_type in DOC_TYPES


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("某某县林业局2023年度工作总结\n发布时间：2024-02-10\n2023年，我局完成造林1.2万亩。", 2023),  # the title's
        ("沙县区林业局工作总结\n发布时间：2025-02-10\n2024年，我局完成造林1.2万亩。", 2024),  # the body's
        ("建宁县文化和旅游局工作情况汇报\n发布时间：2024-06-18\n一、基本情况\n我局内设股室4个。", None),  # not the date's
        ("某某局2023年度法治政府建设情况报告\n发布时间：2024-01-05\n2024年，我局将继续推进。", 2023),  # title over body
    ],
)  # fmt: skip
def test_report_year(text: str, year: int | None) -> None:
    assert _parsed(text).year == year


@pytest.mark.parametrize(
    ("title", "history", "agency"),
    [
        ("宁波市人民调解条例", "2014年12月26日 市十四届人大常委会第二十次会议通过\n\n2015年3月27日 省十二届人大常委会第十八次会议批准",
         "宁波市人民代表大会常务委员会"),  # "the city's" congress, named by the title
        ("杭州市渔业资源保护管理规定", "2014年2月1日 杭州市十二届人民代表大会常务委员会第十七次会议通过", "杭州市人民代表大会常务委员会"),
        ("洛阳市县乡公路养护管理条例", "2002年11月30日 河南省第九届人民代表大会常务委员会第三十一次会议批准\n\n"
         "2010年8月25日 洛阳市第十三届人民代表大会常务委员会第十二次会议通过", "洛阳市人民代表大会常务委员会"),
    ],
)  # fmt: skip
def test_a_city_regulation_is_the_city_congresss(title: str, history: str, agency: str) -> None:
    report = _parsed(f"# {title}\n\n{history}\n\n<!-- INFO END -->\n\n第一条 为了加强管理，制定本条例。", f"{title}.md")
    assert (report.doc_type, report.agency) == ("地方性法规", agency)


@pytest.mark.parametrize(
    ("title", "region"),
    [
        ("上海市促进浦东新区商事调解规定", "上海市"),  # a place named in the subject is not the issuer's
        ("上海市商品交易市场管理条例", "上海市"),
        ("景宁畲族自治县城市管理条例", "景宁畲族自治县"),
        ("宁波市慈城古县城保护条例", "宁波市"),
    ],
)
def test_the_region_of_a_local_regulation(title: str, region: str) -> None:
    text = f"# {title}\n\n2015年6月8日 {region}人民代表大会常务委员会第二次会议通过\n\n<!-- INFO END -->\n\n第一条 为了加强管理，制定本条例。"
    assert _parsed(text, f"{title}.md").region == region
