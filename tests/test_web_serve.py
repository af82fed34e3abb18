"""``report-archive serve``: builds the index when there is none, then runs waitress (or Flask with --debug)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from archive import Archive
from web.serve import serve


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the command would serve, instead of serving it."""
    calls: dict[str, Any] = {}
    monkeypatch.setattr("web.serve.make_server", lambda app, host, port, settings: SimpleNamespace(
        run=lambda: calls.update(server="waitress", app=app, host=host, port=port, settings=settings)))
    monkeypatch.setattr(Flask, "run", lambda app, **kw: calls.update(server="flask", app=app, **kw))
    return calls


def test_serve_builds_the_index_from_seeds_then_runs_waitress(tmp_path: Path, served: dict) -> None:
    index = tmp_path / "index"
    result = CliRunner().invoke(serve, ["--index", str(index), "--port", "8123", "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "building it from seeds/" in result.output and "added 1" in result.output
    assert Archive(index).stats()["reports"] == 1
    assert served["server"] == "waitress" and served["host"] == "0.0.0.0" and served["port"] == 8123
    assert served["app"].config["INDEX_DIR"] == index
    assert served["app"].test_client().get("/?q=执法检查206次").status_code == 200


def test_serve_debug_uses_flask_and_the_index_from_the_environment(web_archive: Archive, served: dict) -> None:
    result = CliRunner().invoke(serve, ["--debug"], env={"REPORT_ARCHIVE_INDEX": str(web_archive.index_dir)})
    assert result.exit_code == 0, result.output
    assert "building" not in result.output and "http://127.0.0.1:5000/" in result.output
    assert served["server"] == "flask" and served["debug"] is True and served["port"] == 5000
    assert served["app"].config["INDEX_DIR"] == web_archive.index_dir


def test_serve_rejects_a_bad_port() -> None:
    assert CliRunner().invoke(serve, ["--port", "70000"]).exit_code == 2
