"""Agency names: canonical forms and matching of the variants reports sign with."""

from __future__ import annotations

import pytest

from archive.parsing.agencies import canonical_agency, read_agency, same_agency


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("三元区应急管理局", "三元区应急管理局"),
        ("三元区应急局", "三元区应急管理局"),
        ("三明市三元区应急管理局", "三元区应急管理局"),
        (" 三元区 应急局", "三元区应急管理局"),
        ("某某县市场监管局", "某某县市场监督管理局"),
        ("某某县市场监督管理局", "某某县市场监督管理局"),
        ("平潭综合实验区社会事业局", "平潭综合实验区社会事业局"),
        ("区社会事业局", "社会事业局"),
        ("平潭综合实验区综合执法与应急管理局", "平潭综合实验区综合执法与应急管理局"),
        ("区执法应急局", "综合执法与应急管理局"),
        ("海南省人民政府", "海南省人民政府"),
        ("海南省政府", "海南省人民政府"),
        ("内蒙古自治区人民政府", "内蒙古自治区人民政府"),
        ("市场监督管理局", "市场监督管理局"),
        ("中共三元区委", "三元区委"),
        # the state and the Party as titles name them (before: 中华人民共和国国务院 no variant of 国务院,
        # 中共中央 read as 中央, not 中央委员会)
        ("中华人民共和国国务院", "国务院"),
        ("中华人民共和国外交部", "外交部"),
        ("中共中央", "中央委员会"),
        ("中国共产党中央委员会", "中央委员会"),
        ("中共中央办公厅", "中央办公厅"),
    ],
)
def test_canonical_forms(name: str, canonical: str) -> None:
    assert canonical_agency(name) == canonical


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("三元区应急管理局", "三元区应急局"),
        ("平潭综合实验区社会事业局", "区社会事业局"),
        ("平潭综合实验区公安局", "区公安局"),
        ("平潭综合实验区综合执法与应急管理局", "区执法应急局"),
        ("某某县市场监督管理局", "某某县市场监管局"),
        ("三明市三元区应急管理局", "三元区应急局"),
    ],
)
def test_variants_match(first: str, second: str) -> None:
    assert same_agency(first, second) and same_agency(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("三元区应急管理局", "沙县区应急管理局"),  # another district
        ("三元区应急管理局", "三元区市场监督管理局"),  # another agency
        ("平潭综合实验区社会事业局", "平潭综合实验区行政审批局"),
    ],
)
def test_different_agencies_do_not(first: str, second: str) -> None:
    assert not same_agency(first, second)


def test_parts() -> None:
    name = read_agency("平潭综合实验区行政审批局")
    assert (name.jurisdiction, name.body) == ("平潭综合实验区", "行政审批局")
    assert read_agency("区行政审批局").jurisdiction == ""
