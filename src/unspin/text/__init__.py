"""Text: tokens with character offsets, word classes, the thesaurus and stock paragraphs.

The first stage every article goes through (:mod:`unspin.text.tokens`), the word classes and
stems every later stage asks about (:mod:`unspin.text.words`), the synonym and word-rarity
tables (:mod:`unspin.text.lexicon`) and the detection of stock paragraphs
(:mod:`unspin.text.boilerplate`).
"""

from unspin.text.tokens import (
    Tokens,
    canonical,
    normalize_word,
    sentence_bounds,
    sentence_ranges,
    tokenize,
    word_extent,
)
from unspin.text.words import asset_lines, crude_stem, is_content, is_number, stopwords, suffix_stem

__all__ = [
    "Tokens",
    "asset_lines",
    "canonical",
    "crude_stem",
    "is_content",
    "is_number",
    "normalize_word",
    "sentence_bounds",
    "sentence_ranges",
    "stopwords",
    "suffix_stem",
    "tokenize",
    "word_extent",
]
