"""WARC crawls: every record accounted for, damage reported with file and offset."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.web.webpages import HARBOUR_GAZETTE, WarcEntry, page, record_offsets, warc_bytes
from unspin.ingest import PageLimits, SourceReader
from unspin.ingest.pages import PageJob
from unspin.ingest.warc import read_warc
from unspin.models import Document, Skipped

pytestmark = pytest.mark.issue(20)

BODY = (
    "The council voted on Tuesday to close the old swimming baths on Quay Street after "
    "engineers found that the roof could no longer be repaired at a reasonable cost.\n"
    "Campaigners who had collected four thousand signatures said they would appeal, and the "
    "leader of the opposition called the decision a betrayal of the families of the town.\n"
    "A new leisure centre is planned on the site of the former bus depot, but building work "
    "is not expected to start before the spring of next year, officials said."
)


def _article(n: int) -> bytes:
    title = f"Council closes swimming baths, part {n}"
    body = BODY.replace("Tuesday", ("Monday", "Tuesday", "Friday")[n % 3]) + f"\nItem {n}."
    markup = page(HARBOUR_GAZETTE, title, body, published=f"2026-03-1{n}T08:00:00Z")
    return markup.encode("utf-8")


def _crawl() -> list[WarcEntry]:
    return [
        WarcEntry("warcinfo", "", b"software: test\r\n", content_type="application/warc-fields"),
        WarcEntry(
            "request",
            "https://gazette.example/a1",
            b"GET /a1 HTTP/1.1\r\n\r\n",
            content_type="application/http; msgtype=request",
        ),
        WarcEntry("response", "https://gazette.example/a1", _article(1)),
        WarcEntry(
            "response", "https://gazette.example/logo.png", b"\x89PNG....", content_type="image/png"
        ),
        WarcEntry(
            "response", "https://gazette.example/gone", b"<html>gone</html>", status="404 Not Found"
        ),
        WarcEntry("resource", "https://gazette.example/a2", _article(2), content_type="text/html"),
        WarcEntry(
            "metadata",
            "https://gazette.example/a2",
            b"outlinks: 3\r\n",
            content_type="application/warc-fields",
        ),
        WarcEntry("response", "https://gazette.example/a3", _article(3)),
    ]


def _read(path: Path) -> list[Document | Skipped]:
    return list(SourceReader([path], pages=PageLimits(timeout=None)))  # in-process: faster


@pytest.mark.parametrize("compressed", [True, False])
def test_every_record_is_a_page_or_skipped_with_its_reason(
    tmp_path: Path, compressed: bool
) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(warc_bytes(_crawl(), gzip=compressed))
    records = _read(path)
    assert len(records) == len(_crawl())
    pages = [r for r in records if isinstance(r, Document)]
    assert [p.id for p in pages] == [f"https://gazette.example/a{n}" for n in (1, 2, 3)]
    first = pages[0]
    assert first.url == first.id and first.source == "Harbour Gazette"
    assert first.published == "2026-03-11T08:00:00Z"
    assert first.metadata["crawled"] == "2026-03-20T10:00:00Z"  # never taken as published
    assert first.metadata["field_sources"]["published"] == "meta article:published_time"
    assert first.metadata["field_sources"]["crawled"] == "warc WARC-Date"
    assert "cookies" not in first.text and "Related articles" not in first.text
    reasons = [r.reason for r in records if isinstance(r, Skipped)]
    assert reasons == [
        "not-a-page: warc warcinfo record",
        "not-a-page: warc request record",
        "not-html: image/png",
        "not-a-page: HTTP status 404",
        "not-a-page: warc metadata record",
    ]
    locations = [r.location for r in records if isinstance(r, Skipped)]
    assert all(loc.startswith(f"{path.as_posix()}@") for loc in locations)


def _damaged(tmp_path: Path, how: str) -> tuple[Path, list[int]]:
    entries = [
        WarcEntry("response", f"https://gazette.example/a{n}", _article(n)) for n in range(4)
    ]
    data = warc_bytes(entries)
    offsets = record_offsets(data)
    members = [
        gzip.decompress(data[a:b]) for a, b in zip(offsets, [*offsets[1:], len(data)], strict=True)
    ]
    if how == "truncated-member":  # a gzip member cut short in the middle of the file
        data = data[: offsets[1] + 60] + data[offsets[2] :]
    elif how == "wrong-length":
        second = members[1]
        members[1] = second.replace(b"Content-Length: ", b"Content-Length: 1", 1)
        data = b"".join(gzip.compress(m) for m in members)
    elif how == "truncated-end":
        data = data[: len(data) - 40]
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(data)
    return path, record_offsets(data) if how == "wrong-length" else offsets


@pytest.mark.parametrize(
    ("how", "lost", "reason_start"),
    [
        ("truncated-member", 1, "corrupt-warc: corrupt gzip member"),
        ("wrong-length", 1, "corrupt-warc: wrong Content-Length"),
        ("truncated-end", 3, "corrupt-warc: truncated gzip member"),
    ],
)
def test_damage_is_reported_with_file_and_offset_and_reading_goes_on(
    tmp_path: Path, how: str, lost: int, reason_start: str
) -> None:
    path, offsets = _damaged(tmp_path, how)
    records = _read(path)
    skipped = [r for r in records if isinstance(r, Skipped)]
    assert len(skipped) == 1, records
    assert skipped[0].reason.startswith(reason_start)
    assert skipped[0].location == f"{path.as_posix()}@{offsets[lost]}"
    pages = [r.id for r in records if isinstance(r, Document)]
    assert pages == [f"https://gazette.example/a{n}" for n in range(4) if n != lost]


def test_garbage_before_the_first_record_is_reported_and_skipped(tmp_path: Path) -> None:
    data = b"this is not a warc file\n" * 3 + warc_bytes(_crawl()[2:3], gzip=False)
    path = tmp_path / "junk.warc"
    path.write_bytes(data)
    records = _read(path)
    assert isinstance(records[0], Skipped) and records[0].location == f"{path.as_posix()}@0"
    assert "resumed at offset 72" in records[0].reason
    assert isinstance(records[1], Document)


def test_oversized_page_is_skipped_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    path.write_bytes(warc_bytes(_crawl()[2:3]))
    items = list(read_warc(path, max_bytes=100))
    assert [getattr(i, "reason", "") for i in items] == ["page-too-large: over 100 bytes"]
    assert not any(isinstance(i, PageJob) for i in items)


def test_scan_cli_reads_a_warc_and_accounts_for_every_record(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from unspin.cli import app

    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(_crawl()))
    result = CliRunner().invoke(app, ["scan", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == len(_crawl())
    assert sum(1 for r in rows if r.get("skipped") or r.get("reason")) == 5
