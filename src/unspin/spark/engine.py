"""The scan on Spark: the local engine's stages over a DataFrame, the same results.

Stage by stage, as :func:`unspin.executors.local.scan` runs them:

1. **ingest**: each record checked and repaired by the local engine's own function
   (:func:`unspin.spark.batches.ingest`); ids must be unique (a DataFrame has no input
   order to say which repeat is "first", so a repeat is an error, not a guess);
2. **prepare** in ``mapInArrow`` batches (:func:`unspin.spark.batches.prepare`);
3. **candidates** as explode, group by and window aggregates
   (:mod:`unspin.spark.candidates`);
4. **filter, verify and finalise** each candidate with both texts joined to it
   (:func:`unspin.spark.batches.verify_pairs`);
5. **group** on the driver over the verified links only (:func:`unspin.group.families.assemble`,
   the local engine's function): documents without a link are their own story, family and
   original, which a join on the executors fills in.

Every stage is keyed by document id, never by position or ``monotonically_increasing_id``,
so the results do not depend on partitions, cores or row order.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from unspin.errors import ConfigError
from unspin.executors.stopwatch import Stopwatch
from unspin.group.families import assemble
from unspin.ingest.records import iter_records
from unspin.models import DocInfo, Document, PairResult, ScanResult, Skipped
from unspin.spark import batches
from unspin.spark.candidates import find_candidates, number
from unspin.spark.session import get_session

_INGESTED = "id string, text string, published string, reason string, repairs array<string>"
_PREPARED = (
    "id string, published string, when_us long, digest binary, copy_n long, "
    "copy array<long>, chain array<long>, story array<long>"
)
_VERIFIED = (
    "a string, b string, published_a string, published_b string, relation string, "
    "source string, line binary, result binary"
)
_DOCS = "id string, text string, published string"
_GROUPS = "id string, story string, family string, is_original boolean, linked array<string>"


def scan(df: DataFrame) -> tuple[DataFrame, DataFrame]:
    """Find copies and same-story links among the records of ``df``, on Spark.

    Parameters
    ----------
    df : pyspark.sql.DataFrame
        One row per record with ``id`` and ``text`` columns; ``title``, ``url``, ``source``
        and ``published`` are read when present, as :func:`unspin.scan` reads dicts.

    Returns
    -------
    pairs : pyspark.sql.DataFrame
        ``(a, b, relation, source, line)``: one row per related pair, ``line`` its line of
        ``pairs.jsonl`` as the local engine writes it (without the newline: Spark's text
        writer adds it).
    documents : pyspark.sql.DataFrame
        ``(id, skipped, reason, story, family, is_original, linked_stories, repairs)``: one
        row per record.

    Raises
    ------
    ConfigError
        When ids repeat or the ``id`` or ``text`` column is missing.
    """
    missing = [name for name in ("id", "text") if name not in df.columns]
    if missing:
        raise ConfigError(f"unspin.spark.scan needs columns id and text; missing: {missing}")
    fields = [name for name in batches.RECORD_FIELDS if name in df.columns]
    checked = df.select(*fields).mapInArrow(batches.ingest, _INGESTED).persist()
    docs = checked.where(F.col("reason").isNull()).select("id", "text", "published")
    _check_unique(docs)
    verified = verify(docs)
    links = _links(verified)
    spark = df.sparkSession
    groups = spark.createDataFrame(_group_rows(links), _GROUPS)
    line = F.regexp_replace(F.col("line").cast("string"), "\n$", "").alias("line")
    pairs = verified.select("a", "b", "relation", "source", line)
    return pairs, _documents(checked, groups)


def _check_unique(docs: DataFrame) -> None:
    """ConfigError naming a few ids that occur more than once."""
    repeated = docs.groupBy("id").count().where(F.col("count") > 1).select("id").limit(5)
    found = [row[0] for row in repeated.collect()]
    if found:
        raise ConfigError(
            f"unspin.spark.scan needs unique ids (a DataFrame has no order to keep the first "
            f"of repeats); repeated: {', '.join(map(repr, found))}"
        )


def verify(docs: DataFrame, n_docs: int | None = None) -> DataFrame:
    """Rows of :data:`unspin.spark.batches.VERIFIED` for ``docs`` ``(id, text, published)``
    (``n_docs`` of them, counted when not given), computed once and kept (persisted) for the
    caller's actions. Each stage's time is logged as the local engine logs its own."""
    clock = Stopwatch()
    n_docs = docs.count() if n_docs is None else n_docs
    prepared = docs.mapInArrow(partial(batches.prepare, n_docs=n_docs), _PREPARED).persist()
    numbers = number(prepared).persist()
    clock.lap("spark prepare and number", numbers.count())
    candidates, kept = find_candidates(prepared, numbers)
    texts = docs.select("id", "text", "published")
    joined = candidates.join(_side(texts, "a"), "a").join(_side(texts, "b"), "b")
    # a document's pairs side by side, so that one batch analyses its text once for them
    ordered = joined.repartition("a").sortWithinPartitions("a", "b")
    verified = ordered.select(
        "a", "b", "aligned", "text_a", "text_b", "published_a", "published_b"
    ).mapInArrow(batches.verify_pairs, _VERIFIED)
    verified = verified.persist()
    found = verified.count()  # verify once; every later action reads the kept rows
    clock.lap("spark candidates and verify", found)
    for table in (prepared, numbers, *kept):
        table.unpersist()
    return verified


def _side(texts: DataFrame, side: str) -> DataFrame:
    """The texts table with its columns named for one side of a pair."""
    return texts.select(
        F.col("id").alias(side),
        F.col("text").alias(f"text_{side}"),
        F.col("published").alias(f"published_{side}"),
    )


Link = tuple[PairResult, DocInfo, DocInfo]


def _links(verified: DataFrame) -> list[Link]:
    """The verified links on the driver, sorted by ``(a, b)`` as the local engine has them."""
    rows = verified.select("a", "b", "published_a", "published_b", "result").collect()
    rows.sort(key=lambda row: (row[0], row[1]))  # Python's order of ids, as the local engine's
    return [
        (pickle.loads(row[4]), DocInfo(row[0], row[2]), DocInfo(row[1], row[3])) for row in rows
    ]


def group(links: Sequence[Link]) -> ScanResult:
    """Stories, families and originals of the linked documents, as the local engine groups
    them: average linkage and components see only linked documents, and every document
    without a link is its own group either way."""
    infos = {d.id: d for _, da, db in links for d in (da, db)}
    return assemble([infos[k] for k in sorted(infos)], [p for p, _, _ in links], ())


def complete(
    partial_result: ScanResult, ids: Iterable[str], skipped: Sequence[Skipped]
) -> ScanResult:
    """``partial_result`` (over the linked documents) extended to every analysed id."""
    stories, families = dict(partial_result.stories), dict(partial_result.families)
    originals = set(partial_result.originals)
    for doc_id in ids:
        if doc_id not in families:
            stories[doc_id] = families[doc_id] = doc_id
            originals.add(doc_id)
    return ScanResult(partial_result.pairs, stories, families, frozenset(originals), tuple(skipped))


def _group_rows(links: Sequence[Link]) -> list[tuple[Any, ...]]:
    """Rows of the groups table for the linked documents."""
    result = group(links)
    linked = result.linked_stories()
    return [
        (doc_id, story, result.families[doc_id], doc_id in result.originals, linked.get(doc_id, []))
        for doc_id, story in sorted(result.stories.items())
    ]


def _documents(checked: DataFrame, groups: DataFrame) -> DataFrame:
    """One row per record: its groups (itself when unlinked), or why it was skipped."""
    joined = checked.join(groups, "id", "left")
    analysed = F.col("reason").isNull()
    return joined.select(
        "id",
        (~analysed).alias("skipped"),
        "reason",
        F.when(analysed, F.coalesce("story", "id")).alias("story"),
        F.when(analysed, F.coalesce("family", "id")).alias("family"),
        F.when(analysed, F.coalesce("is_original", F.lit(True))).alias("is_original"),
        F.when(analysed, F.coalesce("linked", F.array().cast("array<string>"))).alias(
            "linked_stories"
        ),
        "repairs",
    )


def _as_dataframe(spark: SparkSession, docs: Sequence[Document], tmp: Path) -> DataFrame:
    """The documents as a DataFrame ``(id, text, published)``.

    In local mode they go through a Parquet file in ``tmp``, which Spark reads like any
    source: a DataFrame made from driver memory would carry its rows inside the tasks, and
    50,000 articles (220 MB) overflowed the driver's 1 GB heap that way. On a cluster the
    driver's temporary directory is not visible to the executors, so the rows are sent from
    memory: for large corpora there, read them with Spark and call :func:`scan`.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": pa.array([d.id for d in docs], pa.string()),
            "text": pa.array([d.text for d in docs], pa.string()),
            "published": pa.array([d.published for d in docs], pa.string()),
        }
    )
    if not str(spark.sparkContext.master).startswith("local"):
        return spark.createDataFrame(table, _DOCS)
    path = tmp / "documents.parquet"
    pq.write_table(table, path, row_group_size=PARQUET_ROWS)
    return spark.read.parquet(str(path))


PARQUET_ROWS = 4096
"""Rows per Parquet row group of the CLI's documents file (Spark splits a file by groups)."""


def scan_documents(
    records: Iterable[Document],
    *,
    master: str | None = None,
    shuffle_partitions: int | None = None,
) -> ScanResult:
    """:func:`unspin.scan` of ``records`` on Spark: the same :class:`ScanResult`.

    What the CLI's ``--engine spark`` runs: records are checked here as :func:`unspin.scan`
    checks them (in input order, so a repeated id is skipped as the local engine skips it),
    then the analysed documents go to Spark.
    """
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for item in iter_records(records):
        (skipped if isinstance(item, Skipped) else docs).append(item)  # type: ignore[arg-type]
    spark = get_session(master, shuffle_partitions=shuffle_partitions)
    with tempfile.TemporaryDirectory(prefix="unspin-spark-") as tmp:
        df = _as_dataframe(spark, docs, Path(tmp))
        verified = verify(df, len(docs))
        clock = Stopwatch()
        try:
            links = _links(verified)
        finally:
            verified.unpersist()
    result = complete(group(links), [d.id for d in docs], skipped)
    clock.lap("spark collect links and group", len(links))
    return result
