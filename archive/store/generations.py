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

LIVE = "live"
_GENERATION = re.compile(r"^gen-(\d+)$")
_FLAT_INDEX_FILE = re.compile(r"^_?MAIN_")  # Whoosh's files in a folder from before generations


def live_dir(root: Path) -> Path | None:
    """The folder of the live index under ``root``, or ``None`` if there is none."""
    link = root / LIVE
    if link.is_dir():
        return Path(os.path.realpath(link))
    if whoosh_index.exists_in(str(root)):
        return root
    return None


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
