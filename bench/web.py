"""Load test of the web app: waitress in a subprocess, clients as threads on loopback."""

from __future__ import annotations

import http.client
import threading
import time
from pathlib import Path
from urllib.parse import quote


def process_peak_rss(pid: int) -> int | None:
    """VmHWM of a running process, in bytes."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _get(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status


def load(port: int, queries: list[str], clients: int, seconds: float) -> dict:
    """``clients`` threads, each with a keep-alive connection, send ``GET /api/search?q=…``
    (the queries in turn) for ``seconds``. Errors: exceptions and non-200 answers."""
    paths = ["/api/search?q=" + quote(q) for q in queries]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = time.perf_counter()
    stop = start + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad = [], []
        j = k
        while time.perf_counter() < stop:
            path = paths[j % len(paths)]
            j += clients
            t0 = time.perf_counter()
            try:
                status = _get(conn, path)
                if status != 200:
                    bad.append(f"HTTP {status} {path}")
            except (OSError, http.client.HTTPException) as error:
                bad.append(f"{type(error).__name__} {path}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    ok = len(latencies) - len(errors)
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": len(errors),
        "error_examples": errors[:3],
        "elapsed_s": elapsed,
        "rps": ok / elapsed if elapsed else 0.0,
        "latencies_ms": sorted(x * 1000 for x in latencies),
    }


def warm(port: int, queries: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        for q in queries:
            _get(conn, "/api/search?q=" + quote(q))
    finally:
        conn.close()
