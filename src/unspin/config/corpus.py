"""Thresholds of the corpus stages: stock sentences, candidate search, stories."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BoilerplateConfig:
    """Stock-paragraph detection (:mod:`unspin.text.boilerplate`)."""

    min_cues: int = 3
    """Fewest cue words in a boilerplate sentence (``MIN_CUES`` in
    :mod:`unspin.text.boilerplate`).
    """

    min_share: float = 0.2
    """Least share of cue words among a boilerplate sentence's words (``MIN_SHARE`` in
    :mod:`unspin.text.boilerplate`).
    """


@dataclass(frozen=True)
class StoryConfig:
    """Same-story evidence: topic vectors, story profiles, publication-time factor and story
    grouping (:mod:`unspin.story`, :mod:`unspin.group`).
    """

    same_event_days: float = 7.0
    """Reports up to this many days apart weigh fully: first reports, follow-ups, weekly pages
    (``SAME_EVENT_DAYS`` in :mod:`unspin.story.time`).
    """

    half_life_days: float = 14.0
    """Beyond that, the same-story evidence halves every two weeks (a month apart: 0.32, three
    months: 0.01). On ECB+ with synthetic times (``bench/quality.py``, ``ecbplus-dated``), a
    one-week half-life split stories whose coverage spreads over a month (B-cubed F1 0.86,
    below the 0.91 without times); two weeks keeps them (0.93) and still separates events ten
    or more days apart (``HALF_LIFE_DAYS`` in :mod:`unspin.story.time`).
    """

    topic_terms: int = 128
    """Heaviest content words kept per text (the full profile keeps up to 400) (``TOPIC_TERMS`` in
    :mod:`unspin.story.vectors`).
    """

    min_topic_cosine: float = 0.1
    """Story candidates whose topic vectors have a lower cosine are not verified
    (``MIN_TOPIC_COSINE`` in :mod:`unspin.story.vectors`).
    """

    max_zipf: float = 7.5
    """IDF stand-in: weight = MAX_ZIPF - zipf(word); "the" (7.7) weighs nothing, names a lot
    (``MAX_ZIPF`` in :mod:`unspin.story.profile`).
    """

    story_weights: tuple[float, ...] = (0.6, 0.3, 0.1)
    """Weights of the topic-word, name and number cosines in the ``story`` score
    (``STORY_WEIGHTS`` in :mod:`unspin.story.profile`).
    """

    max_topic_terms: int = 400
    """Most-weighted terms kept per text: long documents would otherwise dilute the cosine
    (``MAX_TOPIC_TERMS`` in :mod:`unspin.story.profile`).
    """

    story_linkage: float = 0.11
    """Average-linkage cut for stories: the mean ``story`` score over all member pairs (missing
    pairs count 0) must reach this for two groups to merge. Chosen on ECB+ development topics,
    where B-cubed F1 is 0.904-0.915 for cuts between 0.09 and 0.125 and falls off outside
    (``STORY_LINKAGE`` in :mod:`unspin.group.families`).
    """


@dataclass(frozen=True)
class CandidateConfig:
    """Candidate search: sketches, posting limits and the story-neighbour policy
    (:mod:`unspin.candidates`).
    """

    copy_max_df: int = 50
    """Copy fingerprints shared by more documents than this are stock phrases or boilerplate
    (``COPY_MAX_DF`` in :mod:`unspin.candidates.policy`).
    """

    copy_min_shared: int = 2
    """Fewest shared copy fingerprints for a copy candidate (a verbatim 60-word passage has ~7)
    (``COPY_MIN_SHARED`` in :mod:`unspin.candidates.policy`).
    """

    copy_min_evidence: int = 5
    """... or fewest shared fingerprints and chains together. On the 100k benchmark corpus this
    finds 96 % of planted partial copies instead of 87 %, for about 30 more chance candidates
    (``COPY_MIN_EVIDENCE`` in :mod:`unspin.candidates.policy`).
    """

    copy_neighbours: int = 5
    """Copy candidates kept per document: its strongest (``COPY_NEIGHBOURS`` in
    :mod:`unspin.candidates.policy`; real newswire, 2026-12-04: AP89 has a document with 165
    copy candidates, p90 20, most of them versions of one running story).
    """

    representatives: int = 2
    """Members of a too-long fingerprint list paired with all the others
    (``REPRESENTATIVES`` in :mod:`unspin.candidates.policy`).
    """

    long_min_shared: int = 8
    """Fewest shared too-long fingerprints for a candidate with a representative
    (``LONG_MIN_SHARED`` in :mod:`unspin.candidates.policy`).
    """

    long_min_share: float = 0.3
    """... and at least this share of the smaller document's fingerprints: a syndicated copy
    shares most of them, a page of the same site only its furniture (``LONG_MIN_SHARE`` in
    :mod:`unspin.candidates.policy`).
    """

    story_max_df: int = 40
    """Story terms shared by more documents than this are too common to mark one event
    (``STORY_MAX_DF`` in :mod:`unspin.candidates.policy`).
    """

    story_min_shared: int = 2
    """Fewest shared rare terms for a same-story candidate (``STORY_MIN_SHARED`` in
    :mod:`unspin.candidates.postings`).
    """

    story_neighbours: int = 10
    """Same-story candidates kept per document: its best-sharing neighbours (``STORY_NEIGHBOURS``
    in :mod:`unspin.candidates.policy`).
    """

    digest_bytes: int = 16
    """Size of a document's exact-text digest (BLAKE2b of its canonical text) (``DIGEST_BYTES`` in
    :mod:`unspin.candidates.postings`).
    """

    sample: int = 4
    """One content-word pair in ``SAMPLE`` (by hash value) is kept as a fingerprint (``SAMPLE`` in
    :mod:`unspin.candidates.sketch`).
    """

    story_terms: int = 40
    """Rarest content words kept per document for same-story candidate search (``STORY_TERMS`` in
    :mod:`unspin.candidates.sketch`). 40 rather than 24 since issue 23: a language model's
    rewrite replaces the rarest words of its source by common ones and keeps the names, so
    the two share few of their 24 rarest words; in a scan of the ``llm-rewrite-dev`` originals
    and rewrites 24 terms reach 90.8 % of the rewrites, 40 reach 96.6 % (ECB+ B-cubed F1
    0.907 -> 0.909, ARI 0.869 -> 0.862, 2026-12-06).
    """

    story_max_zipf: float = 4.5
    """Only words rarer than this (Zipf scale) can be story terms: "government" is not, "Kursk" is
    (``STORY_MAX_ZIPF`` in :mod:`unspin.candidates.sketch`).
    """
