/* Tokens and word extent of text whose letters and digits are ASCII, sentence breaks and
 * whitespace collapsing of any text (unspin.text). */
#include "speedups.h"

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

/* A str argument's storage, or -1 with TypeError set. */
static int
text_arg(PyObject *arg, int *kind, const void **data, Py_ssize_t *len)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "text must be str");
        return -1;
    }
    *kind = PyUnicode_KIND(arg);
    *data = PyUnicode_DATA(arg);
    *len = PyUnicode_GET_LENGTH(arg);
    return 0;
}

/* The next word at or after *k: 1 with [*start, *k) its span, or 0 at the end of the text. */
static int
next_word(int kind, const void *data, Py_ssize_t len, Py_ssize_t *k, Py_ssize_t *start)
{
    while (*k < len && !is_alnum_ascii(PyUnicode_READ(kind, data, *k))) {
        (*k)++;
    }
    if (*k >= len) {
        return 0;
    }
    *start = *k;
    *k = word_end(kind, data, len, *k);
    return 1;
}

PyObject *
tokenize_ascii(PyObject *self, PyObject *arg)
{
    int kind;
    const void *data;
    Py_ssize_t len, k = 0, start;
    if (text_arg(arg, &kind, &data, &len) < 0) {
        return NULL;
    }
    PyObject *words = PyList_New(0), *starts = PyList_New(0), *ends = PyList_New(0);
    PyObject *result = NULL;
    if (words == NULL || starts == NULL || ends == NULL) {
        goto done;
    }
    while (next_word(kind, data, len, &k, &start)) {
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

PyObject *
word_extent_ascii(PyObject *self, PyObject *arg)
{
    int kind;
    const void *data;
    Py_ssize_t len, k = 0, start, first = 0, last = 0, count = 0;
    if (text_arg(arg, &kind, &data, &len) < 0) {
        return NULL;
    }
    while (next_word(kind, data, len, &k, &start)) {
        if (count++ == 0) {
            first = start;
        }
        last = k;
    }
    return Py_BuildValue("(nnn)", first, last, count);
}

/* ------------------------------------------------------------------ sentence ranges */

/* \s of the `regex` module: str.isspace without the separators U+001C..U+001F. */
static inline int
is_regex_space(Py_UCS4 c)
{
    return (c < 0x1C || c > 0x1F) && Py_UNICODE_ISSPACE(c);
}

/* [\p{Lu}\p{N}] for one character: 1 or 0, or -1 where C cannot tell cheaply and the caller
 * falls back to `regex`: a non-ASCII letter or digit (Python's isalnum), or a character newer
 * than this Python's Unicode tables, which `regex` may know as a letter or number. Below
 * U+1C89 and in General Punctuation every character `regex` calls a capital or a number is
 * alphanumeric for Python too (tested), so the rest there is 0. */
static inline int
upper_or_number(Py_UCS4 c)
{
    if (c < 128) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    if (Py_UNICODE_ISALNUM(c)) {
        return -1;
    }
    if (c < 0x1C89 || (c >= 0x2000 && c <= 0x206F)) {
        return 0;
    }
    return -1;
}

/* The look-ahead (?=["“‘(]?[\p{Lu}\p{N}]) at j: 1, 0, or -1 (undecided). */
static int
opens_sentence(int kind, const void *data, Py_ssize_t len, Py_ssize_t j)
{
    if (j >= len) {
        return 0;
    }
    Py_UCS4 c = PyUnicode_READ(kind, data, j);
    if ((c == '"' || c == 0x201C || c == 0x2018 || c == '(') && j + 1 < len) {
        int next = upper_or_number(PyUnicode_READ(kind, data, j + 1));
        if (next != 0) {
            return next;
        }
    }
    return upper_or_number(c);
}

static inline int
ends_sentence(Py_UCS4 c)
{
    return c == '.' || c == '!' || c == '?';
}

/* Start of the next match of unspin.text._SENTENCE_BREAK at or after i, with its end in
 * *end; len when there is none, -1 when undecided.
 *     \n+|(?<=[.!?]["'”’)]?)\s+(?=["“‘(]?[\p{Lu}\p{N}])
 * The whitespace run is greedy and a shorter run would leave whitespace for the look-ahead,
 * which never takes it, so only the whole run can match. */
static Py_ssize_t
next_break(int kind, const void *data, Py_ssize_t len, Py_ssize_t i, Py_ssize_t *end)
{
    for (; i < len; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '\n') {
            Py_ssize_t j = i;
            while (j < len && PyUnicode_READ(kind, data, j) == '\n') {
                j++;
            }
            *end = j;
            return i;
        }
        if (i == 0 || !is_regex_space(c)) {
            continue;
        }
        Py_UCS4 b1 = PyUnicode_READ(kind, data, i - 1);
        int behind = ends_sentence(b1);
        if (!behind && i >= 2 &&
            (b1 == '"' || b1 == '\'' || b1 == 0x201D || b1 == 0x2019 || b1 == ')')) {
            behind = ends_sentence(PyUnicode_READ(kind, data, i - 2));
        }
        if (!behind) {
            continue;
        }
        Py_ssize_t j = i;
        while (j < len && is_regex_space(PyUnicode_READ(kind, data, j))) {
            j++;
        }
        int ahead = opens_sentence(kind, data, len, j);
        if (ahead < 0) {
            return -1;
        }
        if (ahead) {
            *end = j;
            return i;
        }
    }
    return len;
}

PyObject *
sentence_ranges(PyObject *self, PyObject *args)
{
    PyObject *text, *starts;
    if (!PyArg_ParseTuple(args, "UO!", &text, &PyTuple_Type, &starts)) {
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), n = PyTuple_GET_SIZE(starts);
    PyObject *ranges = PyList_New(0);
    if (ranges == NULL) {
        return NULL;
    }
    Py_ssize_t k = 0, i = 0;
    while (k < n) {
        Py_ssize_t end = len, cut = i < len ? next_break(kind, data, len, i, &end) : len;
        if (cut < 0) {
            Py_DECREF(ranges);
            Py_RETURN_NONE;
        }
        Py_ssize_t first = k;
        while (k < n) {
            Py_ssize_t s = PyLong_AsSsize_t(PyTuple_GET_ITEM(starts, k));
            if (s == -1 && PyErr_Occurred()) {
                Py_DECREF(ranges);
                return NULL;
            }
            if (s >= cut) {
                break;
            }
            k++;
        }
        if (k > first) {
            PyObject *range = Py_BuildValue("(nn)", first, k);
            if (range == NULL || PyList_Append(ranges, range) < 0) {
                Py_XDECREF(range);
                Py_DECREF(ranges);
                return NULL;
            }
            Py_DECREF(range);
        }
        if (cut >= len) {
            break;
        }
        i = end;
    }
    return ranges;
}

/* " ".join(text.split()): whitespace runs (str.isspace) made one space, ends stripped, in
 * one pass per character width instead of a string object per word;
 * PyUnicode_FromKindAndData picks the compact representation of the result. The loop has
 * no branch on the text: every character is written (a space for whitespace) and the write
 * position only moves on when it is not the second space of a run (a branch per word
 * boundary, mispredicted, made this 19 us for a 3 400-character article). */
#define COLLAPSE_INTO(TYPE)                                              \
    do {                                                                 \
        const TYPE *src = (const TYPE *)data;                            \
        TYPE *dst = PyMem_Malloc((size_t)(len > 0 ? len : 1) * sizeof(TYPE)); \
        if (dst == NULL) {                                               \
            return PyErr_NoMemory();                                     \
        }                                                                \
        Py_ssize_t n = 0;                                                \
        int after_space = 1; /* leading whitespace is dropped */         \
        for (Py_ssize_t k = 0; k < len; k++) {                           \
            Py_UCS4 c = src[k];                                          \
            int space = Py_UNICODE_ISSPACE(c) != 0;                      \
            dst[n] = space ? (TYPE)' ' : (TYPE)c;                        \
            n += !(space & after_space);                                 \
            after_space = space;                                         \
        }                                                                \
        if (n > 0 && after_space) {                                      \
            n--; /* the trailing space */                                \
        }                                                                \
        out = PyUnicode_FromKindAndData(kind, dst, n);                   \
        PyMem_Free(dst);                                                 \
    } while (0)

PyObject *
collapse_whitespace(PyObject *self, PyObject *arg)
{
    int kind;
    const void *data;
    Py_ssize_t len;
    if (text_arg(arg, &kind, &data, &len) < 0) {
        return NULL;
    }
    PyObject *out = NULL;
    if (kind == PyUnicode_1BYTE_KIND) {
        COLLAPSE_INTO(Py_UCS1);
    }
    else if (kind == PyUnicode_2BYTE_KIND) {
        COLLAPSE_INTO(Py_UCS2);
    }
    else {
        COLLAPSE_INTO(Py_UCS4);
    }
    return out;
}

