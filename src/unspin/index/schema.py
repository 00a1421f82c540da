"""The SQLite file of a persistent index: its tables, how it is opened, and what it records.

One file holds everything (plus SQLite's ``-wal`` and ``-shm`` files beside it while open):

* ``meta``: ``schema_version``, the configuration ``fingerprint``
  (:func:`unspin.config.fingerprint`) and the unspin version that created it. An index is
  only opened with the same schema version and fingerprint, because its postings and cached
  verdicts were computed with those thresholds, word lists and normalisation; mixing them
  would give answers that no scan gives (:class:`~unspin.errors.IncompatibleIndexError`).
* ``docs``: one row per article (internal number, id, publication time, title, url, source,
  metadata as JSON, the BLAKE2b digest of its canonical text for exact duplicates, and a hash
  of its content that makes a repeated add a no-op). Numbers come from ``AUTOINCREMENT`` and
  are never reused, so posting lists stay sorted by appending.
* ``texts``: the article texts, zlib-compressed (a news text compresses about 2.5x).
* ``copy_postings``, ``chain_postings``, ``story_postings``: one row per feature (an integer
  key, see :mod:`unspin.index.postings`), holding how many articles have it and their numbers
  packed into one blob. A row per (feature, article) would repeat the 7-byte key for every
  article; most features belong to one article, so the row is the key and four bytes.
* ``verdicts``: the comparisons already computed, by the pair's numbers (smaller id first)
  and whether passages were aligned, so that :meth:`unspin.index.Index.groups` verifies only
  what is new.

The connection runs in WAL mode (readers never block the writer nor each other) with
``synchronous=FULL``: a committed add survives a crash of the process and of the machine.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from unspin import __version__
from unspin.config import fingerprint
from unspin.errors import IncompatibleIndexError, StoreError

SCHEMA_VERSION = 1
"""Bumped whenever a table's layout or the meaning of a stored value changes."""

BUSY_TIMEOUT_MS = 60_000
"""How long a writer waits for another writer's transaction before giving up."""

TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE docs (
    num INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    digest BLOB NOT NULL,
    content BLOB NOT NULL,
    published TEXT,
    title TEXT,
    url TEXT,
    source TEXT,
    metadata TEXT
);
CREATE INDEX docs_digest ON docs (digest);
CREATE TABLE texts (num INTEGER PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE copy_postings (key INTEGER PRIMARY KEY, df INTEGER NOT NULL, docs BLOB NOT NULL);
CREATE TABLE chain_postings (key INTEGER PRIMARY KEY, df INTEGER NOT NULL, docs BLOB NOT NULL);
CREATE TABLE story_postings (key INTEGER PRIMARY KEY, df INTEGER NOT NULL, docs BLOB NOT NULL);
CREATE TABLE verdicts (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    aligned INTEGER NOT NULL,
    body BLOB,
    PRIMARY KEY (a, b, aligned)
) WITHOUT ROWID;
CREATE INDEX verdicts_b ON verdicts (b);
"""


def connect(path: Path, *, create: bool, readonly: bool = False) -> sqlite3.Connection:
    """An open connection to the index at ``path``, checked against this configuration.

    Raises
    ------
    StoreError
        The file is missing (and ``create`` is false), is not an unspin index, or cannot be
        opened (permissions, a directory, a locked file).
    IncompatibleIndexError
        The index records another schema version or configuration fingerprint.
    """
    exists = path.exists()
    if not exists and (not create or readonly):
        raise StoreError(f"no index at {path}; create one with: unspin index add {path} INPUT")
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not an index file")
    try:
        conn = _open(path, readonly)
        if not exists or _is_empty(conn):
            _create(conn)
        _check_meta(conn, path)
    except sqlite3.DatabaseError as exc:
        raise store_error(exc, path) from exc
    return conn


def _open(path: Path, readonly: bool) -> sqlite3.Connection:
    """Connection in autocommit mode: transactions are begun explicitly, never implicitly."""
    target = f"file:{path}?mode=ro" if readonly else str(path)
    conn = sqlite3.connect(
        target,
        uri=readonly,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not readonly:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{path}: cannot switch to WAL mode (got {mode!r})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache per connection
    return conn


def _is_empty(conn: sqlite3.Connection) -> bool:
    """True for a file SQLite knows nothing in (created empty, or by a crashed create)."""
    return int(conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]) == 0


def _create(conn: sqlite3.Connection) -> None:
    """Tables and meta rows, in one transaction: a crash leaves no half-made index."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in TABLES.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("schema_version", str(SCHEMA_VERSION)),
                ("fingerprint", fingerprint()),
                ("created_by", f"unspin {__version__}"),
            ],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The ``meta`` table as a dict."""
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}


def _check_meta(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an index of another schema or configuration, naming both values."""
    try:
        meta = read_meta(conn)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{path} is an SQLite file but not an unspin index") from exc
    have, want = meta.get("schema_version"), str(SCHEMA_VERSION)
    if have != want:
        raise IncompatibleIndexError(
            f"{path} has index schema version {have}, this unspin uses {want}; "
            "rebuild the index from its sources"
        )
    have, want = meta.get("fingerprint"), fingerprint()
    if have != want:
        raise IncompatibleIndexError(
            f"{path} was built with configuration fingerprint {have}, this unspin has {want} "
            "(thresholds, word lists or versions differ); rebuild the index from its sources"
        )


def store_error(exc: sqlite3.Error, path: Path) -> StoreError:
    """A clear :class:`StoreError` for an SQLite failure: what went wrong with which file."""
    text = str(exc)
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return StoreError(f"{path} is not an unspin index (or is damaged): {text}")
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"{path} is read-only: {text}")
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"{path} is locked by another writer: {text}")
    if "full" in lowered:
        return StoreError(f"no space left to write {path}: {text}")
    if "unable to open" in lowered:
        return StoreError(f"cannot open {path}: {text}")
    return StoreError(f"{path}: {text}")
