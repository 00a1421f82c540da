"""Texts kept on disk during a scan, read back by position.

A million news articles are about 3.7 GB of text, and a scan needs each text only twice:
once to sketch it, once to verify its candidate pairs. Holding them all in the scanning
process would take most of the memory budget, so :class:`TextStore` appends each text to a
temporary spill file as it is read and remembers where it lies. Verification batches carry a
:class:`StoredTexts` (the file name and a few offsets, a few kilobytes) instead of the texts,
and the worker process reads its texts back by offset.
"""

from __future__ import annotations

import os
import tempfile
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

import numpy as np
from numpy.typing import NDArray

from unspin.errors import SpillError

_ENCODING = "utf-8"
_ERRORS = "surrogatepass"  # JSON may hold lone surrogates ("\ud800"): keep them, byte for byte


def spill_failed(exc: OSError) -> SpillError:
    """The error to raise when a temporary spill file cannot be created or written."""
    where = exc.filename or tempfile.gettempdir()
    return SpillError(
        f"cannot write a temporary file of the scan in {where}: {exc.strerror or exc}. "
        "A scan needs free space of about the size of its input texts there; "
        "set TMPDIR to another folder."
    )


@dataclass(frozen=True, slots=True)
class StoredTexts:
    """Where some texts of a :class:`TextStore` lie: small to send to another process."""

    path: str
    spans: dict[int, tuple[int, int]]
    """Byte start and length in the file, by document index."""

    def load(self) -> dict[int, str]:
        """The texts, by document index."""
        texts = {}
        with open(self.path, "rb") as fh:
            for k, (start, size) in self.spans.items():
                fh.seek(start)
                texts[k] = fh.read(size).decode(_ENCODING, _ERRORS)
        return texts


class TextStore:
    """An append-only spill file of texts, indexed by the order they were added.

    Use as a context manager: the file is removed on exit. ``directory`` defaults to the
    system's temporary directory (``TMPDIR``).
    """

    def __init__(self, directory: str | None = None) -> None:
        try:
            handle, self.path = tempfile.mkstemp(prefix="unspin-texts-", dir=directory)
        except OSError as exc:
            raise spill_failed(exc) from exc
        self._file = os.fdopen(handle, "wb")
        self._starts = array("q")  # 8 bytes a text, not a Python int object each
        self._sizes = array("q")
        self._end = 0
        self._order: NDArray[np.int64] | None = None

    def __enter__(self) -> TextStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self._starts)

    def add(self, texts: Iterable[str]) -> None:
        """Append ``texts``; they get the next positions."""
        # one write per batch, sizes and offsets through C-level map and accumulate
        data = [text.encode(_ENCODING, _ERRORS) for text in texts]
        if not data:
            return
        sizes = list(map(len, data))
        try:
            self._file.write(b"".join(data))
        except OSError as exc:
            raise spill_failed(exc) from exc
        self._starts.extend(accumulate(sizes[:-1], initial=self._end))
        self._sizes.extend(sizes)
        self._end += sum(sizes)

    def reorder(self, order: Sequence[int]) -> None:
        """Renumber: position ``k`` now holds the text that was added ``order[k]``-th."""
        self._order = np.asarray(order, dtype=np.int64)

    def subset(self, positions: Iterable[int]) -> StoredTexts:
        """The location of the texts at ``positions``, to be loaded elsewhere."""
        try:
            self._file.flush()
        except OSError as exc:
            raise spill_failed(exc) from exc
        spans = {}
        for k in positions:
            added = int(self._order[k]) if self._order is not None else k
            spans[k] = (self._starts[added], self._sizes[added])
        return StoredTexts(self.path, spans)

    def texts(self, positions: Iterable[int]) -> dict[int, str]:
        """The texts at ``positions``."""
        return self.subset(positions).load()

    def close(self) -> None:
        """Remove the spill file."""
        if not self._file.closed:
            self._file.close()
        if os.path.exists(self.path):
            os.unlink(self.path)
