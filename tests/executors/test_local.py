"""scan(): candidates, verification, direction by dates, groups, determinism, skips."""

from __future__ import annotations

import importlib
import json
import logging
import random
from pathlib import Path

import pytest

import unspin
from unspin import Document, scan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def newsroom_records() -> list[dict[str, str]]:
    lines = (EXAMPLES / "newsroom.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _groups(mapping: dict[str, str]) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for doc_id, group in mapping.items():
        out.setdefault(group, set()).add(doc_id)
    return {frozenset(g) for g in out.values()}


def test_seeds_scan_matches_expected(
    seeds: dict[str, str], expected: dict[str, list[list[str]]]
) -> None:
    result = scan([{"id": name, "text": text} for name, text in seeds.items()])
    assert _groups(dict(result.stories)) == {frozenset(g) for g in expected["stories"]}
    families = _groups(dict(result.families))
    assert frozenset(expected["families"][0]) in families
    assert len(families) == 4
    copies = result.copies
    assert len(copies) == 1
    assert copies[0].relation == "spun"
    assert copies[0].source == "000_e24d07159d355cb4.txt"
    same = {frozenset((p.a, p.b)) for p in result.pairs if p.relation == "same_story"}
    assert len(same) == 9
    assert "001_10b895695e8c76b4.txt" not in result.originals
    assert len(result.originals) == 4


@pytest.mark.issue(4)
def test_publication_gap_splits_reports_of_the_same_kind_of_event(seeds: dict[str, str]) -> None:
    """The seed reports dated a year apart tell the same kind of event, not the same one;
    the spun copy stays with its original however late it came out."""
    names = sorted(seeds)
    late = {names[1]: "2026-01-15", names[4]: "2025-10-25T09:00:00Z"}
    records = [{"id": n, "text": seeds[n], "published": late.get(n, "2024-10-24")} for n in names]
    result = scan(records)
    assert result.stories[names[4]] == names[4]  # alone: a year after the others
    assert {result.stories[n] for n in names[:4]} == {names[0]}
    assert all(names[4] not in (p.a, p.b) for p in result.pairs)
    copy = result.copies[0]
    assert (copy.relation, copy.source) == ("spun", names[0])
    assert copy.comparison.scores["days_apart"] == pytest.approx(448.0)
    same = [p for p in result.pairs if p.relation == "same_story"]
    assert same and all(p.comparison.scores["dated_story"] >= 0.2 for p in same)
    undated = scan([{"id": n, "text": seeds[n]} for n in names])
    assert len({undated.stories[n] for n in names}) == 1


@pytest.mark.issue(4)
def test_story_candidates_too_far_apart_in_time_are_not_verified(
    newsroom_records: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dropping them before verification changes nothing but the work done."""
    scan_module = importlib.import_module("unspin.executors.local")
    late = {"harbor-fire-radio": "2026-05-14T16:05:00Z"}  # two months after the fire
    records = [r | {"published": late.get(r["id"], r["published"])} for r in newsroom_records]
    seen: list[list[tuple[int, int, bool]]] = []
    near_in_time = scan_module._near_in_time

    def spy(candidates: list[tuple[int, int, bool]], docs: list[object]) -> object:
        kept = near_in_time(candidates, docs)  # type: ignore[arg-type]
        seen.append([c for c in candidates if c not in kept])
        return kept

    monkeypatch.setattr(scan_module, "_near_in_time", spy)
    filtered = scan(records)
    assert seen[0] and all(not aligned for _, _, aligned in seen[0])  # story-only, dropped
    monkeypatch.setattr(scan_module, "_near_in_time", lambda c, d: c)
    assert _dump(scan(records)) == _dump(filtered)
    assert filtered.stories["harbor-fire-radio"] == "harbor-fire-radio"  # its own story now
    copies = {frozenset((p.a, p.b)) for p in filtered.copies}
    assert all("harbor-fire-radio" not in pair for pair in copies)


def test_dates_decide_the_original(newsroom_records: list[dict[str, str]]) -> None:
    result = scan(newsroom_records)
    by_pair = {frozenset((p.a, p.b)): p for p in result.pairs}
    for copy in ("harbor-fire-spun", "harbor-fire-repost", "harbor-fire-roundup"):
        pair = by_pair[frozenset(("harbor-fire-wire", copy))]
        assert pair.comparison.is_copy
        assert pair.source == "harbor-fire-wire"
        assert "published earlier" in pair.source_reason
    assert "harbor-fire-wire" in result.originals
    fire = result.stories["harbor-fire-wire"]
    for doc in ("harbor-fire-local", "harbor-fire-radio", "harbor-fire-spun"):
        assert result.stories[doc] == fire
    assert result.stories["marathon"] != fire
    assert result.families["harbor-fire-local"] != result.families["harbor-fire-wire"]


def test_reasons_name_the_documents(seeds: dict[str, str]) -> None:
    names = sorted(seeds)[:2]
    result = scan([{"id": n, "text": seeds[n]} for n in names])
    (pair,) = result.copies
    assert names[1] in pair.source_reason and names[0] in pair.source_reason


def _dump(result: unspin.ScanResult) -> str:
    pairs = [p.to_dict() for p in result.pairs]
    return json.dumps([pairs, dict(result.stories), dict(result.families)], sort_keys=True)


def test_same_output_for_any_order_and_workers(
    newsroom_records: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # small batches, so that two workers really share the work
    monkeypatch.setattr(importlib.import_module("unspin.verify.batch"), "VERIFY_BATCH", 3)
    monkeypatch.setattr(importlib.import_module("unspin.executors.local"), "PREPARE_BATCH", 2)
    baseline = _dump(scan(newsroom_records))
    shuffled = list(newsroom_records)
    random.Random(7).shuffle(shuffled)
    assert _dump(scan(shuffled)) == baseline
    assert _dump(scan(newsroom_records, workers=2)) == baseline


def test_bad_records_are_skipped_with_reasons() -> None:
    records: list[object] = [
        {"id": "ok", "text": "A perfectly good article about the harbour fire on Saturday."},
        {"id": "empty", "text": ""},
        {"id": "blank", "text": "  \n\t "},
        {"id": "number", "text": 42},
        {"id": "missing"},
        {"id": "ok", "text": "The same id again."},
        Document(id="doc", text="A document object is accepted as it is."),
    ]
    result = scan(records)  # type: ignore[arg-type]
    reasons = {s.id: s.reason for s in result.skipped}
    assert reasons["empty"] == "empty"
    assert reasons["blank"] == "whitespace-only"
    assert reasons["number"].startswith("not-text")
    assert reasons["missing"].startswith("missing-text-column")
    assert reasons["ok"].startswith("duplicate-id")
    assert set(result.stories) == {"ok", "doc"}


def test_exact_duplicates_are_paired_without_alignment() -> None:
    text = "Officials said the bridge will reopen on Monday after repairs to the deck."
    result = scan([{"id": str(k), "text": text + " " * k} for k in range(4)])
    # a star: every member linked to the group's original (the smallest id, undated)
    assert sorted((p.a, p.b) for p in result.pairs) == [("0", "1"), ("0", "2"), ("0", "3")]
    assert {p.relation for p in result.pairs} == {"duplicate"}
    assert len(set(result.families.values())) == 1
    assert result.originals == frozenset({"0"})


def test_a_dated_duplicate_group_is_a_star_around_its_earliest_member() -> None:
    text = "Officials said the bridge will reopen on Monday after repairs to the deck."
    days = ["2024-03-05", "2024-03-01", "2024-03-09", "2024-03-02"]
    result = scan([{"id": f"d{k}", "text": text, "published": day} for k, day in enumerate(days)])
    assert {frozenset((p.a, p.b)) for p in result.pairs} == {
        frozenset(("d1", other)) for other in ("d0", "d2", "d3")
    }
    assert {p.source for p in result.pairs} == {"d1"}
    assert result.originals == frozenset({"d1"})


def test_texts_with_lone_surrogates_survive_the_spill_file() -> None:
    text = "Officials said the bridge \ud800 will reopen on Monday after repairs to the deck."
    result = scan([{"id": "a", "text": text}, {"id": "b", "text": text}])
    assert [p.relation for p in result.pairs] == ["duplicate"]


def test_a_scan_without_the_c_extension_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from unspin import native

    monkeypatch.setattr(native, "speedups", None)
    with caplog.at_level(logging.INFO, logger="unspin"):
        scan([{"id": "a", "text": "One short text."}])
    assert "C extension unspin.native._speedups not in use" in caplog.text
