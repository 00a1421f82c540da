"""Speed, memory and recall of ``unspin scan`` against datasketch and rensa, in one run (issue 5).

For each corpus size the same cached corpus (``bench/corpus.py``) is given to every tool. Each tool
runs in its own process group, so its wall time (interpreter start, imports and reading the JSONL
included), CPU time and peak memory are its own. Peak memory is measured two ways: the largest
single process (``ru_maxrss`` from ``wait4``, exact) and the sum over the process tree (polled
with psutil every 0.2 s, when psutil is installed), because ``unspin scan --workers N`` runs
several processes. A tool that fails or runs past ``--timeout`` is reported, never fatal.

This machine's speed drifts by up to a third between runs minutes apart (shared hardware), so
``--repeat N`` runs every tool N times per size, in rounds whose order rotates (round 2 starts
with the second tool, ...), and prints for each tool the median wall time and the median of the
per-round ratios unspin/tool: a tool is compared with the unspin run of its own round.

Example::

    python bench/speed.py --sizes 10000,100000 --tools unspin,datasketch,rensa --json out.json
    python bench/speed.py --sizes 100000 --repeat 3
    python bench/speed.py --sizes 100000 --ap89 10000,40000,full --json out.json

``--ap89`` adds real newswire (``../shared/eval/ap89.jsonl.gz``, first N articles or all):
templated stories, write-thrus, follow-ups and syndicated retransmissions that the synthetic
corpus does not have. It has no planted truth: the table shows pairs and relation counts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import CACHE_DIR, DEFAULT_BBC, KINDS, cached_corpus  # noqa: E402

TOOLS = ("unspin", "datasketch", "rensa")
AP89 = BENCH.parent.parent / "shared" / "eval" / "ap89.jsonl.gz"
# Relations of pairs.jsonl that mean "b reuses a's text" (unspin.models.COPY_RELATIONS).
COPY_RELATIONS = frozenset({"duplicate", "near_duplicate", "spun", "paraphrase", "partial"})
# The relation unspin should give each planted kind.
EXPECTED_RELATION = {"exact": "duplicate", "near": "near_duplicate", "spun": "spun"} | {
    "partial": "partial"
}


@dataclass(slots=True)
class Run:
    """Measurements of one tool on one corpus."""

    tool: str
    n_docs: int
    status: str = "ok"
    wall_s: float = 0.0
    cpu_s: float = 0.0
    maxrss_mb: float = 0.0  # largest single process
    tree_rss_mb: float = 0.0  # polled sum over the process tree
    tree_pss_mb: float = 0.0  # polled sum of proportional set sizes (shared pages split)
    pairs: int = 0
    unplanted: int = 0  # reported pairs that are not planted copies
    recall: dict[str, float] = field(default_factory=dict)
    copy_recall: dict[str, float] = field(default_factory=dict)
    label_match: dict[str, float] = field(default_factory=dict)  # relation == expected kind
    relations: dict[str, int] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    load: tuple[float, float] = (0.0, 0.0)  # 1-min load average before and after: others' work
    note: str = ""
    round: int = 0  # which repetition (``--repeat``); ratios compare runs of one round
    corpus: str = "synthetic"  # or "ap89" (real newswire, no planted truth)

    @property
    def peak_mb(self) -> float:
        return max(self.maxrss_mb, self.tree_rss_mb)

    @property
    def docs_per_s(self) -> float:
        return self.n_docs / self.wall_s if self.wall_s else 0.0


# --------------------------------------------------------------------------- running a tool


class _TreeRss:
    """Polls the summed RSS and PSS of a process and its descendants in a background thread.

    Summed RSS counts a page shared by several processes (a forked worker's view of its
    parent's memory) once per process; PSS (proportional set size, Linux ``smaps_rollup``)
    splits each shared page between its sharers, so the summed PSS is the physical memory
    the whole tree holds.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> _TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
                infos = [p.memory_full_info() for p in procs if p.is_running()]
                total = sum(i.rss for i in infos)
                pss = sum(getattr(i, "pss", i.rss) for i in infos)
            except psutil.Error:
                total = pss = 0
            self.peak = max(self.peak, total)
            self.peak_pss = max(self.peak_pss, pss)
            self._stop.wait(self.interval)


def _wait(proc: subprocess.Popen[bytes], deadline: float) -> tuple[int | None, Any]:
    """Reap ``proc`` with ``wait4`` (to get its rusage); None as status if the deadline passed."""
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            return None, usage
        time.sleep(0.05)


def measure(cmd: list[str], run: Run, workdir: Path, timeout: float) -> None:
    """Run ``cmd`` in its own session, filling wall, CPU, memory and status into ``run``."""
    out, err = (workdir / "stdout.txt").open("wb"), (workdir / "stderr.txt").open("wb")
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    with out, err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True)
        with _TreeRss(proc.pid) as tree:
            code, usage = _wait(proc, started + timeout)
    run.wall_s = round(time.monotonic() - started, 2)
    run.load = (round(load_before, 2), round(os.getloadavg()[0], 2))
    run.cpu_s = round(usage.ru_utime + usage.ru_stime, 1)
    run.maxrss_mb = round(usage.ru_maxrss / 1024, 1)
    run.tree_rss_mb = round(tree.peak / 2**20, 1)
    run.tree_pss_mb = round(tree.peak_pss / 2**20, 1)
    if code is None:
        run.status = f"timeout>{timeout:.0f}s"
    elif code != 0:
        tail = (workdir / "stderr.txt").read_text(errors="replace").strip().splitlines()[-3:]
        run.status = f"failed rc={code}"
        run.note = " | ".join(tail)


def _unspin_exe() -> str | None:
    local = Path(sys.executable).with_name("unspin")
    return str(local) if local.exists() else shutil.which("unspin")


def tool_command(tool: str, corpus: Path, workdir: Path, workers: int) -> list[str] | None:
    """Command line for one tool, or None if the tool is not installed."""
    if tool == "unspin":
        exe = _unspin_exe()
        if exe is None:
            return None
        out = ["--out", str(workdir), "--workers", str(workers), "--quiet", "--verbose"]
        return [exe, "scan", str(corpus), *out]
    return [
        sys.executable,
        str(BENCH / "peers.py"),
        tool,
        str(corpus),
        str(workdir / "pairs.jsonl"),
    ]


# --------------------------------------------------------------------------- scoring


def load_truth(path: Path) -> dict[tuple[str, str], str]:
    """Planted pairs as ``{(low id, high id): kind}``."""
    truth = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            truth[_key(rec["a"], rec["b"])] = rec["kind"]
    return truth


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def load_pairs(path: Path) -> dict[tuple[str, str], str]:
    """Reported pairs as ``{(low id, high id): relation}``; peers report no relation."""
    found: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            found[_key(rec["a"], rec["b"])] = rec.get("relation", "candidate")
    return found


def score(run: Run, truth: dict[tuple[str, str], str], pairs_path: Path) -> None:
    """Recall of planted pairs by kind; for unspin also recall with a copy relation."""
    if not pairs_path.exists():
        run.status, run.note = "no pairs.jsonl", str(pairs_path)
        return
    found = load_pairs(pairs_path)
    run.pairs = len(found)
    run.relations = dict(Counter(found.values()).most_common())
    totals = Counter(truth.values())
    hits: Counter[str] = Counter()
    copies: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    for key, kind in truth.items():
        relation = found.get(key)
        if relation is not None and relation != "unrelated":
            hits[kind] += 1
            copies[kind] += relation in COPY_RELATIONS
            labels[kind] += relation == EXPECTED_RELATION[kind]
    run.unplanted = sum(key not in truth for key in found)
    run.recall = _shares(hits, totals)
    if run.tool == "unspin":
        run.copy_recall = _shares(copies, totals)
        run.label_match = _shares(labels, totals)


def _shares(counts: Counter[str], totals: Counter[str]) -> dict[str, float]:
    return {k: round(counts[k] / totals[k], 4) for k in KINDS if totals[k]}


_STAGE = re.compile(r"^stage (?P<name>[\w ]+): (?P<seconds>[\d.]+) s")


def _read_stages(workdir: Path, tool: str) -> dict[str, float]:
    """Stage timings: unspin's ``--verbose`` lines on stderr, a peer's last stdout line."""
    if tool == "unspin":
        text = (workdir / "stderr.txt").read_text(errors="replace")
        found = (_STAGE.match(line) for line in text.splitlines())
        return {m["name"]: float(m["seconds"]) for m in found if m}
    lines = (workdir / "stdout.txt").read_text(errors="replace").strip().splitlines()
    try:
        return {k: float(v) for k, v in json.loads(lines[-1]).items()} if lines else {}
    except (ValueError, AttributeError):
        return {}


def corpus_tag(corpus: Path) -> str:
    """Short name of a corpus for working folders: ``ap89`` or ``synthetic``."""
    return "ap89" if corpus.name.startswith("ap89") else "synthetic"


def ap89_subset(source: Path, size: int | None) -> tuple[Path, int]:
    """The first ``size`` articles of AP89 (all for None) as plain JSONL in the bench cache.

    Kept under ``bench/out`` (ignored by git): AP89 is for research use and never goes into
    the repository. The peers read plain JSONL, so the subsets are decompressed once.
    """
    import gzip

    name = f"ap89-{'full' if size is None else size}.jsonl"
    target = CACHE_DIR / name
    if not target.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        with gzip.open(source, "rt", encoding="utf-8") as src, tmp.open("w") as out:
            for k, line in enumerate(src):
                if size is not None and k >= size:
                    break
                out.write(line)
        tmp.replace(target)
    with target.open(encoding="utf-8") as fh:
        count = sum(1 for _ in fh)
    return target, count


def bench_tool(
    tool: str,
    n_docs: int,
    corpus: Path,
    truth: dict[tuple[str, str], str],
    args: argparse.Namespace,
) -> Run:
    """Run and score one tool on one corpus."""
    run = Run(tool, n_docs)
    workdir = CACHE_DIR / f"run-{corpus_tag(corpus)}-n{n_docs}-s{args.seed}" / tool
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    cmd = tool_command(tool, corpus, workdir, args.workers)
    if cmd is None:
        run.status = "not installed"
        return run
    measure(cmd, run, workdir, args.timeout)
    if run.status == "ok":
        score(run, truth, workdir / "pairs.jsonl")
        run.stages = _read_stages(workdir, tool)
    return run


# --------------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    """Machine, commit and library versions, recorded next to every result."""
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])

    def git(*a: str) -> str:
        res = subprocess.run(["git", *a], cwd=BENCH, capture_output=True, text=True)
        return res.stdout.strip()

    versions = {}
    for pkg in ("unspin", "datasketch", "rensa", "numpy"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "absent"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "mem_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "versions": versions,
    }


def format_table(runs: list[Run]) -> str:
    """Plain-text results table; the ratio column is unspin throughput over the tool's.

    ``extra`` counts reported pairs that are not planted copies; for unspin, two more lines give
    the recall with a copy relation and the share labelled with the planted kind's relation.
    """
    head = f"{'corpus':<9} {'docs':>8} {'tool':<11} {'status':<10}"
    head += f" {'wall s':>8} {'docs/s':>8} {'CPU s':>7}"
    head += f" {'RSS MB':>8} {'PSS MB':>8} {'unspin/x':>8} {'pairs':>8} {'extra':>8} "
    head += " ".join(f"{k:>7}" for k in KINDS)
    lines = [head, "-" * len(head)]
    for run in runs:
        lines.append(_row(run, runs))
        for name, values in (("as copy", run.copy_recall), ("label ok", run.label_match)):
            if values:
                shares = " ".join(f"{values.get(k, 0):>7.3f}" for k in KINDS)
                lines.append(f"{name + ':':>112} {shares}")
    return "\n".join(lines)


def _baseline(run: Run, runs: list[Run]) -> Run | None:
    """The unspin run of the same size and round as ``run``, if it succeeded."""
    found = (
        r
        for r in runs
        if r.tool == "unspin"
        and (r.n_docs, r.corpus) == (run.n_docs, run.corpus)
        and r.round == run.round
    )
    base = next(found, None)
    return base if base is not None and base.status == "ok" else None


def round_ratios(runs: list[Run]) -> dict[tuple[int, str], list[float]]:
    """Per size and tool, the ratio unspin/tool throughput of every round where both ran."""
    ratios: dict[tuple[int, str], list[float]] = {}
    for run in runs:
        base = _baseline(run, runs)
        if run.tool != "unspin" and run.status == "ok" and base is not None:
            ratios.setdefault((run.n_docs, run.tool), []).append(run.wall_s / base.wall_s)
    return ratios


def format_medians(runs: list[Run]) -> str:
    """Median wall time per size and tool over the rounds, and the median per-round ratio."""
    head = f"{'docs':>8} {'tool':<11} {'rounds':>6} {'median wall s':>14} {'median unspin/x':>16}"
    lines = [head]
    ratios = round_ratios(runs)
    for n, tool in dict.fromkeys((r.n_docs, r.tool) for r in runs):
        walls = [r.wall_s for r in runs if (r.n_docs, r.tool) == (n, tool) and r.status == "ok"]
        if not walls:
            continue
        ratio = ratios.get((n, tool))
        shown = f"{statistics.median(ratio):>16.2f}" if ratio else " " * 16
        lines.append(f"{n:>8} {tool:<11} {len(walls):>6} {statistics.median(walls):>14.1f} {shown}")
    return "\n".join(lines)


def _row(run: Run, runs: list[Run]) -> str:
    base = _baseline(run, runs)
    ok = run.status == "ok"
    ratio = f"{run.wall_s / base.wall_s:8.2f}" if ok and base else " " * 8
    recall = " ".join(f"{run.recall.get(k, 0):>7.3f}" if ok else f"{'-':>7}" for k in KINDS)
    speed = f"{run.wall_s:>8.1f} {run.docs_per_s:>8.0f}" if ok else f"{'-':>8} {'-':>8}"
    return (
        f"{run.corpus:<9} {run.n_docs:>8} {run.tool:<11} {run.status[:10]:<10} {speed} "
        f"{run.cpu_s:>7.1f} "
        f"{run.peak_mb:>8.0f} {run.tree_pss_mb:>8.0f} {ratio} {run.pairs:>8} {run.unplanted:>8} "
        + recall
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options (see the module docstring)."""
    p = argparse.ArgumentParser(description="unspin scan vs datasketch and rensa, one run.")
    p.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes")
    p.add_argument("--tools", default=",".join(TOOLS), help=f"subset of {','.join(TOOLS)}")
    p.add_argument("--workers", type=int, default=2, help="unspin scan --workers")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds per tool run")
    p.add_argument("--bbc", type=Path, default=DEFAULT_BBC, help="BBC News sentences source")
    p.add_argument(
        "--ap89",
        default="",
        help="also real newswire: comma-separated AP89 subset sizes, 'full' for all 84,660 "
        "(e.g. 10000,40000,full); no planted truth, so relation counts instead of recall",
    )
    p.add_argument("--ap89-path", type=Path, default=AP89, help="ap89.jsonl.gz")
    p.add_argument("--json", type=Path, help="also save the results here")
    p.add_argument(
        "--repeat", type=int, default=1, help="rounds per size, tool order rotating each round"
    )
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be >= 1")
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    args.ap89 = [None if s == "full" else int(s) for s in args.ap89.split(",") if s]
    args.tools = [t for t in args.tools.split(",") if t]
    unknown = set(args.tools) - set(TOOLS)
    if unknown:
        p.error(f"unknown tools {sorted(unknown)}; available: {', '.join(TOOLS)}")
    return args


def rotated(tools: list[str], rnd: int) -> list[str]:
    """The tools in the order of round ``rnd``: each round starts one tool later."""
    k = rnd % len(tools) if tools else 0
    return tools[k:] + tools[:k]


def main(argv: list[str] | None = None) -> int:
    """Build or reuse each corpus, run every tool on it, print and optionally save results."""
    args = parse_args(argv)
    runs: list[Run] = []
    corpora = {}
    for n in args.sizes:
        started = time.perf_counter()
        info = cached_corpus(n, args.seed, bbc_path=args.bbc)
        corpora[n] = {"path": str(info.corpus), "planted": info.counts}
        print(f"corpus n={n}: {info.corpus} ({time.perf_counter() - started:.1f} s)", flush=True)
        truth = load_truth(info.truth)
        for rnd in range(args.repeat):
            for tool in rotated(args.tools, rnd):
                run = bench_tool(tool, n, info.corpus, truth, args)
                run.round = rnd
                runs.append(run)
                load = f"load {run.load[0]:.1f}->{run.load[1]:.1f}"
                label = f"round {rnd + 1} " if args.repeat > 1 else ""
                line = f"  {label}{tool}: {run.status} {run.wall_s:.1f} s {load} {run.note}"
                print(line.rstrip(), flush=True)
    for size in args.ap89:
        path, n = ap89_subset(args.ap89_path, size)
        corpora[f"ap89-{n}"] = {"path": str(path)}
        print(f"corpus ap89 n={n}: {path}", flush=True)
        for rnd in range(args.repeat):
            for tool in rotated(args.tools, rnd):
                run = bench_tool(tool, n, path, {}, args)
                run.round, run.corpus = rnd, "ap89"
                runs.append(run)
                print(f"  {tool}: {run.status} {run.wall_s:.1f} s {run.note}".rstrip(), flush=True)
    print()
    print(format_table(runs))
    if args.repeat > 1:
        print()
        print(format_medians(runs))
    for run in runs:
        if run.stages:
            stages = ", ".join(f"{k} {v:g}" for k, v in run.stages.items())
            print(f"{run.corpus} {run.n_docs} {run.tool} stages (s): {stages}")
        if run.corpus == "ap89" and run.tool == "unspin" and run.relations:
            print(f"{run.corpus} {run.n_docs} unspin relations: {run.relations}")
    if args.json:
        results = [asdict(r) | {"docs_per_s": round(r.docs_per_s, 1)} for r in runs]
        body = {
            "machine": machine(),
            "seed": args.seed,
            "workers": args.workers,
            "repeat": args.repeat,
            "corpora": corpora,
            "runs": results,
        }
        args.json.write_text(json.dumps(body, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
