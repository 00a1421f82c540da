"""Peer near-duplicate pipelines for the speed benchmark: datasketch and rensa (issue 5).

Both peers see exactly the same features: lowercased word 5-grams from a ``\\w+`` tokeniser,
128 permutations, an LSH index for Jaccard threshold 0.8. Each pipeline inserts every document,
then queries every document, and reports the LSH candidate pairs without a further Jaccard
check, which is how both libraries are used for bulk deduplication.

Band layout: datasketch chooses its own (b, r) for the threshold by minimising the weighted false
positive and negative areas (9 bands of 13 rows for 0.8 and 128 permutations). rensa needs the
number of bands to divide ``num_perm``, so it gets the divisor with the smallest such error.

Run one pipeline per process, so the caller can measure its wall time and peak memory::

    python bench/peers.py rensa corpus.jsonl pairs.jsonl

It writes ``pairs.jsonl`` (``{"a": id, "b": id}`` per line) and prints a JSON line with the
stage timings in seconds.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

NUM_PERM = 128
THRESHOLD = 0.8
SHINGLE = 5
SEED = 1
BATCH = 10_000

_TOKEN = re.compile(r"\w+")

Pairs = set[tuple[int, int]]
Timings = dict[str, float]


def shingles(text: str, k: int = SHINGLE) -> list[str]:
    """Distinct lowercased word k-grams of ``text`` (the whole text if it is shorter than k)."""
    toks = _TOKEN.findall(text.lower())
    if len(toks) <= k:
        return [" ".join(toks)]
    return list({" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1)})


def read_corpus(path: Path) -> Iterator[tuple[str, str]]:
    """(id, text) of every JSONL record; reading is part of each tool's measured time."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            yield doc["id"], doc["text"]


def _false_rates(threshold: float, b: int, r: int) -> float:
    """Weighted FP + FN area of an LSH with b bands of r rows, as datasketch minimises it.

    A pair with Jaccard s becomes a candidate with probability 1 - (1 - s**r)**b (Leskovec,
    Rajaraman & Ullman, Mining of Massive Datasets, ch. 3); the areas are integrated numerically
    here so the rensa process does not have to import datasketch.
    """
    s = np.linspace(0.0, 1.0, 2001)
    p = 1.0 - (1.0 - s**r) ** b
    below, above = s <= threshold, s >= threshold
    fp = np.trapezoid(p[below], s[below])
    fn = np.trapezoid(1.0 - p[above], s[above])
    return float(0.5 * fp + 0.5 * fn)


def rensa_bands(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> int:
    """The band count dividing ``num_perm`` whose S-curve best fits ``threshold``."""
    divisors = [b for b in range(1, num_perm + 1) if num_perm % b == 0]
    return min(divisors, key=lambda b: _false_rates(threshold, b, num_perm // b))


def _shingled(docs: Iterable[tuple[str, str]], ids: list[str], t: Timings) -> Iterator[list[str]]:
    """Shingle each document, recording ids and the time spent reading and shingling."""
    clock = time.perf_counter()
    for doc_id, text in docs:
        ids.append(doc_id)
        sh = shingles(text)
        now = time.perf_counter()
        t["read_shingle"] += now - clock
        yield sh
        clock = time.perf_counter()


def _pairs_from_queries(results: Iterable[Iterable[int]]) -> Pairs:
    """Unordered (low, high) key pairs from per-document candidate lists."""
    pairs: Pairs = set()
    for key, cands in enumerate(results):
        for other in cands:
            if other != key:
                pairs.add((key, other) if key < other else (other, key))
    return pairs


def datasketch_pipeline(path: Path) -> tuple[list[str], Pairs, Timings]:
    """datasketch MinHash (bulk generator, shared permutations) + MinHashLSH."""
    from datasketch import MinHash, MinHashLSH

    t: Timings = {"read_shingle": 0.0, "sketch_index": 0.0, "query": 0.0}
    ids: list[str] = []
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    encoded = ([s.encode() for s in sh] for sh in _shingled(read_corpus(path), ids, t))
    sketches = []
    clock = time.perf_counter()
    with lsh.insertion_session() as session:
        for key, m in enumerate(MinHash.generator(encoded, num_perm=NUM_PERM, seed=SEED)):
            session.insert(key, m, check_duplication=False)
            sketches.append(m)
    t["sketch_index"] = time.perf_counter() - clock - t["read_shingle"]
    clock = time.perf_counter()
    pairs = _pairs_from_queries(lsh.query(m) for m in sketches)
    t["query"] = time.perf_counter() - clock
    t["bands"] = lsh.b
    return ids, pairs, t


def _batches(items: Iterator[list[str]], size: int) -> Iterator[list[list[str]]]:
    batch: list[list[str]] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def rensa_pipeline(path: Path) -> tuple[list[str], Pairs, Timings]:
    """rensa RMinHash (bulk ``from_token_sets``) + RMinHashLSH, in batches of 10 k documents."""
    from rensa import RMinHash, RMinHashLSH

    t: Timings = {"read_shingle": 0.0, "sketch_index": 0.0, "query": 0.0}
    ids: list[str] = []
    bands = rensa_bands()
    lsh = RMinHashLSH(THRESHOLD, NUM_PERM, bands)
    sketches = []
    clock = time.perf_counter()
    for batch in _batches(_shingled(read_corpus(path), ids, t), BATCH):
        ms = RMinHash.from_token_sets(batch, NUM_PERM, SEED)
        lsh.insert_many(ms, len(sketches))
        sketches.extend(ms)
    t["sketch_index"] = time.perf_counter() - clock - t["read_shingle"]
    clock = time.perf_counter()
    pairs = _pairs_from_queries(lsh.query_all(sketches))
    t["query"] = time.perf_counter() - clock
    t["bands"] = bands
    return ids, pairs, t


PIPELINES: dict[str, Callable[[Path], tuple[list[str], Pairs, Timings]]] = {
    "datasketch": datasketch_pipeline,
    "rensa": rensa_pipeline,
}


def write_pairs(path: Path, ids: list[str], pairs: Pairs) -> None:
    """Write candidate pairs as JSONL with document ids, sorted for stable diffs."""
    with path.open("w", encoding="utf-8") as fh:
        for a, b in sorted(pairs):
            fh.write(json.dumps({"a": ids[a], "b": ids[b]}) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run one peer pipeline on a corpus and print its stage timings as JSON."""
    parser = argparse.ArgumentParser(description="Run one peer dedup pipeline.")
    parser.add_argument("tool", choices=sorted(PIPELINES))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("pairs", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    importlib.import_module(args.tool)
    imported = time.perf_counter() - started
    ids, pairs, timings = PIPELINES[args.tool](args.corpus)
    timings["import"] = imported
    clock = time.perf_counter()
    write_pairs(args.pairs, ids, pairs)
    timings["write"] = time.perf_counter() - clock
    timings["total_in_process"] = time.perf_counter() - started
    report = {k: round(v, 2) for k, v in timings.items()}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
