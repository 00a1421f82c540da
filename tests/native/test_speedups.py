"""The C speedups (``unspin.native._speedups``) give exactly what their Python twins give."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.candidates import sketch
from unspin.text import lexicon
from unspin.text import tokens as text
from unspin.text.words import stopwords
from unspin.verify import align, evidence, gate, paraphrase, windows

speedups = pytest.importorskip(
    "unspin.native._speedups",
    reason="unspin.native._speedups is not built (no C compiler at install time)",
)


def test_the_extension_is_built_where_ci_requires_it() -> None:
    # CI sets UNSPIN_REQUIRE_SPEEDUPS so that a broken build cannot pass as a skipped test
    if os.environ.get("UNSPIN_REQUIRE_SPEEDUPS"):
        assert text._speedups is speedups
        assert sketch._speedups is speedups


ASCII_WORDY = st.lists(
    st.sampled_from([*"aZq09'’-.,;: \n\t£—“”😀", "The", "IT'S", "s'", "1.5", "x" * 300, "'s"]),
    max_size=60,
).map("".join)


@given(ASCII_WORDY)
@settings(max_examples=400, deadline=None)
def test_tokenize_ascii_equals_the_python_path(value: str) -> None:
    assert text._ascii_words(value)
    assert text.Tokens(*speedups.tokenize_ascii(value)) == text._tokenize_ascii(value)


@given(ASCII_WORDY)
@settings(max_examples=300, deadline=None)
def test_word_extent_ascii_equals_the_tokens(value: str) -> None:
    tokens = text._tokenize_ascii(value)
    want = (tokens.starts[0], tokens.ends[-1], len(tokens)) if len(tokens) else (0, 0, 0)
    assert speedups.word_extent_ascii(value) == want


@pytest.mark.parametrize(
    "value",
    [
        "",
        "The mayor's office said 2.5 million, not 1,500 - and don’t forget the boss’ car.",
        "Ends with a separator: 3. Or, an apostrophe' or a hyphen-",
        "a" * 1000 + "'s and " + "b" * 255 + "'s",
    ],
)
def test_tokenize_ascii_examples(value: str) -> None:
    assert text.Tokens(*speedups.tokenize_ascii(value)) == text._tokenize_ascii(value)


ANY_TEXT = st.lists(
    st.sampled_from([*"ab AZ09'-.\n", "the", "and", "of", "Kursk", "é", "ß", "日本", "x" * 40]),
    max_size=50,
).map("".join)


CASED_TEXT = st.lists(
    # upper-case letters outside ASCII, U+0130 and U+03A3 (which str.lower() maps in full or
    # by context), a lone surrogate, a character beyond the BMP, a title-case digraph
    st.sampled_from(
        [*"aZ0 .'", "É", "ÿ", "\u0130", "\u03a3", "ΑΣ", "\ud800", "\U0001f600", "ǅ", "Ⅻ"]
    ),
    max_size=30,
).map("".join)


@given(st.lists(st.one_of(ANY_TEXT, CASED_TEXT), max_size=6))
@settings(max_examples=300, deadline=None)
def test_content_words_equals_the_numpy_path(texts: list[str]) -> None:
    encoded = [t.lower().encode("utf-8", errors="replace") for t in texts]
    fast = sketch.content_words(texts)
    slow = sketch._content_words_numpy(encoded)
    for got, want in zip(fast, slow, strict=True):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
    # the extension also takes texts lower-cased and encoded already
    assert speedups.content_words(encoded, sketch._stop_slots()) == speedups.content_words(
        texts, sketch._stop_slots()
    )


def test_content_words_rejects_bad_input() -> None:
    with pytest.raises(TypeError):
        speedups.content_words([42], sketch._stop_slots())
    with pytest.raises(ValueError, match="65536"):
        speedups.content_words([b"text"], np.zeros(3, dtype=np.uint64))
    with pytest.raises(TypeError):
        speedups.tokenize_ascii(b"bytes")


def _numpy_features(texts: list[str]) -> tuple[sketch.Packed, ...]:
    hashes, doc, numeric = sketch.content_words(texts)
    copies, chains = sketch._pair_fingerprints(hashes, doc, len(texts))
    stories = sketch._story_terms(hashes, doc, ~numeric, len(texts))
    return copies, stories, chains


STORY_TEXT = st.lists(
    st.sampled_from(
        ["Kursk", "troops", "the", "of", "2024", "zzqx", "Putin", "region", "said", "é", "\n"]
        + [f"w{k}" for k in range(30)]
    ),
    max_size=120,
).map(" ".join)


@given(st.lists(STORY_TEXT, max_size=8))
@settings(max_examples=300, deadline=None)
def test_sketch_features_equal_the_numpy_path(texts: list[str]) -> None:
    fast = sketch.sketch_packed(texts)
    slow = _numpy_features(texts)
    for got, want in zip(fast, slow, strict=True):
        np.testing.assert_array_equal(got.offsets, want.offsets)
        np.testing.assert_array_equal(got.values, want.values)
        assert got.values.dtype == np.uint64 and got.offsets.dtype == np.int64


def test_sketch_features_on_real_articles(seeds: dict[str, str]) -> None:
    texts = [seeds[name] for name in sorted(seeds)]
    fast = sketch.sketch_packed(texts)
    slow = _numpy_features(texts)
    assert len(fast[1].values) == sketch.STORY_TERMS * len(texts)  # capped per document
    for got, want in zip(fast, slow, strict=True):
        np.testing.assert_array_equal(got.offsets, want.offsets)
        np.testing.assert_array_equal(got.values, want.values)


def test_sketch_features_rejects_unsorted_documents() -> None:
    table = sketch._zipf_lookup()
    hashes = np.array([5, 6], dtype=np.uint64)
    doc = np.array([1, 0], dtype=np.int64)
    numeric = np.zeros(2, dtype=np.bool_)
    with pytest.raises(ValueError, match="sorted"):
        speedups.sketch_features(hashes, doc, numeric, 2, table, 4, 24, 4.5)
    with pytest.raises(ValueError, match="inconsistent"):
        speedups.sketch_features(hashes, doc[:1], numeric, 2, table, 4, 24, 4.5)
    with pytest.raises(ValueError, match="inconsistent"):  # not whole 16-byte slots
        speedups.sketch_features(hashes, doc, numeric, 2, table[:-8], 4, 24, 4.5)


PROFILE_TEXT = st.lists(
    st.sampled_from(
        [
            "Kursk",
            "kursk",
            "The",
            "the",
            "2024",
            "3rd",
            "Putin",
            "said",
            ".",
            "!",
            '"',
            "“",
            "‘",
            "(",
            ":",
            ";",
            "\n",
            " ",
            "  ",
            "\t",
            "'",
            "Ünal",
            "²",
            "A",
            "I",
            "x" * 5,
            "News-Wire",
        ]
    ),
    max_size=80,
).map(" ".join)


@given(PROFILE_TEXT, st.randoms(use_true_random=False))
@settings(max_examples=300, deadline=None)
def test_profile_counts_equal_the_python_path(value: str, rnd: object) -> None:
    from unspin.story.profile import _counts

    tokens = text.tokenize(value)
    skip = tuple(rnd.random() < 0.2 for _ in tokens.words)  # type: ignore[attr-defined]
    for flags in ((), skip):
        got = speedups.profile_counts(tokens.words, tokens.starts, value, flags, stopwords())
        want = _counts(tokens, value, flags)
        assert got == want
        assert [list(d) for d in got] == [list(d) for d in want]  # same insertion order


@given(
    st.dictionaries(st.sampled_from(["kursk", "the", "2024", "putin", "zzq"]), st.integers(1, 90))
)
@settings(max_examples=200, deadline=None)
def test_weigh_terms_equals_the_python_path(tf: dict[str, int]) -> None:
    from unspin.story import profile as topic

    got = speedups.weigh_terms(tf, {}, topic._weight, 3)
    want = topic._weigh_python(tf)
    assert list(got.items()) == list(want.items())  # bit-equal floats, same order


def test_weigh_terms_bounds_its_cache() -> None:
    from unspin.story import profile as topic

    cache: dict[str, float] = {}
    speedups.weigh_terms({"a1": 1, "b2": 2, "c3": 3}, cache, topic._weight, 2)
    assert len(cache) <= 2
    with pytest.raises(ValueError, match="positive"):
        speedups.weigh_terms({"a1": 0}, {}, topic._weight, 10)


SENTENCES = st.lists(
    st.sampled_from(
        [
            *[
                ".",
                "!",
                "?",
                "\n",
                "\t",
                "\x1c",
                "\xa0",
                "\u3000",
                '"',
                "'",
                "”",
                "’",
                ")",
                "“",
                "‘",
                "(",
                "—",
                "…",
                "£",
            ],
            " ",
            "The",
            "word",
            "A",
            "9",
            "x",
            "\u1c89",
            "\u2014",
            "\U00016130",
        ]
    ),
    max_size=60,
).map("".join)


def _python_ranges(value: str) -> list[tuple[int, int]]:
    tokens = text.tokenize(value)
    ranges, k = [], 0
    for _start, end in text.sentence_bounds(value):
        first = k
        while k < len(tokens) and tokens.starts[k] < end:
            k += 1
        if k > first:
            ranges.append((first, k))
    return ranges


@given(SENTENCES)
@settings(max_examples=500, deadline=None)
def test_sentence_ranges_equal_the_regex_path(value: str) -> None:
    got = speedups.sentence_ranges(value, text.tokenize(value).starts)
    if got is not None:  # None: undecided, the caller uses the regex
        assert got == _python_ranges(value)
    assert text.sentence_ranges(text.tokenize(value), value) == _python_ranges(value)


def test_sentence_ranges_know_where_this_python_cannot_decide() -> None:
    import regex

    # below U+1C89 and in General Punctuation, a character that is not alphanumeric for
    # Python is no capital or number for `regex` either: the extension decides those itself
    upper_or_number = regex.compile(r"[\p{Lu}\p{N}]")
    for code in [*range(128, 0x1C89), *range(0x2000, 0x2070)]:
        char = chr(code)
        if not char.isalnum():
            assert not upper_or_number.match(char), hex(code)
    assert speedups.sentence_ranges("One. \u1c89 two", (0, 5, 11)) is None
    assert speedups.sentence_ranges("One. Two", (0, 5)) == [(0, 1), (1, 2)]


def test_pure_python_switch_gives_the_same_scan(tmp_path: Path, seeds: dict[str, str]) -> None:
    # the whole pipeline twice in fresh interpreters, with and without the extension
    corpus = tmp_path / "seeds.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in sorted(seeds.items())),
        encoding="utf-8",
    )
    script = (
        "import json, sys, unspin; from unspin import native\n"
        "docs = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]\n"
        "result = unspin.scan(docs)\n"
        "print(native.speedups is None)\n"
        "print(json.dumps([p.to_dict() for p in result.pairs], sort_keys=True))\n"
    )
    outputs = []
    for pure in ("", "1"):
        env = {**os.environ, "UNSPIN_PURE_PYTHON": pure}
        run = subprocess.run(
            [sys.executable, "-c", script, str(corpus)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        switched_off, pairs = run.stdout.splitlines()
        assert switched_off == str(bool(pure))
        outputs.append(pairs)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])) > 0


@given(
    st.text(
        alphabet=st.sampled_from(
            [*"ab \t\n\r\x0b\x0c\x1c\x1f\x85\xa0", "\u2028", "\u3000", "é", "日", "\U0001f600"]
        ),
        max_size=40,
    )
)
@settings(max_examples=500, deadline=None)
def test_collapse_whitespace_equals_split_and_join(value: str) -> None:
    got = speedups.collapse_whitespace(value)
    want = " ".join(value.split())
    assert got == want
    assert got.isascii() == want.isascii()  # the compact form for its characters


def test_collapse_whitespace_keeps_the_smallest_representation() -> None:
    # a text whose only wide character is whitespace collapses to plain ASCII
    assert speedups.collapse_whitespace("a\u3000b") == "a b"
    assert speedups.collapse_whitespace("a\u3000b").isascii()
    assert {"a b": 1}[speedups.collapse_whitespace("\u2028a \xa0\u3000 b ")] == 1


@pytest.mark.parametrize(
    "value",
    ["Café fermé. Élysée next. naïve end.", "Ça va. 日本 news. Straße! Über alles.", "Zürich.\nÖl"],
)
def test_sentence_ranges_of_non_ascii_text(value: str) -> None:
    tokens = text.tokenize(value)
    assert text.sentence_ranges(tokens, value) == _python_ranges(value)
    # a non-ASCII capital right after a sentence end is left to the regular expression
    assert speedups.sentence_ranges("One. Élysée", (0, 5)) is None


SEEDS = st.lists(
    st.tuples(st.integers(0, 120), st.integers(0, 120), st.sampled_from([0.5, 1.0])),
    max_size=200,
).map(lambda xs: sorted(set(xs)))


@given(SEEDS)
@settings(max_examples=300, deadline=None)
def test_chain_scores_equal_the_python_programme(seeds: list[tuple[int, int, float]]) -> None:
    si, sj, sw = [s[0] for s in seeds], [s[1] for s in seeds], [s[2] for s in seeds]
    arrays = np.array(si, dtype=np.int64), np.array(sj, dtype=np.int64), np.array(sw)
    raw_score, raw_back = speedups.chain_scores(
        *arrays, align.LOOKBACK, align.MAX_GAP, align.MAX_SKEW
    )
    want_score, want_back = align._chain_scores(si, sj, sw)
    # the same bits, not merely close: chains and verdicts must not depend on the extension
    assert raw_score == want_score.tobytes()
    assert raw_back == want_back.tobytes()


def test_chain_scores_rejects_arrays_of_other_types_or_lengths() -> None:
    i = np.arange(3, dtype=np.int64)
    with pytest.raises(ValueError, match="one length"):
        speedups.chain_scores(i, i[:2], np.ones(3), 60, 10, 8)
    with pytest.raises(ValueError, match="one length"):
        speedups.chain_scores(i, i, np.ones(3, dtype=np.float32), 60, 10, 8)


U64 = st.integers(min_value=0, max_value=2**64 - 1)


@given(st.lists(U64, max_size=40), st.lists(U64, max_size=10))
@settings(max_examples=300, deadline=None)
def test_sorted_contains_equals_the_numpy_search(values: list[int], probes: list[int]) -> None:
    table = np.unique(np.array(values, dtype=np.uint64))
    # every member, its neighbours and unrelated keys, the extremes included
    keys = {*table.tolist(), *probes, 0, 2**64 - 1}
    keys |= {k + d for k in table.tolist() for d in (-1, 1) if 0 <= k + d < 2**64}
    for key in keys:
        assert speedups.sorted_contains(table, key) is lexicon._sorted_contains(table, key)
    assert {k for k in keys if speedups.sorted_contains(table, k)} == set(table.tolist())


def test_sorted_contains_rejects_bad_tables_and_keys() -> None:
    with pytest.raises(ValueError, match="uint64"):
        speedups.sorted_contains(b"\x00" * 12, 0)
    with pytest.raises(OverflowError):
        speedups.sorted_contains(np.zeros(2, dtype=np.uint64), -1)
    with pytest.raises(TypeError):
        speedups.sorted_contains(np.zeros(2, dtype=np.uint64), 1.5)


WORD_TUPLES = st.lists(
    st.sampled_from(
        [
            "the",
            "a",
            "cats",
            "cat",
            "glass",
            "bus",
            "ss",
            "s",
            "I",
            "émigrés",
            "émigré",
            "naïve",
            "running",
            "runner",
            "2.5",
            "x",
            "über",
            "caféss",
            "😀s",
            "abcdefghs",
            "abcdefgh",
            "of",
            "bass",
            "bas",
            "kiss",
            "kis",
        ]
    )
    | st.text(min_size=1, max_size=9),
    max_size=40,
).map(tuple)


@given(WORD_TUPLES, WORD_TUPLES)
@settings(max_examples=300, deadline=None)
def test_word_ids_equal_the_python_numbering(a: tuple[str, ...], b: tuple[str, ...]) -> None:
    raw = speedups.word_ids(a, b, stopwords())
    dtypes = (np.int64, np.int64, np.bool_)
    got = [np.frombuffer(part, dtype=dtype) for part, dtype in zip(raw, dtypes, strict=True)]
    for mine, want in zip(got, align._word_ids(a, b), strict=True):
        assert mine.tolist() == want.tolist()


@given(WORD_TUPLES, WORD_TUPLES)
@settings(max_examples=300, deadline=None)
def test_content_terms_equal_the_python_stems(a: tuple[str, ...], b: tuple[str, ...]) -> None:
    raw = speedups.content_terms(a, b, stopwords(), windows.STEM)
    (pa, ta), (pb, tb), count = windows._content_terms(a, b)
    got = [np.frombuffer(part, dtype=np.int64).tolist() for part in raw[:4]]
    assert got == [pa.tolist(), ta.tolist(), pb.tolist(), tb.tolist()]
    assert raw[4] == count


def test_word_and_stem_ids_reject_what_is_not_words() -> None:
    stop = stopwords()
    with pytest.raises(TypeError, match="str"):
        speedups.word_ids(("fine", 3), (), stop)
    with pytest.raises(TypeError, match="str"):
        speedups.content_terms((b"bytes",), (), stop, 6)
    with pytest.raises(ValueError, match="letters"):
        speedups.content_terms((), (), stop, 0)


@given(WORD_TUPLES, WORD_TUPLES)
@settings(max_examples=300, deadline=None)
def test_shared_words_equal_the_counter_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> None:
    assert speedups.shared_words(a, b) == evidence._shared_words(a, b)
    assert speedups.shared_words(a, a) == len(a)


def test_shared_words_counts_repeats_once_each() -> None:
    assert speedups.shared_words(("a", "a", "b"), ("a", "b", "b", "c")) == 2
    assert speedups.shared_words((), ("a",)) == 0
    with pytest.raises(TypeError):
        speedups.shared_words(["a"], ("a",))


VOCABULARY = [f"w{k}" for k in range(40)] + ["the", "of", "and"]
PASSAGES = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=60).map(tuple)


def _texts_sharing(
    shared: tuple[str, ...], a: tuple[str, ...], b: tuple[str, ...], cut: int
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Two word tuples around one shared passage; b also gets a condensed copy of a's start."""
    return a + shared + a[::2], b[:cut] + shared[::3] + b[cut:] + shared + a[: len(a) // 3]


def _python_regions(
    aligner: windows.WindowAligner, monkeypatch: pytest.MonkeyPatch
) -> list[windows.Region]:
    with monkeypatch.context() as patch:
        patch.setattr(windows, "_speedups", None)
        return aligner.regions()


@given(PASSAGES, PASSAGES, PASSAGES, st.integers(0, 60))
@settings(max_examples=300, deadline=None)
def test_window_regions_equal_the_numpy_search(
    shared: tuple[str, ...], a: tuple[str, ...], b: tuple[str, ...], cut: int
) -> None:
    ta, tb = _texts_sharing(shared, a, b, cut)
    aligner = windows.WindowAligner(ta, tb)
    with pytest.MonkeyPatch.context() as patch:
        assert aligner.regions() == _python_regions(aligner, patch)


def test_window_regions_of_real_articles_equal_the_numpy_search(
    seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    words = {k: text.tokenize(v).words for k, v in sorted(seeds.items())}
    found = 0
    for x, y in [(x, y) for x in words for y in words if x != y]:
        # each pair as given, and one text against a condensed (every other sentence) copy
        for a, b in ((words[x], words[y]), (words[x], words[x][::2] + words[y][:200])):
            aligner = windows.WindowAligner(a, b)
            native = aligner.regions()
            assert native == _python_regions(aligner, monkeypatch)
            found += len(native)
    assert found > 20


def test_window_regions_thin_large_groups_as_numpy_does(monkeypatch: pytest.MonkeyPatch) -> None:
    # a long verbatim copy gives one group of more than CONCORDANCE_SAMPLE seeds
    long_text = tuple(f"w{k % 997}x{k % 13}" for k in range(4 * windows.CONCORDANCE_SAMPLE * 5))
    aligner = windows.WindowAligner(long_text, long_text[::-1] + long_text)
    assert len(aligner.seeds_) > windows.CONCORDANCE_SAMPLE
    assert aligner.regions() == _python_regions(aligner, monkeypatch)


@given(
    st.lists(st.integers(0, 30), max_size=60),
    st.lists(st.integers(0, 30), max_size=60),
    st.lists(st.floats(-2, 5, allow_nan=False), min_size=31, max_size=31),
    st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
)
@settings(max_examples=500, deadline=None)
def test_window_similarity_equals_the_python_sums(
    a: list[int], b: list[int], isf: list[float], cuts: tuple[float, float, float, float]
) -> None:
    ta, tb = np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)
    weights = np.array(isf, dtype=np.float64)
    a_lo, a_hi = sorted(int(x * len(a)) for x in cuts[:2])
    b_lo, b_hi = sorted(int(x * len(b)) for x in cuts[2:])
    want = windows.similarity(ta, tb, weights, a_lo, a_hi, b_lo, b_hi)
    assert speedups.window_similarity(ta, tb, weights, a_lo, a_hi, b_lo, b_hi) == want


def test_window_search_rejects_what_it_cannot_index() -> None:
    terms = np.array([0, 1, 5], dtype=np.int64)
    isf = np.ones(3, dtype=np.float64)
    with pytest.raises(ValueError, match="vocabulary"):
        speedups.window_similarity(terms, terms, isf, 0, 3, 0, 3)
    with pytest.raises(ValueError, match="inside"):
        speedups.window_similarity(terms[:2], terms[:2], isf, -1, 2, 0, 2)
    with pytest.raises(ValueError, match="inside"):
        speedups.window_similarity(terms[:2], terms[:2], isf, 0, 3, 0, 2)
    aligner = windows.WindowAligner(("w1", "w2") * 20, ("w1", "w2") * 20)
    args = list(aligner._native_args())
    args[0] = args[0] + 10_000  # seeds past the last window
    with pytest.raises(ValueError, match="seed"):
        speedups.window_regions(*args)
    with pytest.raises(ValueError, match="int64"):
        speedups.window_regions(np.zeros(3, dtype=np.int32), *args[1:])


TERM_LISTS = st.lists(st.integers(0, 25), max_size=400)


@given(TERM_LISTS, TERM_LISTS, st.integers(0, 60), st.sampled_from([2, 3, 8, 48]))
@settings(max_examples=400, deadline=None)
def test_gate_box_equals_the_numpy_count(ta: list[int], tb: list[int], skip: int, box: int) -> None:
    # content words at gapped positions, as in a text with function words between them
    pa = np.arange(len(ta), dtype=np.int64) * 2 + skip
    pb = np.arange(len(tb), dtype=np.int64) * 3
    a, b = np.array(ta, dtype=np.int64), np.array(tb, dtype=np.int64)
    native = gate.box_counts(pa, a, pb, b, 26)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gate, "_speedups", None)
        patch.setattr(gate, "BOX", box)
        want = gate.box_counts(pa, a, pb, b, 26)
    assert speedups.gate_box(pa, a, pb, b, 26, gate.MAX_OCCURRENCES, box) == want
    if box == gate.BOX:
        assert native == want


def test_gate_box_on_real_articles(seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    words = [text.tokenize(v).words for _, v in sorted(seeds.items())]
    for a in words:
        for b in words:
            (pa, ta), (pb, tb), vocab = windows.content_terms(a, b)
            native = gate.box_counts(pa, ta, pb, tb, vocab)
            with monkeypatch.context() as patch:
                patch.setattr(gate, "_speedups", None)
                assert native == gate.box_counts(pa, ta, pb, tb, vocab)
                assert gate.may_share_passage(a, b) == (
                    min(native) >= gate.MIN_POSITIONS or min(len(a), len(b)) < gate.MIN_WORDS
                )


def test_gate_box_rejects_bad_arrays() -> None:
    terms = np.array([0, 3], dtype=np.int64)
    with pytest.raises(ValueError, match="vocabulary"):
        speedups.gate_box(terms, terms, terms, terms, 2, 40, 48)
    with pytest.raises(ValueError, match="one length"):
        speedups.gate_box(terms[:1], terms, terms, terms, 4, 40, 48)


@given(PASSAGES, PASSAGES, PASSAGES, st.integers(0, 60))
@settings(max_examples=300, deadline=None)
def test_window_seeds_equal_the_numpy_seeds(
    shared: tuple[str, ...], a: tuple[str, ...], b: tuple[str, ...], cut: int
) -> None:
    ta, tb = _texts_sharing(shared, a, b, cut)
    side_a, side_b, vocab = windows._sides(ta, tb)
    seeds, isf = windows._seeds(side_a, side_b, vocab)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(windows, "_speedups", None)
        want_seeds, want_isf = windows._seeds(side_a, side_b, vocab)
    assert seeds.tolist() == want_seeds.tolist()
    assert isf.tolist() == want_isf.tolist()


def test_window_seeds_of_real_articles(
    seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    words = [text.tokenize(v).words for _, v in sorted(seeds.items())]
    total = 0
    for a in words:
        for b in words:
            side_a, side_b, vocab = windows._sides(a, b[::2] + a[:150])
            got = windows._seeds(side_a, side_b, vocab)
            with monkeypatch.context() as patch:
                patch.setattr(windows, "_speedups", None)
                want = windows._seeds(side_a, side_b, vocab)
            assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()
            total += len(got[0])
    assert total > 100


def test_window_seeds_reject_bad_arrays() -> None:
    terms = np.array([0, 1, 2], dtype=np.int64)
    starts = np.array([0], dtype=np.int64)
    table = windows._isf_by_df(2)
    with pytest.raises(ValueError, match="vocabulary"):
        speedups.window_seeds(terms, starts, terms, starts, 2, 10, table, 0.33, 0.33)
    with pytest.raises(ValueError, match="window count"):
        speedups.window_seeds(terms, starts, terms, starts, 3, 10, table[:2], 0.33, 0.33)
    with pytest.raises(ValueError, match="start"):
        speedups.window_seeds(terms, starts + 9, terms, starts, 3, 10, table, 0.33, 0.33)


def _bags_key(bags: paraphrase._Bags) -> tuple[object, ...]:
    return (
        [(s.lo, s.hi, list(s.bag.items())) for s in bags.sentences],
        bags.rows.tolist(),
        bags.ids.tolist(),
        bags.weights.tolist(),
    )


def test_sentence_bags_equal_the_python_bags(
    seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for _, value in sorted(seeds.items()):
        for piece in (value, value[: len(value) // 3], value.upper(), "One. Two three. 4 5 6."):
            tokens = text.tokenize(piece)
            native = paraphrase._make_bags(tokens, piece)
            with monkeypatch.context() as patch:
                patch.setattr(paraphrase, "_speedups", None)
                assert _bags_key(native) == _bags_key(paraphrase._make_bags(tokens, piece))


def test_sentence_bags_reject_bad_input() -> None:
    words = ("alpha", "beta")
    with pytest.raises(ValueError, match="outside"):
        speedups.sentence_bags(words, [(0, 3)], {}, paraphrase._word_info, {}, 1)
    with pytest.raises(TypeError, match="must return"):
        speedups.sentence_bags(words, [(0, 2)], {}, lambda word: word, {}, 1)


@given(WORD_TUPLES, WORD_TUPLES)
@settings(max_examples=300, deadline=None)
def test_seed_matches_equal_the_numpy_seeds(a: tuple[str, ...], b: tuple[str, ...]) -> None:
    native = align.find_seeds(a + b, b + a[::2])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align, "_speedups", None)
        want = align.find_seeds(a + b, b + a[::2])
    assert [x.tolist() for x in native] == [x.tolist() for x in want]


def test_seed_matches_on_real_articles(
    seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    words = [text.tokenize(v).words for _, v in sorted(seeds.items())]
    for a in words:
        for b in words:
            native = align.find_seeds(a, b)
            with monkeypatch.context() as patch:
                patch.setattr(align, "MAX_OCCURRENCES", 3)
                few = align.find_seeds(a, b)
                patch.setattr(align, "_speedups", None)
                assert [x.tolist() for x in few] == [x.tolist() for x in align.find_seeds(a, b)]
                patch.setattr(align, "MAX_OCCURRENCES", align.CONFIG.align.max_occurrences)
                assert [x.tolist() for x in native] == [x.tolist() for x in align.find_seeds(a, b)]


def test_seed_matches_rejects_ids_without_flags() -> None:
    ids = np.array([0, 2], dtype=np.int64)
    with pytest.raises(ValueError, match="flag"):
        speedups.seed_matches(ids, ids, np.ones(2, dtype=np.bool_), 40)


@given(WORD_TUPLES, WORD_TUPLES)
@settings(max_examples=300, deadline=None)
def test_chain_boxes_equal_the_python_chains(a: tuple[str, ...], b: tuple[str, ...]) -> None:
    seeds = align.find_seeds(a + b + a, b + a[::2] + b)
    native = align.chain_boxes(seeds)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align, "_speedups", None)
        assert native == align.chain_boxes(seeds)


def test_chain_boxes_of_real_articles(
    seeds: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    words = [text.tokenize(v).words for _, v in sorted(seeds.items())]
    boxes = 0
    for a in words:
        for b in words:
            found = align.find_seeds(a, b)
            native = align.chain_boxes(found)
            with monkeypatch.context() as patch:
                patch.setattr(align, "_speedups", None)
                assert native == align.chain_boxes(found)
            boxes += len(native)
    assert boxes > 20
