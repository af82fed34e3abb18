"""Every error the archive reports to a person, in one hierarchy.

Each message says what is wrong and what to do, in Chinese first, with the English in
brackets. Callers that face a person (the CLI, the web app) catch ``ArchiveError`` and show
``str(error)``; they map the kinds to exit codes or HTTP statuses in one place each
(``archive.cli``, ``web``). Anything else that escapes is a bug of ours.
"""

from __future__ import annotations


class ArchiveError(Exception):
    """An error with a message for the person who caused or can fix it."""


class QueryError(ArchiveError, ValueError):
    """A query or search option that cannot be run: the message says what to fix."""


class UnreadableFile(ArchiveError, ValueError):
    """A file that cannot be read as a report (broken, empty, binary, too large, a format
    that needs a tool this machine lacks): it is reported and skipped, the rest goes on."""


class ChangeRefused(ArchiveError):
    """A change that looks like a mistake and would lose reports (pruning under a folder that is
    missing or empty, removing a large share of the index): refused until confirmed or fixed."""


class IndexProblem(ArchiveError):
    """Something is wrong with the index itself (base of the kinds below)."""


class IndexMissing(IndexProblem):
    """There is no index at the folder yet: ingest something first."""


class IndexOutdated(IndexProblem):
    """The index was made by an older version of the archive: rebuild it."""


class IndexLocked(IndexProblem):
    """Another process is writing to the index."""


class IndexDamaged(IndexProblem):
    """The index folder cannot be used as it is (not writable, a ``live`` link to a removed
    generation, the disk full during a commit): the message says what to do."""


def describe_failure(error: BaseException) -> str:
    """The reason to show for a file that could not be ingested: our own message, the
    system's for a file that cannot be opened, else an internal error (a bug of ours)."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if isinstance(error, (ArchiveError, ValueError)):
        return str(error)
    return f"内部错误 (internal error) {type(error).__name__}: {error}"
