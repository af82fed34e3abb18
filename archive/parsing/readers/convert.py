""".doc, .wps and .rtf files, read through a converter on the system.

Word-binary files (.doc, and the Kingsoft .wps files, most of which are Word-binary
inside) are read by ``antiword``; RTF, and a Word-binary file antiword cannot read,
by LibreOffice headless (``soffice``), converted to .docx and read as one. Measured on
a 40-paragraph report made from corpus text (Word converted by LibreOffice to .doc):
antiword kept 40/40 paragraphs in 2 ms, LibreOffice 40/40 in about 4.5 s (it starts a
whole office suite per file), catdoc 9/40 (it garbles Chinese), so antiword goes first
and LibreOffice takes what it cannot.

The file's content decides, not its name: a ".doc" that is really a .docx, an RTF or a
saved web page (old systems export all three under .doc) is read as what it is.
Each converter runs with a time limit (``Settings.convert_seconds``) and is killed past
it; a missing converter is a message saying what to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from archive.errors import UnreadableFile
from archive.parsing.readers.extracted import Extracted
from archive.parsing.readers.webpage import read_webpage
from archive.parsing.readers.word import read_docx
from archive.settings import Settings

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound-file header of Word 97-2003 and WPS files
_INSTALL = "请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui antiword）"


def read_converted(data: bytes, settings: Settings) -> Extracted:
    """The text of a .doc, .wps or .rtf file, paragraphs and headings one per line."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data:
        raise UnreadableFile("文件为空 (empty file)")
    if data.startswith(b"PK\x03\x04"):
        return Extracted(read_docx(data))
    if head.startswith(b"{\\rtf"):
        return Extracted(_libreoffice(data, ".rtf", settings))
    if head[:1] == b"<" and b"<html" in head.lower():
        return Extracted(read_webpage(data))
    if not data.startswith(OLE2):
        raise UnreadableFile("不是 Word/WPS/RTF 文件，或文件已损坏 (not a Word, WPS or RTF file)")
    failure = None
    if shutil.which("antiword"):
        try:
            return Extracted(_antiword(data, settings))
        except UnreadableFile as error:
            failure = error
    if _soffice() is None and failure is not None:
        raise failure
    return Extracted(_libreoffice(data, ".doc", settings))


def _antiword(data: bytes, settings: Settings) -> str:
    """The text antiword reads: a paragraph per line, table rows as ``|cell |cell |``, made tab-separated
    as the .docx reader gives them."""
    with tempfile.TemporaryDirectory(prefix="report-archive-") as folder:
        source = Path(folder) / "input.doc"
        source.write_bytes(data)
        result = _run(["antiword", "-w", "0", "-m", "UTF-8.txt", str(source)], settings, "antiword")
    if result.returncode != 0 or not result.stdout.strip():
        reason = result.stderr.decode("utf-8", "replace").strip().replace(str(source), "file")
        if "encrypt" in reason.lower():
            raise UnreadableFile("Word 文件已加密，无法读取；请先解除密码保护 (encrypted Word file)")
        raise UnreadableFile(f"Word 文件无法读取，可能已损坏 (antiword: {reason or 'no text'})")
    lines = []
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("|"):  # a table row (the last one may lack its closing bar)
            line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        if line.strip():  # unwrapped (-w 0), each line is a paragraph; the blank lines between them go
            lines.append(line.strip())
    return "\n".join(lines)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _libreoffice(data: bytes, suffix: str, settings: Settings) -> str:
    """The text of ``data`` converted by LibreOffice headless to .docx, read as a .docx."""
    soffice = _soffice()
    if soffice is None:
        raise UnreadableFile(f"读取 {suffix} 文件需要 LibreOffice，本机未安装；{_INSTALL} (LibreOffice not installed)")
    with tempfile.TemporaryDirectory(prefix="report-archive-") as folder:
        root = Path(folder)
        source = root / f"input{suffix}"
        source.write_bytes(data)
        command = [
            soffice, "--headless", "--norestore", "--nolockcheck",
            f"-env:UserInstallation={(root / 'profile').as_uri()}",  # a profile of its own: runs in parallel don't share one
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(root / "out"), str(source),
        ]
        _run(command, settings, "LibreOffice")
        converted = root / "out" / "input.docx"
        if not converted.exists():
            raise UnreadableFile(f"LibreOffice 无法转换此 {suffix} 文件：文件已损坏或已加密 (conversion failed)")
        return read_docx(converted.read_bytes())


def _run(command: list[str], settings: Settings, name: str) -> subprocess.CompletedProcess:
    """Run a converter, killed with every process it started once past the time limit."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=settings.convert_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise UnreadableFile(f"{name} 转换超过 {settings.convert_seconds} 秒的上限，已放弃；文件可能已损坏 "
                             f"(conversion timed out)") from None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
