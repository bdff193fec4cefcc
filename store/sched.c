#include "sched.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../common/log.h"
#include "../common/url.h"
#include "../common/stats.h"
#include "../common/mem.h"
#include "../common/nwtime.h"
#include "../common/msg.h"

#define MAX_URL_KEY 500 /* LMDB keys hold 511 bytes; longer feed URLs are not indexed by deadline */

int sched_counter_next(struct store *s, MDB_txn *txn, const char *name, uint64_t *out)
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
    *out = cur;
    return mdb_put(txn, s->meta, &k, &v, 0);
}

int sched_feed_load(struct store *s, MDB_txn *txn, const char *url, struct sched_feed *f)
{
    memset(f, 0, sizeof *f);
    int rc = record_get(txn, s->feeds, url, strlen(url), &record_feed_noun, &f->r);
    f->exists = rc == 0;
    f->indexed_due = f->exists && !f->r.job ? f->r.next_due : -1;
    return rc == -1 ? -1 : 0;
}

static int due_key(const char *url, int64_t due, unsigned char *out, size_t *len)
{
    size_t ul = strlen(url);
    if (ul > MAX_URL_KEY)
        return -1;
    *len = record_deadline_key(due, url, ul, out);
    return 0;
}

int sched_feed_save(struct store *s, MDB_txn *txn, const char *url, struct sched_feed *f)
{
    int rc = record_put(txn, s->feeds, url, strlen(url), &record_feed_noun, &f->r);
    if (rc)
        return rc;
    int64_t want = f->r.job ? -1 : f->r.next_due;
    if (want == f->indexed_due)
        return 0;
    unsigned char kb[8 + MAX_URL_KEY];
    size_t kl;
    if (f->indexed_due >= 0 && due_key(url, f->indexed_due, kb, &kl) == 0) {
        MDB_val k = {kl, kb};
        mdb_del(txn, s->due, &k, NULL);
    }
    if (want >= 0 && due_key(url, want, kb, &kl) == 0) {
        MDB_val k = {kl, kb}, e = {0, ""};
        if ((rc = mdb_put(txn, s->due, &k, &e, 0)) != 0)
            return rc;
    }
    f->indexed_due = want;
    f->exists = true;
    return 0;
}

void sched_feed_cleanup(struct sched_feed *f) { nw_noun_cleanup(&record_feed_noun, &f->r); }

static int lease_put(struct store *s, MDB_txn *txn, uint64_t id, int64_t deadline)
{
    unsigned char ik[8], lk[16];
    record_u64_key(id, ik);
    record_deadline_key(deadline, ik, 8, lk);
    MDB_val k = {16, lk}, e = {0, ""};
    return mdb_put(txn, s->leases, &k, &e, 0);
}

static void lease_del(struct store *s, MDB_txn *txn, uint64_t id, int64_t deadline)
{
    unsigned char ik[8], lk[16];
    record_u64_key(id, ik);
    record_deadline_key(deadline, ik, 8, lk);
    MDB_val k = {16, lk};
    mdb_del(txn, s->leases, &k, NULL);
}

static int job_put(struct store *s, MDB_txn *txn, uint64_t id, const struct record_job *j)
{
    unsigned char k[8];
    record_u64_key(id, k);
    return record_put(txn, s->jobs, k, 8, &record_job_noun, j);
}

int sched_job_add(struct store *s, MDB_txn *txn, struct record_job *j, uint64_t *id)
{
    int rc = sched_counter_next(s, txn, "next_job", id);
    /* feed jobs in the lane of deadline 0, which every issue looks at
     * first; the others at their creation time, oldest first */
    j->created = nw_now_ms();
    if (!j->archive)
        j->deadline = j->kind == NW_KIND_FEED ? 0 : j->created - 1;
    j->leased = false;
    if (!rc)
        rc = job_put(s, txn, *id, j);
    if (!rc)
        rc = lease_put(s, txn, *id, j->deadline);
    return rc;
}

int sched_job_get(struct store *s, MDB_txn *txn, uint64_t id, struct record_job *j)
{
    unsigned char k[8];
    record_u64_key(id, k);
    return record_get(txn, s->jobs, k, 8, &record_job_noun, j);
}

int sched_job_move(struct store *s, MDB_txn *txn, uint64_t id, struct record_job *j, int64_t deadline, bool leased)
{
    if (j->deadline != deadline)
        lease_del(s, txn, id, j->deadline);
    j->deadline = deadline;
    j->leased = leased;
    int rc = job_put(s, txn, id, j);
    return rc ? rc : lease_put(s, txn, id, deadline);
}

int sched_job_del(struct store *s, MDB_txn *txn, uint64_t id, const struct record_job *j)
{
    lease_del(s, txn, id, j->deadline);
    unsigned char k[8];
    record_u64_key(id, k);
    MDB_val kv = {8, k};
    int rc = mdb_del(txn, s->jobs, &kv, NULL);
    return rc == MDB_NOTFOUND ? 0 : rc;
}

long sched_void_leases(struct store *s, MDB_txn *txn)
{
    MDB_cursor *cur;
    if (mdb_cursor_open(txn, s->jobs, &cur) != 0)
        return -1;
    long n = 0;
    uint64_t *ids = NULL;
    size_t nids = 0;
    MDB_val k, v;
    for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        struct record_job j;
        if (record_unpack(&record_job_noun, &j, v.mv_data, v.mv_size) == 0 && j.leased) {
            ids = nw_realloc(ids, (nids + 1) * sizeof *ids);
            ids[nids++] = record_u64_from_key(k.mv_data, k.mv_size);
        }
        nw_noun_cleanup(&record_job_noun, &j);
    }
    mdb_cursor_close(cur);
    for (size_t i = 0; i < nids; i++) {
        struct record_job j;
        if (sched_job_get(s, txn, ids[i], &j) == 0) {
            if (sched_job_move(s, txn, ids[i], &j, 0, false) == 0)
                n++;
        }
        nw_noun_cleanup(&record_job_noun, &j);
    }
    free(ids);
    return n;
}

/* ---- configured feeds, found by URL in O(1) ---------------------------------- */

struct sched_feeds {
    size_t cap;
    const struct nw_feed_conf **slots;
};

struct sched_feeds *sched_feeds_new(const struct nw_feed_conf *feeds, size_t n)
{
    struct sched_feeds *t = nw_calloc(1, sizeof *t);
    t->cap = 16;
    while (t->cap < 2 * n)
        t->cap <<= 1;
    t->slots = nw_calloc(t->cap, sizeof *t->slots);
    for (size_t i = 0; i < n; i++) {
        size_t h = XXH3_64bits(feeds[i].url, strlen(feeds[i].url)) & (t->cap - 1);
        while (t->slots[h] && strcmp(t->slots[h]->url, feeds[i].url))
            h = (h + 1) & (t->cap - 1);
        if (!t->slots[h])
            t->slots[h] = &feeds[i];
    }
    return t;
}

void sched_feeds_free(struct sched_feeds *t)
{
    if (!t)
        return;
    free(t->slots);
    free(t);
}

const struct nw_feed_conf *sched_feeds_find(const struct sched_feeds *t, const char *url)
{
    size_t h = XXH3_64bits(url, strlen(url)) & (t->cap - 1);
    while (t->slots[h]) {
        if (!strcmp(t->slots[h]->url, url))
            return t->slots[h];
        h = (h + 1) & (t->cap - 1);
    }
    return NULL;
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

/* The feed URLs of the due index from the cursor's position on (r: the
 * result of placing it there, k its key), at most max, while deadlines are
 * at most `until`; collected before the callers update the index under
 * them. `last` (may be NULL) gets the last key taken, *end whether the
 * walk reached the index's end. */
static char **due_urls(MDB_cursor *cur, int r, MDB_val k, int64_t until, int max, size_t *n,
                       struct sched_sweep *last, bool *end)
{
    char **urls = NULL;
    MDB_val v;
    *n = 0;
    for (; r == 0 && (int)*n < max; r = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        if (k.mv_size <= 8 || k.mv_size > sizeof last->from)
            continue;
        if ((int64_t)record_u64_from_key(k.mv_data, 8) > until)
            break;
        urls = nw_realloc(urls, (*n + 1) * sizeof *urls);
        urls[(*n)++] = nw_strndup((const char *)k.mv_data + 8, k.mv_size - 8);
        if (last) {
            memcpy(last->from, k.mv_data, k.mv_size);
            last->from_len = k.mv_size;
        }
    }
    *end = r != 0;
    return urls;
}

/* A feed whose address is a sitemap index is read at the newest sitemap
 * the index named; the index is read again after this long, and after a
 * failure of that sitemap (the month's gone at the month's end). */
#define INDEX_REREAD_MS ((int64_t)24 * 3600 * 1000)

/* Creates the job of one due feed and takes it out of the due index. */
static int feed_job(struct store *s, MDB_txn *txn, const struct nw_feed_conf *fc, struct sched_feed *f,
                    int64_t now_ms)
{
    bool index =
        f->r.index_read && f->r.fetch_url &&
        (now_ms - f->r.index_read >= INDEX_REREAD_MS || (f->r.failures > 0 && f->r.last_attempt > f->r.index_read));
    /* a page read for the feed it announces is read again now and then
     * (store.page_recheck): the site may announce another one now */
    bool page = !index && f->r.fetch_url && f->r.page_next && now_ms >= f->r.page_next;
    /* the index or the page is asked for whole: the validators are its feed's */
    bool configured = index || page || !f->r.fetch_url;
    struct record_job j = {.kind = NW_KIND_FEED,
                           .url = configured ? fc->url : f->r.fetch_url,
                           .feed = fc->url,
                           .etag = index || page ? NULL : f->r.etag,
                           .last_modified = index || page ? NULL : f->r.last_modified,
                           .digest = index || page ? NULL : f->r.digest};
    if (!index && !page)
        j.known = f->r.known; /* (packed by sched_job_add, not owned) */
    uint64_t id;
    int rc = sched_job_add(s, txn, &j, &id);
    if (rc)
        return rc;
    f->r.job = id;
    f->r.interval_ms = fc->interval_ms;
    nw_str_set(&f->r.name, fc->name);
    /* provisional: the result sets the real next time */
    f->r.next_due = now_ms + fc->interval_ms;
    return sched_feed_save(s, txn, fc->url, f);
}

int sched_due_feeds(struct store *s, MDB_txn *txn, const struct sched_feeds *t, const struct nw_feed_conf *feeds,
                    size_t nfeeds, bool add_new, int64_t now_ms, int max, int *lmdb_rc)
{
    int created = 0, rc = 0;
    *lmdb_rc = 0;
    if (add_new) {
        /* configured feeds the store has never seen are due now */
        for (size_t i = 0; i < nfeeds && !rc; i++) {
            struct sched_feed f;
            if (sched_feed_load(s, txn, feeds[i].url, &f) == 0 && !f.exists) {
                f.r.next_due = now_ms;
                f.r.interval_ms = feeds[i].interval_ms;
                nw_str_set(&f.r.name, feeds[i].name);
                rc = sched_feed_save(s, txn, feeds[i].url, &f);
            } else if (f.exists && !f.r.job && f.indexed_due < 0) {
                rc = sched_feed_save(s, txn, feeds[i].url, &f); /* re-index */
            }
            sched_feed_cleanup(&f);
        }
    }
    MDB_cursor *cur;
    if (!rc && (rc = mdb_cursor_open(txn, s->due, &cur)) == 0) {
        size_t n;
        bool end;
        MDB_val k, v;
        int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
        char **urls = due_urls(cur, r, k, now_ms, max, &n, NULL, &end);
        mdb_cursor_close(cur);
        for (size_t i = 0; i < n; i++) {
            struct sched_feed f;
            const struct nw_feed_conf *fc = sched_feeds_find(t, urls[i]);
            if (!rc && sched_feed_load(s, txn, urls[i], &f) == 0) {
                if (!fc) { /* no longer configured: not polled; its state stays for status */
                    unsigned char kb[8 + MAX_URL_KEY];
                    size_t kl;
                    if (due_key(urls[i], f.indexed_due, kb, &kl) == 0) {
                        MDB_val dk = {kl, kb};
                        mdb_del(txn, s->due, &dk, NULL);
                    }
                } else if (!f.r.job) {
                    rc = feed_job(s, txn, fc, &f, now_ms);
                    created++;
                }
            }
            sched_feed_cleanup(&f);
            free(urls[i]);
        }
        free(urls);
    }
    if (rc) {
        *lmdb_rc = rc;
        return -1;
    }
    return created;
}

int sched_sweep_feeds(struct store *s, MDB_txn *txn, const struct sched_feeds *t, int64_t now_ms,
                      struct sched_sweep *sw, int max, int *lmdb_rc)
{
    *lmdb_rc = 0;
    MDB_cursor *cur;
    int rc = mdb_cursor_open(txn, s->due, &cur);
    if (rc) {
        *lmdb_rc = rc;
        return -1;
    }
    size_t n;
    MDB_val k = {sw->from_len, sw->from}, v;
    int r = sw->from_len ? mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE) : mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    if (r == 0 && sw->from_len && k.mv_size == sw->from_len && !memcmp(k.mv_data, sw->from, k.mv_size))
        r = mdb_cursor_get(cur, &k, &v, MDB_NEXT); /* looked at by the last step */
    char **urls = due_urls(cur, r, k, INT64_MAX, max, &n, sw, &sw->done);
    mdb_cursor_close(cur);
    int created = 0;
    for (size_t i = 0; i < n; i++) {
        struct sched_feed f = {0};
        const struct nw_feed_conf *fc = sched_feeds_find(t, urls[i]);
        /* a feed answered since the sweep began was polled by it (or by
         * its own schedule): once is enough */
        if (!rc && fc && sched_feed_load(s, txn, urls[i], &f) == 0 && f.exists && !f.r.job && !f.r.disabled &&
            f.r.last_attempt < sw->since) {
            rc = feed_job(s, txn, fc, &f, now_ms);
            created += rc == 0;
        }
        sched_feed_cleanup(&f);
        free(urls[i]);
    }
    free(urls);
    if (rc) {
        *lmdb_rc = rc;
        return -1;
    }
    sw->made += created;
    return created;
}

int sched_issue(struct store *s, MDB_txn *txn, int64_t now_ms, int64_t lease_ms, int max, int max_expiries,
                sched_send_fn send, sched_give_up_fn give_up, void *arg, int *lmdb_rc)
{
    unsigned char from[16] = {0};
    return sched_issue_from(s, txn, now_ms, lease_ms, max, max_expiries, send, give_up, arg, from, lmdb_rc);
}

int sched_issue_from(struct store *s, MDB_txn *txn, int64_t now_ms, int64_t lease_ms, int max, int max_expiries,
                     sched_send_fn send, sched_give_up_fn give_up, void *arg, unsigned char from[16], int *lmdb_rc)
{
    *lmdb_rc = 0;
    if (max <= 0)
        return 0;
    MDB_cursor *cur;
    int rc = mdb_cursor_open(txn, s->leases, &cur);
    if (rc) {
        *lmdb_rc = rc;
        return -1;
    }
    uint64_t *ids = NULL;
    int64_t *deadlines = NULL;
    size_t n = 0, budget = (size_t)max * 4 + 256; /* jobs a tick may look at: skipped ones count */
    MDB_val k, v;
    static const unsigned char zero[16];
    /* first the lane of deadline 0 (ready feed jobs): polls are never
     * stuck behind a crowd of article jobs waiting for their hosts */
    unsigned char lane_end[16];
    bool lane = false;
    int r = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    while (r == 0 && k.mv_size == 16 && record_u64_from_key(k.mv_data, 8) == 0 && n < budget / 2) {
        ids = nw_realloc(ids, (n + 1) * sizeof *ids);
        deadlines = nw_realloc(deadlines, (n + 1) * sizeof *deadlines);
        deadlines[n] = 0;
        ids[n++] = record_u64_from_key((const char *)k.mv_data + 8, 8);
        memcpy(lane_end, k.mv_data, 16);
        lane = true;
        r = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    bool resumed = memcmp(from, zero, 16) != 0, wrapped = !resumed;
    MDB_val start = {16, from};
    r = resumed ? mdb_cursor_get(cur, &start, &v, MDB_SET_RANGE) : mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    if (resumed && r == 0)
        k = start;
    memset(from, 0, 16);
    for (;;) {
        bool due = r == 0 && k.mv_size == 16 && (int64_t)record_u64_from_key(k.mv_data, 8) <= now_ms;
        if (!due) {
            if (wrapped)
                break;
            /* past the due jobs: go round to the first (the jobs skipped
             * before the resume point get their turn) */
            wrapped = true;
            r = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
            continue;
        }
        if (wrapped && resumed && memcmp(k.mv_data, start.mv_data, 16) >= 0)
            break; /* round the whole due range */
        if (n == budget) {
            memcpy(from, k.mv_data, 16); /* the next tick starts here */
            break;
        }
        if (lane && memcmp(k.mv_data, lane_end, 16) <= 0) { /* taken above */
            r = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
            continue;
        }
        ids = nw_realloc(ids, (n + 1) * sizeof *ids);
        deadlines = nw_realloc(deadlines, (n + 1) * sizeof *deadlines);
        deadlines[n] = (int64_t)record_u64_from_key(k.mv_data, 8);
        ids[n++] = record_u64_from_key((const char *)k.mv_data + 8, 8);
        r = mdb_cursor_get(cur, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cur);
    int sent = 0;
    for (size_t i = 0; i < n && sent < max && !rc; i++) {
        struct record_job j;
        if (sched_job_get(s, txn, ids[i], &j) != 0) {
            lease_del(s, txn, ids[i], deadlines[i]); /* an index key without its job */
            nw_noun_cleanup(&record_job_noun, &j);
            continue;
        }
        if (j.leased && j.expiries + 1 >= max_expiries) {
            /* its worker died with it, again and again: a poison document */
            give_up(arg, ids[i], &j);
            nw_noun_cleanup(&record_job_noun, &j);
            continue;
        }
        int sr = send(arg, ids[i], &j);
        if (sr < 0) {
            nw_noun_cleanup(&record_job_noun, &j);
            /* no room anywhere: the next tick resumes at this job */
            record_u64_key((uint64_t)deadlines[i], from);
            record_u64_key(ids[i], from + 8);
            break;
        }
        if (sr > 0) { /* its host has enough in flight: it waits, others go */
            nw_noun_cleanup(&record_job_noun, &j);
            continue;
        }
        if (j.leased) {
            /* its worker went silent: the job went out again, no try spent */
            j.expiries++;
            atomic_fetch_add(&nw_stats.lease_reissues, 1);
            log_info("job %llu (%s %s): lease ran out (its worker is gone); issued again",
                     (unsigned long long)ids[i], nw_kind_name(j.kind), j.url ? j.url : "?");
        }
        j.issued = now_ms;
        rc = sched_job_move(s, txn, ids[i], &j, now_ms + lease_ms, true);
        sent++;
        nw_noun_cleanup(&record_job_noun, &j);
    }
    free(ids);
    free(deadlines);
    if (rc) {
        *lmdb_rc = rc;
        return -1;
    }
    return sent;
}

#define RENEW_GAP_MS 2000

int sched_renew(struct store *s, MDB_txn *txn, const uint64_t *ids, size_t n, int64_t now_ms, int64_t lease_ms)
{
    int renewed = 0;
    for (size_t i = 0; i < n; i++) {
        struct record_job j;
        /* a lease renewed in the last RENEW_GAP_MS is left as it is:
         * a worker reports every second, and a job it answers within
         * moments is never rewritten */
        if (sched_job_get(s, txn, ids[i], &j) == 0 && j.leased && j.deadline <= now_ms + lease_ms - RENEW_GAP_MS &&
            sched_job_move(s, txn, ids[i], &j, now_ms + lease_ms, true) == 0)
            renewed++;
        nw_noun_cleanup(&record_job_noun, &j);
    }
    return renewed;
}

/* ---- jobs in flight per host ------------------------------------------ */

struct host_slot {
    char *host;
    uint64_t hash; /* of host */
    int n;
    int64_t latency_ms; /* moving average of its answers' time since issue, -1 unknown */
};

/* A change of a count in the open transaction, undone if it aborts. */
struct host_change {
    uint64_t hash;
    int delta;
};

struct sched_hosts {
    struct host_slot *v;
    size_t cap, used;
    struct host_change *journal;
    size_t njournal, capjournal;
};

struct sched_hosts *sched_hosts_new(void)
{
    struct sched_hosts *h = nw_calloc(1, sizeof *h);
    h->cap = 256;
    h->v = nw_calloc(h->cap, sizeof *h->v);
    return h;
}

void sched_hosts_free(struct sched_hosts *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->cap; i++)
        free(h->v[i].host);
    free(h->v);
    free(h->journal);
    free(h);
}

static struct host_slot *host_find(struct sched_hosts *h, const char *host, bool add)
{
    if (add && 2 * (h->used + 1) > h->cap) {
        struct sched_hosts g = {.cap = h->cap * 2};
        g.v = nw_calloc(g.cap, sizeof *g.v);
        for (size_t i = 0; i < h->cap; i++)
            if (h->v[i].host) {
                size_t j = h->v[i].hash & (g.cap - 1);
                while (g.v[j].host)
                    j = (j + 1) & (g.cap - 1);
                g.v[j] = h->v[i];
            }
        free(h->v);
        h->v = g.v;
        h->cap = g.cap;
    }
    uint64_t hash = XXH3_64bits(host, strlen(host));
    size_t j = hash & (h->cap - 1);
    while (h->v[j].host && strcmp(h->v[j].host, host))
        j = (j + 1) & (h->cap - 1);
    if (!h->v[j].host) {
        if (!add)
            return NULL;
        h->v[j].host = nw_strdup(host);
        h->v[j].hash = hash;
        h->v[j].latency_ms = -1;
        h->used++;
    }
    return &h->v[j];
}

int *sched_hosts_count(struct sched_hosts *h, const char *url, int64_t *latency_ms)
{
    char host[256];
    struct host_slot *slot = host_find(h, nw_url_host_key(url, host, sizeof host, NULL), true);
    if (latency_ms)
        *latency_ms = slot->latency_ms;
    return &slot->n;
}

static void journal(struct sched_hosts *h, const struct host_slot *slot, int delta)
{
    if (h->njournal == h->capjournal) {
        h->capjournal = h->capjournal ? 2 * h->capjournal : 64;
        h->journal = nw_realloc(h->journal, h->capjournal * sizeof *h->journal);
    }
    h->journal[h->njournal++] = (struct host_change){slot->hash, delta};
}

void sched_hosts_add(struct sched_hosts *h, const char *url)
{
    char host[256];
    struct host_slot *slot = host_find(h, nw_url_host_key(url, host, sizeof host, NULL), true);
    slot->n++;
    journal(h, slot, 1);
}

void sched_hosts_keep(struct sched_hosts *h)
{
    if (h)
        h->njournal = 0;
}

void sched_hosts_undo(struct sched_hosts *h)
{
    while (h && h->njournal) {
        const struct host_change *c = &h->journal[--h->njournal];
        for (size_t j = c->hash & (h->cap - 1); h->v[j].host; j = (j + 1) & (h->cap - 1))
            if (h->v[j].hash == c->hash) {
                h->v[j].n -= c->delta;
                if (h->v[j].n < 0)
                    h->v[j].n = 0;
                break;
            }
    }
}

void sched_hosts_done(struct sched_hosts *h, const char *url, int64_t latency_ms)
{
    char host[256];
    struct host_slot *slot = host_find(h, nw_url_host_key(url, host, sizeof host, NULL), false);
    if (slot && slot->n > 0) {
        slot->n--;
        journal(h, slot, -1);
    }
    if (slot && latency_ms >= 0)
        slot->latency_ms = slot->latency_ms < 0 ? latency_ms : (7 * slot->latency_ms + latency_ms) / 8;
}
