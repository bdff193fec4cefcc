/* LMDB environment and the read side of the store. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/jsonx.h"
#include "../common/mem.h"
#include "../common/nwtime.h"
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

int store_open(struct store *s, const char *path, uint64_t map_size, bool readonly, struct nw_err *err)
{
    memset(s, 0, sizeof *s);
    s->readonly = readonly;
    int rc;
    if (!readonly && mkdir_p(path) < 0) {
        nw_err_set(err, errno, "%s: cannot create store directory: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (readonly && (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))) {
        nw_err_set(err, ENOENT, "%s: no store here (has the pipeline run yet?)", path);
        return -1;
    }
    if ((rc = mdb_env_create(&s->env)) != 0)
        goto fail;
    mdb_env_set_maxdbs(s->env, 16);
    mdb_env_set_maxreaders(s->env, 256);
    if ((rc = mdb_env_set_mapsize(s->env, (size_t)map_size)) != 0)
        goto fail;
    unsigned flags = MDB_NOTLS | (readonly ? MDB_RDONLY : 0);
    if ((rc = mdb_env_open(s->env, path, flags, 0644)) != 0) {
        if (readonly && rc == ENOENT) { /* the writer has made the folder, not the files yet */
            nw_err_set(err, rc, "%s: store not initialised yet", path);
            mdb_env_close(s->env);
            s->env = NULL;
            return -1;
        }
        goto fail;
    }
    MDB_txn *txn;
    if ((rc = mdb_txn_begin(s->env, NULL, readonly ? MDB_RDONLY : 0, &txn)) != 0)
        goto fail;
    struct {
        const char *name;
        MDB_dbi *dbi;
        unsigned flags;
    } dbs[] = {
        {"items", &s->items, 0},   {"ids", &s->ids, 0},         {"pending", &s->pending, 0},
        {"near", &s->near, MDB_DUPSORT | MDB_DUPFIXED}, {"feeds", &s->feeds, 0}, {"jobs", &s->jobs, 0},
        {"cursors", &s->cursors, 0}, {"meta", &s->meta, 0},
    };
    for (size_t i = 0; i < sizeof dbs / sizeof *dbs; i++) {
        rc = mdb_dbi_open(txn, dbs[i].name, dbs[i].flags | (readonly ? 0 : MDB_CREATE), dbs[i].dbi);
        if (rc != 0) {
            mdb_txn_abort(txn);
            if (rc == MDB_NOTFOUND) {
                nw_err_set(err, rc, "%s: store not initialised yet", path);
                mdb_env_close(s->env);
                s->env = NULL;
                return -1;
            }
            goto fail;
        }
    }
    if ((rc = mdb_txn_commit(txn)) != 0)
        goto fail;
    return 0;
fail:
    nw_err_set(err, rc, "%s: cannot open store: %s", path, mdb_strerror(rc));
    if (s->env)
        mdb_env_close(s->env);
    s->env = NULL;
    return -1;
}

void store_close(struct store *s)
{
    if (s && s->env) {
        mdb_env_close(s->env);
        s->env = NULL;
    }
}

long store_scan(struct store *s, uint64_t from_seq, size_t max, int (*cb)(json_t *item, void *arg), void *arg)
{
    MDB_txn *txn;
    MDB_cursor *cur;
    if (mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn) != 0)
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
        json_t *item = record_unpack(v.mv_data, v.mv_size);
        uint64_t seq = record_u64_from_key(k.mv_data, k.mv_size);
        if (item) {
            json_t *out = json_object();
            json_object_set_new(out, "seq", json_integer((json_int_t)seq));
            json_object_update(out, item);
            json_decref(item);
            n++;
            int stop = cb(out, arg);
            json_decref(out);
            if (stop)
                break;
        }
        rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cur);
    mdb_txn_abort(txn);
    return n;
}

uint64_t store_last_seq(struct store *s)
{
    MDB_txn *txn;
    MDB_cursor *cur;
    uint64_t seq = 0;
    if (mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn) != 0)
        return 0;
    if (mdb_cursor_open(txn, s->items, &cur) == 0) {
        MDB_val k, v;
        if (mdb_cursor_get(cur, &k, &v, MDB_LAST) == 0)
            seq = record_u64_from_key(k.mv_data, k.mv_size);
        mdb_cursor_close(cur);
    }
    mdb_txn_abort(txn);
    return seq;
}

uint64_t store_seq_since(struct store *s, int64_t t)
{
    MDB_txn *txn;
    MDB_cursor *cur;
    uint64_t result = store_last_seq(s) + 1;
    char tb[21];
    nw_time_format(t, tb);
    if (mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn) != 0)
        return result;
    if (mdb_cursor_open(txn, s->items, &cur) == 0) {
        MDB_val k, v;
        /* items are in commit order, so walk back while fetched >= t */
        int rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
        while (rc == 0) {
            json_t *item = record_unpack(v.mv_data, v.mv_size);
            const char *f = item ? nw_json_str(item, "fetched") : NULL;
            bool after = f && strcmp(f, tb) >= 0;
            json_decref(item);
            if (!after)
                break;
            result = record_u64_from_key(k.mv_data, k.mv_size);
            rc = mdb_cursor_get(cur, &k, &v, MDB_PREV);
        }
        mdb_cursor_close(cur);
    }
    mdb_txn_abort(txn);
    return result;
}

json_t *store_status(struct store *s)
{
    MDB_txn *txn;
    json_t *o = json_object();
    if (mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn) != 0)
        return o;
    MDB_stat st;
    MDB_envinfo info;
    mdb_env_info(s->env, &info);
    mdb_env_stat(s->env, &st);
    json_object_set_new(o, "size_bytes", json_integer((json_int_t)((info.me_last_pgno + 1) * (uint64_t)st.ms_psize)));
    json_object_set_new(o, "map_size", json_integer((json_int_t)info.me_mapsize));
    struct {
        const char *name;
        MDB_dbi dbi;
    } counts[] = {{"records", s->items}, {"items", s->ids}, {"pending_articles", s->pending}, {"jobs", s->jobs}};
    for (size_t i = 0; i < 4; i++) {
        MDB_stat ds;
        if (mdb_stat(txn, counts[i].dbi, &ds) == 0)
            json_object_set_new(o, counts[i].name, json_integer((json_int_t)ds.ms_entries));
    }
    json_object_set_new(o, "last_seq", json_integer(0));
    MDB_cursor *cur;
    if (mdb_cursor_open(txn, s->items, &cur) == 0) {
        MDB_val k, v;
        if (mdb_cursor_get(cur, &k, &v, MDB_LAST) == 0)
            json_object_set_new(o, "last_seq", json_integer((json_int_t)record_u64_from_key(k.mv_data, k.mv_size)));
        mdb_cursor_close(cur);
    }
    json_t *feeds = json_array();
    if (mdb_cursor_open(txn, s->feeds, &cur) == 0) {
        MDB_val k, v;
        int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
        while (rc == 0) {
            json_t *f = record_unpack(v.mv_data, v.mv_size);
            if (f) {
                json_t *row = json_object();
                json_object_set_new(row, "url", json_stringn(k.mv_data, k.mv_size));
                json_object_update(row, f);
                json_array_append_new(feeds, row);
                json_decref(f);
            }
            rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
        }
        mdb_cursor_close(cur);
    }
    json_object_set_new(o, "feeds", feeds);
    mdb_txn_abort(txn);
    return o;
}

int store_cursor_get(struct store *s, const char *group, uint64_t *seq)
{
    MDB_txn *txn;
    *seq = 0;
    if (mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txn) != 0)
        return -1;
    MDB_val k = {strlen(group), (void *)group}, v;
    if (mdb_get(txn, s->cursors, &k, &v) == 0)
        *seq = record_u64_from_key(v.mv_data, v.mv_size);
    mdb_txn_abort(txn);
    return 0;
}

int store_cursor_set(struct store *s, const char *group, uint64_t seq)
{
    MDB_txn *txn;
    if (s->readonly || mdb_txn_begin(s->env, NULL, 0, &txn) != 0)
        return -1;
    unsigned char b[8];
    record_u64_key(seq, b);
    MDB_val k = {strlen(group), (void *)group}, v = {8, b};
    if (mdb_put(txn, s->cursors, &k, &v, 0) != 0) {
        mdb_txn_abort(txn);
        return -1;
    }
    return mdb_txn_commit(txn) == 0 ? 0 : -1;
}
