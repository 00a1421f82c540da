"""Check one article against the index: candidates, the scan's filters, verification, dating.

Every step is a stage function of the batch scan applied to a small local corpus (the article
and its candidates, numbered in id order as a scan numbers them): the candidate query
(:func:`unspin.index.postings.query`), the time and topic filters of story-only candidates
(:mod:`unspin.candidates.filters`), verification (:func:`unspin.verify.verify`) and pair
finalisation (:func:`unspin.group.finalise.finalise_pair`). So a pair found here has the
same :class:`~unspin.models.Comparison`, original and reason as in a scan.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from unspin.candidates.filters import near_in_time, near_in_topic, story_documents
from unspin.candidates.policy import Candidate
from unspin.group.finalise import finalise_pair
from unspin.index.postings import MAX_VARS, DocFeatures, query
from unspin.index.rows import unpack_text
from unspin.models import Comparison, DocInfo, Document, PairResult
from unspin.story.vectors import topic_vectors
from unspin.verify import verify


@dataclass(frozen=True, slots=True)
class Verdict:
    """A computed verdict between the checked article and indexed article ``num``."""

    num: int
    aligned: bool
    comparison: Comparison | None
    """None when a filter proved the pair unrelated without comparing."""


@dataclass(frozen=True, slots=True)
class Checked:
    """What one check found: the related pairs, and every verdict (for the cache)."""

    pairs: list[PairResult]
    verdicts: list[Verdict]


def load_docs(conn: sqlite3.Connection, nums: Sequence[int]) -> dict[int, tuple[DocInfo, str]]:
    """``num -> (DocInfo, text)`` of indexed articles."""
    found: dict[int, tuple[DocInfo, str]] = {}
    for k in range(0, len(nums), MAX_VARS):
        part = list(nums[k : k + MAX_VARS])
        marks = ",".join("?" * len(part))
        rows = conn.execute(
            "SELECT d.num, d.id, d.published, t.body FROM docs d JOIN texts t USING (num) "
            f"WHERE d.num IN ({marks})",
            part,
        )
        found.update((num, (DocInfo(i, p), unpack_text(body))) for num, i, p, body in rows)
    return found


def check_one(
    conn: sqlite3.Connection,
    doc: Document,
    digest: bytes,
    features: DocFeatures,
    exclude: int | None = None,
) -> Checked:
    """Pairs of ``doc`` with the indexed articles, as a scan of ``index + doc`` reports them."""
    found = query(conn, digest, features, exclude)
    loaded = load_docs(conn, [n for n, _ in found])
    found = [(n, aligned) for n, aligned in found if n in loaded]
    if not found:
        return Checked([], [])
    # local corpus in id order, as a scan numbers it: position 0..len(found)
    members: list[tuple[DocInfo, str, int | None]] = [
        (DocInfo(doc.id, doc.published), doc.text, None),
        *((loaded[n][0], loaded[n][1], n) for n, _ in found),
    ]
    members.sort(key=lambda m: m[0].id)
    where = {m[2]: k for k, m in enumerate(members)}
    me = where[None]
    flags = dict(found)
    candidates: list[Candidate] = sorted(
        (min(me, where[n]), max(me, where[n]), aligned) for n, aligned in found
    )
    kept = _filtered(candidates, members)
    texts = {k: m[1] for k, m in enumerate(members)}
    ids = {k: m[0].id for k, m in enumerate(members)}
    comps = dict(zip(kept, verify((ids, texts, kept)), strict=True)) if kept else {}
    pairs: list[PairResult] = []
    verdicts: list[Verdict] = []
    for cand in candidates:
        i, j, aligned = cand
        num = members[j if i == me else i][2]
        assert num is not None and flags[num] == aligned
        comp = comps.get(cand)
        verdicts.append(Verdict(num, aligned, comp))
        if comp is None or comp.relation == "unrelated":
            continue
        pair = finalise_pair(members[i][0], members[j][0], comp)
        if pair.relation != "unrelated":
            pairs.append(pair)
    return Checked(pairs, verdicts)


def _filtered(
    candidates: list[Candidate], members: Sequence[tuple[DocInfo, str, int | None]]
) -> list[Candidate]:
    """The scan's time and topic filters of story-only candidates (exact for the verdict)."""
    kept = near_in_time(candidates, [m[0].published_at for m in members])
    needed = story_documents(kept)
    if needed:
        kept = near_in_topic(kept, needed, topic_vectors([members[k][1] for k in needed]))
    return kept
