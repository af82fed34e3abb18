"""Posting lists as the store reads them (``archive.store.snapshot``: one read of a list's whole
extent, its blocks decoded in memory) against Whoosh's own reader, over lists of many blocks."""

import numpy as np
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from archive.settings import DEFAULTS
from archive.store.schema import SCHEMA
from archive.store.snapshot import Caches, _Leaf

TEXTS = ["执法检查206次", "开展执法检查", "罚款16.97万元", "下一步将开展安全生产月活动", "检查", "执法"] * 7


def _whoosh_postings(reader, fieldname: str, term: str) -> tuple[list[int], list[float]]:
    matcher = reader.postings(fieldname, term)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def test_every_posting_list_reads_as_whoosh_reads_it(tmp_path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    writer = SegmentWriter(ix, codec=W3Codec(blocklimit=4))  # lists of up to 11 blocks
    for number, text in enumerate(TEXTS):
        writer.add_document(id=str(number), exact=text, body_words=text)
    writer.commit()
    with ix.reader() as reader:
        leaf = _Leaf(reader, 0, Caches(DEFAULTS))
        terms = [(fieldname, term.decode("utf-8")) for fieldname in ("exact", "body_words", "id")
                 for term in reader.lexicon(fieldname)]  # fmt: skip
        assert len(terms) > 30
        for fieldname, term in terms:
            ids, weights = leaf.postings(fieldname, term)
            expected_ids, expected_weights = _whoosh_postings(reader, fieldname, term)
            assert ids.tolist() == expected_ids, (fieldname, term)
            assert np.allclose(weights, expected_weights), (fieldname, term)
        assert len(leaf.postings("exact", "没有")[0]) == 0
