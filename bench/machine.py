"""What the benchmark ran on."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _commit(root: Path) -> str:
    """HEAD, and whether the code measured (archive/, web/) differs from it."""
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip() or "?"
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "archive", "web"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"
    return f"{head} + uncommitted changes in archive/ or web/" if dirty else head


def describe(root: Path) -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram": _ram_bytes(),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "sqlite": sqlite3.sqlite_version,
        "whoosh": _version("whoosh-reloaded"),
        "jieba": _version("jieba"),
        "tantivy": _version("tantivy"),
        "commit": _commit(root),
        "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }
