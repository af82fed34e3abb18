"""Scans read by OCR: page images and PDFs without a text layer, typeset from corpus text in Noto CJK,
come out as paragraphs that search finds; the report says how many pages OCR read. OCR can be turned
off (the scans are skipped with the reason), a file past the page or time limit is given up, and broken
images and PDFs get a reason while the rest is ingested."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageOps

from archive import Archive, Report
from archive.cli import main
from bench.ocr import edit_distance, typeset
from tests.conftest import client_of

REPORT = "gwr_provincial_2026/2026_湖北省_政府工作报告.txt"
TITLE = "2026年湖北省政府工作报告"


@pytest.fixture(scope="module")
def page(corpus: Path) -> tuple[list[str], Image.Image]:
    """The start of a real report's paragraph typeset on a page at 200 dpi, cropped below the text
    (small, so that the tests' OCR takes seconds)."""
    lines = [line.strip() for line in (corpus / REPORT).read_text(encoding="utf-8").splitlines()]
    text = next(line for line in lines if "62661亿元" in line)
    text = text[: text.index("62661亿元") + 12]
    [typeset_page], images = typeset([(TITLE, [text])], dpi=200)
    image = images[typeset_page.name][0]
    bottom = ImageOps.invert(image).getbbox()[3]
    return [TITLE, text], image.crop((0, 0, image.width, bottom + 100))


def _png(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


def _save(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def _text_page_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (reportlab, a CID font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK", firstLineIndent=22)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph(line, body) for line in lines])
    return buffer.getvalue()


def _mixed_pdf(text_lines: list[str], scan: Image.Image) -> bytes:
    """A text page followed by a scanned page: the two PDFs joined (pypdf)."""
    import pypdf

    writer = pypdf.PdfWriter()
    for data in (_text_page_pdf(text_lines), _save(scan, "PDF", resolution=200)):
        writer.append(pypdf.PdfReader(io.BytesIO(data)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _error_rate(report: Report, source: list[str]) -> float:
    """The character error rate of the report's last paragraph (the scanned one) against the source's."""
    read = report.paragraphs[-1].text.replace(" ", "")
    return edit_distance(source[-1], read) / len(source[-1])


@pytest.fixture(scope="module")
def scans(page: tuple[list[str], Image.Image], tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Path]:
    """An archive of the page as PNG, JPEG, a two-page TIFF, an image-only PDF and a mixed PDF."""
    _, image = page
    folder = tmp_path_factory.mktemp("scans")
    (folder / "page.png").write_bytes(_png(image))
    (folder / "page.jpg").write_bytes(_save(image, "JPEG", quality=80))
    (folder / "pages.tif").write_bytes(_save(image, "TIFF", save_all=True, append_images=[image.rotate(0)], compression="tiff_lzw"))
    (folder / "scan.pdf").write_bytes(_save(image, "PDF", resolution=200))
    (folder / "mixed.pdf").write_bytes(_mixed_pdf(["某某县人民政府办公室关于报送2025年工作总结的函", "全年开展执法检查206次，罚款16.97万元。"], image))
    archive = Archive(tmp_path_factory.mktemp("index"))
    summary = archive.ingest([folder])
    assert summary.ok and len(summary.added) == 5, summary.failed
    return archive, folder


def _report(archive: Archive, path: Path) -> Report:
    reports = [archive.get(hit.id) for hit in archive.search("湖北", limit=20).results]
    return next(report for report in reports if report.source.endswith(path.name))


@pytest.mark.parametrize("name, pages", [("page.png", 1), ("page.jpg", 1), ("pages.tif", 2), ("scan.pdf", 1), ("mixed.pdf", 1)])
def test_scans_are_read_by_ocr_into_paragraphs(name: str, pages: int, scans: tuple[Archive, Path],
                                                page: tuple[list[str], Image.Image]) -> None:
    archive, folder = scans
    report = _report(archive, folder / name)
    assert report.ocr_pages == pages
    # The paragraph's lines are joined back into one, read nearly as printed.
    assert _error_rate(report, page[0]) <= 0.03  # measured 0-2 % here (bench.ocr: 0.3-1.7 % over ten pages)


def test_search_finds_figures_in_scans_like_any_text(scans: tuple[Archive, Path]) -> None:
    archive, _ = scans
    assert archive.search("达到62661亿元").total_documents == 5
    # The mixed PDF's text page is read from its text layer, the scanned page by OCR.
    [hit] = archive.search("检查206次").results
    assert archive.get(hit.id).source.endswith("mixed.pdf")


def test_show_and_the_document_page_say_the_text_came_from_ocr(scans: tuple[Archive, Path]) -> None:
    archive, folder = scans
    report = _report(archive, folder / "pages.tif")
    shown = CliRunner().invoke(main, ["show", report.id, "--json", "--index", str(archive.index_dir)])
    assert shown.exit_code == 0 and json.loads(shown.output)["ocr_pages"] == 2
    page = client_of(archive).get(f"/documents/{report.id}").get_data(as_text=True)
    assert "文字识别 (OCR)，2 页" in page


def test_no_ocr_skips_scans_with_the_reason_and_a_later_run_reads_them(
        page: tuple[list[str], Image.Image], tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.png").write_bytes(_png(page[1]))
    (docs / "note.txt").write_text("某某局2025年工作总结\n全年开展执法检查206次。\n", encoding="utf-8")
    index = str(tmp_path / "index")
    result = CliRunner().invoke(main, ["ingest", str(docs), "--no-ocr", "--index", index])
    assert result.exit_code == 0, result.output  # a skipped file is no failure
    assert "skipped 1" in result.output and "page.png: 图片需要文字识别 (OCR)，本次导入已关闭 OCR" in result.output
    summary = Archive(index).ingest([docs])
    assert summary.added == [str(docs / "page.png")] and summary.unchanged == [str(docs / "note.txt")]


@pytest.mark.parametrize("setting, value, expected", [
    ("REPORT_ARCHIVE_OCR_MAX_PAGES", "1", "2 页需要文字识别，超过每个文件 1 页的上限"),
    ("REPORT_ARCHIVE_OCR_MAX_SECONDS", "0", "超过 0 秒的上限"),
])
def test_page_and_time_limits_give_up_a_file_and_the_run_goes_on(setting: str, value: str, expected: str,
                                                                  page: tuple[list[str], Image.Image], tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(setting, value)
    small = page[1].resize((page[1].width // 2, page[1].height // 2))
    (tmp_path / "pages.tif").write_bytes(_save(small, "TIFF", save_all=True, append_images=[small]))
    (tmp_path / "note.txt").write_text("某某局2025年工作总结\n全年开展执法检查206次。\n", encoding="utf-8")
    summary = Archive(tmp_path / "index").ingest([tmp_path])
    assert summary.added == [str(tmp_path / "note.txt")]
    [(path, reason)] = summary.failed
    assert path.endswith("pages.tif") and expected in reason


def _bomb_png() -> bytes:
    """A PNG whose header declares 30000 × 30000 pixels (900 M): refused before it is decoded."""
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0)
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b"")


def test_broken_images_and_scans_get_a_reason(page: tuple[list[str], Image.Image], tmp_path: Path) -> None:
    import pypdf

    png = _png(page[1])
    scan = _save(page[1], "PDF", resolution=300)
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(scan)))
    writer.encrypt("secret")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    bad = {
        "empty.png": b"", "empty.jpg": b"", "empty.tif": b"",
        "truncated.png": png[: len(png) // 2], "truncated.pdf": scan[: len(scan) // 3],
        "garbage.jpg": b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, "garbage.tiff": b"II*\x00" + bytes(512),
        "encrypted.pdf": encrypted.getvalue(), "bomb.png": _bomb_png(),
        "blank.png": _png(Image.new("L", (800, 600), 255)),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "note.txt").write_text("某某局2025年工作总结\n全年开展执法检查206次。\n", encoding="utf-8")
    summary = Archive(tmp_path / "index").ingest([tmp_path])
    assert summary.added == [str(tmp_path / "note.txt")]
    reasons = dict(summary.failed)
    assert set(reasons) == {str(tmp_path / name) for name in bad}
    for name in bad:
        reason = reasons[str(tmp_path / name)]
        assert "internal error" not in reason and "(" in reason, (name, reason)
    assert "加密" in reasons[str(tmp_path / "encrypted.pdf")] and "像素" in reasons[str(tmp_path / "bomb.png")]


def test_icons_beside_saved_web_pages_are_skipped_not_failed(tmp_path: Path) -> None:
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "logo.png").write_bytes(_png(Image.new("RGB", (120, 40), "red")))
    (tmp_path / "note.txt").write_text("某某局2025年工作总结\n全年开展执法检查206次。\n", encoding="utf-8")
    summary = Archive(tmp_path / "index").ingest([tmp_path])
    assert summary.ok and summary.added == [str(tmp_path / "note.txt")]
    [(path, reason)] = summary.skipped
    assert path.endswith("logo.png") and "不像扫描的页面" in reason


def test_progress_counts_the_pages_ocr_reads(page: tuple[list[str], Image.Image], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from archive.ingest import progress

    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0.0)  # a count line at every event
    small = page[1].resize((page[1].width // 2, page[1].height // 2))
    (tmp_path / "pages.tif").write_bytes(_save(small, "TIFF", save_all=True, append_images=[small]))
    stream = io.StringIO()
    summary = Archive(tmp_path / "index").ingest([tmp_path / "pages.tif"], progress.LogProgress(stream, verbose=False))
    assert summary.ok
    lines = stream.getvalue().splitlines()
    assert any("0/1 files (0%), 1 pages read by OCR" in line for line in lines), lines
    assert any("1/1 files (100%), 2 pages read by OCR" in line for line in lines), lines
