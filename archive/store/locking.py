"""The write lock: one process at a time changes an index.

It is Whoosh's own lock file in the live generation (a ``flock``, released by
the kernel when its holder dies, however it dies), held for a whole ingest or
rebuild, not only while committing, so that runs never interleave.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from whoosh.index import Index

from archive.errors import IndexLocked, IndexMissing
from archive.store.generations import live_dir
from archive.store.schema import open_index

_POLL_SECONDS = 0.1
_PR_SET_PDEATHSIG = 1


@contextmanager
def write_lock(
    root: Path, wait: float = 0.0, create: bool = True, on_wait: Callable[[float], None] | None = None
) -> Iterator[Index]:
    """Hold the write lock of the live index at ``root`` and yield that index.

    Waits up to ``wait`` seconds for another writer to finish (calling
    ``on_wait(wait)`` when it starts waiting), then raises ``IndexLocked``. If a
    rebuild made another generation live while this waited, the lock of the new
    live generation is taken instead.
    """
    deadline = time.monotonic() + wait
    while True:
        index = open_index(root, create=create)
        if index is None:
            raise IndexMissing(f"索引不存在：{root}（请先运行 report-archive ingest）(no index yet: ingest first)")
        lock = index.lock("WRITELOCK")
        if not lock.acquire(blocking=False) and wait and on_wait:
            on_wait(wait)
        while not lock.locked and not lock.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise IndexLocked(
                    "另一个导入进程正在写入索引，请等它结束后再试（或用 --wait 秒数 等待）。"
                    " (another process is writing to the index)"
                )
            time.sleep(_POLL_SECONDS)
        if live_dir(root) == Path(index.storage.folder):
            break
        lock.release()  # a rebuild switched generations while we waited
    try:
        yield index
    finally:
        lock.release()


def die_with(parent: int) -> None:
    """Set up a worker process forked by the writer ``parent``: it dies with ``parent`` and leaves
    Ctrl-C to it. A forked worker shares the lock's file: one that outlived a killed writer
    would hold the lock for ever (measured: a fold's workers, their writer killed, stayed)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the writer stops its workers itself
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the writer died before prctl took effect
        os._exit(1)
