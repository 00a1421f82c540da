"""bench/speed.py: repeated rounds compare each peer with unspin's run of the same round."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.speed import Run, format_medians, rotated, round_ratios  # noqa: E402


def test_rounds_rotate_the_tool_order() -> None:
    tools = ["unspin", "datasketch", "rensa"]
    assert rotated(tools, 0) == tools
    assert rotated(tools, 1) == ["datasketch", "rensa", "unspin"]
    assert rotated(tools, 3) == tools


def _run(tool: str, wall: float, rnd: int, status: str = "ok") -> Run:
    return Run(tool, 1000, status=status, wall_s=wall, round=rnd)


def test_ratios_pair_runs_of_the_same_round() -> None:
    runs = [
        _run("unspin", 10.0, 0),
        _run("rensa", 20.0, 0),
        _run("rensa", 45.0, 1),
        _run("unspin", 15.0, 1),
        _run("rensa", 99.0, 2),  # no unspin run in round 2: not a ratio
        _run("unspin", 5.0, 3, status="timeout"),
        _run("rensa", 30.0, 3),  # unspin failed in round 3: not a ratio
    ]
    assert round_ratios(runs) == {(1000, "rensa"): [2.0, 3.0]}
    table = format_medians(runs).splitlines()
    assert table[1].split() == ["1000", "unspin", "2", "12.5"]
    assert table[2].split() == ["1000", "rensa", "4", "37.5", "2.50"]
