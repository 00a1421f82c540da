"""Compare two texts: the relation between them, the reused passages and the likely original.

The stages, each in its own module: tokenise (:mod:`unspin.text`), align passages
(:mod:`unspin.verify.align`), judge each passage (:mod:`unspin.verify.evidence`), snap reused
passages to sentence boundaries (:mod:`unspin.verify.snap`), measure same-story evidence
(:mod:`unspin.story.profile`), label (:mod:`unspin.verify.classify`) and pick the original
(:mod:`unspin.verify.direction`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from unspin.config import CONFIG
from unspin.models import COPY_RELATIONS, Comparison, Relation, Side, Span
from unspin.story.profile import Profile, profile, topic_scores
from unspin.text import Tokens, canonical, sentence_ranges, tokenize, word_extent
from unspin.text.boilerplate import boilerplate_mask
from unspin.verify.align import Judge, Passage, align
from unspin.verify.chance import by_chance
from unspin.verify.classify import classify
from unspin.verify.direction import containment, name_sides, word_choice
from unspin.verify.evidence import PassageEvidence, assess, to_span
from unspin.verify.factorder import FactOrder, aligned_blocks, fact_direction, fact_order
from unspin.verify.facts import FactReader, figures_kept, is_template
from unspin.verify.gate import may_share_passage
from unspin.verify.paraphrase import Rewrite, find_rewrite
from unspin.verify.quotation import split_quotations
from unspin.verify.snap import SentenceEdges, snap
from unspin.verify.wholecopy import whole_copy

REWRITE_CHECK = frozenset({"partial", "same_story"})
"""Verdicts that a sentence-level rewrite check may upgrade to ``paraphrase``."""
REWRITE_MIN_TOPIC = CONFIG.paraphrase.min_topic_for_rewrite
"""A rewrite keeps the vocabulary of its source: below this topic similarity, skip the check."""
REVISION_VERBATIM_SHARE = CONFIG.classify.revision_verbatim_share
"""Share of reused words in near-verbatim passages from which a partial copy is an edit of
its source, whose original containment, not the facts, tells."""
REWRITE_MAX_ALIGNED = CONFIG.classify.rewrite_max_aligned
"""Near-verbatim coverage of the shorter text from which a pair is a revision, not checked
for a rewrite."""
NO_DIRECTION = "no textual evidence of direction (no dates, no containment, no one-sided rewording)"


def compare(a: str, b: str) -> Comparison:
    """Compare texts ``a`` and ``b``.

    Parameters
    ----------
    a, b : str
        The two texts, as given; span offsets index into these strings.

    Returns
    -------
    Comparison
        The relation, the reused spans with their substitutions, each side's coverage, the
        scores behind the verdict, and which side is the likely original (``source``) and why.

    Examples
    --------
    >>> c = compare("Troops arrived in the region on Monday, officials said.",
    ...             "Troops arrived in the region on Monday, officials said.")
    >>> c.relation, c.coverage_a
    ('duplicate', 1.0)
    """
    if canonical(a) == canonical(b):
        return identical(a, b)
    return compare_analysed(analyse(a), analyse(b))


def identical(a: str, b: str) -> Comparison:
    """The verdict for two texts with the same canonical form, without analysing them.

    Equal to :func:`compare_analysed` on such texts: one verbatim span over all words.
    """
    a_start, a_end, n = word_extent(a)
    b_start, b_end, _ = word_extent(b)
    spans: tuple[Span, ...] = ()
    if n:
        spans = (Span(a_start, a_end, b_start, b_end, "verbatim", n, n, n),)
    scores = {"coverage_a": 1.0, "coverage_b": 1.0, "density": 1.0, "story": 1.0}
    reason = "identical texts: the text cannot tell which came first"
    return Comparison("duplicate", None, reason, spans, 1.0, 1.0, scores)


@dataclass(frozen=True, slots=True)
class Analysed:
    """A text with what every comparison needs of it, computed once (see :func:`analyse`)."""

    text: str
    tokens: Tokens
    profile: Profile
    canonical: str
    boilerplate: tuple[bool, ...]
    """Per token: inside a boilerplate sentence (:mod:`unspin.text.boilerplate`)."""
    sentences: tuple[tuple[int, int], ...]
    """Token ranges of the sentences (:func:`unspin.text.sentence_ranges`)."""

    @property
    def body_words(self) -> int:
        """Words outside boilerplate (all words if everything looks like boilerplate)."""
        return (len(self.tokens) - sum(self.boilerplate)) or len(self.tokens)


def analyse(text: str, canonical_form: str | None = None) -> Analysed:
    """Tokenise ``text``, mark its boilerplate and build its topic profile, once.

    ``canonical_form`` is ``canonical(text)`` when the caller has computed it already.
    """
    tokens = tokenize(text)
    sentences = tuple(sentence_ranges(tokens, text))
    mask = boilerplate_mask(tokens, text, sentences)
    canon = canonical(text) if canonical_form is None else canonical_form
    return Analysed(text, tokens, profile(tokens, text, mask), canon, mask, sentences)


def _in_boilerplate(ev: PassageEvidence, x: Analysed, y: Analysed) -> bool:
    p = ev.passage
    bp = sum(x.boilerplate[p.a_lo : p.a_hi]) + sum(y.boilerplate[p.b_lo : p.b_hi])
    return bp > 0.5 * (p.a_len + p.b_len)


def compare_analysed(
    x: Analysed, y: Analysed, names: tuple[str, str] = ("a", "b"), *, passages: bool = True
) -> Comparison:
    """:func:`compare` for texts prepared with :func:`analyse` (a scan reuses them).

    ``names`` are used for the two texts in ``source_reason`` (a scan passes the ids).
    ``passages=False`` skips word-level passage alignment, for pairs known to share no
    reused passage (a scan's same-story candidates without shared copy fingerprints).
    The verdict does not depend on argument order: the pair is always analysed in one
    canonical order and the result mirrored when needed.
    """
    if _order_key(y) < _order_key(x):
        return _mirror(_compare_ordered(y, x, (names[1], names[0]), passages))
    return _compare_ordered(x, y, names, passages)


def _passages(ta: Tokens, tb: Tokens) -> list[Passage]:
    """Aligned passages: whole copies by one LCS, the rest by the general aligner when the
    quick box test (:mod:`unspin.verify.gate`) says a passage is possible at all."""
    whole = whole_copy(ta.words, tb.words)
    if whole is not None:
        return whole
    if not may_share_passage(ta.words, tb.words):
        return []
    return align(ta.words, tb.words, _judge(ta, tb))


def _rewrite_spans(rewrite: Rewrite, x: Analysed, y: Analysed) -> tuple[Span, ...]:
    return _paraphrase_spans(rewrite.pairs, x, y)


def _paraphrase_spans(
    blocks: Iterable[tuple[tuple[int, int], tuple[int, int]]], x: Analysed, y: Analysed
) -> tuple[Span, ...]:
    """``paraphrase`` spans of aligned word ranges (sentences or sentence groups), with the
    number of distinct words both sides share."""
    ta, tb = x.tokens, y.tokens
    return tuple(
        Span(
            ta.starts[alo],
            ta.ends[ahi - 1],
            tb.starts[blo],
            tb.ends[bhi - 1],
            "paraphrase",
            len(set(ta.words[alo:ahi]) & set(tb.words[blo:bhi])),
            ahi - alo,
            bhi - blo,
        )
        for (alo, ahi), (blo, bhi) in blocks
    )


def _order_key(x: Analysed) -> tuple[int, str]:
    return (len(x.tokens), x.canonical)


def _swap_key(key: str) -> str:
    if key.endswith("_a"):
        return key[:-2] + "_b"
    if key.endswith("_b"):
        return key[:-2] + "_a"
    return key


def _mirror(c: Comparison) -> Comparison:
    """The same verdict seen from the other side: a and b swapped everywhere."""
    spans = tuple(
        Span(
            s.b_start,
            s.b_end,
            s.a_start,
            s.a_end,
            s.kind,
            s.matched_words,
            s.b_words,
            s.a_words,
            tuple((y, x) for x, y in s.substitutions),
        )
        for s in c.spans
    )
    source: Side | None = None if c.source is None else ("b" if c.source == "a" else "a")
    scores = {_swap_key(k): v for k, v in c.scores.items()}
    return Comparison(
        c.relation, source, c.source_reason, spans, c.coverage_b, c.coverage_a, scores
    )


def _compare_ordered(
    x: Analysed, y: Analysed, names: tuple[str, str], passages: bool
) -> Comparison:
    a, b, ta, tb = x.text, y.text, x.tokens, y.tokens
    if x.canonical == y.canonical:
        return identical(a, b)
    found = _passages(ta, tb) if passages else []
    evidence = [assess(p, ta.words, tb.words) for p in found]
    reused, shared_forms = _split_boilerplate([ev for ev in evidence if ev.is_reuse], x, y)
    reused, quotations = split_quotations(reused, x.text, x.tokens, y.text, y.tokens)
    reused = _snapped(reused, x, y)
    scores = _reuse_scores(reused, x, y)
    scores.update(topic_scores(x.profile, y.profile))
    relation = classify(scores, identical=False)
    spans = tuple(to_span(ev, ta, tb, a, b) for ev in reused)
    revision = scores["coverage_short"] * scores["verbatim_share"] >= REWRITE_MAX_ALIGNED
    # a text largely made of a shared form (a roll call, a table) re-filled with other facts
    # is not a rewrite either, however alike its lines read
    form = sum(ev.passage.a_len for ev in shared_forms) >= REWRITE_MAX_ALIGNED * len(ta)
    check = relation in REWRITE_CHECK and not (revision or form)
    facts: FactOrder | None = None
    if check and scores["topic"] >= REWRITE_MIN_TOPIC:
        rewrite = find_rewrite(ta, a, tb, b)
        if rewrite is not None:
            relation, spans = "paraphrase", _rewrite_spans(rewrite, x, y)
            scores.update(coverage_a=rewrite.coverage_a, coverage_b=rewrite.coverage_b)
            scores["sentence_similarity"] = rewrite.mean_similarity
    if check and relation != "paraphrase":
        facts = _facts(x, y, scores)
        if relation == "partial" and by_chance(scores, len(reused), facts):
            # one loose passage between reports of one story: no evidence of reuse
            reused, spans = [], ()
            scores.update(_reuse_scores(reused, x, y), chance_passage=1.0)
            relation = classify(scores, identical=False)
        if relation == "same_story" and facts.is_rewrite():
            relation, spans = "paraphrase", _fact_spans(facts, x, y, scores)
    if relation in COPY_RELATIONS:
        scores.update(figures_kept(spans, x.tokens, y.tokens))
    if shared_forms or quotations:
        forms = tuple(to_span(ev, ta, tb, a, b, kind="boilerplate") for ev in shared_forms)
        quoted = tuple(to_span(ev, ta, tb, a, b, kind="quotation") for ev in quotations)
        spans = tuple(sorted(spans + forms + quoted, key=lambda s: (s.a_start, s.b_start)))
    if relation == "paraphrase" and facts is None:
        facts = _facts(x, y, scores)
    source, template = _direction(
        relation, reused, scores, ta, tb, _retold(relation, facts, scores)
    )
    reason = name_sides(template, names)
    return Comparison(
        relation=relation,
        source=source,
        source_reason=reason,
        spans=spans,
        coverage_a=scores["coverage_a"],
        coverage_b=scores["coverage_b"],
        scores=scores,
    )


def _retold(
    relation: Relation, facts: FactOrder | None, scores: dict[str, float]
) -> FactOrder | None:
    """The shared facts when they, not containment, should name the original: in a
    paraphrase, and in a partial copy that does not keep its source's words (loose passages
    of a rewrite, which condenses as it likes: containment says nothing there)."""
    if facts is None or relation not in ("paraphrase", "partial"):
        return None
    if relation == "partial" and scores["verbatim_share"] >= REVISION_VERBATIM_SHARE:
        return None
    return facts


def _facts(x: Analysed, y: Analysed, scores: dict[str, float]) -> FactOrder:
    """The shared facts in order (:mod:`unspin.verify.factorder`), recorded in ``scores``."""
    found = fact_order(
        FactReader(x.text, x.tokens, x.sentences), FactReader(y.text, y.tokens, y.sentences)
    )
    scores.update(
        fact_shared=float(found.shared),
        fact_coverage=found.coverage,
        fact_order=found.order,
        facts_only_a=float(found.only_a),
        facts_only_b=float(found.only_b),
    )
    return found


def _fact_spans(
    facts: FactOrder, x: Analysed, y: Analysed, scores: dict[str, float]
) -> tuple[Span, ...]:
    """The sentences holding the in-order shared facts as ``paraphrase`` spans; their share of
    each text becomes its coverage."""
    ta, tb = x.tokens, y.tokens
    blocks = aligned_blocks(facts.chain, x.sentences, y.sentences)
    words_a = sum(hi - lo for (lo, hi), _ in blocks)
    words_b = sum(hi - lo for _, (lo, hi) in blocks)
    scores.update(
        coverage_a=min(1.0, words_a / max(1, len(ta))),
        coverage_b=min(1.0, words_b / max(1, len(tb))),
    )
    return _paraphrase_spans(((a, b) for a, b in blocks if a[1] > a[0] and b[1] > b[0]), x, y)


def _split_boilerplate(
    passages: Sequence[PassageEvidence], x: Analysed, y: Analysed
) -> tuple[list[PassageEvidence], list[PassageEvidence]]:
    """Reused passages, and those that are boilerplate: mostly stock sentences
    (:mod:`unspin.text.boilerplate`) or a shared form filled with other facts
    (:mod:`unspin.verify.facts`). Boilerplate is shown as spans of kind ``boilerplate`` and
    counts for nothing: not for coverage, not for the relation, not for the direction."""
    reused: list[PassageEvidence] = []
    forms: list[PassageEvidence] = []
    readers: tuple[FactReader, FactReader] | None = None
    for ev in passages:
        if _in_boilerplate(ev, x, y):
            forms.append(ev)
            continue
        if ev.passage.substitutions:
            if readers is None:
                readers = (
                    FactReader(x.text, x.tokens, x.sentences),
                    FactReader(y.text, y.tokens, y.sentences),
                )
            if is_template(ev.passage, *readers):
                forms.append(ev)
                continue
        reused.append(ev)
    return reused, forms


def _snapped(reused: Sequence[PassageEvidence], x: Analysed, y: Analysed) -> list[PassageEvidence]:
    """Reused passages with their edges moved to nearby sentence boundaries
    (:mod:`unspin.verify.snap`).
    """
    if not reused:
        return []
    ea = SentenceEdges(x.sentences)
    eb = SentenceEdges(y.sentences)
    return [replace(ev, passage=snap(ev.passage, ea, eb)) for ev in reused]


def _judge(ta: Tokens, tb: Tokens) -> Judge:
    """Whether a passage of ``ta`` and ``tb`` is reuse, for the aligner's bridging step."""
    return lambda p: assess(p, ta.words, tb.words).is_reuse


def _order(reused: Sequence[PassageEvidence]) -> float:
    """Share of reused words in passages that appear in the same order in both texts."""
    if not reused:
        return 0.0
    items = sorted((ev.passage.a_lo, ev.passage.b_lo, ev.passage.a_len) for ev in reused)
    best: list[int] = []
    for k, (_, b_lo, size) in enumerate(items):
        prior = [best[x] for x in range(k) if items[x][1] < b_lo]
        best.append(size + max(prior, default=0))
    return max(best) / max(1, sum(size for _, _, size in items))


def _reuse_scores(reused: Sequence[PassageEvidence], x: Analysed, y: Analysed) -> dict[str, float]:
    ta, tb = x.tokens, y.tokens
    len_a, len_b = max(1, x.body_words), max(1, y.body_words)
    words_a = sum(ev.passage.a_len for ev in reused)
    words_b = sum(ev.passage.b_len for ev in reused)
    matched = sum(ev.passage.matched for ev in reused)
    subs = sum(len(ev.passage.substitutions) for ev in reused)
    swaps = sum(ev.synonym_swaps for ev in reused)
    cov_a, cov_b = words_a / len_a, words_b / len_b
    return {
        "words_a": float(len(ta)),
        "words_b": float(len(tb)),
        "coverage_a": min(1.0, cov_a),
        "coverage_b": min(1.0, cov_b),
        "coverage_short": min(1.0, cov_a if len_a <= len_b else cov_b),
        "reused_words": float(min(words_a, words_b)),
        "density": 2 * matched / max(1, words_a + words_b),
        "explained": sum(ev.explained * ev.passage.a_len for ev in reused) / max(1, words_a),
        "swap_share": swaps / max(1, subs),
        "substitutions": float(subs),
        "order": _order(reused),
        "verbatim_share": sum(ev.passage.a_len for ev in reused if ev.passage.density >= 0.9)
        / max(1, words_a),
    }


def _substituted_runs(
    reused: Sequence[PassageEvidence], ta: Tokens, tb: Tokens
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [
        (ta.words[a_lo:a_hi], tb.words[b_lo:b_hi])
        for ev in reused
        for (a_lo, a_hi), (b_lo, b_hi) in ev.passage.substitutions
    ]


def _direction(
    relation: Relation,
    reused: Sequence[PassageEvidence],
    scores: dict[str, float],
    ta: Tokens,
    tb: Tokens,
    facts: FactOrder | None,
) -> tuple[Side | None, str]:
    if relation not in COPY_RELATIONS:
        return None, "not a copy"
    if facts is not None:
        # a free rewrite condenses or expands at will; what tells its source is the facts
        # it left out (:mod:`unspin.verify.factorder`)
        side, reason = fact_direction(facts)
        if side is not None:
            return side, reason
    side, reason = containment(scores["coverage_a"], scores["coverage_b"], len(ta), len(tb))
    if side is None:
        side, reason = word_choice(_substituted_runs(reused, ta, tb))
    return side, reason or NO_DIRECTION
