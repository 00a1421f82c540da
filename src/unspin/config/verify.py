"""Thresholds of the verification stage (:mod:`unspin.verify`): passages, evidence, labels."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AlignConfig:
    """Seed-chain alignment of verbatim and lightly edited passages (:mod:`unspin.verify.align`)."""

    max_gap: int = 10
    """Largest step, in words on either side, between two linked seeds (``MAX_GAP`` in
    :mod:`unspin.verify.align`).
    """

    max_skew: int = 8
    """Largest difference between the steps on the two sides (insertions, multi-word swaps)
    (``MAX_SKEW`` in :mod:`unspin.verify.align`).
    """

    lookback: int = 60
    """How many earlier seeds a seed may link to (bounds the chaining cost) (``LOOKBACK`` in
    :mod:`unspin.verify.align`).
    """

    max_occurrences: int = 40
    """Words occurring more often than this in the other text do not seed (boilerplate, names)
    (``MAX_OCCURRENCES`` in :mod:`unspin.verify.align`).
    """

    min_chain_score: float = 4.0
    """A chain must score this much (about four matched content words) to become a passage
    (``MIN_CHAIN_SCORE`` in :mod:`unspin.verify.align`).
    """

    merge_gap: int = 25
    """Passages closer than this many words on both sides are fragments of one passage
    (``MERGE_GAP`` in :mod:`unspin.verify.align`).
    """

    max_substitution: int = 3
    """Longest run of words, per side, reported as one substitution (``MAX_SUBSTITUTION`` in
    :mod:`unspin.verify.align`).
    """

    region_covered: float = 0.8
    """A region whose a side is this much inside chained passages adds nothing: their edges win
    (``REGION_COVERED`` in :mod:`unspin.verify.align`).
    """

    touch_gap: int = 5
    """Boxes this close (in words) on both sides are pieces of one reordered passage
    (``TOUCH_GAP`` in :mod:`unspin.verify.align`).
    """

    bridge_gap: int = 80
    """Widest gap, in words on either side, that a bridge may span: about four sentences, since an
    obfuscated copy loses or gains whole clauses and sentences (the extension step of Sanchez-
    Perez, Sidorov & Gelbukh 2014 likewise joins seeds a few sentences apart) (``BRIDGE_GAP``
    in :mod:`unspin.verify.align`).
    """

    verbatim_density: float = 0.9
    """Passages at least this dense (share of identical words) count as copied word for word
    (``VERBATIM_DENSITY`` in :mod:`unspin.verify.align`).
    """


@dataclass(frozen=True)
class WindowConfig:
    """Order-free window alignment for reordered and reworded passages
    (:mod:`unspin.verify.windows`).
    """

    window: int = 10
    """Content words per window (about one sentence) (``WINDOW`` in
    :mod:`unspin.verify.windows`).
    """

    stride: int = 5
    """Content words between window starts (windows overlap by half) (``STRIDE`` in
    :mod:`unspin.verify.windows`).
    """

    stem: int = 6
    """Letters kept of a content word's stem (``STEM`` in :mod:`unspin.verify.windows`)."""

    seed_cosine: float = 0.33
    """tf-isf cosine a window pair needs to seed (Sanchez-Perez et al. 2014) (``SEED_COSINE`` in
    :mod:`unspin.verify.windows`).
    """

    seed_dice: float = 0.33
    """Dice of the term sets a window pair needs to seed (ibid.) (``SEED_DICE`` in
    :mod:`unspin.verify.windows`).
    """

    max_gap: int = 3
    """Largest distance, in windows, between neighbouring seeds of one cluster (``MAX_GAP`` in
    :mod:`unspin.verify.windows`).
    """

    cluster_cosine: float = 0.4
    """Cosine the two regions of a cluster must reach as wholes (ibid., th3) (``CLUSTER_COSINE``
    in :mod:`unspin.verify.windows`).
    """

    summary_support: float = 0.6
    """Share of a summary's windows that must seed: it is condensed sentence by sentence
    (``SUMMARY_SUPPORT`` in :mod:`unspin.verify.windows`).
    """

    min_words: int = 12
    """Regions shorter than this on either side are too small to matter (chance matches)
    (``MIN_WORDS`` in :mod:`unspin.verify.windows`).
    """

    summary_max_ratio: int = 20
    """A summary condenses its source at most this much (PAN 2013 summaries: about 3 to 20)
    (``SUMMARY_MAX_RATIO`` in :mod:`unspin.verify.windows`).
    """

    summary_reach: int = 6
    """Long-side gap of the summary pass, in multiples of the short side's extent
    (``SUMMARY_REACH`` in :mod:`unspin.verify.windows`).
    """

    summary_order: float = 0.7
    """Seed concordance a summary needs: summaries keep their source's order (Jing & McKeown 2000,
    cut-and-paste summarisation); several passages stitched together do not (``SUMMARY_ORDER``
    in :mod:`unspin.verify.windows`).
    """

    concordance_sample: int = 400
    """(``CONCORDANCE_SAMPLE`` in :mod:`unspin.verify.windows`)."""

    edge_run: int = 4
    """An edge word must start a run of ``EDGE_RUN`` content words of which most are shared
    (``EDGE_RUN`` in :mod:`unspin.verify.windows`).
    """


@dataclass(frozen=True)
class GateConfig:
    """The cheap passage gate before full alignment of long pairs (:mod:`unspin.verify.gate`)."""

    box: int = 48
    """Side of a box, in words on each text (``BOX`` in :mod:`unspin.verify.gate`)."""

    min_positions: int = 5
    """Fewest matched positions on each side of one box for alignment to be worth running
    (``MIN_POSITIONS`` in :mod:`unspin.verify.gate`).
    """

    max_occurrences: int = 40
    """Stems more frequent than this in the other text do not count (as in
    :mod:`unspin.verify.align`) (``MAX_OCCURRENCES`` in :mod:`unspin.verify.gate`).
    """

    min_words: int = 200
    """Texts shorter than this are always aligned: alignment is cheap on them, and a short text
    run through a heavy spinner can keep fewer matching stems than any box bar (three of the 81
    spinner paragraphs of the spinbot set would fail the test) (``MIN_WORDS`` in
    :mod:`unspin.verify.gate`).
    """


@dataclass(frozen=True)
class WholeCopyConfig:
    """Whole-copy shortcut for near-identical pairs (:mod:`unspin.verify.wholecopy`)."""

    min_matched: float = 0.7
    """Share of the longer text's words the common subsequence must hold. A spinner that swaps 40
    % of the content words still leaves about 78 % of all words in place (``MIN_MATCHED`` in
    :mod:`unspin.verify.wholecopy`).
    """

    min_words: int = 40
    """Shorter texts go to the general aligner: their passages need the stricter checks there
    (``MIN_WORDS`` in :mod:`unspin.verify.wholecopy`).
    """


@dataclass(frozen=True)
class SnapConfig:
    """Snapping passage edges to sentence boundaries (:mod:`unspin.verify.snap`)."""

    snap_words: int = 5
    """Largest move, in words, of a passage edge to the nearest sentence boundary outside it
    (``SNAP_WORDS`` in :mod:`unspin.verify.snap`).
    """


@dataclass(frozen=True)
class EvidenceConfig:
    """When an aligned passage counts as reuse (:mod:`unspin.verify.evidence`)."""

    min_reuse_words: int = 20
    """A passage must explain at least this many words per side to count as reuse
    (``MIN_REUSE_WORDS`` in :mod:`unspin.verify.evidence`).
    """

    min_explained: float = 0.62
    """Share of a passage's words that must be identical or synonym-swapped to count as reuse
    (``MIN_EXPLAINED`` in :mod:`unspin.verify.evidence`).
    """

    min_matched: int = 12
    """Words a passage must match in order, unless it keeps most of its wording in another order
    (``MIN_MATCHED`` in :mod:`unspin.verify.evidence`).
    """

    bag_min_kept: float = 0.75
    """Share of the shorter side's words that a shuffled passage (under ``MIN_MATCHED`` words in
    order) must keep in any order, function words included (containment, Broder 1997).
    Shuffling moves words and keeps them; an independent retelling keeps the facts (names,
    numbers, topic words) but changes the words around them (``BAG_MIN_KEPT`` in
    :mod:`unspin.verify.evidence`).
    """

    long_passage_words: int = 40
    """Passages this long may be a little looser: chance alignment does not reach that length
    (``LONG_PASSAGE_WORDS`` in :mod:`unspin.verify.evidence`).
    """

    long_min_explained: float = 0.55
    """(``LONG_MIN_EXPLAINED`` in :mod:`unspin.verify.evidence`)."""

    bag_anchors: tuple[tuple[int, float], ...] = ((35, 0.55), (70, 0.45))
    """(words on the shorter side, tf-isf cosine needed) at two lengths. Up to the longer anchor
    the cosine needed falls as ``1 / sqrt(words)``, the way chance similarity of two bags of
    words falls with their length, so short reordered passages need a much closer match than
    long ones; from the longer anchor on it stays at that anchor's cosine (``BAG_ANCHORS`` in
    :mod:`unspin.verify.evidence`).
    """

    bag_min_lift: float = 0.3
    """How far the passage's cosine must exceed the rest of the two texts' (same-story baseline)
    (``BAG_MIN_LIFT`` in :mod:`unspin.verify.evidence`).
    """

    min_prose: float = 0.6
    """Share of common words a bag-judged passage needs: lists of names (line-ups, cast lists)
    share their bag between independent reports, running prose does not (``MIN_PROSE`` in
    :mod:`unspin.verify.evidence`).
    """

    common_zipf: float = 3.0
    """Zipf frequency (Speer et al. 2018) from which a word counts as common English
    (``COMMON_ZIPF`` in :mod:`unspin.verify.evidence`).
    """

    summary_ratio: float = 2.5
    """A passage this many times longer on one side is a condensed (summary) reuse
    (``SUMMARY_RATIO`` in :mod:`unspin.verify.evidence`).
    """

    summary_min_words: int = 30
    """(``SUMMARY_MIN_WORDS`` in :mod:`unspin.verify.evidence`)."""

    summary_min_containment: float = 0.6
    """(``SUMMARY_MIN_CONTAINMENT`` in :mod:`unspin.verify.evidence`)."""

    summary_min_lift: float = 0.22
    """(``SUMMARY_MIN_LIFT`` in :mod:`unspin.verify.evidence`)."""


@dataclass(frozen=True)
class ParaphraseConfig:
    """Sentence-level rewrite check (:mod:`unspin.verify.paraphrase`,
    :mod:`unspin.verify.compare`).
    """

    min_topic_for_rewrite: float = 0.35
    """A rewrite keeps the vocabulary of its source: below this topic similarity, skip the check
    (``REWRITE_MIN_TOPIC`` in :mod:`unspin.verify.compare`).
    """

    min_sentence_sim: float = 0.5
    """Two sentences correspond when their shared weight reaches this share of the smaller one
    (``MIN_SENTENCE_SIM`` in :mod:`unspin.verify.paraphrase`).
    """

    min_coverage: float = 0.6
    """A rewrite covers at least this share of the shorter text's words with aligned sentences
    (``MIN_COVERAGE`` in :mod:`unspin.verify.paraphrase`).
    """

    min_long_coverage: float = 0.45
    """... and at least this share of the longer text's words (``MIN_LONG_COVERAGE`` in
    :mod:`unspin.verify.paraphrase`).
    """

    min_sentences: int = 4
    """Fewest aligned sentences for a paraphrase verdict (a few lines can agree by chance)
    (``MIN_SENTENCES`` in :mod:`unspin.verify.paraphrase`).
    """

    synonym_floor: float = 0.35
    """Synonyms are looked up only for sentence pairs already sharing this share of exact words
    (``SYNONYM_FLOOR`` in :mod:`unspin.verify.paraphrase`).
    """

    min_sentence_words: int = 5
    """Sentences with fewer content words (headlines, datelines, bylines) are not aligned
    (``MIN_SENTENCE_WORDS`` in :mod:`unspin.verify.paraphrase`).
    """

    fact_min_shared: int = 5
    """Fewest distinct facts (names, numbers) both texts give for a fact-order rewrite verdict
    (``MIN_SHARED`` in :mod:`unspin.verify.factorder`).
    """

    fact_min_coverage: float = 0.8
    """Share of the distinct facts of the text with fewer of them that the other text also
    gives, for a fact-order rewrite verdict: a rewrite keeps its source's facts, an
    independent report picks its own (``llm-rewrite-dev``, 2026-12-06: median 0.95 for LLM
    rewrites, 0.47 for same-story pairs, their 95th percentile 0.78; ``MIN_COVERAGE`` in
    :mod:`unspin.verify.factorder`).
    """

    fact_min_order: float = 0.7
    """Share of the shared facts that appear in the same order in both texts (longest
    increasing subsequence of first mentions): a rewrite follows its source, an independent
    report orders the facts its own way (``llm-rewrite-dev``: median 0.89 for rewrites, 0.62
    for same-story pairs; ``MIN_ORDER`` in :mod:`unspin.verify.factorder`).
    """

    fact_min_words: int = 40
    """Fewest words of the shorter text for a fact-order verdict: two sentences naming the same
    people are not a rewritten article (MSRP; ``MIN_WORDS`` in :mod:`unspin.verify.factorder`)."""

    fact_max_share: float = 0.25
    """Most shared facts per word of the shorter text for a fact-order rewrite verdict: where a
    quarter of the words are names and numbers the text is a list or a table (a roll call, vote
    ratings, theatre listings), whose names come in the form's own order, not a retelling (AP89
    scan, 2026-12-06: 248 of 501 fact-order verdicts; LLM rewrites at most 0.23; ``MAX_SHARE`` in
    :mod:`unspin.verify.factorder`).
    """

    chance_max_words: int = 120
    """A lone loose passage of fewer reused words (``MAX_WORDS`` in :mod:`unspin.verify.chance`)
    ..."""

    chance_max_density: float = 0.7
    """... and fewer identical words (``MAX_DENSITY`` in :mod:`unspin.verify.chance`) ..."""

    chance_min_topic: float = 0.35
    """... between texts at least this alike in topic is what two reports of one story share
    by chance, not reuse (``MIN_TOPIC`` in :mod:`unspin.verify.chance`; PAN 2013 cases of a
    lone loose passage have topic similarity 0.05-0.3, same-story pairs 0.3-0.65).
    """

    fact_direction_margin: int = 2
    """The original has this many more facts of its own ... (``DIRECTION_MARGIN``)."""

    fact_direction_ratio: float = 1.5
    """... and this many times as many: a rewrite leaves out details of its source and seldom
    adds facts (``DIRECTION_RATIO`` in :mod:`unspin.verify.factorder`).
    """


@dataclass(frozen=True)
class ClassifyConfig:
    """Relation labels from scores (:mod:`unspin.verify.classify`)."""

    full_coverage: float = 0.8
    """Share of the shorter text inside reused passages above which the whole text was copied
    (``FULL_COVERAGE`` in :mod:`unspin.verify.classify`).
    """

    near_duplicate_density: float = 0.9
    """Share of identical words in the reused passages above which edits are "small"
    (``NEAR_DUPLICATE_DENSITY`` in :mod:`unspin.verify.classify`).
    """

    spun_swap_share: float = 0.3
    """Share of substitutions that are thesaurus synonyms above which a copy counts as spun
    (``SPUN_SWAP_SHARE`` in :mod:`unspin.verify.classify`).
    """

    min_light_spin_swaps: int = 5
    """A near-verbatim copy with fewer synonym swaps than this is a near duplicate, not spun
    (``MIN_LIGHT_SPIN_SWAPS`` in :mod:`unspin.verify.classify`).
    """

    light_spin_rate: float = 0.03
    """... nor with synonym swaps on fewer than this share of the shorter text's words
    (``LIGHT_SPIN_RATE`` in :mod:`unspin.verify.classify`).
    """

    light_spin_swap_share: float = 0.5
    """... nor when fewer than half of its edits are synonym swaps (ordinary editing)
    (``LIGHT_SPIN_SWAP_SHARE`` in :mod:`unspin.verify.classify`).
    """

    spun_min_rate: float = 0.03
    """A spun copy swaps synonyms on at least this share of the shorter text's words
    (``SPUN_MIN_RATE`` in :mod:`unspin.verify.classify`; AP89, 2026-12-04: every one of the
    write-thrus and follow-ups sampled as ``spun`` swapped under 1 %).
    """

    revision_verbatim_share: float = 0.5
    """Share of reused words in near-verbatim passages from which a whole copy without
    dense swaps is a revision, ``partial`` (``REVISION_VERBATIM_SHARE`` in
    :mod:`unspin.verify.classify`).
    """

    rewrite_max_aligned: float = 0.3
    """A pair whose near-verbatim passages already cover this share of the shorter text is a
    revision or partial copy, never upgraded to ``paraphrase`` by the sentence-level rewrite
    check (``REWRITE_MAX_ALIGNED`` in :mod:`unspin.verify.compare`; AP89 audit,
    2026-12-04: AM/PM rewrites and same-day updates keeping paragraphs word for word).
    """

    summary_coverage: float = 0.5
    """A whole copy whose coverage of one text is under half its coverage of the other
    condenses it: ``partial`` (``SUMMARY_COVERAGE`` in :mod:`unspin.verify.classify`).
    """

    story_threshold: float = 0.2
    """``story`` score (see :mod:`unspin.story.profile`) above which two texts cover one event
    (``STORY_THRESHOLD`` in :mod:`unspin.verify.classify`).
    """


@dataclass(frozen=True)
class FactConfig:
    """Changed names and numbers: templates are not copies (:mod:`unspin.verify.facts`)."""

    min_fact_substitutions: int = 2
    """Fewest fact-for-fact substitutions for a template (``MIN_FACT_SUBSTITUTIONS`` in
    :mod:`unspin.verify.facts`).
    """

    min_fact_share: float = 0.5
    """Least share of a passage's substitutions that replace facts by facts
    (``MIN_FACT_SHARE`` in :mod:`unspin.verify.facts`).
    """

    min_changed_words: float = 0.05
    """Least share of a passage's words (both sides) inside fact substitutions
    (``MIN_CHANGED_WORDS`` in :mod:`unspin.verify.facts`).
    """

    list_fact_substitutions: int = 8
    """Fact-for-fact substitutions from which a passage may be a re-filled list
    (``LIST_FACT_SUBSTITUTIONS`` in :mod:`unspin.verify.facts`; AP89 Senate roll calls on two
    votes have 30-60).
    """

    list_fact_share: float = 0.8
    """... when they are at least this share of its substitutions (``LIST_FACT_SHARE``).
    """

    list_distinct: float = 0.5
    """Largest share of different substitutions in a re-filled form (``LIST_DISTINCT`` in
    :mod:`unspin.verify.facts`). AP89 audit, 2026-12-04: Senate roll calls on two votes repeat
    Yes/No swaps, 9-13 different ones among 19-47 (0.2-0.5); a spinner or an editor rarely
    makes one swap twice, so their share stays near 1.
    """

    max_kept_run: int = 40
    """A passage with this many words in a row free of substitutions keeps text, not only a
    frame: never a template (``MAX_KEPT_RUN`` in :mod:`unspin.verify.facts`; AP89 audit,
    2026-12-04: same-day market updates keep their analysis paragraphs).
    """

    sentence_start_zipf: float = 4.0
    """A capitalised sentence opener is a name only when rarer than this
    (``SENTENCE_START_ZIPF`` in :mod:`unspin.verify.facts`).
    """


@dataclass(frozen=True)
class DirectionConfig:
    """Which side is the original when dates do not decide (:mod:`unspin.verify.direction`)."""

    containment_growth: float = 1.25
    """The container must be this much longer than the contained text (``CONTAINMENT_GROWTH`` in
    :mod:`unspin.verify.direction`).
    """

    min_swaps: int = 3
    """Fewest substitutions for a word-choice vote (``MIN_SWAPS`` in
    :mod:`unspin.verify.direction`).
    """

    chars_per_unit: float = 4.0
    """Characters of a substitution that weigh as much as one Zipf unit of surprisal
    (``CHARS_PER_UNIT`` in :mod:`unspin.verify.direction`).
    """

    min_margin: float = 0.02
    """Smallest mean surprisal difference (per substitution) that decides the vote (``MIN_MARGIN``
    in :mod:`unspin.verify.direction`).
    """
