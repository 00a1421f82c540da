"""Evaluation measures used by ``bench/quality.py``.

* :func:`plagdet` -- PAN's passage-level measure for text reuse detection (Potthast, Stein,
  Barrón-Cedeño & Rosso 2010, "An Evaluation Framework for Plagiarism Detection", COLING):
  macro-averaged character precision and recall, granularity, and
  ``plagdet = F1 / log2(1 + granularity)``.
* :func:`bcubed` -- B-cubed precision, recall and F1 of a clustering against a gold partition
  (Bagga & Baldwin 1998, "Entity-Based Cross-Document Coreferencing Using the Vector Space
  Model", ACL; Amigó, Gonzalo, Artiles & Verdejo 2009 for the item-averaged form used here).
* :func:`adjusted_rand_index` -- the Rand index corrected for chance (Hubert & Arabie 1985,
  "Comparing partitions", Journal of Classification 2:193-218), from the contingency table.

All functions are pure and need only numpy; they do not import unspin.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Annotation:
    """A character range ``[start, end)`` in document ``doc`` (a case or a detection).

    ``src`` optionally adds the matching ``[start, end)`` range in the source document, for
    PAN's two-sided scoring: a detection then only detects a case when both ranges overlap,
    and characters of both documents count (Potthast et al. 2010, section 3).
    """

    doc: str
    start: int
    end: int
    src: tuple[int, int] | None = None

    @property
    def length(self) -> int:
        """Number of characters covered, both sides (0 for empty or inverted ranges)."""
        own = max(0, self.end - self.start)
        return own + (max(0, self.src[1] - self.src[0]) if self.src else 0)


@dataclass(frozen=True, slots=True)
class PlagDet:
    """PAN scores of a set of detections against a set of gold cases."""

    precision: float
    recall: float
    granularity: float
    f1: float
    plagdet: float
    cases: int
    detections: int
    detected_cases: int


def _meets(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two half-open ranges share at least one character."""
    return min(a[1], b[1]) > max(a[0], b[0])


def _overlap(a: Annotation, b: Annotation) -> bool:
    """True when ``b`` detects ``a``: same document, overlapping ranges on every side both have."""
    if a.doc != b.doc or not _meets((a.start, a.end), (b.start, b.end)):
        return False
    return a.src is None or b.src is None or _meets(a.src, b.src)


def _by_doc(annotations: Iterable[Annotation]) -> dict[str, list[Annotation]]:
    """Index annotations by document so overlaps are only searched within one document."""
    index: dict[str, list[Annotation]] = defaultdict(list)
    for ann in annotations:
        if ann.length > 0:
            index[ann.doc].append(ann)
    return index


def _union_length(ranges: Iterable[tuple[int, int]]) -> int:
    """Length of the union of half-open ranges."""
    total, reach = 0, None
    for start, end in sorted(ranges):
        if end <= start or (reach is not None and end <= reach):
            continue
        total += end - (start if reach is None else max(start, reach))
        reach = end
    return total


def _clipped(target: tuple[int, int], ranges: Iterable[tuple[int, int]]) -> int:
    """Characters of ``target`` inside the union of ``ranges``."""
    return _union_length((max(r[0], target[0]), min(r[1], target[1])) for r in ranges)


def _covered_share(target: Annotation, others: Sequence[Annotation]) -> float:
    """Share of ``target``'s characters inside the union of the annotations that detect it."""
    hits = [o for o in others if _overlap(target, o)]
    covered = _clipped((target.start, target.end), ((o.start, o.end) for o in hits))
    if target.src is not None:
        covered += _clipped(target.src, (o.src for o in hits if o.src is not None))
    return covered / target.length


def macro_recall(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Macro-averaged character recall: mean over cases of the share each case has detected.

    ``rec_macro(S, R) = 1/|S| * sum_{s in S} |s ∩ union(R)| / |s|`` (Potthast et al. 2010, eq. 1).
    Called with the arguments swapped it gives macro precision. Following PAN's reference
    implementation, it is 1 when both sets are empty and 0 when only one of them is.
    """
    index = _by_doc(detections)
    kept = [c for c in cases if c.length > 0]
    if not kept and not index:
        return 1.0
    if not kept or not index:
        return 0.0
    return sum(_covered_share(c, index.get(c.doc, [])) for c in kept) / len(kept)


def granularity(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> float:
    """Mean number of detections overlapping each detected case (1 when nothing is detected).

    ``gran(S, R) = 1/|S_R| * sum_{s in S_R} |R_s|`` (Potthast et al. 2010, eq. 2), where
    ``S_R`` are the cases overlapped by at least one detection and ``R_s`` those detections.
    """
    index = _by_doc(detections)
    counts = [sum(1 for r in index.get(c.doc, []) if _overlap(c, r)) for c in cases if c.length > 0]
    hits = [n for n in counts if n > 0]
    return sum(hits) / len(hits) if hits else 1.0


def plagdet(cases: Sequence[Annotation], detections: Sequence[Annotation]) -> PlagDet:
    """PAN PlagDet of ``detections`` against gold ``cases``, pooled over all documents.

    ``plagdet = F1 / log2(1 + granularity)`` with macro-averaged precision and recall
    (Potthast et al. 2010, section 3). Examples: an exact detection scores 1; one case found
    as two adjacent halves has precision = recall = 1, granularity 2, plagdet ``1/log2(3)``.
    """
    recall = macro_recall(cases, detections)
    precision = macro_recall(detections, cases)
    gran = granularity(cases, detections)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    index = _by_doc(detections)
    detected = sum(
        1 for c in cases if c.length > 0 and any(_overlap(c, r) for r in index.get(c.doc, []))
    )
    return PlagDet(
        precision=precision,
        recall=recall,
        granularity=gran,
        f1=f1,
        plagdet=f1 / math.log2(1 + gran),
        cases=sum(1 for c in cases if c.length > 0),
        detections=sum(len(v) for v in index.values()),
        detected_cases=detected,
    )


def case_recall(
    cases: Sequence[Annotation], detections: Sequence[Annotation], *, min_share: float = 0.5
) -> float:
    """Share of cases whose characters are covered by detections to at least ``min_share``.

    ``min_share=0`` counts a case as found when any detection overlaps it at all. Returns 1.0
    for an empty case list.
    """
    index = _by_doc(detections)
    kept = [c for c in cases if c.length > 0]
    if not kept:
        return 1.0
    found = 0
    for case in kept:
        share = _covered_share(case, index.get(case.doc, []))
        found += share > 0 if min_share <= 0 else share >= min_share
    return found / len(kept)


@dataclass(frozen=True, slots=True)
class BCubed:
    """B-cubed precision, recall and their harmonic mean."""

    precision: float
    recall: float
    f1: float


def _groups(labels: Mapping[Hashable, Hashable]) -> dict[Hashable, set[Hashable]]:
    """Map every item to the set of items sharing its label."""
    members: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item, label in labels.items():
        members[label].add(item)
    return {item: members[label] for item, label in labels.items()}


def _fill(
    gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]
) -> dict[Hashable, Hashable]:
    """Restrict ``predicted`` to gold items; an item it lacks becomes its own cluster."""
    return {item: predicted.get(item, ("__singleton__", item)) for item in gold}


def bcubed(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> BCubed:
    """B-cubed scores of ``predicted`` (item -> cluster) against ``gold`` (item -> class).

    For each item e, precision is ``|C(e) ∩ L(e)| / |C(e)|`` and recall
    ``|C(e) ∩ L(e)| / |L(e)|``, where C(e) is e's predicted cluster and L(e) its gold class;
    both are averaged over items (Bagga & Baldwin 1998) and F1 is their harmonic mean
    (Amigó et al. 2009). Items missing from ``predicted`` count as singletons; items not in
    ``gold`` are ignored.
    """
    if not gold:
        return BCubed(1.0, 1.0, 1.0)
    pred = _fill(gold, predicted)
    gold_groups, pred_groups = _groups(gold), _groups(pred)
    precision = recall = 0.0
    for item in gold:
        shared = len(gold_groups[item] & pred_groups[item])
        precision += shared / len(pred_groups[item])
        recall += shared / len(gold_groups[item])
    precision, recall = precision / len(gold), recall / len(gold)
    return BCubed(precision, recall, 2 * precision * recall / (precision + recall))


def _pairs(counts: np.ndarray) -> float:
    """Sum of n-choose-2 over an array of counts."""
    return float((counts * (counts - 1) / 2).sum())


def adjusted_rand_index(
    gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]
) -> float:
    """Adjusted Rand index of ``predicted`` against ``gold`` over the gold items.

    ``ARI = (sum_ij C(n_ij,2) - E) / (((sum_i C(a_i,2) + sum_j C(b_j,2)) / 2) - E)`` with
    ``E = sum_i C(a_i,2) * sum_j C(b_j,2) / C(n,2)``, from the contingency table n_ij
    (Hubert & Arabie 1985). 1 for identical partitions, about 0 for random ones. When both
    partitions are trivial in the same way (all singletons or one cluster) it returns 1.
    """
    pred = _fill(gold, predicted)
    items = list(gold)
    gold_ids = {label: i for i, label in enumerate(dict.fromkeys(gold[x] for x in items))}
    pred_ids = {label: i for i, label in enumerate(dict.fromkeys(pred[x] for x in items))}
    table = np.zeros((len(gold_ids), len(pred_ids)), dtype=np.int64)
    for item in items:
        table[gold_ids[gold[item]], pred_ids[pred[item]]] += 1
    index = _pairs(table)
    rows, cols = _pairs(table.sum(axis=1)), _pairs(table.sum(axis=0))
    total = len(items) * (len(items) - 1) / 2
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def partition(groups: Iterable[Iterable[Hashable]]) -> frozenset[frozenset[Hashable]]:
    """Canonical form of a clustering given as groups, ignoring singletons and order."""
    return frozenset(frozenset(g) for g in map(frozenset, groups) if len(g) > 1)


def groups_of(labels: Mapping[Hashable, Hashable]) -> frozenset[frozenset[Hashable]]:
    """Canonical non-singleton groups of an item -> cluster mapping (see :func:`partition`)."""
    members: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item, label in labels.items():
        members[label].add(item)
    return partition(members.values())
