/* Thesaurus lookup of unspin.text.lexicon: membership in a sorted array of pair hashes. */
#include "speedups.h"

/* sorted_contains(table, key) -> bool: whether the ascending uint64 buffer `table` holds
 * `key`, by binary search (what numpy.searchsorted and one comparison decide in
 * unspin.text.lexicon._in_thesaurus, without a numpy scalar for the key and for the result). */
PyObject *
sorted_contains(PyObject *self, PyObject *args)
{
    Py_buffer tb;
    PyObject *key_obj;
    if (!PyArg_ParseTuple(args, "y*O!", &tb, &PyLong_Type, &key_obj)) {
        return NULL;
    }
    PyObject *result = NULL;
    uint64_t key = (uint64_t)PyLong_AsUnsignedLongLong(key_obj);
    if (key == (uint64_t)-1 && PyErr_Occurred()) {
        goto done;
    }
    if (tb.len % (Py_ssize_t)sizeof(uint64_t)) {
        PyErr_SetString(PyExc_ValueError, "table must be a buffer of uint64");
        goto done;
    }
    const uint64_t *t = tb.buf;
    size_t lo = 0, hi = (size_t)tb.len / sizeof(uint64_t), n = hi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid] < key) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    result = PyBool_FromLong(lo < n && t[lo] == key);
done:
    PyBuffer_Release(&tb);
    return result;
}
