"""``python -m bench``: measure ours against the baselines and write bench/RESULTS.md.

Phases, each in its own subprocess (see ``bench.worker``): parse the corpus set
into the cleaned text (the plain scan's store), build each index, run the query
sets on each system (the plain scan first: its results are the recall oracle),
cold starts, then the web app under load. Everything lives in a temporary work
dir that is removed at the end. Every phase has a time limit, so a run always
ends by itself.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import machine, report, web
from .corpus import SETS, default_corpus, read_docs, select_files, write_copies
from .queries import SET_NAMES, Query, generate
from .systems import INDEX_NAMES, SYSTEMS, Fts5Searcher, index_files

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "bench" / "RESULTS.md"


class PhaseFailed(RuntimeError):
    pass


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None,
                        help="corpus folder (default: shared/corpus beside the project)")
    parser.add_argument("--set", choices=SETS, default="reports",
                        help="reports: the gwr_* and cpc_* sources (~8 MB, default); full: the whole corpus; "
                             "4x: the whole corpus, then four distinct copies of it (built in the work dir), "
                             "with the growth from one to the other")
    parser.add_argument("--limit-docs", type=int, default=None, help="a fixed random sample of N files (smoke runs)")
    parser.add_argument("--queries", type=int, default=None,
                        help="at most N queries per query set (default: 200/100/100/50)")
    parser.add_argument("--seed", type=int, default=20261129, help="seed of the query sets and samples")
    parser.add_argument("--systems", default="ours,stock,fts5,tantivy",
                        help="systems besides the plain scan (always run: it is the oracle)")
    parser.add_argument("--budget", type=float, default=600.0,
                        help="seconds of timed queries per system; queries past it are not run (default 600)")
    parser.add_argument("--ingest-timeout", type=float, default=7200.0, help="seconds per ingest phase")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold starts per system, median reported (0: skip)")
    parser.add_argument("--no-web", action="store_true", help="skip the web app load test")
    parser.add_argument("--no-compare", action="store_true", help="skip timing the compare page (bench.compare)")
    parser.add_argument("--web-seconds", type=float, default=5.0, help="seconds per concurrency level")
    parser.add_argument("--clients", default="1,4,16", help="concurrency levels of the web test")
    parser.add_argument("--web-threads", type=int, default=4, help="waitress threads (its default is 4)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown results (default bench/RESULTS.md)")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw measurements as JSON")
    parser.add_argument("--profile", type=Path, default=None,
                        help="also profile our ingest and search (cProfile, separate runs) into this folder")
    parser.add_argument("--keep-workdir", action="store_true", help="keep the temporary work dir (indexes)")
    parser.add_argument("--render", type=Path, default=None, metavar="JSON",
                        help="only write the table again from a --json dump of an earlier run (measures nothing)")
    args = parser.parse_args(argv)
    args.systems = [s for s in SYSTEMS if s in {x.strip() for x in args.systems.split(",")} and s != "scan"]
    args.clients = [int(c) for c in args.clients.split(",") if c.strip()]
    return args


class Runner:
    def __init__(self, args: argparse.Namespace, workdir: Path):
        self.args = args
        self.workdir = workdir
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}

    def worker(self, task: str, name: str, params: dict, timeout: float) -> dict:
        params_path = self.workdir / f"{name}.params.json"
        result_path = self.workdir / f"{name}.result.json"
        log_path = self.workdir / f"{name}.log"
        params_path.write_text(json.dumps(params, ensure_ascii=False), "utf-8")
        with log_path.open("w") as out:
            try:
                proc = subprocess.run([sys.executable, "-m", "bench.worker", task, str(params_path), str(result_path)],
                                      stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=self.env, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise PhaseFailed(f"{name}: stopped after the {timeout:.0f} s limit") from None
        if proc.returncode != 0 or not result_path.exists():
            tail = log_path.read_text(errors="replace").strip().splitlines()[-5:]
            raise PhaseFailed(f"{name}: exit code {proc.returncode}: " + " / ".join(tail))
        return json.loads(result_path.read_text("utf-8"))

    def cold_start(self, code: str, argv: list[str]) -> float | None:
        """Seconds from starting ``python -c code argv`` to its first line of output. Modules
        are loaded from bytecode compiled beforehand into the work dir, as an installed
        program's are (``PYTHONDONTWRITEBYTECODE``, if set, would compile every module anew
        on every start: more modules, more cost, which is not what users see)."""
        env = {key: value for key, value in self.env.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(self.workdir / "pycache")
        started = time.perf_counter()
        with subprocess.Popen([sys.executable, "-c", code, *argv], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, cwd=self.workdir, env=env) as proc:
            try:
                line = proc.stdout.readline()
                elapsed = time.perf_counter() - started
                proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
                return None
        return elapsed if line.strip() and proc.returncode == 0 else None


COLD_CODE = {
    "ours": (
        "import sys\n"
        "from archive import Archive\n"
        "r = Archive(sys.argv[1]).search(sys.argv[2], limit=10)\n"
        "print(r.total_documents, sum(len(h.passages) for h in r.results), flush=True)\n"
    ),
    "stock": (
        "import sys\n"
        "from whoosh.index import open_dir\n"
        "from whoosh.qparser import QueryParser\n"
        "ix = open_dir(sys.argv[1])\n"
        "with ix.searcher() as s:\n"
        "    r = s.search(QueryParser('content', ix.schema).parse(sys.argv[2]), limit=10)\n"
        "    h = [hit.highlights('content') for hit in r]\n"
        "    print(len(r), len(h), flush=True)\n"
    ),
    "fts5": (
        "import html, json, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1])\n"
        "ids, args, ranked, terms = json.loads(sys.argv[2])\n"
        "n = db.execute(f'SELECT count(*) FROM ({ids})', args).fetchone()[0]\n"
        "if ranked:\n"
        "    rows = db.execute(f\"SELECT rowid, snippet(docs, 0, '<mark>', '</mark>', '…', 64) FROM docs \"\n"
        "                      f'WHERE docs MATCH ? AND +rowid IN ({ids}) ORDER BY rank LIMIT 10', [args[0], *args]).fetchall()\n"
        "else:  # short terms only: highlight in Python\n"
        "    rows = [html.escape(p) for (body,) in db.execute(f'SELECT body FROM docs WHERE rowid IN (SELECT * FROM ({ids}) LIMIT 10)', args)\n"
        "            for p in body.split('\\n') if any(t in p for t in terms)]\n"
        "print(n, len(rows), flush=True)\n"
    ),
    "tantivy": (
        "import html, json, sys\n"
        "import tantivy\n"
        "ix = tantivy.Index.open(sys.argv[1])\n"
        "schema = ix.schema\n"
        "terms = json.loads(sys.argv[2])\n"
        "def sub(t):\n"
        "    if len(t) == 1:\n"
        "        return tantivy.Query.term_query(schema, 'uni', t)\n"
        "    at = [*range(0, len(t) - 2, 2), len(t) - 2]\n"
        "    if len(at) == 1:\n"
        "        return tantivy.Query.term_query(schema, 'bi', t)\n"
        "    return tantivy.Query.phrase_query(schema, 'bi', [(i, t[i:i + 2]) for i in at])\n"
        "q = tantivy.Query.boolean_query([(tantivy.Occur.Must, sub(t)) for t in terms])\n"
        "s = ix.searcher()\n"
        "r = s.search(q, 10, count=True)\n"
        "passages = [html.escape(p) for _, a in r.hits for p in s.doc(a)['body'][0].decode().split('\\n')\n"
        "            if any(t in p for t in terms)]\n"
        "print(r.count, len(passages), flush=True)\n"
    ),
    "scan": (
        "import html, json, sys\n"
        "docs = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]\n"
        "texts = ['\\n'.join(d['parts']) for d in docs]\n"
        "terms = sys.argv[2].split()\n"
        "found = [i for i, t in enumerate(texts) if all(x in t for x in terms)]\n"
        "passages = [html.escape(p) for i in found[:10] for p in docs[i]['parts'] if any(x in p for x in terms)][:30]\n"
        "print(len(found), len(passages), flush=True)\n"
    ),
}


def read_through(path: Path) -> None:
    """Read every file under ``path`` once, so that each system's search phase starts with its
    index in the OS's cache, as a server's that has been answering holds it. This machine's
    kernel pages out file pages left idle for about a minute (DAMON): without this the index
    searched longest after its ingest was read from disk (measured on ours: p95 14.6 → 10 ms
    with the same index read beforehand), so the systems' order decided part of their times."""
    for file in index_files(path):
        with file.open("rb", buffering=0) as f:
            while f.read(1 << 20):
                pass


def _ingest_workers() -> int | None:
    try:
        from archive.ingest.workers import default_workers
    except ImportError:
        return None
    return default_workers()


def _memory_budget() -> int | None:
    """The search memory budget of the archive measured (``Settings.memory_budget``), if it has one."""
    from archive.settings import Settings

    return getattr(Settings.from_env(), "memory_budget", None)


def interleave(sets: dict[str, list]) -> list:
    """All queries, the sets mixed in proportion, so a budget cut spares no set."""
    keyed = [((i + 0.5) / len(qs), order, q) for order, qs in enumerate(sets.values()) for i, q in enumerate(qs)]
    return [q for *_, q in sorted(keyed, key=lambda k: (k[0], k[1]))]


def run(args: argparse.Namespace, workdir: Path, command: str, corpus: Path, files: list[Path], set_name: str,
        query_rows: list[dict] | None = None) -> dict:
    """Every phase over ``files`` in ``workdir``; the query sets are drawn from their text
    unless ``query_rows`` (an earlier run's) are given."""
    workdir.mkdir(parents=True, exist_ok=True)
    runner = Runner(args, workdir)
    source_bytes = sum(p.stat().st_size for p in files)
    file_list = [str(p) for p in files]
    notes: list[str] = []
    result: dict = {"ingest": {}, "search": {}, "cold": {}, "web": {}, "notes": notes}

    log(f"set {set_name}: {len(files)} files, {source_bytes / 2**20:.1f} MB; work dir {workdir}")
    prep = runner.worker("prepare", "prepare", {"files": file_list, "workdir": str(workdir)}, args.ingest_timeout)
    docs = read_docs(workdir / "docs.jsonl")
    text_bytes = sum(len(d.text.encode("utf-8")) for d in docs)
    result["ingest"]["scan"] = {"wall_s": prep["wall_s"], "mbps": source_bytes / 2**20 / prep["wall_s"],
                                "index_bytes": (workdir / "docs.jsonl").stat().st_size, "peak_rss": prep["peak_rss"],
                                "peak": prep["peak_rss"], "docs": prep["docs"]}
    log(f"parsed {len(docs)} documents in {prep['wall_s']:.1f} s ({len(prep['failed'])} unreadable)")
    if prep["failed"]:
        notes.append(f"{len(prep['failed'])} files could not be read by `read_report` and are left out of every "
                     f"system, e.g. `{Path(prep['failed'][0][0]).name}`: {prep['failed'][0][1]}")

    if query_rows is None:
        query_rows = [q.to_dict() for q in interleave(generate(docs, seed=args.seed, cap=args.queries))]
    queries = [Query.from_dict(row) for row in query_rows]
    counts = {name: sum(q.set == name for q in queries) for name in SET_NAMES}
    (workdir / "queries.json").write_text(json.dumps(query_rows, ensure_ascii=False), "utf-8")
    log("queries: " + ", ".join(f"{v} {k}" for k, v in counts.items()))

    result["meta"] = {
        "command": command,
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine.describe(ROOT),
        "set": set_name,
        "corpus": str(corpus),
        "files": len(files),
        "docs": len(docs),
        "parse_failed": len(prep["failed"]),
        "limit_docs": args.limit_docs,
        "source_bytes": source_bytes,
        "text_bytes": text_bytes,
        "seed": args.seed,
        "query_counts": counts,
        "cold_runs": args.cold_runs,
        "budget": args.budget,
        "ingest_workers": _ingest_workers(),
        "memory_budget": _memory_budget(),
    }

    def search(system: str, index: Path, name: str | None = None, profile: Path | None = None) -> dict:
        read_through(index)
        params = {"system": system, "workdir": str(workdir), "index": str(index),
                  "queries": str(workdir / "queries.json"), "budget": args.budget,
                  "profile": str(profile) if profile else None}
        return runner.worker("search", name or f"search-{system}", params, args.budget * 3 + 1800)

    # the plain scan first: its full result sets are the oracle
    log("search: scan (the oracle)")
    result["search"]["scan"] = search("scan", workdir / "docs.jsonl")
    if result["search"]["scan"]["run"] < len(queries):
        raise SystemExit("the plain scan did not finish the queries within the budget: no oracle (raise --budget)")

    for system in args.systems:
        log(f"ingest: {system}")
        try:
            params = {"system": system, "files": file_list, "index": str(workdir / INDEX_NAMES[system])}
            phase = runner.worker("ingest", f"ingest-{system}", params, args.ingest_timeout)
            phase["mbps"] = source_bytes / 2**20 / phase["wall_s"]
            phase["cores"] = phase["cpu_s"] / phase["wall_s"]
            phase["peak"] = max(phase.get("peak_tree_rss", 0), phase["peak_rss"])
            result["ingest"][system] = phase
            log(f"  {phase['wall_s']:.1f} s, {phase['mbps']:.2f} MB/s on {phase['cores']:.2f} cores, "
                f"index {phase['index_bytes'] / 2**20:.1f} MB")
        except PhaseFailed as error:
            result["ingest"][system] = {"error": str(error)}
            notes.append(f"ingest of {system} failed: {error}")
            log(f"  FAILED: {error}")
    for system in args.systems:
        if "error" in result["ingest"].get(system, {"error": 1}):
            continue
        log(f"search: {system}")
        try:
            result["search"][system] = search(system, workdir / INDEX_NAMES[system])
        except PhaseFailed as error:
            result["search"][system] = {"error": str(error)}
            notes.append(f"search phase of {system} failed: {error}")
            log(f"  FAILED: {error}")

    # cold start: a query of words (the first two/three-term query), and one that needs no
    # jieba words (the first one-character literal: it is its own word)
    cold_queries = {"cold": next((q for q in queries if q.set == "multi"), queries[0]),
                    "cold_literal": next((q for q in queries if q.set == "literal" and len(q.text) == 1), queries[0])}
    for key, cold_query in cold_queries.items():
        result["meta"][f"{key}_query"] = cold_query.text
        result[key] = {}
        where, fargs, ranked = Fts5Searcher.where(cold_query)
        cold_args = {
            "ours": [str(workdir / "ours"), cold_query.text],
            "stock": [str(workdir / "stock"), " ".join(cold_query.terms)],
            "scan": [str(workdir / "docs.jsonl"), " ".join(cold_query.terms)],
            "fts5": [str(workdir / "fts5.db"), json.dumps([where, fargs, ranked, cold_query.terms], ensure_ascii=False)],
            "tantivy": [str(workdir / "tantivy"), json.dumps(cold_query.terms, ensure_ascii=False)],
        }
        for system in ["scan", *args.systems] if args.cold_runs > 0 else []:
            if system not in cold_args or "error" in result["ingest"].get(system, {"error": 1}):
                continue
            runner.cold_start(COLD_CODE[system], cold_args[system])  # compiles the bytecode: not counted
            times = [runner.cold_start(COLD_CODE[system], cold_args[system]) for _ in range(args.cold_runs)]
            good = [t for t in times if t is not None]
            result[key][system] = {"runs_s": times, "median_s": statistics.median(good) if good else None}
            log(f"{key.replace('_', ' ')} start {system}: {', '.join('fail' if t is None else f'{t:.2f}' for t in times)} s")

    result["web"] = {"skipped": "skipped (--no-web)"} if args.no_web else web_phase(args, runner, workdir, queries)
    result["compare"] = {"skipped": "skipped (--no-compare)"} if args.no_compare else compare_phase(runner, workdir, corpus)

    if args.profile:
        result["profile"] = profile_phase(args, runner, workdir, file_list, search)

    check_precision(result["search"], docs, query_rows)
    result["summary"] = report.summarize_search(result["search"], query_rows)
    result["queries"] = query_rows
    notes.extend(make_notes(result, query_rows))
    return result


def compare_phase(runner: Runner, workdir: Path, corpus: Path) -> dict:
    """``bench.compare.measure`` in its own process: the national report's compare page."""
    log("compare: the compare page of the national report")
    try:
        return runner.worker("compare", "compare", {"corpus": str(corpus), "workdir": str(workdir)}, 600)
    except PhaseFailed as error:
        return {"error": str(error)}


def web_phase(args, runner: Runner, workdir: Path, queries) -> dict:
    if not (workdir / "ours").exists():
        return {"skipped": "skipped: no index of ours to serve"}
    check = subprocess.run([sys.executable, "-c", "from web import create_app"], capture_output=True, text=True,
                           cwd=workdir, env=runner.env, timeout=120)
    if check.returncode != 0:
        reason = (check.stderr.strip().splitlines() or ["?"])[-1]
        log(f"web: skipped ({reason})")
        return {"skipped": f"skipped: web app not available (`from web import create_app`: {reason})"}
    ready = workdir / "web.port"
    params = {"index": str(workdir / "ours"), "ready": str(ready), "threads": args.web_threads}
    (workdir / "serve.params.json").write_text(json.dumps(params), "utf-8")
    with (workdir / "serve.log").open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "bench.worker", "serve", str(workdir / "serve.params.json"),
                                   str(workdir / "serve.result.json")], stdout=out, stderr=subprocess.STDOUT,
                                  cwd=ROOT, env=runner.env)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                tail = (workdir / "serve.log").read_text(errors="replace").strip().splitlines()[-3:]
                return {"skipped": "skipped: the web app did not start: " + " / ".join(tail)}
            time.sleep(0.1)
        time.sleep(0.05)
        port = int(ready.read_text())
        texts = [q.text for q in queries]
        web.warm(port, texts[:5])
        levels = []
        for clients in args.clients:
            level = web.load(port, texts, clients, args.web_seconds)
            lat = level.pop("latencies_ms")
            level.update(p50=statistics.median(lat) if lat else None, p95=report.percentile(lat, 95),
                         max=max(lat) if lat else None)
            levels.append(level)
            log(f"web: {clients} clients: {level['rps']:.1f} req/s, p95 {level['p95'] or 0:.1f} ms, "
                f"{level['errors']} errors")
        return {"levels": levels, "threads": args.web_threads, "seconds": args.web_seconds,
                "queries": len(texts), "server_peak_rss": web.process_peak_rss(server.pid)}
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def profile_phase(args, runner: Runner, workdir: Path, file_list: list[str], search) -> dict:
    """Our ingest and search again, under cProfile, into ``args.profile``."""
    import pstats

    out = args.profile.resolve()
    out.mkdir(parents=True, exist_ok=True)
    index = workdir / "ours-profile"
    log("profile: ingest (ours, under cProfile)")
    # one worker, in process: cProfile sees only its own process
    runner.worker("ingest", "profile-ingest", {"system": "ours", "files": file_list, "index": str(index), "workers": 1,
                                                "profile": str(out / "ingest.prof")}, args.ingest_timeout * 3)
    log("profile: search (ours, under cProfile)")
    search("ours", index, name="profile-search", profile=out / "search.prof")
    shutil.rmtree(index, ignore_errors=True)
    for name in ("ingest", "search"):
        with (out / f"{name}.txt").open("w") as f:
            for order in ("cumulative", "tottime"):
                f.write(f"=== {name}: top 40 by {order} ===\n")
                pstats.Stats(str(out / f"{name}.prof"), stream=f).strip_dirs().sort_stats(order).print_stats(40)
    log(f"profiles written to {out} (ingest/search .prof and .txt)")
    return {"dir": str(out)}


def check_precision(search: dict, docs, queries: list[dict]) -> None:
    """Mark each row ``precise`` when every document a system returned beyond the scan's
    holds every term and meets the filters once both sides are folded as the README says
    (width, case, traditional → simplified: ``archive.text.normalize``)."""
    from archive.text.normalize import normalize

    texts: dict[int, str] = {}

    def holds(ordinal: int, query: dict, terms: list[str], agency: str | None) -> bool:
        doc = docs[ordinal]
        if ordinal not in texts:
            texts[ordinal] = normalize(doc.text)
        if query["years"] and not (doc.year is not None and query["years"][0] <= doc.year <= query["years"][1]):
            return False
        if agency and not (doc.agency and agency in normalize(doc.agency)):
            return False
        return all(term in texts[ordinal] for term in terms)

    for system, phase in search.items():
        for row in phase.get("rows", []):
            extra = row.pop("extra", None)
            if system == "scan":
                row["precise"] = True
            elif extra is not None:
                query = queries[row["i"]]
                terms = [normalize(t) for t in query["terms"]]
                agency = normalize(query["agency"]) if query["agency"] else None
                bad = [o for o in extra if not holds(o, query, terms, agency)]
                row["precise"] = not bad
                row["imprecise_docs"] = len(bad)


def make_notes(r: dict, queries: list[dict]) -> list[str]:
    notes = [
        "All systems index the same cleaned text: `archive.ingest.run.read_report` of each file, its title and "
        "paragraphs one per line. The plain scan tests `term in text` for each term (all required) and is the "
        "recall oracle, so its recall is 1.000 by definition.",
        "Baselines apply the `year:`/`agency:` filters in code, on the metadata `read_report` gives: the stock "
        "build as a set of document numbers passed to `search(filter=…)`, FTS5 as `year BETWEEN … AND "
        "agency LIKE …` on a plain table intersected with the text's ids, tantivy as a range query and a phrase "
        "of the agency's grams, the scan in its loop. Ours gets the query text as typed.",
        "Ours is timed through the public API, `Archive(index).search(text, limit=10)`, one `Archive` for all "
        "queries as the web app holds one: its searcher and the per-segment caches of postings, texts and reports "
        "outlive a query, and nothing is read before the first (no warm-up). Its full result set for recall comes "
        "from `archive.search.run.matching_documents`, and `total_documents` of the timed page is checked against it.",
        "Before each system's search phase its index files are read once (`bench.run.read_through`), so that every "
        "system is timed with its index in the OS's cache: this machine pages out file pages idle for a minute, and "
        "the systems are searched one after the other, minutes after their ingests.",
        "The stock build gets the terms joined by spaces through `QueryParser('content', schema)` "
        "(default AND of the analyzed words); `len(results)` is its total and `hit.highlights('content')` its passages. "
        "FTS5 pages are `ORDER BY rank LIMIT 10` with `snippet()`, plus `count(*)` for the total.",
        f"tantivy-py {r['meta']['machine'].get('tantivy', '?')}: one positional field of each report's character "
        "pairs (whitespace-separated, so each pair has its position) and one of its characters; a term of 2+ "
        "characters is a phrase of the pairs that cover it, one character a unigram term, the filters a range on "
        "`year` and the agency's grams. Its page is the BM25 top 10, the passages from the stored text by the plain "
        "scan's highlighter; `count` is its total. Its writer indexes on its own threads (one per core).",
    ]
    if r["meta"]["set"] == "4x":
        notes.append("The 4x set is the full corpus and three changed copies of every file, written to the work "
                     "dir: copy k shifts each figure's digits by k (`206次` → `317次`), four-digit years kept, and "
                     "rotates the lines after the title by k quarters. Words stay as they are, so a word's result "
                     "set grows about 4×, a figure's mostly stays in its report; the queries are those of the 1× "
                     "run (drawn from the original text), their oracle the plain scan over the 4× text.")
    fts = r["search"].get("fts5", {})
    if "rows" in fts:
        short = sum(bool(row.get("grams")) for row in fts["rows"])
        allshort = sum(1 for row in fts["rows"] if all(len(t) < 3 for t in queries[row["i"]]["terms"]))
        notes.append(f"SQLite {r['meta']['machine']['sqlite']} (≥ 3.34 has the trigram tokenizer). The trigram "
                     f"index cannot serve terms under 3 characters: {short} of {len(fts['rows'])} FTS5 queries have "
                     f"such a term, looked up in the table of each report's distinct characters and pairs "
                     f"(`grams`, a B-tree keyed by gram then report) and intersected with the rest; {allshort} of "
                     "them have no longer term, so no `bm25` either: their page is the first 10 reports, "
                     "highlighted in Python like the plain scan.")
    for system, phase in r["search"].items():
        if "rows" not in phase:
            continue
        if phase["run"] < phase["of"]:
            notes.append(f"{system}: only {phase['run']} of {phase['of']} queries ran within the "
                         f"{r['meta']['budget']:g} s time budget (`--budget`); its figures cover those.")
        errors = [row for row in phase["rows"] if "error" in row]
        if errors:
            examples = "; ".join(f"`{queries[row['i']]['text']}`: {row['error']}" for row in errors[:3])
            notes.append(f"{system}: {len(errors)} queries raised an error (counted as not recalled), e.g. {examples}")
    ours = r["search"].get("ours", {})
    if "rows" in ours:
        missed = [row for row in ours["rows"] if "error" not in row and not row.get("recalled")]
        if missed:
            examples = "; ".join(f"`{queries[row['i']]['text']}` ({row['missed']} of "
                                 f"{row['missed'] + row['count']} missed)" for row in missed[:10])
            notes.append(f"ours missed documents in {len(missed)} queries: {examples}")
        inconsistent = [row for row in ours["rows"] if row.get("total_consistent") is False]
        if inconsistent:
            notes.append(f"ours: in {len(inconsistent)} queries `total_documents` of the page differs from the full "
                         f"matching set, e.g. `{queries[inconsistent[0]['i']]['text']}`")
    segments = r["ingest"].get("ours", {}).get("segments")
    if segments:
        notes.append(f"ours' index after the ingest has {segments} Whoosh segment(s) (one per ingest batch, "
                     "unless merged at commit); each repeats the vocabulary of the grams it holds.")
    dup = r["ingest"].get("ours", {}).get("duplicates")
    if dup:
        notes.append(f"ours stores identical files once: {dup} files are duplicates of another, so ours has fewer "
                     "reports than the scan has documents; a report counts for every file it stands for.")
    for system, phase in r["search"].items():
        imprecise = [row for row in phase.get("rows", []) if row.get("precise") is False]
        if imprecise and system != "stock":
            examples = ", ".join(f"`{queries[row['i']]['text']}`" for row in imprecise[:5])
            notes.append(f"{system}: {len(imprecise)} queries returned documents without the text even after folding, "
                         f"e.g. {examples}")
    stock = r["search"].get("stock", {})
    if "rows" in stock:
        missed = [row for row in stock["rows"] if "error" not in row and not row.get("recalled")]
        if missed:
            examples = ", ".join(f"`{queries[row['i']]['text']}`" for row in missed[:5])
            notes.append(f"stock build: {len(missed)} queries miss documents, e.g. {examples}: ChineseAnalyzer "
                         "indexes jieba words (with character offsets as positions, so no phrase match), drops "
                         "single digits/letters and stop words, so a substring that is not a whole word is not found.")
    return notes


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.render:
        result = json.loads(args.render.read_text("utf-8"))
        text = report.render(result)
        args.output.write_text(text, "utf-8")
        print(text)
        return 0
    command = " ".join(["python -m bench", *argv])
    corpus = (args.corpus or default_corpus()).resolve()
    files = select_files(corpus, args.set, args.limit_docs, args.seed)
    if not files:
        raise SystemExit(f"no report files in set {args.set!r} of {corpus}")
    workdir = Path(tempfile.mkdtemp(prefix="report-archive-bench-"))
    started = time.perf_counter()
    try:
        if args.set == "4x":
            # the same queries at both sizes, so the growth compares like with like
            once = run(args, workdir / "1x", command, corpus, files, "full")
            once["meta"]["elapsed_s"] = time.perf_counter() - started
            copies = write_copies(files, corpus, workdir / "4x" / "copies")
            log(f"4x: {len(copies)} files, three changed copies of each in {workdir / '4x' / 'copies'}")
            four = run(args, workdir / "4x", command, corpus, copies, "4x", once["queries"])
            four["meta"]["elapsed_s"] = time.perf_counter() - started
            result = {"runs": {"1x": once, "4x": four}}
        else:
            result = run(args, workdir, command, corpus, files, args.set)
            result["meta"]["elapsed_s"] = time.perf_counter() - started
        text = report.render(result)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, "utf-8")
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), "utf-8")
        print(text)
        log(f"done in {time.perf_counter() - started:.0f} s; results in {args.output}")
    finally:
        if args.keep_workdir:
            log(f"work dir kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0
