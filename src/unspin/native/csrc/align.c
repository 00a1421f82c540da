/* Seed chaining of unspin.verify.align: the dynamic programme over a bounded look-back. */
#include "speedups.h"

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
    const int64_t *si = ib.buf, *sj = jb.buf;
    const double *sw = wb.buf;
    double *score = (double *)PyByteArray_AS_STRING(score_out);
    int64_t *back = (int64_t *)PyByteArray_AS_STRING(back_out);
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
    result = PyTuple_Pack(2, score_out, back_out);
done:
    Py_XDECREF(score_out);
    Py_XDECREF(back_out);
    PyBuffer_Release(&ib);
    PyBuffer_Release(&jb);
    PyBuffer_Release(&wb);
    return result;
}
