"""WARC crawls (``.warc``, ``.warc.gz``): every record accounted for, none skipped in silence.

Response and resource records that hold HTML become :class:`~unspin.ingest.pages.PageJob`
values (id and url: the ``WARC-Target-URI``; ``crawled``: the ``WARC-Date``, which says when
the page was fetched and is never taken for its publication date). Every other record comes
out as a skipped record with the reason (``not-a-page: warc request record``, ``not-html:
image/png``, ``not-a-page: HTTP status 404``), so that ``documents.jsonl`` lists the whole file.

Damage is reported with the file and byte offset, and reading goes on after it (warcio#127:
readers that stop at the first bad member, or at a truncated last one, without a word):

* a record whose ``Content-Length`` is wrong (the end-of-record marker is not where it says,
  or the data ends before it) is skipped as ``corrupt-warc: wrong Content-Length``;
* bytes that are not a record (a truncated or garbled gzip member, garbage) are reported as
  ``corrupt-warc: ...`` with the range skipped, and reading resumes at the next record start
  found after it (a gzip member header, or a ``WARC/1.x`` line in an uncompressed file);
* a file that ends inside a record is reported as truncated at that record's offset.

warcio (Apache-2.0) parses the records; it prints a warning of its own on a wrong length,
which is silenced here because the skipped record carries it.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from unspin.errors import MissingDependencyError
from unspin.ingest.base import RawRecord, display_path
from unspin.ingest.encoding import header_charset
from unspin.ingest.gzmembers import members
from unspin.ingest.html import INSTALL_HINT
from unspin.ingest.pages import PageJob

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SCAN_CHUNK = 1 << 20
_PEEK_BYTES = 4096
_HEADER_ROOM = 1 << 20
"""Decompressed bytes allowed for WARC and HTTP headers on top of the page size limit."""
_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")


def require_warcio() -> Any:
    """The ArchiveIterator class, or MissingDependencyError with the install hint."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:
        raise MissingDependencyError(f"reading WARC files needs warcio; {INSTALL_HINT}") from exc
    return ArchiveIterator


def read_warc(path: Path, *, max_bytes: int) -> Iterator[RawRecord | PageJob]:
    """Every record of the WARC file at ``path``, as a page job or a skipped raw record."""
    archive_iterator = require_warcio()
    quiet = type("QuietArchiveIterator", (archive_iterator,), {"INC_RECORD": ""})
    where = display_path(path)
    size = path.stat().st_size
    damage: tuple[int, str] | None = None  # where unreadable bytes began, and why
    with path.open("rb") as fh:
        gzipped = fh.read(3) == _GZIP_MAGIC
        if gzipped:
            yield from _read_members(fh, where, size, max_bytes, quiet)
            return
        start = 0
        while start < size:
            if not _is_record_start(fh, start, gzipped):  # garbage, or a false candidate
                damage = damage or (start, "not a WARC record")
                start = _next_start(fh, start + 1, gzipped)
                continue
            fh.seek(start)
            stretch = _Stretch(quiet(fh), where, max_bytes)
            first = next(stretch, None)
            if first is None and damage is not None:  # a false record start: search on
                start = _next_start(fh, start + 1, gzipped)
                continue
            if damage is not None:
                yield _damage_record(where, damage, f"resumed at offset {start}", start)
                damage = None
            if first is not None:
                yield first
                yield from stretch
            stop, error = stretch.outcome
            if error is None and _only_blank(fh, stop):
                return
            damage = (stop, error or "data after the last complete record (truncated file?)")
            start = _next_start(fh, stop + 1, gzipped)
    if damage is not None:
        yield _damage_record(where, damage, "no record after it", size)


def _read_members(
    fh: IO[bytes], where: str, size: int, max_bytes: int, quiet: Any
) -> Iterator[RawRecord | PageJob]:
    """Records of a gzipped WARC, member by member (:mod:`unspin.ingest.gzmembers`)."""
    for member in members(fh, size, cap=max_bytes + _HEADER_ROOM):
        location = f"{where}@{member.offset}"
        if member.data is None:
            then = f"resumed at offset {member.end}" if member.end < size else "no record after it"
            reason = f"corrupt-warc: {member.error}; bytes {member.offset}-{member.end} skipped"
            yield RawRecord(location, id=location, reason=f"{reason}, {then}")
            continue
        if not member.data.lstrip(b"\r\n").startswith(_WARC_MAGIC):  # warcio would guess ARC
            reason = "corrupt-warc: gzip member holds no WARC record"
            yield RawRecord(location, id=location, reason=reason)
            continue
        stretch = _Stretch(
            quiet(io.BytesIO(member.data)),
            where,
            max_bytes,
            location=location,
            capped=member.capped,
        )
        yield from stretch
        if stretch.outcome[1] is not None:
            yield RawRecord(location, id=location, reason=f"corrupt-warc: {stretch.outcome[1]}")


def _damage_record(where: str, damage: tuple[int, str], then: str, end: int) -> RawRecord:
    """The skipped record that reports unreadable bytes from ``damage[0]`` to ``end``."""
    offset, error = damage
    location = f"{where}@{offset}"
    reason = f"corrupt-warc: {error}; bytes {offset}-{end} skipped, {then}"
    return RawRecord(location, id=location, reason=reason)


class _Stretch:
    """Records of one readable stretch of a WARC; ``outcome`` says where and why it ended.

    An iterator class rather than a generator function so that the offset reached and the
    error (None at a clean end) can be read after iteration, without ``StopIteration.value``.
    """

    def __init__(
        self,
        iterator: Any,
        where: str,
        max_bytes: int,
        *,
        location: str | None = None,
        capped: bool = False,
    ) -> None:
        self.outcome: tuple[int, str | None] = (iterator.offset, None)
        self.location = location  # one gzip member: its offset names every record in it
        self.capped = capped  # the member was cut at the size limit: its length cannot match
        self._items = self._read(iterator, where, max_bytes)

    def __iter__(self) -> Iterator[RawRecord | PageJob]:
        return self._items

    def __next__(self) -> RawRecord | PageJob:
        return next(self._items)

    def _read(self, iterator: Any, where: str, max_bytes: int) -> Iterator[RawRecord | PageJob]:
        offset = iterator.offset
        errors = 0
        try:
            for record in iterator:
                offset = iterator.offset
                item = _item(record, self.location or f"{where}@{offset}", max_bytes)
                iterator.read_to_end()
                short = not self.capped and getattr(record.raw_stream, "limit", 0) > 0
                if iterator.err_count > errors or short:
                    errors = iterator.err_count
                    item = RawRecord(item.location, id=item.id, reason=_WRONG_LENGTH)
                yield item
                offset = iterator.offset
        except Exception as exc:  # warcio raises several kinds on damage; all are reported
            # warcio quotes the bad bytes after ", first line": binary noise, left out
            text = " ".join(str(exc).split(", first line")[0].split())
            message = "".join(c if " " <= c <= "~" else "?" for c in text)
            self.outcome = (
                offset,
                f"unreadable record (warcio {type(exc).__name__}: {message[:80]})",
            )
            return
        self.outcome = (iterator.offset, None)


_WRONG_LENGTH = (
    "corrupt-warc: wrong Content-Length or truncated record "
    "(the record does not end where its length says)"
)


def _item(record: Any, location: str, max_bytes: int) -> RawRecord | PageJob:
    """One WARC record as a page job, or as a raw record skipped with the reason."""
    headers = record.rec_headers
    kind = record.rec_type
    uri = headers.get_header("WARC-Target-URI")
    if kind not in ("response", "resource") or not uri:
        record_id = headers.get_header("WARC-Record-ID") or location
        missing = " without a target URI" if kind in ("response", "resource") else ""
        return RawRecord(location, id=record_id, reason=f"not-a-page: warc {kind} record{missing}")
    http = record.http_headers if kind == "response" else None
    if http is not None and not http.get_statuscode().startswith("2"):
        status = http.get_statuscode()
        return RawRecord(location, id=uri, reason=f"not-a-page: HTTP status {status}")
    content_type = (http.get_header("Content-Type") if http is not None else None) or (
        headers.get_header("Content-Type") if kind == "resource" else None
    )
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return RawRecord(location, id=uri, reason=f"page-too-large: over {max_bytes} bytes")
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in HTML_TYPES and not (media in ("", "text/plain") and _looks_html(data)):
        return RawRecord(location, id=uri, reason=f"not-html: {media or 'no content type'}")
    sources = {"id": "warc WARC-Target-URI", "url": "warc WARC-Target-URI"}
    crawled = headers.get_header("WARC-Date")
    if crawled:
        sources["crawled"] = "warc WARC-Date"
    return PageJob(
        location,
        uri,
        data,
        url=uri,
        http_charset=header_charset(content_type),
        http_language=http.get_header("Content-Language") if http is not None else None,
        crawled=crawled,
        sources=sources,
    )


def _looks_html(data: bytes) -> bool:
    """True when an untyped payload starts like an HTML document."""
    head = data[:512].lstrip().lower()
    return head.startswith(_SNIFF)


def _is_record_start(fh: IO[bytes], offset: int, gzipped: bool) -> bool:
    """True when a WARC record header (``WARC/1.x``) starts at ``offset``, gzipped or not.

    Checked before warcio reads from there, because warcio takes any other first line for
    an old-style ARC record and would swallow the real records behind it.
    """
    fh.seek(offset)
    head = fh.read(_PEEK_BYTES)
    if gzipped:
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(_WARC_MAGIC)


def _only_blank(fh: IO[bytes], offset: int) -> bool:
    """True when nothing but whitespace follows ``offset`` (a clean end of file)."""
    fh.seek(offset)
    while chunk := fh.read(_SCAN_CHUNK):
        if chunk.strip():
            return False
    return True


def _next_start(fh: IO[bytes], offset: int, gzipped: bool) -> int:
    """Offset of the next possible record start at or after ``offset``; file size if none.

    A candidate may be a false one (those bytes occur inside compressed data, or the text of
    a page mentions ``WARC/1.``); reading from it then fails at once and the search goes on
    from the byte after it.
    """
    magic = _GZIP_MAGIC if gzipped else _WARC_MAGIC
    fh.seek(offset)
    position = offset
    carry = b""
    while chunk := fh.read(_SCAN_CHUNK):
        data = carry + chunk
        found = data.find(magic)
        if found >= 0:
            return position - len(carry) + found
        carry = data[-(len(magic)) :]
        position += len(chunk)
    return position
