"""Every limit, budget and bound of the archive, declared once with its default and its reason.

``Settings()`` holds the defaults; ``Settings.from_env()`` reads overrides from environment
variables named ``REPORT_ARCHIVE_`` + the setting's name in capitals
(``REPORT_ARCHIVE_MAX_QUERY_LENGTH=800``); ``settings.replace(name=value)`` gives a changed
copy (the CLI's flags and ``web.create_app(config)`` use it). An ``Archive`` carries the
settings it was made with and hands them to the stages below, which read no constants of
their own for these.

Parser rules that describe the genre (how long a heading may be, …) are not settings: they
stay beside the rules they belong to.
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping, Self

from .errors import ArchiveError, TooLarge

ENV_PREFIX = "REPORT_ARCHIVE_"
INDEX_ENV = ENV_PREFIX + "INDEX"
PACKAGE_ROOT = Path(__file__).resolve().parent
_CHECKOUT = PACKAGE_ROOT.parent  # the project folder, when run from a checkout


def _setting(default: Any, reason: str) -> Any:
    return field(default=default, metadata={"reason": reason})


def default_seeds_dir() -> Path:
    """``seeds/`` of the checkout: the embedded default corpus."""
    return _CHECKOUT / "seeds"


def default_index_dir() -> Path:
    """``$REPORT_ARCHIVE_INDEX`` if set, else ``index/`` in the project folder, else (an
    installed package, whose folder is not writable) ``./index``."""
    if os.environ.get(INDEX_ENV):
        return Path(os.environ[INDEX_ENV])
    if (_CHECKOUT / "pyproject.toml").exists():
        return _CHECKOUT / "index"
    return Path.cwd() / "index"


@dataclass(frozen=True)
class Settings:
    """The archive's settings (see the module docstring); each field's metadata holds its reason."""

    # --- queries ---------------------------------------------------------------------
    max_query_length: int = _setting(500, "longer queries are pasted paragraphs: matching them costs and finds nothing more")
    max_terms: int = _setting(30, "each term is a pass over the index; 30 covers every query seen in the logs of use")
    max_limit: int = _setting(100, "results per page: a page of 100 highlighted reports is about 1 MB of HTML")
    max_page: int = _setting(1000, "deep pages are never read by people, only by scrapers")
    min_year: int = _setting(1900, "reports before 1900 are not in the genre; a smaller year is a misread number")
    max_year: int = _setting(2100, "a larger year is a misread number, not a date")
    passages_per_result: int = _setting(3, "passages shown per result: the first screen holds about three")
    proximity_window: int = _setting(10, "best-scored reports checked for every term in one paragraph: the first page, whose texts the passages read anyway (20 cost 7 ms more a query)")
    few_results: int = _setting(3, "a query finding fewer reports gets suggestions and loose matches looked for")
    loose_candidates: int = _setting(2000, "reports whose text is scanned for a term with marks between its characters")
    max_suggestions: int = _setting(3, "corrections offered for a query: more are noise")

    # --- memory ----------------------------------------------------------------------
    memory_budget: int = _setting(1024 * 1024 * 1024, "bytes a search process may hold: the interpreter, libraries "
                                  "and one query's arrays take ~250 MB, the caches of texts, postings and reports "
                                  "the rest (4× the corpus's texts fit)")

    # --- web server (waitress; see the README on putting nginx in front) ---------------
    max_request_seconds: int = _setting(10, "work one web request may do (a comparison, a figures table): past it the answer is 'too large, narrow it'")
    heavy_requests: int = _setting(2, "comparisons, figure tables, exports and long searches served at once; the other threads stay free for quick requests")
    quick_search_ms: int = _setting(500, "work a web search may do before it needs one of the heavy slots (or is answered busy): twelve searches of seconds at once held every thread, and a quick one waited 5 s")
    server_threads: int = _setting(8, "requests served at once: 2 heavy ones and 6 quick ones; more only share the same cores")
    server_connection_limit: int = _setting(500, "open connections at most (each a file descriptor); waitress's 100 was filled by 150 slow clients")
    server_channel_timeout: int = _setting(30, "seconds a connection may stay idle before it is closed")
    server_header_seconds: int = _setting(10, "seconds a client has to send a whole request: one dribbling its headers holds a connection only this long")
    max_request_header_bytes: int = _setting(32 * 1024, "request line and headers at most: a search URL of 500 characters is 5 kB")
    max_request_body_bytes: int = _setting(64 * 1024, "the archive is read-only: no request needs a body")

    # --- ingest ----------------------------------------------------------------------
    max_file_bytes: int = _setting(200 * 1024 * 1024, "a larger file is not a report (an archive, a video)")
    max_text_chars: int = _setting(3_000_000, "about 9 MB of Chinese text; the corpus's largest report has 0.2 M")
    batch_files: int = _setting(5000, "files per segment at most: fewer segments search faster, smaller ones lose less to a crash")
    batch_bytes: int = _setting(64 * 1024 * 1024, "bytes per segment at most, so a worker's memory stays bounded")
    min_batch_bytes: int = _setting(256 * 1024, "smaller batches are not worth a segment and a commit of their own")
    max_parts: int = _setting(4, "an ingest that leaves the index in more parts (segments) folds them into one, as it folds the "
                                 "parts a run writes: a query pays for each (the corpus in 7: p50 6.3 ms, in 2: 4.3, in 1: 3.7); "
                                 "folding takes ~0.15 s a MB of index in one process, ~0.09 in two")
    fold_parallel_bytes: int = _setting(16 * 1024 * 1024, "lists to fold below which one process writes them all: starting "
                                                          "workers and copying their files back cost more than they save")
    prune_confirm_percent: int = _setting(10, "a prune removing more of the index than this asks for --yes: files moved or a share unmounted, not deleted")
    prune_confirm_reports: int = _setting(5, "a prune removing this many reports or fewer never asks: a few files deleted on purpose")

    # --- scans and converted formats -----------------------------------------------
    ocr: bool = _setting(True, "read scanned PDFs and page images by OCR; off (0, or ingest --no-ocr) skips them as 'needs OCR'")
    ocr_max_pages: int = _setting(300, "pages OCR reads of one file, at most: about 10 minutes at 0.5 pages/s; a longer scan is split first")
    ocr_max_seconds: int = _setting(1200, "time OCR may spend on one file: a stuck or huge file is given up and the run goes on")
    ocr_max_pixels: int = _setting(80_000_000, "pixels of one page image: an A3 page at 600 dpi is 70 M; larger is a decompression bomb")
    ocr_dpi: int = _setting(300, "resolution scanned PDF pages are rendered at for OCR: 300 dpi reads best (bench.ocr)")
    convert_seconds: int = _setting(120, "time LibreOffice may take to convert one .doc/.wps/.rtf file (a 100-page file takes about 5 s)")

    # --- zip-based files (.docx, OFD) --------------------------------------------------
    max_zip_entries: int = _setting(10_000, "a .docx has 20-300 parts; thousands more are a zip bomb's padding, each an unpacked header")
    max_zip_part_bytes: int = _setting(128 * 1024 * 1024, "an XML part read unpacked, at most: 3 M characters of text are about 9 MB, tags 10x that")
    max_zip_ratio: int = _setting(100, "unpacked/packed size of one part, at most: Word's XML packs 5-35x, pictures about 1x; 1000x is a bomb")

    # --- audit and web ---------------------------------------------------------------
    max_figure_reports: int = _setting(1000, "reports the figures table reads, at most: each is unpacked whole")
    followup_cache: int = _setting(
        20000, "sentences whose words the follow-up finder keeps: two national reports are ~900, segmenting them is most of a compare"
    )
    compare_page_size: int = _setting(
        50, "promises, and this report's statements of each kind, per page of the compare page: the national reports hold 300-400 of each"
    )
    export_max_reports: int = _setting(1000, "reports in one CSV/JSON export of a search")
    max_table_rows: int = _setting(2000, "rows of the figures table shown on the page; the CSV and JSON have them all")
    facet_values: int = _setting(10, "values of a facet shown at once (the rest behind 更多): the first screen stays short")

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes``; an unknown name raises ``TypeError``."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Self:
        """The defaults, overridden by ``REPORT_ARCHIVE_<NAME>`` variables where set."""
        environ = os.environ if environ is None else environ
        changes = {}
        for setting in fields(cls):
            value = environ.get(ENV_PREFIX + setting.name.upper())
            if value is not None and value.strip():
                try:
                    changes[setting.name] = int(value)
                except ValueError:
                    raise ArchiveError(f"环境变量 {ENV_PREFIX + setting.name.upper()} 应为整数，而不是“{value}” "
                                       f"(must be a whole number)") from None
        return cls(**changes)

    @classmethod
    def reasons(cls) -> dict[str, tuple[Any, str]]:
        """Each setting's default and reason, for documentation."""
        return {s.name: (s.default, s.metadata["reason"]) for s in fields(cls)}


DEFAULTS = Settings()  # the defaults, for code that takes no settings of its own


class Deadline:
    """A time budget for one piece of work: ``check()``, called between its steps, raises
    ``TooLarge`` (what the work was, how to narrow it) once ``seconds`` have passed; ``None``
    never does. Python cannot stop a thread, so long loops check it themselves."""

    def __init__(self, seconds: float | None, too_large: str = ""):
        self.seconds = seconds
        self.too_large = too_large
        self._end = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self._end is not None and time.monotonic() > self._end:
            raise TooLarge(
                f"{self.too_large}：超出单次请求 {self.seconds:g} 秒的处理上限 (too large for one request: narrow it)"
            )
