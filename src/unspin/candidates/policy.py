"""Candidate policy: which pairs of a corpus are verified, from the shared features.

Exact duplicates by digest, copy candidates by shared fingerprints and chains, same-story
candidates by shared rare terms kept as a nearest-neighbour graph. The counting itself is the
posting engine of :mod:`unspin.candidates.postings`.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from unspin.native.arrays import union

COPY_MAX_DF = CONFIG.candidates.copy_max_df
"""Copy fingerprints shared by more documents than this are stock phrases or boilerplate."""
COPY_MIN_SHARED = CONFIG.candidates.copy_min_shared
"""Fewest shared copy fingerprints for a copy candidate (a verbatim 60-word passage has ~7)."""
COPY_MIN_EVIDENCE = CONFIG.candidates.copy_min_evidence
"""... or fewest shared fingerprints and chains together. On the 100k benchmark corpus this
finds 96 % of planted partial copies instead of 87 %, for about 30 more chance candidates."""
STORY_MAX_DF = CONFIG.candidates.story_max_df
"""Story terms shared by more documents than this are too common to mark one event."""
STORY_MIN_SHARED = CONFIG.candidates.story_min_shared
"""Fewest shared rare terms for a same-story candidate."""
STORY_NEIGHBOURS = CONFIG.candidates.story_neighbours
"""Same-story candidates kept per document: its best-sharing neighbours."""

Candidate = tuple[int, int, bool]
"""Index pair to verify, and whether it may share passages (exact or copy candidate)."""


def find_candidates(prepared: Prepared, order: Sequence[int] | None = None) -> list[Candidate]:
    """Sorted, distinct index pairs to verify, flagged for passage alignment.

    Exact duplicates (same digest) and pairs sharing copy fingerprints may share passages;
    pairs that share only rare story terms are checked for same-story evidence alone.
    ``order`` numbers the documents: document ``k`` is row ``order[k]`` of ``prepared``
    (default: row ``k``). The result equals ``find_candidates(prepared.take(order))``
    without a reordered copy of the features (about 1.6 GB at a million documents).
    """
    numbers = None
    if order is not None:
        numbers = np.empty(len(prepared), dtype=np.int64)
        numbers[np.asarray(order, dtype=np.int64)] = np.arange(len(prepared), dtype=np.int64)
    copies = _same_digest(prepared.digests, numbers)
    pairs = _copy_pairs(prepared, numbers)
    copies.update(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist(), strict=True))
    story = PostingIndex(prepared.story, STORY_MAX_DF, numbers)
    pairs, counts = shared_counts(story, STORY_MIN_SHARED)
    stories = _nearest(pairs, counts, len(prepared), STORY_NEIGHBOURS) - copies
    return sorted([(i, j, True) for i, j in copies] + [(i, j, False) for i, j in stories])


def _same_digest(
    digests: Sequence[bytes], numbers: NDArray[np.int64] | None
) -> set[tuple[int, int]]:
    """Pairs ``(x, y)``, ``x < y``, of document numbers whose digests are equal.

    One sort of the digests as integers finds the groups (a dict of 100 000 digests took
    0.2-0.3 s of the serial candidate stage); only groups of two or more are walked.
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
    copies: set[tuple[int, int]] = set()
    for lo, hi in zip(*runs(same), strict=True):
        group = docs[lo : hi + 1].tolist()
        copies.update((x, y) for n, x in enumerate(group) for y in group[n + 1 :])
    return copies


def _copy_pairs(prepared: Prepared, numbers: NDArray[np.int64] | None) -> NDArray[np.int64]:
    """Pairs sharing ``COPY_MIN_SHARED`` fingerprints, or ``COPY_MIN_EVIDENCE`` counting chains.

    Chains (two fingerprints in a row) find passages made of phrases too common to be
    fingerprints on their own; they count only with the fingerprints, because a chain of two
    stock phrases is itself a stock phrase now and then. Counted shard by shard (see
    :data:`PAIR_SHARD`): a pair sharing one fingerprint is not kept beyond its shard.
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
        keys = union(pk, ek[ec >= COPY_MIN_EVIDENCE])
        kept.append((keys, ec[np.searchsorted(ek, keys)]))
    return as_pairs(kept, len(prepared))[0]


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
