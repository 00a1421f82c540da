"""Quoted speech: which words of a text stand inside quotation marks.

Two independent reports of one event quote the same statement, tweet or line of a speech;
a story quotes a few lines of an address whose full text is another item. The quoted words
are the speaker's, not the reporter's: sharing them is not one report copying the other
(issue 17). :mod:`unspin.verify.compare` uses this mask to tell a shared quotation from a
reused passage.

Quotation marks: the typographic pairs (“ ” and « »), newswire's ASCII pair (two backticks
open, two apostrophes close, as AP's wire text of the 1980s writes them) and straight double
quotes, which open before a word and close after one. A quotation ends at its closing mark in
the same paragraph; one that runs on over several paragraphs is newspaper style (each paragraph
opens again and only the last closes), so a quotation that opens a paragraph and is still open
at its end counts too. Anything else (a stray mark, an apostrophe pair, a mark that never
closes in texts with hard line breaks and no paragraphs) marks nothing, and no quotation runs
longer than ``MAX_CHARS``: a long "quotation" is more likely two stray marks than one
statement.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from unspin.text.tokens import Tokens

_MARKS = re.compile(r"``|''|[\"“”«»]|\n[ \t]*\n|\n[ \t]+")
_OPEN = frozenset({"``", "“", "«"})
MAX_CHARS = 2000
"""Longest quotation, in characters (about 330 words: a long statement, not a stray mark)."""


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges ``[start, end)`` of ``text`` inside quotation marks, in order."""
    regions: list[tuple[int, int]] = []
    start, opens_paragraph, paragraph = -1, False, 0

    def close(end: int, closed: bool) -> None:
        if (closed or opens_paragraph) and end - start <= MAX_CHARS:
            regions.append((start, end))

    for match in _MARKS.finditer(text):
        mark = match.group()
        if mark[0] == "\n":  # a paragraph ends: so does any open quotation
            if start >= 0:
                close(match.start(), False)
                start = -1
            paragraph = match.end()
        elif mark in _OPEN or (mark == '"' and _opening(text, match.start())):
            # an opening mark while one is open: the first never closed, start again
            start = match.end()
            opens_paragraph = not text[paragraph : match.start()].strip()
        elif start >= 0 and (mark != '"' or _closing(text, match.start())):
            close(match.start(), True)
            start = -1
    if start >= 0:
        close(len(text), False)
    return regions


def _opening(text: str, at: int) -> bool:
    """A straight quote that opens: at the start or after a space or bracket, and before a
    word (English quotation marks attach to the quoted words)."""
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return (before.isspace() or before in "([{-–—/") and not after.isspace()


def _closing(text: str, at: int) -> bool:
    """A straight quote that closes: after the last quoted character, not a space."""
    return at > 0 and not text[at - 1].isspace()


def quoted_mask(tokens: Tokens, text: str) -> tuple[bool, ...]:
    """For each token of ``text``, whether it starts inside quotation marks."""
    regions = quoted_regions(text)
    if not regions:
        return (False,) * len(tokens)
    starts = [lo for lo, _ in regions]
    mask = []
    for at in tokens.starts:
        k = bisect_right(starts, at) - 1
        mask.append(k >= 0 and at < regions[k][1])
    return tuple(mask)
