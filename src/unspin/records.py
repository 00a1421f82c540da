"""Turn what users pass to :func:`unspin.scan` into :class:`Document` objects, never failing.

Dicts and Documents are accepted. A record that cannot be analysed becomes a
:class:`Skipped` with the reason, so that every input is accounted for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from unspin.models import Document, Skipped

_FIELDS = ("title", "url", "source", "published")


def _as_document(record: Mapping[str, Any], position: int) -> Document | Skipped:
    raw_id = record.get("id")
    doc_id = str(raw_id) if raw_id is not None and str(raw_id) != "" else f"#{position}"
    text = record.get("text")
    if text is None:
        return Skipped(doc_id, "missing-text", f"record {position}")
    if not isinstance(text, str):
        return Skipped(doc_id, f"not-text: text is {type(text).__name__}", f"record {position}")
    extra = {k: str(record[k]) for k in _FIELDS if record.get(k) is not None}
    meta = {k: v for k, v in record.items() if k not in ("id", "text", *_FIELDS)}
    return Document(id=doc_id, text=text, metadata=meta, **extra)


def _check_text(doc: Document, position: int) -> Skipped | None:
    if not doc.text:
        return Skipped(doc.id, "empty", f"record {position}")
    if doc.text.isspace():  # no stripped copy of every text
        return Skipped(doc.id, "whitespace-only", f"record {position}")
    return None


def coerce_records(
    records: Iterable[Mapping[str, Any] | Document],
) -> tuple[list[Document], list[Skipped]]:
    """Split ``records`` into analysable documents and skipped records (with reasons)."""
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for item in iter_records(records):
        if isinstance(item, Document):
            docs.append(item)
        else:
            skipped.append(item)
    return docs, skipped


def iter_records(records: Iterable[Mapping[str, Any] | Document]) -> Iterator[Document | Skipped]:
    """Each record as an analysable Document or a Skipped with the reason, in input order.

    Streams: only the ids seen so far are kept (to skip a repeated id).
    """
    first_seen: dict[str, int] = {}
    for position, record in enumerate(records):
        item = record if isinstance(record, Document) else _as_document(record, position)
        if isinstance(item, Document):
            problem = _check_text(item, position)
            if problem is None and item.id in first_seen:
                problem = Skipped(
                    item.id,
                    f"duplicate-id (first seen at record {first_seen[item.id]})",
                    f"record {position}",
                )
            if problem is None:
                first_seen[item.id] = position
                yield item
                continue
            item = problem
        yield item
