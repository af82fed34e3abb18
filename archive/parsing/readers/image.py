"""Page images (.png, .jpg, .jpeg, .tif, .tiff; a TIFF may hold many pages), read by OCR.

An image too small to be a page is skipped (not failed): folders of saved web pages hold many.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import Any, Iterator

from archive.errors import SkippedFile, UnreadableFile
from archive.parsing.readers.extracted import Extracted
from archive.parsing.readers.layout import paragraphs
from archive.parsing.readers.ocr import OcrRun
from archive.settings import Settings

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
# Pixels on the shorter side below which an image is no page scan but an icon or a picture saved
# with a web page (``…_files/logo.png``): an A5 page scanned at 72 dpi is 420 pixels wide.
_MIN_PAGE_SIDE = 300


def read_image(data: bytes, settings: Settings) -> Extracted:
    """The text of a scanned page image, or of each page of a multi-page TIFF, in paragraphs."""
    run = OcrRun(settings, "图片")
    image = _open(data, settings)
    run.check_pages(getattr(image, "n_frames", 1))
    try:
        pages = [run.read(frame) for frame in _frames(image)]
    except UnreadableFile:
        raise
    except (OSError, ValueError, SyntaxError) as error:  # Pillow's errors for a truncated or corrupt image
        raise UnreadableFile(f"图片已损坏或不完整，无法识别 (broken image: {error})") from None
    text = "\n".join(paragraphs(pages))
    if not text.strip():
        raise UnreadableFile("图片中没有识别出文字 (no text found in the image)")
    return Extracted(text, ocr_pages=run.pages_done)


def _open(data: bytes, settings: Settings) -> Any:
    """The image, its header read and its size checked before any pixel is decoded."""
    from PIL import Image

    if not data:
        raise UnreadableFile("图片文件为空 (empty image file)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        width, height = image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):  # past Pillow's own limit, above ours
        raise UnreadableFile(f"图片的像素数超过 {settings.ocr_max_pixels:,} 像素的上限 (image too large)") from None
    except (OSError, ValueError, SyntaxError) as error:  # (Pillow's message names its stream object)
        reason = re.sub(r" <[^>]*object at 0x[0-9a-f]+>", "", str(error))
        raise UnreadableFile(f"不是可读的图片文件，或文件已损坏 (not a readable image: {reason})") from None
    if width * height > settings.ocr_max_pixels:
        raise UnreadableFile(f"图片 {width}×{height} 像素，超过 {settings.ocr_max_pixels:,} 像素的上限 (image too large)")
    if min(width, height) < _MIN_PAGE_SIDE:
        raise SkippedFile(f"图片只有 {width}×{height} 像素，不像扫描的页面（图标、插图），跳过 "
                          f"(skipped: too small to be a page scan)")
    return image


def _frames(image: Any) -> Iterator[Any]:
    """Each page of the image, decoded."""
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        image.load()
        yield image
