"""Which of two texts is the original? Evidence from the texts alone.

Publication dates, when known, decide first (see :mod:`unspin.scan`). Without them:

* **Containment.** A text that holds all of the other plus much more is usually the later,
  expanded version (a rewrite adds context; it rarely cuts an article to an exact excerpt).
* **Word choice.** An article spinner replaces common words with thesaurus entries, which are
  on average rarer and odder ("fake news" -> "pretend information"). Over all synonym swaps,
  the side whose words are more frequent in general English (``wordfreq`` Zipf scale) is the
  original. The vote needs a margin, otherwise the direction stays undecided.
"""

from __future__ import annotations

from collections.abc import Sequence

from unspin.lexicon import zipf
from unspin.models import Side

CONTAINMENT_GROWTH = 1.25
"""The container must be this much longer than the contained text."""
MIN_SWAPS = 3
"""Fewest single-word swaps for a word-choice vote."""
MIN_MARGIN = 0.15
"""Smallest mean Zipf difference (per swap) that decides the word-choice vote."""


def containment(cov_a: float, cov_b: float, len_a: int, len_b: int) -> tuple[Side | None, str]:
    """Source by containment, or ``(None, "")`` when neither text contains the other."""
    if cov_a >= 0.8 and len_b >= CONTAINMENT_GROWTH * len_a and cov_b < 0.7:
        return "a", f"b contains a plus {len_b - len_a} more words: the longer text is usually the later, expanded one"
    if cov_b >= 0.8 and len_a >= CONTAINMENT_GROWTH * len_b and cov_a < 0.7:
        return "b", f"a contains b plus {len_a - len_b} more words: the longer text is usually the later, expanded one"
    return None, ""


def word_choice(swaps: Sequence[tuple[str, str]]) -> tuple[Side | None, str]:
    """Source by the commoner wording of single-word synonym swaps ``(word_in_a, word_in_b)``."""
    deltas = [zipf(x) - zipf(y) for x, y in swaps]
    if len(deltas) < MIN_SWAPS:
        return None, ""
    mean = sum(deltas) / len(deltas)
    if abs(mean) < MIN_MARGIN:
        return None, ""
    side: Side = "a" if mean > 0 else "b"
    other = "b" if side == "a" else "a"
    return side, (
        f"{other} replaces words of {side} with rarer synonyms "
        f"({len(deltas)} swaps, mean Zipf frequency {abs(mean):.2f} lower), "
        "as an article spinner does"
    )
