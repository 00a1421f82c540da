"""A real ``unspin serve`` on loopback for the service tests: a subprocess on a free port, or
uvicorn in a thread of the test process (to patch a job)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "newsroom.jsonl"
START_TIMEOUT = 60.0


def newsroom() -> dict[str, dict[str, Any]]:
    """The example corpus by id (id, title, text, source, published)."""
    rows = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r for r in rows}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_live(base: str, timeout: float = START_TIMEOUT, proc: Any = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no server at {base} after {timeout} s")


class Server:
    """``unspin serve DB`` in a subprocess; its standard error goes to ``log_path``."""

    def __init__(self, db: Path, *args: str) -> None:
        self.db = db
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = db.with_suffix(f".{self.port}.log")
        cmd = [sys.executable, "-c", "from unspin.cli import main; main()", "serve", str(db)]
        cmd += ["--port", str(self.port), *args]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_until_live(self.base, proc=self.proc)
        except BaseException:
            self.stop()
            raise

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_with(self, *lines: str, timeout: float = 10.0) -> str:
        """The log once it holds every one of ``lines``, or as it is after ``timeout``: the
        access line of a request is written after its response reaches the client."""
        deadline = time.monotonic() + timeout
        while not all(line in (log := self.log) for line in lines) and time.monotonic() < deadline:
            time.sleep(0.05)
        return log

    def terminate(self) -> None:
        self.proc.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM, then wait; kills it if it does not stop in time. Returns the exit code."""
        if self.proc.poll() is None:
            self.terminate()
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise


@contextmanager
def thread_server(db: Path, **settings: Any) -> Iterator[str]:
    """uvicorn serving :func:`unspin.service.create_app` in a thread; yields the base URL."""
    import uvicorn

    from unspin.service import create_app

    port = free_port()
    config = uvicorn.Config(
        create_app(db, **settings), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_live(base)
        yield base
    finally:
        server.should_exit = True
        thread.join(30)
