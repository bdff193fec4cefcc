#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "../../../common/mem.h"
#include "../../../common/msg.h"
#include "../../../store/dedup.h"
#include "../../../store/record.h"
#include "../../../store/store.h"

#include <lmdb.h>
#include <stdio.h>
#include <unistd.h>

static void fill_item(struct record_item *it)
{
    memset(it, 0, sizeof *it);
    it->seq = 42;
    memset(it->id, 0xab, 16);
    it->rev = 2;
    it->feed = nw_strdup("https://f.example/rss");
    nw_strv_push(&it->feeds, "https://f.example/rss");
    nw_strv_push(&it->feeds, "https://g.example/atom");
    it->title = nw_strdup("Titre \xc3\xa9t\xc3\xa9");
    it->published = nw_strdup("2020-02-15");
    it->fetched = 1600000000;
    char *text = nw_malloc(20001);
    memset(text, 'x', 20000);
    text[20000] = 0;
    it->text = text;
    it->word_count = 1;
    nw_strv_push(&it->agencies, "AFP");
    struct nw_enclosure *e = nw_vec_push(&it->enclosures, sizeof *e);
    e->url = nw_strdup("https://f.example/a.mp3");
    e->length = 99;
    it->cluster = 40;
    it->dup_of = 41;
}

static void test_item_roundtrip(void **state)
{
    (void)state;
    struct record_item it, back;
    fill_item(&it);
    struct nw_buf b = {0}, j1 = {0}, j2 = {0};
    record_pack(&record_item_noun, &it, &b);
    assert_int_equal((unsigned char)b.data[0], RECORD_FORMAT);
    assert_int_equal(record_unpack(&record_item_noun, &back, b.data, b.len), 0);
    record_item_json(&it, &j1);
    record_item_json(&back, &j2);
    assert_string_equal(j1.data, j2.data); /* every field came back */
    /* the printed line follows DESIGN §5's order, nulls written */
    assert_non_null(strstr(j1.data, "{\"seq\":42,\"id\":\"abababab"));
    assert_non_null(strstr(j1.data, "\"updated\":null,\"fetched\":\"2020-09-13T12:26:40Z\""));
    assert_non_null(strstr(j1.data, "\"cluster\":40,\"dup_of\":41,\"feeds\":["));
    /* read without its text: the text is left out, every other field read */
    struct record_item head;
    assert_int_equal(nw_noun_unpack_skip(&record_item_noun, &head, b.data + 1, b.len - 1,
                                         offsetof(struct record_item, text)), 0);
    assert_null(head.text);
    head.text = nw_strdup(it.text);
    struct nw_buf j3 = {0};
    record_item_json(&head, &j3);
    assert_string_equal(j1.data, j3.data);
    record_item_cleanup(&head);
    nw_buf_cleanup(&j3);
    /* every truncation is refused, never read past the end */
    for (size_t n = 1; n < b.len - 1; n += n < 200 ? 1 : 997) {
        struct record_item t;
        int rc = record_unpack(&record_item_noun, &t, b.data, n);
        if (rc == 0) /* a clean cut between rows reads as an older, shorter record */
            record_item_cleanup(&t);
    }
    /* another schema's bytes are refused */
    b.data[0] = 9;
    record_item_cleanup(&back);
    assert_int_equal(record_unpack(&record_item_noun, &back, b.data, b.len), -1);
    record_item_cleanup(&it);
    nw_buf_cleanup(&b);
    nw_buf_cleanup(&j1);
    nw_buf_cleanup(&j2);
}

static void test_fewer_rows(void **state)
{
    (void)state;
    /* a record written before later rows existed: the rows it has, the rest empty */
    struct record_feed f = {.name = "n", .etag = "\"e\"", .interval_ms = 60000}, back;
    struct nw_buf b = {0};
    record_pack(&record_feed_noun, &f, &b);
    /* cut after the rows up to interval_ms: name, fetch_url, etag, last_modified, title, interval_ms */
    size_t cut = 1 + 2 + 1 + 4 + 1 + 1 + 3;
    assert_int_equal(record_unpack(&record_feed_noun, &back, b.data, cut), 0);
    assert_string_equal(back.name, "n");
    assert_string_equal(back.etag, "\"e\"");
    assert_int_equal(back.interval_ms, 60000);
    assert_int_equal(back.next_due, 0);
    nw_noun_cleanup(&record_feed_noun, &back);
    nw_buf_cleanup(&b);
}

/* A job record, with the row added last (archive) and without it: a job
 * written before that row existed reads as a job of no replay. */
static void test_job_roundtrip(void **state)
{
    (void)state;
    struct record_job j = {.kind = NW_KIND_ARTICLE, .url = "https://a.example/1", .feed = "https://a.example/rss",
                           .guard = true, .attempts = 2, .deadline = 1700000003600000, .created = 1700000000000,
                           .archive = "replay-7-1700000000000"},
                      back;
    memset(j.item, 0xab, 16);
    struct nw_buf b = {0};
    record_pack(&record_job_noun, &j, &b);
    assert_int_equal(record_unpack(&record_job_noun, &back, b.data, b.len), 0);
    assert_int_equal(back.kind, NW_KIND_ARTICLE);
    assert_string_equal(back.url, j.url);
    assert_string_equal(back.feed, j.feed);
    assert_memory_equal(back.item, j.item, 16);
    assert_true(back.guard);
    assert_int_equal(back.attempts, 2);
    assert_int_equal(back.deadline, j.deadline);
    assert_string_equal(back.archive, j.archive);
    nw_noun_cleanup(&record_job_noun, &back);
    /* the same job before the archive row: that row cut off */
    size_t with = b.len;
    nw_buf_reset(&b);
    j.archive = NULL;
    record_pack(&record_job_noun, &j, &b);
    assert_true(b.len < with);
    assert_int_equal(record_unpack(&record_job_noun, &back, b.data, b.len - 1), 0);
    assert_null(back.archive);
    assert_string_equal(back.url, j.url);
    nw_noun_cleanup(&record_job_noun, &back);
    nw_buf_cleanup(&b);
}

static void test_v1_migration(void **state)
{
    (void)state;
    const char *js = "{\"id\":\"00112233445566778899aabbccddeeff\",\"feed\":\"http://f/x\",\"title\":\"T\","
                     "\"fetched\":\"2020-10-09T08:32:00Z\",\"rev\":1,\"cluster\":3,\"dup_of\":null,"
                     "\"categories\":[\"Monde\"],\"word_count\":12}";
    /* schema 1: [1][1][u32 length] zlib'd JSON */
    uLongf cl = compressBound(strlen(js));
    unsigned char *v = malloc(6 + cl);
    v[0] = 1;
    v[1] = 1;
    uint32_t n = (uint32_t)strlen(js);
    v[2] = (unsigned char)(n >> 24);
    v[3] = (unsigned char)(n >> 16);
    v[4] = (unsigned char)(n >> 8);
    v[5] = (unsigned char)n;
    assert_int_equal(compress2(v + 6, &cl, (const Bytef *)js, n, 6), Z_OK);
    struct record_item it;
    assert_int_equal(record_v1_item(v, 6 + cl, &it), 0);
    assert_string_equal(it.title, "T");
    assert_int_equal(it.fetched, 1602232320);
    assert_int_equal(it.cluster, 3);
    assert_int_equal(it.feeds.n, 1);
    assert_int_equal(it.id[15], 0xff);
    record_item_cleanup(&it);
    assert_int_equal(record_v1_item(v, 4, &it), -1);
    free(v);
}

static void remove_dir(const char *dir)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* A whole schema-1 store (JSON records, cursors as a bare 8-byte seq)
 * opened by the writer: its items and its consumer cursors come through. */
static void test_v1_store(void **state)
{
    (void)state;
    char dir[] = "/tmp/nw-v1-XXXXXX";
    assert_non_null(mkdtemp(dir));
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi items, cursors;
    assert_int_equal(mdb_env_create(&env), 0);
    mdb_env_set_maxdbs(env, 16);
    assert_int_equal(mdb_env_open(env, dir, 0, 0644), 0);
    assert_int_equal(mdb_txn_begin(env, NULL, 0, &txn), 0);
    assert_int_equal(mdb_dbi_open(txn, "items", MDB_CREATE, &items), 0);
    assert_int_equal(mdb_dbi_open(txn, "cursors", MDB_CREATE, &cursors), 0);
    const char *js = "{\"id\":\"00112233445566778899aabbccddeeff\",\"feed\":\"http://f/x\",\"title\":\"T\","
                     "\"fetched\":\"2020-10-09T08:32:00Z\",\"rev\":1,\"cluster\":7,\"text\":\"words\"}";
    uLongf cl = compressBound(strlen(js));
    unsigned char *v = malloc(6 + cl);
    uint32_t n = (uint32_t)strlen(js);
    unsigned char head[6] = {1, 1, (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
                             (unsigned char)n};
    memcpy(v, head, 6);
    assert_int_equal(compress2(v + 6, &cl, (const Bytef *)js, n, 6), Z_OK);
    unsigned char key[8], cur[8];
    record_u64_key(7, key);
    record_u64_key(5, cur);
    MDB_val k = {8, key}, val = {6 + cl, v}, gk = {5, "daily"}, gv = {8, cur};
    assert_int_equal(mdb_put(txn, items, &k, &val, 0), 0);
    assert_int_equal(mdb_put(txn, cursors, &gk, &gv, 0), 0);
    assert_int_equal(mdb_txn_commit(txn), 0);
    mdb_env_close(env);
    free(v);

    struct store st;
    struct nw_err err = {0};
    assert_int_equal(store_open(&st, dir, 64 << 20, STORE_WRITER, &err), 0);
    uint64_t seq = 0;
    assert_int_equal(store_cursor_get(&st, "daily", &seq), 0);
    assert_int_equal(seq, 5); /* the group reads on from where it was */
    MDB_txn *rt;
    assert_int_equal(store_read_begin(&st, &rt), 0);
    struct record_item it;
    assert_int_equal(record_get(rt, st.items, key, 8, &record_item_noun, &it), 0);
    assert_string_equal(it.title, "T");
    assert_int_equal(it.seq, 7);
    record_item_cleanup(&it);
    mdb_txn_abort(rt);
    store_close(&st);
    remove_dir(dir);
}

/* Marks the store as written by schema `schema`, commits txn, and opens
 * the store again as its writer (which migrates it), with a read
 * transaction on it in *rt. */
static void reopen_from_schema(struct store *st, const char *dir, MDB_txn *txn, uint64_t schema, MDB_txn **rt)
{
    unsigned char sb[8];
    record_u64_key(schema, sb);
    MDB_val mk = {6, "schema"}, mv = {8, sb};
    assert_int_equal(mdb_put(txn, st->meta, &mk, &mv, 0), 0);
    assert_int_equal(mdb_txn_commit(txn), 0);
    store_close(st);
    struct nw_err err = {0};
    assert_int_equal(store_open(st, dir, 64 << 20, STORE_WRITER, &err), 0);
    assert_int_equal(store_read_begin(st, rt), 0);
}

/* A store of schema `schema` (2 or 4): its signatures are of an older
 * version (here: version byte 3, bins garbage), one of them lost its
 * item, and under schema 2 band entries held only the seq and a
 * signature could lack its cluster. The writer makes every signature
 * again from its item's text, keeps the item's cluster, drops the one
 * without an item, and rebuilds the bands with fingerprints. */
static void resign_from(int schema)
{
    char dir[] = "/tmp/nw-resign-XXXXXX";
    assert_non_null(mkdtemp(dir));
    struct store st;
    struct nw_err err = {0};
    assert_int_equal(store_open(&st, dir, 64 << 20, STORE_WRITER, &err), 0);
    const char *text = "The minister said on Tuesday that the new rail line would open next spring after "
                       "years of delays, cost overruns and a court case brought by residents who "
                       "live along the planned route through the valley.";
    struct record_sig sig;
    assert_int_equal(dedup_signature(text, &sig), 0);
    unsigned char key[8], gone[8], old[RECORD_SIG_SIZE + 8], keys[DEDUP_BANDS][DEDUP_BAND_KEY];
    record_u64_key(9, key);
    record_u64_key(11, gone);
    memset(old, 0x5a, sizeof old);
    old[0] = 3; /* the version before */
    record_u64_key(4, old + RECORD_SIG_SIZE);
    dedup_band_keys(&sig, keys);
    MDB_txn *txn;
    assert_int_equal(mdb_txn_begin(st.env, NULL, 0, &txn), 0);
    struct record_item it = {.seq = 9, .cluster = 4, .title = "T", .text = (char *)text};
    assert_int_equal(record_put(txn, st.items, key, 8, &record_item_noun, &it), 0);
    /* schema 2: the signature without its cluster */
    MDB_val k = {8, key}, v = {schema == 2 ? RECORD_SIG_SIZE : RECORD_SIG_SIZE + 8, old};
    assert_int_equal(mdb_put(txn, st.near, &k, &v, 0), 0);
    MDB_val gk = {8, gone};
    assert_int_equal(mdb_put(txn, st.near, &gk, &v, 0), 0);
    if (schema == 2) {
        assert_int_equal(mdb_drop(txn, st.bands, 1), 0); /* schema 2's 8-byte entries */
        MDB_dbi bands;
        assert_int_equal(mdb_dbi_open(txn, "bands", MDB_CREATE | MDB_DUPSORT | MDB_DUPFIXED, &bands), 0);
        for (int b = 0; b < DEDUP_BANDS; b++) {
            MDB_val bk = {DEDUP_BAND_KEY, keys[b]}, bv = {8, key};
            assert_int_equal(mdb_put(txn, bands, &bk, &bv, 0), 0);
        }
    }
    reopen_from_schema(&st, dir, txn, (uint64_t)schema, &txn);
    assert_int_equal(mdb_get(txn, st.near, &k, &v), 0);
    assert_int_equal(v.mv_size, RECORD_SIG_SIZE + 8);
    unsigned char want[RECORD_SIG_SIZE];
    record_sig_pack(&sig, want);
    assert_memory_equal(v.mv_data, want, RECORD_SIG_SIZE);
    assert_int_equal(record_u64_from_key((const char *)v.mv_data + RECORD_SIG_SIZE, 8), 4);
    assert_int_equal(mdb_get(txn, st.near, &gk, &v), MDB_NOTFOUND);
    MDB_cursor *cur;
    assert_int_equal(mdb_cursor_open(txn, st.bands, &cur), 0);
    int n = 0;
    MDB_val bk, bv;
    for (int r = mdb_cursor_get(cur, &bk, &bv, MDB_FIRST); r == 0; r = mdb_cursor_get(cur, &bk, &bv, MDB_NEXT), n++) {
        assert_int_equal(bv.mv_size, DEDUP_BAND_VALUE);
        assert_int_equal(record_u64_from_key(bv.mv_data, 8), 9);
        unsigned char mine[DEDUP_BAND_VALUE];
        dedup_band_value(9, &sig, mine);
        assert_true(dedup_band_may_match(mine, bv.mv_data));
    }
    assert_int_equal(n, DEDUP_BANDS);
    mdb_cursor_close(cur);
    MDB_val sk = {6, "schema"}, sv;
    assert_int_equal(mdb_get(txn, st.meta, &sk, &sv), 0);
    assert_int_equal(record_u64_from_key(sv.mv_data, 8), RECORD_SCHEMA);
    /* every band entry is in LMDB: none for the writer to hold */
    assert_int_equal(store_meta_get(&st, txn, "bands_through"), 9);
    mdb_txn_abort(txn);
    store_close(&st);
    remove_dir(dir);
}

/* A new store in a new folder made from template `dir` (XXXXXX), opened
 * by its writer, with a write transaction on it in *txn. */
static void fresh_store(char *dir, struct store *st, MDB_txn **txn)
{
    assert_non_null(mkdtemp(dir));
    struct nw_err err = {0};
    assert_int_equal(store_open(st, dir, 64 << 20, STORE_WRITER, &err), 0);
    assert_int_equal(mdb_txn_begin(st->env, NULL, 0, txn), 0);
}

/* A schema-5 store holds every item's band entries in LMDB: the writer
 * records that they are there, up to its last signature. */
static void test_v5_store(void **state)
{
    (void)state;
    char dir[] = "/tmp/nw-v5-XXXXXX";
    struct store st;
    MDB_txn *txn;
    fresh_store(dir, &st, &txn);
    unsigned char sv[RECORD_SIG_SIZE + 8] = {0}, key[8];
    for (uint64_t seq = 3; seq <= 5; seq++) {
        record_u64_key(seq, key);
        MDB_val k = {8, key}, v = {sizeof sv, sv};
        assert_int_equal(mdb_put(txn, st.near, &k, &v, 0), 0);
    }
    assert_int_equal(store_meta_get(&st, txn, "bands_through"), 0);
    reopen_from_schema(&st, dir, txn, 5, &txn);
    assert_int_equal(store_meta_get(&st, txn, "bands_through"), 5);
    assert_int_equal(store_meta_get(&st, txn, "schema"), RECORD_SCHEMA);
    mdb_txn_abort(txn);
    store_close(&st);
    remove_dir(dir);
}

static void test_v2_store(void **state)
{
    (void)state;
    resign_from(2);
}

static void test_v4_store(void **state)
{
    (void)state;
    resign_from(4);
}

/* A schema-3 store: a parked item was keyed by its item id. The writer
 * moves it under its article job's id and names the job in its ids entry. */
static void test_v3_store(void **state)
{
    (void)state;
    char dir[] = "/tmp/nw-v3-XXXXXX";
    struct store st;
    MDB_txn *txn;
    fresh_store(dir, &st, &txn);
    unsigned char id[16], lone[16], jk[8];
    memset(id, 0xab, sizeof id);
    memset(lone, 0xcd, sizeof lone);
    record_u64_key(77, jk);
    struct record_item it = {.title = "Parked", .url = "https://a.example/1"};
    assert_int_equal(record_put(txn, st.pending, id, 16, &record_item_noun, &it), 0);
    struct record_item it2 = {.title = "No job"};
    assert_int_equal(record_put(txn, st.pending, lone, 16, &record_item_noun, &it2), 0);
    struct record_id ri = {.seq = 0, .content_hash = 5};
    unsigned char ib[RECORD_ID_SIZE];
    MDB_val ik = {16, id}, iv = {record_id_pack(&ri, ib), ib};
    assert_int_equal(iv.mv_size, 21);
    assert_int_equal(mdb_put(txn, st.ids, &ik, &iv, 0), 0);
    struct record_job j = {.kind = NW_KIND_ARTICLE, .url = "https://a.example/1"};
    memcpy(j.item, id, 16);
    assert_int_equal(record_put(txn, st.jobs, jk, 8, &record_job_noun, &j), 0);
    reopen_from_schema(&st, dir, txn, 3, &txn);
    struct record_item back;
    assert_int_equal(record_get(txn, st.pending, jk, 8, &record_item_noun, &back), 0);
    assert_string_equal(back.title, "Parked");
    record_item_cleanup(&back);
    MDB_val pk = {16, id}, pv;
    assert_int_equal(mdb_get(txn, st.pending, &pk, &pv), MDB_NOTFOUND);
    assert_int_equal(mdb_get(txn, st.ids, &ik, &iv), 0);
    struct record_id rb;
    assert_int_equal(record_id_unpack(iv.mv_data, iv.mv_size, &rb), 0);
    assert_int_equal(rb.seq, 0);
    assert_int_equal(rb.job, 77);
    assert_int_equal(rb.content_hash, 5);
    MDB_val lk = {16, lone}; /* without a job: left where it was */
    assert_int_equal(mdb_get(txn, st.pending, &lk, &pv), 0);
    MDB_val sk = {6, "schema"}, sv;
    assert_int_equal(mdb_get(txn, st.meta, &sk, &sv), 0);
    assert_int_equal(record_u64_from_key(sv.mv_data, 8), RECORD_SCHEMA);
    mdb_txn_abort(txn);
    store_close(&st);
    remove_dir(dir);
}

static void test_id_sig_keys(void **state)
{
    (void)state;
    struct record_id r = {.seq = 123456789012ull, .content_hash = 0xdeadbeefcafef00dull, .rev = 7}, back;
    unsigned char b[RECORD_ID_SIZE];
    size_t bl = record_id_pack(&r, b);
    assert_int_equal(bl, 21); /* no job: the short form */
    assert_int_equal(record_id_unpack(b, bl, &back), 0);
    assert_int_equal(back.seq, r.seq);
    assert_int_equal(back.content_hash, r.content_hash);
    assert_int_equal(back.rev, 7);
    assert_int_equal(back.job, 0);
    assert_int_equal(record_id_unpack(b, bl - 1, &back), -1);
    assert_int_equal(record_id_unpack(b, bl + 8, &back), -1);
    /* a parked item's entry names its article job */
    struct record_id parked = {.seq = 0, .content_hash = 42, .job = 0x0102030405060708ull};
    bl = record_id_pack(&parked, b);
    assert_int_equal(bl, RECORD_ID_SIZE);
    assert_int_equal(record_id_unpack(b, bl, &back), 0);
    assert_int_equal(back.job, parked.job);
    assert_int_equal(back.content_hash, 42);
    assert_int_equal(record_id_unpack(b, 21, &back), -1);
    struct record_sig s = {.shingles = 77}, s2;
    for (int i = 0; i < RECORD_SIG_K; i++)
        s.h[i] = (uint32_t)i * 2654435761u;
    unsigned char sb[RECORD_SIG_SIZE];
    record_sig_pack(&s, sb);
    assert_int_equal(record_sig_unpack(sb, sizeof sb, &s2), 0);
    assert_memory_equal(&s, &s2, sizeof s);
    unsigned char k1[8], k2[8], d1[16], d2[16];
    record_u64_key(255, k1);
    record_u64_key(256, k2);
    assert_true(memcmp(k1, k2, 8) < 0); /* byte order is numeric order */
    assert_int_equal(record_u64_from_key(k2, 8), 256);
    record_deadline_key(1000, "b", 1, d1);
    record_deadline_key(999, "z", 1, d2);
    assert_true(memcmp(d2, d1, 9) < 0); /* deadline first */
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_item_roundtrip), cmocka_unit_test(test_fewer_rows),
                                       cmocka_unit_test(test_job_roundtrip),  cmocka_unit_test(test_v1_migration),
                                       cmocka_unit_test(test_v1_store),       cmocka_unit_test(test_v2_store),
                                       cmocka_unit_test(test_v5_store),       cmocka_unit_test(test_v4_store),
                                       cmocka_unit_test(test_v3_store),       cmocka_unit_test(test_id_sig_keys)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
