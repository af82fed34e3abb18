"""The index, and the only stage that knows Whoosh: schema, stored layout, the snapshot that
everything above reads through (``archive.store.gateway``), segments, generations, the write lock."""
