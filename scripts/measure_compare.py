"""How long the compare page takes for the national government work reports.

    python scripts/measure_compare.py [YEAR ...]

Builds a real index in a temp dir over the national reports of the years given (default 2024
and 2025, from ../shared/corpus/gwr_national_wikisource), then times, for the later report,
loading the word segmenter (once per process), ``Archive.compare`` and the page ``/documents/<id>/compare`` through the test client (first
request and the best of three), and prints the promise count, verdicts and page size.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import Archive
from archive.text.analysis import words
from web import create_app

NATIONAL = ROOT.parent / "shared" / "corpus" / "gwr_national_wikisource"


def main(years: list[str]) -> None:
    files = [NATIONAL / f"{year}年中华人民共和国国务院政府工作报告.txt" for year in years]
    with tempfile.TemporaryDirectory() as folder:
        archive = Archive(Path(folder) / "index")
        archive.ingest(files)
        latest = next(hit.id for hit in archive.search(f"year:{years[-1]} 政府工作报告", limit=5).results)
        started = time.perf_counter()
        words("预热")  # jieba's dictionary, loaded once per process (the first search or compare does it)
        loading = time.perf_counter() - started
        started = time.perf_counter()
        comparison = archive.compare(latest)
        first = time.perf_counter() - started
        client = create_app({"INDEX_DIR": archive.index_dir}).test_client()
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(f"/documents/{latest}/compare")
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
        print(f"{years[-1]} against {comparison.previous.title if comparison.previous else None}")
        print(f"promises {len(comparison.promises)}  verdicts {comparison.verdicts}  "
              f"repeats {len(comparison.reuse.repeats)} ({comparison.reuse.share:.1%})")
        print(f"loading the word segmenter {loading:.3f} s; Archive.compare {first:.3f} s; "
              f"page {timings[0]:.3f} s first, {min(timings):.3f} s best of 3; "
              f"page {len(response.data) // 1024} KB")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:] or ["2024", "2025"])
