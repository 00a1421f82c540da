"""Concurrent readers and writers, full queues, a failing job, and SIGTERM while adds are in
flight, against real servers on loopback (issue 19)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from unspin.index import Index
from unspin.service import jobs

from ..index.helpers import generated
from .helpers import Server, thread_server

pytestmark = pytest.mark.issue(19)


def _articles(n: int, seed: int, prefix: str) -> list[dict[str, str]]:
    return [{"id": f"{prefix}-{d['id']}", "text": d["text"]} for d in generated(n, seed)]


def test_concurrent_readers_and_writers(server: Server, auth: dict[str, str]) -> None:
    """4 writers add 48 articles while 4 readers check and get: every answer is a success,
    every acknowledged article is there, and nothing waits on a lock."""
    docs = _articles(48, 5, "conc")
    acked: list[str] = []
    failures: list[str] = []
    done = threading.Event()

    def write(part: list[dict[str, str]]) -> None:
        with httpx.Client(base_url=server.base, headers=auth, timeout=30) as c:
            for d in part:
                r = c.put(f"/v1/articles/{d['id']}", json={"text": d["text"]})
                (acked.append(d["id"]) if r.status_code == 201 else failures.append(r.text))

    def read(k: int) -> int:
        n = 0
        with httpx.Client(base_url=server.base, headers=auth, timeout=30) as c:
            while not done.is_set() or n < 5:
                d = docs[(k * 7 + n) % len(docs)]
                r = c.post("/v1/check", json={"text": d["text"]})
                if r.status_code != 200:
                    failures.append(r.text)
                if acked:
                    got = c.get(f"/v1/articles/{acked[-1]}")
                    if got.status_code != 200:
                        failures.append(got.text)
                n += 1
        return n

    with ThreadPoolExecutor(8) as pool:
        reads = [pool.submit(read, k) for k in range(4)]
        writes = [pool.submit(write, docs[k::4]) for k in range(4)]
        for w in writes:
            w.result()
        done.set()
        assert sum(r.result() for r in reads) >= 20
    assert failures == []
    assert sorted(acked) == sorted(d["id"] for d in docs)
    with httpx.Client(base_url=server.base, headers=auth) as c:
        for d in docs[:5]:
            assert c.get(f"/v1/articles/{d['id']}").json()["text"] == d["text"]
        copies = c.post("/v1/check", json={"text": docs[0]["text"]}).json()["matches"]
        assert docs[0]["id"] in {m["id"] for m in copies if m["relation"] == "duplicate"}
    assert "database is locked" not in server.log
    assert "Traceback" not in server.log


def test_full_write_queue_is_503_with_retry_after(tmp_path: Path) -> None:
    """One slow batch runs, one write waits, the rest are refused at once; the refused are
    not written, the accepted are."""
    srv = Server(tmp_path / "q.sqlite", "--write-queue", "1", "--workers", "0")
    try:
        big = _articles(800, 8, "big")
        with httpx.Client(base_url=srv.base, timeout=60) as c, ThreadPoolExecutor(12) as pool:
            slow = pool.submit(c.post, "/v1/articles:batch", json={"articles": big})
            time.sleep(0.4)
            puts = [
                pool.submit(c.put, f"/v1/articles/small-{k}", json={"text": f"Small item {k}."})
                for k in range(10)
            ]
            answers = [p.result() for p in puts]
            assert slow.result().status_code == 200
            refused = [r for r in answers if r.status_code == 503]
            assert refused, [r.status_code for r in answers]
            for r in refused:
                assert r.headers["retry-after"] == "1"
                assert r.json()["error"]["code"] == "unavailable"
            assert all(r.status_code in (201, 503) for r in answers)
            for k, r in enumerate(answers):
                expected = 200 if r.status_code == 201 else 404
                assert c.get(f"/v1/articles/small-{k}").status_code == expected
    finally:
        assert srv.stop() == 0


def _slow_check(doc: Any) -> dict[str, Any]:
    time.sleep(0.5)
    return {"id": doc.id, "matches": []}


def _failing_get(article_id: str) -> None:
    raise RuntimeError(f"secret internal detail about {article_id}")


def test_read_overload_and_internal_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Too many reads waiting: 503 + Retry-After; a job that fails: 500 without details."""
    monkeypatch.setattr(jobs, "check", _slow_check)
    monkeypatch.setattr(jobs, "get", _failing_get)
    with thread_server(tmp_path / "r.sqlite", workers=0, max_pending_reads=1) as base:
        with ThreadPoolExecutor(3) as pool:
            posts = [
                pool.submit(httpx.post, f"{base}/v1/check", json={"text": "A few words."})
                for _ in range(3)
            ]
            codes = sorted(p.result().status_code for p in posts)
        assert codes[0] == 200 and codes[-1] == 503
        r = httpx.get(f"{base}/v1/articles/x")
        assert r.status_code == 500
        assert "secret" not in r.text and "Traceback" not in r.text
        assert r.json()["error"]["code"] == "internal"
        assert r.headers["x-request-id"] in r.json()["error"]["message"]


def test_sigterm_loses_no_acknowledged_add(tmp_path: Path) -> None:
    """SIGTERM while 4 clients add: the server finishes what is in flight and exits 0;
    after a restart every add that got a 2xx is there with its text."""
    db = tmp_path / "term.sqlite"
    srv = Server(db, "--workers", "0")
    docs = _articles(400, 9, "term")
    acked: dict[str, float] = {}
    in_flight = [0]
    lock = threading.Lock()

    def write(part: list[dict[str, str]]) -> None:
        with httpx.Client(base_url=srv.base, timeout=30) as c:
            for d in part:
                with lock:
                    in_flight[0] += 1
                try:
                    r = c.put(f"/v1/articles/{d['id']}", json={"text": d["text"]})
                except httpx.TransportError:
                    return
                finally:
                    with lock:
                        in_flight[0] -= 1
                if r.is_success:
                    acked[d["id"]] = time.monotonic()
                elif r.status_code != 503:
                    raise AssertionError(r.text)

    with ThreadPoolExecutor(4) as pool:
        writers = [pool.submit(write, docs[k::4]) for k in range(4)]
        while len(acked) < 40:
            time.sleep(0.01)
        with lock:
            busy = in_flight[0]
            stopped_at = time.monotonic()
            srv.terminate()
        for w in writers:
            w.result()
    assert srv.proc.wait(60) == 0, srv.log
    assert busy >= 1
    assert 40 <= len(acked) < len(docs)
    assert any(t > stopped_at for t in acked.values()), "no add was answered during shutdown"
    texts = {d["id"]: d["text"] for d in docs}
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Index(db, create=False, readonly=True) as index:
        for doc_id in acked:
            got = index.get(doc_id)
            assert got is not None and got.text == texts[doc_id]
    again = Server(db, "--workers", "0")
    try:
        ready = httpx.get(f"{again.base}/readyz").json()
        assert ready["documents"] >= len(acked)
        some = sorted(acked)[-5:]
        assert all(httpx.get(f"{again.base}/v1/articles/{i}").status_code == 200 for i in some)
    finally:
        assert again.stop() == 0


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    if not path.exists():
        pytest.skip("needs Linux /proc")
    return [int(p) for p in path.read_text().split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def test_check_workers_exit_when_the_server_is_killed(tmp_path: Path) -> None:
    srv = Server(tmp_path / "k.sqlite", "--workers", "1")
    children = _children(srv.proc.pid)
    assert children
    srv.proc.kill()
    srv.proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(c) for c in children)
