"""Shared fixtures: paths to the real corpus and seeds, and real indexes in temp dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real corpus in ../shared/corpus (read in place, never copied)."""
    if not CORPUS.is_dir():
        pytest.fail(f"real corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def seed_file() -> Path:
    return next(SEEDS.glob("*.txt"))
