"""Figures: the quantities a sentence reports, read into value, unit and what was counted.

``parse_figures("2024年共开展执法检查206次,罚款16.97万元。")`` gives
``206 次 执法检查`` and ``16.97 万元 罚款`` (normalized: 169700 元).

A figure is a number with a unit: Arabic digits (full width too, ``1,234.5``),
or Chinese numerals with a counting unit (``四次``, ``两项``); a scale 万/亿
(``16.97万元``, ``1.59亿条``); a range (``10-20家``, ``3至5年``); approximate
forms (``约160万元``, ``260余份``, ``2.6万余人次``, ``120次以上``); percentages (``4.8%``,
``14个百分点``) and multiples (``5.1倍``).

Numbers that are not quantities are left out: years and dates (``2024年``,
``12月5日``), ordinals (``第1名``), numbers inside quotes or book titles
(``“7.14”``, ``《…（2021-2025）》``), codes next to Latin letters (``5G``,
``PM2.5``), and numbers with no unit (phone numbers, ``12345热线``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Iterator

from archive.text.normalize import normalize_with_offsets, original_span

_SCALES = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "万": 1e4, "亿": 1e8}
# Units, longest first so that 人次 wins over 人. Latin ones as normalization writes them (㎡ -> m2).
_UNITS = sorted(
    """人次 家次 件次 场次 趟次 批次 户次 车次 架次 个工作日 工作日 个百分点 百分点 个月 小时 平方公里 平方米
    立方米 微克/立方米 公里 千米 公顷 公斤 千克 千瓦 万吨 吨 亩 米 元 美元 % ‰ 倍 次 人 名 位 户 家 个 项 件 宗 起
    份 条 场 篇 期 批 艘 面 处 套 所 支 台 辆 座 类 张 枚 通 对 组 轮 天 日 年 周 例 只 群 头 株 棵 间 部 款 笔
    单 票 块 栋 床 册 本 门 趟 斤 km2 km m2 m3 kg kwh kw mw gw""".split(),
    key=len,
    reverse=True,
)
_CN_UNITS = set("次人名位户家个项件宗起份场期批条所支") | {"人次", "场次", "批次", "家次", "件次"}
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_POWER = {"十": 10, "百": 100, "千": 1000}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+"
_FIGURE = re.compile(
    rf"(?P<before>约|近|超过|超|逾|大约)?(?P<low>{_NUMBER})"
    rf"(?:(?:-|－|—|–|~|～|至|到)(?P<high>{_NUMBER}))?"
    r"(?P<scale>万亿|千万|百万|万|亿)?(?P<after>余|多)?(?P<scale2>万|亿)?"
    rf"(?P<unit>{'|'.join(map(re.escape, _UNITS))})?(?P<bound>以上|以内|以下|左右)?"
)
_ANY_NUMBER = re.compile(r"[\d零〇一二两三四五六七八九十百千]")
_QUOTED = re.compile(r"“[^”]*”|《[^》]*》|「[^」]*」|『[^』]*』|【[^】]*】")
_BOUNDARY = re.compile(r"[，,；;：:。！？!?、（）()\s]")
# Leading words of the text before a number that say nothing about what was counted.
_LEAD = re.compile(
    r"(?:\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来|底|内)?|今年以来|今年|全年|年内|本年度|上半年|下半年|目前|截至目前|"
    r"其中|此外|同时|同比|累计|共计|合计|总计|共|已经|已|均|总|全区|全市|全省|全县|全局|我局|我区|"
    r"开展|组织|完成|办理|受理|处理|查处|发放|下发|出具|发出|实现|推动|推出|新增|达到|达|约|近|将|"
    r"力争|争取|计划|预计|确保|拟)+"
)
_TRAIL = re.compile(r"(?:达到|达|约|近|超过|超|逾|共计|共|累计|为|是|有|计|分别|均|已)+$")
_FOLLOWING_STOP = re.compile(r"[，,；;：:。！？!?、（）()“”《》\s\d]|进行|实现|开展|参与|入驻|受益|进入|采用|通过|调整|安装|获|被|的|及|和|与|已|在")
# A Chinese numeral that introduces a list (三项重点工作：, 六个部分) or names a rule (八项规定) is no figure.
_FRAMING = re.compile(r"[^，,；;。]{0,6}[：:]|方面|部分|规定|原则|要求|精神")
COUNTED_LENGTH = 16
_TAIWAN = set("胞企湾商资青籍陆")  # 台 starting these words is Taiwan, not a count of machines
MAX_DAYS = 10000  # a longer "day count" is a date whose 年/月 were lost (2025110日)


@dataclass(frozen=True)
class Figure:
    """One quantity: ``value`` (``high`` for the top of a range) in ``unit`` as written,
    ``counted`` what it counts, and ``normalized`` the value in ``base_unit``
    (``16.97 万元`` is 169700 元). ``start``/``end`` locate it in the sentence."""

    value: float
    unit: str
    counted: str
    normalized: float
    base_unit: str
    start: int
    end: int
    high: float | None = None
    approximate: bool = False

    @property
    def text(self) -> str:
        """``206 次 执法检查``: value (or range), unit and what was counted."""
        return " ".join(part for part in (amount(self.value, self.high), self.unit, self.counted) if part)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "text": self.text}


def parse_figures(sentence: str) -> list[Figure]:
    """Every figure in ``sentence``, in order."""
    normalized, offsets = normalize_with_offsets(sentence)
    figures: list[Figure] = []
    previous: tuple[int, Any] = (0, (0, 0))  # where the previous figure ends, and what it counted
    for match in _quantities(normalized):
        counted = _counted(normalized, previous, match.start(), match.end())
        written = sentence[slice(*original_span(offsets, *counted))] if counted[1] > counted[0] else ""
        figures.append(_figure(match, written, original_span(offsets, *match.span())))
        previous = (match.end(), counted)
    return figures


def has_figures(normalized: str) -> bool:
    """Whether normalized text (``archive.text.normalize``) holds a figure; quicker than parsing them."""
    return next(_quantities(normalized), None) is not None


def _quantities(text: str) -> Iterator[re.Match[str]]:
    """The number matches in normalized ``text`` that are quantities, outside quotes."""
    if not _ANY_NUMBER.search(text):
        return
    quoted = [match.span() for match in _QUOTED.finditer(text)]
    for match in _FIGURE.finditer(text):
        if _is_quantity(match, text) and not any(a <= match.start() < b for a, b in quoted):
            yield match


def _is_quantity(match: re.Match[str], text: str) -> bool:
    """Whether a number match is a quantity (see the module docstring), not a date, code or name."""
    unit, scale = match["unit"], match["scale"] or match["scale2"]
    low = match["low"]
    if not (unit or scale):
        return False
    before, after = text[: match.start("low")], text[match.end() :]
    if before.endswith(("第", "连续")) or re.search(r"[a-z0-9.]$", before) or re.match(r"[a-z]", after):
        return False
    if unit == "年" and 1900 <= _value(low) <= 2100:
        return False
    if unit == "台" and after[:1] in _TAIWAN:  # 12345台胞台企服务专区
        return False
    if unit in ("日", "天") and (before.endswith("月") or _value(low) >= MAX_DAYS):
        return False
    if not low[0].isdigit():
        return (
            (unit in _CN_UNITS or bool(scale)) and _cn_value(low) > 1 and low not in ("十", "百", "千")
            and not _FRAMING.match(after)
        )  # fmt: skip
    return True


def _figure(match: re.Match[str], counted: str, span: tuple[int, int]) -> Figure:
    scale = match["scale"] or match["scale2"] or ""
    unit = match["unit"] or ""
    value = _value(match["low"])
    return Figure(
        value=value,
        unit=scale + unit,
        counted=counted,
        normalized=round(value * _SCALES.get(scale, 1.0), 6),
        base_unit=unit,
        start=span[0],
        end=span[1],
        high=_value(match["high"]) if match["high"] else None,
        approximate=bool(match["before"] or match["after"] or match["bound"]),
    )


def _counted(text: str, previous: tuple[int, Any], start: int, end: int) -> tuple[int, int]:
    """Where in ``text`` is what a figure counts: the phrase before it in its clause
    (``开展执法检查206次`` -> ``执法检查``), or the noun after it when the phrase before is
    short (``吸引6家直播企业`` -> ``直播企业``); a figure right after another counts the same
    (``584宗27474㎡``)."""
    previous_end, previous_counted = previous
    if previous_end == start and previous_end:
        return previous_counted
    clause_start = max((m.end() for m in _BOUNDARY.finditer(text, previous_end, start)), default=previous_end)
    lead = _LEAD.match(text, clause_start)
    phrase_start = lead.end() if lead else clause_start
    trail = _TRAIL.search(text[phrase_start:start])
    phrase_end = phrase_start + trail.start() if trail else start
    phrase_start = max(phrase_start, phrase_end - COUNTED_LENGTH)
    if phrase_end - phrase_start >= 3:
        return phrase_start, phrase_end
    if text.startswith("“", end):
        close = text.find("”", end)
        return end + 1, close if close != -1 else end + 1
    stop = _FOLLOWING_STOP.search(text, end)
    following_end = min(stop.start() if stop else len(text), end + COUNTED_LENGTH)
    if following_end - end >= 2:
        return end, following_end
    return phrase_start, phrase_end


def _value(number: str) -> float:
    if number[0].isdigit():
        return float(number.replace(",", ""))
    return float(_cn_value(number))


def _cn_value(numeral: str) -> int:
    """A Chinese numeral below ten thousand: ``六千`` 6000, ``二十七`` 27, ``两`` 2, ``十`` 10."""
    total, digit = 0, None
    for char in numeral:
        if char in _CN_POWER:
            total += (1 if digit is None else digit) * _CN_POWER[char]
            digit = None
        else:
            digit = _CN_DIGIT[char] if digit is None else digit * 10 + _CN_DIGIT[char]
    return total + (digit or 0)


def amount(value: float, high: float | None = None) -> str:
    """A value as written plainly (``16.97``, ``206``), or a range (``10-20``)."""
    return _format(value) + (f"-{_format(high)}" if high is not None else "")


def _format(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")
