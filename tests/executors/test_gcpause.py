"""The cycle collector is paused inside a scan, swept between batches and restored after."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

import unspin
from unspin.executors.gcpause import CollectorPause
from unspin.executors.parallel import Workers


class _Node:
    """An object that can sit in a reference cycle and be watched through a weak reference."""

    def __init__(self) -> None:
        self.other: object = self


def test_pause_restores_the_previous_state_and_nests() -> None:
    assert gc.isenabled()
    with CollectorPause():
        assert not gc.isenabled()
        with CollectorPause():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves the outer one in force
    assert gc.isenabled()
    gc.disable()
    try:
        with CollectorPause():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()


def test_pause_is_lifted_when_the_body_raises() -> None:
    with pytest.raises(RuntimeError), CollectorPause():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_sweep_frees_cycles_dropped_since_the_last_sweep() -> None:
    with CollectorPause() as pause:
        node = _Node()
        alive = weakref.ref(node)
        del node
        assert alive() is not None  # a cycle: reference counting alone cannot free it
        pause.sweep()
        assert alive() is None


def _collector_enabled() -> bool:
    return gc.isenabled()


def test_worker_processes_run_the_collector_even_when_forked_during_a_pause() -> None:
    with CollectorPause(), Workers(2) as pool:
        assert pool.pool is not None
        assert pool.pool.submit(_collector_enabled).result()


def test_scan_sweeps_cycles_left_by_the_record_iterator() -> None:
    watched: list[weakref.ref[_Node]] = []

    def records() -> Iterator[dict[str, str]]:
        for k in range(3000):  # more than one read batch
            node = _Node()
            watched.append(weakref.ref(node))
            yield {"id": f"d{k}", "text": f"Article {k} says the council met on Monday."}

    gc.collect()
    gc.disable()  # as if the collector never ran by itself: only the scan's sweeps free cycles
    try:
        result = unspin.scan(records())
    finally:
        gc.enable()
    assert len(result.stories) == 3000
    freed = sum(ref() is None for ref in watched)
    assert freed >= 2900  # all but the few still referenced at the last sweep (0 unswept)


def test_verification_batches_run_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from unspin.verify import batch as verify_module

    seen: list[bool] = []
    analyse = verify_module.analyse

    def watching(text: str, canonical_form: str | None = None) -> verify_module.Analysed:
        seen.append(gc.isenabled())
        return analyse(text, canonical_form)

    monkeypatch.setattr(verify_module, "analyse", watching)
    texts = {0: "Troops arrived in the region on Monday.", 1: "Officials met in the capital."}
    verdicts = verify_module.verify(({0: "a", 1: "b"}, texts, [(0, 1, True)]))
    assert len(verdicts) == 1
    assert seen == [False, False]  # both texts analysed inside the pause
    assert gc.isenabled()  # and the collector is back on after the batch
