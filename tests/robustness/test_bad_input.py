"""Each kind of bad input gives the right Document repair or Skipped reason."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from unspin.errors import IngestError
from unspin.ingest import read_sources
from unspin.models import Document, Skipped

pytestmark = pytest.mark.issue(6)


def one(path: Path, **kwargs: object) -> Document | Skipped:
    records = list(read_sources([path], **kwargs))  # type: ignore[arg-type]
    assert len(records) == 1, records
    return records[0]


def repairs(record: Document | Skipped) -> tuple[str, ...]:
    assert isinstance(record, Document), record
    return tuple(record.metadata["repairs"])


def where(record: Document | Skipped) -> str:
    if isinstance(record, Skipped):
        return record.location
    return str(record.metadata["location"])


def reason(record: Document | Skipped) -> str:
    assert isinstance(record, Skipped), record
    return record.reason


def test_invalid_utf8_falls_back_to_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Caf\xe9 \x93quoted\x94 text")
    record = one(path)
    assert isinstance(record, Document)
    assert record.text == "Café “quoted” text"
    assert repairs(record) == ("decoded-as-cp1252",)


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc \x81\x8d def")
    assert repairs(one(path)) == ("decoded-as-latin-1",)


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Grüße aus Köln".encode("utf-16"))
    record = one(path)
    assert isinstance(record, Document)
    assert record.text == "Grüße aus Köln"
    assert repairs(record) == ("decoded-as-utf-16",)


def test_binary_file_named_txt_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    record = one(path)
    assert reason(record) == "binary"
    assert record.location == path.as_posix()


def test_nul_filled_file_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "zeros.txt"
    path.write_bytes(b"\x00" * 4096)
    assert reason(one(path)) == "binary"


def test_a_few_nul_bytes_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"A normal sentence\x00 about the news, with one stray NUL byte.")
    record = one(path)
    assert isinstance(record, Document)
    assert "\x00" not in record.text
    assert repairs(record) == ("removed-nul-bytes",)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b" \n\t\r\n  ", "whitespace-only"),
        ("\u00a0\u2003".encode(), "whitespace-only"),
    ],
)
def test_empty_and_whitespace_only_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    assert reason(one(path)) == expected


def test_ten_million_character_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    big = "word " * 2_000_000
    with path.open("w") as fh:
        fh.write(json.dumps({"id": "small", "text": "small one"}) + "\n")
        fh.write(json.dumps({"id": "big", "text": big}) + "\n")
        fh.write(json.dumps({"id": "after", "text": "after it"}) + "\n")
    records = list(read_sources([path]))
    assert [r.id for r in records] == ["small", "big", "after"]
    big_doc = records[1]
    assert isinstance(big_doc, Document)
    assert len(big_doc.text) == 2_000_000
    assert repairs(big_doc) == ("truncated-to-2000000-chars",)


def test_text_longer_than_max_chars_is_truncated(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("é" * 5000)  # two bytes each: the byte limit must not cut a character
    record = one(path, max_chars=1000)
    assert isinstance(record, Document)
    assert record.text == "é" * 1000
    assert repairs(record) == ("truncated-to-1000-chars",)


def test_broken_jsonl_lines_are_skipped_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        '{"id": "ok1", "text": "fine"}',
        '{"id": "bad", "text": ',
        "[1, 2]",
        "not json at all",
        '{"id": "num", "text": 42}',
        '{"id": "nul", "text": null}',
        '{"id": "notext"}',
        '{"text": "no id here"}',
        '{"id": "ok2", "text": "fine too"}',
    ]
    path.write_text("\n".join(lines))
    records = list(read_sources([path]))
    got = [(where(r).rsplit(":", 1)[1], getattr(r, "reason", "doc")) for r in records]
    assert got == [
        ("1", "doc"),
        ("2", "invalid-json: Expecting value at col 23"),
        ("3", "not-object: line is list"),
        ("4", "invalid-json: Expecting value at col 1"),
        ("5", "not-text: text field is int"),
        ("6", "empty: text is null"),
        ("7", "missing-text-column: no 'text' (has: id)"),
        ("8", "doc"),
        ("9", "doc"),
    ]
    assert records[7].id == f"{path.as_posix()}:8"
    assert repairs(records[7]) == ("id-from-location",)


def test_jsonl_line_in_another_encoding_is_decoded_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    utf8 = json.dumps({"id": "u", "text": "naïve"}, ensure_ascii=False).encode()
    cp1252 = json.dumps({"id": "c", "text": "na\u00efve"}, ensure_ascii=False).encode("cp1252")
    path.write_bytes(utf8 + b"\n" + cp1252 + b"\n")
    first, second = read_sources([path])
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.text == second.text == "naïve"
    assert repairs(first) == ()
    assert repairs(second) == ("decoded-as-cp1252",)


def test_truncated_gzip_keeps_the_lines_before_the_damage(tmp_path: Path) -> None:
    rows = [json.dumps({"id": str(i), "text": f"text number {i} " * 20}) for i in range(200)]
    data = gzip.compress("\n".join(rows).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    records = list(read_sources([path]))
    docs = [r for r in records if isinstance(r, Document)]
    assert 0 < len(docs) < 200
    assert [d.id for d in docs] == [str(i) for i in range(len(docs))]
    last = records[-1]
    assert isinstance(last, Skipped)
    assert last.reason.startswith("corrupt-gzip: ")
    assert all(isinstance(r, Document) for r in records[: len(docs)])


def test_gzip_that_is_corrupt_from_the_start(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    (record,) = read_sources([path])
    assert reason(record).startswith("corrupt-gzip")


def test_csv_rows_with_missing_and_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "id,title,text\n"
        "1,One,first text\n"
        "2,Two\n"
        "3,Three,third text,surplus,more\n"
        "4\n"
        ",No id,text without id\n"
        "5,Empty text,\n"
    )
    records = list(read_sources([path]))
    summary = [(r.id, where(r), getattr(r, "reason", None)) for r in records]
    name = path.as_posix()
    assert summary == [
        ("1", f"{name}:2", None),
        ("2", f"{name}:3", "short-row: 2 of 3 fields, no 'text'"),
        ("3", f"{name}:4", None),
        ("4", f"{name}:5", "short-row: 1 of 3 fields, no 'text'"),
        (f"{name}:6", f"{name}:6", None),
        ("5", f"{name}:7", "empty"),
    ]
    assert repairs(records[2]) == ("ignored-2-extra-fields",)


def test_csv_without_the_text_column(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,body\n1,hello\n2,world\n")
    records = list(read_sources([path]))
    assert [reason(r) for r in records] == ["missing-text-column: no 'text' (has: body, id)"] * 2


def test_csv_in_cp1252_is_decoded_per_line(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"id,text\n1,plain\n2,caf\xe9\n")
    first, second = read_sources([path])
    assert repairs(first) == ()
    assert isinstance(second, Document)
    assert second.text == "café"
    assert repairs(second) == ("decoded-as-cp1252",)


def test_parquet_with_wrong_types(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    table = pa.table(
        {
            "id": pa.array([1, 2, 3, 4], pa.int64()),
            "text": pa.array([b"bytes text", "caf\xe9".encode("cp1252"), b"", None], pa.binary()),
        }
    )
    pq.write_table(table, path)
    records = list(read_sources([path]))
    assert [r.id for r in records] == ["1", "2", "3", "4"]
    assert isinstance(records[0], Document)
    assert records[0].text == "bytes text"
    assert repairs(records[1]) == ("decoded-as-cp1252",)
    assert reason(records[2]) == "empty"
    assert reason(records[3]) == "empty: text is null"
    assert where(records[3]) == f"{path.as_posix()}:4"


def test_parquet_with_integer_text(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": [1, 2]}), path)
    assert [reason(r) for r in read_sources([path])] == ["not-text: text field is int"] * 2


def test_parquet_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"id": ["a"], "body": ["x"]}), path)
    assert reason(one(path)) == "missing-text-column: no 'text' (has: id, body)"


def test_file_that_is_not_parquet(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_text("id,text\n1,hello\n")
    assert reason(one(path)).startswith("corrupt-parquet: ")


def test_duplicate_ids_name_the_first_occurrence(tmp_path: Path) -> None:
    first = tmp_path / "a.jsonl"
    first.write_text('{"id": "x", "text": "one"}\n{"id": "x", "text": "two"}\n')
    second = tmp_path / "b.csv"
    second.write_text("id,text\nx,three\ny,four\n")
    records = list(read_sources([first, second]))
    first_at = f"{first.as_posix()}:1"
    assert [(r.id, getattr(r, "reason", "doc")) for r in records] == [
        ("x", "doc"),
        ("x", f"duplicate-id (first seen at {first_at})"),
        ("x", f"duplicate-id (first seen at {first_at})"),
        ("y", "doc"),
    ]
    assert where(records[2]) == f"{second.as_posix()}:2"


def test_skipped_first_occurrence_does_not_block_a_later_good_one(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "x", "text": ""}\n{"id": "x", "text": "good"}\n')
    first, second = read_sources([path])
    assert reason(first) == "empty"
    assert isinstance(second, Document)


def test_binary_file_named_jsonl_is_one_skipped_record(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(bytes(range(256)) * 100)
    assert reason(one(path)) == "binary: not a JSON Lines file"


def deny(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make opening files called ``name`` fail as if permissions were missing (even as root)."""
    real_open = Path.open

    def fake_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)


def test_unreadable_file_inside_a_folder_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked.txt").write_text("secret")
    (tmp_path / "open.txt").write_text("public")
    deny(monkeypatch, "locked.txt")
    locked, readable = read_sources([tmp_path])
    assert reason(locked) == "unreadable: Permission denied"
    assert isinstance(readable, Document)


def test_unreadable_file_given_directly_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.jsonl"
    path.write_text('{"id": "1", "text": "x"}')
    deny(monkeypatch, "locked.jsonl")
    with pytest.raises(IngestError, match="cannot open: Permission denied") as info:
        list(read_sources([path]))
    assert info.value.path == path.as_posix()


def test_hundred_megabyte_document_is_truncated_and_scanned(tmp_path: Path) -> None:
    from unspin import scan

    sentence = "Officials said the harbour fire on Pier 9 was under control by Sunday. "
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(100 * 1024 * 1024 // len(sentence) + 1):
            fh.write(sentence)
    assert path.stat().st_size >= 100 * 1024 * 1024
    record = one(path)
    assert isinstance(record, Document)
    assert repairs(record) == ("truncated-to-2000000-chars",)
    other = Document(id="short.txt", text=sentence * 20)
    result = scan([record, other])
    assert set(result.stories) == {record.id, "short.txt"}
    assert result.stories[record.id] == result.stories["short.txt"]


def test_lone_surrogates_in_ids_and_file_names_do_not_stop_the_scan(tmp_path: Path) -> None:
    # "\ud800" is valid JSON but no valid text; a file name's non-UTF-8 byte is kept by Python
    # as a lone surrogate too. UTF-8 result files can hold neither (the scan used to crash).
    from typer.testing import CliRunner

    from unspin.cli import app

    text = "The council met on Monday to discuss the new budget for the city schools."
    path = tmp_path / "feed-\udcff.jsonl"
    lines = [
        {"id": "a\ud800", "text": text, "title": "T\udfff"},
        {"text": "Rain is expected across the north of the country on Tuesday."},
        {"id": "b", "text": text},
    ]
    path.write_bytes("\n".join(json.dumps(x) for x in lines).encode())
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["scan", str(path), "--out", str(out), "-q"])
    assert run.exit_code == 0, run.output
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text("utf-8").splitlines()]
    by_id = {d["id"]: d for d in docs}
    name = f"{tmp_path.as_posix()}/feed-\ufffd.jsonl"
    assert set(by_id) == {"a\ufffd", "b", f"{name}:2"}
    assert by_id["a\ufffd"]["repairs"] == ["id-lone-surrogates-replaced"]
    assert by_id["a\ufffd"]["location"] == f"{name}:1"
    pair = json.loads((out / "pairs.jsonl").read_text("utf-8"))
    assert (pair["a"], pair["b"], pair["relation"]) == ("a\ufffd", "b", "duplicate")
