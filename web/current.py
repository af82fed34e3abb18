"""What a request's code needs of the app it runs in."""

from __future__ import annotations

from flask import current_app

from archive import Archive


def archive() -> Archive:
    """The archive the current app serves."""
    return current_app.extensions["archive"]
