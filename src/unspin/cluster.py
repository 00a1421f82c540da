"""Grouping verified pairs into copy families and stories.

Groups are connected components (union-find with path halving, Tarjan 1975) over *verified*
edges only: every edge was checked by :func:`unspin.compare`, so a chain of loose candidate
matches cannot glue unrelated documents together. Group ids are the smallest member id, which
makes them independent of input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class UnionFind:
    """Disjoint sets over ``0..n-1`` whose representative is the smallest member."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        """Representative of ``x``'s set."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        """Merge the sets of ``x`` and ``y``; the smaller representative wins."""
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


def components(ids: Sequence[str], edges: Iterable[tuple[int, int]]) -> dict[str, str]:
    """Map each id to the smallest id of its connected component.

    ``ids`` must be sorted, so that the smallest index is also the smallest id.
    """
    uf = UnionFind(len(ids))
    for i, j in edges:
        uf.union(i, j)
    return {doc_id: ids[uf.find(k)] for k, doc_id in enumerate(ids)}
