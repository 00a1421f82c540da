"""Document fingerprints for candidate search: features that survive an article spinner.

Plain word 5-gram shingles break at every swapped word: with 30 % of words swapped, fewer than
one 5-gram in five survives. unspin fingerprints a document by the **pairs of consecutive
content words** (function words skipped), hashed, and keeps the hashes that are ``0 mod
SAMPLE`` (Manber, 1994, "Finding similar files in a large file system"). The selection depends
on the hash alone, not on its neighbours, so every shared pair is kept in both documents or in
neither. Winnowing (Schleimer et al., 2003) would not do: it only guarantees a shared
fingerprint for *runs* of shared pairs, and a spinner leaves runs of one or two. A spun copy
keeps about a third of its content-word pairs, so a 600-word copy shares about 25 fingerprints
with its original; a verbatim passage of 60 words shares about 7.

Separately, each document gets **story terms**: its rarest names and content words, the
evidence that two independent reports cover one event.
"""

from __future__ import annotations

import numpy as np
import xxhash
from numpy.typing import NDArray

from unspin.lexicon import zipf
from unspin.text import Tokens, is_content

SAMPLE = 4
"""One content-word pair in ``SAMPLE`` (by hash value) is kept as a fingerprint."""
WINNOW = 4
"""Window for :func:`winnow` (kept for near-duplicate fingerprints of long texts)."""
STORY_TERMS = 24
"""Rarest content words kept per document for same-story candidate search."""
STORY_MAX_ZIPF = 4.5
"""Only words rarer than this (Zipf scale) can be story terms: "government" is not, "Kursk" is."""

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_MIX = np.uint64(0x9E3779B97F4A7C15)


class WordHasher:
    """Stable 64-bit word hashes, cached per distinct word (a vocabulary is small)."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def __call__(self, words: list[str]) -> NDArray[np.uint64]:
        """Hashes of ``words`` in order."""
        cache = self._cache
        out = np.empty(len(words), dtype=np.uint64)
        for k, w in enumerate(words):
            h = cache.get(w)
            if h is None:
                h = cache[w] = int(xxhash.xxh64_intdigest(w.encode()))
            out[k] = h
        return out


def winnow(hashes: NDArray[np.uint64], window: int = WINNOW) -> NDArray[np.uint64]:
    """Distinct minima of every window of ``window`` consecutive hashes (all if fewer)."""
    if len(hashes) <= window:
        return np.unique(hashes)
    view = np.lib.stride_tricks.sliding_window_view(hashes, window)
    return np.unique(view.min(axis=1))


def copy_fingerprints(tokens: Tokens, hasher: WordHasher) -> NDArray[np.uint64]:
    """Sampled hashes of consecutive content-word pairs of one document (distinct, sorted)."""
    content = [w for w in tokens.words if is_content(w)]
    if len(content) < 2:
        return np.empty(0, dtype=np.uint64)
    h = hasher(content)
    with np.errstate(over="ignore"):
        pairs = (h[:-1] * _MIX + (h[1:] ^ (h[1:] >> np.uint64(29)))) & _MASK
    mixed = pairs ^ (pairs >> np.uint64(31))
    return np.unique(pairs[mixed % np.uint64(SAMPLE) == 0])


def story_terms(tokens: Tokens, hasher: WordHasher, limit: int = STORY_TERMS) -> NDArray[np.uint64]:
    """Hashes of the ``limit`` rarest content words (ties broken by the word itself)."""
    seen = {w for w in tokens.words if is_content(w) and not w[:1].isdigit()}
    rare = sorted((zipf(w), w) for w in seen if zipf(w) <= STORY_MAX_ZIPF)[:limit]
    return hasher([w for _, w in rare])
