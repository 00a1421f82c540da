"""Tokenising shortcuts agree with the full tokeniser (exact duplicates skip analysis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.text import canonical, tokenize, word_extent
from unspin.verify.compare import _compare_ordered, analyse, identical

WORDY = st.lists(st.sampled_from([*"ab’'-.,1 \n\tÉé\u00a0\u3000", "xyz", "42"]), max_size=40).map(
    "".join
)


@given(WORDY)
@settings(max_examples=300, deadline=None)
def test_word_extent_matches_tokenize(text: str) -> None:
    tokens = tokenize(text)
    if len(tokens) == 0:
        assert word_extent(text) == (0, 0, 0)
    else:
        assert word_extent(text) == (tokens.starts[0], tokens.ends[-1], len(tokens))


@given(WORDY)
@settings(max_examples=200, deadline=None)
def test_canonical_collapses_every_whitespace_run(text: str) -> None:
    out = canonical(text)
    assert out == out.strip()
    assert "  " not in out and "\n" not in out and "\t" not in out
    assert canonical(out) == out


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Troops arrived on Monday.", "  Troops  arrived on\nMonday.  "),
        ("“Quote,” he said — 2,500 people.", "“Quote,” he said — 2,500 people."),
        ("...", " ... "),
    ],
)
def test_identical_equals_the_full_comparison(a: str, b: str) -> None:
    assert canonical(a) == canonical(b)
    assert identical(a, b) == _compare_ordered(analyse(a), analyse(b), ("a", "b"), True)


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII: the mayor's office said 2.5 million, not 1,500.",
        "Prices in £ and — dashes “quoted” keep the fast path; the council's vote.",
        "A curly apostrophe joins words: the council’s vote, don’t.",
        "Accented letters: café, naïve, İstanbul, and ß in Straße.",
        "",
    ],
)
def test_tokenize_fast_path_equals_the_general_one(text: str) -> None:
    _assert_general_tokens(text)


MIXED = st.lists(st.sampled_from([*"aB'-.,1 \n£—“", "xyz", "42", "’", "é"]), max_size=40)


@settings(max_examples=300)
@given(MIXED.map("".join))
def test_tokenize_equals_the_general_path_on_any_text(text: str) -> None:
    _assert_general_tokens(text)


def _assert_general_tokens(text: str) -> None:
    from unspin.text.tokens import _WORD, normalize_word

    spans = [m.span() for m in _WORD.finditer(text)]
    tokens = tokenize(text)
    assert list(tokens.words) == [normalize_word(text[s:e]) for s, e in spans]
    assert list(zip(tokens.starts, tokens.ends, strict=True)) == spans
