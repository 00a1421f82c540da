"""Why unspin.native.arrays exists: ``np.unique`` (hash table in NumPy >= 2.3) against sorting.

Run: ``python bench/unique_speed.py``. Prints the median time of each at several sizes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from unspin.native.arrays import unique


def _median_ms(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def main() -> None:
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}")
    print(f"{'values':>10} {'np.unique ms':>13} {'arrays.unique ms':>17} {'ratio':>6}")
    for n in (300, 3_000, 100_000, 2_000_000):
        values = rng.integers(0, 2**63, n).astype(np.uint64)
        values = np.concatenate((values, values[: n // 3]))
        repeat = 200 if n < 10_000 else 5
        slow = _median_ms(lambda v=values: np.unique(v), repeat)
        fast = _median_ms(lambda v=values: unique(v), repeat)
        assert (np.unique(values) == unique(values)).all()
        print(f"{n:>10,} {slow:>13.3f} {fast:>17.3f} {slow / fast:>6.1f}")


if __name__ == "__main__":
    main()
