"""One worker task: read, parse and label a batch of files into a batch of the index."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from archive.errors import UnreadableFile, describe_failure
from archive.files.source import read_source
from archive.ingest.plan import Job
from archive.parsing.parse import read_report
from archive.store.gateway import Batch
from archive.statements.labels import extract_statements


@dataclass
class Task:
    """A batch of jobs to index into one ``Batch`` of the index."""

    batch: Batch
    jobs: list[Job]
    max_file_bytes: int


@dataclass
class TaskResult:
    """What a task produced: the built batch (``None`` if no file could be read) and each job's fate."""

    built: Any
    done: list[Job] = field(default_factory=list)
    failed: list[tuple[Job, str]] = field(default_factory=list)


def run_task(task: Task, emit: Callable[[str, str], None]) -> TaskResult:
    """Read, parse, label and index ``task``'s jobs into its batch.

    ``emit(path, outcome)`` is called for every source path once its job is done.
    A file that cannot be read is recorded with its reason; nothing raises.
    """
    builder = task.batch.builder()
    result = TaskResult(None)
    for job in task.jobs:
        try:
            data = read_source(Path(job.path), task.max_file_bytes)
            report = read_report(Path(job.path), data)
            if report.sha256 != job.record.sha256:
                raise UnreadableFile("文件在导入过程中被修改，请重新导入 (the file changed during the ingest)")
            builder.add(report, extract_statements(report), job.record)
        except Exception as error:  # one bad file never stops the others
            reason = describe_failure(error)
            result.failed.append((job, reason))
            for path in job.record.sources:
                emit(path, f"failed: {reason}")
            continue
        result.done.append(job)
        for path in job.record.sources:
            emit(path, job.outcomes[path])
    result.built = builder.finish()
    return result
