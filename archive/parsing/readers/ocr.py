"""Text from page images by OCR: PP-OCRv4 Chinese models (the ``rapidocr-onnxruntime`` wheel
ships them), run offline on the CPU.

Chosen by measurement (``python -m bench.ocr``, figures in the README): on pages typeset
from corpus text its character error rate was 0.8-1.7 % against Tesseract ``chi_sim``'s
3.9-15.6 %, at 150 and 300 dpi, clean and noisy, for about the same CPU time a page (5 s).

The engine finds text boxes; ``lines_from_boxes`` puts boxes on one printed row together,
in reading order, and measures each row against the page's text block, so that
``archive.parsing.readers.layout`` joins the rows into paragraphs as it does a PDF's.
"""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from archive.errors import SkippedFile, UnreadableFile
from archive.parsing.readers.layout import Line
from archive.settings import Settings

# A row starts indented when it starts this many character heights right of the text
# block's left edge (a paragraph's first line is indented two characters).
_INDENT_HEIGHTS = 1.0
_engine: Any = None  # one per process: loading the models takes about 0.3 s
# Told of every page OCR reads, so that an ingest's progress can count pages (``reporting_pages``).
_page_listener: ContextVar[Callable[[], None] | None] = ContextVar("page_listener", default=None)


@contextmanager
def reporting_pages(listener: Callable[[], None]) -> Iterator[None]:
    """Call ``listener`` after each page OCR reads within the block (one file's reading)."""
    token = _page_listener.set(listener)
    try:
        yield
    finally:
        _page_listener.reset(token)


@dataclass(frozen=True)
class Box:
    """A piece of text the engine found, with its box on the page in pixels."""

    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


class OcrRun:
    """The OCR of one file's pages, held to the file's page limit and time limit.

    ``pages_done`` counts the pages read so far (the report records it).
    """

    def __init__(self, settings: Settings, kind: str):
        if not settings.ocr:
            raise SkippedFile(f"{kind}需要文字识别 (OCR)，本次导入已关闭 OCR，跳过 (skipped: needs OCR, which is turned off)")
        self.settings = settings
        self.kind = kind
        self.deadline = time.monotonic() + settings.ocr_max_seconds
        self.pages_done = 0

    def check_pages(self, count: int) -> None:
        """Refuse a file with more than the page limit of pages to read, before reading any."""
        if count > self.settings.ocr_max_pages:
            raise UnreadableFile(
                f"{self.kind}有 {count} 页需要文字识别，超过每个文件 {self.settings.ocr_max_pages} 页的上限；"
                f"请拆分后再导入，或调高 REPORT_ARCHIVE_OCR_MAX_PAGES (too many pages to OCR: {count})"
            )

    def read(self, image: Any) -> list[Line]:
        """The lines of one page image (a PIL image); past the file's time limit, refuse the file."""
        if time.monotonic() > self.deadline:
            raise UnreadableFile(
                f"{self.kind}的文字识别超过 {self.settings.ocr_max_seconds} 秒的上限（已识别 {self.pages_done} 页），已放弃；"
                f"请拆分后再导入，或调高 REPORT_ARCHIVE_OCR_MAX_SECONDS (OCR time limit reached)"
            )
        self.check_pages(self.pages_done + 1)
        width, height = image.size
        if width * height > self.settings.ocr_max_pixels:
            raise UnreadableFile(
                f"{self.kind}的页面图像 {width}×{height} 像素，超过 {self.settings.ocr_max_pixels:,} 像素的上限 "
                f"(page image too large)"
            )
        lines = lines_from_boxes(recognize(image))
        self.pages_done += 1
        if (listener := _page_listener.get()) is not None:
            listener()
        return lines


def recognize(image: Any) -> list[Box]:
    """The text boxes the engine finds on a page image (a PIL image)."""
    import numpy

    engine = _load_engine()
    array = numpy.asarray(image.convert("RGB"))[:, :, ::-1]  # the engine reads OpenCV's BGR
    found, _elapsed = engine(array)
    boxes = []
    for corners, text, _score in found or ():
        xs = [point[0] for point in corners]
        ys = [point[1] for point in corners]
        boxes.append(Box(text, min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _load_engine() -> Any:
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise UnreadableFile("文字识别 (OCR) 需要 Python 包 rapidocr-onnxruntime：pip install rapidocr-onnxruntime "
                                 "(OCR engine not installed)") from None
        # One thread: the ingest runs a worker per core, and on two busy cores one thread took
        # 4.9 s of CPU per 300-dpi page against 8.3 s with a thread per core (spinning).
        _engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    return _engine


def lines_from_boxes(boxes: list[Box]) -> list[Line]:
    """The printed rows of a page's boxes, top to bottom, each row's boxes left to right.

    A box belongs to the row above when its vertical middle lies within that row's
    span. Boxes of one row far apart (table cells, a signature beside a date) are
    joined with a space. Each row is measured against the page's text block: the
    left edge most rows start at and the rightmost edge.
    """
    rows: list[list[Box]] = []
    for box in sorted((b for b in boxes if b.text.strip()), key=lambda b: (b.top + b.bottom) / 2):
        middle = (box.top + box.bottom) / 2
        if rows and rows[-1][0].top <= middle <= rows[-1][0].bottom:
            rows[-1].append(box)
        else:
            rows.append([box])
    if not rows:
        return []
    height = statistics.median(box.height for row in rows for box in row)
    left = _common_left(rows, height)
    right = max(box.right for row in rows for box in row)
    width = max(right - left, 1.0)
    lines = []
    for row in rows:
        row.sort(key=lambda b: b.left)
        text = row[0].text.strip()
        for before, box in zip(row, row[1:]):
            gap = box.left - before.right
            text += (" " if gap > height else "") + box.text.strip()
        start, end = row[0].left, row[-1].right
        lines.append(Line(text, indented=start - left > _INDENT_HEIGHTS * height, share=(end - left) / width))
    return lines


def _common_left(rows: list[list[Box]], height: float) -> float:
    """The text block's left edge: the leftmost start shared by several rows (a stray mark
    in the margin, or a single row, does not move it)."""
    starts = sorted(min(box.left for box in row) for row in rows)
    for start in starts:
        if sum(1 for other in starts if abs(other - start) <= height / 2) >= min(3, len(starts)):
            return start
    return starts[0]
