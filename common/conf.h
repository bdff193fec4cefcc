#ifndef NW_CONF_H
#define NW_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "noun.h"

struct nw_feed_conf {
    char *name;
    char *url; /* as the feed is known everywhere: without the password its URL may give */
    int64_t interval_ms;
    int line; /* of its section in the file (0: imported) */
    /* the user name and password of a URL "https://user:pw@host/...",
     * decoded: sent only to the feed's own host, never logged or stored */
    char *user, *password;
    struct nw_strv tags; /* its `tags`, or the OPML folders it sits in and its category attribute */
    bool no_articles;    /* `articles = no`: its items keep the feed's text, no page is fetched */
    /* its `header` lines ("Name: value", as written), sent with its own
     * requests (not its pages'); like the password, never logged or
     * stored */
    struct nw_strv headers;
};

/* The whole pipeline.conf. Every key has a row in conf.c's table. */
struct nw_conf {
    char *file; /* the file it came from, or NULL for defaults */
    struct {
        char *path;         /* LMDB directory, resolved against the file's folder */
        uint64_t map_size;  /* the map at start */
        uint64_t max_size;  /* the map grows up to this when full */
        int64_t lease_ms;   /* a job whose worker gave no sign of life for this long is issued again */
        int64_t keep_ms;    /* items older than this are pruned (0 = kept forever) */
        uint64_t keep_items; /* at most this many item records are kept (0 = no limit) */
        int batch_max;      /* results per write transaction at most */
        int64_t batch_ms;   /* ... or this long, whichever comes first */
        int64_t batch_bytes; /* ... or results of this many bytes */
        uint64_t band_memory; /* the newest items' near-duplicate band entries held in memory (store/bandmem.h) */
        int max_attempts;   /* article jobs given up after this many tries */
        int first_fetch_max; /* a feed's first fetch stores at most this many items, the newest (0 = all) */
        int64_t first_fetch_age_ms; /* ... and none older than this (0 = no age limit) */
        int64_t article_wait_ms;    /* an item waits this long for its article, then keeps its summary (0 = no limit) */
        int64_t disable_after_ms;   /* a feed answering 404 this long is no longer polled (0 = never) */
        int64_t page_recheck_ms;    /* a page subscribed to for the feed it announces is read again this
                                       often, and the feed it announces then followed (0 = never) */
        bool adaptive;              /* intervals follow each feed's publishing rate, within [interval, 4 x interval] */
    } store;
    struct {
        int concurrency;
        int per_host;
        int64_t timeout_ms;
        uint64_t max_body;
        char *user_agent;
        char *contact;          /* a URL or address for publishers, sent in the User-Agent */
        uint64_t low_speed;     /* a transfer slower than this (bytes/s) ... */
        int64_t low_speed_ms;   /* ... for this long is given up (slow-loris) */
        uint64_t max_header;    /* response headers larger than this are refused */
        bool allow_private;
        int max_redirects;
        int64_t host_delay_ms;  /* at least this long between two requests to one host */
        bool robots;            /* article pages obey their site's robots.txt */
        int64_t robots_max_age_ms; /* a robots.txt is asked again after this long */
        char *archive;          /* folder of WARC files of every fetch, or NULL */
        uint64_t archive_max;   /* a WARC file is closed at this size */
        int64_t archive_age_ms; /* ... or this age */
    } fetcher;
    struct {
        int workers;
        uint64_t max_doc;   /* documents above this size are refused */
        uint64_t item_cache; /* bytes of the feed item facts cache (itemcache.h), 0: none */
    } parser;
    struct {
        char *jobs, *docs, *results, *events; /* events defaults to ipc://STORE/events.ipc */
        int hwm;
        uint64_t max_message; /* a message larger than this is dropped */
    } endpoints;
    char *log_level;
    char *metrics_listen;
    struct {
        char *curve_public, *curve_secret; /* the deployment's CURVE key pair (Z85), or NULL */
        char *curve_allow;                 /* other client public keys admitted, space-separated */
        char *curve_server;                /* the servers' public key when it is not curve_public */
    } security;     /* [metrics] listen: HOST:PORT of the metrics endpoint, or NULL (off) */
    char *opml_file;          /* feed list to import, or NULL */
    int64_t opml_interval_ms; /* interval of the imported feeds */
    struct nw_feed_conf *feeds;
    size_t nfeeds;
};

/* Frees what a feed's configuration holds. */
void nw_feed_conf_cleanup(struct nw_feed_conf *f);
/* dst as a copy of src (dst's old contents are not freed). */
void nw_feed_conf_copy(struct nw_feed_conf *dst, const struct nw_feed_conf *src);

/* Fills `c` with the defaults. */
void nw_conf_defaults(struct nw_conf *c);

/* Reads an INI file over the defaults. On a syntax error, unknown section or
 * key, or bad value: returns -1 with err->msg "FILE:LINE: what is wrong".
 * A relative store path is taken relative to the file's folder. */
int nw_conf_load(struct nw_conf *c, const char *file, struct nw_err *err);

/* Adds the feeds of an OPML subscription list (outline elements with an
 * xmlUrl) to c->feeds, each with `interval_ms`; a feed already configured
 * (same URL) is left as it is. Returns the number added, or -1 with err set. */
int nw_conf_import_opml(struct nw_conf *c, const char *file, int64_t interval_ms, struct nw_err *err);

/* Appends to out the "section.key" names (space-separated) of the settings
 * whose values differ between a and b (feeds aside). */
struct nw_buf;
void nw_conf_changed(const struct nw_conf *a, const struct nw_conf *b, struct nw_buf *out);

void nw_conf_cleanup(struct nw_conf *c);

#endif
