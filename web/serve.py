"""``report-archive serve``: the web front end, with waitress (or Flask's server with --debug).

The web side owns this command; it is registered on the CLI through the
``report_archive.commands`` entry point (``pyproject.toml``), so ``archive`` never imports ``web``.
It builds on the CLI's public helpers for plugins (``index_option``, ``ready_archive``).
"""

from __future__ import annotations

from pathlib import Path

import click
import waitress

from archive.cli import index_option, ready_archive

from . import create_app


@click.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--debug", is_flag=True, help="Use Flask's development server (reloads code, shows tracebacks).")
def serve(index_dir: Path | None, host: str, port: int, debug: bool) -> None:
    """Serve the archive in the browser (building the index from seeds/ first if there is none)."""
    archive = ready_archive(index_dir)
    app = create_app({"INDEX_DIR": archive.index_dir})
    click.echo(f"报告检索库: http://{host}:{port}/  (index: {archive.index_dir}; Ctrl+C to stop)", err=True)
    if debug:
        app.run(host=host, port=port, debug=True)
    else:
        waitress.serve(app, host=host, port=port)
