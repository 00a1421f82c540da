"""Shared helpers of the index tests: a small generated corpus and a postings audit."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import numpy as np

from unspin.candidates import prepare_batch
from unspin.index.postings import KINDS, features_of
from unspin.index.rows import unpack_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "newsroom.jsonl"


def generated(n: int, seed: int) -> list[dict[str, str]]:
    """``n`` articles of random rare-ish words with planted exact, near and partial copies
    and same-story pairs (shared names), published over a few weeks."""
    rng = random.Random(seed)
    vocab = [
        "".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(3))
        for _ in range(3000)
    ]
    common = [
        "the",
        "a",
        "of",
        "and",
        "to",
        "in",
        "said",
        "on",
        "for",
        "with",
        "was",
        "that",
        "by",
        "at",
    ]

    def sentence() -> str:
        words = [rng.choice(vocab) if rng.random() < 0.6 else rng.choice(common) for _ in range(14)]
        return " ".join(words).capitalize() + "."

    docs: list[dict[str, str]] = []
    for k in range(n):
        kind = rng.random() if docs else 1.0
        src = rng.choice(docs)["text"] if docs else ""
        if kind < 0.08:
            text = src
        elif kind < 0.16:
            words = src.split()
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            text = " ".join(words)
        elif kind < 0.22:
            parts = src.split(". ")
            text = " ".join(sentence() for _ in range(10)) + " " + ". ".join(parts[2:8])
        else:
            text = " ".join(sentence() for _ in range(rng.randint(20, 40)))
        day = 1 + k * 28 // max(1, n)
        docs.append({"id": f"g{k:05d}", "text": text, "published": f"2026-03-{day:02d}"})
    return docs


def audit(path: Path) -> list[str]:
    """Differences between the stored posting lists and those the stored texts give."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT d.num, t.body FROM docs d JOIN texts t USING (num)").fetchall()
    nums = [r[0] for r in rows]
    feats = features_of(prepare_batch([unpack_text(r[1]) for r in rows])) if rows else []
    problems: list[str] = []
    for kind in KINDS:
        want: dict[int, list[int]] = {}
        for num, f in zip(nums, feats, strict=True):
            for key in f.of(kind):
                want.setdefault(key, []).append(num)
        have = {
            k: (df, np.frombuffer(blob, dtype="<u4").tolist())
            for k, df, blob in conn.execute(f"SELECT key, df, docs FROM {kind}_postings")
        }
        if set(have) != set(want):
            problems.append(f"{kind}: {len(set(have) ^ set(want))} keys differ")
            continue
        for key, members in want.items():
            df, stored = have[key]
            if df != len(members) or stored != sorted(members)[: len(stored)]:
                problems.append(f"{kind}: list {key} has {df} {stored}, expected {members}")
    conn.close()
    return problems
