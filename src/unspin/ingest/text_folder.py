"""Plain-text files, alone or in folders: one file is one document.

A folder is walked recursively and its ``.txt`` files are read in sorted order of their path
relative to the folder, which is also their id, so that the same folder gives the same ids and
the same order on every machine. ``.html``/``.htm`` files are read the same way, as page jobs
for the extractor (:mod:`unspin.ingest.pages`). Other files are not records; they are
collected in ``ignored`` so the CLI can say how many were passed over.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from unspin.ingest.base import RawRecord, display_path, read_at_most, trim_to_char_boundary
from unspin.ingest.pages import DEFAULT_MAX_BYTES, HTML_SUFFIXES, PageJob, read_html_file

TEXT_SUFFIX = ".txt"

# A UTF-8 character takes at most 4 bytes, so this many bytes always hold max_chars characters.
_BYTES_PER_CHAR = 4


def read_text_file(path: Path, doc_id: str, *, max_chars: int) -> RawRecord:
    """Read one text file into a raw record whose ``text`` is the file's bytes.

    At most ``4 * max_chars`` bytes are read, so a huge file costs no more memory than the
    document it is truncated to. A file that cannot be opened becomes an ``unreadable`` record
    rather than an exception: inside a folder of thousands, one bad file must not stop the run.
    """
    location = display_path(path)
    limit = _BYTES_PER_CHAR * max_chars
    raw = read_at_most(path, limit, doc_id)
    if isinstance(raw, RawRecord):
        return raw
    if len(raw) > limit:
        raw = trim_to_char_boundary(raw[:limit])
    return RawRecord(location, id=doc_id, text=raw)


def list_folder(folder: Path) -> tuple[list[tuple[str, Path]], list[Path]]:
    """``.txt`` files of ``folder`` as sorted ``(relative id, path)`` pairs, plus ignored files.

    Hidden directories (``.git``, ``.cache``) are not entered; they are listed as ignored.
    Symbolic links to directories are not followed, so a link cycle cannot loop forever.
    """
    found: list[tuple[str, Path]] = []
    ignored: list[Path] = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        for name in [d for d in dirs if d.startswith(".")]:
            ignored.append(base / name)
            dirs.remove(name)
        for name in files:
            path = base / name
            if path.suffix.lower() == TEXT_SUFFIX or path.suffix.lower() in HTML_SUFFIXES:
                found.append((path.relative_to(folder).as_posix(), path))
            else:
                ignored.append(path)
    found.sort(key=lambda item: item[0])
    ignored.sort()
    return found, ignored


def read_folder(
    folder: Path, ignored: list[Path], *, max_chars: int, max_page_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawRecord | PageJob]:
    """Records of every ``.txt`` and HTML file under ``folder``; others go to ``ignored``."""
    files, skipped_files = list_folder(folder)
    ignored.extend(skipped_files)
    for doc_id, path in files:
        if path.suffix.lower() in HTML_SUFFIXES:
            yield read_html_file(path, doc_id, max_bytes=max_page_bytes)
        else:
            yield read_text_file(path, doc_id, max_chars=max_chars)


def read_single_file(path: Path, *, max_chars: int) -> Iterator[RawRecord]:
    """The one raw record of a ``.txt`` file given directly; its id is the path as given."""
    yield read_text_file(path, display_path(path), max_chars=max_chars)
