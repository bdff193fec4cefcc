/* A set of item ids with undo (store/idset.h): open addressing, linear
 * probing, deletion by shifting back the entries after the one taken
 * out, so that no tombstone is ever left. */
#include "idset.h"

#include <stdlib.h>
#include <string.h>

#include "../common/mem.h"

struct idset {
    uint64_t *slot;  /* 0: empty */
    size_t cap, n;   /* cap a power of two */
    uint64_t *added; /* keys added since the last keep or undo */
    size_t nadded, capadded;
};

static uint64_t key_of(const unsigned char id[16])
{
    uint64_t k;
    memcpy(&k, id, 8);
    return k ? k : 1;
}

static size_t home(const struct idset *s, uint64_t k)
{
    /* the id is a hash already: its high bits spread evenly */
    return (size_t)(k * 0x9E3779B97F4A7C15ull >> 20) & (s->cap - 1);
}

struct idset *idset_new(void)
{
    struct idset *s = nw_calloc(1, sizeof *s);
    s->cap = 1024;
    s->slot = nw_calloc(s->cap, sizeof *s->slot);
    return s;
}

void idset_free(struct idset *s)
{
    if (!s)
        return;
    free(s->slot);
    free(s->added);
    free(s);
}

static size_t find(const struct idset *s, uint64_t k)
{
    size_t i = home(s, k);
    while (s->slot[i] && s->slot[i] != k)
        i = (i + 1) & (s->cap - 1);
    return i;
}

static void grow(struct idset *s)
{
    uint64_t *old = s->slot;
    size_t oldcap = s->cap;
    s->cap *= 2;
    s->slot = nw_calloc(s->cap, sizeof *s->slot);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i])
            s->slot[find(s, old[i])] = old[i];
    free(old);
}

bool idset_add(struct idset *s, const unsigned char id[16])
{
    uint64_t k = key_of(id);
    size_t i = find(s, k);
    if (s->slot[i])
        return false;
    if (2 * (s->n + 1) > s->cap) {
        grow(s);
        i = find(s, k);
    }
    s->slot[i] = k;
    s->n++;
    if (s->nadded == s->capadded) {
        s->capadded = s->capadded ? 2 * s->capadded : 64;
        s->added = nw_realloc(s->added, s->capadded * sizeof *s->added);
    }
    s->added[s->nadded++] = k;
    return true;
}

bool idset_has(const struct idset *s, const unsigned char id[16])
{
    return s->slot[find(s, key_of(id))] != 0;
}

size_t idset_count(const struct idset *s)
{
    return s->n;
}

void idset_keep(struct idset *s)
{
    if (s)
        s->nadded = 0;
}

/* Takes key k out: the entries after it in its run move back to where
 * a search for them would look first. */
static void take_out(struct idset *s, uint64_t k)
{
    size_t i = find(s, k);
    if (!s->slot[i])
        return;
    s->slot[i] = 0;
    s->n--;
    for (size_t j = (i + 1) & (s->cap - 1); s->slot[j]; j = (j + 1) & (s->cap - 1)) {
        size_t h = home(s, s->slot[j]);
        /* slot j's entry stays unless its home is not in (i, j] */
        bool stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
        if (!stays) {
            s->slot[i] = s->slot[j];
            s->slot[j] = 0;
            i = j;
        }
    }
}

void idset_undo(struct idset *s)
{
    while (s && s->nadded)
        take_out(s, s->added[--s->nadded]);
}
