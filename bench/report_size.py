"""Size and opening time of the HTML report on a scan output as large as AP89's.

A full AP89 scan is not run here (it takes minutes of both cores): the scan output is made
up instead, at the same scale, around real texts. 84,660 documents (AP89's count); a share
of them (``--paired``, default 0.6) sit in stories of 2 to 8 documents, and each story gets
same-story pairs and copy pairs (near duplicates with one passage covering the text and a few
substitutions, partial copies with two passages) until ``--pairs`` pairs exist. The texts
are AP89's own (``shared/eval/ap89.jsonl.gz``) when the file is there, so that their
compression is real; copies are *other* articles, which compresses worse than a real copy
would, so the size is an upper bound. Without AP89 the texts are made of random common
words (``--synthetic``).

Measured: the time to write the report, its size in bytes and MB, and in headless Chromium
(the system one, as in the tests): first contentful paint, the time until the first view is
drawn (``performance.mark('unspin-ready')``), and the time to open a deep-linked pair.

Usage: python bench/report_size.py [--docs 84660] [--pairs 60000] [--paired 0.6] [--json F]
       python bench/report_size.py --scan SCAN_DIR --inputs ap89.jsonl.gz   # a real scan
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from unspin.output.files import write_jsonl
from unspin.report import write_report

ROOT = Path(__file__).resolve().parents[1]
AP89 = ROOT.parent / "shared" / "eval" / "ap89.jsonl.gz"
BUDGET_MB = 60
BUDGET_PAINT_S = 3.0


def _texts(n: int, *, synthetic: bool, seed: int) -> Iterator[dict[str, Any]]:
    """``n`` input records: AP89's (repeated if ``n`` is larger) or random common words."""
    if not synthetic and AP89.exists():
        made = 0
        while made < n:
            with gzip.open(AP89, "rt", encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    yield {
                        "id": f"{row['id']}-{made // 84660}" if made >= 84660 else row["id"],
                        "text": row["text"],
                        "title": row.get("title"),
                        "published": row.get("published"),
                    }
                    made += 1
                    if made >= n:
                        return
        return
    from wordfreq import top_n_list

    words = top_n_list("en", 5000)
    rng = random.Random(seed)
    for k in range(n):
        body = " ".join(rng.choice(words) for _ in range(rng.randint(200, 700)))
        yield {"id": f"doc{k:06d}", "text": body.capitalize() + ".", "published": "1989-04-12"}


def _span(len_a: int, len_b: int, share: float) -> dict[str, Any]:
    a_end, b_end = max(1, int(len_a * share)), max(1, int(len_b * share))
    return {
        "a_start": 0,
        "a_end": a_end,
        "b_start": 0,
        "b_end": b_end,
        "kind": "light_edit",
        "matched_words": a_end // 6,
        "a_words": a_end // 6,
        "b_words": b_end // 6,
        "substitutions": [],
    }


def _pair(a: dict[str, Any], b: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A made-up pair: 60 % same story, 30 % near duplicate, 10 % partial."""
    roll = rng.random()
    relation = "same_story" if roll < 0.6 else "near_duplicate" if roll < 0.9 else "partial"
    spans: list[dict[str, Any]] = []
    if relation == "near_duplicate":
        span = _span(len(a["text"]), len(b["text"]), 1.0)
        words_a, words_b = a["text"].split()[:40], b["text"].split()[:40]
        shared = min(len(words_a), len(words_b))
        span["substitutions"] = [[words_a[k], words_b[k]] for k in range(0, shared, 8)]
        spans = [span]
    elif relation == "partial":
        spans = [_span(len(a["text"]), len(b["text"]), 0.3)]
    copy = relation != "same_story"
    scores = {name: round(rng.random(), 4) for name in ("names", "numbers", "story", "topic")}
    return {
        "a": a["id"],
        "b": b["id"],
        "relation": relation,
        "source": a["id"] if copy else None,
        "source_reason": "published earlier (1989-04-12 vs 1989-04-13)" if copy else "",
        "coverage_a": 1.0 if relation == "near_duplicate" else 0.3 * copy,
        "coverage_b": 1.0 if relation == "near_duplicate" else 0.3 * copy,
        "scores": scores,
        "spans": spans,
    }


def make_scan(work: Path, n_docs: int, n_pairs: int, paired: float, synthetic: bool) -> Path:
    """Write ``inputs.jsonl`` and a made-up scan output (``scan/``) into ``work``."""
    rng = random.Random(89)
    records = list(_texts(n_docs, synthetic=synthetic, seed=89))
    write_jsonl(records, work / "inputs.jsonl")
    order = list(range(len(records)))
    rng.shuffle(order)
    in_pairs = order[: int(paired * len(records))]
    pairs: list[dict[str, Any]] = []
    story: dict[str, str] = {}
    k = 0
    while k < len(in_pairs) and len(pairs) < n_pairs:
        members = sorted(in_pairs[k : k + rng.randint(2, 8)])
        k += len(members)
        ids = [records[m]["id"] for m in members]
        story.update(dict.fromkeys(ids, min(ids)))
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                if len(pairs) < n_pairs and (j == i + 1 or rng.random() < 0.5):
                    pairs.append(_pair(records[members[i]], records[members[j]], rng))
    copied = {p["b"]: p["a"] for p in pairs if p["source"]}
    docs = [
        {
            "id": r["id"],
            "skipped": False,
            "location": f"inputs.jsonl:{n + 1}",
            "story": story.get(r["id"], r["id"]),
            "family": copied.get(r["id"], r["id"]),
            "is_original": r["id"] not in copied,
            "linked_stories": [],
            "repairs": [],
        }
        for n, r in enumerate(records)
    ]
    scan = work / "scan"
    scan.mkdir()
    write_jsonl(sorted(pairs, key=lambda p: (p["a"], p["b"])), scan / "pairs.jsonl")
    write_jsonl(docs, scan / "documents.jsonl")
    return scan


def measure_browser(report: Path, pair: str, chromium: str) -> dict[str, float]:
    """First contentful paint, first view drawn and a deep-linked pair, in seconds."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        page.goto(report.as_uri(), wait_until="commit", timeout=120_000)
        page.wait_for_selector("html[data-ready=true]", timeout=120_000)
        wall = time.perf_counter() - start
        paint = page.evaluate(
            "() => [performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,"
            " performance.getEntriesByName('unspin-ready')[0].startTime,"
            " performance.memory ? performance.memory.usedJSHeapSize : -1]"
        )
        start = time.perf_counter()
        page.evaluate(f"() => {{ location.hash = {json.dumps('pair=' + pair)}; }}")
        page.wait_for_selector(".sides", timeout=60_000)
        pair_s = time.perf_counter() - start
        page.fill("#f-q", "AP8904")
        start = time.perf_counter()
        page.wait_for_selector("main h2:text-is('Pairs')", timeout=60_000)
        search_s = time.perf_counter() - start + 0.15  # the viewer waits 150 ms for typing
        browser.close()
    return {
        "first_contentful_paint_s": round(paint[0] / 1000, 3),
        "first_view_s": round(paint[1] / 1000, 3),
        "open_wall_s": round(wall, 3),
        "deep_linked_pair_s": round(pair_s, 3),
        "search_s": round(search_s, 3),
        "js_heap_mb": round(paint[2] / 1e6, 1),
    }


def block_sizes(report: Path) -> dict[str, float]:
    """MB of the index block, of all pair-evidence blocks, of the word list and of all text
    blocks."""
    page = report.read_bytes()
    sizes = {"index": 0, "p": 0, "w": 0, "t": 0}
    for match in re.finditer(rb'id="u-([a-z]+)\d*" data-enc="\w+">(.*?)</', page, re.DOTALL):
        sizes[match.group(1).decode()] += len(match.group(2))
    return {
        "index_mb": round(sizes["index"] / 1e6, 1),
        "pair_blocks_mb": round(sizes["p"] / 1e6, 1),
        "word_list_mb": round(sizes["w"] / 1e6, 2),
        "text_blocks_mb": round(sizes["t"] / 1e6, 1),
    }


def main() -> None:
    """Build the made-up scan, write its report, open it; print and optionally save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=84660)
    parser.add_argument("--pairs", type=int, default=60000)
    parser.add_argument("--paired", type=float, default=0.6)
    parser.add_argument("--synthetic", action="store_true", help="random words, not AP89")
    parser.add_argument("--portable", action="store_true", help="base64 blocks")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--scan",
        type=Path,
        help="measure the report of this real scan output instead (with --inputs)",
    )
    parser.add_argument("--inputs", type=Path, nargs="*", default=[], help="the scan's inputs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="unspin-report-bench-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        if args.scan is not None:
            scan, inputs = args.scan, list(args.inputs)
        else:
            scan = make_scan(work, args.docs, args.pairs, args.paired, args.synthetic)
            inputs = [work / "inputs.jsonl"]
        made_s = time.perf_counter() - start
        start = time.perf_counter()
        encoding = "base64" if args.portable else "bytes"
        stats = write_report(scan, inputs, work / "report.html", encoding=encoding)
        write_s = time.perf_counter() - start
        first = json.loads((scan / "pairs.jsonl").open().readline())
        figures: dict[str, Any] = {
            "texts": "real scan"
            if args.scan
            else ("synthetic" if args.synthetic or not AP89.exists() else "ap89"),
            "encoding": encoding,
            "documents": stats.documents,
            "pairs": stats.pairs,
            "stored_texts": stats.texts,
            "make_scan_s": round(made_s, 1),
            "write_report_s": round(write_s, 1),
            "bytes": stats.bytes,
            "mb": round(stats.bytes / 1e6, 1),
            **block_sizes(stats.path),
            **measure_browser(stats.path, f"{first['a']},{first['b']}", args.chromium),
        }
    figures["within_budget"] = (
        figures["mb"] <= BUDGET_MB and figures["first_view_s"] <= BUDGET_PAINT_S
    )
    for key, value in figures.items():
        print(f"{key:>26}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
