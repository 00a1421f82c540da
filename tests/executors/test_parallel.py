"""map_chunks and map_stream: input order kept, any number of workers, lazy streaming."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from unspin.errors import ConfigError
from unspin.executors.parallel import map_chunks, map_stream


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_input_order(workers: int) -> None:
    items = list(range(40))
    assert map_chunks(_square, items, workers, chunk=3) == [x * x for x in items]
    assert list(map_stream(_square, iter(items), workers)) == [x * x for x in items]


def test_map_stream_reads_ahead_only_a_few_items() -> None:
    pulled: list[int] = []

    def source() -> Iterator[int]:
        for x in range(100):
            pulled.append(x)
            yield x

    results = map_stream(_square, source(), 2)
    assert next(results) == 0
    assert len(pulled) <= 5  # at most 2 * workers in flight, plus the one being submitted
    assert list(results) == [x * x for x in range(1, 100)]


def test_workers_must_be_positive() -> None:
    with pytest.raises(ConfigError):
        map_chunks(_square, [1], 0)
    with pytest.raises(ConfigError):
        list(map_stream(_square, [1], 0))


def test_in_threads_returns_both_results_and_raises_either_error() -> None:
    from unspin.executors.parallel import in_threads

    assert in_threads(lambda: "first", lambda: 2) == ("first", 2)

    def fails() -> int:
        raise ValueError("second failed")

    with pytest.raises(ValueError, match="second failed"):
        in_threads(lambda: 1, fails)


def test_a_pool_limits_blas_threads_only_while_it_lives() -> None:
    from threadpoolctl import threadpool_info

    from unspin.executors.parallel import Workers

    def blas_threads() -> list[int]:
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = blas_threads()
    with Workers(2):
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before


def test_the_progress_bar_counts_the_weight_of_each_item(monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import contextmanager

    from unspin.executors import parallel

    seen: list[object] = []

    @contextmanager
    def bar(enabled: bool, label: str, total: int | None):  # type: ignore[no-untyped-def]
        seen.append(("total", total))
        yield lambda n: seen.append(n)

    monkeypatch.setattr(parallel, "_bar", bar)
    batches = [[1, 2, 3], [4], [5, 6]]
    out = parallel.map_chunks(len, batches, 1, True, "verify", chunk=1, weight=len)
    assert out == [3, 1, 2]
    assert seen == [("total", 6), 3, 1, 2]  # pairs, not batches
