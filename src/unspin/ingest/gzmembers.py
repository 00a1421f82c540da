"""Split a ``.warc.gz`` into its gzip members ourselves, so that no damage goes unseen.

A ``.warc.gz`` holds one gzip member per record. warcio decompresses the file as one stream
and, when a member is truncated or corrupt, writes the zlib error to standard error and reads
on as if the file had ended there (every later record is lost without a report). Here each
member is decompressed on its own: its start offset is exact, a member that fails or ends
before its gzip trailer is reported with that offset, and reading resumes at the next member
that decompresses. Decompressed output is capped (``cap`` bytes, the rest is decompressed and
dropped), so a huge record costs no memory; ``Member.capped`` says it was cut.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

GZIP_MAGIC = b"\x1f\x8b\x08"
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Member:
    """One gzip member: its offset, the decompressed bytes (or None) and the error if any."""

    offset: int
    data: bytes | None
    error: str = ""
    capped: bool = False
    end: int = 0


def members(fh: IO[bytes], size: int, cap: int) -> Iterator[Member]:
    """Every member from offset 0 on; a damaged stretch is one Member with ``error`` set."""
    offset = 0
    while offset < size:
        member = _one(fh, offset, cap)
        if member.error:
            resume = _next_good(fh, offset + 1, size, cap)
            yield Member(offset, None, member.error, end=resume)
            offset = resume
            continue
        yield member
        offset = member.end
        if _rest_is_blank(fh, offset):
            return


def _one(fh: IO[bytes], offset: int, cap: int) -> Member:
    """Decompress the member starting at ``offset``."""
    fh.seek(offset)
    if fh.read(3) != GZIP_MAGIC:
        return Member(offset, None, "not a gzip member")
    fh.seek(offset)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out: list[bytes] = []
    kept = 0
    consumed = 0
    capped = False
    while not inflater.eof:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return Member(offset, None, "truncated gzip member (the file ends inside it)")
        try:
            piece = inflater.decompress(chunk)
        except zlib.error as exc:
            return Member(offset, None, f"corrupt gzip member ({exc})")
        consumed += len(chunk) - len(inflater.unused_data)
        capped = capped or kept + len(piece) > cap
        take = piece[: max(0, cap - kept)]
        out.append(take)
        kept += len(take)
    return Member(offset, b"".join(out), capped=capped, end=offset + consumed)


def _next_good(fh: IO[bytes], offset: int, size: int, cap: int) -> int:
    """Offset of the next gzip member at or after ``offset`` that decompresses; else size."""
    while offset < size:
        candidate = _find(fh, offset)
        if candidate >= size or not _one(fh, candidate, 64).error:
            return min(candidate, size)
        offset = candidate + 1
    return size


def _find(fh: IO[bytes], offset: int) -> int:
    """Offset of the next gzip magic at or after ``offset`` (the file size if none)."""
    fh.seek(offset)
    position, carry = offset, b""
    while chunk := fh.read(1 << 20):
        data = carry + chunk
        found = data.find(GZIP_MAGIC)
        if found >= 0:
            return position - len(carry) + found
        carry = data[-2:]
        position += len(chunk)
    return position


def _rest_is_blank(fh: IO[bytes], offset: int) -> bool:
    """True when only whitespace (or nothing) follows ``offset``."""
    fh.seek(offset)
    while chunk := fh.read(1 << 20):
        if chunk.strip():
            return False
    return True
