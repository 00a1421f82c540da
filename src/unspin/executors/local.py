"""Scan a corpus: find every copy pair and the same-story links, then group the documents.

The pipeline never compares all pairs:

1. **Read and prepare**: records are streamed in batches; each batch's texts go to a spill
   file (:mod:`unspin.executors.spill`) and to a worker that reduces them to a digest, copy
   fingerprints and story terms in numpy. Reading overlaps with sketching, and no text is
   held in memory after its batch.
2. **Candidates**: exact duplicates by hash of the canonical text; copy candidates from shared
   sampled content-word-pair fingerprints; same-story candidates from shared rare terms, kept
   as a nearest-neighbour graph (:mod:`unspin.candidates.sketch`,
   :mod:`unspin.candidates.postings`), then thinned by publication gap (:mod:`unspin.story.time`)
   and by a vectorised topic cosine (:mod:`unspin.story.vectors`).
3. **Verify** every candidate with :func:`unspin.compare` (parallel over ``workers``; each
   batch reads its texts back from the spill file).
4. **Direct** each copy: earlier ``published`` wins, else the textual evidence, else undecided.
5. **Group** verified edges into copy families and stories (:mod:`unspin.group.cluster`); same-story
   evidence is weighed by the publication gap when both times are known.

Every stage is a plain function over lists with explicit inputs, so another executor (Spark)
can run the same stages. Results do not depend on input order or on ``workers``: documents
are processed in id order and parallel results are reassembled in submission order.

Disk: the spill file is about the size of the texts (3.7 GB for a million 600-word
articles), and candidate search may spill pair instances (about 1.8 GB at a million); both
go to the temporary directory (``TMPDIR``) and are removed when the scan ends.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from unspin import native
from unspin.candidates.filters import near_in_time, near_in_topic, story_documents
from unspin.candidates.policy import Candidate, find_candidates, publication_order
from unspin.candidates.prepare import PREPARE_BATCH, Prepared, prepare_batch
from unspin.executors.gcpause import CollectorPause
from unspin.executors.parallel import Workers, map_chunks, map_stream
from unspin.executors.spill import StoredTexts, TextStore
from unspin.executors.stopwatch import Stopwatch
from unspin.group.families import assemble
from unspin.group.finalise import finalise_pair
from unspin.ingest.records import iter_records
from unspin.models import Comparison, DocInfo, Document, ScanResult, Skipped
from unspin.story.vectors import TopicVector, topic_vectors
from unspin.text import lexicon
from unspin.verify.batch import VerifyBatch, locality_order, verify, verify_batches

log = logging.getLogger(__name__)


def scan(
    records: Iterable[Mapping[str, Any] | Document],
    *,
    workers: int = 1,
    progress: bool = False,
) -> ScanResult:
    """Find copies and same-story links in ``records`` and group them.

    Parameters
    ----------
    records : iterable of dict or Document
        Each with ``id`` and ``text``; optional ``title``, ``url``, ``source``, ``published``
        (ISO 8601: the earlier of two copies is the original, and same-story evidence is
        weighed by the time between two reports, :mod:`unspin.story.time`). Records without
        an id or text, with empty text or with an id seen before are skipped and listed in
        ``ScanResult.skipped`` with the reason.
    workers : int, default=1
        Processes for preparation and verification. Results are identical for any value.
        With more than one, BLAS libraries (OpenBLAS under numpy) run one thread per process
        for the duration of the scan, in this process too; their setting is restored after.
    progress : bool, default=False
        Show progress bars with rate and ETA on standard error.

    Returns
    -------
    ScanResult
        Copy pairs and same-story pairs, the story and copy family of every document, and the
        skipped records.

    Raises
    ------
    SpillError
        When the temporary spill files (texts, pair shards) cannot be written: the temporary
        directory (``TMPDIR``) needs free space of about the size of the input texts.
    """
    clock = Stopwatch()
    if native.speedups is None:
        log.info(
            "C extension unspin.native._speedups not in use (%s): same results, about 1.7x the "
            "time; reinstall with a C compiler and Python headers present to build it",
            "UNSPIN_PURE_PYTHON is set" if os.environ.get("UNSPIN_PURE_PYTHON") else "not built",
        )
    with CollectorPause() as pause, Workers(workers) as pool, TextStore() as store:
        docs, prepared, skipped = _read_and_prepare(records, store, pool, progress, pause)
        clock.lap("read and prepare", len(docs))
        order = sorted(range(len(docs)), key=lambda k: docs[k].id)
        docs = [docs[k] for k in order]
        store.reorder(order)
        clock.lap("sort", len(docs))
        pool.preload(lexicon.load)  # the workers are idle while candidates are searched
        candidates = find_candidates(prepared, order, publication_order(docs))
        del prepared
        clock.lap("candidates", len(candidates))
        candidates = _near_stories(_near_in_time(candidates, docs), store, pool, progress)
        clock.lap("story filter", len(candidates))
        verdicts = _verified(candidates, [d.id for d in docs], store, pool, progress)
        clock.lap("verify", len(verdicts))
        found = (
            finalise_pair(docs[i], docs[j], comp)
            for (i, j, _), comp in zip(candidates, verdicts, strict=True)
            if comp.relation != "unrelated"
        )
        pairs = [p for p in found if p.relation != "unrelated"]  # dating may make it so
        result = assemble(docs, pairs, tuple(skipped))
        clock.lap("group", len(pairs))
    return result


def _read_and_prepare(
    records: Iterable[Mapping[str, Any] | Document],
    store: TextStore,
    workers: Workers,
    progress: bool,
    pause: CollectorPause,
) -> tuple[list[DocInfo], Prepared, list[Skipped]]:
    """Stream the records into the spill file and the prepare stage, batch by batch.

    Reading (in this process) overlaps with sketching (in the workers), and no text stays
    in memory once it is in the spill file: worker processes read their batch back from the
    file (from the page cache, cheaper than receiving the texts through a pipe). The
    caller's record iterator runs here, so reference cycles it leaves are swept each batch.
    """
    docs: list[DocInfo] = []
    skipped: list[Skipped] = []

    def batch(texts: list[str]) -> list[str] | StoredTexts:
        pause.sweep()
        first = len(store)
        store.add(texts)
        return texts if workers.pool is None else store.subset(range(first, len(store)))

    def batches() -> Iterator[list[str] | StoredTexts]:
        texts: list[str] = []
        for item in iter_records(records):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            docs.append(DocInfo(item.id, item.published))
            texts.append(item.text)
            if len(texts) == PREPARE_BATCH:
                yield batch(texts)
                texts = []
        if texts:
            yield batch(texts)

    parts = map_stream(_prepare, batches(), workers, progress, "read", weight=len)
    prepared = Prepared.concat(list(parts))
    return docs, prepared, skipped


def _prepare(batch: list[str] | StoredTexts) -> Prepared:
    """:func:`~unspin.candidates.prepare_batch` of texts given or in the spill file."""
    texts = batch if isinstance(batch, list) else list(batch.load().values())
    return prepare_batch(texts)


def _verified(
    candidates: list[Candidate], ids: list[str], store: TextStore, workers: Workers, progress: bool
) -> list[Comparison]:
    """:func:`unspin.verify.verify` over all candidates, in the candidates' order."""
    order = locality_order(candidates, len(ids))
    batches = verify_batches(ids, store, [candidates[k] for k in order], workers.count)
    checked = [
        v
        for batch in map_chunks(
            verify, batches, workers, progress, "verify", chunk=1, weight=_pair_count
        )
        for v in batch
    ]
    position = [0] * len(order)
    for pos, k in enumerate(order):
        position[k] = pos
    return [checked[position[k]] for k in range(len(candidates))]


def _pair_count(batch: VerifyBatch) -> int:
    """Pairs in a verification batch (the unit of the verification progress bar)."""
    return len(batch[2])


def _near_in_time(candidates: list[Candidate], docs: list[DocInfo]) -> list[Candidate]:
    """:func:`~unspin.candidates.filters.near_in_time`, times parsed only when needed."""
    story = [(i, j) for i, j, aligned in candidates if not aligned]
    if not story or not any(d.published for d in docs):
        return candidates
    wanted = {k for pair in story for k in pair}
    when = [docs[k].published_at if k in wanted else None for k in range(len(docs))]
    return near_in_time(candidates, when)


def _near_stories(
    candidates: list[Candidate], store: TextStore, workers: Workers, progress: bool
) -> list[Candidate]:
    """:func:`~unspin.candidates.filters.near_in_topic`, topic vectors made in the workers."""
    needed = story_documents(candidates)
    if not needed:
        return candidates
    batches = [
        store.subset(needed[k : k + PREPARE_BATCH]) for k in range(0, len(needed), PREPARE_BATCH)
    ]
    vectors = [
        v
        for batch in map_chunks(_stored_topics, batches, workers, progress, "topics", chunk=1)
        for v in batch
    ]
    return near_in_topic(candidates, needed, vectors)


def _stored_topics(stored: StoredTexts) -> list[TopicVector]:
    """Topic vectors of texts in the spill file, in the order of ``stored.spans``."""
    return topic_vectors(list(stored.load().values()))
