"""Report metadata: title, issuing agency, year reported on, publish date, type, region, 文号.

Read from, in order of trust: the header fields the source gives (``标题:``
``发布时间:`` ``发布机构:`` ``文号:``, ``title:``, ``来源：`` ``时间：``, a law's
``# title`` and history lines), the title line, the signature block at the end
(an agency line and a date line such as ``2023年1月9日``), and the file name
(``2026_上海市_政府工作报告.txt``, ``行政复议法(2017-09-01).md``, ``2012-03-05.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from archive.parsing.clean import CleanText
from archive.text.dates import find_dates, first_year, fold_digits, parse_date
from archive.model import Paragraph

# The document types the parser assigns, with what each covers.
DOC_TYPES: dict[str, str] = {
    "政府工作报告": "annual government work report of the State Council or a local government",
    "法治政府建设情况报告": "annual report on building rule-of-law government (法治建设/法治工作情况)",
    "政府信息公开工作年度报告": "annual report on government information disclosure (信息公开年报)",
    "工作总结": "work summary, often with next year's plan (工作总结及…工作计划)",
    "工作计划": "plan for the year ahead (工作计划, 工作要点, 工作思路, 工作打算)",
    "工作报告": "other report on an agency's work (…工作情况的报告)",
    "抽查情况": "results of “双随机” random inspections (other 抽查/抽检 reports are 工作报告)",
    "决议": "resolution, e.g. of the NPC on the government work report",
    "党代会报告": "political report to a National Congress of the Communist Party",
    "答记者问": "press-conference transcript (外交部 regular briefings)",
    "法律": "national law, constitution or NPC decision",
    "行政法规": "administrative regulation of the State Council",
    "部门规章": "rule of a State Council ministry or agency",
    "司法解释": "judicial interpretation of the Supreme People's Court or Procuratorate",
    "地方性法规": "local regulation of a provincial or city people's congress",
    "案例": "court case write-up",
}
# The types that are no report of an agency's work: what a law, a regulation, a resolution, a
# briefing or a case says will be done is a rule or an answer, not a promise a later report answers.
NOT_WORK_REPORTS = frozenset({"决议", "答记者问", "法律", "行政法规", "部门规章", "司法解释", "地方性法规", "案例"})

_PLACE_SUFFIX = "综合实验区|经济特区|特别行政区|自治区|自治州|自治县|新区|省|市|区|县|旗|盟"
# A place name holds no 市/省 of its own (重庆市城市… is 重庆市), and 片区 园区 社区 景区 and
# a 县城 (慈城古县城) are no jurisdictions.
_PLACE = rf"(?!自治[区州县])(?:(?![市省])[\u4e00-\u9fff]){{2,5}}?(?<![片园社景])(?:{_PLACE_SUFFIX})(?!(?<=县)城(?!市))"
# A region is the chain of jurisdictions a name starts with (福州市鼓楼区, 平潭综合实验区).
_REGION_AT_START = re.compile(rf"^(?:{_PLACE}){{1,3}}(?=[\u4e00-\u9fff]{{2}}|\d|$)")
_PLACE_AT_START = re.compile(rf"^{_PLACE}")
# Inside running text a place name is taken as two characters and a suffix.
_PLACE_INLINE = re.compile(rf"[\u4e00-\u9fff]{{2}}(?:{_PLACE_SUFFIX})")
_ORG_SUFFIX = "局|委员会|办公室|人民政府|政府|管委会|管理委员会|厅|委|中心|院|部|处|所|站|队|办"
_AGENCY = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,30}}?(?:{_ORG_SUFFIX})$")
_AGENCY_AT_TITLE_START = re.compile(
    rf"^[\u4e00-\u9fff（）]{{2,30}}?(?:{_ORG_SUFFIX})(?=关于|\s|\d|“|$|工作|政府信息|信息公开|法治)"
)
# What follows a title's chain of jurisdictions when it names the issuer's (see _region).
_AFTER_REGION = re.compile(rf"\d|人民政府|政府|[\u4e00-\u9fff（）]{{1,12}}?(?:{_ORG_SUFFIX})(?=关于|\s|\d|“|$|工作|政府信息|信息公开|法治)")
_TRAILING_CJK = re.compile(r"[\u4e00-\u9fff]+$")
_LEADING_YEAR = re.compile(r"^\s*\d{4}\s*年度?")
_DATE_LIKE_LINE = re.compile(
    r"^[\d\s年月日〇零一二三四五六七八九十]{4,}$"
)  # a date line, maybe damaged (2025110)
_COPY_TO = re.compile(r"^(?:抄送|抄报|附件)[:：]")
_PRINTED = re.compile(r"印发?$")
# The date-and-occasion line under a speech's title: ——2017年2月11日在…第X次会议上
# (—— ―― -- ---- — or brackets), or the date alone in brackets (（2017年10月18日）).
_DELIVERY_LINE = re.compile(r"^(?:—+|―+|-{2,}|[（(]|\d{4}年\d{1,2}月\d{1,2}日在|[〇零一二三四五六七八九]{4}年)")
_DELIVERY_PLACE = re.compile(rf"在(?P<place>(?:{_PLACE}){{1,3}})第?[^届]{{0,4}}届")
# A speaker line: 福州市鼓楼区人民政府区长 张三, 沙县区人民政府代区长 李明, 国务院总理李克强.
_SPEAKER = re.compile(
    r"^(?P<agency>[\u4e00-\u9fff]{2,20}?人民政府|国务院)(?:代理|代)?"
    r"(?:省长|市长|区长|县长|旗长|州长|主席|总理)"
)
_NATIONAL = re.compile(r"国务院|中华人民共和国|全国人民代表大会")
_DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$")
# 国务院令第664号, 国务院、中央军事委员会令第234号, 海关总署第61号令 (after a date or a space).
_DECREE_NUMBER = re.compile(
    r"(?:(?<=日)|(?<![\u4e00-\u9fff、]))[\u4e00-\u9fff、]{2,40}?"
    r"(?:令第[\d一二三四五六七八九十百零〇]+号|第\d+号令)"
)
_FILENAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_PRESS_TITLE = re.compile(r"记者会|答记者问|答问|回答记者|发言人")
_CONGRESS_TITLE = re.compile(r"全国代表大会|[（(][一二三四五六七八九十]+大[)）]")
_GROUP_REPORT = re.compile(r"^(?P<group>[\u4e00-\u9fff]{2,12}?(?:组织|共产党|共產黨))的?(?:报告|報告)")
_CASE_HEADING = re.compile(r"案情|裁判|典型意义|案例")
_NATIONAL_LAW_TITLE = re.compile(r"^中华人民共和国\S*法典?(?:\s|$)")
_LOCAL_CONGRESS = re.compile(
    rf"(?P<place>[\u4e00-\u9fff]{{2,8}}?(?:{_PLACE_SUFFIX}))(?:第?[一二三四五六七八九十]{{1,3}}届)?"
    r"(?P<body>人民代表大会(?:常务委员会)?)"
)
# The congress of "the city" the regulation is of, unnamed: 市十四届人大常委会第二十次会议通过.
_BARE_CONGRESS = re.compile(r"(?:^|\s)(?P<level>市|县|自治州|自治县)第?[一二三四五六七八九十]{1,3}届(?P<body>人民代表大会(?:常务委员会)?)")
_MINISTRY = re.compile(
    r"(?:^|\s)经?(?!\S*人民代表大会)(?P<body>(?:中华人民共和国)?[\u4e00-\u9fff]{2,15}?(?:部|委员会|总局|局|署))"
    r"(?:令|第[^次]{1,5}次|第\d+号令)"
)
# Issuing bodies as history lines name them, most specific first.
_LAW_BODIES = (
    re.compile(r"全国人民代表大会常务委员会"),
    re.compile(r"全国人民代表大会"),
    _LOCAL_CONGRESS,
    re.compile(r"国务院"),
    re.compile(r"最高人民法院|最高人民检察院"),
    _MINISTRY,
)
_SENTENCE_END = re.compile(r"[。！？!?]")
_APPROVED = re.compile(r"人民代表大会常务委员会.*批准$")  # a province approving a city's regulation
_SPACED = re.compile(r"^[\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff])+$")  # 政 府 工 作 报 告
# What a title ends with: the kind of document it names.
_TITLE_END = re.compile(r"(?:报告|总结|计划|要点|思路|打算|年报|情况|通知|决定|决议|意见|办法|方案|汇报|公示|通报|规划|条例)$")
_CONTINUATION_MAX = 20  # the second line of a title split over two lines is at most this long
# Where the body states the year it reports on: its first words (2024年，我局… / 2023年是…),
# or a resolution's 同意报告提出的2012年….
_BODY_YEAR = re.compile(r"^(\d{4})年度?(?:[，,]|是|全年|我|全)|(?:同意|批准)报告提出的(\d{4})年")
_BODY_YEAR_LINES = 8
_PLAN = re.compile(r"工作(?:计划|要点|思路|打算)")
# The type as the title writes it, where one facet value covers several ways of writing it.
_WRITTEN_TYPES = (
    re.compile(r"法治(?:政府)?(?:建设)?(?:工作)?(?:情况|年度)?的?(?:报告)?"),
    re.compile(r"(?:政府)?信息公开(?:工作)?年(?:度报告|报)"),
    _PLAN,
)
_NOT_A_TITLE_START = re.compile(r"^(?:——|――|[（(]|[一二三四五六七八九十]+、|\d{1,2}[、.．])")
_URL = re.compile(r"^https?://\S+$")
_HEADER_DATE_KEYS = ("发布时间", "发表时间", "发布日期", "时间", "日期")
_TOP_LINES = 5


@dataclass
class Metadata:
    """Everything ``ParsedReport`` holds besides the title and the paragraphs."""

    agency: str | None = None
    year: int | None = None
    date: str | None = None
    doc_type: str | None = None
    region: str | None = None
    doc_number: str | None = None
    type_written: str | None = None
    source_url: str | None = None


@dataclass(frozen=True)
class _Speech:
    """What the lines under a speech's title say: its date and place, and who speaks."""

    date: str | None = None
    place: str | None = None
    speaker_agency: str | None = None
    national: bool = False


def find_title(cleaned: CleanText, filename: str) -> tuple[str, list[str]]:
    """The report's title, and its content lines without the title line(s).

    The header's title wins; else the first line (after a 文号 line) when it looks
    like a title, unless it is a shortened form of the title the file name gives
    (``政府工作报告`` for ``2026_广东省_政府工作报告.txt``); else the file name's title.
    A title written with spaces between its characters (``政 府 工 作 报 告``) is read
    without them, and one split over two lines (``…法治政府建设`` / ``情况报告``) is
    joined. Every line equal to the title or to the title line(s) is removed
    (scraped pages repeat it).
    """
    named = filename_title(filename)
    lines = [_unspaced(line) for line in cleaned.lines]
    at = 1 if len(lines) > 1 and _DOC_NUMBER_LINE.match(lines[0]) else 0
    first = lines[at] if at < len(lines) and _looks_like_title(lines[at]) else None
    taken = [first] if first is not None else []
    if first is not None and _continues_title(first, lines[at + 1 : at + 3]):
        taken.append(lines[at + 1])
        first = first + lines[at + 1]
    title = cleaned.fields.get("标题") or cleaned.fields.get("title")
    if not title:
        title = named if first is None or _is_shortened(first, named) else first
    drop = {title}
    if first is not None and (first == title or _is_shortened(first, title)):
        drop.update(taken)
    rest = [line for index, line in enumerate(lines) if not (at <= index < at + len(taken) and line in drop)]
    return title, [line for line in rest if line != title]


def _unspaced(line: str) -> str:
    """``政 府 工 作 报 告`` -> ``政府工作报告``; other lines unchanged."""
    return re.sub(r"[ \u3000]+", "", line) if _SPACED.match(line) else line


def _continues_title(first: str, following: list[str]) -> bool:
    """Whether the line after ``first`` ends a title that ``first`` began (``情况报告``).

    ``following`` holds the next two lines; a third line that starts with punctuation
    shows a sentence broken at a link (``…所作的`` / ``政府工作报告`` / ``。会议…``).
    """
    if not following or _TITLE_END.search(first):
        return False
    second = following[0]
    if following[1:] and re.match(r"[。，、；：！？]", following[1]):
        return False
    return (
        len(second) <= _CONTINUATION_MAX
        and _looks_like_title(second)
        and not _AGENCY.match(second)
        and bool(_TITLE_END.search(second))
    )


def filename_title(filename: str) -> str:
    """The title a file name gives: its stem without id prefix or version date."""
    stem = PurePath(filename).stem
    year_named = re.match(r"^(\d{4})_(.+_.+)$", stem)
    if year_named:
        return f"{year_named[1]}年{year_named[2].replace('_', '')}"
    stem = re.sub(r"^\d+_", "", stem)
    return re.sub(r"\s*[（(]\d{4}-\d{2}-\d{2}[)）]$", "", stem).strip()


def _looks_like_title(line: str) -> bool:
    """A short line, not a sentence, salutation, subtitle or numbered heading."""
    return (
        len(line) <= 60
        and not _SENTENCE_END.search(line)
        and not line.endswith(("：", ":", "，", ",", "；"))
        and not _NOT_A_TITLE_START.match(line)
        and not _DATE_LIKE_LINE.match(line)
    )


def _is_shortened(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` with some characters left out (a subsequence)."""
    if len(short) >= len(full):
        return False
    rest = iter(full)
    return all(char in rest for char in short)


def read_metadata(
    title: str, cleaned: CleanText, paragraphs: Sequence[Paragraph], filename: str
) -> Metadata:
    """Metadata of a report from its title, header fields, paragraphs and file name."""
    fields = cleaned.fields
    lines = [paragraph.text for paragraph in paragraphs]
    headings = [paragraph.text for paragraph in paragraphs if paragraph.is_heading]
    doc_type = _doc_type(title, cleaned, lines, headings)
    speech = _speech(lines[:_TOP_LINES])
    signature_agency, signature_date = signature(lines)
    named_agency = signature_agency or speech.speaker_agency
    region = _region(title, fields, named_agency, filename, doc_type, cleaned.markdown, speech)
    date = _date(fields, filename, cleaned.history, signature_date, speech)
    return Metadata(
        agency=_agency(title, fields, signature_agency, doc_type, region, cleaned.history, lines, speech),
        year=_year(title, cleaned, date, doc_type, speech, lines),
        date=date,
        doc_type=doc_type,
        region=region,
        doc_number=_doc_number(fields, cleaned.history, lines),
        type_written=_type_written(title, doc_type),
        source_url=_source_url(fields),
    )


def _source_url(fields: dict[str, str]) -> str | None:
    """The original's address: an archiver's ``原文链接:`` or a transcript's ``url:`` field."""
    url = fields.get("原文链接") or fields.get("url") or ""
    return url if _URL.match(url) else None


def _speech(top: Sequence[str]) -> _Speech:
    """The date-and-occasion line and the speaker line among a report's first lines."""
    delivery = next((line for line in top if _DELIVERY_LINE.match(line) and parse_date(line)), None)
    # The agency must name its place: 自治区人民政府主席 and 省人民政府省长 say only "the region's".
    speaker = next(
        (m for line in top if (m := _SPEAKER.match(line)) and (m["agency"] == "国务院" or _REGION_AT_START.match(m["agency"]))),
        None,
    )
    place = _DELIVERY_PLACE.search(delivery) if delivery else None
    return _Speech(
        date=parse_date(delivery) if delivery else None,
        place=place["place"] if place else None,
        speaker_agency=speaker["agency"] if speaker else None,
        national=bool(delivery and "全国人民代表大会" in delivery) or bool(speaker and speaker["agency"] == "国务院"),
    )


def signature(lines: Sequence[str]) -> tuple[str | None, str | None]:
    """The agency and date of the signature block at the end of the body.

    The block is an agency line followed by a date line (``2023年1月9日``),
    among the last lines; 抄送/附件 lines and print lines (``…日印发``) below it
    are skipped. A damaged date line (``2025110``) marks the block but gives no
    date. For an agency line that ran into text before it (bodies that lost
    their line breaks), the agency is taken from the place name it starts with.
    """
    tail = list(lines[-8:])
    for index in range(len(tail) - 1, 0, -1):
        line = tail[index]
        if _COPY_TO.match(line) or _PRINTED.search(line):
            continue
        if not _DATE_LIKE_LINE.match(fold_digits(line).replace(" ", "")):
            continue
        agency = _signature_agency(tail[index - 1])
        if agency:
            return agency, parse_date(line)
    return None, None


def _signature_agency(line: str) -> str | None:
    if _AGENCY.match(line):
        return line
    run = _TRAILING_CJK.search(line)
    if not run or not _AGENCY.match(run[0]):
        return None
    place = _PLACE_INLINE.search(run[0])
    return run[0][place.start() :] if place else None


def _doc_type(
    title: str, cleaned: CleanText, lines: Sequence[str], headings: Sequence[str]
) -> str | None:
    if cleaned.markdown:
        return "决议" if title.endswith("决议") else _law_type(title, cleaned.history, headings)
    if {"url", "author"} <= cleaned.fields.keys() or _PRESS_TITLE.search(title):
        return "答记者问"
    rules = (
        ("决议", title.endswith("决议")),
        ("政府信息公开工作年度报告", "信息公开" in title and ("年度报告" in title or "年报" in title)),
        ("政府工作报告", "政府工作报告" in title),
        ("法治政府建设情况报告", "法治" in title and ("报告" in title or "情况" in title)),
        ("抽查情况", "双随机" in title or ("抽查" in title and any("双随机" in line for line in lines[:1]))),
        ("工作总结", "工作总结" in title or title.endswith("总结")),
        ("工作计划", bool(_PLAN.search(title))),
        ("党代会报告", bool(_CONGRESS_TITLE.search(title))),
        ("工作报告", "报告" in title or "汇报" in title),
    )
    return next((doc_type for doc_type, matches in rules if matches), None)


def _type_written(title: str, doc_type: str | None) -> str | None:
    """The type as the title writes it (``法治建设情况报告``, ``工作要点``), where the facet
    value ``doc_type`` stands for several ways of writing it; else ``doc_type`` itself."""
    for pattern in _WRITTEN_TYPES:
        match = pattern.search(title)
        if match and doc_type in ("法治政府建设情况报告", "政府信息公开工作年度报告", "工作计划"):
            return match[0].replace("的", "")
    return doc_type


def _law_type(title: str, history: Sequence[str], headings: Sequence[str]) -> str | None:
    """The type of a Markdown law text; case write-ups have sentence-like titles."""
    history_text = " ".join(history)
    national = re.search("全国人民代表大会|国务院", history_text)
    local_title = not national and _REGION_AT_START.match(title)
    rules = (
        ("案例", any(_CASE_HEADING.search(h) for h in headings) or bool(re.search("[，。？]", title))),
        ("司法解释", title.startswith(("最高人民法院", "最高人民检察院")) or "最高人民" in history_text),
        ("地方性法规", bool(_LOCAL_CONGRESS.search(history_text) or local_title)),
        ("法律", "全国人民代表大会" in history_text or bool(_NATIONAL_LAW_TITLE.match(title))),
        ("行政法规", "国务院" in history_text or title.startswith("国务院") or title.endswith("条例")),
        ("部门规章", bool(_MINISTRY.search(history_text)) or title.endswith(("办法", "规定"))),
    )
    return next((doc_type for doc_type, matches in rules if matches), None)


def _region(
    title: str,
    fields: dict[str, str],
    named_agency: str | None,
    filename: str,
    doc_type: str | None,
    markdown: bool,
    speech: _Speech,
) -> str | None:
    """The jurisdiction the issuing body belongs to: the whole chain an agency name starts
    with (福州市鼓楼区); in a title, only where an agency, a year or 政府 follows the chain
    (上海市促进浦东新区…规定 is 上海市's)."""
    if markdown and doc_type not in ("地方性法规", "决议"):
        return None
    named = (named_agency, fields.get("发布机构"))
    texts = [(text, True) for text in named] + [(title, False), (filename_title(filename), False), (speech.place, True)]
    for text, is_name in texts:
        text = _LEADING_YEAR.sub("", text or "")
        chain = _REGION_AT_START.match(text)
        if chain and (is_name or _AFTER_REGION.match(text, chain.end())):
            return chain[0]
        single = _PLACE_AT_START.match(text)
        if single:
            return single[0]
    return None


def _agency(
    title: str,
    fields: dict[str, str],
    signature_agency: str | None,
    doc_type: str | None,
    region: str | None,
    history: Sequence[str],
    lines: Sequence[str],
    speech: _Speech,
) -> str | None:
    if doc_type == "政府工作报告":
        # A local government's report is its own; 国务院 only where the report says it is national.
        if speech.speaker_agency and speech.speaker_agency != "国务院":
            return speech.speaker_agency
        if region:
            return f"{region}人民政府"
        return "国务院" if speech.national or _NATIONAL.search(title) else None
    if doc_type == "答记者问":
        return "外交部" if any("外交部" in text for text in (title, *lines[:3])) else None
    if doc_type == "决议" and "全国人民代表大会" in title:
        return "全国人民代表大会"
    if doc_type == "党代会报告":
        # A local group's report to the first congress is that group's (北京共产主义组织的报告).
        group = _GROUP_REPORT.match(title)
        if group:
            return group["group"]
        said = re.search("代表大会|中央委员会|中央委員會", title + "".join(lines[:3]))
        return "中国共产党中央委员会" if said else None
    if history or doc_type in ("法律", "行政法规", "部门规章", "司法解释", "地方性法规", "案例"):
        return _law_agency(title, history)
    source = fields.get("来源", "")
    title_agency = _AGENCY_AT_TITLE_START.match(title)
    candidates = [
        signature_agency,
        title_agency[0] if title_agency else None,
        fields.get("发布机构"),
        source if _AGENCY.match(source) else None,
    ]
    named = [name for name in candidates if name]
    # A longer name that ends with a shorter one (平潭综合实验区公安局, 区公安局) replaces it.
    full = [name for name in named if not any(o != name and o.endswith(name) for o in named)]
    return full[0] if full else None


def _law_agency(title: str, history: Sequence[str]) -> str | None:
    """The body that made the law, from the first history line naming one.

    A city's regulation is the city congress's, though its province's approval
    (``河南省…常务委员会…批准``) may be the first line; a rule the State Council approved
    (``经国务院批准``, then a ministry's decree) stays the State Council's.
    """
    lines = [line.replace("人大常委会", "人民代表大会常务委员会") for line in history]
    for line in sorted(lines, key=lambda line: bool(_APPROVED.search(line))):
        bare = _BARE_CONGRESS.search(line)
        place = _PLACE_AT_START.match(title)
        if bare and place and place[0].endswith(bare["level"]):
            return place[0] + bare["body"]
        for pattern in _LAW_BODIES:
            match = pattern.search(line)
            if match:
                groups = match.groupdict()
                return (groups.get("place") or "") + groups["body"] if "body" in groups else match[0]
    for court in ("最高人民法院", "最高人民检察院"):
        if title.startswith(court):
            return court
    return None


def _date(
    fields: dict[str, str],
    filename: str,
    history: Sequence[str],
    signature_date: str | None,
    speech: _Speech,
) -> str | None:
    """The publish date: the header's, else the file name's (a press briefing's posting
    date), a law's last history date, the signature's, or a speech's delivery date."""
    for key in _HEADER_DATE_KEYS:
        date = parse_date(fields.get(key, ""))
        if date:
            return date
    named = _FILENAME_DATE.search(PurePath(filename).name)
    history_dates = sorted(date for line in history for date in find_dates(line))
    for date in (
        parse_date(named[1]) if named else None,
        history_dates[-1] if history_dates else None,
        signature_date,
        speech.date,
    ):
        if date:
            return date
    return None


def _year(
    title: str, cleaned: CleanText, date: str | None, doc_type: str | None, speech: _Speech, lines: Sequence[str]
) -> int | None:
    """The year reported on, or None where the report does not say.

    A law's is its latest date's; else the title's year (or an 原标题 line's), a
    briefing's posting year, a speech's delivery year, or the year the body's first
    lines state (``2024年，我局…``, a resolution's ``同意报告提出的2012年…``). A
    publish date alone gives none: reports are published in the year after the one
    they report on.
    """
    if cleaned.markdown and date:
        return int(date[:4])
    year = first_year(title)
    if year is None and lines and lines[0].startswith("原标题"):
        year = first_year(lines[0])
    if year is None and doc_type == "答记者问" and date:
        year = int(date[:4])
    if year is None and speech.date:
        year = int(speech.date[:4])
    if year is None:
        stated = (_BODY_YEAR.search(fold_digits(line)) for line in lines[:_BODY_YEAR_LINES])
        match = next((m for m in stated if m), None)
        year = int(match[1] or match[2]) if match else None
    return year


def _doc_number(fields: dict[str, str], history: Sequence[str], lines: Sequence[str]) -> str | None:
    if fields.get("文号"):
        return fields["文号"]
    for line in reversed(history):
        match = _DECREE_NUMBER.search(line)
        if match:
            return match[0]
    return next((line for line in lines[:_TOP_LINES] if _DOC_NUMBER_LINE.match(line)), None)
