"""Syndication and identical pages at scale (issue 17 acceptance), timed with ``unspin scan``.

Two generated corpora, each scanned in its own process (wall time, peak RSS of the process
tree through ``bench/speed.py``'s measurement):

* ``syndicated``: one wire story (``examples/newsroom.jsonl``, harbor-fire-wire) republished
  by ``--copies`` sites, each with its own header and footer and two words changed, published
  one minute apart after the wire, among ``--others`` unrelated articles of the synthetic
  benchmark corpus. Expected: one family of ``copies + 1`` with the wire as its original.
* ``identical``: ``--pages`` copies of one short error page. Expected: ``pages - 1`` pairs (a
  star), one family, linear output.

Example::

    python bench/newswire.py --copies 1000 --others 2000 --pages 10000
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import cached_corpus  # noqa: E402
from speed import Run, measure, tool_command  # noqa: E402

EXAMPLE = BENCH.parent / "examples" / "newsroom.jsonl"
PAGE = "Sorry, the page you requested could not be found. Return to the home page or search."


def _wire() -> str:
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == "harbor-fire-wire":
            return str(record["text"])
    raise SystemExit("harbor-fire-wire not in examples/newsroom.jsonl")


def _light_edit(text: str, k: int, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(2):
        at = rng.randrange(len(words))
        words[at] = words[at].upper()
    header = f"Site {k} News | Home | Local | Sport | Weather\n\n"
    return header + " ".join(words) + f"\n\nCopyright Site {k} Media. All rights reserved."


def syndicated(copies: int, others: int, path: Path) -> None:
    """Write the syndication corpus (see the module docstring)."""
    rng = random.Random(0)
    wire = _wire()
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "wire", "text": wire, "published": "2026-03-14T00:00:00Z"}))
        out.write("\n")
        for k in range(copies):
            minute = k + 1
            when = (
                f"2026-03-{14 + minute // 1440:02d}T{minute // 60 % 24:02d}:{minute % 60:02d}:00Z"
            )
            rec = {"id": f"site-{k:05d}", "text": _light_edit(wire, k, rng), "published": when}
            out.write(json.dumps(rec) + "\n")
        if others:
            info = cached_corpus(max(others, 1000), 0)
            with info.corpus.open(encoding="utf-8") as src:
                for n, line in enumerate(src):
                    if n >= others:
                        break
                    out.write(line)


def identical(pages: int, path: Path) -> None:
    """Write the identical-pages corpus."""
    with path.open("w", encoding="utf-8") as out:
        for k in range(pages):
            out.write(json.dumps({"id": f"page-{k:06d}", "text": PAGE}) + "\n")


def _families(out: Path) -> tuple[dict[str, str], set[str]]:
    """Family of every analysed document, and the originals."""
    family: dict[str, str] = {}
    originals: set[str] = set()
    with (out / "documents.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if not doc.get("skipped"):
                family[doc["id"]] = doc["family"]
                if doc["is_original"]:
                    originals.add(doc["id"])
    return family, originals


def main(argv: list[str] | None = None) -> int:
    """Generate, scan and check both corpora; print one line each."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--copies", type=int, default=1000)
    p.add_argument("--others", type=int, default=2000)
    p.add_argument("--pages", type=int, default=10000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory(prefix="unspin-newswire-") as tmp:
        for name in ("syndicated", "identical"):
            corpus = Path(tmp, f"{name}.jsonl")
            if name == "syndicated":
                syndicated(args.copies, args.others, corpus)
            else:
                identical(args.pages, corpus)
            out = Path(tmp, f"{name}-out")
            out.mkdir()
            cmd = tool_command("unspin", corpus, out, args.workers)
            if cmd is None:
                raise SystemExit("unspin is not installed")
            run = Run("unspin", 0)
            measure(cmd, run, out, 3600.0)
            with (out / "pairs.jsonl").open(encoding="utf-8") as fh:
                pairs = sum(1 for _ in fh)
            family, originals = _families(out)
            anchor = "wire" if name == "syndicated" else "page-000000"
            members = [d for d, f in family.items() if f == family[anchor]]
            row = {
                "status": run.status,
                "wall_s": round(run.wall_s, 1),
                "peak_rss_mb": round(run.peak_mb),
                "pairs": pairs,
                "family_size": len(members),
                "family_originals": sorted(set(members) & originals),
            }
            results[name] = row
            print(f"{name}: {json.dumps(row)}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
