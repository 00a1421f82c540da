"""CSV and TSV with a header row: one row is one document.

Rows are parsed with the :mod:`csv` module over lines decoded one at a time, so a row in
another encoding, a row with too few or too many fields, or a quoting error costs that row
only. Each record's location is the line where its row starts (quoted fields may span lines).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from unspin.ingest.base import (
    SNIFF_BYTES,
    ColumnMap,
    RawRecord,
    decode_line,
    display_path,
    is_binary,
)
from unspin.ingest.jsonl import open_maybe_gzip, record_from_mapping

if TYPE_CHECKING:
    from _csv import Reader

CSV_SUFFIXES = (".csv", ".tsv", ".csv.gz", ".tsv.gz")

# Articles are long: the csv module's default field limit (131,072 chars) would reject them.
FIELD_SIZE_LIMIT = min(sys.maxsize, 2**31 - 1)


class _DecodedLines:
    """Iterator of decoded lines that remembers the repairs since the last record was taken."""

    def __init__(self, lines: Iterable[bytes]) -> None:
        self._lines = iter(lines)
        self._first = True
        self.repairs: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        text, repairs = decode_line(next(self._lines))
        if self._first:
            text, self._first = text.removeprefix("\ufeff"), False
        self.repairs.extend(r for r in repairs if r not in self.repairs)
        return text

    def take_repairs(self) -> list[str]:
        """Repairs of the lines read since the previous call."""
        repairs, self.repairs = self.repairs, []
        return repairs


def read_csv(path: Path, columns: ColumnMap) -> Iterator[RawRecord]:
    """Raw records of a CSV (``,``) or TSV (tab, chosen by the ``.tsv`` suffix) file."""
    # the csv module's field limit is process-wide: raised while this file is read (articles
    # are longer than the default 128 KiB), put back when the reader finishes or is closed
    previous = csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))
    try:
        name = display_path(path)
        delimiter = "\t" if ".tsv" in path.suffixes else ","
        with open_maybe_gzip(path) as fh:
            if is_binary(fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]):
                yield RawRecord(name, id=name, reason="binary: not a CSV file")
                return
            lines = _DecodedLines(fh)
            reader = csv.reader(lines, delimiter=delimiter)
            header = _read_header(reader)
            if header is not None:
                yield from _read_rows(reader, lines, header, name, columns)
    finally:
        csv.field_size_limit(previous)


def _read_header(reader: Reader) -> list[str] | None:
    """Column names of the first non-blank row, or None for a file with no rows."""
    for row in reader:
        if row:
            return [cell.strip() for cell in row]
    return None


def _read_rows(
    reader: Reader,
    lines: _DecodedLines,
    header: list[str],
    name: str,
    columns: ColumnMap,
) -> Iterator[RawRecord]:
    """Raw records of the data rows; a row the csv module rejects becomes a reason."""
    while True:
        location = f"{name}:{reader.line_num + 1}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            lines.take_repairs()
            yield RawRecord(location, reason=f"invalid-csv: {exc}")
            continue
        repairs = lines.take_repairs()
        if row:
            yield row_record(row, header, location, columns, repairs)


def row_record(
    row: list[str], header: list[str], location: str, columns: ColumnMap, repairs: list[str]
) -> RawRecord:
    """A raw record from one CSV row; short rows and extra fields are named, not guessed."""
    if len(row) > len(header):
        repairs.append(f"ignored-{len(row) - len(header)}-extra-fields")
    mapping: dict[str, object] = {}
    for col, value in zip(header, row, strict=False):
        mapping.setdefault(col, value)  # first of duplicate column names wins
    record = record_from_mapping(mapping, location, columns, repairs)
    if record.reason and columns.text in header:
        record.reason = f"short-row: {len(row)} of {len(header)} fields, no {columns.text!r}"
    return record
