#ifndef NW_WRITER_H
#define NW_WRITER_H

#include <lmdb.h>
#include <stdint.h>

#include "../common/conf.h"
#include "../common/msg.h"
#include "dedup.h"
#include "idset.h"
#include "record.h"
#include "sched.h"
#include "store.h"

/* The one writer's state, shared by the writer loop (stage.c) and the item
 * policy (policy.c). Everything happens inside w->txn; the first LMDB error
 * of a transaction is kept in w->rc and the batch is then redone or given
 * up by the loop, never half-committed. */
struct writer {
    struct store *s;
    const struct nw_conf *conf;
    MDB_txn *txn;
    int rc;                      /* first LMDB error in this transaction */
    uint64_t top_seq;            /* highest seq written in this transaction */
    uint64_t nnew;               /* items written in this transaction */
    int64_t last_fetched;        /* seconds: fetched times never go back */
    int64_t time_indexed;        /* the last second put in the time index */
    struct nw_feed_conf *feeds;  /* the configured feeds (owned copy) */
    size_t nfeeds;
    struct sched_feeds *feedtab; /* ... found by URL */
    struct store_progress *progress;
    bool replay;                 /* a replay's own store: its pages answer the article jobs, and a page
                                    not in its inputs is counted by the replay, not logged per item */
    struct sched_hosts *inflight; /* jobs sent and not answered, per host */
    struct bandmem *bands;        /* the newest items' near-duplicate band entries (store/bandmem.h) */
    struct dedup_scratch sig_scratch; /* dedup_signature_in's memory, from one item to the next */
    /* a replay's: the items it counted, so that its closing line counts an
     * item once (its feed entry and its page, two feeds listing it); NULL
     * in the daemon, whose counts are of listings */
    struct idset *counted;
    int host_window;              /* at most this many in flight to one host */
    int host_window_fast;         /* ... to one that answers within FAST_HOST_MS on average */
    unsigned char issue_from[16]; /* where the next scheduler tick resumes */
    /* counts of this transaction, added to progress on commit */
    unsigned long c_new, c_revised, c_unchanged, c_dup;
    unsigned long c_unchanged_items; /* of c_unchanged, the items not counted before (all without `counted`) */
    long c_failing;              /* change in the number of failing feeds */
    unsigned long c_clusters;    /* new items starting a cluster */
    int64_t c_stories;           /* change in the number of stories with a stored record */
    unsigned long feed_results, feed_ok; /* since start, for the all-failing warning */
    bool all_failing_said;
};

/* Writes what the transaction's results changed in the store's counts
 * (the stories with a stored record, `status`'s items) into w->txn, just
 * before it commits; an LMDB error, else 0. */
int policy_before_commit(struct writer *w);

/* Applies one RESULT (borrowed) in w->txn. now_ms is the wall clock. */
void policy_result(struct writer *w, const struct nw_result *res, int64_t now_ms);

/* An article job given up (no answer after its tries or its worker died
 * with it every time): its item is stored with its feed summary and the
 * reason. The job is deleted. */
void policy_give_up(struct writer *w, uint64_t id, struct record_job *j, const char *why);

/* A feed's rhythm after a successful fetch at `now` (store.adaptive),
 * kept in r. Contract:
 *  - `active` (the fetch brought a new or changed item): the usual gap
 *    between active fetches is a moving average (3/4 old, 1/4 new, a new
 *    gap counted at most twice the old average: its nights); the
 *    feed is polled at half that gap, so a story waits on average a
 *    quarter of the gap, never more often than its interval nor less
 *    often than 4 intervals; the longest gap lately is kept too (one
 *    about as long seen again keeps it; after a month without one, it
 *    counts half), but not a gap flagged silent after the feed's first
 *    8 days (an outage, not its rhythm);
 *  - not active: the interval grows by a quarter, up to 4 intervals;
 *  - a feed with a known rhythm that brought nothing for 10 gaps (and 10
 *    intervals), and for twice the longest gap lately (its nights and
 *    weekends, once seen, are no silence), is flagged silent, once, and
 *    unflagged when it publishes. */
void policy_feed_rhythm(const struct writer *w, struct record_feed *r, int64_t interval, bool active, int64_t now,
                        const char *feed_url);

/* Deletes items past retention ([store] keep, keep_items), at most `max`
 * per call, with their signatures, band and time index entries. Their ids
 * stay, so that a feed still listing them does not bring them back.
 * Returns the number deleted. */
int policy_prune(struct writer *w, int64_t now_ms, int max);

#endif
