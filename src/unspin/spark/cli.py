"""What ``unspin scan --engine spark`` calls: the records read by the CLI, scanned on Spark.

The CLI reads its inputs on the driver (files are local to it), so the records are checked
there in input order, exactly as :func:`unspin.scan` checks them, and only the analysed
documents go to Spark. For corpora already in a cluster's storage, read them into a
DataFrame and call :func:`unspin.spark.scan` instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from unspin.models import Document, ScanResult
from unspin.spark.session import require_pyspark


def scan_on_spark(records: Iterable[Document], *, master: str | None = None) -> ScanResult:
    """:func:`unspin.scan` of ``records`` on the Spark ``master`` (default ``local[2]``)."""
    require_pyspark()
    from unspin.spark.engine import scan_documents

    return scan_documents(records, master=master)
