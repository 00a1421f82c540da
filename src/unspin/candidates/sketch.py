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

Everything runs on whole batches: each word is hashed with a polynomial hash (Karp & Rabin,
1987), so Python never loops over words. The C extension (:mod:`unspin.native`) does it in one
loop over the bytes and builds fingerprints, chains and story terms per document in C
(about 40 us for a 600-word article); its numpy twins here (one byte array per batch, words
found by comparing neighbouring bytes, hashes from prefix sums; about 190 us) give the same
arrays and run where the extension is not built. The word
boundaries differ slightly from :func:`unspin.text.tokenize` (apostrophes split words here);
that is harmless, because sketches are only ever compared with other sketches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from unspin.config import CONFIG
from unspin.native import speedups as _speedups
from unspin.text import stopwords

SAMPLE = CONFIG.candidates.sample
"""One content-word pair in ``SAMPLE`` (by hash value) is kept as a fingerprint."""
STORY_TERMS = CONFIG.candidates.story_terms
"""Rarest content words kept per document for same-story candidate search."""
STORY_MAX_ZIPF = CONFIG.candidates.story_max_zipf
"""Only words rarer than this (Zipf scale) can be story terms: "government" is not, "Kursk" is."""

_BASE = np.uint64(0x100000001B3)  # odd, so invertible modulo 2**64
_BASE_INV = np.uint64(pow(0x100000001B3, -1, 2**64))
_MIX = np.uint64(0x9E3779B97F4A7C15)
_CHAIN = np.uint64(0xD6E8FEB86659FD93)
U64 = NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class Sketch:
    """Candidate-search features of one document."""

    copy: U64
    """Sampled hashes of consecutive content-word pairs (distinct, sorted)."""
    story: U64
    """Hashes of the rarest content words (distinct, sorted)."""
    chain: U64
    """Hashes of each two consecutive copy fingerprints (distinct, sorted)."""


@dataclass(frozen=True, slots=True)
class Packed:
    """One kind of feature for many documents in two arrays: document ``k`` has
    ``values[offsets[k]:offsets[k + 1]]``. Shipping and concatenating two arrays per batch is
    far cheaper than one small array per document (pickling, memory, ``np.concatenate``)."""

    values: U64
    offsets: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def lengths(self) -> NDArray[np.int64]:
        """Number of values of each document."""
        return np.diff(self.offsets)

    def doc_index(self) -> NDArray[np.int64]:
        """The document of each value."""
        return np.repeat(np.arange(len(self), dtype=np.int64), self.lengths())

    def split(self) -> list[U64]:
        """One array per document."""
        return np.split(self.values, self.offsets[1:-1])

    def take(self, order: NDArray[np.int64]) -> Packed:
        """The documents ``order[0], order[1], ...`` of this pack, in that order."""
        lengths = self.lengths()[order]
        offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        gather = np.repeat(self.offsets[order] - offsets[:-1], lengths)
        gather += np.arange(len(gather), dtype=np.int64)
        return Packed(self.values[gather], offsets)

    @staticmethod
    def from_arrays(arrays: Sequence[U64]) -> Packed:
        """Pack one array per document."""
        lengths = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
        values = np.concatenate(arrays) if arrays else np.empty(0, dtype=np.uint64)
        return Packed(values.astype(np.uint64), np.concatenate(([0], np.cumsum(lengths))))

    @staticmethod
    def concat(parts: Sequence[Packed]) -> Packed:
        """The documents of several packs, in order."""
        if not parts:
            return Packed(np.empty(0, dtype=np.uint64), np.zeros(1, dtype=np.int64))
        bases = np.cumsum([0] + [len(p.values) for p in parts[:-1]])
        tails = [p.offsets[1:] + b for p, b in zip(parts, bases, strict=True)]
        offsets = [parts[0].offsets[:1], *tails]
        return Packed(np.concatenate([p.values for p in parts]), np.concatenate(offsets))


_POWERS: dict[int, U64] = {}


def _powers(base: np.uint64, n: int) -> U64:
    """``base**k`` modulo 2**64 for ``k < n``, from a table that only ever grows.

    Every batch needs these for its whole byte length; recomputing them cost a sixth of
    sketching time.
    """
    table = _POWERS.get(int(base))
    if table is None or len(table) < n:
        size = max(n, 2 * len(table) if table is not None else 1 << 20)
        fresh = np.full(size, base, dtype=np.uint64)
        fresh[0] = 1
        with np.errstate(over="ignore"):
            table = np.cumprod(fresh, dtype=np.uint64)
        _POWERS[int(base)] = table
    return table[:n]


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
    """Sorted word hashes of wordfreq's English list and their Zipf frequencies.

    Built once per wordfreq version and kept in unspin's cache folder: building it (reading
    the list and hashing 300 k words) took a second in every worker of every scan.
    """
    from unspin.text.lexicon import cache_name, cached_arrays

    # v1: the hash of word_hashes; change the name whenever that hash changes
    name = cache_name("rarity-v1", "wordfreq")
    hashes, zipfs = cached_arrays(name, _build_rarity_table)
    return np.asarray(hashes, dtype=np.uint64), np.asarray(zipfs, dtype=np.float32)


def _build_rarity_table() -> tuple[U64, NDArray[np.float32]]:
    from unspin.text.lexicon import word_frequencies

    freqs = word_frequencies()
    words = [w for w in freqs if w.isalnum() and w.isascii()]
    hashes = hash_words(words)
    zipfs = np.log10(np.array([freqs[w] for w in words], dtype=np.float64)) + 9.0
    order = np.argsort(hashes, kind="stable")
    return hashes[order], zipfs[order].astype(np.float32)


def zipf_of(hashes: U64) -> NDArray[np.float32]:
    """Zipf frequency of each word hash (0 for words wordfreq does not know)."""
    table, zipfs = _rarity_table()
    uniq, inverse = np.unique(hashes, return_inverse=True)
    pos = np.minimum(np.searchsorted(table, uniq), len(table) - 1)
    return np.where(table[pos] == uniq, zipfs[pos], np.float32(0.0))[inverse]


_SLOTS = np.uint64(1 << 16)


@lru_cache(maxsize=1)
def _stop_slots() -> U64:
    """Open table of stopword hashes indexed by their low 16 bits (0 = empty slot)."""
    stops = _stop_hashes()
    slots = np.zeros(int(_SLOTS), dtype=np.uint64)
    lows = stops % _SLOTS
    if len(np.unique(lows)) != len(stops):  # pragma: no cover - checked by a test
        raise AssertionError("stopword hashes collide in the slot table")
    slots[lows.astype(np.int64)] = stops
    return slots


def _is_stopword(hashes: U64) -> NDArray[np.bool_]:
    # one gather instead of a sort-based isin: about 10x faster on a batch
    found: NDArray[np.bool_] = _stop_slots()[(hashes % _SLOTS).astype(np.int64)] == hashes
    return found


def _grouped_unique(doc: NDArray[np.int64], keys: U64, n_docs: int) -> Packed:
    """Distinct ``keys`` of each document, sorted, packed by document."""
    order = np.lexsort((keys, doc))
    doc, keys = doc[order], keys[order]
    fresh = np.ones(len(keys), dtype=bool)
    fresh[1:] = (keys[1:] != keys[:-1]) | (doc[1:] != doc[:-1])
    doc, keys = doc[fresh], keys[fresh]
    return Packed(keys, np.searchsorted(doc, np.arange(n_docs + 1)).astype(np.int64))


def _pair_fingerprints(content: U64, doc: NDArray[np.int64], n_docs: int) -> tuple[Packed, Packed]:
    same_doc = doc[1:] == doc[:-1]
    with np.errstate(over="ignore"):
        nxt = content[1:]
        pairs = content[:-1] * _MIX + (nxt ^ (nxt >> np.uint64(29)))
        mixed = pairs ^ (pairs >> np.uint64(31))
    keep = same_doc & (mixed % np.uint64(SAMPLE) == 0)
    sampled, where = pairs[keep], doc[:-1][keep]
    chained, same = _chain(sampled, where)
    return (
        _grouped_unique(where, sampled, n_docs),
        _grouped_unique(where[1:][same], chained, n_docs),
    )


def _chain(sampled: U64, where: NDArray[np.int64]) -> tuple[U64, NDArray[np.bool_]]:
    """Hashes of each two consecutive fingerprints of one document, and where they exist.

    A stock phrase ("prime minister") is a fingerprint of thousands of documents and gets
    dropped from candidate search as too common; two fingerprints in a row are specific to
    one passage, so a reused passage made of common phrases is still found.
    """
    same: NDArray[np.bool_] = where[1:] == where[:-1]
    with np.errstate(over="ignore"):
        joined = (sampled[:-1] ^ _CHAIN) * _MIX + sampled[1:]
    return joined[same], same


def _story_terms(
    content: U64, doc: NDArray[np.int64], rare: NDArray[np.bool_], n_docs: int
) -> Packed:
    """The ``STORY_TERMS`` rarest distinct words of each document (ties by hash)."""
    zipfs = zipf_of(content)
    keep = rare & (zipfs <= STORY_MAX_ZIPF)
    content, doc, zipfs = content[keep], doc[keep], zipfs[keep]
    order = np.lexsort((content, zipfs, doc))
    content, doc = content[order], doc[order]
    fresh = np.ones(len(content), dtype=bool)
    # a word repeated in a document sorts next to itself (same Zipf value, same hash)
    fresh[1:] = (content[1:] != content[:-1]) | (doc[1:] != doc[:-1])
    content, doc = content[fresh], doc[fresh]
    starts = np.searchsorted(doc, np.arange(n_docs))
    rank = np.arange(len(doc)) - starts[doc]
    top = rank < STORY_TERMS
    return _grouped_unique(doc[top], content[top], n_docs)


def content_words(texts: Sequence[str]) -> tuple[U64, NDArray[np.int64], NDArray[np.bool_]]:
    """Hashes of the content words of a batch of texts, in reading order.

    Returns ``(hashes, doc, numeric)``: each content word's hash, the index of its text in
    ``texts``, and whether it starts with a digit. One numpy pass over all the bytes.
    """
    if _speedups is not None:  # lower-cases and encodes as it reads, as below
        hashes, doc, numeric = _speedups.content_words(texts, _stop_slots())
        return (
            np.frombuffer(hashes, dtype=np.uint64),
            np.frombuffer(doc, dtype=np.int64),
            np.frombuffer(numeric, dtype=np.bool_),
        )
    return _content_words_numpy([t.lower().encode("utf-8", errors="replace") for t in texts])


def _content_words_numpy(
    encoded: Sequence[bytes],
) -> tuple[U64, NDArray[np.int64], NDArray[np.bool_]]:
    """:func:`content_words` of lower-cased UTF-8 texts with numpy alone (the extension's twin)."""
    data = np.frombuffer(b" ".join(encoded), dtype=np.uint8)
    hashes, starts, ends = word_hashes(data)
    bounds = np.cumsum([0] + [len(e) + 1 for e in encoded])
    doc = (np.searchsorted(bounds, starts, side="right") - 1).astype(np.int64)
    content = ((ends - starts) > 1) & ~_is_stopword(hashes)
    numeric: NDArray[np.bool_] = data[starts[content]] < 58
    return hashes[content], doc[content], numeric


def sketch_packed(texts: Sequence[str]) -> tuple[Packed, Packed, Packed]:
    """Copy fingerprints, story terms and fingerprint chains of a batch of texts, packed.

    One numpy pass over all their bytes; the features of each text do not depend on the
    other texts of the batch.
    """
    hashes, doc, numeric = content_words(texts)
    if _speedups is not None:
        return _features_c(hashes, doc, numeric, len(texts))
    copies, chains = _pair_fingerprints(hashes, doc, len(texts))
    stories = _story_terms(hashes, doc, ~numeric, len(texts))
    return copies, stories, chains


@lru_cache(maxsize=1)
def _zipf_lookup() -> bytearray:
    """The rarity table as the C extension's open-addressing lookup table (16-byte slots of
    hash and Zipf value: one cache line per lookup)."""
    table, zipfs = _rarity_table()
    return _speedups.zipf_table(table, zipfs)


def _features_c(
    hashes: U64, doc: NDArray[np.int64], numeric: NDArray[np.bool_], n_docs: int
) -> tuple[Packed, Packed, Packed]:
    """:func:`_pair_fingerprints` and :func:`_story_terms` in one C pass (same output)."""
    parts = _speedups.sketch_features(
        hashes, doc, numeric, n_docs, _zipf_lookup(), SAMPLE, STORY_TERMS, STORY_MAX_ZIPF
    )
    packs = [
        Packed(np.frombuffer(values, dtype=np.uint64), np.frombuffer(offsets, dtype=np.int64))
        for values, offsets in zip(parts[::2], parts[1::2], strict=True)
    ]
    return packs[0], packs[1], packs[2]


def sketch_batch(texts: Sequence[str]) -> list[Sketch]:
    """Sketch a batch of texts at once, one :class:`Sketch` per text."""
    copies, stories, chains = sketch_packed(texts)
    parts = zip(copies.split(), stories.split(), chains.split(), strict=True)
    return [Sketch(*p) for p in parts]
