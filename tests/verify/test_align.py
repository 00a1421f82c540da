"""Passage alignment on small synthetic cases: verbatim, spun, shuffled, condensed, none."""

from __future__ import annotations

import difflib
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import top_n_list

from unspin import compare
from unspin.native import arrays
from unspin.text import tokenize
from unspin.verify import align as align_module
from unspin.verify.align import align
from unspin.verify.windows import align_windows

VOCAB = tuple(w for w in top_n_list("en", 12_000)[2_000:] if w.isalpha())
"""Mid-frequency English words: random text from them shares few words by chance."""

PASSAGE = (
    "The council approved a new budget for the harbour on Tuesday after a long debate. "
    "Members agreed to repair the old bridge and to build a larger station near the market. "
    "The mayor said the work would begin in spring and would cost about twelve million pounds. "
    "Local traders welcomed the plan but warned that the roadworks could hurt their business. "
    "A final vote on the design of the station is expected before the end of the year."
)


def filler(seed: int, words: int) -> str:
    """Unrelated text: sentences of random words from VOCAB."""
    rng = random.Random(seed)
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        body = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(8, 16)))
        sentences.append(body.capitalize() + ".")
    return " ".join(sentences)


def embed(passage: str, seed: int, before: int = 1500, after: int = 1500) -> tuple[str, int]:
    """``passage`` between two stretches of filler; returns the text and the passage's offset."""
    head = filler(seed, before) + " "
    return head + passage + " " + filler(seed + 1, after), len(head)


def test_verbatim_passage_found_with_offsets() -> None:
    a, at = embed(PASSAGE, 1)
    b, bt = embed(PASSAGE, 17, before=600, after=2500)
    c = compare(a, b)
    assert c.is_copy
    assert len(c.spans) == 1
    span = c.spans[0]
    assert span.kind == "verbatim"
    end = len(PASSAGE) - 1  # spans end at the last word, before the final full stop
    assert (span.a_start, span.a_end) == (at, at + end)
    assert (span.b_start, span.b_end) == (bt, bt + end)


def test_spun_passage_found_with_substitutions() -> None:
    swaps = {
        "approved": "sanctioned",
        "long": "lengthy",
        "repair": "mend",
        "larger": "bigger",
        "begin": "start",
        "cost": "price",
        "welcomed": "greeted",
        "warned": "cautioned",
        "final": "last",
    }
    spun = " ".join(swaps.get(w, w) for w in PASSAGE.split(" "))
    a, at = embed(PASSAGE, 2)
    b, _ = embed(spun, 19)
    c = compare(a, b)
    assert c.is_copy
    span = max(c.spans, key=lambda s: s.a_words)
    assert abs(span.a_start - at) <= 4 and abs(span.a_end - (at + len(PASSAGE))) <= 10
    found = {(x.lower(), y.lower()) for x, y in span.substitutions}
    assert len(found & set(swaps.items())) >= 5


def test_shuffled_passage_is_one_span() -> None:
    sentences = PASSAGE.split(". ")
    shuffled = ". ".join([sentences[i] for i in (3, 0, 4, 2, 1)])
    a, at = embed(PASSAGE, 3)
    b, _ = embed(shuffled, 13)
    c = compare(a, b)
    assert c.is_copy
    assert len(c.spans) == 1
    span = c.spans[0]
    assert span.a_start <= at + 4 and span.a_end >= at + len(PASSAGE) - 10


def test_unrelated_texts_have_no_passage() -> None:
    a, b = filler(21, 3000), filler(22, 3000)
    assert align(tokenize(a).words, tokenize(b).words) == []
    assert not compare(a, b).is_copy


def test_short_stock_phrase_is_not_reuse() -> None:
    phrase = "the council approved a new budget for the harbour on Tuesday"
    a, _ = embed(phrase, 4, before=300, after=300)
    b, _ = embed(phrase, 14, before=300, after=300)
    assert not compare(a, b).spans


@pytest.mark.parametrize("seed", [31, 32])
def test_windows_find_condensed_passage(seed: int) -> None:
    long_src = filler(seed, 40) + " " + " ".join([PASSAGE] * 1) + " " + filler(seed + 5, 40)
    summary = (
        "The council approved a harbour budget. Members agreed to repair the bridge and build a "
        "larger station near the market. Traders welcomed the plan but warned about roadworks."
    )
    a = filler(seed + 1, 400) + " " + summary + " " + filler(seed + 2, 400)
    regions = align_windows(tokenize(a).words, tokenize(long_src).words)
    assert regions
    start = len(tokenize(filler(seed + 1, 400)).words)
    assert any(r.a_lo <= start + 3 and r.a_hi > start + 15 for r in regions)


def _with_clause(words: int) -> str:
    """PASSAGE with an unrelated clause of ``words`` words after its second sentence."""
    sentences = PASSAGE.split(". ")
    clause = " ".join(filler(41, words + 20).split()[:words]) + "."
    return ". ".join(sentences[:2]) + ". " + clause + " " + ". ".join(sentences[2:])


def _obfuscated() -> str:
    """PASSAGE with every fourth word deleted, as a random obfuscation does."""
    return " ".join(w for k, w in enumerate(PASSAGE.split(" ")) if k % 4 != 3)


def test_passage_split_by_inserted_clause_is_bridged() -> None:
    a, at = embed(_obfuscated(), 5, before=400, after=400)
    b, bt = embed(_with_clause(28), 15, before=400, after=400)
    ta, tb = tokenize(a), tokenize(b)
    assert len(align(ta.words, tb.words)) == 2  # the clause is wider than MERGE_GAP
    c = compare(a, b)
    assert len(c.spans) == 1
    span = c.spans[0]
    assert (span.a_start, span.b_start) == (at, bt)
    assert span.a_end >= at + len(_obfuscated()) - 10


def test_bridge_needs_the_judge_to_accept_the_union() -> None:
    a, _ = embed(_obfuscated(), 5, before=400, after=400)
    b, _ = embed(_with_clause(28), 15, before=400, after=400)
    ta, tb = tokenize(a), tokenize(b)
    assert len(align(ta.words, tb.words, lambda p: False)) == 2
    assert len(align(ta.words, tb.words, lambda p: True)) == 1


def test_verbatim_pieces_around_an_inserted_paragraph_stay_apart() -> None:
    updated = _with_clause(40)
    c = compare(PASSAGE, updated)
    assert c.relation == "near_duplicate"
    assert len(c.spans) == 2
    assert all(s.kind == "verbatim" for s in c.spans)


IDS = st.lists(st.integers(min_value=0, max_value=29), max_size=25)


@given(IDS, IDS)
@settings(max_examples=200, deadline=None)
def test_table_membership_equals_numpy_isin(values: list[int], members: list[int]) -> None:
    got = arrays.isin(np.array(values, dtype=np.int64), np.array(members, dtype=np.int64), 30)
    assert got.tolist() == np.isin(values, members).tolist()


@given(
    st.lists(st.sampled_from(["a", "b", "c", "the", "of", "x", "y"]), max_size=80),
    st.lists(st.sampled_from(["a", "b", "c", "the", "of", "x", "z"]), max_size=80),
)
@settings(max_examples=300, deadline=None)
def test_passages_use_difflibs_matching_blocks(a: list[str], b: list[str]) -> None:
    # cydifflib (align's SequenceMatcher) must give the standard library's blocks exactly
    want = difflib.SequenceMatcher(None, tuple(a), tuple(b), autojunk=False)
    got = align_module.SequenceMatcher(None, tuple(a), tuple(b), autojunk=False)
    assert [tuple(m) for m in got.get_matching_blocks()] == [
        tuple(m) for m in want.get_matching_blocks()
    ]
