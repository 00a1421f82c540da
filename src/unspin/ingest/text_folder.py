"""Plain-text files, alone or in folders: one file is one document.

A folder is walked recursively and its ``.txt`` files are read in sorted order of their path
relative to the folder, which is also their id, so that the same folder gives the same ids and
the same order on every machine. Other files are not records; they are listed in ``ignored``
so the CLI can say how many were passed over.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from unspin.ingest.base import RawRecord, decode_bytes, display_path, trim_to_char_boundary

TEXT_SUFFIX = ".txt"

# A UTF-8 character takes at most 4 bytes, so this many bytes always hold max_chars characters.
_BYTES_PER_CHAR = 4


def read_text_file(path: Path, doc_id: str, *, max_chars: int) -> RawRecord:
    """Read one text file into a raw record whose id is ``doc_id``.

    At most ``4 * max_chars`` bytes are read, so a huge file costs no more memory than the
    document it is truncated to. A file that cannot be opened becomes an ``unreadable`` record
    rather than an exception: inside a folder of thousands, one bad file must not stop the run.
    """
    location = display_path(path)
    limit = _BYTES_PER_CHAR * max_chars
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        return RawRecord(location, id=doc_id, text=None, missing_detail="", repairs=[]) | _unreadable(
            exc
        )
    repairs: list[str] = []
    if len(raw) > limit:
        raw = trim_to_char_boundary(raw[:limit])
    decoded = decode_bytes(raw)
    if decoded.text is None:
        return RawRecord(location, id=doc_id, text=_Reason(decoded.reason))
    repairs.extend(decoded.repairs)
    return RawRecord(location, id=doc_id, text=decoded.text, repairs=repairs)
