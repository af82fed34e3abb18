"""Turn a file's bytes into text, detecting the encoding without being told."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from archive.errors import UnreadableFile

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Private-use characters in text read as GB18030, at most, before another encoding is tried.
_PRIVATE_USE_SHARE = 0.05
_BIG5 = {"big5", "big5hkscs", "cp950"}


class DecodeError(UnreadableFile):
    """The bytes are not text in any encoding we accept; the message says why."""


def decode_text(data: bytes) -> str:
    """Decode ``data``: a BOM if present, else UTF-8, else GB18030 (which covers GBK),
    else what charset-normalizer finds. Binary data raises ``DecodeError``."""
    if not data.strip():
        raise DecodeError("文件为空 (empty file)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise DecodeError(f"文件以 {encoding} 标记开头，但内容无法按 {encoding} 解码：{error.reason}") from None
    if b"\x00" in data:
        raise DecodeError("二进制文件，不是文本 (contains NUL bytes)")
    for encoding in ("utf-8", "gb18030"):
        text = _decode_allowing_cut_end(data, encoding)
        if text is None or not _looks_like_text(text):
            continue
        # Valid UTF-8 and GB18030 may hold private-use characters: rare glyphs in real laws and
        # names, which GBK puts in its user-defined area. Many of them in GB18030 are Big5 misread
        # (Big5 read as GB18030 is 32% private-use): then Big5 wins if charset-normalizer finds it.
        # Its other guesses for such text are wrong (Korean for a short GB18030 line of rare glyphs).
        if encoding == "utf-8" or _private_use(text) <= len(text) * _PRIVATE_USE_SHARE:
            return text
        guess = _best_guess(data)
        return guess[1] if guess is not None and guess[0] in _BIG5 else text
    guess = _best_guess(data)
    if guess is not None and _private_use(guess[1]) <= max(2, len(guess[1]) // 1000):
        return guess[1]
    raise DecodeError("无法识别文件编码（不是 UTF-8、GB18030/GBK 或 UTF-16），或者不是文本文件")


def _best_guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's encoding and reading of ``data``, if it finds one that looks like text."""
    best = from_bytes(data).best()
    text = str(best) if best is not None else None
    return (best.encoding, text) if text is not None and _looks_like_text(text) else None


def _decode_allowing_cut_end(data: bytes, encoding: str) -> str | None:
    """Decode strictly, except that a character cut off at the very end is dropped."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        if error.reason != "unexpected end of data" and error.end < len(data):
            return None
        try:
            return data[: error.start].decode(encoding)
        except UnicodeDecodeError:
            return None


def _private_use(text: str) -> int:
    return sum(1 for c in text if "\ue000" <= c <= "\uf8ff")


def _looks_like_text(text: str) -> bool:
    """True unless control characters make up a visible share of ``text``."""
    bad = sum(1 for c in text if c < " " and c not in "\t\n\r\f")
    return bad <= max(2, len(text) // 1000)
