"""The box test before alignment: reused passages pass, scattered shared words do not."""

from __future__ import annotations

from unspin.text import tokenize
from unspin.verify.gate import BOX, MIN_POSITIONS, MIN_WORDS, may_share_passage

PASSAGE = (
    "The harbour authority confirmed that the damaged freighter would be towed to the eastern "
    "dock on Thursday, where inspectors will examine the hull before any cargo is unloaded."
)
FILLER_A = "Local bakeries reported steady demand for bread during the weekend market. " * 20
FILLER_B = "The football club announced a new coach after a disappointing season. " * 20


def words(text: str) -> tuple[str, ...]:
    return tokenize(text).words


def test_a_passage_inside_two_different_texts_passes() -> None:
    assert may_share_passage(words(FILLER_A + PASSAGE), words(PASSAGE + " " + FILLER_B))


def test_a_lightly_reworded_passage_passes() -> None:
    reworded = (
        PASSAGE.replace("confirmed", "said")
        .replace("damaged", "stricken")
        .replace("examine", "inspect")
    )
    assert may_share_passage(words(FILLER_A + PASSAGE), words(FILLER_B + reworded))


def test_shared_words_scattered_far_apart_do_not() -> None:
    spread = [f"{w} " + "lorem ipsum dolor sit amet " * 12 for w in words(PASSAGE)[:8]]
    scattered = " ".join(spread)
    assert not may_share_passage(words(FILLER_A + PASSAGE), words(scattered))
    assert BOX // 2 > MIN_POSITIONS


def test_unrelated_long_texts_do_not() -> None:
    assert not may_share_passage(words(FILLER_A), words(FILLER_B))


def test_short_texts_are_always_aligned() -> None:
    assert len(words(PASSAGE)) < MIN_WORDS
    assert may_share_passage(words(PASSAGE), words("Nothing in common at all here."))
