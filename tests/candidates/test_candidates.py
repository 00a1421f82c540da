"""Inverted-index candidates and fingerprints."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.candidates import (
    Prepared,
    find_candidates,
    postings,
    prepare_batch,
    shared_feature_pairs,
)
from unspin.candidates import policy as candidates
from unspin.candidates.sketch import Packed, hash_words, sketch_batch
from unspin.errors import ConfigError, SpillError
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


def test_packed_features_round_trip_and_concatenate() -> None:
    arrays = [_arr(1, 2, 3), _arr(), _arr(7), _arr(4, 9)]
    packed = Packed.from_arrays(arrays)
    assert len(packed) == 4
    assert [a.tolist() for a in packed.split()] == [[1, 2, 3], [], [7], [4, 9]]
    assert packed.doc_index().tolist() == [0, 0, 0, 2, 3, 3]
    joined = Packed.concat([Packed.from_arrays(arrays[:2]), Packed.from_arrays(arrays[2:])])
    assert joined.values.tolist() == packed.values.tolist()
    assert joined.offsets.tolist() == packed.offsets.tolist()
    assert len(Packed.concat([])) == 0


def test_prepared_batches_concatenate_to_the_whole() -> None:
    texts = [
        "Troops arrived in Kursk region on Wednesday morning, officials said.",
        "",
        "The council approved the budget for road repairs and the central library.",
        "Troops arrived in Kursk region on Wednesday morning, officials said.",
    ]
    whole = prepare_batch(texts)
    parts = Prepared.concat([prepare_batch(texts[:1]), prepare_batch(texts[1:])])
    assert parts.digests == whole.digests
    for kind in ("copy", "story", "chain"):
        a, b = getattr(parts, kind), getattr(whole, kind)
        assert a.values.tolist() == b.values.tolist()
        assert a.offsets.tolist() == b.offsets.tolist()
    assert (0, 3, True) in find_candidates(whole)


def test_sharded_pair_counting_gives_the_same_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    feats = [np.unique(rng.integers(0, 60, size=12).astype(np.uint64)) for _ in range(40)]
    whole = shared_feature_pairs(feats, max_df=10, min_shared=2)
    texts = [f"Alpha beta gamma delta {k % 7} epsilon zeta eta theta iota kappa" for k in range(30)]
    prepared = prepare_batch(texts)
    before = find_candidates(prepared)
    assert len(whole) and any(aligned for _, _, aligned in before)
    monkeypatch.setattr(postings, "PAIR_SHARD", 3)
    assert shared_feature_pairs(feats, max_df=10, min_shared=2).tolist() == whole.tolist()
    assert find_candidates(prepared) == before


def test_prepared_take_reorders_every_feature_kind() -> None:
    texts = [
        f"Report {k}: the council voted on the Kursk harbour budget for {k} days" for k in range(6)
    ]
    prepared = prepare_batch(texts)
    order = [3, 0, 5, 1, 4, 2]
    taken = prepared.take(order)
    again = prepare_batch([texts[k] for k in order])
    assert taken.digests == again.digests
    for kind in ("copy", "story", "chain"):
        a, b = getattr(taken, kind), getattr(again, kind)
        assert a.values.tolist() == b.values.tolist()
        assert a.offsets.tolist() == b.offsets.tolist()


def test_spilled_shards_leave_no_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr(postings, "PAIR_SHARD", 2)
    feats = [np.array([1, 2, 3], dtype=np.uint64)] * 4
    assert shared_feature_pairs(feats, max_df=10, min_shared=3).tolist() == [
        [0, 1],
        [0, 2],
        [0, 3],
        [1, 2],
        [1, 3],
        [2, 3],
    ]
    assert list(tmp_path.iterdir()) == []


def test_pair_shards_in_an_unwritable_place_are_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    monkeypatch.setattr(postings, "PAIR_SHARD", 2)
    feats = [np.array([1, 2, 3], dtype=np.uint64)] * 4
    with pytest.raises(SpillError, match="temporary file"):
        shared_feature_pairs(feats, max_df=10, min_shared=3)


def test_numbering_by_order_equals_reordered_features() -> None:
    base = "The council voted on the Kursk harbour budget after the storm damaged the pier"
    texts = [
        f"{base} {k % 3} and the mayor said repairs start in {k % 2 + 5} weeks" for k in range(9)
    ]
    texts += [texts[4], texts[7]]  # exact duplicates in a shuffled numbering
    prepared = prepare_batch(texts)
    order = [7, 2, 10, 0, 5, 9, 1, 8, 3, 6, 4]
    expected = find_candidates(prepared.take(order))
    assert expected
    assert find_candidates(prepared, order) == expected


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_same_digest_links_each_member_to_the_groups_lowest_number(data: st.DataObject) -> None:
    pool = data.draw(st.lists(st.binary(min_size=16, max_size=16), min_size=1, max_size=5))
    digests = data.draw(st.lists(st.sampled_from(pool), max_size=30))
    numbers = None
    if data.draw(st.booleans()):
        numbers = np.array(data.draw(st.permutations(range(len(digests)))), dtype=np.int64)
    doc = [k if numbers is None else int(numbers[k]) for k in range(len(digests))]
    want: set[tuple[int, int]] = set()
    members: set[int] = set()
    for digest in set(digests):
        group = sorted(doc[k] for k in range(len(digests)) if digests[k] == digest)
        want.update((group[0], other) for other in group[1:])
        members.update(group[1:])
    stars, got_members = candidates._same_digest(digests, numbers)
    assert stars == want  # a star per group: linear in the group's size
    assert set(got_members.tolist()) == members


def test_same_digest_refuses_digests_of_another_size() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        candidates._same_digest([b"short"], None)
