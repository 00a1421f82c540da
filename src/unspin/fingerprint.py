"""Document fingerprints for candidate search: features that survive an article spinner.

Plain word 5-gram shingles break at every swapped word: with 30 % of words swapped, fewer than
one 5-gram in five survives. unspin fingerprints a document by the **pairs of consecutive
content words** (function words skipped), hashed, and keeps a **winnowed** subset: the minimum
hash of every window of ``WINNOW`` consecutive pairs (Schleimer, Wilkerson & Aiken, 2003,
"Winnowing: local algorithms for document fingerprinting"). Winnowing guarantees that any
run of ``WINNOW`` shared pairs yields a shared fingerprint, so short reused passages are found
as well as whole copies, and a spun copy, which keeps about half of its content-word pairs,
shares dozens of fingerprints with its original.

Separately, each document gets **story terms**: its rarest names and content words, the
evidence that two independent reports cover one event.
"""

from __future__ import annotations

import numpy as np
import xxhash
from numpy.typing import NDArray

from unspin.lexicon import zipf
from unspin.text import Tokens, is_content

WINNOW = 4
"""Window of consecutive content-word pairs from which the minimum hash is kept."""
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
    """Winnowed hashes of consecutive content-word pairs of one document."""
    content = [w for w in tokens.words if is_content(w)]
    if len(content) < 2:
        return np.empty(0, dtype=np.uint64)
    h = hasher(content)
    with np.errstate(over="ignore"):
        pairs = (h[:-1] * _MIX + (h[1:] ^ (h[1:] >> np.uint64(29)))) & _MASK
    return winnow(pairs)


def story_terms(tokens: Tokens, hasher: WordHasher, limit: int = STORY_TERMS) -> NDArray[np.uint64]:
    """Hashes of the ``limit`` rarest content words (ties broken by the word itself)."""
    seen = {w for w in tokens.words if is_content(w) and not w[:1].isdigit()}
    rare = sorted((zipf(w), w) for w in seen if zipf(w) <= STORY_MAX_ZIPF)[:limit]
    return hasher([w for _, w in rare])
