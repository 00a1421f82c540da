"""Bounded load run of the REST service (issue 19) on loopback: latency, throughput, errors.

An index of ``--docs`` articles of the synthetic corpus (``bench/corpus.py``, seed 0; built
once and cached in ``bench/out``) is copied to a temporary file and served by
``unspin serve`` on 127.0.0.1 (a free port; nothing else is ever a target). Two phases,
each bounded by ``--seconds`` and by ``--max-requests`` per client:

1. read-only: ``--clients`` threads, each with its own keep-alive connection, send
   ``POST /v1/check`` with held-out articles of the corpus (not indexed, so every check
   verifies its candidates), back to back;
2. mixed: the same checking clients, and one writer adding new articles with
   ``PUT /v1/articles/{id}`` at ``--write-rate`` per second (paced, not back to back).

Reported per phase: p50/p99/max latency, checks per second, errors (any non-2xx or
transport error), the writer's achieved rate and latency, ``database is locked`` lines in
the server log, the 1-minute load average before and after, and the server's CPU seconds.
The clients run in this process and share the machine's cores with the server.

Example: ``python bench/service.py --docs 10000 --seconds 60`` (``--docs 100000`` for the
issue's size: building that index once takes about 10 minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as synthetic

from unspin.config import fingerprint
from unspin.index import Index

HOST = "127.0.0.1"  # loopback only, by design
EXTRA = 2000
"""Articles generated beyond ``--docs``: the held-out checks and the writer's new articles."""


def _index_for(n_docs: int, seed: int, cache_dir: Path) -> tuple[Path, list[dict[str, Any]]]:
    """The cached index of the first ``n_docs`` articles, and the ``EXTRA`` others."""
    info = synthetic.cached_corpus(n_docs + EXTRA, seed, cache_dir=cache_dir)
    with info.corpus.open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    path = cache_dir / f"service-index-n{n_docs}-s{seed}-{fingerprint()[:12]}.sqlite"
    if not path.exists():
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        start = time.perf_counter()
        with Index(part) as index:
            for k in range(0, n_docs, 1000):
                index.add(docs[k : min(k + 1000, n_docs)])
        os.replace(part, path)
        print(f"built {path.name} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return path, docs[n_docs:]


def _start(db: Path, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str, int]:
    """``unspin serve`` on a free loopback port; returns once it is ready."""
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        port = int(s.getsockname()[1])
    cmd = [sys.executable, "-c", "from unspin.cli import main; main()", "serve", str(db)]
    cmd += ["--host", HOST, "--port", str(port), "--workers", str(workers)]
    cmd += ["--log-level", "warning"]
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                return proc, base, port
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"the server did not become ready; see {log}")


def _checker(
    base: str, texts: list[str], offset: int, until: float, budget: int, out: list[Any]
) -> None:
    """Check texts back to back until ``until`` or ``budget`` requests."""
    with httpx.Client(base_url=base, timeout=30) as client:
        for k in range(budget):
            if time.monotonic() >= until:
                break
            start = time.perf_counter()
            try:
                ok = client.post("/v1/check", json={"text": texts[(offset + k) % len(texts)]})
                status = ok.status_code
            except httpx.HTTPError:
                status = 0
            out.append((time.perf_counter() - start, status))


def _writer(
    base: str, docs: list[dict[str, Any]], rate: float, until: float, out: list[Any]
) -> None:
    """PUT new articles at ``rate`` per second (a fixed schedule, not back to back)."""
    with httpx.Client(base_url=base, timeout=60) as client:
        start_all = time.monotonic()
        for k, doc in enumerate(docs):
            slot = start_all + k / rate
            if slot >= until:
                break
            time.sleep(max(0.0, slot - time.monotonic()))
            body = {"text": doc["text"], "published": doc.get("published")}
            start = time.perf_counter()
            try:
                status = client.put(f"/v1/articles/{doc['id']}", json=body).status_code
            except httpx.HTTPError:
                status = 0
            out.append((time.perf_counter() - start, status))


def _summary(samples: list[tuple[float, int]], seconds: float) -> dict[str, Any]:
    ms = np.asarray([s for s, _ in samples]) * 1000
    errors = sum(1 for _, status in samples if not 200 <= status < 300)
    if not len(ms):
        return {"requests": 0, "errors": errors}
    return {
        "requests": len(samples),
        "per_s": round(len(samples) / seconds, 1),
        "p50_ms": round(float(np.percentile(ms, 50)), 2),
        "p99_ms": round(float(np.percentile(ms, 99)), 2),
        "max_ms": round(float(ms.max()), 2),
        "errors": errors,
    }


def phase(
    base: str,
    server: psutil.Process,
    texts: list[str],
    args: argparse.Namespace,
    new_docs: list[dict[str, Any]] | None,
) -> dict[str, Any]:
    """One bounded phase: checking clients, and the paced writer when ``new_docs`` is given."""
    cpu_before = _cpu(server)
    load_before = os.getloadavg()[0]
    start = time.monotonic()
    until = start + args.seconds
    checks: list[list[Any]] = [[] for _ in range(args.clients)]
    writes: list[Any] = []
    threads = [
        threading.Thread(
            target=_checker, args=(base, texts, 37 * k, until, args.max_requests, checks[k])
        )
        for k in range(args.clients)
    ]
    if new_docs is not None:
        threads.append(
            threading.Thread(target=_writer, args=(base, new_docs, args.write_rate, until, writes))
        )
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - start
    result = {
        "seconds": round(took, 1),
        "check": _summary([s for c in checks for s in c], took),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "server_cpu_s": round(_cpu(server) - cpu_before, 1),
    }
    if new_docs is not None:
        result["write"] = _summary(writes, took)
    return result


def _cpu(proc: psutil.Process) -> float:
    """CPU seconds of the server and its worker processes."""
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Both phases on a fresh copy of the cached index."""
    cached, extra = _index_for(args.docs, args.seed, args.cache_dir)
    held = [d["text"] for d in extra[:200]]
    new_docs = extra[200:]
    with tempfile.TemporaryDirectory(prefix="unspin-service-bench-") as tmp:
        db = Path(tmp) / "served.sqlite"
        shutil.copyfile(cached, db)
        log = Path(tmp) / "server.log"
        proc, base, _ = _start(db, args.workers, log)
        try:
            server = psutil.Process(proc.pid)
            for text in held[:20]:  # warm the page cache and the workers
                httpx.post(f"{base}/v1/check", json={"text": text}, timeout=30)
            read_only = phase(base, server, held, args, None)
            mixed = phase(base, server, held, args, new_docs)
        finally:
            proc.terminate()
            code = proc.wait(60)
        text = log.read_text(encoding="utf-8", errors="replace")
    limit = 2 * read_only["check"].get("p99_ms", 0)
    return {
        "docs_indexed": args.docs,
        "clients": args.clients,
        "workers": args.workers,
        "write_rate": args.write_rate,
        "cpus": os.cpu_count(),
        "read_only": read_only,
        "mixed": mixed,
        "mixed_check_p99_within_2x": mixed["check"].get("p99_ms", 0) <= limit,
        "database_is_locked": text.count("database is locked"),
        "tracebacks": text.count("Traceback"),
        "server_exit_code": code,
    }


def main() -> None:
    """Parse options, run, print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="articles indexed")
    parser.add_argument("--clients", type=int, default=4, help="concurrent checking clients")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument(
        "--max-requests", type=int, default=20_000, help="checks per client per phase, at most"
    )
    parser.add_argument("--write-rate", type=float, default=20.0, help="articles/s, mixed phase")
    parser.add_argument("--workers", type=int, default=1, help="unspin serve --workers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache-dir", type=Path, default=synthetic.CACHE_DIR)
    args = parser.parse_args()
    print(json.dumps(run(args), indent=2))


if __name__ == "__main__":
    main()
