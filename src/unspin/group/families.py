"""Group finalised pairs into stories and copy families, and name each family's original.

Stories are average-linkage clusters of same-story evidence (:mod:`unspin.group.cluster`);
copy families are connected components of copy pairs inside one story; the original of a
family is the member nothing says was copied, earliest published first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from unspin.config import CONFIG
from unspin.group.cluster import average_linkage, components
from unspin.models import DocInfo, PairResult, ScanResult, Skipped
from unspin.story.time import story_evidence

STORY_LINKAGE = CONFIG.story.story_linkage
"""Average-linkage cut for stories: the mean ``story`` score over all member pairs (missing
pairs count 0) must reach this for two groups to merge. Chosen on ECB+ development topics,
where B-cubed F1 is 0.904-0.915 for cuts between 0.09 and 0.125 and falls off outside."""


def assemble(
    docs: Sequence[DocInfo], pairs: Sequence[PairResult], skipped: tuple[Skipped, ...]
) -> ScanResult:
    """The scan result of ``docs`` (in id order) and their finalised ``pairs``."""
    ids = [d.id for d in docs]
    index = {doc_id: k for k, doc_id in enumerate(ids)}
    stories = _stories(ids, index, pairs)
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
    originals = {original_of(members[fam], fp, by_id) for fam, fp in fam_pairs.items()}
    originals.update(group[0] for group in members.values() if len(group) == 1)
    ordered = tuple(sorted(pairs, key=lambda p: (p.a, p.b)))
    return ScanResult(ordered, stories, families, frozenset(originals), skipped)


def _stories(
    ids: list[str], index: Mapping[str, int], pairs: Sequence[PairResult]
) -> dict[str, str]:
    """Story of every document: whole copies first contracted into one node each, then
    average linkage over the contracted graph (:func:`unspin.group.cluster.average_linkage`).

    A copy carries its original's story, so it must not count as a separate report: a
    story syndicated to a thousand sites is reported as a star (each copy linked to a
    representative), and average linkage over the star would dilute every link by the
    missing copy-to-copy ones and split the syndicated text into many stories. Between two
    contracted nodes the strongest member link stands for them (their members are copies of
    one text).
    """
    weights = [story_weight(p) for p in pairs]
    whole = [(index[p.a], index[p.b]) for p, w in zip(pairs, weights, strict=True) if w >= 1.0]
    node = components(ids, whole)  # id -> smallest id of its whole-copy group
    nodes = sorted(set(node.values()))
    at = {doc_id: k for k, doc_id in enumerate(nodes)}
    best: dict[tuple[int, int], float] = {}
    for p, w in zip(pairs, weights, strict=True):
        x, y = at[node[p.a]], at[node[p.b]]
        if x != y:
            key = (min(x, y), max(x, y))
            best[key] = max(best.get(key, 0.0), w)
    grouped = average_linkage(nodes, ((x, y, w) for (x, y), w in best.items()), STORY_LINKAGE)
    return {doc_id: grouped[node[doc_id]] for doc_id in ids}


def original_of(members: list[str], pairs: list[PairResult], docs: Mapping[str, DocInfo]) -> str:
    """Family original: never named a copy, then earliest date, most often a source, smallest id."""
    copies = {p.b if p.source == p.a else p.a for p in pairs if p.source is not None}
    roots = [m for m in members if m not in copies] or members
    sources = Counter(p.source for p in pairs if p.source is not None)  # linear in the family

    def key(doc_id: str) -> tuple[int, str, int, str]:
        when = docs[doc_id].published_at
        return (when is None, when.isoformat() if when else "", -sources[doc_id], doc_id)

    return min(roots, key=key)


def story_weight(p: PairResult) -> float:
    """Edge weight for story clustering: whole copies bind fully, others by same-story evidence
    (weighed by their publication gap, :mod:`unspin.story.time`)."""
    comp = p.comparison
    if comp.is_copy and comp.relation != "partial":
        return 1.0
    return story_evidence(comp)
