"""Records given to unspin.scan as dicts are coerced exactly like lines of a JSONL file."""

from __future__ import annotations

import json
from pathlib import Path

from unspin import Document, Skipped, scan
from unspin.ingest import read_sources
from unspin.ingest.records import iter_records

TEXT = "The harbour fire spread to two warehouses before firefighters contained it."

RECORDS: list[dict[str, object]] = [
    {"id": 1.0, "text": TEXT},  # a float id from a CSV-to-JSON tool
    {"id": "  padded ", "text": TEXT + " Padded."},
    {"text": TEXT + " No id."},
    {"id": "none"},
    {"id": "number", "text": 42},
    {"id": "null", "text": None},
    {"id": "blank", "text": " \n "},
    {"id": "nul", "text": "A text\x00with a NUL byte in it."},
    {"id": 1, "text": "Repeats the first id."},
    {"id": "extra", "text": TEXT + " Extra.", "section": "metro", "title": "  Fire  "},
]


def _outcome(item: Document | Skipped) -> tuple[str, str, str, tuple[str, ...]]:
    if isinstance(item, Skipped):
        reason = item.reason.split(" (first seen at")[0]
        return ("skipped", item.id.replace("record ", "line:"), reason, ())
    repairs = tuple(item.metadata.get("repairs", ()))
    return ("doc", item.id.replace("record ", "line:"), item.title or "", repairs)


def test_library_and_cli_give_the_same_ids_reasons_and_repairs(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    from_file = list(read_sources([path]))
    from_library = list(iter_records(RECORDS))
    assert len(from_file) == len(from_library) == len(RECORDS)
    for file_item, lib_item in zip(from_file, from_library, strict=True):
        got_file, got_lib = _outcome(file_item), _outcome(lib_item)
        # ids taken from the location differ only in the location's spelling
        if got_file[1].startswith(str(path.as_posix())):
            got_file = (got_file[0], "line:" + str(int(got_file[1].rsplit(":", 1)[1]) - 1))
            got_lib = got_lib[:2]
        assert got_file == got_lib
    ids = [item.id for item in from_library]
    assert ids[0] == "1" and ids[1] == "padded" and ids[2] == "record 2"
    assert isinstance(from_library[8], Skipped) and from_library[8].reason.startswith(
        "duplicate-id (first seen at record 0)"
    )


def test_extra_keys_of_a_dict_are_kept_in_metadata() -> None:
    (doc,) = [d for d in iter_records(RECORDS) if d.id == "extra"]
    assert isinstance(doc, Document)
    assert doc.metadata["section"] == "metro"
    assert doc.metadata["location"] == "record 9"
    assert doc.title == "Fire"


def test_a_document_object_is_checked_like_any_record() -> None:
    items = list(iter_records([Document("a", ""), Document("b", "Text\x00 here."), "junk"]))  # type: ignore[list-item]
    assert isinstance(items[0], Skipped) and items[0].reason == "empty"
    assert isinstance(items[1], Document) and items[1].text == "Text here."
    assert "removed-nul-bytes" in items[1].metadata["repairs"]
    assert isinstance(items[2], Skipped) and items[2].reason == "not-a-record: str"


def test_scan_accounts_for_every_record_with_the_file_readers_reasons() -> None:
    result = scan(RECORDS)
    assert len(result.stories) + len(result.skipped) == len(RECORDS)
    reasons = {s.id: s.reason for s in result.skipped}
    assert reasons["none"].startswith("missing-text-column")
    assert reasons["number"] == "not-text: text field is int"
    assert reasons["null"] == "empty: text is null"
