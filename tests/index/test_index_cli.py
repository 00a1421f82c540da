"""``unspin index`` commands (issue 18): files equal to scan's, exit codes, help."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli import app

from .helpers import EXAMPLE

pytestmark = pytest.mark.issue(18)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_add_then_groups_writes_what_scan_writes(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "n.sqlite"
    first = runner.invoke(app, ["index", "add", str(db), str(EXAMPLE)])
    assert first.exit_code == 0 and "9 added" in first.stdout
    again = runner.invoke(app, ["index", "add", str(db), str(EXAMPLE)])
    assert "9 unchanged" in again.stdout
    assert (
        runner.invoke(app, ["index", "groups", str(db), "--out", str(tmp_path / "g")]).exit_code
        == 0
    )
    assert runner.invoke(app, ["scan", str(EXAMPLE), "--out", str(tmp_path / "s")]).exit_code == 0
    for name in ("pairs.jsonl", "documents.jsonl"):
        assert (tmp_path / "g" / name).read_bytes() == (tmp_path / "s" / name).read_bytes()


def test_check_stats_remove(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "n.sqlite"
    runner.invoke(app, ["index", "add", str(db), str(EXAMPLE)])
    spun = EXAMPLE.parent / "newsroom" / "harbor-fire-spun.txt"
    out = tmp_path / "c"
    result = runner.invoke(app, ["index", "check", str(db), str(spun), "--out", str(out)])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in (out / "pairs.jsonl").read_text().splitlines()]
    assert any(
        r["relation"] == "near_duplicate" and "harbor-fire-spun" in (r["a"], r["b"]) for r in rows
    )
    stats = json.loads(runner.invoke(app, ["index", "stats", str(db), "--json"]).stdout)
    assert stats["documents"] == 9 and stats["schema_version"] == 1
    removed = runner.invoke(app, ["index", "remove", str(db), "marathon", "nope"])
    assert "removed 1 of 2" in removed.stdout


@pytest.mark.parametrize("kind", ["missing", "not-an-index", "other-config"])
def test_bad_index_files_exit_2_with_a_message(
    runner: CliRunner, tmp_path: Path, kind: str
) -> None:
    db = tmp_path / "n.sqlite"
    if kind == "not-an-index":
        db.write_text("plain text, not SQLite " * 50)
    if kind == "other-config":
        runner.invoke(app, ["index", "add", str(db), str(EXAMPLE)])
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE meta SET value = 'f00' WHERE key = 'fingerprint'")
    result = runner.invoke(app, ["index", "stats", str(db)])
    assert result.exit_code == 2
    assert "error:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["add", "check", "remove", "stats", "groups"])
def test_every_index_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, ["index", command, "--help"])
    assert result.exit_code == 0 and "Example: unspin index" in result.stdout
