/* Seed chaining of unspin.verify.align: the dynamic programme over a bounded look-back. */
#include "speedups.h"

/* The best chain score ending at each seed and the seed before it in that chain. */
static void
chain_programme(const int64_t *si, const int64_t *sj, const double *sw, Py_ssize_t k,
                Py_ssize_t lookback, Py_ssize_t max_gap, Py_ssize_t max_skew, double *score,
                int64_t *back)
{
    for (Py_ssize_t x = 0; x < k; x++) {
        int64_t i = si[x], j = sj[x];
        double w = sw[x], best = w;
        int64_t arg = -1;
        Py_ssize_t stop = x - lookback - 1 > -1 ? x - lookback - 1 : -1;
        for (Py_ssize_t y = x - 1; y > stop; y--) {
            int64_t di = i - si[y];
            if (di > max_gap) {
                break;
            }
            int64_t dj = j - sj[y];
            int64_t skew = di - dj;
            if (di <= 0 || dj <= 0 || dj > max_gap || skew < -max_skew || skew > max_skew) {
                continue;
            }
            double cand = score[y] + w -
                          (0.08 * (double)((di > dj ? di : dj) - 1) +
                           0.25 * (double)(skew < 0 ? -skew : skew));
            if (cand > best) {
                best = cand;
                arg = y;
            }
        }
        score[x] = best;
        back[x] = arg;
    }
}

/* chain_scores(i, j, w, lookback, max_gap, max_skew) -> (score, back): for seeds sorted by
 * i then j, the best chain score ending at each seed (float64) and the seed before it in
 * that chain (int64, -1 for none), as unspin.verify.align._chain_scores computes them: the same
 * operations in the same order on doubles, so the same bits. */
PyObject *
chain_scores(PyObject *self, PyObject *args)
{
    Py_buffer ib, jb, wb;
    Py_ssize_t lookback, max_gap, max_skew;
    if (!PyArg_ParseTuple(args, "y*y*y*nnn", &ib, &jb, &wb, &lookback, &max_gap, &max_skew)) {
        return NULL;
    }
    PyObject *result = NULL, *score_out = NULL, *back_out = NULL;
    Py_ssize_t k = ib.len / (Py_ssize_t)sizeof(int64_t);
    if (ib.len % (Py_ssize_t)sizeof(int64_t) || jb.len != ib.len ||
        wb.len != k * (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_ValueError, "i and j must be int64 and w float64, of one length");
        goto done;
    }
    score_out = PyByteArray_FromStringAndSize(NULL, k * (Py_ssize_t)sizeof(double));
    back_out = PyByteArray_FromStringAndSize(NULL, k * (Py_ssize_t)sizeof(int64_t));
    if (score_out == NULL || back_out == NULL) {
        goto done;
    }
    chain_programme(ib.buf, jb.buf, wb.buf, k, lookback, max_gap, max_skew,
                    (double *)PyByteArray_AS_STRING(score_out),
                    (int64_t *)PyByteArray_AS_STRING(back_out));
    result = PyTuple_Pack(2, score_out, back_out);
done:
    Py_XDECREF(score_out);
    Py_XDECREF(back_out);
    PyBuffer_Release(&ib);
    PyBuffer_Release(&jb);
    PyBuffer_Release(&wb);
    return result;
}

/* seed_matches(xa, xb, content, max_occurrences) -> (i, j, w): the seeds of
 * unspin.verify.align.find_seeds from word ids: every (i, j) with xa[i] == xb[j] (sorted by i
 * then j) whose word occurs at most max_occurrences times in b, kept when the word is
 * content (weight 1) or a neighbour on either side matches too (weight 0.5). One pass with
 * b's positions grouped by word, instead of a dozen numpy passes (0.34 ms a pair on AP89,
 * 2026-12-07). */
PyObject *
seed_matches(PyObject *self, PyObject *args)
{
    Py_buffer ab, bb, cb;
    Py_ssize_t max_occ;
    if (!PyArg_ParseTuple(args, "y*y*y*n", &ab, &bb, &cb, &max_occ)) {
        return NULL;
    }
    PyObject *result = NULL, *out_i = NULL, *out_j = NULL, *out_w = NULL;
    TermGroups groups = {0};
    int64_t *si = NULL, *sj = NULL;
    double *sw = NULL;
    Py_ssize_t na = ab.len / 8, nb = bb.len / 8, vocab = cb.len;
    if (ab.len % 8 || bb.len % 8) {
        PyErr_SetString(PyExc_ValueError, "word ids must be int64");
        goto done;
    }
    const int64_t *xa = ab.buf, *xb = bb.buf;
    const char *content = cb.buf;
    if (check_term_ids(xa, na, xb, nb, vocab, "a word id has no content flag") < 0) {
        goto done;
    }
    /* b's positions grouped by word, in ascending order */
    if (term_groups(xb, NULL, nb, vocab, &groups) < 0) {
        goto done;
    }
    const int64_t *count = groups.count, *first = groups.first, *at = groups.at;
    Py_ssize_t m = 0;
    for (Py_ssize_t k = 0; k < na; k++) {
        int64_t c = count[xa[k]];
        m += (c > 0 && c <= max_occ) ? c : 0;
    }
    size_t size = (size_t)(m > 0 ? m : 1);
    si = PyMem_Malloc(size * sizeof(int64_t));
    sj = PyMem_Malloc(size * sizeof(int64_t));
    sw = PyMem_Malloc(size * sizeof(double));
    if (!si || !sj || !sw) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t kept = 0;
    for (Py_ssize_t i = 0; i < na; i++) {
        int64_t t = xa[i], c = count[t];
        if (c <= 0 || c > max_occ) {
            continue;
        }
        int strong = content[t] != 0;
        for (int64_t y = first[t]; y < first[t] + c; y++) {
            Py_ssize_t j = at[y];
            int linked = (i + 1 < na && j + 1 < nb && xa[i + 1] == xb[j + 1]) ||
                         (i > 0 && j > 0 && xa[i - 1] == xb[j - 1]);
            if (strong || linked) {
                si[kept] = i;
                sj[kept] = j;
                sw[kept] = strong ? 1.0 : 0.5;
                kept++;
            }
        }
    }
    out_i = PyByteArray_FromStringAndSize((const char *)si, kept * 8);
    out_j = PyByteArray_FromStringAndSize((const char *)sj, kept * 8);
    out_w = PyByteArray_FromStringAndSize((const char *)sw, kept * 8);
    if (out_i && out_j && out_w) {
        result = PyTuple_Pack(3, out_i, out_j, out_w);
    }
done:
    Py_XDECREF(out_i);
    Py_XDECREF(out_j);
    Py_XDECREF(out_w);
    term_groups_free(&groups);
    PyMem_Free(si);
    PyMem_Free(sj);
    PyMem_Free(sw);
    PyBuffer_Release(&ab);
    PyBuffer_Release(&bb);
    PyBuffer_Release(&cb);
    return result;
}

static const double *order_scores; /* qsort has no context argument: set before each sort */

static int
by_score(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    double sa = order_scores[a], sb = order_scores[b];
    if (sa != sb) {
        return sa > sb ? -1 : 1; /* best score first */
    }
    return (a > b) - (a < b); /* ties in seed order, as a stable sort of -score */
}

/* chain_boxes(i, j, w, lookback, max_gap, max_skew, min_score) -> list of (a_lo, a_hi, b_lo,
 * b_hi): the word boxes of the best disjoint chains of unspin.verify.align.chain_seeds (best
 * end first, each seed used once, a chain kept when its seeds weigh min_score), without
 * building the chains as Python lists: the aligner needs only their boxes. */
PyObject *
chain_boxes(PyObject *self, PyObject *args)
{
    Py_buffer ib, jb, wb;
    Py_ssize_t lookback, max_gap, max_skew;
    double min_score;
    if (!PyArg_ParseTuple(args, "y*y*y*nnnd", &ib, &jb, &wb, &lookback, &max_gap, &max_skew,
                          &min_score)) {
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t k = ib.len / 8;
    double *score = NULL;
    int64_t *back = NULL, *order = NULL;
    char *used = NULL;
    if (ib.len % 8 || jb.len != ib.len || wb.len != k * 8) {
        PyErr_SetString(PyExc_ValueError, "i and j must be int64 and w float64, of one length");
        goto done;
    }
    size_t n = (size_t)(k > 0 ? k : 1);
    score = PyMem_Malloc(n * sizeof(double));
    back = PyMem_Malloc(n * sizeof(int64_t));
    order = PyMem_Malloc(n * sizeof(int64_t));
    used = PyMem_Calloc(n, 1);
    if (!score || !back || !order || !used) {
        PyErr_NoMemory();
        goto done;
    }
    const int64_t *si = ib.buf, *sj = jb.buf;
    const double *sw = wb.buf;
    chain_programme(si, sj, sw, k, lookback, max_gap, max_skew, score, back);
    for (Py_ssize_t x = 0; x < k; x++) {
        order[x] = x;
    }
    order_scores = score;
    qsort(order, (size_t)k, sizeof(int64_t), by_score);
    result = PyList_New(0);
    if (result == NULL) {
        goto done;
    }
    for (Py_ssize_t r = 0; r < k; r++) {
        int64_t end = order[r];
        if (score[end] < min_score) {
            break;
        }
        if (used[end]) {
            continue;
        }
        double weight = 0.0;
        int64_t x = end, first = end;
        while (x >= 0 && !used[x]) {
            used[x] = 1;
            weight += sw[x];
            first = x;
            x = back[x];
        }
        if (weight < min_score) {
            continue;
        }
        PyObject *box = Py_BuildValue("[LLLL]", (long long)si[first], (long long)si[end] + 1,
                                      (long long)sj[first], (long long)sj[end] + 1);
        if (box == NULL || PyList_Append(result, box) < 0) {
            Py_XDECREF(box);
            Py_CLEAR(result);
            goto done;
        }
        Py_DECREF(box);
    }
done:
    PyMem_Free(score);
    PyMem_Free(back);
    PyMem_Free(order);
    PyMem_Free(used);
    PyBuffer_Release(&ib);
    PyBuffer_Release(&jb);
    PyBuffer_Release(&wb);
    return result;
}
