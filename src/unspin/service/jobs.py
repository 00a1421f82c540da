"""What each endpoint asks of the index, as functions of an open :class:`Index`.

They run off the request path: the read jobs in a worker of :mod:`unspin.service.pool` (a
process or thread with its own read-only connection), the write jobs in the writer thread
(:mod:`unspin.service.writer`). Each returns a JSON-ready body (:mod:`unspin.service.payloads`)
so that nothing but plain data crosses back to the event loop.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

from unspin.index import Index
from unspin.index.rows import unpack_metadata
from unspin.models import Document, PairResult
from unspin.service import payloads

_WARM_A = (
    "Fire crews fought a large blaze at the old harbour warehouse on Sunday night. Three boats "
    "were destroyed and two firefighters were injured, the city said. The cause of the fire is "
    "not yet known, officials added on Monday."
)
_WARM_B = (
    "Fire teams battled a big blaze at the old harbour storehouse on Sunday evening. Three "
    "vessels were wrecked and two firemen were hurt, the town said. The reason for the fire is "
    "not yet known, authorities added on Monday."
)

_local = threading.local()
"""The read-only index of this worker (one per process or thread: SQLite connections are
not shared). Set by :func:`open_reader`, the pool's initializer."""


def open_reader(path: str, max_chars: int) -> None:
    """Open this worker's read-only connection (the pool's initializer)."""
    _local.index = Index(path, create=False, readonly=True, max_chars=max_chars)


def _reader() -> Index:
    index: Index = _local.index
    return index


def warm_up() -> str:
    """Load what the first comparison needs (thesaurus, word tables), so that the first
    client does not wait for it; returns the relation found (``spun``)."""
    from unspin.verify.compare import compare

    return compare(_WARM_A, _WARM_B).relation


def documents_by_id(index: Index, ids: Iterable[str]) -> dict[str, Document]:
    """Indexed articles without their texts, by id (missing ids are left out)."""
    wanted = sorted(set(ids))
    found: dict[str, Document] = {}
    for lo in range(0, len(wanted), 500):
        chunk = wanted[lo : lo + 500]
        rows = index.conn.execute(
            "SELECT id, title, url, source, published, metadata FROM docs "
            f"WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        for i, t, u, s, p, m in rows:
            found[i] = Document(i, "", t, u, s, p, unpack_metadata(m))
    return found


def matches_of(index: Index, article_id: str, pairs: Sequence[PairResult]) -> list[dict[str, Any]]:
    """The pairs of ``article_id`` as matches, each naming the other article's metadata."""
    others = [p.b if p.a == article_id else p.a for p in pairs]
    docs = documents_by_id(index, others)
    return [payloads.match(p, article_id, docs.get(o)) for p, o in zip(pairs, others, strict=True)]


# -- read jobs (a pool worker, its own connection) -----------------------------------------


def check(doc: Document) -> dict[str, Any]:
    """``POST /v1/check``: the matches of a text that is not stored."""
    index = _reader()
    pairs, _ = index.check_many([doc])
    return {"id": doc.id, "matches": matches_of(index, doc.id, pairs)}


def count() -> int:
    """Articles indexed, as this worker's connection sees them (``/readyz``)."""
    return len(_reader())


def get(article_id: str) -> dict[str, Any] | None:
    """``GET /v1/articles/{id}``: the article with its text, or None."""
    doc = _reader().get(article_id)
    return None if doc is None else payloads.article(doc)


def matches(article_id: str) -> dict[str, Any] | None:
    """``GET /v1/articles/{id}/matches``: an indexed article checked against the others."""
    index = _reader()
    doc = index.get(article_id)
    if doc is None:
        return None
    return {"id": article_id, "matches": matches_of(index, article_id, index.check(doc))}


# -- write jobs (the writer thread) --------------------------------------------------------


def put(index: Index, doc: Document, with_check: bool) -> dict[str, Any]:
    """``PUT /v1/articles/{id}``: add or replace; with ``with_check``, check in the same
    transaction. A repeated PUT (``unchanged``) is checked again against the others, so a
    client that retries after a lost answer gets the same matches."""
    result = index.add([doc], check=with_check)
    status = "added" if result.added else "replaced" if result.replaced else "unchanged"
    body: dict[str, Any] = {"id": doc.id, "status": status}
    if with_check:
        pairs = index.check(doc) if status == "unchanged" else list(result.pairs)
        body["matches"] = matches_of(index, doc.id, pairs)
    return body


def delete(index: Index, article_id: str) -> bool:
    """``DELETE /v1/articles/{id}``: True when the article was indexed."""
    return bool(index.remove([article_id]))


def batch(index: Index, docs: Sequence[Document], with_check: bool) -> dict[str, Any]:
    """``POST /v1/articles:batch``: every article in one transaction.

    With ``with_check`` each new or changed article is checked against the index as it
    stood when it came in (earlier articles of the batch included); a pair belongs to the
    later article of the two in the batch.
    """
    result = index.add(docs, check=with_check)
    body: dict[str, Any] = {
        "added": list(result.added),
        "replaced": list(result.replaced),
        "unchanged": list(result.unchanged),
    }
    if with_check:
        order = {d.id: k for k, d in enumerate(docs)}
        by_article: dict[str, list[PairResult]] = {}
        for pair in result.pairs:
            later = max((pair.a, pair.b), key=lambda i: order.get(i, -1))
            by_article.setdefault(later, []).append(pair)
        body["matches"] = {i: matches_of(index, i, ps) for i, ps in sorted(by_article.items())}
    return body
