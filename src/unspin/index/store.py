"""The persistent index: add articles as they arrive, check new ones against everything seen.

:class:`Index` is an SQLite file (:mod:`unspin.index.schema`) with one writer and any number
of readers (each with its own :class:`Index`, in its own thread or process). Every call that
writes is one transaction: when :meth:`Index.add` returns, its articles are durable, and a
crash before that leaves none of them. Readers see the index as of the last commit.

Examples
--------
>>> import tempfile, pathlib
>>> from unspin.index import Index
>>> path = pathlib.Path(tempfile.mkdtemp()) / "news.sqlite"
>>> text = "The harbour warehouse fire destroyed three boats and injured two firefighters."
>>> with Index(path) as index:
...     index.add([{"id": "wire", "text": text}]).added
...     [p.relation for p in index.check({"id": "blog", "text": text})]
('wire',)
['duplicate']
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.candidates.prepare import PREPARE_BATCH, prepare_batch
from unspin.errors import StoreError
from unspin.index import postings
from unspin.index.check import Checked, check_one
from unspin.index.rows import (
    content_hash,
    pack_metadata,
    pack_text,
    pack_verdict,
    sql_text,
    unpack_metadata,
    unpack_text,
)
from unspin.index.schema import SCHEMA_VERSION, connect, read_meta, store_error
from unspin.ingest.base import DEFAULT_MAX_CHARS
from unspin.ingest.records import iter_records
from unspin.models import Document, PairResult, ScanResult, Skipped

CHECK_ID = "<check>"
"""Id given to a bare text passed to :meth:`Index.check`."""

Record = Mapping[str, Any] | Document


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one :meth:`Index.add` did with each record."""

    added: tuple[str, ...] = ()
    """Ids indexed for the first time."""
    replaced: tuple[str, ...] = ()
    """Ids already indexed with another text or metadata, now replaced."""
    unchanged: tuple[str, ...] = ()
    """Ids already indexed with the same text and metadata: nothing was written."""
    skipped: tuple[Skipped, ...] = ()
    """Records that could not be analysed, with the reason (as in a scan)."""
    pairs: tuple[PairResult, ...] = ()
    """With ``check=True``: pairs of each new article with those indexed before it."""


@dataclass(frozen=True, slots=True)
class IndexStats:
    """Size and provenance of an index."""

    documents: int
    postings: Mapping[str, int]
    verdicts: int
    text_bytes: int
    file_bytes: int
    schema_version: int
    fingerprint: str
    extra: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "documents": self.documents,
            "postings": dict(self.postings),
            "verdicts": self.verdicts,
            "text_bytes": self.text_bytes,
            "file_bytes": self.file_bytes,
            "schema_version": self.schema_version,
            "fingerprint": self.fingerprint,
            **self.extra,
        }


class Index:
    """A persistent, embedded index of articles (SQLite, WAL, one writer, many readers).

    Parameters
    ----------
    path : str or Path
        The index file; SQLite keeps ``-wal`` and ``-shm`` files beside it while it is open.
    create : bool, default=True
        Create the file when it does not exist.
    readonly : bool, default=False
        Open for reading only (:meth:`add`, :meth:`remove` raise ``StoreError``).
    max_chars : int
        Longer texts are truncated, as :func:`unspin.scan` does.

    Raises
    ------
    StoreError
        The file is missing (``create=False``), not an index, or cannot be opened.
    IncompatibleIndexError
        The index was built with another schema version or configuration fingerprint.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        readonly: bool = False,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.max_chars = max_chars
        self._conn: sqlite3.Connection | None = connect(self.path, create=create, readonly=readonly)

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection."""
        if self._conn is None:
            raise StoreError(f"the index {self.path} is closed")
        return self._conn

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction: ``BEGIN IMMEDIATE`` takes the write lock at once (a writer never
        fails half-way on a lock), a read transaction sees one snapshot throughout."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    # -- writing -------------------------------------------------------------------------

    def add(self, records: Iterable[Record], *, check: bool = False) -> AddResult:
        """Add or replace articles, in one transaction.

        Parameters
        ----------
        records : iterable of dict or Document
            As for :func:`unspin.scan`: ``id``, ``text``, optional ``title``, ``url``,
            ``source``, ``published``. Re-adding an id with the same text and metadata is a
            no-op; with anything changed, the article is replaced.
        check : bool, default=False
            Also check each new or changed article against the index (including the
            articles of this call added before it) and return the pairs; the verdicts are
            kept for :meth:`groups`.

        Returns
        -------
        AddResult
        """
        docs, skipped = self._documents(records)
        added: list[str] = []
        replaced: list[str] = []
        unchanged: list[str] = []
        pairs: list[PairResult] = []
        with self._transaction(write=True) as conn:
            for lo in range(0, len(docs), PREPARE_BATCH):
                chunk = docs[lo : lo + PREPARE_BATCH]
                prepared = prepare_batch([d.text for d in chunk])
                feats = postings.features_of(prepared)
                new: list[tuple[int, postings.DocFeatures]] = []
                for doc, digest, feat in zip(chunk, prepared.digests, feats, strict=True):
                    content = content_hash(doc)
                    old = conn.execute(
                        "SELECT num, content FROM docs WHERE id = ?", (doc.id,)
                    ).fetchone()
                    if old is not None and old[1] == content:
                        unchanged.append(doc.id)
                        continue
                    if old is not None:
                        self._delete(conn, [old[0]])
                    (replaced if old is not None else added).append(doc.id)
                    found = check_one(conn, doc, digest, feat) if check else None
                    num = _insert_doc(conn, doc, digest, content)
                    if found is not None:
                        pairs.extend(found.pairs)
                        _cache(conn, doc.id, num, found)
                        postings.insert(conn, [num], [feat])
                    else:
                        new.append((num, feat))
                if new:
                    postings.insert(conn, [n for n, _ in new], [f for _, f in new])
        return AddResult(
            tuple(added), tuple(replaced), tuple(unchanged), tuple(skipped), tuple(pairs)
        )

    def remove(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Remove articles by id, in one transaction; returns the ids that were indexed."""
        wanted = list(dict.fromkeys(ids))
        with self._transaction(write=True) as conn:
            found = [(i, self._num(conn, i)) for i in wanted]
            present = [(i, n) for i, n in found if n is not None]
            for lo in range(0, len(present), PREPARE_BATCH):
                self._delete(conn, [n for _, n in present[lo : lo + PREPARE_BATCH]])
        return tuple(i for i, _ in present)

    def _delete(self, conn: sqlite3.Connection, nums: Sequence[int | None]) -> None:
        """Delete articles and everything that refers to them; their features are sketched
        again from the stored text (same configuration, so the same features)."""
        present = [n for n in nums if n is not None]
        texts = [
            unpack_text(conn.execute("SELECT body FROM texts WHERE num = ?", (n,)).fetchone()[0])
            for n in present
        ]
        for num, feat in zip(present, postings.features_of(prepare_batch(texts)), strict=True):
            postings.delete(conn, num, feat)
            for table in ("docs", "texts"):
                conn.execute(f"DELETE FROM {table} WHERE num = ?", (num,))
            conn.execute("DELETE FROM verdicts WHERE a = ? OR b = ?", (num, num))

    # -- reading -------------------------------------------------------------------------

    def check(self, record: Record | str) -> list[PairResult]:
        """Pairs of one article with the indexed ones; nothing is stored.

        Parameters
        ----------
        record : dict, Document or str
            The article; a bare string is checked under the id ``"<check>"``. An indexed
            article with the record's id is left out (a new version is checked against the
            others).

        Returns
        -------
        list of PairResult
            Every indexed article that the record copies or is copied by, or shares a story
            with, with the comparison, the original and the reason, as :func:`unspin.scan`
            reports them.
        """
        return self.check_many(
            [{"id": CHECK_ID, "text": record}] if isinstance(record, str) else [record]
        )[0]

    def check_many(
        self, records: Iterable[Record], *, among: bool = False
    ) -> tuple[list[PairResult], list[Skipped]]:
        """Pairs of each record with the index, and the records that were skipped.

        With ``among=True`` the pairs of the records with each other are included too, as
        :func:`unspin.scan` of the records alone finds them. Pairs are sorted by ids.
        """
        docs, skipped = self._documents(records)
        pairs: list[PairResult] = []
        if among and docs:
            from unspin.executors.local import scan

            pairs.extend(scan(docs).pairs)
        with self._transaction(write=False) as conn:
            for lo in range(0, len(docs), PREPARE_BATCH):
                chunk = docs[lo : lo + PREPARE_BATCH]
                prepared = prepare_batch([d.text for d in chunk])
                feats = postings.features_of(prepared)
                for doc, digest, feat in zip(chunk, prepared.digests, feats, strict=True):
                    found = check_one(conn, doc, digest, feat, self._num(conn, doc.id))
                    pairs.extend(found.pairs)
        return sorted(pairs, key=lambda p: (p.a, p.b)), skipped

    def get(self, doc_id: str) -> Document | None:
        """The indexed article with this id, or None."""
        with self._transaction(write=False) as conn:
            row = conn.execute(
                "SELECT d.id, t.body, d.title, d.url, d.source, d.published, d.metadata "
                "FROM docs d JOIN texts t USING (num) WHERE d.id = ?",
                (doc_id,),
            ).fetchone()
        if row is None:
            return None
        i, body, title, url, source, published, meta = row
        return Document(i, unpack_text(body), title, url, source, published, unpack_metadata(meta))

    def documents(self) -> list[Document]:
        """Every indexed article without its text (empty), sorted by id: what
        ``documents.jsonl`` needs."""
        with self._transaction(write=False) as conn:
            rows = conn.execute(
                "SELECT id, title, url, source, published, metadata FROM docs"
            ).fetchall()
        docs = [Document(i, "", t, u, s, p, unpack_metadata(m)) for i, t, u, s, p, m in rows]
        return sorted(docs, key=lambda d: d.id)

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self._num(self.conn, doc_id) is not None

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM docs").fetchone()[0])

    def stats(self) -> IndexStats:
        """Counts and sizes: articles, posting rows per kind, cached verdicts, bytes."""
        with self._transaction(write=False) as conn:
            count = [
                int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
                for t in ("docs", *(f"{k}_postings" for k in postings.KINDS), "verdicts")
            ]
            text = conn.execute("SELECT coalesce(sum(length(body)), 0) FROM texts").fetchone()
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            size = conn.execute("PRAGMA page_size").fetchone()[0]
            meta = read_meta(conn)
        return IndexStats(
            documents=count[0],
            postings=dict(zip(postings.KINDS, count[1:4], strict=True)),
            verdicts=count[4],
            text_bytes=int(text[0]),
            file_bytes=int(pages) * int(size),
            schema_version=SCHEMA_VERSION,
            fingerprint=meta["fingerprint"],
            extra={"created_by": meta.get("created_by", "")},
        )

    def groups(self, *, workers: int = 1, progress: bool = False) -> ScanResult:
        """Stories, copy families and originals of everything indexed, as :func:`unspin.scan`
        of the same articles gives them (see :mod:`unspin.index.groups`)."""
        from unspin.index.groups import group_index

        return group_index(self, workers=workers, progress=progress)

    # -- helpers -------------------------------------------------------------------------

    def _documents(self, records: Iterable[Record]) -> tuple[list[Document], list[Skipped]]:
        docs: list[Document] = []
        skipped: list[Skipped] = []
        for item in iter_records(records, max_chars=self.max_chars):
            if isinstance(item, Skipped):
                skipped.append(item)
            elif sql_text(item.id) != item.id:
                skipped.append(Skipped(sql_text(item.id) or "", "id-not-utf8", ""))
            else:
                docs.append(item)
        return docs, skipped

    @staticmethod
    def _num(conn: sqlite3.Connection, doc_id: str) -> int | None:
        row = conn.execute("SELECT num FROM docs WHERE id = ?", (doc_id,)).fetchone()
        return None if row is None else int(row[0])


def _insert_doc(conn: sqlite3.Connection, doc: Document, digest: bytes, content: bytes) -> int:
    """Insert the ``docs`` and ``texts`` rows of a new article; returns its number."""
    cur = conn.execute(
        "INSERT INTO docs (id, digest, content, published, title, url, source, metadata) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc.id,
            digest,
            content,
            sql_text(doc.published),
            sql_text(doc.title),
            sql_text(doc.url),
            sql_text(doc.source),
            pack_metadata(doc.metadata),
        ),
    )
    num = cur.lastrowid
    assert num is not None
    conn.execute("INSERT INTO texts (num, body) VALUES (?, ?)", (num, pack_text(doc.text)))
    return num


def _cache(conn: sqlite3.Connection, doc_id: str, num: int, found: Checked) -> None:
    """Keep a check's verdicts for :meth:`Index.groups`, keyed (smaller id first)."""
    ids = (
        dict(
            conn.execute(
                f"SELECT num, id FROM docs WHERE num IN ({','.join('?' * len(found.verdicts))})",
                [v.num for v in found.verdicts],
            ).fetchall()
        )
        if found.verdicts
        else {}
    )
    rows = []
    for v in found.verdicts:
        a, b = (num, v.num) if doc_id < ids[v.num] else (v.num, num)
        rows.append((a, b, int(v.aligned), pack_verdict(v.comparison)))
    conn.executemany(
        "INSERT OR REPLACE INTO verdicts (a, b, aligned, body) VALUES (?, ?, ?, ?)", rows
    )
