"""The figure parser, on sentences taken from the real reports (seed and ../shared/corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.statements.figures import parse_figures
from archive.parsing.parse import read_report

SEED_SENTENCE = (
    "2024年共开展执法检查206次,下发现场检查记录137份,责令限期整改指令书86份,行政处罚77次,罚款16.97万元。"
)


def texts(sentence: str) -> list[str]:
    return [figure.text for figure in parse_figures(sentence)]


def test_the_seed_report_figures(seed_file: Path) -> None:
    assert SEED_SENTENCE in seed_file.read_text(encoding="utf-8")
    figures = parse_figures(SEED_SENTENCE)
    assert [f.text for f in figures] == [
        "206 次 执法检查", "137 份 现场检查记录", "86 份 责令限期整改指令书", "77 次 行政处罚", "16.97 万元 罚款",
    ]
    fine = figures[-1]
    assert (fine.value, fine.unit, fine.normalized, fine.base_unit) == (16.97, "万元", 169700, "元")
    assert SEED_SENTENCE[fine.start : fine.end] == "16.97万元"


@pytest.mark.parametrize(
    ("folder", "sentence", "expected"),
    [
        ("pingtan_zwgk_selected", "所监管区属国企资产总额1,100.76亿元、同比增长1.77%",
         ["1100.76 亿元 所监管区属国企资产总额", "1.77 % 增长"]),
        ("pingtan_zwgk_selected", "共出动执法人员2.6万余人次", ["2.6 万人次 出动执法人员"]),
        ("pingtan_zwgk_selected", "核减财政投资概算六千余万元，节约率达15%", ["6000 万元 核减财政投资概算", "15 % 节约率"]),
        ("pingtan_zwgk_selected", "建立未来3-5年内拟投资的产业项目库", ["3-5 年 建立未来"]),
        ("pingtan_zwgk_selected", "发布调查问卷四次、意见征集四次", ["4 次 发布调查问卷", "4 次 意见征集"]),
        ("pingtan_zwgk_selected", "2022年全区共拆除新增“两违”584宗27474㎡",
         ["584 宗 拆除新增“两违”", "27474 m2 拆除新增“两违”"]),
        ("pingtan_zwgk_selected", "吸引6家直播企业，20名台湾音乐制作人入驻园区", ["6 家 直播企业", "20 名 台湾音乐制作人"]),
        ("pingtan_zwgk_selected", "已把关各类合同、协议及文件260余份，其中规范性文件5份", ["260 份 协议及文件", "5 份 规范性文件"]),
        ("gwr_provincial_2026", "PM2.5年均浓度为26.3微克/立方米、下降7.4%",
         ["26.3 微克/立方米 PM2.5年均浓度", "7.4 % 下降"]),
        ("gwr_provincial_2026", "新能源汽车产量增长5.1倍", ["5.1 倍 新能源汽车产量增长"]),
    ],
)
def test_real_sentences(corpus: Path, folder: str, sentence: str, expected: list[str]) -> None:
    assert any(sentence in path.read_text(encoding="utf-8") for path in (corpus / folder).rglob("*.txt"))
    assert texts(sentence) == expected


def test_full_width_digits_ranges_and_approximations() -> None:
    [check] = parse_figures("开展执法检查２０６次")
    assert (check.value, check.unit, check.counted) == (206, "次", "执法检查")
    [range_] = parse_figures("培育企业10-20家")
    assert (range_.value, range_.high, range_.text) == (10, 20, "10-20 家 培育企业")
    [years] = parse_figures("用３至５年完成")
    assert (years.value, years.high, years.unit) == (3, 5, "年")
    [about] = parse_figures("节约开办成本约160万元")
    assert about.approximate and about.normalized == 1_600_000
    [billions] = parse_figures("汇聚1.59亿条数据")
    assert (billions.unit, billions.normalized, billions.base_unit) == ("亿条", 159_000_000, "条")
    [points] = parse_figures("占GDP比重提高约14个百分点")
    assert (points.value, points.unit) == (14, "个百分点")


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
        "主要坚持抓好三项重点工作：一是坚持全领域排查整治",  # a list, not a count
        "本报告包括总体情况等六个部分",
        "深入贯彻中央八项规定精神",  # a name
        "连续两个季度位列全省第一",
        "三元区应急管理局2025110日印发",  # a damaged date
    ],
)
def test_numbers_that_are_not_quantities(sentence: str) -> None:
    assert parse_figures(sentence) == []


def test_every_seed_figure_maps_back_to_its_text(seed_file: Path) -> None:
    report = read_report(seed_file, seed_file.read_bytes())
    for paragraph in report.paragraphs:
        for figure in parse_figures(paragraph.text):
            written = paragraph.text[figure.start : figure.end]
            assert written and written[0].isdigit() or "十" in written or written[0] in "一二两三四五六七八九约近超逾"
