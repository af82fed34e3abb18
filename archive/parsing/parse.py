"""Parsing: one report's decoded text into its metadata and structure.

The stages, each in its own module:

1. ``archive.parsing.clean`` removes page chrome and reads header fields;
2. ``archive.parsing.metadata.find_title`` picks the title and takes its line out;
   ``archive.parsing.clean.drop_repeated_copies`` keeps one copy of a body scraped
   several times;
3. ``archive.parsing.structure`` turns the lines into paragraphs with heading paths;
4. ``archive.parsing.metadata.read_metadata`` reads agency, year, date, type, region
   and 文号 from the header fields, the title, the paragraphs and the file name.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from archive.errors import UnreadableFile
from archive.files.source import display_path, report_id
from archive.model import ParsedReport, Report
from archive.parsing.clean import clean, drop_repeated_copies
from archive.parsing.metadata import find_title, read_metadata
from archive.parsing.readers import read_text
from archive.parsing.structure import build_paragraphs


def parse_report(text: str, filename: str) -> ParsedReport:
    """Parse one report's decoded ``text``; ``filename`` (the file's name) is a hint.

    The file name gives a fallback title and, where it holds one, a year
    (``2026_上海市_政府工作报告.txt``) or date (``行政复议法(2017-09-01).md``,
    ``2012-03-05.txt``); a ``.md`` file with ``<!-- INFO END -->`` is read as a law.
    """
    cleaned = clean(text)
    title, lines = find_title(cleaned, filename)
    paragraphs = build_paragraphs(drop_repeated_copies(lines), markdown=cleaned.markdown)
    metadata = read_metadata(title, cleaned, paragraphs, filename)
    return ParsedReport(title=title, paragraphs=paragraphs, **vars(metadata))


def read_report(path: Path, data: bytes) -> Report:
    """Read, decode and parse ``data``, read from ``path``. Raises ``UnreadableFile`` with a clear reason."""
    parsed = parse_report(read_text(path, data), path.name)
    if not parsed.paragraphs:
        raise UnreadableFile("文件中没有正文 (no body text)")
    source = os.path.abspath(path)
    sha256 = hashlib.sha256(data).hexdigest()
    return Report(
        **vars(parsed),
        id=report_id(sha256),
        source=display_path(source),
        sha256=sha256,
    )
