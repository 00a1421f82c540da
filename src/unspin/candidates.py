"""Candidate pairs from shared fingerprints: an inverted index built with one sort.

Every (fingerprint, document) posting is sorted by fingerprint; each run of equal fingerprints
is a posting list. Lists longer than ``max_df`` are dropped: a phrase that many documents share
is boilerplate or a stock phrase ("prime minister said"), not evidence of copying, and keeping
it would make the pair count quadratic. A pair of documents becomes a candidate when it shares
at least ``min_shared`` fingerprints. The cost is ``O(P log P)`` for ``P`` postings plus the
emitted pairs, which ``max_df`` bounds by ``P * max_df``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from unspin.errors import ConfigError


def _postings(
    features: Sequence[NDArray[np.uint64]],
) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    lengths = np.fromiter((len(f) for f in features), dtype=np.int64, count=len(features))
    docs = np.repeat(np.arange(len(features), dtype=np.int64), lengths)
    feats = np.concatenate(features) if len(features) else np.empty(0, dtype=np.uint64)
    order = np.lexsort((docs, feats))
    return feats[order], docs[order]


def _group_pairs(
    docs: NDArray[np.int64], starts: NDArray[np.int64], size: int
) -> NDArray[np.int64]:
    """All ``i < j`` pairs inside each posting list of length ``size``, as an ``(k, 2)`` array."""
    block = docs[starts[:, None] + np.arange(size)[None, :]]
    left, right = np.triu_indices(size, k=1)
    return np.stack([block[:, left].ravel(), block[:, right].ravel()], axis=1)


def shared_feature_pairs(
    features: Sequence[NDArray[np.uint64]], *, max_df: int, min_shared: int
) -> NDArray[np.int64]:
    """Index pairs ``(i, j)``, ``i < j``, of documents sharing ``min_shared`` features or more.

    Parameters
    ----------
    features : sequence of uint64 arrays
        One array of distinct feature hashes per document.
    max_df : int
        Posting lists longer than this are ignored (stock phrases, boilerplate).
    min_shared : int
        Fewest shared features for a pair to be a candidate.

    Returns
    -------
    numpy.ndarray
        ``(k, 2)`` int64 array, sorted, each row ``i < j``.
    """
    if max_df < 2 or min_shared < 1:
        raise ConfigError(f"max_df must be >= 2 and min_shared >= 1; got {max_df}, {min_shared}")
    feats, docs = _postings(features)
    if len(feats) == 0:
        return np.empty((0, 2), dtype=np.int64)
    boundary = np.flatnonzero(np.diff(feats)) + 1
    starts = np.concatenate(([0], boundary)).astype(np.int64)
    sizes = np.diff(np.concatenate((starts, [len(feats)])))
    chunks = [
        _group_pairs(docs, starts[sizes == s], int(s)) for s in np.unique(sizes) if 2 <= s <= max_df
    ]
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks)
    keys = pairs[:, 0] * len(features) + pairs[:, 1]
    uniq, counts = np.unique(keys, return_counts=True)
    kept = uniq[counts >= min_shared]
    return np.stack([kept // len(features), kept % len(features)], axis=1)
