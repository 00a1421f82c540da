"""Write a scan's results to files, and summarise them in plain text for the CLI.

Files are written so that the same results give the same bytes: pairs sorted by ``(a, b)``,
JSON with sorted keys and fixed separators, Parquet with a fixed schema. That lets a user diff
two runs, and lets tests check determinism by comparing files.

``documents.jsonl`` has exactly one line per input record, sorted by id, so every record a
reader produced is accounted for: analysed documents carry their story, copy family and the
repairs made while reading; skipped records carry the reason and ``file:line``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import msgspec

from unspin.errors import ConfigError, UnspinError
from unspin.executors.gcpause import CollectorPause
from unspin.models import Document, PairResult, ScanResult, Skipped

FORMATS = ("jsonl", "parquet")
PAIRS_FILE = "pairs"
DOCUMENTS_FILE = "documents"


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
"""One encoder for every row: ``json.dumps`` with options builds a new one per call."""
_FAST_ENCODE = msgspec.json.Encoder(order="sorted").encode
"""The same JSON as :data:`_ENCODER` for the rows we write, as UTF-8 bytes, six times faster
(0.46 -> 0.07 s for 100 000 document rows): sorted keys, no spaces, characters unescaped
but the same control escapes. Floats would differ only in exponent form (``1e16`` against
``1e+16``); those written are rounded to 4 decimals and far from both ends."""


def dumps(obj: Any) -> str:
    """JSON for output files: sorted keys, compact, UTF-8 kept readable."""
    return _ENCODER.encode(obj)


def pair_rows(result: ScanResult) -> list[dict[str, Any]]:
    """One JSON-ready dict per pair, sorted by ``(a, b)``."""
    return [p.to_dict() for p in sorted(result.pairs, key=lambda p: (p.a, p.b))]


def document_rows(
    result: ScanResult, documents: Sequence[Document | Skipped], skipped: Sequence[Skipped]
) -> list[dict[str, Any]]:
    """One dict per input record, sorted by id (then location), whatever the input order.

    ``documents`` may interleave :class:`Skipped` records with the documents, which keeps
    the input order; ``skipped`` records not already among them are appended. A document that
    :func:`unspin.scan` itself skipped is written as skipped with the scan's reason.
    """
    scan_skipped = {s.id: s for s in result.skipped}
    linked = result.linked_stories()
    rows: list[dict[str, Any]] = []
    seen: set[Skipped] = set()
    for record in documents:
        if isinstance(record, Skipped):
            seen.add(record)
            rows.append(_skipped_row(record))
        elif record.id in scan_skipped and record.id not in result.families:
            location = str(record.metadata.get("location", ""))
            rows.append(_skipped_row(scan_skipped[record.id], location))
        else:
            rows.append(_document_row(result, record, linked.get(record.id, [])))
    rows.extend(_skipped_row(s) for s in skipped if s not in seen)
    rows.sort(key=lambda row: (str(row["id"]), str(row.get("location", ""))))
    return rows


def _document_row(result: ScanResult, doc: Document, linked: list[str]) -> dict[str, Any]:
    """Row of an analysed document; story/family are None if the scan did not return it.

    ``linked_stories`` lists the other stories this document shares a copy pair with
    (:attr:`ScanResult.cross_story_copies`).
    """
    return {
        "id": doc.id,
        "skipped": False,
        "location": str(doc.metadata.get("location", "")),
        "story": result.stories.get(doc.id),
        "family": result.families.get(doc.id),
        "is_original": doc.id in result.originals,
        "linked_stories": linked,
        "repairs": list(doc.metadata.get("repairs", ())),
    }


def _skipped_row(record: Skipped, location: str = "") -> dict[str, Any]:
    """Row of a skipped record; ``location`` fills in when the skipper did not know it."""
    return {
        "id": record.id,
        "skipped": True,
        "reason": record.reason,
        "location": record.location or location,
    }


def write_jsonl(rows: Iterable[dict[str, Any]], path: Path) -> Path:
    """Write one JSON object per line with ``\\n`` endings on every platform.

    A lone surrogate in a string (an id given to :func:`unspin.scan` as ``"\\ud800"``) is
    written as that JSON escape, which reads back to the same string; UTF-8 has no bytes
    for it.
    """
    with path.open("wb") as fh:
        fh.writelines(encode_line(row) for row in rows)
    return path


def encode_line(row: dict[str, Any]) -> bytes:
    """One JSON Lines line of the output files, as bytes (the Spark engine writes the same)."""
    try:
        return _FAST_ENCODE(row) + b"\n"
    except UnicodeEncodeError:  # a lone surrogate: the JSON escape, as described above
        return (dumps(row) + "\n").encode("utf-8", "backslashreplace")


def write_scan(
    result: ScanResult,
    documents: Sequence[Document | Skipped],
    skipped: Sequence[Skipped],
    out_dir: Path,
    *,
    formats: Sequence[str] = ("jsonl",),
) -> dict[str, Path]:
    """Write pairs and per-document results of a scan to ``out_dir``.

    Parameters
    ----------
    result : ScanResult
        What :func:`unspin.scan` returned.
    documents : sequence of Document or Skipped
        The input records in input order (Skipped records may be interleaved).
    skipped : sequence of Skipped
        Skipped records kept apart from ``documents``; ones already in ``documents`` are
        written once.
    out_dir : Path
        Created if missing; existing files of the same names are replaced.
    formats : sequence of {"jsonl", "parquet"}, default=("jsonl",)
        ``jsonl`` writes ``pairs.jsonl`` and ``documents.jsonl``; ``parquet`` writes
        ``pairs.parquet`` and ``documents.parquet``.

    Returns
    -------
    dict of str to Path
        File name (``"pairs.jsonl"``) to the path written, in writing order.

    Raises
    ------
    ConfigError
        For an unknown format name.
    UnspinError
        When ``out_dir`` cannot be created or written (it is a file, permission denied).
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ConfigError(f"Unknown output format {unknown[0]!r}. Available: {', '.join(FORMATS)}")
    try:
        with CollectorPause():  # one row per document, all alive until written
            return _write_all(result, documents, skipped, out_dir, formats)
    except OSError as exc:
        # errors.py has no output-specific class; the base class still maps to exit code 2.
        raise UnspinError(f"cannot write results to {out_dir}: {exc.strerror or exc}") from exc


def _write_all(
    result: ScanResult,
    documents: Sequence[Document | Skipped],
    skipped: Sequence[Skipped],
    out_dir: Path,
    formats: Sequence[str],
) -> dict[str, Path]:
    """Body of :func:`write_scan`, whose OS errors the caller turns into UnspinError."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pairs = pair_rows(result)
    docs = document_rows(result, documents, skipped)
    written: dict[str, Path] = {}
    if "jsonl" in formats:
        for stem, rows in ((PAIRS_FILE, pairs), (DOCUMENTS_FILE, docs)):
            written[f"{stem}.jsonl"] = write_jsonl(rows, out_dir / f"{stem}.jsonl")
    if "parquet" in formats:
        for stem, rows, schema in (
            (PAIRS_FILE, pairs, _pairs_schema()),
            (DOCUMENTS_FILE, docs, _documents_schema()),
        ):
            written[f"{stem}.parquet"] = write_parquet(rows, schema, out_dir / f"{stem}.parquet")
    return written


def write_parquet(rows: list[dict[str, Any]], schema: Any, path: Path) -> Path:
    """Write rows with a fixed schema, so an empty result still has typed columns."""
    import pyarrow as pa  # deferred: only needed for --format parquet
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path


def _pairs_schema() -> Any:
    """Arrow schema of pairs.parquet, mirroring ``PairResult.to_dict``."""
    import pyarrow as pa

    span = pa.struct(
        [
            *((name, pa.int64()) for name in ("a_start", "a_end", "b_start", "b_end")),
            ("kind", pa.string()),
            *((name, pa.int64()) for name in ("matched_words", "a_words", "b_words")),
            ("substitutions", pa.list_(pa.list_(pa.string()))),
        ]
    )
    return pa.schema(
        [
            *((name, pa.string()) for name in ("a", "b", "relation", "source", "source_reason")),
            ("coverage_a", pa.float64()),
            ("coverage_b", pa.float64()),
            ("scores", pa.map_(pa.string(), pa.float64())),
            ("spans", pa.list_(span)),
        ]
    )


def _documents_schema() -> Any:
    """Arrow schema of documents.parquet: analysed and skipped rows share one table."""
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.string()),
            ("skipped", pa.bool_()),
            ("location", pa.string()),
            ("reason", pa.string()),
            ("story", pa.string()),
            ("family", pa.string()),
            ("is_original", pa.bool_()),
            ("linked_stories", pa.list_(pa.string())),
            ("repairs", pa.list_(pa.string())),
        ]
    )


def reason_kind(reason: str) -> str:
    """Machine part of a reason: ``"invalid-json: ... at col 5"`` -> ``"invalid-json"``."""
    return reason.split(":", 1)[0].split(" (", 1)[0].strip()


def copy_line(pair: PairResult) -> str:
    """``copy <- original (relation, reason)``; ``a <-> b`` when the direction is unknown."""
    if pair.source == pair.a:
        arrow = f"{pair.b} <- {pair.a}"
    elif pair.source == pair.b:
        arrow = f"{pair.a} <- {pair.b}"
    else:
        arrow = f"{pair.a} <-> {pair.b}"
    return f"{arrow} ({pair.relation}, {pair.source_reason or 'no reason given'})"


def _group_count(groups: Iterable[str], *, min_size: int) -> int:
    """Number of groups with at least ``min_size`` members (singletons are not news)."""
    sizes = Counter(groups)
    return sum(1 for size in sizes.values() if size >= min_size)


def summary_lines(result: ScanResult, n_docs: int, skipped: Sequence[Skipped]) -> list[str]:
    """Plain-text summary: counts, skip reasons, groups and one line per copy pair."""
    known = set(skipped)
    all_skipped = [*skipped, *(s for s in result.skipped if s not in known)]
    lines = [
        f"records read: {n_docs + len(skipped)}",
        f"analysed: {n_docs - len(result.skipped)}",
        f"skipped: {len(all_skipped)}",
    ]
    for kind, count in sorted(Counter(reason_kind(s.reason) for s in all_skipped).items()):
        lines.append(f"  {kind}: {count}")
    stories = _group_count(result.stories.values(), min_size=2)
    families = _group_count(result.families.values(), min_size=2)
    lines.append(f"stories with more than one document: {stories}")
    lines.append(f"copy families: {families}")
    copies = sorted(result.copies, key=lambda p: (p.a, p.b))
    lines.append(f"copy pairs: {len(copies)}")
    lines.extend(f"  {copy_line(p)}" for p in copies)
    across = sorted(result.cross_story_copies, key=lambda p: (p.a, p.b))
    if across:
        stories_of = result.stories
        lines.append(f"copies across stories (not used to merge them): {len(across)}")
        lines.extend(
            f"  {p.a} (story {stories_of.get(p.a)}) - {p.b} (story {stories_of.get(p.b)}): "
            f"{p.relation}"
            for p in across
        )
    return lines


def summary_text(result: ScanResult, n_docs: int, skipped: Sequence[Skipped]) -> str:
    """:func:`summary_lines` joined with newlines.

    ``n_docs`` is the number of documents given to :func:`unspin.scan`; ``skipped`` the
    records the readers skipped before it (those the scan skipped are in ``result``).
    """
    return "\n".join(summary_lines(result, n_docs, skipped))
