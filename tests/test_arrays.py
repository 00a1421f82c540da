"""unspin.arrays: the sort-based replacements equal numpy's own functions."""

from __future__ import annotations

import numpy as np

from unspin.arrays import union, unique


def test_unique_and_union_equal_numpy() -> None:
    rng = np.random.default_rng(3)
    for size in (0, 1, 2, 50, 5_000):
        a = rng.integers(0, 40, size).astype(np.uint64)
        b = rng.integers(0, 2**62, size)
        assert unique(a).tolist() == np.unique(a).tolist()
        assert unique(b).tolist() == np.unique(b).tolist()
        assert union(a, a[::-1]).tolist() == np.union1d(a, a).tolist()
