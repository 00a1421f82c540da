"""The ``unspin`` command: thin wrappers over :func:`unspin.scan` and :func:`unspin.compare`.

Commands only parse options, call one library function and print. Errors are mapped to exit
codes once, in :class:`_ErrorMappingGroup`, so no command has its own ``try``: an
:class:`~unspin.errors.UnspinError` (bad input, bad parameter) exits 2 with its message, any
other exception exits 3 with a one-line message, and a traceback is printed only with
``--debug`` or ``UNSPIN_DEBUG=1``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import traceback
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

import unspin
from unspin.errors import UnspinError
from unspin.executors.stopwatch import Stopwatch
from unspin.ingest import DEFAULT_MAX_CHARS, ColumnMap, PageLimits, SourceReader, load_text
from unspin.models import Comparison, Document, ScanResult, Skipped
from unspin.output.files import summary_lines, write_scan

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
MAX_LISTED = 20
"""Skipped records listed on the terminal; all of them are in documents.jsonl."""

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def _is_click_exception(exc: BaseException, name: str = "ClickException") -> bool:
    """True for typer/click's own exceptions (usage errors, exit), which typer reports itself.

    Checked by class name because typer vendors click from 0.20 on, so the class lives in
    ``click`` or in ``typer._click`` depending on the installed version.
    """
    if isinstance(exc, typer.Exit | typer.Abort):
        return name == "ClickException"
    return any(cls.__name__ == name for cls in type(exc).__mro__)


def _debug_wanted(ctx: typer.Context) -> bool:
    """``--debug`` was given or ``UNSPIN_DEBUG`` is set to a true value."""
    flag = bool(ctx.obj and ctx.obj.get("debug"))
    return flag or os.environ.get("UNSPIN_DEBUG", "").lower() in {"1", "true", "yes"}


def _fail(message: str, code: int, *, debug: bool) -> NoReturn:
    """Print ``error: message`` (and the traceback when debugging) and exit with ``code``."""
    if debug:
        stderr.print(traceback.format_exc(), markup=False)
    stderr.print(Text(f"error: {message}", style="bold red"))
    raise typer.Exit(code)


class _ErrorMappingGroup(TyperGroup):
    """Command group that turns exceptions into exit codes, once for every command."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        """Parse group-level arguments; usage errors here exit 1 too."""
        try:
            return super().parse_args(ctx, args)
        except Exception as exc:
            _usage_exit_code(exc)
            raise

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        """Run the command, mapping every exception it raises to an exit code."""
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if _is_click_exception(exc):
                _usage_exit_code(exc)
                raise
            if isinstance(exc, UnspinError):
                _fail(str(exc), EXIT_INPUT, debug=_debug_wanted(ctx))
            summary = f"internal error ({type(exc).__name__}: {exc}); rerun with --debug"
            _fail(summary, EXIT_INTERNAL, debug=_debug_wanted(ctx))


def _usage_exit_code(exc: BaseException) -> None:
    """Give usage errors exit code 1 (click's default is 2, which unspin uses for bad input)."""
    if _is_click_exception(exc, "UsageError"):
        exc.exit_code = EXIT_USAGE  # type: ignore[attr-defined]


app = typer.Typer(
    cls=_ErrorMappingGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Print the full traceback of an internal error.")
    ] = False,
) -> None:
    """Find copied news articles and tell them apart from independent reports of the same story.

    Exit codes: 0 success (also when some records were skipped; they are listed in
    documents.jsonl), 1 bad usage (unknown option, missing argument), 2 input cannot be read
    or an invalid parameter, 3 unexpected internal error (traceback with --debug or
    UNSPIN_DEBUG=1).

    Example: unspin scan articles/ --out results/
    """
    ctx.obj = {"debug": debug}


class OutputFormat(StrEnum):
    """Files ``scan`` writes: JSON Lines, Parquet, or both."""

    jsonl = "jsonl"
    parquet = "parquet"
    both = "both"

    @property
    def formats(self) -> tuple[str, ...]:
        """Format names for :func:`unspin.output.files.write_scan`."""
        return ("jsonl", "parquet") if self is OutputFormat.both else (self.value,)


class Engine(StrEnum):
    """Where ``scan`` runs: this machine's processes, or Apache Spark (the same results)."""

    local = "local"
    spark = "spark"


def _column(field: str, what: str) -> Any:
    """An option naming the JSONL key, CSV or Parquet column that holds ``field``."""
    return typer.Option(f"--{field}-col", help=f"Key/column holding the {what}.")


@app.command()
def scan(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help="Folders of .txt/.html files, .txt, .html, .warc[.gz], .jsonl[.gz], .csv, .tsv, "
            ".parquet.",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the result files.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Result file format.")] = (
        OutputFormat.jsonl
    ),
    id_col: Annotated[str, _column("id", "document id")] = "id",
    text_col: Annotated[str, _column("text", "article text")] = "text",
    title_col: Annotated[str, _column("title", "headline")] = "title",
    url_col: Annotated[str, _column("url", "URL")] = "url",
    source_col: Annotated[str, _column("source", "site or outlet name")] = "source",
    published_col: Annotated[
        str,
        _column(
            "published",
            "publication date (ISO 8601): the earlier of two copies is the original, and "
            "reports weeks apart are not joined into one story",
        ),
    ] = "published",
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Truncate longer texts to this many characters.")
    ] = DEFAULT_MAX_CHARS,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Also print each stage's time and CPU to stderr."),
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Also write the HTML evidence report here.")
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option(help="Run on this machine (local) or on Apache Spark (unspin[spark])."),
    ] = Engine.local,
    spark_master: Annotated[
        str | None,
        typer.Option(help="Spark master URL for --engine spark (default local[2])."),
    ] = None,
) -> None:
    """Find copied articles among all records of PATHS and write the results to --out.

    Writes pairs.jsonl (one line per related pair) and documents.jsonl (one line per input
    record, analysed or skipped with its reason), or .parquet files with --format. Texts are
    kept in a temporary spill file while scanning (about their size on disk; TMPDIR chooses
    where). Copies that link two stories are listed, not used to merge them.

    Example: unspin scan articles/ wire.jsonl.gz --out results/ --text-col body
    (add --engine spark to run the same scan on Apache Spark)
    """
    if verbose:
        _log_stages()
    columns = ColumnMap(id_col, text_col, title_col, url_col, source_col, published_col)
    pages = PageLimits(workers=workers)  # web pages are extracted in as many processes
    reader = SourceReader(paths, columns=columns, max_chars=max_chars, pages=pages)
    records: list[Document | Skipped] = []
    if engine is Engine.spark:
        from unspin.spark.cli import scan_on_spark

        result = scan_on_spark(_documents(reader, records), master=spark_master)
    else:
        result = unspin.scan(_documents(reader, records), workers=workers, progress=not quiet)
    skipped = [r for r in records if isinstance(r, Skipped)]
    clock = Stopwatch()
    written = write_scan(result, records, skipped, out, formats=fmt.formats)
    clock.lap("write", len(records))
    if not quiet:
        _report_scan(result, len(records) - len(skipped), skipped, reader.ignored_, written)
    if report is not None:  # the texts are read again: the scan kept them only in its spill
        from unspin.report.cli import report_after_scan

        report_after_scan(out, paths, report, columns, max_chars, quiet=quiet)


def _documents(reader: SourceReader, records: list[Document | Skipped]) -> Iterator[Document]:
    """The documents of ``reader``, streamed; every record is also kept in ``records``
    without its text (the scan keeps texts in its spill file), for documents.jsonl."""
    for record in reader:
        if isinstance(record, Skipped):
            records.append(record)
        else:
            # the constructor, not dataclasses.replace: this runs once per input record
            r = record
            records.append(Document(r.id, "", r.title, r.url, r.source, r.published, r.metadata))
            yield record


class _StderrHandler(logging.Handler):
    """Writes records to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def _log_stages() -> None:
    """Send the ``unspin`` logger's INFO lines (stage timings) to standard error, once."""
    logger = logging.getLogger("unspin")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _report_scan(
    result: ScanResult,
    n_docs: int,
    skipped: Sequence[Skipped],
    ignored: Sequence[Path],
    written: dict[str, Path],
) -> None:
    """Warnings for skipped records and ignored files, then the summary and the files."""
    all_skipped = [*skipped, *result.skipped]
    for record in all_skipped[:MAX_LISTED]:
        where = record.location or record.id
        stderr.print(Text(f"warning: skipped {where}: {record.reason}", style="yellow"))
    if len(all_skipped) > MAX_LISTED:
        rest = len(all_skipped) - MAX_LISTED
        stderr.print(Text(f"warning: ... and {rest} more (all in documents.jsonl)", "yellow"))
    if ignored:
        stderr.print(f"note: ignored {len(ignored)} files in folders that are not .txt or .html")
    for line in summary_lines(result, n_docs, skipped):
        stdout.print(Text(line, style="bold" if not line.startswith(" ") else ""))
    for path in written.values():
        stdout.print(Text(f"wrote {path}", style="dim"))


@app.command()
def compare(
    file_a: Annotated[
        Path, typer.Argument(metavar="FILE_A", help="First article (text file, any encoding).")
    ],
    file_b: Annotated[Path, typer.Argument(metavar="FILE_B", help="Second article.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the comparison as one JSON object.")
    ] = False,
) -> None:
    """Compare two articles: the relation, which is the original, and the reused passages.

    Passages are shown side by side with each word swap highlighted (red in FILE_A, green in
    FILE_B).

    Example: unspin compare original.txt suspect.txt
    """
    doc_a, doc_b = load_text(file_a), load_text(file_b)
    comparison = unspin.compare(doc_a.text, doc_b.text)
    if as_json:
        typer.echo(json.dumps(comparison.to_dict(), ensure_ascii=False))
        return
    for line in verdict_lines(comparison, file_a, file_b):
        stdout.print(line)
    if comparison.spans:
        stdout.print(spans_table(comparison, doc_a.text, doc_b.text, file_a, file_b))


def verdict_lines(comparison: Comparison, file_a: Path, file_b: Path) -> list[Text]:
    """Relation, original and reason, coverage and scores, one Text per line."""
    names = {"a": f"A ({file_a})", "b": f"B ({file_b})"}
    style = "bold red" if comparison.is_copy else "bold green"
    original = names[comparison.source] if comparison.source else "undecided"
    scores = "  ".join(f"{k}={v:g}" for k, v in sorted(comparison.to_dict()["scores"].items()))
    return [
        Text.assemble(("relation: ", "bold"), (comparison.relation, style)),
        Text.assemble(("original: ", "bold"), original, f" ({comparison.source_reason})"),
        Text.assemble(
            ("coverage: ", "bold"),
            f"A {comparison.coverage_a:.0%} of words reused, B {comparison.coverage_b:.0%}",
        ),
        Text.assemble(("scores: ", "bold"), scores),
    ]


def spans_table(
    comparison: Comparison, text_a: str, text_b: str, file_a: Path, file_b: Path
) -> Table:
    """Reused passages side by side, word swaps in bold red (A) and bold green (B)."""
    table = Table(title="Reused passages", show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(f"A: {file_a}", ratio=1)
    table.add_column(f"B: {file_b}", ratio=1)
    table.add_column("kind", no_wrap=True)
    for number, span in enumerate(comparison.spans, start=1):
        swaps = span.substitutions
        cell_a = highlight(text_a[span.a_start : span.a_end], [a for a, _ in swaps], "bold red")
        cell_b = highlight(text_b[span.b_start : span.b_end], [b for _, b in swaps], "bold green")
        table.add_row(str(number), cell_a, cell_b, span.kind)
    return table


def highlight(passage: str, words: Sequence[str], style: str) -> Text:
    """``passage`` with each of ``words`` styled, found in order (case-insensitive).

    Words are searched from the end of the previous match, so a swapped word that also occurs
    unchanged earlier in the passage is not marked by mistake more often than necessary.
    """
    text = Text(passage)
    cursor = 0
    for word in words:
        parts = word.split()
        if not parts:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, parts)) + r"(?!\w)"
        match = re.compile(pattern, re.IGNORECASE).search(passage, cursor)
        if match:
            text.stylize(style, match.start(), match.end())
            cursor = match.end()
    return text


def main() -> None:
    """Console entry point (``unspin``).

    Errors inside commands are mapped by the command group; this only catches what escapes
    typer itself, so that no traceback reaches a user even then.
    """
    try:
        app(prog_name="unspin")
    except Exception as exc:  # the last line of defence; the group maps everything it sees
        if os.environ.get("UNSPIN_DEBUG", "").lower() in {"1", "true", "yes"}:
            traceback.print_exc()
        stderr.print(Text(f"error: internal error ({type(exc).__name__}: {exc})", "bold red"))
        sys.exit(EXIT_INTERNAL)


from unspin.cli import extract as _extract  # noqa: E402, F401  # registers `unspin extract`
from unspin.index import cli as _index_cli  # noqa: E402, F401  (registers `unspin index`)
from unspin.report import cli as _report_cli  # noqa: E402, F401  (registers `unspin report`)
from unspin.service import cli as _service_cli  # noqa: E402, F401  (registers `unspin serve`)
