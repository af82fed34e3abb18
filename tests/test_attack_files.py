"""Hostile and odd files: bombs are refused within bounded memory, broken files are broken files,
deep nesting and rare encodings keep their text. Each is ingested for real, with the CLI in a
process of its own where memory is measured (``scripts.attack_office_bombs``)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from archive import Archive
from scripts.attack_office_bombs import image_bomb, ingest_command, large_docx, run_measured, xml_bomb

BODY = "某区应急管理局2024年度工作总结\n一、主要成效\n全年开展执法检查206次，罚款16.97万元。\n"
# An ingest of one small file peaks at about 75 MB (interpreter, jieba, whoosh); the unpacking
# python-docx did passed 4 GB for either bomb before it was killed.
MEMORY_BOUND_MB = 400


def _ingest_measured(tmp_path: Path, bomb: Path) -> tuple[str, float]:
    good = tmp_path / "good.txt"
    good.write_text(BODY, encoding="utf-8")
    command = ingest_command(bomb, tmp_path / "index")
    result = run_measured([*command, str(good)], cap_mb=MEMORY_BOUND_MB * 2, timeout=120)
    assert result.returncode == 1, result.output  # one file failed, the other was added
    assert Archive(tmp_path / "index").search("执法检查206次").total_documents == 1
    return result.output, result.peak_mb


@pytest.mark.parametrize("make", [image_bomb, xml_bomb], ids=["3GB-picture", "1GB-xml"])
def test_office_bomb_is_refused_without_unpacking(make, tmp_path: Path) -> None:
    bomb = make(tmp_path / "bomb.docx")
    assert bomb.stat().st_size < 4_000_000
    output, peak_mb = _ingest_measured(tmp_path, bomb)
    assert "压缩炸弹" in output and "internal error" not in output
    assert peak_mb < MEMORY_BOUND_MB


def _docx_bytes(document_xml: bytes) -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, document_xml if item.filename == "word/document.xml" else source.read(item))
    return out.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_large_document_xml_is_streamed(tmp_path: Path) -> None:
    """68 MB of XML within the ratio limit is read as a stream: memory stays near the baseline
    (python-docx's tree passed 800 MB)."""
    path = large_docx(tmp_path / "large.docx")
    good = tmp_path / "good.txt"
    good.write_text(BODY, encoding="utf-8")
    result = run_measured([*ingest_command(path, tmp_path / "index"), str(good)], cap_mb=MEMORY_BOUND_MB * 2, timeout=240)
    assert result.returncode == 0, result.output
    assert Archive(tmp_path / "index").search("第699部分").total_documents == 1
    assert result.peak_mb < MEMORY_BOUND_MB * 0.75


@pytest.mark.parametrize("xml", [
    f"<w:document {_W}><w:body><w:p><w:r><w:t>执法检查</w:t></w:r></w:body></w:document>",  # an unclosed paragraph
    f"<w:document {_W}><w:body><w:p><w:r><w:t>执法检查</w:t></w:r></w:p>",  # cut off
    f"<w:document {_W}><w:body>" + "<w:sdt>" * 300 + "</w:sdt>" * 300 + "</w:body></w:document>",  # too deep
])
def test_docx_with_broken_xml_is_a_broken_file(xml: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(_docx_bytes(xml.encode()))
    [(failed, reason)] = Archive(tmp_path / "index").ingest([path]).failed
    assert failed.endswith("broken.docx")
    assert "internal error" not in reason and "XML" in reason and "损坏" in reason


def _page(depth: int) -> bytes:
    body = "<p>各位代表：现在我代表市人民政府向大会报告工作。全年开展执法检查206次，罚款16.97万元。</p>" * 5
    return (f'<html><head><meta charset="utf-8"><title>2024年工作报告</title></head><body>'
            f'{"<div>" * depth}{body}{"</div>" * depth}</body></html>').encode()


@pytest.mark.parametrize("depth", [255, 300, 1500])
def test_deeply_nested_html_keeps_its_text(depth: int, tmp_path: Path) -> None:
    (tmp_path / "deep.html").write_bytes(_page(depth))
    archive = Archive(tmp_path / "index")
    assert archive.ingest([tmp_path / "deep.html"]).ok
    assert archive.search("执法检查206次").total_documents == 1


def test_html_deeper_than_the_parser_allows_says_why(tmp_path: Path) -> None:
    (tmp_path / "deeper.html").write_bytes(_page(3000))
    [(_path, reason)] = Archive(tmp_path / "index").ingest([tmp_path / "deeper.html"]).failed
    assert "2048" in reason and "嵌套" in reason


@pytest.mark.parametrize("text", [
    BODY.replace("应急管理局", "应急管理局\ue000\ue5e5\ue7c7"),  # rare glyphs among ordinary text
    "某条例\n第一条 " + "\ue5f9" * 20 + "为了促进科技成果转化，制定本条例。全年开展执法检查206次。\n",  # many, in a short file
])
def test_gb18030_text_with_private_use_characters_decodes(text: str, tmp_path: Path) -> None:
    path = tmp_path / "rare.txt"
    path.write_bytes(text.encode("gb18030"))
    archive = Archive(tmp_path / "index")
    assert archive.ingest([path]).ok
    [hit] = archive.search("执法检查206次").results
    report = archive.get(hit.id)
    stored = "\n".join([report.title, *(p.text for p in report.paragraphs)])
    assert "\ue5e5" in stored or "\ue5f9" in stored


def test_big5_is_still_not_read_as_gb18030(tmp_path: Path) -> None:
    """The guard the private-use rule stood for: Big5 misread as GB18030 is a third private-use."""
    path = tmp_path / "big5.txt"
    path.write_bytes("某區應急管理局2024年度工作總結\n一、主要成效\n全年開展執法檢查206次，罰款16.97萬元。\n".encode("big5"))
    archive = Archive(tmp_path / "index")
    assert archive.ingest([path]).ok
    assert archive.search("執法檢查206次").total_documents == 1


