"""Verification stage: run :func:`unspin.compare` on candidate pairs, batch by batch.

A batch carries the pairs and only the texts they need (or, in a scan, where to read them
from its spill file: :mod:`unspin.executors.spill`), so a worker process (or a Spark executor) gets
plain data and returns plain data. Each text is analysed once per batch, so the
pairs are first put in an order that keeps each document's pairs together
(:func:`locality_order`); results are returned in the candidates' own order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

from unspin.candidates.policy import Candidate
from unspin.executors.gcpause import CollectorPause
from unspin.executors.spill import StoredTexts, TextStore
from unspin.models import Comparison
from unspin.text import canonical
from unspin.verify.compare import Analysed, analyse, compare_analysed, identical

VERIFY_BATCH = 4096
"""Candidate pairs per verification task: large enough that a document analysed once serves
several of its pairs (256 -> 4096 cut a 10k-article scan from 89 s to about 55 s)."""

TextSource = Mapping[int, str] | StoredTexts
"""Texts by document index, or where to read them (a scan's spill file)."""

VerifyBatch = tuple[dict[int, str], TextSource, list[Candidate]]
"""Ids and texts by document index, and the candidate pairs over them."""


def locality_order(pairs: Sequence[Candidate], n_docs: int) -> list[int]:
    """Indices of ``pairs`` in an order where pairs sharing documents sit close together.

    Documents are numbered breadth-first over the candidate graph (the Cuthill-McKee idea,
    1969, without its degree sort), which keeps neighbours' numbers close; pairs are then
    sorted by the later of their two numbers, then the earlier: a pair comes when its second
    document is reached, while the first, numbered just before, is usually still in the
    batch. Deterministic: ties and start nodes follow document index.

    On AP89's 142,266 candidates (2026-12-07) batches of 4,096 pairs analyse 95,159 texts in
    this order against 109,659 sorted by the earlier number (61,439 distinct documents).
    """
    neighbours: list[list[int]] = [[] for _ in range(n_docs)]
    for i, j, _ in pairs:
        neighbours[i].append(j)
        neighbours[j].append(i)
    position = [-1] * n_docs
    count = 0
    for start in range(n_docs):
        if position[start] >= 0 or not neighbours[start]:
            continue
        position[start] = count
        count += 1
        queue = deque([start])
        while queue:
            for nxt in sorted(neighbours[queue.popleft()]):
                if position[nxt] < 0:
                    position[nxt] = count
                    count += 1
                    queue.append(nxt)

    def key(k: int) -> tuple[int, int]:
        a, b = position[pairs[k][0]], position[pairs[k][1]]
        return (max(a, b), min(a, b))

    return sorted(range(len(pairs)), key=key)


def verify_batches(
    ids: Sequence[str], texts: TextStore, pairs: Sequence[Candidate], workers: int = 1
) -> list[VerifyBatch]:
    """Cut the sorted pairs into batches that carry only the documents they need.

    Batches hold at most ``VERIFY_BATCH`` pairs and are of equal size, their number a multiple
    of ``workers``, so that no worker is left with most of the work (4 510 pairs on 2 workers
    used to go as 4 096 + 414).
    """
    rounds = -(-len(pairs) // (VERIFY_BATCH * workers))
    size = max(1, -(-len(pairs) // (rounds * workers))) if pairs else 1
    batches: list[VerifyBatch] = []
    for k in range(0, len(pairs), size):
        chunk = list(pairs[k : k + size])
        needed = sorted({i for i, _, _ in chunk} | {j for _, j, _ in chunk})
        batches.append(({i: ids[i] for i in needed}, texts.subset(needed), chunk))
    return batches


def verify(batch: VerifyBatch) -> list[Comparison]:
    """Compare every pair of the batch; ``source_reason`` names the documents by id.

    The cycle collector is paused for the batch (:mod:`unspin.executors.gcpause`): a batch builds
    millions of short-lived tuples and strings that reference counting frees, and makes no
    cycles (none found after a 1,200-pair batch of the 100k benchmark), so the collector's
    passes over them were pure cost, about 5 % of the batch (1.75 -> 1.66 s, best of 12).
    """
    with CollectorPause():
        return _verify(batch)


def _verify(batch: VerifyBatch) -> list[Comparison]:
    ids, source, pairs = batch
    texts = source.load() if isinstance(source, StoredTexts) else source
    analysed: dict[int, Analysed] = {}
    canon: dict[int, str] = {}

    def get(k: int) -> Analysed:
        if k not in analysed:
            analysed[k] = analyse(texts[k], canon.get(k))
        return analysed[k]

    def same(i: int, j: int) -> bool:
        # exact duplicates need no analysis: their canonical texts alone decide
        for k in (i, j):
            if k not in canon:
                canon[k] = canonical(texts[k])
        return canon[i] == canon[j]

    return [
        identical(texts[i], texts[j])
        if aligned and same(i, j)
        else compare_analysed(get(i), get(j), (ids[i], ids[j]), passages=aligned)
        for i, j, aligned in pairs
    ]
