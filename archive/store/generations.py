"""Generations of an index: a rebuild writes a new one beside the live one, then switches.

An index folder holds generation folders (``gen-1``, ``gen-2``, …), each a
complete Whoosh index, and ``live``, a symbolic link to the one searches use.
Switching replaces the link in one rename, so a search opens either the old
generation or the new one, never a mix; readers open the generation's own
folder, so one already open keeps working. The generation a switch replaced is
kept until the next rebuild starts, so that searches still reading it finish.

An index folder from before generations (a Whoosh index directly in the folder)
is read as it is until its first rebuild.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage

from archive.errors import IndexDamaged

LIVE = "live"
_GENERATION = re.compile(r"^gen-(\d+)$")
_FLAT_INDEX_FILE = re.compile(r"^_?MAIN_")  # Whoosh's files in a folder from before generations
# What a writer that died leaves in a generation: its run's staging folder, and what a commit
# writes besides segments: Whoosh's temporary folder, a table of contents not yet renamed into
# place (``_MAIN_3.toc.1733050000.12``), a vocabulary file not yet renamed (``vocabulary.txt.4242``).
_STAGING = re.compile(r"^staging-\d+$")
_COMMIT_TEMPORARY = re.compile(r"^(MAIN\.tmp|_MAIN_\d+\.toc\..+|vocabulary\.txt\.\d+)$")
_SWITCHING = f".{LIVE}."  # the prefix of the link a switch renames over ``live``


def live_dir(root: Path) -> Path | None:
    """The folder of the live index under ``root``, or ``None`` if there is none.

    A ``live`` link to a generation that is gone raises ``IndexDamaged`` (it is not "no
    index yet": an ingest would start an empty one over the reports that were there). A plain
    file ``live`` naming a generation stands for the link (a copy that lost it: ingest and search
    then failed on an assertion, after saying there was no index); one naming none is damage.
    """
    link = root / LIVE
    if link.is_dir():
        return Path(os.path.realpath(link))
    if link.is_symlink():
        others = sorted((p.name for p in root.iterdir() if _GENERATION.match(p.name) and p.is_dir()), key=_number)
        hint = (f"可将 live 改指向仍在的 {others[-1]}（ln -sfn {others[-1]} {link}），或" if others else "请从备份恢复，或")
        raise IndexDamaged(
            f"索引已损坏：{link} 指向的 {os.readlink(link)} 已不存在。{hint}删除 {link} 后重新导入全部报告 "
            f"(the live link points to a generation that was deleted: point it at another one or re-ingest)"
        )
    if link.is_file():  # (a copy through a tool or a file system without links writes the target as text)
        named = link.read_text(encoding="utf-8", errors="replace").strip()
        if _GENERATION.match(named) and (root / named).is_dir():
            return Path(os.path.realpath(root / named))
        raise IndexDamaged(
            f"索引已损坏：{link} 应为指向某一代索引（gen-N）的链接，却是内容为“{named[:40]}”的普通文件。"
            f"请改为链接（ln -sfn gen-N {link}），或从备份恢复 (the live link is a plain file naming no generation)"
        )
    if whoosh_index.exists_in(str(root)):
        return root
    return None


def _number(name: str) -> int:
    match = _GENERATION.match(name)
    return int(match[1]) if match else 0


def new_generation(root: Path, schema: Schema) -> Path:
    """A new generation folder under ``root`` holding an empty index; not live yet."""
    root.mkdir(parents=True, exist_ok=True)
    number = max((int(m[1]) for m in map(_GENERATION.match, os.listdir(root)) if m), default=0) + 1
    while True:
        folder = root / f"gen-{number}"
        try:
            folder.mkdir()
            break
        except FileExistsError:  # another process took this number
            number += 1
    whoosh_index.create_in(str(folder), schema)
    return folder


def create_first_generation(root: Path, schema: Schema) -> Path:
    """Create the first generation of an index at ``root`` and make it live.

    If another process creates one at the same time, its generation wins and
    is returned.
    """
    folder = new_generation(root, schema)
    try:
        os.symlink(folder.name, root / LIVE)
    except FileExistsError:
        shutil.rmtree(folder, ignore_errors=True)
    live = live_dir(root)
    assert live is not None
    return live


def switch(root: Path, folder: Path) -> None:
    """Make the generation ``folder`` live, in one atomic rename."""
    temporary = root / f".{LIVE}.{os.getpid()}"
    temporary.unlink(missing_ok=True)
    os.symlink(folder.name, temporary)
    os.replace(temporary, root / LIVE)


def remove_stale(root: Path) -> None:
    """Remove every generation but the live one, and a pre-generation index that one replaced."""
    live = live_dir(root)
    for name in os.listdir(root):
        path = root / name
        if _GENERATION.match(name) and path.is_dir() and Path(os.path.realpath(path)) != live:
            shutil.rmtree(path, ignore_errors=True)
        elif live != root and _FLAT_INDEX_FILE.match(name) and path.is_file():
            path.unlink(missing_ok=True)


def remove_leftovers(root: Path) -> int:
    """Remove what writers that died left under ``root`` (killed, or the disk full); return how
    many files and folders went. Called by the writer holding the lock, before it writes.

    That is: in the live generation, staging folders, Whoosh's temporary folder, tables of
    contents not renamed into place and segment files no table of contents names; beside it,
    the link of a switch not made and the generations of rebuilds that died before their
    switch (newer than the live one; the older one stays for searches still reading it).
    """
    live = live_dir(root)
    if live is None:
        return 0
    removed = 0
    for path in root.iterdir() if live != root else ():
        dead_rebuild = _GENERATION.match(path.name) and _number(path.name) > _number(live.name) and path.is_dir()
        if path.name.startswith(_SWITCHING) or dead_rebuild:
            _remove(path)
            removed += 1
    for path in live.iterdir():
        if _STAGING.match(path.name):
            _remove(path)
            removed += 1
    return removed + remove_unreferenced(live)


def remove_unreferenced(folder: Path) -> int:
    """Remove what commits to the index in ``folder`` wrote that its table of contents does
    not name (a commit that failed, or died, after writing it); return how many went."""
    storage = FileStorage(str(folder))
    before = set(os.listdir(folder))
    for name in before:
        if _COMMIT_TEMPORARY.match(name):
            _remove(folder / name)
    index = whoosh_index.FileIndex(storage)
    toc = index._read_toc()
    whoosh_index.clean_files(storage, index.indexname, toc.generation, toc.segments)
    return len(before - set(os.listdir(folder)))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
