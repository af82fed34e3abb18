"""The README documents every command of the CLI and each of its options (as sqlite-utils does)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from archive.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
CONTEXT = click.Context(main)
COMMANDS = main.list_commands(CONTEXT)


def test_the_plugin_commands_are_there() -> None:
    assert "serve" in COMMANDS  # registered by the web app's entry point


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented(name: str) -> None:
    assert f"report-archive {name}" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_documented(name: str) -> None:
    command = main.get_command(CONTEXT, name)
    options = [opt for param in command.params if isinstance(param, click.Option) for opt in param.opts]
    missing = [opt for opt in options if opt.startswith("--") and opt != "--help" and opt not in README]
    assert missing == [], f"{name}: {missing}"
