"""Same-story evidence: is this independent coverage of one event?

Three views of one question: cheap topic vectors that drop unrelated story candidates before
verification (:mod:`unspin.story.vectors`), the weighted topic, name and number profile whose
cosines give the ``story`` score (:mod:`unspin.story.profile`), and the publication-time factor
that keeps reports weeks apart out of one story (:mod:`unspin.story.time`).
"""

from unspin.story.profile import Profile, topic_scores
from unspin.story.time import days_apart, story_evidence, time_factor, too_far_for_one_story
from unspin.story.vectors import TopicVector, pair_cosines, topic_vectors

__all__ = [
    "Profile",
    "TopicVector",
    "days_apart",
    "pair_cosines",
    "story_evidence",
    "time_factor",
    "too_far_for_one_story",
    "topic_scores",
    "topic_vectors",
]
