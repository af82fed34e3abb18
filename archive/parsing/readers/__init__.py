"""Readers: a report file's bytes, in any format reports come in, to the text the parser reads.

Each format has its own module; ``read_text`` picks one by the file's suffix.
Web pages, Word files, PDFs and OFD files come out as plain text with the title as
the first line and, where the source gives them, a ``日期:… 来源:…`` line below it,
so that ``archive.parsing.parse.parse_report`` reads every format the same way.
Scans (PDF pages without text, page images) are read by OCR, which the result counts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from archive.parsing.decode import decode_text
from archive.settings import DEFAULTS, Settings

from archive.parsing.readers.convert import read_converted
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
    limit = settings.max_text_chars
    if reader in _TEXT_READERS and len(data) > _BYTES_PER_CHAR * limit:
        raise ReadError(f"文件过大：{len(data):,} 字节，超过 {limit:,} 个字符的上限；请拆分后再导入 (file too large)")
    extracted = reader(data, settings)
    if len(extracted.text) > limit:
        raise ReadError(f"文件过大：{len(extracted.text):,} 个字符，上限 {limit:,}；请拆分后再导入 (file too large)")
    return extracted


__all__ = ["Extracted", "MAX_TEXT_CHARS", "ReadError", "SUPPORTED_SUFFIXES", "read_text"]
