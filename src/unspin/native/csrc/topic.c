/* Term counts and weights of unspin.story.profile.profile. */
#include "speedups.h"

/* ------------------------------------------------------------------ topic profile */

/* unspin.story.profile._starts_sentence: only spaces, quotes and brackets back to a boundary. */
static int
starts_sentence(int kind, const void *data, Py_ssize_t start)
{
    Py_ssize_t k = start - 1;
    while (k >= 0) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\'' || c == 0x2018 || c == '(') {
            k--;
            continue;
        }
        return c == '.' || c == '!' || c == '?' || c == '\n' || c == '"' || c == 0x201C ||
               c == ':' || c == ';';
    }
    return 1;
}

static int
count_into(PyObject *counts, PyObject *word)
{
    PyObject *n = PyDict_GetItemWithError(counts, word);
    if (n == NULL && PyErr_Occurred()) {
        return -1;
    }
    PyObject *next = PyLong_FromLong(n == NULL ? 1 : PyLong_AsLong(n) + 1);
    if (next == NULL) {
        return -1;
    }
    int rc = PyDict_SetItem(counts, word, next);
    Py_DECREF(next);
    return rc;
}

PyObject *
profile_counts(PyObject *self, PyObject *args)
{
    PyObject *words, *starts, *text, *skip, *stop;
    if (!PyArg_ParseTuple(args, "O!O!UOO", &PyTuple_Type, &words, &PyTuple_Type, &starts, &text,
                          &skip, &stop)) {
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(words);
    if (PyTuple_GET_SIZE(starts) != n) {
        PyErr_SetString(PyExc_ValueError, "words and starts differ in length");
        return NULL;
    }
    PyObject *skipped = PySequence_Fast(skip, "skip must be a sequence");
    if (skipped == NULL) {
        return NULL;
    }
    Py_ssize_t n_skip = PySequence_Fast_GET_SIZE(skipped);
    PyObject *counts = PyDict_New(), *tf = PyDict_New(), *numbers = PyDict_New();
    PyObject *names = PyDict_New(), *result = NULL;
    char *keep = PyMem_Malloc((size_t)(n > 0 ? n : 1));
    if (counts == NULL || tf == NULL || numbers == NULL || names == NULL || keep == NULL) {
        goto done;
    }
    if (n_skip != 0 && n_skip != n) {
        PyErr_SetString(PyExc_ValueError, "skip must be empty or have one flag per word");
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        int flag = n_skip ? PyObject_IsTrue(PySequence_Fast_GET_ITEM(skipped, k)) : 0;
        if (flag < 0) {
            goto done;
        }
        keep[k] = !flag;
        if (keep[k] && count_into(counts, PyTuple_GET_ITEM(words, k)) < 0) {
            goto done;
        }
    }
    Py_ssize_t pos = 0;
    PyObject *word, *count;
    while (PyDict_Next(counts, &pos, &word, &count)) {
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "words must be str");
            goto done;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(word);
        if (len > 0 && Py_UNICODE_ISDIGIT(PyUnicode_READ_CHAR(word, 0))) {
            if (PyDict_SetItem(numbers, word, count) < 0) {
                goto done;
            }
            continue;
        }
        int stopword = len > 1 ? PySet_Contains(stop, word) : 1;
        if (stopword < 0 || (!stopword && PyDict_SetItem(tf, word, count) < 0)) {
            goto done;
        }
    }
    /* a name: a capitalised content word that does not start a sentence */
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t text_len = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t k = 0; k < n; k++) {
        if (!keep[k]) {
            continue;
        }
        Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(starts, k));
        if (start < 0 || start >= text_len) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_IndexError, "word start outside the text");
            }
            goto done;
        }
        if (!Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, start))) {
            continue;
        }
        PyObject *w = PyTuple_GET_ITEM(words, k);
        int content = PyDict_Contains(tf, w);
        if (content < 0 || (content && !starts_sentence(kind, data, start) &&
                            count_into(names, w) < 0)) {
            goto done;
        }
    }
    result = PyTuple_Pack(3, tf, names, numbers);
done:
    PyMem_Free(keep);
    Py_XDECREF(counts);
    Py_XDECREF(tf);
    Py_XDECREF(numbers);
    Py_XDECREF(names);
    Py_DECREF(skipped);
    return result;
}

/* unspin.story.profile._weigh before its top-terms cut: (1 + log n) * idf per term, idf from the
 * cache dict or from weight(word) (stored; the cache is emptied at max_cached entries). */
PyObject *
weigh_terms(PyObject *self, PyObject *args)
{
    PyObject *tf, *cache, *weight;
    Py_ssize_t max_cached;
    if (!PyArg_ParseTuple(args, "O!O!On", &PyDict_Type, &tf, &PyDict_Type, &cache, &weight,
                          &max_cached)) {
        return NULL;
    }
    PyObject *weighted = PyDict_New();
    if (weighted == NULL) {
        return NULL;
    }
    Py_ssize_t pos = 0;
    PyObject *word, *count;
    while (PyDict_Next(tf, &pos, &word, &count)) {
        PyObject *idf = PyDict_GetItemWithError(cache, word);
        if (idf == NULL) {
            if (PyErr_Occurred()) {
                goto fail;
            }
            if (PyDict_GET_SIZE(cache) >= max_cached) {
                PyDict_Clear(cache);
            }
            PyObject *fresh = PyObject_CallOneArg(weight, word);
            if (fresh == NULL || PyDict_SetItem(cache, word, fresh) < 0) {
                Py_XDECREF(fresh);
                goto fail;
            }
            Py_DECREF(fresh); /* the cache holds it */
            idf = PyDict_GetItemWithError(cache, word);
            if (idf == NULL) {
                goto fail;
            }
        }
        long n = PyLong_AsLong(count);
        double w = PyFloat_AsDouble(idf);
        if ((n == -1 || w == -1.0) && PyErr_Occurred()) {
            goto fail;
        }
        if (n < 1) {
            PyErr_SetString(PyExc_ValueError, "term counts must be positive");
            goto fail;
        }
        PyObject *value = PyFloat_FromDouble((1.0 + log((double)n)) * w);
        if (value == NULL || PyDict_SetItem(weighted, word, value) < 0) {
            Py_XDECREF(value);
            goto fail;
        }
        Py_DECREF(value);
    }
    return weighted;
fail:
    Py_DECREF(weighted);
    return NULL;
}

