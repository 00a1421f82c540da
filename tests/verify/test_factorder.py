"""Fact order: a language-model rewrite keeps its source's facts in order; independent
reports of one event share the names but tell them in their own order (made-up texts)."""

from __future__ import annotations

from tests.verify.rewrite_texts import CONDENSED, REPORT_ONE, REPORT_TWO, REWRITE, SOURCE
from unspin import compare
from unspin.text import sentence_ranges, tokenize
from unspin.verify.chance import by_chance
from unspin.verify.factorder import (
    FactOrder,
    aligned_blocks,
    fact_direction,
    fact_order,
    increasing_chain,
)
from unspin.verify.facts import FactReader


def _reader(text: str) -> FactReader:
    tokens = tokenize(text)
    return FactReader(text, tokens, list(sentence_ranges(tokens, text)))


def test_rewrite_that_keeps_fact_order_is_paraphrase_and_names_its_source() -> None:
    c = compare(SOURCE, REWRITE)
    assert c.relation == "paraphrase"
    assert c.source == "a"
    assert "facts" in c.source_reason
    assert c.scores["fact_coverage"] >= 0.8
    assert c.scores["fact_order"] >= 0.7
    assert c.spans and all(s.kind == "paraphrase" for s in c.spans)
    mirrored = compare(REWRITE, SOURCE)
    assert (mirrored.relation, mirrored.source) == ("paraphrase", "b")


def test_a_condensed_rewrite_names_the_longer_source_not_the_plainer_words() -> None:
    """The rarer-words rule would name the rewrite: a language model writes plainer words."""
    for a, b, source in ((SOURCE, CONDENSED, "a"), (CONDENSED, SOURCE, "b")):
        c = compare(a, b)
        assert c.is_copy
        assert c.source == source, c.source_reason


def test_independent_reports_with_the_same_names_in_another_order_are_not_copies() -> None:
    order = fact_order(_reader(REPORT_ONE), _reader(REPORT_TWO))
    assert order.shared >= 5
    assert not order.is_rewrite()
    for a, b in ((REPORT_ONE, REPORT_TWO), (SOURCE, REPORT_ONE), (SOURCE, REPORT_TWO)):
        c = compare(a, b)
        assert not c.is_copy, (c.relation, c.scores)
        assert c.relation == "same_story"


def test_fact_order_measures_coverage_and_order() -> None:
    order = fact_order(_reader(SOURCE), _reader(REWRITE))
    assert order.is_rewrite()
    assert order.only_a > order.only_b  # the rewrite left details out
    assert order.coverage >= 0.8
    assert order.order == len(order.chain) / order.shared


def test_increasing_chain_is_the_longest_in_order_subsequence() -> None:
    points = [(0, 5), (1, 1), (2, 2), (3, 9), (4, 3), (5, 4)]
    assert increasing_chain(points) == [(1, 1), (2, 2), (4, 3), (5, 4)]
    assert increasing_chain([]) == []
    assert increasing_chain([(0, 3), (1, 2), (2, 1)]) in ([(0, 3)], [(1, 2)], [(2, 1)])


def test_aligned_blocks_merge_a_sentence_split_in_two() -> None:
    sentences_a = [(0, 10), (10, 20)]
    sentences_b = [(0, 6), (6, 12), (12, 20)]
    # two facts of a's first sentence land in b's first two sentences: one 1-2 block
    chain = [(2, 1), (7, 8), (15, 14)]
    assert aligned_blocks(chain, sentences_a, sentences_b) == [
        ((0, 10), (0, 12)),
        ((10, 20), (12, 20)),
    ]


def test_fact_direction_needs_a_clear_margin() -> None:
    assert fact_direction(FactOrder(10, 8, 1, 100, ()))[0] == "a"
    assert fact_direction(FactOrder(10, 0, 6, 100, ()))[0] == "b"
    assert fact_direction(FactOrder(10, 3, 2, 100, ()))[0] is None


def test_one_loose_passage_between_reports_of_one_story_is_chance() -> None:
    scores = {"reused_words": 40.0, "density": 0.5, "verbatim_share": 0.0, "topic": 0.5}
    story_names = FactOrder(12, 8, 9, 300, ())
    assert by_chance(scores, 1, story_names)
    assert not by_chance(scores, 2, story_names)  # several passages: reuse
    assert not by_chance(scores | {"density": 0.95}, 1, story_names)  # word for word
    assert not by_chance(scores | {"topic": 0.2}, 1, story_names)  # disguised reuse (PAN)
    assert not by_chance(scores, 1, FactOrder(12, 1, 1, 300, ()))  # the facts are retold


def test_two_roll_calls_with_the_same_names_in_order_are_not_a_rewrite() -> None:
    names = ["Abbott", "Barlow", "Castellan", "Dimitrov", "Ekwueme", "Fairweather", "Gallo",
             "Haverford", "Ishikawa", "Jorgensen", "Kowalczyk", "Lindahl", "Marchetti"]  # fmt: skip
    first = "Here is the 212-198 roll call by which the House passed the farm bill. " + " ".join(
        f"{name}, {'Y' if k % 3 else 'N'}." for k, name in enumerate(names)
    )
    second = "Here is the 230-181 roll call by which the House passed the water bill. " + " ".join(
        f"{name}, {'N' if k % 2 else 'Y'}." for k, name in enumerate(names)
    )
    order = fact_order(_reader(first), _reader(second))
    assert order.coverage >= 0.8 and order.order >= 0.7  # the same names in the same order
    assert not order.is_rewrite()  # but a list, not prose
