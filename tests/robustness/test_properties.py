"""Property tests: whatever bytes a file holds, reading it never raises and loses nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.ingest import read_sources
from unspin.models import Document, Skipped

pytestmark = pytest.mark.issue(6)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Raw bytes, and bytes built from text-like pieces so that JSON, CSV and control bytes meet.
PIECES = st.sampled_from(
    [
        b"\n",
        b"\r\n",
        b"{",
        b"}",
        b'"id"',
        b'"text"',
        b":",
        b",",
        b'"',
        b"\x00",
        b"\xe9",
        b"\xff",
        b"\xef\xbb\xbf",
        b"1",
        b"null",
        b" ",
        b"abc",
        b"\xc3\xa9",
        b"\\u0000",
        b"[",
        b"]",
    ]
)
CONTENT = st.one_of(st.binary(max_size=2000), st.lists(PIECES, max_size=80).map(b"".join))


def read_file(name: str, data: bytes) -> list[Document | Skipped]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(read_sources([path]))


def is_well_formed(record: Document | Skipped) -> bool:
    if isinstance(record, Skipped):
        return bool(record.id) and bool(record.reason) and bool(record.location)
    return bool(record.text.strip()) and "\x00" not in record.text and bool(record.id)


@SETTINGS
@given(CONTENT)
def test_any_txt_file_gives_exactly_one_record(data: bytes) -> None:
    records = read_file("a.txt", data)
    assert len(records) == 1
    assert is_well_formed(records[0])
    assert records[0].id == "a.txt" or records[0].id.endswith("/a.txt")


@SETTINGS
@given(CONTENT)
def test_any_jsonl_file_gives_one_record_per_non_blank_line(data: bytes) -> None:
    records = read_file("a.jsonl", data)
    assert all(is_well_formed(r) for r in records)
    lines = [line for line in data.split(b"\n") if line.strip()]
    if data.startswith(b"\x1f\x8b"):
        return  # read as gzip: at least the damage is reported
    single_binary = len(records) == 1 and getattr(records[0], "reason", "").startswith("binary")
    assert single_binary or len(records) == len(lines)


@SETTINGS
@given(CONTENT)
def test_any_csv_file_never_raises(data: bytes) -> None:
    records = read_file("a.csv", b"id,text\n" + data)
    assert all(is_well_formed(r) for r in records)
    assert len(records) <= data.count(b"\n") + data.count(b"\r") + 1
