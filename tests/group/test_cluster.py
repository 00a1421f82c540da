"""Grouping: connected components and chaining-resistant average linkage."""

from __future__ import annotations

from unspin.group.cluster import average_linkage, components


def test_components_use_smallest_id() -> None:
    ids = ["a", "b", "c", "d"]
    assert components(ids, [(1, 2), (2, 3)]) == {"a": "a", "b": "b", "c": "b", "d": "b"}


def test_average_linkage_does_not_chain() -> None:
    # two tight groups joined by a single edge: components would merge them
    ids = [str(k) for k in range(8)]
    groups = [(0, 1, 2, 3), (4, 5, 6, 7)]
    edges = [(i, j, 0.8) for g in groups for i in g for j in g if i < j]
    edges.append((3, 4, 0.7))
    labels = average_linkage(ids, edges, 0.3)
    assert {labels[str(k)] for k in range(4)} == {"0"}
    assert {labels[str(k)] for k in range(4, 8)} == {"4"}
    assert len(set(components(ids, [(i, j) for i, j, _ in edges]).values())) == 1


def test_average_linkage_merges_when_mean_is_high() -> None:
    ids = ["x", "y", "z"]
    labels = average_linkage(ids, [(0, 1, 0.5), (1, 2, 0.5), (0, 2, 0.5)], 0.4)
    assert set(labels.values()) == {"x"}


def test_average_linkage_singletons_without_edges() -> None:
    assert average_linkage(["p", "q"], [], 0.1) == {"p": "p", "q": "q"}
