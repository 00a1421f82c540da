"""The whole-copy shortcut agrees with the general aligner and stays out of partial reuse."""

from __future__ import annotations

from unspin.text import tokenize
from unspin.verify.align import align
from unspin.verify.compare import compare
from unspin.verify.wholecopy import MIN_WORDS, whole_copy

BASE = (
    "The regional council approved the new budget on Tuesday after a long debate about "
    "school funding, road repairs and the future of the central library. Councillors "
    "voted by twelve to five to raise spending on maintenance while cutting the cost of "
    "consultants. The mayor said the plan would protect frontline services for residents "
    "and promised a review of parking charges before the end of the year."
)
SPUN = (
    BASE.replace("approved", "endorsed")
    .replace("long", "lengthy")
    .replace("future", "destiny")
    .replace("promised", "pledged")
)


def words(text: str) -> tuple[str, ...]:
    return tokenize(text).words


def test_a_spun_copy_is_one_passage_with_the_swaps() -> None:
    found = whole_copy(words(BASE), words(SPUN))
    assert found is not None and len(found) == 1
    (p,) = found
    assert (p.a_lo, p.a_hi, p.b_lo, p.b_hi) == (0, len(words(BASE)), 0, len(words(SPUN)))
    assert len(p.substitutions) == 4
    general = align(words(BASE), words(SPUN))
    assert len(general) == 1 and general[0].matched == p.matched


def test_partial_reuse_and_short_texts_go_to_the_general_aligner() -> None:
    other = "Completely different words about weather and football fill this long text. " * 8
    assert whole_copy(words(BASE), words(BASE + " " + other)) is None
    short = " ".join(words(BASE)[: MIN_WORDS - 1])
    assert whole_copy(words(short), words(short + " extra")) is None


def test_the_verdict_on_a_spun_copy_is_unchanged() -> None:
    result = compare(BASE, SPUN)
    assert result.relation in {"spun", "near_duplicate"}
    assert result.coverage_a == 1.0 and result.coverage_b == 1.0
    assert {("approved", "endorsed"), ("long", "lengthy")} <= set(result.spans[0].substitutions)
