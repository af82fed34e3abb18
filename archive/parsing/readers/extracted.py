"""What a reader gives the parser: the text, and how much of it OCR read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    """A file's text; ``ocr_pages`` counts the pages read by OCR (0: the file had its text)."""

    text: str
    ocr_pages: int = 0
