"""unspin.text.lexicon: arrays built once and cached on disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.text.lexicon import cached_arrays


def test_cached_arrays_build_once_then_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNSPIN_CACHE", str(tmp_path))
    calls: list[int] = []

    def build() -> tuple[np.ndarray, ...]:
        calls.append(1)
        return np.arange(5, dtype=np.uint64), np.linspace(0, 1, 5).astype(np.float32)

    first = cached_arrays("probe-v1", build)
    second = cached_arrays("probe-v1", build)
    assert len(calls) == 1
    assert [a.tolist() for a in first] == [a.tolist() for a in second]
    assert [a.dtype for a in second] == [np.uint64, np.float32]


def test_cached_arrays_rebuild_a_broken_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNSPIN_CACHE", str(tmp_path))
    (tmp_path / "unspin").mkdir()
    (tmp_path / "unspin" / "probe-v1.npz").write_bytes(b"not a zip file")
    (values,) = cached_arrays("probe-v1", lambda: (np.arange(3),))
    assert values.tolist() == [0, 1, 2]
    (again,) = cached_arrays("probe-v1", lambda: (np.arange(9),))
    assert again.tolist() == [0, 1, 2]  # the rebuilt cache replaced the broken file


def test_cached_arrays_work_without_a_writable_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("UNSPIN_CACHE", str(blocker))
    (values,) = cached_arrays("probe-v1", lambda: (np.arange(4),))
    assert values.tolist() == [0, 1, 2, 3]
