"""Main-text extraction quality and speed (issue 20), and a WARC robustness run.

``quality``: body-text precision, recall and F1 of :func:`unspin.extract_html` on
``../shared/eval/article-extraction-dev.jsonl.gz`` (ScrapingHub article-extraction benchmark,
dev part), with that benchmark's measure: word tokens are ``\\w+`` matches, shingles are 4
consecutive tokens counted with multiplicity, TP/FP/FN of a page are normalised to sum to 1
(so long pages weigh no more than short ones), precision and recall are averaged over pages
and F1 is computed from the two averages. Also pages per second on one core, in-process.

``warc``: a generated crawl (``bench/webcorpus.py``) scanned as a WARC and as clean texts:
the copy pairs and relations must be the same, no pair may join pages that share only their
site template, and every WARC record must be in ``documents.jsonl``. Times: extraction alone,
the WARC scan, the clean scan.

Example: ``python bench/extract.py quality`` or ``python bench/extract.py warc --pages 1000``
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from webcorpus import build_web_corpus  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "eval" / "article-extraction-dev.jsonl.gz"
_TOKEN = re.compile(r"\w+")
UNSPIN = (sys.executable, "-c", "from unspin.cli import main; main()")
"""The command line, run by this interpreter (the one unspin is installed in)."""
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Counts of the ``n``-token shingles of ``text`` (one shorter shingle for short texts)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_scores(gold: str, predicted: str) -> tuple[float, float, float]:
    """TP, FP, FN of one page over shingles, normalised to sum to 1 (all 0 when both empty)."""
    true, pred = shingles(gold), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def aggregate(scores: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages (where defined), F1 from the two averages."""
    precision = statistics.mean(_precision(*s) for s in scores if s[0] + s[1] > 0)
    recall = statistics.mean(_recall(*s) for s in scores if s[0] + s[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def run_quality(data: Path) -> dict[str, Any]:
    """Score :func:`unspin.extract_html` on every page of ``data``; time it on one core."""
    import unspin

    with gzip.open(data, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    pages = [(row, base64.b64decode(row["html_b64"])) for row in rows]
    unspin.extract_html(pages[0][1], url=pages[0][0]["url"])  # imports and caches, not timed
    scores, failed = [], 0
    started = time.perf_counter()
    for row, raw in pages:
        try:
            text = unspin.extract_html(raw, url=row["url"]).text
        except unspin.IngestError:
            text, failed = "", failed + 1
        scores.append(page_scores(row["body"], text))
    seconds = time.perf_counter() - started
    return {
        **{k: round(v, 4) for k, v in aggregate(scores).items()},
        "pages": len(pages),
        "no_text": failed,
        "seconds": round(seconds, 2),
        "pages_per_s": round(len(pages) / seconds, 1),
    }


def _scan(inputs: list[Path], out: Path, workers: int) -> float:
    """Seconds ``unspin scan`` takes on ``inputs`` (a fresh process, as a user runs it)."""
    started = time.perf_counter()
    command = [*UNSPIN, "scan", *map(str, inputs), "--out", str(out)]
    subprocess.run([*command, "--workers", str(workers), "--quiet"], check=True)
    return time.perf_counter() - started


def _pairs(folder: Path, id_map: dict[str, str] | None = None) -> dict[frozenset[str], str]:
    """Copy pairs of a scan's ``pairs.jsonl`` as ``{a, b}: relation``, ids mapped."""
    found = {}
    for line in (folder / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["relation"] in ("same_story", "unrelated"):
            continue
        a, b = (id_map.get(x, x) if id_map else x for x in (row["a"], row["b"]))
        found[frozenset((a, b))] = row["relation"]
    return found


def run_warc(n_pages: int, seed: int, workers: int) -> dict[str, Any]:
    """Scan a generated WARC and its clean texts; compare pairs; time both and extraction."""
    with tempfile.TemporaryDirectory(prefix="unspin-warc-") as tmp:
        root = Path(tmp)
        corpus = build_web_corpus(n_pages, seed, root)
        started = time.perf_counter()
        command = [*UNSPIN, "extract", str(corpus.warc)]
        subprocess.run(
            [*command, "--out", str(root / "docs.jsonl"), "--quiet", "--workers", str(workers)],
            check=True,
        )
        extract_s = time.perf_counter() - started
        warc_s = _scan([corpus.warc], root / "warc-out", workers)
        clean_s = _scan([corpus.clean], root / "clean-out", workers)
        url_to_id = corpus.url_to_id
        got = _pairs(root / "warc-out", url_to_id)
        usable = corpus.readable_ids
        want = {k: v for k, v in _pairs(root / "clean-out").items() if k <= usable}
        documents = (root / "warc-out" / "documents.jsonl").read_text().splitlines()
        template_only = [k for k in got if k not in want]
        return {
            "pages": n_pages,
            "warc_records": corpus.records,
            "documents_rows": len(documents),
            "damaged_pages": len(corpus.damaged),
            "clean_copy_pairs": len(want),
            "warc_copy_pairs": len(got),
            "same_pairs_and_relations": got == want,
            "missing": len([k for k in want if k not in got]),
            "extra": len(template_only),
            "relation_differs": len([k for k in want if k in got and got[k] != want[k]]),
            "extract_s": round(extract_s, 1),
            "warc_scan_s": round(warc_s, 1),
            "clean_scan_s": round(clean_s, 1),
            "extract_pages_per_s": round(n_pages / extract_s, 1),
        }


def main() -> None:
    """Run the quality measure or the WARC run and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    quality = sub.add_parser("quality")
    quality.add_argument("--data", type=Path, default=DEFAULT_DATA)
    warc = sub.add_parser("warc")
    warc.add_argument("--pages", type=int, default=1000)
    warc.add_argument("--seed", type=int, default=0)
    warc.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if args.what == "quality":
        print(json.dumps(run_quality(args.data), indent=2))
    else:
        print(json.dumps(run_warc(args.pages, args.seed, args.workers), indent=2))


if __name__ == "__main__":
    main()
