"""Candidate policy: which pairs of a corpus are verified, from the shared features.

Exact duplicates by digest, copy candidates by shared fingerprints and chains, same-story
candidates by shared rare terms kept as a nearest-neighbour graph. The counting itself is the
posting engine of :mod:`unspin.candidates.postings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

import numpy as np
from numpy.typing import NDArray

from unspin.candidates.postings import (
    Counted,
    PostingIndex,
    as_pairs,
    by_shard,
    counted,
    runs,
    shared_counts,
)
from unspin.candidates.prepare import DIGEST_BYTES, Prepared
from unspin.config import CONFIG
from unspin.executors.parallel import in_threads
from unspin.models import DocInfo

COPY_MAX_DF = CONFIG.candidates.copy_max_df
"""Copy fingerprints shared by more documents than this are stock phrases or boilerplate."""
COPY_MIN_SHARED = CONFIG.candidates.copy_min_shared
"""Fewest shared copy fingerprints for a copy candidate (a verbatim 60-word passage has ~7)."""
COPY_MIN_EVIDENCE = CONFIG.candidates.copy_min_evidence
"""... or fewest shared fingerprints and chains together. On the 100k benchmark corpus this
finds 96 % of planted partial copies instead of 87 %, for about 30 more chance candidates."""
COPY_NEIGHBOURS = CONFIG.candidates.copy_neighbours
"""Copy candidates kept per document: its strongest (most shared fingerprints and chains)."""
REPRESENTATIVES = CONFIG.candidates.representatives
"""Documents of a too-long fingerprint list that every other member is paired with."""
LONG_MIN_SHARED = CONFIG.candidates.long_min_shared
"""Fewest shared too-long fingerprints for a pair with a representative to be a candidate:
a syndicated 500-word story shares about 80 with each copy, scattered stock phrases few."""
LONG_MIN_SHARE = CONFIG.candidates.long_min_share
"""... and at least this share of the smaller document's fingerprints."""
STORY_MAX_DF = CONFIG.candidates.story_max_df
"""Story terms shared by more documents than this are too common to mark one event."""
STORY_MIN_SHARED = CONFIG.candidates.story_min_shared
"""Fewest shared rare terms for a same-story candidate."""
STORY_NEIGHBOURS = CONFIG.candidates.story_neighbours
"""Same-story candidates kept per document: its best-sharing neighbours."""

Candidate = tuple[int, int, bool]
"""Index pair to verify, and whether it may share passages (exact or copy candidate)."""


def publication_order(docs: Sequence[DocInfo]) -> list[int] | None:
    """Rank of each document (in id order) by publication time, undated last, then by id:
    candidate search prefers the earliest version of a text as a group's representative."""
    if not any(d.published for d in docs):
        return None
    when = [d.published_at for d in docs]
    ranked = sorted(range(len(docs)), key=lambda k: (when[k] is None, when[k] or _EPOCH, k))
    rank = [0] * len(docs)
    for position, k in enumerate(ranked):
        rank[k] = position
    return rank


_EPOCH = datetime(1, 1, 1)


def find_candidates(
    prepared: Prepared,
    order: Sequence[int] | None = None,
    priority: Sequence[int] | None = None,
) -> list[Candidate]:
    """Sorted, distinct index pairs to verify, flagged for passage alignment.

    Exact duplicates (same digest) and pairs sharing copy fingerprints may share passages;
    pairs that share only rare story terms are checked for same-story evidence alone.
    ``order`` numbers the documents: document ``k`` is row ``order[k]`` of ``prepared``
    (default: row ``k``). The result equals ``find_candidates(prepared.take(order))``
    without a reordered copy of the features (about 1.6 GB at a million documents).

    ``priority[k]`` ranks document ``k`` as a representative (lower first; a scan passes
    the publication order, so the earliest version of a text is preferred; default: ``k``).
    The cost per document is bounded whatever the corpus holds:

    * an exact-duplicate group is a star: each member is paired with the group's
      representative only, and only the representative takes part in the other searches;
    * a fingerprint shared by more than ``COPY_MAX_DF`` documents pairs each of them with
      the ``REPRESENTATIVES`` preferred ones only; a pair sharing ``LONG_MIN_SHARED`` such
      fingerprints is a candidate (a story syndicated to thousands of sites);
    * each document keeps its ``COPY_NEIGHBOURS`` strongest copy candidates (a pair stays
      when it is among the strongest of either document), as same-story candidates keep
      ``STORY_NEIGHBOURS``.
    """
    n = len(prepared)
    rank = np.arange(n, dtype=np.int64)
    if priority is not None:
        rank = np.empty(n, dtype=np.int64)
        rank[np.lexsort((np.arange(n), np.asarray(priority, dtype=np.int64)))] = np.arange(n)
    # internal numbers follow the priority, so posting lists list representatives first
    numbers = rank.copy()
    if order is not None:
        numbers[np.asarray(order, dtype=np.int64)] = rank
    stars, members = _same_digest(prepared.digests, numbers)
    pairs, counts = _without(members, *_copy_pairs(prepared, numbers))
    copies = _nearest(pairs, counts, n, COPY_NEIGHBOURS) | stars
    story = PostingIndex(prepared.story, STORY_MAX_DF, numbers)
    pairs, counts = _without(members, *shared_counts(story, STORY_MIN_SHARED))
    stories = _nearest(pairs, counts, n, STORY_NEIGHBOURS) - copies
    doc = np.empty(n, dtype=np.int64)
    doc[rank] = np.arange(n)  # internal number -> document
    found = [(i, j, True) for i, j in copies] + [(i, j, False) for i, j in stories]
    return sorted(_ordered(int(doc[i]), int(doc[j]), aligned) for i, j, aligned in found)


def _without(
    members: NDArray[np.int64], pairs: NDArray[np.int64], counts: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The pairs (and their counts) that touch no duplicate-group member but the centre."""
    keep = ~(np.isin(pairs[:, 0], members) | np.isin(pairs[:, 1], members))
    return pairs[keep], counts[keep]


def _ordered(i: int, j: int, aligned: bool) -> Candidate:
    return (i, j, aligned) if i < j else (j, i, aligned)


def _same_digest(
    digests: Sequence[bytes], numbers: NDArray[np.int64] | None
) -> tuple[set[tuple[int, int]], NDArray[np.int64]]:
    """Stars of the exact-duplicate groups, and the members that are not their centre.

    Each group of equal digests becomes pairs ``(x, y)``, ``x < y``, of document numbers:
    the group's lowest number ``x`` (its representative) with every other member ``y``, so
    a group of 10,000 identical pages costs 9,999 pairs, not 50 million. One sort of the
    digests as integers finds the groups (a dict of 100 000 digests took 0.2-0.3 s of the
    serial candidate stage); only groups of two or more are walked.
    """
    docs = np.arange(len(digests), dtype=np.int64) if numbers is None else numbers
    joined = b"".join(digests)
    if len(joined) != DIGEST_BYTES * len(digests):
        raise ValueError(f"digests must be {DIGEST_BYTES} bytes each")
    keys = np.frombuffer(joined, dtype=np.uint64).reshape(len(digests), DIGEST_BYTES // 8)
    order = np.lexsort((docs, *keys.T[::-1]))
    keys, docs = keys[order], docs[order]
    same = np.zeros(len(digests) + 1, dtype=np.int8)
    same[1:-1] = (keys[1:] == keys[:-1]).all(axis=1)
    stars: set[tuple[int, int]] = set()
    members: list[int] = []
    for lo, hi in zip(*runs(same), strict=True):
        centre, *rest = docs[lo : hi + 1].tolist()
        stars.update((centre, y) for y in rest)
        members.extend(rest)
    return stars, np.asarray(sorted(members), dtype=np.int64)


def _copy_pairs(
    prepared: Prepared, numbers: NDArray[np.int64] | None
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Copy candidates and their evidence (shared fingerprints and chains).

    A pair qualifies with ``COPY_MIN_SHARED`` shared fingerprints and ``COPY_MIN_EVIDENCE``
    fingerprints and chains together: chains (two fingerprints in a row) mark a contiguous
    shared passage, where fingerprints alone may be stock phrases scattered over two
    reports of one story. Or it shares ``LONG_MIN_SHARED`` fingerprints of lists too long
    to pair in full with a representative (:meth:`PostingIndex.rep_keys`). Counted shard by
    shard (see :data:`PAIR_SHARD`): a pair sharing one fingerprint is not kept beyond its
    shard.
    """
    # the two indexes, and then the two countings, are independent sorts: one thread each
    plain, chain = in_threads(
        lambda: PostingIndex(prepared.copy, COPY_MAX_DF, numbers),
        lambda: PostingIndex(prepared.chain, COPY_MAX_DF, numbers),
    )
    kept: list[Counted] = []
    for plain_keys, chain_keys in by_shard([plain, chain]):
        (pk, _), (ek, ec) = in_threads(
            partial(counted, plain_keys, COPY_MIN_SHARED),
            partial(_counted_evidence, plain_keys, chain_keys),
        )
        del plain_keys, chain_keys
        strong = ek[ec >= COPY_MIN_EVIDENCE]
        keys = strong[np.isin(strong, pk, assume_unique=True)]
        kept.append((keys, ec[np.searchsorted(ek, keys)]))
    kept.append(_syndicated(plain.rep_keys(REPRESENTATIVES), prepared, numbers))
    pairs, counts = as_pairs(kept, len(prepared))
    return _strongest_of_duplicates(pairs, counts)


def _syndicated(
    keys: NDArray[np.int64], prepared: Prepared, numbers: NDArray[np.int64] | None
) -> Counted:
    """Pairs with a representative that share ``LONG_MIN_SHARED`` too-long fingerprints and
    at least ``LONG_MIN_SHARE`` of the smaller document's fingerprints: a syndicated copy
    shares most of its text with the original, a page of the same site only its furniture
    (a footer, a navigation list), and two reports only stock phrases."""
    keys, counts = counted(keys, LONG_MIN_SHARED)
    n = len(prepared)
    sizes = np.empty(n, dtype=np.int64)
    sizes[np.arange(n) if numbers is None else numbers] = prepared.copy.lengths()
    smaller = np.minimum(sizes[keys // max(1, n)], sizes[keys % max(1, n)])
    keep = counts >= LONG_MIN_SHARE * smaller
    return keys[keep], counts[keep]


def _strongest_of_duplicates(
    pairs: NDArray[np.int64], counts: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each pair once (found by both rules: the larger evidence), sorted."""
    if not len(pairs):
        return pairs, counts
    order = np.lexsort((-counts, pairs[:, 1], pairs[:, 0]))
    pairs, counts = pairs[order], counts[order]
    first = np.ones(len(pairs), dtype=bool)
    first[1:] = (pairs[1:] != pairs[:-1]).any(axis=1)
    return pairs[first], counts[first]


def _counted_evidence(plain_keys: NDArray[np.int64], chain_keys: NDArray[np.int64]) -> Counted:
    """Every pair with the number of fingerprints and chains it shares."""
    return counted(np.concatenate((plain_keys, chain_keys)), 1)


def _nearest(
    pairs: NDArray[np.int64], counts: NDArray[np.int64], n: int, k: int
) -> set[tuple[int, int]]:
    """Pairs among each document's ``k`` best-sharing neighbours (a k-nearest-neighbour graph).

    Keeps verification linear in the corpus size: a document in a large story is linked to
    its closest reports, which is enough for average linkage to group the story.
    """
    order = np.lexsort((pairs[:, 1], pairs[:, 0], -counts))
    taken = np.zeros(n, dtype=np.int64)
    kept: set[tuple[int, int]] = set()
    for i, j in pairs[order].tolist():
        if taken[i] < k or taken[j] < k:
            kept.add((i, j))
            taken[i] += 1
            taken[j] += 1
    return kept
