#ifndef NW_RECORD_H
#define NW_RECORD_H

#include <lmdb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/buf.h"
#include "../common/noun.h"

/* Stored records: every value the store writes is declared here, with one
 * field table, and this is the only code that packs or unpacks their bytes.
 * A value is [format byte, RECORD_FORMAT][binary form of the table's rows]
 * (common/noun.h); keys are big-endian so that LMDB's byte order is their
 * numeric order.
 *
 *   items    seq (u64)                    -> struct record_item
 *   ids      item id (16 bytes)           -> struct record_id (fixed width)
 *   aliases  id of another key (16 bytes) -> the item id (16 bytes) of the story found
 *                                            at that address too: its page's own
 *                                            address, or the link its feed moved it to
 *   pending  job id (u64)                 -> struct record_item waiting for its article
 *   feeds    feed URL                     -> struct record_feed
 *   due      next due ms (u64) + feed URL -> (empty)  deadline index of feeds
 *   jobs     job id (u64)                 -> struct record_job
 *   leases   deadline ms (u64) + job id   -> (empty)  deadline index of jobs
 *   near     seq (u64)                    -> struct record_sig (MinHash signature)
 *   bands    band key (5 bytes)           -> band values, sorted (store/dedup.h), of the
 *                                            items up to meta "bands_through"
 *   times    fetched second (u64)         -> first seq committed in that second
 *   cursors  group name                   -> struct record_cursor
 *   meta     name                         -> u64 counters, "schema", "bands_through" */

/* The store's schema (meta "schema"; store/db.c migrates older ones):
 * 2 binary records, 3 band entries with a fingerprint (store/dedup.h),
 * 4 parked items keyed by the job that fetches their article (written in
 * job order, not at random places; their ids entry names the job),
 * 5 signatures of version 4 (words read eight bytes at a time, packed
 * rather than hashed byte by byte; store/dedup.c), 6 `bands` holds the
 * band entries of the items up to meta "bands_through" only, the writer
 * holding those of newer items in memory (store/bandmem.h).
 * The format byte of a record changes only when records do. */
#define RECORD_SCHEMA 6
#define RECORD_FORMAT 2

/* An item as stored and as `tail` prints it: the rows are in the order of
 * DESIGN §5, and this one table serves the writer and the printer. */
struct record_item {
    uint64_t seq;
    unsigned char id[16];
    int64_t rev;
    char *feed;             /* the first feed that listed it */
    char *source;           /* site name */
    char *url, *guid, *title, *author, *published, *updated;
    int64_t fetched;        /* seconds; when this revision was committed */
    char *lang, *summary, *text;
    int64_t word_count, reading_time_min;
    struct nw_strv categories, agencies;
    struct nw_vec enclosures; /* struct nw_enclosure (common/msg.h) */
    uint64_t cluster;       /* seq of the first item of its near-duplicate cluster */
    uint64_t dup_of;        /* seq of the nearest earlier near-duplicate, 0 = none */
    struct nw_strv feeds;   /* every feed listing it, the first one first */
    char *fallback;         /* why it has only its feed summary, or NULL */
    struct nw_strv authors; /* the names in author, one each (a row added
                             * at the end: older records have none) */
    char *access;           /* who may read the story, as its page declares ("free", "metered",
                               "paywalled"), or NULL (a row added at the end) */
};

/* A feed's state (DESIGN §1): validators advance only with the items they
 * produced. Times in ms since the epoch. */
struct record_feed {
    char *name;
    char *fetch_url; /* found by autodiscovery (or a sitemap index's newest sitemap, or where
                        it moved for good), fetched instead of the configured URL */
    char *etag, *last_modified;
    char *title;
    int64_t interval_ms, next_due;
    uint64_t job;           /* the job out for it, 0 = none */
    int64_t failures;
    char *last_error;
    int64_t last_attempt, last_ok, last_status, items_seen;
    bool is_private;        /* the configured URL's address is private */
    /* its rhythm (adaptive polling, silence) and its end */
    int64_t last_new;       /* the last fetch that brought a new or changed item */
    int64_t gap_ms;         /* the usual time between two such fetches (moving average), 0 = unknown */
    int64_t poll_ms;        /* its interval now, within [interval, 4 x interval] */
    int64_t failing_since;  /* the first failure of the current run of failures */
    bool silent;            /* no new item for far longer than its rhythm */
    bool disabled;          /* gone (410) or not found for store.disable_after: no longer polled */
    char *digest;           /* nw_body_digest of the body its items last came from (a row added at
                               the end: older records have none) */
    int64_t index_read;     /* its configured URL is a sitemap index, fetch_url the newest sitemap it
                               named: when the index was last read (0 = not an index) */
    char *announced;        /* its configured URL is a web page: the feed it announced when last read */
    int64_t page_next;      /* ... and when that page is read again, to follow the feed it announces
                               then (0 = not a page, or store.page_recheck 0) */
    struct nw_u64v known;   /* the nw_item_input of each entry taken from that body (stored, waiting
                               for its article, or seen), at most RECORD_KNOWN_MAX: the next job
                               carries them, and those entries come without their text */
    struct nw_vec listed;   /* struct record_listing: the stories that body listed by a link of
                               their own and a guid, by the guid's hash, at most RECORD_KNOWN_MAX (a
                               row added at the end: older records have none) */
    struct nw_vec titled;   /* struct record_listing: the stories that body listed by a link of
                               their own, a title and a date, by the hash of the title and date, at
                               most RECORD_KNOWN_MAX (a row added at the end) */
    int64_t gap_max_ms;     /* the longest gap between two fetches that brought something new,
                               lately (its night, its weekend), 0 = unknown (a row added at the end) */
    int64_t gap_max_at;     /* when a gap about as long was last seen */
    int64_t rhythm_since;   /* the first fetch that brought something new (since these rows were added) */
};

/* A story a feed's last body listed: a hash of what its entry said (its
 * guid; or its title and date) and its id. What finds the story again
 * when the feed lists it under another link: its address changed with its
 * headline, or every address of the feed changed (a site moved to https,
 * to another host, to a new scheme of addresses), guids with them. */
struct record_listing {
    uint64_t hash; /* XXH3-64: dedup_guid_hash, or dedup_title_hash */
    unsigned char id[16];
};

#define RECORD_KNOWN_MAX 4096

/* A pending job. `deadline` is when it may be (re)issued: 0 = now; while
 * leased, the end of its lease. It is mirrored by its `leases` key. */
struct record_job {
    int kind;               /* enum nw_kind */
    char *url;              /* what to fetch */
    char *feed;             /* the feed it serves */
    unsigned char item[16]; /* article jobs: the parked item */
    bool guard;
    int64_t attempts;       /* failed fetches so far (not issues) */
    int64_t deadline;
    bool leased;            /* issued and not answered */
    int64_t expiries;       /* leases that ran out (its worker died with it) */
    int64_t created;        /* ms; article jobs older than store.article_wait are given up */
    int64_t issued;         /* ms; when it last went out (its host's answer time is measured from it) */
    char *etag, *last_modified; /* feed jobs: the feed's validators when the job was made */
    char *archive;          /* article jobs of a replay into a running daemon (nw_job.archive): never
                               issued; its deadline is the hold, then the item keeps its summary */
    char *digest;           /* feed jobs: the feed's digest when the job was made */
    struct nw_u64v known;   /* feed jobs: the feed's known entries when the job was made */
};

struct record_cursor {
    uint64_t seq;           /* last seq read */
    int64_t updated;        /* seconds */
};

/* An `ids` entry: the latest seq of an item (0 while it waits for its
 * article, and then `job` is the article job, its record's key in
 * `pending`) and the hash of what makes a revision (title, text). */
#define RECORD_SEQ_SEEN UINT64_MAX /* an id seen in a feed's backlog, never stored */
struct record_id {
    uint64_t seq;
    uint64_t content_hash;
    uint32_t rev;
    uint64_t job;
};

/* A MinHash signature of an item's text (store/dedup.h). Its first byte
 * is the version of the hashing: a signature of another version does not
 * compare (its item is no longer a near-duplicate candidate). */
#define RECORD_SIG_K 128
#define RECORD_SIG_VERSION 4
struct record_sig {
    uint32_t shingles;      /* distinct shingles in the text */
    uint32_t h[RECORD_SIG_K];
};

extern const struct nw_noun record_item_noun, record_feed_noun, record_job_noun, record_cursor_noun,
    record_listing_noun;

/* Packs a declared record (noun, struct) into out: version byte + rows. */
void record_pack(const struct nw_noun *n, const void *obj, struct nw_buf *out);
/* Unpacks; returns 0, or -1 when the bytes are not a record of this
 * version (obj left zeroed). */
int record_unpack(const struct nw_noun *n, void *obj, const void *data, size_t len);

/* A record read from / written to a database inside the caller's
 * transaction. get returns 0, MDB_NOTFOUND, or -1 when unreadable; put
 * returns 0 or an LMDB error code (MDB_MAP_FULL...). */
int record_get(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen, const struct nw_noun *n, void *obj);
int record_put(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen, const struct nw_noun *n,
               const void *obj);
/* An item record without its text (left NULL), the largest field, for
 * decisions that do not read it; the same returns as record_get. */
int record_item_get_head(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen, struct record_item *it);

/* The item printed as one JSON line (DESIGN §5: every field, null when
 * absent), appended to out. */
void record_item_json(const struct record_item *it, struct nw_buf *out);

void record_item_cleanup(struct record_item *it);

/* 21 bytes, or 29 with a job; pack returns the length. */
#define RECORD_ID_SIZE 29
size_t record_id_pack(const struct record_id *r, unsigned char out[RECORD_ID_SIZE]);
int record_id_unpack(const void *data, size_t len, struct record_id *r);

#define RECORD_SIG_SIZE (1 + 4 + 4 * RECORD_SIG_K)
void record_sig_pack(const struct record_sig *s, unsigned char out[RECORD_SIG_SIZE]);
int record_sig_unpack(const void *data, size_t len, struct record_sig *s);

/* Big-endian u64 keys. */
void record_u64_key(uint64_t v, unsigned char out[8]);
uint64_t record_u64_from_key(const void *data, size_t len);

/* Deadline-index keys: 8-byte deadline then the subject (a job id, a feed
 * URL). out holds 8 + len bytes; returns the key's length. */
size_t record_deadline_key(int64_t deadline, const void *subject, size_t len, unsigned char *out);

/* Schema-1 values (zlib'd JSON, before this layout) turned into today's
 * records, for the migration in db.c. Return 0 or -1. */
int record_v1_item(const void *data, size_t len, struct record_item *it);
int record_v1_feed(const void *data, size_t len, struct record_feed *f);
int record_v1_job(const void *data, size_t len, struct record_job *j);

#endif
