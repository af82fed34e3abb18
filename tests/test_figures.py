"""The figure parser, on sentences taken from the real reports (seed and ../shared/corpus), and
field by field against the hand-labelled figures in tests/data/figures.json."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive.parsing.parse import read_report
from archive.statements.figures import parse_figures
from scripts.draw_figures import candidate
from scripts.evaluate_figures import score

SEED_SENTENCE = (
    "2024年共开展执法检查206次,下发现场检查记录137份,责令限期整改指令书86份,行政处罚77次,罚款16.97万元。"
)
_NUMBER_START = re.compile(r"(?:约|近|超过|超|逾|不到)?[\d０-９一二两三四五六七八九十百千]")


def described(sentence: str) -> list[tuple[str, str, str, str]]:
    """Each figure as an auditor reads it: the amount as written, its qualifier, what was counted, the activity."""
    return [(f.written, f.qualifier, f.counted, f.activity) for f in parse_figures(sentence)]


def test_the_seed_report_figures(seed_file: Path) -> None:
    assert SEED_SENTENCE in seed_file.read_text(encoding="utf-8")
    figures = parse_figures(SEED_SENTENCE)
    assert [f.text for f in figures] == [
        "206 次 执法检查", "137 份 现场检查记录", "86 份 责令限期整改指令书", "77 次 行政处罚", "16.97 万元 罚款",
    ]
    assert [f.activity for f in figures] == ["开展", "下发", "", "", ""]
    fine = figures[-1]
    assert (fine.value, fine.unit, fine.normalized, fine.base_unit) == (16.97, "万元", 169700, "元")
    assert SEED_SENTENCE[fine.start : fine.end] == fine.written == "16.97万元"


def test_the_seed_report_keeps_every_character_of_what_was_counted(seed_file: Path) -> None:
    sentence = "进企业方面,参与“重大事故隐患判定标准”专家视频讲座513人次;"
    assert sentence in seed_file.read_text(encoding="utf-8")
    assert described(sentence) == [("513人次", "", "“重大事故隐患判定标准”专家视频讲座", "参与")]


@pytest.mark.parametrize(
    ("folder", "sentence", "expected"),
    [
        ("pingtan_zwgk_selected", "所监管区属国企资产总额1,100.76亿元、同比增长1.77%",
         [("1,100.76亿元", "", "所监管区属国企资产总额", ""), ("1.77%", "", "所监管区属国企资产总额", "增长")]),
        ("pingtan_zwgk_selected", "共出动执法人员2.6万余人次", [("2.6万余人次", "余", "执法人员", "出动")]),
        ("pingtan_zwgk_selected", "核减财政投资概算六千余万元，节约率达15%",
         [("六千余万元", "余", "财政投资概算", "核减"), ("15%", "", "节约率", "")]),
        ("pingtan_zwgk_selected", "发布调查问卷四次、意见征集四次",
         [("四次", "", "调查问卷", "发布"), ("四次", "", "意见征集", "")]),
        ("pingtan_zwgk_selected", "2022年全区共拆除新增“两违”584宗27474㎡",
         [("584宗", "", "新增“两违”", "拆除"), ("27474㎡", "", "新增“两违”", "拆除")]),
        ("pingtan_zwgk_selected", "吸引6家直播企业，20名台湾音乐制作人入驻园区",
         [("6家", "", "直播企业", "吸引"), ("20名", "", "台湾音乐制作人", "")]),
        ("pingtan_zwgk_selected", "已把关各类合同、协议及文件260余份，其中规范性文件5份",
         [("260余份", "余", "合同、协议及文件", "把关"), ("5份", "", "规范性文件", "")]),
        ("gwr_provincial_2026", "PM2.5年均浓度为26.3微克/立方米、下降7.4%",
         [("26.3微克/立方米", "", "PM2.5年均浓度", ""), ("7.4%", "", "PM2.5年均浓度", "下降")]),
        ("gwr_provincial_2026", "新能源汽车产量增长5.1倍", [("5.1倍", "", "新能源汽车产量", "增长")]),
        ("gwr_provincial_2026", "人均地区生产总值超1万美元", [("超1万美元", "超", "人均地区生产总值", "")]),
        ("gwr_provincial_2026", "跨部门综合监管事项从39个拓展到91个",
         [("39个", "", "跨部门综合监管事项", ""), ("91个", "", "跨部门综合监管事项", "拓展")]),
        ("pingtan_zwgk_selected", "26家公司和9名相关责任人已缴纳罚款共计851.2015万元",
         [("26家", "", "公司", ""), ("9名", "", "相关责任人", ""), ("851.2015万元", "", "罚款", "缴纳")]),
    ],
)
def test_real_sentences(corpus: Path, folder: str, sentence: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert any(sentence in path.read_text(encoding="utf-8") for path in (corpus / folder).rglob("*.txt"))
    assert described(sentence) == expected


LAWS = "lawrefbook_laws/DLC"
MFA = "mfa_press_conferences_scio"


@pytest.mark.parametrize(
    ("file", "sentence", "expected"),
    [
        (f"{LAWS}/广东地方法规/地方性法规/广东/深圳经济特区数据条例(2021-07-06).md", "拒不改正的，处五万元以上五十万元以下罚款；",
         [("五万元以上", "以上", "罚款", "处"), ("五十万元以下", "以下", "罚款", "处")]),
        (f"{LAWS}/北京地方法规/地方性法规/北京/北京市森林资源保护管理条例(2018-03-30).md",
         "由市或者区、县林业行政主管部门责令停止违法行为，补种毁坏株数1倍以上3倍以下的树木，可以处毁坏林木价值1倍以上5倍以下的罚款。",
         [("1倍以上", "以上", "毁坏株数", "补种"), ("3倍以下", "以下", "毁坏株数", "补种"),
          ("1倍以上", "以上", "毁坏林木价值", "处"), ("5倍以下", "以下", "毁坏林木价值", "处")]),
        (f"{LAWS}/上海地方法规/地方性法规/上海/上海市母婴保健条例.md",
         "第四十五条 当事人对婚前医学检查、遗传病诊断和产前诊断结果有异议的，可以在接到诊断书之日起十五日内，向市母婴保健医学技术鉴定委员会提出书面申请。",
         [("十五日", "", "提出书面申请", "")]),
        (f"{MFA}/2016-12-07.txt", "问：第一，中国央行和埃及央行6日签署了总额约为26亿美元的双边本币互换协议，你能否证实？",
         [("26亿美元", "", "双边本币互换协议", "签署")]),
        (f"{MFA}/2011-03-02.txt", "其中约9000人已回国，约21000人暂时安置在第三国，约2100人正在赴第三国途中。",
         [("约9000人", "约", "回国", ""), ("约21000人", "约", "安置在第三国", ""), ("约2100人", "约", "正", "")]),
        (f"{MFA}/2021-12-23.txt", "过去5年，每年被贩卖到美国从事强迫劳动的人口多达10万；",
         [("多达10万", "多达", "被贩卖到美国从事强迫劳动的人口", "")]),
        ("cpc_congress_reports_wikisource/01_北京共产主义组织的报告 (一大).txt",
         "现在还有将近二十万这样的居民，他们非常忠顺，他们仍然不从事任何固定的职业。", [("将近二十万", "将近", "居民", "")]),
    ],
)
def test_sentences_of_laws_briefings_and_old_reports(corpus: Path, file: str, sentence: str, expected: list) -> None:
    """Fines, multiples, time limits, amounts named before their noun, what a count of people did,
    qualifiers such as 多达 and 将近 (the third held-out part, now tuned on)."""
    assert sentence in (corpus / file).read_text(encoding="utf-8")
    assert described(sentence) == expected


@pytest.mark.parametrize(
    ("file", "sentence", "expected"),
    [
        (f"{LAWS}/山东地方法规/地方性法规/山东/青岛市机动车驾驶员培训管理条例(2018-11-30).md", "逾期未改正的，处一千元以上三千元以下罚款：",
         [("一千元以上", "以上", "罚款", "处"), ("三千元以下", "以下", "罚款", "处")]),
        ("lawrefbook_laws/行政法规/政府参事工作条例(2009-11-02).md", "参事的首聘年龄不得低于55周岁，不得高于65周岁。",
         [("低于55周岁", "低于", "参事的首聘年龄", ""), ("高于65周岁", "高于", "参事的首聘年龄", "")]),
        (f"{LAWS}/重庆地方法规/地方性法规/重庆/重庆市突发事件应对条例(2012-03-23).md",
         "乡（镇）人民政府、街道办事处、村民委员会、居民委员会制定的应急预案至少三年修订一次。",
         [("至少三年", "至少", "应急预案", ""), ("一次", "", "应急预案", "修订")]),
        (f"{LAWS}/山东地方法规/地方性法规/山东/山东省无线电管理条例(2012-01-13).md", "没有违法所得或者违法所得不足十万元的，处一万元以上十万元以下的罚款；",
         [("不足十万元", "不足", "违法所得", ""), ("一万元以上", "以上", "罚款", "处"), ("十万元以下", "以下", "罚款", "处")]),
        ("lawrefbook_laws/案例/劳动人事/加班费的仲裁时效应当如何认定.md", "一审法院判决：某建筑公司支付张某加班费18120元。",
         [("18120元", "", "加班费", "支付")]),
        ("gwr_provincial_2026/2026_吉林省_政府工作报告.txt", "连续45年无重大森林火灾。", [("45年", "", "无重大森林火灾", "连续")]),
        ("gwr_provincial_2026/2026_内蒙古自治区_政府工作报告.txt", "新建和改造提升高标准农田600万亩以上，完成黑土地保护性耕作1000万亩以上，改造提升盐碱耕地50万亩。",
         [("600万亩以上", "以上", "高标准农田", "新建和改造提升"), ("1000万亩以上", "以上", "黑土地保护性耕作", "完成"),
          ("50万亩", "", "盐碱耕地", "改造提升")]),
        ("gwr_provincial_2026/2026_重庆市_政府工作报告.txt", "打通未贯通道路40条，治理交通堵乱点134处",
         [("40条", "", "未贯通道路", "打通"), ("134处", "", "交通堵乱点", "治理")]),
        ("gwr_provincial_2026/2026_甘肃省_政府工作报告.txt", "城乡居民收入比值由3.27缩小至2.93。",
         [("3.27", "", "城乡居民收入比值", ""), ("2.93", "", "城乡居民收入比值", "缩小")]),
        ("gwr_provincial_2026/2026_山西省_政府工作报告.txt", "两所大学3个学科跻身“双一流”", [("两所", "", "大学", ""), ("3个", "", "学科", "")]),
    ],
)
def test_the_fourth_rounds_misses(corpus: Path, file: str, sentence: str, expected: list) -> None:
    """What the fourth round (now tuned on) showed missing: the top of a fine range before a colon,
    至少 低于 高于 不足 as qualifiers, spans of years after one Chinese numeral, a disjunction's last
    member, a doer's deed (支付张某加班费: 加班费), verbs in a row on one object, 连续N年, ratios
    without a unit, a noun ending before the verb that follows it (3个学科跻身)."""
    assert sentence in (corpus / file).read_text(encoding="utf-8")
    assert described(sentence) == expected


PINGTAN_GAZETTE = "pingtan_zwgk_selected/zxwj_bmwj/50246_平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告.txt"


@pytest.mark.parametrize(
    ("file", "sentence", "expected"),
    [
        ("gwr_provincial_2026/2026_山西省_政府工作报告.txt", "入选全国美丽河湖优秀案例3个。", [("3个", "", "全国美丽河湖优秀案例", "入选")]),
        ("gwr_provincial_2026/2026_江苏省_政府工作报告.txt", "改善农村住房超50万户。", [("超50万户", "超", "农村住房", "改善")]),
        ("gwr_provincial_2026/2026_宁夏回族自治区_政府工作报告.txt", "300万吨级CCUS碳捕集利用、100兆瓦级地下压缩空气储能、100吉瓦时锂电池储能等减碳项目加快建设。",
         [("300万吨", "", "CCUS碳捕集利用", ""), ("100兆瓦", "", "地下压缩空气储能", ""), ("100吉瓦时", "", "锂电池储能", "")]),
        ("gwr_provincial_2026/2026_甘肃省_政府工作报告.txt", "建设1000个农村“水盆子”项目，其中小型水库7座、水池等调蓄设施993个。",
         [("1000个", "", "农村“水盆子”项目", "建设"), ("7座", "", "小型水库", ""), ("993个", "", "调蓄设施", "")]),
        ("pingtan_zwgk_selected/ghxx_gzjzqk/83269_平潭综合实验区国有资产管理局关于2022年度国资国企监管工作情况的报告.txt",
         "上演舞蹈诗剧《只此青绿》等50多场演出活动。", [("50多场", "多", "演出活动", "上演")]),
        ("gwr_national_wikisource/1995年中华人民共和国国务院政府工作报告.txt", "农村居民人均纯收入达到１２２０元，扣除物价因素比上年增长百分之五；",
         [("１２２０元", "", "农村居民人均纯收入", ""), ("百分之五", "", "农村居民人均纯收入", "增长")]),
        ("gwr_provincial_2026/2026_海南省_政府工作报告.txt", "基础教育引进国内外名校累计达88所，培育优质学位17万个。",
         [("88所", "", "国内外名校", "引进"), ("17万个", "", "优质学位", "培育")]),
        ("gwr_provincial_2026/2026_河南省_政府工作报告.txt", "争取国家政策性资金超千亿元，发行地方政府专项债券资金1327亿元支持项目建设",
         [("超千亿元", "超", "国家政策性资金", "争取"), ("1327亿元", "", "地方政府专项债券资金", "发行")]),
        (PINGTAN_GAZETTE, "全年主动公开信息数156条，其中机关职能类信息12条，",
         [("156条", "", "主动公开信息数", ""), ("12条", "", "机关职能类信息", "")]),
        (PINGTAN_GAZETTE, "突发公共事件应急预案类信息47条；", [("47条", "", "突发公共事件应急预案类信息", "")]),
    ],
)
def test_the_fifth_and_sixth_rounds_misses(corpus: Path, file: str, sentence: str, expected: list) -> None:
    """What the fifth and sixth rounds (now tuned on) showed: a verb before a place opening the
    deed (入选全国…, 改善农村住房), capacity classes (100兆瓦级…), a quoted name inside a noun, of
    A等N场C the class C, 扣除物价因素 leading no phrase, a fixed phrase as the doer (基础教育引进…),
    争取 before a noun as the deed, 信息数156条 a count, a verb inside a category's name no deed."""
    assert sentence in (corpus / file).read_text(encoding="utf-8")
    assert described(sentence) == expected


def test_targets_outside_a_plan_hold_for_their_clause() -> None:
    """A target word outside a plan sets up its own clause only, but 力争/目标 the whole sentence;
    预计 in a review estimates; 争取 before a noun reports funds won."""
    review = parse_figures("确保主流思想占领意识形态阵地，2022年共上报舆情信息24条。")
    assert [(f.written, f.target) for f in review] == [("24条", False)]
    estimate = parse_figures("预计全年接待游客9.6亿人次、增长10.3%，旅游总收入1.24万亿元。")
    assert not any(f.target for f in estimate)  # in a review, 预计 estimates what came about
    assert all(f.target for f in parse_figures("预计全年接待游客9.6亿人次、增长10.3%，旅游总收入1.24万亿元。", plan=True))
    goal = parse_figures("主要预期目标是：地区生产总值增长5%左右，城镇新增就业50万人。")
    assert [f.target for f in goal] == [True, True]
    assert not parse_figures("争取中央转移支付资金4113.7亿元")[0].target


def test_a_fine_is_no_target_and_the_disposal_jiang_marks_none() -> None:
    plan = "情节严重的，处以一千元以上一万元以下的罚款。"  # a legal norm the labeller puts in a plan
    assert [(f.written, f.target) for f in parse_figures(plan, plan=True)] == [("一千元以上", False), ("一万元以下", False)]
    assert [f.target for f in parse_figures("该项目将两地通车时间从11个小时压缩至4个小时左右。")] == [False, False]
    assert [f.target for f in parse_figures("我们将新建学校20所。")] == [True]
    # a norm, a ruling, a running total or a change on the year before states what is due or done
    for sentence in ("行政机关应当在十五日内作出决定。", "判决被告支付赔偿金1000元。", "累计减轻税费负担超4900亿元；", "利用外资同比增长45%"):
        assert [f.target for f in parse_figures(sentence, plan=True)] == [False], sentence


NATIONAL = "gwr_national_wikisource/{}年中华人民共和国国务院政府工作报告.txt"


@pytest.mark.parametrize(
    ("file", "sentence", "expected"),
    [
        (NATIONAL.format(1975), "工业总产值一九七四年预计比一九六四年增长一点九倍，主要产品的产量都有大幅度增长，钢增长一点二倍，",
         [("一点九倍", "", "工业总产值", "增长"), ("一点二倍", "", "钢", "增长")]),
        (NATIONAL.format(1986), "进出口贸易总额一九九○年比一九八五年增长百分之四十，", [("百分之四十", "", "进出口贸易总额", "增长")]),
        ("mfa_press_conferences_scio/2021-12-23.txt", "美国新冠肺炎死亡病例数超过81万，确诊病例数超过5100万，分别约占全球总数的15%和19%。",
         [("超过81万", "超过", "美国新冠肺炎死亡病例数", ""), ("超过5100万", "超过", "确诊病例数", ""),
          ("15%", "", "美国新冠肺炎死亡病例数", ""), ("19%", "", "确诊病例数", "")]),
        (NATIONAL.format(2007), "全年中央财政用于科技、教育、卫生和文化事业的支出分别为774亿元、536亿元、138亿元和123亿元，比上年增长29.2%、39.4%、65.4%和23.9%。",
         [("774亿元", "", "科技", ""), ("536亿元", "", "教育", ""), ("138亿元", "", "卫生", ""), ("123亿元", "", "文化事业", ""),
          ("29.2%", "", "科技", "增长"), ("39.4%", "", "教育", "增长"), ("65.4%", "", "卫生", "增长"), ("23.9%", "", "文化事业", "增长")]),
        (NATIONAL.format(1979), "我们要求各地区、各部门在各企业今年计划定额的基础上节约煤和电百分之二到三，节约油百分之五到十，",
         [("百分之二到三", "", "煤和电", "节约"), ("百分之五到十", "", "油", "节约")]),
        ("gwr_provincial_2026/2026_西藏自治区_政府工作报告.txt", "我区健儿在国际国内大赛喜摘奖牌111枚。", [("111枚", "", "奖牌", "喜摘")]),
        ("gwr_provincial_2026/2026_山东省_政府工作报告.txt", "东方航天港海上发射卫星137颗。", [("137颗", "", "卫星", "发射")]),
        ("gwr_provincial_2026/2026_新疆维吾尔自治区_政府工作报告.txt", "年接待游客由1.58亿人次增加到3.23亿人次，",
         [("1.58亿人次", "", "游客", "接待"), ("3.23亿人次", "", "游客", "增加")]),
        ("pingtan_zwgk_selected/ghxx_gzjzqk/83269_平潭综合实验区国有资产管理局关于2022年度国资国企监管工作情况的报告.txt",
         "纳入改制范围的企业39家，", [("39家", "", "纳入改制范围的企业", "")]),
        (NATIONAL.format(1958), "电力工业部有一百零一个建设项目，地方有十八个建设项目，",
         [("一百零一个", "", "建设项目", ""), ("十八个", "", "建设项目", "")]),
        (NATIONAL.format(1954), "金屬切削機床一萬三千五百十三台，等於一九四九年的八點五倍；",
         [("一萬三千五百十三台", "", "金屬切削機床", ""), ("八點五倍", "", "金屬切削機床", "等於")]),
        (NATIONAL.format(1955), "农民从农业和副业所得到的收入，两年增长约百分之七。", [("约百分之七", "约", "农民从农业和副业所得到的收入", "增长")]),
        (NATIONAL.format(1999), "农村居民人均纯收入，考虑价格下降因素，比上年实际增长4·3％，", [("4·3％", "", "农村居民人均纯收入", "增长")]),
        (NATIONAL.format(1999), "下半年国有单位固定资产投资增长显著加快，全年增长19·5％，", [("19·5％", "", "国有单位固定资产投资", "增长")]),
        (NATIONAL.format(2012), "免除3000多万名农村寄宿制学生住宿费，", [("3000多万名", "多", "农村寄宿制学生", "免除")]),
        ("mfa_press_conferences_scio/2018-07-06.txt", "1万个村落接入数字电视信号。", [("1万个", "", "村落", "")]),
        ("mfa_press_conferences_scio/2011-03-02.txt", "空军派出4架伊尔-76飞机飞赴利比亚执行接运中国在利人员任务。", [("4架", "", "伊尔-76飞机", "派出")]),
        (NATIONAL.format(1959), "在全国的三千六百万的少数民族人口中，", [("三千六百万", "", "少数民族人口", "")]),
        (NATIONAL.format(1958), "同时，有三十五个新的工程开工，", [("三十五个", "", "新的工程", "")]),
        ("mfa_press_conferences_scio/2020-08-17.txt", "法国、英国、德国等11个国家投了弃权票，", [("11个", "", "国家", "")]),
    ],
)
def test_the_seventh_rounds_tuning(corpus: Path, file: str, sentence: str, expected: list) -> None:
    """What the tuning parts showed in round 7: a year written with ○ and a doer's year left out, a
    noun of one character changing (钢增长), values after 分别 or after as many figures going to
    those figures' things in order, a list's items without what they share, a frame of where
    (在…的基础上, 在…大赛), 年 before a deed, a verb opening a relative clause kept, a verb opening a
    noun no stop, 等于 restating, a topic clause past an aside or before its change verb, people
    without what is theirs, a model's number, a closing place word, an adjective before 的."""
    assert sentence in (corpus / file).read_text(encoding="utf-8")
    assert described(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "drawn"),
    [
        ("共开展执法检查206次。", True),
        ("计划生育和环境保护是我国的两项基本国策。", True),  # a candidate, though its count names things
        ("2024年12月5日，我局召开会议。", False),  # a date
        ("第一次全体会议。", False),  # an ordinal
        ("（三）深化改革。", False),  # an item number
        ("推动5G网络建设。", False),  # a code
        ("开展执法检查206次，" * 20, False),  # over 160 characters
    ],
)
def test_the_candidate_rule_of_a_new_round(sentence: str, drawn: bool) -> None:
    """scripts/draw_figures.py draws a sentence when, dates, ordinals, item numbers and codes left
    out, it holds a number before a character or a Chinese numeral before a unit."""
    assert candidate(sentence) is drawn


def test_an_arabic_number_with_qian() -> None:
    """2千公里: 2000 公里 (not 2千瓦, a unit)."""
    figures = parse_figures("X波段雷达探测距离可达2千公里以上，装机2千瓦。")
    assert [(f.written, f.value, f.unit, f.qualifier) for f in figures] == [("2千公里以上", 2000, "公里", "以上"), ("2千瓦", 2, "千瓦", "")]


def test_units_spaces_and_bare_chinese_numerals() -> None:
    """20 名 with a space, 十個 (十 before a counting unit), 周岁 with 未满, 上百万 and 近千万."""
    assert [(f.written, f.value, f.unit) for f in parse_figures("将非法入境柬埔寨的20 名中国公民驱逐出境。")] == [("20 名", 20, "名")]
    assert [(f.written, f.unit, f.counted) for f in parse_figures("另外還有十個同志被關在獄中。")] == [("十個", "个", "同志")]
    assert [(f.written, f.qualifier, f.unit) for f in parse_figures("用人单位非法招用未满十六周岁未成年人的")] == [
        ("未满十六周岁", "未满", "周岁")
    ]
    figures = parse_figures("上百万赤脚医生成长起来，近千万知识青年上山下乡。")
    assert [(f.written, f.value, f.unit, f.qualifier) for f in figures] == [("上百万", 100, "万", "上"), ("近千万", 1000, "万", "近")]


def test_the_activity_of_traditional_text_keeps_its_characters() -> None:
    figures = parse_figures("參加投票的選民共二億七千八百零九萬三千一百人，佔登記選民總數的百分之八十五點八八；")
    assert [f.activity for f in figures][-1] == "佔登記選民總數"


def test_values_normalized_per_unit_family() -> None:
    """Money in 元, people in 人 (名, 位 too) or 人次: sorting by ``normalized`` within one
    ``base_unit`` never mixes 万元 with 亿元, nor 人 with 人次."""
    figures = parse_figures("投入资金16.97万元、1.2亿元，培训干部300名、2.6万余人次，惠及群众1.5万人")
    assert [(f.normalized, f.base_unit) for f in figures] == [
        (169_700, "元"), (120_000_000, "元"), (300, "人"), (26_000, "人次"), (15_000, "人"),
    ]
    [rate] = parse_figures("就业率达50%以上")
    assert (rate.value, rate.unit, rate.qualifier, rate.base_unit) == (50, "%", "以上", "%")
    [people] = parse_figures("互联网上网人数达十亿三千万人")
    assert (people.value, people.unit, people.normalized) == (103_000, "万人", 1_030_000_000)
    # 个 of what names people counts people (pingtan 综合执法与应急管理局 2022; before: in 个, apart from 9名)
    sentence = "立案查处73家公司和12个相关责任人，26家公司和9名相关责任人已缴纳罚款共计851.2015万元。"
    assert [(f.text, f.base_unit) for f in parse_figures(sentence)][:4] == [
        ("73 家 公司", "家"), ("12 个 相关责任人", "人"), ("26 家 公司", "家"), ("9 名 相关责任人", "人"),
    ]
    assert [f.base_unit for f in parse_figures("其中有一百三十個工人。共有5个法人、3个成员")] == ["人", "个", "个"]


def test_targets_and_what_is_no_target() -> None:
    [growth] = parse_figures("力争规上工业增加值增长6%以上")
    assert growth.target and (growth.counted, growth.activity, growth.qualifier) == ("规上工业增加值", "增长", "以上")
    [done] = parse_figures("去年城镇新增就业1256万人")
    assert not done.target
    [planned] = parse_figures("城镇新增就业1200万人左右", plan=True)
    assert planned.target
    assert parse_figures("纪念联合国成立75周年") == []  # an anniversary, not a target of 75 weeks


def test_a_list_of_values_shares_its_unit_and_its_things() -> None:
    sentence = "农村卫生户厕覆盖率、污水治理（管控）率、生活垃圾处理设施覆盖率分别提高20.9、36.2、54个百分点"
    assert [(f.value, f.unit, f.counted, f.activity) for f in parse_figures(sentence)] == [
        (20.9, "个百分点", "农村卫生户厕覆盖率", "提高"),
        (36.2, "个百分点", "污水治理（管控）率", "提高"),
        (54, "个百分点", "生活垃圾处理设施覆盖率", "提高"),
    ]


def test_full_width_digits_ranges_and_approximations() -> None:
    [check] = parse_figures("开展执法检查２０６次")
    assert (check.value, check.unit, check.counted, check.activity) == (206, "次", "执法检查", "开展")
    [range_] = parse_figures("培育企业10-20家")
    assert (range_.value, range_.high, range_.text, range_.activity) == (10, 20, "10-20 家 企业", "培育")
    [years] = parse_figures("用３至５年完成")
    assert (years.value, years.high, years.unit) == (3, 5, "年")
    [about] = parse_figures("节约开办成本约160万元")
    assert about.approximate and about.qualifier == "约" and about.normalized == 1_600_000
    [billions] = parse_figures("汇聚1.59亿条数据")
    assert (billions.unit, billions.normalized, billions.base_unit) == ("亿条", 159_000_000, "条")
    [points] = parse_figures("占GDP比重提高约14个百分点")
    assert (points.value, points.unit, points.qualifier) == (14, "个百分点", "约")
    [spelled] = parse_figures("二0一一年国内生产总值达到四十七点三万亿元")
    assert (spelled.value, spelled.unit, spelled.counted) == (47.3, "万亿元", "国内生产总值")


@pytest.mark.parametrize(
    "sentence",
    [
        "2022年12月18日",  # dates
        "截止2022年底，本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止",
        "竞赛积分排名全区单位第1名",  # ordinal
        "加快“7.14”违法串标案件处置进度",  # inside quotes
        "制定《平潭综合实验区社会事业系统法治宣传教育的第八个五年规划（2021－2025）》",
        "推动重点区域5G网络全覆盖，PM2.5",  # codes
        "电话：0591-23107633；邮编：350400",  # no unit
        "依托12345台胞台企服务专区",
        "本报告包括总体情况等六个部分",
        "深入贯彻中央八项规定精神",  # a name
        "连续两个季度位列全省第一",
        "三元区应急管理局2025110日印发",  # a damaged date
        "新华社记者：今天是中国人民抗日战争暨世界反法西斯战争胜利75周年纪念日",  # an anniversary
        "建成白龙港三期污水处理设施",  # a phase, not a count
    ],
)
def test_numbers_that_are_not_quantities(sentence: str) -> None:
    assert parse_figures(sentence) == []


def test_a_lead_lines_count_of_what_follows_is_a_figure() -> None:
    """The convention of tests/data/README.md: a count a verb takes before a colon (a lead line) is a
    figure; a name before a colon (``两个维护：``) or a report's count of its own parts is not."""
    [lead] = parse_figures("主要坚持抓好三项重点工作：一是坚持全领域排查整治")
    assert (lead.value, lead.unit, lead.counted, lead.activity) == (3, "项", "重点工作", "抓好")
    [aspects] = parse_figures("重点做好十个方面工作：", plan=True)
    assert (aspects.value, aspects.counted, aspects.activity, aspects.target) == (10, "方面工作", "做好", True)
    assert parse_figures("坚决做到两个维护：") == []


def test_every_seed_figure_maps_back_to_its_text(seed_file: Path) -> None:
    report = read_report(seed_file, seed_file.read_bytes())
    for paragraph in report.paragraphs:
        for figure in parse_figures(paragraph.text):
            assert paragraph.text[figure.start : figure.end] == figure.written
            assert _NUMBER_START.match(figure.written)


# Floors a little below the scores measured (README, "Figures"): dev, tuning, tuning-4,
# tuning-4-reports, tuning-5, tuning-5-reports and tuning-6-reports are what the rules were tuned on
# (each earlier held-out part folded in once it had been looked at); held-out-7 (sentences never
# drawn of the agency, provincial and national reports), the seventh round, was labelled before this
# round of rules was written and scored once before it (counted 0.773, value+unit+qualifier 0.977)
# and once with the rules frozen (0.780, 0.977); its errors were read after that, not tuned on.
FLOORS = {
    "dev": {"value+unit+qualifier": 0.98, "counted": 0.91, "activity": 0.93, "target": 0.94, "precision": 0.97},
    "tuning": {"value+unit+qualifier": 0.98, "counted": 0.84, "activity": 0.88, "target": 0.87, "precision": 0.98},
    "tuning-4": {"value+unit+qualifier": 0.96, "counted": 0.72, "activity": 0.86, "target": 0.93, "precision": 0.94},
    "tuning-4-reports": {"value+unit+qualifier": 0.98, "counted": 0.97, "activity": 0.98, "target": 0.98, "precision": 0.98},
    "tuning-5": {"value+unit+qualifier": 0.92, "counted": 0.70, "activity": 0.82, "target": 0.88, "precision": 0.92},
    "tuning-5-reports": {"value+unit+qualifier": 0.97, "counted": 0.87, "activity": 0.84, "target": 0.95, "precision": 0.97},
    "tuning-6-reports": {"value+unit+qualifier": 0.97, "counted": 0.88, "activity": 0.94, "target": 0.98, "precision": 0.98},
    "held-out-7": {"value+unit+qualifier": 0.96, "counted": 0.77, "activity": 0.83, "target": 0.95, "precision": 0.91},
}


def test_the_labelled_figures_field_by_field(corpus: Path) -> None:
    table = score()
    assert table["all"]["figures"] >= 300
    for part, floors in FLOORS.items():
        for field, floor in floors.items():
            assert table[part][field] >= floor, (part, field, table[part][field])


def test_the_numeral_libraries_are_measured_or_named(capsys: pytest.CaptureFixture[str]) -> None:
    """scripts/compare_numeral_libraries.py measures cn2an and jionlp against the parsers (the
    README's numbers) where they are installed, and else says what to install; neither is a
    dependency of the archive."""
    from importlib.util import find_spec

    from scripts.compare_numeral_libraries import LIBRARIES, main
    from scripts.evaluate_figures import DATA

    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert not any(name in pyproject for name in LIBRARIES)
    installed = all(find_spec(name) for name in LIBRARIES)
    code = main(DATA)
    printed = capsys.readouterr()
    if installed:
        assert code == 0 and "(the parser's own: " in printed.out and "323 money amounts" in printed.out
    else:
        assert code == 1 and "pip install cn2an jionlp" in printed.err
