"""Candidate pairs from shared fingerprints: an inverted index built with one sort.

The stage runs in two steps: :func:`prepare_batch` reduces each document to a digest of its
canonical text and its sketch features (:mod:`unspin.candidates.sketch`); :func:`find_candidates`
pairs documents that share a digest, copy fingerprints or rare story terms.

Every (fingerprint, document) posting is sorted by fingerprint; each run of equal fingerprints
is a posting list. Lists longer than ``max_df`` are dropped: a phrase that many documents share
is boilerplate or a stock phrase ("prime minister said"), not evidence of copying, and keeping
it would make the pair count quadratic. A pair of documents becomes a candidate when it shares
at least ``min_shared`` fingerprints. The cost is ``O(P log P)`` for ``P`` postings plus the
emitted pairs, which ``max_df`` bounds by ``P * max_df``. Pair instances beyond
``PAIR_SHARD`` are partitioned to disk by first document and counted shard by shard, so
memory stays bounded (:func:`_by_shard`).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import NDArray

from unspin.candidates.sketch import Packed, sketch_packed
from unspin.config import CONFIG
from unspin.errors import ConfigError
from unspin.executors.parallel import in_threads
from unspin.executors.spill import spill_failed
from unspin.native.arrays import union, unique
from unspin.text import canonical

_MIX = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio, odd

Features = Sequence[NDArray[np.uint64]] | Packed
"""Feature hashes per document: one array each, or packed
(:class:`~unspin.candidates.sketch.Packed`).
"""


def _packed(features: Features) -> Packed:
    return features if isinstance(features, Packed) else Packed.from_arrays(features)


def _postings(
    features: Packed, numbers: NDArray[np.int64] | None = None
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int32] | NDArray[np.int64]]:
    """Posting lists shared by two or more documents: ``(starts, sizes, docs)``. ``docs``
    lists the documents of every feature in increasing order, list after list; ``starts``
    and ``sizes`` locate the lists of two or more documents in it.

    Each posting is packed into one integer, the feature's high bits above the document
    number, and sorted as plain integers in place: numpy's vectorised sort of unsigned
    integers is several times faster than the stable ``argsort`` plus gathers it replaces
    (8.4 M postings: 0.34 s against 1.4 s) and needs no index array. Features are first
    multiplied by an odd constant (Knuth's multiplicative hashing), because word hashes are
    polynomial and keep short words' differences in their low bits. A feature then keeps
    ``64 - bits`` bits, 44 at a million documents, so two different features merge into one
    posting list about once in 2**44 pairs of features: a few spurious shared features in a
    corpus, never a candidate on its own. ``numbers`` gives each row's document number
    (default: the row index).
    """
    n = len(features)
    bits = max(1, (n - 1).bit_length())
    low = np.uint64((1 << bits) - 1)
    with np.errstate(over="ignore"):
        packed = features.values * _MIX  # an odd factor: one-to-one, low bits moved up
    packed &= ~low
    rows = np.arange(n, dtype=np.uint64) if numbers is None else numbers.astype(np.uint64)
    packed |= np.repeat(rows, features.lengths())
    packed.sort()
    # runs of "same feature as the next posting": each run is one list of two or more
    same = np.zeros(len(packed) + 1, dtype=np.int8)
    for k in range(0, len(packed) - 1, _STEP):
        part = packed[k : k + _STEP + 1]
        same[k + 1 : k + len(part)] = (part[1:] ^ part[:-1]) <= low
    first, last = _runs(same)
    del same
    packed &= low
    starts, sizes = first.astype(np.int64), (last - first + 1).astype(np.int64)
    if n < 2**31:
        return starts, sizes, packed.astype(np.int32)
    return starts, sizes, packed.astype(np.int64)


_STEP = 1 << 22
"""Postings compared at once when finding list boundaries (bounds the temporary arrays)."""


def _runs(same: NDArray[np.int8]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """First and last index of each run of two or more equal items of a sorted sequence of
    ``n`` items, given ``same`` (``n + 1`` flags, ``same[k]`` = item ``k`` equals item
    ``k - 1``, zero at both ends)."""
    edges = np.diff(same)
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _pair_keys(
    docs: NDArray[np.int32] | NDArray[np.int64], starts: NDArray[np.int64], size: int, n: int
) -> NDArray[np.int64]:
    """Keys ``i * n + j`` of all ``i < j`` pairs inside the posting lists of length ``size``
    that begin at ``starts`` (documents in a list are in increasing order)."""
    block = docs[starts[:, None] + np.arange(size)[None, :]].astype(np.int64)
    left, right = np.triu_indices(size, k=1)
    keys: NDArray[np.int64] = (block[:, left] * n + block[:, right]).ravel()
    return keys


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
    return _shared_counts(_Index(_packed(features), max_df), min_shared)


def _shared_counts(index: _Index, min_shared: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    kept = [_counted(keys, min_shared) for (keys,) in _by_shard([index])]
    return _as_pairs(kept, index.n)


PAIR_SHARD = 16_000_000
"""Most pair instances (two documents in one posting list) held in memory at once. Beyond
that the instances are partitioned by their first document into shards spilled to disk, and
each shard is counted on its own: memory stays bounded whatever the corpus size."""


class _Index:
    """The posting lists of one feature kind, grouped by length, ready to emit pair keys."""

    def __init__(
        self, features: Packed, max_df: int, numbers: NDArray[np.int64] | None = None
    ) -> None:
        self.n = len(features)
        starts, sizes, self.docs = _postings(features, numbers)
        common = sizes <= max_df
        starts, sizes = starts[common], sizes[common]
        self.groups = [(int(s), starts[sizes == s]) for s in unique(sizes)]
        self.instances = sum(len(at) * s * (s - 1) // 2 for s, at in self.groups)

    def chunks(self) -> Iterator[NDArray[np.int64]]:
        """Keys ``i * n + j`` of every pair instance, at most ``PAIR_SHARD`` at a time."""
        for size, at in self.groups:
            step = max(1, PAIR_SHARD // (size * (size - 1) // 2))
            for k in range(0, len(at), step):
                yield _pair_keys(self.docs, at[k : k + step], size, self.n)


def _shards(instances: int) -> int:
    return max(1, -(-instances // PAIR_SHARD))


_NONE = np.empty(0, dtype=np.int64)


def _by_shard(indexes: Sequence[_Index]) -> Iterator[list[NDArray[np.int64]]]:
    """For each shard of first documents, the pair keys of every index in ``indexes``.

    With one shard the keys stay in memory. With more, every key is generated once and
    appended to its shard's spill file (the shuffle of MapReduce, Dean & Ghemawat 2004), then
    the shards are read back one at a time. Regenerating all pairs for every shard instead
    made the stage grow 38x from 100k to 1M articles. Spill files go to the temporary
    directory (``TMPDIR``) and are removed at the end.
    """
    shards = _shards(sum(index.instances for index in indexes))
    if shards == 1:
        yield [np.concatenate([*index.chunks(), _NONE]) for index in indexes]
        return
    try:
        with tempfile.TemporaryDirectory(prefix="unspin-pairs-") as tmp:
            paths = [
                [Path(tmp, f"{k}-{s}.i64") for s in range(shards)] for k, _ in enumerate(indexes)
            ]
            for index, kind_paths in zip(indexes, paths, strict=True):
                with ExitStack() as stack:
                    files = [stack.enter_context(path.open("wb")) for path in kind_paths]
                    for keys in index.chunks():
                        _spill(keys, index.n, files)
            for s in range(shards):
                yield [np.fromfile(kind_paths[s], dtype=np.int64) for kind_paths in paths]
    except OSError as exc:
        raise spill_failed(exc) from exc


def _spill(keys: NDArray[np.int64], n: int, files: Sequence[BinaryIO]) -> None:
    """Append each key to the file of its shard (first document modulo the shard count)."""
    shard = ((keys // n) % len(files)).astype(np.uint16)
    order = np.argsort(shard, kind="stable")  # a radix sort for 16-bit integers
    bounds = np.cumsum(np.bincount(shard, minlength=len(files)))[:-1]
    for fh, part in zip(files, np.split(keys[order], bounds), strict=True):
        part.tofile(fh)


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
DIGEST_BYTES = CONFIG.candidates.digest_bytes
"""Size of a document's exact-text digest (BLAKE2b of its canonical text)."""
PREPARE_BATCH = 512
"""Texts sketched together in one numpy pass."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """Documents reduced to what candidate search needs: exact-text digests and sketches.

    Features are packed per kind (:class:`~unspin.candidates.sketch.Packed`): a batch travels
    between processes as a few arrays, and batches concatenate cheaply (:meth:`concat`).
    """

    digests: tuple[bytes, ...]
    copy: Packed
    story: Packed
    chain: Packed

    def __len__(self) -> int:
        return len(self.digests)

    def take(self, order: Sequence[int]) -> Prepared:
        """The documents ``order[0], order[1], ...``, in that order."""
        index = np.asarray(order, dtype=np.int64)
        return Prepared(
            tuple(self.digests[k] for k in order),
            self.copy.take(index),
            self.story.take(index),
            self.chain.take(index),
        )

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
    digests = [
        hashlib.blake2b(_utf8(canonical(t)), digest_size=DIGEST_BYTES).digest() for t in texts
    ]
    return Prepared(tuple(digests), *sketch_packed(texts))


def _utf8(text: str) -> bytes:
    # lone surrogates (JSON allows "\ud800") are kept, not a reason to fail
    return text.encode("utf-8", "surrogatepass")


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
    story = _Index(prepared.story, STORY_MAX_DF, numbers)
    pairs, counts = _shared_counts(story, STORY_MIN_SHARED)
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
    for lo, hi in zip(*_runs(same), strict=True):
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
        lambda: _Index(prepared.copy, COPY_MAX_DF, numbers),
        lambda: _Index(prepared.chain, COPY_MAX_DF, numbers),
    )
    kept: list[Counted] = []
    for plain_keys, chain_keys in _by_shard([plain, chain]):
        (pk, _), (ek, ec) = in_threads(
            partial(_counted, plain_keys, COPY_MIN_SHARED),
            partial(_counted_evidence, plain_keys, chain_keys),
        )
        del plain_keys, chain_keys
        keys = union(pk, ek[ec >= COPY_MIN_EVIDENCE])
        kept.append((keys, ec[np.searchsorted(ek, keys)]))
    return _as_pairs(kept, len(prepared))[0]


def _counted_evidence(plain_keys: NDArray[np.int64], chain_keys: NDArray[np.int64]) -> Counted:
    """Every pair with the number of fingerprints and chains it shares."""
    return _counted(np.concatenate((plain_keys, chain_keys)), 1)


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
