"""Formats: web pages, Word, WPS, RTF, OFD files and PDFs made from corpus text come through like the plain text;
broken, truncated, encrypted and empty files of each kind are reported and the rest goes on."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
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


def test_pdf_without_text_or_images_says_so(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(tmp_path / "drawing.pdf"))
    drawing.rect(100, 100, 300, 500, fill=1)  # a page of vector drawing only: nothing to read or OCR
    drawing.save()
    summary = Archive(tmp_path / "index").ingest([tmp_path / "drawing.pdf"])
    [(path, reason)] = summary.failed
    assert path.endswith("drawing.pdf") and "没有文字层" in reason and "no text" in reason


def test_web_page_article_without_site_chrome(source: Source, expected: Report, tmp_path: Path) -> None:
    write_html(tmp_path / "report.html", source)
    report = _ingest_one(tmp_path / "report.html", tmp_path / "index")
    assert _metadata(report) == _metadata(expected)
    assert _headings(report) == _headings(expected)
    assert [p.text for p in report.paragraphs] == [p.text for p in expected.paragraphs]
    archive = Archive(tmp_path / "index")
    for chrome in ("互动交流频道", "当前位置", "网站标识码", "统计脚本", "页脚脚本", "QQ空间", "字号"):
        assert archive.search(chrome).total_documents == 0, chrome


@pytest.mark.parametrize("name", ["broken.docx", "broken.pdf", "broken.html"])
def test_broken_files_of_each_format_get_a_reason(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(b"PK\x03\x04 not really" if name.endswith(".docx") else b"%PDF-1.4\n%\xff\xff garbage")
    summary = Archive(tmp_path / "index").ingest([tmp_path / name])
    [(path, reason)] = summary.failed
    assert path.endswith(name) and reason and "internal error" not in reason


# --- OFD (GB/T 33190) ---------------------------------------------------------------

_OFD_NS = "http://www.ofdspec.org/2016"
_CHARS_PER_LINE, _LINES_PER_PAGE, _SIZE = 28, 22, 5.6  # 16 pt characters on A4, millimetres


def _ofd_lines(source: Source) -> list[tuple[str, float, float]]:
    """The printed lines of the report as (text, x, size): title centred, paragraphs indented two characters."""
    lines = [(source.title, 105 - len(source.title) * 3.9, 7.8)]
    for text in source.lines:
        indent = 2
        while text:
            width = _CHARS_PER_LINE - indent
            lines.append((text[:width], 25 + indent * _SIZE, _SIZE))
            text, indent = text[width:], 0
    return lines


def _text_object(number: int, text: str, x: float, y: float, size: float) -> str:
    return (f'<ofd:TextObject ID="{number}" Boundary="{x:.2f} {y:.2f} {len(text) * size + size:.2f} {size * 1.4:.2f}" '
            f'Font="2" Size="{size}"><ofd:TextCode X="0" Y="{size}" DeltaX="g {len(text) - 1} {size}">'
            f"{html.escape(text)}</ofd:TextCode></ofd:TextObject>")


def write_ofd(path: Path, source: Source, parts: dict[str, bytes] | None = None) -> None:
    """An OFD file built to the standard's structure: OFD.xml with DocInfo, Doc_0/Document.xml,
    one Content.xml per page, a font and a picture as resources. Each line is two TextObjects
    (producers split runs), a paragraph goes on over the page break."""
    import zipfile

    lines = _ofd_lines(source)
    pages = [lines[i : i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)]
    files: dict[str, bytes] = {
        "OFD.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="{_OFD_NS}" Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo>
<ofd:DocID>4f3a2b</ofd:DocID><ofd:Title>{source.title}</ofd:Title><ofd:Author>{source.source}</ofd:Author>
<ofd:CreationDate>{source.date}</ofd:CreationDate></ofd:DocInfo>
<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>""".encode(),
        "Doc_0/Document.xml": (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{_OFD_NS}"><ofd:CommonData>'
                               "<ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
                               "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml"
                               "</ofd:DocumentRes></ofd:CommonData><ofd:Pages>"
                               + "".join(f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
                               + "</ofd:Pages></ofd:Document>").encode(),
        "Doc_0/PublicRes.xml": f'<ofd:Res xmlns:ofd="{_OFD_NS}" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="仿宋" FamilyName="仿宋"/></ofd:Fonts></ofd:Res>'.encode(),
        "Doc_0/DocumentRes.xml": (f'<ofd:Res xmlns:ofd="{_OFD_NS}" BaseLoc="Res"><ofd:MultiMedias><ofd:MultiMedia ID="5" Type="Image">'
                                  "<ofd:MediaFile>seal.png</ofd:MediaFile></ofd:MultiMedia></ofd:MultiMedias></ofd:Res>").encode(),
        "Doc_0/Res/seal.png": b"\x89PNG never read " + bytes(range(256)) * 8,
    }
    number = 10
    for index, page in enumerate(pages):
        objects = []
        for row, (text, x, size) in enumerate(page):
            y = 30 + row * 10.5
            half = len(text) // 2 or len(text)
            objects.append(_text_object(number, text[:half], x, y, size))
            if text[half:]:
                objects.append(_text_object(number + 1, text[half:], x + half * size, y, size))
            number += 2
        files[f"Doc_0/Pages/Page_{index}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{_OFD_NS}"><ofd:Content><ofd:Layer ID="3">'
            + "".join(objects)
            + f'<ofd:ImageObject ID="{number}" ResourceID="5" Boundary="150 250 40 40" CTM="40 0 0 40 0 0"/>'
            + f'<ofd:TextObject ID="{number + 1}" Boundary="100 280 20 6" Font="2" Size="4.2"><ofd:TextCode X="0" Y="4.2" DeltaX="4.2 4.2 4.2">- {index + 1} -</ofd:TextCode></ofd:TextObject>'
            + "</ofd:Layer></ofd:Content></ofd:Page>"
        ).encode()
        number += 2
    files.update(parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED)
    # Break the picture's bytes in place: reading them would fail the zip's CRC check.
    data = path.read_bytes()
    path.write_bytes(data.replace(b"never read", b"NEVER READ"))


def test_ofd_pages_paragraphs_and_metadata(source: Source, expected: Report, tmp_path: Path) -> None:
    write_ofd(tmp_path / "report.ofd", source)
    report = _ingest_one(tmp_path / "report.ofd", tmp_path / "index")
    assert _metadata(report) == _metadata(expected)
    assert _headings(report) == _headings(expected)
    # Every paragraph survives, including the one over the page break; page numbers are dropped.
    assert [p.text for p in report.paragraphs] == [p.text for p in expected.paragraphs]
    assert report.ocr_pages == 0


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".ofd"])
@pytest.mark.parametrize("named", [".txt", ".html"])
def test_a_binary_file_named_as_text_is_read_as_what_it_is(suffix: str, named: str, source: Source,
                                                           expected: Report, tmp_path: Path) -> None:  # fmt: skip
    """A PDF saved as ``.txt`` (old systems export everything so) was a report titled ``%PDF-1.4``
    holding the PDF's source: its content decides, as for a ``.doc`` that is really a ``.docx``."""
    made = tmp_path / f"made{suffix}"
    {".pdf": lambda: write_pdf(made, [source.title, f"日期:{source.date} 来源:{source.source}", *source.lines]),
     ".docx": lambda: write_docx(made, source), ".ofd": lambda: write_ofd(made, source)}[suffix]()  # fmt: skip
    (tmp_path / f"report{named}").write_bytes(made.read_bytes())
    report = _ingest_one(tmp_path / f"report{named}", tmp_path / "index")
    assert _metadata(report) == _metadata(expected)
    assert [p.text for p in report.paragraphs][: len(expected.paragraphs)] == [p.text for p in expected.paragraphs]


# --- .doc, .wps, .rtf ---------------------------------------------------------------


@pytest.fixture(scope="module")
def converted(source: Source, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The report as Word 97 (.doc), RTF and WPS (a .doc as Kingsoft WPS saves it) files,
    made by LibreOffice from a .docx."""
    if shutil.which("soffice") is None or shutil.which("antiword") is None:
        message = "LibreOffice or antiword is not installed: apt-get install libreoffice-writer-nogui antiword"
        pytest.fail(message) if os.environ.get("CI") == "true" else pytest.skip(message)
    folder = tmp_path_factory.mktemp("converted")
    write_docx(folder / "report.docx", source)
    for kind in ("doc", "rtf"):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                        "--convert-to", kind, "--outdir", str(folder), str(folder / "report.docx")],
                       check=True, capture_output=True, timeout=120)
    files = {f".{kind}": (folder / f"report.{kind}").read_bytes() for kind in ("doc", "rtf")}
    files[".wps"] = files[".doc"]
    return files


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".rtf"])
def test_converted_formats_keep_text_headings_and_tables(suffix: str, converted: dict[str, bytes], source: Source,
                                                         expected: Report, tmp_path: Path) -> None:
    (tmp_path / f"report{suffix}").write_bytes(converted[suffix])
    report = _ingest_one(tmp_path / f"report{suffix}", tmp_path / "index")
    assert _metadata(report) == _metadata(expected)
    assert _headings(report) == _headings(expected)
    texts = [p.text for p in report.paragraphs]
    assert texts[: len(expected.paragraphs)] == [p.text for p in expected.paragraphs]
    assert "地区生产总值增长\t5%左右\t5.4%" in texts


def test_a_word_97_file_named_as_text_is_read_as_one(converted: dict[str, bytes], expected: Report, tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_bytes(converted[".doc"])
    report = _ingest_one(tmp_path / "report.txt", tmp_path / "index")
    assert [p.text for p in report.paragraphs][: len(expected.paragraphs)] == [p.text for p in expected.paragraphs]


def test_word_file_antiword_cannot_read_goes_to_libreoffice(converted: dict[str, bytes], expected: Report,
                                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without antiword on the PATH (every other command still there), LibreOffice reads the .doc the same.
    tools = tmp_path / "bin"
    tools.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        for command in Path(folder).glob("*") if Path(folder).is_dir() else ():
            if command.name != "antiword" and not (tools / command.name).exists():
                (tools / command.name).symlink_to(command)
    monkeypatch.setenv("PATH", str(tools))
    (tmp_path / "report.doc").write_bytes(converted[".doc"])
    report = _ingest_one(tmp_path / "report.doc", tmp_path / "index")
    assert [p.text for p in report.paragraphs][: len(expected.paragraphs)] == [p.text for p in expected.paragraphs]


def _encrypted_doc(data: bytes) -> bytes:
    """A Word 97 file with its FIB's fEncrypted flag set, as Word writes a password-protected file."""
    fib = next(offset for offset in range(0, len(data), 512) if data[offset : offset + 2] == b"\xec\xa5")
    flags = bytearray(data)
    flags[fib + 0x0B] |= 0x01  # fEncrypted is bit 8 of the flags at 0x0A
    return bytes(flags)


def test_missing_converter_is_a_message_and_the_rest_is_ingested(converted: dict[str, bytes], tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # neither antiword nor LibreOffice
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.rtf").write_bytes(converted[".rtf"])
    (docs / "report.doc").write_bytes(converted[".doc"])
    (docs / "note.txt").write_text(MARKET_NOTE, encoding="utf-8")
    summary = Archive(tmp_path / "index").ingest([docs])
    assert summary.added == [str(docs / "note.txt")]
    reasons = dict(summary.failed)
    for name in ("report.rtf", "report.doc"):
        assert "LibreOffice" in reasons[str(docs / name)] and "apt-get install" in reasons[str(docs / name)]


MARKET_NOTE = "某某县市场监督管理局2023年工作总结\n全年开展执法检查206次，罚款16.97万元。\n"


def test_broken_files_of_every_new_format_are_reported_and_nothing_committed_is_lost(
        converted: dict[str, bytes], source: Source, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text(MARKET_NOTE, encoding="utf-8")
    archive = Archive(tmp_path / "index")
    assert archive.ingest([docs]).ok
    write_ofd(tmp_path / "good.ofd", source)
    ofd = (tmp_path / "good.ofd").read_bytes()
    write_ofd(tmp_path / "encrypted.ofd", source, {"Encryptions.xml": f'<ofd:Encryptions xmlns:ofd="{_OFD_NS}"/>'.encode()})
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as packed:
        packed.writestr("OFD.xml", b"<OFD/>")
        packed.writestr("Doc_0/Res/movie.mp4", bytes(60 * 1024 * 1024))
    bad = {
        "empty.doc": b"", "empty.wps": b"", "empty.rtf": b"", "empty.ofd": b"",
        "truncated.doc": converted[".doc"][:3000], "truncated.wps": converted[".doc"][:1536],
        "truncated.ofd": ofd[: len(ofd) // 2], "truncated.rtf": converted[".rtf"][:200],
        "encrypted.doc": _encrypted_doc(converted[".doc"]), "encrypted.ofd": (tmp_path / "encrypted.ofd").read_bytes(),
        "garbage.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1536), "garbage.wps": os.urandom(4096),
        "garbage.rtf": b"{\\rtf1 \x00\xff\xfe" + os.urandom(2048), "garbage.ofd": b"PK\x03\x04" + os.urandom(2048),
        "notofd.ofd": _zip_of({"readme.txt": b"hello"}), "bomb.ofd": bomb.getvalue(),
        "noroot.ofd": _zip_of({"OFD.xml": f'<ofd:OFD xmlns:ofd="{_OFD_NS}"><ofd:DocBody/></ofd:OFD>'.encode()}),
    }
    for name, data in bad.items():
        (docs / name).write_bytes(data)
    (docs / "good.ofd").write_bytes(ofd)
    summary = archive.ingest([docs])
    reasons = dict(summary.failed)
    # RTF is text: LibreOffice reads what a truncated or garbled one holds. Every other file is refused.
    lenient = {"truncated.rtf", "garbage.rtf"}
    refused = {name for name in bad if str(docs / name) in reasons}
    assert refused >= set(bad) - lenient, set(bad) - refused
    assert all(str(docs / name) in reasons or str(docs / name) in summary.added for name in lenient)
    for name in refused:
        reason = reasons[str(docs / name)]
        assert reason and "internal error" not in reason and "(" in reason, (name, reason)
    assert "加密" in reasons[str(docs / "encrypted.doc")] and "加密" in reasons[str(docs / "encrypted.ofd")]
    assert all("文件为空" in reasons[str(docs / f"empty{suffix}")] for suffix in (".doc", ".wps", ".rtf", ".ofd"))
    assert "压缩炸弹" in reasons[str(docs / "bomb.ofd")]
    assert str(docs / "good.ofd") in summary.added
    assert archive.search("检查206次").total_documents == 1  # committed before: still there
    assert archive.search("各位代表").total_documents == 1


def _zip_of(parts: dict[str, bytes], encrypted: bool = False) -> bytes:
    """A zip of ``parts``; ``encrypted``: each part flagged as a password-protected one is (in
    its local and its central header: ``zipfile`` writes no encrypted zips)."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as packed:
        for name, data in parts.items():
            packed.writestr(name, data)
    packed_bytes = bytearray(buffer.getvalue())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)) if encrypted else ():
        start = packed_bytes.find(signature)
        while start != -1:
            packed_bytes[start + flags_at] |= 0x1
            start = packed_bytes.find(signature, start + 4)
    return bytes(packed_bytes)


def test_a_password_protected_docx_or_ofd_says_so(source: Source, tmp_path: Path) -> None:
    """A zip's parts under a password were refused with zipfile's own words (``File <ZipInfo
    filename='_rels/.rels' …> is encrypted``): the reason says it is encrypted, in Chinese."""
    import zipfile

    write_docx(tmp_path / "plain.docx", source)
    write_ofd(tmp_path / "plain.ofd", source)
    docs = tmp_path / "docs"
    docs.mkdir()
    for suffix in (".docx", ".ofd"):
        with zipfile.ZipFile(tmp_path / f"plain{suffix}") as plain:
            parts = {name: plain.read(name) for name in plain.namelist() if name.endswith(".xml")}  # (the text's parts)
        (docs / f"locked{suffix}").write_bytes(_zip_of(parts, encrypted=True))
    reasons = dict(Archive(tmp_path / "index").ingest([docs]).failed)
    for suffix in (".docx", ".ofd"):
        reason = reasons[str(docs / f"locked{suffix}")]
        assert "已加密" in reason and "ZipInfo" not in reason, reason


def test_converter_time_limit_gives_up_with_a_message(converted: dict[str, bytes], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_ARCHIVE_CONVERT_SECONDS", "0")
    (tmp_path / "report.rtf").write_bytes(converted[".rtf"])
    summary = Archive(tmp_path / "index").ingest([tmp_path / "report.rtf"])
    [(path, reason)] = summary.failed
    assert "超过 0 秒" in reason and "timed out" in reason
