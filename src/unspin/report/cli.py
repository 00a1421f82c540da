"""``unspin report``: the HTML evidence report of a scan, and ``unspin scan --report``.

Registered on the ``unspin`` typer app when :mod:`unspin.cli` imports this module, so the
command lives beside the library code it wraps. Like every command it only parses options,
calls :func:`unspin.report.write_report` and prints; errors reach the app's one mapping to
exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from unspin.cli import _column, app, stdout
from unspin.errors import UnspinError
from unspin.ingest import DEFAULT_MAX_CHARS, ColumnMap
from unspin.report import write_report


@app.command()
def report(
    scan_dir: Annotated[
        Path, typer.Argument(metavar="SCAN_DIR", help="The --out folder of `unspin scan`.")
    ],
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="INPUT...",
            help="The paths that were scanned (the texts are read from them again).",
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path(
        "report.html"
    ),
    id_col: Annotated[str, _column("id", "document id")] = "id",
    text_col: Annotated[str, _column("text", "article text")] = "text",
    title_col: Annotated[str, _column("title", "headline")] = "title",
    url_col: Annotated[str, _column("url", "URL")] = "url",
    source_col: Annotated[str, _column("source", "site or outlet name")] = "source",
    published_col: Annotated[str, _column("published", "publication date")] = "published",
    max_chars: Annotated[
        int, typer.Option(min=1, help="As given to the scan: texts are truncated alike.")
    ] = DEFAULT_MAX_CHARS,
    title: Annotated[str, typer.Option(help="Heading of the report.")] = "unspin report",
    portable: Annotated[
        bool,
        typer.Option(
            "--portable",
            help="Write the data as base64: a third larger, but it also opens when a web "
            "server sends the file as UTF-8 (the default is for opening the file itself).",
        ),
    ] = False,
) -> None:
    """Write one self-contained HTML file showing the evidence of a scan.

    The page opens offline from a file and requests nothing. It lists stories, copy families,
    documents and pairs, with search and filters; a pair shows the aligned passages side by
    side with the substituted words highlighted (link to one: report.html#pair=ID_A,ID_B).
    Give the same inputs and column options as to the scan: the scan stores no texts.

    Example: unspin report results/ articles.jsonl -o report.html
    """
    if not inputs:
        raise UnspinError(
            f"{scan_dir} holds the scan's results but not its texts: give the scanned paths "
            f"too, e.g. unspin report {scan_dir} articles.jsonl -o {out}"
        )
    columns = ColumnMap(id_col, text_col, title_col, url_col, source_col, published_col)
    encoding = "base64" if portable else "bytes"
    _write(scan_dir, inputs, out, columns, max_chars, title=title, encoding=encoding, quiet=False)


def report_after_scan(
    scan_dir: Path,
    inputs: Sequence[Path],
    out: Path,
    columns: ColumnMap,
    max_chars: int,
    *,
    quiet: bool,
) -> None:
    """``unspin scan ... --report FILE``: the report of the scan just written."""
    _write(scan_dir, inputs, out, columns, max_chars, title="unspin report", quiet=quiet)


def _write(
    scan_dir: Path,
    inputs: Sequence[Path],
    out: Path,
    columns: ColumnMap,
    max_chars: int,
    *,
    title: str,
    quiet: bool,
    encoding: str = "bytes",
) -> None:
    stats = write_report(
        scan_dir, inputs, out, columns=columns, max_chars=max_chars, title=title, encoding=encoding
    )
    if not quiet:
        stdout.print(Text(stats.summary(), style="dim"))
