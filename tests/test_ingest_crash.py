"""Never lose data: ingests killed at random moments, and searches running while an ingest commits."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive import Archive
from helpers import Checking

FILES = 24
PARAGRAPHS = 4  # every report below: a heading and three paragraphs


def write_reports(folder: Path, version: int) -> None:
    folder.mkdir(exist_ok=True)
    for number in range(FILES):
        (folder / f"r{number:02}.txt").write_text(
            f"第{number:02}号单位2024年度工作总结\n一、主要成效\n标记{number:02}号第{version}版。\n"
            f"全年开展执法检查{number + 100}次。\n下一步将继续加强监管。\n",
            encoding="utf-8",
        )


def assert_consistent(archive: Archive, version: int | None = None) -> set[int]:
    """Every report in the index is whole and found by its marker, once; returns the numbers present."""
    reports = archive.stats()["reports"]
    hits = archive.search("执法检查", limit=100).results
    assert len(hits) == reports
    present = set()
    for hit in hits:
        report = archive.get(hit.id)
        assert report is not None and len(report.paragraphs) == PARAGRAPHS
        number = int(report.title[1:3])
        marker = f"标记{number:02}号" + (f"第{version}版" if version else "")
        # (a new search may see a later commit: an edited report is then its new version, with a new id)
        found = archive.search(marker).results
        assert len(found) == 1 and found[0].title == report.title
        present.add(number)
    return present


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_ingest_killed_at_random_moments_keeps_its_commits_and_a_rerun_completes(
    tmp_path: Path, workers: str
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write_reports(docs, 1)
    rng = random.Random(f"kill-{workers}")
    command = [sys.executable, "-m", "archive", "ingest", str(docs), "--batch", "2", "--workers", workers, "-v",
               "--index", str(index)]  # fmt: skip
    committed = 0
    for _ in range(3):
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        for _ in range(rng.randrange(2, 12)):  # a random moment: after some lines, plus a little
            line = process.stderr.readline()
            committed += line.startswith("committed") and int(line.split()[1])
        time.sleep(rng.random() / 20)
        process.kill()
        process.communicate()
        if not (index / "live").exists():
            continue  # killed before it made the index
        present = assert_consistent(Archive(index))
        assert len(present) >= committed  # what it reported as committed is there
        committed = len(present)
    summary = Archive(index).ingest([docs])
    assert summary.ok and len(summary.unchanged) == committed and len(summary.added) == FILES - committed
    assert assert_consistent(Archive(index)) == set(range(FILES))


def test_searches_while_an_ingest_commits_never_fail_or_see_half_a_report(tmp_path: Path) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write_reports(docs, 1)
    Archive(index).ingest([docs])
    write_reports(docs, 2)  # every report changes: each commit replaces one
    process = subprocess.Popen(
        [sys.executable, "-m", "archive", "ingest", str(docs), "--batch", "1", "--workers", "1", "--index", str(index)]
    )

    def check() -> None:
        archive = Archive(index)
        assert archive.stats()["reports"] == FILES
        assert assert_consistent(archive) == set(range(FILES))  # each one old or new, never both or none

    checks = Checking(check, lambda: process.poll() is not None, least=0).result()
    assert process.wait() == 0
    assert checks > 0
    assert assert_consistent(Archive(index), version=2) == set(range(FILES))


def test_an_ingest_killed_while_folding_leaves_its_commits_and_no_worker_holding_the_lock(corpus: Path, tmp_path: Path) -> None:
    # The fold's workers are forked by the writer and share its lock's file: before they died
    # with it, a writer killed while folding left them holding the lock, and every later run
    # stopped with "another process is writing".
    folders = [str(corpus / name) for name in ("gwr_national_wikisource", "gwr_provincial_2026", "cpc_congress_reports_wikisource")]
    index = tmp_path / "index"
    command = [sys.executable, "-m", "archive", "ingest", *folders, "--batch", "15", "--workers", "2", "--index", str(index)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "REPORT_ARCHIVE_FOLD_PARALLEL_BYTES": "0"})  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("folding"):
            break
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 10
    while not children.read_text().split() and time.monotonic() < deadline:  # the fold's workers started
        time.sleep(0.005)
    process.kill()
    process.wait()
    process.stderr.close()  # (a worker left behind would hold it open too)
    # The workers die with it (they are killed as it dies: a second or two to let go of the lock).
    summary = Archive(index).ingest([Path(folder) for folder in folders], wait=10)  # (IndexLocked if one held it)
    assert summary.ok and not summary.added and not summary.updated  # every batch was committed before the fold
    assert not list(index.rglob("staging-*")) and not list(index.rglob("fold-*"))
    assert Archive(index).search("政府工作报告").total_documents > 50
