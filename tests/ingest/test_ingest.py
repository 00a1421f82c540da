"""Readers: each format, column mapping, gzip, ordering and ids."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.errors import ConfigError, IngestError
from unspin.ingest import (
    SUPPORTED_SUFFIXES,
    ColumnMap,
    SourceReader,
    load_text,
    read_sources,
)
from unspin.ingest.jsonl import _parse_repaired, parse_line
from unspin.models import Document, Skipped


def docs_of(paths: list[Path], **kwargs: object) -> list[Document]:
    records = list(read_sources(paths, **kwargs))  # type: ignore[arg-type]
    assert all(isinstance(r, Document) for r in records), records
    return [r for r in records if isinstance(r, Document)]


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_folder_is_read_recursively_in_sorted_order_with_relative_ids(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    (folder / "b" / "deep").mkdir(parents=True)
    (folder / "z.txt").write_text("last one")
    (folder / "b" / "deep" / "x.txt").write_text("deep one")
    (folder / "a.txt").write_text("first one")
    (folder / "b.txt").write_text("b file")
    docs = docs_of([folder])
    assert [d.id for d in docs] == ["a.txt", "b.txt", "b/deep/x.txt", "z.txt"]
    assert docs[2].text == "deep one"
    assert docs[2].metadata["location"] == (folder / "b/deep/x.txt").as_posix()
    assert docs[2].metadata["repairs"] == ()


def test_folder_ignores_other_files_and_hidden_dirs_but_lists_them(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("not an article")
    (tmp_path / "notes.md").write_text("markdown")
    (tmp_path / "UPPER.TXT").write_text("upper-case suffix is still text")
    reader = SourceReader([tmp_path])
    records = list(reader)
    assert [r.id for r in records] == ["UPPER.TXT"]
    assert sorted(p.name for p in reader.ignored_) == [".git", "notes.md"]


def test_single_txt_file_id_is_the_path_as_given(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Some words here.")
    (doc,) = docs_of([path])
    assert doc.id == path.as_posix()
    assert doc.text == "Some words here."


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello")
    (doc,) = docs_of([path])
    assert doc.text == "Hello"
    assert doc.metadata["repairs"] == ()


def test_jsonl_fields_are_mapped_and_ids_coerced(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": 7, "text": "Seven", "title": "T", "url": "http://x", "source": "S"},
            {"id": "b", "text": "Bee", "published": "2024-05-01T10:00:00Z", "extra": [1]},
        ],
    )
    first, second = docs_of([path])
    assert (first.id, first.text, first.title, first.url, first.source) == (
        "7",
        "Seven",
        "T",
        "http://x",
        "S",
    )
    assert second.published == "2024-05-01T10:00:00Z"
    assert second.title is None
    assert second.metadata["location"] == f"{path.as_posix()}:2"


def test_custom_column_map(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.ndjson", [{"key": "k1", "body": "Body text", "head": "H"}])
    columns = ColumnMap(id="key", text="body", title="head")
    (doc,) = docs_of([path], columns=columns)
    assert (doc.id, doc.text, doc.title) == ("k1", "Body text", "H")


@pytest.mark.parametrize("name", ["a.jsonl.gz", "a.json.gz", "a.ndjson.gz"])
def test_gzipped_jsonl(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    rows = [{"id": str(i), "text": f"text {i}"} for i in range(3)]
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    assert [d.id for d in docs_of([path])] == ["0", "1", "2"]


def test_compression_is_detected_by_content_not_name(tmp_path: Path) -> None:
    plain_named_gz = tmp_path / "plain.jsonl.gz"
    plain_named_gz.write_text(json.dumps({"id": "p", "text": "plain"}) + "\n")
    gz_named_plain = tmp_path / "zipped.jsonl"
    gz_named_plain.write_bytes(gzip.compress(json.dumps({"id": "z", "text": "zip"}).encode()))
    assert [d.id for d in docs_of([plain_named_gz, gz_named_plain])] == ["p", "z"]


def test_jsonl_blank_lines_are_not_records(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('\n{"id": "1", "text": "x"}\n\n   \n{"id": "2", "text": "y"}\n')
    docs = docs_of([path])
    assert [d.metadata["location"].rsplit(":", 1)[1] for d in docs] == ["2", "5"]


def test_csv_with_header_and_mapping(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('story_id,body,title\n1,"Hello, world",Greeting\n2,"Two\nlines",\n')
    docs = docs_of([path], columns=ColumnMap(id="story_id", text="body"))
    assert [(d.id, d.text, d.title) for d in docs] == [
        ("1", "Hello, world", "Greeting"),
        ("2", "Two\nlines", None),
    ]
    assert [d.metadata["location"] for d in docs] == [f"{path.as_posix()}:2", f"{path}:3"]


def test_tsv(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("id\ttext\nx\tcomma, inside\n")
    (doc,) = docs_of([path])
    assert (doc.id, doc.text) == ("x", "comma, inside")


def test_csv_field_longer_than_default_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("id,text\n1," + "word " * 100_000 + "\n")
    (doc,) = docs_of([path])
    assert len(doc.text) == 500_000


def test_parquet_in_batches_with_row_locations(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    n = 2500  # more than one batch
    table = pa.table({"id": [f"d{i}" for i in range(n)], "text": [f"text {i}" for i in range(n)]})
    pq.write_table(table, path, row_group_size=700)
    docs = docs_of([path])
    assert len(docs) == n
    assert docs[2499].id == "d2499"
    assert docs[2499].metadata["location"] == f"{path.as_posix()}:2500"


def test_parquet_timestamps_become_iso_strings(tmp_path: Path) -> None:
    from datetime import datetime

    path = tmp_path / "t.parquet"
    table = pa.table({"id": ["a"], "text": ["x"], "published": [datetime(2024, 1, 2, 3, 4)]})
    pq.write_table(table, path)
    (doc,) = docs_of([path])
    assert doc.published == "2024-01-02T03:04:00"


def test_sources_are_read_in_the_order_given(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "z.jsonl", [{"id": "z", "text": "z"}])
    second = tmp_path / "a.txt"
    second.write_text("a")
    assert [d.id for d in docs_of([first, second])] == ["z", second.as_posix()]


def test_reading_twice_gives_the_same_records(tmp_path: Path) -> None:
    for i in range(20):
        (tmp_path / f"{i:02d}.txt").write_text(f"document number {i}")
    reader = SourceReader([tmp_path])
    assert list(reader) == list(reader)


def test_missing_path_raises_ingest_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(IngestError, match=r"nope\.jsonl") as info:
        list(read_sources([missing]))
    assert info.value.path == missing.as_posix()


def test_missing_path_fails_before_any_record(tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "1", "text": "x"}])
    records = read_sources([good, tmp_path / "missing.txt"])
    with pytest.raises(IngestError):
        next(records)


def test_unsupported_suffix_lists_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text("<a/>")
    with pytest.raises(IngestError, match=r"\.jsonl"):
        list(read_sources([path]))
    assert ".parquet" in SUPPORTED_SUFFIXES


def test_max_chars_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="max_chars"):
        list(read_sources([tmp_path], max_chars=0))


def test_load_text_accepts_any_suffix_and_rejects_binary(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_bytes("na\xefve".encode("cp1252"))
    doc = load_text(article)
    assert doc.text == "naïve"
    assert doc.metadata["repairs"] == ("decoded-as-cp1252",)
    binary = tmp_path / "image.png"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(IngestError, match="binary"):
        load_text(binary)
    with pytest.raises(IngestError, match="folder"):
        load_text(tmp_path)


def test_skipped_record_keeps_the_id_when_it_has_one(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "k", "text": ""}])
    assert list(read_sources([path])) == [Skipped("k", "empty", f"{path.as_posix()}:1")]


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)  # beyond 64 bits too
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
ODD_LINES = [
    b'{"id": 1, "text": "a", "id": 2}',  # repeated key: the last wins
    b'\xef\xbb\xbf{"id": "bom", "text": "a"}',
    b'{"id": "s", "text": "lone \\ud800 surrogate"}',
    b'{"id": "n", "text": "a", "x": NaN, "y": -Infinity, "z": 1e400}',
    b'{"id": "c", "text": "caf\xe9"}',  # cp1252
    b'{"id": "nul", "text": "a\x00b"}',
    b'{"id": "ctl", "text": "tab\there"}',
    b"[" * 5000,
    b'{"id": "x", "text": "a"} trailing',
    b"",
]


@pytest.mark.parametrize("first", [True, False])
@pytest.mark.parametrize("line", ODD_LINES)
def test_odd_jsonl_lines_read_as_the_json_module_reads_them(line: bytes, first: bool) -> None:
    got = parse_line(line + b"\n", "f:1", ColumnMap(), first=first)
    assert got == _parse_repaired(line + b"\n", "f:1", ColumnMap(), first=first)


@given(st.dictionaries(st.text(), JSON_VALUES, max_size=5), st.booleans())
@settings(max_examples=300, deadline=None)
def test_msgspec_reads_every_json_line_as_the_json_module(
    obj: dict[str, object], ascii: bool
) -> None:
    obj.setdefault("text", "some text")
    line = json.dumps(obj, ensure_ascii=ascii).encode("utf-8", "surrogatepass") + b"\n"
    got = parse_line(line, "f:1", ColumnMap(), first=False)
    assert got == _parse_repaired(line, "f:1", ColumnMap(), first=False)
