/* Word hashing and candidate-search features of unspin.candidates.sketch. */
#include "speedups.h"

/* The polynomial hash of unspin.candidates.sketch.word_hashes: sum c_k * B**(k - s) modulo 2**64. */
#define HASH_BASE 0x100000001B3ULL
#define SLOT_MASK 0xFFFFULL /* unspin.candidates.sketch._SLOTS - 1 */
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

/* Constants of unspin.candidates.sketch: _MIX, _CHAIN, SAMPLE. */
#define MIX 0x9E3779B97F4A7C15ULL
#define CHAIN 0xD6E8FEB86659FD93ULL

/* Open-addressing table from word hash to Zipf frequency, for the story terms: a probe or
 * two per word instead of numpy's sort of all the batch's words and a binary search. */
/* One slot of the open-addressing Zipf table: key and value side by side, so that a lookup
 * touches one cache line (the table of the rarity list is megabytes: most lookups miss the
 * cache, and two parallel arrays made that two misses). */
typedef struct {
    uint64_t key;
    float zipf; /* NaN: empty slot */
    float unused;
} ZipfSlot;

typedef struct {
    const ZipfSlot *slots;
    uint64_t mask;
} ZipfTable;

static inline uint64_t
slot_of(uint64_t h, uint64_t mask)
{
    return (h ^ (h >> 29)) * MIX >> 20 & mask;
}

/* How many words ahead sketch_features asks for the table slot it will read. */
#define PREFETCH 8

static inline void
prefetch_slot(const ZipfTable *t, uint64_t h)
{
#if defined(__GNUC__)
    __builtin_prefetch(&t->slots[slot_of(h, t->mask)]);
#else
    (void)t;
    (void)h;
#endif
}

static float
zipf_lookup(const ZipfTable *t, uint64_t h)
{
    for (uint64_t k = slot_of(h, t->mask);; k = (k + 1) & t->mask) {
        const ZipfSlot *s = &t->slots[k];
        if (isnan(s->zipf)) {
            return 0.0f;
        }
        if (s->key == h) {
            return s->zipf;
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
    PyObject *table = NULL;
    Py_ssize_t n = hb.len / (Py_ssize_t)sizeof(uint64_t);
    if (zb.len != n * (Py_ssize_t)sizeof(float)) {
        PyErr_SetString(PyExc_ValueError, "need as many float32 Zipf values as uint64 hashes");
        goto done;
    }
    uint64_t size = 1;
    while (size < 2 * (uint64_t)n + 2) {
        size <<= 1;
    }
    table = PyByteArray_FromStringAndSize(NULL, (Py_ssize_t)(size * sizeof(ZipfSlot)));
    if (table == NULL) {
        goto done;
    }
    ZipfSlot *slots = (ZipfSlot *)PyByteArray_AS_STRING(table);
    uint64_t mask = size - 1;
    for (uint64_t k = 0; k < size; k++) {
        slots[k].key = 0;
        slots[k].zipf = NAN;
        slots[k].unused = 0.0f;
    }
    const uint64_t *hashes = (const uint64_t *)hb.buf;
    const float *values = (const float *)zb.buf;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t k = slot_of(hashes[i], mask);
        while (!isnan(slots[k].zipf) && slots[k].key != hashes[i]) {
            k = (k + 1) & mask;
        }
        if (isnan(slots[k].zipf) && !isnan(values[i])) {
            /* the first of equal hashes wins, as searchsorted finds it */
            slots[k].key = hashes[i];
            slots[k].zipf = values[i];
        }
    }
done:
    PyBuffer_Release(&hb);
    PyBuffer_Release(&zb);
    return table;
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

/* Sort x[0:n] ascending: quicksort with the comparison inlined, insertion sort for short
 * runs. qsort's callback per comparison was half of sketch_features' time. */
static void
sort_u64(uint64_t *x, Py_ssize_t n)
{
    while (n > 16) {
        uint64_t a = x[0], b = x[n / 2], c = x[n - 1];
        uint64_t pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        Py_ssize_t i = -1, j = n;
        for (;;) { /* Hoare's partition: x[0:j+1] <= pivot <= x[j+1:n] */
            do {
                i++;
            } while (x[i] < pivot);
            do {
                j--;
            } while (x[j] > pivot);
            if (i >= j) {
                break;
            }
            uint64_t t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
        Py_ssize_t left = j + 1;
        if (left < n - left) { /* recurse into the smaller side, loop on the larger */
            sort_u64(x, left);
            x += left;
            n -= left;
        }
        else {
            sort_u64(x + left, n - left);
            n = left;
        }
    }
    for (Py_ssize_t i = 1; i < n; i++) {
        uint64_t v = x[i];
        Py_ssize_t k = i;
        while (k > 0 && x[k - 1] > v) {
            x[k] = x[k - 1];
            k--;
        }
        x[k] = v;
    }
}

typedef struct {
    float zipf;
    uint64_t hash;
} Rare;

static inline int
rarer(const Rare *x, const Rare *y)
{
    return x->zipf < y->zipf || (x->zipf == y->zipf && x->hash < y->hash);
}

/* Keep in top[0:*kept] (ascending, at most k) the k rarest distinct terms seen so far: the
 * first k of all terms sorted by (zipf, hash) without repeats, without sorting them all. */
static void
keep_rarest(Rare *top, Py_ssize_t *kept, Py_ssize_t k, Rare term)
{
    if (k < 1 || (*kept == k && !rarer(&term, &top[k - 1]))) {
        return;
    }
    Py_ssize_t p = *kept;
    while (p > 0 && rarer(&term, &top[p - 1])) {
        p--;
    }
    if (p > 0 && top[p - 1].hash == term.hash) {
        return; /* a repeat: equal hash, equal Zipf value */
    }
    Py_ssize_t last = *kept < k ? *kept : k - 1;
    memmove(&top[p + 1], &top[p], (size_t)(last - p) * sizeof(Rare));
    top[p] = term;
    if (*kept < k) {
        (*kept)++;
    }
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
    sort_u64(x, n);
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
    Py_buffer hb, db, nb, tb;
    Py_ssize_t n_docs, sample, story_terms;
    double max_zipf;
    if (!PyArg_ParseTuple(args, "y*y*y*ny*nnd", &hb, &db, &nb, &n_docs, &tb, &sample,
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
    Py_ssize_t n_slots = tb.len / (Py_ssize_t)sizeof(ZipfSlot);
    if (db.len != n * (Py_ssize_t)sizeof(int64_t) || nb.len != n || sample < 1 || n_docs < 0 ||
        n_slots < 1 || tb.len % (Py_ssize_t)sizeof(ZipfSlot) || (n_slots & (n_slots - 1))) {
        PyErr_SetString(PyExc_ValueError, "inconsistent sketch_features arguments");
        goto done;
    }
    const uint64_t *h = hb.buf;
    const int64_t *doc = db.buf;
    const char *numeric = nb.buf;
    ZipfTable table = {tb.buf, (uint64_t)n_slots - 1};
    float cut = (float)max_zipf;
    rare = PyMem_Malloc((size_t)(story_terms > 0 ? story_terms : 1) * sizeof(Rare));
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
        Py_ssize_t kept = 0;
        for (Py_ssize_t k = first; k < i; k++) {
            if (k + PREFETCH < n) { /* the lookups miss the cache: ask for later slots now */
                prefetch_slot(&table, h[k + PREFETCH]);
            }
            if (numeric[k]) {
                continue;
            }
            float z = zipf_lookup(&table, h[k]);
            if (z <= cut) {
                Rare term = {z, h[k]};
                keep_rarest(rare, &kept, story_terms, term);
            }
        }
        Py_ssize_t story_from = stories.len;
        for (Py_ssize_t k = 0; k < kept; k++) {
            if (vec_push(&stories, rare[k].hash) < 0) {
                goto done;
            }
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
    PyBuffer_Release(&tb);
    return result;
}

