"""Run page extraction in worker processes, with a time and size limit per page.

Why processes: an extractor can run for minutes on a pathological page (trafilatura#704) and
the time goes in lxml's C code, which no signal or thread can interrupt. A page is therefore
extracted in a child process; the parent waits at most ``timeout`` seconds for its answer,
then kills the child, skips the page with the reason, and starts a new child for the next
one. A child is also replaced after ``pages_per_worker`` pages, so that whatever an extractor
keeps between pages (caches, fragmented heaps: trafilatura#216) cannot grow over a long crawl.
A child that dies (a crash in C code) costs its page only, with the exit code as the reason.

Readers produce :class:`PageJob` values (the raw bytes of one page and what the container said
about it) mixed with ready :class:`~unspin.ingest.base.RawRecord` values (a ``.txt`` file in
the same folder, a record the reader already knows is unusable); :meth:`PageExtractor.map`
turns the jobs into records and yields everything in input order.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError, IngestError, MissingDependencyError
from unspin.ingest.base import (
    DEFAULT_MAX_CHARS,
    RawRecord,
    build_record,
    display_path,
    read_at_most,
)
from unspin.ingest.html import NoArticleText, extract_page, require_trafilatura
from unspin.models import Document, Skipped

DEFAULT_TIMEOUT = 30.0
"""Seconds one page may take. trafilatura needs about 0.05 s for a news page here."""
DEFAULT_MAX_BYTES = 10_000_000
"""Larger pages are skipped unread: the biggest news pages (inline scripts and JSON) are a few
megabytes; beyond this extraction time and memory grow while the article does not."""
DEFAULT_PAGES_PER_WORKER = 1000
STARTUP_TIMEOUT = 120.0
"""Seconds a new extraction process may take to start and import trafilatura."""
HTML_SUFFIXES = (".html", ".htm")


@dataclass(slots=True)
class PageJob:
    """One page to extract: its bytes and what its container (file, WARC record) told."""

    location: str
    id: str
    data: bytes | str
    url: str | None = None
    http_charset: str | None = None
    http_language: str | None = None
    crawled: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PageLimits:
    """Per-page limits and the extraction processes.

    ``timeout=None`` extracts in the calling process, with no time limit (for debugging and
    for :func:`unspin.extract_html`).
    """

    timeout: float | None = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    workers: int = 1
    pages_per_worker: int = DEFAULT_PAGES_PER_WORKER

    def validate(self) -> None:
        """Raise ConfigError for a limit that cannot work."""
        if self.timeout is not None and not self.timeout > 0:
            raise ConfigError(f"page timeout must be positive seconds. Got {self.timeout!r}.")
        for name in ("max_bytes", "workers", "pages_per_worker"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name} must be a positive integer. Got {value!r}.")


DEFAULT_PAGE_LIMITS = PageLimits()


def read_html_file(path: Path, doc_id: str, *, max_bytes: int) -> RawRecord | PageJob:
    """A page job for one HTML file (id: ``doc_id``), or a raw record saying why not.

    At most ``max_bytes + 1`` bytes are read, so an oversized file costs no memory.
    """
    location = display_path(path)
    data = read_at_most(path, max_bytes, doc_id)
    if isinstance(data, RawRecord):
        return data
    if len(data) > max_bytes:
        return RawRecord(location, id=doc_id, reason=f"page-too-large: over {max_bytes} bytes")
    return PageJob(location, doc_id, data, sources={"id": "file path"})


def job_to_record(job: PageJob) -> RawRecord:
    """Extract one page into a raw record; a page with no article text gets the reason."""
    try:
        page = extract_page(
            job.data, url=job.url, http_charset=job.http_charset, http_language=job.http_language
        )
    except NoArticleText as exc:
        return RawRecord(job.location, id=job.id, reason=str(exc))
    sources = {**page.sources, **job.sources}  # the container's URL beats the page's claim
    fields: dict[str, object] = {"title": page.title, "published": page.published}
    fields.update(url=job.url or page.url, source=page.site)
    metadata: dict[str, object] = {"field_sources": sources}
    for key, value in (("crawled", job.crawled), ("language", page.language)):
        if value:
            metadata[key] = value
    if page.encoding:
        metadata["encoding"] = page.encoding
    repairs = [*job.repairs, *page.repairs]
    return RawRecord(job.location, job.id, page.text, fields, repairs, metadata=metadata)


def extract_html(html: bytes | str, url: str | None = None) -> Document:
    """The article of one web page as a Document, with its metadata and where each came from.

    ``html`` is the page as fetched (bytes: the encoding is found as a browser would, from a
    byte-order mark, ``<meta charset>`` or detection) or already decoded text. The id is
    ``url`` when given, else a hash of the page. ``Document.metadata`` holds ``language``,
    ``encoding`` and ``field_sources`` (field -> where it came from). Runs in the calling
    process with no time limit; readers (``unspin scan``, ``unspin extract``) enforce one.

    Raises
    ------
    IngestError
        When the page holds no article text.
    MissingDependencyError
        When the ``web`` extra is not installed.

    Examples
    --------
    >>> doc = extract_html(page_bytes, url="https://example.com/news/1")  # doctest: +SKIP
    >>> doc.title, doc.published, doc.metadata["field_sources"]["published"]  # doctest: +SKIP
    ('Harbour fire', '2026-03-14T15:10:00Z', 'meta article:published_time')
    """
    data = html if isinstance(html, str | bytes) else bytes(html)
    digest = hashlib.sha1(data.encode("utf-8", "replace") if isinstance(data, str) else data)
    doc_id = url or f"html-{digest.hexdigest()[:16]}"
    where = "url" if url else "hash of the page"
    record = job_to_record(PageJob("extract_html", doc_id, data, url=url, sources={"id": where}))
    if record.reason:
        raise IngestError(f"cannot extract: {record.reason}", path=url or "")
    built = build_record(record, max_chars=DEFAULT_MAX_CHARS)
    if isinstance(built, Skipped):
        raise IngestError(f"cannot extract: {built.reason}", path=url or "")
    return built


def _safe_extract(extract: Callable[[PageJob], RawRecord], job: PageJob) -> RawRecord:
    """``extract(job)``, with any exception turned into the page's skip reason."""
    try:
        return extract(job)
    except MemoryError:
        return RawRecord(job.location, id=job.id, reason="extract-failed: out of memory")
    except Exception as exc:  # one bad page must not stop a crawl; the reason names it
        return RawRecord(
            job.location, id=job.id, reason=f"extract-failed: {type(exc).__name__}: {exc}"
        )


def _worker_loop(conn: Connection, extract: Callable[[PageJob], RawRecord]) -> None:
    """Child process: import the extractor, say so, then extract each job until ``None``."""
    with contextlib.suppress(MissingDependencyError):
        require_trafilatura()  # before "ready": import time is not counted against a page
    conn.send("ready")
    while True:
        job = conn.recv()
        if job is None:
            return
        conn.send(_safe_extract(extract, job))


class _Worker:
    """One child process and the pipe to it."""

    def __init__(self, extract: Callable[[PageJob], RawRecord]) -> None:
        context = multiprocessing.get_context("spawn")  # no inherited threads or locks
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_worker_loop, args=(child, extract), daemon=True, name="unspin-extract"
        )
        self.process.start()
        child.close()
        self.done = 0
        with contextlib.suppress(EOFError, OSError):
            if self.conn.poll(STARTUP_TIMEOUT):
                self.conn.recv()  # "ready"

    def stop(self) -> None:
        """Ask the child to finish, and kill it if it does not."""
        with contextlib.suppress(OSError):  # a child that died has closed its end
            self.conn.send(None)
        self.process.join(timeout=5)
        self.kill()

    def kill(self) -> None:
        """End the child at once (a page ran over its time)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


@dataclass(slots=True)
class _InFlight:
    job: PageJob
    worker: _Worker
    started: float


class PageExtractor:
    """Turn :class:`PageJob` values into records under :class:`PageLimits`, in order.

    Parameters
    ----------
    limits : PageLimits
        Time limit per page, size limit (applied by the readers), process count.
    extract : callable, default=job_to_record
        The extraction of one job; a module-level function, as it runs in a child process.
    """

    def __init__(
        self,
        limits: PageLimits = DEFAULT_PAGE_LIMITS,
        *,
        extract: Callable[[PageJob], RawRecord] = job_to_record,
    ) -> None:
        limits.validate()
        self.limits = limits
        self.extract = extract
        self._idle: list[_Worker] = []
        self._missing: str | None = None
        self._checked = False

    def map(self, items: Iterable[RawRecord | PageJob]) -> Iterator[RawRecord]:
        """Records for ``items`` in input order: jobs extracted, ready records passed on."""
        queue: deque[RawRecord | _InFlight] = deque()
        busy = 0
        source = iter(items)
        try:
            while True:
                while busy < self.limits.workers and len(queue) < 4 * self.limits.workers:
                    item = next(source, None)
                    if item is None:
                        break
                    entry = self._start(item)
                    busy += isinstance(entry, _InFlight)
                    queue.append(entry)
                if not queue:
                    return
                head = queue.popleft()
                if isinstance(head, _InFlight):
                    busy -= 1
                    head = self._finish(head)
                yield head
        finally:
            for entry in queue:
                if isinstance(entry, _InFlight):
                    entry.worker.kill()
            self.close()

    def close(self) -> None:
        """Stop every idle child process."""
        while self._idle:
            self._idle.pop().stop()

    def _start(self, item: RawRecord | PageJob) -> RawRecord | _InFlight:
        """Send a job to a child (or run it here without a time limit); records pass."""
        if isinstance(item, RawRecord):
            return item
        if not self._checked:
            self._checked = True
            try:
                require_trafilatura()
            except MissingDependencyError as exc:
                self._missing = f"needs-extra: {exc}"
        if self._missing:
            return RawRecord(item.location, id=item.id, reason=self._missing)
        if self.limits.timeout is None:
            return _safe_extract(self.extract, item)
        worker = self._idle.pop() if self._idle else _Worker(self.extract)
        worker.conn.send(item)
        return _InFlight(item, worker, time.monotonic())

    def _finish(self, flight: _InFlight) -> RawRecord:
        """Wait for a job's record within its time limit; kill the child when it runs over."""
        assert self.limits.timeout is not None  # only jobs with a limit are in flight
        left = self.limits.timeout - (time.monotonic() - flight.started)
        worker, job = flight.worker, flight.job
        try:
            ready = worker.conn.poll(max(left, 0.0))
            result: Any = worker.conn.recv() if ready else None
        except (EOFError, OSError):
            worker.kill()
            code = worker.process.exitcode
            return RawRecord(job.location, id=job.id, reason=f"extract-crashed: exit code {code}")
        if result is None:
            worker.kill()
            limit = f"{self.limits.timeout:g}"
            return RawRecord(job.location, id=job.id, reason=f"extract-timeout: over {limit} s")
        worker.done += 1
        if worker.done >= self.limits.pages_per_worker:
            worker.stop()
        else:
            self._idle.append(worker)
        return result  # type: ignore[no-any-return]
