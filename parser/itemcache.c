/* The parser stage's cache of feed item facts (itemcache.h). */
#include "itemcache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "../common/mem.h"
#include "../common/stats.h"

/* Shards, each under its own lock: the parser threads rarely wait. */
#define SHARDS 16

/* An entry's facts in one allocation: the word count, then the language,
 * the names and the agencies as NUL-terminated strings after their
 * counts. */
struct blob {
    uint32_t size; /* of the whole allocation */
    uint16_t nauthors, nagencies;
    int64_t words;
    bool has_lang;
    char s[];
};

struct slot {
    struct item_key key;
    struct blob *b; /* NULL: empty when key is zero, else moved to the newer generation */
};

struct gen {
    struct slot *slots;
    size_t cap, used; /* used counts moved slots too: they stay as markers */
    size_t bytes;
};

struct shard {
    pthread_mutex_t lock;
    struct gen cur, old;
};

static struct shard *shards;
static size_t gen_budget; /* bytes of one generation of one shard */

struct item_key itemcache_key(const char *byline, const char *text, const char *declared)
{
    XXH3_state_t st;
    XXH3_128bits_reset(&st);
    const char *parts[3] = {byline ? byline : "", text ? text : "", declared ? declared : ""};
    for (int i = 0; i < 3; i++) {
        uint64_t n = strlen(parts[i]);
        XXH3_128bits_update(&st, &n, sizeof n);
        XXH3_128bits_update(&st, parts[i], n);
    }
    unsigned char d = declared != NULL; /* (an empty declaration is one) */
    XXH3_128bits_update(&st, &d, 1);
    XXH128_hash_t h = XXH3_128bits_digest(&st);
    /* the zero key marks an empty slot */
    return (struct item_key){.lo = h.low64 | (h.low64 == 0 && h.high64 == 0), .hi = h.high64};
}

void itemcache_open(size_t budget)
{
    itemcache_close();
    if (!budget)
        return;
    shards = nw_calloc(SHARDS, sizeof *shards);
    for (int i = 0; i < SHARDS; i++)
        pthread_mutex_init(&shards[i].lock, NULL);
    gen_budget = budget / SHARDS / 2;
}

static void gen_free(struct gen *g)
{
    for (size_t i = 0; i < g->cap; i++)
        free(g->slots[i].b);
    free(g->slots);
    memset(g, 0, sizeof *g);
}

void itemcache_close(void)
{
    if (!shards)
        return;
    for (int i = 0; i < SHARDS; i++) {
        gen_free(&shards[i].cur);
        gen_free(&shards[i].old);
        pthread_mutex_destroy(&shards[i].lock);
    }
    free(shards);
    shards = NULL;
}

static struct slot *find(struct gen *g, struct item_key k)
{
    if (!g->cap)
        return NULL;
    for (size_t i = (size_t)(k.lo >> 4) & (g->cap - 1);; i = (i + 1) & (g->cap - 1)) {
        struct slot *s = &g->slots[i];
        if (!s->key.lo && !s->key.hi)
            return NULL;
        if (s->key.lo == k.lo && s->key.hi == k.hi)
            return s;
    }
}

/* Puts b under k into a free slot of g's table. */
static void place(struct gen *g, struct item_key k, struct blob *b)
{
    size_t i = (size_t)(k.lo >> 4) & (g->cap - 1);
    while (g->slots[i].key.lo || g->slots[i].key.hi)
        i = (i + 1) & (g->cap - 1);
    g->slots[i] = (struct slot){k, b};
    g->used++;
}

/* Adds b under k to g (k not in g), growing its table at half full. */
static void insert(struct gen *g, struct item_key k, struct blob *b)
{
    if ((g->used + 1) * 2 > g->cap) {
        struct gen n = {.cap = g->cap ? g->cap * 2 : 256, .bytes = g->bytes};
        n.slots = nw_calloc(n.cap, sizeof *n.slots);
        for (size_t i = 0; i < g->cap; i++)
            if (g->slots[i].b)
                place(&n, g->slots[i].key, g->slots[i].b);
        free(g->slots);
        *g = n;
    }
    place(g, k, b);
    g->bytes += b->size + 2 * sizeof(struct slot); /* the table at most half full */
}

/* Puts b into the newer generation, dropping the older first when the
 * newer has filled its budget. */
static void add(struct shard *sh, struct item_key k, struct blob *b)
{
    if (sh->cur.bytes + b->size > gen_budget) {
        gen_free(&sh->old);
        sh->old = sh->cur;
        memset(&sh->cur, 0, sizeof sh->cur);
    }
    insert(&sh->cur, k, b);
}

static void decode(const struct blob *b, struct item_facts *f)
{
    memset(f, 0, sizeof *f);
    f->words = b->words;
    const char *p = b->s;
    if (b->has_lang) {
        f->lang = nw_strdup(p);
        p += strlen(p) + 1;
    }
    for (unsigned i = 0; i < b->nauthors; i++, p += strlen(p) + 1)
        nw_strv_push(&f->authors, p);
    for (unsigned i = 0; i < b->nagencies; i++, p += strlen(p) + 1)
        nw_strv_push(&f->agencies, p);
}

bool itemcache_get(struct item_key key, struct item_facts *f)
{
    if (!shards) {
        atomic_fetch_add(&nw_stats.parse_items_worked, 1);
        return false;
    }
    struct shard *sh = &shards[key.hi % SHARDS];
    pthread_mutex_lock(&sh->lock);
    struct slot *s = find(&sh->cur, key);
    if (!s || !s->b) {
        s = find(&sh->old, key);
        if (s && s->b) {
            /* still wanted: into the newer generation */
            struct blob *b = s->b;
            s->b = NULL;
            sh->old.bytes -= b->size + 2 * sizeof(struct slot);
            add(sh, key, b);
            s = find(&sh->cur, key);
        }
    }
    bool hit = s && s->b;
    if (hit)
        decode(s->b, f);
    pthread_mutex_unlock(&sh->lock);
    atomic_fetch_add(hit ? &nw_stats.parse_items_cached : &nw_stats.parse_items_worked, 1);
    return hit;
}

void itemcache_put(struct item_key key, const struct item_facts *f)
{
    if (!shards || f->authors.n > UINT16_MAX || f->agencies.n > UINT16_MAX)
        return;
    size_t size = sizeof(struct blob) + (f->lang ? strlen(f->lang) + 1 : 0);
    for (size_t i = 0; i < f->authors.n; i++)
        size += strlen(f->authors.v[i]) + 1;
    for (size_t i = 0; i < f->agencies.n; i++)
        size += strlen(f->agencies.v[i]) + 1;
    if (size > gen_budget / 4)
        return; /* would crowd out the rest */
    struct blob *b = nw_malloc(size);
    *b = (struct blob){.size = (uint32_t)size,
                       .nauthors = (uint16_t)f->authors.n,
                       .nagencies = (uint16_t)f->agencies.n,
                       .words = f->words,
                       .has_lang = f->lang != NULL};
    char *p = b->s;
    if (f->lang)
        p = stpcpy(p, f->lang) + 1;
    for (size_t i = 0; i < f->authors.n; i++)
        p = stpcpy(p, f->authors.v[i]) + 1;
    for (size_t i = 0; i < f->agencies.n; i++)
        p = stpcpy(p, f->agencies.v[i]) + 1;
    struct shard *sh = &shards[key.hi % SHARDS];
    pthread_mutex_lock(&sh->lock);
    if (find(&sh->cur, key))
        free(b); /* another thread was first (the newer generation holds no move markers) */
    else
        add(sh, key, b);
    pthread_mutex_unlock(&sh->lock);
}
