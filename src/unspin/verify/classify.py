"""Turn the measured scores of a pair into one relation label.

The rules read like an editor's checklist, strongest reuse first:

1. identical after whitespace normalisation: ``duplicate``;
2. reused passages cover (nearly) all of the shorter text: ``near_duplicate`` when almost every
   word is identical, ``spun`` when the differences are mostly synonym swaps in the original
   order, ``paraphrase`` when the wording changed more freely;
3. reused passages cover only part of the shorter text: ``partial``;
4. no reuse, but the texts share the rare words, names and numbers of one event: ``same_story``;
5. otherwise ``unrelated``.
"""

from __future__ import annotations

from collections.abc import Mapping

from unspin.config import CONFIG
from unspin.models import Relation

FULL_COVERAGE = CONFIG.classify.full_coverage
"""Share of the shorter text inside reused passages above which the whole text was copied."""
NEAR_DUPLICATE_DENSITY = CONFIG.classify.near_duplicate_density
"""Share of identical words in the reused passages above which edits are "small"."""
SPUN_SWAP_SHARE = CONFIG.classify.spun_swap_share
"""Share of substitutions that are thesaurus synonyms above which a copy counts as spun."""
MIN_LIGHT_SPIN_SWAPS = CONFIG.classify.min_light_spin_swaps
"""A near-verbatim copy with fewer synonym swaps than this is a near duplicate, not spun."""
LIGHT_SPIN_RATE = CONFIG.classify.light_spin_rate
"""... nor with synonym swaps on fewer than this share of the shorter text's words."""
LIGHT_SPIN_SWAP_SHARE = CONFIG.classify.light_spin_swap_share
"""... nor when fewer than half of its edits are synonym swaps (ordinary editing)."""
SPUN_MIN_RATE = CONFIG.classify.spun_min_rate
"""A spun copy swaps synonyms on at least this share of the shorter text's words: a spinner
swaps throughout, an editor's revision here and there."""
REVISION_VERBATIM_SHARE = CONFIG.classify.revision_verbatim_share
"""Share of the reused words inside near-verbatim passages from which a whole copy with
sparse swaps is a revision (``partial``), not a ``paraphrase``."""
SUMMARY_COVERAGE = CONFIG.classify.summary_coverage
"""A copy covering less than this share of the longer text's coverage on the other side
condenses it (a summary): ``partial``, never ``spun`` or ``paraphrase``."""
STORY_THRESHOLD = CONFIG.classify.story_threshold
"""``story`` score (see :mod:`unspin.story.profile`) above which two texts cover one event."""


def classify(scores: Mapping[str, float], *, identical: bool) -> Relation:
    """Relation label for a pair from its ``scores`` (names as in :func:`unspin.compare`)."""
    if identical:
        return "duplicate"
    if scores["reused_words"] > 0:
        if scores["coverage_short"] >= FULL_COVERAGE:
            return _whole_copy(scores)
        return "partial"
    if scores["story"] >= STORY_THRESHOLD:
        return "same_story"
    return "unrelated"


def _whole_copy(scores: Mapping[str, float]) -> Relation:
    coverage = scores["coverage_short"]
    covered = (scores.get("coverage_a", coverage), scores.get("coverage_b", coverage))
    if max(covered) * SUMMARY_COVERAGE > min(covered):
        # most of one text, a short passage of the other: one contains or condenses the
        # other (an item lifted into a roundup, a summary), never a near duplicate or a spin
        return "partial"
    swaps = scores["substitutions"] * scores["swap_share"]
    short = min(scores["words_a"], scores["words_b"])
    if scores["density"] >= NEAR_DUPLICATE_DENSITY:
        # a light spin swaps few words, but nearly all of its edits are thesaurus synonyms
        if swaps >= max(MIN_LIGHT_SPIN_SWAPS, LIGHT_SPIN_RATE * short):
            return "spun" if scores["swap_share"] >= LIGHT_SPIN_SWAP_SHARE else "near_duplicate"
        return "near_duplicate"
    dense_swaps = swaps >= SPUN_MIN_RATE * short
    if scores["swap_share"] >= SPUN_SWAP_SHARE and scores["order"] >= 0.9 and dense_swaps:
        return "spun"
    if scores.get("verbatim_share", 0.0) >= REVISION_VERBATIM_SHARE and not dense_swaps:
        # most of the text kept word for word, the rest added, cut or rewritten: an
        # editor's revision (write-thru, re-lede, trim), not a paraphrase or a spin
        return "partial"
    return "paraphrase"
