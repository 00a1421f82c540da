"""The report model and text rendering of ``bench/quality.py``: bars, measures, tables."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Bar:
    """A pass mark: ``value <op> threshold``; ``label`` says where the bar comes from."""

    op: str
    threshold: float
    label: str = ""

    def passes(self, value: float) -> bool:
        """True when ``value`` meets the bar."""
        checks = {">=": value >= self.threshold, "<=": value <= self.threshold}
        return checks.get(self.op, value == self.threshold)

    def describe(self) -> str:
        """Short text such as ``>= 0.95 (issue 2)``."""
        text = f"{self.op} {_fmt(self.threshold)}"
        return f"{text} ({self.label})" if self.label else text


@dataclass(frozen=True, slots=True)
class Measure:
    """One figure of one set, with the bars it is held to (none for informational figures)."""

    name: str
    value: float
    bars: tuple[Bar, ...] = ()

    def to_dict(self) -> Row:
        """JSON-ready form with the verdict of every bar."""
        bars = [
            {"op": b.op, "threshold": b.threshold, "label": b.label, "pass": b.passes(self.value)}
            for b in self.bars
        ]
        return {"name": self.name, "value": self.value, "bars": bars}


@dataclass(slots=True)
class SetReport:
    """The measures of one eval set plus free-form details (relation counts, failures)."""

    name: str
    measures: list[Measure] = field(default_factory=list)
    info: Row = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, name: str, value: float, *bars: Bar) -> None:
        """Append a measure."""
        self.measures.append(Measure(name, float(value), bars))


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3f}"


def git_commit() -> str:
    """Short hash of HEAD, with ``+dirty`` when tracked files differ from it."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("+dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def render(reports: Sequence[SetReport], header: Row) -> str:
    """The report table as plain text."""
    lines = [f"{k}: {v}" for k, v in header.items()]
    lines += ["", f"{'set':<9} {'measure':<38} {'value':>9}  bar"]
    for rep in reports:
        for m in rep.measures:
            verdicts = "; ".join(
                f"{'PASS' if b.passes(m.value) else 'FAIL'} {b.describe()}" for b in m.bars
            )
            lines.append(f"{rep.name:<9} {m.name:<38} {_fmt(m.value):>9}  {verdicts}")
        lines.append(f"{rep.name:<9} {'(wall seconds)':<38} {rep.seconds:>9.1f}")
    return "\n".join(lines)


def render_info(reports: Sequence[SetReport]) -> str:
    """Short details per set (relation counts, timings); long lists go to --json only."""
    lines = []
    for rep in reports:
        for key, value in rep.info.items():
            if not isinstance(value, list):
                lines.append(f"{rep.name} {key}: {json.dumps(value, default=str)}")
            else:
                lines.append(f"{rep.name} {key}: {len(value)} entries (see --json)")
    return "\n".join(lines)


def as_json(report: SetReport) -> Row:
    """JSON-ready form of one set's report."""
    return {
        "seconds": report.seconds,
        "measures": [m.to_dict() for m in report.measures],
        "info": report.info,
    }
