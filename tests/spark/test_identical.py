"""Issue 22: ``unspin scan --engine spark`` writes the bytes the local engine writes.

Each corpus is scanned once by the local engine and then by Spark at 1, 7 and 64 shuffle
partitions (one partition, a prime count that splits every group unevenly, and more
partitions than documents in most corpora): results must not depend on partitioning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.spark.corpora import SEEDS, example_records, newswire_records, write_jsonl
from unspin.cli import app

PARTITIONS = (1, 7, 64)
FILES = ("pairs.jsonl", "documents.jsonl")


def _scan(inputs: list[Path], out: Path, *extra: str) -> dict[str, bytes]:
    args = ["scan", *map(str, inputs), "--out", str(out), "--quiet", *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return {name: (out / name).read_bytes() for name in FILES}


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[Path], Any]]:
    """Each corpus's input paths and the local engine's output bytes."""
    base = tmp_path_factory.mktemp("corpora")
    inputs = {
        "example": [write_jsonl(example_records(), base / "example.jsonl")],
        "newswire": [write_jsonl(newswire_records(), base / "newswire.jsonl")],
    }
    if SEEDS.is_dir():
        inputs["seeds"] = [SEEDS]
    return {name: (paths, _scan(paths, base / f"{name}-local")) for name, paths in inputs.items()}


@pytest.mark.issue(22)
@pytest.mark.slow
@pytest.mark.parametrize("partitions", PARTITIONS)
@pytest.mark.parametrize("corpus", ["example", "seeds", "newswire"])
def test_spark_engine_writes_the_local_engines_bytes(
    spark: Any,
    corpora: dict[str, tuple[list[Path], Any]],
    corpus: str,
    partitions: int,
    tmp_path: Path,
) -> None:
    if corpus not in corpora:
        pytest.skip("../shared/seeds is not available")
    paths, local = corpora[corpus]
    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    assert _scan(paths, tmp_path, "--engine", "spark") == local


@pytest.mark.issue(22)
def test_the_generated_corpus_exercises_long_lists_stars_and_skips(
    corpora: dict[str, tuple[list[Path], Any]],
) -> None:
    pairs = corpora["newswire"][1]["pairs.jsonl"].decode()
    documents = corpora["newswire"][1]["documents.jsonl"].decode()
    assert pairs.count('"relation":"duplicate"') >= 39  # the identical pages, as a star
    assert documents.count('"skipped":true') == 2  # the empty text and the repeated id
    assert '"a":"harbor-fire-wire","b":"site-059"' in pairs  # a member past COPY_MAX_DF
