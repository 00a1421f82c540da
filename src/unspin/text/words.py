"""Word classes and stems: which words carry meaning, and the reduced forms that match them.

Every stage that looks at words asks the same questions, answered here once: is it a function
word (``assets/stopwords.txt``), a content word, a number, and what is its stem. Two stemmers
serve two granularities of matching:

* :func:`crude_stem` (plural ``s`` dropped, cut to ``STEM_LETTERS`` letters; truncation
  stemming as in McNamee & Mayfield 2004) for the order-free window aligner and the passage
  gate, where translation variants and inflections must meet
  (:mod:`unspin.verify.windows`, :mod:`unspin.verify.gate`). The C extension's
  ``content_terms`` and ``word_ids`` apply the same rule inside their loops
  (``unspin/native/csrc/vocab.c``, tested equal in ``tests/native/test_speedups.py``).
* :func:`suffix_stem` (``-ing``, ``-ed``, ``-es``, ``-s`` dropped when three letters remain)
  for the sentence bags of the rewrite check (:mod:`unspin.verify.paraphrase`), where whole
  words should still be told apart ("troop" / "troops" meet, "govern" / "government" do not).

The content-word test is ``len(word) > 1 and word not in stopwords()``; the hot loops that
inline it (:mod:`unspin.story.profile`, the C extension) say so where they do.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from unspin.config import CONFIG

STEM_LETTERS = CONFIG.windows.stem
"""Letters kept by :func:`crude_stem` (:attr:`unspin.config.WindowConfig.stem`)."""


def asset_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file shipped in ``unspin/text/assets``."""
    files = resources.files("unspin.text").joinpath("assets")
    raw = files.joinpath(name).read_text(encoding="utf-8")
    return [line for line in raw.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English function words (``assets/stopwords.txt``)."""
    return frozenset(w for line in asset_lines("stopwords.txt") for w in line.split())


def is_content(word: str) -> bool:
    """True for a word that can carry meaning on its own (not a function word, not one letter)."""
    return len(word) > 1 and word not in stopwords()


def is_number(word: str) -> bool:
    """True for a numeric token such as ``2024`` or ``1,500``."""
    return word[:1].isdigit()


@lru_cache(maxsize=1 << 18)
def crude_stem(word: str) -> str:
    """Plural ``s`` dropped (not ``ss``), then cut to ``STEM_LETTERS`` letters.

    Cached: called for every content word of every compared pair.
    """
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:STEM_LETTERS]


def suffix_stem(word: str) -> str:
    """``word`` without one of the endings ``ing``, ``ed``, ``es``, ``s`` (first that fits),
    when at least three letters remain: plural and verb endings vary freely in rewrites
    ("troop" / "troops", "fight" / "fighting")."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
