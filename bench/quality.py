"""Measure unspin's verdicts on the labelled eval sets and check them against the quality bars.

Runs only the public API (``unspin.compare``, ``unspin.scan``) on the sets described in
``shared/eval/README.md`` and prints one table: measure, value, bar, PASS/FAIL, with the git
commit and date. The exit code is 0 unless the run itself fails (a bar that is missed is not
an error).

Usage::

    python bench/quality.py [--only spinbot,semeval,bbc,seeds,pan13,ecbplus,ecbplus-pairs,
                                   ecbplus-dated,msrp,llm]
                            [--limit N] [--json out.json] [--dump-dir DIR]
                            [--data DIR] [--workers N]

``--limit N`` samples at most N pairs (seed 0) from each pair set: spinbot, semeval, msrp,
each PAN 2013 part, each kind of ECB+ pair and each type of llm pair. The scan sets (seeds,
bbc, ecbplus, ecbplus-dated) always run whole.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import unspin  # noqa: E402
from bench import evaldata as ed  # noqa: E402
from bench.metrics import (  # noqa: E402
    Annotation,
    adjusted_rand_index,
    bcubed,
    case_recall,
    groups_of,
    partition,
    plagdet,
)
from bench.quality_llm import scan_corpus, score_llm, score_llm_scan  # noqa: E402
from bench.report import (  # noqa: E402
    Bar,
    Row,
    SetReport,
    as_json,
    git_commit,
    render,
    render_info,
)

COPY = unspin.COPY_RELATIONS


@dataclass(frozen=True, slots=True)
class Context:
    """Options shared by all evaluators."""

    data_dir: Path
    limit: int | None
    workers: int
    dump_dir: Path | None


def log(message: str) -> None:
    """Progress line on stderr, so stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


# --- running the public API ----------------------------------------------------------------------


def _compare_row(pair: tuple[str, str]) -> Row:
    """``unspin.compare`` as a picklable plain dict; a failure becomes relation ``error``."""
    try:
        return unspin.compare(pair[0], pair[1]).to_dict()
    except Exception as exc:  # a benchmark run must survive one bad pair
        return {"relation": "error", "source": None, "spans": [], "scores": {}, "error": repr(exc)}


def compare_all(pairs: Sequence[tuple[str, str]], workers: int) -> tuple[list[Row], float]:
    """Compare every pair (in ``workers`` processes); return the rows and seconds per pair."""
    start = time.perf_counter()
    if workers > 1 and len(pairs) > 1:
        _compare_row(pairs[0])  # warm caches before forking
        with ProcessPoolExecutor(max_workers=workers) as pool:
            rows = list(pool.map(_compare_row, pairs, chunksize=4))
    else:
        rows = [_compare_row(p) for p in pairs]
    return rows, (time.perf_counter() - start) / max(1, len(pairs))


def scan_records(records: Iterable[Row], workers: int) -> tuple[unspin.ScanResult, float]:
    """Run ``unspin.scan`` and time it."""
    start = time.perf_counter()
    result = unspin.scan(records, workers=workers)
    return result, time.perf_counter() - start


def summary(row: Row) -> Row:
    """The verdict of a compare row without the span list (for dumps and failure lists)."""
    keep = ("relation", "source", "coverage_a", "coverage_b", "scores", "error")
    return {k: row[k] for k in keep if k in row} | {"n_spans": len(row.get("spans", []))}


def dump(ctx: Context, name: str, rows: Iterable[Row]) -> None:
    """Write per-pair rows to ``<dump-dir>/<name>.jsonl`` when ``--dump-dir`` is given."""
    if ctx.dump_dir is None:
        return
    ctx.dump_dir.mkdir(parents=True, exist_ok=True)
    with (ctx.dump_dir / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def rate(flags: Sequence[bool]) -> float:
    """Share of true flags (0 for an empty list)."""
    return sum(flags) / len(flags) if flags else 0.0


def agreement(truth: Sequence[bool], said: Sequence[bool]) -> float:
    """Share of positions where two flag lists agree (accuracy)."""
    return rate([t == s for t, s in zip(truth, said, strict=True)])


def run_pairs(
    ctx: Context,
    report: SetReport,
    label: str,
    items: Sequence[Any],
    texts: Callable[[Any], tuple[str, str]],
    ids: Callable[[Any], Row],
) -> list[Row]:
    """Compare ``texts(item)`` for every item; record time and errors; dump ``ids(item)`` rows."""
    rows, per_pair = compare_all([texts(item) for item in items], ctx.workers)
    part = label.removeprefix(report.name).lstrip("-")
    report.info[f"{part} seconds_per_pair".strip()] = per_pair
    count_errors(report, rows)
    dump(ctx, label, (ids(i) | summary(r) for i, r in zip(items, rows, strict=True)))
    return rows


def count_errors(report: SetReport, rows: Sequence[Row]) -> None:
    """Record failed compare calls in the report."""
    errors = [r["error"] for r in rows if r["relation"] == "error"]
    if errors:
        report.info["errors"] = report.info.get("errors", 0) + len(errors)
        report.info["first_error"] = errors[0]


# --- seeds -------------------------------------------------------------------------------------


def _seed_correct(expected: dict[str, str], row: Row) -> bool:
    if row["relation"] != expected["relation"]:
        return False
    if "source" not in expected:
        return True
    return row["source"] == ("a" if expected["source"] == expected["a"] else "b")


def eval_seeds(ctx: Context) -> SetReport:
    """Seed articles: the 10 pair verdicts via compare, and stories/families via scan."""
    seeds = ed.load_seeds(ed.seeds_dir(ctx.data_dir))
    report = SetReport("seeds")
    texts = seeds.texts
    rows = run_pairs(ctx, report, "seeds", seeds.pairs, lambda p: (texts[p["a"]], texts[p["b"]]),
                     lambda p: {"a": p["a"], "b": p["b"]})  # fmt: skip
    correct = [_seed_correct(p, r) for p, r in zip(seeds.pairs, rows, strict=True)]
    result, _seconds = scan_records(({"id": k, "text": v} for k, v in seeds.texts.items()), 1)
    report.add("pairs correct (of 10)", sum(correct), Bar(">=", len(seeds.pairs)))
    report.add(
        "scan stories match", groups_of(result.stories) == partition(seeds.stories), Bar("==", 1)
    )
    report.add(
        "scan families match", groups_of(result.families) == partition(seeds.families), Bar("==", 1)
    )
    report.info["pairs"] = [
        {"a": p["a"][:3], "b": p["b"][:3], "expected": p["relation"], "got": r["relation"],
         "source": r["source"], "ok": ok}
        for p, r, ok in zip(seeds.pairs, rows, correct, strict=True)
    ]  # fmt: skip
    report.info["scan_pairs"] = [(p.a[:3], p.b[:3], p.relation, p.source) for p in result.pairs]
    return report


# --- spinbot -----------------------------------------------------------------------------------


def eval_spinbot(ctx: Context) -> SetReport:
    """Spun Wikipedia paragraphs: copy recall, source accuracy, and false copies across pairs."""
    pairs = ed.sample(ed.eligible_spin_pairs(ed.load_spinbot(ctx.data_dir)), ctx.limit)
    n = len(pairs)
    report = SetReport("spinbot")
    rows = run_pairs(ctx, report, "spinbot", pairs, lambda p: (p.original, p.spun),
                     lambda p: {"id": p.id})  # fmt: skip
    shifts = [(i, (i + k) % n) for k in (1, 7) for i in range(n) if (i + k) % n != i]
    cross = run_pairs(ctx, report, "spinbot-cross", shifts,
                      lambda s: (pairs[s[0]].original, pairs[s[1]].spun),
                      lambda s: {"original": pairs[s[0]].id, "spun": pairs[s[1]].id})  # fmt: skip
    report.add("eligible pairs", n)
    report.add("copy-relation rate", rate([r["relation"] in COPY for r in rows]), Bar(">=", 0.95))
    report.add("source == a rate", rate([r["source"] == "a" for r in rows]), Bar(">=", 0.85))
    report.add("cross pairs", len(cross))
    report.add("cross copy rate", rate([r["relation"] in COPY for r in cross]), Bar("<=", 0.02))
    report.info["relations"] = dict(Counter(r["relation"] for r in rows))
    report.info["cross_relations"] = dict(Counter(r["relation"] for r in cross))
    report.info["sources"] = dict(Counter(str(r["source"]) for r in rows))
    report.info["misses"] = [
        {"id": p.id} | summary(r)
        for p, r in zip(pairs, rows, strict=True)
        if r["relation"] not in COPY or r["source"] != "a"
    ]
    report.info["false_cross"] = [
        {"i": pairs[i].id, "j": pairs[j].id} | summary(r)
        for (i, j), r in zip(shifts, cross, strict=True)
        if r["relation"] in COPY
    ]
    return report


# --- semeval -----------------------------------------------------------------------------------


def eval_semeval(ctx: Context) -> SetReport:
    """SemEval-2022 Task 8: overall <= 2 should be related, overall >= 3 unrelated."""
    pairs = ed.sample(ed.load_semeval(ctx.data_dir), ctx.limit)
    labelled = [p for p in pairs if p.overall <= 2 or p.overall >= 3]
    report = SetReport("semeval")
    rows = run_pairs(ctx, report, "semeval", labelled, lambda p: (p.text1, p.text2),
                     lambda p: {"id": p.id, "overall": p.overall})  # fmt: skip
    truth = [p.overall <= 2 for p in labelled]
    said = [r["relation"] not in ("unrelated", "error") for r in rows]
    accuracy = agreement(truth, said)
    report.add("labelled pairs", len(labelled))
    report.add("ignored (2 < overall < 3)", len(pairs) - len(labelled))
    report.add("accuracy", accuracy, Bar(">=", 0.90, "issue 2"), Bar(">=", 0.93, "issue 4"))
    report.info["confusion"] = {
        f"gold {'related' if t else 'unrelated'} -> {'related' if s else 'unrelated'}": n
        for (t, s), n in sorted(Counter(zip(truth, said, strict=True)).items())
    }
    by_score: dict[str, Counter[str]] = {}
    for p, r in zip(labelled, rows, strict=True):
        by_score.setdefault(f"{p.overall:.2f}", Counter())[r["relation"]] += 1
    report.info["relations_by_overall"] = {k: dict(v) for k, v in sorted(by_score.items())}
    report.info["errors_list"] = [
        {"id": p.id, "overall": round(p.overall, 2)} | summary(r)
        for p, r, t, s in zip(labelled, rows, truth, said, strict=True)
        if t != s
    ]
    return report


# --- msrp --------------------------------------------------------------------------------------


def eval_msrp(ctx: Context) -> SetReport:
    """MSRP sentence pairs (secondary, informational): copy relation vs Quality == 1."""
    pairs = ed.sample(ed.load_msrp(ctx.data_dir), ctx.limit)
    report = SetReport("msrp")
    rows = run_pairs(ctx, report, "msrp", pairs, lambda p: (p.sentence1, p.sentence2),
                     lambda p: {"id": p.id, "quality": p.quality})  # fmt: skip
    gold = [p.quality == 1 for p in pairs]
    copy = [r["relation"] in COPY for r in rows]
    related = [r["relation"] in COPY or r["relation"] == "same_story" for r in rows]
    report.add("pairs", len(pairs))
    report.add("accuracy copy vs Quality", agreement(gold, copy))
    report.add("accuracy copy|same_story vs Quality", agreement(gold, related))
    report.add("copy rate on paraphrases", rate([c for g, c in zip(gold, copy, strict=True) if g]))
    report.add(
        "copy rate on non-paraphrases", rate([c for g, c in zip(gold, copy, strict=True) if not g])
    )
    report.info["relations_by_quality"] = {
        q: dict(Counter(r["relation"] for p, r in zip(pairs, rows, strict=True) if p.quality == q))
        for q in (1, 0)
    }
    return report


# --- llm rewrites ------------------------------------------------------------------------------


def eval_llm(ctx: Context) -> SetReport:
    """Language-model rewrites vs same-story and cross pairs (issue 23, bench/quality_llm.py)."""
    pairs = ed.load_llm_rewrites(ctx.data_dir)
    chosen = [p for kind in ("positive", "same_story", "cross")
              for p in ed.sample([p for p in pairs if p.type == kind], ctx.limit)]  # fmt: skip
    report = SetReport("llm")
    rows = run_pairs(ctx, report, "llm", chosen, lambda p: (p.a, p.b),
                     lambda p: {"id": p.id, "type": p.type, "set": p.set})  # fmt: skip
    score_llm(report, chosen, rows)
    records, wanted = scan_corpus(chosen)
    result, seconds = scan_records(records, ctx.workers)
    score_llm_scan(report, result, wanted)
    report.info["scan seconds"] = round(seconds, 1)
    return report


# --- bbc ---------------------------------------------------------------------------------------


def eval_bbc(ctx: Context) -> SetReport:
    """BBC News: recall of the 100 exact-duplicate pairs and nothing else called duplicate."""
    records = ed.load_bbc(ctx.data_dir)
    gold = ed.exact_duplicate_pairs(records)
    result, seconds = scan_records(records, ctx.workers)
    found = {frozenset((p.a, p.b)) for p in result.pairs if p.relation == "duplicate"}
    report = SetReport("bbc")
    report.add("records", len(records))
    report.add("gold exact-duplicate pairs", len(gold))
    report.add("duplicate recall", len(gold & found) / len(gold) if gold else 1.0)
    report.add("other pairs called duplicate", len(found - gold), Bar("<=", 0))
    report.add("scan seconds", round(seconds, 1))
    report.info["relations"] = dict(Counter(p.relation for p in result.pairs))
    missed = gold - found
    got = {frozenset((p.a, p.b)): p.relation for p in result.pairs}
    report.info["missed_gold"] = [[*sorted(p), got.get(p, "not reported")] for p in missed]
    report.info["false_duplicates"] = [sorted(p) for p in found - gold][:20]
    report.info["skipped"] = len(result.skipped)
    return report


# --- ecb+ --------------------------------------------------------------------------------------


def eval_ecbplus(ctx: Context) -> SetReport:
    """ECB+ story clustering: B-cubed F1 and adjusted Rand index against gold stories."""
    records = ed.load_ecbplus(ctx.data_dir)
    gold = {r["id"]: r["story"] for r in records}
    result, seconds = scan_records(
        ({"id": r["id"], "text": r["text"]} for r in records), ctx.workers
    )
    score = bcubed(gold, result.stories)
    report = SetReport("ecbplus")
    report.add("documents", len(records))
    report.add("gold stories", len(set(gold.values())))
    report.add("predicted stories", len({result.stories.get(i, i) for i in gold}))
    report.add("B-cubed precision", score.precision)
    report.add("B-cubed recall", score.recall)
    report.add("B-cubed F1", score.f1, Bar(">=", 0.90))
    report.add("adjusted Rand index", adjusted_rand_index(gold, result.stories), Bar(">=", 0.80))
    report.add("scan seconds", round(seconds, 1))
    report.info["relations"] = dict(Counter(p.relation for p in result.pairs))
    report.info["skipped"] = len(result.skipped)
    report.info["mixed clusters"] = _mixed_clusters(records, result.stories)
    return report


def eval_ecbplus_pairs(ctx: Context) -> SetReport:
    """ECB+ pairwise: ``compare`` on every pair of documents of one topic (informational).

    Same-event pairs should be related; pairs of the topic's two different events of the same
    kind should be ``unrelated``. ``--limit`` samples pairs of each kind.
    """
    records = ed.load_ecbplus(ctx.data_dir)
    by_topic: dict[Any, list[Row]] = defaultdict(list)
    for record in records:
        by_topic[record["topic"]].append(record)
    pairs = [(a, b) for docs in by_topic.values() for a, b in itertools.combinations(docs, 2)]
    same = ed.sample([p for p in pairs if p[0]["story"] == p[1]["story"]], ctx.limit)
    other = ed.sample([p for p in pairs if p[0]["story"] != p[1]["story"]], ctx.limit)
    report = SetReport("ecbplus-pairs")
    for name, chosen in (("same event", same), ("other event", other)):
        rows = run_pairs(ctx, report, f"ecbplus-pairs-{name.replace(' ', '-')}", chosen,
                         lambda p: (p[0]["text"], p[1]["text"]),
                         lambda p: {"a": p[0]["id"], "b": p[1]["id"]})  # fmt: skip
        related = [r["relation"] not in ("unrelated", "error") for r in rows]
        report.add(f"{name} pairs", len(rows))
        report.add(f"{name} pairs called related", rate(related))
        report.info[f"{name} relations"] = dict(Counter(r["relation"] for r in rows))
    return report


DATED_SCENARIOS = (
    ("events >=1 y apart, lag <=3 d", 365, 3),
    ("events >=1 y apart, lag <=14 d", 365, 14),
    ("events >=1 y apart, lag <=30 d", 365, 30),
    ("events >=30 d apart, lag <=7 d", 30, 7),
)
"""ECB+ with synthetic publication times: (name, least days between the two events of a
topic, most days between an event and a report of it)."""


def dated_ecbplus(records: Sequence[Row], gap_days: int, lag_days: int, seed: int = 0) -> list[Row]:
    """ECB+ records with synthetic ``published`` times.

    ECB+ has no publication times. Each gold story gets an event day; the two stories of a
    topic lie at least ``gap_days`` apart (in ECB+ the two events of a topic happened years
    apart, so 365 is the realistic case); each document is published up to ``lag_days``
    after its event (uniform, to the minute). This checks what :mod:`unspin.story.time` does
    when times are given; it is not a measurement on real publication times.
    """
    rng = random.Random(seed)
    start = datetime(2006, 1, 1, tzinfo=UTC)
    event_day: dict[str, int] = {}
    for topic in sorted({r["topic"] for r in records}):
        stories = sorted({r["story"] for r in records if r["topic"] == topic})
        first = rng.randrange(0, 1500)
        for k, story in enumerate(stories):
            event_day[story] = first + k * (gap_days + rng.randrange(0, 2 * gap_days))
    out = []
    for r in records:
        when = start + timedelta(days=event_day[r["story"]], minutes=rng.randrange(lag_days * 1440))
        out.append({"id": r["id"], "text": r["text"], "published": when.isoformat()})
    return out


def eval_ecbplus_dated(ctx: Context) -> SetReport:
    """ECB+ story clustering again, with synthetic publication times (see dated_ecbplus)."""
    records = ed.load_ecbplus(ctx.data_dir)
    gold = {r["id"]: r["story"] for r in records}
    report = SetReport("ecbplus-dated")
    for name, gap, lag in DATED_SCENARIOS:
        result, _ = scan_records(dated_ecbplus(records, gap, lag), ctx.workers)
        score = bcubed(gold, result.stories)
        report.add(f"{name}: F1", score.f1)
        report.add(f"{name}: ARI", adjusted_rand_index(gold, result.stories))
        report.add(f"{name}: stories", len({result.stories.get(i, i) for i in gold}))
        report.info[f"{name}: mixed clusters"] = _mixed_clusters(records, result.stories)
    return report


def _mixed_clusters(records: Sequence[Row], stories: Mapping[str, str]) -> Row:
    """How predicted stories mix gold stories: within one ECB+ topic, or across topics."""
    members: dict[str, list[Row]] = defaultdict(list)
    for record in records:
        members[stories.get(record["id"], record["id"])].append(record)
    mixed = [m for m in members.values() if len({r["story"] for r in m}) > 1]
    return {
        "clusters mixing gold stories": len(mixed),
        "of which across topics": sum(len({r["topic"] for r in m}) > 1 for m in mixed),
        "largest cluster": max(len(m) for m in members.values()),
        "gold stories split over clusters": sum(
            len({stories.get(r["id"], r["id"]) for r in records if r["story"] == g}) > 1
            for g in {r["story"] for r in records}
        ),
    }


# --- pan13 -------------------------------------------------------------------------------------


def _detections(
    case: ed.PanCase, row: Row, *, copy_only: bool = True, both: bool = False
) -> list[Annotation]:
    """Spans of a copy verdict as detections on the suspicious side (a = suspicious).

    ``copy_only=False`` counts spans whatever the relation (evidence quality alone);
    ``both=True`` adds the source-side range (b) for PAN's two-sided scoring.
    """
    if copy_only and row["relation"] not in COPY:
        return []
    return [
        Annotation(case.id, s["a_start"], s["a_end"], (s["b_start"], s["b_end"]) if both else None)
        for s in row["spans"]
    ]


def _gold(case: ed.PanCase, *, both: bool = False) -> list[Annotation]:
    """Gold cases on the suspicious side, with the source range when ``both``."""
    return [Annotation(case.id, *s.susp, s.src if both else None) for s in case.spans]


def _pan_part(ctx: Context, report: SetReport, part: str, cases: list[ed.PanCase]) -> None:
    """Compare the sampled pairs of one part and add its measures to the report."""
    docs = ed.load_pan13_docs(ctx.data_dir, {c.susp for c in cases} | {c.src for c in cases})
    log(f"  pan13 {part}: {len(cases)} pairs")
    key = part[:2]
    rows = run_pairs(ctx, report, f"pan13-{key}", cases, lambda c: (docs[c.susp], docs[c.src]),
                     lambda c: {"id": c.id})  # fmt: skip
    report.info[f"{key} relations"] = dict(Counter(r["relation"] for r in rows))
    report.add(f"{key} pairs", len(cases))
    copy_share = rate([r["relation"] in COPY for r in rows])
    if key == "01":
        report.add("01 copy-relation share", copy_share, Bar("<=", 0.02))
        return
    _score_part(report, key, cases, rows)
    report.add(f"{key} copy-relation share", copy_share)


def _score_part(report: SetReport, key: str, cases: list[ed.PanCase], rows: list[Row]) -> None:
    """PlagDet and case recall of one part with spans, plus two variants for diagnosis."""
    pairs = list(zip(cases, rows, strict=True))
    gold = [a for c in cases for a in _gold(c)]
    found = [a for c, r in pairs for a in _detections(c, r)]
    score = plagdet(gold, found)
    bars = {"02": 0.95, "03": 0.90, "04": 0.88, "05": 0.60}
    report.add(f"{key} plagdet", score.plagdet, Bar(">=", bars[key]))
    report.add(f"{key} precision", score.precision)
    report.add(f"{key} recall", score.recall)
    report.add(f"{key} granularity", score.granularity)
    report.add(f"{key} case recall (>=50% chars)", case_recall(gold, found, min_share=0.5))
    report.add(f"{key} case recall (any overlap)", case_recall(gold, found, min_share=0.0))
    spans = [a for c, r in pairs for a in _detections(c, r, copy_only=False)]
    report.add(f"{key} plagdet, spans of any relation", plagdet(gold, spans).plagdet)
    gold2 = [a for c in cases for a in _gold(c, both=True)]
    found2 = [a for c, r in pairs for a in _detections(c, r, both=True)]
    report.add(f"{key} plagdet, both sides (as PAN)", plagdet(gold2, found2).plagdet)


def eval_pan13(ctx: Context) -> SetReport:
    """PAN 2013 text alignment: PlagDet per part on the suspicious side, false copies on 01."""
    cases = ed.load_pan13_cases(ctx.data_dir)
    report = SetReport("pan13")
    for part in ed.PAN13_PARTS:
        chosen = [c for c in cases if c.part == part and (c.spans or not part.startswith("05"))]
        _pan_part(ctx, report, part, ed.sample(chosen, ctx.limit))
    return report


# --- driver ------------------------------------------------------------------------------------

EVALUATORS: dict[str, Callable[[Context], SetReport]] = {
    "seeds": eval_seeds,
    "spinbot": eval_spinbot,
    "semeval": eval_semeval,
    "bbc": eval_bbc,
    "pan13": eval_pan13,
    "ecbplus": eval_ecbplus,
    "ecbplus-pairs": eval_ecbplus_pairs,
    "ecbplus-dated": eval_ecbplus_dated,
    "msrp": eval_msrp,
    "llm": eval_llm,
}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(EVALUATORS), help="comma-separated sets")
    parser.add_argument("--limit", type=int, default=None, help="max pairs per pair set/part")
    parser.add_argument("--json", type=Path, default=None, help="write the full report here")
    parser.add_argument("--dump-dir", type=Path, default=None, help="per-pair scores as JSONL")
    parser.add_argument("--data", type=Path, default=None, help="eval directory")
    parser.add_argument("--workers", type=int, default=1, help="processes for compare/scan")
    parser.add_argument("--commit", default=None, help="commit label when run outside a checkout")
    args = parser.parse_args(argv)
    unknown = set(args.only.split(",")) - set(EVALUATORS)
    if unknown:
        parser.error(f"unknown sets {sorted(unknown)}; available: {', '.join(EVALUATORS)}")
    return args


def run(ctx: Context, names: Sequence[str]) -> list[SetReport]:
    """Run the chosen evaluators in the canonical order, timing each."""
    reports = []
    for name in [n for n in EVALUATORS if n in names]:
        log(f"running {name} ...")
        start = time.perf_counter()
        try:
            report = EVALUATORS[name](ctx)
        except Exception as exc:  # report the other sets; the exit code says it failed
            log(f"{name} failed: {exc!r}")
            report = SetReport(name, info={"errors": 1, "first_error": repr(exc)})
        report.seconds = time.perf_counter() - start
        reports.append(report)
    return reports


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return 1 only when a compare call or the run itself failed."""
    args = parse_args(argv)
    data_dir = args.data or ed.default_data_dir()
    ctx = Context(data_dir, args.limit, args.workers, args.dump_dir)
    header = {
        "commit": args.commit or git_commit(),
        "unspin": f"{unspin.__version__} from {Path(unspin.__file__).parent}",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "options": f"limit={args.limit} workers={args.workers} data={data_dir}",
    }
    reports = run(ctx, args.only.split(","))
    print(render(reports, header))
    print()
    print(render_info(reports))
    if args.json:
        body = {"header": header, "sets": {r.name: as_json(r) for r in reports}}
        args.json.write_text(json.dumps(body, indent=2, default=str) + "\n", encoding="utf-8")
    failed = sum(r.info.get("errors", 0) for r in reports)
    if failed:
        log(f"{failed} compare calls raised an error (see 'first_error')")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
