"""A folder of 1,000 good and 100 bad files goes through ``unspin scan`` without losing one."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspin.cli import app

pytestmark = pytest.mark.issue(6)

GOOD = 1000
BAD_KINDS = ("empty", "whitespace", "binary", "nul", "cp1252")
PER_BAD_KIND = 20


def vocabulary(rng: random.Random, size: int = 800) -> list[str]:
    """Pronounceable made-up words, so documents share no real phrases by accident."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return [
        "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        for _ in range(size)
    ]


def article(rng: random.Random, words: list[str]) -> str:
    sentences = []
    for _ in range(rng.randint(4, 8)):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
        sentences.append(sentence.capitalize() + ".")
    return " ".join(sentences)


def bad_content(kind: str, rng: random.Random, words: list[str]) -> bytes:
    if kind == "empty":
        return b""
    if kind == "whitespace":
        return b" \n\t " * rng.randint(1, 20)
    if kind == "binary":
        return bytes(rng.randrange(256) for _ in range(2048))
    if kind == "nul":
        return b"\x00" * rng.randint(1, 4096)
    return (article(rng, words) + " caf\xe9 na\xefve").encode("cp1252")  # broken as UTF-8


def build_corpus(root: Path) -> dict[str, str]:
    """Write the files; return id -> expected kind ("good" or a bad kind)."""
    rng = random.Random(6)
    words = vocabulary(rng)
    expected: dict[str, str] = {}
    for i in range(GOOD):
        rel = f"site{i % 7}/story-{i:04d}.txt"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(article(rng, words), encoding="utf-8")
        expected[rel] = "good"
    for kind in BAD_KINDS:
        for i in range(PER_BAD_KIND):
            rel = f"bad/{kind}-{i:02d}.txt"
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(bad_content(kind, rng, words))
            expected[rel] = kind
    return expected


@pytest.mark.slow
def test_scan_accounts_for_every_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    expected = build_corpus(corpus)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["scan", str(corpus), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    assert len(rows) == len(expected) == 1100
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == set(expected)
    assert [row["id"] for row in rows] == sorted(expected)

    wanted_reason = {"empty": "empty", "whitespace": "whitespace-only", "binary": "binary"}
    wanted_reason["nul"] = "binary"
    outcome = Counter()
    for doc_id, kind in expected.items():
        row = by_id[doc_id]
        if kind in wanted_reason:
            assert row["skipped"] is True, row
            assert row["reason"] == wanted_reason[kind], row
            assert row["location"] == f"{corpus.as_posix()}/{doc_id}"
        else:
            assert row["skipped"] is False, row
            assert row["family"] is not None and row["story"] is not None
            want = ["decoded-as-cp1252"] if kind == "cp1252" else []
            assert row["repairs"] == want, row
        outcome[row["skipped"]] += 1
    assert outcome == {False: 1020, True: 80}
