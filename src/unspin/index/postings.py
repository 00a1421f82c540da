"""Posting lists in SQLite, and the candidate query of one new article against them.

Features are those of :func:`unspin.candidates.prepare_batch`: copy fingerprints, chains of
two fingerprints, and rare story terms. Each kind has its own table of rows
``(key, df, docs)``: ``key`` is the feature (multiplied by an odd constant, as candidate
search does, then its top 48 bits, so it is a 7-byte SQLite integer), ``df`` the number of
indexed articles that have it, ``docs`` their numbers as little-endian uint32, ascending.

A list stores at most :data:`STORED_PER_LIST` numbers. The candidate rules ignore any feature
shared by more than ``COPY_MAX_DF`` (50) or ``STORY_MAX_DF`` (40) articles, so numbers beyond
that are never read; ``df`` keeps counting, and the stored numbers are the list's first
articles (the representatives a bounded rule for very common features would use).

:func:`query` mirrors :func:`unspin.candidates.find_candidates` for one article ``x``
against the index: the same digest, copy and story rules with the document frequencies the
scan of ``index + x`` would see (``df + 1``). It differs from the batch in two places, both by
design (see ``docs/index.md``): story neighbours are ``x``'s own best ``STORY_NEIGHBOURS``
(the batch keeps a pair also when the *other* article has fewer than that), and a query
returns at most :data:`QUERY_CAP` candidates.
"""

from __future__ import annotations

import sqlite3
import struct
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from unspin.candidates.policy import (
    COPY_MAX_DF,
    COPY_MIN_EVIDENCE,
    COPY_MIN_SHARED,
    COPY_NEIGHBOURS,
    LONG_MIN_SHARE,
    LONG_MIN_SHARED,
    REPRESENTATIVES,
    STORY_MAX_DF,
    STORY_MIN_SHARED,
    STORY_NEIGHBOURS,
)
from unspin.candidates.prepare import Prepared

KINDS = ("copy", "chain", "story")
"""Feature kinds, each with its own ``<kind>_postings`` table."""

STORED_PER_LIST = 4 * max(COPY_MAX_DF, STORY_MAX_DF)
"""Most article numbers kept in one posting list (``df`` counts on beyond it)."""

QUERY_CAP = 256
"""Most candidates one query returns: exact duplicates first, then copy candidates by shared
evidence, then story neighbours. Bounds the verification cost of one check whatever the index
holds (a page repeated 10,000 times is checked against 256 of its copies, not all)."""

_MIX = np.uint64(0x9E3779B97F4A7C15)
MAX_VARS = 900
"""Keys per ``IN (...)`` query, below SQLite's oldest limit on bound variables (999)."""


def keys_of(features: NDArray[np.uint64]) -> list[int]:
    """Table keys of feature hashes: high bits of the mixed hash, as non-negative integers.

    Word hashes keep short words' differences in their low bits (see
    :mod:`unspin.candidates.postings`), so they are mixed before the low bits are dropped.
    Two features share a key about once in 2**48 pairs.
    """
    with np.errstate(over="ignore"):
        mixed = features.astype(np.uint64) * _MIX
    keys: list[int] = (mixed >> np.uint64(16)).astype(np.int64).tolist()
    return keys


@dataclass(frozen=True, slots=True)
class DocFeatures:
    """One article's posting keys per kind, distinct."""

    copy: list[int]
    chain: list[int]
    story: list[int]

    def of(self, kind: str) -> list[int]:
        """The keys of ``kind`` (one of :data:`KINDS`)."""
        keys: list[int] = getattr(self, kind)
        return keys


def features_of(prepared: Prepared) -> list[DocFeatures]:
    """Posting keys of every article of ``prepared``, in its order."""
    kinds = [
        [sorted(set(keys_of(part))) for part in pack.split()]
        for pack in (prepared.copy, prepared.chain, prepared.story)
    ]
    return [DocFeatures(c, h, s) for c, h, s in zip(*kinds, strict=True)]


def _encode(nums: Iterable[int]) -> bytes:
    values = list(nums)
    return struct.pack(f"<{len(values)}I", *values)


def _decode(blob: bytes) -> list[int]:
    decoded: list[int] = np.frombuffer(blob, dtype="<u4").tolist()
    return decoded


def fetch(conn: sqlite3.Connection, kind: str, keys: Sequence[int]) -> dict[int, tuple[int, bytes]]:
    """``key -> (df, docs blob)`` for the keys of ``kind`` that are in the index."""
    found: dict[int, tuple[int, bytes]] = {}
    for k in range(0, len(keys), MAX_VARS):
        part = keys[k : k + MAX_VARS]
        marks = ",".join("?" * len(part))
        rows = conn.execute(
            f"SELECT key, df, docs FROM {kind}_postings WHERE key IN ({marks})", part
        )
        found.update((key, (df, docs)) for key, df, docs in rows)
    return found


def insert(conn: sqlite3.Connection, nums: Sequence[int], features: Sequence[DocFeatures]) -> None:
    """Append the articles ``nums`` (new, larger than any indexed) to their posting lists."""
    for kind in KINDS:
        new: dict[int, list[int]] = {}
        for num, feats in zip(nums, features, strict=True):
            for key in feats.of(kind):
                new.setdefault(key, []).append(num)
        # in key order, so that the B-tree pages are visited in file order once per batch
        # rather than at random (CPU of adding 40k synthetic articles: 58.5 -> 46.6 s)
        keys = sorted(new)
        old = fetch(conn, kind, keys)
        rows = []
        for key in keys:
            added = new[key]
            df, blob = old.get(key, (0, b""))
            room = max(0, STORED_PER_LIST - len(blob) // 4)
            rows.append((key, df + len(added), blob + _encode(added[:room])))
        conn.executemany(
            f"INSERT OR REPLACE INTO {kind}_postings (key, df, docs) VALUES (?, ?, ?)", rows
        )


def delete(conn: sqlite3.Connection, num: int, features: DocFeatures) -> None:
    """Take article ``num`` out of its posting lists; empty lists are deleted."""
    for kind in KINDS:
        old = fetch(conn, kind, features.of(kind))
        gone, rows = [], []
        for key, (df, blob) in old.items():
            if df <= 1:
                gone.append((key,))
                continue
            nums = _decode(blob)
            rows.append((key, df - 1, _encode(n for n in nums if n != num)))
        conn.executemany(f"DELETE FROM {kind}_postings WHERE key = ?", gone)
        conn.executemany(
            f"UPDATE {kind}_postings SET df = ?, docs = ? WHERE key = ?",
            [(df, blob, key) for key, df, blob in rows],
        )


def _shared(
    conn: sqlite3.Connection, kind: str, keys: Sequence[int], max_df: int, exclude: int | None
) -> Counter[int]:
    """How many of ``keys`` each indexed article shares, over lists of at most ``max_df``
    articles once the queried article is counted in."""
    counts: Counter[int] = Counter()
    for df, blob in fetch(conn, kind, keys).values():
        if df + 1 <= max_df:
            counts.update(_decode(blob))
    if exclude is not None:
        counts.pop(exclude, None)
    return counts


def _representatives(
    conn: sqlite3.Connection, keys: Sequence[int], exclude: int | None
) -> Counter[int]:
    """For fingerprints shared by more than ``COPY_MAX_DF`` articles, how many each of their
    first ``REPRESENTATIVES`` articles shares with the queried one (the scan's rule for
    syndicated stories, with the representatives in insertion order)."""
    counts: Counter[int] = Counter()
    for df, blob in fetch(conn, "copy", keys).values():
        if df + 1 > COPY_MAX_DF:
            counts.update(_decode(blob[: 4 * REPRESENTATIVES]))
    if exclude is not None:
        counts.pop(exclude, None)
    return counts


Found = list[tuple[int, bool]]
"""Candidates of a query: article number, and whether passages may be shared."""


def query(
    conn: sqlite3.Connection, digest: bytes, features: DocFeatures, exclude: int | None = None
) -> Found:
    """Indexed articles to verify against one article, as :func:`find_candidates` would pair
    them in a scan of the index plus that article (see the module docstring for where it
    differs). ``exclude`` is an article number never to return (the article itself)."""
    same = [
        n
        for (n,) in conn.execute("SELECT num FROM docs WHERE digest = ? ORDER BY num", (digest,))
        if n != exclude
    ]
    if same:
        # an exact duplicate is linked to its group's first article only, and that article
        # stands for it in every other search (the scan's star)
        return [(same[0], True)]
    plain = _shared(conn, "copy", features.copy, COPY_MAX_DF, exclude)
    chain = _shared(conn, "chain", features.chain, COPY_MAX_DF, exclude)
    copies = {
        n: plain[n] + chain[n]
        for n in plain.keys() | chain.keys()
        if plain[n] >= COPY_MIN_SHARED and plain[n] + chain[n] >= COPY_MIN_EVIDENCE
    }
    long_ = _representatives(conn, features.copy, exclude)
    for n, c in long_.items():
        if c >= LONG_MIN_SHARED and c >= LONG_MIN_SHARE * len(features.copy):
            copies[n] = max(copies.get(n, 0), c)
    copies = dict(sorted(copies.items(), key=lambda item: (-item[1], item[0]))[:COPY_NEIGHBOURS])
    story = _shared(conn, "story", features.story, STORY_MAX_DF, exclude)
    taken = set(same) | set(copies)
    # as in the batch, pairs that are also copy candidates take neighbour places too
    best = sorted(
        (n for n, c in story.items() if c >= STORY_MIN_SHARED), key=lambda n: (-story[n], n)
    )[:STORY_NEIGHBOURS]
    near = [n for n in best if n not in taken]
    ranked = sorted((n for n in copies if n not in same), key=lambda n: (-copies[n], n))
    found: Found = [(n, True) for n in same] + [(n, True) for n in ranked]
    found += [(n, False) for n in near]
    return found[:QUERY_CAP]
