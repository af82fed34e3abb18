"""The web front end: a read-only Flask app over an ``archive.Archive`` (``web.app.create_app``)."""

from .app import create_app

__all__ = ["create_app"]
