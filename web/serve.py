"""``report-archive serve``: the web front end, with waitress (or Flask's server with --debug).

The web side owns this command; it is registered on the CLI through the
``report_archive.commands`` entry point (``pyproject.toml``), so ``archive`` never imports ``web``.
It builds on the CLI's public helpers for plugins (``index_option``, ``ready_archive``).

Waitress runs with its limits set from the archive's settings (``server_*``, ``max_request_*``),
not its defaults: 150 clients dribbling their headers filled its 100 connections and the server
stopped answering. A connection now has ``server_header_seconds`` to send a whole request, and
waitress's own error answers (a request too large, a malformed one) carry the security headers
the app's do. For the open internet, put nginx in front (see the README).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click
import waitress
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask

from archive import Settings
from archive.cli import WholeNumber, index_option, ready_archive

from . import create_app
from .app import SECURITY_HEADERS


class _SecureErrorTask(ErrorTask):
    """Waitress's own error answer (400, 413, 431, 500), with the app's security headers."""

    def build_response_header(self) -> bytes:
        self.response_headers.extend(SECURITY_HEADERS.items())
        return super().build_response_header()


class _Channel(HTTPChannel):
    """A connection that is closed when a request takes longer than ``header_seconds`` to arrive
    whole (the server's loop asks ``writable()`` of every connection at least once a second)."""

    error_task_class = _SecureErrorTask
    header_seconds = Settings.server_header_seconds
    request_started = 0.0

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.request_started = time.monotonic()
        return super().received(data)

    def writable(self) -> bool:
        if self.request is not None and time.monotonic() - self.request_started > self.header_seconds:
            self.will_close = True  # handle_write closes it
        return super().writable()


def make_server(app: Any, host: str, port: int, settings: Settings) -> Any:
    """A waitress server for ``app`` on ``host:port``, its limits from ``settings``."""
    server = waitress.create_server(
        app,
        host=host,
        port=port,
        threads=settings.server_threads,
        connection_limit=settings.server_connection_limit,
        channel_timeout=settings.server_channel_timeout,
        cleanup_interval=max(1, min(30, settings.server_channel_timeout)),
        max_request_header_size=settings.max_request_header_bytes,
        max_request_body_size=settings.max_request_body_bytes,
        ident="report-archive",
    )
    channel = type("Channel", (_Channel,), {"header_seconds": settings.server_header_seconds})
    for listener in [server, *getattr(server, "map", {}).values()]:  # one server, or one per address
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel
    return server


@click.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=WholeNumber(1, 65535), help="Port to listen on.")
@click.option("--debug", is_flag=True, help="Use Flask's development server (reloads code, shows tracebacks).")
def serve(index_dir: Path | None, host: str, port: int, debug: bool) -> None:
    """Serve the archive in the browser (building the index from seeds/ first if there is none)."""
    archive = ready_archive(index_dir)
    app = create_app({"INDEX_DIR": archive.index_dir, "SETTINGS": archive.settings})
    click.echo(f"报告检索库: http://{host}:{port}/  (index: {archive.index_dir}; Ctrl+C to stop)", err=True)
    if debug:
        app.run(host=host, port=port, debug=True)
    else:
        make_server(app, host, port, archive.settings).run()
