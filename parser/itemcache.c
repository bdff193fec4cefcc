/* The parser stage's cache of feed item facts (itemcache.h). */
#include "itemcache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "../common/mem.h"
#include "../common/stats.h"

/* Shards, each under its own lock: the parser threads rarely wait. */
#define SHARDS 16

/* An entry's facts in one piece: the word count, then the text, the
 * language, the names and the agencies as NUL-terminated strings after
 * their counts. */
struct blob {
    uint32_t size; /* of the whole piece, a multiple of 8 */
    uint16_t nauthors, nagencies;
    int64_t words;
    bool has_text, full, has_lang;
    char s[];
};

/* Entries are laid end to end in chunks, which a generation gives back
 * whole when it is dropped: the cache's memory is dense, and it is taken
 * from the system once and then used again by each newer generation. A
 * generation's first chunk in a shard is small (256 KiB at most), so that
 * a daemon following a few feeds keeps a small cache; when the budget
 * allows four 2 MiB chunks a generation, each further chunk is one
 * transparent huge page where the system gives them on request: a text of
 * a few KB would otherwise touch a new 4 KB page for about each entry the
 * cache fills with (a fault measured at 13 us on a virtual machine, half an
 * item's first-sight work). */
#define HUGE_CHUNK ((size_t)2 << 20)

struct chunk {
    struct chunk *next;
    size_t size; /* the whole chunk's, header included */
    size_t used; /* bytes of entries after the header */
    char data[] __attribute__((aligned(8)));
};

struct slot {
    struct item_key key;
    struct blob *b; /* NULL: empty when key is zero, else moved to the newer generation */
};

struct gen {
    struct slot *slots;
    size_t cap, used; /* used counts moved slots too: they stay as markers */
    size_t bytes;     /* its chunks and its entries' share of the table */
    struct chunk *chunks; /* the newest first */
};

struct shard {
    pthread_mutex_t lock;
    struct gen cur, old;
    struct chunk *spare; /* given back by dropped generations */
};

static struct shard *shards;
static size_t gen_budget; /* bytes of one generation of one shard */
static size_t small_chunk; /* bytes of a small chunk, header included */
static bool huge_chunks;   /* the budget allows huge ones */

/* A chunk of size bytes; a huge one is aligned to its size and asked for
 * as a huge page. */
static struct chunk *chunk_new(size_t size)
{
    size_t align = size == HUGE_CHUNK ? HUGE_CHUNK : 0;
    char *p = mmap(NULL, size + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (align) { /* keep the aligned chunk inside what was mapped */
        char *a = (char *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
        if (a > p)
            munmap(p, (size_t)(a - p));
        if (a + size < p + size + align)
            munmap(a + size, (size_t)(p + size + align - (a + size)));
        p = a;
        madvise(p, size, MADV_HUGEPAGE);
    }
    struct chunk *c = (struct chunk *)p;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

static void chunks_unmap(struct chunk *c)
{
    while (c) {
        struct chunk *next = c->next;
        munmap(c, c->size);
        c = next;
    }
}

struct item_key itemcache_key(const char *byline, const char *content, const char *summary, bool declared)
{
    XXH3_state_t st;
    XXH3_128bits_reset(&st);
    const char *parts[3] = {byline ? byline : "", content ? content : "", summary ? summary : ""};
    for (int i = 0; i < 3; i++) {
        uint64_t n = strlen(parts[i]);
        XXH3_128bits_update(&st, &n, sizeof n);
        XXH3_128bits_update(&st, parts[i], n);
    }
    unsigned char d = declared;
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
    /* a generation of at least four chunks */
    huge_chunks = gen_budget >= 4 * HUGE_CHUNK;
    small_chunk = gen_budget / 4 / 4096 * 4096;
    if (small_chunk > HUGE_CHUNK / 8)
        small_chunk = HUGE_CHUNK / 8;
    if (small_chunk < 4096)
        small_chunk = 4096;
}

/* Empties g, its chunks kept in *spare when spare is not NULL. */
static void gen_free(struct gen *g, struct chunk **spare)
{
    free(g->slots);
    if (spare) {
        while (g->chunks) {
            struct chunk *c = g->chunks;
            g->chunks = c->next;
            c->used = 0;
            c->next = *spare;
            *spare = c;
        }
    }
    chunks_unmap(g->chunks);
    memset(g, 0, sizeof *g);
}

void itemcache_close(void)
{
    if (!shards)
        return;
    for (int i = 0; i < SHARDS; i++) {
        gen_free(&shards[i].cur, NULL);
        gen_free(&shards[i].old, NULL);
        chunks_unmap(shards[i].spare);
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
        struct gen n = *g;
        n.cap = g->cap ? g->cap * 2 : 256;
        n.used = 0;
        n.slots = nw_calloc(n.cap, sizeof *n.slots);
        for (size_t i = 0; i < g->cap; i++)
            if (g->slots[i].b)
                place(&n, g->slots[i].key, g->slots[i].b);
        free(g->slots);
        *g = n;
    }
    place(g, k, b);
    g->bytes += 2 * sizeof(struct slot); /* the table at most half full */
}

/* Room for size bytes (a multiple of 8) in the newer generation's chunks,
 * dropping the older generation first when the newer has filled its
 * budget; NULL when no chunk can be had. */
static struct blob *room(struct shard *sh, size_t size)
{
    struct chunk *c = sh->cur.chunks;
    if (c && c->used + size <= c->size - sizeof *c)
        goto got;
    size_t want = huge_chunks && sh->cur.chunks ? HUGE_CHUNK : small_chunk;
    if (sh->cur.bytes + want + 2 * sizeof(struct slot) > gen_budget) {
        gen_free(&sh->old, &sh->spare);
        sh->old = sh->cur;
        memset(&sh->cur, 0, sizeof sh->cur);
        want = small_chunk;
    }
    /* a spare chunk of that size, else a new one */
    struct chunk **sp = &sh->spare;
    while (*sp && (*sp)->size != want)
        sp = &(*sp)->next;
    if (*sp) {
        c = *sp;
        *sp = c->next;
    } else if (!(c = chunk_new(want))) {
        return NULL;
    }
    c->next = sh->cur.chunks;
    sh->cur.chunks = c;
    sh->cur.bytes += want;
got:;
    struct blob *b = (struct blob *)(c->data + c->used);
    c->used += size;
    return b;
}

static void decode(const struct blob *b, struct item_facts *f)
{
    memset(f, 0, sizeof *f);
    f->words = b->words;
    f->full = b->full;
    const char *p = b->s;
    if (b->has_text) {
        f->text = nw_strdup(p);
        p += strlen(p) + 1;
    }
    if (b->has_lang) {
        f->lang = nw_strdup(p);
        p += strlen(p) + 1;
    }
    for (unsigned i = 0; i < b->nauthors; i++, p += strlen(p) + 1)
        nw_strv_push(&f->authors, p);
    for (unsigned i = 0; i < b->nagencies; i++, p += strlen(p) + 1)
        nw_strv_push(&f->agencies, p);
}

/* The size of the piece holding f, a multiple of 8; 0 when f cannot be
 * kept (too many names, or more than a quarter of a small chunk: it would
 * crowd out the rest). */
static size_t blob_size(const struct item_facts *f)
{
    if (f->authors.n > UINT16_MAX || f->agencies.n > UINT16_MAX)
        return 0;
    size_t size = sizeof(struct blob) + (f->text ? strlen(f->text) + 1 : 0) + (f->lang ? strlen(f->lang) + 1 : 0);
    for (size_t i = 0; i < f->authors.n; i++)
        size += strlen(f->authors.v[i]) + 1;
    for (size_t i = 0; i < f->agencies.n; i++)
        size += strlen(f->agencies.v[i]) + 1;
    size = (size + 7) & ~(size_t)7;
    return size > (small_chunk - sizeof(struct chunk)) / 4 ? 0 : size;
}

/* Lays f out in the newer generation of sh under k (k not in it). */
static void add(struct shard *sh, struct item_key k, const struct item_facts *f, size_t size)
{
    struct blob *b = room(sh, size);
    if (!b)
        return;
    *b = (struct blob){.size = (uint32_t)size,
                       .nauthors = (uint16_t)f->authors.n,
                       .nagencies = (uint16_t)f->agencies.n,
                       .words = f->words,
                       .has_text = f->text != NULL,
                       .full = f->full,
                       .has_lang = f->lang != NULL};
    char *p = b->s;
    if (f->text)
        p = stpcpy(p, f->text) + 1;
    if (f->lang)
        p = stpcpy(p, f->lang) + 1;
    for (size_t i = 0; i < f->authors.n; i++)
        p = stpcpy(p, f->authors.v[i]) + 1;
    for (size_t i = 0; i < f->agencies.n; i++)
        p = stpcpy(p, f->agencies.v[i]) + 1;
    insert(&sh->cur, k, b);
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
    bool hit = s && s->b;
    if (hit) {
        decode(s->b, f);
    } else if ((s = find(&sh->old, key)) && s->b) {
        /* still wanted: into the newer generation (a copy, since making
         * room there may drop the older one) */
        hit = true;
        decode(s->b, f);
        size_t size = s->b->size;
        s->b = NULL;
        add(sh, key, f, size);
    }
    pthread_mutex_unlock(&sh->lock);
    atomic_fetch_add(hit ? &nw_stats.parse_items_cached : &nw_stats.parse_items_worked, 1);
    return hit;
}

void itemcache_put(struct item_key key, const struct item_facts *f)
{
    size_t size;
    if (!shards || !(size = blob_size(f)))
        return;
    struct shard *sh = &shards[key.hi % SHARDS];
    pthread_mutex_lock(&sh->lock);
    if (!find(&sh->cur, key)) /* else another thread was first (the newer generation holds no move markers) */
        add(sh, key, f, size);
    pthread_mutex_unlock(&sh->lock);
}
