"""Every error the archive reports to a person, in one hierarchy.

Each message says what is wrong and what to do, in Chinese first, with the English in
brackets. Callers that face a person (the CLI, the web app) catch ``ArchiveError`` and show
``str(error)``; they map the kinds to exit codes or HTTP statuses in one place each
(``archive.cli``, ``web``). Anything else that escapes is a bug of ours.
"""

from __future__ import annotations

import errno


class ArchiveError(Exception):
    """An error with a message for the person who caused or can fix it."""


class QueryError(ArchiveError, ValueError):
    """A query or search option that cannot be run: the message says what to fix."""


class TooLarge(QueryError):
    """A request whose work passed the budget of one request (``max_request_seconds``): the
    message says how to narrow it."""


class NotFound(ArchiveError):
    """Something a request names that the archive does not hold (an agency no report signs as,
    under any variant of its name): the message says what."""


class UnreadableFile(ArchiveError, ValueError):
    """A file that cannot be read as a report (broken, empty, binary, too large, a format
    that needs a tool this machine lacks): it is reported and skipped, the rest goes on."""


class SkippedFile(UnreadableFile):
    """A file left out on purpose (it needs OCR, which the run turned off): reported as
    skipped, with the reason, rather than as broken."""
class ChangeRefused(ArchiveError):
    """A change that looks like a mistake and would lose reports (pruning under a folder that is
    missing or empty, removing a large share of the index): refused until confirmed or fixed."""


class OriginalUnavailable(ArchiveError):
    """A report's original file is no longer where it was read from, or no longer holds
    the text that was ingested (the report page still shows what was)."""


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


class DiskFull(IndexDamaged):
    """The disk holding the index filled up while writing: what the failed write left is
    removed, the commits before it are kept."""


def disk_full(folder: object) -> DiskFull:
    """The error for a write to the index at ``folder`` that found the disk full."""
    return DiskFull(
        f"磁盘已满：索引文件夹 {folder} 所在的磁盘没有剩余空间。未完成的写入已清除，之前提交的报告都在；"
        f"请腾出空间后重新运行同一命令 (disk full: the unfinished write was cleaned up, earlier commits are kept; "
        f"free some space and run the command again)"
    )


def is_disk_full(error: BaseException) -> bool:
    """Whether ``error`` is a write that found no space left (or the quota used up)."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


# The system's reasons a file cannot be opened, in the words of the rest of the messages.
_OS_REASONS = {
    errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限", errno.ENOENT: "文件不存在（或链接指向的文件已不在）",
    errno.ELOOP: "符号链接循环", errno.EISDIR: "是文件夹，不是文件", errno.EIO: "读取出错（磁盘或网络盘故障）",
    errno.ENAMETOOLONG: "文件名过长",
}


def describe_failure(error: BaseException) -> str:
    """The reason to show for a file that could not be ingested: our own message, the
    system's for a file that cannot be opened (in Chinese where known, its own words beside),
    else an internal error (a bug of ours)."""
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return f"{_OS_REASONS[error.errno]} ({reason})" if error.errno in _OS_REASONS else reason
    if isinstance(error, (ArchiveError, ValueError)):
        return str(error)
    return f"内部错误 (internal error) {type(error).__name__}: {error}"
