/* Positions of one text grouped by term: a counting sort shared by the seed matches of
 * unspin.verify.align (align.c) and the box test of unspin.verify.gate (gate.c). */
#include "speedups.h"

/* Group values[k] (k when values is NULL) by terms[k] < vocab, keeping input order within a
 * term. Returns -1 with MemoryError set on failure; free with term_groups_free. */
int
term_groups(const int64_t *terms, const int64_t *values, Py_ssize_t n, Py_ssize_t vocab,
            TermGroups *out)
{
    size_t v = (size_t)(vocab > 0 ? vocab : 1);
    out->count = PyMem_Calloc(v, sizeof(int64_t));
    out->first = PyMem_Malloc((v + 1) * sizeof(int64_t));
    out->at = PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
    if (!out->count || !out->first || !out->at) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        out->count[terms[k]]++;
    }
    out->first[0] = 0;
    for (size_t t = 0; t < v; t++) {
        out->first[t + 1] = out->first[t] + out->count[t];
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        out->at[out->first[terms[k]]++] = values ? values[k] : k;
    }
    for (size_t t = v; t > 0; t--) {
        out->first[t] = out->first[t - 1];
    }
    out->first[0] = 0;
    return 0;
}

void
term_groups_free(TermGroups *groups)
{
    PyMem_Free(groups->count);
    PyMem_Free(groups->first);
    PyMem_Free(groups->at);
}

/* ValueError(message) unless every id of a and b is in [0, vocab). */
int
check_term_ids(const int64_t *a, Py_ssize_t na, const int64_t *b, Py_ssize_t nb,
               Py_ssize_t vocab, const char *message)
{
    for (Py_ssize_t k = 0; k < na + nb; k++) {
        int64_t t = k < na ? a[k] : b[k - na];
        if (t < 0 || t >= vocab) {
            PyErr_SetString(PyExc_ValueError, message);
            return -1;
        }
    }
    return 0;
}
