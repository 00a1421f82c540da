/* Sentence bags of the rewrite check (unspin.verify.paraphrase._make_bags).
 *
 * Each sentence becomes a bag of content-word stems weighted by rarity over the number of
 * sentences using the stem. In Python that is a dict comprehension per sentence and a few
 * list comprehensions over every entry (0.8 ms a 440-word AP article, 2026-12-07); here the
 * same dicts are filled through the C API in one call, with the same insertion orders and
 * the same float divisions.
 */
#include "speedups.h"

/* The (stem, weight) of a word from the cache, or from info(word), stored in the cache.
 * Returns a borrowed reference (owned by the cache). */
static PyObject *
word_info(PyObject *cache, PyObject *info, PyObject *word)
{
    PyObject *found = PyDict_GetItemWithError(cache, word);
    if (found != NULL || PyErr_Occurred()) {
        return found;
    }
    PyObject *fresh = PyObject_CallOneArg(info, word);
    if (fresh == NULL) {
        return NULL;
    }
    if (!PyTuple_Check(fresh) || PyTuple_GET_SIZE(fresh) != 2 ||
        !PyUnicode_Check(PyTuple_GET_ITEM(fresh, 0)) ||
        !PyFloat_Check(PyTuple_GET_ITEM(fresh, 1))) {
        Py_DECREF(fresh);
        PyErr_SetString(PyExc_TypeError, "info(word) must return (str, float)");
        return NULL;
    }
    int failed = PyDict_SetItem(cache, word, fresh);
    Py_DECREF(fresh); /* the cache holds it now */
    return failed ? NULL : fresh;
}

/* sentence_bags(words, ranges, cache, info, stem_ids, min_words) -> (kept, rows, ids, weights):
 * kept lists (lo, hi, bag) of the sentences with at least min_words stems, bag mapping each
 * stem to its weight / the number of sentences using it; rows, ids and weights (bytearrays
 * of int64, int64, float64) list the bags' entries in order, ids from stem_ids (new stems
 * numbered as they come). */
PyObject *
sentence_bags(PyObject *self, PyObject *args)
{
    PyObject *words, *ranges, *cache, *info, *stem_ids;
    Py_ssize_t min_words;
    if (!PyArg_ParseTuple(args, "O!O!O!OO!n", &PyTuple_Type, &words, &PyList_Type, &ranges,
                          &PyDict_Type, &cache, &info, &PyDict_Type, &stem_ids, &min_words)) {
        return NULL;
    }
    Py_ssize_t n_words = PyTuple_GET_SIZE(words), n_ranges = PyList_GET_SIZE(ranges);
    PyObject *bags = PyList_New(n_ranges), *spread = PyDict_New(), *kept = PyList_New(0);
    PyObject *rows = NULL, *ids = NULL, *weights = NULL, *result = NULL;
    Py_ssize_t *bounds = PyMem_Malloc((size_t)(2 * (n_ranges > 0 ? n_ranges : 1)) * sizeof(Py_ssize_t));
    if (bags == NULL || spread == NULL || kept == NULL || bounds == NULL) {
        if (bounds == NULL) {
            PyErr_NoMemory();
        }
        goto done;
    }
    for (Py_ssize_t r = 0; r < n_ranges; r++) {
        PyObject *range = PyList_GET_ITEM(ranges, r);
        Py_ssize_t lo, hi;
        if (!PyTuple_Check(range) || !PyArg_ParseTuple(range, "nn", &lo, &hi)) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_TypeError, "ranges must be (lo, hi) tuples");
            }
            goto done;
        }
        if (lo < 0 || hi > n_words || lo > hi) {
            PyErr_SetString(PyExc_ValueError, "a sentence range is outside the words");
            goto done;
        }
        bounds[2 * r] = lo;
        bounds[2 * r + 1] = hi;
        PyObject *bag = PyDict_New();
        if (bag == NULL) {
            goto done;
        }
        PyList_SET_ITEM(bags, r, bag);
        for (Py_ssize_t k = lo; k < hi; k++) {
            PyObject *entry = word_info(cache, info, PyTuple_GET_ITEM(words, k));
            if (entry == NULL) {
                goto done;
            }
            PyObject *stem = PyTuple_GET_ITEM(entry, 0);
            /* function words have the empty stem; the last word of a stem gives its weight */
            if (PyUnicode_GET_LENGTH(stem) > 0 && PyDict_SetItem(bag, stem, entry) < 0) {
                goto done;
            }
        }
        PyObject *stem, *value;
        Py_ssize_t at = 0;
        while (PyDict_Next(bag, &at, &stem, &value)) {
            PyObject *seen = PyDict_GetItemWithError(spread, stem);
            if (seen == NULL && PyErr_Occurred()) {
                goto done;
            }
            PyObject *count = PyLong_FromSsize_t(seen ? PyLong_AsSsize_t(seen) + 1 : 1);
            if (count == NULL || PyDict_SetItem(spread, stem, count) < 0) {
                Py_XDECREF(count);
                goto done;
            }
            Py_DECREF(count);
        }
    }
    Py_ssize_t entries = 0;
    for (Py_ssize_t r = 0; r < n_ranges; r++) {
        Py_ssize_t size = PyDict_GET_SIZE(PyList_GET_ITEM(bags, r));
        entries += size >= min_words ? size : 0;
    }
    rows = PyByteArray_FromStringAndSize(NULL, entries * 8);
    ids = PyByteArray_FromStringAndSize(NULL, entries * 8);
    weights = PyByteArray_FromStringAndSize(NULL, entries * 8);
    if (rows == NULL || ids == NULL || weights == NULL) {
        goto done;
    }
    int64_t *row_out = (int64_t *)PyByteArray_AS_STRING(rows);
    int64_t *id_out = (int64_t *)PyByteArray_AS_STRING(ids);
    double *weight_out = (double *)PyByteArray_AS_STRING(weights);
    Py_ssize_t e = 0;
    for (Py_ssize_t r = 0; r < n_ranges; r++) {
        PyObject *bag = PyList_GET_ITEM(bags, r);
        if (PyDict_GET_SIZE(bag) < min_words) {
            continue;
        }
        PyObject *weighted = PyDict_New();
        if (weighted == NULL) {
            goto done;
        }
        PyObject *stem, *entry;
        Py_ssize_t at = 0;
        while (PyDict_Next(bag, &at, &stem, &entry)) {
            Py_ssize_t spread_n = PyLong_AsSsize_t(PyDict_GetItem(spread, stem));
            double weight = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(entry, 1)) / (double)spread_n;
            PyObject *value = PyFloat_FromDouble(weight);
            if (value == NULL || PyDict_SetItem(weighted, stem, value) < 0) {
                Py_XDECREF(value);
                Py_DECREF(weighted);
                goto done;
            }
            Py_DECREF(value);
            PyObject *id = PyDict_GetItemWithError(stem_ids, stem);
            if (id == NULL) {
                if (PyErr_Occurred()) {
                    Py_DECREF(weighted);
                    goto done;
                }
                PyObject *next = PyLong_FromSsize_t(PyDict_GET_SIZE(stem_ids));
                if (next == NULL || PyDict_SetItem(stem_ids, stem, next) < 0) {
                    Py_XDECREF(next);
                    Py_DECREF(weighted);
                    goto done;
                }
                Py_DECREF(next);
                id = PyDict_GetItem(stem_ids, stem);
            }
            row_out[e] = PyList_GET_SIZE(kept);
            id_out[e] = PyLong_AsLongLong(id);
            weight_out[e] = weight;
            e++;
        }
        PyObject *item = Py_BuildValue("(nnN)", bounds[2 * r], bounds[2 * r + 1], weighted);
        if (item == NULL || PyList_Append(kept, item) < 0) {
            Py_XDECREF(item);
            goto done;
        }
        Py_DECREF(item);
    }
    result = PyTuple_Pack(4, kept, rows, ids, weights);
done:
    PyMem_Free(bounds);
    Py_XDECREF(bags);
    Py_XDECREF(spread);
    Py_XDECREF(kept);
    Py_XDECREF(rows);
    Py_XDECREF(ids);
    Py_XDECREF(weights);
    return result;
}
