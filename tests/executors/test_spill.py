"""TextStore: texts spilled to disk during a scan come back exactly, by position."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from unspin.errors import SpillError
from unspin.executors.spill import TextStore

TEXTS = [
    "plain ascii",
    "accents: café, naïve",
    "lone surrogate \ud800 kept",
    "",
    "日本語のテキスト",
]


def test_texts_come_back_exactly_and_the_file_is_removed(tmp_path: Path) -> None:
    with TextStore(str(tmp_path)) as store:
        store.add(TEXTS[:2])
        store.add(TEXTS[2:])
        assert len(store) == len(TEXTS)
        assert store.texts(range(len(TEXTS))) == dict(enumerate(TEXTS))
        path = store.path
        assert os.path.exists(path)
    assert not os.path.exists(path)
    assert list(tmp_path.iterdir()) == []


def test_reorder_renumbers_and_subsets_travel_between_processes(tmp_path: Path) -> None:
    with TextStore(str(tmp_path)) as store:
        store.add(TEXTS)
        store.reorder([4, 0, 3, 1, 2])
        stored = pickle.loads(pickle.dumps(store.subset([0, 2, 4])))
        assert stored.load() == {0: TEXTS[4], 2: TEXTS[3], 4: TEXTS[2]}
        assert list(stored.load()) == [0, 2, 4]


def test_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    with pytest.raises(SpillError, match="TMPDIR"):
        TextStore(str(missing))


def test_batches_of_any_size_keep_their_positions(tmp_path: Path) -> None:
    with TextStore(str(tmp_path)) as store:
        for batch in ([], ["a", "bé", ""], [], iter(["xyz"]), ["\ud800 lone"]):
            store.add(batch)
        assert len(store) == 5
        assert store.texts(range(5)) == {0: "a", 1: "bé", 2: "", 3: "xyz", 4: "\ud800 lone"}
