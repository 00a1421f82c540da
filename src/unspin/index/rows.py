"""How an article and a verdict are stored as SQLite values, and read back unchanged.

Texts are zlib-compressed UTF-8 (lone surrogates, which JSON allows, kept with
``surrogatepass``). Verdicts are :class:`~unspin.models.Comparison` objects encoded with
msgpack (msgspec) and compressed: lossless, unlike the rounded JSON of ``pairs.jsonl``, so a
verdict read back weighs exactly as it did when computed and ``groups`` equals ``scan``.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Mapping
from typing import Any

import msgspec

from unspin.models import Comparison, Document

ZLIB_LEVEL = 6
"""zlib's default: level 9 saves about 1 % more on news text for twice the time."""

_ENCODE = msgspec.msgpack.Encoder().encode
_DECODE = msgspec.msgpack.Decoder(Comparison).decode


def pack_text(text: str) -> bytes:
    """A text as stored in the ``texts`` table."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), ZLIB_LEVEL)


def unpack_text(blob: bytes) -> str:
    """The text of a ``texts`` row."""
    return zlib.decompress(blob).decode("utf-8", "surrogatepass")


def pack_verdict(comparison: Comparison | None) -> bytes | None:
    """A verdict as stored in the ``verdicts`` table; ``None`` (SQL NULL) for ``unrelated``,
    which is most of them and needs no evidence."""
    if comparison is None or comparison.relation == "unrelated":
        return None
    return zlib.compress(_ENCODE(comparison), ZLIB_LEVEL)


def unpack_verdict(blob: bytes | None) -> Comparison | None:
    """The verdict of a ``verdicts`` row; ``None`` for an unrelated pair."""
    return None if blob is None else _DECODE(zlib.decompress(blob))


def content_hash(doc: Document) -> bytes:
    """Hash of everything an add stores of a record: re-adding an equal record is a no-op."""
    fields = [doc.text, doc.title, doc.url, doc.source, doc.published]
    payload = json.dumps(fields, ensure_ascii=True).encode("ascii")
    return hashlib.blake2b(payload, digest_size=16).digest()


def pack_metadata(metadata: Mapping[str, Any]) -> str | None:
    """Metadata as JSON text (values JSON cannot hold are kept as their string)."""
    if not metadata:
        return None
    return json.dumps(dict(metadata), ensure_ascii=True, default=str)


def unpack_metadata(text: str | None) -> dict[str, Any]:
    """The metadata of a ``docs`` row."""
    loaded: dict[str, Any] = json.loads(text) if text else {}
    return loaded


def sql_text(value: str | None) -> str | None:
    """A string SQLite can store as TEXT: lone surrogates (valid in JSON, not in UTF-8) become
    their ``\\udxxx`` escape, as ``pairs.jsonl`` writes them."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value
