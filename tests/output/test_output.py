"""Result files and the plain-text summary."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from unspin.errors import ConfigError, UnspinError
from unspin.models import Comparison, Document, PairResult, ScanResult, Skipped, Span
from unspin.output.files import copy_line, reason_kind, summary_text, write_scan


def comparison(relation: str = "spun", source: str | None = "a") -> Comparison:
    span = Span(0, 10, 0, 12, "spun", 3, 4, 4, (("big", "large"),))
    return Comparison(
        relation=relation,  # type: ignore[arg-type]
        source=source,  # type: ignore[arg-type]
        source_reason="earlier published date",
        spans=(span,),
        coverage_a=0.91234,
        coverage_b=0.8,
        scores={"density": 0.5, "coverage_a": 0.91234},
    )


def doc(doc_id: str, *repairs: str) -> Document:
    return Document(
        doc_id, f"text of {doc_id}", metadata={"location": f"f:{doc_id}", "repairs": repairs}
    )


@pytest.fixture
def result() -> ScanResult:
    pairs = (
        PairResult("c", "d", comparison("same_story", None), None, "not a copy"),
        PairResult("a", "b", comparison(), "a", "earlier published date"),
    )
    return ScanResult(
        pairs=pairs,
        stories={"a": "a", "b": "a", "c": "c", "d": "c", "e": "e"},
        families={"a": "a", "b": "a", "c": "c", "d": "d", "e": "e"},
        originals=frozenset({"a"}),
        skipped=(Skipped("x", "empty", ""),),
    )


@pytest.fixture
def records() -> list[Document | Skipped]:
    return [
        doc("a"),
        Skipped("bad.txt", "binary", "in/bad.txt"),
        doc("b", "decoded-as-cp1252"),
        doc("c"),
        doc("d"),
        doc("x"),
        doc("e"),
    ]


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_pairs_are_sorted_and_serialised_with_to_dict(result: ScanResult, tmp_path: Path) -> None:
    written = write_scan(result, [], [], tmp_path)
    assert set(written) == {"pairs.jsonl", "documents.jsonl"}
    rows = lines(tmp_path / "pairs.jsonl")
    assert [(r["a"], r["b"]) for r in rows] == [("a", "b"), ("c", "d")]
    assert rows[0] == json.loads(json.dumps(result.pairs[1].to_dict()))
    raw = (tmp_path / "pairs.jsonl").read_text().splitlines()[0]
    assert raw.startswith('{"a":"a","b":"b","coverage_a":0.9123,')


def test_documents_are_sorted_by_id_and_account_for_every_record(
    result: ScanResult, records: list[Document | Skipped], tmp_path: Path
) -> None:
    extra = Skipped("late", "invalid-json: Expecting value at col 1", "f.jsonl:9")
    skipped = [r for r in records if isinstance(r, Skipped)] + [extra]
    write_scan(result, records, skipped, tmp_path)
    rows = {r["id"]: r for r in lines(tmp_path / "documents.jsonl")}
    assert list(rows) == sorted(["a", "bad.txt", "b", "c", "d", "x", "e", "late"])
    assert rows["a"] == {
        "id": "a",
        "skipped": False,
        "location": "f:a",
        "story": "a",
        "family": "a",
        "is_original": True,
        "linked_stories": [],
        "repairs": [],
    }
    assert rows["bad.txt"] == {
        "id": "bad.txt",
        "skipped": True,
        "reason": "binary",
        "location": "in/bad.txt",
    }
    assert rows["b"]["repairs"] == ["decoded-as-cp1252"]
    assert rows["b"]["is_original"] is False
    assert rows["x"] == {"id": "x", "skipped": True, "reason": "empty", "location": "f:x"}


def test_output_is_byte_identical_for_identical_results(
    result: ScanResult, records: list[Document | Skipped], tmp_path: Path
) -> None:
    first = write_scan(result, records, [], tmp_path / "one", formats=("jsonl", "parquet"))
    second = write_scan(result, records, [], tmp_path / "two", formats=("jsonl", "parquet"))
    assert list(first) == ["pairs.jsonl", "documents.jsonl", "pairs.parquet", "documents.parquet"]
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name


def test_parquet_has_the_same_rows_as_jsonl(
    result: ScanResult, records: list[Document | Skipped], tmp_path: Path
) -> None:
    write_scan(result, records, [], tmp_path, formats=("parquet",))
    assert not (tmp_path / "pairs.jsonl").exists()
    pairs = pq.read_table(tmp_path / "pairs.parquet").to_pylist()
    assert [(p["a"], p["b"], p["relation"]) for p in pairs] == [
        ("a", "b", "spun"),
        ("c", "d", "same_story"),
    ]
    assert dict(pairs[0]["scores"]) == {"coverage_a": 0.9123, "density": 0.5}
    assert pairs[0]["spans"][0]["substitutions"] == [["big", "large"]]
    docs = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert [d["id"] for d in docs] == sorted(["a", "bad.txt", "b", "c", "d", "x", "e"])
    bad = next(d for d in docs if d["id"] == "bad.txt")
    assert bad["skipped"] is True and bad["reason"] == "binary"


def test_empty_result_still_writes_typed_parquet(tmp_path: Path) -> None:
    empty = ScanResult(pairs=(), stories={}, families={})
    write_scan(empty, [], [], tmp_path, formats=("parquet",))
    table = pq.read_table(tmp_path / "pairs.parquet")
    assert table.num_rows == 0
    assert "spans" in table.schema.names


def test_unknown_format_is_rejected(result: ScanResult, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'xml'.*jsonl, parquet"):
        write_scan(result, [], [], tmp_path, formats=("xml",))


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("empty", "empty"),
        ("invalid-json: Expecting value at col 5", "invalid-json"),
        ("duplicate-id (first seen at a.jsonl:3)", "duplicate-id"),
        ("not-text: text field is int", "not-text"),
    ],
)
def test_reason_kind(reason: str, kind: str) -> None:
    assert reason_kind(reason) == kind


def test_copy_line_points_from_copy_to_original() -> None:
    comp = comparison()
    assert copy_line(PairResult("a", "b", comp, "a", "why")) == "b <- a (spun, why)"
    assert copy_line(PairResult("a", "b", comp, "b", "why")) == "a <- b (spun, why)"
    assert copy_line(PairResult("a", "b", comp, None, "")) == "a <-> b (spun, no reason given)"


def test_summary_text(result: ScanResult) -> None:
    skipped = [Skipped("bad.txt", "binary", "in/bad.txt"), Skipped("e2", "empty", "f:2")]
    text = summary_text(result, 6, skipped)
    assert text.splitlines() == [
        "records read: 8",
        "analysed: 5",
        "skipped: 3",
        "  binary: 1",
        "  empty: 2",
        "stories with more than one document: 2",
        "copy families: 1",
        "copy pairs: 1",
        "  b <- a (spun, earlier published date)",
    ]


def test_unwritable_out_dir_is_an_unspin_error(result: ScanResult, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    with pytest.raises(UnspinError, match="cannot write results to"):
        write_scan(result, [], [], blocker / "out")


def test_a_lone_surrogate_in_an_id_is_written_as_its_json_escape(tmp_path: Path) -> None:
    # ids given to unspin.scan directly are not repaired by the readers; UTF-8 has no bytes for
    # "\ud800", so the writer uses the JSON escape, which reads back to the same id
    odd = ScanResult((), {"x\ud800": "x\ud800"}, {"x\ud800": "x\ud800"}, frozenset(), ())
    write_scan(odd, [doc("x\ud800")], [], tmp_path)
    raw = (tmp_path / "documents.jsonl").read_bytes()
    assert b'"x\\ud800"' in raw
    assert json.loads(raw)["id"] == "x\ud800"


def test_a_copy_across_two_stories_is_reported_not_merged(tmp_path: Path) -> None:
    pairs = (
        PairResult("a", "b", comparison("partial"), "a", "earlier published date"),
        PairResult("b", "c", comparison("spun"), "b", "earlier published date"),
    )
    result = ScanResult(
        pairs=pairs,
        stories={"a": "a", "b": "b", "c": "b"},
        families={"a": "a", "b": "b", "c": "b"},
        originals=frozenset({"a", "b"}),
    )
    assert [(p.a, p.b) for p in result.cross_story_copies] == [("a", "b")]
    assert result.linked_stories() == {"a": ["b"], "b": ["a"]}
    write_scan(result, [doc("a"), doc("b"), doc("c")], [], tmp_path, formats=("jsonl", "parquet"))
    rows = {r["id"]: r["linked_stories"] for r in lines(tmp_path / "documents.jsonl")}
    assert rows == {"a": ["b"], "b": ["a"], "c": []}
    table = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert {r["id"]: r["linked_stories"] for r in table} == rows
    assert summary_text(result, 3, []).splitlines()[-2:] == [
        "copies across stories (not used to merge them): 1",
        "  a (story a) - b (story b): partial",
    ]
