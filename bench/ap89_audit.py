"""A labelled audit of unspin's verdicts on real newswire (AP89), judged by reading.

Two steps (issue 17). ``sample`` draws pairs from a scan of ``../shared/eval/ap89.jsonl.gz``,
stratified by relation, and writes a review file with both texts, the verdict and the
evidence, into ``bench/out`` (never into the repository: AP89 is for research use only). A
reader judges each pair against the relation definitions of the README and records, per
pair, ids and labels only (no article text) in ``bench/ap89_audit.jsonl``::

    {"a": ..., "b": ..., "relation": "partial", "copy": true, "relation_ok": true,
     "source_ok": true, "kind": "follow-up", "note": "repeats two background paragraphs"}

``copy`` is the reader's answer to "does one text reuse the other's text?"; ``relation_ok``
whether the relation is the right one; ``source_ok`` whether the named original is right
(null when the verdict names none or the reader cannot tell). ``score`` prints, per
relation, the precision of "is a copy" (copy relations) or of "is not a copy" (same_story and
unrelated), and the share of right relations and sources.

Example::

    unspin scan ../shared/eval/ap89.jsonl.gz --out bench/out/ap89-scan --workers 2
    python bench/ap89_audit.py sample bench/out/ap89-scan --out bench/out/ap89-review.jsonl
    python bench/ap89_audit.py score bench/ap89_audit.jsonl
    python bench/ap89_audit.py score bench/ap89_audit.jsonl --rescore   # current code

With ``--rescore`` the relation of every judged pair is recomputed with the current code
(``relation_ok`` counts as wrong where the relation changed: it was not judged).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
AP89 = BENCH.parent.parent / "shared" / "eval" / "ap89.jsonl.gz"
COPY_RELATIONS = ("duplicate", "near_duplicate", "spun", "paraphrase", "partial")
RELATIONS = (*COPY_RELATIONS, "same_story")


def _texts(path: Path, wanted: set[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in wanted:
                found[rec["id"]] = rec
    return found


def sample(
    scan_dir: Path, ap89: Path, per_relation: int, seed: int, unrelated: int = 0
) -> list[dict[str, Any]]:
    """Up to ``per_relation`` pairs of every relation, drawn at random with ``seed``, and
    ``unrelated`` candidate pairs that verification called unrelated (a scan does not write
    those, so they are drawn from the candidates again: :func:`unrelated_candidates`)."""
    by_relation: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with (scan_dir / "pairs.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            pair = json.loads(line)
            by_relation[pair["relation"]].append(pair)
    rng = random.Random(seed)
    chosen = [
        p
        for rel in RELATIONS
        for p in rng.sample(by_relation[rel], min(per_relation, len(by_relation[rel])))
    ]
    if unrelated:
        chosen += unrelated_candidates(ap89, unrelated, seed)
    texts = _texts(ap89, {p["a"] for p in chosen} | {p["b"] for p in chosen})
    review = []
    for p in chosen:
        a, b = texts[p["a"]], texts[p["b"]]
        spans = [
            {
                "kind": s["kind"],
                "a": a["text"][s["a_start"] : s["a_end"]][:600],
                "b": b["text"][s["b_start"] : s["b_end"]][:600],
                "substitutions": s.get("substitutions", [])[:10],
            }
            for s in p["spans"][:6]
        ]
        review.append(
            {
                "a": p["a"],
                "b": p["b"],
                "relation": p["relation"],
                "source": p["source"],
                "source_reason": p["source_reason"],
                "coverage": [p["coverage_a"], p["coverage_b"]],
                "spans": spans,
                "a_meta": {k: a.get(k) for k in ("title", "published", "slug")},
                "b_meta": {k: b.get(k) for k in ("title", "published", "slug")},
                "text_a": a["text"],
                "text_b": b["text"],
            }
        )
    return review


def unrelated_candidates(ap89: Path, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` of the scan's candidate pairs (after its filters) that the current code calls
    ``unrelated``, drawn at random: what the scan verified and dropped."""
    sys.path.insert(0, str(BENCH.parent / "src"))
    sys.path.insert(0, str(BENCH.parent))
    from bench import verify_profile as vp
    from unspin import compare
    from unspin.group.finalise import finalise_pair
    from unspin.models import DocInfo

    docs = vp.load(ap89, None)
    found = vp.cached_candidates(ap89, docs, None)
    rng = random.Random(seed + 1)
    out: list[dict[str, Any]] = []
    for i, j, _ in rng.sample(found, len(found)):
        a, b = docs[i], docs[j]
        pair = finalise_pair(
            DocInfo(a.id, a.published), DocInfo(b.id, b.published), compare(a.text, b.text)
        )
        if pair.relation == "unrelated":
            out.append(pair.to_dict())
            if len(out) == count:
                break
    return out


def merge(
    review: list[dict[str, Any]], readings: list[dict[str, Any]], commit: str
) -> list[dict[str, Any]]:
    """Audit rows from a review file (the tool's verdicts) and readers' labels given blind to
    them (``copy``, their own ``relation``, the ``original`` they can tell, ``kind``,
    ``note``): ``relation_ok`` compares the two relations, ``source_ok`` the named originals
    (null when either is undecided)."""
    by_pair = {(r["a"], r["b"]): r for r in readings}
    out = []
    for item in review:
        read = by_pair[(item["a"], item["b"])]
        source_ok = None
        if item.get("source") and read.get("original"):
            source_ok = item["source"] == read["original"]
        out.append(
            {
                "a": item["a"],
                "b": item["b"],
                "relation": item["relation"],
                "copy": bool(read["copy"]),
                "relation_ok": read["relation"] == item["relation"],
                "source_ok": source_ok,
                "kind": read["kind"],
                "note": read["note"],
                "read_relation": read["relation"],
                "verdicts_of": commit,
            }
        )
    return out


def score(judged: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per relation: pairs judged, precision, right relation, right source."""
    out: dict[str, dict[str, float]] = {}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for j in judged:
        groups[j["relation"]].append(j)
    copies = [j for j in judged if j["relation"] in COPY_RELATIONS]
    groups["all copy verdicts"] = copies
    for rel, items in groups.items():
        is_copy_verdict = rel in COPY_RELATIONS or rel == "all copy verdicts"
        right = sum(bool(j["copy"]) == is_copy_verdict for j in items)
        sources = [j["source_ok"] for j in items if j.get("source_ok") is not None]
        out[rel] = {
            "pairs": len(items),
            "precision": round(right / len(items), 3) if items else 0.0,
            "relation_ok": round(sum(bool(j["relation_ok"]) for j in items) / len(items), 3)
            if items
            else 0.0,
            "source_ok": round(sum(map(bool, sources)) / len(sources), 3) if sources else 0.0,
            "sources_judged": len(sources),
        }
    return out


def rescore(judged: list[dict[str, Any]], ap89: Path) -> list[dict[str, Any]]:
    """The judged pairs with the relation the current code gives them (``compare`` and the
    scan's pair finalisation with the published days); the reader's ``copy`` label is a
    property of the pair and carries over, ``relation_ok`` only where the relation is unchanged.

    The sample was drawn on the earlier verdicts, so this is the precision of the new code on
    those pairs, not a fresh stratified sample of its verdicts.
    """
    sys.path.insert(0, str(BENCH.parent / "src"))
    import unspin
    from unspin.group.finalise import finalise_pair
    from unspin.models import DocInfo

    texts = _texts(ap89, {j["a"] for j in judged} | {j["b"] for j in judged})
    out = []
    for j in judged:
        a, b = texts[j["a"]], texts[j["b"]]
        comp = unspin.compare(a["text"], b["text"])
        pair = finalise_pair(
            DocInfo(a["id"], a.get("published")), DocInfo(b["id"], b.get("published")), comp
        )
        same = pair.relation == j["relation"]
        out.append(
            dict(
                j,
                relation=pair.relation,
                earlier=j["relation"],
                relation_ok=j["relation_ok"] if same else False,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    """``sample`` or ``score`` (see the module docstring)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="draw a stratified sample for reading")
    s.add_argument("scan_dir", type=Path)
    s.add_argument("--ap89", type=Path, default=AP89)
    s.add_argument("--per-relation", type=int, default=30)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--unrelated", type=int, default=0, help="also draw this many candidate "
                   "pairs verified unrelated")  # fmt: skip
    s.add_argument("--out", type=Path, required=True)
    m = sub.add_parser("merge", help="audit rows from a review file and blind readings")
    m.add_argument("review", type=Path)
    m.add_argument("readings", type=Path, nargs="+")
    m.add_argument("--commit", required=True, help="commit of the scanned verdicts")
    m.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("score", help="precision per relation from judged pairs")
    c.add_argument("judged", type=Path)
    c.add_argument(
        "--rescore",
        action="store_true",
        help="first give the judged pairs the current code's relations (needs --ap89)",
    )
    c.add_argument("--ap89", type=Path, default=AP89)
    args = p.parse_args(argv)
    if args.command == "sample":
        review = sample(args.scan_dir, args.ap89, args.per_relation, args.seed, args.unrelated)
        with args.out.open("w", encoding="utf-8") as fh:
            for item in review:
                fh.write(json.dumps(item) + "\n")
        counts = Counter(item["relation"] for item in review)
        print(f"wrote {len(review)} pairs to {args.out}: {dict(counts)}")
        return 0
    if args.command == "merge":
        review = [json.loads(line) for line in args.review.read_text().splitlines()]
        readings = [json.loads(line) for f in args.readings for line in f.read_text().splitlines()]
        rows = merge(review, readings, args.commit)
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        print(f"wrote {len(rows)} judged pairs to {args.out}")
        return 0
    judged = [json.loads(line) for line in args.judged.read_text().splitlines() if line.strip()]
    if args.rescore:
        judged = rescore(judged, args.ap89)
        moved = Counter(
            (j["earlier"], j["relation"]) for j in judged if j["earlier"] != j["relation"]
        )
        print(f"relations changed since the judged verdicts: {dict(moved)}")
    for rel, row in score(judged).items():
        print(f"{rel:<18} {json.dumps(row)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
