#ifndef NW_FETCHER_H
#define NW_FETCHER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/conf.h"

/* The fetcher stage: JOBs in (feeds and article pages to download), DOCs
 * out (response body and HTTP facts). */

/* Runs the HTTP fetcher until *stop is set. Returns 0, or -1 when the
 * sockets cannot be set up (logged). */
int fetcher_stage_run(void *zctx, const struct nw_conf *conf, volatile int *stop);

/* "STAGE PID@HOST": how a worker names itself in its CREDIT reports. */
void fetcher_worker_name(const char *stage, char *out, size_t n);

/* Sends a CREDIT report on a DEALER socket to the store: `credit` more
 * jobs can be taken, `held` (may be NULL) are in progress, `taken` jobs
 * were received since the start. Returns 0 or -1 (queue full: try later). */
struct nw_u64v;
int fetcher_report(void *sock, const char *worker, int64_t credit, const struct nw_u64v *held, uint64_t taken);

/* The room a fetcher reports (credit-based flow control). The store sends
 * no more jobs than the last report allowed; every job received spends
 * one of it. A report is due when the room is larger than what the store
 * believes (at most every min_gap_ms), and every every_ms regardless. */
struct fetcher_credit {
    int64_t capacity;     /* jobs a fetcher holds at most */
    int64_t believed;     /* the room the store has left of the last report (-1: none yet) */
    int64_t last_report;  /* mono ms */
    int64_t min_gap_ms, every_ms;
    uint64_t taken;       /* jobs received since the start (sent with each report) */
};
void fetcher_credit_init(struct fetcher_credit *c, int64_t capacity, int64_t min_gap_ms, int64_t every_ms);
/* A job arrived: the store spent one of the room reported. */
void fetcher_credit_spent(struct fetcher_credit *c);
/* The room to report now (>= 0), or -1 when no report is due. */
int64_t fetcher_credit_due(const struct fetcher_credit *c, int64_t in_flight, int64_t now_ms);
/* A report of `room` went out at now_ms. */
void fetcher_credit_reported(struct fetcher_credit *c, int64_t room, int64_t now_ms);

/* Replay: a fetcher whose source is files instead of the network. */
struct replay {
    struct replay_src *feeds;  /* feed documents to send */
    size_t nfeeds;
    struct replay_src *pages;  /* HTML pages, by canonical URL */
    size_t npages;
    size_t *page_index;        /* open addressing over pages by URL (page number + 1; 0 = empty) */
    size_t page_index_cap;
    const char *page_url;      /* --url: the address of loose HTML without a canonical link */
    char **map_path, **map_url; /* --url-map: file -> address of loose HTML (real paths) */
    size_t nmap;
    bool reextract;            /* pages no job asked for revise the stored items of their URL */
    int64_t since;             /* WARC records older than this (seconds) are left out; 0 = all */
    unsigned long skipped;     /* files and records that are neither feed nor page */
    unsigned long failed;      /* unreadable files, malformed records */
    unsigned long records, revisits; /* WARC records read; revisits (nothing new) */
    atomic_ulong send_failed;  /* documents that could not be read again when sent */
    atomic_ulong docs_sent;    /* documents read and sent: feeds, pages answering article jobs, other pages */
    atomic_int feeds_done;     /* every feed has been sent */
    atomic_int send_pages;     /* set by the caller: send pages no job asked for */
    atomic_int pages_done;
};

/* Collects feeds and HTML pages from files and folders (recursively),
 * recognised by content: feed documents, HTML pages, WARC files (plain or
 * gzip) and gzip of any of them; other files are counted in `skipped`.
 * page_url (may be NULL) is the address of loose pages that name none;
 * url_map (may be NULL) a file of "PATH<TAB>URL" lines giving each its own.
 * r->reextract and r->since are kept. Returns 0, or -1 with a message on
 * stderr naming the path. */
int replay_open(struct replay *r, char *const *paths, int npaths, const char *page_url, const char *url_map,
                size_t max_body);
void replay_cleanup(struct replay *r);

/* Sends the feeds as DOCs, answers article JOBs from the pages, and sends
 * the unclaimed pages when asked, until *stop is set. */
int replay_run(void *zctx, const struct nw_conf *conf, struct replay *r, volatile int *stop);

#endif
