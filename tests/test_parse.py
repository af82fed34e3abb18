"""parse_report on the seed and on real corpus files: metadata, structure, and no lost text."""

import re
from pathlib import Path

import pytest

from archive.model import ParsedReport
from archive.parsing.parse import parse_report

PINGTAN = "pingtan_zwgk_selected"
SECTION_ONE = "一、法治建设工作措施及主要成效"
SECTION_ONE_ONE = "(一)依法全面履行政府职能,推进依法行政"


def _parse(path: Path) -> ParsedReport:
    return parse_report(path.read_text(encoding="utf-8"), path.name)


def _squash(text: str) -> str:
    return re.sub(r"[\s\u200b-\u200d\ufeff]+", "", text)


def _lost_sentences(
    path: Path, report: ParsedReport, skip: tuple[str, ...] = (), after: str = "", footer: str = ""
) -> list[str]:
    """Sentences (up to a 。) of the original file not found in the title and paragraphs.

    Whitespace is ignored (run-on bodies are split at spaces). Chrome is left out
    of the check, as the test states it: lines holding a ``skip`` phrase, a line's
    part up to ``after``, and everything from a line starting with ``footer``.
    """
    kept = _squash(report.title + "".join(p.text for p in report.paragraphs))
    original = path.read_text(encoding="utf-8").replace("<U+00A0>", "")
    if footer:
        original = original.split("\n" + footer)[0]
    lost = []
    for line in original.split("\n"):
        if any(phrase in line for phrase in skip):
            continue
        line = line.rpartition(after)[2] if after else line
        lost.extend(s for s in map(_squash, re.findall(r"[^。]+。", line)) if s and s not in kept)
    return lost


def _find(report: ParsedReport, text: str):
    return next(p for p in report.paragraphs if text in p.text)


# --- the seed -------------------------------------------------------------------------


def test_seed_metadata(seed_file: Path) -> None:
    report = _parse(seed_file)
    assert report.title == "三元区应急管理局2024年度法治政府建设情况报告"
    assert report.agency == "三元区应急管理局"  # the signature's full name, not 来源's 三元区应急局
    assert report.year == 2024  # the year reported on, published 2025
    assert report.date == "2025-01-13"  # the header; the signature's "2025110" gives nothing
    assert report.doc_type == "法治政府建设情况报告"
    assert report.region == "三元区"
    assert report.doc_number is None


def test_seed_structure(seed_file: Path) -> None:
    report = _parse(seed_file)
    assert report.paragraphs[0].text == "区委、区政府:"  # the title is not repeated
    assert all(p.text and p.text == p.text.strip() for p in report.paragraphs)
    headings = [(p.text, p.heading_level, p.section) for p in report.paragraphs if p.heading_level < 3 and p.is_heading]
    assert headings[:3] == [
        (SECTION_ONE, 1, ()),
        (SECTION_ONE_ONE, 2, (SECTION_ONE,)),
        ("(二)规范公正文明执法,加大执法监管力度", 2, (SECTION_ONE,)),
    ]
    inspections = _find(report, "开展执法检查206次")
    assert inspections.text.startswith("3、执法监督到位。紧紧围绕全区中心工作")  # the whole line
    assert (inspections.heading_level, inspections.section) == (3, (SECTION_ONE, SECTION_ONE_ONE))
    under_run_in = _find(report, "执法队伍力量整体比较弱")
    assert under_run_in.section == ("二、依法行政过程存在的主要问题及困难",)
    assert under_run_in.heading_level == 0
    assert _find(report, "活动普及519人次").section[-1] == "(四)广泛开展宣传培训,努力营造学法用法氛围"


def test_seed_chrome_is_gone_and_every_sentence_survives(seed_file: Path) -> None:
    report = _parse(seed_file)
    texts = [p.text for p in report.paragraphs]
    assert not any("日期:" in t or "来源:" in t or t.startswith("|") for t in texts)
    assert _lost_sentences(seed_file, report) == []


def test_seed_without_header_has_no_date(seed_file: Path) -> None:
    text = seed_file.read_text(encoding="utf-8").replace("日期:2025-01-13 11:00 来源:三元区应急局", "")
    report = parse_report(text, seed_file.name)
    assert report.date is None  # "2025110" is not turned into a guess
    assert report.agency == "三元区应急管理局"


# --- every pingtan agency report --------------------------------------------------------

PINGTAN_REPORTS = {
    # docid: (agency, year, date, doc_type, headings as (text, section))
    "45634": (
        "平潭综合实验区社会事业局", 2022, "2023-03-31", "法治政府建设情况报告",
        [("一、工作开展情况", ()),
         ("（一）党政主要负责人履行推进法治建设第一责任人职责", ("一、工作开展情况",)),
         ("（五）多渠道加强未成年人法治宣传教育，强化权益保护", ("一、工作开展情况",)),
         ("三、下一步工作计划", ())],
    ),
    "83264": (
        "平潭综合实验区行政审批局", 2022, "2023-12-14", "工作总结",
        [("（一）政务服务综合能力显著提升。", ()),
         ("（十）社会信用体系建设创新开展。", ()),
         ("三、2023年工作计划", ()),
         ("1.党建引领，塑造审批系统文化。", ("三、2023年工作计划", "（三）重点工作"))],
    ),
    "83269": (
        "平潭综合实验区国有资产管理局", 2022, "2023-12-15", "工作报告",
        [("一、2022年主要工作", ()),
         ("（二）深化国资国企改革", ("一、2022年主要工作",)),
         ("二、2023年工作计划", ()),
         ("（八）落实全面从严治党。", ("二、2023年工作计划",))],
    ),
    "83454": ("平潭综合实验区公安局", 2023, "2023-12-19", "抽查情况", []),
    "83645": ("平潭综合实验区公安局", 2023, "2023-12-21", "抽查情况", []),
    "83433": (
        "平潭综合实验区综合执法与应急管理局", 2022, "2023-12-18", "工作总结",
        [("一、以进固稳，勇攀高峰，2022年各项工作成效显著", ()),
         ("（一）坚持党建引领，推进全面从严治党工作", ("一、以进固稳，勇攀高峰，2022年各项工作成效显著",)),
         ("1.强化思想政治引领，坚定理想信念。",
          ("一、以进固稳，勇攀高峰，2022年各项工作成效显著", "（一）坚持党建引领，推进全面从严治党工作"))],
    ),
    "50246": (
        "平潭综合实验区君山片区管理局", 2022, "2023-01-09", "政府信息公开工作年度报告",
        [("一、总体情况", ()),
         ("（一）主动公开方面。", ("一、总体情况",)),
         ("二、主动公开政府信息情况", ()),
         ("五、存在的主要问题及改进情况", ()),
         ("（二）改进措施", ("五、存在的主要问题及改进情况",))],
    ),
}  # fmt: skip


def _pingtan_files(corpus: Path) -> dict[str, Path]:
    return {path.name.split("_")[0]: path for path in (corpus / PINGTAN).rglob("*.txt")}


def test_every_pingtan_report_is_covered(corpus: Path) -> None:
    assert set(_pingtan_files(corpus)) == set(PINGTAN_REPORTS)


@pytest.mark.parametrize("docid", sorted(PINGTAN_REPORTS))
def test_pingtan_report(corpus: Path, docid: str) -> None:
    path = _pingtan_files(corpus)[docid]
    report = _parse(path)
    agency, year, date, doc_type, headings = PINGTAN_REPORTS[docid]
    header_title = path.read_text(encoding="utf-8").split("\n")[0].removeprefix("标题: ")
    assert report.title == header_title
    assert (report.agency, report.year, report.date, report.doc_type) == (agency, year, date, doc_type)
    assert report.region == "平潭综合实验区"
    assert report.doc_number is None  # the header's 文号 is empty
    found = [(p.text, p.section) for p in report.paragraphs if p.is_heading]
    assert [h for h in headings if h in found] == headings
    # the one-line body was split back into lines, none of them page chrome
    assert len(report.paragraphs) > 1
    assert not any(m in p.text for p in report.paragraphs for m in ("当前位置", "QQ空间", "附件下载"))
    assert _lost_sentences(path, report, after="QQ空间") == []


# --- government work reports ----------------------------------------------------------

PROVINCIAL = {
    # file: (title, region, date)
    "2026_上海市_政府工作报告.txt": ("2026年上海市政府工作报告", "上海市", "2026-02-09"),
    "2026_广东省_政府工作报告.txt": ("2026年广东省政府工作报告", "广东省", "2026-01-26"),
    "2026_云南省_政府工作报告.txt": ("2026年云南省政府工作报告", "云南省", "2026-02-03"),
    "2026_宁夏回族自治区_政府工作报告.txt": ("2026年宁夏回族自治区政府工作报告", "宁夏回族自治区", "2026-02-09"),
    "2026_陕西省_政府工作报告.txt": ("陕西省2026年政府工作报告", "陕西省", "2026-02-02"),
    "2026_青海省_政府工作报告.txt": ("2026年青海省政府工作报告", "青海省", "2026-01-31"),
}
PAGE_CHROME = ("下载", "打印", "收藏", "加大", "减小", "】", "首页", ">", "相关报道：", "分享:", "编辑：何继红")


@pytest.mark.parametrize("name", sorted(PROVINCIAL))
def test_provincial_work_report(corpus: Path, name: str) -> None:
    path = corpus / "gwr_provincial_2026" / name
    report = _parse(path)
    title, region, date = PROVINCIAL[name]
    assert (report.title, report.region, report.date) == (title, region, date)
    assert (report.agency, report.year, report.doc_type) == (f"{region}人民政府", 2026, "政府工作报告")
    texts = [p.text for p in report.paragraphs]
    assert texts[0] != report.title
    assert not set(texts) & set(PAGE_CHROME)
    assert not any(t.startswith(("来源：", "时间：", "【")) for t in texts)
    assert texts.count(texts[0]) == 1  # header lines repeated by the page are dropped
    top = [p for p in report.paragraphs if p.heading_level == 1]
    assert top[0].text.startswith("一、") and top[1].text.startswith("二、")
    assert _lost_sentences(path, report, skip=("记者",)) == []  # photo captions are chrome


def test_provincial_photo_captions_are_chrome(corpus: Path) -> None:
    report = _parse(corpus / "gwr_provincial_2026" / "2026_北京市_政府工作报告.txt")
    assert not any("记者" in p.text and p.text.endswith("摄") for p in report.paragraphs)
    assert report.paragraphs[0].text.startswith("——2026年1月25日在北京市")


def test_national_wikisource_report(corpus: Path) -> None:
    path = corpus / "gwr_national_wikisource" / "2022年中华人民共和国国务院政府工作报告.txt"
    report = _parse(path)
    assert report.title == "2022年中华人民共和国国务院政府工作报告"
    assert (report.agency, report.year, report.date) == ("国务院", 2022, "2022-03-05")
    assert (report.doc_type, report.region) == ("政府工作报告", None)
    assert report.paragraphs[0].text.startswith("——2022年3月5日")
    review = _find(report, "2021年工作回顾")
    assert (review.heading_level, review.section) == (1, ())
    assert not any("Public domain" in p.text or "本作品" in p.text for p in report.paragraphs)
    assert _lost_sentences(path, report, footer="本作品") == []


def test_1954_link_texts_are_joined(corpus: Path) -> None:
    report = _parse(corpus / "gwr_national_wikisource" / "1954年中华人民共和国国务院政府工作报告.txt")
    assert report.year == 1954
    paragraph = _find(report, "在聽了劉少奇同志")
    assert "在聽了劉少奇同志關於憲法草案的報告並進行了三天的討論以後" in paragraph.text


def test_npc_resolution(corpus: Path) -> None:
    path = corpus / "gwr_national_wikisource" / "第十三届全国人民代表大会第三次会议关于政府工作报告的决议.txt"
    report = _parse(path)
    assert report.title == path.stem
    assert (report.agency, report.year, report.date, report.doc_type) == (
        "全国人民代表大会", 2020, "2020-05-28", "决议",
    )  # fmt: skip
    assert "听取和审议了国务院总理李克强所作的政府工作报告。会议充分肯定" in report.paragraphs[1].text


def test_govcn_scrape_of_the_1989_report(corpus: Path) -> None:
    path = corpus / "gwr_national_govcn2006_gbk_raw" / "1989.txt"
    report = _parse(path)
    assert report.title == "1989年国务院政府工作报告"
    assert (report.agency, report.year, report.doc_type) == ("国务院", 1989, "政府工作报告")
    assert report.date == "1989-03-20"  # delivered; the page's 2006 repost date is chrome
    texts = [p.text for p in report.paragraphs]
    for chrome in ("<!--", "U+00A0", "当前位置", "字体", "责任编辑", "E-mail", "中央政府门户网站"):
        assert not any(chrome in t for t in texts), chrome
    assert texts.count("一、一心一意进行治理整顿") == 1  # the page held six copies of the report
    assert _find(report, "１９８８年是我国实行改革开放的第十年").section == ("一、一心一意进行治理整顿",)
    assert _lost_sentences(path, report) == []


# --- laws, party congress reports and press transcripts --------------------------------


def test_law_versions(corpus: Path) -> None:
    folder = corpus / "lawrefbook_laws" / "诉讼与非诉讼程序法"
    old, new = (_parse(folder / f"行政复议法({d}).md") for d in ("2017-09-01", "2023-09-01"))
    for report in (old, new):
        assert report.title == "中华人民共和国行政复议法"
        assert (report.doc_type, report.agency, report.region) == ("法律", "全国人民代表大会常务委员会", None)
        assert not any("INFO END" in p.text for p in report.paragraphs)
    assert (old.year, old.date, new.year, new.date) == (2017, "2017-09-01", 2023, "2023-09-01")
    article = _find(old, "第一条 为了防止和纠正违法的或者不当的具体行政行为")
    assert (article.heading_level, article.section) == (0, ("第一章 总则",))
    item = _find(old, "（一）受理行政复议申请；")
    assert (item.heading_level, item.section) == (0, ("第一章 总则",))
    assert old.paragraphs[0].text.startswith("1999年4月29日")  # history lines stay as text


def test_law_sections(corpus: Path) -> None:
    report = _parse(corpus / "lawrefbook_laws" / "刑法" / "刑法.md")
    article = _find(report, "第二百三十二条")
    assert article.section[0].startswith("第二编")
    assert any(s.startswith("第四章") for s in article.section)


def test_local_regulation(corpus: Path) -> None:
    path = next((corpus / "lawrefbook_laws" / "DLC").rglob("深圳经济特区细胞和基因产业促进条例*.md"))
    report = _parse(path)
    assert report.doc_type == "地方性法规"
    assert report.agency == "深圳市人民代表大会常务委员会"
    assert report.region == "深圳经济特区"
    assert (report.year, report.date) == (2023, "2023-01-06")


def test_case_write_up(corpus: Path) -> None:
    path = corpus / "lawrefbook_laws" / "案例" / "消费购物" / "张莉诉北京合力华通汽车服务有限公司买卖合同纠纷案.md"
    report = _parse(path)
    assert report.doc_type == "案例"
    assert report.title.startswith("为家庭生活消费需要购买汽车")
    facts = _find(report, "原告张莉从被告北京合力华通汽车服务有限公司")
    assert facts.section == ("基本案情",)


def test_party_congress_report(corpus: Path) -> None:
    path = next((corpus / "cpc_congress_reports_wikisource").glob("19_*.txt"))
    report = _parse(path)
    assert report.doc_type == "党代会报告"
    assert (report.year, report.date) == (2017, "2017-10-18")
    assert not any("Public domain" in p.text for p in report.paragraphs)


def test_press_transcript(corpus: Path) -> None:
    path = corpus / "mfa_press_conferences_scio" / "2012-03-05.txt"
    report = _parse(path)
    assert report.title == "2012年3月2日外交部发言人洪磊举行例行记者会"
    assert (report.agency, report.doc_type) == ("外交部", "答记者问")
    assert report.year == 2012
    assert report.date == "2012-03-05"  # the posting date of the file name
    assert report.paragraphs[0].text == "2012年3月2日，外交部发言人洪磊主持例行记者会。"
    assert not any(p.text.startswith(("title:", "url:", "author:", "content:")) for p in report.paragraphs)
    assert _lost_sentences(path, report) == []


def test_press_transcript_without_year_in_title(corpus: Path) -> None:
    report = _parse(corpus / "mfa_press_conferences_scio" / "2022-06-01.txt")
    assert report.title == "6月1日外交部发言人赵立坚主持例行记者会"
    assert (report.year, report.date) == (2022, "2022-06-01")


def test_empty_and_chrome_only_texts() -> None:
    assert parse_report("", "a.txt").paragraphs == []
    report = parse_report("下载\n打印\n\n<!-- x -->\n", "2026_上海市_政府工作报告.txt")
    assert report.paragraphs == []
    assert report.title == "2026年上海市政府工作报告"
