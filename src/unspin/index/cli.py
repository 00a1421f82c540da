"""``unspin index add|check|remove|stats|groups``: thin wrappers over :class:`unspin.index.Index`.

Registered onto the ``unspin`` typer app when :mod:`unspin.cli` imports this module, so the
command group maps errors to exit codes for these commands as for ``scan``: a missing,
locked, read-only or foreign file, or one built with another configuration, is a
:class:`~unspin.errors.StoreError` and exits 2 with its message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from unspin.cli import OutputFormat, _column, app, stderr, stdout
from unspin.index.store import Index
from unspin.ingest import DEFAULT_MAX_CHARS, ColumnMap, SourceReader
from unspin.models import Document, PairResult, ScanResult, Skipped
from unspin.output.files import summary_lines, write_jsonl, write_scan

index_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
app.add_typer(index_app, name="index", help="Keep a persistent index of articles (SQLite).")

DbArg = Annotated[Path, typer.Argument(metavar="DB", help="The index file (SQLite).")]
InputsArg = Annotated[
    list[Path],
    typer.Argument(
        metavar="INPUT", help="Folders of .txt files, .txt, .jsonl[.gz], .csv, .parquet."
    ),
]
IdCol = Annotated[str, _column("id", "document id")]
TextCol = Annotated[str, _column("text", "article text")]
TitleCol = Annotated[str, _column("title", "headline")]
UrlCol = Annotated[str, _column("url", "URL")]
SourceCol = Annotated[str, _column("source", "site or outlet name")]
PublishedCol = Annotated[str, _column("published", "publication date (ISO 8601)")]
MaxChars = Annotated[
    int, typer.Option(min=1, help="Truncate longer texts to this many characters.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]

ADD_BATCH = 1000
"""Records per transaction of ``index add``: each batch is durable once it is reported."""


def _reader(paths: list[Path], cols: tuple[str, ...], max_chars: int) -> SourceReader:
    return SourceReader(paths, columns=ColumnMap(*cols), max_chars=max_chars)


def _batches(reader: SourceReader, skipped: list[Skipped], size: int) -> Iterator[list[Document]]:
    """Documents of ``reader`` in lists of ``size``; skipped records go to ``skipped``."""
    batch: list[Document] = []
    for record in reader:
        if isinstance(record, Skipped):
            skipped.append(record)
            continue
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@index_app.command("add")
def add(
    db: DbArg,
    inputs: InputsArg,
    check: Annotated[
        bool, typer.Option("--check", help="Also check each new article; write pairs to --out.")
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for pairs.jsonl.")] = None,
    batch: Annotated[int, typer.Option(min=1, help="Records per transaction.")] = ADD_BATCH,
    id_col: IdCol = "id",
    text_col: TextCol = "text",
    title_col: TitleCol = "title",
    url_col: UrlCol = "url",
    source_col: SourceCol = "source",
    published_col: PublishedCol = "published",
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    quiet: Quiet = False,
) -> None:
    """Add the records of INPUTS to the index DB (created if missing), a batch per transaction.

    Re-adding an id with the same text is a no-op; a changed text replaces the article.

    Example: unspin index add news.sqlite today.jsonl
    """
    cols = (id_col, text_col, title_col, url_col, source_col, published_col)
    reader = _reader(inputs, cols, max_chars)
    skipped: list[Skipped] = []
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    pairs: list[PairResult] = []
    with Index(db, max_chars=max_chars) as index:
        for docs in _batches(reader, skipped, batch):
            result = index.add(docs, check=check)
            for name in counts:
                counts[name] += len(getattr(result, name))
            skipped.extend(result.skipped)
            pairs.extend(result.pairs)
    if check and out is not None:
        out.mkdir(parents=True, exist_ok=True)
        write_jsonl((p.to_dict() for p in pairs), out / "pairs.jsonl")
    if not quiet:
        for record in skipped[:20]:
            stderr.print(Text(f"warning: skipped {record.location or record.id}: {record.reason}"))
        line = ", ".join(f"{v} {k}" for k, v in counts.items())
        stdout.print(f"{line}, {len(skipped)} skipped" + (f", {len(pairs)} pairs" if check else ""))


@index_app.command("check")
def check(
    db: DbArg,
    inputs: InputsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for pairs.jsonl.")],
    id_col: IdCol = "id",
    text_col: TextCol = "text",
    title_col: TitleCol = "title",
    url_col: UrlCol = "url",
    source_col: SourceCol = "source",
    published_col: PublishedCol = "published",
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    quiet: Quiet = False,
) -> None:
    """Check the records of INPUTS against the index DB and each other; nothing is added.

    Writes pairs.jsonl as scan does: every related pair of an input article with an indexed
    one or with another input article.

    Example: unspin index check news.sqlite today.jsonl --out checked/
    """
    cols = (id_col, text_col, title_col, url_col, source_col, published_col)
    records = list(_reader(inputs, cols, max_chars))
    with Index(db, create=False, readonly=True, max_chars=max_chars) as index:
        pairs, skipped = index.check_many(
            [r for r in records if isinstance(r, Document)], among=True
        )
    out.mkdir(parents=True, exist_ok=True)
    path = write_jsonl((p.to_dict() for p in pairs), out / "pairs.jsonl")
    if not quiet:
        n_skipped = len(skipped) + sum(isinstance(r, Skipped) for r in records)
        copies = sum(p.comparison.is_copy for p in pairs)
        stdout.print(f"checked {len(records) - n_skipped}, skipped {n_skipped}")
        stdout.print(f"pairs: {len(pairs)} ({copies} copies)")
        stdout.print(Text(f"wrote {path}", style="dim"))


@index_app.command("remove")
def remove(
    db: DbArg,
    ids: Annotated[list[str], typer.Argument(metavar="ID", help="Ids of articles to remove.")],
) -> None:
    """Remove articles from the index DB by id, in one transaction.

    Example: unspin index remove news.sqlite wire-0412 wire-0413
    """
    with Index(db, create=False) as index:
        removed = index.remove(ids)
    stdout.print(f"removed {len(removed)} of {len(set(ids))}")


@index_app.command("stats")
def stats(
    db: DbArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Print the size and provenance of the index DB: articles, postings, bytes, fingerprint.

    Example: unspin index stats news.sqlite --json
    """
    with Index(db, create=False, readonly=True) as index:
        info = index.stats().to_dict()
    if as_json:
        typer.echo(json.dumps(info, sort_keys=True))
        return
    for key, value in info.items():
        stdout.print(f"{key}: {value}")


@index_app.command("groups")
def groups(
    db: DbArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the result files.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Result file format.")] = (
        OutputFormat.jsonl
    ),
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    quiet: Quiet = False,
) -> None:
    """Write the stories and copy families of everything in the index DB, as scan does.

    Writes pairs.jsonl and documents.jsonl (or .parquet); equal to a scan of the indexed
    articles. Verdicts computed before are reused, new ones are kept for the next call.

    Example: unspin index groups news.sqlite --out groups/
    """
    with Index(db, create=False) as index:
        result: ScanResult = index.groups(workers=workers, progress=not quiet)
        docs = index.documents()
    written = write_scan(result, list(docs), [], out, formats=fmt.formats)
    if not quiet:
        for line in summary_lines(result, len(docs), []):
            stdout.print(line)
        for path in written.values():
            stdout.print(Text(f"wrote {path}", style="dim"))
