"""Write extracted pages (``unspin extract``): one row per record read, extracted or skipped.

Rows are streamed, so a crawl of any size is written in constant memory: JSON Lines line by
line, Parquet in row groups of :data:`PARQUET_BATCH` rows. Every row has the same fields;
a skipped record has ``text`` null and ``skipped`` set to the reason, so that the output
accounts for every record of the input, as ``documents.jsonl`` does for a scan.
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from unspin.errors import ConfigError, UnspinError
from unspin.models import Document, Skipped
from unspin.output.files import dumps, reason_kind

PAGE_FIELDS = (
    "id",
    "url",
    "title",
    "published",
    "crawled",
    "site",
    "language",
    "encoding",
    "text",
    "sources",
    "location",
    "repairs",
    "skipped",
)
"""Columns of every row, in order. ``sources`` maps a field to where its value came from."""

PARQUET_BATCH = 1000
OUT_SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")


@dataclass(slots=True)
class PagesSummary:
    """What :func:`write_pages` wrote: counts, skip reasons by kind, and the file."""

    path: Path
    extracted: int = 0
    skipped: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    examples: list[Skipped] = field(default_factory=list)


def page_row(record: Document | Skipped) -> dict[str, Any]:
    """One output row for an extracted document or a skipped record."""
    if isinstance(record, Skipped):
        row: dict[str, Any] = dict.fromkeys(PAGE_FIELDS)
        row.update(id=record.id, location=record.location, skipped=record.reason)
        row.update(sources={}, repairs=[])
        return row
    meta = record.metadata
    return {
        "id": record.id,
        "url": record.url,
        "title": record.title,
        "published": record.published,
        "crawled": meta.get("crawled"),
        "site": record.source,
        "language": meta.get("language"),
        "encoding": meta.get("encoding"),
        "text": record.text,
        "sources": dict(meta.get("field_sources", {})),
        "location": str(meta.get("location", "")),
        "repairs": list(meta.get("repairs", ())),
        "skipped": None,
    }


def write_pages(
    records: Iterable[Document | Skipped], path: str | Path, *, keep_examples: int = 20
) -> PagesSummary:
    """Write one row per record to ``path`` (``.jsonl``, ``.jsonl.gz`` or ``.parquet``).

    Raises
    ------
    ConfigError
        When the suffix of ``path`` is none of those.
    UnspinError
        When the file cannot be written.
    """
    path = Path(path)
    name = path.name.lower()
    if not name.endswith(OUT_SUFFIXES):
        raise ConfigError(f"--out must end in {', '.join(OUT_SUFFIXES)}. Got {path.name!r}.")
    summary = PagesSummary(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = _counted(records, summary, keep_examples)
        if name.endswith(".parquet"):
            _write_parquet(rows, path)
        else:
            opener: Any = gzip.open if name.endswith(".gz") else open
            with opener(path, "wb") as fh:
                _write_jsonl(rows, fh)
    except OSError as exc:
        raise UnspinError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    return summary


def _counted(
    records: Iterable[Document | Skipped], summary: PagesSummary, keep: int
) -> Iterable[dict[str, Any]]:
    """Rows of ``records``, counting extracted and skipped ones into ``summary``."""
    for record in records:
        if isinstance(record, Skipped):
            summary.skipped += 1
            summary.reasons[reason_kind(record.reason)] += 1
            if len(summary.examples) < keep:
                summary.examples.append(record)
        else:
            summary.extracted += 1
        yield page_row(record)


def _write_jsonl(rows: Iterable[dict[str, Any]], fh: IO[bytes]) -> None:
    """One JSON object per line, keys sorted (the same bytes for the same input)."""
    for row in rows:
        fh.write(dumps(row).encode("utf-8") + b"\n")


def _schema() -> Any:
    """Parquet schema of a page row."""
    import pyarrow as pa

    columns = [
        pa.field(name, pa.string()) for name in PAGE_FIELDS if name not in ("sources", "repairs")
    ]
    columns.insert(9, pa.field("sources", pa.map_(pa.string(), pa.string())))
    columns.insert(11, pa.field("repairs", pa.list_(pa.string())))
    return pa.schema(columns)


def _write_parquet(rows: Iterable[dict[str, Any]], path: Path) -> None:
    """Rows in Parquet row groups of :data:`PARQUET_BATCH`, never all in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(path, schema) as writer:
        for row in rows:
            batch.append({**row, "sources": list(row["sources"].items())})
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
