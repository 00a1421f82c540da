"""Benchmark of the persistent index (issue 18) against datasketch's in-memory MinHashLSH.

On the synthetic corpus of ``bench/corpus.py`` (planted exact, near, spun and partial copies),
the last ``--queries`` articles are held out and the rest are indexed. Measured, in one run:

* unspin: bulk ``add`` throughput (batches of ``--batch`` articles, one transaction each),
  bytes per article (the file without the compressed texts, and all-in), ``check`` latency of
  each held-out article (full verification, evidence and original) and of the candidate
  lookup alone, single-article ``add`` and ``remove`` latency, and the copies found;
* datasketch: MinHash (128 permutations of word 5-gram shingles, as ``bench/peers.py``) and
  ``MinHashLSH`` insertion throughput, and query latency (sketching the query included) of
  the same held-out articles, which returns candidate ids only (no verification, no evidence).

Ratios are unspin / datasketch for throughput and datasketch / unspin for latency (above 1:
unspin is better). Everything runs in this process, one core.

Example: ``python bench/index.py 10000 100000``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as synthetic
import peers

from unspin.candidates import prepare_batch
from unspin.index import Index
from unspin.index.postings import features_of, query


def _ms(values: Sequence[float]) -> str:
    arr = np.asarray(values) * 1000
    return f"p50 {np.percentile(arr, 50):.2f} ms, p99 {np.percentile(arr, 99):.2f} ms"


def _p(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values) * 1000, q))


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def bench_unspin(docs: list[dict[str, str]], held: list[dict[str, str]], batch: int) -> dict:
    """Build, size and query an index of ``docs``; check each of ``held``."""
    with tempfile.TemporaryDirectory(prefix="unspin-index-bench-") as tmp:
        path = Path(tmp) / "bench.sqlite"
        with Index(path) as index:
            start = time.perf_counter()
            for k in range(0, len(docs), batch):
                index.add(docs[k : k + batch])
            build = time.perf_counter() - start
            stats = index.stats()
            checks, lookups, copies = [], [], 0
            for doc in held:
                prepared = prepare_batch([doc["text"]])
                feats = features_of(prepared)[0]
                lookups.append(
                    _timed(lambda: query(index.conn, prepared.digests[0], feats))  # noqa: B023
                )
                start = time.perf_counter()
                pairs = index.check(doc)
                checks.append(time.perf_counter() - start)
                copies += sum(p.comparison.is_copy for p in pairs)
            adds = [_timed(lambda: index.add([d])) for d in held[:50]]  # noqa: B023
            removes = [_timed(lambda: index.remove([d["id"]])) for d in held[:50]]  # noqa: B023
        on_disk = stats.file_bytes
    n = len(docs)
    return {
        "articles": n,
        "build_s": round(build, 2),
        "add_per_s": round(n / build, 1),
        "bytes_per_article_index": round((on_disk - stats.text_bytes) / n),
        "bytes_per_article_all": round(on_disk / n),
        "check_p50_ms": round(_p(checks, 50), 2),
        "check_p99_ms": round(_p(checks, 99), 2),
        "lookup_p50_ms": round(_p(lookups, 50), 2),
        "lookup_p99_ms": round(_p(lookups, 99), 2),
        "single_add_p50_ms": round(_p(adds, 50), 2),
        "remove_p50_ms": round(_p(removes, 50), 2),
        "copies_found": copies,
    }


def bench_datasketch(docs: list[dict[str, str]], held: list[dict[str, str]]) -> dict:
    """MinHash + MinHashLSH in memory: insertion throughput and query latency."""
    from datasketch import MinHash, MinHashLSH

    def sketch(text: str) -> MinHash:
        m = MinHash(num_perm=peers.NUM_PERM, seed=1)
        m.update_batch([s.encode() for s in peers.shingles(text)])
        return m

    lsh = MinHashLSH(threshold=peers.THRESHOLD, num_perm=peers.NUM_PERM)
    start = time.perf_counter()
    encoded = ([s.encode() for s in peers.shingles(d["text"])] for d in docs)
    with lsh.insertion_session() as session:
        for key, m in enumerate(MinHash.generator(encoded, num_perm=peers.NUM_PERM, seed=1)):
            session.insert(key, m, check_duplication=False)
    build = time.perf_counter() - start
    queries, found = [], 0
    for doc in held:
        start = time.perf_counter()
        found += len(lsh.query(sketch(doc["text"])))
        queries.append(time.perf_counter() - start)
    return {
        "build_s": round(build, 2),
        "add_per_s": round(len(docs) / build, 1),
        "query_p50_ms": round(_p(queries, 50), 2),
        "query_p99_ms": round(_p(queries, 99), 2),
        "candidates_found": found,
    }


def run(n_docs: int, n_queries: int, batch: int, seed: int) -> dict:
    """One corpus size: unspin then datasketch, with ratios."""
    info = synthetic.cached_corpus(n_docs, seed)
    with info.corpus.open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    indexed, held = docs[:-n_queries], docs[-n_queries:]
    ours = bench_unspin(indexed, held, batch)
    theirs = bench_datasketch(indexed, held)
    ratios = {
        "add_throughput_x": round(ours["add_per_s"] / theirs["add_per_s"], 2),
        "check_p50_vs_query_x": round(theirs["query_p50_ms"] / ours["check_p50_ms"], 2),
        "lookup_p50_vs_query_x": round(theirs["query_p50_ms"] / ours["lookup_p50_ms"], 2),
    }
    return {"unspin": ours, "datasketch": theirs, "ratios": ratios}


def main() -> None:
    """Run each size given and print one JSON object per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    for n in args.sizes:
        result = run(n, args.queries, args.batch, args.seed)
        print(json.dumps({"size": n, **result}, indent=1), flush=True)


if __name__ == "__main__":
    main()
