"""Persistent index: add articles as they arrive and check each new one against the archive.

:class:`Index` keeps articles, their candidate-search postings and the verdicts already
computed in one SQLite file (:mod:`unspin.index.schema`). :meth:`Index.check` answers with the
same evidence as :func:`unspin.scan` (:mod:`unspin.index.check`); :meth:`Index.groups` gives
the stories and copy families of everything indexed, equal to a scan of the same articles
(:mod:`unspin.index.groups`).
"""

from unspin.index.store import AddResult, Index, IndexStats

__all__ = ["AddResult", "Index", "IndexStats"]
