"""Readers: a report file's bytes, in any format reports come in, to the text the parser reads.

Each format has its own module; ``read_text`` picks one by the file's suffix.
Web pages, Word files and PDFs come out as plain text with the title as the
first line and, where the source gives them, a ``日期:… 来源:…`` line below it,
so that ``archive.parsing.parse.parse_report`` reads every format the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from archive.parsing.decode import decode_text
from archive.settings import DEFAULTS

from archive.parsing.readers.errors import ReadError
from archive.parsing.readers.pdf import read_pdf
from archive.parsing.readers.webpage import read_webpage
from archive.parsing.readers.word import read_docx

MAX_TEXT_CHARS = DEFAULTS.max_text_chars
_BYTES_PER_CHAR = 4  # at most, in every text encoding read: more bytes than this are too many characters


def _read_plain(data: bytes) -> str:
    return decode_text(data)


def _refuse_old_word(data: bytes) -> str:
    raise ReadError("旧版 Word/WPS 文件 (.doc/.wps) 无法读取：请另存为 .docx，或导出为 .pdf 后再导入")


READERS: dict[str, Callable[[bytes], str]] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".html": read_webpage,
    ".htm": read_webpage,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".doc": _refuse_old_word,
    ".wps": _refuse_old_word,
}
SUPPORTED_SUFFIXES = tuple(READERS)
_TEXT_READERS = (_read_plain, read_webpage)


def read_text(path: Path, data: bytes) -> str:
    """The text of the report file ``path`` whose content is ``data``.

    Raises ``ReadError`` (a ``ValueError``) with a reason a person can act on.
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(f"不支持的文件类型 {path.suffix or '(无扩展名)'}；支持：{', '.join(SUPPORTED_SUFFIXES)}")
    if reader in _TEXT_READERS and len(data) > _BYTES_PER_CHAR * MAX_TEXT_CHARS:
        raise ReadError(f"文件过大：{len(data):,} 字节，超过 {MAX_TEXT_CHARS:,} 个字符的上限；请拆分后再导入 (file too large)")
    text = reader(data)
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(f"文件过大：{len(text):,} 个字符，上限 {MAX_TEXT_CHARS:,}；请拆分后再导入 (file too large)")
    return text


__all__ = ["MAX_TEXT_CHARS", "ReadError", "SUPPORTED_SUFFIXES", "read_text"]
