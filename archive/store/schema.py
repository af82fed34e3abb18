"""The Whoosh index: schema, field types built on ``archive.text.analysis``, and
conversion between ``Report`` objects and stored documents."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import lz4.block
import numpy as np
from whoosh import columns, fields, formats
from whoosh.filedb.compound import SubFile
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.index import Index
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from archive.errors import IndexOutdated
from archive.store.generations import create_first_generation, live_dir
from archive.text import analysis
from archive.text.analysis import char_grams, marked_pairs, pair_positions, pair_terms, word_counts


def pack(value: bytes) -> bytes:
    """``value`` compressed as the index keeps texts and paragraphs (LZ4, high-compression mode)."""
    return lz4.block.compress(value, mode="high_compression")


def unpack(value: bytes) -> bytes:
    """A value ``pack`` made, as it was."""
    return lz4.block.decompress(value)


class Lz4BytesColumn(columns.VarBytesColumn):
    """A column of values compressed one by one with LZ4 (high-compression mode). A query reads
    its candidates' texts one at a time: LZ4 gives a report's text (13 KB on average) back in
    16 µs where zlib took 83, for 30% more bytes (ratio 2.2 against 2.9, measured on the corpus)."""

    class Writer(columns.VarBytesColumn.Writer):
        def add(self, docnum: int, value: bytes) -> None:
            super().add(docnum, pack(value))

    class Reader(columns.VarBytesColumn.Reader):
        def __getitem__(self, docnum: int) -> bytes:
            value = super().__getitem__(docnum)
            return unpack(value) if value else value

        def __iter__(self) -> Iterator[bytes]:
            for value in super().__iter__():
                yield unpack(value) if value else value

        def load(self) -> list[bytes]:
            return list(self)


# Column types an index may hold for a field of this version: indexes written before the
# texts were kept in LZ4 keep them in zlib and are read as they are.
_READABLE_COLUMNS = {Lz4BytesColumn: (Lz4BytesColumn, columns.CompressedBytesColumn)}


TEXT_ENCODING = "utf-16-le"  # how texts and paragraphs are kept (``_CountedField``, ``archive.store.layout``)


class _CountedField(fields.FieldType):
    """A field whose terms and their counts come from one analysis function. (Indexes pickle
    their schema: this class keeps its name and module, ``archive.store.schema._CountedField``.)

    The value given to the writer is already normalized text. Indexing goes
    straight from the function's ``{term: count}`` map to postings, without
    Whoosh's per-token objects, which would be the bulk of ingest time. Postings
    keep no positions and no value: a posting's weight is its count times the
    field's boost (what BM25F reads). Exact phrases are matched by the ``exact``
    field against the text, so positions would only cost size (three quarters of
    the words' postings) and ingest time.

    With ``text_column``, the field's text is also kept in a compressed column
    (the ``exact`` field's: the text its queries are checked against), in UTF-16: for the
    corpus's Chinese text, against UTF-8, 30% fewer bytes before LZ4 and 15% after, and
    decoding a report's text 18 → 11 µs (a query checks hundreds). Indexes written before
    keep UTF-8 (their field has no ``text_encoding``) and are read so.
    """

    def __init__(self, analyse: Callable[[str], dict[str, int]], field_boost: float = 1.0, text_column: bool = False):
        self.analyse = analyse
        self.format = formats.Existence(field_boost=field_boost)
        self.column_type = Lz4BytesColumn() if text_column else None
        self.text_encoding = TEXT_ENCODING
        # Scorable, which also gives the length column: without one, Whoosh's segment
        # writer looks for it on disk once per posting.
        self.scorable = True
        self.stored = False
        self.unique = False
        self.vector = None
        self.analyzer = None

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        boost = self.format.field_boost
        for term, count in self.analyse(value).items():
            yield term.encode("utf-8"), count, count * boost, b""

    def to_column_value(self, value: str) -> bytes:
        return value.encode(getattr(self, "text_encoding", "utf-8"))

    def from_column_value(self, value: bytes) -> str:
        return value.decode(getattr(self, "text_encoding", "utf-8"))


# The layout of the pairs' postings (``Packed`` blocks, ``encode_positions``): an index of
# another keeps its field as this one, unpickled, and asks for a rebuild.
POSITIONS_LAYOUT = 2


class _PositionsField(_CountedField):
    """The pair terms of the exact text (``archive.text.analysis.pair_positions``) with where each
    stands: a posting's value is the term's positions in the report (``encode_positions``), its
    weight 1 (the count is the number of positions; Whoosh keeps a weight other than 1 as a
    float of 9 bytes). A phrase of three or more characters is then decided by its pairs'
    positions, and a report's text is read only to confirm a phrase holding a rare pair (whose
    term other pairs share), or for a phrase in a few reports: checking candidates' texts was
    most of the time of a query for a common phrase."""

    def __init__(self) -> None:
        super().__init__(char_grams)
        self.format = formats.Format()  # (a value of any size a posting)
        self.layout = POSITIONS_LAYOUT

    def postings(self, text: str) -> tuple[np.ndarray, bytes, list[int], int]:
        """The terms of ``text`` (their numbers in ``pair_terms``), their positions encoded one
        after the other, where each term's end, and how many positions there are."""
        numbers, counts, positions = pair_positions(text)
        values, ends = encode_positions(counts, positions)
        return numbers, values, ends.tolist(), len(positions)

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        numbers, values, ends, _ = self.postings(value)
        for term, start, end in zip(pair_terms()[numbers], [0, *ends[:-1]], ends):
            yield term.encode("utf-8"), 1, 1.0, values[start:end]


def encode_numbers(numbers: np.ndarray) -> np.ndarray:
    """Non-negative ``numbers`` as bytes (``uint8``): 6-bit digits, most significant first, the
    last digit of each marked by ``0x40``; a number under 64 takes one byte."""
    digits = np.ones(len(numbers), dtype=np.int64)
    for power in range(1, 6):
        digits += numbers >= 64**power
    ends = np.cumsum(digits)
    out = np.zeros(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    starts = ends - digits
    for k in range(int(digits.max()) if len(digits) else 0):
        has = digits > k
        place = digits[has] - 1 - k  # the digit's power of 64
        out[starts[has] + k] = ((numbers[has] >> (6 * place)) & 63) | np.where(place == 0, 0x40, 0)
    return out


def moved_first(data: bytes, base: int) -> bytes:
    """``encode_numbers``' bytes ``data`` with ``base`` added to their first number: a block's
    ids' gaps, the first its first id, when its documents are renumbered from ``base``, or
    when it follows a block whose last id is ``-base`` (a fold, ``archive.store.merging``).
    In Python's integers: numpy's calls on one number were ~20 µs, a block's."""
    end, number = 0, 0
    while True:
        byte = data[end]
        number, end = number * 64 + (byte & 63), end + 1
        if byte & 0x40:
            break
    number += base
    digits = [number & 63 | 0x40]
    while number >= 64:
        number >>= 6
        digits.append(number & 63)
    return bytes(reversed(digits)) + data[end:]


def decode_numbers(data: np.ndarray) -> np.ndarray:
    """The numbers ``encode_numbers`` made (the bytes' ``0x80`` bit, ``encode_positions``' mark, left aside).

    Each byte's digit is added, shifted, to the bytes after it while they are of its number,
    whole arrays at a time (a number's last byte then holds it), in 32-bit integers while no
    number is longer than five digits: measured on a common pair's positions (186 KB, half of
    them two digits), 1.0 ms, where gathering each longer number's digits took 3.4."""
    if not len(data):
        return np.zeros(0, dtype=np.int64)
    final = (data & 0x40) != 0
    if final.all():  # (every number under 64, as a list's counts mostly are: one byte each)
        return (data & 63).astype(np.int64)
    return _summed_digits(data, final, np.int32)


_DIGITS_32 = 5  # digits of six bits a number may have to fit in 32 bits


def _summed_digits(data: np.ndarray, final: np.ndarray, dtype: type) -> np.ndarray:
    digits = (data & 63).astype(dtype)
    numbers = digits.copy()
    goes_on = ~final
    within = goes_on[:-1]  # byte i - k is of the number of byte i
    k = 1
    while within.any():
        if k == _DIGITS_32 and dtype is np.int32:
            return _summed_digits(data, final, np.int64)
        numbers[k:] += (digits[:-k] << (6 * k)) * within
        k += 1
        within = within[1:] & goes_on[:-k]
    return kept(numbers, final).astype(np.int64)


def kept(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``values[mask]``, as ``take`` of the mask's places: numpy's boolean index branches on each
    element, and on a mask of random halves (a list's final digits, a phrase's places) took
    0.9 ms for 200,000 where finding the places and taking them took 0.15 (numpy 2.4)."""
    return values.take(np.flatnonzero(mask))


GROUP_END = 0x80  # the mark of a group's last byte in ``encode_positions``


def encode_positions(counts: np.ndarray, positions: np.ndarray) -> tuple[bytes, np.ndarray]:
    """Groups of ascending ``positions`` (of ``counts`` each) as bytes, with where each group
    ends: each position less the one before it in its group (the first as it is), as
    ``encode_numbers`` writes them, the group's last byte marked by ``GROUP_END``. A gap under
    64, as most gaps of a pair common enough to be read are, takes one byte; a block's groups,
    joined, still part (``Packed``)."""
    deltas = np.diff(positions, prepend=0)
    firsts = np.cumsum(counts) - counts
    deltas[firsts] = positions[firsts]
    out = encode_numbers(deltas)
    if not len(out):
        return b"", np.zeros(len(counts), dtype=np.int64)
    ends = np.flatnonzero(out & 0x40)[np.cumsum(counts) - 1] + 1
    out[ends - 1] |= GROUP_END
    return out.tobytes(), ends


def decode_positions(values: bytes | np.ndarray, counts: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The groups ``encode_positions`` made, one after the other in ``values`` (bytes, or their
    ``uint8`` array): how many positions each holds, and all of them, in one array. ``counts``,
    how many each holds if the caller knows it (a pair list's, ``group_ends``), spares counting."""
    data = values if isinstance(values, np.ndarray) else np.frombuffer(values, dtype=np.uint8)
    deltas = decode_numbers(data)
    if not len(deltas):
        return np.zeros(0, dtype=np.int64), deltas
    counts = group_ends(data)[1] if counts is None else counts
    ends = np.cumsum(counts)  # how many numbers end at or before each group's end
    total = np.cumsum(deltas)
    base = np.zeros(len(counts), dtype=np.int64)
    base[1:] = total[ends[:-1] - 1]
    return counts, total - np.repeat(base, counts)


def group_ends(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each group ``encode_positions`` made ends in ``data`` (its bytes), and how many
    positions each holds, without decoding them: a pair's reports and counts (a term of two
    characters, the search for loose forms) took a decode of every position, and a phrase
    needs the positions of its candidates only. (Counted group by group, ``np.add.reduceat``:
    a running count of every byte's numbers took 5–6 times as long, more than reading the list.)"""
    ends = group_stops(data)
    if not len(ends):
        return ends, np.zeros(0, dtype=np.int64)
    return ends, np.add.reduceat((data & 0x40) != 0, np.concatenate(([0], ends[:-1])), dtype=np.int64)


def group_stops(data: np.ndarray) -> np.ndarray:
    """Where each group ``encode_positions`` made ends in ``data``, not counting its positions
    (a fold copies the groups: counting every list's positions was a twentieth of its time)."""
    return np.flatnonzero(data >= GROUP_END) + 1


def decode_groups(data: np.ndarray, ends: np.ndarray, chosen: np.ndarray,
                  counts: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """``decode_positions`` of the groups ``chosen`` (ascending indexes) of ``data``, whose groups
    end at ``ends`` (``group_ends``), with ``counts`` the chosen groups' counts if known: each
    group's first position is written whole, so the chosen groups' bytes, gathered, are groups
    ``encode_positions`` could have made."""
    if len(chosen) == len(ends):
        return decode_positions(data, counts)
    return decode_positions(gather_groups(data, ends, chosen)[0], counts)


def gather_groups(data: np.ndarray, ends: np.ndarray, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bytes of the groups ``chosen`` (ascending indexes) of ``data``, whose groups end at
    ``ends`` (``group_ends``), one after the other, and where each ends among them."""
    stops = ends[chosen]
    lengths = stops - np.where(chosen > 0, ends[chosen - 1], 0)
    kept_ends = np.cumsum(lengths)
    return data[np.repeat(stops - kept_ends, lengths) + np.arange(int(kept_ends[-1]) if len(kept_ends) else 0)], kept_ends


class Packed:
    """One posting block's ids (their gaps, ``encode_numbers``), weights (counts, ``encode_numbers``,
    times ``scale``: the field's boost) or values (``encode_positions``' groups, one after the
    other) in one bytes object, as blocks of the pairs field and of the counted fields' longer
    lists keep them. Unpickled, it is the sequence Whoosh's reader takes from a block (the ids'
    gaps to sum, a weight or a value a posting), so Whoosh merges such segments as its own; the
    store reads ``data`` whole. (Measured: a pickled value a posting, and ids as a tuple of
    numbers, were 5.7 bytes a posting beside 4.3 of positions, over half of the index; a counted
    field's long lists, ids and weights as zlib-compressed tuples, took 220–300 ns a posting to
    read, a third of them in ``zlib`` and building the tuples.)"""

    __slots__ = ("data", "values", "scale", "_items")

    def __init__(self, data: bytes, values: bool, scale: float | None = None):
        self.data, self.values, self.scale, self._items = data, values, scale, None

    def __reduce__(self) -> tuple[type, tuple]:
        return Packed, (self.data, self.values) if self.scale is None else (self.data, self.values, self.scale)

    def numbers(self) -> np.ndarray:
        """The ids' gaps or the counts, as ``encode_numbers`` wrote them."""
        return decode_numbers(np.frombuffer(self.data, dtype=np.uint8))

    def items(self) -> tuple:
        """The ids' gaps, the weights or the values, one a posting."""
        if self._items is None:
            if self.values:
                data = np.frombuffer(self.data, dtype=np.uint8)
                ends = (np.flatnonzero(data >= GROUP_END) + 1).tolist()
                self._items = tuple(self.data[start:end] for start, end in zip([0, *ends[:-1]], ends))
            elif self.scale is not None:
                self._items = tuple(count * self.scale for count in self.numbers().tolist())
            else:
                self._items = tuple(self.numbers().tolist())
        return self._items

    def __getitem__(self, index: int) -> Any:
        return self.items()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items())

    def __len__(self) -> int:
        return len(self.items())


# Indexes written before the archive was split into stages pickled their field type and its
# analysis functions under the modules' old names: those stay resolvable, so they open as they did.
sys.modules.setdefault("archive.index", sys.modules[__name__])
sys.modules.setdefault("archive.analysis", analysis)


def _words_field(boost: float) -> _CountedField:
    return _CountedField(word_counts, field_boost=boost)


SCHEMA = fields.Schema(
    id=fields.ID(stored=True, unique=True),
    source=fields.ID(stored=True),
    sha256=fields.ID(stored=True),
    # Every path the report was read from (identical files are stored once), as
    # given, and as keys to find a file's report by (archive.files.source.path_key).
    sources=fields.STORED,
    source_key=fields.ID,
    # Dated versions of one law share this key (archive.files.source.version_key).
    version_key=fields.ID(stored=True),
    # Exact matching: the characters of title + paragraphs, one per line, and that text;
    # the same text's pairs of characters with their positions.
    exact=_CountedField(char_grams, text_column=True),
    pairs=_PositionsField(),
    # The pairs a run of marks stands between in that text (loose matching: ``三公经费`` for ``“三公”经费``).
    marked=_CountedField(marked_pairs),
    # The kinds of statement a report has (archive.statements.stored.kinds_present).
    kinds=fields.KEYWORD,
    # Ranking: jieba words, with title and headings weighted up (BM25F).
    title_words=_words_field(3.0),
    heading_words=_words_field(2.0),
    body_words=_words_field(1.0),
    # Filters: normalized values, matched by substring over the field's lexicon.
    title_key=fields.ID,
    agency_key=fields.ID,
    type_key=fields.ID,
    year=fields.NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
    date=fields.ID(stored=True, sortable=True),
    # Display.
    title=fields.STORED,
    agency=fields.STORED,
    doc_type=fields.STORED,
    region=fields.STORED,
    doc_number=fields.STORED,
    ocr_pages=fields.STORED,  # pages whose text OCR read
    type_written=fields.STORED,
    source_url=fields.STORED,
    # An old version (its file was edited): the id of the version that replaced it, and
    # the term searches leave out by default (archive.store.layout.SUPERSEDED).
    superseded_by=fields.STORED,
    superseded=fields.ID,
    # A report's paragraphs, packed (archive.store.layout), in a column of their own: Whoosh
    # pickles and compresses a document's stored fields together, so every read of a result's
    # metadata decompressed its paragraphs again (~0.1 ms a result).
    paragraphs=fields.COLUMN(columns.VarBytesColumn()),
    statements=fields.STORED,
)

# Fields an index of an earlier version may hold as another kind, and is still read with.
_READABLE_KINDS: dict[str, type[fields.FieldType]] = {"paragraphs": fields.STORED}


def paragraphs_column(reader: IndexReader) -> Any:
    """The column of ``reader``'s paragraphs (``None`` in an index that keeps them stored). Making
    one reads the offsets of every document of the segment: a reader keeps it."""
    return reader.column_reader("paragraphs", translate=False) if reader.has_column("paragraphs") else None


def stored_document(reader: IndexReader, docnum: int, paragraphs: Any = None) -> dict[str, Any]:
    """Document ``docnum``'s stored fields with its paragraphs, from their column (``paragraphs``,
    if the caller keeps it) or from the stored fields, in an index from before they had one."""
    stored = reader.stored_fields(docnum)
    if "paragraphs" not in stored:
        stored["paragraphs"] = (paragraphs if paragraphs is not None else paragraphs_column(reader))[docnum]
    return stored


def stored_documents(searcher: Searcher, doc_ids: Iterable[str]) -> list[dict[str, Any]]:
    """The stored documents (``stored_document``) of the reports ``doc_ids``, their paragraphs'
    column made once for all: a rebuild carries thousands of reports."""
    reader = searcher.reader()
    column = paragraphs_column(reader)
    return [stored_document(reader, searcher.document_number(id=doc_id), column) for doc_id in doc_ids]


def open_index(path: Path, create: bool = False) -> Index | None:
    """Open the live index at ``path``; create it if ``create``, else ``None`` when absent.

    ``path`` holds generations of the index and a link to the live one
    (``archive.store.generations``); the index is opened in the live generation's own
    folder, so a rebuild that switches generations leaves it working.
    """
    folder = live_dir(path)
    if folder is None:
        if not create:
            return None
        folder = create_first_generation(path, SCHEMA)
    return open_folder(folder)


def check_current(index: Index, folder: Path | str) -> None:
    """Raise ``IndexOutdated`` unless ``index`` has this version's fields, of this version's kinds."""
    schema = index.schema
    if not all(name in schema.names() and _same_kind(schema[name], SCHEMA[name], name) for name in SCHEMA.names()):
        raise IndexOutdated(f"索引 {folder} 是旧版本建立的，请先运行 report-archive rebuild (index format outdated)")


def _same_kind(field: fields.FieldType, expected: fields.FieldType, name: str) -> bool:
    if type(field) is _READABLE_KINDS.get(name):
        return True
    column, wanted = type(getattr(field, "column_type", None)), type(expected.column_type)
    return (type(getattr(field, "format", None)) is type(expected.format) and type(field) is type(expected)
            and getattr(field, "layout", None) == getattr(expected, "layout", None)
            and (column is wanted or column in _READABLE_COLUMNS.get(wanted, ())))  # fmt: skip


class _ReadAt(StructFile):
    """An index file, or a part of a segment's compound file, whose ``get`` (how Whoosh reads
    term tables, posting lists and columns) is one ``os.pread``. Through Python's file objects
    it was a seek and a buffered read, system calls and an 8 KB read-ahead, each: a term's
    lookup takes three, and took 20 µs. A ``pread`` moves no shared position, so threads
    that share a reader never read each other's place."""

    def __init__(self, fileobj: Any, raw: Any, base: int, length: int, name: str | None = None, **kwargs: Any):
        super().__init__(fileobj, name=name, **kwargs)
        self._raw, self._base, self._length = raw, base, length
        self._fd = raw.fileno()

    @classmethod
    def open(cls, path: str, name: str, **kwargs: Any) -> _ReadAt:
        raw = open(path, "rb")
        return cls(raw, raw, 0, os.fstat(raw.fileno()).st_size, name=name, **kwargs)

    def subset(self, offset: int, length: int, name: str | None = None) -> _ReadAt:
        return _ReadAt(SubFile(self._raw, self._base + offset, length), self._raw, self._base + offset, length,
                       name=name or self._name)  # fmt: skip

    def get(self, position: int, length: int) -> bytes:
        if self._raw.closed:
            raise ValueError("read of closed file")
        return os.pread(self._fd, max(0, min(length, self._length - position)), self._base + position)


class _Storage(FileStorage):
    """Whoosh's storage of an index folder, its files opened for reading as ``_ReadAt``; without
    memory maps: whoosh-reloaded copies each mapped sub-file into memory on every open, which
    made opening the full index cost ~0.5 s and 1.4 GB."""

    def __init__(self, folder: str):
        super().__init__(folder, supports_mmap=False)

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        return _ReadAt.open(self._fpath(name), name, **kwargs)


def open_folder(folder: Path | str) -> Index:
    """Open the Whoosh index in ``folder`` (its files read as ``_Storage`` reads them).

    Raises ``IndexOutdated`` for an index whose schema names field types this
    version no longer has (it cannot even be read: only ingesting again helps).
    """
    try:
        return _Storage(str(folder)).open_index()
    except (AttributeError, ImportError) as error:  # unpickling the schema of an older version
        raise IndexOutdated(f"索引 {folder} 是旧版本建立的，无法读取：请删除该索引文件夹后重新导入 "
                            f"(index made by an older version: delete it and ingest again; {error})") from None
