"""Source files: walking folders, fingerprints, reading a file's bytes safely, the paths a report is
known by."""
