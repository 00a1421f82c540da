"""Parquet: one row is one document, read in record batches.

Columns are read by name through :class:`~unspin.ingest.base.ColumnMap`, in batches of
:data:`BATCH_ROWS` rows so memory stays flat on large files. Types are taken as they come: an
integer id becomes a string, binary text is decoded like a text file, and any other type of
text (an int, a list) skips the row with ``not-text`` rather than guessing. A file pyarrow
cannot open, or a row group it cannot decode, is reported as a skipped record, not raised.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from unspin.ingest.base import ColumnMap, RawRecord, display_path
from unspin.ingest.jsonl import record_from_mapping

PARQUET_SUFFIXES = (".parquet",)
BATCH_ROWS = 1024


def read_parquet(path: Path, columns: ColumnMap) -> Iterator[RawRecord]:
    """Raw records of a Parquet file; locations are ``file:row`` with rows counted from 1."""
    import pyarrow as pa  # deferred: pyarrow takes a noticeable time to import
    import pyarrow.parquet as pq

    name = display_path(path)
    try:
        parquet_file = pq.ParquetFile(path)
    except pa.ArrowException as exc:
        yield RawRecord(name, id=name, reason=f"corrupt-parquet: {exc}")
        return
    present = list(parquet_file.schema_arrow.names)
    missing = "" if columns.text in present else _missing_text(columns, present)
    row = 0
    try:
        for batch in parquet_file.iter_batches(
            batch_size=BATCH_ROWS, columns=_wanted(columns, present)
        ):
            values = {col: batch.column(col).to_pylist() for col in batch.schema.names}
            for i in range(batch.num_rows):
                row += 1
                yield _row(values, i, f"{name}:{row}", columns, missing)
    except pa.ArrowException as exc:
        yield RawRecord(f"{name}:{row + 1}", reason=f"corrupt-parquet: {exc}")


def _wanted(columns: ColumnMap, present: list[str]) -> list[str]:
    """Mapped columns that exist in the file, without repeats, in file order."""
    mapped = {columns.id, columns.text, *columns.optional_fields().values()}
    return [col for col in present if col in mapped]


def _missing_text(columns: ColumnMap, present: list[str]) -> str:
    """Reason for rows of a file without the text column, listing the columns it has."""
    available = ", ".join(present[:10]) or "none"
    return f"missing-text-column: no {columns.text!r} (has: {available})"


def _row(
    values: dict[str, list[Any]], i: int, location: str, columns: ColumnMap, missing: str
) -> RawRecord:
    """Raw record of row ``i`` of a batch."""
    record = record_from_mapping(
        {col: vals[i] for col, vals in values.items()}, location, columns, []
    )
    if missing:
        record.reason = missing
    return record
