"""The index under faults: another writer, a dangling ``live`` link, a folder this user may not
write, the disk full during a commit, writers killed midway, hostile file names. Each answer is a
plain message (exit 1, no traceback) and nothing is lost; leftovers go at the next writer.

The real CLI in processes of its own, on real files and a real index; the disk is a small tmpfs
mounted for the test (root only). ``scripts/attack_index.py`` runs the same attacks in bulk.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest

from archive import Archive
from scripts.attack_index import NOBODY, cli, fill, leftovers, mounted_tmpfs, write_reports

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounts a tmpfs and runs as another user: needs root")


def _plain(result: subprocess.CompletedProcess, *words: str) -> None:
    """A refusal as a person should see it: exit 1, the words, no traceback."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Error:" in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder every user may read (pytest's own is root's only)."""
    folder = Path(tempfile.mkdtemp(prefix="archive-attack-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def mountable(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Skips where even root may not mount (a container without the capability)."""
    try:
        with mounted_tmpfs(tmp_path_factory.mktemp("probe"), "1m"):
            pass
    except subprocess.CalledProcessError:
        pytest.skip("cannot mount a tmpfs here")


def test_remove_while_another_writer_holds_the_lock(tmp_path: Path) -> None:
    docs = write_reports(tmp_path / "docs", 2)
    index = tmp_path / "index"
    assert cli("ingest", str(docs), "--index", str(index)).returncode == 0
    archive = Archive(index)
    [hit] = archive.search("执法检查1000次").results
    with archive.store.write():  # an ingest in progress
        _plain(cli("remove", hit.id, "--index", str(index)), "另一个导入进程正在写入")
    assert cli("remove", hit.id, "--index", str(index)).returncode == 0


def test_a_live_link_to_a_deleted_generation_says_what_to_do(tmp_path: Path) -> None:
    docs = write_reports(tmp_path / "docs", 2)
    index = tmp_path / "index"
    assert cli("ingest", str(docs), "--index", str(index)).returncode == 0
    shutil.rmtree(index / os.readlink(index / "live"))
    for command in (["search", "执法检查"], ["stats"], ["ingest", str(docs)], ["remove", "x"], ["rebuild"]):
        _plain(cli(*command, "--index", str(index)), "live", "已不存在")
    assert sorted(os.listdir(index)) == ["live"]  # no empty index was started over it

    from web import create_app

    response = create_app({"INDEX_DIR": index, "TESTING": True}).test_client().get("/?q=执法检查")
    assert response.status_code == 503 and "已不存在" in response.get_data(as_text=True)


def test_a_live_link_copied_as_a_file_is_read_or_said_plainly(tmp_path: Path) -> None:
    """A copy through a tool or file system without links writes ``live`` as a file holding its
    target (``gen-1``): search and ingest said there was no index, then failed on an assertion.
    Such a file is read as the link (an ingest adds to its generation); one naming no generation
    is damage, said with what to do."""
    docs = write_reports(tmp_path / "docs", 3)
    index = tmp_path / "index"
    assert cli("ingest", str(docs / "report0.txt"), str(docs / "report1.txt"), "--index", str(index)).returncode == 0
    target = os.readlink(index / "live")
    (index / "live").unlink()
    (index / "live").write_text(target + "\n", encoding="utf-8")
    found = cli("search", "执法检查1000次", "--index", str(index))
    assert found.returncode == 0 and "No index" not in found.stderr and "执法检查1000次" in found.stdout
    assert cli("ingest", str(docs), "--index", str(index)).returncode == 0
    assert Archive(index).stats()["reports"] == 3
    (index / "live").unlink(missing_ok=True)
    (index / "live").write_text("junk", encoding="utf-8")
    for command in (["search", "执法检查"], ["ingest", str(docs)]):
        _plain(cli(*command, "--index", str(index)), "live", "普通文件", "ln -sfn")


def test_an_index_folder_this_user_may_not_write(shared_tmp: Path) -> None:
    docs = write_reports(shared_tmp / "docs", 2)
    index = shared_tmp / "index"
    assert cli("ingest", str(docs), "--index", str(index)).returncode == 0
    os.chmod(shared_tmp, 0o755)
    for path in [shared_tmp, *shared_tmp.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert cli("search", "执法检查1000次", "--index", str(index), user=NOBODY).returncode == 0  # reading still works
    _plain(cli("ingest", str(docs / "report0.txt"), "--index", str(index), user=NOBODY), "不可写", "--index")
    _plain(cli("remove", "x", "--index", str(index), user=NOBODY), "不可写")
    _plain(cli("ingest", str(docs), "--index", str(shared_tmp / "new" / "index"), user=NOBODY), "不可写")
    assert Archive(index).stats()["reports"] == 2


def test_disk_full_during_an_ingest_is_cleaned_up_and_said_plainly(tmp_path: Path, corpus: Path, mountable: None) -> None:
    with mounted_tmpfs(tmp_path / "disk", "3m") as disk:
        index = disk / "index"
        seed = write_reports(tmp_path / "seed", 1)
        assert cli("ingest", str(seed), "--index", str(index)).returncode == 0
        result = cli("ingest", str(corpus / "gwr_provincial_2026"), "--index", str(index), "--workers", "2")
        _plain(result, "磁盘已满", "disk full")
        assert leftovers(index) == []  # nothing the failed run wrote stayed (batches committed before it did)
        assert Archive(index).count("执法检查1000次") == 1  # the earlier commit is intact
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        result = cli("ingest", str(corpus / "gwr_provincial_2026"), "--index", str(index), "--workers", "2")
        assert result.returncode == 0, result.stderr  # the rerun does not fail the same way


def test_disk_full_during_a_commit_in_the_writer_is_cleaned_up(tmp_path: Path, mountable: None) -> None:
    """A file identical to a stored report is committed by the writer itself (the report stored
    again with one more source): with the disk full, that commit fails and leaves nothing."""
    with mounted_tmpfs(tmp_path / "disk", "4m") as disk:
        index = disk / "index"
        docs = write_reports(tmp_path / "docs", 1, size=200)
        assert cli("ingest", str(docs), "--index", str(index)).returncode == 0
        copy = tmp_path / "copy.txt"
        shutil.copy(docs / "report0.txt", copy)
        before = set(leftovers(index, all_files=True))
        filler = fill(disk / "filler")
        _plain(cli("ingest", str(copy), "--index", str(index)), "磁盘已满")
        assert set(leftovers(index, all_files=True)) == before
        filler.unlink()
        assert cli("ingest", str(copy), "--index", str(index)).returncode == 0
        assert Archive(index).provenance(Archive(index).search("执法检查1000次").results[0].id)["sources"][1:]


def _kill_when(process: subprocess.Popen, ready, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_leftovers_of_killed_writers_are_removed_by_the_next_writer(tmp_path: Path) -> None:
    docs = write_reports(tmp_path / "docs", 300)
    index = tmp_path / "index"
    assert cli("ingest", str(docs / "report0.txt"), "--index", str(index)).returncode == 0
    command = [sys.executable, "-m", "archive", "--index", str(index), "--batch", "1", "--workers", "1"]
    ingest = subprocess.Popen([*command[:3], "ingest", str(docs), *command[3:]], stderr=subprocess.DEVNULL)
    _kill_when(ingest, lambda: any(name.startswith("staging-") for name in os.listdir(index / "live")))
    rebuild = subprocess.Popen([*command[:3], "rebuild", *command[3:]], stderr=subprocess.DEVNULL)
    _kill_when(rebuild, lambda: len([name for name in os.listdir(index) if name.startswith("gen-")]) > 1)
    left = leftovers(index)
    assert left, "the kills left nothing to clean: the test did not test"
    reports = Archive(index).stats()["reports"]
    assert cli("remove", "no-such-report", "--index", str(index)).returncode == 1  # any writer
    assert leftovers(index) == []
    assert Archive(index).stats()["reports"] == reports


def test_file_names_with_escapes_and_newlines_are_printed_escaped(tmp_path: Path) -> None:
    docs = write_reports(tmp_path / "docs", 2)
    evil = docs / "evil\x1b[2J\x1b[31mred\x07\x08\nfake: added 99.txt"
    (docs / "report1.txt").rename(evil)
    index = tmp_path / "index"
    result = cli("ingest", "-v", str(docs), "--index", str(index))
    assert result.returncode == 0
    assert "\x1b" not in result.stderr + result.stdout and "\\x1b[2J" in result.stderr
    assert "red\\x07\\x08\\nfake" in result.stderr
    for hit in Archive(index).search("执法检查").results:  # ``show`` printed the source's BEL and backspace as they are
        shown = cli("show", hit.id, "--index", str(index)).stdout
        assert not set("\x1b\x07\x08") & set(shown) and "来源:" in shown
    evil.write_text("changed\n执法检查\n", encoding="utf-8")
    result = cli("check", "--index", str(index))
    assert result.returncode == 1 and "\x1b" not in result.stdout and "\\x1b[31mred\\x07\\x08\\nfake" in result.stdout
