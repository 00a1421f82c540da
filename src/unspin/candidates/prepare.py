"""Prepare stage of candidate search: each document reduced to an exact-text digest and its
sketch features (:mod:`unspin.candidates.sketch`), in batches, as plain arrays.

A pipeline stage (plain data in, plain data out): the local scan runs it in worker processes,
the index on each added batch, Spark in ``mapInArrow`` batches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from unspin.candidates.sketch import Packed, sketch_packed
from unspin.config import CONFIG
from unspin.text import canonical

DIGEST_BYTES = CONFIG.candidates.digest_bytes
"""Size of a document's exact-text digest (BLAKE2b of its canonical text)."""
PREPARE_BATCH = 512
"""Texts sketched together in one numpy pass."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """Documents reduced to what candidate search needs: exact-text digests and sketches.

    Features are packed per kind (:class:`~unspin.candidates.sketch.Packed`): a batch travels
    between processes as a few arrays, and batches concatenate cheaply (:meth:`concat`).
    """

    digests: tuple[bytes, ...]
    copy: Packed
    story: Packed
    chain: Packed

    def __len__(self) -> int:
        return len(self.digests)

    def take(self, order: Sequence[int]) -> Prepared:
        """The documents ``order[0], order[1], ...``, in that order."""
        index = np.asarray(order, dtype=np.int64)
        return Prepared(
            tuple(self.digests[k] for k in order),
            self.copy.take(index),
            self.story.take(index),
            self.chain.take(index),
        )

    @staticmethod
    def concat(parts: Sequence[Prepared]) -> Prepared:
        """The documents of several batches, in order."""
        return Prepared(
            tuple(d for p in parts for d in p.digests),
            Packed.concat([p.copy for p in parts]),
            Packed.concat([p.story for p in parts]),
            Packed.concat([p.chain for p in parts]),
        )


def prepare_batch(texts: Sequence[str]) -> Prepared:
    """Digest and sketch a batch of texts (a pipeline stage: plain data in, plain data out)."""
    digests = [
        hashlib.blake2b(_utf8(canonical(t)), digest_size=DIGEST_BYTES).digest() for t in texts
    ]
    return Prepared(tuple(digests), *sketch_packed(texts))


def _utf8(text: str) -> bytes:
    # lone surrogates (JSON allows "\ud800") are kept, not a reason to fail
    return text.encode("utf-8", "surrogatepass")
