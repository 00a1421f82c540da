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
    ranges = sentence_ranges(tokens, text)
    stems = [{_stem(w): w for w in tokens.words[lo:hi] if is_content(w)} for lo, hi in ranges]
    spread: dict[str, int] = {}
    for found in stems:
        for stem in found:
            spread[stem] = spread.get(stem, 0) + 1
    return [
        Sentence(lo, hi, {st: _word_weight(w) / spread[st] for st, w in found.items()})
        for (lo, hi), found in zip(ranges, stems, strict=True)
        if len(found) >= MIN_SENTENCE_WORDS
    ]


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
    if not xs or not ys:
        return [[0.0] * len(ys) for _ in xs]
    vocab: dict[str, int] = {}
    for sentence in (*xs, *ys):
        for word in sentence.bag:
            vocab.setdefault(word, len(vocab))
    weights_x, present_y = _bag_matrix(xs, vocab), _bag_matrix(ys, vocab) > 0
    shared = weights_x @ present_y.T.astype(np.float64)
    lighter = np.maximum(1e-9, np.minimum.outer([x.weight for x in xs], [y.weight for y in ys]))
    sims: list[list[float]] = (shared / lighter).tolist()
    for i, j in zip(*np.nonzero(shared >= SYNONYM_FLOOR * lighter), strict=True):
        sims[i][j] = similarity(xs[i], ys[j])
    return sims


def _bag_matrix(sentences: list[Sentence], vocab: dict[str, int]) -> NDArray[np.float64]:
    out = np.zeros((len(sentences), len(vocab)), dtype=np.float64)
    for row, sentence in enumerate(sentences):
        for word, weight in sentence.bag.items():
            out[row, vocab[word]] = weight
    return out


def align_sentences(xs: list[Sentence], ys: list[Sentence]) -> list[tuple[int, int, float]]:
    """Best monotone pairing ``(i, j, similarity)`` of corresponding sentences."""
    n, m = len(xs), len(ys)
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
    xs, ys = sentences(ta, a), sentences(tb, b)
    pairs = align_sentences(xs, ys)
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
