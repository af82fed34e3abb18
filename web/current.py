"""What a request's code needs of the app it runs in."""

from __future__ import annotations

import functools
import time
from typing import Any, Callable

from flask import current_app, url_for
from werkzeug.exceptions import ServiceUnavailable

from archive import (
    Archive, ArchiveError, Deadline, IndexLocked, IndexProblem, NotFound, OriginalUnavailable, QueryError, TooLarge,
)  # fmt: skip

RETRY_SECONDS = 5
# Each kind of ``ArchiveError`` as an HTTP status, in this one place (the rest: 500).
ERROR_STATUSES: tuple[tuple[type[ArchiveError], int], ...] = (
    (TooLarge, 422), (QueryError, 400), (OriginalUnavailable, 404), (NotFound, 404), (IndexLocked, 503), (IndexProblem, 503),
)  # fmt: skip


def archive() -> Archive:
    """The archive the current app serves."""
    return current_app.extensions["archive"]


def error_status(error: ArchiveError) -> int | None:
    """The HTTP status of ``error`` (``ERROR_STATUSES``); ``None`` for a kind no request should meet (a 500)."""
    return next((status for kind, status in ERROR_STATUSES if isinstance(error, kind)), None)


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint``, as citations and downloads give it: under ``PUBLIC_URL``
    (``REPORT_ARCHIVE_PUBLIC_URL``, the archive's address as its readers reach it) when set, so
    that a citation does not carry whatever Host a client sent (``Host: evil.com`` was in every
    citation link of an export); else under the request's Host (behind nginx, the proxy's)."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def budget() -> float:
    """Seconds of work one request may do (``max_request_seconds``)."""
    return archive().settings.max_request_seconds


class Busy(ServiceUnavailable):
    """Every slot for heavy requests is taken: come back shortly."""

    message = ("服务器正在处理其他大型请求（对比、数据表、数据序列、导出、耗时的检索），请几秒后再试 "
               "(busy with other large requests: try again shortly)")


def _take_slot() -> None:
    """One of the ``heavy_requests`` slots, or ``Busy`` at once: never queued behind them."""
    if not current_app.extensions["heavy_slots"].acquire(blocking=False):
        raise Busy(retry_after=RETRY_SECONDS)


def _give_slot() -> None:
    current_app.extensions["heavy_slots"].release()


def heavy(view: Callable[..., Any]) -> Callable[..., Any]:
    """A route whose work can be large (a comparison, a figures table, a series, an export): at most
    ``heavy_requests`` of them run at once, so that the server's other threads stay free for
    quick requests; one more is answered 503 at once, never queued behind them."""

    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _take_slot()
        try:
            return view(*args, **kwargs)
        finally:
            _give_slot()

    return guarded


class Paced(Deadline):
    """A web search's budget. A search cannot be told large before it runs (common characters
    within ``/s``: seconds), so each one starts at once, and one still working after
    ``quick_search_ms`` takes a heavy slot to go on (``Busy`` if none is free), up to the
    request's budget (``max_request_seconds``, then ``TooLarge``): twelve such searches at once
    held all eight threads, and a quick search waited 5 s behind them. A search that has had
    less than a tenth of that of its thread's processor time is let go on: under that load a
    quick search took 300 ms of the clock (and 250 ms of it turned some away), while turning
    searches away at 250 ms of processor time each let them hold the threads for seconds.
    Used as a context, which gives the slot back."""

    def __init__(self) -> None:
        settings = archive().settings
        super().__init__(settings.max_request_seconds, "此检索涉及的内容过多，请缩小范围：加上年度、机构或更具体的词")
        quick = settings.quick_search_ms / 1000
        self._quick_end, self._worked_end = time.monotonic() + quick, time.thread_time() + quick / 10
        self._holding = False

    def check(self) -> None:
        if not self._holding and time.monotonic() > self._quick_end and time.thread_time() > self._worked_end:
            _take_slot()
            self._holding = True
        super().check()

    def __enter__(self) -> Paced:
        return self

    def __exit__(self, *_: Any) -> None:
        if self._holding:
            self._holding = False
            _give_slot()
