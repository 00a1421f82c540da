"""Run a function over items in worker processes, in order, with an optional progress bar.

Results come back in input order whatever the number of workers, which keeps scans
deterministic. Work is sent in chunks so that inter-process overhead stays small. A
:class:`Workers` pool is shared by all stages of one scan: each worker process loads the
lexicons (word frequencies, thesaurus; about a second each) once, not once per stage.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.context
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from threadpoolctl import threadpool_limits

from unspin.errors import ConfigError

In = TypeVar("In")
Out = TypeVar("Out")

CHUNK = 64
"""Items per task sent to a worker."""


class Workers:
    """``count`` worker processes (none for one: work runs in this process), as a context.

    The processes start when the context is entered, while the calling process is still
    small, and serve every :func:`map_chunks` and :func:`map_stream` call given this object.
    Work goes to them as pickled arguments, never through inherited memory.
    """

    def __init__(self, count: int) -> None:
        if count < 1:
            raise ConfigError(f"workers must be >= 1; got {count}")
        self.count = count
        self.pool: ProcessPoolExecutor | None = None
        self.blas: threadpool_limits | None = None
        self.omp: str | None = None

    def __enter__(self) -> Workers:
        if self.count > 1:
            # One BLAS thread per process while the pool lives. The workers are forked from
            # this process, whose OpenBLAS already chose one thread per core at import:
            # without this, two workers run four BLAS threads on two cores, spinning while
            # they wait for each other (a matrix product in two workers took 0.14-0.18 s
            # each instead of 0.08). The environment variable covers workers started
            # afresh (non-fork platforms); threadpoolctl restores this process on exit.
            self.omp = os.environ.get("OMP_NUM_THREADS")
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            self.blas = threadpool_limits(1)
            try:
                # workers start from a fork server (a clean single-threaded process), not by
                # forking this one: a progress bar's thread or a caller's lock held at fork
                # time cannot deadlock them, and the behaviour is the same on every Python
                # version (3.14 changes the default start method). They run the cycle
                # collector as usual, paused only where a stage knows it makes no cycles (a
                # verification batch, unspin.verify.batch).
                self.pool = ProcessPoolExecutor(
                    max_workers=self.count, mp_context=_context(), initializer=gc.enable
                )
            except BaseException:
                self.__exit__()
                raise
        return self

    def preload(self, func: Callable[[], object]) -> None:
        """Start ``func`` in the worker processes without waiting for it.

        For loading what later stages need while the workers would otherwise be idle; one
        call per worker is queued (the pool decides which worker runs which). Errors are
        not reported here: the stage that needs the loaded data meets them again.
        """
        if self.pool is not None:
            for _ in range(self.count):
                self.pool.submit(func)

    def __exit__(self, *_: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        if self.blas is not None:
            self.blas.restore_original_limits()
            self.blas = None
            # the environment is the caller's again (a service running scans in turn must
            # not find it changed by the previous one)
            if self.omp is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = self.omp


def _context() -> multiprocessing.context.BaseContext:
    """Start method of the worker processes: a fork server where the platform has one, else
    spawn (Windows). The server is started once per process, preloaded with unspin's stages
    so that each worker starts without importing them again."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(PRELOAD))
        return ctx
    return multiprocessing.get_context("spawn")


PRELOAD = ("unspin.executors.local",)
"""Modules the fork server imports before forking workers (numpy, the stages, the C extension)."""


@contextmanager
def _workers(workers: int | Workers) -> Iterator[Workers]:
    """``workers`` itself, or a pool of that many processes for the duration of one call."""
    if isinstance(workers, Workers):
        yield workers
        return
    with Workers(workers) as pool:
        yield pool


def _apply(func: Callable[[In], Out], items: Sequence[In]) -> list[Out]:
    return [func(x) for x in items]


@contextmanager
def _bar(enabled: bool, label: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar's advance function (a no-op when disabled); ``total`` None: unknown."""
    if not enabled or total == 0:
        yield lambda _n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn(f"{label:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("[progress.data.speed]{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as prog:
        task = prog.add_task(label, total=total, rate="")

        def advance(n: int) -> None:
            prog.advance(task, n)
            speed = prog.tasks[0].speed
            prog.update(task, rate=f"{speed:,.0f}/s" if speed else "")

        yield advance


def map_chunks(
    func: Callable[[In], Out],
    items: Sequence[In],
    workers: int | Workers,
    progress: bool = False,
    label: str = "",
    *,
    chunk: int = CHUNK,
    weight: Callable[[In], int] | None = None,
) -> list[Out]:
    """``[func(x) for x in items]``, spread over the worker processes, in input order.

    The progress bar counts ``weight(item)`` per item done (default 1): the verification
    stage sends batches of pairs and counts pairs, so its rate and ETA are in pairs.
    """
    chunks = [items[k : k + chunk] for k in range(0, len(items), chunk)]
    sizes = [sum(map(weight, part)) if weight else len(part) for part in chunks]
    out: list[Out] = []
    with _workers(workers) as pool, _bar(progress, label, sum(sizes)) as advance:
        if pool.pool is None or len(chunks) < 2:
            for part, size in zip(chunks, sizes, strict=True):
                out.extend(_apply(func, part))
                advance(size)
            return out
        results = pool.pool.map(_apply, [func] * len(chunks), chunks)
        for result, size in zip(results, sizes, strict=True):
            out.extend(result)
            advance(size)
    return out


def map_stream(
    func: Callable[[In], Out],
    items: Iterable[In],
    workers: int | Workers,
    progress: bool = False,
    label: str = "",
    *,
    weight: Callable[[Out], int] = lambda _out: 1,
) -> Iterator[Out]:
    """``func`` over ``items`` as they arrive, spread over the worker processes, in order.

    Unlike :func:`map_chunks` the input is consumed lazily, with at most two items per worker
    in flight: reading the next items overlaps with work on the previous ones, and the items
    already processed can be freed. The progress bar counts ``weight(result)`` per result.
    """
    with _workers(workers) as pool, _bar(progress, label, None) as advance:
        if pool.pool is None:
            for item in items:
                out = func(item)
                advance(weight(out))
                yield out
            return
        pending: deque[Future[Out]] = deque()
        for item in items:
            pending.append(pool.pool.submit(func, item))
            for out in _finished(pending, 2 * pool.count - 1):
                advance(weight(out))
                yield out
        for out in _finished(pending, 0):
            advance(weight(out))
            yield out


def in_threads(first: Callable[[], In], second: Callable[[], Out]) -> tuple[In, Out]:
    """``(first(), second())``, the second in a thread while this one runs the first.

    For numpy work that releases the GIL (sorting, mostly) in a stage the main process runs
    alone: the candidate search's two big sorts run on both cores this way, without copying
    their arrays to worker processes.
    """
    with ThreadPoolExecutor(max_workers=1) as thread:
        later = thread.submit(second)
        return first(), later.result()


def _finished(pending: deque[Future[Out]], keep: int) -> Iterator[Out]:
    """Results of the oldest futures, waiting for each, until ``keep`` remain in flight."""
    while len(pending) > keep:
        yield pending.popleft().result()
