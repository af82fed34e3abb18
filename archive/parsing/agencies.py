"""Agency names: one canonical form for the variants reports sign with.

``三元区应急局`` and ``三明市三元区应急管理局`` are ``三元区应急管理局``; ``区社会事业局`` is
``平潭综合实验区社会事业局`` with its jurisdiction left out. A name is read as a
jurisdiction (the innermost of ``省 市 县 区 …``: ``三明市三元区`` -> ``三元区``) and a body
whose common short forms are spelled out (``应急局`` -> ``应急管理局``, ``市场监管局`` ->
``市场监督管理局``). Two names match when their bodies are equal and their jurisdictions
are equal or one of them has none (``区社会事业局``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from archive.text.normalize import normalize

# One jurisdiction: at least two characters and a level (平潭综合实验区, 三元区, 海南省, 内蒙古自治区).
_JURISDICTION = re.compile(r"[\u4e00-\u9fff]{2,12}?(?:自治区|自治州|自治县|实验区|新区|开发区|省|市|州|盟|县|旗|区)")
_BARE_LEVEL = re.compile(r"^(?:区|市(?!场)|县|省|州|旗)(?=[\u4e00-\u9fff]{2})")  # 区社会事业局: "the district's"
# What a name may open on that is no part of its agency: the Party (中共三元区委), the state
# (中华人民共和国国务院, as the national reports' titles name it: the reports sign 国务院).
_LEADING = re.compile(r"^(?:中共|中国共产党|中华人民共和国)")
# Whole bodies that are short for another: 中共中央 is the Central Committee (中国共产党中央委员会).
_WHOLE_SHORT_FORMS = {"中央": "中央委员会"}
# Short forms of agency bodies, spelled out. Longest first, applied once each.
_SHORT_FORMS = {
    "市场监管局": "市场监督管理局",
    "执法应急局": "综合执法与应急管理局",
    "应急局": "应急管理局",
    "人社局": "人力资源和社会保障局",
    "住建局": "住房和城乡建设局",
    "文旅局": "文化和旅游局",
    "交通局": "交通运输局",
    "卫健委": "卫生健康委员会",
    "卫健局": "卫生健康局",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "工信局": "工业和信息化局",
    "医保局": "医疗保障局",
    "国资局": "国有资产管理局",
    "国资委": "国有资产监督管理委员会",
    "城管局": "城市管理局",
    "农业局": "农业农村局",
    "资源规划局": "自然资源和规划局",
    "审批局": "行政审批局",
    "政府": "人民政府",
}
_SHORT_FORM = re.compile("|".join(sorted(map(re.escape, _SHORT_FORMS), key=len, reverse=True)))


@dataclass(frozen=True)
class AgencyName:
    """An agency name read into its jurisdiction (``""`` when left out) and its body."""

    jurisdiction: str
    body: str

    @property
    def canonical(self) -> str:
        """The full name: ``三元区应急管理局``."""
        return self.jurisdiction + self.body

    def matches(self, other: AgencyName) -> bool:
        """The same agency: equal bodies, and equal jurisdictions unless one is left out."""
        return self.body == other.body and (
            self.jurisdiction == other.jurisdiction or not self.jurisdiction or not other.jurisdiction
        )


@lru_cache(maxsize=65536)
def read_agency(name: str) -> AgencyName:
    """Read an agency name as written into its canonical parts (kept: every search that names
    an agency reads each name of the archive's, 3% of the benchmark's time read anew)."""
    text = _LEADING.sub("", re.sub(r"\s+", "", normalize(name)))
    bare = _BARE_LEVEL.match(text)
    if bare:
        return AgencyName("", _spelled_out(text[bare.end() :]))
    jurisdiction = ""
    at = 0
    while match := _JURISDICTION.match(text, at):
        if len(text) - match.end() < 2:  # the rest must still name an agency: 海南省人民政府
            break
        jurisdiction, at = match[0], match.end()
    return AgencyName(jurisdiction, _spelled_out(text[at:]))


def canonical_agency(name: str) -> str:
    """The canonical form of an agency name (``三元区应急局`` -> ``三元区应急管理局``)."""
    return read_agency(name).canonical


def same_agency(first: str, second: str) -> bool:
    """Whether two agency names name the same agency."""
    return read_agency(first).matches(read_agency(second))


def _spelled_out(body: str) -> str:
    if body in _WHOLE_SHORT_FORMS:
        return _WHOLE_SHORT_FORMS[body]
    if body in _SHORT_FORMS.values() or any(body.endswith(full) for full in _SHORT_FORMS.values()):
        return body
    return _SHORT_FORM.sub(lambda m: _SHORT_FORMS[m[0]], body, count=1)
