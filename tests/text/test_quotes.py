"""Quotation marks: which words are inside a quotation (issue 17)."""

from __future__ import annotations

from unspin.text import tokenize
from unspin.text.quotes import quoted_mask, quoted_regions


def _quoted_words(text: str) -> list[str]:
    tokens = tokenize(text)
    return [w for w, q in zip(tokens.words, quoted_mask(tokens, text), strict=True) if q]


def test_newswire_ascii_quotes() -> None:
    text = "The mayor said, ``We will rebuild the pier,'' and left the hall."
    assert _quoted_words(text) == ["we", "will", "rebuild", "the", "pier"]


def test_typographic_and_straight_quotes() -> None:
    assert _quoted_words("He wrote “all is well” twice.") == ["all", "is", "well"]
    assert _quoted_words('She said "no" and "yes" then left.') == ["no", "yes"]


def test_an_unclosed_quotation_ends_with_its_paragraph() -> None:
    text = "``The first paragraph of a long quote\n\n    ``and its second,'' he said. Then more."
    assert _quoted_words(text) == [
        "the", "first", "paragraph", "of", "a", "long", "quote", "and", "its", "second",
    ]  # fmt: skip


def test_a_stray_closing_mark_opens_nothing() -> None:
    assert quoted_regions("Rock 'n'' roll, he said.") == []
    assert _quoted_words("No quotes here at all.") == []


def test_stray_marks_in_text_without_paragraphs_mark_nothing() -> None:
    # hard-wrapped prose (no paragraph breaks) with one stray mark: no quotation at all
    prose = "The tool's \"fast mode is described\nbelow and works on every\nmachine we tried."
    assert _quoted_words(prose) == []
    far = 'He said "' + "word " * 500 + 'end" once.'
    assert _quoted_words(far) == []
