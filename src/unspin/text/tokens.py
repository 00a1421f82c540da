"""Tokenisation with character offsets, canonical text and sentence boundaries.

Every later stage works on :class:`Tokens`: the word forms used for matching plus the character
range of each word in the text as given, so that evidence can always point back into the
original string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import regex

from unspin.native import speedups as _speedups

# A word: letters/digits, with inner apostrophes, hyphens or decimal points ("don't", "2.5").
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+|[.,]\p{N}+)*", regex.V1)
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+|[.,][0-9]+)*")
"""``_WORD`` for text whose words are ASCII: the same matches, twice as fast with ``re``."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SENTENCE_BREAK = regex.compile(r"\n+|(?<=[.!?][\"'”’)]?)\s+(?=[\"“‘(]?[\p{Lu}\p{N}])")
_POSSESSIVE = ("'s", "’s", "s'", "s’")


@dataclass(frozen=True, slots=True)
class Tokens:
    """Words of one text: matching forms and their ``[start, end)`` character offsets."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)


def normalize_word(word: str) -> str:
    """Matching form of a word: case-folded, apostrophes unified, possessive dropped."""
    w = word.casefold()
    if "'" in w or "’" in w:
        w = w.replace("’", "'")
        if len(w) > 3 and w.endswith("'s"):
            w = w[:-2]
        elif len(w) > 2 and w.endswith("s'"):
            w = w[:-1]
    return w


def tokenize(text: str) -> Tokens:
    """Split ``text`` into words with offsets (numbers with separators stay one word).

    A text whose letters and digits are all ASCII ("£", dashes, quotes and the curly
    apostrophe ’ allowed) takes a fast path: lower-casing and ’ -> ' keep the lengths of
    these characters, so the offsets hold for the text as given. ``unspin.native._speedups`` walks
    the words in C (0.16 ms for a 600-word article); without it the standard ``re`` matches
    the lower-cased text (0.41 ms; the general path with ``regex`` took 1.14 ms). Both are
    tested equal to :func:`normalize_word` on each word of the general path; verification
    tokenises every candidate's text.
    """
    if _ascii_words(text):
        if _speedups is not None:
            return Tokens(*_speedups.tokenize_ascii(text))
        return _tokenize_ascii(text)
    spans = [m.span() for m in _WORD.finditer(text)]
    words = tuple(normalize_word(text[start:end]) for start, end in spans)
    starts, ends = zip(*spans, strict=True) if spans else ((), ())
    return Tokens(words, starts, ends)


def _tokenize_ascii(text: str) -> Tokens:
    """The ASCII fast path of :func:`tokenize` in Python (``unspin.native._speedups`` has it in
    C).
    """
    lowered = text.lower()
    if "’" in lowered:
        lowered = lowered.replace("’", "'")
    found = list(_ASCII_WORD.finditer(lowered))
    words = tuple(map(re.Match.group, found))
    if "'" in lowered:
        words = tuple(normalize_word(w) if "'" in w else w for w in words)
    return Tokens(words, tuple(map(re.Match.start, found)), tuple(map(re.Match.end, found)))


def _ascii_words(text: str) -> bool:
    """True when every letter and digit of ``text`` is ASCII."""
    if text.isascii():
        return True
    return not any(c.isalnum() for c in set(_NON_ASCII.findall(text)))


def word_extent(text: str) -> tuple[int, int, int]:
    """``(start, end, count)``: where the first word starts, the last ends, and how many words.

    The same words as :func:`tokenize` finds, without building them: an exact duplicate needs
    only its extent. The last word is found with ``rfind``: no word character follows it, so
    its last occurrence is the word itself.
    """
    if _speedups is not None and _ascii_words(text):
        return _speedups.word_extent_ascii(text)
    words = _WORD.findall(text)
    if not words:
        return 0, 0, 0
    first = _WORD.search(text)
    start = first.start() if first is not None else 0
    return start, text.rfind(words[-1]) + len(words[-1]), len(words)


def canonical(text: str) -> str:
    """Form used to decide exact duplicates: NFC, whitespace runs collapsed, ends stripped.

    ``" ".join(text.split())``, about ten times faster than a regular expression; the C
    extension does the same in one pass without a string per word (47 -> 17 us for a
    600-word article). This runs on every document of a scan.
    """
    # ASCII text is NFC already (isascii reads a flag the string carries)
    text = text if text.isascii() else unicodedata.normalize("NFC", text)
    if _speedups is not None:  # the same string, without a string object per word
        return _speedups.collapse_whitespace(text)
    return " ".join(text.split())


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Approximate sentence ranges: split at line breaks and at ``.!?`` followed by a capital."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        if m.start() > start and text[start : m.start()].strip():
            bounds.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


def sentence_ranges(tokens: Tokens, text: str) -> list[tuple[int, int]]:
    """Token index ranges ``[first, last)`` of the sentences of ``text`` that hold a word.

    ``unspin.native._speedups`` finds the same breaks without the regular expression (0.2 ms ->
    0.045 ms for a 600-word article, tested equal); it leaves the rare text with a non-ASCII
    letter or digit right after a sentence end to the regular expression.
    """
    if _speedups is not None and type(tokens.starts) is tuple:
        found = _speedups.sentence_ranges(text, tokens.starts)
        if found is not None:  # None: undecided, see unspin/csrc/text.c
            return found
    ranges: list[tuple[int, int]] = []
    k, n = 0, len(tokens)
    for _start, end in sentence_bounds(text):
        first = k
        while k < n and tokens.starts[k] < end:
            k += 1
        if k > first:
            ranges.append((first, k))
    return ranges
