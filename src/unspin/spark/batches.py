"""Arrow batch functions that Spark runs in its Python workers (``mapInArrow``).

Each one calls the stage functions of the local engine on one batch of rows and returns
plain columns: :func:`~unspin.ingest.records.as_document` (ingest), :func:`prepare_batch`
(digest and sketches), the story filters and :func:`~unspin.verify.batch.verify` with
:func:`~unspin.group.finalise.finalise_pair`. Nothing here knows about Spark: a batch in,
a batch out, so the functions are tested without a session and give the bytes the local
engine gives, because they run its code.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa

from unspin.candidates.filters import near_in_time, near_in_topic, story_documents
from unspin.candidates.policy import Candidate
from unspin.candidates.postings import feature_keys
from unspin.candidates.prepare import PREPARE_BATCH, prepare_batch
from unspin.candidates.sketch import Packed
from unspin.group.finalise import finalise_pair
from unspin.ingest.records import as_document
from unspin.models import DocInfo, Document, PairResult, parse_date
from unspin.output.files import encode_line
from unspin.story.vectors import topic_vectors
from unspin.verify.batch import VERIFY_BATCH, verify

RECORD_FIELDS = ("id", "text", "title", "url", "source", "published")
"""Record columns read from a DataFrame (those present), as :func:`unspin.scan` reads dicts."""

INGESTED = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("published", pa.string()),
        ("reason", pa.string()),
        ("repairs", pa.list_(pa.string())),
    ]
)
"""A record checked like :func:`unspin.scan` checks it: the text to analyse, or why not."""

PREPARED = pa.schema(
    [
        ("id", pa.string()),
        ("published", pa.string()),
        ("when_us", pa.int64()),
        ("digest", pa.binary()),
        ("copy_n", pa.int64()),
        ("copy", pa.list_(pa.int64())),
        ("chain", pa.list_(pa.int64())),
        ("story", pa.list_(pa.int64())),
    ]
)
"""A document reduced to what candidate search needs; features are posting keys
(:func:`unspin.candidates.postings.feature_keys`), their bits seen as signed 64-bit."""

VERIFIED = pa.schema(
    [
        ("a", pa.string()),
        ("b", pa.string()),
        ("published_a", pa.string()),
        ("published_b", pa.string()),
        ("relation", pa.string()),
        ("source", pa.string()),
        ("line", pa.binary()),
        ("result", pa.binary()),
    ]
)
"""A finalised pair: its line of ``pairs.jsonl`` (bytes as the local engine writes them)
and the pickled :class:`~unspin.models.PairResult` that grouping needs."""

_EPOCH = datetime(1, 1, 1)


def ingest(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Records checked and repaired by :func:`~unspin.ingest.records.as_document`."""
    for batch in batches:
        rows: dict[str, list[Any]] = {name: [] for name in INGESTED.names}
        for record in batch.to_pylist():
            item = as_document({k: v for k, v in record.items() if v is not None}, "")
            doc = item if isinstance(item, Document) else None
            rows["id"].append(item.id)
            rows["text"].append(doc.text if doc else None)
            rows["published"].append(doc.published if doc else None)
            rows["reason"].append(None if doc else getattr(item, "reason", "skipped"))
            rows["repairs"].append(list(doc.metadata.get("repairs", ())) if doc else [])
        yield pa.RecordBatch.from_pydict(rows, schema=INGESTED)


def when_us(published: str | None) -> int | None:
    """Publication time in microseconds since year 1 (None: undated or unreadable): the
    order of :func:`~unspin.candidates.policy.publication_order`, as an integer Spark sorts."""
    when = parse_date(published)
    return None if when is None else (when - _EPOCH) // timedelta(microseconds=1)


def prepare(batches: Iterator[pa.RecordBatch], n_docs: int) -> Iterator[pa.RecordBatch]:
    """:func:`~unspin.candidates.prepare.prepare_batch` of each batch of ``(id, text,
    published)``; ``n_docs`` (the corpus size) fixes the posting keys' low bits."""
    for whole in batches:
        for lo in range(0, whole.num_rows, PREPARE_BATCH):
            yield _prepared(whole.slice(lo, PREPARE_BATCH), n_docs)


def _prepared(batch: pa.RecordBatch, n_docs: int) -> pa.RecordBatch:
    """One batch of at most ``PREPARE_BATCH`` documents, prepared (memory as the local scan)."""
    texts = batch.column("text").to_pylist()
    published = batch.column("published").to_pylist()
    prepared = prepare_batch(texts)
    columns = {
        "id": batch.column("id"),
        "published": pa.array(published, pa.string()),
        "when_us": pa.array([when_us(p) for p in published], pa.int64()),
        "digest": pa.array(list(prepared.digests), pa.binary()),
        "copy_n": pa.array(prepared.copy.lengths(), pa.int64()),
        "copy": _keys(prepared.copy, n_docs),
        "chain": _keys(prepared.chain, n_docs),
        "story": _keys(prepared.story, n_docs),
    }
    return pa.RecordBatch.from_pydict(columns, schema=PREPARED)


def _keys(packed: Packed, n_docs: int) -> pa.ListArray:
    """One list of posting keys per document."""
    values = feature_keys(packed.values, n_docs).view(np.int64)
    return pa.ListArray.from_arrays(pa.array(packed.offsets, pa.int32()), pa.array(values))


def verify_pairs(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Candidate rows ``(a, b, aligned, text_a, text_b, published_a, published_b)``, ``a < b``,
    filtered, verified and finalised as the local scan does; unrelated pairs are dropped."""
    for batch in batches:
        rows = batch.to_pydict()
        for lo in range(0, len(rows["a"]), VERIFY_BATCH):
            part = {name: values[lo : lo + VERIFY_BATCH] for name, values in rows.items()}
            found = _verified(part)
            yield pa.RecordBatch.from_pylist([_row(*p) for p in found], schema=VERIFIED)


def _verified(rows: dict[str, list[Any]]) -> list[tuple[PairResult, DocInfo, DocInfo]]:
    """The related pairs among one chunk of candidate rows, in the rows' order, with their
    two documents."""
    ids = sorted({*rows["a"], *rows["b"]})  # local numbers in id order, as in a scan
    index = {doc_id: k for k, doc_id in enumerate(ids)}
    texts: dict[int, str] = {}
    docs: dict[int, DocInfo] = {}
    for side in ("a", "b"):
        for doc_id, text, published in zip(
            rows[side], rows[f"text_{side}"], rows[f"published_{side}"], strict=True
        ):
            texts[index[doc_id]] = text
            docs[index[doc_id]] = DocInfo(doc_id, published)
    pairs: list[Candidate] = [
        (index[a], index[b], bool(aligned))
        for a, b, aligned in zip(rows["a"], rows["b"], rows["aligned"], strict=True)
    ]
    pairs = _near_stories(pairs, texts, [docs[k] for k in range(len(ids))])
    verdicts = verify((dict(enumerate(ids)), texts, pairs))
    found = (
        (finalise_pair(docs[i], docs[j], comp), docs[i], docs[j])
        for (i, j, _), comp in zip(pairs, verdicts, strict=True)
        if comp.relation != "unrelated"
    )
    return [f for f in found if f[0].relation != "unrelated"]  # dating may make it so


def _near_stories(
    pairs: list[Candidate], texts: dict[int, str], docs: Sequence[DocInfo]
) -> list[Candidate]:
    """The local scan's two story filters: publication gap, then topic vectors."""
    if any(d.published for d in docs):
        pairs = near_in_time(pairs, [d.published_at for d in docs])
    needed = story_documents(pairs)
    if not needed:
        return pairs
    return near_in_topic(pairs, needed, topic_vectors([texts[k] for k in needed]))


def _row(pair: PairResult, da: DocInfo, db: DocInfo) -> dict[str, Any]:
    """Output row of one finalised pair."""
    return {
        "a": pair.a,
        "b": pair.b,
        "published_a": da.published,
        "published_b": db.published,
        "relation": pair.relation,
        "source": pair.source,
        "line": encode_line(pair.to_dict()),
        "result": pickle.dumps(pair, protocol=pickle.HIGHEST_PROTOCOL),
    }
