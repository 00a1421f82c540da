"""Publication time as same-story evidence: coverage of one event is close in time.

Two reports of the same *kind* of event (two earthquakes, two celebrity rehab stays) share
topic words and often names, but not their dates: news about one event comes out within days
of it. Topic Detection and Tracking found the same: weighting similarity down with the time
between two stories separates events that text alone confuses (Yang, Pierce & Carbonell,
1998, "A study on retrospective and on-line event detection", SIGIR; Allan, Papka &
Lavrenko, 1998, "On-line new event detection and tracking", SIGIR, both use a time window
or a decay).

A scan that knows both documents' ``published`` times multiplies the same-story evidence of
their pair by :func:`time_factor`: 1 up to ``SAME_EVENT_DAYS`` apart, then halving every
``HALF_LIFE_DAYS``. Reuse is not weighed down: a copy published a year later still copies
its original, so whole copies keep binding their family into one story. Without both times
the text alone decides, as in :func:`unspin.compare`. Same-story candidates more than about 40
days apart cannot reach the threshold whatever their texts say, so a scan does not verify them
(:func:`too_far_for_one_story`).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from unspin.config import CONFIG
from unspin.models import Comparison
from unspin.verify.classify import STORY_THRESHOLD

SAME_EVENT_DAYS = CONFIG.story.same_event_days
"""Reports up to this many days apart weigh fully: first reports, follow-ups, weekly pages."""
HALF_LIFE_DAYS = CONFIG.story.half_life_days
"""Beyond that, the same-story evidence halves every two weeks (a month apart: 0.32, three
months: 0.01). On ECB+ with synthetic times (``bench/quality.py``, ``ecbplus-dated``), a
one-week half-life split stories whose coverage spreads over a month (B-cubed F1 0.86, below
the 0.91 without times); two weeks keeps them (0.93) and still separates events ten or more
days apart."""


def days_apart(a: datetime | None, b: datetime | None) -> float | None:
    """Days between two publication times, or None when either is unknown."""
    if a is None or b is None:
        return None
    return abs((a - b).total_seconds()) / 86_400.0


def time_factor(days: float | None) -> float:
    """Weight of same-story evidence between reports ``days`` apart (1 when unknown)."""
    if days is None or days <= SAME_EVENT_DAYS:
        return 1.0
    return float(0.5 ** ((days - SAME_EVENT_DAYS) / HALF_LIFE_DAYS))


def too_far_for_one_story(days: float | None) -> bool:
    """True when reports ``days`` apart cannot be ``same_story`` whatever their texts say.

    The ``story`` score is at most 1, so below a time factor of ``STORY_THRESHOLD`` (about
    40 days apart) the dated score cannot reach the threshold: a scan need not verify such
    a same-story candidate at all.
    """
    return days is not None and time_factor(days) < STORY_THRESHOLD


def dated(comp: Comparison, days: float | None) -> Comparison:
    """``comp`` with the publication gap taken into account.

    Adds ``days_apart`` and ``dated_story`` (the ``story`` score times :func:`time_factor`)
    to the scores when both times are known. A ``same_story`` verdict whose dated score falls
    below the same-story threshold becomes ``unrelated``: the texts tell the same kind of
    event, but not the same one. Copy verdicts keep their relation.
    """
    if days is None:
        return comp
    story = comp.scores.get("story", 0.0) * time_factor(days)
    scores = {**comp.scores, "days_apart": days, "dated_story": story}
    relation = comp.relation
    if relation == "same_story" and story < STORY_THRESHOLD:
        relation = "unrelated"
    return dataclasses.replace(comp, relation=relation, scores=scores)


def story_evidence(comp: Comparison) -> float:
    """Same-story evidence of a verified pair: the dated score when there is one."""
    return float(comp.scores.get("dated_story", comp.scores.get("story", 0.0)))
