"""Snap the edges of reused passages to sentence boundaries.

Text is reused a sentence at a time: a copy-paster selects whole sentences, and an obfuscator
or rewriter changes words inside them, most of all at their edges, where an aligner loses the
trail. A passage edge a few words inside a sentence is therefore moved to that sentence's
boundary, the way PAN text-alignment systems report whole sentences (Sanchez-Perez, Sidorov &
Gelbukh 2014 align sentences, not words).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from unspin.config import CONFIG
from unspin.verify.align import VERBATIM_DENSITY, Passage

SNAP_WORDS = CONFIG.snap.snap_words
"""Largest move, in words, of a passage edge to the nearest sentence boundary outside it."""


class SentenceEdges:
    """Sentence starts and ends of one text, in word indices."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        self.starts_ = [lo for lo, _ in ranges]
        self.ends_ = [hi for _, hi in ranges]

    def widen(self, lo: int, hi: int) -> tuple[int, int]:
        """``[lo, hi)`` widened to the sentence start before ``lo`` and the sentence end after
        ``hi``, each only when at most ``SNAP_WORDS`` words away."""
        k = bisect_right(self.starts_, lo) - 1
        if k >= 0 and lo - self.starts_[k] <= SNAP_WORDS:
            lo = self.starts_[k]
        k = bisect_right(self.ends_, hi - 1)
        if k < len(self.ends_) and self.ends_[k] - hi <= SNAP_WORDS:
            hi = self.ends_[k]
        return lo, hi


def snap(p: Passage, a: SentenceEdges, b: SentenceEdges) -> Passage:
    """``p`` with both sides widened to nearby sentence boundaries.

    A verbatim passage (density at least ``VERBATIM_DENSITY``) keeps its edges: where identical
    text stops, the copy stops.
    """
    if p.density >= VERBATIM_DENSITY:
        return p
    a_lo, a_hi = a.widen(p.a_lo, p.a_hi)
    b_lo, b_hi = b.widen(p.b_lo, p.b_hi)
    return replace(p, a_lo=a_lo, a_hi=a_hi, b_lo=b_lo, b_hi=b_hi)
