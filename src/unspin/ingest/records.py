"""Turn what users pass to :func:`unspin.scan` into :class:`Document` objects, never failing.

Dicts (any mapping) and Documents are accepted. A dict goes through the same coercion as a
line of a JSONL file read by the CLI (:func:`unspin.ingest.jsonl.record_from_mapping`, then
:func:`unspin.ingest.base.build_record`), so the same record gets the same id (``1.0``
becomes ``"1"``), the same repairs and the same skip reason whichever way it arrives; the
location is ``record N`` (its position) instead of ``file:line``. A record that cannot be
analysed becomes a :class:`Skipped` with the reason, so that every input is accounted for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from unspin.ingest.base import (
    DEFAULT_COLUMNS,
    DEFAULT_MAX_CHARS,
    build_record,
    check_text,
    describe_type,
    drop_repeated_id,
)
from unspin.ingest.jsonl import record_from_mapping
from unspin.models import Document, Skipped

_KNOWN = frozenset({DEFAULT_COLUMNS.id, DEFAULT_COLUMNS.text, *DEFAULT_COLUMNS.optional_fields()})


def as_document(
    record: Mapping[str, Any] | Document, location: str, *, max_chars: int = DEFAULT_MAX_CHARS
) -> Document | Skipped:
    """One record as an analysable Document or a Skipped with the reason.

    Keys of a dict other than the known columns (``id``, ``text``, ``title``, ``url``,
    ``source``, ``published``) are kept in ``Document.metadata``.
    """
    if isinstance(record, Document):
        return _checked_document(record, location, max_chars)
    if not isinstance(record, Mapping):
        return Skipped(location, f"not-a-record: {describe_type(record)}", location)
    raw = record_from_mapping(record, location, DEFAULT_COLUMNS, [])
    item = build_record(raw, max_chars=max_chars)
    extra = {k: v for k, v in record.items() if k not in _KNOWN}
    if isinstance(item, Document) and extra:
        item = dataclasses.replace(item, metadata={**extra, **item.metadata})
    return item


def _checked_document(doc: Document, location: str, max_chars: int) -> Document | Skipped:
    """A Document given as it is: its text checked like any other (empty, NUL, length)."""
    checked = check_text(doc.text, max_chars=max_chars)
    if checked.text is None:
        return Skipped(doc.id, checked.reason, location)
    if checked.text is doc.text and "location" in doc.metadata:
        return doc
    repairs = (*doc.metadata.get("repairs", ()), *checked.repairs)
    metadata = {"location": location, **doc.metadata, "repairs": repairs}
    return dataclasses.replace(doc, text=checked.text, metadata=metadata)


def iter_records(
    records: Iterable[Mapping[str, Any] | Document], *, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Document | Skipped]:
    """Each record as an analysable Document or a Skipped with the reason, in input order.

    Streams: only the ids seen so far are kept (to skip a repeated id, naming where it was
    first seen).
    """
    first_seen: dict[str, str] = {}
    for position, record in enumerate(records):
        location = f"record {position}"
        yield drop_repeated_id(as_document(record, location, max_chars=max_chars), first_seen)
