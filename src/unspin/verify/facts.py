"""Changed facts: a shared form with different names and numbers is a template, not a copy.

Newswire repeats forms: roll calls ("Here is the 62-37 roll call by which..."), market
reports ("the dollar rose 1.25 Japanese yen to a closing 126.95 yen"), earnings, weather
tables, "Today in History". Two editions of a form align well: the frame is word for word the
same, and the aligner lists the differing names and numbers as substitutions. But a changed
figure or name is evidence *against* copying (the other text reports other facts), never a
word swap. A passage is judged a **template** when most of its substitutions replace facts
by other facts, the changed facts are a noticeable share of its words, and it changes more
facts than it keeps; an editor's revision that updates a few figures in a long, otherwise
identical passage stays reuse, and so does a disguised copy that keeps its names.

A *fact* is a number, or a capitalised word that is not a function word and, at the start of
a sentence, not a common English word either (Zipf frequency below ``SENTENCE_START_ZIPF``;
Speer et al. 2018): names of people, places, companies and days of the week when the form
spells them out in the middle of a sentence.

Measured 2026-12-04 on the AP89 scan at 8b63b17: market reports, earnings, weather and
"Today in History" pairs that had been called ``partial`` or ``spun`` have 2-11 fact
substitutions making up 8-50 % of the passage's words; write-thrus that update a death toll
have one or two in a passage of hundreds of words.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from unspin.config import CONFIG
from unspin.models import Span
from unspin.text import Tokens, is_number, stopwords
from unspin.text.lexicon import zipf
from unspin.verify.align import Passage

MIN_FACT_SUBSTITUTIONS = CONFIG.facts.min_fact_substitutions
"""Fewest fact-for-fact substitutions for a template."""
MIN_FACT_SHARE = CONFIG.facts.min_fact_share
"""... which must be at least this share of the passage's substitutions ..."""
MIN_CHANGED_WORDS = CONFIG.facts.min_changed_words
"""... and their fact words at least this share of the passage's words (both sides)."""
LIST_FACT_SUBSTITUTIONS = CONFIG.facts.list_fact_substitutions
"""A passage with this many fact-for-fact substitutions ..."""
LIST_FACT_SHARE = CONFIG.facts.list_fact_share
"""... making up this share of its substitutions is a re-filled list, whatever it keeps."""
LIST_DISTINCT = CONFIG.facts.list_distinct
"""A passage with that many substitutions of which at most this share are different ones is a
form whose fields were switched between a few values."""
MAX_KEPT_RUN = CONFIG.facts.max_kept_run
"""A passage keeping this many words in a row without a substitution is no template."""
SENTENCE_START_ZIPF = CONFIG.facts.sentence_start_zipf
"""A capitalised word opening a sentence is a fact only when rarer than this."""


class FactReader:
    """Tells which tokens of one text are facts (numbers and names)."""

    def __init__(self, text: str, tokens: Tokens, sentences: Sequence[tuple[int, int]]) -> None:
        self.text, self.tokens = text, tokens
        self.openers = frozenset(lo for lo, _ in sentences)

    def is_fact(self, k: int) -> bool:
        """Whether token ``k`` is a number or a name."""
        word = self.tokens.words[k]
        if is_number(word):
            return True
        if not self.text[self.tokens.starts[k]].isupper() or word in stopwords():
            return False
        return k not in self.openers or zipf(word) < SENTENCE_START_ZIPF

    def fact_positions(self) -> list[int]:
        """Positions of all fact tokens, in order: :meth:`is_fact` of every token, in one
        loop (a fact-order check reads every token of both texts)."""
        words, starts, text = self.tokens.words, self.tokens.starts, self.text
        stop, openers = stopwords(), self.openers
        return [
            k
            for k, word in enumerate(words)
            if word[:1].isdigit()
            or (
                text[starts[k]].isupper()
                and word not in stop
                and (k not in openers or zipf(word) < SENTENCE_START_ZIPF)
            )
        ]

    def facts(self, lo: int, hi: int) -> int:
        """Number of fact tokens in ``[lo, hi)``."""
        return sum(self.is_fact(k) for k in range(lo, hi))


def changed_facts(passage: Passage, a: FactReader, b: FactReader) -> tuple[int, int, int]:
    """Substitutions that replace facts by facts, the fact words they hold (both sides), and
    the facts of side ``a`` that the passage keeps (outside every substitution)."""
    count = words = replaced = 0
    for (a_lo, a_hi), (b_lo, b_hi) in passage.substitutions:
        fa, fb = a.facts(a_lo, a_hi), b.facts(b_lo, b_hi)
        replaced += fa
        if fa and fb:
            count += 1
            words += fa + fb
    kept = a.facts(passage.a_lo, passage.a_hi) - replaced
    return count, words, kept


def is_template(passage: Passage, a: FactReader, b: FactReader) -> bool:
    """True when the passage is a shared form filled with other facts (see module doc)."""
    subs = len(passage.substitutions)
    if subs < MIN_FACT_SUBSTITUTIONS:
        return False
    if subs >= LIST_FACT_SUBSTITUTIONS and _distinct(passage, a, b) <= LIST_DISTINCT * subs:
        # the same few swaps again and again (Yes -> No, higher -> lower, N -> X): a form's
        # fields switched between a handful of values, as a roll call or a table on another
        # day; a spinner or an editor rarely makes one swap twice
        return True
    if longest_kept(passage) >= MAX_KEPT_RUN:
        # a copy keeps whole stretches word for word (an update of the figures keeps the
        # analysis paragraphs); a re-filled form keeps only its frame between the fields
        return False
    count, words, kept = changed_facts(passage, a, b)
    if count >= LIST_FACT_SUBSTITUTIONS and count >= LIST_FACT_SHARE * subs:
        # a list re-filled: the same names with other votes, ranks or prices (roll calls,
        # charts, tables); an edit or a disguise changes words, not nearly only facts
        return True
    return (
        count >= MIN_FACT_SUBSTITUTIONS
        and count >= MIN_FACT_SHARE * subs
        and words >= MIN_CHANGED_WORDS * (passage.a_len + passage.b_len)
        and words / 2 >= kept  # more facts changed than kept: copies keep their facts
    )


def _distinct(passage: Passage, a: FactReader, b: FactReader) -> int:
    """Number of different substitutions (word runs on both sides) in the passage."""
    wa, wb = a.tokens.words, b.tokens.words
    return len({(wa[alo:ahi], wb[blo:bhi]) for (alo, ahi), (blo, bhi) in passage.substitutions})


def longest_kept(passage: Passage) -> int:
    """Longest stretch of side ``a`` of the passage without a substitution, in words."""
    edges = sorted(passage.substitutions)
    longest, at = 0, passage.a_lo
    for (a_lo, a_hi), _ in edges:
        longest = max(longest, a_lo - at)
        at = max(at, a_hi)
    return max(longest, passage.a_hi - at)


def figures_kept(spans: Sequence[Span], ta: Tokens, tb: Tokens) -> dict[str, float]:
    """Distinct figures (numbers) inside the reused ``spans``, on the side with fewer, and the
    share of them the other side's reused text has too (scores ``figures`` and
    ``figures_kept``): a copy keeps the figures of what it copies, a new edition of a
    recurring form reports new ones (:func:`unspin.group.finalise.new_edition`)."""
    sides = []
    for side, tokens in (("a", ta), ("b", tb)):
        found: set[str] = set()
        for s in spans:
            lo, hi = (s.a_start, s.a_end) if side == "a" else (s.b_start, s.b_end)
            first, last = bisect_left(tokens.starts, lo), bisect_left(tokens.starts, hi)
            found.update(w for w in tokens.words[first:last] if is_number(w))
        sides.append(found)
    fewer = min(len(sides[0]), len(sides[1]))
    kept = len(sides[0] & sides[1]) / fewer if fewer else 1.0
    return {"figures": float(fewer), "figures_kept": kept}
