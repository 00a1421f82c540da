"""The report's word code restores every text exactly and shrinks news text."""

from __future__ import annotations

import random
import zlib

from unspin.report.wordcode import MIN_COUNT, WordCoder, code_point, word_list


def test_round_trip_with_characters_that_look_like_codes() -> None:
    texts = [
        "The army said the army won. \u0100\u0101\x01 \ue000 \ud800 emoji \U0001f525 the army",
        "army the the \x01\x01" + chr(0x100) * 3,
    ]
    coder = WordCoder(word_list(texts))
    assert coder.words == ["army", "the"]  # four each: ties in alphabetical order
    for text in texts:
        coded = coder.encode(text)
        assert "army" not in coded
        assert coder.decode(coded) == text


def test_codes_skip_the_surrogates() -> None:
    assert code_point(0) == 0x100
    assert code_point(0xD800 - 0x100 - 1) == 0xD7FF
    assert code_point(0xD800 - 0x100) == 0xE000


def test_many_words_round_trip_past_the_surrogates() -> None:
    rng = random.Random(5)
    vocab = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(60_000)
    ]
    text = " ".join(vocab * MIN_COUNT) + " \ue001\ud7ff\U0001f600"
    coder = WordCoder(word_list([text]))
    assert len(coder.words) > 56_000
    assert coder.decode(coder.encode(text)) == text


def test_rare_words_are_not_coded_and_order_does_not_matter() -> None:
    texts = ["alpha beta beta gamma", "beta alpha gamma", "alpha beta"]
    assert word_list(texts) == word_list(list(reversed(texts))) == ["beta", "alpha"]


def test_coded_news_text_deflates_smaller() -> None:
    rng = random.Random(7)
    common = [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "said",
        "that",
        "for",
        "on",
        "is",
        "was",
        "with",
        "he",
        "it",
        "as",
        "at",
        "by",
        "from",
        "his",
    ]
    rare = ["".join(rng.choice("abcdefghijklmnop") for _ in range(8)) for _ in range(3000)]
    text = " ".join(
        rng.choice(common) if rng.random() < 0.5 else rng.choice(rare) for _ in range(200_000)
    )
    coder = WordCoder(word_list([text]))
    plain = len(zlib.compress(text.encode(), 6))
    coded = len(zlib.compress(coder.encode(text).encode(), 6))
    assert coded < 0.9 * plain
