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


def average_linkage(
    ids: Sequence[str], edges: Iterable[tuple[int, int, float]], threshold: float
) -> dict[str, str]:
    """Average-linkage clusters of a sparse similarity graph, cut at ``threshold``.

    Two clusters merge while the mean similarity over *all* their member pairs is at least
    ``threshold``; pairs without an edge count as 0. That is what resists chaining: one strong
    link between two large groups is diluted by every missing link (UPGMA, Sokal & Michener
    1958, run greedily on a sparse graph with a lazy priority queue). Returns, like
    :func:`components`, a map from id to the smallest id of its cluster; ``ids`` must be sorted.
    """
    import heapq

    size = [1] * len(ids)
    links: list[dict[int, float]] = [{} for _ in ids]
    for i, j, w in edges:
        if i != j and w > 0:
            links[i][j] = links[i].get(j, 0.0) + w
            links[j][i] = links[j].get(i, 0.0) + w
    heap = [
        (-w, min(i, j), max(i, j)) for i in range(len(ids)) for j, w in links[i].items() if i < j
    ]
    heapq.heapify(heap)
    alive = [True] * len(ids)
    uf = UnionFind(len(ids))
    while heap:
        neg, i, j = heapq.heappop(heap)
        if not (alive[i] and alive[j]) or j not in links[i]:
            continue
        mean = links[i][j] / (size[i] * size[j])
        if abs(mean + neg) > 1e-12:
            continue  # stale entry: the pair's mean changed since it was pushed
        if mean < threshold:
            break
        keep, gone = (i, j) if len(links[i]) >= len(links[j]) else (j, i)
        _absorb(links, size, keep, gone)
        alive[gone] = False
        uf.union(keep, gone)
        for k, w in links[keep].items():
            heapq.heappush(heap, (-w / (size[keep] * size[k]), min(keep, k), max(keep, k)))
    return {doc_id: ids[uf.find(k)] for k, doc_id in enumerate(ids)}


def _absorb(links: list[dict[int, float]], size: list[int], keep: int, gone: int) -> None:
    """Fold cluster ``gone`` into ``keep``: sizes add, link weights to each neighbour add."""
    for k, w in links[gone].items():
        if k == keep:
            continue
        links[keep][k] = links[keep].get(k, 0.0) + w
        links[k][keep] = links[k].get(keep, 0.0) + w
        del links[k][gone]
    links[keep].pop(gone, None)
    links[gone] = {}
    size[keep] += size[gone]
