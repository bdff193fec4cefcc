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

/* Replay: a fetcher whose source is files instead of the network. The
 * inputs are read once, in order, by replay_run's thread: each feed is
 * sent as it is met, each page is indexed by its URL (and sent at once
 * when an article job already asks for it). */
struct replay_file {
    char *path;
    uint64_t size;
};

/* A response of a WARC file met in the inputs, by its payload digest: a
 * revisit that names that payload for another URL is replayed with it. */
struct replay_payload {
    uint64_t key;          /* XXH3 of the digest (lower case); 0: an empty slot */
    uint64_t offset;       /* of its record, read again with warc_read_at */
    uint32_t url;          /* url_hash of the response's canonical URL, its low half */
    uint32_t file : 30;    /* in files */
    uint32_t replayed : 1; /* 0: left out (older than --since) */
    uint32_t seekable : 1; /* 0: in a whole-file gzip, not read again */
};
#define REPLAY_MAX_PAYLOADS ((size_t)1 << 20) /* responses remembered: 48 MiB of index at most */

/* A page sent as it was read, before any feed document: no job can be
 * waiting for it, so it is remembered only as where to read it again, in
 * 24 bytes rather than its URL (a feed read later may list it under its
 * archived address while its item was stored under the page's canonical
 * link; its article job then finds it here). An archive of pages alone,
 * as CC-NEWS publishes them, is so replayed in memory that grows by these
 * bytes per page and no more. */
struct replay_sent {
    uint64_t hash;          /* of its canonical URL (XXH3-128's low half); 0: an empty slot */
    uint64_t offset;        /* of its record in a WARC file */
    uint32_t check;         /* 32 more bits of that hash */
    uint32_t file : 29;     /* in files */
    uint32_t warc : 1;      /* a record, else a file of its own */
    uint32_t only_here : 1; /* a record of a whole-file gzip: not read again */
    uint32_t truncated : 1;
};

/* What the archive holds for an address besides a document: a redirect
 * (a 3xx answer's Location, or a page's refresh, refresh.h), or a failure
 * (an HTTP error status, or a fetch that got no answer, as newswire's
 * fetcher archives it). An article job asking for `from` is answered with
 * the page the redirects lead to, as the live fetcher that followed them
 * was; one for an address that only failed, with that failure. */
struct replay_answer {
    char *from;  /* canonical */
    char *to;    /* a redirect: absolute, as resolved; NULL for a failure */
    int status;  /* a failure's HTTP status, or 0 */
    char *error; /* a failure's fetch error, or NULL */
};

struct replay {
    struct replay_file *files; /* regular files under the paths given, in order */
    size_t nfiles;
    uint64_t bytes_total;      /* their sizes */
    struct replay_src *pages;  /* HTML pages met so far (replay_run's thread only) */
    size_t npages;
    size_t *page_index;        /* open addressing over pages by URL (page number + 1; 0 = empty) */
    size_t page_index_cap;
    struct replay_sent *sent; /* pages sent as read, by URL (open addressing; replay_run's thread only) */
    size_t nsent, sent_cap;
    struct replay_answer *answers; /* redirects and failures, by address (replay_run's thread only) */
    size_t nanswers;
    size_t *answer_index; /* open addressing over answers by from (number + 1; 0 = empty) */
    size_t answer_index_cap;
    const char *page_url;      /* --url: the address of loose HTML without a canonical link */
    char *(*find_url)(const char *data, size_t len); /* a loose page's own address (html_page_url), or NULL */
    char **map_path, **map_url; /* --url-map: file -> address of loose HTML (real paths) */
    size_t nmap;
    bool reextract;            /* pages no job asked for revise the stored items of their URL */
    const char *archive;       /* into a running daemon: this replay's name, on every document's ticket */
    int64_t since;             /* WARC records older than this (seconds) are left out; 0 = all */
    size_t cache_bytes;        /* pages read kept for the article jobs to come (REPLAY_CACHE by default) */
    const atomic_ulong *feeds_committed; /* an in-process store's count of feed results committed, or NULL */
    atomic_ulong skipped;      /* files and records that are neither feed nor page */
    atomic_ulong robots;       /* archived robots.txt files (neither, and no document) */
    atomic_ulong redirects_found; /* 3xx answers and pages' refreshes (refresh.h) read */
    atomic_ulong failed;       /* unreadable files, malformed records */
    atomic_ulong records, revisits;   /* WARC records read; revisits */
    atomic_ulong revisits_resolved;   /* replayed with the response whose payload they repeat */
    atomic_ulong revisits_unresolved; /* naming a payload no response read before them holds, or one
                                         that cannot be read again (a whole-file gzip) */
    atomic_ulong repeats;             /* responses with the payload of one replayed before at their URL */
    struct replay_payload *payloads;  /* open addressing, by key (replay_run's thread only) */
    size_t npayloads, payloads_cap;
    atomic_ulong feeds_found, pages_found;
    atomic_uint_least64_t bytes_read; /* of bytes_total, for progress */
    atomic_ulong send_failed;  /* documents that could not be read again when sent */
    atomic_ulong pages_missing; /* article jobs answered "not in the replayed archive" (DOCs too) */
    atomic_ulong failures_replayed; /* article jobs answered with the failure archived for their address */
    atomic_ulong docs_sent;    /* documents read and sent: feeds, pages answering article jobs, other pages */
    atomic_int feeds_done;     /* every input has been read: every feed has been sent */
    atomic_int send_pages;     /* set by the caller: send pages no job asked for */
    atomic_int pages_done;
};

/* Lists the regular files under the paths given (folders recursively, in
 * name order) for replay_run, which recognises them by content: feed
 * documents, HTML pages, WARC files (plain or gzip) and gzip of any of
 * them; other files are counted in `skipped`. page_url (may be NULL) is
 * the address of loose pages that name none; url_map (may be NULL) a
 * file of "PATH<TAB>URL" lines giving each its own. r->reextract,
 * r->since, r->cache_bytes and r->find_url (how a loose page's own
 * address is read from it; the fetcher does not parse HTML) are kept.
 * Returns 0, or -1 with a message on stderr naming the path. */
#define REPLAY_CACHE ((size_t)48 << 20)
int replay_open(struct replay *r, char *const *paths, int npaths, const char *page_url, const char *url_map);
void replay_cleanup(struct replay *r);

/* Reads the inputs, sending the feeds as DOCs and answering article JOBs
 * from the pages (a job for a page not read yet waits for it, or for the
 * end of the inputs), then sends the unclaimed pages when asked, until
 * *stop is set. */
int replay_run(void *zctx, const struct nw_conf *conf, struct replay *r, volatile int *stop);

#endif
