"""Running ingest tasks (``archive.ingest.batches``) on every core, with progress from inside the workers."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator

from archive.errors import is_disk_full
from archive.ingest.batches import Task, TaskResult, run_task
from archive.store.locking import die_with

_POLL_SECONDS = 0.2
_events = None  # in a worker: the queue its progress events go to


def default_workers() -> int:
    """How many worker processes to use: one per core this process may run on."""
    return len(os.sched_getaffinity(0))


def run_tasks(tasks: list[Task], workers: int, emit: Callable[[str, str], None]) -> Iterator[TaskResult]:
    """Run ``tasks``, yielding each result as soon as it is done.

    With more than one task and worker, tasks run in a pool of ``workers``
    processes; otherwise here, one after the other. A task whose worker died is
    yielded with all its files failed.
    """
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            try:
                built = run_task(task, emit)
            except Exception as error:
                if is_disk_full(error):
                    raise  # every batch after it would fail the same way: the run stops, said plainly
                built = _failed(task, _write_failure(error), emit)
            yield built
        return
    # Forked workers need no importable __main__; they share the write lock's file,
    # but die with this process (_start_worker), so a lock never outlives its run.
    context = multiprocessing.get_context("fork")
    events = context.SimpleQueue()
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(tasks)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(events, os.getpid()),
    )
    try:
        pending: dict[Future, Task] = {pool.submit(_run_task, task): task for task in tasks}
        while pending:
            done, _ = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            while not events.empty():
                emit(*events.get())
            for future in done:
                yield _result(future, pending.pop(future), emit)
    except BaseException:  # interrupted, or the caller failed: stop the workers now
        for process in list(pool._processes.values()):
            process.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Future, task: Task, emit: Callable[[str, str], None]) -> TaskResult:
    try:
        return future.result()
    except BrokenProcessPool:  # the worker process died (killed, out of memory)
        return _failed(task, "导入子进程意外退出 (worker process died)", emit)
    except Exception as error:
        if is_disk_full(error):
            raise  # as in run_tasks: the run stops
        return _failed(task, _write_failure(error), emit)


def _write_failure(error: Exception) -> str:
    """The reason given when a task failed outside any one file (disk full, …)."""
    return f"写入索引失败 (could not write the index) {type(error).__name__}: {error}"


def _failed(task: Task, reason: str, emit: Callable[[str, str], None]) -> TaskResult:
    """``task`` with every file failed for ``reason``."""
    for job in task.jobs:
        for path in job.record.sources:
            emit(path, f"failed: {reason}")
    return TaskResult(None, failed=[(job, reason) for job in task.jobs])


def _start_worker(events, parent: int) -> None:
    """Worker set-up: send progress to ``events``; die with the parent; leave Ctrl-C to it."""
    global _events
    _events = events
    die_with(parent)


def _run_task(task: Task) -> TaskResult:
    return run_task(task, lambda path, outcome: _events.put((path, outcome)))
