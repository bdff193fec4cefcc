/* LMDB environment, the writer's lock, schema migration, and the read side
 * of the store. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/log.h"
#include "../common/mem.h"
#include "../common/nwtime.h"
#include "dedup.h"
#include "record.h"
#include "store.h"

static int mkdir_p(const char *path)
{
    char *p = nw_strdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) < 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0755) < 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

/* One writer per store: an flock on writer.lock, which holds the pid. */
static int take_lock(struct store *s, struct nw_err *err)
{
    char lp[4096];
    snprintf(lp, sizeof lp, "%s/writer.lock", s->path);
    int fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        nw_err_set(err, errno, "%s: cannot create the lock: %s", lp, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        char pid[32] = "";
        ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        nw_err_set(err, STORE_ERR_LOCKED, "%s: store in use by another newswire process%s%s", s->path,
                   *pid ? " (pid " : "", *pid ? pid : "");
        if (*pid)
            strncat(err->msg, ")", sizeof err->msg - strlen(err->msg) - 1);
        close(fd);
        return -1;
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
        /* the lock holds without the pid; the message will only lack it */
    }
    s->lock_fd = fd;
    return 0;
}

long store_writer_running(const char *path)
{
    char lp[4096];
    snprintf(lp, sizeof lp, "%s/writer.lock", path);
    int fd = open(lp, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    long pid = 0;
    if (flock(fd, LOCK_SH | LOCK_NB) < 0) {
        char b[32] = "";
        ssize_t n = pread(fd, b, sizeof b - 1, 0);
        b[n > 0 ? n : 0] = '\0';
        pid = strtol(b, NULL, 10);
        if (pid <= 0)
            pid = -1;
    }
    close(fd); /* a shared lock taken here goes with it */
    return pid;
}

static uint64_t last_key(MDB_txn *txn, MDB_dbi dbi);

bool store_meta_find(struct store *s, MDB_txn *txn, const char *name, uint64_t *x)
{
    MDB_val k = {strlen(name), (void *)name}, v;
    if (mdb_get(txn, s->meta, &k, &v) != 0)
        return false;
    *x = record_u64_from_key(v.mv_data, v.mv_size);
    return true;
}

uint64_t store_meta_get(struct store *s, MDB_txn *txn, const char *name)
{
    uint64_t x;
    return store_meta_find(s, txn, name, &x) ? x : 0;
}

int store_meta_put(struct store *s, MDB_txn *txn, const char *name, uint64_t x)
{
    unsigned char b[8];
    record_u64_key(x, b);
    MDB_val k = {strlen(name), (void *)name}, v = {8, b};
    return mdb_put(txn, s->meta, &k, &v, 0);
}

/* Rewrites every value of `dbi` with `convert` (schema 1 -> 2). */
static int migrate_db(MDB_txn *txn, MDB_dbi dbi, const struct nw_noun *n,
                      int (*convert)(const void *, size_t, void *), size_t objsize, bool is_item)
{
    MDB_cursor *cur;
    int rc = mdb_cursor_open(txn, dbi, &cur);
    if (rc)
        return rc;
    void *obj = nw_calloc(1, objsize);
    struct nw_buf b = {0};
    MDB_val k, v;
    int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    while (r == 0) {
        if (convert(v.mv_data, v.mv_size, obj) == 0) {
            if (is_item && k.mv_size == 8)
                ((struct record_item *)obj)->seq = record_u64_from_key(k.mv_data, 8);
            nw_buf_reset(&b);
            record_pack(n, obj, &b);
            MDB_val nv = {b.len, b.data};
            if ((rc = mdb_cursor_put(cur, &k, &nv, MDB_CURRENT)) != 0)
                break;
            nw_noun_cleanup(n, obj);
        } else {
            mdb_cursor_del(cur, 0);
        }
        r = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    nw_buf_cleanup(&b);
    free(obj);
    mdb_cursor_close(cur);
    return rc;
}

static int conv_item(const void *d, size_t l, void *o) { return record_v1_item(d, l, o); }
static int conv_feed(const void *d, size_t l, void *o) { return record_v1_feed(d, l, o); }
static int conv_job(const void *d, size_t l, void *o) { return record_v1_job(d, l, o); }

/* The band index rebuilt from the signatures (schema 2 kept only the seq
 * in a band entry; schema 3 adds the fingerprint, store/dedup.h). A
 * signature stored without its item's cluster gets it from the item. */
static int rebuild_bands(struct store *s, MDB_txn *txn)
{
    int rc = mdb_drop(txn, s->bands, 0);
    MDB_cursor *cur;
    if (rc || (rc = mdb_cursor_open(txn, s->near, &cur)) != 0)
        return rc;
    MDB_val k, v;
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST); r == 0 && !rc; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct record_sig sig;
        if (k.mv_size != 8 || v.mv_size < RECORD_SIG_SIZE || record_sig_unpack(v.mv_data, RECORD_SIG_SIZE, &sig) < 0)
            continue;
        uint64_t seq = record_u64_from_key(k.mv_data, 8);
        if (v.mv_size < RECORD_SIG_SIZE + 8) {
            struct record_item it;
            uint64_t cluster = seq;
            if (record_get(txn, s->items, k.mv_data, 8, &record_item_noun, &it) == 0) {
                cluster = it.cluster ? it.cluster : seq;
                record_item_cleanup(&it);
            }
            unsigned char sv[RECORD_SIG_SIZE + 8];
            memcpy(sv, v.mv_data, RECORD_SIG_SIZE);
            record_u64_key(cluster, sv + RECORD_SIG_SIZE);
            MDB_val nv = {sizeof sv, sv};
            if ((rc = mdb_cursor_put(cur, &k, &nv, MDB_CURRENT)) != 0)
                break;
        }
        unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY], bval[DEDUP_BAND_VALUE];
        dedup_band_keys(&sig, keys);
        dedup_band_value(seq, &sig, bval);
        for (int b = 0; b < DEDUP_BANDS && !rc; b++) {
            MDB_val bk = {DEDUP_BAND_KEY, keys[b]}, bv = {DEDUP_BAND_VALUE, bval};
            rc = mdb_put(txn, s->bands, &bk, &bv, 0);
        }
    }
    mdb_cursor_close(cur);
    return rc;
}

/* Schemas 2 to 4 -> 5: every signature is made again from its item's text
 * (signature version 4 reads words differently, store/dedup.c), keeping
 * the item's cluster, and the band index is rebuilt from them (which also
 * gives schema 2's band entries their fingerprint). An entry whose item
 * is gone or now too short to compare leaves the index. */
static int resign(struct store *s, MDB_txn *txn)
{
    log_info("store %s: migrating to schema %d (near-duplicate signatures made again)", s->path, RECORD_SCHEMA);
    MDB_cursor *cur;
    int rc = mdb_cursor_open(txn, s->near, &cur);
    if (rc)
        return rc;
    MDB_val k, v;
    long n = 0;
    struct dedup_scratch scratch = {0};
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST); r == 0 && !rc; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct record_item it;
        struct record_sig sig;
        if (k.mv_size != 8 || record_get(txn, s->items, k.mv_data, 8, &record_item_noun, &it) != 0) {
            rc = mdb_cursor_del(cur, 0);
            continue;
        }
        uint64_t seq = record_u64_from_key(k.mv_data, 8);
        uint64_t cluster = v.mv_size >= RECORD_SIG_SIZE + 8
                               ? record_u64_from_key((const char *)v.mv_data + RECORD_SIG_SIZE, 8)
                               : (it.cluster ? it.cluster : seq);
        int got = dedup_signature_in(it.text, &sig, &scratch);
        record_item_cleanup(&it);
        if (got < 0) {
            rc = mdb_cursor_del(cur, 0);
            continue;
        }
        unsigned char sv[RECORD_SIG_SIZE + 8];
        record_sig_pack(&sig, sv);
        record_u64_key(cluster, sv + RECORD_SIG_SIZE);
        MDB_val nv = {sizeof sv, sv};
        rc = mdb_cursor_put(cur, &k, &nv, MDB_CURRENT);
        n++;
    }
    dedup_scratch_free(&scratch);
    mdb_cursor_close(cur);
    if (rc)
        return rc;
    log_info("store %s: %ld signatures made again", s->path, n);
    return rebuild_bands(s, txn);
}

/* Schema 3 -> 4: a parked item moves from its item id to its article
 * job's id, and its ids entry names the job. A parked item without a
 * job (none should exist) stays where it was, unreachable as before. */
static int migrate_v3(struct store *s, MDB_txn *txn)
{
    log_info("store %s: migrating to schema %d (parked items keyed by their article job)", s->path, RECORD_SCHEMA);
    MDB_cursor *cur;
    MDB_val k, v;
    int rc = mdb_cursor_open(txn, s->jobs, &cur);
    if (rc)
        return rc;
    long moved = 0;
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST); r == 0 && !rc; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct record_job j;
        if (k.mv_size != 8 || record_unpack(&record_job_noun, &j, v.mv_data, v.mv_size) < 0)
            continue;
        MDB_val ik = {16, j.item}, pv, iv;
        struct record_id ri;
        if (j.kind == NW_KIND_ARTICLE && mdb_get(txn, s->pending, &ik, &pv) == 0 &&
            mdb_get(txn, s->ids, &ik, &iv) == 0 && record_id_unpack(iv.mv_data, iv.mv_size, &ri) == 0 && ri.seq == 0) {
            unsigned char jkb[8];
            memcpy(jkb, k.mv_data, 8);
            ri.job = record_u64_from_key(jkb, 8);
            unsigned char ib[RECORD_ID_SIZE];
            MDB_val jk = {8, jkb}, niv = {record_id_pack(&ri, ib), ib};
            /* the record copied out of the map before the map is written */
            void *copy = nw_malloc(pv.mv_size ? pv.mv_size : 1);
            memcpy(copy, pv.mv_data, pv.mv_size);
            MDB_val cv = {pv.mv_size, copy};
            if ((rc = mdb_put(txn, s->pending, &jk, &cv, 0)) == 0 && (rc = mdb_put(txn, s->ids, &ik, &niv, 0)) == 0)
                rc = mdb_del(txn, s->pending, &ik, NULL);
            free(copy);
            moved++;
        }
        nw_noun_cleanup(&record_job_noun, &j);
    }
    mdb_cursor_close(cur);
    if (!rc && moved)
        log_info("store %s: %ld parked items moved", s->path, moved);
    return rc;
}

/* Schema 1 kept JSON records and a SimHash index; schema 2 binary records,
 * deadline indexes and MinHash signatures. Everything is rebuilt in one
 * transaction: a crash during migration leaves the old store as it was. */
static int migrate_v1(struct store *s, MDB_txn *txn)
{
    int rc;
    log_info("store %s: migrating from schema 1 to %d", s->path, RECORD_SCHEMA);
    if ((rc = migrate_db(txn, s->items, &record_item_noun, conv_item, sizeof(struct record_item), true)) ||
        (rc = migrate_db(txn, s->pending, &record_item_noun, conv_item, sizeof(struct record_item), false)) ||
        (rc = migrate_db(txn, s->feeds, &record_feed_noun, conv_feed, sizeof(struct record_feed), false)) ||
        (rc = migrate_db(txn, s->jobs, &record_job_noun, conv_job, sizeof(struct record_job), false)))
        return rc;
    /* the old near index (3-byte SimHash bands) goes; signatures, bands,
     * deadline and time indexes are built from the records */
    MDB_dbi old;
    if (mdb_dbi_open(txn, "near", 0, &old) == 0)
        mdb_drop(txn, old, 0);
    MDB_cursor *cur;
    MDB_val k, v;
    if ((rc = mdb_cursor_open(txn, s->items, &cur)) != 0)
        return rc;
    uint64_t last_sec = 0;
    struct dedup_scratch scratch = {0};
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST); r == 0; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct record_item it;
        if (record_unpack(&record_item_noun, &it, v.mv_data, v.mv_size) < 0)
            continue;
        struct record_sig sig;
        if (it.dup_of == 0 && dedup_signature_in(it.text, &sig, &scratch) == 0) {
            unsigned char sb[RECORD_SIG_SIZE];
            record_sig_pack(&sig, sb);
            MDB_val sv = {RECORD_SIG_SIZE, sb};
            mdb_put(txn, s->near, &k, &sv, 0); /* bands: rebuild_bands() */
        }
        if ((uint64_t)it.fetched > last_sec) {
            unsigned char tk[8];
            record_u64_key((uint64_t)it.fetched, tk);
            MDB_val tkv = {8, tk}, tv = {8, k.mv_data};
            mdb_put(txn, s->times, &tkv, &tv, MDB_NOOVERWRITE);
            last_sec = (uint64_t)it.fetched;
        }
        record_item_cleanup(&it);
    }
    dedup_scratch_free(&scratch);
    mdb_cursor_close(cur);
    if ((rc = mdb_cursor_open(txn, s->jobs, &cur)) != 0)
        return rc;
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST); r == 0; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        unsigned char lk[16];
        record_deadline_key(0, k.mv_data, 8, lk);
        MDB_val lkv = {16, lk}, e = {0, ""};
        mdb_put(txn, s->leases, &lkv, &e, 0);
    }
    mdb_cursor_close(cur);
    /* feeds: those with no job out are due at their next time */
    if ((rc = mdb_cursor_open(txn, s->feeds, &cur)) != 0)
        return rc;
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST); r == 0; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct record_feed f;
        if (record_unpack(&record_feed_noun, &f, v.mv_data, v.mv_size) < 0)
            continue;
        if (f.job) { /* schema 1 jobs are all issued again: drop the link, make the feed due */
            f.job = 0;
            struct nw_buf b = {0};
            record_pack(&record_feed_noun, &f, &b);
            MDB_val nv = {b.len, b.data};
            mdb_cursor_put(cur, &k, &nv, MDB_CURRENT);
            nw_buf_cleanup(&b);
        }
        unsigned char dk[520];
        if (k.mv_size <= 500) {
            size_t dl = record_deadline_key(f.next_due, k.mv_data, k.mv_size, dk);
            MDB_val dkv = {dl, dk}, e = {0, ""};
            mdb_put(txn, s->due, &dkv, &e, 0);
        }
        nw_noun_cleanup(&record_feed_noun, &f);
    }
    mdb_cursor_close(cur);
    /* feed jobs of schema 1 were linked from their feeds; now feeds are
     * due again, so drop the old feed jobs */
    if ((rc = mdb_cursor_open(txn, s->jobs, &cur)) != 0)
        return rc;
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST); r == 0; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct record_job j;
        if (record_unpack(&record_job_noun, &j, v.mv_data, v.mv_size) == 0 && j.kind == 1) {
            unsigned char lk[16];
            record_deadline_key(0, k.mv_data, 8, lk);
            MDB_val lkv = {16, lk};
            mdb_del(txn, s->leases, &lkv, NULL);
            mdb_cursor_del(cur, 0);
        }
        nw_noun_cleanup(&record_job_noun, &j);
    }
    mdb_cursor_close(cur);
    /* consumer cursors were a bare 8-byte seq: tail --group goes on from
     * where it was */
    if ((rc = mdb_cursor_open(txn, s->cursors, &cur)) != 0)
        return rc;
    struct nw_buf cb = {0};
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST); r == 0 && !rc; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (v.mv_size != 8)
            continue;
        struct record_cursor c = {.seq = record_u64_from_key(v.mv_data, 8), .updated = nw_now_ms() / 1000};
        nw_buf_reset(&cb);
        record_pack(&record_cursor_noun, &c, &cb);
        MDB_val nv = {cb.len, cb.data};
        rc = mdb_cursor_put(cur, &k, &nv, MDB_CURRENT);
    }
    nw_buf_cleanup(&cb);
    mdb_cursor_close(cur);
    if (rc)
        return rc;
    return rebuild_bands(s, txn);
}

/* The stories with a stored record, counted the slow way: ids that point
 * at a record still there (not an item waiting for its page, not an id
 * only seen in a feed's backlog, not one whose record retention took).
 * Kept from then on as the meta counter STORE_META_STORIES (store_counts). */
static uint64_t count_stories(struct store *s, MDB_txn *txn)
{
    MDB_cursor *cur;
    uint64_t n = 0;
    if (mdb_cursor_open(txn, s->ids, &cur) != 0)
        return 0;
    MDB_val k, v;
    for (int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST); r == 0; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct record_id ri;
        if (record_id_unpack(v.mv_data, v.mv_size, &ri) != 0 || ri.seq == 0 || ri.seq == RECORD_SEQ_SEEN)
            continue;
        unsigned char kb[8];
        record_u64_key(ri.seq, kb);
        MDB_val ik = {8, kb}, iv;
        n += mdb_get(txn, s->items, &ik, &iv) == 0;
    }
    mdb_cursor_close(cur);
    return n;
}

int store_open(struct store *s, const char *path, uint64_t map_size, int mode, struct nw_err *err)
{
    bool readonly = mode == STORE_READER, writer = mode == STORE_WRITER;
    memset(s, 0, sizeof *s);
    s->readonly = readonly;
    s->lock_fd = -1;
    s->path = nw_strdup(path);
    s->map_size = map_size;
    int rc;
    MDB_txn *txn = NULL;
    if (writer && mkdir_p(path) < 0) {
        nw_err_set(err, errno, "%s: cannot create store directory: %s", path, strerror(errno));
        goto fail_plain;
    }
    struct stat st;
    if (!writer && (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))) {
        nw_err_set(err, ENOENT, "%s: no store here (has the pipeline run yet?)", path);
        goto fail_plain;
    }
    if (writer && take_lock(s, err) < 0)
        goto fail_plain;
    if ((rc = mdb_env_create(&s->env)) != 0)
        goto fail;
    mdb_env_set_maxdbs(s->env, 16);
    mdb_env_set_maxreaders(s->env, 256);
    /* a reader adopts the writer's map size (0 = as the file says) */
    if ((rc = mdb_env_set_mapsize(s->env, writer ? (size_t)map_size : 0)) != 0)
        goto fail;
    unsigned flags = MDB_NOTLS | (readonly ? MDB_RDONLY : 0);
    if ((rc = mdb_env_open(s->env, path, flags, 0644)) != 0) {
        if (!writer && rc == ENOENT) { /* the writer has made the folder, not the files yet */
            nw_err_set(err, rc, "%s: store not initialised yet", path);
            goto fail_plain;
        }
        goto fail;
    }
    MDB_envinfo info;
    mdb_env_info(s->env, &info);
    s->map_size = info.me_mapsize;
    if ((rc = mdb_txn_begin(s->env, NULL, readonly ? MDB_RDONLY : 0, &txn)) != 0)
        goto fail;
    struct {
        const char *name;
        MDB_dbi *dbi;
        unsigned flags;
    } dbs[] = {
        {"items", &s->items, 0},     {"ids", &s->ids, 0},         {"pending", &s->pending, 0},
        {"feeds", &s->feeds, 0},     {"due", &s->due, 0},         {"jobs", &s->jobs, 0},
        {"leases", &s->leases, 0},   {"sigs", &s->near, 0},       {"bands", &s->bands, MDB_DUPSORT | MDB_DUPFIXED},
        {"times", &s->times, 0},     {"cursors", &s->cursors, 0}, {"meta", &s->meta, 0},
        {"aliases", &s->aliases, 0},
    };
    for (size_t i = 0; i < sizeof dbs / sizeof *dbs; i++) {
        rc = mdb_dbi_open(txn, dbs[i].name, dbs[i].flags | (writer ? MDB_CREATE : 0), dbs[i].dbi);
        if (rc == MDB_NOTFOUND && dbs[i].dbi == &s->aliases)
            continue; /* (added later: only the writer reads it) */
        if (rc != 0) {
            if (rc == MDB_NOTFOUND) {
                nw_err_set(err, rc, "%s: store not initialised yet", path);
                goto fail_plain;
            }
            goto fail;
        }
    }
    uint64_t schema = store_meta_get(s, txn, "schema");
    MDB_stat ist;
    mdb_stat(txn, s->items, &ist);
    MDB_stat fst;
    mdb_stat(txn, s->feeds, &fst);
    if (schema == 0 && (ist.ms_entries || fst.ms_entries))
        schema = 1; /* written before the schema was recorded */
    if (schema > RECORD_SCHEMA) {
        nw_err_set(err, STORE_ERR_SCHEMA, "%s: store written by a newer newswire (schema %llu, this one reads %d)",
                   path, (unsigned long long)schema, RECORD_SCHEMA);
        goto fail_plain;
    }
    if (schema && schema < RECORD_SCHEMA && !writer) {
        nw_err_set(err, STORE_ERR_SCHEMA, "%s: store of an older schema (%llu); run the pipeline once to migrate it",
                   path, (unsigned long long)schema);
        goto fail_plain;
    }
    if (writer && schema == 1 && (rc = migrate_v1(s, txn)) != 0)
        goto fail;
    if (writer && schema >= 1 && schema < 4 && (rc = migrate_v3(s, txn)) != 0)
        goto fail;
    if (writer && schema >= 2 && schema < 5 && (rc = resign(s, txn)) != 0)
        goto fail;
    /* schema 6: the band entries of every item stored so far are in
     * `bands`; the writer keeps those of newer items in memory first
     * (store/bandmem.h) */
    if (writer && schema && schema < 6 && (rc = store_meta_put(s, txn, "bands_through", last_key(txn, s->near))) != 0)
        goto fail;
    if (writer && schema != RECORD_SCHEMA && (rc = store_meta_put(s, txn, "schema", RECORD_SCHEMA)) != 0)
        goto fail;
    /* the count of stories, kept by the writer from here on */
    uint64_t stories;
    if (writer && !store_meta_find(s, txn, STORE_META_STORIES, &stories) &&
        (rc = store_meta_put(s, txn, STORE_META_STORIES, count_stories(s, txn))) != 0)
        goto fail;
    rc = mdb_txn_commit(txn); /* also for readers: an aborted txn closes its dbi handles */
    txn = NULL;
    if (rc)
        goto fail;
    return 0;
fail:
    nw_err_set(err, rc, "%s: cannot open store: %s", path, mdb_strerror(rc));
fail_plain:
    if (txn)
        mdb_txn_abort(txn);
    store_close(s);
    return -1;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    if (s->env)
        mdb_env_close(s->env);
    s->env = NULL;
    if (s->lock_fd >= 0)
        close(s->lock_fd); /* releases the flock */
    s->lock_fd = -1;
    free(s->path);
    s->path = NULL;
}

static int txn_begin(struct store *s, unsigned flags, MDB_txn **txn)
{
    int rc = mdb_txn_begin(s->env, NULL, flags, txn);
    if (rc == MDB_MAP_RESIZED) { /* the writer grew the map */
        mdb_env_set_mapsize(s->env, 0);
        rc = mdb_txn_begin(s->env, NULL, flags, txn);
    }
    return rc;
}

int store_read_begin(struct store *s, MDB_txn **txn) { return txn_begin(s, MDB_RDONLY, txn); }

int store_grow(struct store *s, uint64_t size)
{
    int rc = mdb_env_set_mapsize(s->env, (size_t)size);
    if (rc == 0) {
        MDB_envinfo info;
        mdb_env_info(s->env, &info);
        s->map_size = info.me_mapsize;
    }
    return rc;
}

long store_scan(struct store *s, uint64_t from_seq, size_t max, int (*cb)(const struct record_item *it, void *arg),
                void *arg)
{
    MDB_txn *txn;
    MDB_cursor *cur;
    if (store_read_begin(s, &txn) != 0)
        return -1;
    if (mdb_cursor_open(txn, s->items, &cur) != 0) {
        mdb_txn_abort(txn);
        return -1;
    }
    unsigned char kb[8];
    record_u64_key(from_seq, kb);
    MDB_val k = {8, kb}, v;
    long n = 0;
    int rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
    while (rc == 0 && (max == 0 || (size_t)n < max)) {
        struct record_item it;
        if (record_unpack(&record_item_noun, &it, v.mv_data, v.mv_size) == 0) {
            it.seq = record_u64_from_key(k.mv_data, k.mv_size);
            n++;
            int stop = cb(&it, arg);
            record_item_cleanup(&it);
            if (stop)
                break;
        }
        rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    return n;
}

static uint64_t last_key(MDB_txn *txn, MDB_dbi dbi)
{
    MDB_cursor *cur;
    uint64_t seq = 0;
    if (mdb_cursor_open(txn, dbi, &cur) == 0) {
        MDB_val k, v;
        if (mdb_cursor_get(cur, &k, &v, MDB_LAST) == 0)
            seq = record_u64_from_key(k.mv_data, k.mv_size);
        mdb_cursor_close(cur);
    }
    return seq;
}

uint64_t store_last_seq(struct store *s)
{
    MDB_txn *txn;
    if (store_read_begin(s, &txn) != 0)
        return 0;
    uint64_t seq = last_key(txn, s->items);
    mdb_txn_abort(txn);
    return seq;
}

uint64_t store_seq_since(struct store *s, int64_t t)
{
    MDB_txn *txn;
    if (store_read_begin(s, &txn) != 0)
        return 1;
    uint64_t result = last_key(txn, s->items) + 1;
    MDB_cursor *cur;
    if (mdb_cursor_open(txn, s->times, &cur) == 0) {
        unsigned char kb[8];
        record_u64_key(t < 0 ? 0 : (uint64_t)t, kb);
        MDB_val k = {8, kb}, v;
        if (mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE) == 0)
            result = record_u64_from_key(v.mv_data, v.mv_size);
        mdb_cursor_close(cur);
    }
    mdb_txn_abort(txn);
    return result;
}

int store_counts(struct store *s, struct store_counts *c)
{
    memset(c, 0, sizeof *c);
    MDB_txn *txn;
    if (store_read_begin(s, &txn) != 0)
        return -1;
    MDB_stat st, ds;
    MDB_envinfo info;
    mdb_env_info(s->env, &info);
    mdb_env_stat(s->env, &st);
    c->size_bytes = (info.me_last_pgno + 1) * (uint64_t)st.ms_psize;
    c->map_size = info.me_mapsize;
    if (mdb_stat(txn, s->items, &ds) == 0)
        c->records = ds.ms_entries;
    /* (a store no writer has opened since the count was kept is counted
     * here) */
    uint64_t stories;
    c->items = store_meta_find(s, txn, STORE_META_STORIES, &stories) ? stories : count_stories(s, txn);
    if (mdb_stat(txn, s->pending, &ds) == 0)
        c->pending = ds.ms_entries;
    if (mdb_stat(txn, s->jobs, &ds) == 0)
        c->jobs = ds.ms_entries;
    if (mdb_stat(txn, s->near, &ds) == 0)
        c->clusters_indexed = ds.ms_entries;
    c->last_seq = last_key(txn, s->items);
    mdb_txn_abort(txn);
    return 0;
}

int store_feeds(struct store *s, void (*cb)(const char *url, const struct record_feed *f, void *arg), void *arg)
{
    MDB_txn *txn;
    MDB_cursor *cur;
    if (store_read_begin(s, &txn) != 0)
        return -1;
    if (mdb_cursor_open(txn, s->feeds, &cur) == 0) {
        MDB_val k, v;
        for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
            struct record_feed f;
            if (record_unpack(&record_feed_noun, &f, v.mv_data, v.mv_size) < 0)
                continue;
            char *url = nw_strndup(k.mv_data, k.mv_size);
            cb(url, &f, arg);
            free(url);
            nw_noun_cleanup(&record_feed_noun, &f);
        }
        mdb_cursor_close(cur);
    }
    mdb_txn_abort(txn);
    return 0;
}

int store_cursor_get(struct store *s, const char *group, uint64_t *seq)
{
    MDB_txn *txn;
    *seq = 0;
    if (store_read_begin(s, &txn) != 0)
        return -1;
    struct record_cursor c;
    if (record_get(txn, s->cursors, group, strlen(group), &record_cursor_noun, &c) == 0)
        *seq = c.seq;
    mdb_txn_abort(txn);
    return 0;
}

int store_cursor_set(struct store *s, const char *group, uint64_t seq)
{
    MDB_txn *txn;
    if (s->readonly || txn_begin(s, 0, &txn) != 0)
        return -1;
    struct record_cursor c = {.seq = seq, .updated = nw_now_ms() / 1000};
    if (record_put(txn, s->cursors, group, strlen(group), &record_cursor_noun, &c) != 0) {
        mdb_txn_abort(txn);
        return -1;
    }
    return mdb_txn_commit(txn) == 0 ? 0 : -1;
}

int store_cursor_delete(struct store *s, const char *group)
{
    MDB_txn *txn;
    if (s->readonly || txn_begin(s, 0, &txn) != 0)
        return -1;
    MDB_val k = {strlen(group), (void *)group};
    if (mdb_del(txn, s->cursors, &k, NULL) != 0) {
        mdb_txn_abort(txn);
        return -1;
    }
    return mdb_txn_commit(txn) == 0 ? 0 : -1;
}

int store_cursor_list(struct store *s, void (*cb)(const char *group, const struct record_cursor *c, void *arg),
                      void *arg)
{
    MDB_txn *txn;
    MDB_cursor *cur;
    if (store_read_begin(s, &txn) != 0)
        return -1;
    if (mdb_cursor_open(txn, s->cursors, &cur) == 0) {
        MDB_val k, v;
        for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
            struct record_cursor c;
            if (record_unpack(&record_cursor_noun, &c, v.mv_data, v.mv_size) < 0)
                continue;
            char *g = nw_strndup(k.mv_data, k.mv_size);
            cb(g, &c, arg);
            free(g);
        }
        mdb_cursor_close(cur);
    }
    mdb_txn_abort(txn);
    return 0;
}
