"""Sentence-level alignment: catch free rewrites that keep the content and order of a text.

A person or a language model rewording an article changes most of the wording, so word-level
passage alignment finds little. What survives is the *content of each sentence, in order*: the
rewrite says the same things, sentence after sentence, with the same names, numbers and most of
the rare words (or their synonyms). Independent reports of one event share a few facts, but
not the sequence of every sentence.

Each sentence becomes a weighted bag of content words (weights from general-English rarity, as
in :mod:`unspin.story.profile`). Two sentences are similar when their shared weight (exact words
plus thesaurus synonyms) is a large share of the smaller bag. A monotone alignment (a weighted
longest common subsequence, as in sentence alignment of parallel texts, Gale & Church 1993)
picks the best in-order pairing, and the verdict uses the share of each text it covers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from unspin.config import CONFIG
from unspin.native import speedups as _speedups
from unspin.text import Tokens, is_content, sentence_ranges, suffix_stem
from unspin.text.lexicon import is_synonym, zipf

MIN_SENTENCE_SIM = CONFIG.paraphrase.min_sentence_sim
"""Two sentences correspond when their shared weight reaches this share of the smaller one."""
MIN_COVERAGE = CONFIG.paraphrase.min_coverage
"""A rewrite covers at least this share of the shorter text's words with aligned sentences."""
MIN_LONG_COVERAGE = CONFIG.paraphrase.min_long_coverage
"""... and at least this share of the longer text's words."""
MIN_SENTENCES = CONFIG.paraphrase.min_sentences
"""Fewest aligned sentences for a paraphrase verdict (a few lines can agree by chance)."""
SYNONYM_FLOOR = CONFIG.paraphrase.synonym_floor
"""Synonyms are looked up only for sentence pairs already sharing this share of exact words."""
MIN_SENTENCE_WORDS = CONFIG.paraphrase.min_sentence_words
"""Sentences with fewer content words (headlines, datelines, bylines) are not aligned."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a token range ``[lo, hi)`` and its weighted content words."""

    lo: int
    hi: int
    bag: dict[str, float]

    @property
    def weight(self) -> float:
        """Total weight of the bag."""
        return sum(self.bag.values())


_stem = suffix_stem


def _word_weight(word: str) -> float:
    return 4.0 if word[:1].isdigit() else max(0.5, 7.5 - zipf(word))


def sentences(tokens: Tokens, text: str) -> list[Sentence]:
    """The sentences of ``text`` with at least one content word.

    A word's weight is its rarity divided by the number of sentences of the text that use it:
    the names and topic words an article repeats throughout say which story it is, not which
    sentence this is, and independent reports of one story share exactly those.
    """
    return _make_bags(tokens, text).sentences


@dataclass(frozen=True, slots=True)
class _Bags:
    """A text's sentences, and their bags as arrays for :func:`_exact_shares`: per entry (in
    the bags' own order) the sentence, the stem's id in :data:`_STEM_IDS` and its weight."""

    sentences: list[Sentence]
    rows: NDArray[np.int64]
    ids: NDArray[np.int64]
    weights: NDArray[np.float64]


_FUNCTION_WORD = ("", 0.0)
_WORDS: dict[str, tuple[str, float]] = {}
"""Stem and weight of each content word seen (:data:`_FUNCTION_WORD` for the others): a
sentence bag costs one lookup a word (on AP newswire, 2026-12-07: 3.2 -> 0.6 ms a text)."""
_STEM_IDS: dict[str, int] = {}
"""Stems numbered as first seen in this process, for the exact-share matrices."""
_MAX_WORDS = 1 << 20


def _word_info(word: str) -> tuple[str, float]:
    info = _WORDS.get(word)
    if info is None:
        info = (_stem(word), _word_weight(word)) if is_content(word) else _FUNCTION_WORD
        _WORDS[word] = info
    return info


def _make_bags(tokens: Tokens, text: str) -> _Bags:
    if len(_WORDS) > _MAX_WORDS:
        _WORDS.clear()
    ranges = sentence_ranges(tokens, text)
    if _speedups is not None and type(tokens.words) is tuple:
        # the same dicts through the C API (0.8 -> about 0.2 ms an AP article, 2026-12-07)
        kept_raw, raw_rows, raw_ids, raw_weights = _speedups.sentence_bags(
            tokens.words, list(ranges), _WORDS, _word_info, _STEM_IDS, MIN_SENTENCE_WORDS
        )
        return _Bags(
            [Sentence(lo, hi, bag) for lo, hi, bag in kept_raw],
            np.frombuffer(raw_rows, dtype=np.int64),
            np.frombuffer(raw_ids, dtype=np.int64),
            np.frombuffer(raw_weights, dtype=np.float64),
        )
    words = tokens.words
    found: list[dict[str, tuple[str, float]]] = []
    spread: dict[str, int] = {}
    for lo, hi in ranges:
        # the last word of a stem gives its weight, as {stem(w): w for w in ...} would
        bag = {info[0]: info for w in words[lo:hi] if (info := _word_info(w))[0]}
        for stem in bag:
            spread[stem] = spread.get(stem, 0) + 1
        found.append(bag)
    kept = [
        Sentence(lo, hi, {st: info[1] / spread[st] for st, info in bag.items()})
        for (lo, hi), bag in zip(ranges, found, strict=True)
        if len(bag) >= MIN_SENTENCE_WORDS
    ]
    ids = _STEM_IDS
    rows = [k for k, x in enumerate(kept) for _ in x.bag]
    stems = [ids.setdefault(st, len(ids)) for x in kept for st in x.bag]
    weights = [w for x in kept for w in x.bag.values()]
    return _Bags(
        kept,
        np.array(rows, dtype=np.int64),
        np.array(stems, dtype=np.int64),
        np.array(weights, dtype=np.float64),
    )


def similarity(x: Sentence, y: Sentence) -> float:
    """Shared weight (exact, then synonym) as a share of the lighter sentence's weight."""
    shared = sum(v for w, v in x.bag.items() if w in y.bag)
    lighter = max(1e-9, min(x.weight, y.weight))
    if shared < SYNONYM_FLOOR * lighter:
        return shared / lighter  # synonyms cannot lift it to a match: skip the lookups
    rest_x = [w for w in x.bag if w not in y.bag]
    rest_y = [w for w in y.bag if w not in x.bag]
    for w in rest_x:
        if any(is_synonym(w, v) for v in rest_y):
            shared += 0.8 * x.bag[w]
    return min(1.0, shared / lighter)


def similarity_matrix(xs: list[Sentence], ys: list[Sentence]) -> list[list[float]]:
    """:func:`similarity` of every sentence pair, the exact-word part as one matrix product.

    Most pairs of two articles share too little to reach :data:`SYNONYM_FLOOR`; their
    similarity is the shared exact weight alone, computed for all pairs at once. Only the
    pairs above the floor go through the per-pair synonym lookups.
    """
    shared, lighter = _exact_shares(xs, ys)
    return _with_synonyms(xs, ys, shared, lighter)


def _exact_shares(
    xs: list[Sentence] | _Bags, ys: list[Sentence] | _Bags
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Shared exact weight of every sentence pair, and the lighter sentence's weight.

    The columns are the stems in order of first appearance in ``xs`` then ``ys``, so that
    the matrix product sums in one fixed order whatever else the process has seen.
    """
    bx, by = _as_bags(xs), _as_bags(ys)
    n, m = len(bx.sentences), len(by.sentences)
    if not n or not m:
        empty = np.zeros((n, m), dtype=np.float64)
        return empty, empty + 1e-9
    both = np.concatenate((bx.ids, by.ids))
    stems, first, inverse = np.unique(both, return_index=True, return_inverse=True)
    rank = np.empty(len(stems), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(stems))
    column = rank[inverse]
    weights_x = np.zeros((n, len(stems)), dtype=np.float64)
    weights_x[bx.rows, column[: len(bx.ids)]] = bx.weights
    present_y = np.zeros((m, len(stems)), dtype=np.float64)
    present_y[by.rows, column[len(bx.ids) :]] = 1.0
    shared = weights_x @ present_y.T
    lighter = np.maximum(
        1e-9,
        np.minimum.outer([x.weight for x in bx.sentences], [y.weight for y in by.sentences]),
    )
    return shared, lighter


def _as_bags(found: list[Sentence] | _Bags) -> _Bags:
    if isinstance(found, _Bags):
        return found
    ids = _STEM_IDS
    return _Bags(
        found,
        np.array([k for k, x in enumerate(found) for _ in x.bag], dtype=np.int64),
        np.array([ids.setdefault(st, len(ids)) for x in found for st in x.bag], dtype=np.int64),
        np.array([w for x in found for w in x.bag.values()], dtype=np.float64),
    )


def _with_synonyms(
    xs: list[Sentence],
    ys: list[Sentence],
    shared: NDArray[np.float64],
    lighter: NDArray[np.float64],
) -> list[list[float]]:
    sims: list[list[float]] = (shared / lighter).tolist()
    for i, j in zip(*np.nonzero(shared >= SYNONYM_FLOOR * lighter), strict=True):
        sims[i][j] = 0.0 if _other_figures(xs[i], ys[j]) else similarity(xs[i], ys[j])
    return sims


def _other_figures(x: Sentence, y: Sentence) -> bool:
    """Both sentences give figures and share none of them: the same form filled with other
    facts (a market report, a results table), which a rewrite never is: it keeps the
    figures of its source (:mod:`unspin.verify.facts`)."""
    fx = {w for w in x.bag if w[:1].isdigit()}
    fy = {w for w in y.bag if w[:1].isdigit()}
    return bool(fx) and bool(fy) and not fx & fy


def align_sentences(
    xs: list[Sentence], ys: list[Sentence], sims: list[list[float]] | None = None
) -> list[tuple[int, int, float]]:
    """Best monotone pairing ``(i, j, similarity)`` of corresponding sentences (``sims``:
    their :func:`similarity_matrix`, computed here when not given)."""
    n, m = len(xs), len(ys)
    if sims is None:
        sims = similarity_matrix(xs, ys)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sims[i][j] + best[i + 1][j + 1] if sims[i][j] >= MIN_SENTENCE_SIM else 0.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int, int, float]] = []
    i = j = 0
    while i < n and j < m:
        s = sims[i][j]
        if s >= MIN_SENTENCE_SIM and abs(best[i][j] - (s + best[i + 1][j + 1])) < 1e-9:
            pairs.append((i, j, s))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass(frozen=True, slots=True)
class Rewrite:
    """Aligned sentence pairs as token ranges, with the share of each text they cover."""

    pairs: tuple[tuple[tuple[int, int], tuple[int, int]], ...]
    coverage_a: float
    coverage_b: float
    mean_similarity: float


def find_rewrite(ta: Tokens, a: str, tb: Tokens, b: str) -> Rewrite | None:
    """The in-order sentence correspondence of two texts, or None when too little aligns."""
    bx, by = _sentences(ta, a), _sentences(tb, b)
    xs, ys = bx.sentences, by.sentences
    shared, lighter = _exact_shares(bx, by)
    if not _may_cover(xs, ys, shared >= SYNONYM_FLOOR * lighter, len(ta), len(tb)):
        return None
    pairs = align_sentences(xs, ys, _with_synonyms(xs, ys, shared, lighter))
    if len(pairs) < MIN_SENTENCES:
        return None
    words_a = sum(xs[i].hi - xs[i].lo for i, _, _ in pairs)
    words_b = sum(ys[j].hi - ys[j].lo for _, j, _ in pairs)
    cov_a, cov_b = words_a / max(1, len(ta)), words_b / max(1, len(tb))
    short, long_ = (cov_a, cov_b) if len(ta) <= len(tb) else (cov_b, cov_a)
    if short < MIN_COVERAGE or long_ < MIN_LONG_COVERAGE:
        return None
    return Rewrite(
        pairs=tuple(((xs[i].lo, xs[i].hi), (ys[j].lo, ys[j].hi)) for i, j, _ in pairs),
        coverage_a=cov_a,
        coverage_b=cov_b,
        mean_similarity=sum(s for _, _, s in pairs) / len(pairs),
    )


def _may_cover(
    xs: list[Sentence], ys: list[Sentence], open_: NDArray[np.bool_], len_a: int, len_b: int
) -> bool:
    """Whether enough sentences *can* align for a rewrite verdict, before any synonym lookup.

    A sentence pair below :data:`SYNONYM_FLOOR` on exact words keeps its exact similarity,
    under :data:`MIN_SENTENCE_SIM`, so only the ``open_`` pairs can ever align: the sentences
    that have one bound the aligned count and coverage from above. Exact (the verdict is the
    one the full alignment gives); on AP newswire it settles most same-story pairs without
    the synonym lookups and the alignment (measured 2026-12-04).
    """
    rows: list[bool] = np.asarray(open_.any(axis=1)).tolist()
    cols: list[bool] = np.asarray(open_.any(axis=0)).tolist()
    if min(sum(rows), sum(cols)) < MIN_SENTENCES:
        return False
    words_a = sum(x.hi - x.lo for x, ok in zip(xs, rows, strict=True) if ok)
    words_b = sum(y.hi - y.lo for y, ok in zip(ys, cols, strict=True) if ok)
    cov_a, cov_b = words_a / max(1, len_a), words_b / max(1, len_b)
    short, long_ = (cov_a, cov_b) if len_a <= len_b else (cov_b, cov_a)
    return short >= MIN_COVERAGE and long_ >= MIN_LONG_COVERAGE


_CACHE_SIZE = 4096
_SENTENCES: dict[int, tuple[Tokens, _Bags]] = {}


def _sentences(tokens: Tokens, text: str) -> _Bags:
    """:func:`sentences` with their arrays, kept for the tokens object while it lives in this
    cache: a verification batch compares each document with several others. The entry holds
    the tokens themselves, so their ``id`` cannot be reused for another text while cached."""
    hit = _SENTENCES.get(id(tokens))
    if hit is not None and hit[0] is tokens:
        return hit[1]
    if len(_SENTENCES) >= _CACHE_SIZE:
        _SENTENCES.clear()
    found = _make_bags(tokens, text)
    _SENTENCES[id(tokens)] = (tokens, found)
    return found
