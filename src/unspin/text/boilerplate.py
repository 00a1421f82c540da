"""Find web-page boilerplate: sentences that belong to the site, not to the article.

Subscription walls, sign-up forms, share bars and reprint notices repeat across every article
of a site. Two unrelated articles from one site share them verbatim, so left in they look like
copies and like one story. A sentence is boilerplate when it is dense in the furniture words of
``assets/boilerplate_cues.txt`` (in the spirit of the shallow text features of Kohlschütter et
al., 2010, "Boilerplate detection using shallow text features", reduced to one cue).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from unspin.config import CONFIG
from unspin.text import Tokens, asset_lines, sentence_ranges

MIN_CUES = CONFIG.boilerplate.min_cues
"""Fewest cue words in a boilerplate sentence."""
MIN_SHARE = CONFIG.boilerplate.min_share
"""Least share of cue words among a boilerplate sentence's words."""


@lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    """The furniture words (``assets/boilerplate_cues.txt``)."""
    return frozenset(w for line in asset_lines("boilerplate_cues.txt") for w in line.split())


def boilerplate_mask(
    tokens: Tokens, text: str, ranges: Sequence[tuple[int, int]] | None = None
) -> tuple[bool, ...]:
    """For each token of ``text``, whether it lies in a boilerplate sentence.

    A sentence dense in cue words is boilerplate; so is a sentence with any cue word next to
    a boilerplate sentence, since page furniture comes in blocks. ``ranges`` are the sentence
    token ranges (:func:`unspin.text.sentence_ranges`), when the caller has them already.
    """
    cues = cue_words()
    if ranges is None:
        ranges = sentence_ranges(tokens, text)
    words, is_cue = tokens.words, cues.__contains__
    hits = [sum(map(is_cue, words[lo:hi])) for lo, hi in ranges]  # C-level loop, same count
    flags = [
        h >= MIN_CUES and h >= MIN_SHARE * (hi - lo)
        for h, (lo, hi) in zip(hits, ranges, strict=True)
    ]
    changed = True
    while changed:
        changed = False
        for k, h in enumerate(hits):
            near = (k > 0 and flags[k - 1]) or (k + 1 < len(flags) and flags[k + 1])
            if not flags[k] and h > 0 and near:
                flags[k] = changed = True
    mask = [False] * len(tokens)
    for flag, (lo, hi) in zip(flags, ranges, strict=True):
        if flag:
            mask[lo:hi] = [True] * (hi - lo)
    return tuple(mask)
