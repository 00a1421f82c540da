"""The same-story prefilter: exact vector cosines, and it keeps real same-story pairs."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from unspin.story.vectors import MIN_TOPIC_COSINE, TOPIC_TERMS, pair_cosines, topic_vectors

TEXTS = [
    "Floods closed the Danube bridges in Budapest on Sunday as the river rose to a record.",
    "The Danube reached a record level in Budapest, and the city closed its bridges on Sunday.",
    "Shares in Nvidia fell after the chipmaker's quarterly forecast disappointed investors.",
    "Mayor Karacsony said Budapest would reopen the bridges once the Danube flood receded.",
    "",
    "123 456 and of the",
]


def brute_cosine(x: tuple[np.ndarray, np.ndarray], y: tuple[np.ndarray, np.ndarray]) -> float:
    wx = dict(zip(x[0].tolist(), x[1].tolist(), strict=True))
    wy = dict(zip(y[0].tolist(), y[1].tolist(), strict=True))
    return sum(v * wy.get(k, 0.0) for k, v in wx.items())


def test_vectors_are_sorted_unit_and_bounded() -> None:
    for vec in topic_vectors(TEXTS):
        assert np.all(np.diff(vec.terms.astype(np.float64)) > 0)
        assert len(vec.terms) <= TOPIC_TERMS
        if len(vec.terms):
            assert math.isclose(float(np.sum(vec.weights.astype(np.float64) ** 2)), 1, rel_tol=1e-5)
    assert len(topic_vectors(TEXTS)[4].terms) == 0  # empty text
    assert len(topic_vectors(TEXTS)[5].terms) == 0  # numbers and function words only


def test_pair_cosines_match_a_direct_computation() -> None:
    vecs = topic_vectors(TEXTS)
    pairs = np.array([*itertools.combinations(range(len(TEXTS)), 2), (1, 1)])
    got = pair_cosines(vecs, pairs)
    want = [
        brute_cosine((vecs[i].terms, vecs[i].weights), (vecs[j].terms, vecs[j].weights))
        for i, j in pairs
    ]
    assert got == pytest.approx(want, abs=1e-6)
    assert got[-1] == pytest.approx(1.0, abs=1e-6)


def test_vectors_do_not_depend_on_the_batch() -> None:
    alone = topic_vectors([TEXTS[1]])[0]
    together = topic_vectors(TEXTS)[1]
    assert np.array_equal(alone.terms, together.terms)
    assert np.array_equal(alone.weights, together.weights)


def test_the_cut_keeps_same_story_reports_and_drops_unrelated_ones() -> None:
    vecs = topic_vectors(TEXTS)
    cos = pair_cosines(vecs, np.array([[0, 1], [0, 3], [0, 2]]))
    assert cos[0] >= MIN_TOPIC_COSINE and cos[1] >= MIN_TOPIC_COSINE
    assert cos[2] < MIN_TOPIC_COSINE


def test_seed_reports_of_one_event_pass(seeds: dict[str, str]) -> None:
    texts = list(seeds.values())
    vecs = topic_vectors(texts)
    pairs = np.array(list(itertools.combinations(range(len(texts)), 2)))
    assert np.all(pair_cosines(vecs, pairs) >= MIN_TOPIC_COSINE)
