"""Passage alignment: find the reused passages of two texts, robust to synonym swaps.

The method is seed-chain-extend, as in PAN text-alignment systems (Sanchez-Perez et al., 2014)
and in genome read mapping (minimap2's chaining, Li 2018):

1. **Seeds** are positions where both texts have the same word. Content words seed alone; a
   function word seeds only next to another match, so "of the" does not glue texts together.
   A spinner that swaps 20-40 % of the words still leaves most words in place, in order, which
   is why seeds survive where word 5-gram shingles do not.
2. **Chaining** links seeds that advance on both sides by a few words and stay near the same
   diagonal. Dynamic programming over a bounded look-back finds the best chains.
3. Chains with enough matched words become **passages**; passages close on both sides merge.
   Given a judge (:mod:`unspin.verify.evidence`), passages up to ``BRIDGE_GAP`` words apart are then
   **bridged** when their union is judged reuse: the fragments of an obfuscated passage.
4. Each passage is aligned word by word (:class:`difflib.SequenceMatcher`, in cydifflib's C++
   implementation, which gives difflib's blocks: 5.6x faster on AP89 passages, 2026-12-07); the
   replaced runs
   of one to three words on each side are the **substitutions** ("military" -> "army").

Everything is in word indices here; :mod:`unspin.verify.compare` maps them to character offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations, pairwise

import numpy as np
from cydifflib import SequenceMatcher
from numpy.typing import NDArray

from unspin.config import CONFIG
from unspin.native import speedups as _speedups
from unspin.text import stopwords
from unspin.verify.windows import CLUSTER_COSINE, MIN_WORDS, Region, WindowAligner

MAX_GAP = CONFIG.align.max_gap
"""Largest step, in words on either side, between two linked seeds."""
MAX_SKEW = CONFIG.align.max_skew
"""Largest difference between the steps on the two sides (insertions, multi-word swaps)."""
LOOKBACK = CONFIG.align.lookback
"""How many earlier seeds a seed may link to (bounds the chaining cost)."""
MAX_OCCURRENCES = CONFIG.align.max_occurrences
"""Words occurring more often than this in the other text do not seed (boilerplate, names)."""
MIN_CHAIN_SCORE = CONFIG.align.min_chain_score
"""A chain must score this much (about four matched content words) to become a passage."""
MERGE_GAP = CONFIG.align.merge_gap
"""Passages closer than this many words on both sides are fragments of one passage."""
MAX_SUBSTITUTION = CONFIG.align.max_substitution
"""Longest run of words, per side, reported as one substitution."""
REGION_COVERED = CONFIG.align.region_covered
"""A region whose a side is this much inside chained passages adds nothing: their edges win."""
TOUCH_GAP = CONFIG.align.touch_gap
"""Boxes this close (in words) on both sides are pieces of one reordered passage."""
BRIDGE_GAP = CONFIG.align.bridge_gap
"""Widest gap, in words on either side, that a bridge may span: about four sentences, since an
obfuscated copy loses or gains whole clauses and sentences (the extension step of
Sanchez-Perez, Sidorov & Gelbukh 2014 likewise joins seeds a few sentences apart)."""
VERBATIM_DENSITY = CONFIG.align.verbatim_density
"""Passages at least this dense (share of identical words) count as copied word for word."""
BRIDGE_COSINE = CLUSTER_COSINE
"""Content-word cosine two passages must keep as one to be tried as one (cheap pre-test)."""


@dataclass(frozen=True, slots=True)
class Passage:
    """An aligned passage in word indices: ``[a_lo, a_hi)`` in a and ``[b_lo, b_hi)`` in b."""

    a_lo: int
    a_hi: int
    b_lo: int
    b_hi: int
    matched: int
    substitutions: tuple[tuple[tuple[int, int], tuple[int, int]], ...]
    """Word-index ranges ``((a_lo, a_hi), (b_lo, b_hi))`` of each swapped run."""
    edits: int
    """Replaced, inserted or deleted runs inside the passage."""
    cosine: float = 0.0
    """tf-isf cosine of the passage's two bags of content words (:mod:`unspin.verify.windows`)."""
    containment: float = 0.0
    """Share of the shorter side's weighted content words that the other side also has."""
    background: float = 0.0
    """Cosine of the two texts outside all passages: what sharing one story gives by itself."""

    @property
    def a_len(self) -> int:
        """Words of a inside the passage."""
        return self.a_hi - self.a_lo

    @property
    def b_len(self) -> int:
        """Words of b inside the passage."""
        return self.b_hi - self.b_lo

    @property
    def density(self) -> float:
        """Share of the passage's words that match exactly (Dice form)."""
        return 2 * self.matched / max(1, self.a_len + self.b_len)


def matching_positions(
    xa: NDArray[np.int64], xb: NDArray[np.int64], max_occurrences: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every ``(i, j)`` with ``xa[i] == xb[j]``, sorted by ``i`` then ``j``; terms occurring more
    than ``max_occurrences`` times in ``xb`` are left out.

    Vectorised: every term of ``xa`` looks up its run of occurrences in ``xb`` sorted by term.
    """
    order = np.argsort(xb, kind="stable")
    lo = np.searchsorted(xb[order], xa, side="left")
    count = np.searchsorted(xb[order], xa, side="right") - lo
    keep = (count > 0) & (count <= max_occurrences)
    rows, lo, count = np.flatnonzero(keep), lo[keep], count[keep]
    i = np.repeat(rows, count)
    first = np.repeat(np.cumsum(count) - count, count)
    j = order[np.repeat(lo, count) + np.arange(len(i)) - first]
    return i, j


Seeds = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]
"""Matching word positions ``i`` in a and ``j`` in b, sorted by ``i`` then ``j``, and weights."""


def find_seeds(a: tuple[str, ...], b: tuple[str, ...]) -> Seeds:
    """Matching word positions ``(i, j)`` and their weights, sorted by ``i`` then ``j``."""
    xa, xb, content = word_ids(a, b)
    if _speedups is not None:
        raw = _speedups.seed_matches(xa, xb, content, MAX_OCCURRENCES)
        return (
            np.frombuffer(raw[0], dtype=np.int64),
            np.frombuffer(raw[1], dtype=np.int64),
            np.frombuffer(raw[2], dtype=np.float64),
        )
    i, j = matching_positions(xa, xb, MAX_OCCURRENCES)
    strong = content[xa[i]]
    pa, pb = np.append(xa, -1), np.append(xb, -2)  # -1 never equals -2: no match past the end
    linked = (pa[i + 1] == pb[j + 1]) | ((i > 0) & (j > 0) & (pa[i - 1] == pb[j - 1]))
    ok = strong | linked
    weight = np.where(strong, 1.0, 0.5)
    return i[ok], j[ok], weight[ok]


def word_ids(
    a: tuple[str, ...], b: tuple[str, ...]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
    """Ids of the words of ``a`` and ``b`` (distinct words numbered by first occurrence) and,
    per id, whether the word is a content word (the extension's ``word_ids`` when built)."""
    if _speedups is not None and type(a) is tuple and type(b) is tuple:
        raw_a, raw_b, raw_content = _speedups.word_ids(a, b, stopwords())
        return (
            np.frombuffer(raw_a, dtype=np.int64),
            np.frombuffer(raw_b, dtype=np.int64),
            np.frombuffer(raw_content, dtype=np.bool_),
        )
    return _word_ids(a, b)


def _word_ids(
    a: tuple[str, ...], b: tuple[str, ...]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
    """:func:`word_ids` in Python."""
    ids: dict[str, int] = {}
    xa = np.array([ids.setdefault(w, len(ids)) for w in a], dtype=np.int64)
    xb = np.array([ids.setdefault(w, len(ids)) for w in b], dtype=np.int64)
    stop = stopwords()
    content = np.array([w not in stop and len(w) > 1 for w in ids], dtype=bool)
    return xa, xb, content


def chain_seeds(seeds: Seeds) -> list[list[tuple[int, int]]]:
    """Best disjoint chains of seeds, each a list of ``(i, j)`` increasing on both sides."""
    i, j = np.ascontiguousarray(seeds[0]), np.ascontiguousarray(seeds[1])
    w = np.ascontiguousarray(seeds[2])
    si, sj, sw = i.tolist(), j.tolist(), w.tolist()
    if _speedups is not None:
        raw_score, raw_back = _speedups.chain_scores(i, j, w, LOOKBACK, MAX_GAP, MAX_SKEW)
        score = np.frombuffer(raw_score, dtype=np.float64)
        back = np.frombuffer(raw_back, dtype=np.int64)
    else:
        score, back = _chain_scores(si, sj, sw)
    return _backtrack(si, sj, sw, score, back)


def chain_boxes(seeds: Seeds) -> list[list[int]]:
    """Word boxes ``[a_lo, a_hi, b_lo, b_hi]`` of :func:`chain_seeds`' chains, in their order.

    The C extension's ``chain_boxes`` runs the programme and the backtracking in one call
    without building the chains (0.3 -> about 0.05 ms a pair on AP89, 2026-12-07).
    """
    if _speedups is not None:
        i, j = np.ascontiguousarray(seeds[0]), np.ascontiguousarray(seeds[1])
        w = np.ascontiguousarray(seeds[2])
        return _speedups.chain_boxes(i, j, w, LOOKBACK, MAX_GAP, MAX_SKEW, MIN_CHAIN_SCORE)
    return [[c[0][0], c[-1][0] + 1, c[0][1], c[-1][1] + 1] for c in chain_seeds(seeds)]


def _chain_scores(
    si: list[int], sj: list[int], sw: list[float]
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Best chain score ending at each seed and the seed before it (the extension's twin)."""
    k = len(si)
    score = list(sw)
    back = [-1] * k
    for x in range(k):
        i, j, w = si[x], sj[x], sw[x]
        best, arg = w, -1
        for y in range(x - 1, max(-1, x - LOOKBACK - 1), -1):
            di = i - si[y]
            if di > MAX_GAP:
                break
            dj = j - sj[y]
            if di <= 0 or dj <= 0 or dj > MAX_GAP or not -MAX_SKEW <= di - dj <= MAX_SKEW:
                continue
            # skipped words cost a little, drifting off the diagonal costs more (Li 2018,
            # eq. 2 spirit)
            cand = score[y] + w - (0.08 * ((di if di > dj else dj) - 1) + 0.25 * abs(di - dj))
            if cand > best:
                best, arg = cand, y
        score[x], back[x] = best, arg
    return np.array(score, dtype=np.float64), np.array(back, dtype=np.int64)


def _backtrack(
    si: list[int],
    sj: list[int],
    sw: list[float],
    score: NDArray[np.float64],
    back: NDArray[np.int64],
) -> list[list[tuple[int, int]]]:
    """Chains from the best-scoring end seeds down, each seed used once."""
    used = [False] * len(si)
    chains: list[list[tuple[int, int]]] = []
    prev = back.tolist()
    # best score first, ties by seed order (a stable sort of the negated scores)
    for end in np.argsort(-score, kind="stable").tolist():
        if score[end] < MIN_CHAIN_SCORE:
            break
        if used[end]:
            continue
        chain: list[tuple[int, int]] = []
        weight = 0.0
        x = end
        while x >= 0 and not used[x]:
            used[x] = True
            chain.append((si[x], sj[x]))
            weight += sw[x]
            x = prev[x]
        if weight >= MIN_CHAIN_SCORE:
            chains.append(chain[::-1])
    return chains


def _mergeable(box: list[int], prev: list[int]) -> bool:
    near_a = box[0] <= prev[1] + MERGE_GAP and prev[0] <= box[1] + MERGE_GAP
    near_b = box[2] <= prev[3] + MERGE_GAP and prev[2] <= box[3] + MERGE_GAP
    # fragments of one passage keep roughly the same offset between the two texts
    same_diagonal = abs((box[2] - box[0]) - (prev[2] - prev[0])) <= MERGE_GAP
    return near_a and near_b and same_diagonal


def _merge_boxes(boxes: list[list[int]]) -> list[list[int]]:
    """Union boxes ``[a_lo, a_hi, b_lo, b_hi]`` that overlap or nearly touch on both sides."""
    merged: list[list[int]] = []
    for box in sorted(boxes):
        for prev in merged:
            if _mergeable(box, prev):
                prev[0], prev[1] = min(prev[0], box[0]), max(prev[1], box[1])
                prev[2], prev[3] = min(prev[2], box[2]), max(prev[3], box[3])
                break
        else:
            merged.append(list(box))
    return merged


def _clash(p: Passage, q: Passage) -> bool:
    """True when ``p`` and ``q`` share over half of the shorter one's words on either side."""
    a = min(p.a_hi, q.a_hi) - max(p.a_lo, q.a_lo)
    b = min(p.b_hi, q.b_hi) - max(p.b_lo, q.b_lo)
    return 2 * a > min(p.a_len, q.a_len) or 2 * b > min(p.b_len, q.b_len)


def _drop_overlaps(passages: list[Passage]) -> list[Passage]:
    """Keep the strongest of passages that overlap on either side (a word is reused once)."""
    kept: list[Passage] = []
    for p in sorted(passages, key=lambda p: (-p.matched, p.a_lo, p.b_lo)):
        if not any(_clash(p, q) for q in kept):
            kept.append(p)
    return kept


def _overlaps(x: list[int], y: list[int]) -> bool:
    return x[0] < y[1] and y[0] < x[1] and x[2] < y[3] and y[2] < x[3]


def _covered(region: list[int], boxes: list[list[int]]) -> float:
    """Share of the region's a side inside the given boxes."""
    inside = [(max(region[0], x[0]), min(region[1], x[1])) for x in boxes]
    total, reach = 0, region[0]
    for lo, hi in sorted(inside):
        total += max(0, hi - max(lo, reach))
        reach = max(reach, hi)
    return total / max(1, region[1] - region[0])


def _absorb(boxes: list[list[int]], regions: list[Region]) -> list[list[int]]:
    """Add window regions; a region unites every box it overlaps on both sides.

    Boxes gain a fifth field, 1 when a region shaped them: their edges are kept as found,
    because a reordered passage need not start with a word that starts the other side.
    """
    out = [[*box, 0] for box in boxes]
    for r in sorted(regions, key=lambda r: -(r.a_hi - r.a_lo)):
        new = [r.a_lo, r.a_hi, r.b_lo, r.b_hi, 1]
        hit = [box for box in out if _overlaps(box, new)]
        if len(hit) == 1 and _covered(new, hit) >= REGION_COVERED:
            continue
        for box in hit:
            new[0], new[1] = min(new[0], box[0]), max(new[1], box[1])
            new[2], new[3] = min(new[2], box[2]), max(new[3], box[3])
        out = [box for box in out if box not in hit] + [new]
    return _merge_touching(out)


def _merge_touching(boxes: list[list[int]]) -> list[list[int]]:
    """Unite boxes that touch on both sides in any order: the pieces of a shuffled passage."""
    out: list[list[int]] = []
    for box in sorted(boxes):
        for prev in out:
            if all(
                box[k] <= prev[k + 1] + TOUCH_GAP and prev[k] <= box[k + 1] + TOUCH_GAP
                for k in (0, 2)
            ):
                prev[:4] = [
                    min(prev[0], box[0]),
                    max(prev[1], box[1]),
                    min(prev[2], box[2]),
                    max(prev[3], box[3]),
                ]
                prev[4] = 1
                break
        else:
            out.append(list(box))
    return out


def _refine(
    a: tuple[str, ...], b: tuple[str, ...], box: list[int], windows: WindowAligner
) -> Passage | None:
    a_lo, a_hi, b_lo, b_hi, from_region = box
    sm = SequenceMatcher(None, a[a_lo:a_hi], b[b_lo:b_hi], autojunk=False)
    blocks = [blk for blk in sm.get_matching_blocks() if blk.size]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    if not from_region:
        a_lo, a_hi = a_lo + first.a, a_lo + last.a + last.size
        b_lo, b_hi = b_lo + first.b, b_lo + last.b + last.size
    subs, edits = _substitutions(blocks, box[0], box[2])
    cosine, containment = windows.score(a_lo, a_hi, b_lo, b_hi)
    return Passage(
        a_lo=a_lo,
        a_hi=a_hi,
        b_lo=b_lo,
        b_hi=b_hi,
        matched=sum(blk.size for blk in blocks),
        substitutions=subs,
        edits=edits,
        cosine=cosine,
        containment=containment,
    )


Blocks = Sequence[tuple[int, int, int]]


def _substitutions(
    blocks: Blocks, a_lo: int, b_lo: int
) -> tuple[tuple[tuple[tuple[int, int], tuple[int, int]], ...], int]:
    """Replaced runs between matching blocks (short ones are substitutions) and their count."""
    subs: list[tuple[tuple[int, int], tuple[int, int]]] = []
    edits = 0
    for prev, nxt in pairwise(blocks):
        ga = (a_lo + prev[0] + prev[2], a_lo + nxt[0])
        gb = (b_lo + prev[1] + prev[2], b_lo + nxt[1])
        la, lb = ga[1] - ga[0], gb[1] - gb[0]
        edits += 1
        if 0 < la <= MAX_SUBSTITUTION and 0 < lb <= MAX_SUBSTITUTION:
            subs.append((ga, gb))
    return tuple(subs), edits


Judge = Callable[[Passage], bool]
"""Says whether a passage is reuse (:mod:`unspin.verify.evidence`); used to validate bridged
passages.
"""


def _near(p: Passage, q: Passage) -> bool:
    """True when the gap between ``p`` and ``q`` is at most ``BRIDGE_GAP`` words on both sides."""
    gap_a = max(p.a_lo, q.a_lo) - min(p.a_hi, q.a_hi)
    gap_b = max(p.b_lo, q.b_lo) - min(p.b_hi, q.b_hi)
    return max(gap_a, gap_b) <= BRIDGE_GAP


def _kept_apart(p: Passage, q: Passage, judge: Judge) -> bool:
    """True for two nearly verbatim passages that are each reuse: the text between them was
    inserted, deleted or replaced whole (an updated article), and a bridge would hide that edit
    from the near-duplicate verdict."""
    return min(p.density, q.density) >= VERBATIM_DENSITY and judge(p) and judge(q)


def _union(
    p: Passage, q: Passage, a: tuple[str, ...], b: tuple[str, ...], windows: WindowAligner
) -> Passage | None:
    """The passage spanning ``p`` and ``q``, if its two sides are similar as wholes."""
    box = [min(p.a_lo, q.a_lo), max(p.a_hi, q.a_hi), min(p.b_lo, q.b_lo), max(p.b_hi, q.b_hi), 1]
    if windows.score(*box[:4])[0] < BRIDGE_COSINE:
        return None
    union = _refine(a, b, box, windows)
    return None if union is None else replace(union, background=p.background)


def _reading_order(p: Passage) -> tuple[int, int]:
    return p.a_lo, p.b_lo


def _bridge(
    passages: list[Passage],
    a: tuple[str, ...],
    b: tuple[str, ...],
    windows: WindowAligner,
    judge: Judge,
) -> list[Passage]:
    """Unite nearby passages whose union ``judge`` accepts as reuse, until none does.

    Fragments of one obfuscated passage (deleted clauses, inserted words, shuffled phrases) are
    each too short to be judged reuse; together they are. Verbatim passages that are reuse on
    their own stay apart (:func:`_kept_apart`). This is the validated extension step
    of Sanchez-Perez, Sidorov & Gelbukh (2014): merge, then keep the merge only if it passes.
    """
    out = sorted(passages, key=_reading_order)
    tried: set[tuple[Passage, Passage]] = set()
    while (found := _first_bridge(out, a, b, windows, judge, tried)) is not None:
        p, q, union = found
        rest = [x for x in out if x is not p and x is not q]
        out = sorted([*rest, union], key=_reading_order)
    return out


def _first_bridge(
    out: list[Passage],
    a: tuple[str, ...],
    b: tuple[str, ...],
    windows: WindowAligner,
    judge: Judge,
    tried: set[tuple[Passage, Passage]],
) -> tuple[Passage, Passage, Passage] | None:
    """The first pair of passages that :func:`_bridge` unites, with their union.

    Pairs already ``tried`` are skipped (and every rejected pair is added to it).
    """
    for p, q in combinations(out, 2):
        if (p, q) in tried or not _near(p, q):
            continue
        union = None if _kept_apart(p, q, judge) else _union(p, q, a, b, windows)
        if union is not None and judge(union):
            return p, q, union
        tried.add((p, q))
    return None


def align(a: tuple[str, ...], b: tuple[str, ...], judge: Judge | None = None) -> list[Passage]:
    """Reused passages of word sequences ``a`` and ``b``, in reading order of ``a``.

    Chained passages (same order) and window regions (any order, :mod:`unspin.verify.windows`) are
    merged, so the fragments of one reworded passage come back as one passage. With a
    ``judge``, nearby passages are also bridged when their union is judged reuse.
    """
    boxes = _merge_boxes(chain_boxes(find_seeds(a, b)))
    windows = WindowAligner(a, b)
    regions = [r for r in windows.regions() if min(r.a_hi - r.a_lo, r.b_hi - r.b_lo) >= MIN_WORDS]
    boxes = _absorb(boxes, regions)
    passages = [p for box in boxes if (p := _refine(a, b, box, windows)) is not None]
    kept = _drop_overlaps(passages)
    found = [(p.a_lo, p.a_hi, p.b_lo, p.b_hi) for p in kept if min(p.a_len, p.b_len) >= MIN_WORDS]
    background = windows.background(found)
    kept = [replace(p, background=background) for p in kept]
    if judge is not None:
        kept = _bridge(kept, a, b, windows, judge)
    return sorted(kept, key=lambda p: (p.a_lo, p.b_lo))
