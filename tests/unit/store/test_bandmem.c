/* The newest items' band entries held in memory (store/bandmem.c): their
 * order, taken back with an aborted transaction, merged into LMDB in key
 * order a chunk per transaction, made again from the signatures. Items
 * are made of signatures alone, written to `sigs` as the writer does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../store/bandmem.h"
#include "db_entries.h"

struct fixture {
    char dir[64];
    struct store s;
    struct bandmem *m;
    MDB_txn *txn;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/nw-bandmem-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    struct nw_err err = {0};
    assert_int_equal(store_open(&f->s, f->dir, 256u << 20, STORE_WRITER, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    bandmem_free(f->m);
    store_close(&f->s);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void open_mem(struct fixture *f, size_t max)
{
    bandmem_free(f->m);
    MDB_txn *rt;
    int rc;
    assert_int_equal(store_read_begin(&f->s, &rt), 0);
    f->m = bandmem_open(&f->s, rt, max, &rc);
    mdb_txn_abort(rt);
    assert_non_null(f->m);
}

static void begin(struct fixture *f)
{
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->txn), 0);
}

static void commit(struct fixture *f)
{
    assert_int_equal(bandmem_step(f->m, f->txn), 0);
    assert_int_equal(mdb_txn_commit(f->txn), 0);
    f->txn = NULL;
    bandmem_keep(f->m);
}

static void abort_txn(struct fixture *f)
{
    mdb_txn_abort(f->txn);
    f->txn = NULL;
    bandmem_undo(f->m);
}

/* Item seq's signature: random bins, band 0's bin `shared` when non-zero. */
static void sig_of(uint64_t seq, uint32_t shared, struct record_sig *sig)
{
    uint64_t x = seq * 0x9E3779B97F4A7C15ull + 1;
    sig->shingles = 100;
    for (int i = 0; i < RECORD_SIG_K; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        sig->h[i] = (uint32_t)x;
    }
    if (shared)
        sig->h[0] = shared;
}

/* Stores item seq's signature, and adds its entries as the writer does. */
static void item(struct fixture *f, uint64_t seq, uint32_t shared)
{
    struct record_sig sig;
    sig_of(seq, shared, &sig);
    unsigned char sv[RECORD_SIG_SIZE + 8], kb[8];
    record_sig_pack(&sig, sv);
    record_u64_key(seq, sv + RECORD_SIG_SIZE);
    record_u64_key(seq, kb);
    MDB_val k = {8, kb}, v = {sizeof sv, sv};
    assert_int_equal(mdb_put(f->txn, f->s.near, &k, &v, 0), 0);
    unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY], value[DEDUP_BAND_VALUE];
    dedup_band_keys(&sig, keys);
    dedup_band_value(seq, &sig, value);
    bandmem_add(f->m, keys, value);
}

/* Items first..last in one committed transaction. */
static void items(struct fixture *f, uint64_t first, uint64_t last)
{
    begin(f);
    for (uint64_t seq = first; seq <= last; seq++)
        item(f, seq, 0);
    commit(f);
}

static size_t lmdb_entries(struct fixture *f)
{
    return db_entries(&f->s, f->s.bands);
}

static uint64_t through(struct fixture *f)
{
    MDB_txn *rt;
    assert_int_equal(store_read_begin(&f->s, &rt), 0);
    uint64_t t = store_meta_get(&f->s, rt, "bands_through");
    mdb_txn_abort(rt);
    return t;
}

/* Whether every band entry of items first..last is in LMDB, once. */
static void all_in_lmdb(struct fixture *f, uint64_t first, uint64_t last)
{
    MDB_txn *rt;
    MDB_cursor *cur;
    assert_int_equal(store_read_begin(&f->s, &rt), 0);
    assert_int_equal(mdb_cursor_open(rt, f->s.bands, &cur), 0);
    for (uint64_t seq = first; seq <= last; seq++) {
        struct record_sig sig;
        sig_of(seq, 0, &sig);
        unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY], value[DEDUP_BAND_VALUE];
        dedup_band_keys(&sig, keys);
        dedup_band_value(seq, &sig, value);
        for (int b = 0; b < DEDUP_BANDS; b++) {
            MDB_val k = {DEDUP_BAND_KEY, keys[b]}, v = {DEDUP_BAND_VALUE, value};
            assert_int_equal(mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH), 0);
        }
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(rt);
}

/* A key's values come newest first; an aborted transaction's go. */
static void test_newest_first_and_undo(void **state)
{
    struct fixture *f = *state;
    open_mem(f, BANDMEM_MAX);
    begin(f);
    for (uint64_t seq = 1; seq <= 3; seq++)
        item(f, seq, 0xABCD);
    commit(f);
    begin(f);
    item(f, 4, 0xABCD);
    struct record_sig sig;
    sig_of(1, 0xABCD, &sig);
    unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY];
    dedup_band_keys(&sig, keys);
    uint64_t want = 4;
    for (uint32_t h = bandmem_first(f->m, keys[0]); h; h = bandmem_next(f->m, h))
        assert_int_equal(record_u64_from_key(bandmem_value(f->m, h), 8), want--);
    assert_int_equal(want, 0);
    abort_txn(f);
    uint32_t h = bandmem_first(f->m, keys[0]);
    assert_int_equal(record_u64_from_key(bandmem_value(f->m, h), 8), 3);
    assert_int_equal(bandmem_count(f->m), 3 * DEDUP_BANDS);
    /* band 1's bin is the item's own: one value */
    h = bandmem_first(f->m, keys[1]);
    assert_int_equal(record_u64_from_key(bandmem_value(f->m, h), 8), 1);
    assert_int_equal(bandmem_next(f->m, h), 0);
    assert_int_equal(bandmem_low_seq(f->m), 1);
    assert_int_equal(lmdb_entries(f), 0);
}

/* Past its limit, what is held goes to LMDB a chunk per transaction; a
 * chunk of an aborted transaction is written again by the next one;
 * bands_through advances with the last chunk, and what came in during
 * the merge stays held. An item whose signature was pruned is left out. */
static void test_merge_in_chunks(void **state)
{
    struct fixture *f = *state;
    const uint64_t n = BANDMEM_CHUNK / DEDUP_BANDS + 200; /* two chunks */
    open_mem(f, n * DEDUP_BANDS);
    items(f, 1, n);
    assert_int_equal(lmdb_entries(f), 0);
    begin(f);
    assert_int_equal(bandmem_step(f->m, f->txn), 0); /* the first chunk */
    abort_txn(f);
    assert_int_equal(lmdb_entries(f), 0);
    /* the item pruned before the merge's first committed chunk */
    begin(f);
    unsigned char kb[8];
    record_u64_key(7, kb);
    MDB_val k = {8, kb};
    assert_int_equal(mdb_del(f->txn, f->s.near, &k, NULL), 0);
    item(f, n + 1, 0); /* comes in during the merge */
    commit(f);
    size_t first = lmdb_entries(f);
    assert_true(first > 0 && first <= BANDMEM_CHUNK);
    assert_int_equal(through(f), 0);
    assert_int_equal(bandmem_low_seq(f->m), 1);
    begin(f);
    commit(f);
    assert_int_equal(lmdb_entries(f), (n - 1) * DEDUP_BANDS);
    assert_int_equal(through(f), n);
    assert_int_equal(bandmem_count(f->m), DEDUP_BANDS);
    assert_int_equal(bandmem_low_seq(f->m), n + 1);
    all_in_lmdb(f, 1, 6);
    all_in_lmdb(f, 8, n);
}

/* A transaction that adds more than half a chunk merges twice what it
 * added: a merge keeps ahead of any intake. */
static void test_merge_outpaces_intake(void **state)
{
    struct fixture *f = *state;
    const uint64_t n = 2 * BANDMEM_CHUNK / DEDUP_BANDS; /* a merge of two chunks */
    open_mem(f, n * DEDUP_BANDS);
    items(f, 1, n);
    items(f, n + 1, n + BANDMEM_CHUNK / DEDUP_BANDS); /* a chunk's worth comes in */
    /* all merged in one transaction; what came in stays held */
    assert_int_equal(lmdb_entries(f), n * DEDUP_BANDS);
    assert_int_equal(through(f), n);
    assert_int_equal(bandmem_count(f->m), BANDMEM_CHUNK / DEDUP_BANDS * DEDUP_BANDS);
}

/* After a crash in a merge the entries are held again, from the
 * signatures after bands_through; merging them again writes each once. */
static void test_open_after_a_crash_in_a_merge(void **state)
{
    struct fixture *f = *state;
    const uint64_t n = BANDMEM_CHUNK / DEDUP_BANDS + 10;
    open_mem(f, n * DEDUP_BANDS);
    items(f, 1, n);
    begin(f);
    commit(f); /* the first chunk */
    size_t first = lmdb_entries(f);
    assert_true(first > 0 && first < n * DEDUP_BANDS);
    open_mem(f, n * DEDUP_BANDS); /* the crash: held again from the signatures */
    assert_int_equal(bandmem_count(f->m), n * DEDUP_BANDS);
    for (int i = 0; i < 3; i++) {
        begin(f);
        commit(f);
    }
    assert_int_equal(lmdb_entries(f), n * DEDUP_BANDS);
    assert_int_equal(through(f), n);
    assert_int_equal(bandmem_count(f->m), 0);
    all_in_lmdb(f, 1, n);
    open_mem(f, BANDMEM_MAX);
    assert_int_equal(bandmem_count(f->m), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_newest_first_and_undo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_in_chunks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_outpaces_intake, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_after_a_crash_in_a_merge, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
