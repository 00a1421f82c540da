"""Thresholds for what real newswire shares without copying: quotations and new editions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NewswireConfig:
    """Shared quotations (:mod:`unspin.verify.compare`, :mod:`unspin.text.quotes`) and new
    editions of recurring reports (:mod:`unspin.group.finalise`), issue 17.
    """

    quote_share: float = 0.7
    """A reused passage with at least this share of its words inside quotation marks on
    either side is a quotation: the speaker's words, which independent reports share. A pair
    whose only reused passages are quotations is not a copy (``QUOTE_SHARE`` in
    :mod:`unspin.verify.compare`)."""

    edition_min_days: float = 2.0
    """Texts published at least this many days apart may be editions of a recurring report
    (daily weather, weekly fund figures, grain sales, roll calls); a same-day or next-day
    version with new figures is a revision of one story, which copies (``EDITION_MIN_DAYS``
    in :mod:`unspin.group.finalise`)."""

    edition_min_figures: int = 3
    """... when the reused text holds at least this many distinct figures on each side ..."""

    edition_max_kept: float = 0.75
    """... and fewer than this share of them (of the side with fewer) are the same on both:
    a copy published days later keeps the figures of what it reuses; a new edition of a form
    reports new ones. On the 180 judged AP89 pairs (2026-12-07) the copies published two or
    more days apart keep 0.88-1.00 of their figures, the re-filled forms 0.00-0.57."""

    stock_max_words: int = 120
    """A partial copy reusing at most this many words between reports published more than a
    week apart (``same_event_days`` of the story section) is a stock passage: the background
    sentence or explainer a wire or a site attaches to its stories for weeks and months (the
    AIDS explainer, a running toll, a company's description). The same
    length as one short passage of the chance rule (``chance_max_words``) (``STOCK_MAX_WORDS``
    in :mod:`unspin.group.finalise`)."""
