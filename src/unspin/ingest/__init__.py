"""Read articles from files into :class:`~unspin.models.Document` records, losing none.

Sources are folders of ``.txt`` and ``.html`` files, single ``.txt`` and ``.html`` files,
WARC crawls (``.warc``, ``.warc.gz``), JSON Lines (optionally gzip-compressed), CSV/TSV and
Parquet. Web pages go through main-text extraction (:mod:`unspin.ingest.pages`). Every record
of a readable source comes out either as a ``Document`` or as a
:class:`~unspin.models.Skipped` naming the reason and the ``file:line`` (``file@offset`` in a
WARC) it came from; only a path that cannot be read at all raises
:class:`~unspin.errors.IngestError`.

Examples
--------
>>> from unspin.ingest import read_sources
>>> records = list(read_sources(["tests/data"]))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from unspin.errors import ConfigError, IngestError
from unspin.ingest.base import (
    DEFAULT_COLUMNS,
    DEFAULT_MAX_CHARS,
    ColumnMap,
    RawRecord,
    build_record,
    decode_bytes,
    display_path,
    drop_repeated_id,
)
from unspin.ingest.csv_reader import CSV_SUFFIXES, read_csv
from unspin.ingest.html import require_trafilatura
from unspin.ingest.jsonl import JSONL_SUFFIXES, read_jsonl
from unspin.ingest.pages import (
    DEFAULT_PAGE_LIMITS,
    HTML_SUFFIXES,
    PageExtractor,
    PageJob,
    PageLimits,
    read_html_file,
)
from unspin.ingest.parquet import PARQUET_SUFFIXES, read_parquet
from unspin.ingest.text_folder import TEXT_SUFFIX, read_folder, read_single_file, read_text_file
from unspin.ingest.warc import WARC_SUFFIXES, read_warc, require_warcio
from unspin.models import Document, Skipped

__all__ = [
    "DEFAULT_COLUMNS",
    "DEFAULT_MAX_CHARS",
    "SUPPORTED_SUFFIXES",
    "ColumnMap",
    "PageLimits",
    "SourceReader",
    "decode_bytes",
    "load_text",
    "read_sources",
]

_FORMATS: tuple[tuple[tuple[str, ...], str], ...] = (
    ((TEXT_SUFFIX,), "text"),
    (JSONL_SUFFIXES, "jsonl"),
    (CSV_SUFFIXES, "csv"),
    (PARQUET_SUFFIXES, "parquet"),
    (HTML_SUFFIXES, "html"),
    (WARC_SUFFIXES, "warc"),
)
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(s for suffixes, _ in _FORMATS for s in suffixes)


def detect_format(path: Path) -> str:
    """Format name of a file from its suffix; raises IngestError for an unsupported one."""
    name = path.name.lower()
    for suffixes, fmt in _FORMATS:
        if name.endswith(suffixes):
            return fmt
    raise IngestError(
        f"unsupported file type; expected a folder or a file ending in "
        f"{', '.join(SUPPORTED_SUFFIXES)}",
        path=display_path(path),
    )


class SourceReader:
    """Iterate the records of several sources in order, dropping repeated ids.

    Parameters
    ----------
    paths : sequence of str or Path
        Folders, ``.txt``, JSONL, CSV/TSV or Parquet files, read in the order given.
    columns : ColumnMap, default=DEFAULT_COLUMNS
        Field names of id, text and the optional fields in JSONL, CSV and Parquet sources.
    max_chars : int, default=2_000_000
        Texts longer than this are truncated to it.
    pages : PageLimits, default=PageLimits()
        Time and size limit per web page (HTML files, WARC records) and extraction processes.

    Attributes
    ----------
    ignored_ : list of Path
        Files inside folders that were not read (not ``.txt``), filled while iterating.
    """

    def __init__(
        self,
        paths: Sequence[str | Path],
        *,
        columns: ColumnMap = DEFAULT_COLUMNS,
        max_chars: int = DEFAULT_MAX_CHARS,
        pages: PageLimits = DEFAULT_PAGE_LIMITS,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.columns = columns
        self.max_chars = max_chars
        self.pages = pages
        self.ignored_: list[Path] = []

    def __iter__(self) -> Iterator[Document | Skipped]:
        """Every record of every source, as a Document or a Skipped, in input order."""
        self._validate()
        first_seen: dict[str, str] = {}
        # one extractor for all paths: its worker processes are started once, when needed
        raws = (raw for path in self.paths for raw in self._raw_records(path))
        for raw in PageExtractor(self.pages).map(raws):
            yield drop_repeated_id(build_record(raw, max_chars=self.max_chars), first_seen)

    def _validate(self) -> None:
        """Fail before reading anything if a parameter or a path is unusable."""
        if self.max_chars < 1:
            raise ConfigError(f"max_chars must be a positive integer. Got {self.max_chars!r}.")
        self.pages.validate()
        for path in self.paths:
            _check_readable(path)
            fmt = None if path.is_dir() else detect_format(path)
            if fmt in ("html", "warc"):
                require_trafilatura()  # a file given by name fails early; in folders: skipped
            if fmt == "warc":
                require_warcio()

    def _raw_records(self, path: Path) -> Iterator[RawRecord | PageJob]:
        """Raw records of one source, with OS errors turned into IngestError."""
        try:
            yield from self._dispatch(path)
        except OSError as exc:
            raise IngestError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc

    def _dispatch(self, path: Path) -> Iterator[RawRecord | PageJob]:
        """The format reader for ``path``."""
        max_bytes = self.pages.max_bytes
        if path.is_dir():
            return read_folder(
                path, self.ignored_, max_chars=self.max_chars, max_page_bytes=max_bytes
            )
        fmt = detect_format(path)
        if fmt == "text":
            return read_single_file(path, max_chars=self.max_chars)
        if fmt == "html":
            return iter([read_html_file(path, display_path(path), max_bytes=max_bytes)])
        if fmt == "warc":
            return read_warc(path, max_bytes=max_bytes)
        if fmt == "jsonl":
            return read_jsonl(path, self.columns)
        if fmt == "csv":
            return read_csv(path, self.columns)
        return read_parquet(path, self.columns)


def _check_readable(path: Path, *, any_suffix: bool = False) -> None:
    """Raise IngestError unless ``path`` is a readable folder or a readable supported file."""
    where = display_path(path)
    if not path.exists():
        raise IngestError("no such file or folder", path=where)
    try:
        if path.is_dir():
            next(iter(path.iterdir()), None)
            return
        if not any_suffix:
            detect_format(path)
        with path.open("rb"):
            pass
    except OSError as exc:
        raise IngestError(f"cannot open: {exc.strerror or exc}", path=where) from exc


def read_sources(
    paths: Sequence[str | Path],
    *,
    columns: ColumnMap = DEFAULT_COLUMNS,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Document | Skipped]:
    """Stream every record of ``paths`` as a Document or a Skipped, in input order.

    Use :class:`SourceReader` directly to learn which files inside folders were ignored.

    Raises
    ------
    IngestError
        When a path does not exist, cannot be opened or has an unsupported suffix. Raised on
        the first ``next()``, before any record is produced.
    ConfigError
        When ``max_chars`` is not positive.
    """
    return iter(SourceReader(paths, columns=columns, max_chars=max_chars))


def load_text(path: str | Path, *, max_chars: int = DEFAULT_MAX_CHARS) -> Document:
    """One text file as a Document, decoded like a ``.txt`` source.

    Raises
    ------
    IngestError
        When the file is missing, unreadable, empty, whitespace-only or binary.
    """
    path = Path(path)
    _check_readable(path, any_suffix=True)
    if path.is_dir():
        raise IngestError("expected a text file, got a folder", path=display_path(path))
    raw = read_text_file(path, display_path(path), max_chars=max_chars)
    record = build_record(raw, max_chars=max_chars)
    if isinstance(record, Skipped):
        raise IngestError(f"cannot use as text: {record.reason}", path=display_path(path))
    return record
