"""Inverted-index candidates and fingerprints."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.candidates import shared_feature_pairs
from unspin.errors import ConfigError
from unspin.fingerprint import WordHasher, copy_fingerprints, winnow
from unspin.text import tokenize


def _arr(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.uint64)


def test_pairs_need_min_shared_features() -> None:
    feats = [_arr(1, 2, 3), _arr(2, 3, 4), _arr(3, 9), _arr(7)]
    pairs = shared_feature_pairs(feats, max_df=10, min_shared=2)
    assert pairs.tolist() == [[0, 1]]
    pairs = shared_feature_pairs(feats, max_df=10, min_shared=1)
    assert pairs.tolist() == [[0, 1], [0, 2], [1, 2]]


def test_common_features_are_ignored() -> None:
    feats = [_arr(5, 100 + k) for k in range(10)]  # feature 5 is in every document
    assert len(shared_feature_pairs(feats, max_df=3, min_shared=1)) == 0
    assert len(shared_feature_pairs(feats, max_df=10, min_shared=1)) == 45


def test_invalid_parameters_raise_config_error() -> None:
    with pytest.raises(ConfigError):
        shared_feature_pairs([_arr(1)], max_df=1, min_shared=1)


def test_empty_input() -> None:
    assert shared_feature_pairs([], max_df=5, min_shared=1).shape == (0, 2)


def test_winnow_keeps_a_minimum_of_every_window() -> None:
    h = _arr(9, 3, 7, 8, 1, 6, 5)
    kept = set(winnow(h, 3).tolist())
    for k in range(len(h) - 2):
        assert min(h[k : k + 3]) in kept


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = tokenize(text).words
    return {words[k : k + 5] for k in range(len(words) - 4)}


def test_spun_copy_shares_fingerprints_where_shingles_fail(seeds: dict[str, str]) -> None:
    original, spun, independent = (seeds[name] for name in sorted(seeds)[:3])
    hasher = WordHasher()
    a, b, c = (copy_fingerprints(tokenize(t), hasher) for t in (original, spun, independent))
    shared = len(np.intersect1d(a, b))
    assert shared >= 10
    assert shared >= 5 * len(np.intersect1d(a, c))
    jaccard = len(_shingles(original) & _shingles(spun)) / len(
        _shingles(original) | _shingles(spun)
    )
    assert jaccard < 0.2
