#ifndef NW_SCHED_H
#define NW_SCHED_H

#include <lmdb.h>
#include <stdbool.h>
#include <stdint.h>

#include "../common/conf.h"
#include "record.h"
#include "store.h"

/* Feed state and jobs: what is due, what is leased, what to issue again.
 * All functions work inside the caller's write transaction and return 0
 * or an LMDB error code (MDB_MAP_FULL...), unless said otherwise.
 *
 * Deadlines are keys: a feed with no job out has a `due` key (next due
 * time + URL), every job a `leases` key (deadline + id). What is due now is
 * a range scan from the start of those indexes, so a tick costs O(due),
 * never O(feeds) or O(jobs). */

/* Next value of a counter in `meta` (starts at 1). */
int sched_counter_next(struct store *s, MDB_txn *txn, const char *name, uint64_t *out);

/* A feed's state as loaded, with the due key it is indexed under. */
struct sched_feed {
    struct record_feed r;
    bool exists;
    int64_t indexed_due; /* -1: not in the due index */
};

/* Loads a feed's state (a new feed: zeroed, exists = false). */
int sched_feed_load(struct store *s, MDB_txn *txn, const char *url, struct sched_feed *f);
/* Writes it back and moves its due key: a feed is in the due index at
 * r.next_due exactly when it has no job out (r.job == 0). */
int sched_feed_save(struct store *s, MDB_txn *txn, const char *url, struct sched_feed *f);
void sched_feed_cleanup(struct sched_feed *f);

/* Adds a job, ready at once: a feed job in the lane of deadline 0, an
 * article job at its creation time. An archive job (j->archive) is never
 * ready: it keeps the deadline the caller gave it, its hold. *id gets its
 * id. */
int sched_job_add(struct store *s, MDB_txn *txn, struct record_job *j, uint64_t *id);
/* Loads a job: 0, MDB_NOTFOUND, or -1 (unreadable). */
int sched_job_get(struct store *s, MDB_txn *txn, uint64_t id, struct record_job *j);
/* Moves a job's deadline (and lease flag), record and index together.
 * `j` is the job as loaded (its old deadline is its index key). */
int sched_job_move(struct store *s, MDB_txn *txn, uint64_t id, struct record_job *j, int64_t deadline, bool leased);
int sched_job_del(struct store *s, MDB_txn *txn, uint64_t id, const struct record_job *j);

/* Makes every job ready now: `run` starts with all of its stages, so any
 * lease in the store is a dead worker's. Returns the number freed, or -1. */
long sched_void_leases(struct store *s, MDB_txn *txn);

/* Feeds whose due time has come, as a table the scheduler can search: the
 * configured feeds by URL. */
struct sched_feeds;
struct sched_feeds *sched_feeds_new(const struct nw_feed_conf *feeds, size_t n);
void sched_feeds_free(struct sched_feeds *t);
const struct nw_feed_conf *sched_feeds_find(const struct sched_feeds *t, const char *url);

/* Creates a job for every configured feed due at now_ms (at most `max`),
 * and makes newly configured feeds due. Returns the number created
 * (or -1 on a storage error, *lmdb_rc set). */
int sched_due_feeds(struct store *s, MDB_txn *txn, const struct sched_feeds *t, const struct nw_feed_conf *feeds,
                    size_t nfeeds, bool add_new, int64_t now_ms, int max, int *lmdb_rc);

/* SIGUSR1's "poll every feed now", a step at a time: the due index is
 * walked from where the last step stopped (whatever the deadlines), and
 * up to `max` feeds get a job, but not those disabled, no longer
 * configured, or answered since the sweep began (polled by it already).
 * Nothing is rewritten but the feeds polled. Returns the jobs made (or -1
 * on a storage error, *lmdb_rc set); sw->done at the index's end. */
struct sched_sweep {
    int64_t since;               /* wall ms the sweep began */
    unsigned char from[8 + 512]; /* the last due-index key looked at */
    size_t from_len;             /* 0: from the first */
    bool done;
    long made;                   /* jobs made by the whole sweep */
};
int sched_sweep_feeds(struct store *s, MDB_txn *txn, const struct sched_feeds *t, int64_t now_ms,
                      struct sched_sweep *sw, int max, int *lmdb_rc);

/* Calls `send` for ready or expired jobs, oldest deadline first, while it
 * returns 0 and at most `max` times; each job sent is leased until
 * now + lease_ms. A job whose lease expired `max_expiries` times (its
 * worker died with it, again and again: a poison document) is handed to
 * `give_up` instead. Returns the number sent, or -1 on a storage error. */
typedef int (*sched_send_fn)(void *arg, uint64_t id, const struct record_job *j);
typedef void (*sched_give_up_fn)(void *arg, uint64_t id, struct record_job *j);
int sched_issue(struct store *s, MDB_txn *txn, int64_t now_ms, int64_t lease_ms, int max, int max_expiries,
                sched_send_fn send, sched_give_up_fn give_up, void *arg, int *lmdb_rc);

/* The same, fair to every host: `send` may also return 1 (the job's host
 * has enough in flight: the job waits and the scan goes on to others) or
 * -1 (no room at all: stop). A call looks at no more than 4 x max + 256
 * due jobs, starting at `from` (a lease key; all zero: the first) and
 * going round; `from` is set to where the next call should start, so
 * that jobs far down the index get their turn within a few calls. */
int sched_issue_from(struct store *s, MDB_txn *txn, int64_t now_ms, int64_t lease_ms, int max, int max_expiries,
                     sched_send_fn send, sched_give_up_fn give_up, void *arg, unsigned char from[16], int *lmdb_rc);

/* Jobs in flight per host (the host of a job's URL), for the fairness of
 * sched_issue_from's callers: a host with enough in flight waits, the
 * others go. count gives the counter of a URL's host (created at 0). */
struct sched_hosts;
struct sched_hosts *sched_hosts_new(void);
void sched_hosts_free(struct sched_hosts *h);
int *sched_hosts_count(struct sched_hosts *h, const char *url, int64_t *latency_ms);
/* A job of the URL's host answered (or given up): its count goes down;
 * latency_ms (issue to answer, -1 unknown) feeds the host's moving
 * average, which count gives back in *latency_ms (-1 while unknown). */
void sched_hosts_done(struct sched_hosts *h, const char *url, int64_t latency_ms);
/* A job of the URL's host went out: its count goes up. */
void sched_hosts_add(struct sched_hosts *h, const char *url);
/* The counts follow the store's transaction: add and done are journaled
 * until keep (the transaction committed); undo reverts them (it aborted:
 * its leases are gone, and the answers it applied are applied again on a
 * redo), so that no count drifts from the jobs the store holds leased. */
void sched_hosts_keep(struct sched_hosts *h);
void sched_hosts_undo(struct sched_hosts *h);

/* Renews the leases of jobs a live worker holds to now + lease_ms, but
 * not one renewed (or issued) in the last 2 s: with a lease of 2 s or
 * less every report renews. Returns the number renewed. */
int sched_renew(struct store *s, MDB_txn *txn, const uint64_t *ids, size_t n, int64_t now_ms, int64_t lease_ms);

/* The next poll time of a feed after a fetch: its interval after a
 * success; after `failures` consecutive failures, doubling, at most four
 * intervals, unless the server asked for longer (retry_after_ms). */
int64_t sched_next_due(int64_t now_ms, int64_t interval_ms, int failures, int64_t retry_after_ms);

#endif
