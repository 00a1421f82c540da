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
4. Each passage is aligned word by word (:class:`difflib.SequenceMatcher`); the replaced runs
   of one to three words on each side are the **substitutions** ("military" -> "army").

Everything is in word indices here; :mod:`unspin.compare` maps them to character offsets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from unspin.text import stopwords

MAX_GAP = 10
"""Largest step, in words on either side, between two linked seeds."""
MAX_SKEW = 4
"""Largest difference between the steps on the two sides (insertions, multi-word swaps)."""
LOOKBACK = 60
"""How many earlier seeds a seed may link to (bounds the chaining cost)."""
MAX_OCCURRENCES = 40
"""Words occurring more often than this in the other text do not seed (boilerplate, names)."""
MIN_CHAIN_SCORE = 4.0
"""A chain must score this much (about four matched content words) to become a passage."""
MERGE_GAP = 25
"""Passages closer than this many words on both sides are fragments of one passage."""
MAX_SUBSTITUTION = 3
"""Longest run of words, per side, reported as one substitution."""


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


def find_seeds(a: tuple[str, ...], b: tuple[str, ...]) -> list[tuple[int, int, float]]:
    """Matching word positions ``(i, j, weight)``, sorted by ``i`` then ``j``."""
    where: dict[str, list[int]] = defaultdict(list)
    for j, w in enumerate(b):
        where[w].append(j)
    stop = stopwords()
    seeds: list[tuple[int, int, float]] = []
    n, m = len(a), len(b)
    for i, w in enumerate(a):
        hits = where.get(w)
        if not hits or len(hits) > MAX_OCCURRENCES:
            continue
        content = w not in stop and len(w) > 1
        for j in hits:
            if content:
                seeds.append((i, j, 1.0))
            elif (i + 1 < n and j + 1 < m and a[i + 1] == b[j + 1]) or (
                i > 0 and j > 0 and a[i - 1] == b[j - 1]
            ):
                seeds.append((i, j, 0.5))
    return seeds


def _link_cost(di: int, dj: int) -> float:
    # Skipped words cost a little; drifting off the diagonal costs more (Li 2018, eq. 2 spirit).
    return 0.08 * (max(di, dj) - 1) + 0.25 * abs(di - dj)


def chain_seeds(seeds: list[tuple[int, int, float]]) -> list[list[tuple[int, int]]]:
    """Best disjoint chains of seeds, each a list of ``(i, j)`` increasing on both sides."""
    k = len(seeds)
    score = [w for _, _, w in seeds]
    back = [-1] * k
    for x in range(k):
        i, j, w = seeds[x]
        best, arg = w, -1
        for y in range(x - 1, max(-1, x - LOOKBACK - 1), -1):
            pi, pj, _ = seeds[y]
            di, dj = i - pi, j - pj
            if di > MAX_GAP:
                break
            if di <= 0 or dj <= 0 or dj > MAX_GAP or abs(di - dj) > MAX_SKEW:
                continue
            cand = score[y] + w - _link_cost(di, dj)
            if cand > best:
                best, arg = cand, y
        score[x], back[x] = best, arg
    return _backtrack(seeds, score, back)


def _backtrack(
    seeds: list[tuple[int, int, float]], score: list[float], back: list[int]
) -> list[list[tuple[int, int]]]:
    used = [False] * len(seeds)
    chains: list[list[tuple[int, int]]] = []
    for end in sorted(range(len(seeds)), key=lambda x: (-score[x], x)):
        if score[end] < MIN_CHAIN_SCORE:
            break
        if used[end]:
            continue
        chain: list[tuple[int, int]] = []
        weight = 0.0
        x = end
        while x >= 0 and not used[x]:
            used[x] = True
            chain.append((seeds[x][0], seeds[x][1]))
            weight += seeds[x][2]
            x = back[x]
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


def _drop_overlaps(passages: list[Passage]) -> list[Passage]:
    """Keep the strongest of passages that overlap on either side (a word is reused once)."""
    kept: list[Passage] = []
    for p in sorted(passages, key=lambda p: (-p.matched, p.a_lo, p.b_lo)):
        if all(
            (p.a_hi <= q.a_lo or q.a_hi <= p.a_lo) and (p.b_hi <= q.b_lo or q.b_hi <= p.b_lo)
            for q in kept
        ):
            kept.append(p)
    return kept


def _refine(a: tuple[str, ...], b: tuple[str, ...], box: list[int]) -> Passage | None:
    a_lo, a_hi, b_lo, b_hi = box
    sm = SequenceMatcher(None, a[a_lo:a_hi], b[b_lo:b_hi], autojunk=False)
    blocks = [blk for blk in sm.get_matching_blocks() if blk.size]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    matched = sum(blk.size for blk in blocks)
    subs: list[tuple[tuple[int, int], tuple[int, int]]] = []
    edits = 0
    for prev, nxt in zip(blocks, blocks[1:], strict=False):
        ga = (a_lo + prev.a + prev.size, a_lo + nxt.a)
        gb = (b_lo + prev.b + prev.size, b_lo + nxt.b)
        la, lb = ga[1] - ga[0], gb[1] - gb[0]
        edits += 1
        if 0 < la <= MAX_SUBSTITUTION and 0 < lb <= MAX_SUBSTITUTION:
            subs.append((ga, gb))
    return Passage(
        a_lo=a_lo + first.a,
        a_hi=a_lo + last.a + last.size,
        b_lo=b_lo + first.b,
        b_hi=b_lo + last.b + last.size,
        matched=matched,
        substitutions=tuple(subs),
        edits=edits,
    )


def align(a: tuple[str, ...], b: tuple[str, ...]) -> list[Passage]:
    """Reused passages of word sequences ``a`` and ``b``, in reading order of ``a``."""
    seeds = find_seeds(a, b)
    chains = chain_seeds(seeds)
    boxes = [[c[0][0], c[-1][0] + 1, c[0][1], c[-1][1] + 1] for c in chains]
    passages = [p for box in _merge_boxes(boxes) if (p := _refine(a, b, box)) is not None]
    return sorted(_drop_overlaps(passages), key=lambda p: (p.a_lo, p.b_lo))
