"""The gateway to the index: the one interface everything above ``archive.store`` uses.

Two protocols, which the embedded Whoosh index implements (``archive.store.index``) and a
sharded, distributed engine will implement again:

- ``Snapshot``: the index as of one commit, read-only. Documents are numbered ``0 .. size-1``
  within the snapshot (a sharded engine numbers its shards one after the other, as Whoosh
  numbers its segments); a set of documents is a boolean mask over those numbers. The
  snapshot answers per-term questions (which documents hold a term of a field, with what
  weight; how many; each document's field lengths, year, date, metadata keys), counts a
  string's occurrences in each document (a phrase query), and turns a document number into
  a ``StoredReport``.
  Matching a query, ranking and passages are built on these in ``archive.search``, the
  same for every engine.
- ``Store``: the index at a place — whether it exists, its current snapshot, and the write
  lock with a ``Writer`` that commits batches built by worker processes.

The logical fields a snapshot serves, whatever the engine stores them as:

========================  ===============================================================
``exact``                 the characters of the exact text (``archive.text.analysis``)
``pairs``                 its pairs of characters (``gram_key``), with their positions
``marked``                the pairs of characters a run of marks stands between (``marked_pairs``)
``title_words`` …         jieba words of the title, headings and body (BM25F, weights 3/2/1)
``kinds``                 the kinds of statement a report has
``title_key``,            a report's normalized title, agency, type, version key
``agency_key``,           (one value each; ``lexicon`` lists the values)
``type_key``,
``version_key``
========================  ===============================================================
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from typing import Any, Callable, Iterable, Iterator, Mapping, Protocol, Sequence

import numpy as np

from archive.model import Record, Report
from archive.statements.labels import Statement
from archive.store.layout import StoredReport

Mask = np.ndarray  # bool, one entry per document number of a snapshot

RANKING_FIELDS = ("title_words", "heading_words", "body_words")
KEY_FIELDS = ("title_key", "agency_key", "type_key", "version_key")


class Snapshot(Protocol):
    """The index as of one commit (see the module docstring)."""

    size: int  # document numbers are 0 .. size - 1, deleted ones included

    @property
    def live(self) -> Mask:
        """The documents not deleted."""

    def none(self) -> Mask:
        """The empty set."""

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers (ascending, deleted ones included) and weights of ``term``."""

    def docs(self, fieldname: str, term: str) -> Mask:
        """The live documents holding ``term`` in ``fieldname``."""

    def weights(self, fieldname: str, term: str) -> np.ndarray:
        """Each live document's weight of ``term`` in ``fieldname`` (0 without it)."""

    def doc_frequency(self, fieldname: str, term: str) -> int:
        """How many documents hold ``term`` in ``fieldname``, deleted ones included."""

    def field_lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length of ``fieldname`` in tokens (1 when empty)."""

    def average_length(self, fieldname: str) -> float:
        """The mean length of ``fieldname`` over the documents."""

    @property
    def years(self) -> np.ndarray:
        """Each document's year reported on, 0 when it has none."""

    @property
    def dates(self) -> np.ndarray:
        """Each document's ISO publish date, ``""`` when it has none."""

    def keys(self, fieldname: str) -> np.ndarray:
        """Each document's value of the key field ``fieldname`` (``""`` when none)."""

    def lexicon(self, fieldname: str) -> list[str]:
        """Every value of the key field ``fieldname`` (or term of another field)."""

    def occurrences(self, text: str, within: Mask | None = None) -> np.ndarray:
        """How often the normalized string ``text`` occurs in each live document's exact text
        (0: not at all), exactly as a substring: the phrase query of the ``pairs`` field; of the
        documents ``within`` only, if given (0 elsewhere: a query's candidates need no more)."""

    def strings(self, pattern: re.Pattern[str], docnums: np.ndarray, limit: int) -> set[str]:
        """The distinct strings ``pattern`` matches in the exact texts of ``docnums`` (ascending),
        at most ``limit`` of them (the search stops there)."""

    def vocabulary(self) -> list[str]:
        """The words the reports were indexed under, Chinese only (``archive.text.vocabulary``),
        kept at ingest; entries of reports since removed may remain."""

    def text(self, docnum: int) -> str:
        """The normalized text document ``docnum`` is matched against: its title and paragraphs
        (``title_text``, ``paragraph_texts``) joined by ``archive.text.analysis.PARAGRAPH_BREAK``."""

    def paragraph_texts(self, docnum: int) -> list[str]:
        """The normalized texts of document ``docnum``'s paragraphs, as they are matched."""

    def title_text(self, docnum: int) -> str:
        """The normalized title of document ``docnum``, as it is matched."""

    def report(self, docnum: int) -> StoredReport:
        """The stored report of document ``docnum``."""

    def find(self, doc_id: str) -> int | None:
        """The live document number of the report with id ``doc_id``, or ``None``."""

    def records(self) -> Iterator[Record]:
        """Every live report's catalog record (id, content hash, source paths)."""


class Batch(Protocol):
    """A place where one worker process builds a batch of reports for a commit (picklable)."""

    def builder(self) -> BatchBuilder:
        """A builder for this batch, made in the worker that fills it."""


class BatchBuilder(Protocol):
    def add(self, report: Report, statements: list[Statement], record: Record) -> None:
        """Add ``report`` with its labelled ``statements``, stored as ``record``."""

    def finish(self) -> Any:
        """The built batch, to hand to ``Writer.commit`` (picklable), or ``None`` if empty."""


class Writer(Protocol):
    """The index while this process holds its write lock."""

    def records(self) -> Iterator[Record]:
        """Every stored report's record, as of the last commit."""

    def batch(self, number: int) -> Batch:
        """A new batch for this run's ``number``-th worker task."""

    def commit(self, delete: Iterable[str], restore: Mapping[str, Record], built: Sequence[Any]) -> None:
        """One atomic commit: delete the reports ``delete``, store the reports ``restore``
        names (stored id → record) again as their records, and add the ``built`` batches."""

    def remove(self, doc_id: str) -> bool:
        """Delete report ``doc_id`` in a commit of its own; ``False`` if there was none."""

    def parts(self) -> int:
        """How many parts the index is held in (a query pays for each: Whoosh's segments)."""

    def fold(self, newest: int | None = None, workers: int = 1) -> int:
        """Fold the index's ``newest`` parts (every one if ``None``) into one, in a commit of
        its own, with up to ``workers`` processes: the number folded (0 if there were fewer
        than two). An engine that keeps its own parts folds nothing."""

    def fresh(self) -> AbstractContextManager[FreshWriter]:
        """A new, empty generation of the index beside the live one (for a rebuild); it is
        thrown away on leaving unless ``make_live()`` was called."""


class FreshWriter(Writer, Protocol):
    def make_live(self) -> None:
        """Make this generation the live index, in one atomic step."""

    def carry(self, source: Writer, records: Sequence[Record]) -> None:
        """Store the reports ``records`` names as ``source`` holds them, in one commit: a
        rebuild keeps the old versions of edited reports, whose bytes are no longer on disk."""


class Store(Protocol):
    """The index at one place (see the module docstring)."""

    @property
    def exists(self) -> bool:
        """Whether there is an index yet."""

    def snapshot(self) -> Snapshot:
        """The index as of its last commit (raises ``IndexMissing``, ``IndexOutdated``)."""

    def write(self, wait: float = 0.0, on_wait: Callable[[float], None] | None = None,
              create: bool = True, outdated_ok: bool = False) -> AbstractContextManager[Writer]:  # fmt: skip
        """Hold the write lock (waiting up to ``wait`` seconds, else ``IndexLocked``). An index of
        an older kind raises ``IndexOutdated`` unless ``outdated_ok`` (a rebuild reads its records
        and old versions to make a new generation of this version's kind)."""

    def size_on_disk(self) -> int:
        """Bytes the live index takes."""

    def close(self) -> None:
        """Let go of every open file."""
