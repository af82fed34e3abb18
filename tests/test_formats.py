"""Formats: web pages, Word files and PDFs made from corpus text come through like the plain text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive import Archive, Report

SHANGHAI = "gwr_provincial_2026/2026_上海市_政府工作报告.txt"


@dataclass
class Source:
    """A report taken from the corpus: title, publish date, source and body lines."""

    title: str
    date: str
    source: str
    lines: list[str]

    def plain_text(self) -> str:
        return "\n".join([self.title, f"日期:{self.date} 来源:{self.source}", "", *self.lines])


@pytest.fixture(scope="module")
def source(corpus: Path) -> Source:
    """The 2026 Shanghai government work report, cut to its first part (headings included)."""
    lines = [line.strip() for line in (corpus / SHANGHAI).read_text(encoding="utf-8").splitlines() if line.strip()]
    start = lines.index("各位代表：")
    end = next(i for i, line in enumerate(lines) if line.startswith("二、"))
    return Source("2026年上海市政府工作报告", "2026-02-09", "解放日报", lines[start : end + 4])


@pytest.fixture(scope="module")
def expected(source: Source, tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The report as read from the plain-text file: what every format must match."""
    folder = tmp_path_factory.mktemp("plain")
    (folder / "report.txt").write_text(source.plain_text(), encoding="utf-8")
    return _ingest_one(folder / "report.txt", folder / "index")


def _ingest_one(path: Path, index: Path) -> Report:
    archive = Archive(index)
    summary = archive.ingest([path])
    assert summary.ok and summary.added == [str(path)], summary.failed
    [hit] = archive.search("各位代表").results
    report = archive.get(hit.id)
    assert report is not None
    return report


def _headings(report: Report) -> list[str]:
    return [p.text for p in report.paragraphs if p.is_heading]


def _metadata(report: Report) -> tuple:
    return report.title, report.date, report.year, report.doc_type, report.region, report.agency


def write_docx(path: Path, source: Source) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = source.title
    document.add_heading(source.title, level=0)
    document.add_paragraph(f"日期:{source.date} 来源:{source.source}")
    for line in source.lines:
        level = 1 if re.match(r"^[一二三四五六七八九十]+、", line) else 2 if line.startswith("（") else 0
        document.add_heading(line, level=level) if level else document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [("指标", "目标", "完成"), ("地区生产总值增长", "5%左右", "5.4%")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(path)


def write_pdf(path: Path, lines: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK", firstLineIndent=22)
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(html.escape(line), body) for line in lines])


def write_html(path: Path, source: Source) -> None:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in source.lines)
    path.write_text(
        f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{source.title}_上海市人民政府</title>
<meta name="ContentSource" content="{source.source}"><meta name="PubDate" content="{source.date} 08:30">
<script>var tracker = "统计脚本不应入库"; document.write("脚本文字");</script>
<style>.nav {{ color: red }}</style></head><body>
<div class="header"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hdjl">互动交流频道</a></div>
<div class="nav">当前位置：首页 &gt; 政务公开 &gt; 政府工作报告</div>
<div class="article"><h1>{source.title}</h1>
<div class="info">日期：{source.date} 来源：{source.source} 【字号：大 中 小】</div>
<div class="content">{paragraphs}</div>
<div class="share">分享到：微信 微博 QQ空间</div></div>
<div class="footer">主办单位：上海市人民政府办公厅 网站标识码3100000001 沪ICP备05000000号</div>
<script>console.log("页脚脚本")</script></body></html>""",
        encoding="utf-8",
    )


def test_docx_keeps_text_headings_metadata_and_tables(source: Source, expected: Report, tmp_path: Path) -> None:
    write_docx(tmp_path / "report.docx", source)
    report = _ingest_one(tmp_path / "report.docx", tmp_path / "index")
    assert _metadata(report) == _metadata(expected)
    assert _headings(report) == _headings(expected)
    texts = [p.text for p in report.paragraphs]
    assert texts[: len(expected.paragraphs)] == [p.text for p in expected.paragraphs]
    assert "地区生产总值增长\t5%左右\t5.4%" in texts
    assert Archive(tmp_path / "index").search("5%左右").total_documents == 1


def test_pdf_text_layer_is_read_into_paragraphs(source: Source, expected: Report, tmp_path: Path) -> None:
    write_pdf(tmp_path / "report.pdf", [source.title, f"日期:{source.date} 来源:{source.source}", *source.lines])
    report = _ingest_one(tmp_path / "report.pdf", tmp_path / "index")
    assert _metadata(report) == _metadata(expected)
    assert _headings(report) == _headings(expected)
    # Lines broken at the margin are joined back: the body is the same text, paragraph for paragraph.
    assert [p.text for p in report.paragraphs] == [p.text for p in expected.paragraphs]


def test_pdf_without_text_layer_asks_for_ocr(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    scan = canvas.Canvas(str(tmp_path / "scan.pdf"))
    scan.rect(100, 100, 300, 500, fill=1)  # a page that is only a picture
    scan.save()
    summary = Archive(tmp_path / "index").ingest([tmp_path / "scan.pdf"])
    [(path, reason)] = summary.failed
    assert path.endswith("scan.pdf") and "没有文字层" in reason and "OCR" in reason


def test_web_page_article_without_site_chrome(source: Source, expected: Report, tmp_path: Path) -> None:
    write_html(tmp_path / "report.html", source)
    report = _ingest_one(tmp_path / "report.html", tmp_path / "index")
    assert _metadata(report) == _metadata(expected)
    assert _headings(report) == _headings(expected)
    assert [p.text for p in report.paragraphs] == [p.text for p in expected.paragraphs]
    archive = Archive(tmp_path / "index")
    for chrome in ("互动交流频道", "当前位置", "网站标识码", "统计脚本", "页脚脚本", "QQ空间", "字号"):
        assert archive.search(chrome).total_documents == 0, chrome


@pytest.mark.parametrize("name", ["old.doc", "old.wps"])
def test_old_word_formats_say_what_to_convert_to(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    summary = Archive(tmp_path / "index").ingest([tmp_path])  # picked up from a folder, to be told about
    [(path, reason)] = summary.failed
    assert path.endswith(name) and ".docx" in reason and ".pdf" in reason


@pytest.mark.parametrize("name", ["broken.docx", "broken.pdf", "broken.html"])
def test_broken_files_of_each_format_get_a_reason(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(b"PK\x03\x04 not really" if name.endswith(".docx") else b"%PDF-1.4\n%\xff\xff garbage")
    summary = Archive(tmp_path / "index").ingest([tmp_path / name])
    [(path, reason)] = summary.failed
    assert path.endswith(name) and reason and "internal error" not in reason
