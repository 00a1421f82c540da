"""Publication time as same-story evidence (issue 4)."""

from __future__ import annotations

from datetime import datetime

import pytest

from unspin.models import Comparison
from unspin.story.time import (
    HALF_LIFE_DAYS,
    SAME_EVENT_DAYS,
    dated,
    days_apart,
    story_evidence,
    time_factor,
)
from unspin.verify.classify import STORY_THRESHOLD


def verdict(relation: str, story: float) -> Comparison:
    return Comparison(
        relation=relation,  # type: ignore[arg-type]
        source=None,
        source_reason="",
        spans=(),
        coverage_a=0.0,
        coverage_b=0.0,
        scores={"story": story},
    )


def test_days_apart_is_symmetric_and_unknown_without_both_times() -> None:
    a, b = datetime(2024, 10, 24, 12), datetime(2024, 10, 26)
    assert days_apart(a, b) == days_apart(b, a) == 1.5
    assert days_apart(a, None) is None
    assert days_apart(None, b) is None


def test_time_factor_is_one_within_the_window_then_halves_each_half_life() -> None:
    assert time_factor(None) == 1.0
    assert time_factor(0.0) == time_factor(SAME_EVENT_DAYS) == 1.0
    assert time_factor(SAME_EVENT_DAYS + HALF_LIFE_DAYS) == pytest.approx(0.5)
    assert time_factor(SAME_EVENT_DAYS + 3 * HALF_LIFE_DAYS) == pytest.approx(0.125)
    gaps = [0, 5, 10, 30, 90, 365, 3650]
    factors = [time_factor(d) for d in gaps]
    assert factors == sorted(factors, reverse=True)
    assert 0.0 <= factors[-1] < 1e-6


def test_same_kind_of_event_months_apart_is_unrelated() -> None:
    comp = verdict("same_story", 0.35)
    assert dated(comp, None) is comp
    close = dated(comp, 2.0)
    assert close.relation == "same_story"
    assert close.scores["dated_story"] == 0.35
    assert close.scores["days_apart"] == 2.0
    far = dated(comp, 120.0)
    assert far.relation == "unrelated"
    assert far.scores["dated_story"] < STORY_THRESHOLD
    assert far.scores["story"] == 0.35  # the text evidence itself is kept


def test_copies_keep_their_relation_whatever_the_gap() -> None:
    for relation in ("duplicate", "spun", "partial"):
        far = dated(verdict(relation, 0.5), 400.0)
        assert far.relation == relation
        assert story_evidence(far) < 0.01
    assert story_evidence(verdict("same_story", 0.3)) == 0.3
