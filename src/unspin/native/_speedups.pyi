from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

def content_words(
    texts: Sequence[str | bytes], slots: NDArray[np.uint64], /
) -> tuple[bytearray, bytearray, bytearray]: ...
def zipf_table(hashes: NDArray[np.uint64], zipfs: NDArray[np.float32], /) -> bytearray: ...
def sketch_features(
    hashes: NDArray[np.uint64],
    docs: NDArray[np.int64],
    numeric: NDArray[np.bool_],
    n_docs: int,
    table: bytearray,
    sample: int,
    story_terms: int,
    max_zipf: float,
    /,
) -> tuple[bytearray, bytearray, bytearray, bytearray, bytearray, bytearray]: ...
def profile_counts(
    words: tuple[str, ...],
    starts: tuple[int, ...],
    text: str,
    skip: Sequence[bool],
    stopwords: frozenset[str],
    /,
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]: ...
def weigh_terms(
    tf: dict[str, int], cache: dict[str, float], weight: Callable[[str], float], max_cached: int, /
) -> dict[str, float]: ...
def sentence_ranges(text: str, starts: tuple[int, ...], /) -> list[tuple[int, int]] | None: ...
def tokenize_ascii(text: str, /) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]: ...
def word_extent_ascii(text: str, /) -> tuple[int, int, int]: ...
def collapse_whitespace(text: str, /) -> str: ...
def chain_scores(
    i: NDArray[np.int64],
    j: NDArray[np.int64],
    w: NDArray[np.float64],
    lookback: int,
    max_gap: int,
    max_skew: int,
    /,
) -> tuple[bytearray, bytearray]: ...
def sorted_contains(table: NDArray[np.uint64], key: int, /) -> bool: ...
def word_ids(
    a: tuple[str, ...], b: tuple[str, ...], stopwords: frozenset[str], /
) -> tuple[bytearray, bytearray, bytearray]: ...
def content_terms(
    a: tuple[str, ...], b: tuple[str, ...], stopwords: frozenset[str], letters: int, /
) -> tuple[bytearray, bytearray, bytearray, bytearray, int]: ...
def shared_words(a: tuple[str, ...], b: tuple[str, ...], /) -> int: ...
def window_regions(
    seeds_a: NDArray[np.int64],
    seeds_b: NDArray[np.int64],
    pos_a: NDArray[np.int64],
    terms_a: NDArray[np.int64],
    starts_a: NDArray[np.int64],
    pos_b: NDArray[np.int64],
    terms_b: NDArray[np.int64],
    starts_b: NDArray[np.int64],
    isf: NDArray[np.float64],
    params: tuple[int, int, int, int, int, int, int, int, float, float, float, float],
    /,
) -> list[tuple[int, int, int, int, float, float, float, float]]: ...
def window_similarity(
    terms_a: NDArray[np.int64],
    terms_b: NDArray[np.int64],
    isf: NDArray[np.float64],
    a_lo: int,
    a_hi: int,
    b_lo: int,
    b_hi: int,
    /,
) -> tuple[float, float]: ...
def gate_box(
    pos_a: NDArray[np.int64],
    terms_a: NDArray[np.int64],
    pos_b: NDArray[np.int64],
    terms_b: NDArray[np.int64],
    vocab: int,
    max_occurrences: int,
    box: int,
    /,
) -> tuple[int, int]: ...
def window_seeds(
    terms_a: NDArray[np.int64],
    starts_a: NDArray[np.int64],
    terms_b: NDArray[np.int64],
    starts_b: NDArray[np.int64],
    vocab: int,
    width: int,
    isf_by_df: NDArray[np.float64],
    seed_dice: float,
    seed_cosine: float,
    /,
) -> tuple[bytearray, bytearray, bytearray]: ...
def sentence_bags(
    words: tuple[str, ...],
    ranges: list[tuple[int, int]],
    cache: dict[str, tuple[str, float]],
    info: Callable[[str], tuple[str, float]],
    stem_ids: dict[str, int],
    min_words: int,
    /,
) -> tuple[list[tuple[int, int, dict[str, float]]], bytearray, bytearray, bytearray]: ...
def seed_matches(
    xa: NDArray[np.int64],
    xb: NDArray[np.int64],
    content: NDArray[np.bool_],
    max_occurrences: int,
    /,
) -> tuple[bytearray, bytearray, bytearray]: ...
def chain_boxes(
    i: NDArray[np.int64],
    j: NDArray[np.int64],
    w: NDArray[np.float64],
    lookback: int,
    max_gap: int,
    max_skew: int,
    min_score: float,
    /,
) -> list[list[int]]: ...
