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
#include <math.h>
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

/* ------------------------------------------------------------------ sketch_features */

/* Constants of unspin.sketch: _MIX, _CHAIN, SAMPLE. */
#define MIX 0x9E3779B97F4A7C15ULL
#define CHAIN 0xD6E8FEB86659FD93ULL

/* Open-addressing table from word hash to Zipf frequency, for the story terms: a probe or
 * two per word instead of numpy's sort of all the batch's words and a binary search. */
typedef struct {
    uint64_t *keys;
    float *zipfs; /* NaN: empty slot */
    uint64_t mask;
} ZipfTable;

static inline uint64_t
slot_of(uint64_t h, uint64_t mask)
{
    return (h ^ (h >> 29)) * MIX >> 20 & mask;
}

static float
zipf_lookup(const ZipfTable *t, uint64_t h)
{
    for (uint64_t k = slot_of(h, t->mask);; k = (k + 1) & t->mask) {
        if (isnan(t->zipfs[k])) {
            return 0.0f;
        }
        if (t->keys[k] == h) {
            return t->zipfs[k];
        }
    }
}

static PyObject *
zipf_table(PyObject *self, PyObject *args)
{
    Py_buffer hb, zb;
    if (!PyArg_ParseTuple(args, "y*y*", &hb, &zb)) {
        return NULL;
    }
    PyObject *result = NULL, *keys = NULL, *zipfs = NULL;
    Py_ssize_t n = hb.len / (Py_ssize_t)sizeof(uint64_t);
    if (zb.len != n * (Py_ssize_t)sizeof(float)) {
        PyErr_SetString(PyExc_ValueError, "need as many float32 Zipf values as uint64 hashes");
        goto done;
    }
    uint64_t size = 1;
    while (size < 2 * (uint64_t)n + 2) {
        size <<= 1;
    }
    keys = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(size * sizeof(uint64_t)));
    zipfs = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(size * sizeof(float)));
    if (keys == NULL || zipfs == NULL) {
        goto done;
    }
    ZipfTable t = {(uint64_t *)PyByteArray_AS_STRING(keys), (float *)PyByteArray_AS_STRING(zipfs),
                   size - 1};
    for (uint64_t k = 0; k < size; k++) {
        t.keys[k] = 0;
        t.zipfs[k] = NAN;
    }
    const uint64_t *hashes = (const uint64_t *)hb.buf;
    const float *values = (const float *)zb.buf;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t k = slot_of(hashes[i], t.mask);
        while (!isnan(t.zipfs[k]) && t.keys[k] != hashes[i]) {
            k = (k + 1) & t.mask;
        }
        if (isnan(t.zipfs[k]) && !isnan(values[i])) {
            /* the first of equal hashes wins, as searchsorted finds it */
            t.keys[k] = hashes[i];
            t.zipfs[k] = values[i];
        }
    }
    result = PyTuple_Pack(2, keys, zipfs);
done:
    Py_XDECREF(keys);
    Py_XDECREF(zipfs);
    PyBuffer_Release(&hb);
    PyBuffer_Release(&zb);
    return result;
}

/* A growable uint64 array, returned to Python as a bytearray. */
typedef struct {
    uint64_t *data;
    Py_ssize_t len, cap;
} Vec;

static int
vec_push(Vec *v, uint64_t x)
{
    if (v->len == v->cap) {
        Py_ssize_t cap = v->cap ? 2 * v->cap : 1024;
        uint64_t *data = PyMem_Realloc(v->data, (size_t)cap * sizeof(uint64_t));
        if (data == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        v->data = data;
        v->cap = cap;
    }
    v->data[v->len++] = x;
    return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

typedef struct {
    float zipf;
    uint64_t hash;
} Rare;

static int
cmp_rare(const void *a, const void *b)
{
    const Rare *x = a, *y = b;
    if (x->zipf != y->zipf) {
        return x->zipf < y->zipf ? -1 : 1;
    }
    return (x->hash > y->hash) - (x->hash < y->hash);
}

/* Sort v[from:] and drop repeats in place. */
static void
sort_unique_tail(Vec *v, Py_ssize_t from)
{
    Py_ssize_t n = v->len - from;
    if (n < 2) {
        return;
    }
    uint64_t *x = v->data + from;
    qsort(x, (size_t)n, sizeof(uint64_t), cmp_u64);
    Py_ssize_t out = 1;
    for (Py_ssize_t i = 1; i < n; i++) {
        if (x[i] != x[out - 1]) {
            x[out++] = x[i];
        }
    }
    v->len = from + out;
}

static PyObject *
vec_bytes(Vec *v)
{
    return PyByteArray_FromStringAndSize((const char *)v->data,
                                         v->len * (Py_ssize_t)sizeof(uint64_t));
}

static PyObject *
sketch_features(PyObject *self, PyObject *args)
{
    Py_buffer hb, db, nb, kb, zb;
    Py_ssize_t n_docs, sample, story_terms;
    double max_zipf;
    if (!PyArg_ParseTuple(args, "y*y*y*ny*y*nnd", &hb, &db, &nb, &n_docs, &kb, &zb, &sample,
                          &story_terms, &max_zipf)) {
        return NULL;
    }
    PyObject *result = NULL;
    Vec copies = {0}, chains = {0}, stories = {0};
    Rare *rare = NULL;
    int64_t *offsets = PyMem_Calloc((size_t)(3 * (n_docs + 1)), sizeof(int64_t));
    Py_ssize_t n = hb.len / (Py_ssize_t)sizeof(uint64_t);
    if (offsets == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (db.len != n * (Py_ssize_t)sizeof(int64_t) || nb.len != n ||
        kb.len / (Py_ssize_t)sizeof(uint64_t) != zb.len / (Py_ssize_t)sizeof(float) ||
        sample < 1 || n_docs < 0 || kb.len < (Py_ssize_t)sizeof(uint64_t) ||
        (kb.len / (Py_ssize_t)sizeof(uint64_t) & (kb.len / (Py_ssize_t)sizeof(uint64_t) - 1))) {
        PyErr_SetString(PyExc_ValueError, "inconsistent sketch_features arguments");
        goto done;
    }
    const uint64_t *h = hb.buf;
    const int64_t *doc = db.buf;
    const char *numeric = nb.buf;
    ZipfTable table = {kb.buf, zb.buf, (uint64_t)(kb.len / (Py_ssize_t)sizeof(uint64_t)) - 1};
    float cut = (float)max_zipf;
    rare = PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof(Rare));
    if (rare == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int64_t *copy_off = offsets, *chain_off = offsets + n_docs + 1,
            *story_off = offsets + 2 * (n_docs + 1);
    Py_ssize_t i = 0;
    for (Py_ssize_t d = 0; d < n_docs; d++) {
        Py_ssize_t first = i;
        while (i < n && doc[i] == d) {
            i++;
        }
        if (i < n && doc[i] < d) {
            PyErr_SetString(PyExc_ValueError, "docs must be sorted");
            goto done;
        }
        /* copy fingerprints: sampled hashes of consecutive content-word pairs, and chains */
        Py_ssize_t copy_from = copies.len, chain_from = chains.len;
        int have_prev = 0;
        uint64_t prev = 0;
        for (Py_ssize_t k = first; k + 1 < i; k++) {
            uint64_t next = h[k + 1];
            uint64_t pair = h[k] * MIX + (next ^ (next >> 29));
            uint64_t mixed = pair ^ (pair >> 31);
            if (mixed % (uint64_t)sample != 0) {
                continue;
            }
            if (vec_push(&copies, pair) < 0) {
                goto done;
            }
            if (have_prev && vec_push(&chains, (prev ^ CHAIN) * MIX + pair) < 0) {
                goto done;
            }
            prev = pair;
            have_prev = 1;
        }
        sort_unique_tail(&copies, copy_from);
        sort_unique_tail(&chains, chain_from);
        copy_off[d + 1] = copies.len;
        chain_off[d + 1] = chains.len;
        /* story terms: the rarest distinct non-numeric words, ties by hash */
        Py_ssize_t m = 0;
        for (Py_ssize_t k = first; k < i; k++) {
            if (numeric[k]) {
                continue;
            }
            float z = zipf_lookup(&table, h[k]);
            if (z <= cut) {
                rare[m].zipf = z;
                rare[m].hash = h[k];
                m++;
            }
        }
        qsort(rare, (size_t)m, sizeof(Rare), cmp_rare);
        Py_ssize_t story_from = stories.len, kept = 0;
        for (Py_ssize_t k = 0; k < m && kept < story_terms; k++) {
            if (k > 0 && rare[k].hash == rare[k - 1].hash) {
                continue;
            }
            if (vec_push(&stories, rare[k].hash) < 0) {
                goto done;
            }
            kept++;
        }
        sort_unique_tail(&stories, story_from);
        story_off[d + 1] = stories.len;
    }
    if (i != n) {
        PyErr_SetString(PyExc_ValueError, "docs must be sorted and below n_docs");
        goto done;
    }
    PyObject *parts[6] = {
        vec_bytes(&copies),
        PyByteArray_FromStringAndSize((const char *)copy_off,
                                      (n_docs + 1) * (Py_ssize_t)sizeof(int64_t)),
        vec_bytes(&stories),
        PyByteArray_FromStringAndSize((const char *)story_off,
                                      (n_docs + 1) * (Py_ssize_t)sizeof(int64_t)),
        vec_bytes(&chains),
        PyByteArray_FromStringAndSize((const char *)chain_off,
                                      (n_docs + 1) * (Py_ssize_t)sizeof(int64_t)),
    };
    if (parts[0] && parts[1] && parts[2] && parts[3] && parts[4] && parts[5]) {
        result = PyTuple_Pack(6, parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }
    for (int k = 0; k < 6; k++) {
        Py_XDECREF(parts[k]);
    }
done:
    PyMem_Free(copies.data);
    PyMem_Free(chains.data);
    PyMem_Free(stories.data);
    PyMem_Free(rare);
    PyMem_Free(offsets);
    PyBuffer_Release(&hb);
    PyBuffer_Release(&db);
    PyBuffer_Release(&nb);
    PyBuffer_Release(&kb);
    PyBuffer_Release(&zb);
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

/* ------------------------------------------------------------------ sentence ranges */

/* \s of the `regex` module: str.isspace without the separators U+001C..U+001F. */
static inline int
is_regex_space(Py_UCS4 c)
{
    return (c < 0x1C || c > 0x1F) && Py_UNICODE_ISSPACE(c);
}

/* [\p{Lu}\p{N}] for a character of a text whose letters and digits are ASCII (by Python's
 * isalnum): 1 or 0, or -1 where this Python's Unicode tables cannot tell (characters newer
 * than them, which `regex` may know as letters or numbers; the caller falls back to it). The
 * General Punctuation block and everything below U+1C89 hold no such character (tested). */
static inline int
upper_or_number(Py_UCS4 c)
{
    if (c < 128) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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

static PyObject *
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

/* ------------------------------------------------------------------ topic profile */

/* unspin.topic._starts_sentence: only spaces, quotes and brackets back to a boundary. */
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

static PyObject *
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

/* unspin.topic._weigh before its top-terms cut: (1 + log n) * idf per term, idf from the
 * cache dict or from weight(word) (stored; the cache is emptied at max_cached entries). */
static PyObject *
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

static PyObject *
word_extent_ascii(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "text must be str");
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t len = PyUnicode_GET_LENGTH(arg), k = 0, first = 0, last = 0, count = 0;
    while (k < len) {
        if (!is_alnum_ascii(PyUnicode_READ(kind, data, k))) {
            k++;
            continue;
        }
        if (count == 0) {
            first = k;
        }
        k = word_end(kind, data, len, k);
        last = k;
        count++;
    }
    return Py_BuildValue("(nnn)", first, last, count);
}

/* " ".join(text.split()): whitespace runs (str.isspace) made one space, ends stripped, in
 * one pass per character width instead of a string object per word;
 * PyUnicode_FromKindAndData picks the compact representation of the result. */
#define COLLAPSE_INTO(TYPE)                                              \
    do {                                                                 \
        const TYPE *src = (const TYPE *)data;                            \
        TYPE *dst = PyMem_Malloc((size_t)(len > 0 ? len : 1) * sizeof(TYPE)); \
        if (dst == NULL) {                                               \
            return PyErr_NoMemory();                                     \
        }                                                                \
        Py_ssize_t n = 0;                                                \
        int pending = 0;                                                 \
        for (Py_ssize_t k = 0; k < len; k++) {                           \
            Py_UCS4 c = src[k];                                          \
            if (Py_UNICODE_ISSPACE(c)) {                                 \
                pending = n > 0;                                         \
                continue;                                                \
            }                                                            \
            if (pending) {                                               \
                dst[n++] = ' ';                                          \
                pending = 0;                                             \
            }                                                            \
            dst[n++] = (TYPE)c;                                          \
        }                                                                \
        out = PyUnicode_FromKindAndData(kind, dst, n);                   \
        PyMem_Free(dst);                                                 \
    } while (0)

static PyObject *
collapse_whitespace(PyObject *self, PyObject *arg)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "text must be str");
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t len = PyUnicode_GET_LENGTH(arg);
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

static PyMethodDef methods[] = {
    {"content_words", content_words, METH_VARARGS,
     "content_words(texts, slots) -> (hashes, docs, numeric) as bytearrays of uint64, int64 "
     "and bool: the content words of lower-cased UTF-8 texts (see unspin.sketch)."},
    {"zipf_table", zipf_table, METH_VARARGS,
     "zipf_table(hashes, zipfs) -> (keys, zipfs): an open-addressing lookup table for "
     "sketch_features."},
    {"sketch_features", sketch_features, METH_VARARGS,
     "sketch_features(hashes, docs, numeric, n_docs, table_keys, table_zipfs, sample, "
     "story_terms, max_zipf) -> (copy values, copy offsets, story values, story offsets, "
     "chain values, chain offsets): unspin.sketch's features of content words."},
    {"profile_counts", profile_counts, METH_VARARGS,
     "profile_counts(words, starts, text, skip, stopwords) -> (tf, names, numbers): the term "
     "counts of unspin.topic.profile."},
    {"weigh_terms", weigh_terms, METH_VARARGS,
     "weigh_terms(tf, cache, weight, max_cached) -> dict: (1 + log n) * idf per term."},
    {"sentence_ranges", sentence_ranges, METH_VARARGS,
     "sentence_ranges(text, starts) -> list of (first, last) token ranges, or None when "
     "undecided: unspin.text.sentence_ranges for text whose letters and digits are ASCII."},
    {"word_extent_ascii", word_extent_ascii, METH_O,
     "word_extent_ascii(text) -> (start, end, count): unspin.text.word_extent for text whose "
     "letters and digits are all ASCII, without building the words."},
    {"collapse_whitespace", collapse_whitespace, METH_O,
     "collapse_whitespace(text) -> str: ' '.join(text.split()) in one allocation."},
    {"tokenize_ascii", tokenize_ascii, METH_O,
     "tokenize_ascii(text) -> (words, starts, ends): unspin.text.tokenize for text whose "
     "letters and digits are all ASCII."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "unspin._speedups",
    "Hot loops of unspin in C (optional; see unspin.sketch and unspin.text).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModule_Create(&module);
}
