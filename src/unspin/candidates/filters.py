"""Filters between candidate search and verification: story-only candidates that cannot be
one story are dropped before they cost a full comparison.

Both filters are exact for the verdict: a dropped pair could only have been ``unrelated``.
Plain functions over candidate lists, shared by the local scan, the index and Spark; the
caller computes the topic vectors (:func:`unspin.story.vectors.topic_vectors`) wherever its
texts are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np

from unspin.candidates.policy import Candidate
from unspin.story.time import days_apart, too_far_for_one_story
from unspin.story.vectors import MIN_TOPIC_COSINE, TopicVector, pair_cosines


def near_in_time(
    candidates: list[Candidate], published: Sequence[datetime | None]
) -> list[Candidate]:
    """Candidates without the story-only pairs published too far apart to be one story.

    ``published[k]`` is document ``k``'s publication time (None: unknown). Exact: such a
    pair's verdict could only be ``unrelated`` (:func:`too_far_for_one_story`), so a dated
    archive spanning years does not verify every pair of its look-alike events.
    """
    return [
        (i, j, aligned)
        for i, j, aligned in candidates
        if aligned or not too_far_for_one_story(days_apart(published[i], published[j]))
    ]


def story_documents(candidates: Sequence[Candidate]) -> list[int]:
    """Documents of story-only candidates, ascending: those whose topic vectors are needed."""
    return sorted({doc for i, j, aligned in candidates if not aligned for doc in (i, j)})


def near_in_topic(
    candidates: list[Candidate], needed: Sequence[int], vectors: Sequence[TopicVector]
) -> list[Candidate]:
    """Candidates without the story-only pairs whose topic vectors are too far apart.

    ``vectors[n]`` is the topic vector of document ``needed[n]`` (:func:`story_documents`).
    """
    story = [k for k, (_, _, aligned) in enumerate(candidates) if not aligned]
    if not story:
        return candidates
    local = {doc: n for n, doc in enumerate(needed)}
    pairs = np.array([[local[candidates[k][0]], local[candidates[k][1]]] for k in story])
    far = {story[n] for n in np.flatnonzero(pair_cosines(vectors, pairs) < MIN_TOPIC_COSINE)}
    return [c for k, c in enumerate(candidates) if k not in far]
