"""The app factory: a read-only Flask app over an ``archive.Archive``, its blueprints, security
headers, and every error answered as a page or JSON (``ArchiveError`` kinds mapped in one place)."""

from __future__ import annotations

import json
import os
import re
import threading
from typing import Any, Callable, Iterable

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from archive import Archive, ArchiveError, Settings, default_index_dir

from .audit import audit
from .current import error_status
from .data import data
from .pages import pages

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
ERROR_TITLES = {
    400: "检索式有误",
    404: "找不到该页面",
    422: "请求范围过大",
    405: "不支持该操作",
    500: "服务器出错",
    503: "检索库暂不可用",
}
ERROR_MESSAGES = {
    404: "没有这个页面或这份报告。它可能已从检索库中移除，或者链接有误。",
    405: "本系统只读：不能通过网页上传、修改或删除报告。",
    500: "处理请求时出错，请稍后重试。",
}


BAD_HOST = "请求的 Host 头无效，无法处理 (malformed Host header)"
PUBLIC_URL_ENV = "REPORT_ARCHIVE_PUBLIC_URL"
_PUBLIC_URL = re.compile(r"https?://[^/\s?#]+(/[^\s?#]*)?")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The app; ``config`` may set ``INDEX_DIR`` (default: the CLI's default index), ``TESTING``,
    ``SETTINGS`` (a ``Settings`` or a dict of settings to change, ``archive.settings``) and
    ``PUBLIC_URL`` (default ``$REPORT_ARCHIVE_PUBLIC_URL``): the address citations link under.

    Raises ``ArchiveError`` for a ``PUBLIC_URL`` that is no http(s) address."""
    app = Flask(__name__)
    app.config.update(INDEX_DIR=default_index_dir(), PUBLIC_URL=os.environ.get(PUBLIC_URL_ENV, "").strip())
    app.config.update(config or {})
    if app.config["PUBLIC_URL"] and not _PUBLIC_URL.fullmatch(app.config["PUBLIC_URL"]):
        raise ArchiveError(f"{PUBLIC_URL_ENV} 应为本检索库的网址，如 https://archive.example.gov.cn，而不是"
                           f"“{app.config['PUBLIC_URL']}” (must be an http(s) address)")
    app.json.ensure_ascii = False
    settings = app.config.get("SETTINGS") or {}
    if not isinstance(settings, Settings):
        settings = Settings.from_env().replace(**settings)
    app.extensions["archive"] = Archive(app.config["INDEX_DIR"], settings)
    app.extensions["heavy_slots"] = threading.BoundedSemaphore(settings.heavy_requests)
    app.wsgi_app = _Checked(app, app.wsgi_app)

    app.register_blueprint(pages)
    app.register_blueprint(data)
    app.register_blueprint(audit)
    app.after_request(_secure)
    app.register_error_handler(ArchiveError, _archive_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    return app


def error_response(status: int, message: str | None = None) -> tuple[Any, int]:
    """An error as JSON ``{"error": message}`` under ``/api/``, else as a page."""
    message = message or ERROR_MESSAGES.get(status, ERROR_TITLES.get(status, "请求有误。"))
    if request.path.startswith("/api/"):
        return jsonify(error=message), status
    title = ERROR_TITLES.get(status, "请求有误")
    return render_template("error.html", title=title, message=message), status


def _archive_error(error: ArchiveError) -> tuple[Any, int]:
    status = error_status(error)
    return _unexpected(error) if status is None else error_response(status, str(error))


def _http_error(error: HTTPException) -> tuple[Any, int, dict[str, str]]:
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    # keeps e.g. Allow on a 405, Retry-After on a 503; our own kinds carry their message, an
    # ``abort(400, description=…)`` its description (Werkzeug's own, in English, is not shown)
    told = error.description if error.description != type(error).description else None
    return (*error_response(error.code or 500, getattr(error, "message", None) or told), headers)


def _unexpected(error: Exception) -> tuple[Any, int]:
    if current_app.debug:  # let Flask's debugger show it
        raise error
    current_app.logger.exception("unexpected error", exc_info=error)
    return error_response(500)


def _secure(response: Any) -> Any:
    response.headers.update(SECURITY_HEADERS)
    return response


class _Checked:
    """The app behind a check of the request's Host header and query string. A Host Flask
    cannot build URLs for (``a..b``, ``.``, a label over 63 characters) is answered 400 here,
    with the security headers, before Flask fails on it (a 500 whose error page cannot be drawn
    either). A query string's bytes that are not ASCII are percent-encoded, as a browser sends
    them: Werkzeug reads a raw ``\\xff`` as strict UTF-8 and fails (a 500 on every route), where
    ``%FF`` is read as any bad escape is (waitress refuses such bytes itself; other servers
    pass them on)."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "")
        if not query.isascii():  # (WSGI's strings hold the bytes as Latin-1)
            environ["QUERY_STRING"] = "".join(c if c.isascii() else f"%{ord(c):02X}" for c in query)
        try:
            self.app.url_map.bind_to_environ(environ, server_name=self.app.config["SERVER_NAME"])
        except (HTTPException, UnicodeError, ValueError):
            if environ.get("PATH_INFO", "").startswith("/api/"):
                body, mimetype = json.dumps({"error": BAD_HOST}, ensure_ascii=False), "application/json"
            else:
                body, mimetype = f'<!doctype html><meta charset="utf-8"><title>请求有误</title><p>{BAD_HOST}</p>', "text/html"
            response = Response(body, 400, mimetype=mimetype, headers=SECURITY_HEADERS)
            return response(environ, start_response)
        return self.wsgi_app(environ, start_response)
