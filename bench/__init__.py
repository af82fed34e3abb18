"""Benchmark of the archive over the real corpus, side by side with baselines.

``python -m bench [--set reports|full|4x] [--corpus PATH] …`` builds, in a temporary
work dir, our index and four references over the *same cleaned text*
(``archive.ingest.run.read_report``):

- **ours**: ``archive.Archive`` (exact char-gram field + jieba BM25F);
- **stock**: the tutorial build, ``jieba.analyse.ChineseAnalyzer`` in a Whoosh
  ``TEXT(stored=True)`` field, ``QueryParser``, ``hit.highlights()``;
- **scan**: the text held in memory, every document tested with ``in``
  (this is also the recall oracle);
- **fts5**: SQLite FTS5 with the ``trigram`` tokenizer for terms of 3+ characters and a
  table of each report's distinct characters and pairs for shorter ones;
- **tantivy**: tantivy-py, a positional field of character pairs and one of characters,
  the plain scan's highlighter.

``--set 4x`` runs the full corpus, then four distinct copies of it (written to the work
dir, see ``corpus.changed_copy``) with the same queries, and prints the growth.

Each ingest and each search phase runs in its own subprocess (``bench.worker``)
so that peak memory (``VmHWM``) is its own. Results go to ``bench/RESULTS.md``.
"""
