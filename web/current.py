"""What a request's code needs of the app it runs in."""

from __future__ import annotations

import functools
from typing import Any, Callable

from flask import current_app
from werkzeug.exceptions import ServiceUnavailable

from archive import Archive

RETRY_SECONDS = 5


def archive() -> Archive:
    """The archive the current app serves."""
    return current_app.extensions["archive"]


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
