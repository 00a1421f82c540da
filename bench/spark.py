"""Local engine against the Spark engine (``local[1]``, ``local[2]``): wall time and bytes.

Each run is ``unspin scan INPUT --out DIR -q`` in its own process, timed from process start
to exit (imports, reading the input, the Spark session's start and stop all included), so
the ratios are what a user waits for. After the runs the ``pairs.jsonl`` and
``documents.jsonl`` of every Spark run are compared byte for byte with the local engine's.

Example::

    SPARK_LOCAL_IP=127.0.0.1 python bench/spark.py ../shared/seeds ../shared/eval/bbc-news.jsonl.gz
    python bench/spark.py bench/out/corpus-v2-n50000-s0/corpus.jsonl --workers 2 --timeout 900

``--workers`` is the local engine's process count (default 2, the cores ``local[2]`` uses).
Spark runs with the shuffle partitions of a session the CLI builds
(:data:`unspin.spark.session.LOCAL_SHUFFLE_PARTITIONS`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

FILES = ("pairs.jsonl", "documents.jsonl")
UNSPIN = [str(Path(sys.executable).with_name("unspin"))]
"""The console script installed beside this interpreter."""


@dataclass(frozen=True)
class Run:
    """One timed scan: the engine label, its wall time, and where it wrote."""

    label: str
    seconds: float
    out: Path
    ok: bool


def scan(input_path: Path, out: Path, label: str, extra: list[str], timeout: float) -> Run:
    """Run one scan in its own process and time it."""
    cmd = [*UNSPIN, "scan", str(input_path), "--out", str(out), "-q", *extra]
    env = {**os.environ, "SPARK_LOCAL_IP": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1")}
    started = time.perf_counter()
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, timeout=timeout, check=False)
        ok = done.returncode == 0
        if not ok:
            print(f"  {label} failed ({done.returncode}): {done.stderr.decode()[-400:]}")
    except subprocess.TimeoutExpired:
        ok = False
        print(f"  {label} stopped after {timeout:.0f} s")
    return Run(label, time.perf_counter() - started, out, ok)


def identical(a: Path, b: Path) -> bool:
    """Whether both result folders hold the same bytes in every compared file."""
    return all((a / name).read_bytes() == (b / name).read_bytes() for name in FILES)


def bench(input_path: Path, masters: list[str], workers: int, timeout: float) -> None:
    """Time the local engine and each Spark master on one input and print the table."""
    work = Path(tempfile.mkdtemp(prefix="unspin-spark-bench-"))
    try:
        local = scan(input_path, work / "local", "local", ["--workers", str(workers)], timeout)
        runs = [local]
        for master in masters:
            extra = ["--engine", "spark", "--spark-master", master]
            runs.append(scan(input_path, work / master, master, extra, timeout))
        print(f"{input_path}  (local engine --workers {workers})")
        print(f"  {'engine':<10} {'wall s':>8} {'x local':>8}  identical")
        for run in runs:
            same = run.ok and local.ok and identical(local.out, run.out)
            shown = "-" if run is local else str(same)
            ratio = run.seconds / local.seconds if run.ok and local.ok else float("nan")
            print(f"  {run.label:<10} {run.seconds:8.1f} {ratio:8.2f}  {shown}")
        by_label = {run.label: run for run in runs}
        if {"local[1]", "local[2]"} <= by_label.keys():
            speedup = by_label["local[1]"].seconds / by_label["local[2]"].seconds
            print(f"  local[1] / local[2] = {speedup:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    """Parse the arguments and benchmark each input in turn."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", type=Path, nargs="+")
    parser.add_argument("--masters", default="local[1],local[2]")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    for input_path in args.inputs:
        bench(input_path, args.masters.split(","), args.workers, args.timeout)


if __name__ == "__main__":
    main()
