"""``unspin extract``: web pages and crawls in, one row per page out (text and metadata).

Registered on the ``unspin`` app by importing this module (``unspin.cli`` does it), so the
command lives beside, not inside, the scan and compare commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from unspin.cli import MAX_LISTED, app, stderr, stdout
from unspin.ingest import DEFAULT_MAX_CHARS, PageLimits, SourceReader
from unspin.ingest.pages import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from unspin.output.pages import PagesSummary, write_pages


@app.command()
def extract(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="INPUT",
            help="Folders of .html/.txt files, .html, .warc[.gz], or any format scan reads.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output file: .jsonl, .jsonl.gz or .parquet.")
    ],
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 1,
    timeout: Annotated[
        float, typer.Option(min=0.001, help="Seconds one page may take; then it is skipped.")
    ] = DEFAULT_TIMEOUT,
    max_page_bytes: Annotated[
        int, typer.Option(min=1, help="Larger pages are skipped unread.")
    ] = DEFAULT_MAX_BYTES,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Truncate longer texts to this many characters.")
    ] = DEFAULT_MAX_CHARS,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
) -> None:
    """Extract the article text and metadata of every page of INPUTS into one file.

    One row per record read: id (the URL for WARC records, the relative path for files),
    url, title, published (from the page's metadata), crawled (the WARC date), site,
    language, encoding, text, sources (where each field came from), location, repairs; or
    skipped, the reason the record has no text. Non-HTML WARC records are rows too.

    Example: unspin extract crawl.warc.gz saved-pages/ --out docs.jsonl
    """
    limits = PageLimits(timeout=timeout, max_bytes=max_page_bytes, workers=workers)
    reader = SourceReader(inputs, max_chars=max_chars, pages=limits)
    summary = write_pages(reader, out, keep_examples=MAX_LISTED)
    if not quiet:
        _report(summary)


def _report(summary: PagesSummary) -> None:
    """Warnings for the first skipped records, counts by reason, and the file written."""
    for record in summary.examples:
        where = record.location or record.id
        stderr.print(Text(f"warning: skipped {where}: {record.reason}", style="yellow"))
    if summary.skipped > len(summary.examples):
        rest = summary.skipped - len(summary.examples)
        stderr.print(Text(f"warning: ... and {rest} more (all in {summary.path})", "yellow"))
    stdout.print(Text(f"records read: {summary.extracted + summary.skipped}", style="bold"))
    stdout.print(Text(f"extracted: {summary.extracted}", style="bold"))
    stdout.print(Text(f"skipped: {summary.skipped}", style="bold"))
    for kind, count in sorted(summary.reasons.items()):
        stdout.print(f"  {kind}: {count}")
    stdout.print(Text(f"wrote {summary.path}", style="dim"))
