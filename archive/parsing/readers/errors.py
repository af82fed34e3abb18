"""The error every reader raises for a file it cannot read."""

from __future__ import annotations

from archive.errors import UnreadableFile


class ReadError(UnreadableFile):
    """The file cannot be read as a report; the message says why and what to do."""
