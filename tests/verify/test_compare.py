"""compare(): the verdict on the seeds and on a small case of each relation."""

from __future__ import annotations

import itertools

import pytest

import unspin
from unspin import COPY_RELATIONS, compare
from unspin.story import profile as topic

ORIGINAL = (
    "Ukraine's military intelligence service said on Thursday that it has detected the "
    "presence of North Korean troops deployed in the border region. According to the "
    "intelligence data, the first military units arrived in the combat zone on Wednesday. "
    "The Kremlin has previously dismissed reports about the deployment as fake news, but "
    "the president did not deny on Thursday that the troops were currently in the country. "
    "He added it was the government's business how to implement a strategic partnership "
    "treaty agreed in June with the leader of the other country."
)
SPUN = (
    "Ukraine's army intelligence service stated on Thursday that it has detected the "
    "presence of North Korean troopers deployed in the border area. In keeping with the "
    "intelligence information, the primary army items arrived within the fight zone on "
    "Wednesday. The Kremlin has beforehand dismissed studies in regards to the deployment as "
    "pretend information, however the president didn't deny on Thursday that the troops had "
    "been at the moment in the nation. He added it was the federal government's enterprise "
    "the best way to implement a strategic partnership treaty agreed in June with the chief "
    "of the opposite nation."
)


@pytest.mark.parametrize(("x", "y"), list(itertools.combinations(range(5), 2)))
def test_seed_pairs_match_expected_verdicts(
    seeds: dict[str, str], expected: dict[str, list[dict[str, str]]], x: int, y: int
) -> None:
    names = sorted(seeds)
    a, b = names[x], names[y]
    want = next(p for p in expected["pairs"] if {p["a"], p["b"]} == {a, b})
    got = compare(seeds[a], seeds[b])
    assert got.relation == want["relation"]
    if "source" in want:
        assert got.source == ("a" if want["source"] == a else "b")
        assert got.source_reason


def test_spun_copy_shows_substitutions_and_direction() -> None:
    c = compare(ORIGINAL, SPUN)
    assert c.relation == "spun"
    assert c.source == "a"
    assert "spinner" in c.source_reason
    assert ("military", "army") in c.substitutions
    assert c.coverage_a > 0.8 and c.coverage_b > 0.8


def test_span_offsets_point_at_the_aligned_text() -> None:
    c = compare(ORIGINAL, SPUN)
    for span in c.spans:
        assert 0 <= span.a_start < span.a_end <= len(ORIGINAL)
        assert 0 <= span.b_start < span.b_end <= len(SPUN)
        for x, y in span.substitutions:
            assert x in ORIGINAL[span.a_start : span.a_end]
            assert y in SPUN[span.b_start : span.b_end]
    first = c.spans[0]
    assert ORIGINAL[first.a_start : first.a_end].startswith("Ukraine")
    assert SPUN[first.b_start : first.b_end].startswith("Ukraine")


def test_direction_flips_with_argument_order() -> None:
    c = compare(SPUN, ORIGINAL)
    assert c.relation == "spun"
    assert c.source == "b"
    assert ("army", "military") in c.substitutions


def test_duplicate_ignores_whitespace_only() -> None:
    c = compare(ORIGINAL, "  " + ORIGINAL.replace(". ", ".\n\n") + "\n")
    assert c.relation == "duplicate"
    assert c.source is None
    assert c.coverage_a == c.coverage_b == 1.0


def test_near_duplicate_small_edit_and_boilerplate() -> None:
    edited = ORIGINAL.replace("Wednesday", "Tuesday") + (
        "\nFollow us on Facebook and Twitter. Subscribe to our free email newsletter."
    )
    c = compare(ORIGINAL, edited)
    assert c.relation == "near_duplicate"


def test_partial_reuse_inside_longer_text(newsroom: dict[str, str]) -> None:
    c = compare(newsroom["harbor-fire-wire"], newsroom["harbor-fire-roundup"])
    assert c.relation == "partial"
    assert 0.1 < c.coverage_a < 0.8
    copied = "The blaze broke out shortly after 1:40 a.m."
    wire, roundup = newsroom["harbor-fire-wire"], newsroom["harbor-fire-roundup"]
    assert any(
        copied in wire[s.a_start : s.a_end] and copied in roundup[s.b_start : s.b_end]
        for s in c.spans
    )


def test_free_rewrite_is_paraphrase(newsroom: dict[str, str]) -> None:
    c = compare(newsroom["council-budget"], newsroom["council-budget-rewrite"])
    assert c.relation == "paraphrase"
    assert c.is_copy


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("harbor-fire-wire", "harbor-fire-local"),
        ("harbor-fire-wire", "harbor-fire-radio"),
        ("harbor-fire-local", "harbor-fire-radio"),
        ("harbor-fire-spun", "harbor-fire-local"),
    ],
)
def test_independent_reports_are_same_story(newsroom: dict[str, str], a: str, b: str) -> None:
    c = compare(newsroom[a], newsroom[b])
    assert c.relation == "same_story"
    assert c.source is None
    assert not c.spans


@pytest.mark.parametrize(
    ("a", "b"), [("harbor-fire-wire", "marathon"), ("council-budget", "marathon")]
)
def test_different_events_are_unrelated(newsroom: dict[str, str], a: str, b: str) -> None:
    assert compare(newsroom[a], newsroom[b]).relation == "unrelated"


def test_spun_example_copy_names_the_wire(newsroom: dict[str, str]) -> None:
    c = compare(newsroom["harbor-fire-wire"], newsroom["harbor-fire-spun"])
    assert c.relation == "spun"
    assert c.source == "a"


def test_containment_points_to_the_shorter_text() -> None:
    extra = " ".join(
        f"Paragraph {k} adds new reporting about the local reaction." for k in range(30)
    )
    c = compare(ORIGINAL, ORIGINAL + "\n" + extra)
    assert c.is_copy
    assert c.source == "a"
    assert "contains" in c.source_reason


@pytest.mark.parametrize("text", ["", " ", "...", "a", "\x00\x01"])
def test_degenerate_texts_do_not_raise(text: str) -> None:
    c = compare(text, ORIGINAL)
    assert c.relation in unspin.RELATIONS
    assert c.relation not in COPY_RELATIONS


def test_scores_are_reported() -> None:
    c = compare(ORIGINAL, SPUN)
    for key in ("coverage_a", "coverage_b", "density", "story", "topic", "swap_share"):
        assert key in c.scores
    assert c.to_dict()["relation"] == "spun"


def test_long_profiles_keep_the_heaviest_terms_in_weight_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 450 terms with many equal weights: the 400 heaviest stay, heaviest first, ties by word
    tf = {f"term{k:03d}": 1 + k % 7 for k in range(450)}
    monkeypatch.setattr(topic, "_speedups", None)
    weighted = topic._weigh_python(tf)
    kept = topic._weigh(tf)
    want = sorted(weighted.items(), key=lambda kv: (-kv[1], kv[0]))[: topic.MAX_TOPIC_TERMS]
    assert list(kept.items()) == want
