"""Candidate pairs from shared fingerprints: an inverted index built with one sort.

The stage runs in two steps: :func:`prepare_batch` reduces each document to a digest of its
canonical text and its sketch features (:mod:`unspin.sketch`); :func:`find_candidates` pairs
documents that share a digest, copy fingerprints or rare story terms.

Every (fingerprint, document) posting is sorted by fingerprint; each run of equal fingerprints
is a posting list. Lists longer than ``max_df`` are dropped: a phrase that many documents share
is boilerplate or a stock phrase ("prime minister said"), not evidence of copying, and keeping
it would make the pair count quadratic. A pair of documents becomes a candidate when it shares
at least ``min_shared`` fingerprints. The cost is ``O(P log P)`` for ``P`` postings plus the
emitted pairs, which ``max_df`` bounds by ``P * max_df``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from unspin.errors import ConfigError
from unspin.sketch import Packed, sketch_packed
from unspin.text import canonical

Features = Sequence[NDArray[np.uint64]] | Packed
"""Feature hashes per document: one array each, or packed (:class:`~unspin.sketch.Packed`)."""


def _packed(features: Features) -> Packed:
    return features if isinstance(features, Packed) else Packed.from_arrays(features)


def _postings(features: Packed) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    feats, docs = features.values, features.doc_index()
    # documents come in order, so a stable sort on the features alone orders (feature, doc)
    order = np.argsort(feats, kind="stable")
    return feats[order], docs[order]


def _group_pairs(
    docs: NDArray[np.int32] | NDArray[np.int64], starts: NDArray[np.int64], size: int
) -> NDArray[np.int64]:
    """All ``i < j`` pairs inside each posting list of length ``size``, as an ``(k, 2)`` array."""
    block = docs[starts[:, None] + np.arange(size)[None, :]].astype(np.int64)
    left, right = np.triu_indices(size, k=1)
    return np.stack([block[:, left].ravel(), block[:, right].ravel()], axis=1)


def shared_feature_pairs(features: Features, *, max_df: int, min_shared: int) -> NDArray[np.int64]:
    """Index pairs sharing ``min_shared`` features or more; see :func:`shared_feature_counts`."""
    return shared_feature_counts(features, max_df=max_df, min_shared=min_shared)[0]


def shared_feature_counts(
    features: Features, *, max_df: int, min_shared: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Index pairs ``(i, j)``, ``i < j``, of documents sharing ``min_shared`` features or more.

    Parameters
    ----------
    features : sequence of uint64 arrays, or Packed
        Distinct feature hashes of each document.
    max_df : int
        Posting lists longer than this are ignored (stock phrases, boilerplate).
    min_shared : int
        Fewest shared features for a pair to be a candidate.

    Returns
    -------
    pairs : numpy.ndarray
        ``(k, 2)`` int64 array, sorted, each row ``i < j``.
    counts : numpy.ndarray
        Number of shared features of each pair.
    """
    if max_df < 2 or min_shared < 1:
        raise ConfigError(f"max_df must be >= 2 and min_shared >= 1; got {max_df}, {min_shared}")
    index = _Index(_packed(features), max_df)
    shards = _shards(index.instances)
    kept = [_counted(index.keys(k, shards), min_shared) for k in range(shards)]
    return _as_pairs(kept, index.n)


PAIR_SHARD = 16_000_000
"""Most pair instances (two documents in one posting list) held at once. Beyond that the pairs
are produced in shards by their first document, each shard counted and filtered on its own:
memory stays bounded whatever the corpus size, for the cost of one pass per shard."""


class _Index:
    """The posting lists of one feature kind, grouped by length, ready to emit pairs by shard."""

    def __init__(self, features: Packed, max_df: int) -> None:
        self.n = len(features)
        feats, docs = _postings(features)
        boundary = np.flatnonzero(np.diff(feats)) + 1
        starts = np.concatenate(([0], boundary)).astype(np.int64)
        sizes = np.diff(np.concatenate((starts, [len(feats)])))
        self.docs = docs.astype(np.int32) if self.n < 2**31 else docs
        self.groups = [(int(s), starts[sizes == s]) for s in np.unique(sizes) if 2 <= s <= max_df]
        self.instances = sum(len(at) * s * (s - 1) // 2 for s, at in self.groups)

    def keys(self, shard: int, shards: int) -> NDArray[np.int64]:
        """Keys ``i * n + j`` of every pair instance whose first document ``i`` is in ``shard``."""
        chunks = []
        for size, at in self.groups:
            pairs = _group_pairs(self.docs, at, size)
            if shards > 1:
                pairs = pairs[pairs[:, 0] % shards == shard]
            chunks.append(pairs[:, 0] * self.n + pairs[:, 1])
        return np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64)


def _shards(instances: int) -> int:
    return max(1, -(-instances // PAIR_SHARD))


Counted = tuple[NDArray[np.int64], NDArray[np.int64]]
"""Pair keys and how many features each pair shares."""


def _counted(keys: NDArray[np.int64], min_shared: int) -> Counted:
    uniq, counts = np.unique(keys, return_counts=True)
    keep = counts >= min_shared
    return uniq[keep], counts[keep]


def _as_pairs(kept: Sequence[Counted], n: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    keys = np.concatenate([k for k, _ in kept]) if kept else np.empty(0, dtype=np.int64)
    counts = np.concatenate([c for _, c in kept]) if kept else np.empty(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    return np.stack([keys // max(1, n), keys % max(1, n)], axis=1), counts


COPY_MAX_DF = 50
"""Copy fingerprints shared by more documents than this are stock phrases or boilerplate."""
COPY_MIN_SHARED = 3
"""Fewest shared copy fingerprints for a copy candidate (a verbatim 60-word passage has ~7)."""
COPY_MIN_EVIDENCE = 4
"""... or fewest shared fingerprints and chains together. On the 100k benchmark corpus this
finds 96 % of planted partial copies instead of 87 %, for about 30 more chance candidates."""
STORY_MAX_DF = 40
"""Story terms shared by more documents than this are too common to mark one event."""
STORY_MIN_SHARED = 2
"""Fewest shared rare terms for a same-story candidate."""
STORY_NEIGHBOURS = 10
"""Same-story candidates kept per document: its best-sharing neighbours."""
PREPARE_BATCH = 512
"""Texts sketched together in one numpy pass."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """Documents reduced to what candidate search needs: exact-text digests and sketches.

    Features are packed per kind (:class:`~unspin.sketch.Packed`): a batch travels between
    processes as a few arrays, and batches concatenate cheaply (:meth:`concat`).
    """

    digests: tuple[bytes, ...]
    copy: Packed
    story: Packed
    chain: Packed

    def __len__(self) -> int:
        return len(self.digests)

    @staticmethod
    def concat(parts: Sequence[Prepared]) -> Prepared:
        """The documents of several batches, in order."""
        return Prepared(
            tuple(d for p in parts for d in p.digests),
            Packed.concat([p.copy for p in parts]),
            Packed.concat([p.story for p in parts]),
            Packed.concat([p.chain for p in parts]),
        )


Candidate = tuple[int, int, bool]
"""Index pair to verify, and whether it may share passages (exact or copy candidate)."""


def prepare_batch(texts: Sequence[str]) -> Prepared:
    """Digest and sketch a batch of texts (a pipeline stage: plain data in, plain data out)."""
    digests = [hashlib.blake2b(canonical(t).encode(), digest_size=16).digest() for t in texts]
    return Prepared(tuple(digests), *sketch_packed(texts))


def find_candidates(prepared: Prepared) -> list[Candidate]:
    """Sorted, distinct index pairs to verify, flagged for passage alignment.

    Exact duplicates (same digest) and pairs sharing copy fingerprints may share passages;
    pairs that share only rare story terms are checked for same-story evidence alone.
    """
    copies: set[tuple[int, int]] = set()
    by_digest: dict[bytes, list[int]] = {}
    for k, digest in enumerate(prepared.digests):
        by_digest.setdefault(digest, []).append(k)
    for group in by_digest.values():
        copies.update((x, y) for n, x in enumerate(group) for y in group[n + 1 :])
    pairs = _copy_pairs(prepared)
    copies.update(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist(), strict=True))
    pairs, counts = shared_feature_counts(
        prepared.story, max_df=STORY_MAX_DF, min_shared=STORY_MIN_SHARED
    )
    stories = _nearest(pairs, counts, len(prepared), STORY_NEIGHBOURS) - copies
    return sorted([(i, j, True) for i, j in copies] + [(i, j, False) for i, j in stories])


def _copy_pairs(prepared: Prepared) -> NDArray[np.int64]:
    """Pairs sharing ``COPY_MIN_SHARED`` fingerprints, or ``COPY_MIN_EVIDENCE`` counting chains.

    Chains (two fingerprints in a row) find passages made of phrases too common to be
    fingerprints on their own; they count only with the fingerprints, because a chain of two
    stock phrases is itself a stock phrase now and then. Counted shard by shard (see
    :data:`PAIR_SHARD`): a pair sharing one fingerprint is not kept beyond its shard.
    """
    n = len(prepared)
    plain = _Index(prepared.copy, COPY_MAX_DF)
    chain = _Index(prepared.chain, COPY_MAX_DF)
    shards = _shards(plain.instances + chain.instances)
    kept: list[Counted] = []
    for shard in range(shards):
        pk, pc = _counted(plain.keys(shard, shards), 1)
        ck, cc = _counted(chain.keys(shard, shards), 1)
        keys = np.concatenate((pk, ck))
        uniq, inverse = np.unique(keys, return_inverse=True)
        plain_sum = np.bincount(inverse[: len(pk)], pc, minlength=len(uniq))
        total_sum = plain_sum + np.bincount(inverse[len(pk) :], cc, minlength=len(uniq))
        keep = (plain_sum >= COPY_MIN_SHARED) | (total_sum >= COPY_MIN_EVIDENCE)
        kept.append((uniq[keep], total_sum[keep].astype(np.int64)))
    return _as_pairs(kept, n)[0]


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
