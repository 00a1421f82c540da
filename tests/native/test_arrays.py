"""unspin.native.arrays: the sort-based replacements equal numpy's own functions."""

from __future__ import annotations

import numpy as np

from unspin.native.arrays import intersect, union, unique


def test_unique_and_union_equal_numpy() -> None:
    rng = np.random.default_rng(3)
    for size in (0, 1, 2, 50, 5_000):
        a = rng.integers(0, 40, size).astype(np.uint64)
        b = rng.integers(0, 2**62, size)
        assert unique(a).tolist() == np.unique(a).tolist()
        assert unique(b).tolist() == np.unique(b).tolist()
        assert union(a, a[::-1]).tolist() == np.union1d(a, a).tolist()


def test_intersect_equals_numpy() -> None:
    rng = np.random.default_rng(5)
    for size_a, size_b in ((0, 0), (0, 7), (7, 0), (1, 1), (60, 40), (5_000, 3_000)):
        a = rng.integers(0, 90, size_a)
        b = rng.integers(0, 90, size_b)
        assert intersect(a, b).tolist() == np.intersect1d(a, b).tolist()
        assert intersect(a, b).dtype == np.intersect1d(a, b).dtype
