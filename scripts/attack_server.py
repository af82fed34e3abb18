"""Attacks on the web server (``report-archive serve``, started here on loopback), and what they cost.

    .venv/bin/python -m scripts.attack_server --index INDEX [ATTACK …]      (default: all)

- ``slow``: 150 connections dribbling their headers a byte a second; is ``/help`` still answered?
- ``compare``: 8 concurrent requests for the comparison of INDEX's largest report, with a quick
  ``/help`` beside them: how long each waits, and what it is answered;
- ``memory``: searches of many distinct rare characters: the server's memory before and after;
- ``hosts``: malformed ``Host`` headers and requests waitress itself refuses: status and headers.

Only loopback; every loop is bounded (connections, requests, seconds).
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

SECURITY_HEADER = "content-security-policy"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A ``report-archive serve`` process on loopback."""

    process: subprocess.Popen
    port: int

    def rss_mb(self) -> float:
        """The server's resident memory."""
        with open(f"/proc/{self.process.pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@contextmanager
def served(index: Path, env: dict[str, str] | None = None, timeout: float = 60) -> Iterator[Server]:
    """``report-archive serve --index INDEX`` on a free loopback port (``env``: settings to
    change, as ``REPORT_ARCHIVE_*`` variables), once it answers; stopped on leaving."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "archive", "serve", "--index", str(index), "--port", str(port)],
        env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    server = Server(process, port)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
            try:
                if request(server, "/help", timeout=2).status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("the server did not answer")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def raw(server: Server, data: bytes, timeout: float = 30) -> Answer:
    """Send ``data`` as it is and read the answer until the server closes or it is complete."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as connection:
        connection.sendall(data)
        received = b""
        while b"\r\n\r\n" not in received or not _complete(received):
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    return Answer(status, headers, body, time.monotonic() - started)


def _complete(received: bytes) -> bool:
    head, _, body = received.partition(b"\r\n\r\n")
    for line in head.decode("latin-1").split("\r\n"):
        if line.lower().startswith("content-length:"):
            return len(body) >= int(line.split(":", 1)[1])
    return False


def request(server: Server, path: str, host: str = "localhost", timeout: float = 30) -> Answer:
    """``GET path`` with ``Host: host``, closing the connection after the answer."""
    target = urllib.parse.quote(path, safe="/?=&%:")
    return raw(server, f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode(), timeout)


@contextmanager
def slow_clients(server: Server, count: int = 150, seconds: float = 60) -> Iterator[list[socket.socket]]:
    """``count`` connections that send a request line and then a header byte a second (for at
    most ``seconds``), never finishing their request."""
    sockets = []
    for _ in range(count):
        connection = socket.socket()
        connection.setblocking(False)
        connection.connect_ex(("127.0.0.1", server.port))
        sockets.append(connection)
    stop = threading.Event()

    def dribble() -> None:
        started = time.monotonic()
        payloads = [b"GET /help HTTP/1.1\r\nHost: localhost\r\n"] + [b"X"] * int(seconds)
        for payload in payloads:
            for connection in sockets:
                try:
                    connection.send(payload)
                except OSError:
                    pass
            if stop.wait(1) or time.monotonic() - started > seconds:
                return

    thread = threading.Thread(target=dribble, daemon=True)
    thread.start()
    try:
        yield sockets
    finally:
        stop.set()
        thread.join()
        for connection in sockets:
            connection.close()


def closed_by_server(connection: socket.socket) -> bool:
    """Whether the server has closed ``connection`` (reading gives end of file or a reset)."""
    try:
        return connection.recv(65536) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def distinct_queries(count: int, seed: int = 7, rare: bool = True) -> Iterator[str]:
    """Queries of 30 words found nowhere: 15 of rare characters (CJK extension A and B, Hangul,
    Yi; unless not ``rare``), the others of random letters and digits, so that the terms looked
    up never repeat."""
    rng = random.Random(seed)
    blocks = [(0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0xAC00, 0xD7A3), (0xA000, 0xA48C)]
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    for _ in range(count):
        words = ["".join(rng.choice(alphabet) for _ in range(10)) for _ in range(30)]
        if rare:
            words[::2] = ["".join(chr(rng.randint(*rng.choice(blocks))) for _ in range(6)) for _ in range(15)]
        yield " ".join(words)


def attack_slow(server: Server) -> None:
    with slow_clients(server, 150, seconds=40):
        time.sleep(2)
        try:
            answer = request(server, "/help", timeout=30)
            print(f"slow: 150 dribbling connections → /help {answer.status} in {answer.seconds:.1f} s")
        except OSError as error:
            print(f"slow: 150 dribbling connections → /help not answered in 30 s ({error})")


def attack_compare(server: Server, doc_id: str, clients: int = 8) -> None:
    answers: list[tuple[int, float]] = []

    def one() -> None:
        try:
            answer = request(server, f"/documents/{doc_id}/compare", timeout=150)
            answers.append((answer.status, answer.seconds))
        except OSError:
            answers.append((0, 150.0))

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    try:
        quick = request(server, "/help", timeout=150)
        quick_text = f"/help {quick.status} in {quick.seconds:.1f} s"
    except OSError:
        quick_text = "/help not answered in 150 s"
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in answers)
    print(f"compare: {clients} concurrent comparisons → {quick_text}; answers {statuses}, "
          f"slowest {max(seconds for _, seconds in answers):.1f} s")


def attack_memory(server: Server, count: int = 3000, every: int = 500) -> None:
    """Searches of words found nowhere (at most ``count``, at most 8 minutes): the server's
    memory every ``every`` searches, which keeps growing with a cache that has no bound."""
    memory = [f"{server.rss_mb():.0f}"]
    started = time.monotonic()
    for done, query in enumerate(distinct_queries(count), start=1):
        request(server, "/api/search?q=" + urllib.parse.quote(query), timeout=60)
        if done % every == 0:
            memory.append(f"{server.rss_mb():.0f}")
        if time.monotonic() - started > 480:
            break
    print(f"memory: {done} searches of words found nowhere → server MB every {every}: {' → '.join(memory)}")


def attack_hosts(server: Server) -> None:
    for host in ("a..b", ".", "x" * 64 + ".example", "a" * 300):
        answer = request(server, "/help", host=host)
        print(f"hosts: Host {host[:20]!r} → {answer.status}, security headers: {SECURITY_HEADER in answer.headers}")
    for name, data in (
        ("header too large", b"GET /help HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"x" * 70000 + b"\r\n\r\n"),
        ("bad content-length", b"GET /help HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n"),
    ):
        answer = raw(server, data)
        print(f"hosts: {name} → {answer.status}, security headers: {SECURITY_HEADER in answer.headers}")


def latest_report(index: Path) -> str:
    """The id of the latest government work report in ``index``: with the national reports,
    its comparison with the year before (363 promises) took 22-68 s."""
    from archive import Archive

    archive = Archive(index)
    try:
        return max(archive.search("政府工作报告", limit=100).results, key=lambda hit: (hit.year or 0, hit.date or "")).id
    finally:
        archive.close()


ATTACKS = ("slow", "compare", "memory", "hosts")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("attacks", nargs="*", metavar="ATTACK", help=f"any of {', '.join(ATTACKS)} (default: all)")
    parser.add_argument("--index", type=Path, required=True, help="an index holding consecutive national reports")
    options = parser.parse_args()
    if unknown := set(options.attacks) - set(ATTACKS):
        parser.error(f"unknown attacks: {', '.join(sorted(unknown))}")
    for name in options.attacks or ATTACKS:
        with served(options.index) as server:
            if name == "compare":
                attack_compare(server, latest_report(options.index))
            else:
                globals()[f"attack_{name}"](server)


if __name__ == "__main__":
    main()
