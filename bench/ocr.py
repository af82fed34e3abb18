"""``python -m bench.ocr``: how well and how fast scanned reports are read, per OCR engine.

Real paragraphs of the 2026 provincial government work reports (``../shared/corpus``) are
typeset onto A4 pages in Noto Serif CJK SC (16 pt body, 22 pt title, two-character indents,
as 公文 are printed), rendered at 150 and 300 dpi, once clean and once as a poor scan
(rotated 1.2°, blurred, grey noise, specks), and saved as PNG images and image-only PDFs.

Each engine reads every page image: the archive's reader (PP-OCRv4 through
``rapidocr-onnxruntime``, ``archive.parsing.readers.ocr``) and Tesseract 5 with ``chi_sim``
(Debian's ``tesseract-ocr`` + ``tesseract-ocr-chi-sim``), both regrouped into paragraphs by the
same code. The archive's reader also reads the image-only PDFs, through ``read_text``.

Reported per engine and condition:

- CER: the edit distance between the page's source text and the OCR text, over the
  source's length, whitespace removed; ``CER norm`` after the normalization search applies
  (full-width = half-width, …), which is what matters for finding text;
- pages/s on this machine (one process), and CPU seconds per page, which a busy machine changes
  less (the machine is shared: compare engines within one run);
- recall: of 30 figure phrases (``检查206次`` style) taken from the pages' source text, the
  share a search of a real ``Archive`` of the OCR'd pages finds on the right page.

Results go to stdout as a Markdown table (the README and the issue note quote it).
"""

from __future__ import annotations

import argparse
import io
import random
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from archive.parsing.readers import read_text
from archive.parsing.readers.layout import paragraphs
from archive.parsing.readers.ocr import Box, lines_from_boxes
from archive.settings import DEFAULTS
from archive.text.normalize import normalize

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
REPORTS = "gwr_provincial_2026"
FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
FONT_INDEX = 2  # Noto Serif CJK SC in the collection
A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = (1.1, 1.3)  # left/right, top/bottom
BODY_POINTS, TITLE_POINTS = 16, 22
LINE_SPACING = 1.6
_FIGURE = re.compile(r"[\u4e00-\u9fff]{2,4}\d+(?:\.\d+)?(?:万|亿)?(?:次|件|个|家|人|项|元|吨|所|起|座|公里|千瓦|亩)")
PHRASES = 30


@dataclass
class Page:
    """A typeset page: its title (first page of a report only) and the text on it."""

    name: str
    lines: list[tuple[str, bool]]  # (text, is title)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.lines)


@dataclass
class Outcome:
    """One engine's reading of one condition's pages."""

    engine: str
    condition: str
    errors: int = 0
    errors_normalized: int = 0
    chars: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # of this process and the engine's children (Tesseract runs as one)
    pages: int = 0
    texts: dict[str, str] = field(default_factory=dict)  # page name -> OCR paragraphs


def source_paragraphs(count: int, seed: int) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of reports, taking paragraphs rich in figures from each."""
    rng = random.Random(seed)
    files = sorted((CORPUS / REPORTS).glob("2026_*.txt"))
    rng.shuffle(files)
    chosen = []
    for path in files[:count]:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        body = [line for line in lines if len(line) > 60 and len(_FIGURE.findall(line)) >= 2]
        title = path.stem.split("_", 1)[1].replace("_", "") if "_" in path.stem else path.stem
        chosen.append((f"2026年{title}", body[:3]))
    return chosen


def typeset(reports: list[tuple[str, list[str]]], dpi: int) -> tuple[list[Page], dict[str, list[Image.Image]]]:
    """Pages of the reports (one report per page, cut at the bottom margin) and each page's image."""
    width, height = (round(inches * dpi) for inches in A4_INCHES)
    margin_x, margin_y = (round(inches * dpi) for inches in MARGIN_INCHES)
    body = ImageFont.truetype(FONT, round(BODY_POINTS * dpi / 72), index=FONT_INDEX)
    title_font = ImageFont.truetype(FONT, round(TITLE_POINTS * dpi / 72), index=FONT_INDEX)
    step = round(BODY_POINTS * dpi / 72 * LINE_SPACING)
    pages, images = [], {}
    for number, (title, texts) in enumerate(reports, 1):
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        y = margin_y
        title_width = draw.textlength(title, font=title_font)
        draw.text(((width - title_width) / 2, y), title, font=title_font, fill=0)
        lines = [(title, True)]
        y += round(step * 1.8)
        for text in texts:
            indent = 2 * body.size
            rest = text
            while rest and y + step <= height - margin_y:
                cut = _fit(draw, rest, body, width - 2 * margin_x - indent)
                draw.text((margin_x + indent, y), rest[:cut], font=body, fill=0)
                lines.append((rest[:cut], False))
                rest, indent, y = rest[cut:], 0, y + step
        name = f"page-{number:02d}"
        pages.append(Page(name, lines))
        images[name] = [image]
    return pages, images


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: float) -> int:
    """How many characters of ``text`` fit in ``width``."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if draw.textlength(text[:middle], font=font) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def degrade(image: Image.Image, seed: int) -> Image.Image:
    """A poor scan of ``image``: rotated 1.2°, blurred, grey noise and specks."""
    import numpy

    rng = numpy.random.default_rng(seed)
    scale = image.width / 1240  # the noise is sized for 150 dpi and scaled with the page
    turned = image.rotate(1.2, resample=Image.Resampling.BICUBIC, fillcolor=255)
    blurred = turned.filter(ImageFilter.GaussianBlur(radius=0.7 * scale))
    pixels = numpy.asarray(blurred, dtype=numpy.float32)
    pixels = pixels * 0.85 + 20 + rng.normal(0, 28, pixels.shape)  # greyer paper, sensor noise
    specks = rng.random(pixels.shape) < 0.002
    pixels[specks] = 0
    return Image.fromarray(numpy.clip(pixels, 0, 255).astype(numpy.uint8))


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    import os

    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def edit_distance(left: str, right: str) -> int:
    """Levenshtein distance between two strings."""
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, 1):
        current = [i]
        for j, b in enumerate(right, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def score(outcome: Outcome, page: Page, text: str) -> None:
    """Add one page's errors (as read, and normalized as search sees it) to ``outcome``."""
    source, read = _squeeze(page.text), _squeeze(text)
    outcome.errors += edit_distance(source, read)
    outcome.errors_normalized += edit_distance(normalize(source), normalize(read))
    outcome.chars += len(source)
    outcome.texts[page.name] = text


def read_archive(image: Image.Image, suffix: str, dpi: int) -> str:
    """The archive's reader on one page saved as ``suffix``: .png, or an image-only .pdf of an
    A4 page scanned at ``dpi`` (which the reader renders at its own resolution)."""
    buffer = io.BytesIO()
    if suffix == ".pdf":
        image.save(buffer, "PDF", resolution=dpi)
    else:
        image.save(buffer, "PNG")
    return read_text(Path(f"page{suffix}"), buffer.getvalue(), DEFAULTS).text


def read_tesseract(image: Image.Image) -> str:
    """Tesseract 5 ``chi_sim`` on one page, its words regrouped into paragraphs by our code."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.png"
        image.save(path)
        tsv = subprocess.run(["tesseract", str(path), "stdout", "-l", "chi_sim", "--psm", "3", "tsv"],
                             capture_output=True, text=True, check=True).stdout
    lines: dict[tuple[str, ...], list[list[str]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) == 12 and cells[0] == "5" and cells[11].strip():
            lines.setdefault(tuple(cells[1:5]), []).append(cells)
    boxes = []
    for words in lines.values():
        left = min(int(w[6]) for w in words)
        top = min(int(w[7]) for w in words)
        right = max(int(w[6]) + int(w[8]) for w in words)
        bottom = max(int(w[7]) + int(w[9]) for w in words)
        boxes.append(Box("".join(w[11] for w in words), left, top, right, bottom))
    return "\n".join(paragraphs([lines_from_boxes(boxes)]))


def figure_phrases(pages: list[Page], count: int) -> list[tuple[str, str]]:
    """(phrase, page name) for ``count`` figure phrases found once across the pages."""
    found: dict[str, list[str]] = {}
    for page in pages:
        for phrase in _FIGURE.findall("".join(text for text, title in page.lines if not title)):
            found.setdefault(phrase, []).append(page.name)
    unique = [(phrase, names[0]) for phrase, names in found.items()
              if len(names) == 1 and sum(p.text.count(phrase) for p in pages) == 1]
    # Spread over the pages: take them in turn.
    by_page: dict[str, list[str]] = {}
    for phrase, name in unique:
        by_page.setdefault(name, []).append(phrase)
    chosen: list[tuple[str, str]] = []
    while len(chosen) < count and any(by_page.values()):
        for name, phrases in by_page.items():
            if phrases and len(chosen) < count:
                chosen.append((phrases.pop(0), name))
    return chosen


def recall(outcome: Outcome, phrases: list[tuple[str, str]]) -> float:
    """Share of the phrases a real Archive of the OCR'd pages finds on their page."""
    from archive import Archive

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pages").mkdir()
        for name, text in outcome.texts.items():
            (root / "pages" / f"{name}.txt").write_text(text, encoding="utf-8")
        archive = Archive(root / "index")
        summary = archive.ingest([root / "pages"])
        assert not summary.failed, summary.failed
        paths = {}
        hits = 0
        for phrase, name in phrases:
            results = archive.search(phrase, limit=20).results
            for hit in results:
                if hit.id not in paths:
                    paths[hit.id] = Path(archive.get(hit.id).source).stem
            hits += any(paths[hit.id] == name for hit in results)
        archive.close()
    return hits / len(phrases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ocr", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10, help="pages per condition (one report each; default 10)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--no-tesseract", action="store_true", help="measure only the archive's engine")
    options = parser.parse_args(argv)
    reports = source_paragraphs(options.pages, options.seed)
    engines = ["PP-OCRv4 (png)", "PP-OCRv4 (pdf)"]
    if not options.no_tesseract and shutil.which("tesseract"):
        engines.append("Tesseract chi_sim (png)")
    rows: list[tuple[Outcome, float]] = []
    for dpi in (150, 300):
        pages, images = typeset(reports, dpi)
        phrases = figure_phrases(pages, PHRASES)
        for noisy in (False, True):
            condition = f"{dpi} dpi {'noisy' if noisy else 'clean'}"
            for engine in engines:
                outcome = Outcome(engine, condition)
                for number, page in enumerate(pages):
                    image = images[page.name][0]
                    if noisy:
                        image = degrade(image, options.seed + number)
                    started, cpu = time.perf_counter(), _cpu()
                    if engine.startswith("Tesseract"):
                        text = read_tesseract(image)
                    else:
                        text = read_archive(image, ".pdf" if "pdf" in engine else ".png", dpi)
                    outcome.seconds += time.perf_counter() - started
                    outcome.cpu_seconds += _cpu() - cpu
                    outcome.pages += 1
                    score(outcome, page, text)
                rows.append((outcome, recall(outcome, phrases)))
                print(f"  {condition} {engine}: CER {outcome.errors / outcome.chars:.2%}", flush=True)
    print(f"\n{options.pages} pages per condition, {len(phrases)} figure phrases\n")
    print("| condition | engine | CER | CER norm | pages/s | CPU s/page | recall |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for outcome, found in rows:
        print(f"| {outcome.condition} | {outcome.engine} | {outcome.errors / outcome.chars:.2%} | "
              f"{outcome.errors_normalized / outcome.chars:.2%} | {outcome.pages / outcome.seconds:.2f} | "
              f"{outcome.cpu_seconds / outcome.pages:.1f} | {found:.0%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
