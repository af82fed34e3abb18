"""The Whoosh index as a ``Snapshot`` (``archive.store.gateway``): postings, live documents,
per-document columns, texts and reports, as arrays.

Whoosh's matchers walk postings one document at a time in Python, which made a
query over common characters cost milliseconds per thousand reports. Here a
term's postings are read a block at a time into numpy arrays, so that a set of
reports is a boolean mask over document numbers (``archive.search.matching``) and
ranking is vector arithmetic (``archive.search.run``).

A segment's postings, texts and reports never change once written (deletions
are applied through the live mask), so they are cached for the whole process,
keyed by segment: every thread's searcher, and the next one after a commit, share
them. Cached values are shared: callers must not change them.
"""

from __future__ import annotations

import re

import threading
import weakref
from collections import OrderedDict
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from archive.model import Record
from archive.settings import Settings
from archive.store.gateway import Mask
from archive.store.layout import StoredReport, from_stored, paragraph_texts, record_of
from archive.store.segments import read_vocabulary

_NO_IDS = np.zeros(0, dtype=np.int32)
_NO_YEAR = 2**32 - 1  # the year column's default (32-bit, unsigned)
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


class _Cache:
    """A thread-safe LRU cache bounded by the total ``size`` of its values."""

    def __init__(self, budget: int, size: Callable[[Any], int]):
        self._budget = budget
        self._size = size
        self._used = 0
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> Any:
        """The value cached for ``key``, or None."""
        with self._lock:
            return self._items.get(key)

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            if key not in self._items:
                self._items[key] = value
                self._used += self._size(value)
                while self._used > self._budget and len(self._items) > 1:
                    self._used -= self._size(self._items.popitem(last=False)[1])
        return value


# What an entry of the postings cache costs by itself, in postings (8 bytes each): its key and
# two arrays take about 400 bytes. Counted as nothing, the entries of terms found nowhere (every
# query of distinct rare characters adds dozens) grew a server from 334 MB to 1,136 MB.
_POSTINGS_ENTRY = 50


class Caches:
    """The caches a store's snapshots share, bounded by ``settings``' budgets."""

    def __init__(self, settings: Settings):
        self.postings = _Cache(settings.postings_budget, lambda postings: _POSTINGS_ENTRY + len(postings[0]))
        self.frequencies = _Cache(settings.frequencies_budget, lambda frequency: 1)
        self.reports = _Cache(settings.reports_budget, lambda stored: 1 + len(stored.report.paragraphs))
        self.texts = _Cache(settings.texts_budget, lambda texts: sum(map(len, texts)))


class _Leaf:
    """One segment of the index: its reader, its first global document number and its key."""

    def __init__(self, reader: IndexReader, offset: int, caches: Caches):
        self.reader = reader
        self.offset = offset
        self.caches = caches
        # Whoosh names segments with the ``random`` module, which tests (and any
        # program) may seed: the key adds what the segment holds.
        count = reader.doc_count_all()
        ends = [reader.stored_fields(docnum).get("sha256") for docnum in (0, count - 1)] if count else []
        self.key = (reader.segment().segment_id(), count, *ends)

    def texts(self) -> list[str]:
        """Every document's exact text, read all at once the first time a query checks
        documents of the segment: it checks many, and one read of the column is quicker."""
        return self.caches.texts.get(self.key, lambda: list(self._texts))

    def text(self, local: int) -> str:
        """One document's exact text, from the segment's texts if they were read."""
        texts = self.caches.texts.peek(self.key)
        return texts[local] if texts is not None else self._texts[local]

    @cached_property
    def _texts(self) -> Any:
        return self.reader.column_reader("exact")

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Local document numbers and weights of ``term``, deleted documents included."""
        return self.caches.postings.get((self.key, fieldname, term), lambda: self._read(fieldname, term))

    def doc_frequency(self, fieldname: str, term: str) -> int:
        """How many documents of the segment hold ``term``, deleted ones included."""
        return self.caches.frequencies.get((self.key, fieldname, term), lambda: self.reader.doc_frequency(fieldname, term))

    def _read(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        try:
            matcher = self.reader._terms.matcher(fieldname, term.encode("utf-8"), self.reader.schema[fieldname].format)
        except TermNotFound:
            return _NO_IDS, np.zeros(0, dtype=np.float32)
        return _read_blocks(matcher)


def _read_blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """A posting list read a block at a time (the block layout of Whoosh's ``W3Codec``,
    whose writer, as whoosh-reloaded configures it, never inlines postings in the term table)."""
    ids, weights = [], []
    while True:
        matcher._read_data()
        deltas, block_weights, _ = matcher._data
        ids.append(np.cumsum(np.array(deltas, dtype=np.int32)))  # each block's deltas start from 0
        if block_weights is None or isinstance(block_weights, float):
            weights.append(np.full(len(deltas), 1.0 if block_weights is None else block_weights, dtype=np.float32))
        else:
            weights.append(np.array(block_weights, dtype=np.float32))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(ids), np.concatenate(weights)


class WhooshSnapshot:
    """A Whoosh searcher's index seen as a ``Snapshot``: arrays over its document numbers."""

    def __init__(self, searcher: Searcher, caches: Caches):
        self._searcher = weakref.ref(searcher)  # the searcher holds its snapshot, not the other way round
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self._caches = caches
        self._leaves = [_Leaf(reader, offset, caches) for reader, offset in self.reader.leaf_readers()] if self.size else []
        self._offsets = np.array([leaf.offset for leaf in self._leaves], dtype=np.int64)
        self._keys: dict[str, np.ndarray] = {}
        self._lengths: dict[str, np.ndarray] = {}

    @property
    def searcher(self) -> Searcher:
        searcher = self._searcher()
        if searcher is None:
            raise RuntimeError("the searcher of this snapshot was closed and collected")
        return searcher

    @cached_property
    def live(self) -> Mask:
        """The documents not deleted."""
        live = np.ones(self.size, dtype=bool)
        for leaf in self._leaves:
            deleted = leaf.reader.deleted_docs_set
            if deleted:
                live[leaf.offset + np.fromiter(deleted, np.int64)] = False
        return live

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Global document numbers (ascending) and weights of ``term`` in ``fieldname``."""
        parts = [leaf.postings(fieldname, term) for leaf in self._leaves]
        ids = [leaf.offset + local for leaf, (local, _) in zip(self._leaves, parts) if len(local)]
        if not ids:
            return _NO_IDS, np.zeros(0)
        if len(ids) == 1:
            return ids[0], next(weights for local, weights in parts if len(local))
        return np.concatenate(ids), np.concatenate([weights for local, weights in parts if len(local)])

    def docs(self, fieldname: str, term: str) -> Mask:
        """The live documents holding ``term`` in ``fieldname``."""
        mask = np.zeros(self.size, dtype=bool)
        mask[self.postings(fieldname, term)[0]] = True
        return mask & self.live

    def weights(self, fieldname: str, term: str) -> np.ndarray:
        """Each live document's weight of ``term`` in ``fieldname`` (0 without it)."""
        weights = np.zeros(self.size)
        ids, values = self.postings(fieldname, term)
        weights[ids] = values
        weights[~self.live] = 0
        return weights

    def doc_frequency(self, fieldname: str, term: str) -> int:
        """How many documents hold ``term`` in ``fieldname``, deleted ones included (as in Whoosh's statistics)."""
        return sum(leaf.doc_frequency(fieldname, term) for leaf in self._leaves)

    def none(self) -> Mask:
        return np.zeros(self.size, dtype=bool)

    @cached_property
    def years(self) -> np.ndarray:
        """Each document's year, 0 when it has none (Whoosh's column holds its largest
        unsigned value for a document without one)."""
        years = self._column("year", np.int64)
        years[years == _NO_YEAR] = 0
        return years

    @cached_property
    def dates(self) -> np.ndarray:
        """Each document's ISO date, ``""`` when it has none."""
        return self._column("date", object)

    def _column(self, fieldname: str, dtype: Any) -> np.ndarray:
        if not self.size:
            return np.zeros(0, dtype=dtype)
        return np.array(list(self.reader.column_reader(fieldname)), dtype=dtype)

    def keys(self, fieldname: str) -> np.ndarray:
        """Each document's value of the ID field ``fieldname`` (``""`` when none), from its lexicon."""
        if fieldname not in self._keys:
            self._keys[fieldname] = self._read_keys(fieldname)
        return self._keys[fieldname]

    def _read_keys(self, fieldname: str) -> np.ndarray:
        values = np.full(self.size, "", dtype=object)
        for text in self.lexicon(fieldname):
            values[self.postings(fieldname, text)[0]] = text
        return values

    def lexicon(self, fieldname: str) -> list[str]:
        """Every term of ``fieldname``, in order."""
        return [term.decode("utf-8") for term in self.reader.lexicon(fieldname)] if self.size else []

    def average_length(self, fieldname: str) -> float:
        """The mean length of ``fieldname`` (Whoosh's statistic, as its BM25F reads it)."""
        return self.searcher.avg_field_length(fieldname) or 1.0

    def field_lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length of ``fieldname`` in tokens, as Whoosh's scorers see it (1 when empty)."""
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._read_lengths(fieldname)
        return self._lengths[fieldname]

    def _read_lengths(self, fieldname: str) -> np.ndarray:
        parts = []
        for leaf in self._leaves:
            column = leaf.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            count = leaf.reader.doc_count_all()
            coded = np.zeros(count, dtype=np.uint8)
            if column is not None:
                raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
                coded[: len(raw)] = raw
            parts.append(coded)
        lengths = _LENGTHS[np.concatenate(parts)] if parts else np.zeros(0)
        lengths[lengths == 0] = 1
        return lengths

    def text(self, docnum: int) -> str:
        """The normalized text that document ``docnum`` is matched against (``archive.store.layout.exact_text``)."""
        leaf = self._leaf(docnum)
        return leaf.text(docnum - leaf.offset)

    def report(self, docnum: int) -> StoredReport:
        """Document ``docnum``'s stored report: results show the same long reports again and
        again, and unpacking one takes milliseconds."""
        leaf = self._leaf(docnum)
        return self._caches.reports.get((leaf.key, docnum - leaf.offset),
                                        lambda: from_stored(self.searcher.stored_fields(docnum)))  # fmt: skip

    def paragraph_texts(self, docnum: int) -> list[str]:
        """The normalized texts of document ``docnum``'s paragraphs, as they are matched."""
        return paragraph_texts(self.text(docnum))

    def find(self, doc_id: str) -> int | None:
        """The live document number of report ``doc_id``, or ``None``."""
        ids = self.postings("id", doc_id)[0]
        live = [int(docnum) for docnum in ids if self.live[docnum]]
        return live[0] if live else None

    def records(self) -> Iterator[Record]:
        """Every live report's catalog record."""
        for docnum in np.flatnonzero(self.live).tolist():
            yield record_of(self.searcher.stored_fields(docnum))

    def _leaf(self, docnum: int) -> _Leaf:
        return self._leaves[int(np.searchsorted(self._offsets, docnum, side="right")) - 1]

    def contains(self, needle: str, docnums: np.ndarray) -> np.ndarray:
        """Whether the text of each of ``docnums`` (ascending) contains ``needle``."""
        found = np.zeros(len(docnums), dtype=bool)
        ends = np.searchsorted(docnums, [leaf.offset for leaf in self._leaves[1:]] + [self.size])
        start = 0
        for leaf, end in zip(self._leaves, ends.tolist()):
            if end > start:
                texts = leaf.texts()
                found[start:end] = [needle in texts[local] for local in (docnums[start:end] - leaf.offset).tolist()]
            start = end
        return found


    def vocabulary(self) -> list[str]:
        """The vocabulary file of this snapshot's index folder (``archive.store.segments``)."""
        return read_vocabulary(Path(self.searcher._ix.storage.folder))

    def strings(self, pattern: re.Pattern[str], docnums: np.ndarray, limit: int) -> set[str]:
        """The distinct strings ``pattern`` matches in the texts of ``docnums`` (ascending), at most ``limit``."""
        found: set[str] = set()
        for docnum in docnums.tolist():
            found.update(pattern.findall(self.text(docnum)))
            if len(found) >= limit:
                return set(sorted(found)[:limit])
        return found


def snapshot_of(searcher: Searcher, caches: Caches) -> WhooshSnapshot:
    """The snapshot of ``searcher``, made once and kept on it: it lives as long as the
    searcher (and its open files) do, not longer."""
    snapshot = getattr(searcher, "_snapshot", None)
    if snapshot is None:
        snapshot = searcher._snapshot = WhooshSnapshot(searcher, caches)
    return snapshot
