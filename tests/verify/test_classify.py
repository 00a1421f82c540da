"""Relation rules on hand-made score sets."""

from __future__ import annotations

from unspin.verify.classify import classify

BASE = {
    "reused_words": 300.0,
    "coverage_short": 0.95,
    "density": 0.95,
    "swap_share": 0.0,
    "substitutions": 4.0,
    "order": 1.0,
    "words_a": 320.0,
    "words_b": 330.0,
    "story": 0.8,
}


def test_identical_is_duplicate() -> None:
    assert classify(BASE, identical=True) == "duplicate"


def test_small_edits_are_near_duplicate() -> None:
    assert classify(BASE, identical=False) == "near_duplicate"


def test_light_spin_of_mostly_synonym_swaps_is_spun() -> None:
    scores = {**BASE, "substitutions": 20.0, "swap_share": 0.8}
    assert classify(scores, identical=False) == "spun"


def test_many_ordinary_edits_stay_near_duplicate() -> None:
    scores = {**BASE, "substitutions": 20.0, "swap_share": 0.2}
    assert classify(scores, identical=False) == "near_duplicate"


def test_heavy_spin_and_free_rewording() -> None:
    spun = {**BASE, "density": 0.6, "swap_share": 0.5, "substitutions": 40.0}
    assert classify(spun, identical=False) == "spun"
    assert classify({**spun, "swap_share": 0.1}, identical=False) == "paraphrase"


def test_sparse_synonym_swaps_are_a_revision_or_a_rewording_never_a_spin() -> None:
    # an editor's write-thru: 2 synonyms among 4 edits in 320 words (0.6 %, under 3 %)
    revision = {**BASE, "density": 0.6, "swap_share": 0.5, "substitutions": 4.0}
    assert classify({**revision, "verbatim_share": 0.1}, identical=False) == "paraphrase"
    # most of the reused words in near-verbatim passages: a revision, reported as partial
    assert classify({**revision, "verbatim_share": 0.7}, identical=False) == "partial"


def test_partial_story_and_unrelated() -> None:
    assert classify({**BASE, "coverage_short": 0.3}, identical=False) == "partial"
    none = {**BASE, "reused_words": 0.0}
    assert classify(none, identical=False) == "same_story"
    assert classify({**none, "story": 0.05}, identical=False) == "unrelated"


def test_most_of_one_text_but_a_short_passage_of_the_other_is_partial_never_spun() -> None:
    summary = {**BASE, "density": 0.6, "swap_share": 0.5, "substitutions": 40.0}
    summary |= {"coverage_a": 0.95, "coverage_b": 0.3}
    assert classify(summary, identical=False) == "partial"
    assert classify({**summary, "coverage_b": 0.9}, identical=False) == "spun"
