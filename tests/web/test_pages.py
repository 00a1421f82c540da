"""Per-page limits: a slow or crashing page is skipped with the reason and the run goes on."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import unspin
from tests.web.webpages import HARBOUR_GAZETTE, WarcEntry, page, warc_bytes
from unspin.cli import app
from unspin.errors import IngestError, MissingDependencyError
from unspin.ingest import PageLimits, SourceReader
from unspin.ingest.base import RawRecord
from unspin.ingest.pages import PageExtractor, PageJob, job_to_record
from unspin.models import Document, Skipped

pytestmark = pytest.mark.issue(20)

TEXT = (
    "Fishermen at Port Alder say the new quota rules will cost them a third of their catch, "
    "and the harbour master warned on Wednesday that several boats may be sold this winter."
)

EMPTY_SHELL = '<html><body><div id="app"></div><script src="app.js"></script></body></html>'
"""A page whose text a script would fill in: nothing to extract."""


def _job(n: int, marker: str = "") -> PageJob:
    markup = page(HARBOUR_GAZETTE, f"Quota story {n} {marker}", f"{TEXT}\nStory number {n}.")
    return PageJob(f"test@{n}", f"page-{n}", markup.encode("utf-8"))


def slow_or_crashing_extract(job: PageJob) -> RawRecord:
    """Extraction that hangs on pages titled SLOW and kills its process on CRASH (in a child)."""
    data = job.data if isinstance(job.data, bytes) else job.data.encode()
    if b"SLOW" in data:
        time.sleep(60)
    if b"CRASH" in data:
        os._exit(7)
    record = job_to_record(job)
    record.fields["title"] = f"pid {os.getpid()}"
    return record


def test_a_page_over_its_time_limit_is_skipped_and_the_next_one_is_read() -> None:
    extractor = PageExtractor(PageLimits(timeout=2.0), extract=slow_or_crashing_extract)
    started = time.monotonic()
    out = list(extractor.map([_job(1), _job(2, "SLOW"), _job(3)]))
    assert time.monotonic() - started < 30  # the 60 s sleep was cut short
    assert [r.reason for r in out] == ["", "extract-timeout: over 2 s", ""]
    assert [r.id for r in out] == ["page-1", "page-2", "page-3"]


def test_a_crashing_page_costs_only_itself() -> None:
    extractor = PageExtractor(PageLimits(timeout=30.0), extract=slow_or_crashing_extract)
    out = list(extractor.map([_job(1, "CRASH"), _job(2)]))
    assert out[0].reason == "extract-crashed: exit code 7"
    assert out[1].reason == "" and out[1].text


def test_workers_are_replaced_after_pages_per_worker_and_order_is_kept() -> None:
    limits = PageLimits(timeout=30.0, workers=2, pages_per_worker=2)
    extractor = PageExtractor(limits, extract=slow_or_crashing_extract)
    ready = RawRecord("ready", id="ready", text="a plain text record passed through")
    items: list[RawRecord | PageJob] = [_job(1), ready, _job(2), _job(3), _job(4), _job(5)]
    out = list(extractor.map(items))
    assert [r.id for r in out] == ["page-1", "ready", "page-2", "page-3", "page-4", "page-5"]
    pids = {r.fields["title"] for r in out if r.id != "ready"}
    assert len(pids) >= 3  # 5 pages, 2 per process: at least 3 processes


def test_html_files_in_a_folder_are_read_beside_text_files(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(page(HARBOUR_GAZETTE, "Quota", TEXT).encode("cp1252"))
    (tmp_path / "b.htm").write_bytes(
        page(HARBOUR_GAZETTE, "Quota", TEXT, charset=None).encode("utf-16")
    )
    (tmp_path / "c.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.html").write_text(EMPTY_SHELL)
    records = list(SourceReader([tmp_path], pages=PageLimits(timeout=None)))
    by_id = {r.id: r for r in records}
    assert set(by_id) == {"a.html", "b.htm", "c.txt", "empty.html"}
    for name in ("a.html", "b.htm"):
        doc = by_id[name]
        assert isinstance(doc, Document) and TEXT in doc.text and doc.title == "Quota"
    assert by_id["b.htm"].metadata["field_sources"]["encoding"] == "bom"  # type: ignore[union-attr]
    skipped = by_id["empty.html"]
    assert isinstance(skipped, Skipped) and skipped.reason.startswith("no-article-text")


def test_extract_html_returns_a_document_with_field_sources() -> None:
    markup = page(
        HARBOUR_GAZETTE,
        "Quota",
        TEXT,
        published="2026-03-14T15:10:00Z",
        lang="en-GB",
        canonical="https://gazette.example/quota",
    )
    doc = unspin.extract_html(markup.encode("utf-8"), url="https://gazette.example/q?x=1")
    assert doc.id == doc.url == "https://gazette.example/q?x=1"
    assert TEXT in doc.text and "cookies" not in doc.text
    assert (doc.title, doc.published, doc.source) == (
        "Quota",
        "2026-03-14T15:10:00Z",
        "Harbour Gazette",
    )
    assert doc.metadata["language"] == "en-GB"
    assert doc.metadata["field_sources"] == {
        "id": "url",
        "title": "trafilatura (<title> or <h1>)",
        "published": "meta article:published_time",
        "site": "meta og:site_name",
        "language": "html lang",
        "url": "link rel=canonical",
        "encoding": "meta",
    }
    assert unspin.extract_html(markup).id.startswith("html-")
    with pytest.raises(IngestError, match="no-article-text"):
        unspin.extract_html(EMPTY_SHELL)


def test_missing_web_extra_names_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import now fails
    path = tmp_path / "a.html"
    path.write_text(page(HARBOUR_GAZETTE, "Quota", TEXT), encoding="utf-8")
    with pytest.raises(MissingDependencyError, match=r"pip install 'unspin\[web\]'"):
        list(SourceReader([path]))
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    records = list(SourceReader([tmp_path]))  # in a folder: skipped with the hint, run goes on
    reasons = {r.id: getattr(r, "reason", "") for r in records}
    assert reasons["b.txt"] == "" and "unspin[web]" in reasons["a.html"]


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_extract_cli_writes_one_row_per_record(tmp_path: Path, suffix: str) -> None:
    entries = [
        WarcEntry(
            "response",
            "https://gazette.example/q1",
            page(HARBOUR_GAZETTE, "Quota", TEXT, published="2026-03-14T15:10:00Z").encode("utf-8"),
        ),
        WarcEntry(
            "response", "https://gazette.example/logo.png", b"\x89PNG", content_type="image/png"
        ),
    ]
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(warc_bytes(entries))
    out = tmp_path / f"docs{suffix}"
    result = CliRunner().invoke(app, ["extract", str(crawl), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "extracted: 1" in result.output and "not-html: 1" in result.output
    if suffix == ".jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
        rows = [{**r, "sources": dict(r["sources"])} for r in rows]
    assert [r["id"] for r in rows] == [
        "https://gazette.example/q1",
        "https://gazette.example/logo.png",
    ]
    first, second = rows
    assert first["published"] == "2026-03-14T15:10:00Z"
    assert first["crawled"] == "2026-03-20T10:00:00Z"
    assert first["site"] == "Harbour Gazette" and first["language"] == "en"
    assert first["encoding"] == "utf-8" and TEXT in first["text"]
    assert first["sources"]["crawled"] == "warc WARC-Date" and first["skipped"] is None
    assert second["text"] is None and second["skipped"] == "not-html: image/png"


def test_extract_cli_rejects_an_unknown_output_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "--out must end in" in result.output
