/*
 * unspin._speedups: two hot loops of a scan in C (optional; pure-Python twins stay in use
 * where this module is not built, and tests hold both to the same output).
 *
 * content_words: the word hashing of unspin.sketch.content_words. numpy needed a dozen
 *     passes and 8-byte temporaries per input byte for it (about 110 us of a 600-word
 *     article's 240 us of sketching); one loop over the bytes does it in a few us.
 * tokenize_ascii: the fast path of unspin.text.tokenize (text whose letters and digits are
 *     ASCII): the words, starts and ends without a regular expression and without a match
 *     object per word.
 *
 * Only the CPython C API is used (no numpy headers): arrays come back as bytearrays that
 * numpy reads with frombuffer, without a copy.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* The polynomial hash of unspin.sketch.word_hashes: sum c_k * B**(k - s) modulo 2**64. */
#define HASH_BASE 0x100000001B3ULL
#define SLOT_MASK 0xFFFFULL /* unspin.sketch._SLOTS - 1 */
#define N_SLOTS 65536

static inline int
is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 128;
}

static PyObject *
content_words(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_buffer slots_buf;
    if (!PyArg_ParseTuple(args, "Oy*", &texts, &slots_buf)) {
        return NULL;
    }
    PyObject *result = NULL, *hashes = NULL, *docs = NULL, *numeric = NULL;
    PyObject *seq = PySequence_Fast(texts, "texts must be a sequence of bytes");
    if (seq == NULL) {
        goto done;
    }
    if (slots_buf.len != (Py_ssize_t)(N_SLOTS * sizeof(uint64_t))) {
        PyErr_SetString(PyExc_ValueError, "slots must hold 65536 uint64 values");
        goto done;
    }
    const uint64_t *slots = (const uint64_t *)slots_buf.buf;
    Py_ssize_t n_texts = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    /* a content word has two bytes and a separator after it: at most len / 3 + 1 per text */
    Py_ssize_t cap = 0;
    for (Py_ssize_t d = 0; d < n_texts; d++) {
        if (!PyBytes_Check(items[d])) {
            PyErr_Format(PyExc_TypeError, "texts[%zd] is not bytes", d);
            goto done;
        }
        cap += PyBytes_GET_SIZE(items[d]) / 3 + 1;
    }
    hashes = PyByteArray_FromStringAndSize(NULL, cap * (Py_ssize_t)sizeof(uint64_t));
    docs = PyByteArray_FromStringAndSize(NULL, cap * (Py_ssize_t)sizeof(int64_t));
    numeric = PyByteArray_FromStringAndSize(NULL, cap);
    if (hashes == NULL || docs == NULL || numeric == NULL) {
        goto done;
    }
    uint64_t *h_out = (uint64_t *)PyByteArray_AS_STRING(hashes);
    int64_t *d_out = (int64_t *)PyByteArray_AS_STRING(docs);
    char *n_out = PyByteArray_AS_STRING(numeric);
    Py_ssize_t n = 0;
    for (Py_ssize_t d = 0; d < n_texts; d++) {
        const unsigned char *data = (const unsigned char *)PyBytes_AS_STRING(items[d]);
        Py_ssize_t len = PyBytes_GET_SIZE(items[d]);
        Py_ssize_t k = 0;
        while (k < len) {
            if (!is_word_byte(data[k])) {
                k++;
                continue;
            }
            Py_ssize_t start = k;
            uint64_t h = 0, power = 1;
            while (k < len && is_word_byte(data[k])) {
                h += (uint64_t)data[k] * power;
                power *= HASH_BASE;
                k++;
            }
            if (k - start > 1 && slots[h & SLOT_MASK] != h) {
                h_out[n] = h;
                d_out[n] = (int64_t)d;
                n_out[n] = data[start] < 58;
                n++;
            }
        }
    }
    if (PyByteArray_Resize(hashes, n * (Py_ssize_t)sizeof(uint64_t)) < 0 ||
        PyByteArray_Resize(docs, n * (Py_ssize_t)sizeof(int64_t)) < 0 ||
        PyByteArray_Resize(numeric, n) < 0) {
        goto done;
    }
    result = PyTuple_Pack(3, hashes, docs, numeric);
done:
    Py_XDECREF(hashes);
    Py_XDECREF(docs);
    Py_XDECREF(numeric);
    Py_XDECREF(seq);
    PyBuffer_Release(&slots_buf);
    return result;
}

/* ------------------------------------------------------------------ tokenize_ascii */

#define RIGHT_SINGLE_QUOTE 0x2019

static inline int
is_alnum_ascii(Py_UCS4 c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static inline int
is_digit_ascii(Py_UCS4 c)
{
    return c >= '0' && c <= '9';
}

/* End of the word that starts at `k`, as the regular expression
 * [a-z0-9]+(?:['\-][a-z0-9]+|[.,][0-9]+)* finds it in the lower-cased text with ’ read as '.
 * The pattern can end anywhere after its first run, so the greedy walk is its match. */
static Py_ssize_t
word_end(int kind, const void *data, Py_ssize_t len, Py_ssize_t k)
{
    while (k < len && is_alnum_ascii(PyUnicode_READ(kind, data, k))) {
        k++;
    }
    while (k + 1 < len) {
        Py_UCS4 sep = PyUnicode_READ(kind, data, k);
        Py_UCS4 next = PyUnicode_READ(kind, data, k + 1);
        if ((sep == '\'' || sep == RIGHT_SINGLE_QUOTE || sep == '-') && is_alnum_ascii(next)) {
            k += 2;
            while (k < len && is_alnum_ascii(PyUnicode_READ(kind, data, k))) {
                k++;
            }
        }
        else if ((sep == '.' || sep == ',') && is_digit_ascii(next)) {
            k += 2;
            while (k < len && is_digit_ascii(PyUnicode_READ(kind, data, k))) {
                k++;
            }
        }
        else {
            break;
        }
    }
    return k;
}

/* The matching form of text[start:end]: lower-cased, ’ as ', a possessive 's dropped
 * (unspin.text.normalize_word on these words). */
static PyObject *
word_form(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    char buf[256];
    char *form = buf;
    Py_ssize_t n = end - start;
    int apostrophe = 0;
    if (n > (Py_ssize_t)sizeof(buf)) {
        form = PyMem_Malloc((size_t)n);
        if (form == NULL) {
            return PyErr_NoMemory();
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, start + i);
        if (c == RIGHT_SINGLE_QUOTE || c == '\'') {
            c = '\'';
            apostrophe = 1;
        }
        else if (c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
        }
        form[i] = (char)c;
    }
    if (apostrophe) {
        if (n > 3 && form[n - 2] == '\'' && form[n - 1] == 's') {
            n -= 2;
        }
        else if (n > 2 && form[n - 2] == 's' && form[n - 1] == '\'') {
            n -= 1;
        }
    }
    PyObject *word = PyUnicode_FromStringAndSize(form, n);
    if (form != buf) {
        PyMem_Free(form);
    }
    return word;
}

static PyObject *
tokenize_ascii(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "text must be str");
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t len = PyUnicode_GET_LENGTH(arg);
    PyObject *words = PyList_New(0), *starts = PyList_New(0), *ends = PyList_New(0);
    PyObject *result = NULL;
    if (words == NULL || starts == NULL || ends == NULL) {
        goto done;
    }
    Py_ssize_t k = 0;
    while (k < len) {
        if (!is_alnum_ascii(PyUnicode_READ(kind, data, k))) {
            k++;
            continue;
        }
        Py_ssize_t start = k;
        k = word_end(kind, data, len, k);
        PyObject *word = word_form(kind, data, start, k);
        PyObject *s = PyLong_FromSsize_t(start);
        PyObject *e = PyLong_FromSsize_t(k);
        int failed = word == NULL || s == NULL || e == NULL || PyList_Append(words, word) < 0 ||
                     PyList_Append(starts, s) < 0 || PyList_Append(ends, e) < 0;
        Py_XDECREF(word);
        Py_XDECREF(s);
        Py_XDECREF(e);
        if (failed) {
            goto done;
        }
    }
    PyObject *w = PyList_AsTuple(words), *s = PyList_AsTuple(starts), *e = PyList_AsTuple(ends);
    if (w != NULL && s != NULL && e != NULL) {
        result = PyTuple_Pack(3, w, s, e);
    }
    Py_XDECREF(w);
    Py_XDECREF(s);
    Py_XDECREF(e);
done:
    Py_XDECREF(words);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    return result;
}

static PyMethodDef methods[] = {
    {"content_words", content_words, METH_VARARGS,
     "content_words(texts, slots) -> (hashes, docs, numeric) as bytearrays of uint64, int64 "
     "and bool: the content words of lower-cased UTF-8 texts (see unspin.sketch)."},
    {"tokenize_ascii", tokenize_ascii, METH_O,
     "tokenize_ascii(text) -> (words, starts, ends): unspin.text.tokenize for text whose "
     "letters and digits are all ASCII."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "unspin._speedups",
    "Hot loops of unspin in C (optional; see unspin.sketch and unspin.text).", -1, methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModule_Create(&module);
}
