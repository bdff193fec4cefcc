#ifndef NW_STORE_H
#define NW_STORE_H

#include <lmdb.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "../common/conf.h"
#include "../common/err.h"
#include "record.h"

/* The store: one LMDB environment, the single source of truth (DESIGN §1,
 * §3). The databases and their records are listed in record.h. One
 * process writes (it holds `writer.lock` in the folder); any number read,
 * concurrently, read-only. */
struct store {
    MDB_env *env;
    MDB_dbi items, ids, pending, feeds, due, jobs, leases, near, bands, times, cursors, meta, aliases;
    bool readonly;
    int lock_fd;          /* the writer's lock, -1 for readers */
    char *path;
    uint64_t map_size;    /* current */
};

/* Error codes in nw_err.code from store_open besides errno values. */
enum { STORE_ERR_LOCKED = 1001, STORE_ERR_SCHEMA = 1002 };

/* Opens (creating when writable) the environment in directory `path`.
 * A writer takes the folder's lock (a second writer fails with
 * STORE_ERR_LOCKED, naming the process holding it), and migrates a store
 * of an older schema; a store of a newer schema is refused
 * (STORE_ERR_SCHEMA). Readers open it read-only while a writer runs.
 * Returns 0, or -1 with err set. */
enum store_mode {
    STORE_WRITER = 0,  /* the one writer: takes the lock, migrates */
    STORE_READER = 1,  /* read-only */
    STORE_CURSORS = 2, /* a reader that also moves consumer cursors (tail --group, groups) */
};
int store_open(struct store *s, const char *path, uint64_t map_size, int mode, struct nw_err *err);
void store_close(struct store *s);

/* Whether a writer holds the store in folder `path`: its pid, -1 when the
 * pid is unknown, 0 when none. */
long store_writer_running(const char *path);

/* Begins a read transaction, adopting a map the writer has grown.
 * Returns 0 or an LMDB error. */
int store_read_begin(struct store *s, MDB_txn **txn);

/* Grows the map of a writer to `size` (no transaction may be open).
 * Returns 0 or an LMDB error. */
int store_grow(struct store *s, uint64_t size);

/* Calls cb for each item with seq >= from_seq, in order, until cb returns
 * non-zero or `max` items were given (0 = no limit). The item is borrowed
 * for the call. Returns the number of items given, or -1 on a storage
 * error. */
long store_scan(struct store *s, uint64_t from_seq, size_t max, int (*cb)(const struct record_item *it, void *arg),
                void *arg);

/* A u64 of the `meta` table (0 when absent), and setting one, in txn. */
uint64_t store_meta_get(struct store *s, MDB_txn *txn, const char *name);
int store_meta_put(struct store *s, MDB_txn *txn, const char *name, uint64_t x);
/* Like store_meta_get, into *x; false when the counter is not there. */
bool store_meta_find(struct store *s, MDB_txn *txn, const char *name, uint64_t *x);

/* The meta counter of stories with a stored record (store_counts' items),
 * kept by the writer (policy.c) since the store had it. */
#define STORE_META_STORIES "stories"

/* Highest committed seq, 0 when empty. */
uint64_t store_last_seq(struct store *s);

/* The first seq committed at or after time t (seconds), or last seq + 1:
 * one lookup in the `times` index. */
uint64_t store_seq_since(struct store *s, int64_t t);

/* Counts for `status`: records are the stored revisions, items the
 * stories that have one (each counted once, whatever its revisions; not
 * those waiting for their page, pending, nor those only seen in a feed's
 * backlog or whose records retention took). */
struct store_counts {
    uint64_t size_bytes, map_size, records, items, pending, jobs, leased, last_seq, clusters_indexed;
};
int store_counts(struct store *s, struct store_counts *c);

/* Calls cb for every feed's state (borrowed), in URL order. */
int store_feeds(struct store *s, void (*cb)(const char *url, const struct record_feed *f, void *arg), void *arg);

/* Consumer groups' cursors. get gives 0 for a new group. list calls cb for
 * each group; delete returns 0, or -1 when there is no such group. */
int store_cursor_get(struct store *s, const char *group, uint64_t *seq);
int store_cursor_set(struct store *s, const char *group, uint64_t seq);
int store_cursor_delete(struct store *s, const char *group);
int store_cursor_list(struct store *s, void (*cb)(const char *group, const struct record_cursor *c, void *arg),
                      void *arg);

/* What the store stage reports to an in-process caller (run, replay). */
struct store_progress {
    atomic_ulong results;      /* RESULT messages handled */
    atomic_ulong committed;    /* RESULT messages handled and committed */
    atomic_ulong feeds_committed; /* of them, a feed's */
    atomic_ulong jobs_pending; /* jobs in the jobs database (at the last tick or commit) */
    atomic_int ready;          /* sockets bound, scheduler running */
    atomic_int failed;         /* intake stopped (store full, disk error) */
    atomic_ulong ticks;        /* scheduler ticks done */
    atomic_ulong items_new, items_revised, items_unchanged, items_dup;
    atomic_long feeds_failing; /* feeds whose last fetch failed */
};

struct store_stage_opts {
    bool schedule_feeds;             /* false in replay: only article jobs are issued */
    bool void_leases;                /* true in `run`: every lease is its own dead workers' */
    struct store_progress *progress; /* may be NULL */
    volatile int *reload;            /* set by SIGHUP: re-read the feed list */
    volatile int *poll_now;          /* set by SIGUSR1: every feed due now */
    bool bulk;                       /* a replay's own store: larger transactions (see read_batch) */
    bool replay_ipc;                 /* a daemon: with an in-process results endpoint, results are also
                                      * taken on ipc://STORE/results.ipc, a replay's way in */
};

/* The socket, in the store's folder, on which a daemon whose results
 * endpoint is in-process takes a replay's results (store_stage_opts). */
#define STORE_REPLAY_SOCKET "results.ipc"

/* Runs the store stage until *stop is set: schedules feed jobs, issues
 * jobs to fetchers that have room, renews leases of work in progress,
 * commits results in batched transactions and publishes an EVENT per
 * commit. Returns 0; -1 when it cannot start or had to stop intake
 * (logged); -2 when the store is locked by another writer or of a newer
 * schema (a usage error for the caller); STORE_FULL when intake stopped
 * because the store reached store.max_size or its disk is full: starting
 * again fetches what is due and fails the same way until someone makes
 * room (the caller's exit status says so, and systemd does not restart
 * on it). */
#define STORE_FULL (-3)
int store_stage_run(void *zctx, const struct nw_conf *conf, volatile int *stop, const struct store_stage_opts *opts);

#endif
