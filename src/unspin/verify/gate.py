"""A quick test that two texts *can* share a reused passage, before aligning them.

Candidate search pairs documents that share a few fingerprints; in a large corpus many of
them share only stock phrases scattered over both texts. Passage alignment
(:mod:`unspin.verify.align`) costs tens of milliseconds on long texts, so it is worth ruling such
pairs out first. A reused passage, however disguised, keeps many of its content words (or
their stems, as :mod:`unspin.verify.windows` matches them) inside one short stretch of *both* texts.
The test counts, in square boxes of ``BOX`` words on the grid of word positions (four grids
shifted by half a box, so any stretch of half a box lies wholly inside one box), how many
distinct positions of each text hold a stem the other text has in the same box. Scattered
chance matches never fill a box; a reused passage always does.

The bar is recall-safe on the labelled data (measured 2026-11-30): every PAN 2013 training
case sampled (120 per part, obfuscated and summarised ones included) reached at least 6
positions, against 5 here, and of 1,000 sampled PAN pairs none that the test rules out had a
reused passage by the full alignment; chance pairs of the synthetic benchmark corpus reach 3
to 5. Short texts are not tested (``MIN_WORDS``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from unspin.config import CONFIG
from unspin.native import speedups as _speedups
from unspin.native.arrays import unique
from unspin.verify.align import matching_positions
from unspin.verify.windows import content_terms

BOX = CONFIG.gate.box
"""Side of a box, in words on each text."""
MIN_POSITIONS = CONFIG.gate.min_positions
"""Fewest matched positions on each side of one box for alignment to be worth running."""
MAX_OCCURRENCES = CONFIG.gate.max_occurrences
"""Stems more frequent than this in the other text do not count (as in
:mod:`unspin.verify.align`).
"""
MIN_WORDS = CONFIG.gate.min_words
"""Texts shorter than this are always aligned: alignment is cheap on them, and a short text run
through a heavy spinner can keep fewer matching stems than any box bar (three of the 81
spinner paragraphs of the spinbot set would fail the test)."""


def may_share_passage(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """False only when no box of both texts holds ``MIN_POSITIONS`` matched stems per side.

    Always True when either text has fewer than ``MIN_WORDS`` words.
    """
    if min(len(a), len(b)) < MIN_WORDS:
        return True
    (pa, ta), (pb, tb), vocab = content_terms(a, b)
    if min(len(pa), len(pb)) < MIN_POSITIONS:
        return False
    matched, best = box_counts(pa, ta, pb, tb, vocab)
    return matched >= MIN_POSITIONS and best >= MIN_POSITIONS


def box_counts(
    pa: NDArray[np.int64],
    ta: NDArray[np.int64],
    pb: NDArray[np.int64],
    tb: NDArray[np.int64],
    vocab: int,
) -> tuple[int, int]:
    """Content words of a with a match in b, and the best box (:func:`_best_box`).

    Positions ``pa``, ``pb`` and term ids ``ta``, ``tb`` (below ``vocab``) as
    :func:`unspin.verify.windows.content_terms` gives them. The C extension's ``gate_box``
    counts the same integers in one call (0.74 ms a pair in numpy on AP89, 2026-12-07).
    """
    if _speedups is not None:
        return _speedups.gate_box(pa, ta, pb, tb, vocab, MAX_OCCURRENCES, BOX)
    i, j = matching_positions(ta, tb, MAX_OCCURRENCES)
    return len(unique(i)), _best_box(pa[i], pb[j]) if len(i) else 0


def _best_box(i: NDArray[np.int64], j: NDArray[np.int64]) -> int:
    """Largest ``min(distinct i, distinct j)`` over the boxes of four shifted grids."""
    span = int(max(i.max(), j.max())) + BOX + 1
    best = 0
    for shift_a in (0, BOX // 2):
        for shift_b in (0, BOX // 2):
            box = ((i + shift_a) // BOX) * span + (j + shift_b) // BOX
            per_i = unique(box * span + i) // span
            per_j = unique(box * span + j) // span
            # every box holds a seed, so both calls list the same boxes in the same order
            _, n_i = np.unique(per_i, return_counts=True)
            _, n_j = np.unique(per_j, return_counts=True)
            best = max(best, int(np.minimum(n_i, n_j).max()))
    return best
