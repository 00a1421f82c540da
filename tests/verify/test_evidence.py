"""Judging aligned passages: reuse or chance, and which kind."""

from __future__ import annotations

from dataclasses import replace

import pytest

from unspin.verify import evidence
from unspin.verify.align import Passage
from unspin.verify.evidence import _bag_cosine, assess

TEXT = (
    "the council approved a new budget for the harbour after a long debate and members agreed "
    "to repair the old bridge and to build a larger station near the market on tuesday"
)
WORDS = tuple(TEXT.split())


def passage(n: int, **kw: object) -> Passage:
    base = Passage(a_lo=0, a_hi=n, b_lo=0, b_hi=n, matched=n, substitutions=(), edits=0)
    return replace(base, **kw)  # type: ignore[arg-type]


def test_verbatim_passage_is_reuse() -> None:
    ev = assess(passage(len(WORDS)), WORDS, WORDS)
    assert ev.is_reuse
    assert ev.kind == "verbatim"


def test_short_passage_is_not_reuse() -> None:
    assert not assess(passage(12), WORDS, WORDS).is_reuse


def test_synonym_swaps_count_as_explained() -> None:
    b = tuple("big" if w == "larger" else "mend" if w == "repair" else w for w in WORDS)
    sub = ((WORDS.index("repair"), WORDS.index("repair") + 1),) * 2
    p = passage(len(WORDS), matched=len(WORDS) - 2, substitutions=(sub,), edits=2)
    ev = assess(p, WORDS, b)
    assert ev.synonym_swaps == 1
    assert ev.explained > p.density


def long_words(n: int) -> tuple[str, ...]:
    return (WORDS * (n // len(WORDS) + 1))[:n]


@pytest.mark.parametrize(
    ("cosine", "background", "expected"),
    [(0.8, 0.1, True), (0.8, 0.6, False), (0.4, 0.0, False)],
)
def test_reordered_passage_judged_on_its_bag(
    cosine: float, background: float, *, expected: bool
) -> None:
    words = long_words(60)
    p = passage(60, matched=15, cosine=cosine, background=background, containment=0.9)
    assert assess(p, words, words).is_reuse is expected


@pytest.mark.parametrize(("cosine", "expected"), [(0.75, True), (0.6, False)])
def test_short_reordered_passage_needs_a_closer_bag(cosine: float, *, expected: bool) -> None:
    words = long_words(25)
    p = passage(25, matched=13, cosine=cosine, background=0.1, containment=0.9)
    assert assess(p, words, words).is_reuse is expected


def test_shuffled_passage_with_few_words_in_order_keeps_its_wording() -> None:
    words = long_words(30)
    shuffled = tuple(reversed(words))
    p = passage(30, matched=6, cosine=0.8, background=0.1, containment=0.9)
    ev = assess(p, words, shuffled)
    assert ev.kept == 1.0
    assert ev.is_reuse


def test_retelling_with_few_words_in_order_is_not_reuse() -> None:
    words = long_words(30)
    retold = words[:12] + tuple(f"other{k}" for k in range(18))
    p = passage(30, matched=6, cosine=0.8, background=0.1, containment=0.9)
    ev = assess(p, words, retold)
    assert ev.kept < 0.5
    assert not ev.is_reuse


def test_bag_cosine_falls_with_length_to_the_long_anchor() -> None:
    needed = [_bag_cosine(n) for n in (20, 25, 35, 50, 70, 200)]
    assert needed == sorted(needed, reverse=True)
    assert needed[2] == pytest.approx(0.55)
    assert needed[4] == needed[5] == pytest.approx(0.45)


def test_condensed_passage_is_a_summary() -> None:
    words = long_words(400)
    p = Passage(0, 40, 0, 300, 20, (), 10, cosine=0.45, containment=0.9, background=0.05)
    ev = assess(p, words, words)
    assert ev.is_condensed
    assert ev.is_reuse
    assert ev.kind == "summary"


def test_list_of_names_is_not_bag_reuse() -> None:
    names = tuple(f"zqx{i}vy" for i in range(60))
    p = passage(60, matched=15, cosine=0.9, background=0.0, containment=1.0)
    assert not assess(p, names, names).is_reuse


def test_the_common_word_cache_stays_bounded_and_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "MAX_CACHED_WORDS", 8)
    monkeypatch.setattr(evidence, "_COMMON", evidence._CommonWords())
    words = (*(f"zqx{k}" for k in range(20)), "the", "house", "the")
    # made-up words are rare, "the" and "house" common: 3 of 23 words
    assert evidence._prose(words) == pytest.approx(3 / 23)
    assert len(evidence._COMMON) <= 8
    assert evidence._prose(("the",) * 4) == 1.0
