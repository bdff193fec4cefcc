#ifndef NW_STORE_H
#define NW_STORE_H

#include <jansson.h>
#include <lmdb.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "../common/conf.h"
#include "../common/err.h"

/* The store: one LMDB environment, the single source of truth (DESIGN §1,
 * §3). Named databases:
 *   items    seq (u64 BE)        -> item record
 *   ids      item id (16 bytes)  -> latest seq, content hash, rev
 *   pending  item id             -> item record waiting for its article
 *   near     band (3 bytes)      -> seq + simhash (dupsort)
 *   feeds    feed URL            -> feed state (validators, due time, health)
 *   jobs     job id (u64 BE)     -> job (kind, URL, lease deadline, attempts)
 *   cursors  group name          -> last seq read
 *   meta     name                -> counters */
struct store {
    MDB_env *env;
    MDB_dbi items, ids, pending, near, feeds, jobs, cursors, meta;
    bool readonly;
};

/* Opens (creating when writable) the environment in directory `path`.
 * Readers (tail, status) open it read-only while a writer runs.
 * Returns 0, or -1 with err set. */
int store_open(struct store *s, const char *path, uint64_t map_size, bool readonly, struct nw_err *err);
void store_close(struct store *s);

/* Calls cb for each item with seq >= from_seq, in order, until cb returns
 * non-zero or `max` items were given (0 = no limit). The item is borrowed
 * for the call; it includes "seq". Returns the number of items given, or
 * -1 on a storage error. */
long store_scan(struct store *s, uint64_t from_seq, size_t max, int (*cb)(json_t *item, void *arg), void *arg);

/* Highest committed seq, 0 when empty. */
uint64_t store_last_seq(struct store *s);

/* The first seq fetched at or after time t (seconds), or last seq + 1. */
uint64_t store_seq_since(struct store *s, int64_t t);

/* Store size, item counts and every feed's state, as a new object. */
json_t *store_status(struct store *s);

/* A consumer group's cursor: the last seq it has read (0 when new). */
int store_cursor_get(struct store *s, const char *group, uint64_t *seq);
int store_cursor_set(struct store *s, const char *group, uint64_t seq);

/* What the store stage reports to an in-process caller (replay). */
struct store_progress {
    atomic_ulong results;      /* RESULT messages handled */
    atomic_ulong jobs_pending; /* jobs in the jobs database after the last tick */
    atomic_int ready;          /* sockets bound, scheduler running */
    atomic_ulong ticks;        /* scheduler ticks done */
};

struct store_stage_opts {
    bool schedule_feeds;             /* false in replay: only article jobs are issued */
    struct store_progress *progress; /* may be NULL */
    volatile int *reload;            /* set by SIGHUP: re-read the feed list */
};

/* Runs the store stage until *stop is set: schedules feed jobs, re-issues
 * expired leases, commits results in batched transactions and publishes an
 * EVENT per new item. Returns 0, or -1 when it cannot start (logged). */
int store_stage_run(void *zctx, const struct nw_conf *conf, volatile int *stop, const struct store_stage_opts *opts);

#endif
