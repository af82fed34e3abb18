"""One benchmark phase in a fresh process: ``python -m bench.worker TASK PARAMS.json RESULT.json``.

Tasks: ``prepare`` (parse the files into docs.jsonl), ``ingest`` (build one
system's index), ``search`` (time the query sets and check recall against the
oracle; the ``scan`` system writes the oracle), ``serve`` (the web app under
waitress). Each result records the process's peak RSS (``VmHWM``), so the
figures of one phase are not mixed with another's.
"""

from __future__ import annotations

import cProfile
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

from . import systems
from .corpus import write_docs
from .queries import Query

WARMUP = ("执法", "2024年", "的")


def peak_rss() -> int:
    """This process's peak resident bytes: ``VmHWM``, which starts anew at exec (``ru_maxrss``
    does not: it keeps the peak of the forked copy of the parent, so a small phase would
    report the benchmark's own size)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found = []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                found += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return found


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants, now (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            total = int(f.read().split()[1]) * _PAGE
    except OSError:
        return 0
    return total + sum(tree_rss(child) for child in _children(pid))


class TreeMemory:
    """Samples the RSS of this process and its children (ingest workers), every ``interval`` s."""

    def __init__(self, interval: float = 0.1):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            self._stop.wait(interval)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _profiled(profile: str | None, call):
    if not profile:
        return call()
    profiler = cProfile.Profile()
    try:
        return profiler.runcall(call)
    finally:
        profiler.dump_stats(profile)


def _cpu_s() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def prepare(params: dict) -> dict:
    files = [Path(p) for p in params["files"]]
    started = time.perf_counter()
    result = write_docs(files, Path(params["workdir"]) / "docs.jsonl")
    result["wall_s"] = time.perf_counter() - started
    return result


def ingest(params: dict) -> dict:
    system = params["system"]
    files = [Path(p) for p in params["files"]]
    target = Path(params["index"])
    started = time.perf_counter()
    cpu_before = _cpu_s()
    with TreeMemory() as memory:
        extra = {"workers": params["workers"]} if params.get("workers") else {}
        result = _profiled(params.get("profile"), lambda: systems.INGEST[system](files, target, **extra))
    result["wall_s"] = time.perf_counter() - started
    result["cpu_s"] = _cpu_s() - cpu_before  # this process's threads and its ended children (ingest workers)
    result["peak_tree_rss"] = memory.peak
    result["peak_children_rss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    result["index_bytes"] = systems.index_bytes(target)
    return result


def search(params: dict) -> dict:
    system = params["system"]
    workdir = Path(params["workdir"])
    queries = [Query.from_dict(row) for row in json.loads(Path(params["queries"]).read_text("utf-8"))]
    oracle = None
    if system != "scan":
        oracle = [set(ids) for ids in json.loads((workdir / "oracle.json").read_text("utf-8"))]
    budget = params.get("budget") or float("inf")
    started = time.perf_counter()
    searcher = systems.make_searcher(system, Path(params["index"]), workdir / "docs.jsonl")
    open_s = time.perf_counter() - started
    for text in WARMUP:
        searcher.page(Query("warmup", "warmup", text, [text]))

    profiler = cProfile.Profile() if params.get("profile") else None
    rows: list[dict] = []
    full_sets: list[list[int]] = []
    spent = 0.0
    for i, query in enumerate(queries):
        if spent > budget:
            break
        row: dict = {"i": i}
        try:
            if profiler:
                profiler.enable()
            t0 = time.perf_counter()
            total, passages = searcher.page(query)
            row["ms"] = (time.perf_counter() - t0) * 1000
            if profiler:
                profiler.disable()
            spent += row["ms"] / 1000
            row["total"] = total
            row["passages"] = len(passages)
            found = searcher.matches(query)
            row["count"] = len(found)
            if oracle is None:
                full_sets.append(sorted(found))
            else:
                row["recalled"] = oracle[i] <= found
                row["exact"] = oracle[i] == found
                row["missed"] = len(oracle[i] - found)
                row["extra"] = sorted(found - oracle[i])
            if system == "ours":  # (reports, not files: a report stands for each identical file)
                row["total_consistent"] = total == searcher.report_count(query)
            if system == "fts5":
                row["grams"] = systems.Fts5Searcher.uses_grams(query)
        except Exception as error:  # a query a system cannot run counts against it
            if profiler:
                profiler.disable()
            row["error"] = f"{type(error).__name__}: {error}"[:300]
            row["recalled"] = row["exact"] = False
            if oracle is None:
                full_sets.append([])
        rows.append(row)
    if profiler:
        profiler.dump_stats(params["profile"])
    if oracle is None:
        (workdir / "oracle.json").write_text(json.dumps(full_sets), "utf-8")
    return {"open_s": open_s, "rows": rows, "run": len(rows), "of": len(queries)}


def serve(params: dict) -> dict:
    from waitress import create_server
    from web import create_app

    app = create_app({"INDEX_DIR": params["index"]})
    server = create_server(app, host="127.0.0.1", port=0, threads=params.get("threads", 4))
    Path(params["ready"]).write_text(str(server.effective_port))
    server.run()
    return {}


def compare(params: dict) -> dict:
    from bench.compare import measure

    return measure(Path(params["corpus"]), Path(params["workdir"]))


TASKS = {"prepare": prepare, "ingest": ingest, "search": search, "serve": serve, "compare": compare}


def main(argv: list[str]) -> int:
    task, params_path, result_path = argv
    params = json.loads(Path(params_path).read_text("utf-8"))
    result = TASKS[task](params)
    result["peak_rss"] = peak_rss()
    Path(result_path).write_text(json.dumps(result, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
