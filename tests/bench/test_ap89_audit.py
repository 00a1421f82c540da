"""bench/ap89_audit.py: precision per relation from judged pairs."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import ap89_audit


def _j(relation: str, copy: bool, ok: bool = True, source: bool | None = None) -> dict[str, object]:
    return {"a": "x", "b": "y", "relation": relation, "copy": copy, "relation_ok": ok,
            "source_ok": source}  # fmt: skip


def test_precision_counts_copies_for_copy_verdicts_and_non_copies_for_same_story() -> None:
    judged = [
        _j("partial", True, source=True),
        _j("partial", True, source=False),
        _j("partial", False, ok=False),
        _j("same_story", False),
        _j("same_story", True, ok=False),
    ]
    scores = ap89_audit.score(judged)
    assert scores["partial"]["precision"] == round(2 / 3, 3)
    assert scores["partial"]["source_ok"] == 0.5
    assert scores["same_story"]["precision"] == 0.5
    assert scores["all copy verdicts"]["pairs"] == 3
