"""What a request's code needs of the app it runs in."""

from __future__ import annotations

import functools
from typing import Any, Callable

from flask import current_app
from werkzeug.exceptions import ServiceUnavailable

from archive import Archive, ArchiveError, IndexLocked, IndexProblem, NotFound, OriginalUnavailable, QueryError, TooLarge

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


def budget() -> float:
    """Seconds of work one request may do (``max_request_seconds``)."""
    return archive().settings.max_request_seconds


class Busy(ServiceUnavailable):
    """Every slot for heavy requests is taken: come back shortly."""

    message = "服务器正在处理其他大型请求（对比、数据表、数据序列、导出），请几秒后再试 (busy with other large requests: try again shortly)"


def heavy(view: Callable[..., Any]) -> Callable[..., Any]:
    """A route whose work can be large (a comparison, a figures table, a series, an export): at most
    ``heavy_requests`` of them run at once, so that the server's other threads stay free for
    quick requests; one more is answered 503 at once, never queued behind them."""

    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        slots = current_app.extensions["heavy_slots"]
        if not slots.acquire(blocking=False):
            raise Busy(retry_after=RETRY_SECONDS)
        try:
            return view(*args, **kwargs)
        finally:
            slots.release()

    return guarded
