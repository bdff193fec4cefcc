#include "sched.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "../common/jsonx.h"
#include "../common/log.h"
#include "../common/log.h"
#include "../common/msg.h"
#include "record.h"

uint64_t sched_counter_next(struct store *s, MDB_txn *txn, const char *name)
{
    MDB_val k = {strlen(name), (void *)name}, v;
    uint64_t cur = 0;
    if (mdb_get(txn, s->meta, &k, &v) == 0)
        cur = record_u64_from_key(v.mv_data, v.mv_size);
    cur++;
    unsigned char b[8];
    record_u64_key(cur, b);
    v.mv_size = 8;
    v.mv_data = b;
    mdb_put(txn, s->meta, &k, &v, 0);
    return cur;
}

json_t *sched_feed_get(struct store *s, MDB_txn *txn, const char *url)
{
    json_t *o = record_get(txn, s->feeds, url, strlen(url));
    return o ? o : json_object();
}

int sched_feed_put(struct store *s, MDB_txn *txn, const char *url, const json_t *state)
{
    return record_put(txn, s->feeds, url, strlen(url), state);
}

uint64_t sched_job_add(struct store *s, MDB_txn *txn, const json_t *job)
{
    uint64_t id = sched_counter_next(s, txn, "next_job");
    sched_job_put(s, txn, id, job);
    return id;
}

json_t *sched_job_get(struct store *s, MDB_txn *txn, uint64_t id)
{
    unsigned char k[8];
    record_u64_key(id, k);
    return record_get(txn, s->jobs, k, 8);
}

int sched_job_put(struct store *s, MDB_txn *txn, uint64_t id, const json_t *job)
{
    unsigned char k[8];
    record_u64_key(id, k);
    return record_put(txn, s->jobs, k, 8, job);
}

int sched_job_del(struct store *s, MDB_txn *txn, uint64_t id)
{
    unsigned char kb[8];
    record_u64_key(id, kb);
    return record_del(txn, s->jobs, kb, 8);
}

int64_t sched_next_due(int64_t now_ms, int64_t interval_ms, int failures, int64_t retry_after_ms)
{
    int64_t wait = interval_ms;
    for (int i = 0; i < failures && wait < 4 * interval_ms; i++)
        wait *= 2;
    if (wait > 4 * interval_ms)
        wait = 4 * interval_ms;
    if (retry_after_ms > wait)
        wait = retry_after_ms;
    return now_ms + wait;
}

int sched_due_feeds(struct store *s, MDB_txn *txn, const struct nw_feed_conf *feeds, size_t nfeeds, int64_t now_ms)
{
    int created = 0;
    for (size_t i = 0; i < nfeeds; i++) {
        json_t *st = sched_feed_get(s, txn, feeds[i].url);
        int64_t due = nw_json_int(st, "next_due", 0);
        int64_t job = nw_json_int(st, "job", 0);
        if (job) {
            /* a job for this feed is out; make sure it still exists */
            json_t *j = sched_job_get(s, txn, (uint64_t)job);
            if (j) {
                json_decref(j);
                json_decref(st);
                continue;
            }
        }
        if (due > now_ms) {
            json_decref(st);
            continue;
        }
        json_t *jb = json_object();
        json_object_set_new(jb, "kind", json_string("feed"));
        /* a feed found by autodiscovery is fetched in place of the page */
        const char *fetch = nw_json_str(st, "fetch_url");
        nw_json_set_str(jb, "url", fetch ? fetch : feeds[i].url);
        nw_json_set_str(jb, "feed", feeds[i].url);
        nw_json_set_str(jb, "name", feeds[i].name);
        if (nw_json_str(st, "etag"))
            json_object_set(jb, "etag", json_object_get(st, "etag"));
        if (nw_json_str(st, "last_modified"))
            json_object_set(jb, "last_modified", json_object_get(st, "last_modified"));
        json_object_set_new(jb, "lease_until", json_integer(0));
        json_object_set_new(jb, "attempts", json_integer(0));
        uint64_t id = sched_job_add(s, txn, jb);
        json_object_set_new(st, "job", json_integer((json_int_t)id));
        json_object_set_new(st, "interval_ms", json_integer(feeds[i].interval_ms));
        nw_json_set_str(st, "name", feeds[i].name);
        /* provisional: the result sets the real next time */
        json_object_set_new(st, "next_due", json_integer(now_ms + feeds[i].interval_ms));
        sched_feed_put(s, txn, feeds[i].url, st);
        json_decref(jb);
        json_decref(st);
        created++;
    }
    return created;
}

int sched_issue(struct store *s, MDB_txn *txn, void *sock, int64_t now_ms, int64_t lease_ms, int max_attempts,
                json_t **expired, unsigned long *pending)
{
    MDB_cursor *cur;
    int sent = 0;
    bool full = false;
    *expired = json_array();
    *pending = 0;
    if (mdb_cursor_open(txn, s->jobs, &cur) != 0)
        return 0;
    json_t *updates = json_array();
    MDB_val k, v;
    int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    while (rc == 0) {
        (*pending)++;
        uint64_t id = record_u64_from_key(k.mv_data, k.mv_size);
        json_t *job = record_unpack(v.mv_data, v.mv_size);
        if (!job) {
            rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
            continue;
        }
        int64_t lease = nw_json_int(job, "lease_until", 0);
        int64_t attempts = nw_json_int(job, "attempts", 0);
        const char *kind = nw_json_str(job, "kind");
        bool article = kind && !strcmp(kind, "article");
        if (lease <= now_ms && !full) {
            if (article && attempts >= max_attempts) {
                json_t *e = json_object();
                json_object_set_new(e, "id", json_integer((json_int_t)id));
                json_object_set(e, "job", job);
                json_array_append_new(*expired, e);
            } else {
                json_t *msg = json_deep_copy(job);
                json_object_set_new(msg, "job", json_integer((json_int_t)id));
                json_object_del(msg, "lease_until");
                json_object_del(msg, "attempts");
                json_object_del(msg, "item");
                if (nw_msg_send(sock, NW_MSG_JOB, msg, NULL, 0, ZMQ_DONTWAIT) == 0) {
                    json_object_set_new(job, "lease_until", json_integer(now_ms + lease_ms));
                    json_object_set_new(job, "attempts", json_integer(attempts + 1));
                    /* written back after the walk: replacing values under
                     * an open cursor is not safe when their size changes */
                    json_t *u = json_object();
                    json_object_set_new(u, "id", json_integer((json_int_t)id));
                    json_object_set(u, "job", job);
                    json_array_append_new(updates, u);
                    sent++;
                    if (attempts > 0)
                        log_info("job %llu (%s %s): lease expired, issued again", (unsigned long long)id,
                                 kind ? kind : "?", nw_json_str(job, "url") ? nw_json_str(job, "url") : "?");
                } else if (errno == EAGAIN) {
                    full = true; /* backpressure: the fetchers are busy */
                }
                json_decref(msg);
            }
        }
        json_decref(job);
        rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cur);
    size_t i;
    json_t *u;
    json_array_foreach(updates, i, u)
        sched_job_put(s, txn, (uint64_t)nw_json_int(u, "id", 0), json_object_get(u, "job"));
    json_decref(updates);
    return sent;
}
