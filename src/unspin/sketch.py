"""Vectorised document sketches for candidate search: features that survive an article spinner.

Plain word 5-gram shingles break at every swapped word: with 30 % of words swapped, fewer than
one 5-gram in five survives. unspin sketches a document by the **pairs of consecutive content
words** (function words skipped), hashed, and keeps the hashes that are ``0 mod SAMPLE``
(Manber, 1994, "Finding similar files in a large file system"). The selection depends on the
hash alone, not on its neighbours, so a shared pair is kept in both documents or in neither.
Winnowing (Schleimer et al., 2003) would not do: it guarantees a shared fingerprint only for
*runs* of shared pairs, and a spinner leaves runs of one or two. A spun copy keeps about a
third of its content-word pairs, so a 600-word copy shares about 25 fingerprints with its
original; a verbatim passage of 60 words shares about 7.

Each document also gets **story terms**: its rarest content words (general-English rarity from
``wordfreq``), the evidence that two independent reports cover one event.

Everything runs on whole batches with numpy: a batch of texts becomes one byte array, words are
found by comparing neighbouring bytes, and each word is hashed with a polynomial rolling hash
computed from prefix sums (Karp & Rabin, 1987), so Python never loops over words. The word
boundaries differ slightly from :func:`unspin.text.tokenize` (apostrophes split words here);
that is harmless, because sketches are only ever compared with other sketches.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from unspin.text import stopwords

SAMPLE = 4
"""One content-word pair in ``SAMPLE`` (by hash value) is kept as a fingerprint."""
STORY_TERMS = 24
"""Rarest content words kept per document for same-story candidate search."""
STORY_MAX_ZIPF = 4.5
"""Only words rarer than this (Zipf scale) can be story terms: "government" is not, "Kursk" is."""

_BASE = np.uint64(0x100000001B3)  # odd, so invertible modulo 2**64
_BASE_INV = np.uint64(pow(0x100000001B3, -1, 2**64))
_MIX = np.uint64(0x9E3779B97F4A7C15)
U64 = NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class Sketch:
    """Candidate-search features of one document."""

    copy: U64
    """Sampled hashes of consecutive content-word pairs (distinct, sorted)."""
    story: U64
    """Hashes of the rarest content words (distinct, sorted)."""


def _powers(base: np.uint64, n: int) -> U64:
    out = np.full(n, base, dtype=np.uint64)
    out[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(out, dtype=np.uint64)


def word_hashes(data: NDArray[np.uint8]) -> tuple[U64, NDArray[np.int64], NDArray[np.int64]]:
    """Hash every word of lower-cased UTF-8 bytes: ``(hashes, starts, ends)``.

    A word is a run of ASCII letters and digits and of non-ASCII bytes (letters of other
    scripts); the hash of bytes ``c_s..c_{e-1}`` is ``sum c_k * B**(k-s)`` modulo 2**64.
    """
    alnum = (((data >= 97) & (data <= 122)) | ((data >= 48) & (data <= 57)) | (data >= 128)).astype(
        np.int8
    )
    edges = np.diff(np.concatenate(([0], alnum, [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if len(starts) == 0:
        empty = np.empty(0, dtype=np.int64)
        return np.empty(0, dtype=np.uint64), empty, empty
    with np.errstate(over="ignore"):
        weighted = data.astype(np.uint64) * _powers(_BASE, len(data))
        prefix = np.concatenate(
            (np.zeros(1, dtype=np.uint64), np.cumsum(weighted, dtype=np.uint64))
        )
        hashes = (prefix[ends] - prefix[starts]) * _powers(_BASE_INV, len(data) + 1)[starts]
    return hashes, starts.astype(np.int64), ends.astype(np.int64)


def hash_words(words: Sequence[str]) -> U64:
    """Hashes of single words, as :func:`word_hashes` computes them inside text."""
    if not words:
        return np.empty(0, dtype=np.uint64)
    data = np.frombuffer(" ".join(words).encode("utf-8"), dtype=np.uint8)
    return word_hashes(data)[0]


@lru_cache(maxsize=1)
def _stop_hashes() -> U64:
    return np.unique(hash_words(sorted(stopwords())))


@lru_cache(maxsize=1)
def _rarity_table() -> tuple[U64, NDArray[np.float32]]:
    """Sorted word hashes of wordfreq's English list and their Zipf frequencies."""
    from unspin.lexicon import word_frequencies

    freqs = word_frequencies()
    words = [w for w in freqs if w.isalnum() and w.isascii()]
    hashes = hash_words(words)
    zipfs = np.log10(np.array([freqs[w] for w in words], dtype=np.float64)) + 9.0
    order = np.argsort(hashes, kind="stable")
    return hashes[order], zipfs[order].astype(np.float32)


def _zipf_of(hashes: U64) -> NDArray[np.float32]:
    table, zipfs = _rarity_table()
    pos = np.minimum(np.searchsorted(table, hashes), len(table) - 1)
    return np.where(table[pos] == hashes, zipfs[pos], np.float32(0.0))


def _pair_fingerprints(content: U64) -> U64:
    if len(content) < 2:
        return np.empty(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        nxt = content[1:]
        pairs = content[:-1] * _MIX + (nxt ^ (nxt >> np.uint64(29)))
        mixed = pairs ^ (pairs >> np.uint64(31))
    return np.unique(pairs[mixed % np.uint64(SAMPLE) == 0])


def _story_terms(content: U64, zipfs: NDArray[np.float32], digits: NDArray[np.bool_]) -> U64:
    keep = (zipfs <= STORY_MAX_ZIPF) & ~digits
    terms, first = np.unique(content[keep], return_index=True)
    order = np.lexsort((terms, zipfs[keep][first]))
    return np.sort(terms[order[:STORY_TERMS]])


def sketch_batch(texts: Sequence[str]) -> list[Sketch]:
    """Sketch a batch of texts at once (one numpy pass over all their bytes)."""
    encoded = [t.lower().encode("utf-8", errors="replace") for t in texts]
    data = np.frombuffer(b" ".join(encoded), dtype=np.uint8)
    hashes, starts, ends = word_hashes(data)
    bounds = np.cumsum([0] + [len(e) + 1 for e in encoded])
    doc_of = np.searchsorted(bounds, starts, side="right") - 1
    content = ((ends - starts) > 1) & ~np.isin(hashes, _stop_hashes())
    hashes, doc_of, digits = hashes[content], doc_of[content], data[starts[content]] < 58
    zipfs = _zipf_of(hashes)
    cuts = np.searchsorted(doc_of, np.arange(len(texts) + 1))
    return [
        Sketch(
            _pair_fingerprints(hashes[lo:hi]),
            _story_terms(hashes[lo:hi], zipfs[lo:hi], digits[lo:hi]),
        )
        for lo, hi in itertools.pairwise(cuts)
    ]
