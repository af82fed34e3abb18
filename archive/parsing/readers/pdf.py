"""PDFs: the text layer where a page has one, OCR where a page is a scan; lines joined back
into paragraphs (``archive.parsing.readers.layout``).

A page is a scan when its text layer holds fewer than ``_SCAN_MAX_CHARS`` characters
(a page number, a stamp's caption) and it shows an image: such pages are rendered
(pdfium, at ``Settings.ocr_dpi``) and read by OCR; the others keep their text. A PDF with
both reads both, in page order.

For text pages, widths are estimated from the characters (wide ones count twice)
against the page's widest line.
"""

from __future__ import annotations

import io
import logging
import unicodedata

from archive.errors import UnreadableFile
from archive.parsing.readers.errors import ReadError
from archive.parsing.readers.extracted import Extracted
from archive.parsing.readers.layout import PAGE_NUMBER, Line, paragraphs
from archive.parsing.readers.ocr import OcrRun
from archive.settings import Settings

_INDENT = ("\u3000", " ", "\t", "\u00a0")
_SCAN_MAX_CHARS = 20
_MAX_RENDER_SIDE = 5000  # pixels: a page rendered larger (a poster-sized page) is scaled down to this


def read_pdf(data: bytes, settings: Settings) -> Extracted:
    """The text of a PDF, one paragraph per line; pages without text are read by OCR."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about every odd font
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("PDF 已加密，无法读取；请先解除密码保护 (encrypted PDF)")
        texts = [page.extract_text() or "" for page in reader.pages]
        scans = [index for index, (page, text) in enumerate(zip(reader.pages, texts))
                 if len(text.strip()) < _SCAN_MAX_CHARS and _has_images(page)]
    except pypdf.errors.PyPdfError as error:
        raise ReadError(f"无法读取 PDF 文件 (unreadable PDF: {error})") from None
    pages = [text_lines(text) for text in texts]
    if scans:
        run = OcrRun(settings, "扫描版 PDF ")
        run.check_pages(len(scans))
        for index, lines in zip(scans, _ocr_pages(data, scans, run, settings)):
            pages[index] = lines
        ocr_pages = run.pages_done
    else:
        ocr_pages = 0
    text = "\n".join(paragraphs(pages))
    if not text.strip():
        message = "PDF 中没有识别出文字" if scans else "PDF 没有文字层，也没有可识别的扫描页面"
        raise UnreadableFile(f"{message} (no text in the PDF)")
    return Extracted(text, ocr_pages=ocr_pages)


def _has_images(page) -> bool:
    try:
        return len(page.images) > 0
    except Exception:  # pypdf raises many kinds for a broken image dictionary; then render and see
        return True


def _ocr_pages(data: bytes, indexes: list[int], run: OcrRun, settings: Settings):
    """The OCR lines of the pages ``indexes``, rendered one at a time."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise UnreadableFile(f"无法渲染 PDF 的扫描页面 (cannot render the PDF: {error})") from None
    try:
        for index in indexes:
            page = document[index]
            width, height = page.get_size()  # in points, 72 per inch
            scale = min(settings.ocr_dpi / 72, _MAX_RENDER_SIDE / max(width, height, 1))
            try:
                image = page.render(scale=scale, grayscale=True).to_pil()
            except pypdfium2.PdfiumError as error:
                raise UnreadableFile(f"PDF 第 {index + 1} 页无法渲染 (cannot render page {index + 1}: {error})") from None
            finally:
                page.close()
            yield run.read(image)
    finally:
        document.close()


def text_lines(page: str) -> list[Line]:
    """The lines of a page's extracted text, each measured against the page's widest line."""
    lines = [line for line in page.splitlines() if line.strip() and not PAGE_NUMBER.match(line)]
    widest = max((_width(line.strip()) for line in lines), default=0)
    return [Line(line.strip(), line.startswith(_INDENT), _width(line.strip()) / widest) for line in lines]


def _width(line: str) -> int:
    """Display width: two for a wide (CJK) or ambiguous (“”) character, one for others."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)
