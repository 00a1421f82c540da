/* Word and stem ids shared by two texts, for passage alignment (unspin.verify.align, unspin.verify.windows).
 *
 * Both number the distinct words (or stems) of a and then b in order of first occurrence,
 * as a Python dict filled with setdefault(w, len(d)) does, so the ids are the same whichever
 * path computed them. */
#include "speedups.h"

static int
is_content(PyObject *word, PyObject *stop)
{
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "words must be str");
        return -1;
    }
    if (PyUnicode_GET_LENGTH(word) <= 1) {
        return 0;
    }
    int found = PySet_Contains(stop, word);
    return found < 0 ? -1 : !found;
}

/* word_ids(a, b, stop) -> (xa, xb, content): int64 ids of the words of tuples a and b and,
 * per id, whether the word is content (not in stop, longer than one letter): the numbering
 * of unspin.verify.align.find_seeds. */
PyObject *
word_ids(PyObject *self, PyObject *args)
{
    PyObject *a, *b, *stop;
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyTuple_Type, &a, &PyTuple_Type, &b,
                          &PyFrozenSet_Type, &stop)) {
        return NULL;
    }
    Py_ssize_t na = PyTuple_GET_SIZE(a), nb = PyTuple_GET_SIZE(b);
    PyObject *ids = PyDict_New(), *xa = NULL, *xb = NULL, *content = NULL, *result = NULL;
    char *flags = PyMem_Malloc((size_t)(na + nb > 0 ? na + nb : 1));
    if (ids == NULL || flags == NULL) {
        goto done;
    }
    xa = PyByteArray_FromStringAndSize(NULL, na * (Py_ssize_t)sizeof(int64_t));
    xb = PyByteArray_FromStringAndSize(NULL, nb * (Py_ssize_t)sizeof(int64_t));
    if (xa == NULL || xb == NULL) {
        goto done;
    }
    for (int side = 0; side < 2; side++) {
        PyObject *words = side ? b : a;
        int64_t *out = (int64_t *)PyByteArray_AS_STRING(side ? xb : xa);
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(words); k++) {
            PyObject *word = PyTuple_GET_ITEM(words, k);
            PyObject *id = PyDict_GetItemWithError(ids, word); /* borrowed */
            if (id != NULL) {
                out[k] = PyLong_AsSsize_t(id);
                continue;
            }
            if (PyErr_Occurred()) {
                goto done;
            }
            /* a new word: the next id, and whether it is content */
            Py_ssize_t next = PyDict_GET_SIZE(ids);
            int c = is_content(word, stop);
            PyObject *fresh = c < 0 ? NULL : PyLong_FromSsize_t(next);
            if (fresh == NULL || PyDict_SetItem(ids, word, fresh) < 0) {
                Py_XDECREF(fresh);
                goto done;
            }
            Py_DECREF(fresh);
            flags[next] = (char)c;
            out[k] = next;
        }
    }
    content = PyByteArray_FromStringAndSize(flags, PyDict_GET_SIZE(ids));
    if (content != NULL) {
        result = PyTuple_Pack(3, xa, xb, content);
    }
done:
    Py_XDECREF(ids);
    Py_XDECREF(xa);
    Py_XDECREF(xb);
    Py_XDECREF(content);
    PyMem_Free(flags);
    return result;
}

/* ------------------------------------------------------------------ stems */

#define MAX_STEM 8 /* longest stem kept (unspin.verify.windows.STEM is 6) */

typedef struct {
    Py_UCS4 cp[MAX_STEM];
    Py_ssize_t len; /* 0: empty slot */
    int64_t id;
} StemSlot;

/* The stem of unspin.verify.windows.stem: a plural s dropped (not "ss", words over 3 letters), then
 * at most `letters` code points; written to cp, its length returned. */
static Py_ssize_t
stem_of(PyObject *word, Py_ssize_t letters, Py_UCS4 *cp)
{
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (n > 3 && PyUnicode_READ(kind, data, n - 1) == 's' &&
        PyUnicode_READ(kind, data, n - 2) != 's') {
        n--;
    }
    if (n > letters) {
        n = letters;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        cp[k] = PyUnicode_READ(kind, data, k);
    }
    return n;
}

static uint64_t
stem_hash(const Py_UCS4 *cp, Py_ssize_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
    for (Py_ssize_t k = 0; k < len; k++) {
        h = (h ^ (uint64_t)cp[k]) * 0x100000001b3ULL;
    }
    return (h ^ (uint64_t)len) * 0x100000001b3ULL;
}

/* content_terms(a, b, stop, letters) -> (pos_a, terms_a, pos_b, terms_b, count): positions
 * of the content words of tuples a and b and the ids of their stems (int64), and the number
 * of distinct stems: unspin.verify.windows.content_terms. */
PyObject *
content_terms(PyObject *self, PyObject *args)
{
    PyObject *a, *b, *stop;
    Py_ssize_t letters;
    if (!PyArg_ParseTuple(args, "O!O!O!n", &PyTuple_Type, &a, &PyTuple_Type, &b,
                          &PyFrozenSet_Type, &stop, &letters)) {
        return NULL;
    }
    if (letters < 1 || letters > MAX_STEM) {
        PyErr_Format(PyExc_ValueError, "letters must be 1 to %d", MAX_STEM);
        return NULL;
    }
    Py_ssize_t na = PyTuple_GET_SIZE(a), nb = PyTuple_GET_SIZE(b);
    /* at most one stem a word: load factor at most 2/3 with linear probing */
    size_t cap = 16;
    while (2 * cap < 3 * (size_t)(na + nb)) {
        cap <<= 1;
    }
    StemSlot *slots = PyMem_Calloc(cap, sizeof(StemSlot));
    PyObject *out[4] = {NULL, NULL, NULL, NULL}, *result = NULL;
    if (slots == NULL) {
        return PyErr_NoMemory();
    }
    int64_t count = 0;
    for (int side = 0; side < 2; side++) {
        PyObject *words = side ? b : a;
        Py_ssize_t n = PyTuple_GET_SIZE(words), kept = 0;
        PyObject *pos = PyByteArray_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
        PyObject *terms = PyByteArray_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
        out[2 * side] = pos;
        out[2 * side + 1] = terms;
        if (pos == NULL || terms == NULL) {
            goto done;
        }
        int64_t *p = (int64_t *)PyByteArray_AS_STRING(pos);
        int64_t *t = (int64_t *)PyByteArray_AS_STRING(terms);
        for (Py_ssize_t k = 0; k < n; k++) {
            PyObject *word = PyTuple_GET_ITEM(words, k);
            int c = is_content(word, stop);
            if (c < 0) {
                goto done;
            }
            if (!c) {
                continue;
            }
            Py_UCS4 cp[MAX_STEM];
            Py_ssize_t len = stem_of(word, letters, cp);
            size_t at = (size_t)stem_hash(cp, len) & (cap - 1);
            while (slots[at].len &&
                   (slots[at].len != len || memcmp(slots[at].cp, cp, len * sizeof(Py_UCS4)))) {
                at = (at + 1) & (cap - 1);
            }
            if (!slots[at].len) {
                memcpy(slots[at].cp, cp, len * sizeof(Py_UCS4));
                slots[at].len = len;
                slots[at].id = count++;
            }
            p[kept] = k;
            t[kept] = slots[at].id;
            kept++;
        }
        if (PyByteArray_Resize(pos, kept * (Py_ssize_t)sizeof(int64_t)) < 0 ||
            PyByteArray_Resize(terms, kept * (Py_ssize_t)sizeof(int64_t)) < 0) {
            goto done;
        }
    }
    result = Py_BuildValue("(OOOOL)", out[0], out[1], out[2], out[3], (long long)count);
done:
    for (int k = 0; k < 4; k++) {
        Py_XDECREF(out[k]);
    }
    PyMem_Free(slots);
    return result;
}

/* ------------------------------------------------------------------ shared words */

/* shared_words(a, b) -> int: how many words of tuple b can be matched one to one with words
 * of tuple a (the size of the multiset intersection, sum of min(count in a, count in b)):
 * unspin.verify.evidence._kept's count, with one dict of a's counts instead of two Counters. */
PyObject *
shared_words(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "O!O!", &PyTuple_Type, &a, &PyTuple_Type, &b)) {
        return NULL;
    }
    PyObject *counts = PyDict_New();
    if (counts == NULL) {
        return NULL;
    }
    Py_ssize_t shared = 0;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(a); k++) {
        PyObject *word = PyTuple_GET_ITEM(a, k);
        PyObject *n = PyDict_GetItemWithError(counts, word);
        if (n == NULL && PyErr_Occurred()) {
            goto fail;
        }
        PyObject *next = PyLong_FromSsize_t(n == NULL ? 1 : PyLong_AsSsize_t(n) + 1);
        if (next == NULL || PyDict_SetItem(counts, word, next) < 0) {
            Py_XDECREF(next);
            goto fail;
        }
        Py_DECREF(next);
    }
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(b); k++) {
        PyObject *word = PyTuple_GET_ITEM(b, k);
        PyObject *n = PyDict_GetItemWithError(counts, word);
        if (n == NULL) {
            if (PyErr_Occurred()) {
                goto fail;
            }
            continue;
        }
        Py_ssize_t left = PyLong_AsSsize_t(n);
        if (left > 0) {
            shared++;
            PyObject *next = PyLong_FromSsize_t(left - 1);
            if (next == NULL || PyDict_SetItem(counts, word, next) < 0) {
                Py_XDECREF(next);
                goto fail;
            }
            Py_DECREF(next);
        }
    }
    Py_DECREF(counts);
    return PyLong_FromSsize_t(shared);
fail:
    Py_DECREF(counts);
    return NULL;
}
