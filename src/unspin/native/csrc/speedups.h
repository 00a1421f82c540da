/* Declarations shared by the C sources of unspin.native._speedups (see module.c). */
#ifndef UNSPIN_SPEEDUPS_H
#define UNSPIN_SPEEDUPS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* groups.c: positions of one text grouped by term (the matches of unspin.verify.align and
 * unspin.verify.gate) */
typedef struct {
    int64_t *count; /* occurrences of each term */
    int64_t *first; /* the term's first entry in `at` */
    int64_t *at;    /* values (positions) grouped by term, each group in input order */
} TermGroups;
int term_groups(const int64_t *terms, const int64_t *values, Py_ssize_t n, Py_ssize_t vocab,
                TermGroups *out);
void term_groups_free(TermGroups *groups);
int check_term_ids(const int64_t *a, Py_ssize_t na, const int64_t *b, Py_ssize_t nb,
                   Py_ssize_t vocab, const char *message);

/* align.c: unspin.verify.align */
PyObject *chain_scores(PyObject *self, PyObject *args);
PyObject *chain_boxes(PyObject *self, PyObject *args);
PyObject *seed_matches(PyObject *self, PyObject *args);

/* bags.c: unspin.verify.paraphrase */
PyObject *sentence_bags(PyObject *self, PyObject *args);

/* gate.c: unspin.verify.gate */
PyObject *gate_box(PyObject *self, PyObject *args);

/* lexicon.c: unspin.text.lexicon */
PyObject *sorted_contains(PyObject *self, PyObject *args);

/* sketch.c: unspin.candidates.sketch */
PyObject *content_words(PyObject *self, PyObject *args);
PyObject *zipf_table(PyObject *self, PyObject *args);
PyObject *sketch_features(PyObject *self, PyObject *args);

/* text.c: unspin.text */
PyObject *tokenize_ascii(PyObject *self, PyObject *arg);
PyObject *word_extent_ascii(PyObject *self, PyObject *arg);
PyObject *sentence_ranges(PyObject *self, PyObject *args);
PyObject *collapse_whitespace(PyObject *self, PyObject *arg);

/* topic.c: unspin.story.profile */
PyObject *profile_counts(PyObject *self, PyObject *args);
PyObject *weigh_terms(PyObject *self, PyObject *args);

/* windows.c: unspin.verify.windows */
PyObject *window_regions(PyObject *self, PyObject *args);
PyObject *window_similarity(PyObject *self, PyObject *args);
PyObject *window_seeds(PyObject *self, PyObject *args);

/* vocab.c: unspin.verify.align, unspin.verify.windows */
PyObject *word_ids(PyObject *self, PyObject *args);
PyObject *content_terms(PyObject *self, PyObject *args);
PyObject *shared_words(PyObject *self, PyObject *args);

#endif
