"""Shared quotations: the speaker's words, which independent reports both carry (issue 17).

Two reports of one event quote the same statement, tweet or line of a speech; a story quotes
a few lines of an address whose full text is another item. A reused passage mostly inside
quotation marks (:mod:`unspin.text.quotes`) on either side is such a quotation. A pair whose
only reused passages are quotations is not a copy: its passages are shown as spans of kind
``quotation``. In a copy that also reuses the reporter's own words, the quoted passages are
part of what was copied and stay reuse.
"""

from __future__ import annotations

from collections.abc import Sequence

from unspin.config import CONFIG
from unspin.text import Tokens
from unspin.text.quotes import quoted_regions
from unspin.verify.align import Passage
from unspin.verify.evidence import PassageEvidence

QUOTE_SHARE = CONFIG.newswire.quote_share
"""Share of a passage's words inside quotation marks (either side) that makes it a quotation."""

Regions = list[tuple[int, int]]


def split_quotations(
    reused: list[PassageEvidence], text_a: str, ta: Tokens, text_b: str, tb: Tokens
) -> tuple[list[PassageEvidence], list[PassageEvidence]]:
    """The reused passages, or none and the quotations when every one of them is one."""
    if not reused:
        return reused, []
    regions = (_quoted(text_a), _quoted(text_b))
    if not regions[0] and not regions[1]:
        return reused, []
    if all(is_quotation(ev.passage, ta, tb, regions) for ev in reused):
        return [], reused
    return reused, []


def is_quotation(p: Passage, ta: Tokens, tb: Tokens, regions: tuple[Regions, Regions]) -> bool:
    """Whether ``QUOTE_SHARE`` of the passage's words on either side are quoted."""
    sides = ((ta.starts[p.a_lo : p.a_hi], regions[0]), (tb.starts[p.b_lo : p.b_hi], regions[1]))
    return any(starts and _share_inside(starts, found) >= QUOTE_SHARE for starts, found in sides)


def _share_inside(starts: Sequence[int], regions: Regions) -> float:
    """Share of the character positions ``starts`` (ascending) inside ``regions``."""
    inside, k = 0, 0
    for at in starts:
        while k < len(regions) and regions[k][1] <= at:
            k += 1
        inside += k < len(regions) and regions[k][0] <= at
    return inside / len(starts)


_QUOTES: dict[int, tuple[str, Regions]] = {}


def _quoted(text: str) -> Regions:
    """:func:`~unspin.text.quotes.quoted_regions`, kept for the text object while it lives in
    this cache (a batch compares each text with several others; the entry holds the text,
    so its ``id`` cannot be reused meanwhile)."""
    hit = _QUOTES.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    if len(_QUOTES) >= 4096:
        _QUOTES.clear()
    found = quoted_regions(text)
    _QUOTES[id(text)] = (text, found)
    return found
