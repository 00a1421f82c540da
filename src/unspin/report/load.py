"""Read what a scan wrote, and the article texts its pairs point into.

A scan writes ``pairs`` and ``documents`` (JSON Lines, Parquet or both, see
:mod:`unspin.output.files`) but no texts: they can be as large as the corpus, and the inputs
already hold them. The report therefore re-reads the scan's inputs with the same readers
(:class:`unspin.ingest.SourceReader`), which give the same ids and, with the same columns and
``max_chars``, the same texts, so the character offsets of the spans hold. Only the texts of
documents that appear in a pair are kept: a document without a pair has no evidence to show.
When the inputs are not the scan's (an id of a pair is missing, a span ends past its text),
:func:`attach_texts` says so instead of drawing passages at the wrong places.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.errors import UnspinError
from unspin.ingest import DEFAULT_COLUMNS, DEFAULT_MAX_CHARS, ColumnMap, SourceReader
from unspin.models import Document
from unspin.output.files import DOCUMENTS_FILE, PAIRS_FILE

Row = dict[str, Any]
MAX_LISTED_MISSING = 5
"""Ids named in the error when the inputs lack texts of the scan's pairs."""


@dataclass(slots=True)
class DocMeta:
    """What the report shows of one input record besides its text."""

    id: str
    story: str | None = None
    family: str | None = None
    is_original: bool = False
    skipped: bool = False
    reason: str = ""
    location: str = ""
    linked_stories: list[str] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None


@dataclass(slots=True)
class ScanOutput:
    """A scan's pairs and documents, and the texts of the documents in a pair.

    ``texts`` maps ids to texts; it stays empty until :func:`attach_texts` fills it.
    """

    pairs: list[Row]
    documents: dict[str, DocMeta]
    texts: dict[str, str] = field(default_factory=dict)

    def paired_ids(self) -> set[str]:
        """Ids of the documents that appear in at least one pair."""
        return {p["a"] for p in self.pairs} | {p["b"] for p in self.pairs}


def load_scan(scan_dir: Path) -> ScanOutput:
    """Read ``pairs`` and ``documents`` from a scan's output folder.

    JSON Lines is preferred when both formats are there (it needs no pyarrow and is what
    a scan writes by default); Parquet is read otherwise.

    Raises
    ------
    UnspinError
        When the folder holds neither format, or a file cannot be parsed.
    """
    pairs = _read_rows(scan_dir, PAIRS_FILE)
    docs: dict[str, DocMeta] = {}
    for row in _read_rows(scan_dir, DOCUMENTS_FILE):
        meta = _doc_meta(row)
        if meta.id not in docs or docs[meta.id].skipped:
            docs[meta.id] = meta  # an analysed row wins over a skipped duplicate of its id
    for pair in pairs:
        for side in ("a", "b"):
            docs.setdefault(pair[side], DocMeta(id=pair[side]))
    return ScanOutput(pairs=pairs, documents=docs)


def _read_rows(scan_dir: Path, stem: str) -> list[Row]:
    """Rows of ``stem.jsonl`` or else ``stem.parquet`` in ``scan_dir``."""
    jsonl, parquet = scan_dir / f"{stem}.jsonl", scan_dir / f"{stem}.parquet"
    try:
        if jsonl.is_file():
            with jsonl.open("rb") as fh:
                return [json.loads(line) for line in fh if line.strip()]
        if parquet.is_file():
            return _read_parquet(parquet)
    except (OSError, ValueError) as exc:
        raise UnspinError(f"cannot read scan results {jsonl.name}: {exc}") from exc
    raise UnspinError(
        f"{scan_dir} holds no scan results: expected {stem}.jsonl or {stem}.parquet "
        "(written by `unspin scan ... --out DIR`)"
    )


def _read_parquet(path: Path) -> list[Row]:
    """Rows of a Parquet result file; the ``scores`` map comes back as a dict."""
    import pyarrow.parquet as pq  # deferred: JSON Lines needs no pyarrow

    rows: list[Row] = pq.read_table(path).to_pylist()
    for row in rows:
        if isinstance(row.get("scores"), list):
            row["scores"] = dict(row["scores"])
    return rows


def _doc_meta(row: Row) -> DocMeta:
    """A documents row as :class:`DocMeta` (Parquet fills absent fields with None)."""
    return DocMeta(
        id=str(row["id"]),
        story=row.get("story"),
        family=row.get("family"),
        is_original=bool(row.get("is_original")),
        skipped=bool(row.get("skipped")),
        reason=row.get("reason") or "",
        location=row.get("location") or "",
        linked_stories=list(row.get("linked_stories") or ()),
    )


def attach_texts(
    scan: ScanOutput,
    inputs: Sequence[str | Path] | Iterable[Document],
    *,
    columns: ColumnMap = DEFAULT_COLUMNS,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> ScanOutput:
    """Fill ``scan.texts`` and the titles, sites and dates from the scan's inputs.

    Parameters
    ----------
    scan : ScanOutput
        What :func:`load_scan` read; changed in place and returned.
    inputs : sequence of Path, or iterable of Document
        The paths given to ``unspin scan`` (read with the same ``columns`` and
        ``max_chars``), or the documents given to :func:`unspin.scan`.
    columns, max_chars
        As given to the scan.

    Raises
    ------
    UnspinError
        When a document of a pair has no text in ``inputs``, or a passage ends past the end
        of its text: the inputs are not the ones scanned.
    """
    records: Iterable[Any]
    if isinstance(inputs, Sequence) and all(isinstance(p, str | Path) for p in inputs):
        paths = [Path(p) for p in inputs if isinstance(p, str | Path)]
        records = SourceReader(paths, columns=columns, max_chars=max_chars)
    else:
        records = inputs
    wanted = scan.paired_ids()
    for record in records:
        if not isinstance(record, Document):
            continue
        meta = scan.documents.get(record.id)
        if meta is not None:
            meta.title, meta.url = record.title, record.url
            meta.source, meta.published = record.source, record.published
        if record.id in wanted:
            scan.texts[record.id] = record.text
    _check_texts(scan, wanted)
    return scan


def _check_texts(scan: ScanOutput, wanted: set[str]) -> None:
    """Raise when texts are missing or too short for the spans that point into them."""
    missing = sorted(wanted - scan.texts.keys())
    if missing:
        named = ", ".join(missing[:MAX_LISTED_MISSING])
        more = f" and {len(missing) - MAX_LISTED_MISSING} more" if len(missing) > 5 else ""
        raise UnspinError(
            f"the inputs lack the texts of {len(missing)} documents of the scan's pairs "
            f"({named}{more}); pass the same paths and column options as to the scan"
        )
    for pair in scan.pairs:
        for span in pair.get("spans") or ():
            for side in ("a", "b"):
                if span[f"{side}_end"] > len(scan.texts[pair[side]]):
                    raise UnspinError(
                        f"a passage of pair {pair['a']} / {pair['b']} ends past the end of "
                        f"{pair[side]}'s text: the inputs are not the ones scanned (or "
                        "--max-chars differs)"
                    )
