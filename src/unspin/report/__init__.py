"""An evidence report a person can read: one self-contained HTML file per scan.

:func:`write_report` reads a scan's output folder (:func:`load_scan`), the texts of the
documents in its pairs from the scan's inputs (:func:`attach_texts`), and writes one HTML
file that opens offline and fetches nothing (:mod:`unspin.report.render`), with the stories,
copy families, documents and pairs of the scan and, for each pair, the aligned passages side
by side with the substituted words highlighted.

Examples
--------
>>> from unspin.report import write_report
>>> write_report("out/", ["examples/newsroom.jsonl"], "report.html")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from unspin.ingest import DEFAULT_COLUMNS, DEFAULT_MAX_CHARS, ColumnMap
from unspin.models import Document
from unspin.report.load import DocMeta, ScanOutput, attach_texts, load_scan
from unspin.report.model import Payload, build_payload
from unspin.report.render import ReportStats, render_html, write_html

__all__ = [
    "DocMeta",
    "Payload",
    "ReportStats",
    "ScanOutput",
    "attach_texts",
    "build_payload",
    "load_scan",
    "render_html",
    "write_report",
]


def write_report(
    scan_dir: str | Path,
    inputs: Sequence[str | Path] | Iterable[Document],
    out: str | Path,
    *,
    columns: ColumnMap = DEFAULT_COLUMNS,
    max_chars: int = DEFAULT_MAX_CHARS,
    title: str = "unspin report",
    encoding: str = "bytes",
) -> ReportStats:
    """Write the HTML report of the scan in ``scan_dir`` to ``out``.

    Parameters
    ----------
    scan_dir : str or Path
        The ``--out`` folder of ``unspin scan`` (pairs and documents, JSON Lines or Parquet).
    inputs : sequence of str or Path, or iterable of Document
        What was scanned: the same paths (read again with the same ``columns`` and
        ``max_chars``) or the same documents. Only the texts of documents in a pair are kept.
    out : str or Path
        The HTML file to write.
    columns : ColumnMap, default=DEFAULT_COLUMNS
        Column names, as given to the scan.
    max_chars : int, default=2_000_000
        Text truncation, as given to the scan.
    title : str, default="unspin report"
        Heading and window title.
    encoding : {"bytes", "base64"}, default="bytes"
        How the data is written into the page (:func:`unspin.report.render.encode_block`):
        ``base64`` is a third larger but also opens when a web server labels the file UTF-8.

    Returns
    -------
    ReportStats
        Size and contents of the file written.

    Raises
    ------
    UnspinError
        When the scan results cannot be read, the inputs are not the ones scanned, or the
        file cannot be written.
    """
    scan = attach_texts(load_scan(Path(scan_dir)), inputs, columns=columns, max_chars=max_chars)
    return write_html(build_payload(scan, title=title), Path(out), encoding=encoding)
