"""Word codes: the report's texts with each frequent word written as one character.

Why: deflate looks back only 32 kB and codes every repeat as a (length, distance) pair, so
on news text it gets to about 40 % of the UTF-8 size. Replacing each frequent word by a
single character before deflating (a *word-replacing transform*: Skibinski, Grabowski and
Deorowicz, "Revisiting dictionary-based compression", Software: Practice and Experience
35(15), 2005) shortens the text deflate sees, so its window spans about three times as many
words and its literals are whole words. On 20,000 AP89 texts (measured 2026-12-06, level 6,
400,000-character chunks) the deflated texts shrink by 17 % (21.7 MB to 17.9 MB with the
word list), which is what brings a newswire year's report within its size budget.

The code: the words of the report (runs of ASCII letters, two or more long) seen at least
:data:`MIN_COUNT` times, most frequent first, get the characters from U+0100 on in that
order, skipping the surrogate range; the first 1,792 cost two UTF-8 bytes, the others three.
A character of the text itself that is one of those code characters, or the escape U+0001,
is written after the escape. Decoding (here and in ``report.js``) restores the exact text,
so the passages' offsets into it are unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

MIN_COUNT = 3
"""A word seen fewer times costs more in the word list than its code saves."""
ESCAPE = "\x01"
FIRST_CODE = 0x100
SURROGATES = (0xD800, 0xE000)
LAST_CODE = 0xFFFD
MAX_WORDS = LAST_CODE + 1 - FIRST_CODE - (SURROGATES[1] - SURROGATES[0])
"""63,230 code characters: more distinct frequent words than a year of newswire has."""

_WORD = re.compile(r"[A-Za-z]{2,}")


def code_point(index: int) -> int:
    """The code character (as a code point) of the ``index``-th word."""
    cp = FIRST_CODE + index
    return cp + (SURROGATES[1] - SURROGATES[0]) if cp >= SURROGATES[0] else cp


def word_list(texts: Iterable[str]) -> list[str]:
    """The coded words of ``texts``: seen at least :data:`MIN_COUNT` times, most frequent
    first (ties in alphabetical order, so the list does not depend on the texts' order)."""
    counts = Counter(w for text in texts for w in _WORD.findall(text))
    frequent = sorted(
        (w for w, c in counts.items() if c >= MIN_COUNT), key=lambda w: (-counts[w], w)
    )
    return frequent[:MAX_WORDS]


class WordCoder:
    """Encode texts with one word list (and decode them, for tests and symmetry)."""

    __slots__ = ("_codes", "_reserved", "words")

    def __init__(self, words: Sequence[str]) -> None:
        if len(words) > MAX_WORDS:
            raise ValueError(f"{len(words)} words, at most {MAX_WORDS} have a code")
        self.words = list(words)
        self._codes = {w: chr(code_point(k)) for k, w in enumerate(self.words)}
        last = code_point(len(self.words) - 1) if self.words else FIRST_CODE - 1
        self._reserved = re.compile(
            "[\x01" + (f"\\u{FIRST_CODE:04x}-\\u{last:04x}" if self.words else "") + "]"
        )

    def encode(self, text: str) -> str:
        """``text`` with its coded words replaced and code characters escaped."""
        escaped = self._reserved.sub(lambda m: ESCAPE + m.group(), text)
        return _WORD.sub(lambda m: self._codes.get(m.group(), m.group()), escaped)

    def decode(self, coded: str) -> str:
        """The text :meth:`encode` was given (the algorithm of ``report.js``)."""
        out: list[str] = []
        k = 0
        while k < len(coded):
            c = coded[k]
            cp = ord(c)
            if c == ESCAPE and k + 1 < len(coded):
                out.append(coded[k + 1])
                k += 2
                continue
            index = _index_of(cp)
            out.append(self.words[index] if 0 <= index < len(self.words) else c)
            k += 1
        return "".join(out)


def _index_of(cp: int) -> int:
    """The word index of code point ``cp``, or -1 when it is no code character."""
    if cp < FIRST_CODE or SURROGATES[0] <= cp < SURROGATES[1] or cp > LAST_CODE:
        return -1
    return cp - FIRST_CODE - ((SURROGATES[1] - SURROGATES[0]) if cp >= SURROGATES[1] else 0)
