"""Inverted-index candidates and fingerprints."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.candidates import shared_feature_pairs
from unspin.errors import ConfigError
from unspin.sketch import hash_words, sketch_batch
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


def test_word_hashes_do_not_depend_on_position() -> None:
    (a,) = sketch_batch(["Troops arrived in Kursk region on Wednesday morning"])
    (b,) = sketch_batch(["Officials said: troops arrived in Kursk region on Wednesday morning!"])
    assert len(np.intersect1d(a.story, b.story)) == len(a.story) > 0
    assert hash_words(["kursk"])[0] == hash_words(["troops", "kursk"])[1]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = tokenize(text).words
    return {words[k : k + 5] for k in range(len(words) - 4)}


def test_spun_copy_shares_fingerprints_where_shingles_fail(seeds: dict[str, str]) -> None:
    original, spun, independent = (seeds[name] for name in sorted(seeds)[:3])
    a, b, c = (s.copy for s in sketch_batch([original, spun, independent]))
    shared = len(np.intersect1d(a, b))
    assert shared >= 10
    assert shared >= 5 * len(np.intersect1d(a, c))
    jaccard = len(_shingles(original) & _shingles(spun)) / len(
        _shingles(original) | _shingles(spun)
    )
    assert jaccard < 0.2
