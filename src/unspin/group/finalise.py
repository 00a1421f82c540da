"""Finalise a verified pair: weigh in the publication gap, then name the original of a copy.

A plain function over one pair, shared by every executor: the local scan, the persistent
index (one new article against its candidates) and Spark (one partition of verdicts).
"""

from __future__ import annotations

from datetime import datetime

from unspin.models import Comparison, DocInfo, PairResult
from unspin.story.time import dated, days_apart


def finalise_pair(da: DocInfo, db: DocInfo, comp: Comparison) -> PairResult:
    """The pair's result with its publication gap weighed in and its copy directed.

    Dating may turn a same-story verdict into ``unrelated`` (reports weeks apart,
    :func:`unspin.story.time.dated`); callers drop those.
    """
    ta, tb = da.published_at, db.published_at  # parsed once for both uses
    comp = dated(comp, days_apart(ta, tb))
    source, reason = direct(da, db, ta, tb, comp)
    return PairResult(a=da.id, b=db.id, comparison=comp, source=source, source_reason=reason)


def direct(
    da: DocInfo, db: DocInfo, ta: datetime | None, tb: datetime | None, comp: Comparison
) -> tuple[str | None, str]:
    """Original of a copy pair (publication times ``ta``, ``tb``) and the reason: the earlier
    publication first, then the textual evidence of :func:`unspin.compare`, else undecided."""
    if not comp.is_copy:
        return None, comp.source_reason
    if ta is not None and tb is not None and ta != tb:
        first, later = (da, db) if ta < tb else (db, da)
        return first.id, f"published earlier ({first.published} vs {later.published})"
    if ta is not None and ta == tb and _day_only(da.published) and _day_only(db.published):
        # two versions of one day's story (a write-thru, a re-lede): the text cannot tell
        # which came first, and a guess would be wrong about as often as right
        return None, f"published the same day ({da.published}) without times: order unknown"
    if comp.source is not None:
        return (da.id if comp.source == "a" else db.id), comp.source_reason
    return None, comp.source_reason


def _day_only(published: str | None) -> bool:
    """Whether a publication time gives the day only (``2024-03-05``, no time of day)."""
    return published is not None and len(published.strip()) <= 10
