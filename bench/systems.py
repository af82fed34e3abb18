"""The five systems: how each one ingests, answers a top-10 page with highlighted
passages (timed), and gives its full result set (for recall, untimed).

A searcher object is made once per search phase; ``page(query)`` returns
``(total, passages)`` and ``matches(query)`` the ordinals of every document it
returns. Ordinals are the documents' places in ``docs.jsonl``.
"""

from __future__ import annotations

import html
import operator
import os
import re
import sqlite3
from pathlib import Path

from .corpus import Doc, read_docs, readable
from .queries import Query

SYSTEMS = ("ours", "stock", "fts5", "tantivy", "scan")
LABELS = {
    "ours": "ours (archive)",
    "stock": "stock Whoosh + jieba ChineseAnalyzer",
    "fts5": "SQLite FTS5 trigram + short grams",
    "tantivy": "tantivy-py bigrams + unigrams",
    "scan": "plain scan (`in`)",
}
PAGE = 10
PASSAGES = 3


def index_files(path: Path) -> list[Path]:
    """The files under ``path`` (``path`` itself if a file), symbolic links not followed, so
    nothing counts twice (ours links its live generation)."""
    if path.is_file():
        return [path]
    return [Path(folder, name) for folder, _, names in os.walk(path) for name in sorted(names)
            if not os.path.islink(os.path.join(folder, name))]  # fmt: skip


def index_bytes(path: Path) -> int:
    """Bytes on disk under ``path`` (``index_files``)."""
    return sum(file.stat().st_size for file in index_files(path))


def _mark(text: str, terms: list[str]) -> str:
    """``text`` escaped with every occurrence of the terms in <mark>."""
    spans = []
    for term in terms:
        at = text.find(term)
        while at != -1:
            spans.append((at, at + len(term)))
            at = text.find(term, at + 1)
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
            if start >= end:
                continue
        out.append(html.escape(text[pos:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def scan_passages(parts: list[str], terms: list[str], limit: int = PASSAGES) -> list[str]:
    """The first ``limit`` paragraphs holding a term, highlighted (the scan's highlighter)."""
    found = []
    for text in parts:
        if any(term in text for term in terms):
            found.append(_mark(text, terms))
            if len(found) == limit:
                break
    return found


# --- ours ---------------------------------------------------------------------


def ingest_ours(files: list[Path], index_dir: Path, workers: int | None = None) -> dict:
    """``Archive.ingest`` as the CLI runs it (its default: one worker process per core)."""
    from archive import Archive

    options = {"workers": workers} if workers else {}
    summary = Archive(index_dir).ingest(files, **options)
    return {"docs": len(summary.added) + len(summary.updated), "failed": summary.failed,
            "duplicates": len(getattr(summary, "duplicates", [])),
            "segments": sum(1 for _ in index_dir.rglob("*.seg"))}


class OursSearcher:
    """The public API, as the CLI and web app call it: ``Archive(dir).search(text)``.

    A report stored once for several identical files stands for all of them.
    """

    def __init__(self, index_dir: Path, docs_path: Path):
        from archive import Archive

        self.archive = Archive(index_dir)
        ordinal = {doc.path: doc.ordinal for doc in read_docs(docs_path)}
        import numpy as np

        snapshot = self.archive.store.snapshot()
        self.ordinals: list[tuple[int, ...]] = [()] * snapshot.size
        for docnum, record in zip(np.flatnonzero(snapshot.live).tolist(), snapshot.records()):
            self.ordinals[docnum] = tuple(ordinal[s] for s in record.sources if s in ordinal)

    def page(self, query: Query):
        response = self.archive.search(query.text, limit=PAGE)
        return response.total_documents, [p.html for hit in response.results for p in hit.passages]

    def matches(self, query: Query) -> set[int]:
        return {o for n in self._reports(query) for o in self.ordinals[n]}

    def report_count(self, query: Query) -> int:
        """How many reports match: fewer than ``matches`` finds documents when a report stands for identical files."""
        return len(self._reports(query))

    def _reports(self, query: Query) -> list[int]:
        from archive.search.run import matching_documents

        return matching_documents(self.archive.store.snapshot(), query.text).tolist()


# --- stock Whoosh + jieba ------------------------------------------------------


def _stock_schema():
    from jieba.analyse import ChineseAnalyzer
    from whoosh.fields import NUMERIC, TEXT, Schema

    return Schema(
        ordinal=NUMERIC(int, stored=True, sortable=True),
        content=TEXT(analyzer=ChineseAnalyzer(), stored=True),
    )


def ingest_stock(files: list[Path], index_dir: Path) -> dict:
    """The tutorial build: one TEXT field with ChineseAnalyzer, stored, default writer."""
    from whoosh.index import create_in

    index_dir.mkdir(parents=True, exist_ok=True)
    ix = create_in(str(index_dir), _stock_schema())
    writer = ix.writer()
    count, failed = 0, []
    for _, _, (parts, _, _) in readable(files, failed):
        writer.add_document(ordinal=count, content="\n".join(parts))
        count += 1
    writer.commit()
    return {"docs": count, "failed": failed}


class StockSearcher:
    """``QueryParser("content")`` over the terms; metadata filters applied in code as a
    set of document numbers; ``hit.highlights("content")`` for the passages."""

    def __init__(self, index_dir: Path, docs_path: Path):
        import logging

        import jieba
        from whoosh.index import open_dir
        from whoosh.qparser import QueryParser

        jieba.setLogLevel(logging.WARNING)
        self.ix = open_dir(str(index_dir))
        self.parser = QueryParser("content", self.ix.schema)
        self.docs = [(d.year, d.agency) for d in read_docs(docs_path)]
        with self.ix.searcher() as searcher:
            column = searcher.reader().column_reader("ordinal")
            self.ordinals = [column[n] for n in range(searcher.doc_count_all())]

    def _filter(self, query: Query):
        if not query.years and not query.agency:
            return None
        allowed = set()
        for docnum, ordinal in enumerate(self.ordinals):
            year, agency = self.docs[ordinal]
            if query.years and not (year is not None and query.years[0] <= year <= query.years[1]):
                continue
            if query.agency and not (agency and query.agency in agency):
                continue
            allowed.add(docnum)
        return allowed

    def page(self, query: Query):
        wquery = self.parser.parse(" ".join(query.terms))
        with self.ix.searcher() as searcher:
            results = searcher.search(wquery, limit=PAGE, filter=self._filter(query))
            passages = [hit.highlights("content") for hit in results]
            return len(results), [p for p in passages if p]

    def matches(self, query: Query) -> set[int]:
        wquery = self.parser.parse(" ".join(query.terms))
        with self.ix.searcher() as searcher:
            results = searcher.search(wquery, limit=None, filter=self._filter(query), scored=False)
            return {self.ordinals[n] for n in results.docs()}


# --- SQLite FTS5 trigram + a table of short grams ----------------------------------


def _spaced(text: str) -> str:
    """``text`` with every whitespace character (paragraph breaks too) as U+E000: no query
    term holds whitespace, so a gram across it is never asked for, yet it keeps its place."""
    return _WHITESPACE.sub("\ue000", text)


_WHITESPACE = re.compile(r"\s")


def short_grams(text: str) -> set[str]:
    """The distinct characters and character pairs of ``text`` that a query term can be:
    none holds whitespace."""
    spaced = _spaced(text)
    grams = set(spaced) | set(map(operator.add, spaced, spaced[1:]))
    return {g for g in grams if "\ue000" not in g}


def ingest_fts5(files: list[Path], db_path: Path) -> dict:
    """FTS5 ``trigram`` for terms of 3+ characters; for 1–2 characters, which a trigram
    index cannot serve, a table of each report's distinct characters and pairs
    (``grams``, keyed by gram then report); year and agency in a plain table."""
    db = sqlite3.connect(db_path)
    db.executescript(
        "CREATE VIRTUAL TABLE docs USING fts5(body, tokenize='trigram');"
        "CREATE TABLE meta(id INTEGER PRIMARY KEY, year INTEGER, agency TEXT);"
        "CREATE TABLE grams(gram TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (gram, doc)) WITHOUT ROWID;")
    count, failed = 0, []
    with db:
        for _, _, (parts, year, agency) in readable(files, failed):
            body = "\n".join(parts)
            db.execute("INSERT INTO docs(rowid, body) VALUES (?, ?)", (count, body))
            db.execute("INSERT INTO meta(id, year, agency) VALUES (?, ?, ?)", (count, year, agency))
            db.executemany("INSERT INTO grams(gram, doc) VALUES (?, ?)", ((g, count) for g in short_grams(body)))
            count += 1
        db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.execute("VACUUM")
    db.close()
    return {"docs": count, "failed": failed}


def _like(term: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", term) + "%"


class Fts5Searcher:
    """SQLite set up fairly for substrings of any length: terms of 3+ characters go to
    ``MATCH`` (quoted: a phrase of trigrams), shorter ones to the ``grams`` table (an
    index lookup each), filters to ``meta``; the parts are intersected. A page with a
    MATCH term is the ``bm25`` top 10 with ``snippet()`` passages; without one (every term
    under 3 characters) the first 10 reports, highlighted in Python like the plain scan.
    Plus ``count(*)`` for the total. (``+rowid``: otherwise SQLite hands FTS5 the ids one at a
    time as ``rowid = ?``, running the MATCH once per candidate: seconds for common words.)"""

    def __init__(self, db_path: Path, docs_path: Path):
        self.db = sqlite3.connect(db_path)

    @staticmethod
    def where(query: Query) -> tuple[str, list, bool]:
        """``(SQL of the matching ids, its arguments, whether a MATCH term ranks them)``."""
        parts, args = [], []
        long_terms = [t for t in query.terms if len(t) >= 3]
        if long_terms:
            parts.append("SELECT rowid FROM docs WHERE docs MATCH ?")
            args.append(" AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms))
        for term in query.terms:
            if len(term) < 3:
                parts.append("SELECT doc FROM grams WHERE gram = ?")
                args.append(term)
        if query.years or query.agency:
            clauses = []
            if query.years:
                clauses.append("year BETWEEN ? AND ?")
                args += list(query.years)
            if query.agency:
                clauses.append("agency LIKE ? ESCAPE '\\'")
                args.append(_like(query.agency))
            parts.append("SELECT id FROM meta WHERE " + " AND ".join(clauses))
        return " INTERSECT ".join(parts), args, bool(long_terms)

    @staticmethod
    def uses_grams(query: Query) -> bool:
        return any(len(t) < 3 for t in query.terms)

    def page(self, query: Query):
        ids, args, ranked = self.where(query)
        total = self.db.execute(f"SELECT count(*) FROM ({ids})", args).fetchone()[0]
        if ranked:
            rows = self.db.execute(
                f"SELECT rowid, snippet(docs, 0, '<mark>', '</mark>', '…', 64) FROM docs "
                f"WHERE docs MATCH ? AND +rowid IN ({ids}) ORDER BY rank LIMIT {PAGE}", [args[0], *args]).fetchall()
            return total, [snippet for _, snippet in rows]
        rows = self.db.execute(f"SELECT body FROM docs WHERE rowid IN (SELECT * FROM ({ids}) LIMIT {PAGE})",
                               args).fetchall()
        return total, [p for (body,) in rows for p in scan_passages(body.split("\n"), query.terms)]

    def matches(self, query: Query) -> set[int]:
        ids, args, _ = self.where(query)
        return {row[0] for row in self.db.execute(ids, args)}


# --- tantivy: positional bigrams + unigrams ----------------------------------------


def bigram_text(text: str) -> str:
    """Every pair of neighbouring characters of ``text``, in order, separated by spaces (so
    the whitespace tokenizer gives each its position: a phrase of pairs is a substring)."""
    spaced = _spaced(text)
    return " ".join(map(operator.add, spaced, spaced[1:]))


def unigram_text(text: str) -> str:
    return " ".join(_WHITESPACE.sub("", text))


def _tantivy_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("ordinal", stored=True, fast=True)
    builder.add_text_field("bi", tokenizer_name="exact", index_option="position")
    builder.add_text_field("uni", tokenizer_name="exact", index_option="freq")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_text_field("agency_bi", tokenizer_name="exact", index_option="position")
    builder.add_text_field("agency_uni", tokenizer_name="exact", index_option="basic")
    builder.add_bytes_field("body", stored=True)
    return builder.build()


def _tantivy_open(index_dir: Path, create: bool = False):
    import tantivy

    schema = _tantivy_schema()
    ix = tantivy.Index(schema, path=str(index_dir), reuse=not create)
    # whitespace-separated grams, taken as they are: no lower-casing, no length limit
    ix.register_tokenizer("exact", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return ix, schema


def ingest_tantivy(files: list[Path], index_dir: Path) -> dict:
    """One document per report: its bigrams (positions) and characters (frequencies), the
    year and the agency's grams for the filters, the text stored for the highlighter.
    Tantivy's writer indexes on its own threads (one per core by default)."""
    import tantivy

    index_dir.mkdir(parents=True, exist_ok=True)
    ix, _ = _tantivy_open(index_dir, create=True)
    writer = ix.writer()
    count, failed = 0, []
    for _, _, (parts, year, agency) in readable(files, failed):
        body = "\n".join(parts)
        doc = tantivy.Document(ordinal=count, bi=bigram_text(body), uni=unigram_text(body),
                               body=body.encode("utf-8"))
        if year is not None:
            doc.add_integer("year", year)
        if agency:
            doc.add_text("agency_bi", bigram_text(agency))
            doc.add_text("agency_uni", unigram_text(agency))
        writer.add_document(doc)
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return {"docs": count, "failed": failed}


class TantivySearcher:
    """A term of 2+ characters is a phrase of its bigrams (every other pair and the last:
    they cover it) on the positional field; one character, a term of the unigram field;
    all required, with the filters (a year range, the agency's grams). The page is the
    BM25 top 10, its passages from the stored text by the plain scan's highlighter."""

    def __init__(self, index_dir: Path, docs_path: Path):
        self.ix, self.schema = _tantivy_open(index_dir)
        self.ix.reload()
        self.searcher = self.ix.searcher()

    def _substring(self, prefix: str, term: str):
        import tantivy

        if len(term) == 1:
            return tantivy.Query.term_query(self.schema, f"{prefix}uni", term)
        offsets = [*range(0, len(term) - 2, 2), len(term) - 2]
        if len(offsets) == 1:
            return tantivy.Query.term_query(self.schema, f"{prefix}bi", term)
        return tantivy.Query.phrase_query(self.schema, f"{prefix}bi", [(i, term[i:i + 2]) for i in offsets])

    def query(self, query: Query):
        import tantivy

        parts = [self._substring("", term) for term in query.terms]
        if query.years:
            parts.append(tantivy.Query.range_query(self.schema, "year", tantivy.FieldType.Integer, *query.years))
        if query.agency:
            parts.append(self._substring("agency_", query.agency))
        return parts[0] if len(parts) == 1 else tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, part) for part in parts])

    def page(self, query: Query):
        result = self.searcher.search(self.query(query), PAGE, count=True)
        passages = []
        for _, address in result.hits:
            body = self.searcher.doc(address)["body"][0].decode("utf-8")
            passages += scan_passages(body.split("\n"), query.terms)
        return result.count, passages

    def matches(self, query: Query) -> set[int]:
        result = self.searcher.search(self.query(query), max(1, self.searcher.num_docs), count=False,
                                      order_by_field="ordinal")
        return {ordinal for ordinal, _ in result.hits}


# --- plain scan ----------------------------------------------------------------


class ScanSearcher:
    """Every document's text, in memory, tested with ``in``; the first 10 matches
    (in corpus order) get the first 3 paragraphs holding a term, highlighted."""

    def __init__(self, docs_path: Path):
        self.docs = read_docs(docs_path)
        self.texts = [doc.text for doc in self.docs]

    def _all(self, query: Query) -> list[int]:
        terms, years, agency = query.terms, query.years, query.agency
        found = []
        for doc, text in zip(self.docs, self.texts):
            if years and not (doc.year is not None and years[0] <= doc.year <= years[1]):
                continue
            if agency and not (doc.agency and agency in doc.agency):
                continue
            if all(term in text for term in terms):
                found.append(doc.ordinal)
        return found

    def page(self, query: Query):
        found = self._all(query)
        return len(found), [p for i in found[:PAGE] for p in scan_passages(self.docs[i].parts, query.terms)]

    def matches(self, query: Query) -> set[int]:
        return set(self._all(query))


def make_searcher(system: str, index: Path, docs: Path):
    """The searcher of ``system`` over its index at ``index`` (docs.jsonl for the scan)."""
    if system == "ours":
        return OursSearcher(index, docs)
    if system == "stock":
        return StockSearcher(index, docs)
    if system == "fts5":
        return Fts5Searcher(index, docs)
    if system == "tantivy":
        return TantivySearcher(index, docs)
    if system == "scan":
        return ScanSearcher(docs)
    raise ValueError(system)


INDEX_NAMES = {"ours": "ours", "stock": "stock", "fts5": "fts5.db", "tantivy": "tantivy", "scan": "docs.jsonl"}
INGEST = {"ours": ingest_ours, "stock": ingest_stock, "fts5": ingest_fts5, "tantivy": ingest_tantivy}
