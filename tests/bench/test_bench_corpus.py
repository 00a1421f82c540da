"""Tests of the synthetic benchmark corpus (bench/corpus.py, issue 5)."""

from __future__ import annotations

import json
import random
import sys
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402

pytestmark = [
    pytest.mark.issue(5),
    pytest.mark.skipif(not corpus.DEFAULT_BBC.exists(), reason="BBC eval data absent"),
]

N_DOCS = 400


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], list[dict]]:
    out = tmp_path_factory.mktemp("corpus") / "c.jsonl"
    info = corpus.build_corpus(N_DOCS, 7, out)
    docs = {str(d["id"]): str(d["text"]) for d in _read(info.corpus)}
    return docs, _read(info.truth)


@pytest.fixture(scope="module")
def spinner() -> corpus.Spinner:
    return corpus._material(corpus.DEFAULT_BBC)[1]


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = corpus.build_corpus(120, 3, tmp_path / "a.jsonl")
    b = corpus.build_corpus(120, 3, tmp_path / "b.jsonl")
    c = corpus.build_corpus(120, 4, tmp_path / "c.jsonl")
    assert a.corpus.read_bytes() == b.corpus.read_bytes()
    assert a.truth.read_bytes() == b.truth.read_bytes()
    assert a.corpus.read_bytes() != c.corpus.read_bytes()


def test_all_kinds_planted_with_expected_shares(built: tuple[dict, list]) -> None:
    docs, truth = built
    assert len(docs) == N_DOCS
    kinds = [t["kind"] for t in truth]
    assert {k: kinds.count(k) for k in corpus.KINDS} == {
        "exact": 8,
        "near": 8,
        "spun": 8,
        "partial": 4,
    }
    assert all(t["a"] in docs and t["b"] in docs and t["a"] != t["b"] for t in truth)


def test_copies_are_published_after_their_original(tmp_path: Path) -> None:
    info = corpus.build_corpus(200, 1, tmp_path / "c.jsonl")
    published = {d["id"]: d["published"] for d in _read(info.corpus)}
    assert all(published[t["a"]] < published[t["b"]] for t in _read(info.truth))


def test_exact_copy_has_same_text_and_near_copy_differs_slightly(built: tuple[dict, list]) -> None:
    docs, truth = built
    for t in truth:
        a, b = docs[t["a"]].split(), docs[t["b"]].split()
        if t["kind"] == "exact":
            assert docs[t["a"]] == docs[t["b"]]
        elif t["kind"] == "near":
            assert a != b
            assert abs(len(a) - len(b)) <= 0.05 * len(a) + 16  # edits plus a boilerplate line


def test_spinner_changes_20_to_40_percent_of_eligible_words(built: tuple[dict, list]) -> None:
    _, truth = built
    spun = [t for t in truth if t["kind"] == "spun"]
    for t in spun:
        ratio = t["changed"] / t["eligible"]
        assert 0.2 - 1 / t["eligible"] <= ratio <= 0.4 + 1 / t["eligible"]


def test_spun_copy_keeps_sentence_order_and_length(built: tuple[dict, list]) -> None:
    docs, truth = built
    for t in (t for t in truth if t["kind"] == "spun"):
        a, b = docs[t["a"]], docs[t["b"]]
        assert a.count("\n\n") == b.count("\n\n")
        assert len(a.split()) == len(b.split())
        changed = sum(x != y for x, y in zip(a.split(), b.split(), strict=True))
        assert 0 < changed <= t["changed"]


def test_spinner_keeps_capitalisation_and_uses_single_words(spinner: corpus.Spinner) -> None:
    sentences = ["Officials said the decision was difficult and the outcome uncertain."]
    out, changed, eligible = spinner.spin(sentences, 1.0, random.Random(0))
    assert changed == eligible > 0
    assert out[0][0].isupper()
    assert len(out[0].split()) == len(sentences[0].split())


def test_partial_copy_embeds_consecutive_sentences(built: tuple[dict, list]) -> None:
    docs, truth = built
    for t in (t for t in truth if t["kind"] == "partial"):
        a, b = docs[t["a"]].split(), docs[t["b"]].split()
        match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
        shared = " ".join(a[match.a : match.a + match.size])
        assert 3 <= t["sentences"] <= 6
        assert sum(shared.count(end) for end in ".!?") >= 3  # several sentences in a row
        assert match.size < min(len(a), len(b)) / 2  # amid other material


def test_unrelated_articles_share_no_long_passage(built: tuple[dict, list]) -> None:
    docs, truth = built
    planted = {d for t in truth for d in (t["a"], t["b"])}
    background = [docs[d].split() for d in sorted(docs) if d not in planted][:12]
    for a, b in pairwise(background):
        match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
        assert match.size < 12


def test_articles_are_about_600_words(built: tuple[dict, list]) -> None:
    docs, _ = built
    lengths = sorted(len(text.split()) for text in docs.values())
    assert 450 <= lengths[len(lengths) // 2] <= 750
    assert lengths[len(lengths) // 20] >= 250
    assert lengths[-len(lengths) // 20] <= 1000
