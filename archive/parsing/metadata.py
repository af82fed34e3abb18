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
    "政府信息公开工作年度报告": "annual report on government information disclosure",
    "工作总结": "work summary, often with next year's plan (工作总结及…工作计划)",
    "工作报告": "other report on an agency's work (…工作情况的报告)",
    "抽查情况": "results of random inspections (“双随机”抽查)",
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

_PLACE_SUFFIX = "综合实验区|经济特区|特别行政区|自治区|自治州|自治县|新区|省|市|区|县|旗|盟"
_REGION_AT_START = re.compile(rf"^[\u4e00-\u9fff]{{2,5}}?(?:{_PLACE_SUFFIX})")
# Inside running text a place name is taken as two characters and a suffix.
_PLACE_INLINE = re.compile(rf"[\u4e00-\u9fff]{{2}}(?:{_PLACE_SUFFIX})")
_ORG_SUFFIX = "局|委员会|办公室|人民政府|政府|管委会|管理委员会|厅|委|中心|院|部|处|所|站|队|办"
_AGENCY = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,30}}?(?:{_ORG_SUFFIX})$")
_AGENCY_AT_TITLE_START = re.compile(
    rf"^[\u4e00-\u9fff（）]{{2,30}}?(?:{_ORG_SUFFIX})(?=关于|\s|\d|“|$)"
)
_TRAILING_CJK = re.compile(r"[\u4e00-\u9fff]+$")
_LEADING_YEAR = re.compile(r"^\s*\d{4}\s*年度?")
_DATE_LIKE_LINE = re.compile(
    r"^[\d\s年月日〇零一二三四五六七八九十]{4,}$"
)  # a date line, maybe damaged (2025110)
_COPY_TO = re.compile(r"^(?:抄送|抄报|附件)[:：]")
_PRINTED = re.compile(r"印发?$")
_DELIVERY_LINE = re.compile(r"^(?:——|――|[（(]|\d{4}年\d{1,2}月\d{1,2}日在)")
_DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$")
_DECREE_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,20}?令第[\d一二三四五六七八九十百零〇]+号")
_FILENAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_PRESS_TITLE = re.compile(r"记者会|答记者问|答问|回答记者|发言人")
_CONGRESS_TITLE = re.compile(r"全国代表大会|[（(][一二三四五六七八九十]+大[)）]")
_CASE_HEADING = re.compile(r"案情|裁判|典型意义|案例")
_NATIONAL_LAW_TITLE = re.compile(r"^中华人民共和国\S*法典?(?:\s|$)")
_LOCAL_CONGRESS = re.compile(
    rf"(?P<place>[\u4e00-\u9fff]{{2,8}}?(?:{_PLACE_SUFFIX}))(?:第[^届]{{1,4}}届)?"
    r"(?P<body>人民代表大会(?:常务委员会)?)"
)
_MINISTRY = re.compile(
    r"(?:^|\s)经?(?P<body>(?:中华人民共和国)?[\u4e00-\u9fff]{2,15}?(?:部|委员会|总局|局|署))"
    r"(?:令|第[^次]{1,5}次)"
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
    source_url: str | None = None


def find_title(cleaned: CleanText, filename: str) -> tuple[str, list[str]]:
    """The report's title, and its content lines without the title line(s).

    The header's title wins; else the first line when it looks like a title,
    unless it is a shortened form of the title the file name gives (``政府工作报告``
    for ``2026_广东省_政府工作报告.txt``); else the file name's title. Every line
    equal to the title or to the title line is removed (scraped pages repeat it).
    """
    named = filename_title(filename)
    lines = cleaned.lines
    first = lines[0] if lines and _looks_like_title(lines[0]) else None
    title = cleaned.fields.get("标题") or cleaned.fields.get("title")
    if not title:
        title = named if first is None or _is_shortened(first, named) else first
    drop = {title}
    if first is not None and (first == title or _is_shortened(first, title)):
        drop.add(first)
    return title, [line for line in lines if line not in drop]


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
    signature_agency, signature_date = signature(lines)
    region = _region(title, fields, signature_agency, filename, doc_type, cleaned.markdown)
    date = _date(fields, filename, cleaned.history, signature_date, lines)
    return Metadata(
        agency=_agency(title, fields, signature_agency, doc_type, region, cleaned.history, lines),
        year=_year(title, cleaned, date, filename, lines),
        date=date,
        doc_type=doc_type,
        region=region,
        doc_number=_doc_number(fields, cleaned.history, lines),
        source_url=_source_url(fields),
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
        return _law_type(title, cleaned.history, headings)
    if {"url", "author"} <= cleaned.fields.keys() or _PRESS_TITLE.search(title):
        return "答记者问"
    rules = (
        ("决议", title.endswith("决议")),
        ("政府信息公开工作年度报告", "政府信息公开" in title and "年度报告" in title),
        ("政府工作报告", "政府工作报告" in title),
        ("法治政府建设情况报告", "法治" in title and "报告" in title),
        ("抽查情况", "抽查" in title),
        ("工作总结", "工作总结" in title),
        ("党代会报告", bool(_CONGRESS_TITLE.search(title))),
        ("工作报告", "报告" in title),
    )
    return next((doc_type for doc_type, matches in rules if matches), None)


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
    signature_agency: str | None,
    filename: str,
    doc_type: str | None,
    markdown: bool,
) -> str | None:
    if markdown and doc_type != "地方性法规":
        return None
    for text in (signature_agency, fields.get("发布机构"), title, filename_title(filename)):
        match = _REGION_AT_START.match(_LEADING_YEAR.sub("", text or ""))
        if match:
            return match[0]
    return None


def _agency(
    title: str,
    fields: dict[str, str],
    signature_agency: str | None,
    doc_type: str | None,
    region: str | None,
    history: Sequence[str],
    lines: Sequence[str],
) -> str | None:
    if doc_type == "政府工作报告":
        return f"{region}人民政府" if region else "国务院"
    if doc_type == "答记者问":
        return "外交部" if any("外交部" in text for text in (title, *lines[:3])) else None
    if doc_type == "决议" and "全国人民代表大会" in title:
        return "全国人民代表大会"
    if doc_type == "党代会报告":
        return "中国共产党中央委员会"
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
    for line in history:
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
    lines: Sequence[str],
) -> str | None:
    for key in _HEADER_DATE_KEYS:
        date = parse_date(fields.get(key, ""))
        if date:
            return date
    named = _FILENAME_DATE.search(PurePath(filename).name)
    history_dates = sorted(date for line in history for date in find_dates(line))
    delivered = [parse_date(line) for line in lines[:_TOP_LINES] if _DELIVERY_LINE.match(line)]
    for date in (
        parse_date(named[1]) if named else None,
        history_dates[-1] if history_dates else None,
        signature_date,
        *delivered,
    ):
        if date:
            return date
    return None


def _year(
    title: str, cleaned: CleanText, date: str | None, filename: str, lines: Sequence[str]
) -> int | None:
    """The year reported on: a law's latest date, the title's year, else the date's year."""
    if cleaned.markdown and date:
        return int(date[:4])
    year = first_year(title)
    if year is None and lines and lines[0].startswith("原标题"):
        year = first_year(lines[0])
    if year is None and date:
        year = int(date[:4])
    return year


def _source_url(fields: dict[str, str]) -> str | None:
    """The original's address: an archiver's ``原文链接:`` or a transcript's ``url:`` field."""
    url = fields.get("原文链接") or fields.get("url") or ""
    return url if _URL.match(url) else None


def _doc_number(fields: dict[str, str], history: Sequence[str], lines: Sequence[str]) -> str | None:
    if fields.get("文号"):
        return fields["文号"]
    for line in reversed(history):
        match = _DECREE_NUMBER.search(line)
        if match:
            return match[0]
    return next((line for line in lines[:_TOP_LINES] if _DOC_NUMBER_LINE.match(line)), None)
