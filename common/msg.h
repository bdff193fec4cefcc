#ifndef NW_MSG_H
#define NW_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "noun.h"

/* Stage messages (DESIGN §2). On the wire a message is a ZeroMQ multipart:
 *   frame 1  4-byte header: 'N' 'W' version type
 *   frame 2  JSON object of the noun's fields (one field table per noun)
 *   frame 3  optional raw body bytes (a DOC's response body)
 * preceded, on the store's ROUTER socket, by the peer's routing frame.
 * This module declares every message noun and is the only code that packs
 * or unpacks their bytes. */

#define NW_MSG_VERSION 2

enum nw_msg_type {
    NW_MSG_JOB = 1,    /* store -> fetcher: a feed or article to fetch */
    NW_MSG_DOC = 2,    /* fetcher -> parser: response body and HTTP facts */
    NW_MSG_RESULT = 3, /* parser -> store: items, article, feed state */
    NW_MSG_EVENT = 4,  /* store -> subscribers: "seq N committed" */
    NW_MSG_CREDIT = 5, /* fetcher/parser -> store: jobs held (heartbeat) and room for more */
};

/* What a job asks for; a result has the kind of its job. */
enum nw_kind {
    NW_KIND_NONE = 0,
    NW_KIND_FEED = 1,    /* a feed document */
    NW_KIND_ARTICLE = 2, /* the page of a stored feed item */
    NW_KIND_PAGE = 3,    /* a page nobody asked for (replayed loose HTML): stored as an item of its own */
    NW_KIND_REVISE = 4,  /* an archived page extracted again: revises the stored item of its URL */
    NW_KIND_ARCHIVE_END = 5, /* a replay into a running daemon has sent every document, or was interrupted
                                (result only, no items; error "interrupted"): its items still waiting for a
                                page keep their feed summary */
};

/* A job, as the store issues it. Fetcher and parser pass it on whole and
 * untouched (the ticket): only the store reads its id. */
struct nw_job {
    uint64_t id;            /* the store's job id; 0 for documents no job asked for (replay) */
    int kind;               /* enum nw_kind */
    char *url;              /* what to fetch */
    char *etag;             /* validators for a conditional GET (feeds) */
    char *last_modified;
    bool guard;             /* the SSRF guard applies (article links found in feeds) */
    char *archive;          /* set by a replay into a running daemon, its name: the articles of this
                               document's items come from that replay's archive, never from the web */
    char *digest;           /* feeds: nw_body_digest of the body last parsed, kept with the validators */
    char *user, *password;  /* feeds: the credentials their configured URL gives (HTTP authentication);
                               never passed on with the DOC */
    struct nw_strv headers; /* feeds: their configured `header` lines ("Name: value"); like the
                               password, sent to the feed's own origin only and never passed on */
    struct nw_u64v known;   /* feeds: the nw_item_input of every entry the store took from the body
                               it last parsed (kept with the digest): an entry with one of these
                               has the text the store has, and comes without it (nw_item.known) */
};

struct nw_enclosure {
    char *url, *type;
    int64_t length;
};

/* An item as the parser hands it to the store: a feed entry, or the
 * extracted article of a page. Texts are valid UTF-8. */
struct nw_item {
    char *guid, *url, *title, *author;
    char *published, *updated; /* RFC 3339, or a day "2020-02-15" */
    char *summary;             /* HTML summary (feed) or the page's description */
    char *text;                /* plain text of the body */
    char *lang, *site_name;
    int64_t word_count;
    bool needs_article;        /* the feed gave only a summary: fetch the page */
    uint64_t input;            /* feed entries: nw_item_input of the entry (0 for pages) */
    bool known;                /* feed entries: input is one of the job's `known`, so the store has
                                  the entry from the feed's last body: summary, text, word count,
                                  language and agencies are left out, needs_article is false */
    struct nw_strv categories, agencies;
    struct nw_strv authors; /* the names in author, one each */
    struct nw_vec enclosures;  /* struct nw_enclosure */
    char *access;              /* pages: who may read the story, as it declares ("free", "metered",
                                  "paywalled"), or NULL */
};

/* fetcher -> parser. The body travels in frame 3. */
struct nw_doc {
    struct nw_job job;
    char *url;             /* where the body came from (after redirects, for articles) */
    int64_t status;        /* HTTP status; 0 when the fetch failed */
    char *etag, *last_modified, *content_type;
    int64_t retry_after_ms;
    bool private_addr;     /* the server's address is private (loopback, LAN) */
    char *error;           /* the fetch failed: why */
    bool permanent;        /* ... and trying again will not help */
    int64_t fetched;       /* seconds since the epoch */
    char *moved;           /* a feed redirected only permanently (301, 308): where it is now */
    char *digest;          /* a feed's 2xx body: its nw_body_digest */
    bool unchanged;        /* ... the job's: the same body as last parsed, sent on without it, as a 304 */
    bool truncated;        /* a 2xx body cut at fetcher.max_body: what came of it */
};

/* A replay's DOC error for an article job whose page its inputs lack
 * (permanent, status 0): the store counts such items apart. */
#define NW_NOT_IN_ARCHIVE "not in the replayed archive"

/* parser -> store. */
struct nw_result {
    int kind;              /* enum nw_kind: the job's */
    struct nw_job job;
    char *url;
    int64_t status;
    char *etag, *last_modified;
    int64_t retry_after_ms;
    bool private_addr;
    char *error;
    bool permanent;
    char *discovered; /* the feed an HTML page announces, or a sitemap index's newest sitemap
                       * (feed kind, with error) */
    char *feed_title, *feed_lang;
    struct nw_vec items;   /* struct nw_item: a feed's entries, or the one article */
    char *moved;           /* the DOC's */
    uint64_t skip;         /* RSS skipHours (bits 0-23, UTC) and skipDays (bits 24-30, Sunday first) */
    char *digest;          /* the DOC's */
    bool unchanged;        /* the DOC's */
    bool sitemap_index;    /* the body is a sitemap index; discovered: its newest sitemap (with error) */
};

/* store -> subscribers, once per commit. */
struct nw_event {
    uint64_t seq;          /* highest seq committed */
    uint64_t count;        /* items in that commit */
};

/* fetcher or parser -> store, every second and whenever room frees up:
 * the jobs the sender holds (their leases are renewed) and how many more
 * it can start now (the store sends no more than that). `taken` counts
 * the jobs it has received since it started: the jobs the store sent
 * beyond that are still on their way and spend part of `credit`. */
struct nw_credit {
    char *worker;          /* "fetcher 1234@host", for logs */
    int64_t credit;
    struct nw_u64v held;
    uint64_t taken;
};

/* A feed body's digest (32 hex digits and a NUL in out): its 128-bit XXH3
 * with newswire's version, so that a new version parses every feed again
 * once. A feed fetched with a 2xx whose body has the digest of the body
 * its items last came from is not parsed again: many servers send no
 * validators, or ones that change on every request. What such servers
 * also rewrite on every request and the parser stage never reads is left
 * out: the text of feed-level timestamps before the first item or entry
 * (lastBuildDate, pubDate, updated, modified, dc:date), comments there,
 * and comments after the root's end tag (the bytes read are the body's
 * with those made spaces, as many: a longer or shorter one is a change). */
void nw_body_digest(const void *body, size_t len, char out[33]);

/* A feed entry's input: a 63-bit XXH3 of newswire's version and the n
 * parts of the entry as the feed gives them (NULL as empty), each with
 * its length. The parser stage gives every field of the entry (guid,
 * link, title, content, summary, dates, byline, categories, enclosures),
 * and makes the text of the content or the summary with this version's
 * parser, so an entry with the input of one the store took from the feed
 * before is that story as it was listed then, to the byte: the same
 * title and text, and nothing to add to the stored story; a new version
 * makes every text once more. (63 bits: JSON's integers are signed.) */
uint64_t nw_item_input(const char *const *parts, size_t n);

/* The bytes nw_body_digest reads (after newswire's version), appended to
 * out: for tests, which hold them to parse as the body does. */
void nw_body_digest_input(const void *body, size_t len, struct nw_buf *out);

extern const struct nw_noun nw_job_noun, nw_item_noun, nw_doc_noun, nw_result_noun, nw_event_noun,
    nw_credit_noun, nw_enclosure_noun;

/* A received message: the noun of its type is filled. */
struct nw_msg {
    enum nw_msg_type type;
    union {
        struct nw_job job;
        struct nw_doc doc;
        struct nw_result result;
        struct nw_event event;
        struct nw_credit credit;
    } u;
    void *body; /* may be NULL; received, the body frame's own bytes (not NUL-terminated) */
    size_t body_len;
    void *body_frame; /* received: the frame body lies in (a zmq_msg_t), closed by nw_msg_cleanup */
    size_t wire_len; /* received: the bytes of its fields and body frames */
    unsigned char peer[256]; /* the routing id, on a ROUTER socket */
    size_t peer_len;
};

/* The noun of a message type. */
const struct nw_noun *nw_msg_noun(enum nw_msg_type t);

/* Sends a message whose noun is `obj` (borrowed; of type t's noun).
 * `flags` may be ZMQ_DONTWAIT. On a ROUTER socket, `peer` names the
 * receiver; elsewhere pass NULL. Returns 0, or -1 with errno set (EAGAIN
 * when the queue is full). */
int nw_msg_send(void *sock, const void *peer, size_t peer_len, enum nw_msg_type t, const void *obj,
                const void *body, size_t body_len, int flags);

/* Sends like nw_msg_send, waiting while the queue is full (backpressure)
 * but never past *stop. Returns 0, or -1 (stopped, or another error). */
int nw_msg_send_wait(void *sock, enum nw_msg_type t, const void *obj, const void *body, size_t body_len,
                     volatile int *stop);

/* nw_msg_send_wait with a body of the heap (or NULL) that is taken, not
 * copied: ZeroMQ frees it once the message has gone (a page of hundreds
 * of kilobytes is not copied once more); freed here when the message
 * cannot be sent. */
int nw_msg_send_wait_taking(void *sock, enum nw_msg_type t, const void *obj, char *body, size_t body_len,
                            volatile int *stop);

/* Receives one message into `m` (caller cleans it up). Messages larger
 * than `max_bytes` in all are refused.
 * Returns 0; -1 with errno set when nothing was received (EAGAIN, EINTR,
 * ETERM); -2 when a message arrived but was malformed, oversized or of an
 * unknown version or type: it has been consumed and dropped, and err says
 * why (see nw_msg_dropped). */
int nw_msg_recv(void *sock, struct nw_msg *m, int flags, size_t max_bytes, struct nw_err *err);

void nw_msg_cleanup(struct nw_msg *m);

/* Counts a dropped message and logs it, at most one line per 10 s per
 * process ("N messages dropped in 10 s, last: why"). */
void nw_msg_dropped(const char *stage, const char *why);

/* Messages dropped since start (for tests and status). */
unsigned long nw_msg_dropped_total(void);

const char *nw_msg_type_name(enum nw_msg_type t);
const char *nw_kind_name(int kind);

/* Whether a DOC is its whole RESULT: the fetch failed, or the status is
 * 304 or other than 2xx, so there is no body to parse. */
bool nw_doc_is_final(const struct nw_doc *doc);

/* The RESULT of a DOC as far as the DOC alone decides it: the job, its
 * URL and HTTP facts, and the error when there is nothing to parse (the
 * fetch failed, or a status other than 2xx; 304 is no error). Returns true
 * when that is the whole result (no body to parse), false when the body
 * is still to be parsed into `res` (nw_doc_is_final). `res` is initialised either way and
 * freed with nw_noun_cleanup(&nw_result_noun, res). */
bool nw_result_from_doc(const struct nw_doc *doc, struct nw_result *res);

#endif
