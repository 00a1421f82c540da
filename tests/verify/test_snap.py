"""Snapping passage edges to sentence boundaries."""

from __future__ import annotations

from unspin.verify.align import Passage
from unspin.verify.snap import SNAP_WORDS, SentenceEdges, snap

EDGES = SentenceEdges([(0, 20), (20, 45), (45, 70)])


def test_edges_near_a_boundary_move_to_it() -> None:
    assert EDGES.widen(23, 42) == (20, 45)
    assert EDGES.widen(20, 45) == (20, 45)


def test_edges_far_from_a_boundary_stay() -> None:
    lo, hi = 20 + SNAP_WORDS + 1, 45 - SNAP_WORDS - 1
    assert EDGES.widen(lo, hi) == (lo, hi)


def test_passage_never_shrinks() -> None:
    for lo in range(0, 60):
        for hi in range(lo + 1, 70):
            new_lo, new_hi = EDGES.widen(lo, hi)
            assert new_lo <= lo and new_hi >= hi


def test_verbatim_passage_keeps_its_edges() -> None:
    p = Passage(a_lo=22, a_hi=44, b_lo=47, b_hi=66, matched=21, substitutions=(), edits=0)
    assert snap(p, EDGES, EDGES) == p


def test_snap_moves_both_sides() -> None:
    p = Passage(a_lo=22, a_hi=44, b_lo=47, b_hi=66, matched=15, substitutions=(), edits=0)
    q = snap(p, EDGES, EDGES)
    assert (q.a_lo, q.a_hi, q.b_lo, q.b_hi) == (20, 45, 45, 70)
    assert q.matched == p.matched
