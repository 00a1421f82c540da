"""Run a function over a list in worker processes, in order, with an optional progress bar.

Results come back in input order whatever the number of workers, which keeps scans
deterministic. Work is sent in chunks so that inter-process overhead stays small.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from unspin.errors import ConfigError

In = TypeVar("In")
Out = TypeVar("Out")

CHUNK = 64
"""Items per task sent to a worker."""


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
    workers: int,
    progress: bool = False,
    label: str = "",
    *,
    chunk: int = CHUNK,
) -> list[Out]:
    """``[func(x) for x in items]``, spread over ``workers`` processes, in input order."""
    if workers < 1:
        raise ConfigError(f"workers must be >= 1; got {workers}")
    chunks = [items[k : k + chunk] for k in range(0, len(items), chunk)]
    out: list[Out] = []
    with _bar(progress, label, len(items)) as advance:
        if workers == 1 or len(chunks) < 2:
            for part in chunks:
                out.extend(_apply(func, part))
                advance(len(part))
            return out
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        # Forked workers share the parent's pages until something writes to them; a garbage
        # collection in a worker would write to every object's header and copy them all.
        # Frozen objects are left alone by the collector (see the gc.freeze documentation).
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for result in pool.map(_apply, [func] * len(chunks), chunks):
                    out.extend(result)
                    advance(len(result))
        finally:
            gc.unfreeze()
    return out


def map_stream(
    func: Callable[[In], Out],
    items: Iterable[In],
    workers: int,
    progress: bool = False,
    label: str = "",
    *,
    weight: Callable[[Out], int] = lambda _out: 1,
) -> Iterator[Out]:
    """``func`` over ``items`` as they arrive, spread over ``workers`` processes, in order.

    Unlike :func:`map_chunks` the input is consumed lazily, with at most ``2 * workers`` items
    in flight: reading the next items overlaps with work on the previous ones, and the items
    already processed can be freed. The progress bar counts ``weight(result)`` per result.
    """
    if workers < 1:
        raise ConfigError(f"workers must be >= 1; got {workers}")
    with _bar(progress, label, None) as advance:
        if workers == 1:
            for item in items:
                out = func(item)
                advance(weight(out))
                yield out
            return
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending: deque[Future[Out]] = deque()
            for item in items:
                pending.append(pool.submit(func, item))
                for out in _finished(pending, 2 * workers - 1):
                    advance(weight(out))
                    yield out
            for out in _finished(pending, 0):
                advance(weight(out))
                yield out


def _finished(pending: deque[Future[Out]], keep: int) -> Iterator[Out]:
    """Results of the oldest futures, waiting for each, until ``keep`` remain in flight."""
    while len(pending) > keep:
        yield pending.popleft().result()
