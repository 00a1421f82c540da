"""Stories and copy families of a whole index: the batch scan's answer, reusing its verdicts.

Grouping needs the candidate pairs of the *whole* corpus as :func:`unspin.scan` finds them:
which features are too common to count (``max_df``) and which story neighbours each article
keeps depend on every article, not only on those indexed before it. So :func:`group_index`
runs the scan's own stages over the stored articles: features again from the stored texts
(:func:`unspin.candidates.prepare_batch`, about 40 us an article), candidates with
:func:`unspin.candidates.find_candidates`, the time and topic filters, verification, pair
finalisation and :func:`unspin.group.families.assemble`. Only the verification, the costly
step, is skipped for pairs whose verdict is already in the ``verdicts`` table (every
``add(check=True)`` and every earlier ``groups`` puts them there). The result therefore equals
``scan`` of the indexed articles, whatever order they were added in.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from unspin.candidates.filters import near_in_time, near_in_topic, story_documents
from unspin.candidates.policy import Candidate, find_candidates, publication_order
from unspin.candidates.prepare import PREPARE_BATCH, Prepared
from unspin.candidates.prepare import prepare_batch as prepare
from unspin.executors.parallel import Workers, map_chunks
from unspin.group.families import assemble
from unspin.group.finalise import finalise_pair
from unspin.index.rows import pack_verdict, unpack_text, unpack_verdict
from unspin.models import Comparison, DocInfo, ScanResult
from unspin.story.vectors import topic_vectors
from unspin.verify import locality_order, verify
from unspin.verify.batch import VERIFY_BATCH, VerifyBatch

if TYPE_CHECKING:
    from unspin.index.store import Index

Key = tuple[int, int, int]
"""A verdict's key: the two article numbers (smaller id first) and the alignment flag."""


def group_index(index: Index, *, workers: int = 1, progress: bool = False) -> ScanResult:
    """The :class:`~unspin.models.ScanResult` of every indexed article (see the module doc)."""
    conn = index.conn
    with index._transaction(write=False):
        rows = conn.execute("SELECT num, id, published FROM docs").fetchall()
        rows.sort(key=lambda r: r[1])  # Python's order of ids, as the scan sorts them
        nums = [int(r[0]) for r in rows]
        docs = [DocInfo(r[1], r[2]) for r in rows]
        prepared = Prepared.concat(list(_prepared(conn, nums))) if nums else None
        priority = publication_order(docs)
        candidates = find_candidates(prepared, None, priority) if prepared is not None else []
        del prepared
        cached = {
            (a, b, aligned): body
            for a, b, aligned, body in conn.execute("SELECT a, b, aligned, body FROM verdicts")
        }
        keys = [(nums[i], nums[j], int(aligned)) for i, j, aligned in candidates]
        missing = [c for c, key in zip(candidates, keys, strict=True) if key not in cached]
        fresh = _verified(conn, missing, docs, nums, workers, progress)
    comps: list[Comparison | None] = [
        fresh[c] if key not in cached else unpack_verdict(cached[key])
        for c, key in zip(candidates, keys, strict=True)
    ]
    if fresh and not index.readonly:
        with index._transaction(write=True) as wconn:
            _store(wconn, fresh, nums)
    found = (
        finalise_pair(docs[i], docs[j], comp)
        for (i, j, _), comp in zip(candidates, comps, strict=True)
        if comp is not None and comp.relation != "unrelated"
    )
    pairs = [p for p in found if p.relation != "unrelated"]
    return assemble(docs, pairs, ())


def _prepared(conn: sqlite3.Connection, nums: list[int]) -> Iterator[Prepared]:
    """Features of the articles ``nums``, in that order, a batch at a time."""
    for lo in range(0, len(nums), PREPARE_BATCH):
        yield prepare(list(_texts(conn, nums[lo : lo + PREPARE_BATCH]).values()))


def _texts(conn: sqlite3.Connection, nums: list[int]) -> dict[int, str]:
    """Texts of ``nums``, in that order."""
    marks = ",".join("?" * len(nums))
    got = dict(conn.execute(f"SELECT num, body FROM texts WHERE num IN ({marks})", nums))
    return {n: unpack_text(got[n]) for n in nums}


def _verified(
    conn: sqlite3.Connection,
    missing: list[Candidate],
    docs: list[DocInfo],
    nums: list[int],
    workers: int,
    progress: bool,
) -> dict[Candidate, Comparison | None]:
    """Verdicts of the candidates not cached yet: the scan's filters, then verification."""
    kept = missing
    if any(d.published for d in docs):
        kept = near_in_time(kept, [d.published_at for d in docs])
    needed = story_documents(kept)
    if needed:
        vectors = [
            v
            for lo in range(0, len(needed), PREPARE_BATCH)
            for v in topic_vectors(
                list(_texts(conn, [nums[k] for k in needed[lo : lo + PREPARE_BATCH]]).values())
            )
        ]
        kept = near_in_topic(kept, needed, vectors)
    out: dict[Candidate, Comparison | None] = dict.fromkeys(missing)
    order = locality_order(kept, len(docs))
    ordered = [kept[k] for k in order]
    batches = [
        _batch(conn, ordered[lo : lo + VERIFY_BATCH], docs, nums)
        for lo in range(0, len(ordered), VERIFY_BATCH)
    ]
    with Workers(workers) as pool:
        results = map_chunks(verify, batches, pool, progress, "verify", chunk=1)
    for batch, comps in zip(batches, results, strict=True):
        out.update(zip(batch[2], comps, strict=True))
    return out


def _batch(
    conn: sqlite3.Connection, pairs: list[Candidate], docs: list[DocInfo], nums: list[int]
) -> VerifyBatch:
    """A verification batch carrying the texts its pairs need."""
    needed = sorted({i for i, _, _ in pairs} | {j for _, j, _ in pairs})
    texts = _texts(conn, [nums[k] for k in needed])
    return (
        {k: docs[k].id for k in needed},
        {k: texts[nums[k]] for k in needed},
        pairs,
    )


def _store(
    conn: sqlite3.Connection, fresh: dict[Candidate, Comparison | None], nums: list[int]
) -> None:
    """Keep new verdicts so the next ``groups`` verifies nothing again."""
    conn.executemany(
        "INSERT OR REPLACE INTO verdicts (a, b, aligned, body) VALUES (?, ?, ?, ?)",
        [
            (nums[i], nums[j], int(aligned), pack_verdict(comp))
            for (i, j, aligned), comp in fresh.items()
        ],
    )
