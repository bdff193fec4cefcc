#ifndef NW_SCHED_H
#define NW_SCHED_H

#include <jansson.h>
#include <lmdb.h>
#include <stdint.h>

#include "../common/conf.h"
#include "store.h"

/* Feed state and jobs: what is due, what is leased, what to issue again.
 * All functions work inside the caller's write transaction. */

/* Next value of a counter in `meta` (starts at 1). */
uint64_t sched_counter_next(struct store *s, MDB_txn *txn, const char *name);

/* A feed's state, new object (empty when the feed is new). */
json_t *sched_feed_get(struct store *s, MDB_txn *txn, const char *url);
int sched_feed_put(struct store *s, MDB_txn *txn, const char *url, const json_t *state);

/* Stores a new job (fields borrowed) and returns its id. */
uint64_t sched_job_add(struct store *s, MDB_txn *txn, const json_t *job);
json_t *sched_job_get(struct store *s, MDB_txn *txn, uint64_t id);
int sched_job_put(struct store *s, MDB_txn *txn, uint64_t id, const json_t *job);
int sched_job_del(struct store *s, MDB_txn *txn, uint64_t id);

/* Creates a job for every configured feed that is due and has none.
 * Returns the number created. */
int sched_due_feeds(struct store *s, MDB_txn *txn, const struct nw_feed_conf *feeds, size_t nfeeds, int64_t now_ms);

/* Sends every job whose lease has expired (or that was never sent) on
 * `sock`, without blocking, and leases it for `lease_ms`. Jobs that have
 * had `max_attempts` tries are returned in *expired (a new array the
 * caller owns, each element {"id":..,"job":{..}}) instead. Returns the
 * number sent. */
int sched_issue(struct store *s, MDB_txn *txn, void *sock, int64_t now_ms, int64_t lease_ms, int max_attempts,
                json_t **expired, unsigned long *pending);

/* The next poll time of a feed after a fetch: its interval after a
 * success; after `failures` consecutive failures, doubling, at most four
 * intervals, unless the server asked for longer (retry_after_ms). */
int64_t sched_next_due(int64_t now_ms, int64_t interval_ms, int failures, int64_t retry_after_ms);

#endif
