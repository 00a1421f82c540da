/* The region search of unspin.verify.windows (WindowAligner.regions) and its similarity.
 *
 * The Python twin clusters the seed window pairs with numpy calls on arrays of a few dozen
 * rows: about twenty calls per cluster, so that on real newswire (AP89, 2026-12-07) the
 * region search took a third of the verification stage. Here the same steps run in one C
 * call per text pair, on the same integers in the same order:
 *
 *   cluster     split seeds sorted (stably) on one side wherever neighbours are more than a
 *               gap apart, alternating sides until the number of groups holds for two passes;
 *   validated   a group whose region is not similar as a whole is clustered again with gaps
 *               one smaller;
 *   region      window bounds, edges trimmed twice, tf-isf cosine and containment, the share
 *               of seeded windows (support) and the seeds' order concordance (Kendall);
 *   summaries   the second pass on one side only, kept when condensed, supported, in order
 *               and extending the first pass.
 *
 * Floating-point sums are correctly rounded (math.fsum's algorithm: Shewchuk 1997, with its
 * half-even correction), so the result is the Python twin's to the bit whatever the order of
 * the terms; products and quotients are the same single operations as numpy's.
 */
#include "speedups.h"

/* ---- correctly rounded summation (the partials of math.fsum) ------------------------------ */

typedef struct {
    double p[80]; /* non-overlapping partials: at most about 2098 / 53 + 1 of them for doubles */
    int n;
} Fsum;

static void
fsum_add(Fsum *s, double x)
{
    int i = 0;
    for (int j = 0; j < s->n; j++) {
        double y = s->p[j];
        if (fabs(x) < fabs(y)) {
            double t = x;
            x = y;
            y = t;
        }
        double hi = x + y;
        double lo = y - (hi - x);
        if (lo != 0.0) {
            s->p[i++] = lo;
        }
        x = hi;
    }
    s->p[i] = x;
    s->n = i + 1;
}

static double
fsum_value(const Fsum *s)
{
    int n = s->n;
    double hi = 0.0, lo = 0.0;
    if (n > 0) {
        hi = s->p[--n];
        while (n > 0) {
            double x = hi, y = s->p[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        if (n > 0 && ((lo < 0.0 && s->p[n - 1] < 0.0) || (lo > 0.0 && s->p[n - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y, yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
    }
    return hi;
}

/* ---- the two texts' content words ---------------------------------------------------------- */

typedef struct {
    const int64_t *pos, *terms, *starts;
    Py_ssize_t n_pos, n_starts;
} Side;

typedef struct {
    Side a, b;
    const double *isf;
    Py_ssize_t vocab;
    const int64_t *si, *sj; /* seed window pairs */
    Py_ssize_t n_seeds;
    /* parameters (unspin.config.CONFIG.windows) */
    Py_ssize_t window, max_gap, summary_gap, unbounded, summary_reach, min_words, edge_run,
        concordance_sample;
    double cluster_cosine, summary_support, summary_order, summary_max_ratio;
    /* scratch, zero between uses */
    int64_t *count_a, *count_b, *touched_a, *touched_b;
    char *mark, *mark_a, *mark_b; /* by term; by window of a; by window of b */
    int64_t *tmp;                 /* merge sort buffer, n_seeds */
} Ctx;

typedef struct {
    int64_t a_lo, a_hi, b_lo, b_hi;
    double cosine, containment, support, order;
} Region;

typedef struct {
    Region *items;
    Py_ssize_t len, cap;
} Regions;

static int
regions_push(Regions *out, const Region *r)
{
    if (out->len == out->cap) {
        Py_ssize_t cap = out->cap ? 2 * out->cap : 16;
        Region *items = PyMem_Realloc(out->items, (size_t)cap * sizeof(Region));
        if (items == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        out->items = items;
        out->cap = cap;
    }
    out->items[out->len++] = *r;
    return 0;
}

/* tf-isf cosine of content-word ranges and the containment of the shorter in the longer
 * (unspin.verify.windows.similarity). */
static void
similarity(Ctx *c, Py_ssize_t a_lo, Py_ssize_t a_hi, Py_ssize_t b_lo, Py_ssize_t b_hi,
           double *cosine, double *containment)
{
    Py_ssize_t na = 0, nb = 0;
    for (Py_ssize_t k = a_lo; k < a_hi; k++) {
        int64_t t = c->a.terms[k];
        if (c->count_a[t]++ == 0) {
            c->touched_a[na++] = t;
        }
    }
    for (Py_ssize_t k = b_lo; k < b_hi; k++) {
        int64_t t = c->b.terms[k];
        if (c->count_b[t]++ == 0) {
            c->touched_b[nb++] = t;
        }
    }
    Fsum dot = {.n = 0}, sq_a = {.n = 0}, sq_b = {.n = 0}, kept = {.n = 0}, total = {.n = 0};
    for (Py_ssize_t k = 0; k < na; k++) {
        int64_t t = c->touched_a[k];
        double va = (double)c->count_a[t] * c->isf[t];
        fsum_add(&sq_a, va * va);
        if (c->count_b[t]) {
            double vb = (double)c->count_b[t] * c->isf[t];
            fsum_add(&dot, va * vb);
        }
    }
    for (Py_ssize_t k = 0; k < nb; k++) {
        int64_t t = c->touched_b[k];
        double vb = (double)c->count_b[t] * c->isf[t];
        fsum_add(&sq_b, vb * vb);
    }
    int a_short = a_hi - a_lo <= b_hi - b_lo;
    const int64_t *touched = a_short ? c->touched_a : c->touched_b;
    const int64_t *own = a_short ? c->count_a : c->count_b;
    const int64_t *other = a_short ? c->count_b : c->count_a;
    Py_ssize_t n_short = a_short ? na : nb;
    for (Py_ssize_t k = 0; k < n_short; k++) {
        int64_t t = touched[k];
        double v = (double)own[t] * c->isf[t];
        fsum_add(&total, v);
        if ((double)other[t] * c->isf[t] > 0.0) { /* short[long_ > 0] */
            fsum_add(&kept, v);
        }
    }
    double norms = sqrt(fsum_value(&sq_a)) * sqrt(fsum_value(&sq_b));
    *cosine = fsum_value(&dot) / (norms + 1e-9);
    *containment = fsum_value(&kept) / (fsum_value(&total) + 1e-9);
    for (Py_ssize_t k = 0; k < na; k++) {
        c->count_a[c->touched_a[k]] = 0;
    }
    for (Py_ssize_t k = 0; k < nb; k++) {
        c->count_b[c->touched_b[k]] = 0;
    }
}

/* Shrink [lo, hi) of own terms to where words shared with other[olo:ohi] are dense at both
 * ends (unspin.verify.windows._trim). */
static void
trim(Ctx *c, const int64_t *own, Py_ssize_t *lo, Py_ssize_t *hi, const int64_t *other,
     Py_ssize_t olo, Py_ssize_t ohi)
{
    Py_ssize_t n = *hi - *lo, run_len = c->edge_run;
    if (n <= run_len) {
        return;
    }
    for (Py_ssize_t k = olo; k < ohi; k++) {
        c->mark[other[k]] = 1;
    }
    const int64_t *words = own + *lo;
    Py_ssize_t first = -1, last = -1, run = 0;
    for (Py_ssize_t k = 0; k < run_len; k++) {
        run += c->mark[words[k]];
    }
    for (Py_ssize_t k = 0; k + run_len <= n; k++) {
        if (k > 0) {
            run += c->mark[words[k + run_len - 1]] - c->mark[words[k - 1]];
        }
        if (run >= run_len - 1) {
            if (first < 0 && c->mark[words[k]]) {
                first = k;
            }
            if (c->mark[words[k + run_len - 1]]) {
                last = k + run_len - 1;
            }
        }
    }
    for (Py_ssize_t k = olo; k < ohi; k++) {
        c->mark[other[k]] = 0;
    }
    if (first < 0 || last < 0 || last < first) {
        return;
    }
    *hi = *lo + last + 1;
    *lo = *lo + first;
}

/* Share of the windows starting in content-word range [lo, hi) of one side that seed. */
static double
support(Ctx *c, const int64_t *group, Py_ssize_t n, int axis, Py_ssize_t lo, Py_ssize_t hi)
{
    const Side *side = axis == 0 ? &c->a : &c->b;
    const int64_t *key = axis == 0 ? c->si : c->sj;
    char *mark = axis == 0 ? c->mark_a : c->mark_b;
    for (Py_ssize_t k = 0; k < n; k++) {
        mark[key[group[k]]] = 1;
    }
    Py_ssize_t upper = hi - c->window / 2 > lo + 1 ? hi - c->window / 2 : lo + 1;
    Py_ssize_t inside = 0, seeded = 0;
    for (Py_ssize_t w = 0; w < side->n_starts; w++) {
        if (side->starts[w] >= lo && side->starts[w] < upper) {
            inside++;
            seeded += mark[w];
        }
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        mark[key[group[k]]] = 0;
    }
    return inside ? (double)seeded / (double)inside : 0.0;
}

static int
sign(int64_t x)
{
    return (x > 0) - (x < 0);
}

/* Share of seed pairs that differ on both sides and keep their order; large groups thinned
 * to concordance_sample seeds as np.linspace(0, n - 1, sample).astype(int64) picks them. */
static double
concordance(Ctx *c, const int64_t *group, Py_ssize_t n)
{
    Py_ssize_t m = n;
    double step = 0.0;
    int thin = n > c->concordance_sample;
    if (thin) {
        m = c->concordance_sample;
        step = (double)(n - 1) / (double)(m - 1);
    }
#define ROW(x) (thin ? ((x) == m - 1 ? n - 1 : (Py_ssize_t)((double)(x) * step)) : (x))
    int64_t both = 0, same = 0;
    for (Py_ssize_t x = 0; x < m; x++) {
        int64_t gx = group[ROW(x)];
        for (Py_ssize_t y = x + 1; y < m; y++) {
            int64_t gy = group[ROW(y)];
            int da = sign(c->si[gx] - c->si[gy]), db = sign(c->sj[gx] - c->sj[gy]);
            if (da && db) {
                both++;
                same += da == db;
            }
        }
    }
#undef ROW
    return both ? (double)same / (double)both : 1.0;
}

static void
make_region(Ctx *c, const int64_t *group, Py_ssize_t n, Region *r)
{
    int64_t ka_min = c->si[group[0]], ka_max = ka_min, kb_min = c->sj[group[0]], kb_max = kb_min;
    for (Py_ssize_t k = 1; k < n; k++) {
        int64_t x = c->si[group[k]], y = c->sj[group[k]];
        ka_min = x < ka_min ? x : ka_min;
        ka_max = x > ka_max ? x : ka_max;
        kb_min = y < kb_min ? y : kb_min;
        kb_max = y > kb_max ? y : kb_max;
    }
    Py_ssize_t a_lo = c->a.starts[ka_min], a_hi = c->a.starts[ka_max] + c->window;
    Py_ssize_t b_lo = c->b.starts[kb_min], b_hi = c->b.starts[kb_max] + c->window;
    a_hi = a_hi < c->a.n_pos ? a_hi : c->a.n_pos;
    b_hi = b_hi < c->b.n_pos ? b_hi : c->b.n_pos;
    for (int rep = 0; rep < 2; rep++) {
        Py_ssize_t old_lo = a_lo, old_hi = a_hi;
        trim(c, c->a.terms, &a_lo, &a_hi, c->b.terms, b_lo, b_hi);
        trim(c, c->b.terms, &b_lo, &b_hi, c->a.terms, old_lo, old_hi);
    }
    similarity(c, a_lo, a_hi, b_lo, b_hi, &r->cosine, &r->containment);
    int short_side = a_hi - a_lo <= b_hi - b_lo ? 0 : 1;
    r->support = short_side == 0 ? support(c, group, n, 0, a_lo, a_hi)
                                 : support(c, group, n, 1, b_lo, b_hi);
    r->order = concordance(c, group, n);
    r->a_lo = c->a.pos[a_lo];
    r->a_hi = c->a.pos[a_hi - 1] + 1;
    r->b_lo = c->b.pos[b_lo];
    r->b_hi = c->b.pos[b_hi - 1] + 1;
}

static int
condensed(const Ctx *c, const Region *r)
{
    int64_t la = r->a_hi - r->a_lo, lb = r->b_hi - r->b_lo;
    int64_t shorter = la < lb ? la : lb, longer = la > lb ? la : lb;
    double ratio = (double)longer / (double)(shorter > 1 ? shorter : 1);
    return 2.5 <= ratio && ratio <= c->summary_max_ratio && r->containment >= 0.6;
}

/* Stable sort of group[0:n] by the seeds' window on one side (np.argsort kind="stable"). */
static void
sort_group(Ctx *c, int64_t *group, Py_ssize_t n, int axis)
{
    const int64_t *key = axis == 0 ? c->si : c->sj;
    if (n < 2) {
        return;
    }
    if (n <= 16) {
        for (Py_ssize_t k = 1; k < n; k++) {
            int64_t g = group[k];
            Py_ssize_t x = k;
            while (x > 0 && key[group[x - 1]] > key[g]) {
                group[x] = group[x - 1];
                x--;
            }
            group[x] = g;
        }
        return;
    }
    int64_t *src = group, *dst = c->tmp;
    for (Py_ssize_t width = 1; width < n; width *= 2) {
        for (Py_ssize_t lo = 0; lo < n; lo += 2 * width) {
            Py_ssize_t mid = lo + width < n ? lo + width : n;
            Py_ssize_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            Py_ssize_t x = lo, y = mid, k = lo;
            while (x < mid && y < hi) {
                dst[k++] = key[src[y]] < key[src[x]] ? src[y++] : src[x++];
            }
            while (x < mid) {
                dst[k++] = src[x++];
            }
            while (y < hi) {
                dst[k++] = src[y++];
            }
        }
        int64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != group) {
        memcpy(group, src, (size_t)n * sizeof(int64_t));
    }
}

/* Cluster group[0:n] in place (unspin.verify.windows._cluster): on return the groups are the
 * runs group[cuts[g]:cuts[g + 1]], g < *count. cuts holds at least n + 1 entries. */
static void
cluster(Ctx *c, int64_t *group, Py_ssize_t n, Py_ssize_t gap_a, Py_ssize_t gap_b,
        Py_ssize_t *cuts, Py_ssize_t *next, Py_ssize_t *count)
{
    Py_ssize_t groups = 1;
    cuts[0] = 0;
    cuts[1] = n;
    int axis = 0, stable = 0;
    while (stable < 2) {
        const int64_t *key = axis == 0 ? c->si : c->sj;
        Py_ssize_t gap = axis == 0 ? gap_a : gap_b, made = 0;
        next[0] = 0;
        for (Py_ssize_t g = 0; g < groups; g++) {
            Py_ssize_t lo = cuts[g], hi = cuts[g + 1];
            sort_group(c, group + lo, hi - lo, axis);
            for (Py_ssize_t k = lo + 1; k < hi; k++) {
                if (key[group[k]] - key[group[k - 1]] > gap) {
                    next[++made] = k;
                }
            }
            next[++made] = hi;
        }
        stable = made == groups ? stable + 1 : 0;
        groups = made;
        memcpy(cuts, next, (size_t)(groups + 1) * sizeof(Py_ssize_t));
        axis = 1 - axis;
    }
    *count = groups;
}

static int
validated(Ctx *c, int64_t *group, Py_ssize_t n, Py_ssize_t gap_a, Py_ssize_t gap_b,
          Regions *out)
{
    Py_ssize_t *cuts = PyMem_Malloc((size_t)(2 * (n + 1)) * sizeof(Py_ssize_t));
    if (cuts == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t count = 0;
    cluster(c, group, n, gap_a, gap_b, cuts, cuts + n + 1, &count);
    int status = 0;
    for (Py_ssize_t g = 0; g < count && status == 0; g++) {
        Py_ssize_t lo = cuts[g], size = cuts[g + 1] - lo;
        Region r;
        make_region(c, group + lo, size, &r);
        if (r.cosine >= c->cluster_cosine || condensed(c, &r)) {
            status = regions_push(out, &r);
        }
        else if ((gap_a < gap_b ? gap_a : gap_b) > 0 && size > 1) {
            status = validated(c, group + lo, size, gap_a - 1, gap_b - 1, out);
        }
    }
    PyMem_Free(cuts);
    return status;
}

/* The summary pass on side `short_side` (unspin.verify.windows.WindowAligner._summaries). */
static int
summaries(Ctx *c, int64_t *group, int short_side, Regions *out)
{
    Py_ssize_t n = c->n_seeds;
    for (Py_ssize_t k = 0; k < n; k++) {
        group[k] = k;
    }
    Py_ssize_t *cuts = PyMem_Malloc((size_t)(2 * (n + 1)) * sizeof(Py_ssize_t));
    if (cuts == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t count = 0;
    if (short_side == 0) {
        cluster(c, group, n, c->summary_gap, c->unbounded, cuts, cuts + n + 1, &count);
    }
    else {
        cluster(c, group, n, c->unbounded, c->summary_gap, cuts, cuts + n + 1, &count);
    }
    const int64_t *key = short_side == 0 ? c->si : c->sj;
    Py_ssize_t gaps[2] = {c->summary_gap, c->summary_gap};
    int status = 0;
    for (Py_ssize_t g = 0; g < count && status == 0; g++) {
        Py_ssize_t lo = cuts[g], size = cuts[g + 1] - lo;
        int64_t kmin = key[group[lo]], kmax = kmin;
        for (Py_ssize_t k = lo + 1; k < lo + size; k++) {
            kmin = key[group[k]] < kmin ? key[group[k]] : kmin;
            kmax = key[group[k]] > kmax ? key[group[k]] : kmax;
        }
        Py_ssize_t reach = c->summary_reach * (Py_ssize_t)(kmax - kmin + 1);
        gaps[1 - short_side] = reach > c->max_gap ? reach : c->max_gap;
        status = validated(c, group + lo, size, gaps[0], gaps[1], out);
    }
    PyMem_Free(cuts);
    return status;
}

/* Whether summary region r adds to the first pass's regions instead of merging them. */
static int
extends(const Ctx *c, const Region *r, const Regions *found)
{
    int64_t la = r->a_hi - r->a_lo, lb = r->b_hi - r->b_lo;
    int64_t shorter = la < lb ? la : lb;
    for (Py_ssize_t k = 0; k < found->len; k++) {
        const Region *f = &found->items[k];
        int touches = (r->a_lo < f->a_hi && f->a_lo < r->a_hi) ||
                      (r->b_lo < f->b_hi && f->b_lo < r->b_hi);
        int inside = r->a_lo <= f->a_lo && f->a_hi <= r->a_hi && r->b_lo <= f->b_lo &&
                     f->b_hi <= r->b_hi;
        int64_t fa = f->a_hi - f->a_lo, fb = f->b_hi - f->b_lo;
        int64_t f_short = fa < fb ? fa : fb;
        if (f_short < c->min_words) {
            continue;
        }
        if (touches && (!inside || (double)f_short >= (double)shorter / 2.0)) {
            return 0;
        }
    }
    return 1;
}

static int
side_from(Py_buffer *pos, Py_buffer *terms, Py_buffer *starts, Side *side)
{
    if (pos->len % 8 || terms->len != pos->len || starts->len % 8) {
        PyErr_SetString(PyExc_ValueError, "positions, terms and starts must be int64");
        return -1;
    }
    side->pos = pos->buf;
    side->terms = terms->buf;
    side->starts = starts->buf;
    side->n_pos = pos->len / 8;
    side->n_starts = starts->len / 8;
    return 0;
}

static int
check_terms(const Side *side, Py_ssize_t vocab)
{
    for (Py_ssize_t k = 0; k < side->n_pos; k++) {
        if (side->terms[k] < 0 || side->terms[k] >= vocab) {
            PyErr_SetString(PyExc_ValueError, "a term id is outside the vocabulary");
            return -1;
        }
    }
    for (Py_ssize_t k = 0; k < side->n_starts; k++) {
        if (side->starts[k] < 0 || side->starts[k] >= (side->n_pos > 0 ? side->n_pos : 1)) {
            PyErr_SetString(PyExc_ValueError, "a window start is outside the text");
            return -1;
        }
    }
    return 0;
}

static PyObject *
region_tuple(const Region *r)
{
    return Py_BuildValue("(LLLLdddd)", (long long)r->a_lo, (long long)r->a_hi,
                         (long long)r->b_lo, (long long)r->b_hi, r->cosine, r->containment,
                         r->support, r->order);
}

/* window_regions(seeds_a, seeds_b, pos_a, terms_a, starts_a, pos_b, terms_b, starts_b, isf,
 *                params) -> list of (a_lo, a_hi, b_lo, b_hi, cosine, containment, support,
 *                order): unspin.verify.windows.WindowAligner.regions. */
PyObject *
window_regions(PyObject *self, PyObject *args)
{
    Py_buffer sa, sb, pa, ta, wa, pb, tb, wb, isf;
    Py_ssize_t window, max_gap, summary_gap, unbounded, summary_reach, min_words, edge_run,
        sample;
    double cluster_cosine, summary_support, summary_order, summary_max_ratio;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*y*y*y*(nnnnnnnndddd)", &sa, &sb, &pa, &ta, &wa,
                          &pb, &tb, &wb, &isf, &window, &max_gap, &summary_gap, &unbounded,
                          &summary_reach, &min_words, &edge_run, &sample, &cluster_cosine,
                          &summary_support, &summary_order, &summary_max_ratio)) {
        return NULL;
    }
    PyObject *result = NULL;
    Ctx c = {0};
    Regions found = {0}, extra = {0};
    int64_t *group = NULL;
    if (side_from(&pa, &ta, &wa, &c.a) < 0 || side_from(&pb, &tb, &wb, &c.b) < 0) {
        goto done;
    }
    if (sa.len % 8 || sb.len != sa.len || isf.len % 8 || sample < 2) {
        PyErr_SetString(PyExc_ValueError, "seeds must be int64 of one length, isf float64");
        goto done;
    }
    c.isf = isf.buf;
    c.vocab = isf.len / 8;
    c.si = sa.buf;
    c.sj = sb.buf;
    c.n_seeds = sa.len / 8;
    c.window = window;
    c.max_gap = max_gap;
    c.summary_gap = summary_gap;
    c.unbounded = unbounded;
    c.summary_reach = summary_reach;
    c.min_words = min_words;
    c.edge_run = edge_run;
    c.concordance_sample = sample;
    c.cluster_cosine = cluster_cosine;
    c.summary_support = summary_support;
    c.summary_order = summary_order;
    c.summary_max_ratio = summary_max_ratio;
    if (check_terms(&c.a, c.vocab) < 0 || check_terms(&c.b, c.vocab) < 0) {
        goto done;
    }
    for (Py_ssize_t k = 0; k < c.n_seeds; k++) {
        if (c.si[k] < 0 || c.si[k] >= c.a.n_starts || c.sj[k] < 0 || c.sj[k] >= c.b.n_starts) {
            PyErr_SetString(PyExc_ValueError, "a seed is outside the windows");
            goto done;
        }
    }
    result = PyList_New(0);
    if (result == NULL || c.n_seeds == 0) {
        goto done;
    }
    size_t v = (size_t)(c.vocab > 0 ? c.vocab : 1), n = (size_t)c.n_seeds;
    c.count_a = PyMem_Calloc(v, sizeof(int64_t));
    c.count_b = PyMem_Calloc(v, sizeof(int64_t));
    c.touched_a = PyMem_Malloc(v * sizeof(int64_t));
    c.touched_b = PyMem_Malloc(v * sizeof(int64_t));
    c.mark = PyMem_Calloc(v, 1);
    c.mark_a = PyMem_Calloc((size_t)c.a.n_starts + 1, 1);
    c.mark_b = PyMem_Calloc((size_t)c.b.n_starts + 1, 1);
    c.tmp = PyMem_Malloc(n * sizeof(int64_t));
    group = PyMem_Malloc(n * sizeof(int64_t));
    if (!c.count_a || !c.count_b || !c.touched_a || !c.touched_b || !c.mark || !c.mark_a ||
        !c.mark_b || !c.tmp || !group) {
        PyErr_NoMemory();
        Py_CLEAR(result);
        goto done;
    }
    for (Py_ssize_t k = 0; k < c.n_seeds; k++) {
        group[k] = k;
    }
    if (validated(&c, group, c.n_seeds, max_gap, max_gap, &found) < 0 ||
        summaries(&c, group, 0, &extra) < 0 || summaries(&c, group, 1, &extra) < 0) {
        Py_CLEAR(result);
        goto done;
    }
    for (Py_ssize_t k = 0; k < found.len + extra.len; k++) {
        const Region *r = k < found.len ? &found.items[k] : &extra.items[k - found.len];
        if (k >= found.len && !(condensed(&c, r) && r->support >= c.summary_support &&
                                r->order >= c.summary_order && extends(&c, r, &found))) {
            continue;
        }
        PyObject *item = region_tuple(r);
        if (item == NULL || PyList_Append(result, item) < 0) {
            Py_XDECREF(item);
            Py_CLEAR(result);
            goto done;
        }
        Py_DECREF(item);
    }
done:
    PyMem_Free(c.count_a);
    PyMem_Free(c.count_b);
    PyMem_Free(c.touched_a);
    PyMem_Free(c.touched_b);
    PyMem_Free(c.mark);
    PyMem_Free(c.mark_a);
    PyMem_Free(c.mark_b);
    PyMem_Free(c.tmp);
    PyMem_Free(group);
    PyMem_Free(found.items);
    PyMem_Free(extra.items);
    PyBuffer_Release(&sa);
    PyBuffer_Release(&sb);
    PyBuffer_Release(&pa);
    PyBuffer_Release(&ta);
    PyBuffer_Release(&wa);
    PyBuffer_Release(&pb);
    PyBuffer_Release(&tb);
    PyBuffer_Release(&wb);
    PyBuffer_Release(&isf);
    return result;
}

/* window_similarity(terms_a, terms_b, isf, a_lo, a_hi, b_lo, b_hi) -> (cosine, containment):
 * unspin.verify.windows.similarity. */
PyObject *
window_similarity(PyObject *self, PyObject *args)
{
    Py_buffer ta, tb, isf;
    Py_ssize_t a_lo, a_hi, b_lo, b_hi;
    if (!PyArg_ParseTuple(args, "y*y*y*nnnn", &ta, &tb, &isf, &a_lo, &a_hi, &b_lo, &b_hi)) {
        return NULL;
    }
    PyObject *result = NULL;
    Ctx c = {0};
    Py_ssize_t n_a = ta.len / 8, n_b = tb.len / 8;
    c.vocab = isf.len / 8;
    if (ta.len % 8 || tb.len % 8 || isf.len % 8) {
        PyErr_SetString(PyExc_ValueError, "terms must be int64 and isf float64");
        goto done;
    }
    if (a_lo < 0 || b_lo < 0 || a_hi < a_lo || b_hi < b_lo || a_hi > n_a || b_hi > n_b) {
        PyErr_SetString(PyExc_ValueError, "ranges must lie inside the terms");
        goto done;
    }
    c.a.terms = ta.buf;
    c.b.terms = tb.buf;
    c.isf = isf.buf;
    Side check_a = {.terms = ta.buf, .n_pos = n_a}, check_b = {.terms = tb.buf, .n_pos = n_b};
    if (check_terms(&check_a, c.vocab) < 0 || check_terms(&check_b, c.vocab) < 0) {
        goto done;
    }
    size_t v = (size_t)(c.vocab > 0 ? c.vocab : 1);
    c.count_a = PyMem_Calloc(v, sizeof(int64_t));
    c.count_b = PyMem_Calloc(v, sizeof(int64_t));
    c.touched_a = PyMem_Malloc(v * sizeof(int64_t));
    c.touched_b = PyMem_Malloc(v * sizeof(int64_t));
    if (!c.count_a || !c.count_b || !c.touched_a || !c.touched_b) {
        PyErr_NoMemory();
        goto done;
    }
    double cosine, containment;
    similarity(&c, a_lo, a_hi, b_lo, b_hi, &cosine, &containment);
    result = Py_BuildValue("(dd)", cosine, containment);
done:
    PyMem_Free(c.count_a);
    PyMem_Free(c.count_b);
    PyMem_Free(c.touched_a);
    PyMem_Free(c.touched_b);
    PyBuffer_Release(&ta);
    PyBuffer_Release(&tb);
    PyBuffer_Release(&isf);
    return result;
}

/* ---- seeds: window pairs similar enough to start a region --------------------------------- */

typedef struct {
    int64_t *term, *count; /* entries of all windows, per window sorted by term */
    Py_ssize_t *first;     /* window k holds entries first[k] .. first[k + 1] - 1 */
    Py_ssize_t windows;
    double *norm;
    int64_t *shared; /* per window: entries whose term both texts have */
} WindowTerms;

static void
window_terms_free(WindowTerms *w)
{
    PyMem_Free(w->term);
    PyMem_Free(w->count);
    PyMem_Free(w->first);
    PyMem_Free(w->norm);
    PyMem_Free(w->shared);
}

/* The distinct terms of each window with their counts (unspin.verify.windows._window_terms). */
static int
window_terms(const int64_t *terms, Py_ssize_t n_terms, const int64_t *starts,
             Py_ssize_t windows, Py_ssize_t width, WindowTerms *w)
{
    size_t cap = (size_t)(windows * width > 0 ? windows * width : 1);
    w->windows = windows;
    w->term = PyMem_Malloc(cap * sizeof(int64_t));
    w->count = PyMem_Malloc(cap * sizeof(int64_t));
    w->first = PyMem_Malloc((size_t)(windows + 1) * sizeof(Py_ssize_t));
    w->norm = PyMem_Malloc((size_t)(windows > 0 ? windows : 1) * sizeof(double));
    w->shared = PyMem_Malloc((size_t)(windows > 0 ? windows : 1) * sizeof(int64_t));
    if (!w->term || !w->count || !w->first || !w->norm || !w->shared) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t k = 0; k < windows; k++) {
        w->first[k] = at;
        Py_ssize_t lo = starts[k], hi = starts[k] + width < n_terms ? starts[k] + width : n_terms;
        for (Py_ssize_t x = lo; x < hi; x++) {
            /* insert terms[x] into the window's sorted entries */
            Py_ssize_t y = w->first[k];
            while (y < at && w->term[y] < terms[x]) {
                y++;
            }
            if (y < at && w->term[y] == terms[x]) {
                w->count[y]++;
                continue;
            }
            for (Py_ssize_t z = at; z > y; z--) {
                w->term[z] = w->term[z - 1];
                w->count[z] = w->count[z - 1];
            }
            w->term[y] = terms[x];
            w->count[y] = 1;
            at++;
        }
    }
    w->first[windows] = at;
    return 0;
}

static Py_ssize_t
common_terms(const WindowTerms *a, Py_ssize_t ka, const WindowTerms *b, Py_ssize_t kb)
{
    Py_ssize_t x = a->first[ka], y = b->first[kb], same = 0;
    while (x < a->first[ka + 1] && y < b->first[kb + 1]) {
        if (a->term[x] < b->term[y]) {
            x++;
        }
        else if (a->term[x] > b->term[y]) {
            y++;
        }
        else {
            same++;
            x++;
            y++;
        }
    }
    return same;
}

/* window_seeds(terms_a, starts_a, terms_b, starts_b, vocab, width, isf_by_df, seed_dice,
 *              seed_cosine) -> (seeds_a, seeds_b, isf): the seed window pairs of
 * unspin.verify.windows._seeds (int64 window indices, row-major over a's windows) and the
 * isf weight of every term, isf_by_df[df] for a term in df windows of the two texts. */
PyObject *
window_seeds(PyObject *self, PyObject *args)
{
    Py_buffer ta, sa, tb, sb, table;
    Py_ssize_t vocab, width;
    double seed_dice, seed_cosine;
    if (!PyArg_ParseTuple(args, "y*y*y*y*nny*dd", &ta, &sa, &tb, &sb, &vocab, &width, &table,
                          &seed_dice, &seed_cosine)) {
        return NULL;
    }
    PyObject *result = NULL, *out_a = NULL, *out_b = NULL, *out_isf = NULL;
    WindowTerms wa = {0}, wb = {0};
    int64_t *df = NULL, *in_a = NULL, *in_b = NULL;
    Py_ssize_t *rows_a = NULL, *rows_b = NULL;
    Py_ssize_t na = ta.len / 8, nb = tb.len / 8, ka = sa.len / 8, kb = sb.len / 8;
    Py_ssize_t n = ka + kb;
    if (ta.len % 8 || tb.len % 8 || sa.len % 8 || sb.len % 8 || table.len != (n + 1) * 8 ||
        vocab < 0 || width < 1) {
        PyErr_SetString(PyExc_ValueError, "terms and starts must be int64, isf_by_df float64 "
                                          "with one entry per window count from 0 to all");
        goto done;
    }
    const int64_t *terms_a = ta.buf, *terms_b = tb.buf, *starts_a = sa.buf, *starts_b = sb.buf;
    const double *isf_by_df = table.buf;
    for (Py_ssize_t k = 0; k < na + nb; k++) {
        int64_t t = k < na ? terms_a[k] : terms_b[k - na];
        if (t < 0 || t >= vocab) {
            PyErr_SetString(PyExc_ValueError, "a term id is outside the vocabulary");
            goto done;
        }
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        int64_t s = k < ka ? starts_a[k] : starts_b[k - ka];
        if (s < 0 || s > (k < ka ? na : nb)) {
            PyErr_SetString(PyExc_ValueError, "a window start is outside the text");
            goto done;
        }
    }
    if (window_terms(terms_a, na, starts_a, ka, width, &wa) < 0 ||
        window_terms(terms_b, nb, starts_b, kb, width, &wb) < 0) {
        goto done;
    }
    size_t v = (size_t)(vocab > 0 ? vocab : 1);
    df = PyMem_Calloc(v, sizeof(int64_t));
    in_a = PyMem_Calloc(v, sizeof(int64_t));
    in_b = PyMem_Calloc(v, sizeof(int64_t));
    rows_a = PyMem_Malloc((size_t)(ka > 0 ? ka : 1) * sizeof(Py_ssize_t));
    rows_b = PyMem_Malloc((size_t)(kb > 0 ? kb : 1) * sizeof(Py_ssize_t));
    out_isf = PyByteArray_FromStringAndSize(NULL, vocab * 8);
    if (!df || !in_a || !in_b || !rows_a || !rows_b || !out_isf) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        goto done;
    }
    for (Py_ssize_t x = 0; x < wa.first[ka]; x++) {
        df[wa.term[x]]++;
        in_a[wa.term[x]] = 1;
    }
    for (Py_ssize_t x = 0; x < wb.first[kb]; x++) {
        df[wb.term[x]]++;
        in_b[wb.term[x]] = 1;
    }
    double *isf = (double *)PyByteArray_AS_STRING(out_isf);
    for (size_t t = 0; t < (size_t)vocab; t++) {
        isf[t] = isf_by_df[df[t]];
    }
    /* norms over all terms (np.bincount adds in window then term order), shared-term counts */
    Py_ssize_t n_rows_a = 0, n_rows_b = 0;
    for (int side = 0; side < 2; side++) {
        WindowTerms *w = side ? &wb : &wa;
        const int64_t *other = side ? in_a : in_b;
        for (Py_ssize_t k = 0; k < w->windows; k++) {
            double sq = 0.0;
            int64_t shared = 0;
            for (Py_ssize_t x = w->first[k]; x < w->first[k + 1]; x++) {
                double value = (double)w->count[x] * isf[w->term[x]];
                sq += value * value;
                shared += other[w->term[x]];
            }
            w->norm[k] = sqrt(sq) + 1e-9;
            w->shared[k] = shared;
            /* windows sharing under two terms cannot reach the Dice bar */
            if (shared >= 2) {
                if (side) {
                    rows_b[n_rows_b++] = k;
                }
                else {
                    rows_a[n_rows_a++] = k;
                }
            }
        }
    }
    Py_ssize_t found = 0, cap = 64;
    int64_t *pairs = PyMem_Malloc((size_t)cap * 2 * sizeof(int64_t));
    if (pairs == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t r = 0; r < n_rows_a; r++) {
        Py_ssize_t x = rows_a[r];
        for (Py_ssize_t s = 0; s < n_rows_b; s++) {
            Py_ssize_t y = rows_b[s];
            Py_ssize_t inter = common_terms(&wa, x, &wb, y);
            Py_ssize_t sizes = (wa.first[x + 1] - wa.first[x]) + (wb.first[y + 1] - wb.first[y]);
            double dice = 2.0 * (double)inter / (double)(sizes > 1 ? sizes : 1);
            if (dice < seed_dice) {
                continue;
            }
            Fsum dot = {.n = 0};
            Py_ssize_t i = wa.first[x], j = wb.first[y];
            while (i < wa.first[x + 1] && j < wb.first[y + 1]) {
                if (wa.term[i] < wb.term[j]) {
                    i++;
                }
                else if (wa.term[i] > wb.term[j]) {
                    j++;
                }
                else {
                    double w = isf[wa.term[i]];
                    fsum_add(&dot, ((double)wa.count[i] * w) * ((double)wb.count[j] * w));
                    i++;
                    j++;
                }
            }
            double cosine = fsum_value(&dot) / (wa.norm[x] * wb.norm[y]);
            if (cosine < seed_cosine) {
                continue;
            }
            if (found == cap) {
                cap *= 2;
                int64_t *more = PyMem_Realloc(pairs, (size_t)cap * 2 * sizeof(int64_t));
                if (more == NULL) {
                    PyMem_Free(pairs);
                    PyErr_NoMemory();
                    goto done;
                }
                pairs = more;
            }
            pairs[2 * found] = x;
            pairs[2 * found + 1] = y;
            found++;
        }
    }
    out_a = PyByteArray_FromStringAndSize(NULL, found * 8);
    out_b = PyByteArray_FromStringAndSize(NULL, found * 8);
    if (out_a && out_b) {
        int64_t *pa = (int64_t *)PyByteArray_AS_STRING(out_a);
        int64_t *pb = (int64_t *)PyByteArray_AS_STRING(out_b);
        for (Py_ssize_t k = 0; k < found; k++) {
            pa[k] = pairs[2 * k];
            pb[k] = pairs[2 * k + 1];
        }
        result = PyTuple_Pack(3, out_a, out_b, out_isf);
    }
    PyMem_Free(pairs);
done:
    Py_XDECREF(out_a);
    Py_XDECREF(out_b);
    Py_XDECREF(out_isf);
    window_terms_free(&wa);
    window_terms_free(&wb);
    PyMem_Free(df);
    PyMem_Free(in_a);
    PyMem_Free(in_b);
    PyMem_Free(rows_a);
    PyMem_Free(rows_b);
    PyBuffer_Release(&ta);
    PyBuffer_Release(&sa);
    PyBuffer_Release(&tb);
    PyBuffer_Release(&sb);
    PyBuffer_Release(&table);
    return result;
}
