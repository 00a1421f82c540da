"""Scan a corpus: find every copy pair and the same-story links, then group the documents.

The pipeline never compares all pairs:

1. **Read and prepare**: records are streamed in batches; each batch's texts go to a spill
   file (:mod:`unspin.store`) and to a worker that reduces them to a digest, copy
   fingerprints and story terms in numpy. Reading overlaps with sketching, and no text is
   held in memory after its batch.
2. **Candidates**: exact duplicates by hash of the canonical text; copy candidates from shared
   sampled content-word-pair fingerprints; same-story candidates from shared rare terms, kept
   as a nearest-neighbour graph (:mod:`unspin.sketch`, :mod:`unspin.candidates`), then thinned
   by publication gap (:mod:`unspin.eventtime`) and by a vectorised topic cosine
   (:mod:`unspin.storyfilter`).
3. **Verify** every candidate with :func:`unspin.compare` (parallel over ``workers``; each
   batch reads its texts back from the spill file).
4. **Direct** each copy: earlier ``published`` wins, else the textual evidence, else undecided.
5. **Group** verified edges into copy families and stories (:mod:`unspin.cluster`); same-story
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
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, NamedTuple

import numpy as np

from unspin import lexicon, native
from unspin.candidates import (
    PREPARE_BATCH,
    Candidate,
    Prepared,
    find_candidates,
    prepare_batch,
)
from unspin.cluster import average_linkage, components
from unspin.eventtime import dated, days_apart, story_evidence, too_far_for_one_story
from unspin.gcpause import CollectorPause
from unspin.models import Comparison, Document, PairResult, ScanResult, Skipped, parse_date
from unspin.parallel import Workers, map_chunks, map_stream
from unspin.records import iter_records
from unspin.store import StoredTexts, TextStore
from unspin.storyfilter import MIN_TOPIC_COSINE, TopicVector, pair_cosines, topic_vectors
from unspin.verify import locality_order, verify, verify_batches

log = logging.getLogger(__name__)

STORY_LINKAGE = 0.11
"""Average-linkage cut for stories: the mean ``story`` score over all member pairs (missing
pairs count 0) must reach this for two groups to merge. Chosen on ECB+ development topics,
where B-cubed F1 is 0.904-0.915 for cuts between 0.09 and 0.125 and falls off outside."""


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
        weighed by the time between two reports, :mod:`unspin.eventtime`). Records without
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
            "C extension unspin._speedups not in use (%s): same results, about 1.7x the time; "
            "reinstall with a C compiler and Python headers present to build it",
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
        candidates = find_candidates(prepared, order)
        del prepared
        clock.lap("candidates", len(candidates))
        candidates = _near_stories(_near_in_time(candidates, docs), store, pool, progress)
        clock.lap("story filter", len(candidates))
        verdicts = _verified(candidates, [d.id for d in docs], store, pool, progress)
        clock.lap("verify", len(verdicts))
        found = (
            _pair(docs[i], docs[j], comp)
            for (i, j, _), comp in zip(candidates, verdicts, strict=True)
            if comp.relation != "unrelated"
        )
        pairs = [p for p in found if p.relation != "unrelated"]  # dating may make it so
        result = _assemble(docs, pairs, tuple(skipped))
        clock.lap("group", len(pairs))
    return result


class _Meta(NamedTuple):
    """What a scan keeps of a document once its text is in the spill file."""

    id: str
    published: str | None

    @property
    def published_at(self) -> datetime | None:
        return parse_date(self.published)


def _read_and_prepare(
    records: Iterable[Mapping[str, Any] | Document],
    store: TextStore,
    workers: Workers,
    progress: bool,
    pause: CollectorPause,
) -> tuple[list[_Meta], Prepared, list[Skipped]]:
    """Stream the records into the spill file and the prepare stage, batch by batch.

    Reading (in this process) overlaps with sketching (in the workers), and no text stays
    in memory once it is in the spill file: worker processes read their batch back from the
    file (from the page cache, cheaper than receiving the texts through a pipe). The
    caller's record iterator runs here, so reference cycles it leaves are swept each batch.
    """
    docs: list[_Meta] = []
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
            docs.append(_Meta(item.id, item.published))
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
        for batch in map_chunks(verify, batches, workers, progress, "verify", chunk=1)
        for v in batch
    ]
    position = [0] * len(order)
    for pos, k in enumerate(order):
        position[k] = pos
    return [checked[position[k]] for k in range(len(candidates))]


class Stopwatch:
    """Logs each stage's wall time, item count, this process's CPU time in it (the rest of
    the work runs in the workers) and its peak memory so far (``unspin`` logger, INFO)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.cpu = time.process_time()

    def lap(self, stage: str, items: int) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        log.info(
            "stage %s: %.2f s (%d items, main process CPU %.2f s%s)",
            stage,
            now - self.last,
            items,
            cpu - self.cpu,
            _peak_memory(),
        )
        self.last, self.cpu = now, cpu


def _peak_memory() -> str:
    """``", peak RSS N MB"`` of this process where the platform tells (Linux, macOS)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return ""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return f", peak RSS {peak // (1 << 20 if sys.platform == 'darwin' else 1 << 10)} MB"


def _near_in_time(candidates: list[Candidate], docs: list[_Meta]) -> list[Candidate]:
    """Candidates without the story-only pairs published too far apart to be one story.

    Exact: such a pair's verdict could only be ``unrelated`` (:func:`too_far_for_one_story`),
    so a dated archive spanning years does not verify every pair of its look-alike events.
    """
    story = [(i, j) for i, j, aligned in candidates if not aligned]
    if not story or not any(d.published for d in docs):
        return candidates
    when = {k: docs[k].published_at for pair in story for k in pair}  # parsed once, if needed
    return [
        (i, j, aligned)
        for i, j, aligned in candidates
        if aligned or not too_far_for_one_story(days_apart(when[i], when[j]))
    ]


def _near_stories(
    candidates: list[Candidate], store: TextStore, workers: Workers, progress: bool
) -> list[Candidate]:
    """Candidates without the story-only pairs whose topic vectors are too far apart."""
    story = [k for k, (_, _, aligned) in enumerate(candidates) if not aligned]
    if not story:
        return candidates
    needed = sorted({doc for k in story for doc in candidates[k][:2]})
    local = {doc: n for n, doc in enumerate(needed)}
    batches = [
        store.subset(needed[k : k + PREPARE_BATCH]) for k in range(0, len(needed), PREPARE_BATCH)
    ]
    vectors = [
        v
        for batch in map_chunks(_stored_topics, batches, workers, progress, "topics", chunk=1)
        for v in batch
    ]
    pairs = np.array([[local[candidates[k][0]], local[candidates[k][1]]] for k in story])
    far = {story[n] for n in np.flatnonzero(pair_cosines(vectors, pairs) < MIN_TOPIC_COSINE)}
    return [c for k, c in enumerate(candidates) if k not in far]


def _stored_topics(stored: StoredTexts) -> list[TopicVector]:
    """Topic vectors of texts in the spill file, in the order of ``stored.spans``."""
    return topic_vectors(list(stored.load().values()))


def _pair(da: _Meta, db: _Meta, comp: Comparison) -> PairResult:
    """The pair's result with its publication gap weighed in and its copy directed."""
    ta, tb = da.published_at, db.published_at  # parsed once for both uses
    comp = dated(comp, days_apart(ta, tb))
    source, reason = _direct(da, db, ta, tb, comp)
    return PairResult(a=da.id, b=db.id, comparison=comp, source=source, source_reason=reason)


def _direct(
    da: _Meta, db: _Meta, ta: datetime | None, tb: datetime | None, comp: Comparison
) -> tuple[str | None, str]:
    """Original of a copy pair (publication times ``ta``, ``tb``): dates first, then the
    text, else undecided."""
    if not comp.is_copy:
        return None, comp.source_reason
    if ta is not None and tb is not None and ta != tb:
        first, later = (da, db) if ta < tb else (db, da)
        return first.id, f"published earlier ({first.published} vs {later.published})"
    if comp.source is not None:
        return (da.id if comp.source == "a" else db.id), comp.source_reason
    return None, comp.source_reason


def _original_of(members: list[str], pairs: list[PairResult], docs: Mapping[str, _Meta]) -> str:
    """Family original: never named a copy, then earliest date, most often a source, smallest id."""
    copies = {p.b if p.source == p.a else p.a for p in pairs if p.source is not None}
    roots = [m for m in members if m not in copies] or members
    sources = [p.source for p in pairs if p.source is not None]

    def key(doc_id: str) -> tuple[int, str, int, str]:
        when = docs[doc_id].published_at
        return (when is None, when.isoformat() if when else "", -sources.count(doc_id), doc_id)

    return min(roots, key=key)


def _story_weight(p: PairResult) -> float:
    """Edge weight for story clustering: whole copies bind fully, others by same-story evidence
    (weighed by their publication gap, :mod:`unspin.eventtime`)."""
    comp = p.comparison
    if comp.is_copy and comp.relation != "partial":
        return 1.0
    return story_evidence(comp)


def _assemble(
    docs: list[_Meta], pairs: list[PairResult], skipped: tuple[Skipped, ...]
) -> ScanResult:
    ids = [d.id for d in docs]
    index = {doc_id: k for k, doc_id in enumerate(ids)}
    edges = [(index[p.a], index[p.b], _story_weight(p)) for p in pairs]
    stories = average_linkage(ids, edges, STORY_LINKAGE)
    copies = [p for p in pairs if p.comparison.is_copy]
    # a copy family never spans two stories: a text that copies from two stories is reported
    # in the pairs, but does not merge them
    inside = [p for p in copies if stories[p.a] == stories[p.b]]
    families = components(ids, ((index[p.a], index[p.b]) for p in inside))
    by_id = {d.id: d for d in docs}
    members: dict[str, list[str]] = {}
    for doc_id, fam in families.items():
        members.setdefault(fam, []).append(doc_id)
    fam_pairs: dict[str, list[PairResult]] = {}
    for p in inside:
        fam_pairs.setdefault(families[p.a], []).append(p)
    originals = {_original_of(members[fam], fp, by_id) for fam, fp in fam_pairs.items()}
    originals.update(group[0] for group in members.values() if len(group) == 1)
    ordered = tuple(sorted(pairs, key=lambda p: (p.a, p.b)))
    return ScanResult(ordered, stories, families, frozenset(originals), skipped)
