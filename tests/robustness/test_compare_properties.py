"""Property tests for compare(): symmetric, offsets inside the texts, never raises."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin import RELATIONS, compare

WORDS = st.sampled_from(
    [
        "the",
        "army",
        "said",
        "troops",
        "arrived",
        "on",
        "Monday",
        "in",
        "the",
        "region",
        "officials",
        "fake",
        "news",
        "report",
        "military",
        "units",
        "border",
        "incursion",
        "2024",
        "Kursk",
        "Putin",
        "treaty",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(WORDS, min_size=0, max_size=80).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=TEXTS, b=TEXTS)
def test_relation_is_symmetric_and_offsets_valid(a: str, b: str) -> None:
    ab, ba = compare(a, b), compare(b, a)
    assert ab.relation in RELATIONS
    assert ab.relation == ba.relation
    assert {ab.source, ba.source} in ({None}, {"a", "b"})
    for span in ab.spans:
        assert 0 <= span.a_start <= span.a_end <= len(a)
        assert 0 <= span.b_start <= span.b_end <= len(b)


CONTENT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=9)


@settings(max_examples=60, deadline=None)
@given(a=st.lists(CONTENT, min_size=25, max_size=60, unique=True), data=st.data())
def test_copy_with_one_edit_is_a_copy(a: list[str], data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(a) - 1))
    b = list(a)
    b[k] = "zebra"
    c = compare(" ".join(a), " ".join(b))
    assert c.relation in ("duplicate", "near_duplicate", "spun", "paraphrase")


def test_megabyte_inputs_return_in_bounded_time() -> None:
    words = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet " * 20000).split()
    a = " ".join(words)[:1_000_000]
    b = ("x" * 999_999) + "\n"
    start = time.perf_counter()
    compare(a, b)
    compare(a, a[::-1])
    assert time.perf_counter() - start < 120
