"""Figures: the quantities a sentence reports, read into value, unit, qualifier, what was
counted, the activity, and whether it is a target.

``parse_figures("2024年共开展执法检查206次,罚款16.97万元。")`` gives
``206 次 执法检查`` (activity 开展) and ``16.97 万元 罚款`` (normalized: 169700 元).

A figure is a number with a unit: Arabic digits (full width too, ``1,234.5``),
or Chinese numerals with a counting unit (``四次``, ``两项``, ``百余家``); a scale 万/亿
(``16.97万元``, ``1.59亿条``); a range (``10-20家``, ``3至5年``); qualified forms (``约160万元``,
``260余份``, ``2.6万余人次``, ``超1万美元``, ``50%以上``, ``不到3天``); percentages (``4.8%``,
``14个百分点``) and multiples (``5.1倍``).

Numbers that are not quantities are left out: years and dates (``2024年``,
``12月5日``), ordinals and anniversaries (``第1名``, ``75周年``), numbers inside quotes or book
titles (``“7.14”``, ``《…（2021-2025）》``), codes next to Latin letters (``5G``,
``PM2.5``), and numbers with no unit (phone numbers, ``12345热线``).

What was counted is the noun phrase the number counts: the noun right after a measure word
(``26家公司和9名相关责任人``: 公司, 相关责任人), else the phrase before the number in its clause,
without time words, adverbs and the verb, which is the activity (``共开展执法检查206次``:
执法检查, 开展); of a list ``A、B等各类活动`` the class named after 等 (活动); of a change
(``资产总额…同比增长1.77%``) the quantity that changed, the change verb being the activity; a
list of values goes to the things listed before it, or to what as many figures before it count
(``死亡病例数超过81万，确诊病例数超过5100万，分别约占全球总数的15%和19%``), in order.
Its edges are read off jieba's words and dictionary tags (``tagged_words``): whole words only,
no particle, adverb or comparison at its ends (``…资金由上年``), verbs jieba tags v joining the
verb lists (``新组建``, ``进行了67次核试验``); a clause with nothing of its own counts the topic
clause before it (``城乡居民的平均消费水平，由175元提高到288元``). A fine counts 罚款, its penalty
verb the activity (``处五千元以上两万元以下罚款``: 处), and is no target; a time limit counts the deed
to be done (``十五日内，向…提出书面申请``). The archive's segmenter joins verb and object into the
search dictionary's compounds (``改善农村``, ``挽回损失``); the phrase before a number splits them
into jieba's own words (``_parts``) so that the deed before a noun is seen (``改善农村住房超50万户``:
农村住房, 改善). The tags are one signal among the cue words, not a grammar: without the HMM they
call many verbs nouns and the reverse (``汇报``/nz, ``举措``/v), measured in tests/data/figures.json.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Iterator, NamedTuple

from archive.text.analysis import tagged_words
from archive.text.normalize import normalize_with_offsets, original_span
from archive.text.numerals import CHINESE_DIGITS, numeral_value
from archive.text.patterns import find_from_starts

_SCALES = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "万": 1e4, "亿": 1e8}
# Units, longest first so that 人次 wins over 人. Latin ones as normalization writes them (㎡ -> m2).
_UNITS = sorted(
    """人次 家次 件次 场次 趟次 批次 户次 车次 架次 个工作日 工作日 个百分点 百分点 个月 小时 平方公里 平方米
    立方米 微克/立方米 公里 千米 公顷 公斤 千克 千瓦时 千瓦 万吨 吨 亩 米 元 美元 % ‰ 倍 次 人 名 位 户 家 个 项 件 宗 起
    份 条 场 篇 期 批 艘次 艘 列 面 处 套 所 支 台 辆 座 类 张 枚 通 对 组 轮 天 日 年 周 例 只 群 头 株 棵 间 部 款 笔
    单 票 块 栋 床 册 本 门 趟 斤 担 度 颗 周岁 岁 种 大类 标准箱 个小时 剂 架 哩 国 厘米 毫米 分钟 秒钟 立方公尺 兆瓦 吉瓦时 吉瓦 km2 km m2 m3 kg kwh kw mw gw""".split(),
    key=len,
    reverse=True,
)
# Measure words that are followed by the noun they count (26家公司); the others (次, 元, %, 年 …)
# measure an activity or amount named before them.
_CLASSIFIERS = set("人名位户家个项件宗起份条篇期批艘面处套所支台辆座类张枚组例只群头株棵间部款笔单票块栋床册本门轮剂架国") | {"周岁"}
# The base unit and factor of each unit family, so that values of one family compare.
_FAMILY = {"名": "人", "位": "人", "公里": "km", "千米": "km", "平方公里": "km2", "平方米": "m2", "立方米": "m3",
           "公斤": "kg", "千克": "kg", "百分点": "个百分点", "日": "天", "工作日": "个工作日", "度": "千瓦时"}  # fmt: skip
_PEOPLE = ("人", "名", "位", "人次")
# What was counted that names people, by its last noun (相关责任人, 工作人员, 领导干部, 十个同志; not 法人,
# 成员, which may be states or firms): counted with 个, a number of people (人), as with 名 or 位.
_PERSONS = re.compile(r"(?:(?<!法)人|(?<!成)员|干部|群众|职工|工人|农民|同志|代表|专家|学生|儿童)$")
_CN_UNITS = set("次人名位户家个项件宗起份场期批条所支倍艘架辆套座株头张枚剂") | {
    "人次", "场次", "批次", "家次", "件次", "个月", "日", "天", "小时", "个小时", "分钟", "秒钟", "周岁", "岁", "哩", "厘米", "毫米",
    "个工作日", "工作日"}  # fmt: skip
_NUMBER = (
    r"\d(?: \d)+(?: ?\. ?\d(?: \d)*)? ?(?=[万亿%‰\u4e00-\u9fff])|\d ?\. ?\d(?: \d)* ?(?=[万亿%‰\u4e00-\u9fff])"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?千(?![瓦克米])|\d+(?:[.·]\d+)?"
    r"|[零〇一二两三四五六七八九十百千][零〇0一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?"
)
# 人 of 人口, 个 of 个体 are no units: 近14亿人口 is 14 亿 人口
_UNIT = "|".join(
    re.escape(unit) + {"人": "(?!口)", "个": "(?!体)", "列": "(?![入为出举车])"}.get(unit, "") for unit in _UNITS
) + "|(?<=[万亿])方|(?<=[万亿])p(?![a-z])"  # 1.7万P: computing power (PFLOPS)
_BEFORE = r"大约|约|将近|接近|近|不少于|不低于|不高于|不超过|超过|超|逾|未逾|不到|不足|不满|少于|低于|高于|未满|至少|多达|高达|上(?=[百千万])"
_FIGURE = re.compile(
    rf"(?P<before>{_BEFORE})?(?P<percent>百分之)?(?P<low>{_NUMBER})"
    rf"(?:(?:-|－|—|–|~|～|至|到)(?:百分之)?(?P<high>{_NUMBER}))?"
    r"(?P<scale>万亿|千万|百万|万|亿)?(?P<after>余|多)?(?P<scale2>万|亿)?"
    rf"(?:(?<=\d) (?={_UNIT}))?(?P<unit>{_UNIT})?(?P<bound>以上|以内|以下|左右|上下)?"
)
_FIGURE_START = re.compile(  # the characters a figure can begin with (see find_from_starts)
    "[\\d百" + CHINESE_DIGITS + "".join(sorted({word[0] for word in _BEFORE.split("|")})) + "]"
)
# The rest of a list of numbers sharing the unit written after the last: 20.9、36.2、54个百分点
_LIST_TAIL = re.compile(rf"(?:、(?:{_NUMBER}))*、(?:{_NUMBER})(?P<unit>{_UNIT})")
_ANY_NUMBER = re.compile(r"[\d零〇一二两三四五六七八九十百千]")
_QUOTED = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」|『[^』]*』|【[^】]*】")
_DECIMAL = re.compile(r"\d+\.\d+")
_RATIO = re.compile(r"(?:比值|收入比|之比|系数)[^，,；;。]{0,10}$")
_SPEECH = re.compile(r"[，,；;。]")  # a quote holding a clause break is speech, not a name: its figures count
_BOUNDARY = re.compile(r"[，,；;：:。！？!?（）()\s]")
_CLOSED_BRACKETS = re.compile(r"[（(][^（()）,，；;。]*[)）]")
_CLAUSE_END = re.compile(r"[，,；;：:。！？!?（）()\s\d]")
# A list item's separator or conjunction right after the previous figure: 21件、民事案件…, 5个部门的…
_JOIN = re.compile(r"(?:、|和|及|与|以及|的|其中|共计|共|,|，)+")
# Leading words of the phrase before a number that say when or who, not what was counted.
_LEAD = re.compile(
    r"(?:(?:截至|截止|至|到)?(?:\d{4}|[〇○零0一二三四五六七八九]{4})年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来|底|末|内|前|全年|上半年|度)?(?:的(?![\d一二三四五六七八九十两]))?|"
    r"(?:自|从)?[^,;。]{0,8}以来|[一二三四五六七八九十两]+年(?:来|间)?(?![级度])|今年|全年|年内|本年度|上半年|下半年|当年|年末|年底|年初|"
    r"\d{1,2}年(?=提高|增长|下降|增加|减少|翻番)|\d{1,2}[.．](?!\d)|扣除(?:物价|价格)(?:上涨)?因素(?:后)?|按可比价格计算|目前|截至目前|截止目前|至今|"
    r"其中|此外|同时|另外|全区|全市|全省|全县|全局|我局|我区|本局|我们|(?:在全[国省市区])?率先|原定为?|"
    r"累计|共计|合计|总计|共有|拥有|现有|共(?![享同建治商产青])|已有|已经|已|均|一共|先后|分别|还|再|又|继续|每年|基本|现在|我国|(?:去年|今年|上年)的|今后[一二三四五两\d]*年|把(?![关握脉控])|一批|一些|若干|[一二三四五六七八九十]+是|力争|争取|拟(?!定)|预计|计划|确保|"
    r"以[^，,；;。]{1,8}?(?:形式|方式)|通过[^，,；;。]{1,12}?(?:方式|形式|渠道)|"
    r"尽管|但是|但|就是|再就是|并且|而且|这样的?|(?:（|\()[一二三四五六七八九十\d]{1,3}(?:）|\))|平均每[天日月年]|每[天日月周]|每季度|每半年|每(?:十万|百万|千|万|百)(?:人|户|名)拥有)+"
)
# Words inside the phrase after which comes what was counted: 我局共有持证在岗执法人员32人.
_SPLIT = re.compile(
    r"(?:共计|累计|合计|总计|共有|(?<!公)共(?![享同建治商产青])|一共|其中|已有|已经|已|成功|(?<![模虚])拟(?!定)|计划(?=[\d投完建开新实推引培发举组用到在])|预计|将(?=[\u4e00-\u9fff])|(?<=[门关局府院])责令(?:限期)?)"
)
# Verbs of an activity, the last of which, before what was counted, names the activity.
_VERB = re.compile(
    r"开展|组织开展|组织|举办|把关|补种|汇报|支持|拆除|增发|加固|综合治理|免除|免费筛查|筛查|积累|立案查处|调查|制作|缴纳|召开|完成|办理|受理|处理|处置|查处|查办|办结|审结|审理|发放|下发|印发|发出|出具|发布|"
    r"出动|检查|排查|整治|整改|督办|约谈|立案|处罚|培训|招募|提供|吸引|引进|引导|投入|安排|筹集|随机抽取|抽取|发射|"
    r"拨付|下达|争取|落实|建成|建设|打造|培育|推出|推广|归集|录入|公开|公布|通报批评|通报|减免|收到|"
    r"签订|签约|接待|走访|帮助|帮扶|救助|带动|惠及|覆盖|涉及|含|包括|获评|获得|获|评选|认定|"
    r"清理|废止|制定修订|制定|修订|出台|审查|备案|保障|监管|实施|实现|达到|普及|走进|参加|参与|设立|成立|新建|改造|"
    r"压缩|缩短|减少|降低|节约|节省|核减|化解|挽回|追缴|收缴|罚没|征收|发行|推动|推进|启动|"
    r"关停|关闭|新安排|下沉|转移|组建|配备|储备|聘请|选派|表彰|授予|命名|创建|对接|协调|调解|回复|答复|办件|承担|遴选|治理|"
    r"疏解|提质|动态核查|核查|梳理出|梳理|开通|淘汰|扩招|招收|吸纳|新开工|开工|布局|认证|注册|登记|收治|救治|安置|搬迁|惠及|"
    r"签署|派出|增派|查明|交付|抓获|破获|侦破|历时|经过|增加|提高|供应|更新|输转|盘活|支付|退还|动用|拉动|审议|赔偿|遣返|接收|给予|开行"
)
_SERIAL_VERBS = ("组织", "推动", "支持", "完成", "协助", "遴选", "疏解", "新建", "建设", "开工")  # verbs that take another: 组织召开
# Who did it, when the phrase opens on the doer and a verb follows: 企业组织开展…, 中央财政安排…
_SUBJECT = re.compile(r"[^,;。、]{0,10}?(?:局|委|办|院|政府|企业|集团|公司|部门|单位|国企|财政|中心|法庭|系统|我们|库中)")
# Verbs ending a phrase that names what reached or was planned: 育儿补贴惠及, 保障性安居工程新安排
_REACH = re.compile(r"(?:惠及|覆盖|带动|吸纳|新安排|安排|基本建成|建成|建成通车|建成投产|积累|开行|完成)$")
_CATEGORY = re.compile(r"(?:类|型)[\u4e00-\u9fff]{1,4}$")  # a category's name: 促进就业类信息, 示范型老人家食堂
_SPAN_BEFORE_CHANGE = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})年$")  # 高新技术企业5年|增加2万多家: the time it took
_CHANGE_START = re.compile(r"增长|增加|下降|减少|提高|提升|降低|上升|上涨|回落|扩大|缩小")  # 明显|下降
_TERM = re.compile(r"有期徒刑|刑期|徒刑|拘役")  # a prison term after its span, and the verb that passes it
_SENTENCING = re.compile(r"(?:判处|并处|处以|处)$")
_RATE_NAME = re.compile(r"(?:率|比例|比重)$")
_REACHES = re.compile(r"(?:惠及|覆盖|带动|吸纳)(?![率面])")  # inside the phrase: 学前教育免费政策惠及儿童
_SHARE = re.compile(r"占(?![比用地有据])")
_SAME_THING = re.compile(r"占|折合|约合|相当于|等于")  # a figure that restates the one before it
_ENDING_VERB = re.compile(rf"(?:{_VERB.pattern})$")
# Verbs of change: the figure says by how much what was named before changed.
_CHANGE_WORDS = r"要|将|同比|环比|同口径|可比口径|比上年|比去年|比(?:\d{4}|[〇○零0一二三四五六七八九]{4})年(?:同期)?|年均|平均每年|每年|平均|实际|分别|累计|总体|预计"
_CHANGE_PREFIX = re.compile(rf"^(?:{_CHANGE_WORDS})+|[了到至]$")
_CHANGE = re.compile(
    rf"(?:{_CHANGE_WORDS})*"
    r"(?:增长|增加|下降|减少|提高|提升|降低|上升|上涨|回落|扩大|缩小|缩减|增速|翻番|新增|净增|增产|减产|压缩|缩短|压减|调增|调减|拓展|扩展|改善|上调|下调|[增降升](?=[至到]))(?:了|到|至)?$"
)
_TRAIL = re.compile(
    r"(?:达到|达|大约|约|近|超过|超|逾|共计|共|累计|计|分别|均|已经|已|有|是|了|(?<![增降升])至|(?<![增降升])到|将|要|预计|实现|突破|稳定在|保持在|控制在|"
    r"首次|再次|首度|连续[\d一二三四五六七八九十两]+(?:年|个季度|个月)|一般为|一般|平均为|(?:拟|确|核|暂)?定为|全年|当年|拟按|按|(?<![行作成认因])为|从|由|(?:\d{4}|[〇○零0一二三四五六七八九]{4})年(?:底|末)?的?|"
    r"不得|不应|不能|应当|应该|应|可以|必须|须|最迟|最长|每(?:半年|年|季度|月|周|日|天)|"
    r"(?:相较|相比|较|比|同)(?:上年|去年|\d{4}年|[〇○零0一二三四五六七八九]{4}年)(?:同期)?)+$"
)
_DETERMINERS = re.compile(r"(?:各类|各种|各项|各级|各|等|其他|全部|所有|共计|共|这一|这些|这个|它的|它们的|一批|一些|若干)+")
_FOLLOWING_STOP = re.compile(
    r"[，,；;：:。！？!?、（）()“”《》\s\d]|进行|实现|开展|参与|入驻|受益|进入|采用|通过|调整为|安装|获|被|的|以及|及|和|与|或者|"
    r"已|在|为|贷款|提供|上线|实施|完成|参加|落户|签约|纳入|(?<!公)共|累计|顺利|发行|有序|入选|获批|如期|成功|开工|投产|竣工|建成|达|均|列入|通办|办理|"
    r"增加|增长|下降|减少|提高|降低|上升|拓展|扩展|成为|先后|观看|组成|获得|参与|受到|得到|接受|提交|享受|使用|开展|开始|发放|予以|可以|填补|目标|建设|替代|深度|整改落实|用于|(?<!高)等(?![级待同值次])"
)
_TARGET = re.compile(
    r"力争|争取(?!到|了)|目标|预期(?!寿命)|预计(?!数)|计划(?=[\d投完建开新实推引培发举组用到在])|确保|(?<![模虚])拟(?![\u4e00-\u9fff]{1,4}的)|将(?=[\u4e00-\u9fff])|"
    r"(?:今年|明年|我们|全年)要|要(?=实现|达到|完成|确保|新增|控制|保持|提高|降低|增长|下降|建成|改造)|下一步|明年"
)
# A norm or a ruling states what is due, not what is planned (应当在十五日内…, 判决…支付赔偿金1000元)
_NORM = re.compile(r"判决|裁决|判令|诉请|诉至|请求|要求[^，,；;。]*(?:支付|赔偿|退还|返还)|应当|不得")
_PAST = re.compile(r"已|完成了|实现了|(?:增加|增长|提高|达到|下降|减少|上升|降低)了|(?<!比)去年|(?<!比)上年|过去|这五年|一年来|五年来|以来|累计(?![将要])|同比")
COUNTED_LENGTH = 32
_TAIWAN = set("胞企湾商资青籍陆")  # 台 starting these words is Taiwan, not a count of machines
_LISTED_UNITS = ("个", "项", "件", "条", "类", "种")  # what a lead line counts (重点抓好四件事：; not 抓两头：)
# Names of projects, works and plants, after which N期 is a phase (机场三期, 电厂二期), not a count
_PHASED = ("厂", "场", "站", "港", "园", "电池", "项目", "工程", "化学", "扩建", "基地")
MAX_DAYS = 10000  # a longer "day count" is a date whose 年/月 were lost (2025110日)


@dataclass(frozen=True)
class Figure:
    """One quantity: ``value`` (``high`` for the top of a range) in ``unit`` as written, with its
    ``qualifier`` (余, 约, 以上 …), ``counted`` what it counts and ``activity`` the verb that
    produced it, ``target`` when it is planned rather than reported, and ``normalized`` the
    value in ``base_unit`` (``16.97 万元`` is 169700 元). ``start``/``end`` locate it in the sentence."""

    value: float
    unit: str
    counted: str
    normalized: float
    base_unit: str
    start: int
    end: int
    high: float | None = None
    qualifier: str = ""
    activity: str = ""
    target: bool = False
    written: str = ""  # the amount as the sentence writes it: 2.6万余人次, 超1万美元, 50%以上

    @property
    def approximate(self) -> bool:
        return bool(self.qualifier)

    @property
    def text(self) -> str:
        """``206 次 执法检查``: value (or range), unit and what was counted."""
        value = amount(self.value, self.high)
        return " ".join(part for part in (value, self.unit, self.counted) if part)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "text": self.text, "approximate": self.approximate}


def parse_figures(sentence: str, plan: bool = False) -> list[Figure]:
    """Every figure in ``sentence``, in order; ``plan`` when the sentence stands in a plan (a
    commitment), so that its figures are targets unless it says they were reached."""
    normalized, offsets = normalize_with_offsets(sentence)
    figures: list[Figure] = []
    previous = _Previous(0, (0, 0), "", "")
    shares: list[tuple[int, int]] = []  # 农村卫生户厕覆盖率、污水治理率…分别提高20.9、36.2、54个百分点
    quantities = list(_quantities(normalized))
    spans: list[tuple[int, int]] = []  # what each figure before counts
    for index, (match, unit) in enumerate(quantities):
        fine = _fine(normalized, match, unit)
        limit = None if fine else _time_limit(normalized, match, unit)
        running = None if fine or limit else _running(normalized, match)
        if fine or limit or running:
            counted, activity = fine or (limit, "") if fine or limit else (running, "连续")
        elif shares:
            counted, activity = shares.pop(0), previous.activity
        else:
            found = _counted(normalized, previous, match, unit)
            counted, activity = _whole_words(normalized, *found, previous, match.start(), unit)
            verb = _CHANGE.fullmatch(normalized, *counted) if counted[1] > counted[0] else None
            verb_only = not verb and _predicate(normalized, counted, match.start())
            if (counted[1] <= counted[0] or verb or verb_only) and not previous.end:  # 原煤：从…增加到…, 收入，两年增长约百分之七
                topic = _topic(normalized, match.start())
                share = _SHARE.search(normalized, *counted) if topic and verb_only else None
                if share:  # 非生产性建设的投资比重，仍然占百分之二十三点四: 占 is the activity
                    activity = activity or normalized[share.start() : counted[1]]
                counted, activity = (topic, activity or verb[0] if verb else activity) if topic else (counted, activity)
            items = _listed(normalized, [m for m, _ in quantities[index:]])
            shares = _respective(normalized, counted, previous, match, items, spans) or _shares(normalized, counted, match, items)
            counted = shares.pop(0) if shares else counted
        written = sentence[slice(*original_span(offsets, *counted))] if counted[1] > counted[0] else ""
        activity = _as_written(sentence, normalized, offsets, activity, match.end())
        target = not fine and _is_target(normalized[: match.start()], plan)  # a penalty is a norm, not a plan
        span = original_span(offsets, *match.span())
        figures.append(_figure(match, unit, written, activity, target, span, sentence[slice(*span)]))
        previous = _Previous(max(match.end(), counted[1]), counted, activity, unit_family(unit)[0])
        spans.append(counted)
    return figures


def _as_written(sentence: str, normalized: str, offsets: list[int] | None, phrase: str, before: int) -> str:
    """``phrase`` of the normalized sentence in the sentence's own characters (``佔登記選民總數``,
    not 占登记选民总数): its last occurrence before ``before``, else its first."""
    if not phrase or sentence == normalized:
        return phrase
    at = normalized.rfind(phrase, 0, before)
    at = normalized.find(phrase) if at == -1 else at
    return sentence[slice(*original_span(offsets, at, at + len(phrase)))] if at != -1 else phrase


def has_figures(normalized: str) -> bool:
    """Whether normalized text (``archive.text.normalize``) holds a figure; quicker than parsing them."""
    return next(_quantities(normalized), None) is not None


def unit_family(unit: str) -> tuple[str, float]:
    """The base unit of ``unit`` and the factor to it: ``万元`` (元, 1e4), ``万人次`` (人次, 1e4),
    ``名`` (人, 1), ``公里`` (km, 1)."""
    for scale in sorted(_SCALES, key=len, reverse=True):
        if unit.startswith(scale) and len(unit) > len(scale) and unit != "万吨":
            base, factor = unit_family(unit[len(scale) :])
            return base, factor * _SCALES[scale]
    if unit == "万吨":
        return "吨", 1e4
    if unit in _SCALES:
        return "", _SCALES[unit]
    return _FAMILY.get(unit, unit), 1.0


# What stands between a fine's amount and the word 罚款: the top of its range (一万元以上十万元以下罚款).
_FINE_TAIL = re.compile(r"(?:[\d.,零〇一二两三四五六七八九十百千万亿元倍至到\-—~]|以上|以下|以内|美元)*的?(?:罚款|罚金)")
_PENALTY_WORDS = ("处", "处以", "并处", "并处以")


def _fine(text: str, match: re.Match[str], unit: str) -> tuple[tuple[int, int], str] | None:
    """For the amount of a fine (``处五千元以上两万元以下罚款``, ``并处货值金额一倍以上三倍以下的罚款``):
    what was counted (罚款, or for a multiple the amount it multiplies: 货值金额) and the activity,
    the penalty verb as written (处, 处以, 并处); None for any other figure."""
    if unit_family(unit)[0] not in ("元", "美元", "倍"):
        return None
    tail = _FINE_TAIL.match(text, match.end())
    if not tail:
        return None
    clause = _clause_start(text, 0, match.start())
    verb, position, before = None, clause, ""
    for word, _ in _words(text[clause : match.start()]):
        if word in _PENALTY_WORDS:
            verb = (position - (before == "并"), position + len(word))
        before, position = word, position + len(word)
    if not verb:
        return None
    number = _ANY_NUMBER.search(text, verb[1], match.start())
    base = (verb[1], number.start() if number else match.start())
    if unit == "倍" and base[1] - base[0] >= 2:  # 处违法所得一倍以上五倍以下的罚款
        return base, text[verb[0] : verb[1]]
    return (tail.end() - 2, tail.end()), text[verb[0] : verb[1]]


_LIMIT_UNITS = ("日", "天", "个月", "年", "个工作日", "工作日", "小时", "个小时", "周")
_LIMIT = re.compile(r"(?:以)?内|前")
_DEED_LEAD = ("应当", "应", "必须", "须", "要", "依法", "及时", "并", "还")


def _time_limit(text: str, match: re.Match[str], unit: str) -> tuple[int, int] | None:
    """What a time limit is for: the deed to be done within it (``自接到诊断书之日起十五日内，向…委员会
    提出书面申请``: 提出书面申请), or the event it comes before (``在开展公开募捐活动七日前``); None for
    any other figure."""
    limit = _LIMIT.match(text, match.end()) if unit in _LIMIT_UNITS else None
    if unit in _LIMIT_UNITS and match["bound"] == "以内":  # 三个月以内决定批准或者不批准
        limit = re.compile("").match(text, match.end())
    if not limit:
        return None
    clause = _clause_start(text, 0, match.start())
    if limit[0] == "前":
        event = text.rfind("在", clause, match.start())
        return (event + 1, match.start()) if event != -1 and match.start() - event > 2 else None
    position = limit.end() + text.startswith(("，", ","), limit.end())
    words, deed = _words(_clause(text, position)[:COUNTED_LENGTH]), position
    if words and words[0][1] == "p":  # 向…委员会提出: the deed begins at the verb after the preposition
        verb = next((i for i, (_, tag) in enumerate(words) if tag == "v"), None)
        if verb is None:
            return None
        deed += sum(len(word) for word, _ in words[:verb])
        words = words[verb:]
    for word, tag in words:
        if word not in _DEED_LEAD and tag != "d":
            break
        deed += len(word)
    end = position + len(_clause(text, position)[:COUNTED_LENGTH])
    also = text.find("并", deed + 3, end)  # 七个工作日内核查处理并反馈投诉举报人: the first deed (not 划定并公告)
    end = also if also != -1 and end - also > 2 else end
    return (deed, end) if end - deed >= 2 else None


def _quantities(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """The number matches in normalized ``text`` that are quantities, outside quotes, each with
    its unit (for a number of a list, ``20.9、36.2、54个百分点``, the unit written at its end)."""
    if not _ANY_NUMBER.search(text):
        return
    quoted = [match.span() for match in _QUOTED.finditer(text) if not _SPEECH.search(match[0])]
    for match in find_from_starts(_FIGURE, _FIGURE_START, text):
        if any(a <= match.start() < b for a, b in quoted):
            continue
        if match["unit"] or match["scale"] or match["scale2"] or match["percent"] or _scale_inside(match):
            if _is_quantity(match, text):
                yield match, match["unit"] or ("%" if match["percent"] else "")
            continue
        listed = _LIST_TAIL.match(text, match.end()) if match["low"][0].isdigit() else None
        if listed and _is_quantity(match, text, listed["unit"]):
            yield match, listed["unit"]
        elif "." in match[0] and _DECIMAL.fullmatch(match[0]) and _RATIO.search(text, max(0, match.start() - 16), match.start()):
            yield match, ""  # 城乡居民收入比值由3.27缩小至2.93: a ratio has no unit


def _is_quantity(match: re.Match[str], text: str, listed: str = "") -> bool:
    """Whether a number match is a quantity (see the module docstring), not a date, code or name;
    ``listed``: the unit at the end of the list the number opens."""
    unit, scale = match["unit"] or listed or ("%" if match["percent"] else ""), match["scale"] or match["scale2"]
    low = match["low"]
    scale = scale or _scale_inside(match)
    if not (unit or scale):
        return False
    before, after = text[: match.start("low")], text[match.end() :]
    vague = before.endswith("几") or before.endswith("数") and low[0] in "十百千万"
    if vague and _words(before[-6:])[-1][0] in ("数", "几"):
        return False  # 数十个, 几千万: vague amounts (not 总数, 人数, 信息数156条)
    if before.endswith("第") or re.search(r"[a-z0-9.]$", before) or re.match(r"[a-z](?![ivx]*级)", after):
        return False
    if before.endswith("连续") and not _running(text, match):
        return False  # 连续四年达到10%, 连续11个季度居全国前10位: the figure is the other one
    if unit == "年" and (1900 <= numeral_value(low) <= 2100 or re.match(r"[〇○零0一二三四五六七八九]{4}", low)):
        return False
    if before.endswith("前") and (unit in ("位", "名") or unit in ("%", "‰") and re.match(r"[\u4e00-\u9fff]", after)):
        return False  # 居全国前10位, 全球前1‰学科: a rank
    if unit == "位" and after.startswith("数"):  # 两位数增长: a name
        return False
    if unit == "年" and re.match(r"(?:提高|增长|下降|增加|减少|翻(?:一|两)?番)", after) and not before.endswith(("连续", "从", "由")):
        return False  # 5年提高4.5个百分点: the time the change took (not 连续三年提高…, 从10.23年提高到…)
    if unit == "期" and before.endswith(_PHASED):  # 中州时代电池三期, 益阳电厂三期: a phase of a project
        return False
    if unit == "周" and after.startswith("年"):  # 75周年: an anniversary
        return False
    if unit == "个" and re.match(r"多?(?:月|星期)(?:以?来|后|前)", after):  # 2个多月来, 两个星期后: a time frame
        return False
    if unit in ("年", "个月", "天") and (after.startswith(("代", "来")) or before.endswith("过去")):
        return False  # 五十年代, 三十年来, 过去5年: a decade, a time frame
    if unit == "日" and not (match["before"] or match["bound"]) and not re.match(r"[内后前起以之的]", after) and numeral_value(low) <= 31:
        return False  # 26日，…: a day of the month (a count of days is 30日内, 15日以上)
    if unit == "岁" and match["bound"] and re.match(r"[\u4e00-\u9fff]", after):  # 80岁以上老年人: who, not how many
        return False
    if unit == "台" and after[:1] in _TAIWAN:  # 12345台胞台企服务专区
        return False
    if unit in ("日", "天") and (before.endswith("月") or numeral_value(low) >= MAX_DAYS):
        return False
    if match["percent"]:  # 百分之七: always a share
        return True
    if not low[0].isdigit():
        if (low in ("百", "千") or low == "十" and unit not in _CN_UNITS) and not (match["after"] or match["before"]):
            return False  # 百家争鸣; but 百余家, 近百件, 十个同志 count
        amount = bool(match["bound"]) or unit_family(unit)[0] in ("元", "美元")  # 处一千元以上三千元以下罚款：
        clause = _BOUNDARY.split(before)[-1]
        framing = re.match(r"部分|规定|原则|要求|精神|中心|全会|会|集团|现代化", after) or (
            not amount and re.match(r"[^，,；;。]{0,6}[：:]", after)
            # unless a lead line counts the things it lists: 重点做好十个方面工作： (not 做到两个维护：, a name)
            and not (unit in _LISTED_UNITS and bool(clause) and _words(clause[-6:])[-1][1] == "v" and _next_tag(after, 0) not in ("", "v"))
        ) or (
            _rate_name(after)  # 三项基本医疗保险参保率: a name
        ) or (
            len(low) == 1 and after.startswith("大") and not after.startswith(("大学", "大型", "大中型"))  # 四个大局: a name; 两所大学 count
        ) or (
            unit == "期" and re.match(r"[^，,；;。]{0,6}(?:工程|项目|设施)", after)
        )  # 三项规定, 三次全会, 三期工程: names, not counts
        spelled_out = len(low) > 1 and not (len(low) == 2 and low[0] == low[1])  # 四十七点三, not 一一
        # 一次性, 一批 are no counts; 增长一倍, 少于一次, 指定一名领誓人, 一个月内, 每年…进行一次 are
        many = numeral_value(low) > 1 or unit == "倍" or bool(match["before"]) or _one(match, unit, before, after)
        # 三年以下, 在两年内, 授予后两年内, 每五年: a span of years (not 五年规划, 三年行动, 五年内，… a time frame)
        years = unit == "年" and (
            bool(match["before"] or match["bound"]) or after.startswith("内") and before.endswith(("在", "后", "起", "每", "连续"))
            or before.endswith(("每", "连续"))
        )
        return (unit in _CN_UNITS or bool(scale) or spelled_out or years) and many and not framing
    return True


def _rate_name(after: str) -> bool:
    """Whether ``after``, the text after a count, opens with the name of a rate that the count is
    part of (``三项基本医疗保险参保率``), a noun phrase without verbs (not 两次下调存款准备金率)."""
    name = re.match(r"[\u4e00-\u9fff]{2,12}?(?:率|比重)(?![\u4e00-\u9fff])", after)
    return name is not None and all(tag != "v" for _, tag in _words(name[0]))


def _running(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """For a span after 连续 (``连续45年无重大森林火灾``), what ran that long: the rest of its clause,
    when that holds no other number; else None."""
    if not text.endswith("连续", 0, match.start()) or (match["unit"] or "") not in _SPANS:
        return None
    rest = _clause(text, match.end())
    return (match.end(), match.end() + len(rest)) if len(rest) >= 2 and not _ANY_NUMBER.search(rest) else None


def _one(match: re.Match[str], unit: str, before: str, after: str) -> bool:
    """Whether a bare 一 counts: one person (``指定一名领誓人``), a time limit (``一个月内``), or
    how often a deed is done (``每年至少进行一次审计``, ``三年修订一次``)."""
    if match["low"] != "一":
        return False
    clause = _BOUNDARY.split(before)[-1]
    last = _words(clause[-6:])[-1] if clause and unit in ("名", "起") else None  # (jieba only where it is asked)
    return (
        unit == "名" and last is not None and last[1] == "v" and not after.startswith(("义", "额"))  # not 一名伊朗核科学家遭遇…: someone
        or unit == "起" and last is not None and bool(_VERB.fullmatch(last[0]))  # 破获一起…案件 (not 发生一起…)
        or unit == "个月" and after.startswith("内")
        or unit == "次" and bool(re.search(r"每|至少|[年月周]\S{0,4}$", clause)) and not after.startswith("性")
    )


def _scale_inside(match: re.Match[str]) -> str:
    """The scale the Chinese numeral of ``match`` ends in (``八亿``, ``五千八百万``), when a number
    stands before it (not 千万, 十万: 千万不要, 十万火急, unless a qualifier says it is an amount:
    上百万, 近千万)."""
    numeral, qualified = match["low"], bool(match["before"] or match["after"])
    for mark in ("万亿", "亿", "万"):
        if numeral.endswith(mark) and not numeral[0].isdigit():
            rest = numeral[: -len(mark)]
            return mark if rest not in ("", "十", "百", "千", "万") or qualified and rest else ""
    return ""


def _figure(
    match: re.Match[str], unit: str, counted: str, activity: str, target: bool, span: tuple[int, int], written: str
) -> Figure:
    low, scale = _scaled(match["low"], match["scale"] or match["scale2"] or "")
    unit = scale + unit
    # 十亿三千万人 is 103000 万人: the 亿 inside counts in 万
    value = numeral_value(low + scale) / _SCALES[scale] if scale == "万" and "亿" in low else numeral_value(low)
    base_unit, factor = unit_family(unit)
    if base_unit == "个" and _PERSONS.search(counted):
        base_unit = "人"
    qualifier = " ".join(part for part in (match["before"], match["after"], match["bound"]) if part)
    return Figure(
        value=value,
        unit=unit,
        counted=counted,
        normalized=round(value * factor, 6),
        base_unit=base_unit,
        start=span[0],
        end=span[1],
        high=numeral_value(match["high"]) if match["high"] else None,
        qualifier=qualifier,
        activity=activity,
        target=target,
        written=written,
    )


def _scaled(numeral: str, scale: str) -> tuple[str, str]:
    """A Chinese numeral ending in its scale (``一万二千亿`` before 斤) split into number and scale."""
    if not scale and not numeral[0].isdigit():
        for mark in ("万亿", "亿", "万"):
            if numeral.endswith(mark) and len(numeral) > len(mark):
                return numeral[: -len(mark)], mark
    return numeral, scale


_CLAUSE_BREAK = re.compile(r"[，,；;。]")
# Outside a plan, the target words that set up the whole sentence as a plan; the others (确保, 争取, 将 …)
# only their clause (确保主流思想占领意识形态阵地，2022年共上报舆情信息24条 reports), and 预计 none: in a
# review it estimates what came about (预计全年接待游客9.6亿人次).
_SETS_PLAN = re.compile(r"力争|目标|预期|下一步|明年")


def _is_target(before: str, plan: bool) -> bool:
    """Whether a figure preceded in its sentence by ``before`` is planned: a target word before
    it (力争, 目标, 预计 …), or a plan part, unless the clause says it was done (已, 去年)."""
    clause = before[max((m.end() for m in _BOUNDARY.finditer(before)), default=0) :]
    if _PAST.search(clause) or _NORM.search(before):
        return False
    if plan:
        return True
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0)
    return any(
        (m.start() >= clause_start or _SETS_PLAN.match(m[0])) and m[0] != "预计"
        and (m[0] != "将" or not _disposal(before, m.end()))
        and (m[0] != "争取" or _next_tag(before, m.end())[:1] in ("", "v", "d"))  # 争取国家政策性资金…: funds won
        for m in _TARGET.finditer(before)
    )


def _disposal(text: str, start: int) -> bool:
    """Whether the 将 ending at ``start`` is the disposal 将 (``将两地通车时间从11个小时压缩至…``,
    a noun after it), not the future 将 (``将继续``, ``将于明年``)."""
    words = _words(text[start : start + 8])
    return bool(words) and words[0][1][:1] in "nbrmq" and not _VERB.match(text, start)  # jieba: 新建/ns


class _Previous(NamedTuple):
    """The figure before, in the same sentence: where it (or the noun it counts) ends, what it
    counts, its activity and base unit."""

    end: int
    counted: tuple[int, int]
    activity: str
    unit: str


def _counted(text: str, previous: _Previous, match: re.Match[str], unit: str) -> tuple[tuple[int, int], str]:
    """Where in ``text`` is what the figure ``match`` counts, and its activity (see the module docstring)."""
    start, end = match.start(), match.end()
    previous_end, previous_counted, previous_activity = previous.end, previous.counted, previous.activity
    same_unit = previous.unit == unit_family(unit)[0]
    if unit in _CLASSIFIERS or (not unit and (match["scale"] or match["scale2"] or _scale_inside(match))):
        following = _following(text, end)
        if following:
            people = unit in ("名", "人", "位", "户") or not unit  # (a bare scale: 900多万个体工商户)
            return _people(text, following) if people else following, _activity_before(text, previous_end, start)
    counted_after = previous_counted[1] == previous_end > previous_counted[0]  # 300万吨级CCUS…、100兆瓦级…: the next thing
    if previous_end and (previous_end == start or text[previous_end:start] in ("、", "和", "及") and not counted_after):
        return previous_counted, previous_activity  # 584宗27474㎡, 分别下降17.7%、17.4%: the same thing
    phrase_start = _clause_start(text, previous_end, start)
    joined = _JOIN.match(text, phrase_start)
    if joined and previous_end and phrase_start == previous_end:
        phrase_start = joined.end()
    phrase_start = _after_lead(text, phrase_start, start)
    trail = _TRAIL.search(text, phrase_start, start)
    phrase_end = _word_end(text, phrase_start, trail.start(), start) if trail else start
    term = _TERM.match(text, end) if unit in ("年", "个月") else None
    if term:  # 判处五年以上刑期, 处三年以下有期徒刑: the sentence, and the verb that passes it
        verb = _SENTENCING.search(text, phrase_start, start)
        return term.span(), verb[0] if verb else ""
    listed_before = _following(text, end) if text.endswith("等", phrase_start, phrase_end) else None
    if listed_before:  # 上演舞蹈诗剧《只此青绿》等50多场演出活动: of A等C, the class C after the number
        verb = _VERB.match(text, phrase_start) or _tagged_verb_start(text, phrase_start, phrase_end)
        return listed_before, verb[0] if verb else ""
    attribute = _ATTRIBUTE.search(text, phrase_start, phrase_end)
    after = end + 3 * text.startswith("人民币", end)
    if attribute and text.startswith("的", after) and unit_family(unit)[0] in ("元", "美元"):
        following = _following(text, after)  # 签署了总额约为26亿美元的双边本币互换协议: the 协议
        verb = _tagged_verb_end(text, phrase_start, attribute.start()) or _ENDING_VERB.search(
            text, phrase_start, attribute.start()
        )
        if following:
            return following, verb[0] if verb else ""
    quoted = [m.span() for m in _QUOTED.finditer(text, phrase_start, phrase_end)]
    doer = None  # the phrase before a 共, 已, 拟 … that splits doer from deed
    for split in _SPLIT.finditer(text, phrase_start, phrase_end):
        if split.end() < phrase_end and not any(a <= split.start() < b for a, b in quoted):
            trail = _TRAIL.search(text, phrase_start, split.start())  # 工业总产值一九七四年|预计…
            doer = (phrase_start, trail.start() if trail and trail.start() - phrase_start >= 2 else split.start())
            phrase_start = _after_lead(text, split.end(), phrase_end)
    share = _SHARE.search(text, phrase_start + 2, phrase_end)
    whole = text[share.start() : phrase_end] if share else ""  # 占 and the whole the part is of
    if share and (len(whole) <= 3 or whole.endswith("的") and len(whole) <= 12):  # 外商直接投资占70%, …增长额就占全年增加额的48.4%
        return (phrase_start, share.start()), whole.rstrip("的")
    if doer and _SHARE.match(text, phrase_start):  # 参加…的农户已经占总农户的90%以上
        return doer, text[phrase_start:phrase_end].rstrip("的")
    if _SAME_THING.match(text, phrase_start) and previous_end:  # 棉花总产616.5万吨、占全国92.8%
        return previous_counted, text[phrase_start:phrase_end].rstrip("的")
    if unit == "倍" and text.startswith(("是", "为"), phrase_start) and text.endswith("的", phrase_start, phrase_end) and previous_end:
        return previous_counted, ""  # 投入5800亿元，是1950年到1997年投入总和的1.7倍: a multiple of what it was
    if phrase_end - phrase_start <= 2 and text.startswith("的", end):  # 全长3046公里的…屏障
        following = _following(text, end)
        if following:
            return following, ""
    activity = ""
    change = _CHANGE.search(text, phrase_start, phrase_end)
    if change:
        activity = _CHANGE_PREFIX.sub("", change[0])
        phrase_end = change.start()
        trail = _TRAIL.search(text, phrase_start, phrase_end) or _SPAN_BEFORE_CHANGE.search(text, phrase_start, phrase_end)
        phrase_end = trail.start() if trail and trail.start() - phrase_start >= 2 else phrase_end  # PM2.5年均浓度较2020年|下降25%
        lone_noun = (  # a noun of one character opening its clause: 钢增长百分之六十五 (not 比…预计数增加)
            phrase_end - phrase_start == 1 and _words(text[phrase_start:phrase_end])[0][1] == "n"
            and (not phrase_start or _BOUNDARY.match(text, phrase_start - 1) is not None)
        )
        if phrase_end - phrase_start < 2 and previous_end and not lone_noun:  # 资产总额…、同比增长1.77%
            return previous_counted, activity
    else:
        subject = _SUBJECT.match(text, phrase_start, phrase_end)
        if subject and _VERB.match(text, subject.end(), phrase_end):  # 企业组织开展应急预案演练
            phrase_start = subject.end()
        listed_verb = _VERB.match(text, phrase_start + text.startswith("新", phrase_start))
        if listed_verb or not _CATEGORY.search(text, phrase_start, phrase_end):  # (扶贫、教育、…类信息: a category)
            activity, phrase_start = _leading_verbs(text, phrase_start, phrase_end)
    ending_verb = _ENDING_VERB.search(text, phrase_start, phrase_end) or (
        _tagged_verb_end(text, phrase_start, phrase_end) if unit_family(unit)[0] not in _NOT_MEASURING else None
    )
    following = _following(text, end) if ending_verb else None
    if following:  # 中央财政安排1000亿元专项奖补资金, 进行了67次核试验
        return following, ending_verb[0]
    reached = _REACH.search(text, phrase_start, phrase_end)
    if reached and reached.start() - phrase_start >= 3 and not activity:  # 育儿补贴惠及60万人
        return (phrase_start, reached.start()), reached[0]
    # 学前教育免费政策惠及儿童13万名: who or what was reached (not 规模化供水工程覆盖农村人口比例, a rate's name)
    reached = None if activity or _RATE_NAME.search(text, 0, phrase_end) else _REACHES.search(text, phrase_start + 2, phrase_end - 2)
    if reached:
        return (reached.end(), phrase_end), reached[0]
    phrase_start, phrase_end, listed = _noun_phrase(text, phrase_start, phrase_end)
    activity = activity or listed
    verbs = text.startswith("的", end) and all(t[:1] in "vda" and t != "vn" for _, t in _words(text[phrase_start:phrase_end]))
    following = _following(text, end) if verbs and phrase_end > phrase_start else None
    if following:  # 要团结百分之九十五以上的干部和群众: the verb before a share of the noun after it
        return following, activity or _MODAL.sub("", text[phrase_start:phrase_end])
    if phrase_end > phrase_start:
        return (phrase_start, phrase_end), activity
    following = _following(text, end) or (  # 组织召开4次调度会议, 150人获得“红十字救护员”证
        _following(text, end, _CLAUSE_END) if unit in (*_PEOPLE, "次") and not _JOIN.match(text, end) else None
    )
    if following:
        return following, activity
    if previous_end and not activity:  # 通用机场增加11个、达到25个
        return previous_counted, ""
    if activity and doer and doer[1] - doer[0] >= 2:  # 中央预算内投资拟安排7000亿元
        return doer, activity
    if activity and previous_end and same_unit and text[slice(*previous_counted)] != activity:  # 新开工…740万套，基本建成511万套
        return previous_counted, activity
    if activity and previous_end == start - len(activity) and previous.unit in _SPANS and unit == "次":
        return previous_counted, activity  # 应急预案至少三年修订一次: how often the thing of the span is done
    if activity:  # 罚款16.97万元, 参与297人次: the verb is the thing counted
        verb = text.rfind(activity, 0, start)
        return (verb, verb + len(activity)), ""
    return (phrase_start, phrase_end), activity


# Words that never close what was counted (``…立案查处的就``, ``行政村全部``, ``研究院等``), and the
# prepositions that open a comparison after it (``资金由上年``, ``浓度较2020年``, ``比“七五”末``).
_CLOSING = ("的", "了", "等", "就", "全部", "均", "都", "也", "还", "一般", "可能", "每", "整体")
_COMPARED = ("由", "从", "较", "比", "同", "相较", "相比", "按")
# Words that never open it (``的全国总产值`` after its year, ``如铁``, ``而实际完成的…``, ``只``).
_OPENING = ("的", "而", "如", "只", "仍然", "或者", "或", "并", "以及", "不得", "应当", "可以", "必须", "……", "…")
# Prepositions naming for or to whom the deed was done: the deed is the activity, or what was
# counted when nothing follows it (``为经营主体减负1000亿元``).
_TOWARD = ("为", "向", "给", "替")
_OFTEN = ("每日", "每天", "每周", "每月", "每年", "每季度")
# Verbs that report what someone asks, rules, says or sets; what follows them is the deed or the
# quantity (判决某购物广场退还…, 国家预算规定社会文教事业支出为…, 提出居民消费价格总水平涨幅控制在…)
_REPORTING = ("判决", "裁决", "判令", "要求", "请求", "主张", "认为", "宣称", "诉请", "提出", "规定")


@lru_cache(maxsize=4096)
def _words(phrase: str) -> tuple[tuple[str, str], ...]:
    """jieba's words of ``phrase`` with their tags (``tagged_words``), kept: the rules below ask
    about the same phrase several times (measured: half the parse time went to cutting again)."""
    return tuple(tagged_words(phrase))


@lru_cache(maxsize=4096)
def _parts(phrase: str) -> tuple[tuple[str, str], ...]:
    """``_words`` of ``phrase`` with each word of the archive's search dictionary (untagged: ``x``)
    that joins two words of jieba's own dictionary split into them (``改善农村``: 改善/v 农村/n;
    ``挽回损失``, ``资金用于``, ``接待游客``), the longer first word first: those compounds join a
    verb to its object or subject, which the phrase before a number must see apart."""
    return tuple(part for word in _words(phrase) for part in _split_compound(*word))


@lru_cache(maxsize=4096)
def _split_compound(word: str, tag: str) -> tuple[tuple[str, str], ...]:
    if tag == "n" and len(word) >= 4:  # jieba's own verb-object nouns: 挽回损失, 发射卫星
        verb = _VERB.match(word)
        right = tagged_words(word[verb.end() :]) if verb and len(word) - verb.end() >= 2 else []
        if verb and len(right) == 1 and right[0][1][:1] == "n":
            return ((verb[0], "v"), right[0])
    if tag != "x" or len(word) < 3 or not all("\u4e00" <= c <= "\u9fff" for c in word):
        return ((word, tag),)
    for cut in range(len(word) - 1, 0, -1):
        left, right = tagged_words(word[:cut]), tagged_words(word[cut:])
        if len(left) == len(right) == 1 and left[0][1] != "x" and right[0][1] != "x":
            return (left[0], right[0])
    return ((word, tag),)


def _whole_words(
    text: str, span: tuple[int, int], activity: str, previous: _Previous, number: int, unit: str = ""
) -> tuple[tuple[int, int], str]:
    """``span`` of what was counted ending on a whole jieba word, without a particle or adverb at
    its end and without a comparison after it (``用于…的补助资金由上年46亿元``: the 补助资金); a
    phrase that is only a comparison (``按可比口径增加2400亿元``) counts what the figure before counts;
    a doer (an organization: 国务院) and its verbs opening it are the activity (``国务院提请全国人大
    常委会制定修订法律``: 法律); in the phrase before the ``number``, a verb done (``V了``) is the
    activity and what follows it was counted (``从90个国家和地区追回了…外逃人员2500多人``)."""
    start, end = span
    if end - start < 2:
        lone = text[start:end] in (*_COMPARED, *_CLOSING, *_OPENING)
        return (previous.counted if lone and previous.end else (start, start) if lone else span), activity
    words = _positioned(text, start, end)
    compared = next((i for i, w in enumerate(words) if w[2] in _COMPARED and w[3] == "p"), None)
    if compared == 0 and previous.end:
        return previous.counted, activity
    if compared and compared < len(words) - 1 and words[compared - 1][1] - start >= 2:  # (not 占比)
        words = words[:compared]
    while len(words) > 1 and (words[-1][2] in _CLOSING or words[-1][3] == "d" or words[-1][2] == "在"):
        words.pop()
    while len(words) > 1 and (words[0][2] in _OPENING or words[0][2] == "对" and words[0][3] == "p"):
        words.pop(0)
    if len(words) == 1 and words[0][3] == "d" and not _VERB.fullmatch(words[0][2]):  # 农业总产值…，远远|超过: an adverb names nothing
        return (previous.counted if previous.end else (start, start)), activity
    if end <= number:
        words, activity = _past_frame(words, activity)
    if activity and len(words) > 2 and len(words[0][2]) <= 2 and words[1][2] == "某":  # 支付|张某|加班费: to whom
        words = words[2:]
    either = next((i for i in range(len(words) - 2, 0, -1) if words[i][2] in ("或者", "或")), None)
    if either and words[-1][1] - words[either][1] >= 2 and end <= number and unit not in _SPANS:  # 没有违法所得或者违法所得不足十万元
        words = words[either + 1 :]
    said = next((i for i in range(len(words) - 2, -1, -1) if words[i][2] in _REPORTING and _reports(words, i)), None)
    if said is not None and words[-1][1] - words[said][1] >= 4 and end <= number:  # 请求判决某公司支付加班费
        words = words[said + 1 + (words[said + 1][2] in ("的", "了")) :]  # (纲要所提出的每亩生产粮食: past its 的)
    verb = next((i for i, w in enumerate(words[2:], 2) if _is_verb(w[2], w[3])), None)
    if words[0][2] in _TOWARD and words[0][3] == "p" and verb:  # 为经营主体减负, 向上级汇报意识形态工作
        if verb == len(words) - 1:
            return (words[verb][0], words[verb][1]), activity
        activity = activity or text[words[0][0] : words[verb][1]]
        words = words[verb + 1 :]
    if words[0][2] == "为" and len(words) > 1 and verb is None:  # 为当地职工月平均工资的40%
        words = words[1:]
    if words[0][2] == "“" and not any(w[2] == "”" for w in words):  # “职工每日工作8小时…: a quote opening
        words = words[1:] or words
    often = next((i for i in range(len(words) - 2, 0, -1) if words[i][2] in _OFTEN), None)
    if often and words[-1][1] - words[often][1] >= 2 and end <= number:  # 该报每月需要七百元, 职工每日工作8小时
        words = words[often + 1 :]
    done = next((i for i in range(len(words) - 2, 0, -1) if words[i][2] == "了" and words[i - 1][3] == "v"), None)
    if done and not activity and words[-1][1] - words[done][1] >= 2 and end <= number:  # 动用了历年财政结余, 追回了…
        activity, words = words[done - 1][2], words[done + 1 :]
    if words[0][3] == "nt" and not activity:
        verbs = [i for i, w in enumerate(words) if w[3] == "v"]
        if verbs and 1 in verbs and verbs[-1] < len(words) - 1:
            activity = text[words[1][0] : words[verbs[-1]][1]]
            words = words[verbs[-1] + 1 :]
    reported = activity.endswith(_REPORTING)  # 判决某购物广场…支付李某赔偿金: the deed ruled is the activity
    if (not activity or reported) and (unit == "倍" or unit_family(unit)[0] not in _RATES) and unit not in _SPANS and words[-1][1] <= number:
        deed = _deed(words, unit_family(unit)[0] in ("人", "人次", "户", "家"))
        if deed:
            verbs_end = next((w[1] for w in words[deed[0] : deed[1] + 1][::-1] if w[3] in ("v", "vn", "c")), words[deed[1]][1])
            activity, words = text[words[deed[0]][0] : verbs_end], words[deed[1] + 1 :]
    return (words[0][0], words[-1][1]), activity


def _positioned(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """``_parts`` of ``text[start:end]``, each with where it starts and ends in ``text``."""
    words, position = [], start
    for word, tag in _parts(text[start:end]):
        words.append((position, position + len(word), word, tag))
        position += len(word)
    return words


def _past_frame(words: list[tuple[int, int, str, str]], activity: str) -> tuple[list[tuple[int, int, str, str]], str]:
    """The words of what was counted past a frame of where it was done, 在 and a place word
    (``在各企业…的基础上节约煤和电``: 煤和电, 节约; ``在工农业生产总值中现代工业所占的比重``) or
    the verb after the place (``健儿在国际国内大赛喜摘奖牌``: 奖牌, 喜摘), with that verb as the
    activity; the words before a frame that closes them (``经济增长预期目标|是在…的基础上``); the
    words as they are when no frame stands in them."""
    frame = next((i for i, w in enumerate(words[:-1]) if w[2] == "在" and w[3] == "p"), None)
    if frame is None:
        return words, activity
    before = frame - (frame > 0 and words[frame - 1][2] == "是")
    closing = words[-1][2] in _PLACE and words[-1][3] == "f"
    if closing and before > 0 and words[before - 1][1] - words[0][0] >= 2:
        return words[:before], activity  # 经济增长预期目标|是在明显提高质量和效益的基础上: a frame closing the phrase
    place = next((j for j in range(len(words) - 2, frame, -1) if words[j][2] in _PLACE and words[j][3] == "f"), None)
    verb = next((j for j in range(frame + 2, len(words) - 1) if words[j][3] == "v"), None) if place is None else None
    cut = place if place is not None else verb
    if cut is None or words[-1][1] - words[cut][1] < 2 or words[cut + 1][2] == "的":  # (…工业在工业总产值中的比重)
        return words, activity
    if place is None and any(w[2] == "的" for w in words[cut:]):  # (在公司兼职、任职的…干部: who)
        return words, activity
    first = cut + 1 if place is not None else cut
    last = first + (words[first][3] == "v" or bool(_VERB.fullmatch(words[first][2])))
    while last < len(words) - 1 and words[last][3] == "v":
        last += 1
    last = last if last < len(words) else first
    if last > first and not activity:  # 节约|煤和电, 进行|建设用地
        activity = "".join(w[2] for w in words[first:last])
    return words[last:], activity


def _reports(words: list[tuple[int, int, str, str]], index: int) -> bool:
    """Whether the reporting word at ``index`` is a verb: 规定 is a noun after 本 (本规定发布之日起),
    a reference after an article (第二条规定…) or before 的 (在规定的时间内)."""
    return words[index][2] != "规定" or not (
        index and words[index - 1][2].endswith(("本", "条", "款", "项", "法", "例"))
        or words[index + 1][2] == "的" and not (index and words[index - 1][2] == "所")  # (…计划所规定的…指标)
    )


_RATES = ("%", "‰", "倍", "个百分点")
_SPANS = ("年", "个月", "天", "日", "周", "小时", "个小时", "分钟", "秒钟", "工作日", "个工作日")  # a span counts the deed itself
# Who does a deed: an organization, a person, a place (某建筑公司支付…, 政府供应…, 农村新建住房)
_DOER = re.compile(r"(?:公司|局|委|办|院|政府|企业|集团|部门|单位|中心|委员会|店|港|某|农民|城镇|农村|全国|全省|全市|全区)$")
# Verbs of moving into a place: what follows them is where the firms or people counted went (入驻园区台资企业)
_INTO = re.compile(r"入驻|进驻|落户|入境|入住|迁入|入园|入户")
_WHERE = re.compile(r"全国|全省|全市|全区|农村|城镇")
_NOMINAL = ("n", "nr", "ns", "nt", "nz", "s", "j", "r", "q", "f", "x")
# Nouns naming a measure of the whole phrase, not a thing a verb acts on (城镇调查失业率, 农业转移人口)
_MEASURE_NOUN = re.compile(r"(?:率|人口|比重|比例|面积|里程|总额|总量|产量|产值|增加值|规模|水平|指数|价格|收入|数|期限|年龄|人员|者)$")


def _is_verb(word: str, tag: str) -> bool:
    return len(word) > 1 and (tag == "v" or bool(_VERB.fullmatch(word)))


def _deed(words: list[tuple[int, int, str, str]], counts_holders: bool = False) -> tuple[int, int] | None:
    """Where the verbs of a deed stand in the words of what was counted (first and last index),
    when a doer of nouns (or nothing) opens it and a noun phrase follows as the thing acted on
    (``某建筑公司支付张某加班费``, ``数字重庆底座归集共享数据``, ``引入新基金``,
    ``新增及优化调整公交线路``); None for a noun compound whose head measures the whole
    (``城镇调查失业率``)."""
    if len(words) < 2 or _MEASURE_NOUN.search(words[-1][2]) or words[-1][3][:1] not in "nxlj" or any(w[2] == "的" for w in words):
        return None  # (用于城市居民最低生活保障的补助资金: a relative clause names it)
    verbs = [  # (a doer after a verb is who it is done to; a place is where: 入选全国…案例, 改善农村住房)
        i for i, w in enumerate(words[:-1])
        if _is_verb(w[2], w[3]) and (not _DOER.fullmatch(words[i + 1][2]) or _WHERE.fullmatch(words[i + 1][2]))
    ]
    after_doer = [  # 某科技公司与某快递公司支付…, 仲裁委员会裁决某教育咨询公司支付…: the last doer's deed
        i for i in verbs if i and (_DOER.search(words[i - 1][2]) or words[i - 1][2].endswith("某"))
        # (an organization, a person, a place or a fixed phrase before the verb: 基础教育引进国内外名校,
        # 东方航天港海上发射卫星; not 专项控制商品)
        or i and words[i - 1][3] in ("nt", "nr", "l", "s", "ns") and words[i][3] == "v" and all(w[3] in (*_NOMINAL, "l") for w in words[:i])
    ]
    if after_doer:
        first = after_doer[-1]
    elif verbs and verbs[0] == 0 and words[0][3] == "v" and words[1][3][:1] != "v" and not (counts_holders and _INTO.search(words[0][2])):
        first = 0  # 打通未贯通道路, 引入新基金, 改善农村住房; not 实际使用外资, 免签入境海南国家, 入驻园区台资企业177家
    else:
        return None
    joined = first + 2 < len(words) and (  # 新增及优化调整公交线路, 新增打造…先行村: 新增 joined to a verb is a deed
        words[first + 1][2] in ("及", "和", "、") and words[first + 2][3] in ("v", "vn") or _is_verb(*words[first + 1][2:])
    )
    if words[first][2] in ("新增", "净增") and not joined or not first and words[-1][1] - words[0][1] < 3:
        return None
    if not _VERB.fullmatch(words[first][2]) and any(w[2] in ("类", "型") for w in words[first + 1 :]):
        return None  # 突发公共事件应急预案类信息, 示范型老人家食堂: a category's name (not 废止计划生育类政策文件)
    also = next((i for i in range(len(words) - 2, first, -1) if words[i][2] in ("并", "并且")), None)
    later = next((i for i in range(also + 1, len(words) - 1) if _is_verb(words[i][2], words[i][3])), None) if also else None
    first = later if later is not None else first  # 退还李某货款并支付李某赔偿金: the deed the number is of
    last = first
    while last + 2 < len(words) and words[last + 1][2] in ("及", "和", "、") and words[last + 2][3] in ("v", "vn"):
        last += 2  # 新增及优化调整
    while last + 2 < len(words) and words[last + 1][3] in ("v", "vn") and words[last + 2][3][:1] in "nxlj":
        last += 1  # 服务保障, 优化调整
    if words[-1][1] - words[last][1] < 2:
        return None
    recipient = next((i for i in range(last + 1, min(last + 4, len(words) - 1)) if words[i][2].endswith("某")), None)
    return first, recipient or last  # 支付张某加班费: 加班费, paid to 张某


# Units of time, money and shares, which never count the noun after them (延长30年试点, 7万元用于…)
_NOT_MEASURING = ("年", "天", "个月", "小时", "分钟", "秒钟", "周", "元", "美元", "%", "‰", "倍", "个百分点")


def _tagged_verb_end(text: str, start: int, end: int) -> re.Match[str] | None:
    """The verb of two characters or more ending ``text[start:end]`` (before a 了) when jieba
    tags it v (``进行``, ``用好``), as a match."""
    words = list(_words(text[max(start, end - 8) : end]))
    if words and words[-1][0] == "了":
        words.pop()
    if words and words[-1][1] == "v" and len(words[-1][0]) > 1:
        return re.compile(re.escape(words[-1][0])).search(text, start, end)
    return None


def _tagged_verb_start(text: str, start: int, end: int) -> re.Match[str] | None:
    """The verb of two characters or more opening ``text[start:end]`` when jieba tags it v (``上演``), as a match."""
    words = _words(text[start : min(end, start + 8)])
    if words and words[0][1] == "v" and len(words[0][0]) > 1:
        return re.compile(re.escape(words[0][0])).match(text, start, end)
    return None


_THERE_ARE = ("还有", "共有", "已有", "现有", "尚有", "另有", "只有", "仅有")


def _predicate(text: str, span: tuple[int, int], number: int) -> bool:
    """Whether ``text[span]``, before the number at ``number``, is only a predicate that names
    nothing (``拟定为``, ``仍然占``): verbs and adverbs, before a 为 or 占 or opening on an adverb; not
    a deed counted in money (``投入19万元``)."""
    words = _words(text[span[0] : span[1]]) if span[1] > span[0] else ()
    return (
        bool(words)
        and all(tag[:1] in "vd" and tag != "vn" for _, tag in words)
        and (bool(re.search(r"[为占]", text[span[0] : number])) or words[0][1] == "d")
    )


def _word_end(text: str, start: int, cut: int, end: int) -> int:
    """``cut`` moved to the end of the jieba word of ``text[start:end]`` it falls inside (the 要 of
    需要, the 有 of 载有 are no trailing words), else ``cut``."""
    position = start
    for word, _ in _words(text[start:end]):
        if position < cut < position + len(word) and word not in _THERE_ARE:
            return position + len(word)
        position += len(word)
    return cut


_ASIDE = re.compile(r"(?:按|考虑|扣除|剔除)[^，,；;。]*(?:计算|因素|价格|口径)后?")  # a clause that says how a figure is reckoned


def _topic(text: str, start: int) -> tuple[int, int] | None:
    """The topic a clause with no thing of its own speaks of: the clause before it, when that is a
    short noun phrase without numbers ending in a noun (``城乡居民的平均消费水平，由175元提高到…``,
    ``原煤：从6353万吨增加到…``), past an aside on how it is reckoned (``…纯收入，考虑价格下降因素，
    比上年…``), or the noun phrase before its change verb (``…固定资产投资增长显著加快，全年增长…``)."""
    clause = _clause_start(text, 0, start)
    if clause < 2 or text[clause - 1] not in "，,：:":
        return None
    topic_start = max((m.end() for m in _BOUNDARY.finditer(text, 0, clause - 1)), default=0)
    if _ASIDE.fullmatch(text, topic_start, clause - 1) and topic_start >= 2 and text[topic_start - 1] in "，,":
        clause = topic_start  # 农村居民人均纯收入，考虑价格下降因素，比上年实际增长4.3%: past the aside
        topic_start = max((m.end() for m in _BOUNDARY.finditer(text, 0, clause - 1)), default=0)
    topic_start = _after_lead(text, topic_start, clause - 1)
    topic_end = clause - 1
    changed = _CHANGE_START.search(text, topic_start + 2, topic_end)  # 国有单位固定资产投资|增长显著加快，全年增长19.5%
    topic_end = changed.start() if changed and not _ANY_NUMBER.search(text, changed.end(), topic_end) else topic_end
    topic = text[topic_start:topic_end]
    words = _words(topic) if 2 <= len(topic) <= COUNTED_LENGTH and not _ANY_NUMBER.search(topic) else []
    if words and (words[-1][1][:1] in ("n", "j", "l") or words[-1][1] in ("vn", "x", "zg") or _MEASURE_NOUN.search(words[-1][0])):
        framed, _ = _past_frame(_positioned(text, topic_start, topic_end), "")  # 在工农业生产总值中|现代工业所占的比重
        return framed[0][0], topic_end
    return None


def _after_lead(text: str, start: int, end: int) -> int:
    """Past the leading words of ``text[start:end]`` (``_LEAD``), but not a 争取 before a noun: funds
    won (``争取中央转移支付资金4113.7亿元``), the deed, not a plan word."""
    lead = _LEAD.match(text, start, end)
    if lead and lead[0].endswith("争取") and _next_tag(text, lead.end())[:1] in ("n", "b", "j", "l"):
        return lead.end() - 2
    start = lead.end() if lead else start
    return start + 1 if text.startswith(("年", "日", "月"), start) and _VERB.match(text, start + 1, end) else start  # 年|接待游客


def _next_tag(text: str, start: int) -> str:
    """jieba's tag of the word at ``start`` ("" at the end of the text)."""
    words = _words(text[start : start + 6])
    return words[0][1] if words else ""


def _listed(text: str, matches: list[re.Match[str]]) -> int:
    """How many figures, from the first of ``matches`` on, are written as one list (``、``, ``和``)."""
    count = 1
    for before, after in zip(matches, matches[1:]):
        if text[before.end() : after.start()] not in ("、", "和", "及"):
            break
        count += 1
    return count


def _shares(text: str, counted: tuple[int, int], match: re.Match[str], items: int) -> list[tuple[int, int]]:
    """For the first of a list of ``items`` numbers given to as many things, listed before them
    (``农村卫生户厕覆盖率、污水治理率、生活垃圾处理设施覆盖率分别提高20.9、36.2、54个百分点``,
    ``城镇居民人均可支配收入和农村居民人均纯收入实际增长8.4％和11.4％``), the span of each
    thing, in order; else nothing."""
    if items < 2:
        return []
    for separators in ("、", "、|和"):
        parts, position = [], counted[0]
        for separator in re.finditer(separators, text[counted[0] : counted[1]]):
            parts.append((position, counted[0] + separator.start()))
            position = counted[0] + separator.end()
        parts.append((position, counted[1]))
        if len(parts) == items:
            return [_item_alone(text, parts[0], first=True), *parts[1:-1], _item_alone(text, parts[-1], first=False)]
    return []


def _item_alone(text: str, span: tuple[int, int], first: bool) -> tuple[int, int]:
    """The first or last item of a list of things without what the list shares: the doer and
    verb before the first (``中央财政用于|科技、教育…``), the head after the last's 的
    (``…和文化事业|的支出``), as long as two characters or more are left."""
    words = _positioned(text, *span)
    if first:
        verb = next((i for i in range(len(words) - 2, -1, -1) if words[i][3] == "v" and len(words[i][2]) > 1), None)
        return (words[verb + 1][0], span[1]) if verb is not None and span[1] - words[verb + 1][0] >= 2 else span
    of = next((i for i, w in enumerate(words[1:], 1) if w[2] == "的"), None)
    return (span[0], words[of][0]) if of is not None and words[of][0] - span[0] >= 2 else span


_RESPECTIVELY = re.compile(r"[，,、]分别")


def _respective(
    text: str, counted: tuple[int, int], previous: _Previous, match: re.Match[str], items: int, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """For the first of a list of ``items`` numbers that names nothing of its own, in a clause
    opening on 分别 (``死亡病例数超过81万，确诊病例数超过5100万，分别约占全球总数的15%和19%``) or
    after as many figures of as many things (``…分别为774亿元、536亿元，比上年增长29.2%、39.4%``),
    what the figures before count, the last ``items`` of them in order; else nothing."""
    after_as_many = counted == previous.counted and len(spans) >= items and len(set(spans[-items:])) == items
    if items < 2 or not (after_as_many or _RESPECTIVELY.match(text, previous.end, match.start())):
        return []
    distinct: list[tuple[int, int]] = []
    for span in reversed(spans):
        if span[1] > span[0] and span not in distinct:
            distinct.insert(0, span)
    return distinct[-items:] if len(distinct) >= items else []


def _leading_verbs(text: str, start: int, end: int) -> tuple[str, int]:
    """The verbs opening ``text[start:end]`` (开展, 组织召开, 新组建: a verb of the list, or a word
    jieba tags v, 新 before it) and where the rest begins; a verb that leaves a single character
    is part of a noun (投资额)."""
    position, verbs = start, 0
    while verbs < (2 if text.startswith(_SERIAL_VERBS, start) else 1):
        verb_end = _verb_at(text, position, end)
        lone = end - verb_end == 1 and len(_words(text[start:end])) == 2 and _words(text[verb_end:end])[0][1] == "n"  # 节约|油
        relative = not verbs and _relative_clause(text, verb_end, end)  # 参加投票的选民: who, not a deed
        if not verb_end or 0 < end - verb_end < 2 and not lone or text.startswith(("性", "率", "额", "量", "总"), verb_end) or relative:
            break
        position, verbs = verb_end, verbs + 1
        while text.startswith(("、", "和", "及"), position):  # 新建和改造, 新建、改建、扩建
            joined = _verb_at(text, position + 1, end, tagged=True)
            if not joined or end - joined < 2:
                break
            position = joined
        position = _verb_chain(text, position, end)  # 改造提升, 培育引进, 新建和改造提升
        lead = re.compile(r"(?:了|对|向|共|累计)+").match(text, position, end)
        position = lead.end() if lead else position
    return text[start:position].rstrip("了对向共累计"), position


def _relative_clause(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, after a verb, is its object and a 的 before the head noun
    (``参加|投票的选民``, ``纳入|改制范围的企业``): the verb then is part of what was counted."""
    of = text.rfind("的", start, end)
    return of > start and end - of - 1 >= 2 and not _ANY_NUMBER.search(text, start, of)


_CHAINED = ("提升", "升级", "形成", "调整", "优化", "扩建", "改建", "加密建设")  # verbs that follow another on one object


def _verb_chain(text: str, start: int, end: int) -> int:
    """Past the verbs that go on a verb at ``start`` (of ``_VERB`` or ``_CHAINED``, joined or not
    by 和, 及, 、), as long as three characters or more are left: ``改造|提升盐碱耕地``, ``培育|引进…``
    (not 检查对象, 监管行为: the noun needs the verb)."""
    position = start
    for word, _ in _words(text[start:end]):
        if word in ("和", "及", "、") or (_VERB.fullmatch(word) or word in _CHAINED) and end - position - len(word) >= 3:
            position += len(word)
            continue
        break
    while text.startswith(("和", "及", "、"), position - 1) and position > start:
        position -= 1
    return position


def _verb_at(text: str, start: int, end: int, tagged: bool = False) -> int:
    """Where the verb opening ``text[start:end]`` ends (0: none): a verb of ``_VERB``, carried to
    the end of the jieba word it ends inside (``新建成``: 新/建成), else 新 and the word after it
    when jieba tags that word v (``新组建``, ``新登记``); 新增 and 净增 name the new part of a
    quantity (``新增就业``) and stay with it. ``tagged``: any word jieba tags v (or j, 改扩建) will do (a verb
    joined to the one before: ``新建、改扩建``)."""
    listed = _VERB.match(text, start, end)
    if tagged and not listed:  # the verbs in a row (改善提升), each of two characters or more
        position = start
        for word, tag in _words(text[start:end])[:-1]:
            if tag not in ("v", "j") or len(word) < 2:
                break
            position += len(word)
        return position - start and position
    if not listed and not text.startswith("新", start):  # two verbs in a row open a verb phrase: 提请审议
        chain = _verb_at(text, start, end, tagged=True)
        return chain if chain and _words(text[start:chain])[1:] else 0
    if not listed and text.startswith(("新增", "净增"), start):
        return 0
    if listed and text.startswith(("性", "率", "额", "量", "总"), listed.end()):
        return listed.end()  # 保障性, 投资额: a noun
    words, position = _words(text[start:end]), start
    for word, tag in words[:-1]:
        position += len(word)
        if listed and position >= listed.end():
            return position if position - listed.end() == 1 and end - position >= 2 else listed.end()
        if not listed and word == "新":
            continue
        if not listed:
            return position if tag == "v" and position - start > 1 else 0
    return listed.end() if listed else 0


def _clause_start(text: str, previous_end: int, start: int) -> int:
    """Where the clause holding the number at ``start`` begins: after the last comma, stop or
    open bracket, or the previous figure; a bracket closed before the number is part of the
    clause (``污水治理（管控）率``, ``农业总产值（包括村办工业）平均每年增长``)."""
    closed = [m.span() for m in _CLOSED_BRACKETS.finditer(text, previous_end, start)]
    boundaries = (m.end() for m in _BOUNDARY.finditer(text, previous_end, start))
    return max((b for b in boundaries if not any(x < b <= y for x, y in closed)), default=previous_end)


def _noun_phrase(text: str, start: int, end: int) -> tuple[int, int, str]:
    """The noun phrase in ``text[start:end]`` and the verb it names, if any: of a list ``A、B等C``,
    C (``开展志愿服务、“送安全”等各类宣传活动``: 宣传活动, 开展); without determiners (各类);
    at most ``COUNTED_LENGTH`` characters."""
    phrase, activity = text[start:end], ""
    etc = _etc(phrase)
    if etc != -1 and etc < len(phrase) - 1:
        unquoted = _QUOTED.sub(lambda m: "_" * len(m[0]), phrase[:etc])
        before = [verb[0] for verb in _VERB.finditer(unquoted)]
        start += etc + 1
        verb = next((v for v in _VERB.finditer(text, start, end) if end - v.end() >= 2), None)
        if verb:  # 消防安全等工作发布调查问卷: what follows the verb
            start, activity = verb.end(), verb[0]
        elif before:
            activity = before[-1]
    determiner = _DETERMINERS.match(text, start, end)
    if determiner:
        start = determiner.end()
    if end - start > COUNTED_LENGTH:
        cut = text.rfind("的", start, end - 1)
        start = cut + 1 if cut != -1 and end - cut - 1 >= 2 else end - COUNTED_LENGTH
    return start, end, activity


def _etc(phrase: str) -> int:
    """Where the last 等 of ``phrase`` that ends a list stands (-1: none): 等 as a word of its own
    to jieba, not inside one (高等学校, 等级, 等待)."""
    position, found = 0, -1
    for word, _ in _words(phrase) if "等" in phrase else ():
        if word == "等":
            found = position
        position += len(word)
    return found


def _following(text: str, end: int, stops: re.Pattern[str] | None = None) -> tuple[int, int] | None:
    """The noun right after a measure word (``6家直播企业``), or None when none follows; with
    ``stops`` the clause that follows (``150人获得“红十字救护员”证``)."""
    if text.startswith("级", end) and not text.startswith("级别", end):  # 100兆瓦级…储能, 五万吨级以上港口工程
        end += 3 if text.startswith(("以上", "以下"), end + 1) else 1
    end += text.startswith("的", end)
    chained = _FIGURE.match(text, end)
    if chained and chained["unit"] and (chained["low"][0].isdigit() or len(chained["low"]) > 1):  # 8批409项问题隐患
        end = chained.end()
    listed = _FIGURE.match(text, end + 1) if text.startswith("、", end) else None
    while listed and listed["unit"] and text[end - len(listed["unit"]) : end] == listed["unit"]:  # 6亿剂、1.5亿剂疫苗
        end = listed.end()
        listed = _FIGURE.match(text, end + 1) if text.startswith("、", end) else None
    if text.startswith("“", end):  # 200个“好社区”试点建设全面铺开: the quoted name and the noun after it
        close = text.find("”", end)
        if close == -1:
            return None
        stop = _FOLLOWING_STOP.search(text, close + 1)
        tail_end = min(stop.start() if stop else len(text), close + 1 + COUNTED_LENGTH // 2)
        tail = _noun_end(text, close + 1, tail_end) if tail_end > close + 1 else close + 1
        tail = tail if tail > close + 1 and _words(text[close + 1 : tail])[-1][1][:1] == "n" else close + 1  # …”风貌保护传承试点
        return end, tail
    end += 3 if text.startswith("方面的", end) else 0  # 15个方面的重点任务
    lead = _predicate_lead(text, end)
    if lead:  # 约9000人已回国, 百分之二十是法律系的学生: what the clause after says of them
        end, stops = lead, _CLAUSE_END
    stop = (stops or _FOLLOWING_STOP).search(text, end + text.startswith(("和", "及"), end))  # 150个和美乡村
    while stop and (
        _in_word(text, end, stop)  # 101个建设项目 (not 建设, a verb)
        or stop[0].isdigit() and stop.start() > end and text[stop.start() - 1] in "-－"  # 4架伊尔-76飞机: a model's number
        or stop[0] in ("、", "和", "及") and stop.start() > end and not _ANY_NUMBER.search(_clause(text, stop.end()))
        or stop[0] == "的" and _relative(text, end, stop.start())
        or stop[0] == "“" and stop.start() > end and _words(text[end : stop.start()])[-1][1] != "v" and _name_end(text, stop.start())
    ):  # 3起弄虚作假、串通投标案例, 90个国家和地区, 约三万干着各种各样可疑职业的人, 1000个农村“水盆子”项目
        if text.startswith(_DEMONSTRATIVES, end):  # 将近二十万这样的居民
            end = stop.end()
        after = _name_end(text, stop.start()) if stop[0] == "“" else _DIGITS.match(text, stop.end()).end()  # (伊尔-76|飞机)
        stop = (stops or _FOLLOWING_STOP).search(text, after)
    following_end = min(stop.start() if stop else len(text), end + COUNTED_LENGTH)
    if following_end - end < 1 or text[end:following_end] in ("中", "内", "里", "外", "间"):  # 4万多人中
        return None
    words = _words(text[end:following_end])
    if len(words) == 1 and words[0][1][:1] in "ad" and _CHANGE_START.match(text, following_end):
        return None  # 相较去年22件59人明显下降: how it changed, no noun
    noun_end = _noun_end(text, end, following_end)
    last = _words(text[end:noun_end])[-1] if noun_end > end else ("", "")
    noun_end -= noun_end - end > 2 and last[0] in _PLACE and last[1] == "f"  # 三千六百万的少数民族人口|中
    scope = next((w for w in _SCOPE if text.endswith(w, end, noun_end)), "")  # 7家国家区域医疗中心基本|建成
    return end, noun_end - len(scope) if noun_end - len(scope) - end >= 2 else noun_end


_DIGITS = re.compile(r"\d*")


def _in_word(text: str, start: int, stop: re.Match[str]) -> bool:
    """Whether the stop word ``stop`` (of Chinese characters) opens a longer word of jieba's,
    reading from ``start``, that jieba tags a noun: a verb opening a noun (``建设项目``) stops nothing."""
    if not "\u4e00" <= stop[0][0] <= "\u9fff":
        return False
    position = start
    for word, tag in _words(text[start : stop.end() + 4]):
        if position <= stop.start() < position + len(word):
            return position == stop.start() and position + len(word) > stop.end() and tag[:1] == "n"
        position += len(word)
    return False


_PERSON_ENDS = tuple("人者员生民户工师士众童儿属族胞")  # the last character of a noun naming people
_GROUPS = ("代表", "工会", "人口", "家庭", "群体", "队伍", "团队")  # nouns naming people that end otherwise


def _people(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Of the noun after a count of people, the people without what is theirs after them
    (``3000多万名农村寄宿制学生|住宿费``, ``900多万个体工商户|税负``)."""
    words = _positioned(text, *span)
    last = next((i for i in range(len(words) - 2, -1, -1) if words[i][2].endswith(_PERSON_ENDS)), None)
    their = words[last + 1 :] if last is not None else []
    if last is None or words[last][1] - span[0] < 2 or any(w[2].endswith(_PERSON_ENDS) or w[3][:1] != "n" or w[2] in _GROUPS for w in their):
        return span
    return span[0], words[last][1]


def _name_end(text: str, start: int) -> int:
    """Where the quoted name opening at ``start`` ends (0: no name there, or a quote of speech)."""
    quoted = _QUOTED.match(text, start)
    return quoted.end() if quoted and not _SPEECH.search(quoted[0]) else 0


def _predicate_lead(text: str, start: int) -> int:
    """Where a predicate opening at ``start`` begins its deed, past its adverbs or copula (已回国,
    正在赴…, 是法律系的学生), or 0 when no adverb or copula opens the text there."""
    position = start
    for word, tag in _words(_clause(text, start)[:COUNTED_LENGTH]):
        if (tag != "d" or word in ("未", "不", "非", "没有")) and word not in ("是", "为"):
            break
        position += len(word)
    return position if position > start and _clause(text, position) else 0


_DEMONSTRATIVES = ("这样", "那样", "这些", "那些", "这种", "那种")


def _relative(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, before a 的, is a relative clause (it holds a verb: 饱受战火蹂躏),
    a demonstrative (这样) or an adjective of one character (新的工程), so that the noun after the
    的 is the one counted; a noun before it (人口的国家) is itself what was counted."""
    phrase = text[start:end]
    if end - start == 1 and _words(phrase)[0][1] == "a":  # 三十五个新的工程
        return True
    return phrase in _DEMONSTRATIVES or any(tag == "v" and len(word) > 1 for word, tag in _words(phrase)) if 0 < end - start <= 12 else False


# Nouns naming an amount of the thing named after the figure (总额约为26亿美元的…协议)
_ATTRIBUTE = re.compile(r"(?:总额|价值|金额|总值|总量|规模)$")
_MODAL = re.compile(r"^(?:要|将|能|可以|应当|应|必须)+")
_PLACE = ("上", "中", "内", "里", "间")  # jieba's one-character place words (tag f) after a noun


def _noun_end(text: str, start: int, end: int) -> int:
    """Where the noun phrase opening ``text[start:end]`` ends: before a predicate of two words or
    more after it made only of verbs, adjectives and adverbs (jieba's tags v, a, d:
    ``12条入海河流稳定消劣``), an idiom (``楼宇|拔地而起``), a verb and an object of two words or
    more (``村落|接入数字电视信号``), or before a place word with more after it (``事项上先行试点``);
    one verb may end a compound (``除险加固``, ``重点举措``, ``代表性传承人``), so it stays."""
    words = _words(text[start:end])
    predicate = next(  # (a scope or manner word may open the predicate: 4项制度创新成果全国复制推广, …基本建成)
        (i for i, (word, _) in enumerate(words) if i and len(words) - i >= 2
         and all(t[:1] in "vad" and t != "vn" for _, t in words[i + (word in _SCOPE) :])), None
    )  # fmt: skip
    noun_before = bool(predicate) and words[predicate - 1][1][:1] == "n"  # 15个“沪派江南”风貌保护传承试点|稳步推进
    position = start
    for index, (word, tag) in enumerate(words):
        if index == predicate:
            return position
        if index and index < len(words) - 1 and word in _PLACE:  # 19个涉企高频服务事项上先行试点
            return position
        if index and (words[index - 1][1][:1] in "nxlj" or words[index - 1][1] == "vn") and (
            word in _ADVERBS or word in ("是", "是不是")
            or tag in ("v", "d") and words[-1][1] in ("v", "d") and index < len(words) - 1 and not noun_before
            or tag == "v" and (index < len(words) - 1 and words[index + 1][1] == "p" or index == len(words) - 1)
            or tag in ("v", "vn") and index < len(words) - 1 and words[index + 1][0] == "了"
            or tag == "p" and index < len(words) - 1 or word in ("可", "可以", "能", "应", "应当")
            or tag == "i"
            or tag == "v" and index < len(words) - 2 and words[index + 1][1][:1] in "nj" and words[index - 1][1][:1] == "n"
        ):  # 20多个国家准备以单独发言…, 46个国家作共同发言, 6个词是不是, 90%的战争罪行指控却得不到调查
            return position
        position += len(word)
    return end


_SCOPE = ("全国", "全省", "全市", "全区", "基本", "首次", "全面", "正式", "相继", "陆续")
_ADVERBS = set("却也都均已正将还就才又再仍最")  # one-character adverbs that open a predicate (not 共 of 医共体)


def _clause(text: str, start: int) -> str:
    """The text from ``start`` to the next comma or stop."""
    stop = _BOUNDARY.search(text, start)
    return text[start : stop.start() if stop else len(text)]


def _activity_before(text: str, previous_end: int, start: int) -> str:
    """The verb right before a figure whose noun follows it (吸引6家直播企业: 吸引)."""
    clause = text[_clause_start(text, previous_end, start) : start]
    trail = _TRAIL.search(clause)
    clause = clause[: _word_end(clause, 0, trail.start(), len(clause))] if trail else clause
    verbs = list(_VERB.finditer(clause))
    if verbs and verbs[-1].end() == len(clause):
        return verbs[-1][0]
    split = max((m.end() for m in _SPLIT.finditer(clause)), default=0)  # 五年共培养: jieba reads 共培养 as a noun
    words = _words(clause[split:][-8:].rstrip("了")) if clause else []
    if words and words[-1][1] in ("v", "vn") and len(words[-1][0]) >= 2:  # 优化242条, 建立了2.4万多个
        return words[-1][0]
    return verbs[-1][0] if verbs else ""  # 完成省安办移交的8批…


def amount(value: float, high: float | None = None) -> str:
    """A value as written plainly (``16.97``, ``206``), or a range (``10-20``)."""
    return _format(value) + (f"-{_format(high)}" if high is not None else "")


def _format(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")
