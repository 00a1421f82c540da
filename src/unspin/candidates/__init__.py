"""Candidate search: which pairs of a corpus are worth verifying.

Each document is sketched once (:mod:`unspin.candidates.sketch`: sampled word n-gram hashes
for copies, rare-word features for same-story coverage, a digest for exact duplicates);
:mod:`unspin.candidates.prepare` runs it in batches, :mod:`unspin.candidates.postings` counts
shared features with one sort, and :mod:`unspin.candidates.policy` decides which pairs are
verified, at a bounded cost per document.
"""

from unspin.candidates.policy import Candidate, find_candidates
from unspin.candidates.postings import shared_feature_counts, shared_feature_pairs
from unspin.candidates.prepare import Prepared, prepare_batch

__all__ = [
    "Candidate",
    "Prepared",
    "find_candidates",
    "prepare_batch",
    "shared_feature_counts",
    "shared_feature_pairs",
]
