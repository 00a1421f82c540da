"""``unspin.spark.scan`` over a DataFrame, and the errors of the engine's entry points."""

from __future__ import annotations

from typing import Any

import pytest

import unspin
import unspin.spark
from tests.spark.corpora import example_records
from unspin.errors import ConfigError, MissingDependencyError
from unspin.output.files import encode_line, pair_rows
from unspin.spark import session


@pytest.mark.issue(22)
def test_scan_of_a_dataframe_gives_the_local_pairs_and_groups(spark: Any) -> None:
    records = example_records()
    records.append({"id": "blank", "text": ""})
    local = unspin.scan(records)
    pairs, documents = unspin.spark.scan(spark.createDataFrame(records))
    lines = [row.line for row in pairs.orderBy("a", "b").collect()]
    assert lines == [encode_line(row).decode().removesuffix("\n") for row in pair_rows(local)]
    rows = {row.id: row for row in documents.collect()}
    assert rows["blank"].skipped
    assert rows["blank"].reason == next(s.reason for s in local.skipped)
    for doc_id, story in local.stories.items():
        assert (rows[doc_id].story, rows[doc_id].family) == (story, local.families[doc_id])
        assert rows[doc_id].is_original == (doc_id in local.originals)


@pytest.mark.issue(22)
def test_repeated_ids_in_a_dataframe_are_an_error_naming_them(spark: Any) -> None:
    df = spark.createDataFrame([("x", "one text"), ("x", "another text")], "id string, text string")
    with pytest.raises(ConfigError, match="'x'"):
        unspin.spark.scan(df)


@pytest.mark.issue(22)
def test_a_dataframe_without_text_is_an_error(spark: Any) -> None:
    with pytest.raises(ConfigError, match="text"):
        unspin.spark.scan(spark.createDataFrame([("x",)], "id string"))


def test_missing_java_is_reported_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(session.shutil, "which", lambda _name: None)
    with pytest.raises(MissingDependencyError, match="openjdk-17-jre-headless"):
        session.require_java()


def test_missing_pyspark_is_reported_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_module(name: str) -> None:
        raise ImportError(name)

    monkeypatch.setattr(session.importlib, "import_module", no_module)
    with pytest.raises(MissingDependencyError, match=r"unspin\[spark\]"):
        session.require_pyspark()
