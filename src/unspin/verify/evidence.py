"""Judge each aligned passage: is it reuse, and of which kind?

An aligned passage is *reuse* when most of its words are explained by the other text: either
identical, or swapped for a word the thesaurus links to it. Independent reports of one event
also share runs of words ("North Korean troops", "did not deny"), but between those runs the
wording differs freely, so few of their gaps are synonym swaps and their passages stay short.
This is the test that separates a spun copy from same-story coverage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from math import sqrt

from unspin.config import CONFIG
from unspin.models import Span, SpanKind
from unspin.native import speedups as _speedups
from unspin.text import Tokens
from unspin.text.lexicon import is_synonym, zipf
from unspin.verify.align import Passage

MIN_REUSE_WORDS = CONFIG.evidence.min_reuse_words
"""A passage must explain at least this many words per side to count as reuse."""
MIN_EXPLAINED = CONFIG.evidence.min_explained
"""Share of a passage's words that must be identical or synonym-swapped to count as reuse."""
MIN_MATCHED = CONFIG.evidence.min_matched
"""Words a passage must match in order, unless it keeps most of its wording in another order."""
BAG_MIN_KEPT = CONFIG.evidence.bag_min_kept
"""Share of the shorter side's words that a shuffled passage (under ``MIN_MATCHED`` words in
order) must keep in any order, function words included (containment, Broder 1997). Shuffling
moves words and keeps them; an independent retelling keeps the facts (names, numbers, topic
words) but changes the words around them."""
LONG_PASSAGE_WORDS = CONFIG.evidence.long_passage_words
"""Passages this long may be a little looser: chance alignment does not reach that length."""
LONG_MIN_EXPLAINED = CONFIG.evidence.long_min_explained
BAG_MIN_WORDS = MIN_REUSE_WORDS
"""A reordered passage (judged on its bag of words) needs this many words per side."""
BAG_ANCHORS = CONFIG.evidence.bag_anchors
"""(words on the shorter side, tf-isf cosine needed) at two lengths. Up to the longer anchor the
cosine needed falls as ``1 / sqrt(words)``, the way chance similarity of two bags of words falls
with their length, so short reordered passages need a much closer match than long ones; from
the longer anchor on it stays at that anchor's cosine."""
BAG_MIN_LIFT = CONFIG.evidence.bag_min_lift
"""How far the passage's cosine must exceed the rest of the two texts' (same-story baseline)."""
MIN_PROSE = CONFIG.evidence.min_prose
"""Share of common words a bag-judged passage needs: lists of names (line-ups, cast lists)
share their bag between independent reports, running prose does not."""
COMMON_ZIPF = CONFIG.evidence.common_zipf
"""Zipf frequency (Speer et al. 2018) from which a word counts as common English."""
SUMMARY_RATIO = CONFIG.evidence.summary_ratio
"""A passage this many times longer on one side is a condensed (summary) reuse."""
SUMMARY_MIN_WORDS = CONFIG.evidence.summary_min_words
SUMMARY_MIN_CONTAINMENT = CONFIG.evidence.summary_min_containment
SUMMARY_MIN_LIFT = CONFIG.evidence.summary_min_lift


@dataclass(frozen=True, slots=True)
class PassageEvidence:
    """A passage with the counts that decide whether and how it was reused."""

    passage: Passage
    synonym_swaps: int
    """Substitutions whose words the thesaurus links."""
    swapped_words: int
    """Words (both sides) inside synonym substitutions."""
    prose: float = 1.0
    """Share of the passage's words that are common English words (not names or codes)."""
    kept: float = 1.0
    """Share of the shorter side's words (all words, any order) that the other side also has."""

    @property
    def explained(self) -> float:
        """Share of the passage's words that are identical or synonym-swapped (Dice form)."""
        p = self.passage
        return (2 * p.matched + self.swapped_words) / max(1, p.a_len + p.b_len)

    @property
    def is_reuse(self) -> bool:
        """True when the passage is long and explained enough to be a copy, not chance."""
        p = self.passage
        words = min(p.a_len, p.b_len)
        if words < MIN_REUSE_WORDS:
            return False
        floor = LONG_MIN_EXPLAINED if words >= LONG_PASSAGE_WORDS else MIN_EXPLAINED
        if p.matched >= MIN_MATCHED:
            return self.explained >= floor or self.is_bag_reuse
        return self.kept >= BAG_MIN_KEPT and self.is_bag_reuse

    @property
    def is_condensed(self) -> bool:
        """True when one side is much longer: a summary of the other."""
        p = self.passage
        return max(p.a_len, p.b_len) >= SUMMARY_RATIO * min(p.a_len, p.b_len)

    @property
    def is_bag_reuse(self) -> bool:
        """Reuse judged on the bag of content words: reordered, translated or condensed."""
        p = self.passage
        words = min(p.a_len, p.b_len)
        lift = p.cosine - p.background
        if self.prose < MIN_PROSE:
            return False
        if self.is_condensed:
            return (
                words >= SUMMARY_MIN_WORDS
                and p.containment >= SUMMARY_MIN_CONTAINMENT
                and lift >= SUMMARY_MIN_LIFT
            )
        return words >= BAG_MIN_WORDS and p.cosine >= _bag_cosine(words) and lift >= BAG_MIN_LIFT

    @property
    def kind(self) -> SpanKind:
        """Verbatim, light edit, spun (many swaps, order kept), summary or paraphrase."""
        p = self.passage
        if self.is_condensed:
            return "summary"
        if p.density >= 0.98:
            return "verbatim"
        if p.density >= 0.9:
            return "light_edit"
        swap_rate = self.synonym_swaps / max(1, len(p.substitutions))
        if swap_rate >= 0.3 or self.explained - p.density >= 0.08:
            return "spun"
        return "paraphrase"


def _bag_cosine(words: int) -> float:
    """Cosine a bag-judged passage with ``words`` words on its shorter side needs.

    ``floor + scale / sqrt(words)`` through the two :data:`BAG_ANCHORS`, constant beyond the
    second.
    """
    (n1, c1), (n2, c2) = BAG_ANCHORS
    scale = (c1 - c2) / (1 / sqrt(n1) - 1 / sqrt(n2))
    return c2 + scale * (1 / sqrt(min(max(1, words), n2)) - 1 / sqrt(n2))


def _run_is_synonym(a_run: tuple[str, ...], b_run: tuple[str, ...]) -> bool:
    if len(a_run) == 1 and len(b_run) == 1:
        # "N" for "X" in a roll call is another vote, not a spinner's synonym (the thesaurus
        # links letters and abbreviations to each other)
        return min(len(a_run[0]), len(b_run[0])) > 2 and is_synonym(a_run[0], b_run[0])
    a_text, b_text = " ".join(a_run), " ".join(b_run)
    if is_synonym(a_text, b_text):
        return True
    return any(is_synonym(x, y) for x in a_run for y in b_run if len(x) > 2 and len(y) > 2)


MAX_CACHED_WORDS = 1 << 18
"""The cache of common words is emptied when it reaches this size, bounding a long-running
worker."""


class _CommonWords(dict[str, bool]):
    """Whether each word seen so far is common English (``zipf >= COMMON_ZIPF``), filled on
    first lookup: a miss costs one ``zipf`` call, not a second pass over the passage."""

    def __missing__(self, word: str) -> bool:
        if len(self) >= MAX_CACHED_WORDS:
            self.clear()
        common = self[word] = zipf(word) >= COMMON_ZIPF
        return common


_COMMON = _CommonWords()


def _prose(words: tuple[str, ...]) -> float:
    # a dict read with C-level map: this runs over every word of every whole copy
    return sum(map(_COMMON.__getitem__, words)) / max(1, len(words))


def _kept(a_words: tuple[str, ...], b_words: tuple[str, ...]) -> float:
    """Share of the shorter word sequence's words that the other has too (multiset, any order).

    The extension counts the overlap with one dict in C (185 -> 70 us for two 600-word
    passages; this runs for every passage of every compared pair).
    """
    if _speedups is not None and type(a_words) is tuple and type(b_words) is tuple:
        shared = _speedups.shared_words(a_words, b_words)
    else:
        shared = _shared_words(a_words, b_words)
    return shared / max(1, min(len(a_words), len(b_words)))


def _shared_words(a_words: Sequence[str], b_words: Sequence[str]) -> int:
    """Size of the multiset intersection of two word sequences (the extension's twin)."""
    ca, cb = Counter(a_words), Counter(b_words)
    both = ca.keys() & cb.keys()
    return sum(map(min, map(ca.__getitem__, both), map(cb.__getitem__, both)))


def assess(passage: Passage, a: tuple[str, ...], b: tuple[str, ...]) -> PassageEvidence:
    """Count the synonym swaps inside ``passage`` and how much of it is common prose."""
    swaps = 0
    words = 0
    for (a_lo, a_hi), (b_lo, b_hi) in passage.substitutions:
        if _run_is_synonym(a[a_lo:a_hi], b[b_lo:b_hi]):
            swaps += 1
            words += (a_hi - a_lo) + (b_hi - b_lo)
    a_words, b_words = a[passage.a_lo : passage.a_hi], b[passage.b_lo : passage.b_hi]
    prose = min(_prose(a_words), _prose(b_words))
    return PassageEvidence(passage, swaps, words, prose, _kept(a_words, b_words))


def to_span(
    ev: PassageEvidence, ta: Tokens, tb: Tokens, a: str, b: str, *, kind: SpanKind | None = None
) -> Span:
    """Map a passage's word ranges to character offsets and list its substitutions."""
    p = ev.passage
    subs = tuple(
        (a[ta.starts[alo] : ta.ends[ahi - 1]], b[tb.starts[blo] : tb.ends[bhi - 1]])
        for (alo, ahi), (blo, bhi) in p.substitutions
    )
    return Span(
        a_start=ta.starts[p.a_lo],
        a_end=ta.ends[p.a_hi - 1],
        b_start=tb.starts[p.b_lo],
        b_end=tb.ends[p.b_hi - 1],
        kind=ev.kind if kind is None else kind,
        matched_words=p.matched,
        a_words=p.a_len,
        b_words=p.b_len,
        substitutions=subs,
    )
