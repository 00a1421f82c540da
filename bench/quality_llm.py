"""Scoring of the ``llm`` set of ``bench/quality.py``: language-model rewrites (issue 23).

Positives are real news articles (``a``) and a language model's rewrite of each (``b``): the
rewrite should get a copy relation and ``a`` should be named the original. The negatives are
the hard cases for any similarity measure: independent reports of one story (they should
stay related, ``same_story``, but never a copy) and cross pairs (one article's original
against another article's rewrite, never a copy).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import unspin
from bench import evaldata as ed
from bench.report import Bar, Row, SetReport

COPY = unspin.COPY_RELATIONS
BARS = {
    "rewrites called a copy": Bar(">=", 0.90, "issue 23"),
    "original named": Bar(">=", 0.80, "issue 23"),
    "same-story pairs called a copy": Bar("<=", 0.06, "issue 23"),
    "cross pairs called a copy": Bar("<=", 0.01, "issue 23"),
    "same-story pairs still related": Bar(">=", 0.90, "issue 23"),
}


def _rate(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def score_llm(report: SetReport, pairs: Sequence[ed.LlmPair], rows: Sequence[Row]) -> None:
    """Add the llm set's measures (overall, per ``set``, ``model`` and ``kind``) to ``report``."""
    by_type: dict[str, list[tuple[ed.LlmPair, Row]]] = defaultdict(list)
    for pair, row in zip(pairs, rows, strict=True):
        by_type[pair.type].append((pair, row))
    positives = by_type["positive"]
    copy = [r["relation"] in COPY for _, r in positives]
    named = [r["source"] == "a" for _, r in positives]
    report.add("rewrite pairs", len(positives))
    report.add("rewrites called a copy", _rate(copy), BARS["rewrites called a copy"])
    report.add("original named", _rate(named), BARS["original named"])
    report.add("original named, of rewrites called a copy", _rate([n for c, n in
               zip(copy, named, strict=True) if c]))  # fmt: skip
    report.add("rewrite named the original", _rate([r["source"] == "b" for _, r in positives]))
    for field in ("set", "model", "kind"):
        groups: dict[str, list[Row]] = defaultdict(list)
        for pair, row in positives:
            groups[getattr(pair, field)].append(row)
        for value, group in sorted(groups.items()):
            report.add(f"{field} {value}: called a copy", _rate([r["relation"] in COPY
                       for r in group]))  # fmt: skip
            report.add(f"{field} {value}: original named", _rate([r["source"] == "a"
                       for r in group]))  # fmt: skip
    same = [r for _, r in by_type["same_story"]]
    cross = [r for _, r in by_type["cross"]]
    report.add("same-story pairs", len(same))
    report.add("same-story pairs called a copy", _rate([r["relation"] in COPY for r in same]),
               BARS["same-story pairs called a copy"])  # fmt: skip
    report.add("same-story pairs still related", _rate([r["relation"] not in ("unrelated",
               "error") for r in same]), BARS["same-story pairs still related"])  # fmt: skip
    report.add("cross pairs", len(cross))
    report.add("cross pairs called a copy", _rate([r["relation"] in COPY for r in cross]),
               BARS["cross pairs called a copy"])  # fmt: skip
    for name, chosen in by_type.items():
        report.info[f"{name} relations"] = dict(Counter(r["relation"] for _, r in chosen))
    report.info["same-story copies by set"] = dict(
        Counter(p.set for p, r in by_type["same_story"] if r["relation"] in COPY)
    )


def scan_corpus(pairs: Sequence[ed.LlmPair]) -> tuple[list[Row], list[tuple[str, str]]]:
    """Records of every distinct original and rewrite of the positives (no dates), and each
    positive as an ``(original id, rewrite id)`` pair: a scan must find the rewrites itself."""
    ids: dict[str, str] = {}
    records: list[Row] = []

    def record(text: str) -> str:
        if text not in ids:
            ids[text] = f"llm{len(ids):04d}"
            records.append({"id": ids[text], "text": text})
        return ids[text]

    wanted = [(record(p.a), record(p.b)) for p in pairs if p.type == "positive"]
    return records, wanted


def score_llm_scan(
    report: SetReport, result: unspin.ScanResult, wanted: Sequence[tuple[str, str]]
) -> None:
    """Share of the rewrites a scan reports at all, as a copy, and with the original named."""
    got = {frozenset((p.a, p.b)): p for p in result.pairs}
    found = [got.get(frozenset(pair)) for pair in wanted]
    report.add("scan: rewrites reported", _rate([f is not None for f in found]))
    report.add("scan: rewrites called a copy", _rate([f is not None and f.relation in COPY
               for f in found]))  # fmt: skip
    report.add("scan: original named", _rate([f is not None and f.source == a
               for f, (a, _) in zip(found, wanted, strict=True)]))  # fmt: skip
