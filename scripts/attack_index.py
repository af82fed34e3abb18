"""Attacks on the index, as a careless or unlucky user makes them; each prints what it cost.

    .venv/bin/python -m scripts.attack_index [ATTACK …]     (default: all; needs root)

- ``rebuild``: sources moved or deleted, then ``rebuild`` twice, and ``rebuild PATH``: reports lost;
- ``prune``: ``ingest --prune`` of a share that is missing or empty: reports lost;
- ``kills``: 30 ingests and rebuilds killed (SIGKILL) at random moments: leftover files, before
  and after the next writer; reports lost;
- ``disk``: ingests into a 3 MB tmpfs until it is full: the answer, leftover bytes, the rerun;
- ``faults``: remove during an ingest, a ``live`` link to a deleted generation, an index folder
  the user may not write: the answers (a traceback or a message).

Everything runs in a temporary folder on loopback-free local files; loops are bounded.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

NOBODY = 65534
REPORT = "某区第{n}局2024年度工作总结\n一、主要成效\n全年开展执法检查{count}次，罚款16.97万元。\n"
_FILLER = "二、{n}年重点工作\n坚持依法行政，第{n}项工作按计划推进，开展专项检查{n}次。\n"


def cli(*args: str, user: int | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``report-archive ARGS`` in a process of its own (as ``user`` if given), bounded in time."""
    command = [sys.executable, "-m", "archive", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def write_reports(folder: Path, count: int, first: int = 0, size: int = 0) -> Path:
    """``count`` small distinct reports in ``folder`` (``size`` more sections each, for bulk)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(first, first + count):
        body = REPORT.format(n=n, count=1000 + n) + "".join(_FILLER.format(n=k + n) for k in range(size))
        (folder / f"report{n}.txt").write_text(body, encoding="utf-8")
    return folder


@contextmanager
def mounted_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (``3m``) mounted at ``folder`` for the block: a disk that fills up."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True, capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(path: Path) -> Path:
    """A file at ``path`` that takes all the space left on its disk."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while os.write(descriptor, bytes(4096)):
            pass
    except OSError:
        pass
    finally:
        os.close(descriptor)
    return path


def leftovers(index: Path, all_files: bool = False) -> list[str]:
    """What writers that died left in the index folder ``index`` (or, with ``all_files``, every
    file and folder in it): staging and temporary folders, tables of contents not in place,
    segment files the table of contents does not name, switch links, generations newer than
    the live one."""
    from whoosh import index as whoosh_index
    from whoosh.filedb.filestore import FileStorage

    if all_files:
        return sorted(str(path.relative_to(index)) for path in index.rglob("*"))
    found = []
    live = Path(os.path.realpath(index / "live"))
    number = int(live.name.split("-")[1])
    for path in index.iterdir():
        if path.name.startswith(".live.") or (path.name.startswith("gen-") and int(path.name[4:]) > number):
            found.append(path.name)
    storage = FileStorage(str(live))
    toc = whoosh_index.FileIndex(storage)._read_toc()
    named = {segment.segment_id() for segment in toc.segments}
    for path in live.iterdir():
        name = path.name
        if name.startswith("staging-") or name == "MAIN.tmp" or (name.startswith("_MAIN_") and name != f"_MAIN_{toc.generation}.toc"):
            found.append(f"{live.name}/{name}")
        elif name.startswith("MAIN_") and name != "MAIN_WRITELOCK" and name.split(".")[0] not in named:
            found.append(f"{live.name}/{name}")
    return sorted(found)


def _count(index: Path, numbers: range) -> int:
    """How many of the reports ``numbers`` the index holds."""
    from archive import Archive

    archive = Archive(index)
    try:
        return sum(archive.count(f"执法检查{1000 + n}次") for n in numbers)
    finally:
        archive.close()


def attack_rebuild(root: Path) -> None:
    docs = write_reports(root / "docs", 20)
    index = root / "index"
    cli("ingest", str(docs), "--index", str(index))
    for n in range(5):
        (docs / f"report{n}.txt").unlink()  # moved away, or a share not mounted
    first = cli("rebuild", "--index", str(index)).returncode
    after_one = _count(index, range(20))
    cli("rebuild", "--index", str(index))
    after_two = _count(index, range(20))
    cli("rebuild", str(docs / "report10.txt"), "--index", str(index))
    after_path = _count(index, range(20))
    print(f"rebuild: 20 reports, 5 sources gone → rebuild exit {first}: {20 - after_one} lost; "
          f"second rebuild: {20 - after_two} lost; rebuild of one file: {20 - after_path} lost")


def attack_prune(root: Path) -> None:
    index = root / "index"
    share = write_reports(root / "share", 20)
    cli("ingest", str(share), "--index", str(index))
    for path in share.iterdir():
        path.unlink()
    empty = cli("ingest", "--prune", str(share), "--index", str(index))
    after_empty = _count(index, range(20))
    share.rmdir()
    missing = cli("ingest", "--prune", str(share), "--index", str(index))
    after_missing = _count(index, range(20))
    print(f"prune: 20 reports; share empty → exit {empty.returncode}, {20 - after_empty} lost; "
          f"share missing → exit {missing.returncode}, {20 - after_missing} lost")


def attack_kills(root: Path, kills: int = 30, seed: int = 11) -> None:
    rng = random.Random(seed)
    docs = write_reports(root / "docs", 400)
    index = root / "index"
    cli("ingest", str(docs / "report0.txt"), "--index", str(index))
    base = [sys.executable, "-m", "archive"]
    options = ["--index", str(index), "--batch", "3", "--workers", "2"]
    for kill in range(kills):
        command = [*base, "rebuild", *options] if kill % 3 == 2 else [*base, "ingest", str(docs), *options]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 8.0))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    before = len(leftovers(index))
    stored = _count(index, range(400))
    cli("remove", "no-such-report", "--index", str(index))  # the next writer, doing nothing else
    after = len(leftovers(index))
    final = cli("ingest", str(docs), "--index", str(index))
    print(f"kills: {kills} SIGKILLs → {before} leftover files/folders; after the next writer: {after}; "
          f"{stored} reports committed, rerun exit {final.returncode}, {400 - _count(index, range(400))} missing after it")


def attack_disk(root: Path, corpus: Path) -> None:
    with mounted_tmpfs(root / "disk", "3m") as disk:
        index = disk / "index"
        cli("ingest", str(write_reports(root / "seed", 1)), "--index", str(index))
        used = shutil.disk_usage(disk).used
        result = cli("ingest", str(corpus / "gwr_provincial_2026"), "--index", str(index), "--workers", "2")
        left = shutil.disk_usage(disk).used - used
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)  # space freed
        rerun = cli("ingest", str(corpus / "gwr_provincial_2026"), "--index", str(index), "--workers", "2")
        last = (result.stderr.strip().splitlines() or [""])[-1][:160]
        print(f"disk: ingest into a full 3 MB disk → exit {result.returncode}, traceback: {'Traceback' in result.stderr}, "
              f"{left // 1024} kB more used, rerun with space exit {rerun.returncode}\n    {last}")


def attack_faults(root: Path) -> None:
    from archive import Archive

    docs = write_reports(root / "docs", 2)
    index = root / "index"
    cli("ingest", str(docs), "--index", str(index))
    archive = Archive(index)
    with archive.store.write():
        locked = cli("remove", archive.search("执法检查1000次").results[0].id, "--index", str(index))
    archive.close()
    root.chmod(0o755)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    unwritable = cli("ingest", str(docs), "--index", str(index), user=NOBODY)
    shutil.rmtree(index / os.readlink(index / "live"))
    dangling = cli("ingest", str(docs), "--index", str(index))
    for name, result in (("remove during ingest", locked), ("unwritable folder", unwritable), ("dangling live", dangling)):
        answer = "traceback " + result.stderr.strip().splitlines()[-1] if "Traceback" in result.stderr else result.stderr.strip()[-160:]
        print(f"{name}: exit {result.returncode}: {answer}")


ATTACKS = ("rebuild", "prune", "kills", "disk", "faults")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("attacks", nargs="*", metavar="ATTACK", help=f"any of {', '.join(ATTACKS)} (default: all)")
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus")
    options = parser.parse_args()
    if unknown := set(options.attacks) - set(ATTACKS):
        parser.error(f"unknown attacks: {', '.join(sorted(unknown))}")
    for name in options.attacks or ATTACKS:
        folder = Path(tempfile.mkdtemp(prefix=f"attack-{name}-"))
        try:
            if name == "disk":
                attack_disk(folder, options.corpus)
            else:
                globals()[f"attack_{name}"](folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
