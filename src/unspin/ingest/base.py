"""What every reader shares: column names, byte decoding and the checks that turn a raw record
into a :class:`~unspin.models.Document` or a :class:`~unspin.models.Skipped`.

Format modules only split a file into :class:`RawRecord` values; every decision about whether a
record is usable (text present, decodable, not empty, not too long) is made here, once, so that
a JSONL line and a Parquet row with the same problem get the same reason string.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from unspin.models import Document, Skipped

SNIFF_BYTES = 8192
"""How much of a file or value is inspected to decide whether it is binary."""

# Share of control bytes (other than tab, newlines, form feed, backspace, escape) above which a
# byte string is binary. Prose has none; compressed data and executables have ~12 % (32 of 256
# byte values), so 5 % separates them with room on both sides.
BINARY_CONTROL_SHARE = 0.05

_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\b\x1b")
# Byte-order marks of the wide encodings; UTF-32 first because its LE mark starts like UTF-16's.
_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which field of a JSONL object, CSV header or Parquet column holds each document field.

    Examples
    --------
    >>> ColumnMap(text="body").text
    'body'
    """

    id: str = "id"
    text: str = "text"
    title: str = "title"
    url: str = "url"
    source: str = "source"
    published: str = "published"

    def optional_fields(self) -> dict[str, str]:
        """Document field name -> column name for the fields that may be absent."""
        return {
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published": self.published,
        }


DEFAULT_COLUMNS = ColumnMap()

DEFAULT_MAX_CHARS = 2_000_000
"""Longer texts are truncated (and say so in their repairs): no news article is this long."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Result of decoding bytes: the text and what was repaired, or why there is no text."""

    text: str | None
    repairs: tuple[str, ...] = ()
    reason: str = ""


@dataclass(slots=True)
class RawRecord:
    """One record as a format module found it, before any validation.

    ``text`` is whatever the source held (str, bytes, a number, None). ``reason`` is set when
    the format module already knows the record is unusable (no text column, invalid JSON, an
    unreadable file); the record is then skipped with that reason. ``metadata`` goes into
    ``Document.metadata`` as it is (a web page's crawl date, language, encoding).
    """

    location: str
    id: object = None
    text: object = None
    fields: dict[str, object] = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)
    reason: str = ""
    metadata: dict[str, object] = field(default_factory=dict)


def display_path(path: Path) -> str:
    """The path as the user gave it, with forward slashes, for ids and locations.

    Bytes of the file name that are not UTF-8 show as U+FFFD (Python keeps them as lone
    surrogates, which no UTF-8 result file can hold).
    """
    return valid_unicode(path.as_posix())


def valid_unicode(value: str) -> str:
    """``value`` with lone surrogates replaced by U+FFFD, so that it can be written as UTF-8.

    They come from JSON escapes such as ``"\\ud800"`` (valid JSON, not valid text) and from
    undecodable file names; UTF-8 result files and Parquet strings cannot hold them.
    """
    if value.isascii():  # a flag CPython keeps: no pass over the text
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value)
    return value


def is_binary(raw: bytes) -> bool:
    """True when the first :data:`SNIFF_BYTES` bytes hold too many control bytes to be text."""
    sample = raw[:SNIFF_BYTES]
    if not sample:
        return False
    controls = sum(1 for b in sample if (b < 32 or b == 127) and b not in _TEXT_CONTROLS)
    return controls / len(sample) > BINARY_CONTROL_SHARE


def decode_bytes(raw: bytes) -> Decoded:
    """Decode bytes of unknown encoding, saying which fallback was needed.

    Tried in order: a UTF-16/32 byte-order mark, UTF-8 (BOM stripped), cp1252 (the usual
    encoding of Western news sites that are not UTF-8), latin-1 (never fails). A few stray NUL
    bytes are dropped; many control bytes mean the data is binary and is not decoded at all.
    """
    if not raw:
        return Decoded(None, reason="empty")
    for bom, codec in _WIDE_BOMS:
        if raw.startswith(bom):
            return _decode_wide(raw, codec)
    if is_binary(raw):
        return Decoded(None, reason="binary")
    text, repairs = decode_line(raw)
    return Decoded(text, repairs)


def decode_line(raw: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode one line (or any bytes known to be text): never fails, names the repairs."""
    repairs: list[str] = []
    if b"\x00" in raw:
        raw = raw.replace(b"\x00", b"")
        repairs.append("removed-nul-bytes")
    text, codec = _decode_narrow(raw)
    if codec != "utf-8":
        repairs.append(f"decoded-as-{codec}")
    return text, tuple(repairs)


def _decode_narrow(raw: bytes) -> tuple[str, str]:
    """Text and codec name for the first of UTF-8, cp1252 and latin-1 that decodes ``raw``.

    A leading byte-order mark is dropped, as the ``utf-8-sig`` codec would (that codec is
    written in Python and cost 3 us on every line of a JSONL file).
    """
    try:
        text = raw.decode("utf-8")
        return (text[1:] if text.startswith("\ufeff") else text), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _decode_wide(raw: bytes, codec: str) -> Decoded:
    """Decode text that starts with a UTF-16/32 byte-order mark."""
    try:
        return Decoded(raw.decode(codec), (f"decoded-as-{codec}",))
    except UnicodeDecodeError as exc:
        return Decoded(None, reason=f"undecodable: {codec} byte-order mark but {exc.reason}")


def trim_to_char_boundary(raw: bytes) -> bytes:
    """Drop a UTF-8 sequence cut in half at the end of ``raw`` (after a size-limited read)."""
    end = len(raw)
    for back in range(1, min(4, end) + 1):
        byte = raw[end - back]
        if byte & 0xC0 != 0x80:  # not a continuation byte: this is where the last char starts
            need = 1 if byte < 0x80 else 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return raw if back >= need else raw[: end - back]
    return raw


def describe_type(value: object) -> str:
    """Short type name for reason strings (``int``, ``list``, ``bool``)."""
    return type(value).__name__


def coerce_id(value: object) -> str | None:
    """An id as a string; None when absent, blank or not a scalar (then the location is used)."""
    if value is None or isinstance(value, (bytes, list, dict, tuple)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # CSV-to-JSON tools often turn ids into floats
    text = str(value).strip()
    return text or None


def coerce_field(value: object) -> str | None:
    """An optional field (title, url, source, published) as a string, or None."""
    if value is None:
        return None
    if type(value) is str:  # most fields of most records: skip the other type tests
        return valid_unicode(value.strip()) or None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return decode_bytes(value).text
    text = valid_unicode(str(value).strip())
    return text or None


def check_text(value: object, *, max_chars: int) -> Decoded:
    """Validate a record's text value: type, emptiness, NUL characters and length."""
    if value is None:
        return Decoded(None, reason="empty: text is null")
    if isinstance(value, bytes | bytearray):
        decoded = decode_bytes(bytes(value))
        if decoded.text is None:
            return decoded
        value, repairs = decoded.text, decoded.repairs
    elif isinstance(value, str):
        repairs = ()
    else:
        return Decoded(None, reason=f"not-text: text field is {describe_type(value)}")
    return _finish_text(value, repairs, max_chars=max_chars)


def _finish_text(text: str, repairs: tuple[str, ...], *, max_chars: int) -> Decoded:
    """Emptiness, NUL and length checks shared by every source of text."""
    if "\x00" in text:
        text = text.replace("\x00", "")
        if "removed-nul-bytes" not in repairs:
            repairs += ("removed-nul-bytes",)
    if not text:
        return Decoded(None, reason="empty")
    if text.isspace():  # no stripped copy of every text
        return Decoded(None, reason="whitespace-only")
    if len(text) > max_chars:
        text = text[:max_chars]
        repairs += (f"truncated-to-{max_chars}-chars",)
    return Decoded(text, repairs)


def build_record(raw: RawRecord, *, max_chars: int) -> Document | Skipped:
    """Turn a raw record into a Document, or a Skipped naming what is wrong with it."""
    repairs = list(raw.repairs)
    doc_id = coerce_id(raw.id)
    if doc_id is None:
        doc_id = raw.location
        repairs.append("id-from-location")
    elif (valid_id := valid_unicode(doc_id)) != doc_id:
        doc_id = valid_id
        repairs.append("id-lone-surrogates-replaced")
    if raw.reason:
        return Skipped(doc_id, raw.reason, raw.location)
    checked = check_text(raw.text, max_chars=max_chars)
    if checked.text is None:
        return Skipped(doc_id, checked.reason, raw.location)
    repairs.extend(checked.repairs)
    extras: dict[str, Any] = {k: coerce_field(v) for k, v in raw.fields.items()}
    return Document(
        id=doc_id,
        text=checked.text,
        metadata={**raw.metadata, "location": raw.location, "repairs": tuple(repairs)},
        **extras,
    )


def drop_repeated_id(record: Document | Skipped, first_seen: dict[str, str]) -> Document | Skipped:
    """Skip a document whose id an earlier document already had, naming where that was."""
    if isinstance(record, Skipped):
        return record
    location = str(record.metadata.get("location", ""))
    if record.id in first_seen:
        reason = f"duplicate-id (first seen at {first_seen[record.id]})"
        return Skipped(record.id, reason, location)
    first_seen[record.id] = location
    return record


def read_at_most(path: Path, limit: int, doc_id: str) -> bytes | RawRecord:
    """The first ``limit + 1`` bytes of ``path`` (one more than is kept, so the caller can
    tell an oversized file), or an ``unreadable`` record naming why it cannot be opened: inside
    a folder of thousands, one bad file must not stop the run."""
    try:
        with path.open("rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        return RawRecord(display_path(path), id=doc_id, reason=f"unreadable: {exc.strerror or exc}")
