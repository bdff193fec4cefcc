/* The store stage: the writer loop. It owns the sockets and the write
 * transaction; what to do with each result is the item policy's
 * (policy.c), what is due the scheduler's (sched.c).
 *
 * Flow control and leases. Fetchers connect DEALER sockets to the store's
 * ROUTER (the jobs endpoint) and say, every second and whenever room frees
 * up, which jobs they hold and how many more they can start (CREDIT). The
 * store sends a fetcher no more jobs than that, so nothing waits leased in
 * a queue. A job is leased for `lease` when sent, and every CREDIT naming
 * it (from the fetcher, then from the parser working on it) renews the
 * lease: a lease runs out only when whoever held the job has gone quiet
 * for `lease`, i.e. died. `run` starts all stages together, so it voids
 * every lease on start.
 *
 * Fairness. At most fetcher.per_host x 2 jobs of one host are out at a
 * time; a tick skips the jobs of a host at its window and goes on to
 * others, looking at a bounded number of due jobs and resuming where the
 * last tick stopped, so a slow host with thousands of pages delays only
 * its own. Replay (an archive answers at once) has no window. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zmq.h>

#include "../common/log.h"
#include "../common/mem.h"
#include "../common/msg.h"
#include "../common/nwtime.h"
#include "../common/stats.h"
#include "../common/url.h"
#include "../common/zsock.h"
#include "bandmem.h"
#include "writer.h"

#define TICK_MS 100
#define BATCH_GAP_MS 1
/* A replay's own store, whose results come as fast as the parsers make
 * them with no reader waiting on each one: a transaction gathers them for
 * up to BULK_BATCH_MS (at most BULK_BATCH_MAX messages) and ends earlier
 * at a pause of BULK_GAP_MS. Each commit writes again every B-tree page
 * its items touched, and the near-duplicate bands are spread over the
 * whole index: written in 20 ms transactions, a replay's store wrote
 * three to four times its size to the disk. */
#define BULK_GAP_MS 10
#define BULK_BATCH_MS 100
#define BULK_BATCH_MAX 4096 /* messages; batch_bytes still bounds their size */
#define FAST_HOST_MS 100
#define PRUNE_EVERY_MS 1000
#define PRUNE_BATCH 512
#define PEER_SILENT_MS 5000
#define MAX_PEERS 256
#define DUE_PER_TICK 256

struct peer {
    unsigned char id[256];
    size_t id_len;
    char *worker;
    int64_t credit;      /* as reported */
    uint64_t sent;       /* jobs sent to it since its report, and those still on their way then */
    uint64_t sent_total; /* jobs sent to it, ever */
    uint64_t taken_base; /* what it said it had taken when it first reported (a worker that
                            outlived a store has taken jobs this one never sent) */
    int64_t seen;        /* mono ms */
};

struct loop {
    struct writer w;
    void *jobs, *results, *events;
    struct peer peers[MAX_PEERS];
    size_t npeers, next_peer;
    struct nw_msg *batch; /* kept until their transaction commits, to redo it */
    size_t nbatch, capbatch;
    bool failed;
    bool full;            /* failed for want of room: store.max_size, or the disk */
    bool due_more;        /* the last tick left due feeds for the next */
    bool sweeping;        /* SIGUSR1: every feed is being made due */
    struct sched_sweep sweep;
    unsigned long redone; /* transactions redone on a grown map (only the
                             batch is: a tick's own work is not) */
    const struct store_stage_opts *opts;
    char *last_error;     /* logged once per change */
};

static void log_state(struct loop *l, const char *msg)
{
    if (l->last_error && msg && !strcmp(l->last_error, msg))
        return;
    free(l->last_error);
    l->last_error = msg ? nw_strdup(msg) : NULL;
    if (msg)
        log_error("store: %s", msg);
}

static int begin(struct loop *l)
{
    if (l->w.txn)
        return 0;
    int rc = mdb_txn_begin(l->w.s->env, NULL, 0, &l->w.txn);
    if (rc) {
        char m[256];
        snprintf(m, sizeof m, "cannot begin a transaction: %s", mdb_strerror(rc));
        log_state(l, m);
        l->w.txn = NULL;
        return -1;
    }
    l->w.rc = 0;
    l->w.nnew = 0;
    l->w.c_new = l->w.c_revised = l->w.c_unchanged = l->w.c_dup = l->w.c_unchanged_items = 0;
    l->w.c_failing = 0;
    l->w.c_clusters = 0;
    l->w.c_stories = 0;
    return 0;
}

static void abort_txn(struct loop *l)
{
    if (l->w.txn)
        mdb_txn_abort(l->w.txn);
    l->w.txn = NULL;
    sched_hosts_undo(l->w.inflight);
    bandmem_undo(l->w.bands);
    idset_undo(l->w.counted);
}

static void free_batch(struct loop *l)
{
    for (size_t i = 0; i < l->nbatch; i++)
        nw_msg_cleanup(&l->batch[i]);
    l->nbatch = 0;
}

/* The next free place in the batch (not yet counted in nbatch). */
static struct nw_msg *batch_slot(struct loop *l)
{
    if (l->nbatch == l->capbatch) {
        l->capbatch = l->capbatch ? 2 * l->capbatch : 64;
        l->batch = nw_realloc(l->batch, l->capbatch * sizeof *l->batch);
    }
    return &l->batch[l->nbatch];
}

static void apply(struct loop *l, const struct nw_msg *m)
{
    if (m->type == NW_MSG_RESULT) {
        policy_result(&l->w, &m->u.result, nw_now_ms());
    } else if (m->type == NW_MSG_CREDIT) {
        int rc = sched_renew(l->w.s, l->w.txn, m->u.credit.held.v, m->u.credit.held.n, nw_now_ms(),
                             l->w.conf->store.lease_ms);
        (void)rc;
    }
}

/* Commits; on a full map grows it and redoes the batch; at max_size (or
 * on any other storage error) stops intake. Then publishes the commit. */
/* Whether the file system of `path` has (next to) no room left for a
 * writer: under 64 KiB. */
static bool disk_full(const char *path)
{
    struct statvfs v;
    return statvfs(path, &v) == 0 && (uint64_t)v.f_bavail * v.f_frsize < 65536;
}

static int commit(struct loop *l)
{
    if (!l->w.txn)
        return 0;
    MDB_stat js;
    bool counted = false;
    for (int tries = 0;; tries++) {
        int64_t t0 = nw_mono_us();
        /* a transaction that stores no item (polls answered 304, leases,
         * schedules) does not wait for its meta page: the next commit
         * makes it durable. A system crash before then undoes only such
         * bookkeeping (a feed is polled again), never a numbered item. */
        bool lazy = !l->w.nnew && !l->w.rc;
        /* the jobs left once this commits, for replay's end */
        counted = l->opts->progress && !l->w.rc && mdb_stat(l->w.txn, l->w.s->jobs, &js) == 0;
        if (lazy)
            mdb_env_set_flags(l->w.s->env, MDB_NOMETASYNC, 1);
        /* the next chunk of a merge of the band entries held in memory */
        if (!l->w.rc)
            l->w.rc = bandmem_step(l->w.bands, l->w.txn);
        if (!l->w.rc)
            l->w.rc = policy_before_commit(&l->w);
        int rc = l->w.rc ? l->w.rc : mdb_txn_commit(l->w.txn);
        if (lazy)
            mdb_env_set_flags(l->w.s->env, MDB_NOMETASYNC, 0);
        if (!l->w.rc && rc == 0)
            nw_stats_commit((uint64_t)(nw_mono_us() - t0));
        if (l->w.rc)
            mdb_txn_abort(l->w.txn);
        l->w.txn = NULL;
        if (rc == 0) {
            sched_hosts_keep(l->w.inflight);
            bandmem_keep(l->w.bands);
            idset_keep(l->w.counted);
            atomic_store(&nw_stats.near_held, (long)bandmem_count(l->w.bands));
            break;
        }
        /* what the transaction counted in flight goes with it (the jobs it
         * sent were never leased: their answers find them unleased), and
         * the band entries it added or merged */
        sched_hosts_undo(l->w.inflight);
        bandmem_undo(l->w.bands);
        idset_undo(l->w.counted);
        struct store *s = l->w.s;
        /* LMDB fails the transaction for good when a write finds the map
         * full, and the writes after it then say only MDB_BAD_TXN: that
         * too is taken for a full map while the map may grow (a redo is
         * harmless; a cause that growing does not cure ends in the error
         * below after at most 16 tries or at max_size) */
        if ((rc == MDB_MAP_FULL || rc == MDB_BAD_TXN) && s->map_size < l->w.conf->store.max_size && tries < 16) {
            uint64_t want = s->map_size * 2;
            if (want > l->w.conf->store.max_size)
                want = l->w.conf->store.max_size;
            int g = store_grow(s, want);
            if (g == 0) {
                log_info("store: map full; grown to %llu MiB", (unsigned long long)(s->map_size >> 20));
                l->redone++;
                if (begin(l) < 0)
                    return -1;
                for (size_t i = 0; i < l->nbatch; i++)
                    apply(l, &l->batch[i]);
                continue;
            }
            rc = g;
        }
        char m[300];
        bool map_full = rc == MDB_MAP_FULL || (rc == MDB_BAD_TXN && s->map_size >= l->w.conf->store.max_size);
        /* LMDB says EIO for a write cut short: the disk filled up */
        bool disk = !map_full && (rc == EIO || rc == ENOSPC || rc == EDQUOT) && disk_full(s->path);
        l->full = map_full || disk;
        if (map_full)
            snprintf(m, sizeof m,
                     "the store is full (%llu MiB, store.max_size); intake stopped, every committed item is kept",
                     (unsigned long long)(s->map_size >> 20));
        else if (disk)
            snprintf(m, sizeof m,
                     "cannot commit: no space left on the disk holding %s; intake stopped, every committed item is "
                     "kept (free some space and start again)",
                     s->path);
        else
            snprintf(m, sizeof m, "cannot commit: %s; intake stopped, every committed item is kept",
                     mdb_strerror(rc));
        log_state(l, m);
        l->failed = true;
        if (l->opts->progress)
            atomic_store(&l->opts->progress->failed, 1);
        free_batch(l);
        return -1;
    }
    unsigned long results = 0, feeds = 0;
    for (size_t i = 0; i < l->nbatch; i++) {
        results += l->batch[i].type == NW_MSG_RESULT;
        feeds += l->batch[i].type == NW_MSG_RESULT && l->batch[i].u.result.kind == NW_KIND_FEED;
    }
    free_batch(l);
    atomic_fetch_add(&nw_stats.items_new, l->w.c_new);
    atomic_fetch_add(&nw_stats.items_revised, l->w.c_revised);
    atomic_fetch_add(&nw_stats.items_unchanged, l->w.c_unchanged);
    atomic_fetch_add(&nw_stats.items_dup, l->w.c_dup);
    atomic_fetch_add(&nw_stats.clusters, l->w.c_clusters);
    atomic_fetch_add(&nw_stats.feeds_failing, l->w.c_failing);
    struct store_progress *p = l->opts->progress;
    if (p) {
        atomic_fetch_add(&p->items_new, l->w.c_new);
        atomic_fetch_add(&p->items_revised, l->w.c_revised);
        atomic_fetch_add(&p->items_unchanged, l->w.c_unchanged_items);
        atomic_fetch_add(&p->items_dup, l->w.c_dup);
        atomic_fetch_add(&p->feeds_failing, l->w.c_failing);
        /* the jobs first: who reads `committed` and then `jobs_pending`
         * sees the jobs as they were at least after that commit */
        if (counted)
            atomic_store(&p->jobs_pending, js.ms_entries);
        atomic_fetch_add(&p->feeds_committed, feeds);
        atomic_fetch_add(&p->committed, results);
    }
    if (l->w.nnew) {
        struct nw_event ev = {.seq = l->w.top_seq, .count = l->w.nnew};
        nw_msg_send(l->events, NULL, 0, NW_MSG_EVENT, &ev, NULL, 0, ZMQ_DONTWAIT);
        log_debug("store: committed %llu new items", (unsigned long long)l->w.nnew);
    }
    return 0;
}

static struct peer *peer_find(struct loop *l, const unsigned char *id, size_t len, bool add)
{
    for (size_t i = 0; i < l->npeers; i++)
        if (l->peers[i].id_len == len && !memcmp(l->peers[i].id, id, len))
            return &l->peers[i];
    if (!add)
        return NULL;
    int64_t now = nw_mono_ms();
    size_t slot = l->npeers;
    for (size_t i = 0; i < l->npeers; i++)
        if (now - l->peers[i].seen > PEER_SILENT_MS)
            slot = i; /* reuse a silent one */
    if (slot == MAX_PEERS)
        return NULL;
    if (slot == l->npeers)
        l->npeers++;
    struct peer *p = &l->peers[slot];
    free(p->worker);
    memset(p, 0, sizeof *p);
    memcpy(p->id, id, len);
    p->id_len = len;
    return p;
}

static int64_t peer_room(const struct peer *p, int64_t now)
{
    if (now - p->seen > PEER_SILENT_MS)
        return 0;
    return p->credit - (int64_t)p->sent;
}

/* The send callback of sched_issue: to the next fetcher with room. */
static int send_job(void *arg, uint64_t id, const struct record_job *j)
{
    struct loop *l = arg;
    if (j->archive) {
        /* a replay's held job comes due: that replay was not heard from
         * again (killed) within store.article_wait; it is never fetched */
        policy_give_up(&l->w, id, (struct record_job *)j, "its replay stopped before sending its page");
        return 1;
    }
    int64_t now = nw_mono_ms();
    struct peer *p = NULL;
    for (size_t i = 0; i < l->npeers && !p; i++) {
        struct peer *c = &l->peers[(l->next_peer + i) % l->npeers];
        if (peer_room(c, now) > 0)
            p = c;
    }
    if (!p)
        return -1;
    /* an item waits for its article at most store.article_wait (a slow or
     * stuck host delays its own items, boundedly), then keeps its summary */
    int64_t wait = l->w.conf->store.article_wait_ms;
    if (j->kind == NW_KIND_ARTICLE && wait && j->created && nw_now_ms() - j->created > wait) {
        char why[160];
        snprintf(why, sizeof why, "article not fetched within store.article_wait (%lld s)", (long long)(wait / 1000));
        policy_give_up(&l->w, id, (struct record_job *)j, why);
        return 1;
    }
    /* fair to every host: one with its window full waits, others go (an
     * expired lease going out again is counted already) */
    int64_t latency = -1;
    int *inflight = j->leased ? NULL : sched_hosts_count(l->w.inflight, j->url, &latency);
    if (inflight && *inflight >= (latency >= 0 && latency < FAST_HOST_MS ? l->w.host_window_fast : l->w.host_window))
        return 1;
    l->next_peer = (size_t)(p - l->peers + 1) % l->npeers;
    /* a feed job carries the validators its feed had when it was made
     * (only this job's answer changes them) */
    struct nw_job job = {.id = id,
                         .kind = j->kind,
                         .url = j->url,
                         .guard = j->guard,
                         .etag = j->etag,
                         .last_modified = j->last_modified,
                         .digest = j->digest,
                         .known = j->known};
    /* a feed's password and headers go with its job, to the feed's own
     * host only (not where it moved elsewhere); they are stored in no
     * record */
    const struct nw_feed_conf *fc =
        j->kind == NW_KIND_FEED && j->feed && l->w.feedtab ? sched_feeds_find(l->w.feedtab, j->feed) : NULL;
    if (fc && nw_url_same_origin(fc->url, j->url)) {
        job.user = fc->user;
        job.password = fc->password;
        job.headers = fc->headers; /* borrowed for the send */
    }
    int rc = nw_msg_send(l->jobs, p->id, p->id_len, NW_MSG_JOB, &job, NULL, 0, ZMQ_DONTWAIT);
    if (rc < 0)
        return -1;
    p->sent++;
    p->sent_total++;
    if (inflight)
        sched_hosts_add(l->w.inflight, j->url);
    return 0;
}

static void give_up(void *arg, uint64_t id, struct record_job *j)
{
    struct loop *l = arg;
    policy_give_up(&l->w, id, j, "its worker stopped every time it took the job");
}

static void drop_feeds(struct writer *w)
{
    for (size_t i = 0; i < w->nfeeds; i++)
        nw_feed_conf_cleanup(&w->feeds[i]);
    free(w->feeds);
    sched_feeds_free(w->feedtab);
    w->feeds = NULL;
    w->feedtab = NULL;
    w->nfeeds = 0;
}

/* The writer's own copy of a feed list, and its table by URL. */
static void set_feeds(struct writer *w, const struct nw_feed_conf *f, size_t n)
{
    drop_feeds(w);
    w->feeds = n ? nw_calloc(n, sizeof *w->feeds) : NULL;
    w->nfeeds = n;
    for (size_t i = 0; i < n; i++)
        nw_feed_conf_copy(&w->feeds[i], &f[i]);
    w->feedtab = sched_feeds_new(w->feeds, w->nfeeds);
}

/* The same, taking a list and its table over (no copy). */
static void adopt_feeds(struct writer *w, struct nw_feed_conf *f, size_t n, struct sched_feeds *table)
{
    drop_feeds(w);
    w->feeds = f;
    w->nfeeds = n;
    w->feedtab = table;
}

/* A scheduler tick: due feeds, jobs to fetchers with room, retention. */
/* v within [lo, hi]; lo wins when they cross. */
static int clamp_int(int v, int lo, int hi)
{
    return v > hi ? (hi > lo ? hi : lo) : v < lo ? lo : v;
}

/* Sends what the workers have room for (in the open transaction, which
 * records the leases). */
static void issue_jobs(struct loop *l, int64_t now)
{
    int64_t mono = nw_mono_ms(), room = 0;
    int lrc = 0;
    for (size_t i = 0; i < l->npeers; i++)
        if (peer_room(&l->peers[i], mono) > 0)
            room += peer_room(&l->peers[i], mono);
    if (room > 0 && !l->w.rc) {
        sched_issue_from(l->w.s, l->w.txn, now, l->w.conf->store.lease_ms, (int)(room < 100000 ? room : 100000), 10,
                         send_job, give_up, l, l->w.issue_from, &lrc);
        if (lrc && !l->w.rc)
            l->w.rc = lrc;
    }
}

static void tick(struct loop *l, bool add_new, bool prune)
{
    if (l->failed || begin(l) < 0)
        return;
    int64_t now = nw_now_ms();
    int lrc = 0;
    /* due feeds become jobs a few hundred at a time: a crowd of them (a
     * start, SIGUSR1) is worked through by ticks one after the other,
     * with the answers read between them, not by one long transaction
     * while the fetchers run dry */
    l->due_more = false;
    if (l->opts->schedule_feeds)
        l->due_more = sched_due_feeds(l->w.s, l->w.txn, l->w.feedtab, l->w.feeds, l->w.nfeeds, add_new, now,
                                      DUE_PER_TICK, &lrc) >= DUE_PER_TICK;
    if (lrc && !l->w.rc)
        l->w.rc = lrc;
    struct sched_sweep before = l->sweep;
    bool was_sweeping = l->sweeping;
    unsigned long redone = l->redone;
    if (l->sweeping && l->w.feedtab && !l->w.rc) {
        sched_sweep_feeds(l->w.s, l->w.txn, l->w.feedtab, now, &l->sweep, DUE_PER_TICK, &lrc);
        if (lrc && !l->w.rc)
            l->w.rc = lrc;
        l->due_more |= !l->sweep.done;
        l->sweeping = !l->sweep.done;
    }
    issue_jobs(l, now);
    if (prune && !l->w.rc)
        policy_prune(&l->w, now, PRUNE_BATCH);
    if (commit(l) < 0 || l->redone != redone) {
        l->sweep = before; /* the step's jobs went with the transaction */
        l->sweeping = was_sweeping;
    } else if (was_sweeping && !l->sweeping) {
        log_info("poll now (SIGUSR1): %ld feeds due at once", l->sweep.made);
    }
    atomic_store(&nw_stats.writer_beat_ms, nw_mono_ms());
    atomic_store(&nw_stats.feeds_configured, (long)l->w.nfeeds);
    if (l->opts->progress) {
        MDB_txn *rt;
        if (store_read_begin(l->w.s, &rt) == 0) {
            MDB_stat st;
            if (mdb_stat(rt, l->w.s->jobs, &st) == 0) {
                atomic_store(&l->opts->progress->jobs_pending, st.ms_entries);
                atomic_store(&nw_stats.jobs_pending, (long)st.ms_entries);
            }
            mdb_txn_abort(rt);
        }
        atomic_fetch_add(&l->opts->progress->ticks, 1);
    }
}

/* A CREDIT from a fetcher on the ROUTER socket. */
static void on_credit(struct loop *l, struct nw_msg *m)
{
    struct peer *p = peer_find(l, m->peer, m->peer_len, true);
    if (p && !p->seen)
        p->taken_base = m->u.credit.taken; /* new: nothing sent to it yet */
    if (p) {
        if (!p->worker && m->u.credit.worker)
            p->worker = nw_strdup(m->u.credit.worker);
        /* the room it reports does not count the jobs sent to it that it
         * had not received yet: they spend part of it */
        p->credit = m->u.credit.credit;
        uint64_t taken = m->u.credit.taken - p->taken_base;
        p->sent = p->sent_total > taken ? p->sent_total - taken : 0;
        p->seen = nw_mono_ms();
    }
}

/* SIGHUP: the whole file is read again. When it is invalid the running
 * configuration stays and the error is logged. Otherwise the feed list is
 * replaced and the store's own settings (lease, retention, batching,
 * attempts) and the log level apply at once; other changed settings are
 * named as applying at the next start. Every change is logged. */
static void reload_feeds(struct loop *l, const struct nw_conf *conf)
{
    struct nw_err err = {0};
    struct nw_conf fresh;
    nw_conf_defaults(&fresh);
    if (!conf->file || nw_conf_load(&fresh, conf->file, &err) < 0 ||
        (fresh.opml_file && nw_conf_import_opml(&fresh, fresh.opml_file, fresh.opml_interval_ms, &err) < 0)) {
        log_error("reload: %s; the running configuration is kept", err.msg[0] ? err.msg : "no configuration file");
        nw_conf_cleanup(&fresh);
        return;
    }
    /* feeds: added, removed, interval changed, articles or credentials
     * changed */
    const struct sched_feeds *old = l->w.feedtab; /* the running list's table */
    struct sched_feeds *now = sched_feeds_new(fresh.feeds, fresh.nfeeds);
    size_t added = 0, removed = 0, changed = 0, other = 0;
    struct nw_buf names = {0};
    for (size_t i = 0; i < fresh.nfeeds; i++) {
        const struct nw_feed_conf *o = sched_feeds_find(old, fresh.feeds[i].url);
        if (!o) {
            added++;
            if (names.len < 400)
                nw_buf_printf(&names, "%s+%s", names.len ? " " : "", fresh.feeds[i].name);
        } else {
            const struct nw_feed_conf *f = &fresh.feeds[i];
            changed += o->interval_ms != f->interval_ms;
            other += o->no_articles != f->no_articles || !nw_str_same(o->user, f->user) ||
                     !nw_str_same(o->password, f->password) || !nw_strv_same(&o->headers, &f->headers);
        }
    }
    for (size_t i = 0; i < l->w.nfeeds; i++)
        if (!sched_feeds_find(now, l->w.feeds[i].url)) {
            removed++;
            if (names.len < 400)
                nw_buf_printf(&names, "%s-%s", names.len ? " " : "", l->w.feeds[i].name);
        }
    /* the new list and its table become the running ones, as they are */
    adopt_feeds(&l->w, fresh.feeds, fresh.nfeeds, now);
    fresh.feeds = NULL;
    fresh.nfeeds = 0;
    char others[96] = "";
    if (other)
        snprintf(others, sizeof others, ", %zu with new articles, credentials or headers", other);
    log_info("reload: %zu feeds: %zu added, %zu removed, %zu with a new interval%s%s%s", l->w.nfeeds, added, removed,
             changed, others, names.len ? ": " : "", names.len ? names.data : "");
    nw_buf_cleanup(&names);
    /* settings */
    struct nw_buf diff = {0};
    nw_conf_changed(conf, &fresh, &diff);
    if (diff.len) {
        /* the store's own settings are read only by this thread */
        struct nw_conf *live = (struct nw_conf *)conf;
        live->store.lease_ms = fresh.store.lease_ms;
        live->store.keep_ms = fresh.store.keep_ms;
        live->store.keep_items = fresh.store.keep_items;
        live->store.batch_max = fresh.store.batch_max;
        live->store.batch_ms = fresh.store.batch_ms;
        live->store.batch_bytes = fresh.store.batch_bytes;
        live->store.max_attempts = fresh.store.max_attempts;
        live->store.article_wait_ms = fresh.store.article_wait_ms;
        live->store.disable_after_ms = fresh.store.disable_after_ms;
        live->store.page_recheck_ms = fresh.store.page_recheck_ms;
        live->store.adaptive = fresh.store.adaptive;
        if (fresh.log_level && !getenv("NEWSWIRE_LOG"))
            nw_log_set_level(fresh.log_level);
        struct nw_buf later = {0};
        static const char *const live_keys[] = {"store.lease",        "store.keep",         "store.keep_items",
                                                "store.batch_max",    "store.batch_time",   "store.batch_bytes",
                                                "store.max_attempts", "store.article_wait", "store.disable_after",
                                                "store.adaptive",     "store.page_recheck", "log.level"};
        char *save, *tok = strtok_r(diff.data, " ", &save);
        struct nw_buf now_applied = {0};
        for (; tok; tok = strtok_r(NULL, " ", &save)) {
            bool is_live = false;
            for (size_t k = 0; k < sizeof live_keys / sizeof *live_keys; k++)
                is_live |= !strcmp(tok, live_keys[k]);
            nw_buf_printf(is_live ? &now_applied : &later, "%s%s", (is_live ? now_applied.len : later.len) ? ", " : "",
                          tok);
        }
        if (now_applied.len)
            log_info("reload: applied %s", now_applied.data);
        if (later.len)
            log_warn("reload: changed %s: applies at the next start", later.data);
        nw_buf_cleanup(&later);
        nw_buf_cleanup(&now_applied);
    }
    nw_buf_cleanup(&diff);
    nw_conf_cleanup(&fresh);
}

static void read_credits(struct loop *l);

/* Answers freed room in their hosts' windows: the next jobs go out now,
 * in this transaction, not at the next tick. The fetchers' latest reports
 * are read first: the room they give was made by these very answers, and
 * without it a host's window would drain to empty before it refills. */
static void issue_answered(struct loop *l, bool *answered, int64_t *issued)
{
    if (!*answered || l->failed)
        return;
    read_credits(l);
    issue_jobs(l, nw_now_ms());
    *issued = nw_mono_ms();
    *answered = false;
}

/* Reads results (and parsers' CREDITs) into one transaction: up to
 * batch_max messages, batch_time or batch_bytes, whichever comes first
 * (the bytes bound what a transaction of full-text results holds in
 * memory: the messages, kept for a redo, and LMDB's dirty pages). */
static void read_batch(struct loop *l)
{
    const struct nw_conf *conf = l->w.conf;
    bool bulk = l->opts->bulk;
    int64_t gap = bulk ? BULK_GAP_MS : BATCH_GAP_MS;
    int64_t window = bulk && conf->store.batch_ms < BULK_BATCH_MS ? BULK_BATCH_MS : conf->store.batch_ms;
    int64_t deadline = nw_mono_ms() + window;
    size_t bytes = 0;
    bool answered = false;
    int64_t issued = nw_mono_ms();
    if (begin(l) < 0)
        return;
    int max = bulk && conf->store.batch_max < BULK_BATCH_MAX ? BULK_BATCH_MAX : conf->store.batch_max;
    while ((int)l->nbatch < max && bytes < (size_t)conf->store.batch_bytes) {
        struct nw_msg *m = batch_slot(l);
        struct nw_err err = {0};
        int r = nw_msg_recv(l->results, m, ZMQ_DONTWAIT, conf->endpoints.max_message, &err);
        if (r == -2) {
            nw_msg_dropped("store", err.msg);
            continue;
        }
        if (r < 0) {
            /* more while they come back to back (up to batch_time); a
             * pause of BATCH_GAP_MS (BULK_GAP_MS) ends the batch: answers
             * are not kept waiting, nor the next jobs of their hosts */
            int64_t left = deadline - nw_mono_ms();
            if (left <= 0)
                break;
            zmq_pollitem_t p2 = {.socket = l->results, .events = ZMQ_POLLIN};
            if (zmq_poll(&p2, 1, (long)(left < gap ? left : gap)) <= 0)
                break;
            continue;
        }
        if (m->type != NW_MSG_RESULT && m->type != NW_MSG_CREDIT) {
            nw_msg_dropped("store", "a message of an unexpected type on the results endpoint");
            nw_msg_cleanup(m);
            continue;
        }
        l->nbatch++;
        bytes += m->wire_len;
        answered |= m->type == NW_MSG_RESULT && m->u.result.job.id;
        apply(l, m);
        if (l->opts->progress && m->type == NW_MSG_RESULT)
            atomic_fetch_add(&l->opts->progress->results, 1);
        if (nw_mono_ms() - issued >= BATCH_GAP_MS * 2)
            issue_answered(l, &answered, &issued); /* a long batch: not only at its end */
    }
    issue_answered(l, &answered, &issued);
    commit(l);
}

static void read_credits(struct loop *l)
{
    for (int i = 0; i < 1000; i++) {
        struct nw_msg m;
        struct nw_err err = {0};
        int r = nw_msg_recv(l->jobs, &m, ZMQ_DONTWAIT, l->w.conf->endpoints.max_message, &err);
        if (r == -2) {
            nw_msg_dropped("store", err.msg);
            continue;
        }
        if (r < 0)
            break;
        if (m.type == NW_MSG_CREDIT) {
            on_credit(l, &m);
            /* renew what it holds, in the next batch's transaction */
            if (m.u.credit.held.n && !l->failed && begin(l) == 0) {
                sched_renew(l->w.s, l->w.txn, m.u.credit.held.v, m.u.credit.held.n, nw_now_ms(),
                            l->w.conf->store.lease_ms);
                *batch_slot(l) = m; /* kept for a redo */
                l->nbatch++;
                continue;
            }
        } else {
            nw_msg_dropped("store", "a message of an unexpected type on the jobs endpoint");
        }
        nw_msg_cleanup(&m);
    }
}

static void count_failing(const char *url, const struct record_feed *f, void *arg)
{
    (void)url;
    if (f->failures > 0)
        ++*(long *)arg;
}

static uint64_t last_fetched(struct store *s)
{
    MDB_txn *txn;
    uint64_t t = 0;
    if (store_read_begin(s, &txn) != 0)
        return 0;
    MDB_cursor *cur;
    if (mdb_cursor_open(txn, s->items, &cur) == 0) {
        MDB_val k, v;
        if (mdb_cursor_get(cur, &k, &v, MDB_LAST) == 0) {
            struct record_item it;
            if (record_unpack(&record_item_noun, &it, v.mv_data, v.mv_size) == 0)
                t = (uint64_t)it.fetched;
            record_item_cleanup(&it);
        }
        mdb_cursor_close(cur);
    }
    mdb_txn_abort(txn);
    return t;
}

int store_stage_run(void *zctx, const struct nw_conf *conf, volatile int *stop, const struct store_stage_opts *opts)
{
    nw_thread_name("store");
    struct store s;
    struct nw_err err = {0};
    char replay_sock[4096]; /* STORE_REPLAY_SOCKET's path */
    bool replay_bound = false;
    struct loop *l = nw_calloc(1, sizeof *l);
    l->w.s = &s;
    l->w.conf = conf;
    l->w.progress = opts->progress;
    if (opts->progress) /* a replay's store: its closing line counts items once */
        l->w.counted = idset_new();
    l->w.replay = !opts->schedule_feeds;
    l->opts = opts;
    char what[256] = "";
    int rc = -1;
    if (store_open(&s, conf->store.path, conf->store.map_size, false, &err) < 0) {
        log_error("store: %s", err.msg);
        free(l);
        return err.code == STORE_ERR_LOCKED || err.code == STORE_ERR_SCHEMA ? -2 : -1;
    }
    l->w.last_fetched = (int64_t)last_fetched(&s);
    l->w.inflight = sched_hosts_new();
    MDB_txn *rt;
    int brc = store_read_begin(&s, &rt);
    if (brc == 0) {
        l->w.bands = bandmem_open(&s, rt, (size_t)(conf->store.band_memory / BANDMEM_ENTRY_BYTES), &brc);
        mdb_txn_abort(rt);
    }
    if (!l->w.bands) {
        log_error("store: cannot read the near-duplicate signatures: %s", mdb_strerror(brc));
        goto out;
    }
    atomic_store(&nw_stats.near_held, (long)bandmem_count(l->w.bands));
    /* live fetching is polite per host; an archive answers at once. A
     * host's window: enough jobs to keep its fetcher.per_host connections
     * busy while answers travel back through parser and store (4 each),
     * but never more than a quarter of a fetcher's room (2 x concurrency),
     * so that one slow host cannot fill a fetcher */
    int per_host = conf->fetcher.per_host, room = conf->fetcher.concurrency * 2;
    int window = clamp_int(per_host * 4, per_host, room / 4);
    /* a host whose answers come back fast holds a fetcher's room only
     * briefly: it may have more out, up to three quarters of that room */
    int fast = clamp_int(per_host * 16, window, room * 3 / 4);
    l->w.host_window = opts->schedule_feeds ? window : INT32_MAX;
    l->w.host_window_fast = opts->schedule_feeds ? fast : INT32_MAX;
    l->w.time_indexed = l->w.last_fetched;
    int hwm = conf->endpoints.hwm;
    snprintf(replay_sock, sizeof replay_sock, "%s/" STORE_REPLAY_SOCKET, conf->store.path);
    /* one left by a daemon that died would take a replay's results into
     * nothing (binding it again replaces it) */
    unlink(replay_sock);
    l->jobs = nw_zsock_open(zctx, ZMQ_ROUTER, conf->endpoints.jobs, true, hwm, 0, what);
    if (l->jobs)
        l->results = nw_zsock_open(zctx, ZMQ_PULL, conf->endpoints.results, true, hwm, 0, what);
    if (l->results)
        l->events = nw_zsock_open(zctx, ZMQ_PUB, conf->endpoints.events, true, hwm, 0, what);
    if (!l->events) {
        log_error("store: cannot %s: %s", what, zmq_strerror(errno));
        goto out;
    }
    if (opts->replay_ipc && !strncmp(conf->endpoints.results, "inproc://", 9)) {
        /* no other process reaches an in-process endpoint: a replay
         * connects to this second endpoint of the results socket (one
         * connection, so its results keep their order) */
        char ep[4200];
        snprintf(ep, sizeof ep, "ipc://%s", replay_sock);
        if (zmq_bind(l->results, ep) < 0)
            log_warn("store: cannot bind %s (%s): a replay cannot reach this daemon", ep, zmq_strerror(errno));
        else
            replay_bound = true;
    }
    if (opts->void_leases && begin(l) == 0) {
        long n = sched_void_leases(&s, l->w.txn);
        if (n > 0)
            log_info("store: %ld jobs of the previous run issued again", n);
        commit(l);
    }
    set_feeds(&l->w, conf->feeds, conf->nfeeds);
    long failing = 0;
    store_feeds(&s, count_failing, &failing);
    atomic_store(&nw_stats.feeds_failing, failing);
    if (opts->progress) {
        atomic_store(&opts->progress->feeds_failing, failing);
        atomic_store(&opts->progress->ready, 1);
    }
    log_info("store: %s open, %zu feeds", conf->store.path, l->w.nfeeds);
    int64_t next_tick = 0, next_prune = 0;
    bool add_new = true;
    while (!*stop && !l->failed) {
        int64_t now = nw_mono_ms();
        if ((opts->reload && *opts->reload) || (opts->poll_now && *opts->poll_now))
            next_tick = 0; /* a signal (its poll was interrupted): at once */
        if (now >= next_tick) {
            if (opts->reload && *opts->reload) {
                *opts->reload = 0;
                reload_feeds(l, conf);
                add_new = true;
            }
            if (opts->poll_now && *opts->poll_now) {
                /* a sweep over every feed, a few hundred per tick (a
                 * signal during one starts it again) */
                *opts->poll_now = 0;
                memset(&l->sweep, 0, sizeof l->sweep);
                l->sweep.since = nw_now_ms();
                l->sweeping = true;
            }
            bool prune = now >= next_prune;
            if (prune)
                next_prune = now + PRUNE_EVERY_MS;
            tick(l, add_new, prune);
            add_new = false;
            next_tick = nw_mono_ms() + (l->due_more ? 1 : TICK_MS);
            continue;
        }
        zmq_pollitem_t pi[2] = {{.socket = l->results, .events = ZMQ_POLLIN},
                                {.socket = l->jobs, .events = ZMQ_POLLIN}};
        /* a replay's store stops as soon as it is told to */
        int64_t wait = next_tick - now;
        if (opts->bulk && wait > BULK_GAP_MS)
            wait = BULK_GAP_MS;
        int n = zmq_poll(pi, 2, (long)wait);
        if (n <= 0)
            continue;
        if (pi[1].revents & ZMQ_POLLIN) {
            read_credits(l);
            if (l->nbatch && !(pi[0].revents & ZMQ_POLLIN))
                commit(l);
            next_tick = 0; /* room may have freed up: issue now */
        }
        if (pi[0].revents & ZMQ_POLLIN)
            read_batch(l);
    }
    /* drain what the stages before us already sent */
    for (int i = 0; i < 50 && !l->failed; i++) {
        zmq_pollitem_t pi = {.socket = l->results, .events = ZMQ_POLLIN};
        /* a replay's parsers are this process's threads, stopped before
         * us or idle: what they sent is in the queue already */
        if (zmq_poll(&pi, 1, opts->bulk ? 0 : 20) <= 0)
            break;
        read_batch(l);
    }
    rc = l->failed ? (l->full ? STORE_FULL : -1) : 0;
out:
    abort_txn(l);
    free_batch(l);
    free(l->batch);
    set_feeds(&l->w, NULL, 0);
    sched_feeds_free(l->w.feedtab);
    sched_hosts_free(l->w.inflight);
    bandmem_free(l->w.bands);
    idset_free(l->w.counted);
    dedup_scratch_free(&l->w.sig_scratch);
    for (size_t i = 0; i < l->npeers; i++)
        free(l->peers[i].worker);
    free(l->last_error);
    nw_zsock_close(l->jobs);
    nw_zsock_close(l->results);
    nw_zsock_close(l->events);
    if (replay_bound)
        unlink(replay_sock); /* while the store is still this process's */
    store_close(&s);
    free(l);
    return rc;
}
