"""Window alignment: reused passages whose word order, wording or length changed.

Seed-chain alignment (:mod:`unspin.verify.align`) needs words in the same order. Plagiarists and
rewriters also shuffle phrases, translate back and forth or condense; the bag of content words
survives those edits better than their order. This module follows the winning PAN text-alignment
approach (Sanchez-Perez, Sidorov & Gelbukh 2014, "A winning approach to text alignment";
Sanchez-Perez, Gelbukh & Sidorov 2015, "Adaptive algorithm for plagiarism detection"):

1. **Units.** Each text is cut into overlapping windows of ``WINDOW`` content words (stride
   ``STRIDE``), the word-only stand-in for their sentences. Content words are reduced to a
   crude stem (plural ``s`` dropped, cut to ``STEM`` letters; truncation stemming as in
   McNamee & Mayfield 2004) so that inflection and many translation variants still match.
2. **Seeds.** Window pairs whose tf-isf vectors have cosine >= ``SEED_COSINE`` and whose term
   sets have Dice >= ``SEED_DICE`` (the paper's two 0.33 thresholds); isf is computed over the
   windows of both texts, so topic words that fill both documents weigh little.
3. **Extension.** Seeds are clustered by splitting wherever two seeds, sorted on one side, are
   more than ``MAX_GAP`` windows apart, alternating sides until stable; a cluster whose two
   regions are not similar as wholes (cosine < ``CLUSTER_COSINE``) is re-clustered with a smaller
   gap. Order inside a cluster is free, which is what catches shuffled passages.
4. **Summaries.** A second pass (the paper's adaptive summary mode) clusters on one side only,
   then cuts the other side at gaps wider than ``SUMMARY_REACH`` times the short side's extent.
   A condensed region (2.5 to ``SUMMARY_MAX_RATIO`` times longer on one side) is kept when most
   windows of its short side seed (``SUMMARY_SUPPORT``), its seeds keep their order
   (``SUMMARY_ORDER``) and it extends, not merges, the regions of the first pass.

The result is word-index boxes with their similarity; :mod:`unspin.verify.align` merges them with
the chained passages and :mod:`unspin.verify.evidence` judges them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from unspin.config import CONFIG
from unspin.native import speedups as _speedups
from unspin.native.arrays import intersect, isin
from unspin.text.words import crude_stem, stopwords

WINDOW = CONFIG.windows.window
"""Content words per window (about one sentence)."""
STRIDE = CONFIG.windows.stride
"""Content words between window starts (windows overlap by half)."""
STEM = CONFIG.windows.stem
"""Letters kept of a content word's stem."""
SEED_COSINE = CONFIG.windows.seed_cosine
"""tf-isf cosine a window pair needs to seed (Sanchez-Perez et al. 2014)."""
SEED_DICE = CONFIG.windows.seed_dice
"""Dice of the term sets a window pair needs to seed (ibid.)."""
MAX_GAP = CONFIG.windows.max_gap
"""Largest distance, in windows, between neighbouring seeds of one cluster."""
CLUSTER_COSINE = CONFIG.windows.cluster_cosine
"""Cosine the two regions of a cluster must reach as wholes (ibid., th3)."""
SUMMARY_SUPPORT = CONFIG.windows.summary_support
"""Share of a summary's windows that must seed: it is condensed sentence by sentence."""
SUMMARY_GAP = MAX_GAP
"""Gap on the short side in the summary pass: a summary is dense, sentence after sentence."""
MIN_WORDS = CONFIG.windows.min_words
"""Regions shorter than this on either side are too small to matter (chance matches)."""
SUMMARY_MAX_RATIO = CONFIG.windows.summary_max_ratio
"""A summary condenses its source at most this much (PAN 2013 summaries: about 3 to 20)."""
SUMMARY_REACH = CONFIG.windows.summary_reach
"""Long-side gap of the summary pass, in multiples of the short side's extent."""
SUMMARY_ORDER = CONFIG.windows.summary_order
"""Seed concordance a summary needs: summaries keep their source's order (Jing & McKeown
2000, cut-and-paste summarisation); several passages stitched together do not."""
CONCORDANCE_SAMPLE = CONFIG.windows.concordance_sample
UNBOUNDED = 1 << 30
"""Gap on the long side in the summary pass: a summary draws on its whole source passage."""


@dataclass(frozen=True, slots=True)
class Region:
    """A cluster of similar windows as word ranges ``[a_lo, a_hi)`` and ``[b_lo, b_hi)``."""

    a_lo: int
    a_hi: int
    b_lo: int
    b_hi: int
    cosine: float
    """tf-isf cosine of the two regions' content words."""
    containment: float
    """Share of the shorter region's weighted terms that the other region also has."""
    support: float = 1.0
    """Share of the shorter region's windows that seed (a summary matches sentence by sentence)."""
    order: float = 1.0
    """Share of seed pairs in the same order on both sides (Kendall's concordance)."""


@dataclass(frozen=True, slots=True)
class _Side:
    """One text's content words: word positions, term ids and window bounds."""

    pos: NDArray[np.int64]
    terms: NDArray[np.int64]
    starts: NDArray[np.int64]

    def window_words(self, k: int) -> tuple[int, int]:
        """Content-word index range of window ``k``."""
        lo = int(self.starts[k])
        return lo, min(lo + WINDOW, len(self.pos))


stem = crude_stem
"""Crude stem of the window aligner (:func:`unspin.text.words.crude_stem`, ``STEM`` letters)."""


Positions = NDArray[np.int64]
Terms = NDArray[np.int64]


@lru_cache(maxsize=16)
def content_terms(
    a: tuple[str, ...], b: tuple[str, ...]
) -> tuple[tuple[Positions, Terms], tuple[Positions, Terms], int]:
    """Content-word positions of ``a`` and ``b`` and their stems as ids shared by both texts,
    and the number of ids. Cached (read-only arrays): the passage gate (:mod:`unspin.verify.gate`)
    and the window aligner of one pair both need them.

    The extension's ``content_terms`` numbers the stems in one C loop (0.92 -> about 0.1 ms for
    two 600-word articles); :func:`_content_terms` is its twin.
    """
    if _speedups is not None and type(a) is tuple and type(b) is tuple:
        raw = _speedups.content_terms(a, b, stopwords(), STEM)
        arrays = [np.frombuffer(part, dtype=np.int64) for part in raw[:4]]
        for array in arrays:
            array.flags.writeable = False
        return (arrays[0], arrays[1]), (arrays[2], arrays[3]), raw[4]
    return _content_terms(a, b)


def _content_terms(
    a: tuple[str, ...], b: tuple[str, ...]
) -> tuple[tuple[Positions, Terms], tuple[Positions, Terms], int]:
    """:func:`content_terms` in Python."""
    stop = stopwords()
    vocab: dict[str, int] = {}
    out = []
    for words in (a, b):
        pos = [i for i, w in enumerate(words) if len(w) > 1 and w not in stop]
        terms = [vocab.setdefault(stem(words[i]), len(vocab)) for i in pos]
        arrays = np.array(pos, dtype=np.int64), np.array(terms, dtype=np.int64)
        for array in arrays:
            array.flags.writeable = False
        out.append(arrays)
    return out[0], out[1], len(vocab)


def _sides(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[_Side, _Side, int]:
    side_a, side_b, vocab = content_terms(a, b)
    out = []
    for pos, terms in (side_a, side_b):
        starts = np.arange(0, max(1, len(pos) - WINDOW + STRIDE), STRIDE, dtype=np.int64)
        out.append(_Side(pos, terms, starts))
    return out[0], out[1], vocab


def _window_terms(
    side: _Side, vocab: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Distinct ``(window, term)`` pairs of one text with their counts."""
    idx = side.starts[:, None] + np.arange(WINDOW)[None, :]
    mask = idx < len(side.terms)
    ks = np.broadcast_to(np.arange(len(side.starts))[:, None], idx.shape)[mask]
    keys, counts = np.unique(ks * vocab + side.terms[idx[mask]], return_counts=True)
    return keys // vocab, keys % vocab, counts.astype(np.int64)


class _Windows:
    """Window vectors of one text restricted to the shared terms, with full-vocabulary norms."""

    def __init__(
        self,
        pairs: tuple[NDArray[np.int64], ...],
        n: int,
        isf: NDArray[np.float64],
        shared: NDArray[np.int64],
    ) -> None:
        ks, ts, cs = pairs
        self.norm = np.sqrt(np.bincount(ks, weights=(cs * isf[ts]) ** 2, minlength=n)) + 1e-9
        self.size = np.bincount(ks, minlength=n).astype(np.float32)
        col = np.full(len(isf), -1, dtype=np.int64)
        col[shared] = np.arange(len(shared))
        keep = col[ts] >= 0
        self.tf = np.zeros((n, len(shared)), dtype=np.float64)
        self.tf[ks[keep], col[ts[keep]]] = cs[keep]


def _isf_by_df(windows: int) -> NDArray[np.float64]:
    """Inverse window frequency of a term found in ``df`` of ``windows`` windows, by ``df``."""
    return np.log((windows + 1) / (np.arange(windows + 1) + 1)) + 0.1


def _seeds(a: _Side, b: _Side, vocab: int) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Seed window pairs and the isf weights (inverse window frequency over both texts).

    Dice needs one matrix product of the binary window-term matrices; the cosine is then
    computed only for the pairs that pass Dice, which keeps long documents fast. Cosine
    sums are correctly rounded (:func:`math.fsum`), so the C extension's ``window_seeds``,
    which does the same in one call (0.7 -> about 0.1 ms a pair on AP89, 2026-12-07),
    gives the same seeds.
    """
    table = _isf_by_df(len(a.starts) + len(b.starts))
    if _speedups is not None:
        raw_a, raw_b, raw_isf = _speedups.window_seeds(
            a.terms, a.starts, b.terms, b.starts, vocab, WINDOW, table, SEED_DICE, SEED_COSINE
        )
        seeds = np.stack(
            (np.frombuffer(raw_a, dtype=np.int64), np.frombuffer(raw_b, dtype=np.int64)), axis=1
        )
        return seeds, np.frombuffer(raw_isf, dtype=np.float64)
    pa, pb = _window_terms(a, vocab), _window_terms(b, vocab)
    df = np.bincount(pa[1], minlength=vocab) + np.bincount(pb[1], minlength=vocab)
    isf = table[df]
    shared = intersect(pa[1], pb[1])
    if not len(shared):
        return np.zeros((0, 2), dtype=np.int64), isf
    wa = _Windows(pa, len(a.starts), isf, shared)
    wb = _Windows(pb, len(b.starts), isf, shared)
    ha, hb = (wa.tf > 0).astype(np.float32), (wb.tf > 0).astype(np.float32)
    ra, rb = np.flatnonzero(ha.sum(axis=1) >= 2), np.flatnonzero(hb.sum(axis=1) >= 2)
    inter = ha[ra] @ hb[rb].T  # windows sharing under two terms cannot reach Dice 0.33
    dice = 2 * inter / np.maximum(1, wa.size[ra, None] + wb.size[None, rb])
    hits = np.argwhere(dice >= SEED_DICE)
    cand = np.stack([ra[hits[:, 0]], rb[hits[:, 1]]], axis=1)
    w = isf[shared]
    ia, ib = cand[:, 0], cand[:, 1]
    products = ((wa.tf[ia] * w) * (wb.tf[ib] * w)).tolist()
    dot = np.array([math.fsum(row) for row in products], dtype=np.float64)
    cos = dot / (wa.norm[ia] * wb.norm[ib])
    return cand[cos >= SEED_COSINE].astype(np.int64), isf


def _split(seeds: NDArray[np.int64], axis: int, gap: int) -> list[NDArray[np.int64]]:
    """Cut seeds sorted on ``axis`` wherever neighbours are more than ``gap`` apart."""
    order = seeds[np.argsort(seeds[:, axis], kind="stable")]
    cuts = np.flatnonzero(np.diff(order[:, axis]) > gap) + 1
    return list(np.split(order, cuts))


def _cluster(seeds: NDArray[np.int64], gap_a: int, gap_b: int) -> list[NDArray[np.int64]]:
    """Alternate splits on both sides until no cluster splits any more (ibid., extension)."""
    groups = [seeds]
    axis, stable = 0, 0
    while stable < 2:
        nxt = [g for grp in groups for g in _split(grp, axis, gap_a if axis == 0 else gap_b)]
        stable = stable + 1 if len(nxt) == len(groups) else 0
        groups, axis = nxt, 1 - axis
    return groups


class WindowAligner:
    """Find :class:`Region` s of two word sequences; see the module docstring for the method."""

    def __init__(self, a: tuple[str, ...], b: tuple[str, ...]) -> None:
        self.a_, self.b_, vocab = _sides(a, b)
        self.seeds_, self.isf_ = _seeds(self.a_, self.b_, vocab)

    def regions(self) -> list[Region]:
        """Regions of the normal pass, then summary-pass regions that add a condensed side.

        The C extension's ``window_regions`` runs the same steps in one call (measured on
        AP89 candidates, 2026-12-07: the region search was a third of the verification
        stage, most of it numpy's per-call overhead on arrays of a few dozen seeds).
        """
        seeds = self.seeds_
        if not len(seeds):
            return []
        if _speedups is not None:
            return [Region(*r) for r in _speedups.window_regions(*self._native_args())]
        return self._regions(seeds)

    def _native_args(self) -> tuple[Any, ...]:
        """Arguments of ``_speedups.window_regions``: seeds, both sides, isf, parameters."""
        seeds = self.seeds_
        params = (
            WINDOW,
            MAX_GAP,
            SUMMARY_GAP,
            UNBOUNDED,
            SUMMARY_REACH,
            MIN_WORDS,
            EDGE_RUN,
            CONCORDANCE_SAMPLE,
            CLUSTER_COSINE,
            SUMMARY_SUPPORT,
            SUMMARY_ORDER,
            float(SUMMARY_MAX_RATIO),
        )
        return (
            np.ascontiguousarray(seeds[:, 0]),
            np.ascontiguousarray(seeds[:, 1]),
            self.a_.pos,
            self.a_.terms,
            self.a_.starts,
            self.b_.pos,
            self.b_.terms,
            self.b_.starts,
            self.isf_,
            params,
        )

    def _regions(self, seeds: NDArray[np.int64]) -> list[Region]:
        """:meth:`regions` in numpy (the extension's twin)."""
        found = self._validated(seeds, MAX_GAP, MAX_GAP)
        extra = [
            r
            for short in (0, 1)
            for r in self._summaries(seeds, short)
            if _condensed(r) and r.support >= SUMMARY_SUPPORT and r.order >= SUMMARY_ORDER
        ]
        return found + [r for r in extra if _extends(r, found)]

    def _summaries(self, seeds: NDArray[np.int64], short: int) -> list[Region]:
        """Summary pass: cluster on the short side only, then cut the long side at gaps wider
        than ``SUMMARY_REACH`` times the short side's extent (a source is a bounded passage)."""
        out: list[Region] = []
        gaps = [SUMMARY_GAP, SUMMARY_GAP]
        for grp in _cluster(seeds, *([SUMMARY_GAP, UNBOUNDED][:: 1 - 2 * short])):
            extent = int(np.ptp(grp[:, short])) + 1
            gaps[1 - short] = max(MAX_GAP, SUMMARY_REACH * extent)
            out += self._validated(grp, *gaps)
        return out

    def _validated(self, seeds: NDArray[np.int64], gap_a: int, gap_b: int) -> list[Region]:
        out: list[Region] = []
        for grp in _cluster(seeds, gap_a, gap_b):
            region = self._region(grp)
            if region.cosine >= CLUSTER_COSINE or _condensed(region):
                out.append(region)
            elif min(gap_a, gap_b) > 0 and len(grp) > 1:
                out += self._validated(grp, gap_a - 1, gap_b - 1)
        return out

    def score(self, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> tuple[float, float]:
        """Cosine and containment of the content words in word ranges of a and b."""
        ca = np.searchsorted(self.a_.pos, [a_lo, a_hi])
        cb = np.searchsorted(self.b_.pos, [b_lo, b_hi])
        return self._similarity(int(ca[0]), int(ca[1]), int(cb[0]), int(cb[1]))

    def background(self, boxes: list[tuple[int, int, int, int]]) -> float:
        """Cosine of the two texts' content words outside the given word-range boxes.

        Texts on one story share names and topic words everywhere; a reused passage must be
        more similar than what remains of the two texts is (the same-story baseline).
        """
        keep_a = np.ones(len(self.a_.pos), dtype=bool)
        keep_b = np.ones(len(self.b_.pos), dtype=bool)
        for a_lo, a_hi, b_lo, b_hi in boxes:
            keep_a[np.searchsorted(self.a_.pos, a_lo) : np.searchsorted(self.a_.pos, a_hi)] = False
            keep_b[np.searchsorted(self.b_.pos, b_lo) : np.searchsorted(self.b_.pos, b_hi)] = False
        n = len(self.isf_)
        va = np.bincount(self.a_.terms[keep_a], minlength=n) * self.isf_
        vb = np.bincount(self.b_.terms[keep_b], minlength=n) * self.isf_
        return float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb) + 1e-9))

    def _similarity(self, a_lo: int, a_hi: int, b_lo: int, b_hi: int) -> tuple[float, float]:
        if _speedups is not None:
            return _speedups.window_similarity(
                self.a_.terms, self.b_.terms, self.isf_, a_lo, a_hi, b_lo, b_hi
            )
        return similarity(self.a_.terms, self.b_.terms, self.isf_, a_lo, a_hi, b_lo, b_hi)

    def _bounds(self, side: _Side, ks: NDArray[np.int64]) -> tuple[int, int]:
        lo = side.window_words(int(ks.min()))[0]
        hi = side.window_words(int(ks.max()))[1]
        return lo, hi

    def _region(self, grp: NDArray[np.int64]) -> Region:
        a_lo, a_hi = self._bounds(self.a_, grp[:, 0])
        b_lo, b_hi = self._bounds(self.b_, grp[:, 1])
        for _ in range(2):
            ta, tb = self.a_.terms[a_lo:a_hi], self.b_.terms[b_lo:b_hi]
            a_lo, a_hi = _trim(ta, tb, a_lo, a_hi, len(self.isf_))
            b_lo, b_hi = _trim(tb, ta, b_lo, b_hi, len(self.isf_))
        cos, contain = self._similarity(a_lo, a_hi, b_lo, b_hi)
        short = 0 if a_hi - a_lo <= b_hi - b_lo else 1
        spans = ((a_lo, a_hi), (b_lo, b_hi))
        support = self._support(grp, short, *spans[short])
        return Region(
            int(self.a_.pos[a_lo]),
            int(self.a_.pos[a_hi - 1]) + 1,
            int(self.b_.pos[b_lo]),
            int(self.b_.pos[b_hi - 1]) + 1,
            cos,
            contain,
            support,
            _concordance(grp),
        )

    def _support(self, grp: NDArray[np.int64], axis: int, lo: int, hi: int) -> float:
        """Share of the windows starting in content-word range ``[lo, hi)`` that seed."""
        side = self.a_ if axis == 0 else self.b_
        inside = (side.starts >= lo) & (side.starts < max(lo + 1, hi - WINDOW // 2))
        seeded = isin(np.flatnonzero(inside), grp[:, axis], len(side.starts))
        return float(seeded.mean()) if len(seeded) else 0.0


def similarity(
    terms_a: Terms,
    terms_b: Terms,
    isf: NDArray[np.float64],
    a_lo: int,
    a_hi: int,
    b_lo: int,
    b_hi: int,
) -> tuple[float, float]:
    """tf-isf cosine of content-word ranges ``[a_lo, a_hi)`` of a and ``[b_lo, b_hi)`` of b, and
    the share of the shorter range's weight whose terms the other range also has.

    Sums are correctly rounded (:func:`math.fsum`), so the result does not depend on the order
    of the terms or on the BLAS build, and the C twin (``_speedups.window_similarity``) gives
    the same bits.
    """
    n = len(isf)
    va = np.bincount(terms_a[a_lo:a_hi], minlength=n) * isf
    vb = np.bincount(terms_b[b_lo:b_hi], minlength=n) * isf
    dot = math.fsum((va * vb).tolist())
    norms = math.sqrt(math.fsum((va * va).tolist())) * math.sqrt(math.fsum((vb * vb).tolist()))
    short, long_ = (va, vb) if a_hi - a_lo <= b_hi - b_lo else (vb, va)
    kept = math.fsum(short[long_ > 0].tolist())
    return dot / (norms + 1e-9), kept / (math.fsum(short.tolist()) + 1e-9)


EDGE_RUN = CONFIG.windows.edge_run
"""An edge word must start a run of ``EDGE_RUN`` content words of which most are shared."""


def _trim(
    own: NDArray[np.int64], other: NDArray[np.int64], lo: int, hi: int, vocab: int
) -> tuple[int, int]:
    """Shrink ``[lo, hi)`` to where shared content words are dense at both ends.

    Windows overhang a passage by up to a window; the overhang's words rarely recur in the other
    region, so cutting where fewer than 3 of ``EDGE_RUN`` words are shared finds the true edge.
    Term ids are below ``vocab``.
    """
    hits = isin(own, other, vocab).astype(np.int64)
    if len(hits) <= EDGE_RUN:
        return lo, hi
    run = np.convolve(hits, np.ones(EDGE_RUN, dtype=np.int64), mode="valid")
    dense = np.flatnonzero((run >= EDGE_RUN - 1) & (hits[: len(run)] > 0))
    ends = np.flatnonzero((run >= EDGE_RUN - 1) & (hits[EDGE_RUN - 1 :] > 0)) + EDGE_RUN - 1
    if not len(dense) or not len(ends) or ends[-1] < dense[0]:
        return lo, hi
    return lo + int(dense[0]), lo + int(ends[-1]) + 1


def _extends(r: Region, found: list[Region]) -> bool:
    """True when summary region ``r`` adds to the regions already found instead of merging them.

    It must contain every region it touches on either side, and none of those may already
    explain half of its short side; otherwise the long side only gathered chance seeds around a
    passage of another kind. Regions under ``MIN_WORDS`` are ignored.
    """
    short = min(r.a_hi - r.a_lo, r.b_hi - r.b_lo)
    for f in found:
        touches = (r.a_lo < f.a_hi and f.a_lo < r.a_hi) or (r.b_lo < f.b_hi and f.b_lo < r.b_hi)
        inside = r.a_lo <= f.a_lo and f.a_hi <= r.a_hi and r.b_lo <= f.b_lo and f.b_hi <= r.b_hi
        f_short = min(f.a_hi - f.a_lo, f.b_hi - f.b_lo)
        if f_short < MIN_WORDS:
            continue
        if touches and (not inside or f_short >= short / 2):
            return False
    return True


def _concordance(grp: NDArray[np.int64]) -> float:
    """Share of seed pairs that differ on both sides and keep their order (Kendall 1938).

    Large groups are thinned to ``CONCORDANCE_SAMPLE`` evenly spaced seeds (quadratic cost).
    """
    if len(grp) > CONCORDANCE_SAMPLE:
        grp = grp[np.linspace(0, len(grp) - 1, CONCORDANCE_SAMPLE).astype(np.int64)]
    da = np.sign(grp[:, 0][:, None] - grp[:, 0][None, :])
    db = np.sign(grp[:, 1][:, None] - grp[:, 1][None, :])
    both = (da != 0) & (db != 0)
    return float((da == db)[both].mean()) if both.any() else 1.0


def _condensed(r: Region) -> bool:
    short = min(r.a_hi - r.a_lo, r.b_hi - r.b_lo)
    ratio = max(r.a_hi - r.a_lo, r.b_hi - r.b_lo) / max(1, short)
    return 2.5 <= ratio <= SUMMARY_MAX_RATIO and r.containment >= 0.6


def align_windows(a: tuple[str, ...], b: tuple[str, ...]) -> list[Region]:
    """Regions of ``a`` and ``b`` that share a bag of content words (any order)."""
    return WindowAligner(a, b).regions()
