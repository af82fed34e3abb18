"""How long promise against delivery takes for the national government work reports: the
compare page must answer in under a second.

    python -m bench.compare [YEAR ...]     (default 2024 2025; prints the figures as JSON)

``measure`` builds a real index in a temp dir over the national reports of the years given (from
the corpus's ``gwr_national_wikisource``), then times, for the last of them, ``Archive.compare``
and the page ``/documents/<id>/compare`` through the Flask test client: the first call and the
best of three, with the word segmenter loaded beforehand (once per process, as the first search
does it). ``python -m bench`` runs it as its ``compare`` phase and reports it with the targets.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

NATIONAL = "gwr_national_wikisource"
YEARS = (2024, 2025)
TARGET_S = 1.0  # the compare page of a national report, at most
REPEATS = 3


def measure(corpus: Path, workdir: Path, years: tuple[int, ...] = YEARS) -> dict[str, Any]:
    """The compare timings of the national report of ``years[-1]`` against the earlier ones,
    in an index built under ``workdir``; ``{"skipped": why}`` when the corpus lacks the reports."""
    from archive import Archive
    from archive.text.analysis import words
    from web import create_app

    files = [corpus / NATIONAL / f"{year}年中华人民共和国国务院政府工作报告.txt" for year in years]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        return {"skipped": f"skipped: {', '.join(missing)} not in {corpus / NATIONAL}"}
    archive = Archive(workdir / "compare-index")
    summary = archive.ingest(files)
    if not summary.ok:
        return {"skipped": f"skipped: ingest failed: {summary.failed}"}
    doc_id = next(hit.id for hit in archive.search(f"year:{years[-1]} 政府工作报告", limit=5).results if hit.year == years[-1])

    started = time.perf_counter()
    words("预热")
    segmenter_s = time.perf_counter() - started

    def timed(call: Any) -> tuple[list[float], Any]:
        times, value = [], None
        for _ in range(REPEATS):
            started = time.perf_counter()
            value = call()
            times.append(time.perf_counter() - started)
        return times, value

    api_times, comparison = timed(lambda: Archive(archive.index_dir).compare(doc_id))
    client = create_app({"INDEX_DIR": archive.index_dir}).test_client()
    page_times, response = timed(lambda: client.get(f"/documents/{doc_id}/compare"))
    if response.status_code != 200:
        return {"skipped": f"skipped: the page answered {response.status_code}"}
    return {
        "years": list(years),
        "promises": len(comparison.promises),
        "commitments": len(comparison.commitments),
        "verdicts": comparison.verdicts,
        "reuse_share": round(comparison.reuse.share, 4),
        "segmenter_s": segmenter_s,
        "compare_first_s": api_times[0],
        "compare_best_s": min(api_times),
        "page_first_s": page_times[0],
        "page_best_s": min(page_times),
        "page_bytes": len(response.data),
    }


def target(result: dict[str, Any] | None) -> tuple[str, str, str, bool | None]:
    """The row of the targets table: the page's first answer, under ``TARGET_S``."""
    name = f"compare page < {TARGET_S:g} s, national {YEARS[-1]} report"
    if not result or "page_first_s" not in result:
        return name, (result or {}).get("skipped") or (result or {}).get("error", "not measured"), f"< {TARGET_S:.2f} s", None
    first = result["page_first_s"]
    return name, f"{first:.2f} s (Archive.compare {result['compare_first_s']:.2f} s)", f"< {TARGET_S:.2f} s", first < TARGET_S


def lines(result: dict[str, Any] | None, heading: str) -> list[str]:
    """The Markdown section of the results page."""
    out = ["", f"{heading} Promise against delivery (`python -m bench.compare`)", ""]
    if not result or "page_first_s" not in result:
        return out + [(result or {}).get("skipped") or (result or {}).get("error", "not measured")]
    years = " and ".join(str(y) for y in result["years"])
    out += [f"The national reports of {years} in a fresh index; the {result['years'][-1]} report's "
            f"{result['promises']} promises of the year before, its own {result['commitments']} commitments, "
            f"verdicts {', '.join(f'{k} {v}' for k, v in result['verdicts'].items())}, "
            f"{result['reuse_share']:.1%} of its sentences repeated. The word segmenter was loaded first "
            f"({result['segmenter_s']:.2f} s, once per process). First call and best of {REPEATS}:", ""]
    out += ["| what | first s | best s |", "| --- | --- | --- |",
            f"| `Archive.compare` (a new `Archive` each time) | {result['compare_first_s']:.3f} | {result['compare_best_s']:.3f} |",
            f"| page `/documents/<id>/compare` (Flask test client, {result['page_bytes'] // 1024} KB) "
            f"| {result['page_first_s']:.3f} | {result['page_best_s']:.3f} |"]
    return out


if __name__ == "__main__":
    from bench.corpus import default_corpus

    with tempfile.TemporaryDirectory() as folder:
        measured = measure(default_corpus(), Path(folder), tuple(int(y) for y in sys.argv[1:]) or YEARS)
    print(json.dumps(measured, ensure_ascii=False, indent=1))
    print("\n".join(lines(measured, "#")))
