"""Small corpora for the engine comparison: the shipped example, the seeds, and a generated
newswire corpus with a syndicated family longer than ``COPY_MAX_DF`` and an identical-page
group (the two rules that the local engine decides over whole posting lists)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from tests.newswire.syndication import light_edit
from unspin.candidates.policy import COPY_MAX_DF

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "newsroom.jsonl"
SEEDS = ROOT.parent / "shared" / "seeds"


def example_records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]


def newswire_records(copies: int = COPY_MAX_DF + 10, pages: int = 40) -> list[dict[str, Any]]:
    """The example, a wire story syndicated to ``copies`` sites (dated, some undated), a group
    of ``pages`` identical error pages, and records the scan must skip (empty, repeated id)."""
    records = example_records()
    wire = next(r for r in records if r["id"] == "harbor-fire-wire")
    rng = random.Random(22)
    for k in range(copies):
        record = {"id": f"site-{k:03d}", "text": light_edit(wire["text"], k, rng)}
        if k % 5:
            record["published"] = f"2026-03-14T{16 + k // 60:02d}:{k % 60:02d}:00Z"
        records.append(record)
    page = "Sorry, the page you requested could not be found. Return to the home page."
    records.extend({"id": f"page-{k:03d}", "text": page} for k in range(pages))
    records.append({"id": "empty", "text": "   "})
    records.append({"id": "site-007", "text": "A repeated id is skipped, not analysed."})
    return records


def write_jsonl(records: list[dict[str, Any]], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
