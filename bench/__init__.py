"""Benchmark of the archive over the real corpus, side by side with baselines.

``python -m bench [--set reports|full] [--corpus PATH] …`` builds, in a temporary
work dir, our index and three references over the *same cleaned text*
(``archive.ingest.run.read_report``):

- **ours**: ``archive.Archive`` (exact char-gram field + jieba BM25F);
- **stock**: the tutorial build, ``jieba.analyse.ChineseAnalyzer`` in a Whoosh
  ``TEXT(stored=True)`` field, ``QueryParser``, ``hit.highlights()``;
- **scan**: the text held in memory, every document tested with ``in``
  (this is also the recall oracle);
- **fts5**: SQLite FTS5 with the ``trigram`` tokenizer (LIKE for terms under 3 chars).

Each ingest and each search phase runs in its own subprocess (``bench.worker``)
so that peak memory (``ru_maxrss``) is its own. Results go to ``bench/RESULTS.md``.
"""
