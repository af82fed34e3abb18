"""Ingest at archive scale: identical files, law versions, prune, dry run, check, rebuild, workers, progress."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive
from archive.cli import main
from archive.ingest.progress import LogProgress
from archive.store.generations import live_dir

REPORT = "某区应急管理局{year}年度工作总结\n一、主要成效\n全年开展执法检查{count}次，罚款16.97万元。\n"
LAWS = "lawrefbook_laws"


def report(year: int, count: int) -> str:
    return REPORT.format(year=year, count=count)


def cli(*args: str) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess."""
    return subprocess.run([sys.executable, "-m", "archive", *args], capture_output=True, text=True)


def test_identical_files_are_stored_once_with_every_path(tmp_path: Path) -> None:
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.txt").write_text(report(2024, 206), encoding="utf-8")
    archive = Archive(tmp_path / "index")
    first = archive.ingest([tmp_path / "a", tmp_path / "b"])
    assert len(first.added) == 2 and [Path(p).parent.name for p, _ in first.duplicates] == ["b"]
    second = archive.ingest([tmp_path / "c"])  # identical to a report already stored
    assert len(second.added) == 1 and second.duplicates == [(str(tmp_path / "c/r.txt"), str(tmp_path / "a/r.txt"))]
    [hit] = archive.search("执法检查206次").results
    assert archive.provenance(hit.id)["sources"] == [str(tmp_path / d / "r.txt") for d in "abc"]
    assert archive.stats()["reports"] == 1
    # One copy changes: it leaves the shared report and becomes its own.
    (tmp_path / "a/r.txt").write_text(report(2024, 307), encoding="utf-8")
    assert archive.ingest([tmp_path / "a"]).updated == [str(tmp_path / "a/r.txt")]
    [old] = archive.search("执法检查206次").results
    assert archive.provenance(old.id)["sources"] == [str(tmp_path / d / "r.txt") for d in "bc"]
    assert archive.search("执法检查307次").total_documents == 1 and archive.stats()["reports"] == 2


def test_dated_versions_of_a_law_are_linked(corpus: Path, tmp_path: Path) -> None:
    laws = sorted((corpus / LAWS / "诉讼与非诉讼程序法").glob("行政复议法(*).md"))
    assert len(laws) >= 2
    archive = Archive(tmp_path / "index")
    assert len(archive.ingest([*laws, corpus / LAWS / "行政法" / "行政处罚法(2021-01-22).md"]).added) == len(laws) + 1
    ids = {hit.id: Path(archive.provenance(hit.id)["sources"][0]) for hit in archive.search("title:行政复议法").results}
    assert sorted(ids.values()) == laws
    for doc_id in ids:
        result = CliRunner().invoke(main, ["show", doc_id, "--json", "--index", str(tmp_path / "index")])
        shown = json.loads(result.output)
        assert shown["sources"] == [str(ids[doc_id])]
        assert sorted(shown["versions"]) == sorted(set(ids) - {doc_id})
    [other] = archive.search("title:行政处罚法").results
    assert archive.provenance(other.id)["versions"] == []


def test_prune_removes_reports_whose_files_are_gone(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for count in (1, 2, 3):
        (docs / f"r{count}.txt").write_text(report(2024, count * 100), encoding="utf-8")
    (docs / "copy.txt").write_text(report(2024, 100), encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([docs])
    (docs / "r1.txt").unlink()
    (docs / "r2.txt").unlink()
    plain = archive.ingest([docs])
    assert plain.removed == [] and archive.stats()["reports"] == 3  # nothing removed without --prune
    dry = archive.ingest([docs], prune=True, dry_run=True)
    assert sorted(Path(p).name for p in dry.removed) == ["r1.txt", "r2.txt"] and archive.stats()["reports"] == 3
    pruned = archive.ingest([docs], prune=True)
    assert sorted(Path(p).name for p in pruned.removed) == ["r1.txt", "r2.txt"]
    assert archive.stats()["reports"] == 2
    assert archive.search("执法检查200次").total_documents == 0
    [kept] = archive.search("执法检查100次").results  # its other copy is still there
    assert [Path(p).name for p in archive.provenance(kept.id)["sources"]] == ["copy.txt"]


def test_dry_run_lists_changes_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(report(2023, 1), encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([tmp_path / "a.txt"])
    (tmp_path / "a.txt").write_text(report(2023, 2), encoding="utf-8")
    (tmp_path / "b.txt").write_text(report(2024, 3), encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--dry-run", "--index", str(tmp_path / "index")])
    assert result.exit_code == 0
    assert f"would update: {tmp_path / 'a.txt'}" in result.output and f"would add: {tmp_path / 'b.txt'}" in result.output
    assert archive.search("执法检查1次").total_documents == 1 and archive.stats()["reports"] == 1


def test_check_reports_drift(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("same", "changed", "gone"):
        (docs / f"{name}.txt").write_text(report(2024, len(name)), encoding="utf-8")
    index = str(tmp_path / "index")
    assert cli("ingest", str(docs), "--index", index).returncode == 0
    assert cli("check", str(docs), "--index", index).returncode == 0
    (docs / "changed.txt").write_text(report(2025, 9), encoding="utf-8")
    (docs / "gone.txt").unlink()
    (docs / "new.txt").write_text(report(2026, 1), encoding="utf-8")
    result = cli("check", str(docs), "--json", "--index", index)
    assert result.returncode == 1
    drift = json.loads(result.stdout)
    assert drift["checked"] == 3 and not drift["ok"]
    assert [drift["missing"], drift["changed"], drift["unindexed"]] == [
        [str(docs / "gone.txt")], [str(docs / "changed.txt")], [str(docs / "new.txt")]
    ]  # fmt: skip


def test_rebuild_switches_generations_while_searches_go_on(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for count in range(40):
        (docs / f"r{count:02}.txt").write_text(report(2000 + count % 20, count), encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([docs])
    before = live_dir(archive.index_dir)
    (docs / "r00.txt").unlink()  # a rebuild reads the sources again: this one is gone
    errors: list[BaseException] = []
    counts: list[int] = []
    stop = threading.Event()

    def search() -> None:
        while not stop.is_set():
            try:
                counts.append(Archive(archive.index_dir).search("执法检查").total_documents)
            except BaseException as error:  # noqa: BLE001 - any failure fails the test
                errors.append(error)

    searcher = threading.Thread(target=search)
    searcher.start()
    try:
        result = cli("rebuild", "--batch", "3", "--index", str(archive.index_dir))
    finally:
        stop.set()
        searcher.join()
    assert result.returncode == 1 and "r00.txt" in result.stderr  # the missing source is reported …
    assert "kept as stored" in result.stderr  # … and its report kept as stored, not lost
    assert not errors and counts and set(counts) == {40}
    assert live_dir(archive.index_dir) != before and before.exists()  # the old one is kept until the next rebuild
    assert archive.stats()["reports"] == 40
    assert cli("rebuild", "--index", str(archive.index_dir)).returncode == 1
    assert not before.exists() and archive.stats()["reports"] == 40


def test_parallel_workers_build_the_same_archive(corpus: Path, tmp_path: Path) -> None:
    files = sorted((corpus / "pingtan_zwgk_selected").rglob("*.txt"))
    serial, parallel = Archive(tmp_path / "serial"), Archive(tmp_path / "parallel")
    serial.ingest(files, workers=1)
    stream = io.StringIO()
    summary = parallel.ingest(files, LogProgress(stream, verbose=False), workers=2, batch=2)  # four batches, two workers
    assert summary.ok and len(summary.added) == len(files)
    assert "folding 4 segments" in stream.getvalue()  # (the run's segments, folded into one)
    for query in ("执法", "政府信息公开", "双随机"):
        left, right = serial.search(query, limit=50), parallel.search(query, limit=50)
        assert [(h.id, h.passages) for h in left.results] == [(h.id, h.passages) for h in right.results]


def test_progress_is_logged_when_not_on_a_terminal(tmp_path: Path) -> None:
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", tmp_path / "docs")
    (tmp_path / "docs" / "bad.txt").write_bytes(b"")
    result = cli("ingest", str(tmp_path / "docs"), "-v", "--index", str(tmp_path / "index"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "files: 2 to read, 0 unchanged"
    assert any(line.strip().startswith("added") for line in lines)
    assert lines[-2] == "added 1, updated 0, unchanged 0, removed 0, failed 1"
    assert lines[-1].startswith("  failed: ") and "bad.txt" in lines[-1] and "空" in lines[-1]


@pytest.mark.parametrize("wait", [None, "30"])
def test_a_second_ingest_waits_for_the_lock_or_stops(tmp_path: Path, wait: str | None) -> None:
    (tmp_path / "r.txt").write_text(report(2024, 1), encoding="utf-8")
    archive = Archive(tmp_path / "index")
    archive.ingest([tmp_path / "r.txt"])
    (tmp_path / "r.txt").write_text(report(2024, 2), encoding="utf-8")
    holder = archive.store.write()  # another writer holds the lock
    holder.__enter__()
    args = [sys.executable, "-m", "archive", "ingest", str(tmp_path / "r.txt"), "--index", str(archive.index_dir)]
    process = subprocess.Popen([*args, *(["--wait", wait] if wait else [])], stderr=subprocess.PIPE, text=True)
    if wait:
        assert "waiting" in process.stderr.readline()
        holder.__exit__(None, None, None)  # released while the second one waits
    stderr = process.communicate()[1]
    if not wait:
        holder.__exit__(None, None, None)
        assert process.returncode == 1 and "另一个导入进程" in stderr
        assert archive.search("执法检查1次").total_documents == 1
    else:
        assert process.returncode == 0, stderr
        assert archive.search("执法检查2次").total_documents == 1
