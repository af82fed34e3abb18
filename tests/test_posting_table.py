"""The posting pool segments are built with (archive.store.segments.PostingTable)."""

from archive.store.segments import PostingTable


def test_postings_come_out_in_whoosh_order_with_their_values() -> None:
    table = PostingTable()
    for item in [
        ("words", "执法".encode(), 0, 2.0, b""),
        ("exact", "法".encode(), 0, 1.0, b""),
        ("kinds", b"figure", 0, 1.0, b""),
        ("words", "执法".encode(), 3, 1.0, b""),
        ("kinds", b"figure", 3, 1.0, b"\x00\x00\x00\x02"),  # the first value after an empty one
        ("exact", "执".encode(), 3, 4.0, b""),
    ]:
        table.add(item)
    assert list(table.iter_postings()) == [
        ("exact", "执".encode(), 3, 4.0, b""),
        ("exact", "法".encode(), 0, 1.0, b""),
        ("kinds", b"figure", 0, 1.0, b""),
        ("kinds", b"figure", 3, 1.0, b"\x00\x00\x00\x02"),
        ("words", "执法".encode(), 0, 2.0, b""),
        ("words", "执法".encode(), 3, 1.0, b""),
    ]
    assert table.fieldnames == {"exact", "kinds", "words"}
