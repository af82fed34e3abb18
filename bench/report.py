"""Summaries of the raw measurements, the targets, and the Markdown table."""

from __future__ import annotations

import math
import statistics
from typing import Any

from .queries import SET_NAMES
from .systems import LABELS, SYSTEMS

MB = 1024 * 1024
SET_LABELS = {"literal": "literal 1–8 chars", "figures": "figure phrases", "multi": "2–3 terms",
              "filters": "year/agency filters"}


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency(rows: list[dict]) -> dict:
    times = [r["ms"] for r in rows if "ms" in r]
    return {
        "n": len(times),
        "p50": statistics.median(times) if times else None,
        "p95": percentile(times, 95),
        "max": max(times) if times else None,
    }


def summarize_search(search: dict, queries: list[dict]) -> dict:
    """Per system: recall and latency per query set and overall."""
    out = {}
    for system, phase in search.items():
        if "rows" not in phase:
            continue
        rows = phase["rows"]
        per = {}
        for name in [*SET_NAMES, "all"]:
            chosen = [r for r in rows if name == "all" or queries[r["i"]]["set"] == name]
            share = (lambda key: sum(bool(r.get(key)) for r in chosen) / len(chosen)) if chosen else (lambda key: None)
            if system == "scan":  # the oracle
                recall = exact = precise = 1.0 if chosen else None
            else:
                recall, exact, precise = share("recalled"), share("exact"), share("precise")
            per[name] = {"recall": recall, "exact": exact, "precise": precise, "queries": len(chosen),
                         "errors": sum("error" in r for r in chosen), **latency(chosen)}
        out[system] = per
    return out


# --- formatting ------------------------------------------------------------------


def _num(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "–"
    if digits == 1 and abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.{digits}f}"


def _ratio(x: float | None, base: float | None) -> str:
    if x is None or not base:
        return "–"
    r = x / base
    return f"{r:.2f}×" if r < 10 else f"{r:,.0f}×"


def _mb(x: int | float | None) -> str:
    return "–" if x is None else f"{x / MB:,.1f}"


def _recall(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def targets(r: dict) -> list[tuple[str, str, str, bool | None]]:
    """(target, measured, threshold, passed) for the issue's targets, judged on ``ours``."""
    s = r["summary"]
    ours = s.get("ours", {})
    scan = s.get("scan", {})
    fts5 = s.get("fts5", {})
    ingest = r.get("ingest", {})
    out: list[tuple[str, str, str, bool | None]] = []

    def add(name, measured, threshold, passed):
        out.append((name, measured, threshold, passed))

    recalls = {name: ours.get(name, {}).get("recall") for name in SET_NAMES}
    present = [v for v in recalls.values() if v is not None]
    add("recall 1.000 in every query set", " / ".join(_recall(v) for v in recalls.values()), "= 1.000 each",
        bool(present) and all(v == 1.0 for v in present) if present else None)
    p95, scan_p95 = ours.get("all", {}).get("p95"), scan.get("all", {}).get("p95")
    add("top-10 p95 ≤ ½ plain scan p95", f"{_num(p95)} ms vs scan {_num(scan_p95)} ms",
        f"≤ {_num(scan_p95 / 2 if scan_p95 else None)} ms", None if p95 is None or scan_p95 is None else p95 <= scan_p95 / 2)
    p50 = ours.get("all", {}).get("p50")
    add("top-10 p50 < 10 ms", f"{_num(p50)} ms", "< 10 ms", None if p50 is None else p50 < 10)
    f95 = fts5.get("all", {}).get("p95")
    add("(aim) top-10 p95 ≤ FTS5 trigram p95", f"{_num(p95)} ms vs FTS5 {_num(f95)} ms", f"≤ {_num(f95)} ms",
        None if p95 is None or f95 is None else p95 <= f95)
    mbps = {k: v.get("mbps") for k, v in ingest.items()}
    o, st = mbps.get("ours"), mbps.get("stock")
    add("ingest ≥ 1.5× stock MB/s", f"{_num(o, 2)} vs stock {_num(st, 2)} MB/s ({_ratio(o, st)})",
        f"≥ {_num(st * 1.5 if st else None, 2)} MB/s", None if o is None or st is None else o >= 1.5 * st)
    add("(aim) ingest ≥ 1 MB/s", f"{_num(o, 2)} MB/s", "≥ 1.00 MB/s", None if o is None else o >= 1.0)
    size, text = ingest.get("ours", {}).get("index_bytes"), r["meta"].get("text_bytes")
    add("index ≤ 2.5× text", f"{_mb(size)} MB = {_ratio(size, text)} of {_mb(text)} MB text", "≤ 2.50×",
        None if size is None or not text else size <= 2.5 * text)
    peak = ingest.get("ours", {}).get("peak")
    add("ingest peak memory < 2 GB", f"{_mb(peak)} MB", "< 2,048 MB", None if peak is None else peak < 2 * 1024 * MB)
    speak = r.get("search", {}).get("ours", {}).get("peak_rss")
    add("search process < 600 MB", f"{_mb(speak)} MB", "< 600 MB", None if speak is None else speak < 600 * MB)
    cold = r.get("cold", {}).get("ours", {}).get("median_s")
    add("cold start < 1.5 s", f"{_num(cold, 2)} s", "< 1.50 s", None if cold is None else cold < 1.5)
    web = r.get("web", {})
    level16 = next((lv for lv in web.get("levels", []) if lv["clients"] == 16), None)
    if level16:
        add("web ≥ 100 req/s at 16 clients, 0 errors", f"{level16['rps']:.0f} req/s, {level16['errors']} errors",
            "≥ 100 req/s, 0 errors", level16["rps"] >= 100 and level16["errors"] == 0)
    else:
        add("web ≥ 100 req/s at 16 clients, 0 errors", web.get("skipped", "not measured"), "≥ 100 req/s, 0 errors", None)
    return out


def render(r: dict) -> str:
    meta, m = r["meta"], r["meta"]["machine"]
    s = r["summary"]
    systems = [x for x in SYSTEMS if x in s or x in r.get("ingest", {})]
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `{meta['command']}` on {meta['date']} (project commit {m['commit']}).",
        "",
        f"- **Machine**: {m['cpu']}, {m['cores']} cores, {_mb(m['ram']) if m['ram'] else '?'} MB RAM, {m['os']}; "
        f"Python {m['python']}, SQLite {m['sqlite']}, Whoosh-Reloaded {m['whoosh']}, jieba {m['jieba']}; "
        f"load average at start {', '.join(f'{x:.2f}' for x in m['loadavg']) if m['loadavg'] else '?'} "
        "(a shared machine: other jobs may have been running).",
        f"- **Corpus**: set `{meta['set']}` of `{meta['corpus']}`: {meta['docs']:,} documents "
        f"({meta['files']:,} files{', ' + str(meta['parse_failed']) + ' unreadable, skipped' if meta['parse_failed'] else ''}"
        f"{', sample of ' + str(meta['limit_docs']) if meta.get('limit_docs') else ''}), "
        f"{_mb(meta['source_bytes'])} MB of source files, {_mb(meta['text_bytes'])} MB of cleaned text "
        f"(UTF-8; the text every system indexes).",
        f"- **Queries** (seed {meta['seed']}): " + ", ".join(
            f"{meta['query_counts'].get(n, 0)} {SET_LABELS[n]}" for n in SET_NAMES) + ".",
        "",
    ]
    if meta["set"] != "full" or meta.get("limit_docs"):
        lines += ["> The targets are set for the full corpus; on this smaller set they are indicative only.", ""]

    lines += ["## Targets (ours)", ""]
    lines += _table(["target", "measured", "threshold", "result"],
                    [[n, v, t, "–" if p is None else ("**PASS**" if p else "**FAIL**")] for n, v, t, p in targets(r)])

    lines += ["", "## Search: a top-10 page with highlighted passages", "",
              "Recall: share of queries for which every document the plain scan finds is returned "
              "(the full result set is checked, untimed). Precise: share of queries for which every returned "
              "document holds every term (and meets the filters) once width, case and traditional forms are "
              "folded (`archive.text.normalize`). = scan: the result set is exactly the scan's (folding lets ours "
              "find variants `in` does not). Times: one top-10 page with highlighted passages, all query "
              "sets together.", ""]
    stock_all, scan_all = s.get("stock", {}).get("all", {}), s.get("scan", {}).get("all", {})
    rows = []
    for system in systems:
        per = s.get(system)
        if not per:
            continue
        a = per["all"]
        rows.append([LABELS[system], *(_recall(per[n]["recall"]) for n in SET_NAMES), _recall(a["precise"]),
                     _recall(a["exact"]),
                     _num(a["p50"]), _num(a["p95"]), _num(a["max"]),
                     _ratio(a["p50"], stock_all.get("p50")), _ratio(a["p50"], scan_all.get("p50")),
                     _ratio(a["p95"], stock_all.get("p95")), _ratio(a["p95"], scan_all.get("p95")),
                     str(a["errors"])])
    lines += _table(["system", *(f"recall {n}" for n in SET_NAMES), "precise", "= scan", "p50 ms", "p95 ms", "max ms",
                     "p50 × stock", "p50 × scan", "p95 × stock", "p95 × scan", "errors"], rows)

    lines += ["", "Per query set, ms (p50 / p95 / max):", ""]
    rows = []
    for name in SET_NAMES:
        row = [f"{SET_LABELS[name]} ({s.get('scan', s.get('ours', {})).get(name, {}).get('queries', 0)})"]
        for system in systems:
            x = s.get(system, {}).get(name)
            row.append("–" if not x else f"{_num(x['p50'])} / {_num(x['p95'])} / {_num(x['max'])}")
        rows.append(row)
    lines += _table(["query set", *(LABELS[x] for x in systems)], rows)

    lines += ["", "## Ingest, index size and memory", "",
              "Ingest MB/s = bytes of the source files / wall time, parsing included for every system "
              "(the baselines parse with the same `read_report`). For the plain scan, \"ingest\" is parsing "
              "the files into its in-memory store (`docs.jsonl`). Peak memory: the RSS of the phase's process and "
              "its children (ours ingests in worker processes), summed, sampled every 0.1 s, or its `ru_maxrss` "
              "if higher." + (f" Ours used {meta['ingest_workers']} worker processes (one per core); the stock "
              "build is the tutorial's single-process writer." if meta.get("ingest_workers") else ""), ""]
    ing = r.get("ingest", {})
    srch = r.get("search", {})
    cold = r.get("cold", {})
    text = meta["text_bytes"]
    st = ing.get("stock", {})
    sc = ing.get("scan", {})
    rows = []
    for system in systems:
        x = ing.get(system, {})
        rows.append([LABELS[system], _num(x.get("mbps"), 2), _ratio(x.get("mbps"), st.get("mbps")),
                     _ratio(x.get("mbps"), sc.get("mbps")), _num(x.get("wall_s")),
                     _mb(x.get("index_bytes")), _ratio(x.get("index_bytes"), text),
                     _ratio(x.get("index_bytes"), st.get("index_bytes")),
                     _mb(x.get("peak")), _ratio(x.get("peak"), st.get("peak"))])
    lines += _table(["system", "ingest MB/s", "× stock", "× scan", "wall s", "index MB", "× text", "× stock",
                     "ingest peak MB", "× stock"], rows)

    lines += ["", "## Search process and cold start", "",
              "Search peak: `ru_maxrss` of the process that ran all the queries (plus the untimed recall checks). "
              "Cold start: a fresh `python -c` that opens the index and runs one query "
              f"(`{meta.get('cold_query', '?')}`) with highlights, from process start to the printed result; "
              f"median of {meta.get('cold_runs', '?')} runs.", ""]
    rows = []
    for system in systems:
        p = srch.get(system, {}).get("peak_rss")
        c = cold.get(system, {}).get("median_s")
        rows.append([LABELS[system], _mb(p), _ratio(p, srch.get("stock", {}).get("peak_rss")),
                     _ratio(p, srch.get("scan", {}).get("peak_rss")),
                     _num(srch.get(system, {}).get("open_s"), 2),
                     _num(c, 2), _ratio(c, cold.get("stock", {}).get("median_s")),
                     _ratio(c, cold.get("scan", {}).get("median_s"))])
    lines += _table(["system", "search peak MB", "× stock", "× scan", "open s (warm process)", "cold start s",
                     "× stock", "× scan"], rows)

    web = r.get("web", {})
    lines += ["", "## Web app (`GET /api/search?q=`, waitress, loopback)", ""]
    if web.get("levels"):
        lines += [f"waitress with {web['threads']} threads in its own process; clients are Python threads "
                  f"with keep-alive connections in the benchmark process (same 2 cores), "
                  f"{web['seconds']:g} s per level, cycling through {web['queries']} queries of the sets above. "
                  f"Server peak RSS {_mb(web.get('server_peak_rss'))} MB.", ""]
        lines += _table(["clients", "requests", "req/s", "p50 ms", "p95 ms", "max ms", "errors"],
                        [[str(lv["clients"]), str(lv["requests"]), f"{lv['rps']:.1f}", _num(lv["p50"]),
                          _num(lv["p95"]), _num(lv["max"]), str(lv["errors"])] for lv in web["levels"]])
    else:
        lines.append(web.get("skipped", "skipped"))

    lines += ["", "## Notes", ""] + [f"- {note}" for note in r.get("notes", [])]
    return "\n".join(lines) + "\n"
