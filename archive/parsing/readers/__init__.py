"""Readers: a report file's bytes, in any format reports come in, to the text the parser reads.

Each format has its own module; ``read_text`` picks one by the file's suffix, or by its content
where a text suffix names a binary format (``_binary_reader``).
Web pages, Word files, PDFs and OFD files come out as plain text with the title as
the first line and, where the source gives them, a ``日期:… 来源:…`` line below it,
so that ``archive.parsing.parse.parse_report`` reads every format the same way.
Scans (PDF pages without text, page images) are read by OCR, which the result counts.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Callable

from archive.parsing.decode import decode_text
from archive.settings import DEFAULTS, Settings

from archive.parsing.readers.convert import OLE2, read_converted
from archive.parsing.readers.errors import ReadError
from archive.parsing.readers.extracted import Extracted
from archive.parsing.readers.image import IMAGE_SUFFIXES, read_image
from archive.parsing.readers.ofd import read_ofd
from archive.parsing.readers.pdf import read_pdf
from archive.parsing.readers.webpage import read_webpage
from archive.parsing.readers.word import read_docx

MAX_TEXT_CHARS = DEFAULTS.max_text_chars
_BYTES_PER_CHAR = 4  # at most, in every text encoding read: more bytes than this are too many characters

Reader = Callable[[bytes, Settings], Extracted]


def _text_only(read: Callable[[bytes], str]) -> Reader:
    """A reader of a format that needs no settings and no OCR."""
    return lambda data, settings: Extracted(read(data))


_read_plain = _text_only(decode_text)
_read_webpage = _text_only(read_webpage)

READERS: dict[str, Reader] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".html": _read_webpage,
    ".htm": _read_webpage,
    ".docx": _text_only(read_docx),
    ".doc": read_converted,
    ".wps": read_converted,
    ".rtf": read_converted,
    ".ofd": read_ofd,
    ".pdf": read_pdf,
    **dict.fromkeys(IMAGE_SUFFIXES, read_image),
}
SUPPORTED_SUFFIXES = tuple(READERS)
_TEXT_READERS = (_read_plain, _read_webpage)
_BINARY_HEADS: tuple[tuple[bytes, Reader], ...] = (
    (b"%PDF-", read_pdf), (b"{\\rtf", read_converted), (OLE2, read_converted), (b"\x89PNG\r\n\x1a\n", read_image),
    (b"\xff\xd8\xff", read_image), (b"II*\x00", read_image), (b"MM\x00*", read_image),
)  # fmt: skip


def _binary_reader(data: bytes) -> Reader | None:
    """The reader of the binary format ``data`` is in, if any, whatever the file's name: a PDF
    or a Word file saved as ``.txt`` (old systems export everything so) was indexed as its
    source (a report titled ``%PDF-1.4``, 24k characters of PDF; an RTF's 113k of markup). A
    zip is a .docx or an .ofd by the parts it holds."""
    for head, reader in _BINARY_HEADS:
        if data.startswith(head):
            return reader
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError):
            return None
        if "OFD.xml" in names:
            return read_ofd
        if "word/document.xml" in names:
            return _text_only(read_docx)
    return None


def read_text(path: Path, data: bytes, settings: Settings = DEFAULTS) -> Extracted:
    """The text of the report file ``path`` whose content is ``data``.

    ``settings`` gives the limits, and whether to OCR.
    Raises ``UnreadableFile`` (or ``ReadError``; both are ``ValueError``) with a reason a
    person can act on; ``SkippedFile`` when the file needs OCR and OCR is off.
    """
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise ReadError(f"不支持的文件类型 {path.suffix or '(无扩展名)'}；支持：{', '.join(SUPPORTED_SUFFIXES)}")
    if reader in _TEXT_READERS:
        reader = _binary_reader(data) or reader
    limit = settings.max_text_chars
    if reader in _TEXT_READERS and len(data) > _BYTES_PER_CHAR * limit:
        raise ReadError(f"文件过大：{len(data):,} 字节，超过 {limit:,} 个字符的上限；请拆分后再导入 (file too large)")
    extracted = reader(data, settings)
    if len(extracted.text) > limit:
        raise ReadError(f"文件过大：{len(extracted.text):,} 个字符，上限 {limit:,}；请拆分后再导入 (file too large)")
    return extracted


__all__ = ["Extracted", "MAX_TEXT_CHARS", "ReadError", "SUPPORTED_SUFFIXES", "read_text"]
