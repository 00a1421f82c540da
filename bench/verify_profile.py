"""Where verification spends its time on a real corpus: cached candidates, sampled, profiled.

The scan's verification stage is most of its cost on real newswire (issue 17). This script
runs the scan's stages up to verification once on a corpus (read, prepare, candidates, the
time and topic filters, one process), caches the candidate pairs under ``bench/out/``, then
verifies a random sample of them in this process under ``cProfile`` and prints:

* the CPU time per pair of aligned candidates (shared copy fingerprints) and of story-only
  candidates, and the relations they got;
* the functions with the most cumulative time.

Usage::

    python bench/verify_profile.py ../shared/eval/ap89.jsonl.gz [--limit 10000] [--pairs 2000]
        [--seed 0] [--top 40] [--no-profile]

``--no-profile`` times the sample without the profiler (the profiler's overhead falls
unevenly on small functions), for before/after comparisons of one change.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import hashlib
import io
import pickle
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from unspin.candidates.filters import near_in_time, near_in_topic, story_documents  # noqa: E402
from unspin.candidates.policy import Candidate, find_candidates, publication_order  # noqa: E402
from unspin.candidates.prepare import Prepared, prepare_batch  # noqa: E402
from unspin.models import DocInfo, Document  # noqa: E402
from unspin.story.vectors import topic_vectors  # noqa: E402
from unspin.text import canonical, lexicon  # noqa: E402
from unspin.verify.batch import locality_order  # noqa: E402
from unspin.verify.compare import analyse, compare_analysed, identical  # noqa: E402

OUT = ROOT / "bench" / "out"


def load(path: Path, limit: int | None) -> list[Document]:
    from unspin.ingest import read_sources

    docs = []
    for item in read_sources([path]):
        if isinstance(item, Document):
            docs.append(item)
            if limit and len(docs) >= limit:
                break
    return sorted(docs, key=lambda d: d.id)


def candidates(docs: list[Document]) -> list[Candidate]:
    """The scan's candidates after the time and topic filters, documents in id order."""
    texts = [d.text for d in docs]
    batches = [prepare_batch(texts[k : k + 2000]) for k in range(0, len(texts), 2000)]
    prepared = Prepared.concat(batches)
    infos = [DocInfo(d.id, d.published) for d in docs]
    found = find_candidates(prepared, list(range(len(docs))), publication_order(infos))
    if any(d.published for d in infos):
        found = near_in_time(found, [d.published_at for d in infos])
    needed = story_documents(found)
    if needed:
        vectors = topic_vectors([texts[k] for k in needed])
        found = near_in_topic(found, needed, vectors)
    return found


def cached_candidates(path: Path, docs: list[Document], limit: int | None) -> list[Candidate]:
    import unspin.config

    key = hashlib.sha1(
        f"{path.resolve()}|{limit}|{unspin.config.fingerprint()}".encode()
    ).hexdigest()[:12]
    cache = OUT / f"verify-candidates-{key}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    t0 = time.perf_counter()
    found = candidates(docs)
    print(f"candidates: {len(found)} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(found))
    return found


def run(docs: list[Document], pairs: list[Candidate]) -> dict[str, list[float]]:
    """Verify ``pairs`` (analysing each text once, as a batch does); CPU time per pair kind."""
    analysed: dict[int, object] = {}
    times: dict[str, list[float]] = collections.defaultdict(list)
    relations: collections.Counter[tuple[str, str]] = collections.Counter()
    spent: collections.Counter[tuple[str, str]] = collections.Counter()
    for i, j, aligned in pairs:
        t0 = time.process_time()
        a, b = docs[i].text, docs[j].text
        if aligned and canonical(a) == canonical(b):
            comp = identical(a, b)
        else:
            for k in (i, j):
                if k not in analysed:
                    analysed[k] = analyse(docs[k].text)
            comp = compare_analysed(
                analysed[i],
                analysed[j],
                (docs[i].id, docs[j].id),
                passages=aligned,  # type: ignore[arg-type]
            )
        kind = "aligned" if aligned else "story"
        times[kind].append(time.process_time() - t0)
        relations[(kind, comp.relation)] += 1
        spent[(kind, comp.relation)] += times[kind][-1]
    for kind, values in sorted(times.items()):
        print(
            f"{kind}: {len(values)} pairs, {1000 * sum(values) / len(values):.2f} ms CPU each, "
            f"total {sum(values):.1f} s"
        )
    for (kind, rel), n in sorted(relations.items()):
        cost = spent[(kind, rel)]
        print(f"  {kind:8} {rel:15} {n:6}  {cost:7.1f} s  {1000 * cost / n:6.2f} ms each")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N records only")
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    docs = load(args.corpus, args.limit)
    found = cached_candidates(args.corpus, docs, args.limit)
    counts = collections.Counter("aligned" if c[2] else "story" for c in found)
    print(f"documents {len(docs)}, candidates {len(found)} ({dict(counts)})")
    rng = random.Random(args.seed)
    # a contiguous run of the locality order, as a worker's batch sees it (texts reused)
    order = locality_order(found, len(docs))
    start = rng.randrange(max(1, len(order) - args.pairs))
    sample = [found[k] for k in order[start : start + args.pairs]]
    lexicon.load()
    analyse("warm up the tables")
    if args.no_profile:
        t0 = time.perf_counter()
        run(docs, sample)
        print(f"wall {time.perf_counter() - t0:.2f} s")
        return
    prof = cProfile.Profile()
    prof.enable()
    run(docs, sample)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    print("cumulative seconds of the verification steps (profiled, nested steps overlap):")
    for (path, _, name), row in sorted(stats.stats.items(), key=lambda kv: -kv[1][3]):  # type: ignore[attr-defined]
        if "/unspin/" in path and row[3] >= 0.02 * stats.total_tt:  # type: ignore[attr-defined]
            module = path.split("/unspin/")[-1]
            print(f"  {row[3]:8.2f} s  {row[0]:8} calls  {module}:{name}")


if __name__ == "__main__":
    main()
