"""Verification: decide what a candidate pair is, with the evidence.

:func:`unspin.compare` is the whole stage for one pair (:mod:`unspin.verify.compare`):
alignment of shared passages (:mod:`~unspin.verify.align`, :mod:`~unspin.verify.windows`,
guarded by :mod:`~unspin.verify.gate` and short-cut by :mod:`~unspin.verify.wholecopy`),
edges snapped to sentences (:mod:`~unspin.verify.snap`), passages judged as reuse or not
(:mod:`~unspin.verify.evidence`), a sentence-level rewrite check
(:mod:`~unspin.verify.paraphrase`), a label (:mod:`~unspin.verify.classify`) and a direction
(:mod:`~unspin.verify.direction`). :mod:`unspin.verify.batch` runs it over candidate batches.
"""

from unspin.verify.batch import VerifyBatch, locality_order, verify, verify_batches

__all__ = ["VerifyBatch", "locality_order", "verify", "verify_batches"]
