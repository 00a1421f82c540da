"""Chance passages: what two reports of one story share without either copying the other.

Two independent reports of one event use the same names, numbers and topic words, often in
the same kind of lead sentence ("X was sentenced on Saturday to ... for the killing of ...").
The word-level aligner, which bridges gaps with thesaurus synonyms, then finds a passage of
20-100 words in which only about half of the words are identical: not reuse, but the density
of shared details that same-story pairs have anyway. On the ``llm-rewrite-dev`` same-story
pairs (2026-12-06) such a lone loose passage made 31 of the 43 false ``partial`` verdicts;
the disguised reuse of PAN 2013 (random and translation obfuscation) looks alike passage by
passage, but there the texts share nothing else (topic similarity 0.05-0.3 against 0.3-0.65).

So a ``partial`` verdict that rests on **one** passage that is short, loose (few identical
words, nothing word for word) and found between texts that share their topic and the names
of their story anyway (at least five facts), and whose texts do not retell each other's
facts in order (:mod:`unspin.verify.factorder`), is
not evidence of reuse: the pair is judged on its same-story evidence alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from unspin.config import CONFIG
from unspin.verify.factorder import MIN_SHARED, FactOrder

MAX_WORDS = CONFIG.paraphrase.chance_max_words
"""A chance passage has fewer reused words than this."""
MAX_DENSITY = CONFIG.paraphrase.chance_max_density
"""... and fewer than this share of identical words ..."""
MIN_TOPIC = CONFIG.paraphrase.chance_min_topic
"""... between texts at least this alike in topic."""
MAX_VERBATIM = CONFIG.classify.revision_verbatim_share
"""Reuse with this share of its words in near-verbatim stretches is never by chance."""


def by_chance(scores: Mapping[str, float], passages: int, facts: FactOrder) -> bool:
    """Whether the reuse behind a ``partial`` verdict is what same-story reports share by
    chance (see the module docstring); ``passages`` is the number of reused passages."""
    return (
        passages == 1
        and scores["reused_words"] < MAX_WORDS
        and scores["density"] < MAX_DENSITY
        and scores["verbatim_share"] < MAX_VERBATIM
        and scores["topic"] >= MIN_TOPIC
        and facts.shared >= MIN_SHARED
        and facts.coverage < CONFIG.paraphrase.fact_min_coverage
    )
