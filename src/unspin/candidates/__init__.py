"""Candidate search: which pairs of a corpus are worth verifying.

Each document is sketched once (:mod:`unspin.candidates.sketch`: sampled word n-gram hashes
for copies, rare-word features for same-story coverage, a digest for exact duplicates);
:mod:`unspin.candidates.postings` turns shared features into candidate pairs with a bounded
cost per document.
"""

from unspin.candidates.postings import (
    Candidate,
    Prepared,
    find_candidates,
    prepare_batch,
    shared_feature_counts,
    shared_feature_pairs,
)

__all__ = [
    "Candidate",
    "Prepared",
    "find_candidates",
    "prepare_batch",
    "shared_feature_counts",
    "shared_feature_pairs",
]
