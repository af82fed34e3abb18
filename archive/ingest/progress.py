"""Showing an ingest's progress: a progress bar on a terminal, log lines otherwise."""

from __future__ import annotations

import time
from typing import TextIO

from archive.files.source import display_path
from archive.text.normalize import printable
from archive.ingest.run import Progress
from archive.ingest.plan import Plan

LOG_EVERY_SECONDS = 10.0


def progress_for(stream: TextIO, verbose: bool) -> Progress:
    """A bar if ``stream`` is a terminal, else log lines; ``verbose`` adds a line per file."""
    return BarProgress(stream, verbose) if stream.isatty() else LogProgress(stream, verbose)


def describe(plan: Plan) -> str:
    """One line saying what a plan holds."""
    reads = sum(len(job.record.sources) for job in plan.jobs)
    joins = sum(len(paths) for paths in plan.joins.values())
    parts = [f"{reads} to read", f"{len(plan.unchanged)} unchanged"]
    if joins:
        parts.append(f"{joins} identical to stored reports")
    if plan.gone:
        parts.append(f"{len(plan.gone)} gone")
    if plan.failed:
        parts.append(f"{len(plan.failed)} unreadable")
    return "files: " + ", ".join(parts)


class _Printing(Progress):
    def __init__(self, stream: TextIO, verbose: bool):
        self.stream = stream
        self.verbose = verbose

    def line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def close(self) -> None:
        """The run is over."""

    def waiting(self, seconds: float) -> None:
        self.line(f"another process is writing to the index: waiting up to {seconds:g} s for it …")

    def folding(self, parts: int) -> None:
        self.line(f"folding {parts} segments of the index into one, for faster searches (searching goes on) …")

    def file_line(self, path: str, outcome: str) -> str | None:
        """The line to show for one file, if any: failures always, the rest when verbose."""
        if self.verbose or outcome.startswith(("failed", "skipped")):
            return printable(f"{outcome:>9}  {display_path(path)}")
        return None


class LogProgress(_Printing):
    """Plain lines: the plan, a count with an estimate every ``LOG_EVERY_SECONDS``, failures."""

    def start(self, plan: Plan) -> None:
        self.total = sum(len(job.record.sources) for job in plan.jobs)
        self.done = 0
        self.pages = 0
        self.started = self.last = time.monotonic()
        self.line(describe(plan))

    def ocr_page(self, path: str) -> None:
        self.pages += 1
        self._count()  # a long scan still shows the run going on

    def file_done(self, path: str, outcome: str) -> None:
        self.done += 1
        if text := self.file_line(path, outcome):
            self.line(text)
        self._count()

    def _count(self) -> None:
        """The count line, once every ``LOG_EVERY_SECONDS``."""
        now = time.monotonic()
        if now - self.last >= LOG_EVERY_SECONDS:
            self.last = now
            rate = self.done / (now - self.started)
            eta = (self.total - self.done) / rate if rate else 0
            pages = f", {self.pages} pages read by OCR" if self.pages else ""
            self.line(f"read {self.done}/{self.total} files ({self.done * 100 // max(self.total, 1)}%){pages}, "
                      f"{now - self.started:.0f} s so far, about {eta:.0f} s to go")  # fmt: skip

    def committed(self, reports: int) -> None:
        if self.verbose:
            self.line(f"committed {reports} reports")


class BarProgress(_Printing):
    """A tqdm bar with counts, rate and time to go; failures printed above it."""

    def start(self, plan: Plan) -> None:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked from this one
        self.line(describe(plan))
        self.bar = tqdm(total=sum(len(job.record.sources) for job in plan.jobs), unit="file", file=self.stream,
                        dynamic_ncols=True, desc="ingest")  # fmt: skip
        self.failures = 0
        self.pages = 0

    def ocr_page(self, path: str) -> None:
        self.pages += 1
        self._postfix(refresh=True)

    def file_done(self, path: str, outcome: str) -> None:
        if text := self.file_line(path, outcome):
            self.bar.write(text, file=self.stream)
        self.failures += outcome.startswith("failed")
        self._postfix(refresh=False)
        self.bar.update()

    def line(self, text: str) -> None:
        if hasattr(self, "bar"):  # (printed past a running bar, the bar would be drawn again below the line)
            self.bar.write(text, file=self.stream)
        else:
            super().line(text)

    def _postfix(self, refresh: bool) -> None:
        counts = {"failed": self.failures, **({"OCR pages": self.pages} if self.pages else {})}
        self.bar.set_postfix(counts, refresh=refresh)

    def committed(self, reports: int) -> None:
        if self.verbose:
            self.bar.write(f"committed {reports} reports", file=self.stream)

    def close(self) -> None:
        if hasattr(self, "bar"):  # not started if the run stopped before its plan was made
            self.bar.close()

