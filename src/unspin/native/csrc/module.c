/*
 * unspin.native._speedups: the hot loops of a scan in C. Optional: where it is not built (no C
 * compiler) or switched off (UNSPIN_PURE_PYTHON=1), unspin runs the pure-Python and numpy
 * twins of these functions, and tests/native/test_speedups.py holds every pair to the same output.
 *
 * sketch.c  word hashing, copy fingerprints, chains and story terms (unspin.candidates.sketch): one loop
 *           over the bytes instead of a dozen numpy passes with 8-byte temporaries per byte.
 * text.c    tokens and word extent of text whose letters and digits are ASCII, sentence
 *           breaks and whitespace collapsing (unspin.text): no regular expression, no match
 *           object or string per word where none is needed.
 * topic.c   the term counts and weights of a topic profile (unspin.story.profile).
 * align.c   the seeds of passage alignment and their chaining programme (unspin.verify.align).
 * bags.c    the weighted sentence bags of the rewrite check (unspin.verify.paraphrase).
 * gate.c    the box test of the passage gate (unspin.verify.gate): matched positions counted per
 *           box of four shifted grids in one call.
 * lexicon.c the thesaurus lookup: binary search of a sorted hash array (unspin.text.lexicon).
 * windows.c the window aligner (unspin.verify.windows): seed window pairs, then the region
 *           search (seed clustering, trimmed regions, their similarity), one call each.
 * vocab.c   word and stem ids shared by the two texts of an alignment (unspin.verify.align,
 *           unspin.verify.windows): one C loop instead of a dict call per word from Python; the
 *           multiset overlap of two passages (unspin.verify.evidence).
 *
 * Only the CPython C API is used (no numpy headers): arrays come back as bytearrays that
 * numpy reads with frombuffer, without a copy. docs/performance.md has the measurements.
 */
#include "speedups.h"

static PyMethodDef methods[] = {
    {"content_words", content_words, METH_VARARGS,
     "content_words(texts, slots) -> (hashes, docs, numeric) as bytearrays of uint64, int64 "
     "and bool: the content words of str texts as text.lower().encode('utf-8', 'replace') "
     "gives them, or of bytes lower-cased already (see unspin.candidates.sketch)."},
    {"zipf_table", zipf_table, METH_VARARGS,
     "zipf_table(hashes, zipfs) -> table: an open-addressing lookup table for "
     "sketch_features."},
    {"sketch_features", sketch_features, METH_VARARGS,
     "sketch_features(hashes, docs, numeric, n_docs, table, sample, "
     "story_terms, max_zipf) -> (copy values, copy offsets, story values, story offsets, "
     "chain values, chain offsets): unspin.candidates.sketch's features of content words."},
    {"profile_counts", profile_counts, METH_VARARGS,
     "profile_counts(words, starts, text, skip, stopwords) -> (tf, names, numbers): the term "
     "counts of unspin.story.profile.profile."},
    {"weigh_terms", weigh_terms, METH_VARARGS,
     "weigh_terms(tf, cache, weight, max_cached) -> dict: (1 + log n) * idf per term."},
    {"sentence_ranges", sentence_ranges, METH_VARARGS,
     "sentence_ranges(text, starts) -> list of (first, last) token ranges, or None when "
     "undecided: unspin.text.sentence_ranges."},
    {"word_extent_ascii", word_extent_ascii, METH_O,
     "word_extent_ascii(text) -> (start, end, count): unspin.text.word_extent for text whose "
     "letters and digits are all ASCII, without building the words."},
    {"collapse_whitespace", collapse_whitespace, METH_O,
     "collapse_whitespace(text) -> str: ' '.join(text.split()) in one allocation."},
    {"chain_scores", chain_scores, METH_VARARGS,
     "chain_scores(i, j, w, lookback, max_gap, max_skew) -> (score, back) as bytearrays of "
     "float64 and int64: the seed-chaining programme of unspin.verify.align."},
    {"window_regions", window_regions, METH_VARARGS,
     "window_regions(seeds_a, seeds_b, pos_a, terms_a, starts_a, pos_b, terms_b, starts_b, "
     "isf, params) -> list of (a_lo, a_hi, b_lo, b_hi, cosine, containment, support, order): "
     "unspin.verify.windows.WindowAligner.regions."},
    {"window_seeds", window_seeds, METH_VARARGS,
     "window_seeds(terms_a, starts_a, terms_b, starts_b, vocab, width, isf_by_df, seed_dice, "
     "seed_cosine) -> (seeds_a, seeds_b, isf) as bytearrays of int64, int64 and float64: "
     "unspin.verify.windows._seeds."},
    {"window_similarity", window_similarity, METH_VARARGS,
     "window_similarity(terms_a, terms_b, isf, a_lo, a_hi, b_lo, b_hi) -> (cosine, "
     "containment): unspin.verify.windows.similarity."},
    {"chain_boxes", chain_boxes, METH_VARARGS,
     "chain_boxes(i, j, w, lookback, max_gap, max_skew, min_score) -> list of [a_lo, a_hi, "
     "b_lo, b_hi]: the boxes of the best disjoint seed chains (unspin.verify.align)."},
    {"seed_matches", seed_matches, METH_VARARGS,
     "seed_matches(xa, xb, content, max_occurrences) -> (i, j, w) as bytearrays of int64, "
     "int64 and float64: the seeds of unspin.verify.align.find_seeds from word ids."},
    {"word_ids", word_ids, METH_VARARGS,
     "word_ids(a, b, stopwords) -> (xa, xb, content) as bytearrays of int64, int64 and bool: "
     "ids of the words of a and b by first occurrence, and per id whether it is content."},
    {"content_terms", content_terms, METH_VARARGS,
     "content_terms(a, b, stopwords, letters) -> (pos_a, terms_a, pos_b, terms_b, count): "
     "positions of content words and ids of their stems (unspin.verify.windows.content_terms)."},
    {"shared_words", shared_words, METH_VARARGS,
     "shared_words(a, b) -> int: size of the multiset intersection of two word tuples."},
    {"sentence_bags", sentence_bags, METH_VARARGS,
     "sentence_bags(words, ranges, cache, info, stem_ids, min_words) -> (kept, rows, ids, "
     "weights): the sentence bags of unspin.verify.paraphrase._make_bags."},
    {"gate_box", gate_box, METH_VARARGS,
     "gate_box(pos_a, terms_a, pos_b, terms_b, vocab, max_occurrences, box) -> (matched, "
     "best): the box count of unspin.verify.gate.may_share_passage."},
    {"sorted_contains", sorted_contains, METH_VARARGS,
     "sorted_contains(table, key) -> bool: whether the ascending uint64 buffer holds the "
     "integer key (binary search)."},
    {"tokenize_ascii", tokenize_ascii, METH_O,
     "tokenize_ascii(text) -> (words, starts, ends): unspin.text.tokenize for text whose "
     "letters and digits are all ASCII."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "unspin.native._speedups",
    "Hot loops of unspin in C (optional; see unspin.candidates.sketch and unspin.text).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModule_Create(&module);
}
