"""Summaries of the raw measurements, the targets, and the Markdown table."""

from __future__ import annotations

import math
import statistics
from typing import Any

from . import compare
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
    """(target, measured, threshold, passed) for the targets, judged on ``ours``."""
    s = r["summary"]
    ours = s.get("ours", {})
    scan = s.get("scan", {})
    fts5 = s.get("fts5", {})
    tantivy = s.get("tantivy", {})
    ingest = r.get("ingest", {})
    out: list[tuple[str, str, str, bool | None]] = []

    def add(name, measured, threshold, passed):
        out.append((name, measured, threshold, passed))

    recalls = {name: ours.get(name, {}).get("recall") for name in SET_NAMES}
    present = [v for v in recalls.values() if v is not None]
    add("recall 1.000 in every query set", " / ".join(_recall(v) for v in recalls.values()), "= 1.000 each",
        bool(present) and all(v == 1.0 for v in present) if present else None)
    p95, scan_p95 = ours.get("all", {}).get("p95"), scan.get("all", {}).get("p95")
    f95, t95 = fts5.get("all", {}).get("p95"), tantivy.get("all", {}).get("p95")
    add("top-10 p95 ≤ FTS5 (trigram + short grams) p95", f"{_num(p95)} ms vs FTS5 {_num(f95)} ms", f"≤ {_num(f95)} ms",
        None if p95 is None or f95 is None else p95 <= f95)
    add("top-10 p95 ≤ 3× tantivy-py p95", f"{_num(p95)} ms vs tantivy {_num(t95)} ms ({_ratio(p95, t95)})",
        f"≤ {_num(3 * t95 if t95 else None)} ms", None if p95 is None or t95 is None else p95 <= 3 * t95)
    p50 = ours.get("all", {}).get("p50")
    add("top-10 p50 ≤ 2 ms", f"{_num(p50)} ms", "≤ 2 ms", None if p50 is None else p50 <= 2)
    add("top-10 p95 ≤ ½ plain scan p95", f"{_num(p95)} ms vs scan {_num(scan_p95)} ms",
        f"≤ {_num(scan_p95 / 2 if scan_p95 else None)} ms", None if p95 is None or scan_p95 is None else p95 <= scan_p95 / 2)
    mbps = {k: v.get("mbps") for k, v in ingest.items()}
    o, st = mbps.get("ours"), mbps.get("stock")
    cores = ingest.get("ours", {}).get("cores")
    add("ingest ≥ 1.5 MB/s", f"{_num(o, 2)} MB/s on {_num(cores, 2)} of {r['meta']['machine']['cores']} cores",
        "≥ 1.50 MB/s", None if o is None else o >= 1.5)
    add("ingest ≥ 1.5× stock MB/s", f"{_num(o, 2)} vs stock {_num(st, 2)} MB/s ({_ratio(o, st)})",
        f"≥ {_num(st * 1.5 if st else None, 2)} MB/s", None if o is None or st is None else o >= 1.5 * st)
    size, text = ingest.get("ours", {}).get("index_bytes"), r["meta"].get("text_bytes")
    add("index ≤ 2.5× text", f"{_mb(size)} MB = {_ratio(size, text)} of {_mb(text)} MB text", "≤ 2.50×",
        None if size is None or not text else size <= 2.5 * text)
    peak = ingest.get("ours", {}).get("peak")
    add("ingest peak memory < 2 GB", f"{_mb(peak)} MB", "< 2,048 MB", None if peak is None else peak < 2 * 1024 * MB)
    speak = r.get("search", {}).get("ours", {}).get("peak_rss")
    add("search process < 600 MB", f"{_mb(speak)} MB", "< 600 MB", None if speak is None else speak < 600 * MB)
    plain = r.get("cold_literal", {}).get("ours", {}).get("median_s")
    add("cold start ≤ 0.4 s, a query of no words", f"{_num(plain, 2)} s", "≤ 0.40 s",
        None if plain is None else plain <= 0.4)
    cold = r.get("cold", {}).get("ours", {}).get("median_s")
    add("cold start < 1.5 s, a query of words", f"{_num(cold, 2)} s", "< 1.50 s", None if cold is None else cold < 1.5)
    web = r.get("web", {})
    level16 = next((lv for lv in web.get("levels", []) if lv["clients"] == 16), None)
    if level16:
        add("web ≥ 100 req/s at 16 clients, 0 errors", f"{level16['rps']:.0f} req/s, {level16['errors']} errors",
            "≥ 100 req/s, 0 errors", level16["rps"] >= 100 and level16["errors"] == 0)
    else:
        add("web ≥ 100 req/s at 16 clients, 0 errors", web.get("skipped", "not measured"), "≥ 100 req/s, 0 errors", None)
    add(*compare.target(r.get("compare")))
    return out


def _result(passed: bool | None) -> str:
    return "–" if passed is None else ("**PASS**" if passed else "**FAIL**")


def growth(once: dict, four: dict) -> list[str]:
    """The growth 1× → 4× of every system, and its targets for ours."""
    def figures(r: dict, system: str) -> dict:
        a = r["summary"].get(system, {}).get("all", {})
        return {"p50": a.get("p50"), "p95": a.get("p95"),
                "index": r["ingest"].get(system, {}).get("index_bytes"),
                "memory": r["search"].get(system, {}).get("peak_rss"),
                "mbps": r["ingest"].get(system, {}).get("mbps"),
                "cold": r.get("cold_literal", {}).get(system, {}).get("median_s")}

    systems = [x for x in SYSTEMS if x in once["summary"] and x in four["summary"]]
    rows = []
    for system in systems:
        a, b = figures(once, system), figures(four, system)
        rows.append([LABELS[system],
                     *(f"{_num(a[k])} → {_num(b[k])} ({_ratio(b[k], a[k])})" for k in ("p50", "p95")),
                     *(f"{_mb(a[k])} → {_mb(b[k])} ({_ratio(b[k], a[k])})" for k in ("index", "memory")),
                     f"{_num(a['mbps'], 2)} → {_num(b['mbps'], 2)}", f"{_num(a['cold'], 2)} → {_num(b['cold'], 2)}"])
    lines = _table(["system", "p50 ms", "p95 ms", "index MB", "search peak MB", "ingest MB/s", "cold start s (no words)"],
                   rows)
    a, b = figures(once, "ours"), figures(four, "ours")
    grew = lambda k: b[k] / a[k] if a[k] and b[k] is not None else None  # noqa: E731
    budget = four["meta"].get("memory_budget")
    checks = [
        ("p95 grows at most 2×", _ratio(b["p95"], a["p95"]), "≤ 2.00×", None if grew("p95") is None else grew("p95") <= 2),
        ("index grows at most 4×", _ratio(b["index"], a["index"]), "≤ 4.00×",
         None if grew("index") is None else grew("index") <= 4),
        ("search memory at 4× within the memory budget", f"{_mb(b['memory'])} MB",
         f"≤ {_mb(budget)} MB" if budget else "no budget setting", None if not budget or b["memory"] is None
         else b["memory"] <= budget),
    ]
    return lines + ["", "Targets (ours):", ""] + _table(
        ["target", "measured", "threshold", "result"], [[n, v, t, _result(p)] for n, v, t, p in checks])


def render(r: dict) -> str:
    """The Markdown page of one run, or of a 4x run: the growth, then each size's page."""
    if "runs" not in r:
        return render_run(r)
    once, four = r["runs"]["1x"], r["runs"]["4x"]
    lines = ["# Benchmark results: 1× and 4×", "",
             f"Generated by `{four['meta']['command']}` on {once['meta']['date']} (project commit "
             f"{once['meta']['machine']['commit']}): the full corpus ({once['meta']['docs']:,} documents, "
             f"{_mb(once['meta']['text_bytes'])} MB of text), then four distinct copies of it "
             f"({four['meta']['docs']:,} documents, {_mb(four['meta']['text_bytes'])} MB), the same "
             f"{sum(once['meta']['query_counts'].values())} queries; {four['meta'].get('elapsed_s', 0) / 60:.0f} minutes "
             "in all.", "", "## Growth 1× → 4×", "",
             "p50/p95: a top-10 page with highlighted passages, all query sets; index: bytes on disk; search peak: "
             "`VmHWM` of the search process; cold start: the query of no words.", ""]
    lines += growth(once, four)
    return "\n".join(lines) + "\n\n" + render_run(once, depth=2, title="1×: the full corpus") + "\n" + \
        render_run(four, depth=2, title="4×: four distinct copies")


def render_run(r: dict, depth: int = 1, title: str = "Benchmark results") -> str:
    h = "#" * depth
    meta, m = r["meta"], r["meta"]["machine"]
    s = r["summary"]
    systems = [x for x in SYSTEMS if x in s or x in r.get("ingest", {})]
    lines = [
        f"{h} {title}",
        "",
        f"Generated by `{meta['command']}` on {meta['date']} (project commit {m['commit']}).",
        "",
        f"- **Machine**: {m['cpu']}, {m['cores']} cores, {_mb(m['ram']) if m['ram'] else '?'} MB RAM, {m['os']}; "
        f"Python {m['python']}, SQLite {m['sqlite']}, Whoosh-Reloaded {m['whoosh']}, jieba {m['jieba']}, "
        f"tantivy-py {m.get('tantivy', '?')}; "
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
    if meta["set"] not in ("full", "4x") or meta.get("limit_docs"):
        lines += ["> The targets are set for the full corpus; on this smaller set they are indicative only.", ""]

    lines += [f"{h}# Targets (ours)", ""]
    lines += _table(["target", "measured", "threshold", "result"],
                    [[n, v, t, _result(p)] for n, v, t, p in targets(r)])

    lines += ["", f"{h}# Search: a top-10 page with highlighted passages", "",
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

    lines += ["", f"{h}# Ingest, index size and memory", "",
              "Ingest MB/s = bytes of the source files / wall time, parsing included for every system "
              "(the baselines parse with the same `read_report`). For the plain scan, \"ingest\" is parsing "
              "the files into its in-memory store (`docs.jsonl`). Peak memory: the RSS of the phase's process and "
              "its children (ours ingests in worker processes), summed, sampled every 0.1 s, or its `VmHWM` "
              "if higher. Cores used: CPU seconds of the phase's process and its children / wall time." + (f" Ours used {meta['ingest_workers']} worker processes (one per core); the stock "
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
                     _mb(x.get("peak")), _ratio(x.get("peak"), st.get("peak")), _num(x.get("cores"), 2)])
    lines += _table(["system", "ingest MB/s", "× stock", "× scan", "wall s", "index MB", "× text", "× stock",
                     "ingest peak MB", "× stock", "cores used"], rows)

    lines += ["", f"{h}# Search process and cold start", "",
              "Search peak: `VmHWM` of the process that ran all the queries (plus the untimed recall checks). "
              "Cold start: a fresh `python -c` that opens the index and runs one query with highlights, from "
              f"process start to the printed result, median of {meta.get('cold_runs', '?')} runs after one that "
              "compiles the bytecode (not counted): a query of words "
              f"(`{meta.get('cold_query', '?')}`) and one of none (`{meta.get('cold_literal_query', '?')}`).", ""]
    rows = []
    for system in systems:
        p = srch.get(system, {}).get("peak_rss")
        c = cold.get(system, {}).get("median_s")
        rows.append([LABELS[system], _mb(p), _ratio(p, srch.get("stock", {}).get("peak_rss")),
                     _ratio(p, srch.get("scan", {}).get("peak_rss")),
                     _num(srch.get(system, {}).get("open_s"), 2),
                     _num(c, 2), _ratio(c, cold.get("stock", {}).get("median_s")),
                     _ratio(c, cold.get("scan", {}).get("median_s")),
                     _num(r.get("cold_literal", {}).get(system, {}).get("median_s"), 2)])
    lines += _table(["system", "search peak MB", "× stock", "× scan", "open s (warm process)", "cold start s",
                     "× stock", "× scan", "cold start s, no words"], rows)

    web = r.get("web", {})
    lines += ["", f"{h}# Web app (`GET /api/search?q=`, waitress, loopback)", ""]
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

    lines += compare.lines(r.get("compare"), f"{h}#")
    lines += ["", f"{h}# Notes", ""] + [f"- {note}" for note in r.get("notes", [])]
    return "\n".join(lines) + "\n"
