"""OFD files (GB/T 33190, the format 电子公文 are published in): text in reading order, page by page,
joined into paragraphs, under the document's own title, author and creation date.

An OFD file is a zip of XML parts: ``OFD.xml`` (the document's ``DocInfo`` and where its
``Document.xml`` is), ``Document.xml`` (the pages, each a ``Content.xml``) and the pages,
whose ``TextObject``s place runs of text (``TextCode``) at positions in millimetres. The
runs of a page are put into printed rows by position and measured against the page's
text block, as OCR's boxes are (``archive.parsing.readers.ocr.lines_from_boxes``), so
paragraphs are rebuilt by the rule PDFs and scans share. The parts are read with lxml,
through ``ZippedFile``: the zip's directory is checked for bombs first, and only XML parts
are unpacked (fonts and pictures never are), streamed. (``easyofd``, the library kept up
for OFD, unpacks the whole zip to disk and base64-encodes every part, pictures included,
to render pages; it would undo those checks.)
Templates (a page's background, such as a letterhead repeated on every page) are not read.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from archive.errors import UnreadableFile
from archive.parsing.readers.extracted import Extracted
from archive.parsing.readers.header import with_header
from archive.parsing.readers.layout import Line, paragraphs
from archive.parsing.readers.ocr import Box, lines_from_boxes
from archive.parsing.readers.zipped import ZipLimits, ZippedFile, clear_done
from archive.settings import Settings

_KIND = "OFD"


def read_ofd(data: bytes, settings: Settings) -> Extracted:
    """The text of an OFD file, one paragraph per line, its title and date lines above."""
    zipped = ZippedFile(data, _KIND, ZipLimits.from_settings(settings))
    root = zipped.read_small_xml("OFD.xml")
    if root is None:
        raise UnreadableFile("不是有效的 OFD 文件：缺少 OFD.xml (not an OFD file: no OFD.xml)")
    if zipped.has("Encryptions.xml") or _first(root, "Encryptions") is not None:
        raise UnreadableFile("OFD 文件已加密，无法读取；请用 OFD 阅读器解密或另存后再导入 (encrypted OFD)")
    body = _first(root, "DocBody")
    location = _text(_first(body, "DocRoot")) if body is not None else None
    if not location:
        raise UnreadableFile("OFD 文件缺少 DocRoot，文件不完整 (OFD without a document root)")
    document_path = _resolve("", location)
    document = zipped.read_small_xml(document_path)
    if document is None:
        raise UnreadableFile(f"OFD 文件缺少 {document_path}，文件不完整 (missing {document_path})")
    base = posixpath.dirname(document_path)
    pages = [_page_lines(zipped, _resolve(base, page.get("BaseLoc", ""))) for page in _all(document, "Page")]
    text = "\n".join(paragraphs(pages))
    if not text.strip():
        raise UnreadableFile("OFD 文件中没有文字（可能是扫描件的图片）(the OFD file holds no text)")
    info = _first(body, "DocInfo")
    title = _text(_first(info, "Title"))
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:  # the title printed on the first page: given once, above the header
        text = rest
    return Extracted(with_header(text, title=title, date=_text(_first(info, "CreationDate")), source=_text(_first(info, "Author"))))


def _page_lines(zipped: ZippedFile, path: str) -> list[Line]:
    """The printed rows of one page's text, streamed from its ``Content.xml``."""
    boxes = []
    for _event, element in zipped.iterparse(path, events=("end",)):
        if etree.QName(element).localname != "TextObject":
            continue
        x, y = _boundary(element.get("Boundary", ""))
        size = _number(element.get("Size"), 3.5)
        for code in element:
            if etree.QName(code).localname != "TextCode" or not (code.text or "").strip():
                continue
            left = x + _number(code.get("X"), 0.0)
            baseline = y + _number(code.get("Y"), size)
            advance = sum(_deltas(code.get("DeltaX", "")))
            boxes.append(Box(code.text, left, baseline - size, left + advance + size, baseline))
        clear_done(element)
    return lines_from_boxes(boxes)


def _boundary(value: str) -> tuple[float, float]:
    """The top-left corner of a ``Boundary="x y w h"``."""
    parts = value.split()
    return (_number(parts[0], 0.0), _number(parts[1], 0.0)) if len(parts) >= 2 else (0.0, 0.0)


def _deltas(value: str) -> list[float]:
    """The advances of a ``DeltaX`` list, whose ``g N d`` stands for N times d."""
    result: list[float] = []
    parts = value.split()
    index = 0
    while index < len(parts):
        if parts[index] == "g" and index + 2 < len(parts):
            result.extend([_number(parts[index + 2], 0.0)] * min(int(_number(parts[index + 1], 0)), 10_000))
            index += 3
        else:
            result.append(_number(parts[index], 0.0))
            index += 1
    return result


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _resolve(base: str, location: str) -> str:
    """A part's name in the zip: ``location`` is absolute (``/Doc_0/…``) or relative to ``base``."""
    location = location.strip().replace("\\", "/")
    joined = location.lstrip("/") if location.startswith("/") else posixpath.join(base, location)
    return posixpath.normpath(joined).lstrip("/")


def _first(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first descendant of ``element`` named ``name`` in any namespace (producers differ)."""
    return next(_all(element, name), None) if element is not None else None


def _all(element: etree._Element, name: str):
    return (child for child in element.iter() if isinstance(child.tag, str) and etree.QName(child).localname == name)


def _text(element: etree._Element | None) -> str | None:
    text = (element.text or "").strip() if element is not None else ""
    return text or None
