"""Whole-text copies: one in-order word alignment instead of seed search.

Most copies in a news or web corpus are whole articles republished with small edits or run
through a spinner: the words stay in order and most of them are unchanged. For those, the
general aligner (:mod:`unspin.verify.align`: seeds, chains, order-free windows, a
:class:`difflib.SequenceMatcher` per passage) spends tens of milliseconds rediscovering one
passage that spans both texts. A longest common subsequence of the two word sequences finds
it directly; ``rapidfuzz`` computes it with the bit-parallel algorithm of Hyyrö (2004,
"Bit-parallel LCS-length computation revisited") in well under a millisecond for two
600-word articles.

The shortcut is taken only when the common subsequence holds most words of *both* texts,
which is exactly when the general aligner would return a single passage over both; anything
else (partial reuse, reordering, summaries) goes to the general aligner.
"""

from __future__ import annotations

from itertools import count

from rapidfuzz.distance import LCSseq

from unspin.config import CONFIG
from unspin.verify.align import Passage, _substitutions

MIN_MATCHED = CONFIG.wholecopy.min_matched
"""Share of the longer text's words the common subsequence must hold. A spinner that swaps
40 % of the content words still leaves about 78 % of all words in place."""
MIN_WORDS = CONFIG.wholecopy.min_words
"""Shorter texts go to the general aligner: their passages need the stricter checks there."""


def whole_copy(a: tuple[str, ...], b: tuple[str, ...]) -> list[Passage] | None:
    """The single passage over two texts that are whole copies of each other, else ``None``.

    Parameters
    ----------
    a, b : tuple of str
        Word sequences (:attr:`unspin.text.Tokens.words`).

    Returns
    -------
    list of Passage or None
        One passage from the first to the last common word, with the replaced runs between
        common words as its substitutions; ``None`` when the texts are not whole copies.
    """
    if min(len(a), len(b)) < MIN_WORDS:
        return None
    # one number per distinct word (not consecutive: the counter moves on every word)
    ids: dict[str, int] = {}
    numbers = count()
    xa = list(map(ids.setdefault, a, numbers))
    xb = list(map(ids.setdefault, b, numbers))
    if LCSseq.similarity(xa, xb) < MIN_MATCHED * max(len(a), len(b)):
        return None
    blocks = [(m.a, m.b, m.size) for m in LCSseq.opcodes(xa, xb).as_matching_blocks() if m.size]
    first, last = blocks[0], blocks[-1]
    subs, edits = _substitutions(blocks, 0, 0)
    return [
        Passage(
            a_lo=first[0],
            a_hi=last[0] + last[2],
            b_lo=first[1],
            b_hi=last[1] + last[2],
            matched=sum(size for _, _, size in blocks),
            substitutions=subs,
            edits=edits,
        )
    ]
