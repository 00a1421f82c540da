"""Hand-computed checks of the measures in bench/metrics.py (no eval data needed)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.metrics import (  # noqa: E402
    Annotation,
    adjusted_rand_index,
    bcubed,
    case_recall,
    granularity,
    groups_of,
    macro_recall,
    partition,
    plagdet,
)


def ann(start: int, end: int, doc: str = "d1") -> Annotation:
    return Annotation(doc, start, end)


# --- PlagDet (Potthast et al. 2010) -------------------------------------------------------


def test_plagdet_exact_match_is_one() -> None:
    score = plagdet([ann(10, 110)], [ann(10, 110)])
    assert (score.precision, score.recall, score.granularity) == (1.0, 1.0, 1.0)
    assert score.plagdet == 1.0
    assert score.detected_cases == 1


def test_plagdet_split_detection_is_penalised_by_granularity() -> None:
    score = plagdet([ann(0, 100)], [ann(0, 50), ann(50, 100)])
    assert score.precision == 1.0
    assert score.recall == 1.0
    assert score.granularity == 2.0
    assert score.plagdet == pytest.approx(1 / math.log2(3))


def test_plagdet_half_detected_case() -> None:
    score = plagdet([ann(0, 100)], [ann(0, 50)])
    assert score.recall == 0.5
    assert score.precision == 1.0
    assert score.plagdet == pytest.approx(2 / 3)


def test_plagdet_overlong_detection_loses_precision() -> None:
    score = plagdet([ann(0, 100)], [ann(0, 200)])
    assert score.recall == 1.0
    assert score.precision == 0.5
    assert score.plagdet == pytest.approx(2 / 3)


def test_plagdet_false_detection_in_other_document() -> None:
    score = plagdet([ann(0, 100)], [ann(0, 100), ann(0, 100, doc="d2")])
    assert score.recall == 1.0
    assert score.precision == 0.5  # macro: mean of 1 and 0 over the two detections
    assert score.granularity == 1.0


def test_plagdet_is_macro_averaged_over_cases() -> None:
    cases = [ann(0, 100), ann(0, 10, doc="d2")]
    score = plagdet(cases, [ann(0, 100)])
    assert score.recall == 0.5  # micro recall would be 100 / 110
    assert score.precision == 1.0


def test_plagdet_overlapping_detections_are_not_double_counted() -> None:
    score = plagdet([ann(0, 100)], [ann(0, 60), ann(40, 100)])
    assert score.recall == 1.0
    assert score.precision == 1.0
    assert score.granularity == 2.0


def test_plagdet_without_detections_is_zero() -> None:
    score = plagdet([ann(0, 100)], [])
    assert score.plagdet == 0.0
    assert score.granularity == 1.0
    assert score.detections == 0


def test_plagdet_two_sided_exact_match() -> None:
    case = Annotation("d1", 0, 100, src=(500, 600))
    assert plagdet([case], [Annotation("d1", 0, 100, src=(500, 600))]).plagdet == 1.0


def test_plagdet_two_sided_needs_overlap_on_both_sides() -> None:
    case = Annotation("d1", 0, 100, src=(500, 600))
    score = plagdet([case], [Annotation("d1", 0, 100, src=(0, 100))])
    assert (score.recall, score.precision, score.detected_cases) == (0.0, 0.0, 0)


def test_plagdet_two_sided_counts_characters_of_both_documents() -> None:
    case = Annotation("d1", 0, 100, src=(500, 600))
    score = plagdet([case], [Annotation("d1", 0, 100, src=(500, 550))])
    assert score.recall == 0.75  # (100 + 50) / (100 + 100)
    assert score.precision == 1.0  # all 150 detected characters are in the case


def test_macro_recall_empty_conventions() -> None:
    assert macro_recall([], []) == 1.0
    assert macro_recall([ann(0, 5)], []) == 0.0
    assert macro_recall([], [ann(0, 5)]) == 0.0


def test_granularity_counts_only_detected_cases() -> None:
    cases = [ann(0, 100), ann(200, 300), ann(400, 500)]
    detections = [ann(0, 30), ann(30, 60), ann(60, 100), ann(200, 300)]
    assert granularity(cases, detections) == 2.0  # (3 + 1) / 2 detected cases


def test_case_recall_thresholds() -> None:
    cases = [ann(0, 100), ann(200, 300)]
    detections = [ann(0, 60), ann(200, 220)]
    assert case_recall(cases, detections, min_share=0.5) == 0.5
    assert case_recall(cases, detections, min_share=0.0) == 1.0
    assert case_recall([], detections) == 1.0


# --- B-cubed (Bagga & Baldwin 1998) -------------------------------------------------------

GOLD = {"1": "A", "2": "A", "3": "A", "4": "B", "5": "B"}


def test_bcubed_perfect_clustering() -> None:
    score = bcubed(GOLD, {k: v.lower() for k, v in GOLD.items()})
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_bcubed_all_in_one_cluster() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    score = bcubed(gold, dict.fromkeys(gold, "x"))
    assert score.precision == 0.5
    assert score.recall == 1.0
    assert score.f1 == pytest.approx(2 / 3)


def test_bcubed_all_singletons() -> None:
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    score = bcubed(gold, {k: k for k in gold})
    assert score.precision == 1.0
    assert score.recall == 0.5
    assert score.f1 == pytest.approx(2 / 3)


def test_bcubed_worked_example() -> None:
    # Item scores (P, R): 1,2 -> (1, 2/3); 3 -> (1/3, 1/3); 4,5 -> (2/3, 1).
    predicted = {"1": "x", "2": "x", "3": "y", "4": "y", "5": "y"}
    score = bcubed(GOLD, predicted)
    assert score.precision == pytest.approx(11 / 15)
    assert score.recall == pytest.approx(11 / 15)
    assert score.f1 == pytest.approx(11 / 15)


def test_bcubed_missing_items_are_singletons() -> None:
    score = bcubed({"a": 1, "b": 1}, {"a": "x"})
    assert score.precision == 1.0
    assert score.recall == 0.5


# --- Adjusted Rand index (Hubert & Arabie 1985) ------------------------------------------


def labels(values: list[int]) -> dict[str, int]:
    return {str(i): v for i, v in enumerate(values)}


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ([0, 0, 1, 1], [1, 1, 0, 0], 1.0),  # same partition, renamed
        ([0, 0, 1, 2], [0, 0, 1, 1], 4 / 7),  # sum C(n_ij,2)=1, E=1/3, max=3/2
        ([0, 0, 0, 0], [0, 1, 2, 3], 0.0),
        ([0, 1, 2, 3], [0, 1, 2, 3], 1.0),  # all singletons on both sides
        ([0, 0, 0, 1, 1], [0, 0, 1, 1, 1], 1 / 6),  # index 2, E 1.6, max 4
    ],
)
def test_adjusted_rand_index(gold: list[int], predicted: list[int], expected: float) -> None:
    assert adjusted_rand_index(labels(gold), labels(predicted)) == pytest.approx(expected)


def test_adjusted_rand_index_is_symmetric() -> None:
    a, b = labels([0, 0, 1, 1, 2, 2, 2]), labels([0, 1, 1, 1, 2, 2, 0])
    assert adjusted_rand_index(a, b) == pytest.approx(adjusted_rand_index(b, a))


# --- partitions -------------------------------------------------------------------------


def test_groups_ignore_singletons_and_names() -> None:
    mapping = {"a": "a", "b": "a", "c": "c", "d": "x"}
    assert groups_of(mapping) == partition([["b", "a"], ["c"]])
    assert groups_of(mapping) != partition([["a", "b", "c"]])


# --- the real data, when it is next to the repository --------------------------------------

EVAL_DIR = ROOT.parent / "shared" / "eval"


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="../shared/eval is not present")
def test_bbc_has_one_hundred_exact_duplicate_pairs() -> None:
    from bench.evaldata import exact_duplicate_pairs, load_bbc

    assert len(exact_duplicate_pairs(load_bbc(EVAL_DIR))) == 100


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="../shared/eval is not present")
def test_pan13_part05_cases_with_spans() -> None:
    from bench.evaldata import load_pan13_cases

    cases = [c for c in load_pan13_cases(EVAL_DIR) if c.part.startswith("05")]
    assert sum(1 for c in cases if c.spans) == 238
