/* Word hashing and candidate-search features of unspin.sketch. */
#include "speedups.h"

/* The polynomial hash of unspin.sketch.word_hashes: sum c_k * B**(k - s) modulo 2**64. */
#define HASH_BASE 0x100000001B3ULL
#define SLOT_MASK 0xFFFFULL /* unspin.sketch._SLOTS - 1 */
#define N_SLOTS 65536

static inline int
is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 128;
}

/* What str.lower() does to an ASCII byte (A-Z to a-z); filled at first use. */
static unsigned char ASCII_LOWER[128];
static int lower_ready = 0;

/* The content-word hashes being collected, and the word being read: bytes arrive one at a
 * time (already lower-cased), so that bytes and str texts of any width share one hasher. */
typedef struct {
    const uint64_t *slots;
    PyObject *hashes, *docs, *numeric; /* bytearrays, grown by reserve() */
    Py_ssize_t n, cap;
    uint64_t h, power;
    Py_ssize_t bytes;
    unsigned char first;
} Hasher;

static int
reserve(Hasher *w, Py_ssize_t more)
{
    if (w->n + more <= w->cap) {
        return 0;
    }
    Py_ssize_t cap = w->n + more > 2 * w->cap ? w->n + more : 2 * w->cap;
    if (PyByteArray_Resize(w->hashes, cap * (Py_ssize_t)sizeof(uint64_t)) < 0 ||
        PyByteArray_Resize(w->docs, cap * (Py_ssize_t)sizeof(int64_t)) < 0 ||
        PyByteArray_Resize(w->numeric, cap) < 0) {
        return -1;
    }
    w->cap = cap;
    return 0;
}

static inline void
word_end(Hasher *w, int64_t d)
{
    if (w->bytes > 1 && w->slots[w->h & SLOT_MASK] != w->h) {
        ((uint64_t *)PyByteArray_AS_STRING(w->hashes))[w->n] = w->h;
        ((int64_t *)PyByteArray_AS_STRING(w->docs))[w->n] = d;
        PyByteArray_AS_STRING(w->numeric)[w->n] = w->first < 58;
        w->n++;
    }
    w->bytes = 0;
}

static inline void
feed(Hasher *w, unsigned char c, int64_t d)
{
    if (!is_word_byte(c)) {
        if (w->bytes) {
            word_end(w, d);
        }
        return;
    }
    if (w->bytes == 0) {
        w->h = 0;
        w->power = 1;
        w->first = c;
    }
    w->h += (uint64_t)c * w->power;
    w->power *= HASH_BASE;
    w->bytes++;
}

/* Lower-cased UTF-8 bytes (a text after .lower().encode("utf-8", "replace")). */
static int
feed_bytes(Hasher *w, const unsigned char *data, Py_ssize_t len, int64_t d)
{
    if (reserve(w, len / 3 + 1) < 0) { /* two bytes and a separator per content word */
        return -1;
    }
    for (Py_ssize_t k = 0; k < len; k++) {
        feed(w, data[k], d);
    }
    word_end(w, d);
    return 0;
}

/* One code point as .lower().encode("utf-8", "replace") gives it, for code points whose
 * full lower-case mapping is their simple one (all but U+0130 and the context-dependent
 * U+03A3, which feed_str leaves to Python); a lone surrogate becomes "?". */
static inline void
feed_char(Hasher *w, Py_UCS4 c, int64_t d)
{
    if (c < 128) {
        feed(w, ASCII_LOWER[c], d);
        return;
    }
    c = Py_UNICODE_TOLOWER(c);
    if (c >= 0xD800 && c <= 0xDFFF) {
        feed(w, '?', d);
    }
    else if (c < 0x800) {
        feed(w, (unsigned char)(0xC0 | (c >> 6)), d);
        feed(w, (unsigned char)(0x80 | (c & 0x3F)), d);
    }
    else if (c < 0x10000) {
        feed(w, (unsigned char)(0xE0 | (c >> 12)), d);
        feed(w, (unsigned char)(0x80 | ((c >> 6) & 0x3F)), d);
        feed(w, (unsigned char)(0x80 | (c & 0x3F)), d);
    }
    else {
        feed(w, (unsigned char)(0xF0 | (c >> 18)), d);
        feed(w, (unsigned char)(0x80 | ((c >> 12) & 0x3F)), d);
        feed(w, (unsigned char)(0x80 | ((c >> 6) & 0x3F)), d);
        feed(w, (unsigned char)(0x80 | (c & 0x3F)), d);
    }
}

/* A str, lower-cased and encoded on the fly: str.lower() and encode() cost as much as the
 * hashing (ASCII 4 us, other texts 21 us of a 600-word article). The rare text with U+0130
 * or U+03A3 (whose lower-casing str.lower() does in full or by context) takes that path. */
static int
feed_str(Hasher *w, PyObject *text, int64_t d)
{
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return -1;
    }
#endif
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_IS_ASCII(text)) {
        const unsigned char *data = PyUnicode_1BYTE_DATA(text);
        if (reserve(w, len / 3 + 1) < 0) {
            return -1;
        }
        for (Py_ssize_t k = 0; k < len; k++) {
            feed(w, ASCII_LOWER[data[k]], d);
        }
        word_end(w, d);
        return 0;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t k = 0; k < len; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c == 0x130 || c == 0x3A3) {
            PyObject *lower = PyObject_CallMethod(text, "lower", NULL);
            PyObject *encoded = lower ? PyUnicode_AsEncodedString(lower, "utf-8", "replace") : NULL;
            Py_XDECREF(lower);
            if (encoded == NULL) {
                return -1;
            }
            int rc = feed_bytes(w, (const unsigned char *)PyBytes_AS_STRING(encoded),
                                PyBytes_GET_SIZE(encoded), d);
            Py_DECREF(encoded);
            return rc;
        }
    }
    if (reserve(w, len / 2 + 1) < 0) { /* a character and a separator per content word */
        return -1;
    }
    for (Py_ssize_t k = 0; k < len; k++) {
        feed_char(w, PyUnicode_READ(kind, data, k), d);
    }
    word_end(w, d);
    return 0;
}

PyObject *
content_words(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_buffer slots_buf;
    if (!PyArg_ParseTuple(args, "Oy*", &texts, &slots_buf)) {
        return NULL;
    }
    PyObject *result = NULL;
    Hasher w = {0};
    PyObject *seq = PySequence_Fast(texts, "texts must be a sequence of str or bytes");
    if (seq == NULL) {
        goto done;
    }
    if (slots_buf.len != (Py_ssize_t)(N_SLOTS * sizeof(uint64_t))) {
        PyErr_SetString(PyExc_ValueError, "slots must hold 65536 uint64 values");
        goto done;
    }
    if (!lower_ready) {
        for (int c = 0; c < 128; c++) {
            ASCII_LOWER[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        lower_ready = 1;
    }
    w.slots = (const uint64_t *)slots_buf.buf;
    w.hashes = PyByteArray_FromStringAndSize(NULL, 0);
    w.docs = PyByteArray_FromStringAndSize(NULL, 0);
    w.numeric = PyByteArray_FromStringAndSize(NULL, 0);
    if (w.hashes == NULL || w.docs == NULL || w.numeric == NULL) {
        goto done;
    }
    Py_ssize_t n_texts = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t d = 0; d < n_texts; d++) {
        int rc;
        if (PyUnicode_Check(items[d])) {
            rc = feed_str(&w, items[d], (int64_t)d);
        }
        else if (PyBytes_Check(items[d])) {
            rc = feed_bytes(&w, (const unsigned char *)PyBytes_AS_STRING(items[d]),
                            PyBytes_GET_SIZE(items[d]), (int64_t)d);
        }
        else {
            PyErr_Format(PyExc_TypeError, "texts[%zd] is neither str nor bytes", d);
            rc = -1;
        }
        if (rc < 0) {
            goto done;
        }
    }
    if (PyByteArray_Resize(w.hashes, w.n * (Py_ssize_t)sizeof(uint64_t)) < 0 ||
        PyByteArray_Resize(w.docs, w.n * (Py_ssize_t)sizeof(int64_t)) < 0 ||
        PyByteArray_Resize(w.numeric, w.n) < 0) {
        goto done;
    }
    result = PyTuple_Pack(3, w.hashes, w.docs, w.numeric);
done:
    Py_XDECREF(w.hashes);
    Py_XDECREF(w.docs);
    Py_XDECREF(w.numeric);
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

PyObject *
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

PyObject *
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

