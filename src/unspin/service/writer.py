"""The one writer of the service: a thread that owns the read-write :class:`Index`.

SQLite allows one writer at a time; a thread that performs every write in order, fed by a
bounded queue, turns that into back pressure instead of lock waits: a request that finds the
queue full is answered 503 with ``Retry-After`` at once (:class:`QueueFull`), and no request
ever meets ``database is locked``. Each job is one :class:`Index` call, so one transaction;
its future resolves only after the commit (``synchronous=FULL``), so a response sent after
it acknowledges a durable write.

:meth:`Writer.stop` lets every queued job finish before the index is closed: a graceful
shutdown loses nothing that was accepted.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from unspin.errors import UnspinError
from unspin.index import Index

log = logging.getLogger("unspin.service")
T = TypeVar("T")


class QueueFull(UnspinError):
    """The writer's queue is full (or the writer is stopping): try again later."""


@dataclass(slots=True)
class _Job:
    name: str
    request_id: str
    call: Callable[[Index], Any]
    future: Future[Any]


class Writer:
    """A thread that runs write jobs on its own :class:`Index`, one at a time, in order.

    Parameters
    ----------
    path : Path
        The index file, created when missing.
    queue_size : int
        Jobs that may wait; :meth:`submit` raises :class:`QueueFull` beyond that.
    max_chars : int
        Passed to :class:`Index`.
    """

    def __init__(self, path: Path, *, queue_size: int, max_chars: int) -> None:
        self.path = path
        self.queue_size = queue_size
        self.max_chars = max_chars
        self._queue: queue.Queue[_Job | None] = queue.Queue(maxsize=queue_size)
        self._thread = threading.Thread(target=self._run, name="unspin-writer", daemon=True)
        self._opened = threading.Event()
        self._error: BaseException | None = None
        self._accepting = False
        self._lock = threading.Lock()  # an accepted job is always queued before the sentinel
        self.jobs_done_ = 0

    def start(self, timeout: float = 120.0) -> None:
        """Open the index in the writer thread; raises what opening it raised."""
        self._thread.start()
        if not self._opened.wait(timeout):
            raise UnspinError(f"the index {self.path} did not open within {timeout:.0f} s")
        if self._error is not None:
            raise self._error
        self._accepting = True

    @property
    def running(self) -> bool:
        """True while the thread runs and accepts jobs."""
        return self._accepting and self._thread.is_alive()

    @property
    def pending(self) -> int:
        """Jobs waiting (approximate, as any queue size read from another thread)."""
        return self._queue.qsize()

    def submit(self, name: str, call: Callable[[Index], T], *, request_id: str = "-") -> Future[T]:
        """Queue ``call(index)``; its future resolves after the transaction committed.

        Raises
        ------
        QueueFull
            The queue holds ``queue_size`` jobs, or the writer is stopping.
        """
        future: Future[T] = Future()
        with self._lock:
            if not self.running:
                raise QueueFull("the service is shutting down")
            try:
                self._queue.put_nowait(_Job(name, request_id, call, future))
            except queue.Full:
                raise QueueFull(f"the write queue is full ({self.queue_size} waiting)") from None
        return future

    def stop(self, timeout: float | None = None) -> None:
        """Refuse new jobs, finish the queued ones, close the index (idempotent)."""
        with self._lock:
            stopping, self._accepting = self._accepting, False
            if stopping and self._thread.is_alive():
                self._queue.put(None)  # after every accepted job: the queue is FIFO
        if self._thread.ident is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            index = Index(self.path, create=True, max_chars=self.max_chars)
        except BaseException as exc:  # reported to start(), which raises it
            self._error = exc
            self._opened.set()
            return
        self._opened.set()
        with index:
            while (job := self._queue.get()) is not None:
                self._execute(index, job)
        log.info("writer stopped after %d jobs", self.jobs_done_)

    def _execute(self, index: Index, job: _Job) -> None:
        """Run one job; its exception goes to its future, never out of the thread."""
        if not job.future.set_running_or_notify_cancel():
            return
        start = time.perf_counter()
        try:
            result = job.call(index)
        except BaseException as exc:
            job.future.set_exception(exc)
            log.warning("request_id=%s write=%s failed: %s", job.request_id, job.name, exc)
        else:
            job.future.set_result(result)
        self.jobs_done_ += 1
        took = (time.perf_counter() - start) * 1000
        log.debug("request_id=%s write=%s ms=%.1f", job.request_id, job.name, took)
