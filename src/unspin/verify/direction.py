"""Which of two texts is the original? Evidence from the texts alone.

Publication dates, when known, decide first (see :mod:`unspin.executors.local`). Without them:

* **Containment.** A text that holds all of the other plus much more is usually the later,
  expanded version (a rewrite adds context; it rarely cuts an article to an exact excerpt).
* **Word choice.** An article spinner replaces common words with thesaurus entries, which are
  on average rarer, longer and odder ("fake news" -> "pretend information"). Over all
  substitutions, the side whose wording carries less surprisal in general English (``wordfreq``
  Zipf scale) and is shorter is the original. On the spinbot development pairs surprisal alone
  picks the original in 86 % of cases, surprisal plus length in 91 %; a vote without margin
  leaves the direction undecided.
"""

from __future__ import annotations

from collections.abc import Sequence

from unspin.config import CONFIG
from unspin.models import Side
from unspin.text.lexicon import zipf

CONTAINMENT_GROWTH = CONFIG.direction.containment_growth
"""The container must be this much longer than the contained text."""
MIN_SWAPS = CONFIG.direction.min_swaps
"""Fewest substitutions for a word-choice vote."""
CHARS_PER_UNIT = CONFIG.direction.chars_per_unit
"""Characters of a substitution that weigh as much as one Zipf unit of surprisal."""
MIN_MARGIN = CONFIG.direction.min_margin
"""Smallest mean surprisal difference (per substitution) that decides the vote."""


def containment(cov_a: float, cov_b: float, len_a: int, len_b: int) -> tuple[Side | None, str]:
    """Source by containment, or ``(None, "")`` when neither text contains the other.

    Reasons are templates naming the texts ``{a}`` and ``{b}`` (see :func:`name_sides`).
    """
    later = "the longer text is usually the later, expanded one"
    if cov_a >= 0.8 and len_b >= CONTAINMENT_GROWTH * len_a and cov_b < 0.7:
        return "a", f"{{b}} contains {{a}} plus {len_b - len_a} more words: {later}"
    if cov_b >= 0.8 and len_a >= CONTAINMENT_GROWTH * len_b and cov_a < 0.7:
        return "b", f"{{a}} contains {{b}} plus {len_a - len_b} more words: {later}"
    return None, ""


def name_sides(template: str, names: tuple[str, str]) -> str:
    """Fill a reason template with the names of text a and text b."""
    return template.format(a=names[0], b=names[1])


def _information(words: Sequence[str]) -> float:
    # Surprisal stand-in: 8 - Zipf is about log10 of "one in N words" (Speer et al., wordfreq).
    return sum(8.0 - zipf(w) for w in words)


def _cost(words: Sequence[str]) -> float:
    # Two views of how much a wording "costs": surprisal and length (4 characters ~ 1 unit).
    return _information(words) + len(" ".join(words)) / CHARS_PER_UNIT


def word_choice(swaps: Sequence[tuple[Sequence[str], Sequence[str]]]) -> tuple[Side | None, str]:
    """Source by the plainer wording of the substituted runs ``(words_in_a, words_in_b)``.

    Each swap adds the cost (surprisal plus length) of b's words minus a's; a spinner's output
    needs more, rarer or longer words to say the same, so a positive mean points to ``a``.
    """
    if len(swaps) < MIN_SWAPS:
        return None, ""
    mean = sum(_cost(y) - _cost(x) for x, y in swaps) / len(swaps)
    if abs(mean) < MIN_MARGIN:
        return None, ""
    side: Side = "a" if mean > 0 else "b"
    other = "b" if side == "a" else "a"
    return side, (
        f"{{{other}}} rewords {{{side}}} with rarer or longer expressions "
        f"({len(swaps)} substitutions, {abs(mean):.2f} more cost per substitution), "
        "as an article spinner does"
    )
