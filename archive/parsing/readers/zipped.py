"""Zip-based office files (.docx, OFD), opened so that a zip bomb is refused before it is unpacked.

A 2.9 MB .docx can declare a 3 GB picture or 1 GB of XML; unpacking it whole (as python-docx
does) took over 6 GB of memory. ``ZippedFile`` checks the zip's directory first — the number of
entries, each entry's declared size and its compression ratio — and then reads only the XML
parts a reader asks for, as a stream of elements (lxml ``iterparse``) cut off at the declared
size, so memory stays at the size of one element, not of the part. Embedded media are never read.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import IO, Iterable, Iterator

from lxml import etree

from archive.errors import UnreadableFile
from archive.settings import DEFAULTS, Settings

# The ratio is checked only on parts this large unpacked: a small part that packs well (a
# 300 kB style sheet of repeated tags) cannot hurt, and a bomb needs size to hurt.
_RATIO_FROM_BYTES = 1 << 20


@dataclass(frozen=True)
class ZipLimits:
    """How much a zip-based file may hold (see ``archive.settings`` for the reasons)."""

    max_entries: int = DEFAULTS.max_zip_entries
    max_part_bytes: int = DEFAULTS.max_zip_part_bytes
    max_ratio: int = DEFAULTS.max_zip_ratio

    @classmethod
    def from_settings(cls, settings: Settings) -> ZipLimits:
        return cls(settings.max_zip_entries, settings.max_zip_part_bytes, settings.max_zip_ratio)


class ZippedFile:
    """A zip-based file whose directory has been checked; parts are read as XML streams.

    ``kind`` names the format in messages (".docx", "OFD"). Every problem raises
    ``UnreadableFile`` with the reason and what to do.
    """

    def __init__(self, data: bytes, kind: str, limits: ZipLimits = ZipLimits()) -> None:
        self.kind = kind
        self.limits = limits
        if not data:
            raise UnreadableFile("文件为空 (empty file)")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            entries = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
            raise UnreadableFile(f"不是有效的 {kind} 文件，压缩包已损坏 (not a valid {kind} file: {error})") from None
        if len(entries) > limits.max_entries:
            raise UnreadableFile(
                f"{kind} 文件包含 {len(entries):,} 个部件，上限 {limits.max_entries:,}：疑似压缩炸弹，已拒绝 "
                f"(too many zip entries: {len(entries):,})"
            )
        for entry in entries:
            self._check_ratio(entry)
        self._entries = {entry.filename: entry for entry in entries}

    def _check_ratio(self, entry: zipfile.ZipInfo) -> None:
        if entry.file_size < _RATIO_FROM_BYTES:
            return
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > self.limits.max_ratio:
            raise UnreadableFile(
                f"{self.kind} 文件中的 {entry.filename} 声明解压后 {entry.file_size:,} 字节，压缩比 {ratio:,.0f}:1，"
                f"超过 {self.limits.max_ratio}:1：疑似压缩炸弹，已拒绝；请用办公软件另存后再导入 "
                f"(zip bomb: compression ratio {ratio:,.0f}:1)"
            )

    def names(self) -> list[str]:
        """The names of the parts, in the zip's order."""
        return list(self._entries)

    def has(self, name: str) -> bool:
        return name in self._entries

    def open_part(self, name: str) -> IO[bytes]:
        """The part ``name`` as a stream of at most its declared size, which must be within the
        part limit (so only XML parts are opened: a picture is never unpacked)."""
        entry = self._entries.get(name)
        if entry is None:
            raise UnreadableFile(f"{self.kind} 文件缺少 {name}，文件不完整 (missing part {name})")
        if entry.flag_bits & 0x1:  # (zipfile's own message names the ZipInfo, in English)
            raise UnreadableFile(f"{self.kind} 文件已加密，无法读取；请先解除密码保护 (encrypted {self.kind} file)")
        if entry.file_size > self.limits.max_part_bytes:
            raise UnreadableFile(
                f"{self.kind} 文件中的 {name} 解压后 {entry.file_size:,} 字节，超过 {self.limits.max_part_bytes:,} 的上限；"
                f"请拆分后再导入 (part too large: {entry.file_size:,} bytes)"
            )
        try:
            return self._zip.open(entry)  # reads at most entry.file_size bytes, then checks the CRC
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, ValueError) as error:
            raise UnreadableFile(f"{self.kind} 文件中的 {name} 无法解压 (cannot unpack {name}: {error})") from None

    def iterparse(
        self, name: str, events: Iterable[str] = ("start", "end"), tag: str | Iterable[str] | None = None
    ) -> Iterator[tuple[str, etree._Element]]:
        """The XML part ``name`` as lxml ``iterparse`` events, streamed.

        The caller clears elements it is done with (``clear_done``) so the tree never grows to
        the part's size. Entities are not expanded and no DTD or network is read. Broken XML,
        a broken zip member or nesting deeper than libxml2's limit (256) raise ``UnreadableFile``.
        """
        with self.open_part(name) as stream:
            parser = etree.iterparse(
                stream, events=tuple(events), tag=tag, resolve_entities=False, load_dtd=False,
                no_network=True, huge_tree=False, remove_comments=True, remove_pis=True,
            )
            try:
                yield from parser
            except etree.XMLSyntaxError as error:
                raise UnreadableFile(
                    f"{self.kind} 文件中的 {name} 不是有效的 XML，文件已损坏；请用办公软件打开并另存后再导入 "
                    f"(broken XML in {name}: {error})"
                ) from None
            except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
                raise UnreadableFile(f"{self.kind} 文件中的 {name} 无法解压，文件已损坏 (cannot unpack {name}: {error})") from None

    def read_small_xml(self, name: str) -> etree._Element | None:
        """A small part (metadata, relationships: at most 1 MiB unpacked) parsed whole, or None
        when the file does not have it."""
        entry = self._entries.get(name)
        if entry is None:
            return None
        if entry.file_size > _RATIO_FROM_BYTES:
            raise UnreadableFile(f"{self.kind} 文件中的 {name} 过大 ({entry.file_size:,} 字节)，不是正常的元数据 (part too large)")
        root = None
        for _event, element in self.iterparse(name, events=("end",)):
            root = element
        return root


def clear_done(element: etree._Element) -> None:
    """Free ``element`` and the siblings before it, which a streaming reader has finished with."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


__all__ = ["ZipLimits", "ZippedFile", "clear_done"]
