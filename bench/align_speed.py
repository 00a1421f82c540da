"""Time ``unspin.compare`` on pairs of long documents (50,000 characters each).

Pairs are built from the PAN 2013 documents in the eval directory (real English prose):

* ``unrelated``: two different long documents, nothing reused;
* ``reused``: document b with six passages of a pasted in (verbatim, two with words shuffled
  within sentences, three with sentences reordered), the PAN setting of issue 3.

Usage::

    python bench/align_speed.py [--chars 50000] [--pairs 5] [--repeat 3] [--data DIR]

Prints one line per pair kind: median and maximum seconds per ``compare`` call, after one
warm-up call (the thesaurus and word-frequency tables load once per process).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import unspin  # noqa: E402
from bench import evaldata as ed  # noqa: E402


def long_docs(data_dir: Path, chars: int, count: int) -> list[str]:
    """The first ``count`` PAN documents of at least ``chars`` characters, cut to ``chars``."""
    docs = ed.load_pan13_docs(data_dir)
    texts = [t for _, t in sorted(docs.items()) if len(t) >= chars]
    return [t[:chars] for t in texts[:count]]


def _shuffle_words(text: str, rng: random.Random) -> str:
    words = text.split()
    cut = [words[i : i + 6] for i in range(0, len(words), 6)]
    rng.shuffle(cut)
    return " ".join(w for chunk in cut for w in chunk)


def _reorder_sentences(text: str, rng: random.Random) -> str:
    parts = text.split(". ")
    rng.shuffle(parts)
    return ". ".join(parts)


def with_reuse(a: str, b: str, rng: random.Random, passages: int = 6, size: int = 600) -> str:
    """``b`` with ``passages`` pieces of ``a`` pasted in, some verbatim, some reworded."""
    step = len(a) // passages
    pieces = []
    for k in range(passages):
        piece = a[k * step : k * step + size]
        if k % 3 == 1:
            piece = _shuffle_words(piece, rng)
        elif k % 3 == 2:
            piece = _reorder_sentences(piece, rng)
        pieces.append(piece)
    chunk = len(b) // (passages + 1)
    out = [b[k * chunk : (k + 1) * chunk] + " " + pieces[k] + " " for k in range(passages)]
    return ("".join(out) + b[passages * chunk :])[: len(b)]


def timed(a: str, b: str, repeat: int) -> list[float]:
    """Seconds of ``repeat`` calls of ``unspin.compare(a, b)``."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        unspin.compare(a, b)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    """Parse options, build the pairs and print the timings."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=50_000)
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval")
    args = ap.parse_args()
    docs = long_docs(args.data, args.chars, 2 * args.pairs)
    if len(docs) < 2:
        sys.exit(f"need at least two documents of {args.chars} characters in {args.data}")
    rng = random.Random(0)
    pairs = list(zip(docs[0::2], docs[1::2], strict=False))
    unspin.compare(docs[0][:2000], docs[1][:2000])  # warm-up: lexicon tables load once
    kinds = {
        "unrelated": pairs,
        "reused": [(a, with_reuse(a, b, rng)) for a, b in pairs],
    }
    print(f"compare on {len(pairs)} pairs of {args.chars:,}-character documents")
    for kind, items in kinds.items():
        times = [t for a, b in items for t in timed(a, b, args.repeat)]
        spans = [len(unspin.compare(a, b).spans) for a, b in items]
        print(
            f"{kind:10s} median {statistics.median(times):.3f} s  max {max(times):.3f} s  "
            f"spans per pair {spans}"
        )


if __name__ == "__main__":
    main()
