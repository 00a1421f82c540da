"""Same-story evidence: do two texts report the same event, copy or not?

Two reports of one event name the same people, places and organisations, cite the same
numbers and dates, and use the same rare topic words. Each is measured as a cosine between
IDF-weighted bags (Salton & Buckley, 1988), with general-English word frequency (``wordfreq``)
standing in for corpus document frequencies, so one pair can be judged without a corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import mul, neg

from unspin.config import CONFIG
from unspin.native import speedups as _speedups
from unspin.text import Tokens, is_number, stopwords
from unspin.text.lexicon import zipf

MAX_ZIPF = CONFIG.story.max_zipf
"""IDF stand-in: weight = MAX_ZIPF - zipf(word); "the" (7.7) weighs nothing, names a lot."""
STORY_WEIGHTS = CONFIG.story.story_weights
"""Weights of the topic-word, name and number cosines in the ``story`` score."""
MAX_TOPIC_TERMS = CONFIG.story.max_topic_terms
"""Most-weighted terms kept per text: long documents would otherwise dilute the cosine."""


@dataclass(frozen=True, slots=True)
class Profile:
    """Weighted term bags of one text: topic words, named entities and numbers."""

    words: Mapping[str, float]
    names: Mapping[str, float]
    numbers: Mapping[str, float]


def _weight(word: str) -> float:
    return max(0.0, MAX_ZIPF - zipf(word)) if not is_number(word) else 4.0


_WEIGHTS: dict[str, float] = {}
"""``_weight`` of the words seen so far in this process: a plain dict lookup is cheaper than
an ``lru_cache`` call (this runs for every term of every analysed text)."""
MAX_CACHED_WEIGHTS = 500_000
"""The cache is emptied when it reaches this size (about 50 MB), so that a crawl with
millions of distinct tokens cannot grow a worker without bound."""


_BOUNDARY = frozenset('.!?\n"“:;')


def _starts_sentence(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\r'‘(":
        k -= 1
    return k < 0 or text[k] in _BOUNDARY


def profile(tokens: Tokens, text: str, skip: Sequence[bool] = ()) -> Profile:
    """Build the weighted bags of ``text`` (``tokens`` must come from the same text).

    A capitalised content word that does not start a sentence counts as a name. Tokens whose
    ``skip`` flag is set (boilerplate) are left out.
    """
    if _speedups is not None and type(tokens.words) is tuple and type(tokens.starts) is tuple:
        tf, names, numbers = _speedups.profile_counts(
            tokens.words, tokens.starts, text, skip, stopwords()
        )
    else:
        tf, names, numbers = _counts(tokens, text, skip)
    return Profile(_weigh(tf), _weigh(names), _weigh(numbers))


def _counts(
    tokens: Tokens, text: str, skip: Sequence[bool]
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Topic-word, name and number counts of :func:`profile` (the extension's twin)."""
    words, starts = tokens.words, tokens.starts
    kept: Iterable[tuple[str, int]]
    if any(skip):
        kept = [(w, s) for w, s, flag in zip(words, starts, skip, strict=True) if not flag]
        counts = Counter([w for w, _ in kept])
    else:
        kept = zip(words, starts, strict=True)
        counts = Counter(words)
    stop = stopwords()
    tf: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for word, n in counts.items():  # is_number and is_content, inlined: this runs per word
        if word[:1].isdigit():
            numbers[word] = n
        elif len(word) > 1 and word not in stop:
            tf[word] = n
    # a name: a capitalised content word that does not start a sentence
    names = Counter(
        w for w, s in kept if text[s].isupper() and w in tf and not _starts_sentence(text, s)
    )
    return tf, dict(names), numbers


_LOG_TF = [0.0] + [1.0 + math.log(n) for n in range(1, 64)]
"""``1 + log(n)`` for small counts, looked up instead of computed for every term."""


def _weigh(tf: Mapping[str, int]) -> dict[str, float]:
    if _speedups is not None and type(tf) is dict:
        weighted = _speedups.weigh_terms(tf, _WEIGHTS, _weight, MAX_CACHED_WEIGHTS)
    else:
        weighted = _weigh_python(tf)
    if len(weighted) <= MAX_TOPIC_TERMS:
        return weighted
    # heaviest first, ties by word: (-weight, word) pairs sort without a key function
    # (negation is exact, so the weights come back unchanged)
    top = sorted(zip(map(neg, weighted.values()), weighted, strict=True))[:MAX_TOPIC_TERMS]
    return {word: -weight for weight, word in top}


def _weigh_python(tf: Mapping[str, int]) -> dict[str, float]:
    """``(1 + log n) * idf`` per term (the extension's ``weigh_terms`` in Python)."""
    weights = _WEIGHTS
    weighted: dict[str, float] = {}
    for w, n in tf.items():
        idf = weights.get(w)
        if idf is None:
            if len(weights) >= MAX_CACHED_WEIGHTS:
                weights.clear()
            idf = weights[w] = _weight(w)
        weighted[w] = (_LOG_TF[n] if n < 64 else 1.0 + math.log(n)) * idf
    return weighted


def cosine(x: Mapping[str, float], y: Mapping[str, float]) -> float:
    """Cosine similarity of two sparse weighted bags (0 when either is empty)."""
    if not x or not y:
        return 0.0
    if len(x) > len(y):
        x, y = y, x
    # the shared terms in x's order, multiplied and summed at C level (same sum, same order)
    shared = list(filter(y.__contains__, x))
    dot: float = sum(map(mul, map(x.__getitem__, shared), map(y.__getitem__, shared)))
    nx = math.sqrt(sum(map(mul, x.values(), x.values())))
    ny = math.sqrt(sum(map(mul, y.values(), y.values())))
    return dot / (nx * ny)


def topic_scores(pa: Profile, pb: Profile) -> dict[str, float]:
    """Similarity of two profiles: ``topic`` (words), ``names``, ``numbers`` and ``story``."""
    words = cosine(pa.words, pb.words)
    names = cosine(pa.names, pb.names)
    numbers = cosine(pa.numbers, pb.numbers)
    # A part missing on either side (no names in a paywalled stub) is no evidence either way:
    # its weight goes to the parts both texts have.
    parts = [(STORY_WEIGHTS[0], words, True)]
    parts.append((STORY_WEIGHTS[1], names, bool(pa.names and pb.names)))
    parts.append((STORY_WEIGHTS[2], numbers, bool(pa.numbers and pb.numbers)))
    total = sum(w for w, _, present in parts if present)
    story = sum(w * v for w, v, present in parts if present) / total
    return {"topic": words, "names": names, "numbers": numbers, "story": story}
