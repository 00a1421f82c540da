"""JSON bodies of the service's answers, built from the library's results.

A pair from the library has sides ``a`` and ``b`` in id order; an HTTP client asked about one
article, so every match is turned to face it: ``article`` is the article of the request (the
posted text, or the path's id) and ``match`` the indexed one. Everything here returns plain
dicts of JSON types, so that a worker process can build them and the server only encodes
them (:mod:`unspin.service.schemas` describes the same shapes for the OpenAPI document).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unspin.models import Document, PairResult, Span

SERVICE_LOCATION = "http"
"""Where ingest says an article came from (its ``location``) when it came through the
service; not shown back, since a client gave no such field."""


def public_metadata(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """The metadata a client gave, and the repairs made to its text when there were any."""
    shown = {k: v for k, v in metadata.items() if (k, v) != ("location", SERVICE_LOCATION)}
    if not shown.get("repairs", True):
        del shown["repairs"]
    if "repairs" in shown:
        shown["repairs"] = list(shown["repairs"])
    return shown


def describe(doc: Document) -> dict[str, Any]:
    """An indexed article without its text: what a match names."""
    return {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "source": doc.source,
        "published": doc.published,
        "metadata": public_metadata(doc.metadata),
    }


def article(doc: Document) -> dict[str, Any]:
    """An indexed article with its text (``GET /v1/articles/{id}``)."""
    return {**describe(doc), "text": doc.text}


def _span(span: Span, flip: bool) -> dict[str, Any]:
    a = (span.a_start, span.a_end, span.a_words)
    b = (span.b_start, span.b_end, span.b_words)
    mine, theirs = (b, a) if flip else (a, b)
    return {
        "article_start": mine[0],
        "article_end": mine[1],
        "match_start": theirs[0],
        "match_end": theirs[1],
        "kind": span.kind,
        "matched_words": span.matched_words,
        "article_words": mine[2],
        "match_words": theirs[2],
        "substitutions": [[y, x] if flip else [x, y] for x, y in span.substitutions],
    }


def match(pair: PairResult, article_id: str, other: Document | None) -> dict[str, Any]:
    """One pair as seen from ``article_id``, naming the indexed article and its metadata."""
    flip = pair.b == article_id
    other_id = pair.a if flip else pair.b
    c = pair.comparison
    cover = (c.coverage_b, c.coverage_a) if flip else (c.coverage_a, c.coverage_b)
    original = {article_id: "article", other_id: "match"}.get(pair.source or "")
    return {
        "id": other_id,
        "relation": c.relation,
        "copy": c.is_copy,
        "original": original,
        "reason": pair.source_reason,
        "coverage": {"article": round(cover[0], 4), "match": round(cover[1], 4)},
        "spans": [_span(s, flip) for s in c.spans],
        "scores": {k: round(v, 4) for k, v in sorted(c.scores.items())},
        "document": describe(other or Document(other_id, "")),
    }
