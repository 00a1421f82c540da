"""The readers of the service: worker processes (or threads) with their own connections.

A check verifies candidate pairs, which takes milliseconds of CPU; run on the event loop it
would stall every other request, and in the loop's thread pool it would compete with it for
the interpreter lock. So every read (:mod:`unspin.service.jobs`) runs in a worker: by default
a process (started with ``spawn``: the server has threads, which ``fork`` does not copy), each
with its own read-only SQLite connection, so checks run in parallel with each other and with
the writer. The number of reads waiting is bounded: past ``max_pending`` a request is
answered 503 with ``Retry-After`` instead of queueing without end.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from unspin.errors import UnspinError
from unspin.service import jobs

log = logging.getLogger("unspin.service")
T = TypeVar("T")

THREADS_WHEN_NO_WORKERS = 2
"""Reader threads with ``workers=0``: one reads while the other waits on SQLite."""


class Overloaded(UnspinError):
    """Too many reads are waiting for a worker, or a worker stopped: try again later."""


def _open_process_reader(path: str, max_chars: int) -> None:
    """Initializer of a worker process: the server decides when its workers stop, so the
    signals a terminal or a service manager sends to the whole group are left to it; and
    a worker exits when the server dies (killed, it cannot stop them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        watch = threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True)
        watch.start()
    jobs.open_reader(path, max_chars)


def _exit_with(sentinel: int) -> None:
    """Wait until the server process ends, then end this worker at once."""
    multiprocessing.connection.wait([sentinel])
    os._exit(0)


class ReadPool:
    """Workers that each hold a read-only :class:`~unspin.index.Index` of ``path``.

    Parameters
    ----------
    path : Path
        The index file (it must exist: the writer creates it first).
    workers : int
        Worker processes; 0 for two threads of this process.
    max_pending : int
        Reads running or waiting; :meth:`run` raises :class:`Overloaded` beyond that.
    max_chars : int
        Passed to :class:`~unspin.index.Index`.
    """

    def __init__(self, path: Path, *, workers: int, max_pending: int, max_chars: int) -> None:
        self.path = path
        self.workers = workers
        self.max_pending = max_pending
        self.max_chars = max_chars
        self._executor: Executor | None = None
        self._pending = 0
        self.restarts_ = 0

    def _new_executor(self) -> Executor:
        args = (str(self.path), self.max_chars)
        if self.workers == 0:
            return ThreadPoolExecutor(
                THREADS_WHEN_NO_WORKERS,
                thread_name_prefix="unspin-reader",
                initializer=jobs.open_reader,
                initargs=args,
            )
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_open_process_reader,
            initargs=args,
        )

    async def start(self) -> None:
        """Start the workers and wait until each has loaded its word tables."""
        self._executor = self._new_executor()
        warm = [self.run(jobs.warm_up) for _ in range(max(self.workers, 1))]
        await asyncio.gather(*warm)

    @property
    def running(self) -> bool:
        """True once started and until stopped."""
        return self._executor is not None

    @property
    def pending(self) -> int:
        """Reads running or waiting."""
        return self._pending

    async def run(self, call: Callable[..., T], *args: Any) -> T:
        """``call(*args)`` in a worker.

        Raises
        ------
        Overloaded
            ``max_pending`` reads are already waiting, or the worker running this one died
            (the pool is then restarted).
        """
        executor = self._executor
        if executor is None:
            raise Overloaded("the service is not running")
        if self._pending >= self.max_pending:
            raise Overloaded(f"too many reads waiting ({self._pending})")
        self._pending += 1
        try:
            return await asyncio.wrap_future(executor.submit(call, *args))
        except BrokenExecutor as exc:
            self._restart(executor)
            raise Overloaded("a check worker stopped; it is being restarted") from exc
        finally:
            self._pending -= 1

    def _restart(self, broken: Executor) -> None:
        """Replace a broken pool once, however many requests saw it break."""
        if self._executor is broken:
            log.error("a check worker died; starting a new pool")
            self._executor = self._new_executor()
            self.restarts_ += 1
            broken.shutdown(wait=False, cancel_futures=True)

    def stop(self) -> None:
        """Let running reads finish, cancel waiting ones, stop the workers (blocking)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
