"""Candidate search as DataFrame operations: the rules of :mod:`unspin.candidates.policy`.

The local engine sorts all postings in one process; here postings are exploded from each
document's feature lists and grouped by feature key, and each rule becomes an aggregate:

* documents are numbered by publication order (undated last, then by id), exactly the
  internal numbers of :func:`~unspin.candidates.policy.find_candidates`; a number is a rank,
  never ``monotonically_increasing_id`` (which depends on the partitioning);
* an exact-duplicate group (same digest) is a star around its lowest number, and its other
  members take part in no other rule;
* a posting list of at most ``COPY_MAX_DF`` (``STORY_MAX_DF``) documents pairs all its
  members; longer copy lists pair the first ``REPRESENTATIVES`` members with the others;
* per pair, shared fingerprints, chains and story terms are counted, and the thresholds are
  the same comparisons on the same integers (``LONG_MIN_SHARE`` times a size in float64);
* each document keeps its strongest neighbours. The local engine walks the pairs strongest
  first and keeps a pair while either document has fewer than ``k`` kept pairs; a pair is
  kept exactly when it is among the first ``k`` of either document's own pairs in that order
  (every one of those is kept, and once a document has ``k`` kept pairs it keeps no more), so
  a window rank per document gives the same set without a global pass.

Posting lists are sorted collections (``sort_array``), so no result depends on the number of
partitions or on the order rows arrive in.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from unspin.candidates.policy import (
    COPY_MAX_DF,
    COPY_MIN_EVIDENCE,
    COPY_MIN_SHARED,
    COPY_NEIGHBOURS,
    LONG_MIN_SHARE,
    LONG_MIN_SHARED,
    REPRESENTATIVES,
    STORY_MAX_DF,
    STORY_MIN_SHARED,
    STORY_NEIGHBOURS,
)

_PLAIN, _CHAIN, _STORY = 0, 1, 2
"""Feature kinds in the postings table."""

_ALL_PAIRS = (
    "explode(flatten(transform(sequence(1, size(docs) - 1), y -> "
    "transform(sequence(0, y - 1), x -> named_struct('i', docs[x], 'j', docs[y])))))"
)
"""Every pair ``(docs[x], docs[y])``, ``x < y``, of a sorted posting list of two or more."""

_REP_PAIRS = (
    f"explode(flatten(transform(sequence(0, least({REPRESENTATIVES}, size(docs) - 1) - 1), "
    "r -> transform(slice(docs, r + 2, size(docs) - r - 1), "
    "m -> named_struct('i', docs[r], 'j', m)))))"
)
"""The first ``REPRESENTATIVES`` members of a long list, each with every later member
(:meth:`unspin.candidates.postings.PostingIndex.rep_keys`)."""


def number(prepared: DataFrame) -> DataFrame:
    """``(id, number)``: each document's rank by publication time (undated last), then id.

    ``zipWithIndex`` over the sorted ids counts each partition's rows first and so gives
    every document the same rank whatever the partitioning.
    """
    ordered = prepared.select("id", "when_us").orderBy(
        F.col("when_us").isNull(), F.coalesce("when_us", F.lit(0)), "id"
    )
    ranked = ordered.rdd.map(lambda row: row[0]).zipWithIndex()
    return ranked.toDF("id string, number long")


def find_candidates(
    prepared: DataFrame, numbers: DataFrame
) -> tuple[DataFrame, tuple[DataFrame, ...]]:
    """``(a, b, aligned)``, ``a < b`` by id: the pairs the local engine verifies, and the
    tables kept (persisted) because two rules read them, which the caller unpersists once
    it has used the candidates (one job computes them all).

    ``prepared`` has the columns of :data:`unspin.spark.batches.PREPARED`; ``numbers`` is
    :func:`number` of it.
    """
    docs = prepared.join(numbers, "id").drop("id", "published", "when_us").persist()
    stars, members = _same_digest(docs)
    members = members.persist()
    lists = _posting_lists(docs).persist()
    counted = _pair_counts(lists).persist()  # read by the copy and the story rules
    copy = _strongest(_copy_evidence(counted).unionByName(_syndicated(lists, docs)))
    copies = _nearest(_without(copy, members), COPY_NEIGHBOURS).unionByName(stars).persist()
    story = counted.where(F.col("story") >= STORY_MIN_SHARED).select(
        "i", "j", F.col("story").alias("count")
    )
    stories = _nearest(_without(story, members), STORY_NEIGHBOURS).join(
        copies, ["i", "j"], "left_anti"
    )
    found = copies.withColumn("aligned", F.lit(True)).unionByName(
        stories.withColumn("aligned", F.lit(False))
    )
    return _by_id(found, numbers), (docs, members, lists, counted, copies)


def _same_digest(docs: DataFrame) -> tuple[DataFrame, DataFrame]:
    """Stars of exact-duplicate groups ``(i, j)`` and the members ``(number)`` not centres."""
    groups = (
        docs.groupBy("digest")
        .agg(F.sort_array(F.collect_list("number")).alias("docs"))
        .where(F.size("docs") >= 2)
    )
    stars = groups.select(
        F.col("docs")[0].alias("i"), F.explode(F.slice("docs", 2, 1 << 30)).alias("j")
    )
    return stars, stars.select(F.col("j").alias("number"))


def _posting_lists(docs: DataFrame) -> DataFrame:
    """``(kind, docs)``: every posting list of two or more documents, sorted."""
    kinds = [
        docs.select(F.lit(kind).alias("kind"), F.explode(name).alias("key"), "number")
        for kind, name in ((_PLAIN, "copy"), (_CHAIN, "chain"), (_STORY, "story"))
    ]
    postings = kinds[0].unionByName(kinds[1]).unionByName(kinds[2])
    return (
        postings.groupBy("kind", "key")
        .agg(F.sort_array(F.collect_list("number")).alias("docs"))
        .where(F.size("docs") >= 2)
        .drop("key")
    )


def _pair_counts(lists: DataFrame) -> DataFrame:
    """``(i, j, plain, chain, story)``: features of each kind shared by each pair, over the
    lists short enough to pair in full."""
    max_df = F.when(F.col("kind") == _STORY, STORY_MAX_DF).otherwise(COPY_MAX_DF)
    pairs = lists.where(F.size("docs") <= max_df).select("kind", F.expr(_ALL_PAIRS).alias("p"))

    def shared(kind: int, name: str) -> Column:
        return F.sum(F.when(F.col("kind") == kind, 1).otherwise(0)).alias(name)

    return pairs.groupBy(F.col("p.i").alias("i"), F.col("p.j").alias("j")).agg(
        shared(_PLAIN, "plain"), shared(_CHAIN, "chain"), shared(_STORY, "story")
    )


def _copy_evidence(counted: DataFrame) -> DataFrame:
    """``(i, j, count)``: pairs with enough shared fingerprints, and enough fingerprints and
    chains together (``count``)."""
    evidence = F.col("plain") + F.col("chain")
    return counted.where(
        (F.col("plain") >= COPY_MIN_SHARED) & (evidence >= COPY_MIN_EVIDENCE)
    ).select("i", "j", evidence.alias("count"))


def _syndicated(lists: DataFrame, docs: DataFrame) -> DataFrame:
    """``(i, j, count)``: representatives of too-long fingerprint lists and the members that
    share enough such fingerprints, also relative to the smaller document's fingerprints."""
    long = lists.where((F.col("kind") == _PLAIN) & (F.size("docs") > COPY_MAX_DF))
    pairs = long.select(F.expr(_REP_PAIRS).alias("p")).select("p.i", "p.j")
    counts = pairs.groupBy("i", "j").agg(F.count(F.lit(1)).alias("count"))
    counts = counts.where(F.col("count") >= LONG_MIN_SHARED)
    sizes = docs.select("number", "copy_n")
    with_sizes = counts.join(
        sizes.withColumnRenamed("number", "i").withColumnRenamed("copy_n", "size_i"), "i"
    ).join(sizes.withColumnRenamed("number", "j").withColumnRenamed("copy_n", "size_j"), "j")
    smaller = F.least("size_i", "size_j").cast("double")
    return with_sizes.where(F.col("count") >= F.lit(LONG_MIN_SHARE) * smaller).select(
        "i", "j", "count"
    )


def _strongest(pairs: DataFrame) -> DataFrame:
    """Each pair once, with the larger evidence of the rules that found it."""
    return pairs.groupBy("i", "j").agg(F.max("count").alias("count"))


def _without(pairs: DataFrame, members: DataFrame) -> DataFrame:
    """The pairs that touch no duplicate-group member but its centre."""
    for side in ("i", "j"):
        pairs = pairs.join(members.withColumnRenamed("number", side), side, "left_anti")
    return pairs


def _nearest(pairs: DataFrame, k: int) -> DataFrame:
    """``(i, j)``: pairs among the ``k`` strongest of either document (module docstring)."""
    ends = pairs.select(F.col("i").alias("node"), "i", "j", "count").unionByName(
        pairs.select(F.col("j").alias("node"), "i", "j", "count")
    )
    order = Window.partitionBy("node").orderBy(F.col("count").desc(), "i", "j")
    ranked = ends.withColumn("rank", F.row_number().over(order))
    return ranked.where(F.col("rank") <= k).select("i", "j").distinct()


def _by_id(found: DataFrame, numbers: DataFrame) -> DataFrame:
    """Candidates by document id, the smaller id as ``a``."""
    left = numbers.select(F.col("number").alias("i"), F.col("id").alias("x"))
    right = numbers.select(F.col("number").alias("j"), F.col("id").alias("y"))
    named = found.join(left, "i").join(right, "j")
    return named.select(F.least("x", "y").alias("a"), F.greatest("x", "y").alias("b"), "aligned")
