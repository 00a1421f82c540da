"""The Spark engine: :func:`scan` over a DataFrame, the same results as :func:`unspin.scan`.

Needs the ``spark`` extra (``pip install 'unspin[spark]'``) and a Java runtime; both are
checked on first use with the fix named (:mod:`unspin.spark.session`), so importing this
package never fails.
"""

from __future__ import annotations

from typing import Any

from unspin.spark.session import get_session, require_pyspark

__all__ = ["get_session", "scan"]


def scan(df: Any) -> tuple[Any, Any]:
    """Pairs and documents DataFrames of ``df`` (see :func:`unspin.spark.engine.scan`)."""
    require_pyspark()
    from unspin.spark.engine import scan as spark_scan

    return spark_scan(df)
