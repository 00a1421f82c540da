/* The box test of unspin.verify.gate: can two texts share a reused passage at all?
 *
 * The numpy twin finds the matching content-word positions of the two texts and then, for
 * each of four shifted grids of square boxes, counts the distinct positions of each text
 * per box, with a dozen array passes each: 0.74 ms a pair on AP89 (2026-12-07), most of it
 * numpy's per-call overhead. Here the same integers are counted in one call.
 */
#include "speedups.h"

static int
cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* Sort keys (cell * span + position) and list the distinct positions per cell, cells in
 * ascending order: returns the number of cells, counts in `per_cell`. */
static Py_ssize_t
distinct_per_cell(int64_t *keys, Py_ssize_t m, int64_t span, int64_t *per_cell)
{
    qsort(keys, (size_t)m, sizeof(int64_t), cmp_i64);
    Py_ssize_t g = -1;
    for (Py_ssize_t k = 0; k < m; k++) {
        if (k > 0 && keys[k] == keys[k - 1]) {
            continue;
        }
        if (k == 0 || keys[k] / span != keys[k - 1] / span) {
            per_cell[++g] = 0;
        }
        per_cell[g]++;
    }
    return g + 1;
}

/* gate_box(pos_a, terms_a, pos_b, terms_b, vocab, max_occurrences, box) -> (matched, best):
 * the distinct content-word indices of a that match a term of b occurring at most
 * max_occurrences times in b, and the largest min(distinct positions of a, distinct
 * positions of b) of those matches inside one box of `box` words, over the four grids
 * shifted by 0 and box // 2 on each side (unspin.verify.gate.may_share_passage). */
PyObject *
gate_box(PyObject *self, PyObject *args)
{
    Py_buffer pa, ta, pb, tb;
    Py_ssize_t vocab, max_occ, box;
    if (!PyArg_ParseTuple(args, "y*y*y*y*nnn", &pa, &ta, &pb, &tb, &vocab, &max_occ, &box)) {
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t na = ta.len / 8, nb = tb.len / 8, m = 0;
    TermGroups groups = {0};
    int64_t *mi = NULL, *mj = NULL, *keys = NULL, *cells_i = NULL, *cells_j = NULL;
    if (pa.len != ta.len || pb.len != tb.len || ta.len % 8 || tb.len % 8 || vocab < 0 ||
        box < 2) {
        PyErr_SetString(PyExc_ValueError, "positions and terms must be int64 of one length");
        goto done;
    }
    const int64_t *pos_a = pa.buf, *term_a = ta.buf, *pos_b = pb.buf, *term_b = tb.buf;
    if (check_term_ids(term_a, na, term_b, nb, vocab, "a term id is outside the vocabulary") < 0) {
        goto done;
    }
    /* b's positions grouped by term, to list the matches of a's terms */
    if (term_groups(term_b, pos_b, nb, vocab, &groups) < 0) {
        goto done;
    }
    const int64_t *count = groups.count, *first = groups.first, *at = groups.at;
    Py_ssize_t matched = 0;
    for (Py_ssize_t k = 0; k < na; k++) {
        int64_t c = count[term_a[k]];
        if (c > 0 && c <= max_occ) {
            m += c;
            matched++;
        }
    }
    size_t size = (size_t)(m > 0 ? m : 1);
    mi = PyMem_Malloc(size * sizeof(int64_t));
    mj = PyMem_Malloc(size * sizeof(int64_t));
    keys = PyMem_Malloc(size * sizeof(int64_t));
    cells_i = PyMem_Malloc(size * sizeof(int64_t));
    cells_j = PyMem_Malloc(size * sizeof(int64_t));
    if (!mi || !mj || !keys || !cells_i || !cells_j) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t x = 0;
    int64_t top = 0;
    for (Py_ssize_t k = 0; k < na; k++) {
        int64_t t = term_a[k], c = count[t];
        if (c > 0 && c <= max_occ) {
            for (int64_t y = first[t]; y < first[t] + c; y++) {
                mi[x] = pos_a[k];
                mj[x] = at[y];
                top = mi[x] > top ? mi[x] : top;
                top = mj[x] > top ? mj[x] : top;
                x++;
            }
        }
    }
    int64_t best = 0, span = top + box + 1;
    for (int s = 0; s < 4 && m > 0; s++) {
        int64_t shift_a = (s & 1) ? box / 2 : 0, shift_b = (s & 2) ? box / 2 : 0;
        for (Py_ssize_t k = 0; k < m; k++) {
            keys[k] = (((mi[k] + shift_a) / box) * span + (mj[k] + shift_b) / box) * span + mi[k];
        }
        Py_ssize_t cells = distinct_per_cell(keys, m, span, cells_i);
        for (Py_ssize_t k = 0; k < m; k++) {
            keys[k] = (((mi[k] + shift_a) / box) * span + (mj[k] + shift_b) / box) * span + mj[k];
        }
        /* every cell holds a match, so both sides list the same cells in the same order */
        if (distinct_per_cell(keys, m, span, cells_j) != cells) {
            PyErr_SetString(PyExc_RuntimeError, "gate_box: cells differ between the sides");
            goto done;
        }
        for (Py_ssize_t g = 0; g < cells; g++) {
            int64_t low = cells_i[g] < cells_j[g] ? cells_i[g] : cells_j[g];
            best = low > best ? low : best;
        }
    }
    result = Py_BuildValue("(nL)", matched, (long long)best);
done:
    term_groups_free(&groups);
    PyMem_Free(mi);
    PyMem_Free(mj);
    PyMem_Free(keys);
    PyMem_Free(cells_i);
    PyMem_Free(cells_j);
    PyBuffer_Release(&pa);
    PyBuffer_Release(&ta);
    PyBuffer_Release(&pb);
    PyBuffer_Release(&tb);
    return result;
}
