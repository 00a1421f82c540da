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

PyObject *
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

