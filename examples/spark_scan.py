"""Scan a JSON Lines corpus with the Spark engine: a driver script for ``spark-submit``.

    spark-submit --master 'local[2]' examples/spark_scan.py examples/newsroom.jsonl out-spark/

Reads the records with Spark (on a cluster: a path every executor can read, such as
``s3://`` or ``hdfs://``), runs :func:`unspin.spark.scan` and writes the pairs as the lines
of ``pairs.jsonl`` (the same bytes as ``unspin scan``) and the documents as Parquet.
"""

from __future__ import annotations

import sys

import unspin.spark


def main(source: str, out: str) -> None:
    """Scan ``source`` and write ``out/pairs`` (text) and ``out/documents`` (Parquet)."""
    spark = unspin.spark.get_session()
    pairs, documents = unspin.spark.scan(spark.read.json(source))
    pairs.orderBy("a", "b").select("line").coalesce(1).write.mode("overwrite").text(f"{out}/pairs")
    documents.orderBy("id").write.mode("overwrite").parquet(f"{out}/documents")
    for row in pairs.orderBy("a", "b").select("a", "b", "relation", "source").collect():
        print(row.a, row.b, row.relation, row.source, sep="\t")  # noqa: T201 (a script)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
