"""Ingest: plan which files are new, changed or gone, read them in worker processes, commit
batch by batch; check an index against its files."""
