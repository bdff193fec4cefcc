/* The near-duplicate index's newest band entries, in memory (bandmem.h). */
#include "bandmem.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../common/log.h"
#include "../common/mem.h"
#include "record.h"

/* An entry, in the order added (seqs rising); prev: the entry before it
 * under the same key (index + 1, 0 for none). */
struct entry {
    unsigned char key[DEDUP_BAND_KEY];
    unsigned char value[DEDUP_BAND_VALUE];
    uint32_t prev;
};

/* A key's slot in the open-addressing table: its newest entry (index + 1;
 * 0 once its entries were taken back, the slot staying for the probes
 * that pass it). */
struct slot {
    unsigned char key[DEDUP_BAND_KEY];
    bool used;
    uint32_t head;
};

struct bandmem {
    struct store *s;
    size_t max;
    struct entry *e;
    size_t n, cap, kept; /* entries; those of committed transactions */
    struct slot *slots;
    size_t nslots, used; /* used: slots taken, kept under three quarters */
    /* a merge: the entries [0, merge_n) in key order (indexes into e),
     * written up to pos (kept_pos committed); through: their newest seq */
    uint32_t *order;
    size_t norder, merge_n, pos, kept_pos;
    uint64_t through;
    bool merging, finishing, started; /* started: in the open transaction */
};

static uint64_t seq_of(const unsigned char *value)
{
    return record_u64_from_key(value, 8);
}

static size_t key_hash(const unsigned char *k)
{
    uint64_t x = (uint64_t)k[1] << 24 | (uint64_t)k[2] << 16 | (uint64_t)k[3] << 8 | k[4];
    x = (x * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)k[0] * 0xBF58476D1CE4E5B9ull);
    return (size_t)(x ^ x >> 29);
}

static struct slot *slot_of(const struct bandmem *m, const unsigned char *key)
{
    size_t mask = m->nslots - 1;
    for (size_t i = key_hash(key) & mask;; i = (i + 1) & mask)
        if (!m->slots[i].used || !memcmp(m->slots[i].key, key, DEDUP_BAND_KEY))
            return &m->slots[i];
}

/* The table made again from the entries (each key's chain is the entries
 * under it in the order added), at twice the size their keys need. */
static void reindex(struct bandmem *m)
{
    size_t want = 1024;
    while (3 * want < 8 * (m->n + 1))
        want *= 2;
    free(m->slots);
    m->slots = nw_calloc(want, sizeof *m->slots);
    m->nslots = want;
    m->used = 0;
    for (size_t i = 0; i < m->n; i++) {
        struct slot *sl = slot_of(m, m->e[i].key);
        if (!sl->used) {
            memcpy(sl->key, m->e[i].key, DEDUP_BAND_KEY);
            sl->used = true;
            m->used++;
        }
        m->e[i].prev = sl->head;
        sl->head = (uint32_t)(i + 1);
    }
}

static void push(struct bandmem *m, const unsigned char *key, const unsigned char *value)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 4096;
        m->e = nw_realloc(m->e, m->cap * sizeof *m->e);
    }
    if (4 * (m->used + 1) > 3 * m->nslots)
        reindex(m); /* made again, larger; keys whose entries were all taken back go */
    struct entry *x = &m->e[m->n];
    memcpy(x->key, key, DEDUP_BAND_KEY);
    memcpy(x->value, value, DEDUP_BAND_VALUE);
    struct slot *sl = slot_of(m, key);
    if (!sl->used) {
        memcpy(sl->key, key, DEDUP_BAND_KEY);
        sl->used = true;
        m->used++;
    }
    x->prev = sl->head;
    sl->head = (uint32_t)(++m->n);
}

struct bandmem *bandmem_open(struct store *s, MDB_txn *txn, size_t max, int *rc)
{
    struct bandmem *m = nw_calloc(1, sizeof *m);
    m->s = s;
    m->max = max ? max : BANDMEM_MAX;
    reindex(m);
    uint64_t through = store_meta_get(s, txn, "bands_through");
    MDB_cursor *cur;
    *rc = mdb_cursor_open(txn, s->near, &cur);
    if (*rc) {
        bandmem_free(m);
        return NULL;
    }
    unsigned char kb[8];
    record_u64_key(through + 1, kb);
    MDB_val k = {8, kb}, v;
    size_t items = 0;
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); r == 0; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct record_sig sig;
        if (k.mv_size != 8 || v.mv_size < RECORD_SIG_SIZE || record_sig_unpack(v.mv_data, RECORD_SIG_SIZE, &sig) < 0)
            continue;
        unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY], value[DEDUP_BAND_VALUE];
        dedup_band_keys(&sig, keys);
        dedup_band_value(record_u64_from_key(k.mv_data, 8), &sig, value);
        bandmem_add(m, keys, value);
        items++;
    }
    mdb_cursor_close(cur);
    m->kept = m->n;
    if (items)
        log_info("store: near-duplicate index: %zu newest items' entries made again from their signatures", items);
    return m;
}

void bandmem_free(struct bandmem *m)
{
    if (!m)
        return;
    free(m->e);
    free(m->slots);
    free(m->order);
    free(m);
}

void bandmem_add(struct bandmem *m, const unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY],
                 const unsigned char value[DEDUP_BAND_VALUE])
{
    for (int b = 0; b < DEDUP_BANDS; b++)
        push(m, keys[b], value);
}

uint32_t bandmem_first(const struct bandmem *m, const unsigned char key[DEDUP_BAND_KEY])
{
    const struct slot *sl = slot_of(m, key);
    return sl->used ? sl->head : 0;
}

uint32_t bandmem_next(const struct bandmem *m, uint32_t h)
{
    return m->e[h - 1].prev;
}

const unsigned char *bandmem_value(const struct bandmem *m, uint32_t h)
{
    return m->e[h - 1].value;
}

uint64_t bandmem_low_seq(const struct bandmem *m)
{
    return m->n ? seq_of(m->e[0].value) : UINT64_MAX;
}

size_t bandmem_count(const struct bandmem *m)
{
    return m->n;
}

static int by_key(const void *a, const void *b, void *arg)
{
    const struct entry *e = arg;
    const struct entry *x = &e[*(const uint32_t *)a], *y = &e[*(const uint32_t *)b];
    /* key then value, as LMDB orders a DUPSORT table */
    int c = memcmp(x->key, y->key, DEDUP_BAND_KEY);
    return c ? c : memcmp(x->value, y->value, DEDUP_BAND_VALUE);
}

/* A merge of the entries held now: those of items whose signature is
 * still stored, in key order. */
static int merge_start(struct bandmem *m, MDB_txn *txn)
{
    m->merge_n = m->kept;
    m->order = nw_realloc(m->order, (m->merge_n ? m->merge_n : 1) * sizeof *m->order);
    m->norder = 0;
    for (size_t i = 0; i < m->merge_n;) {
        uint64_t seq = seq_of(m->e[i].value);
        size_t j = i;
        while (j < m->merge_n && seq_of(m->e[j].value) == seq)
            j++;
        unsigned char kb[8];
        record_u64_key(seq, kb);
        MDB_val k = {8, kb}, v;
        int rc = mdb_get(txn, m->s->near, &k, &v);
        if (rc && rc != MDB_NOTFOUND)
            return rc;
        for (; i < j; i++)
            if (!rc)
                m->order[m->norder++] = (uint32_t)i;
    }
    qsort_r(m->order, m->norder, sizeof *m->order, by_key, m->e);
    m->through = seq_of(m->e[m->merge_n - 1].value);
    m->pos = m->kept_pos = 0;
    m->merging = m->started = true;
    return 0;
}

int bandmem_step(struct bandmem *m, MDB_txn *txn)
{
    if (!m)
        return 0;
    if (!m->merging && m->kept >= m->max) {
        int rc = merge_start(m, txn);
        if (rc)
            return rc;
    }
    if (!m->merging || m->finishing)
        return 0;
    MDB_cursor *cur;
    int rc = mdb_cursor_open(txn, m->s->bands, &cur);
    if (rc)
        return rc;
    /* a chunk, or twice what this transaction added if more: a merge
     * outpaces any intake, so that what is held stays bounded */
    size_t chunk = 2 * (m->n - m->kept) > BANDMEM_CHUNK ? 2 * (m->n - m->kept) : BANDMEM_CHUNK;
    size_t end = m->norder - m->pos > chunk ? m->pos + chunk : m->norder;
    for (; m->pos < end; m->pos++) {
        struct entry *x = &m->e[m->order[m->pos]];
        MDB_val k = {DEDUP_BAND_KEY, x->key}, v = {DEDUP_BAND_VALUE, x->value};
        rc = mdb_cursor_put(cur, &k, &v, MDB_NODUPDATA);
        if (rc == MDB_KEYEXIST) /* merged before a crash, held again since */
            rc = 0;
        if (rc)
            break;
    }
    mdb_cursor_close(cur);
    if (!rc && m->pos == m->norder) {
        rc = store_meta_put(m->s, txn, "bands_through", m->through);
        m->finishing = !rc;
    }
    return rc;
}

void bandmem_keep(struct bandmem *m)
{
    if (!m)
        return;
    m->kept = m->n;
    m->kept_pos = m->pos;
    m->started = false;
    if (!m->finishing)
        return;
    /* merged: the entries after the merge's stay, the table is made again */
    size_t rest = m->n - m->merge_n;
    memmove(m->e, m->e + m->merge_n, rest * sizeof *m->e);
    m->n = m->kept = rest;
    reindex(m);
    free(m->order);
    m->order = NULL;
    m->norder = m->merge_n = m->pos = m->kept_pos = 0;
    m->merging = m->finishing = false;
    if (m->cap > 4096 && m->n < m->cap / 4) {
        m->cap /= 2;
        m->e = nw_realloc(m->e, m->cap * sizeof *m->e);
    }
}

void bandmem_undo(struct bandmem *m)
{
    if (!m)
        return;
    /* the entries of the transaction go, newest first, each key's newest
     * becoming the one before it */
    while (m->n > m->kept) {
        struct entry *x = &m->e[--m->n];
        slot_of(m, x->key)->head = x->prev;
    }
    m->pos = m->kept_pos;
    m->finishing = false;
    if (m->started) /* begun again by the next transaction, on what it sees */
        m->merging = m->started = false;
}
