#ifndef NW_STATS_H
#define NW_STATS_H

#include <stdatomic.h>
#include <stdint.h>

#include "buf.h"

/* Counters of this process, for the metrics endpoint: each stage adds to
 * its own; stats.c declares every one once, with its name and help, and
 * renders them in the Prometheus text format. */

#define NW_COMMIT_BUCKETS 10

struct nw_stats {
    /* fetcher */
    atomic_ulong fetch_ok, fetch_not_modified, fetch_unchanged, fetch_http_error, fetch_failed, fetch_refused,
        fetch_bytes;
    atomic_ulong fetch_truncated; /* 2xx bodies cut at fetcher.max_body (counted ok as well) */
    atomic_ulong fetch_redirects, fetch_refreshes; /* followed: 3xx answers, pages' refreshes */
    atomic_long fetch_in_flight;
    atomic_llong fetcher_beat_ms;      /* monotonic ms of the fetcher loop's last turn */
    /* parser */
    atomic_ulong parse_docs, parse_feed_failures, parse_page_failures;
    atomic_ulong parse_bot_checks, parse_consent_forms;  /* pages served in place of the article */
    atomic_ulong parse_items_cached, parse_items_worked; /* feed items whose facts came from the cache, or not */
    atomic_ulong parse_items_known; /* feed entries the store has from the feed's last body: text left out */
    /* store */
    atomic_ulong items_new, items_revised, items_unchanged, items_dup, clusters;
    atomic_ulong lease_reissues, commits;
    atomic_long jobs_pending, feeds_configured, feeds_failing;
    atomic_long near_held;             /* near-duplicate index entries held in the writer's memory */
    atomic_llong writer_beat_ms;       /* monotonic ms of the writer's last commit or idle tick */
    atomic_ulong commit_le[NW_COMMIT_BUCKETS]; /* commit latency histogram (cumulative at render) */
    atomic_ullong commit_us_sum;
};

extern struct nw_stats nw_stats;

/* Counts one commit that took `us` microseconds. */
void nw_stats_commit(uint64_t us);

/* Appends every metric, Prometheus text format 0.0.4, to out. */
void nw_stats_render(struct nw_buf *out);

#endif
