/* The store stage: the scheduler and the one writer. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zmq.h>

#include "../common/jsonx.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../common/msg.h"
#include "../common/nwtime.h"
#include "../common/url.h"
#include "../common/zsock.h"
#include "dedup.h"
#include "record.h"
#include "sched.h"
#include "store.h"

#define NEAR_BANDS 4
#define NEAR_MAX_DISTANCE 3
#define NEAR_MAX_CANDIDATES 64

struct writer {
    struct store *s;
    const struct nw_conf *conf;
    MDB_txn *txn;
    void *jobs;     /* PUSH: JOBs out */
    uint64_t *new_seqs;
    size_t nnew, capnew;
    struct nw_feed_conf *feeds;
    size_t nfeeds;
};

static void note_new(struct writer *w, uint64_t seq)
{
    if (w->nnew == w->capnew)
        w->new_seqs = nw_realloc(w->new_seqs, (w->capnew = w->capnew ? w->capnew * 2 : 64) * sizeof *w->new_seqs);
    w->new_seqs[w->nnew++] = seq;
}

/* Finds the nearest earlier item by SimHash; fills cluster and dup_of. */
static void near_dups(struct writer *w, uint64_t seq, uint64_t sh, const unsigned char id[16], json_t *rec)
{
    json_object_set_new(rec, "cluster", json_integer((json_int_t)seq));
    json_object_set_new(rec, "dup_of", json_null());
    if (!sh)
        return;
    MDB_cursor *cur;
    if (mdb_cursor_open(w->txn, w->s->near, &cur) != 0)
        return;
    uint64_t best_seq = 0;
    int best_d = NEAR_MAX_DISTANCE + 1;
    for (int b = 0; b < NEAR_BANDS; b++) {
        unsigned char key[3] = {(unsigned char)b, (unsigned char)(sh >> (16 * b + 8)), (unsigned char)(sh >> (16 * b))};
        MDB_val k = {3, key}, v;
        int rc = mdb_cursor_get(cur, &k, &v, MDB_SET_KEY);
        int seen = 0;
        if (rc == 0)
            rc = mdb_cursor_get(cur, &k, &v, MDB_LAST_DUP);
        while (rc == 0 && seen++ < NEAR_MAX_CANDIDATES) {
            if (v.mv_size == 32) {
                const unsigned char *p = v.mv_data;
                uint64_t cs = record_u64_from_key(p, 8), ch = record_u64_from_key(p + 8, 8);
                int d = dedup_distance(sh, ch);
                if (memcmp(p + 16, id, 16) != 0 && (d < best_d || (d == best_d && cs > best_seq))) {
                    best_d = d;
                    best_seq = cs;
                }
            }
            rc = mdb_cursor_get(cur, &k, &v, MDB_PREV_DUP);
        }
    }
    if (best_seq) {
        unsigned char kb[8];
        record_u64_key(best_seq, kb);
        MDB_val k = {8, kb}, v;
        if (mdb_get(w->txn, w->s->items, &k, &v) == 0) {
            json_t *other = record_unpack(v.mv_data, v.mv_size);
            json_int_t cl = other ? (json_int_t)nw_json_int(other, "cluster", (int64_t)best_seq) : (json_int_t)best_seq;
            json_object_set_new(rec, "cluster", json_integer(cl));
            json_object_set_new(rec, "dup_of", json_integer((json_int_t)best_seq));
            json_decref(other);
        }
    }
    for (int b = 0; b < NEAR_BANDS; b++) {
        unsigned char key[3] = {(unsigned char)b, (unsigned char)(sh >> (16 * b + 8)), (unsigned char)(sh >> (16 * b))};
        unsigned char val[32];
        record_u64_key(seq, val);
        record_u64_key(sh, val + 8);
        memcpy(val + 16, id, 16);
        MDB_val k = {3, key}, v = {32, val};
        mdb_cursor_put(cur, &k, &v, 0);
    }
    mdb_cursor_close(cur);
}

/* Gives the record its seq, stores it, and points its id at it. */
static uint64_t commit_item(struct writer *w, const unsigned char id[16], json_t *rec, uint64_t content_hash,
                            uint32_t rev, const json_t *prev)
{
    uint64_t seq = sched_counter_next(w->s, w->txn, "next_seq");
    char tb[21];
    nw_json_set_str(rec, "fetched", nw_time_format(nw_now_ms() / 1000, tb));
    json_object_set_new(rec, "rev", json_integer(rev));
    const char *text = nw_json_str(rec, "text");
    size_t words = (size_t)nw_json_int(rec, "word_count", 0);
    json_object_set_new(rec, "reading_time_min",
                        json_integer(words ? (json_int_t)fmax(1.0, round((double)words / 230.0)) : 0));
    if (prev) {
        json_object_set(rec, "cluster", json_object_get(prev, "cluster"));
        json_object_set(rec, "dup_of", json_object_get(prev, "dup_of"));
    } else {
        near_dups(w, seq, dedup_simhash(text), id, rec);
    }
    size_t len;
    void *data = record_pack(rec, &len);
    unsigned char kb[8];
    record_u64_key(seq, kb);
    MDB_val k = {8, kb}, v = {len, data};
    mdb_put(w->txn, w->s->items, &k, &v, MDB_APPEND);
    free(data);
    struct record_id ri = {.seq = seq, .content_hash = content_hash, .rev = rev};
    unsigned char ib[RECORD_ID_SIZE];
    record_id_pack(&ri, ib);
    MDB_val ik = {16, (void *)id}, iv = {RECORD_ID_SIZE, ib};
    mdb_put(w->txn, w->s->ids, &ik, &iv, 0);
    note_new(w, seq);
    return seq;
}

/* The stored form of a feed item (DESIGN §5 without seq). */
static json_t *item_record(const json_t *it, const char *hex, const char *feed_url, const char *source,
                           const char *feed_lang, const char *key)
{
    json_t *r = json_object();
    nw_json_set_str(r, "id", hex);
    nw_json_set_str(r, "feed", feed_url);
    nw_json_set_str(r, "source", source);
    nw_json_set_str(r, "url", nw_url_is_http(key) ? key : nw_json_str(it, "url"));
    static const char *const copied[] = {"guid", "title", "author", "published", "updated", "summary", "text"};
    for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
        json_t *v = json_object_get(it, copied[i]);
        json_object_set(r, copied[i], v ? v : json_null());
    }
    char *lang = nw_lang_primary(nw_json_str(it, "lang") ? nw_json_str(it, "lang") : feed_lang);
    nw_json_set_str(r, "lang", lang);
    free(lang);
    json_object_set_new(r, "word_count", json_integer(nw_json_int(it, "word_count", 0)));
    static const char *const lists[] = {"categories", "agencies", "enclosures"};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        json_t *v = json_object_get(it, lists[i]);
        json_object_set_new(r, lists[i], json_is_array(v) ? json_incref(v) : json_array());
    }
    return r;
}

/* Stores one feed item: new, changed (new revision), or nothing. */
static void store_feed_item(struct writer *w, const json_t *it, const char *feed_url, const char *source,
                            const char *feed_lang, bool guard)
{
    char *key = dedup_key(it, feed_url);
    unsigned char id[16];
    char hex[33];
    dedup_id(key, id, hex);
    uint64_t ch = dedup_content_hash(it);
    MDB_val k = {16, id}, v;
    struct record_id ri = {0};
    bool known = mdb_get(w->txn, w->s->ids, &k, &v) == 0 && record_id_unpack(v.mv_data, v.mv_size, &ri) == 0;
    json_t *prev = NULL;
    if (known) {
        if (ri.seq == 0 || ri.content_hash == ch)
            goto out; /* waiting for its article, or unchanged */
        unsigned char kb[8];
        record_u64_key(ri.seq, kb);
        prev = record_get(w->txn, w->s->items, kb, 8);
        if (prev && nw_json_str(prev, "feed") && strcmp(nw_json_str(prev, "feed"), feed_url))
            goto out; /* the same story listed by another feed: one item */
    }
    json_t *rec = item_record(it, hex, feed_url, source, feed_lang, key);
    if (prev) {
        /* a changed item keeps what its article gave, unless the feed now
         * carries the full text itself */
        if (nw_json_bool(it, "needs_article", false)) {
            static const char *const kept[] = {"text", "word_count", "lang", "agencies", "author"};
            for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
                if (json_object_get(prev, kept[i]))
                    json_object_set(rec, kept[i], json_object_get(prev, kept[i]));
        }
        commit_item(w, id, rec, ch, ri.rev + 1, prev);
        json_decref(rec);
        goto out;
    }
    const char *url = nw_json_str(rec, "url");
    if (nw_json_bool(it, "needs_article", false) && url && nw_url_is_http(url)) {
        /* park the item until its article is in */
        record_put(w->txn, w->s->pending, id, 16, rec);
        struct record_id pr = {.seq = 0, .content_hash = ch, .rev = 0};
        unsigned char ib[RECORD_ID_SIZE];
        record_id_pack(&pr, ib);
        MDB_val iv = {RECORD_ID_SIZE, ib};
        mdb_put(w->txn, w->s->ids, &k, &iv, 0);
        json_t *job = json_object();
        json_object_set_new(job, "kind", json_string("article"));
        nw_json_set_str(job, "url", url);
        nw_json_set_str(job, "feed", feed_url);
        nw_json_set_str(job, "item", hex);
        json_object_set_new(job, "guard", json_boolean(guard));
        json_object_set_new(job, "lease_until", json_integer(0));
        json_object_set_new(job, "attempts", json_integer(0));
        sched_job_add(w->s, w->txn, job);
        json_decref(job);
        json_decref(rec);
        goto out;
    }
    commit_item(w, id, rec, ch, 1, NULL);
    json_decref(rec);
out:
    json_decref(prev);
    free(key);
}

static int hex_to_id(const char *hex, unsigned char id[16])
{
    if (!hex || strlen(hex) != 32)
        return -1;
    for (int i = 0; i < 16; i++) {
        unsigned x;
        if (sscanf(hex + 2 * i, "%2x", &x) != 1)
            return -1;
        id[i] = (unsigned char)x;
    }
    return 0;
}

/* Completes a parked item with its article (or with what it has, when
 * `article` is NULL) and commits it. */
static void complete_item(struct writer *w, const char *hex, const json_t *article)
{
    unsigned char id[16];
    if (hex_to_id(hex, id) < 0)
        return;
    json_t *rec = record_get(w->txn, w->s->pending, id, 16);
    if (!rec)
        return; /* already completed: a result that came twice */
    if (article) {
        const char *text = nw_json_str(article, "text");
        if (text && *text) {
            nw_json_set_str(rec, "text", text);
            json_object_set(rec, "word_count", json_object_get(article, "word_count"));
        }
        if (nw_json_str(article, "lang")) {
            json_object_set(rec, "lang", json_object_get(article, "lang"));
        }
        if (!nw_json_str(rec, "author") && nw_json_str(article, "author"))
            json_object_set(rec, "author", json_object_get(article, "author"));
        if (!nw_json_str(rec, "published") && nw_json_str(article, "published"))
            json_object_set(rec, "published", json_object_get(article, "published"));
        if (nw_json_str(article, "updated") && !nw_json_str(rec, "updated"))
            json_object_set(rec, "updated", json_object_get(article, "updated"));
        if (nw_json_str(article, "site_name"))
            json_object_set(rec, "source", json_object_get(article, "site_name"));
        /* agencies from the article and from the feed's byline */
        json_t *ag = json_object_get(rec, "agencies");
        json_t *merged = json_is_array(ag) ? json_deep_copy(ag) : json_array();
        size_t i, j;
        json_t *a, *b;
        json_array_foreach(json_object_get(article, "agencies"), i, a)
        {
            bool have = false;
            json_array_foreach(merged, j, b) have |= json_equal(a, b);
            if (!have)
                json_array_append(merged, a);
        }
        json_object_set_new(rec, "agencies", merged);
    }
    uint64_t ch = 0; /* the parked item's content hash is in ids */
    MDB_val k = {16, id}, v;
    struct record_id ri;
    if (mdb_get(w->txn, w->s->ids, &k, &v) == 0 && record_id_unpack(v.mv_data, v.mv_size, &ri) == 0)
        ch = ri.content_hash;
    commit_item(w, id, rec, ch, 1, NULL);
    record_del(w->txn, w->s->pending, id, 16);
    json_decref(rec);
}

/* A standalone page (replayed HTML not asked for by any feed item). */
static void store_page(struct writer *w, const json_t *res)
{
    const json_t *a = json_object_get(res, "article");
    const char *url = nw_json_str(a, "url") ? nw_json_str(a, "url") : nw_json_str(res, "url");
    if (!url)
        return;
    json_t *it = json_object();
    nw_json_set_str(it, "url", url);
    json_object_set(it, "title", json_object_get(a, "title"));
    json_object_set(it, "author", json_object_get(a, "author"));
    json_object_set(it, "published", json_object_get(a, "published"));
    json_object_set(it, "updated", json_object_get(a, "updated"));
    json_object_set(it, "summary", json_object_get(a, "description"));
    json_object_set(it, "text", json_object_get(a, "text"));
    json_object_set(it, "content", json_object_get(a, "text"));
    json_object_set(it, "lang", json_object_get(a, "lang"));
    json_object_set(it, "word_count", json_object_get(a, "word_count"));
    json_object_set(it, "agencies", json_object_get(a, "agencies"));
    store_feed_item(w, it, nw_json_str(res, "feed") ? nw_json_str(res, "feed") : "", nw_json_str(a, "site_name"), NULL,
                    false);
    json_decref(it);
}

static const struct nw_feed_conf *feed_conf(struct writer *w, const char *url)
{
    for (size_t i = 0; i < w->nfeeds; i++)
        if (!strcmp(w->feeds[i].url, url))
            return &w->feeds[i];
    return NULL;
}

static void handle_feed_result(struct writer *w, const json_t *res, uint64_t jid, json_t *job, int64_t now)
{
    const char *feed_url = nw_json_str(res, "feed") ? nw_json_str(res, "feed") : nw_json_str(res, "url");
    if (!feed_url)
        return;
    const char *error = nw_json_str(res, "error");
    json_t *st = sched_feed_get(w->s, w->txn, feed_url);
    const struct nw_feed_conf *fc = feed_conf(w, feed_url);
    int64_t interval = fc ? fc->interval_ms : nw_json_int(st, "interval_ms", 15 * 60 * 1000);
    if (job && nw_json_int(st, "job", 0) == (int64_t)jid)
        json_object_set_new(st, "job", json_integer(0));
    json_object_set_new(st, "last_attempt", json_integer(now));
    const json_t *found = json_object_get(res, "discovered");
    if (error && job && json_array_size(found) && nw_json_str(json_array_get(found, 0), "url") &&
        !nw_json_str(st, "fetch_url")) {
        /* the configured address is a web page announcing its feed:
         * fetch the feed from now on (autodiscovery) */
        const char *u = nw_json_str(json_array_get(found, 0), "url");
        log_info("feed %s: a web page; using the feed it announces, %s", feed_url, u);
        nw_json_set_str(st, "fetch_url", u);
        json_object_set_new(st, "next_due", json_integer(now));
    } else if (error) {
        int failures = (int)nw_json_int(st, "failures", 0) + 1;
        json_object_set_new(st, "failures", json_integer(failures));
        nw_json_set_str(st, "last_error", error);
        if (job)
            json_object_set_new(st, "next_due", json_integer(sched_next_due(now, interval, failures,
                                                                             nw_json_int(res, "retry_after_ms", 0))));
        log_warn("feed %s: %s (failure %d in a row)", feed_url, error, failures);
    } else {
        const json_t *fm = json_object_get(res, "feed_meta");
        const char *source = nw_json_str(fm, "title") ? nw_json_str(fm, "title") : nw_json_str(st, "title");
        const char *lang = nw_json_str(fm, "language");
        bool priv = nw_json_bool(res, "private", nw_json_bool(st, "private", false));
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(res, "items"), i, it) store_feed_item(w, it, feed_url, source, lang, !priv);
        if (job) { /* validators advance with the items, in this transaction */
            if (nw_json_str(res, "etag"))
                json_object_set(st, "etag", json_object_get(res, "etag"));
            if (nw_json_str(res, "last_modified"))
                json_object_set(st, "last_modified", json_object_get(res, "last_modified"));
            json_object_set_new(st, "next_due", json_integer(sched_next_due(now, interval, 0,
                                                                             nw_json_int(res, "retry_after_ms", 0))));
        }
        if (source)
            nw_json_set_str(st, "title", source);
        json_object_set_new(st, "private", json_boolean(priv));
        json_object_set_new(st, "failures", json_integer(0));
        json_object_del(st, "last_error");
        json_object_set_new(st, "last_ok", json_integer(now));
        json_object_set_new(st, "last_status", json_integer(nw_json_int(res, "status", 200)));
        json_object_set_new(st, "items_seen", json_integer((json_int_t)json_array_size(json_object_get(res, "items"))));
    }
    sched_feed_put(w->s, w->txn, feed_url, st);
    json_decref(st);
    if (job)
        sched_job_del(w->s, w->txn, jid);
}

static void handle_result(struct writer *w, const json_t *res)
{
    int64_t now = nw_now_ms();
    uint64_t jid = (uint64_t)nw_json_int(res, "job", 0);
    json_t *job = jid ? sched_job_get(w->s, w->txn, jid) : NULL;
    if (jid && !job)
        log_debug("store: result for job %llu, which is no longer pending", (unsigned long long)jid);
    const char *kind = nw_json_str(res, "kind");
    if (kind && !strcmp(kind, "article")) {
        const char *hex = job ? nw_json_str(job, "item") : nw_json_str(res, "item");
        const char *error = nw_json_str(res, "error");
        if (!hex) {
            if (!error && !jid)
                store_page(w, res);
        } else if (error) {
            int64_t attempts = job ? nw_json_int(job, "attempts", 1) : w->conf->store.max_attempts;
            log_warn("article %s: %s (attempt %lld of %d)", nw_json_str(res, "url") ? nw_json_str(res, "url") : "?",
                     error, (long long)attempts, w->conf->store.max_attempts);
            if (attempts >= w->conf->store.max_attempts || nw_json_bool(res, "permanent", false)) {
                complete_item(w, hex, NULL);
                if (job)
                    sched_job_del(w->s, w->txn, jid);
            } else if (job) {
                /* try again after a pause that grows with the attempts */
                json_object_set_new(job, "lease_until", json_integer(now + 2000 * attempts));
                sched_job_put(w->s, w->txn, jid, job);
            }
        } else {
            complete_item(w, hex, json_object_get(res, "article"));
            if (job)
                sched_job_del(w->s, w->txn, jid);
        }
    } else {
        handle_feed_result(w, res, jid, job, now);
    }
    json_decref(job);
}

static int begin(struct writer *w)
{
    if (w->txn)
        return 0;
    int rc = mdb_txn_begin(w->s->env, NULL, 0, &w->txn);
    if (rc) {
        log_error("store: cannot begin a transaction: %s", mdb_strerror(rc));
        w->txn = NULL;
        return -1;
    }
    return 0;
}

/* Commits and then publishes the new items. */
static void commit(struct writer *w, void *events)
{
    if (!w->txn)
        return;
    int rc = mdb_txn_commit(w->txn);
    w->txn = NULL;
    if (rc) {
        log_error("store: commit failed: %s (the batch will be redone when its jobs are issued again)",
                  mdb_strerror(rc));
        w->nnew = 0;
        return;
    }
    for (size_t i = 0; i < w->nnew; i++) {
        json_t *ev = json_object();
        json_object_set_new(ev, "seq", json_integer((json_int_t)w->new_seqs[i]));
        nw_msg_send(events, NW_MSG_EVENT, ev, NULL, 0, ZMQ_DONTWAIT);
        json_decref(ev);
    }
    if (w->nnew)
        log_debug("store: committed %zu new items", w->nnew);
    w->nnew = 0;
}

static void copy_feeds(struct writer *w, const struct nw_feed_conf *f, size_t n)
{
    for (size_t i = 0; i < w->nfeeds; i++) {
        free(w->feeds[i].name);
        free(w->feeds[i].url);
    }
    free(w->feeds);
    w->feeds = n ? nw_calloc(n, sizeof *w->feeds) : NULL;
    w->nfeeds = n;
    for (size_t i = 0; i < n; i++) {
        w->feeds[i].name = nw_strdup(f[i].name);
        w->feeds[i].url = nw_strdup(f[i].url);
        w->feeds[i].interval_ms = f[i].interval_ms;
    }
}

static void tick(struct writer *w, const struct store_stage_opts *opts, void *events, int64_t now)
{
    if (begin(w) < 0)
        return;
    if (opts->schedule_feeds)
        sched_due_feeds(w->s, w->txn, w->feeds, w->nfeeds, now);
    json_t *expired = NULL;
    unsigned long pending = 0;
    sched_issue(w->s, w->txn, w->jobs, now, w->conf->store.lease_ms, w->conf->store.max_attempts, &expired, &pending);
    size_t i;
    json_t *e;
    json_array_foreach(expired, i, e)
    {
        const json_t *job = json_object_get(e, "job");
        log_warn("article %s: no answer after %d attempts; item stored without it",
                 nw_json_str(job, "url") ? nw_json_str(job, "url") : "?", w->conf->store.max_attempts);
        if (nw_json_str(job, "item"))
            complete_item(w, nw_json_str(job, "item"), NULL);
        sched_job_del(w->s, w->txn, (uint64_t)nw_json_int(e, "id", 0));
        pending--;
    }
    json_decref(expired);
    commit(w, events);
    if (opts->progress) {
        atomic_store(&opts->progress->jobs_pending, pending);
        atomic_fetch_add(&opts->progress->ticks, 1);
    }
}

int store_stage_run(void *zctx, const struct nw_conf *conf, volatile int *stop, const struct store_stage_opts *opts)
{
    struct store s;
    struct nw_err err = {0};
    struct writer w = {.s = &s, .conf = conf};
    void *results = NULL, *events = NULL;
    char what[256] = "";
    int rc = -1;
    if (store_open(&s, conf->store.path, conf->store.map_size, false, &err) < 0) {
        log_error("store: %s", err.msg);
        return -1;
    }
    w.jobs = nw_zsock_open(zctx, ZMQ_PUSH, conf->endpoints.jobs, true, conf->endpoints.hwm, 0, what);
    if (w.jobs)
        results = nw_zsock_open(zctx, ZMQ_PULL, conf->endpoints.results, true, conf->endpoints.hwm, 0, what);
    if (results)
        events = nw_zsock_open(zctx, ZMQ_PUB, conf->endpoints.events, true, conf->endpoints.hwm, 0, what);
    if (!events) {
        log_error("store: cannot %s: %s", what, zmq_strerror(errno));
        goto out;
    }
    copy_feeds(&w, conf->feeds, conf->nfeeds);
    if (opts->progress)
        atomic_store(&opts->progress->ready, 1);
    log_info("store: %s open, %zu feeds", conf->store.path, w.nfeeds);
    int64_t next_tick = 0;
    while (!*stop) {
        int64_t now = nw_mono_ms();
        if (now >= next_tick) {
            if (opts->reload && *opts->reload) {
                *opts->reload = 0;
                struct nw_conf tmp = *conf;
                tmp.feeds = NULL;
                tmp.nfeeds = 0;
                tmp.file = conf->file;
                if (nw_conf_reload_feeds(&tmp, &err) == 0) {
                    copy_feeds(&w, tmp.feeds, tmp.nfeeds);
                    log_info("store: feed list reloaded, %zu feeds", w.nfeeds);
                } else {
                    log_error("store: feed list not reloaded: %s", err.msg);
                }
                for (size_t i = 0; i < tmp.nfeeds; i++) {
                    free(tmp.feeds[i].name);
                    free(tmp.feeds[i].url);
                }
                free(tmp.feeds);
            }
            tick(&w, opts, events, nw_now_ms());
            next_tick = nw_mono_ms() + 100;
            continue;
        }
        zmq_pollitem_t pi = {.socket = results, .events = ZMQ_POLLIN};
        int n = zmq_poll(&pi, 1, (long)(next_tick - now));
        if (n <= 0)
            continue;
        /* one batch: up to batch_max results or batch_time, one transaction */
        int64_t deadline = nw_mono_ms() + conf->store.batch_ms;
        int handled = 0;
        if (begin(&w) < 0)
            continue;
        while (handled < conf->store.batch_max) {
            struct nw_msg m;
            int r = nw_msg_recv(results, &m, ZMQ_DONTWAIT, &err);
            if (r == -2) {
                log_warn("store: dropped a message: %s", err.msg);
                continue;
            }
            if (r < 0) {
                if (nw_mono_ms() >= deadline)
                    break;
                zmq_pollitem_t p2 = {.socket = results, .events = ZMQ_POLLIN};
                if (zmq_poll(&p2, 1, (long)(deadline - nw_mono_ms())) <= 0)
                    break;
                continue;
            }
            if (m.type == NW_MSG_RESULT)
                handle_result(&w, m.fields);
            else
                log_warn("store: dropped an unexpected %s message", nw_msg_type_name(m.type));
            nw_msg_cleanup(&m);
            handled++;
        }
        commit(&w, events);
        if (opts->progress)
            atomic_fetch_add(&opts->progress->results, (unsigned long)handled);
    }
    /* drain what the stages before us already sent */
    for (int i = 0; i < 50; i++) {
        zmq_pollitem_t pi = {.socket = results, .events = ZMQ_POLLIN};
        if (zmq_poll(&pi, 1, 20) <= 0)
            break;
        if (begin(&w) < 0)
            break;
        struct nw_msg m;
        while (nw_msg_recv(results, &m, ZMQ_DONTWAIT, &err) == 0) {
            if (m.type == NW_MSG_RESULT)
                handle_result(&w, m.fields);
            nw_msg_cleanup(&m);
        }
        commit(&w, events);
    }
    rc = 0;
out:
    if (w.txn)
        mdb_txn_abort(w.txn);
    copy_feeds(&w, NULL, 0);
    free(w.new_seqs);
    nw_zsock_close(w.jobs);
    nw_zsock_close(results);
    nw_zsock_close(events);
    store_close(&s);
    return rc;
}
