"""A scan leaves the process as it found it: a service runs many scans in one process."""

from __future__ import annotations

import csv
import gc
import os
from pathlib import Path

import pytest
from threadpoolctl import threadpool_info

from unspin import scan
from unspin.executors.parallel import Workers, _context
from unspin.ingest import read_sources

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "newsroom.jsonl"
TEXTS = ["The council approved the harbour budget on Monday after a long debate about fees."]


def _state() -> tuple[bool, str | None, list[tuple[str, int]], int]:
    blas = sorted((str(i.get("internal_api")), int(i["num_threads"])) for i in threadpool_info())
    return gc.isenabled(), os.environ.get("OMP_NUM_THREADS"), blas, csv.field_size_limit()


@pytest.mark.parametrize("omp", [None, "3"])
def test_scan_with_workers_restores_gc_environment_and_blas(
    omp: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if omp is None:
        monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OMP_NUM_THREADS", omp)
    before = _state()
    result = scan(list(read_sources([EXAMPLE])), workers=2)
    assert result.pairs  # the scan did run its stages in the workers
    assert _state() == before


def test_scan_restores_a_disabled_collector() -> None:
    gc.disable()
    try:
        scan([{"id": "a", "text": TEXTS[0]}])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reading_a_csv_restores_the_field_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,text\n1," + "long " * 40_000 + "\n", encoding="utf-8")
    before = csv.field_size_limit()
    (doc,) = list(read_sources([path]))
    assert len(doc.text) > 131_072  # longer than the csv module's default limit
    assert csv.field_size_limit() == before


def test_workers_start_from_a_fork_server_not_a_fork_of_this_process() -> None:
    if os.name != "posix":
        pytest.skip("fork server is POSIX only; elsewhere workers are spawned")
    assert _context().get_start_method() == "forkserver"
    with Workers(2) as pool:
        assert pool.pool is not None
        assert pool.pool._mp_context.get_start_method() == "forkserver"
