"""Shared fixtures: the seed articles from ../shared/seeds (skipped when absent)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The five seed articles by file name."""
    _need_seeds()
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("0*.txt"))}


@pytest.fixture(scope="session")
def expected() -> dict[str, object]:
    """The seed verdicts (expected.json)."""
    _need_seeds()
    data: dict[str, object] = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))
    return data


def _need_seeds() -> None:
    # In CI ../shared is always beside the clone: a missing folder is a failure, not a skip.
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SEEDS} is missing")
        pytest.skip("../shared/seeds is not available")


EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "newsroom"


@pytest.fixture(scope="session")
def newsroom() -> dict[str, str]:
    """The example corpus shipped in the repository, by file stem."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))}
