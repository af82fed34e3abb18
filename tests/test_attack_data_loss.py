"""Never lose a report: a rebuild keeps what it cannot re-read, and a prune refuses to empty the
index because a folder is missing (an unmounted share). Real files, a real index, the real CLI.
The attacks as a script to rerun: ``scripts/attack_index.py rebuild`` and ``… prune``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive import Archive
from archive.cli import main
from scripts.attack_index import write_reports


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--workers", "1"] if args[0] in ("ingest", "rebuild") else list(args))


def _reports(folder: Path, count: int, first: int = 0) -> list[Path]:
    write_reports(folder, count, first)
    return [folder / f"report{n}.txt" for n in range(first, first + count)]


def _count(index: Path, n: int) -> int:
    archive = Archive(index)
    try:
        return archive.count(f"执法检查{1000 + n}次")
    finally:
        archive.close()


@pytest.mark.parametrize("damage", ["vanished", "unreadable"])
def test_rebuild_keeps_a_report_it_cannot_read_again(damage: str, tmp_path: Path) -> None:
    index = tmp_path / "index"
    files = _reports(tmp_path / "docs", 3)
    assert _cli("ingest", str(tmp_path / "docs"), "--index", str(index)).exit_code == 0
    if damage == "vanished":
        files[1].unlink()
    else:
        files[1].write_bytes(bytes(range(256)) * 8)  # now binary: it cannot be read as a report
    for _ in range(2):  # the second rebuild used to delete the only copy
        result = _cli("rebuild", "--index", str(index))
        assert result.exit_code == 1, result.output  # the failure is reported …
        assert "kept" in result.output and "report1.txt" in result.output  # … and the stored version kept
        assert [_count(index, n) for n in range(3)] == [1, 1, 1]


def test_rebuild_of_some_paths_adds_to_the_rest_unless_only(tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = _reports(tmp_path / "a", 2)
    _reports(tmp_path / "b", 1, first=2)
    assert _cli("ingest", str(tmp_path / "a"), str(tmp_path / "b"), "--index", str(index)).exit_code == 0
    result = _cli("rebuild", str(first[0]), "--index", str(index))
    assert result.exit_code == 0, result.output
    assert Archive(index).stats()["reports"] == 3  # one report re-read, the other two kept
    result = _cli("rebuild", str(tmp_path / "a"), "--only", "--index", str(index))
    assert result.exit_code == 0, result.output
    assert Archive(index).stats()["reports"] == 2  # asked for: the index holds only a/


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_prune_refuses_a_missing_or_empty_folder(state: str, tmp_path: Path) -> None:
    index = tmp_path / "index"
    docs = tmp_path / "share"
    _reports(docs, 3)
    assert _cli("ingest", str(docs), "--index", str(index)).exit_code == 0
    for path in docs.iterdir():
        path.unlink()
    if state == "missing":
        docs.rmdir()  # an unmounted share: the mount point gone, or empty below
    result = _cli("ingest", "--prune", str(docs), "--index", str(index))
    assert result.exit_code == 1, result.output
    assert ("不存在" if state == "missing" else "为空") in result.output and "Traceback" not in result.output
    assert Archive(index).stats()["reports"] == 3


def test_prune_of_a_large_share_asks_for_yes(tmp_path: Path) -> None:
    index = tmp_path / "index"
    docs = tmp_path / "docs"
    files = _reports(docs, 30)
    assert _cli("ingest", str(docs), "--index", str(index)).exit_code == 0
    for path in files[:20]:
        path.unlink()
    result = _cli("ingest", "--prune", str(docs), "--index", str(index))
    assert result.exit_code == 1 and "--yes" in result.output, result.output
    assert Archive(index).stats()["reports"] == 30
    result = _cli("ingest", "--prune", "--yes", str(docs), "--index", str(index))
    assert result.exit_code == 0, result.output
    assert Archive(index).stats()["reports"] == 10


def test_prune_of_a_few_removed_files_needs_no_confirmation(tmp_path: Path) -> None:
    index = tmp_path / "index"
    docs = tmp_path / "docs"
    files = _reports(docs, 30)
    assert _cli("ingest", str(docs), "--index", str(index)).exit_code == 0
    files[0].unlink()
    assert _cli("ingest", "--prune", str(docs), "--index", str(index)).exit_code == 0
    files[1].unlink()
    assert _cli("ingest", "--prune", str(files[1]), "--index", str(index)).exit_code == 0  # a file, not a folder
    assert Archive(index).stats()["reports"] == 28
