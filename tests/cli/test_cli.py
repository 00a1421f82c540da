"""The ``unspin`` command: outputs, messages and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import unspin
from unspin.cli import app, highlight
from unspin.models import RELATIONS

ORIGINAL = (
    "The central bank raised interest rates by half a point on Tuesday, its governor said, "
    "citing stubborn inflation in food and energy prices across the region. Analysts had "
    "expected a smaller move after two months of slowing growth in the manufacturing sector."
)
SPUN = (
    ORIGINAL.replace("raised", "increased")
    .replace("stubborn", "persistent")
    .replace("smaller", "lesser")
)
OTHER = (
    "The local football club won the regional cup after a dramatic penalty shootout that "
    "lasted well into the evening, delighting thousands of supporters who travelled north."
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "original.txt").write_text(ORIGINAL)
    (folder / "spun.txt").write_text(SPUN)
    (folder / "other.txt").write_text(OTHER)
    (folder / "empty.txt").write_text("")
    (folder / "readme.md").write_text("not an article")
    return folder


def test_scan_writes_both_formats_and_summarises(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(corpus), "--out", str(out), "--format", "both"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "documents.jsonl",
        "documents.parquet",
        "pairs.jsonl",
        "pairs.parquet",
    ]
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [d["id"] for d in docs] == ["empty.txt", "original.txt", "other.txt", "spun.txt"]
    assert docs[0]["skipped"] is True
    pairs = [json.loads(line) for line in (out / "pairs.jsonl").read_text().splitlines()]
    assert any({p["a"], p["b"]} == {"original.txt", "spun.txt"} for p in pairs)
    assert "records read: 4" in result.stdout
    assert "skipped: 1" in result.stdout
    copy_lines = [line for line in result.stdout.splitlines() if "original.txt" in line]
    assert copy_lines and "spun.txt" in copy_lines[0]
    assert "warning: skipped" in result.stderr and "empty.txt: empty" in result.stderr
    assert "ignored 1 files" in result.stderr


def test_scan_default_format_is_jsonl_and_quiet_prints_nothing(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(corpus), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["documents.jsonl", "pairs.jsonl"]
    assert result.stdout == ""


def test_scan_verbose_prints_every_stage_time(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    args = ["scan", str(corpus), "--out", str(tmp_path / "out"), "--quiet", "--verbose"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    line = (
        r"^stage ([\w ]+): [\d.]+ s "
        r"\((\d+) items, main process CPU [\d.]+ s(?:, peak RSS \d+ MB)?\)$"
    )
    stages = re.findall(line, result.stderr, re.M)
    names = [name for name, _ in stages]
    assert names == [
        "read and prepare",
        "sort",
        "candidates",
        "story filter",
        "verify",
        "group",
        "write",
    ]
    assert result.stdout == ""


def test_scan_column_options(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    rows = [{"key": "one", "body": ORIGINAL}, {"key": "two", "body": SPUN}]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    args = ["scan", str(source), "--out", str(out), "--id-col", "key", "--text-col", "body", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert [(d["id"], d["skipped"]) for d in docs] == [("one", False), ("two", False)]


def test_scan_lists_at_most_twenty_skipped_records(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "a.jsonl"
    source.write_text("not json\n" * 25 + json.dumps({"id": "ok", "text": OTHER}) + "\n")
    result = runner.invoke(app, ["scan", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: skipped")]
    assert len(warnings) == 20
    assert "... and 5 more (all in documents.jsonl)" in result.stderr


def test_compare_prints_the_relation_and_the_passages(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(app, ["compare", str(corpus / "original.txt"), str(corpus / "spun.txt")])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("relation: ")
    assert first.removeprefix("relation: ") in RELATIONS
    assert "coverage: A " in result.stdout
    assert "Reused passages" in result.stdout


def test_compare_json_is_the_comparison_dict(runner: CliRunner, corpus: Path) -> None:
    a, b = corpus / "original.txt", corpus / "spun.txt"
    result = runner.invoke(app, ["compare", str(a), str(b), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(json.dumps(unspin.compare(ORIGINAL, SPUN).to_dict()))
    assert data["relation"] in RELATIONS


def test_highlight_marks_each_swap_in_order() -> None:
    text = highlight("The Big dog saw a big cat", ["big", "big"], "bold red")
    marked = [text.plain[span.start : span.end] for span in text.spans]
    assert marked == ["Big", "big"]
    assert [span.start for span in text.spans] == [4, 18]
    assert highlight("nothing here", ["absent", ""], "bold").spans == []


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "{missing}", "--out", "{out}"],
        ["compare", "{missing}", "{present}"],
    ],
)
def test_missing_path_exits_2_naming_it(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    present = tmp_path / "present.txt"
    present.write_text(OTHER)
    values = {
        "missing": str(tmp_path / "no-such.jsonl"),
        "out": str(tmp_path / "o"),
        "present": str(present),
    }
    result = runner.invoke(app, [a.format(**values) for a in args])
    assert result.exit_code == 2
    assert "no-such.jsonl" in result.stderr
    assert "no such file" in result.stderr
    assert "Traceback" not in result.output


def test_compare_of_a_binary_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    result = runner.invoke(app, ["compare", str(binary), str(binary)])
    assert result.exit_code == 2
    assert "binary" in result.stderr


def test_usage_error_exits_1(runner: CliRunner, corpus: Path) -> None:
    assert runner.invoke(app, ["scan", str(corpus)]).exit_code == 1  # --out missing
    assert runner.invoke(app, ["scan", str(corpus), "--out", "x", "--bogus"]).exit_code == 1
    assert runner.invoke(app, ["nonsense"]).exit_code == 1


def test_internal_error_exits_3_with_one_line(
    runner: CliRunner, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(a: str, b: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(unspin, "compare", broken)
    monkeypatch.delenv("UNSPIN_DEBUG", raising=False)
    files = [str(corpus / "original.txt"), str(corpus / "spun.txt")]
    result = runner.invoke(app, ["compare", *files])
    assert result.exit_code == 3
    assert "internal error (RuntimeError: boom)" in result.stderr
    assert "Traceback" not in result.output
    debug = runner.invoke(app, ["--debug", "compare", *files])
    assert debug.exit_code == 3
    assert "Traceback" in debug.stderr
    monkeypatch.setenv("UNSPIN_DEBUG", "1")
    assert "Traceback" in runner.invoke(app, ["compare", *files]).stderr


@pytest.mark.parametrize("command", [[], ["scan"], ["compare"]])
def test_help_has_an_example(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: unspin " in result.stdout


def test_main_help_documents_exit_codes(runner: CliRunner) -> None:
    text = " ".join(runner.invoke(app, ["--help"]).stdout.split())
    for code in ("0 success", "1 bad usage", "2 input cannot be read", "3 unexpected internal"):
        assert code in text


def test_console_entry_point_exit_code_and_message(tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from unspin.cli import main; main()",
            "scan",
            str(missing),
            "--out",
            "x",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert f"error: {missing.as_posix()}: no such file or folder" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_out_dir_that_is_a_file_exits_2(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("")
    result = runner.invoke(app, ["scan", str(corpus), "--out", str(blocker), "-q"])
    assert result.exit_code == 2
    assert "cannot write results to" in result.stderr


@pytest.mark.parametrize("bad", [["--workers", "0"], ["--format", "xml"], ["--max-chars", "-1"]])
def test_invalid_option_values_exit_1(runner: CliRunner, corpus: Path, bad: list[str]) -> None:
    result = runner.invoke(app, ["scan", str(corpus), "--out", "x", *bad])
    assert result.exit_code == 1


def test_scan_of_only_bad_records_still_succeeds(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    out = tmp_path / "out"
    result = runner.invoke(app, ["scan", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "analysed: 0" in result.stdout
    assert (out / "pairs.jsonl").read_text() == ""
    assert json.loads((out / "documents.jsonl").read_text())["reason"] == "empty"
