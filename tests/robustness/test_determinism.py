"""The same input gives the same output files across runs, workers and input order."""

from __future__ import annotations

import json
import random
from pathlib import Path

from typer.testing import CliRunner

from unspin.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "newsroom.jsonl"


def _run(
    tmp_path: Path, name: str, source: Path, *extra: str
) -> tuple[str, list[dict[str, object]]]:
    out = tmp_path / name
    result = CliRunner().invoke(app, ["scan", str(source), "--out", str(out), "--quiet", *extra])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    return (out / "pairs.jsonl").read_text(encoding="utf-8"), docs


def _without_location(docs: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in d.items() if k != "location"} for d in docs]


def test_workers_give_byte_identical_files(tmp_path: Path) -> None:
    one = _run(tmp_path, "w1", EXAMPLE, "--workers", "1")
    two = _run(tmp_path, "w2", EXAMPLE, "--workers", "2")
    assert one == two
    assert one[0].count("\n") >= 7


def test_shuffled_input_gives_the_same_verdicts(tmp_path: Path) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    random.Random(3).shuffle(lines)
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pairs_a, docs_a = _run(tmp_path, "a", EXAMPLE)
    pairs_b, docs_b = _run(tmp_path, "b", shuffled)
    assert pairs_a == pairs_b
    assert _without_location(docs_a) == _without_location(docs_b)
    assert [d["id"] for d in docs_a] == sorted(d["id"] for d in docs_a)


def test_repeated_runs_are_byte_identical(tmp_path: Path) -> None:
    assert _run(tmp_path, "r1", EXAMPLE) == _run(tmp_path, "r2", EXAMPLE)
