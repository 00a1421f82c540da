"""Finalise a verified pair: weigh in the publication gap, then name the original of a copy.

A plain function over one pair, shared by every executor: the local scan, the persistent
index (one new article against its candidates) and Spark (one partition of verdicts).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from unspin.config import CONFIG
from unspin.models import Comparison, DocInfo, PairResult
from unspin.story.time import SAME_EVENT_DAYS, dated, days_apart
from unspin.verify.classify import STORY_THRESHOLD

EDITION_MIN_DAYS = CONFIG.newswire.edition_min_days
"""Publication gap from which a copy whose figures changed is a new edition of a form."""
EDITION_MIN_FIGURES = CONFIG.newswire.edition_min_figures
"""Fewest distinct figures in the reused text (each side) for the edition test."""
EDITION_MAX_KEPT = CONFIG.newswire.edition_max_kept
"""A copy keeps at least this share of the figures of what it reuses."""
LIST_SHARE = CONFIG.paraphrase.fact_max_share
"""Shared facts making up at least this share of the shorter text's words: a list or table
(as the fact-order check of :mod:`unspin.verify.factorder` tells them)."""
LIST_ORDER = CONFIG.paraphrase.fact_min_order
"""A rewrite keeps at least this share of the shared facts in order; a re-ranked list does not."""
STOCK_MAX_WORDS = CONFIG.newswire.stock_max_words
"""Reused words up to which a partial copy between reports too far apart is a stock passage."""


def finalise_pair(da: DocInfo, db: DocInfo, comp: Comparison) -> PairResult:
    """The pair's result with its publication gap weighed in and its copy directed.

    Dating may turn a same-story verdict into ``unrelated`` (reports weeks apart,
    :func:`unspin.story.time.dated`); callers drop those.
    """
    ta, tb = da.published_at, db.published_at  # parsed once for both uses
    comp = new_edition(dated(comp, days_apart(ta, tb)))
    source, reason = direct(da, db, ta, tb, comp)
    return PairResult(a=da.id, b=db.id, comparison=comp, source=source, source_reason=reason)


def new_edition(comp: Comparison) -> Comparison:
    """``comp``, or ``same_story``/``unrelated`` when its shared text is recurring, not copied.

    Needs both publication times (``days_apart``, from :func:`dated`); issue 17. Three cases:

    * **a new edition of a form with other figures.** Newswire re-files its forms with new
      facts (the daily weather, the weekly money-fund figures, a grain sale, a roll call).
      Two editions align nearly word for word, but what they report differs: the figures. A
      copy published days after what it copies keeps that text's figures; an edition
      published days later replaces most of them, while a same-day or next-day version that
      updates a few figures is a revision, still a copy;
    * **a list re-ranked**: a chart or table (shared facts a quarter of the words or more)
      published days later with its names in another order;
    * **a stock passage**: one short passage (``STOCK_MAX_WORDS``) shared by reports published
      more than a week apart, past the week in which reports of one event follow each other
      (``SAME_EVENT_DAYS`` of :mod:`unspin.story.time`): the explainer, background sentence
      or standard description a wire or a site attaches to its stories for weeks and months.
      On the 360 AP89 pairs read blind (rounds 2 and 3, 2026-12-07), 13 of the 15 such
      partial verdicts were stock text, not copies.

    The shared text is kept as ``boilerplate`` spans; the relation falls back on the dated
    story evidence, as for any pair without reuse.
    """
    reason = _recurring(comp)
    if reason is None:
        return comp
    scores = comp.scores
    story = scores.get("dated_story", scores.get("story", 0.0))
    spans = tuple(
        s
        if s.kind in ("boilerplate", "quotation")
        else dataclasses.replace(s, kind="boilerplate", substitutions=())
        for s in comp.spans
    )
    return dataclasses.replace(
        comp,
        relation="same_story" if story >= STORY_THRESHOLD else "unrelated",
        source=None,
        source_reason=f"not a copy: {reason}",
        spans=spans,
        coverage_a=0.0,
        coverage_b=0.0,
        scores={**scores, "recurring_text": 1.0},
    )


def _recurring(comp: Comparison) -> str | None:
    """Why the copy's shared text recurs rather than was copied, or None (see
    :func:`new_edition`)."""
    scores = comp.scores
    days = scores.get("days_apart")
    if comp.relation not in ("near_duplicate", "spun", "paraphrase", "partial") or days is None:
        return None
    if days < EDITION_MIN_DAYS:
        return None
    if (
        scores.get("figures", 0.0) >= EDITION_MIN_FIGURES
        and scores.get("figures_kept", 1.0) < EDITION_MAX_KEPT
    ):
        return "a new edition of a recurring report (its figures changed)"
    shorter = min(scores.get("words_a", 0.0), scores.get("words_b", 0.0))
    if (
        comp.relation == "paraphrase"
        and scores.get("fact_shared", 0.0) >= LIST_SHARE * shorter > 0
        and scores.get("fact_order", 1.0) < LIST_ORDER
    ):
        return "a new edition of a list (its entries in another order)"
    if (
        comp.relation == "partial"
        and scores.get("reused_words", 0.0) <= STOCK_MAX_WORDS
        and days > SAME_EVENT_DAYS
    ):
        return "one short passage shared by reports more than a week apart (stock text)"
    return None


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
