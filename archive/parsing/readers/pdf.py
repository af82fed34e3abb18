"""PDFs with a text layer: the text, with lines joined back into paragraphs.

A PDF breaks every paragraph into lines at the right margin. A line ends its
paragraph when it falls well short of the margin, or short of it after a sentence
end; a line that starts indented opens a new paragraph. Widths are estimated from
the characters (wide ones count twice) against the page's widest line. Lines that
are only a page number are dropped.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata

from archive.parsing.readers.errors import ReadError

_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+)\s*$")
_FULL_LINE_SHARE = 0.9  # narrower than this share of the widest line: short of the margin
_SHORT_LINE_SHARE = 0.6  # narrower than this: ends its paragraph whatever its last character
_SENTENCE_END = tuple("。！？!?：:；;")
_INDENT = ("\u3000", " ", "\t", "\u00a0")


def read_pdf(data: bytes) -> str:
    """The text of a PDF, one paragraph per line. A PDF without text asks for OCR."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about every odd font
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("PDF 已加密，无法读取；请先解除密码保护 (encrypted PDF)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except pypdf.errors.PyPdfError as error:
        raise ReadError(f"无法读取 PDF 文件 (unreadable PDF: {error})") from None
    if not any(page.strip() for page in pages):
        raise ReadError("PDF 没有文字层 (no text layer); OCR it first：请先做文字识别 (OCR) 再导入")
    return "\n".join(paragraphs(pages))


def paragraphs(pages: list[str]) -> list[str]:
    """The paragraphs of a document's pages of extracted text; a paragraph may go on over a page break."""
    result: list[str] = []
    runs_on = False
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip() and not _PAGE_NUMBER.match(line)]
        widest = max((_width(line.strip()) for line in lines), default=0)
        for line in lines:
            text = line.strip()
            if runs_on and not line.startswith(_INDENT):
                result[-1] = _join(result[-1], text)
            else:
                result.append(text)
            share = _width(text) / widest
            runs_on = share >= _FULL_LINE_SHARE or (share >= _SHORT_LINE_SHARE and not text.endswith(_SENTENCE_END))
    return result


def _width(line: str) -> int:
    """Display width: two for a wide (CJK) or ambiguous (“”) character, one for others."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in line)


def _join(left: str, right: str) -> str:
    """Join two pieces of one paragraph: with a space only between two Latin words."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right
