#!/usr/bin/env python
"""Build the list of common character pairs (``archive/text/data/bigrams.txt``).

The exact-match field indexes every character and every pair of adjacent
characters of a report. Most of the half million distinct pairs of the corpus
are rare, and each distinct term costs Whoosh a term entry and a posting block
(~130 bytes) and ingest time, whatever its postings. So only the pairs found in
at least ``MIN_DOCS`` documents of the corpus are index terms of their own; the
rare ones share ``archive.text.analysis.PAIR_BUCKETS`` hashed terms, and a query
for one of them is checked against the text of the few reports in its bucket.
The list changes speed and size only, never what a query finds.

The corpus is read in place, parsed and normalized as ingest does; only the
pairs are written, one per line, sorted.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from archive.text.analysis import PARAGRAPH_BREAK
from archive.store.layout import exact_text
from archive.ingest.walk import iter_files
from archive.parsing.parse import read_report

ROOT = Path(__file__).resolve().parent.parent
MIN_DOCS = 50


def document_frequencies(corpus: Path) -> tuple[Counter[str], int]:
    """In how many documents of ``corpus`` each pair occurs, and how many documents were read."""
    frequencies: Counter[str] = Counter()
    documents = 0
    for path in iter_files([corpus]):
        try:
            text = exact_text(read_report(path, path.read_bytes()))
        except Exception:  # unreadable files are the ingest's business, not the list's
            continue
        documents += 1
        frequencies.update({a + b for a, b in zip(text, text[1:]) if PARAGRAPH_BREAK not in (a, b)})
    return frequencies, documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "archive" / "text" / "data" / "bigrams.txt")
    parser.add_argument("--min-docs", type=int, default=MIN_DOCS)
    args = parser.parse_args(argv)
    frequencies, documents = document_frequencies(args.corpus)
    common = sorted(pair for pair, count in frequencies.items() if count >= args.min_docs)
    args.out.write_text("".join(f"{pair}\n" for pair in common), encoding="utf-8")
    kept = sum(frequencies[pair] for pair in common) / max(sum(frequencies.values()), 1)
    print(f"{documents} documents, {len(frequencies)} distinct pairs; {len(common)} in ≥ {args.min_docs} documents "
          f"({kept:.1%} of the pair postings) written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
