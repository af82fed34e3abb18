"""The embedded index: ``WhooshStore``, the ``Store`` of the gateway (``archive.store.gateway``)
over a folder of Whoosh index generations."""

from __future__ import annotations

import errno
import os
import shutil
import threading
import time
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from whoosh.index import Index
from whoosh.searching import Searcher

from archive.errors import IndexDamaged, IndexMissing, disk_full, is_disk_full
from archive.model import Record
from archive.settings import Settings
from archive.store import generations
from archive.store.layout import record_of, restored_document
from archive.store.locking import write_lock
from archive.store.schema import SCHEMA, check_current, open_folder, open_index, stored_documents
from archive.store.merging import fold, segment_count
from archive.store.segments import BuiltSegment, SegmentBatch, add_vocabulary, commit, open_staging, read_vocabulary
from archive.store.snapshot import Caches, WhooshSnapshot, snapshot_of
from archive.text.normalize import is_text

OPEN_ATTEMPTS = 20


class WhooshStore:
    """The Whoosh index generations in ``folder`` (see ``archive.store.generations``)."""

    def __init__(self, folder: Path, settings: Settings):
        self.folder = Path(folder)
        self.settings = settings
        self.caches = Caches(settings)  # shared by its snapshots (and read by tests)
        self._local = threading.local()  # each thread's searcher: Whoosh's file readers aren't thread-safe
        self._open: weakref.WeakSet[Searcher] = weakref.WeakSet()  # every live thread's, closed with the store
        weakref.finalize(self, _close_all, self._open)

    @property
    def exists(self) -> bool:
        return generations.live_dir(self.folder) is not None

    def snapshot(self) -> WhooshSnapshot:
        """The snapshot of the last commit, from this thread's searcher.

        The searcher is kept open per thread and reopened only when a commit (or a rebuild's
        switch of generation) has landed since, so a query doesn't pay for opening the index.
        Opening is retried when a concurrent commit removes a segment file between reading
        the table of contents and the file.
        """
        folder, cached = getattr(self._local, "open", (None, None))
        live = generations.live_dir(self.folder)
        if cached is None or folder != live or not cached.up_to_date():
            if cached is not None:
                cached.close()
                self._open.discard(cached)
            cached = self._open_searcher()
            self._local.open = live, cached
            self._open.add(cached)
        return snapshot_of(cached, self.caches)

    def _open_searcher(self) -> Searcher:
        attempts = 0
        while True:
            try:
                index = self._index()
                check_current(index, self.folder)
                return index.searcher()
            except FileNotFoundError:
                attempts += 1
                if attempts == OPEN_ATTEMPTS or not self.exists:
                    raise
                time.sleep(0.05)

    def _index(self) -> Index:
        index = open_index(self.folder)
        if index is None:
            raise IndexMissing(f"索引不存在：{self.folder}（请先运行 report-archive ingest）(no index yet: ingest first)")
        return index

    @contextmanager
    def write(self, wait: float = 0.0, on_wait: Callable[[float], None] | None = None,
              create: bool = True, outdated_ok: bool = False) -> Iterator[WhooshWriter]:  # fmt: skip
        """Hold the write lock of the live index (``archive.store.locking``), after removing
        what writers that died left. A full disk (``DiskFull``, what the failed write left
        removed) and a folder this process may not write (``IndexDamaged``) are said plainly."""
        try:
            with write_lock(self.folder, wait, create=create, on_wait=on_wait) as index:
                if not outdated_ok:
                    check_current(index, self.folder)
                generations.remove_leftovers(self.folder)
                writer = WhooshWriter(self.folder, index, self.settings)
                try:
                    yield writer
                finally:
                    writer.close()
        except OSError as error:
            if is_disk_full(error):
                raise disk_full(self.folder) from None
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and self._inside(error.filename):
                raise IndexDamaged(
                    f"索引文件夹 {self.folder} 不可写（{error.strerror}：{error.filename}）。请用对它有写权限的用户运行，"
                    f"或用 --index 指定可写的文件夹；检索不受影响 (the index folder is not writable: "
                    f"run as a user who may write it, or choose another with --index; searching still works)"
                ) from None
            raise

    def _inside(self, filename: object) -> bool:
        """Whether ``filename`` (of an ``OSError``) is in the index folder, or a folder above it
        being created for it."""
        if not isinstance(filename, str):
            return False
        path, folder = Path(os.path.abspath(filename)), Path(os.path.abspath(self.folder))
        return path.is_relative_to(folder) or folder.is_relative_to(path)

    def size_on_disk(self) -> int:
        """The size of the files of the live index. A file a concurrent commit removes
        meanwhile counts nothing; a generation a rebuild removes meanwhile, the next."""
        for _ in range(OPEN_ATTEMPTS):
            folder = generations.live_dir(self.folder)
            if folder is None:
                break
            size = 0
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        try:
                            size += entry.stat().st_size if entry.is_file() else 0
                        except FileNotFoundError:
                            pass
            except FileNotFoundError:
                continue
            return size
        return 0

    def close(self) -> None:
        _close_all(self._open)


class WhooshWriter:
    """The live index (or a fresh generation) while the write lock is held: a ``Writer``."""

    def __init__(self, root: Path, index: Index, settings: Settings):
        self.root = root
        self.index = index
        self.settings = settings
        self._staging: Path | None = None

    def records(self) -> Iterator[Record]:
        with self.index.reader() as reader:
            for stored in reader.all_stored_fields():
                yield record_of(stored)

    def batch(self, number: int) -> SegmentBatch:
        return SegmentBatch.create(self._scratch(), number, self.index.schema)

    def _scratch(self) -> Path:
        """This run's staging folder (its batches, a fold's parts), made when first asked for."""
        if self._staging is None:
            self._staging = open_staging(self.index)
        return self._staging

    def commit(self, delete: Iterable[str], restore: Mapping[str, Record], built: Sequence[BuiltSegment]) -> None:
        commit(self.index, delete, restore, built)

    def parts(self) -> int:
        return segment_count(self.index)

    def fold(self, newest: int | None = None, workers: int = 1) -> int:
        return fold(self.index, newest, workers, self._scratch() if workers > 1 else None,
                    self.settings.fold_parallel_bytes)  # fmt: skip

    def remove(self, doc_id: str) -> bool:
        if not is_text(doc_id):
            return False
        with self.index.searcher() as searcher:
            if searcher.document_number(id=doc_id) is None:
                return False
        commit(self.index, [doc_id], {}, [])
        return True

    @contextmanager
    def fresh(self) -> Iterator[FreshWhooshWriter]:
        """A new generation beside the live one; the one a previous switch replaced is removed first."""
        generations.remove_stale(self.root)
        folder = generations.new_generation(self.root, SCHEMA)
        writer = FreshWhooshWriter(self.root, open_folder(folder), self.settings)
        try:
            yield writer
        finally:
            writer.close()
            if not writer.switched:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None


class FreshWhooshWriter(WhooshWriter):
    switched = False

    def carry(self, source: WhooshWriter, records: Sequence[Record]) -> None:
        if not records:
            return
        with source.index.searcher() as searcher:
            stored = stored_documents(searcher, [record.id for record in records])
            documents = [restored_document(document, record) for document, record in zip(stored, records)]
        # their words come along in the vocabulary (all of the source's: a superset costs nothing)
        add_vocabulary(Path(self.index.storage.folder), set(read_vocabulary(Path(source.index.storage.folder))))
        commit(self.index, [], {}, [], documents)

    def make_live(self) -> None:
        generations.switch(self.root, Path(self.index.storage.folder))
        self.switched = True


def _close_all(searchers: weakref.WeakSet[Searcher]) -> None:
    # Taken out as they are closed: closing the store and then its finalizer must not close one twice.
    for searcher in list(searchers):  # strong references: one may die while the set is emptied
        searchers.discard(searcher)
        searcher.close()
