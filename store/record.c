#include "record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../common/mem.h"
#include "../common/msg.h"

static const char *const kind_names[] = {"", "feed", "article", "page", NULL};

#define F(s, name, type, field) {name, type, offsetof(struct s, field), NULL, NULL}

static const struct nw_field item_fields[] = {
    F(record_item, "seq", NW_F_U64, seq),
    F(record_item, "id", NW_F_ID, id),
    F(record_item, "rev", NW_F_I64, rev),
    F(record_item, "feed", NW_F_STR, feed),
    F(record_item, "source", NW_F_STR, source),
    F(record_item, "url", NW_F_STR, url),
    F(record_item, "guid", NW_F_STR, guid),
    F(record_item, "title", NW_F_STR, title),
    F(record_item, "author", NW_F_STR, author),
    F(record_item, "published", NW_F_STR, published),
    F(record_item, "updated", NW_F_STR, updated),
    F(record_item, "fetched", NW_F_TIME, fetched),
    F(record_item, "lang", NW_F_STR, lang),
    F(record_item, "summary", NW_F_STR, summary),
    F(record_item, "text", NW_F_STR, text),
    F(record_item, "word_count", NW_F_I64, word_count),
    F(record_item, "reading_time_min", NW_F_I64, reading_time_min),
    F(record_item, "categories", NW_F_STRV, categories),
    F(record_item, "agencies", NW_F_STRV, agencies),
    {"enclosures", NW_F_NOUNV, offsetof(struct record_item, enclosures), &nw_enclosure_noun, NULL},
    F(record_item, "cluster", NW_F_REF, cluster),
    F(record_item, "dup_of", NW_F_REF, dup_of),
    F(record_item, "feeds", NW_F_STRV, feeds),
    F(record_item, "fallback", NW_F_STR, fallback),
    F(record_item, "authors", NW_F_STRV, authors),
    F(record_item, "access", NW_F_STR, access),
};
const struct nw_noun record_item_noun = NW_NOUN(record_item, "item record", item_fields);

static const struct nw_field listing_fields[] = {
    F(record_listing, "hash", NW_F_U64, hash),
    F(record_listing, "id", NW_F_ID, id),
};
const struct nw_noun record_listing_noun = NW_NOUN(record_listing, "listing", listing_fields);

static const struct nw_field feed_fields[] = {
    F(record_feed, "name", NW_F_STR, name),
    F(record_feed, "fetch_url", NW_F_STR, fetch_url),
    F(record_feed, "etag", NW_F_STR, etag),
    F(record_feed, "last_modified", NW_F_STR, last_modified),
    F(record_feed, "title", NW_F_STR, title),
    F(record_feed, "interval_ms", NW_F_I64, interval_ms),
    F(record_feed, "next_due", NW_F_I64, next_due),
    F(record_feed, "job", NW_F_U64, job),
    F(record_feed, "failures", NW_F_I64, failures),
    F(record_feed, "last_error", NW_F_STR, last_error),
    F(record_feed, "last_attempt", NW_F_I64, last_attempt),
    F(record_feed, "last_ok", NW_F_I64, last_ok),
    F(record_feed, "last_status", NW_F_I64, last_status),
    F(record_feed, "items_seen", NW_F_I64, items_seen),
    F(record_feed, "private", NW_F_BOOL, is_private),
    F(record_feed, "last_new", NW_F_I64, last_new),
    F(record_feed, "gap_ms", NW_F_I64, gap_ms),
    F(record_feed, "poll_ms", NW_F_I64, poll_ms),
    F(record_feed, "failing_since", NW_F_I64, failing_since),
    F(record_feed, "silent", NW_F_BOOL, silent),
    F(record_feed, "disabled", NW_F_BOOL, disabled),
    /* rows are only ever added here, at the end: a record written before
     * a row existed reads with that field empty */
    F(record_feed, "digest", NW_F_STR, digest),
    F(record_feed, "index_read", NW_F_I64, index_read),
    F(record_feed, "announced", NW_F_STR, announced),
    F(record_feed, "page_next", NW_F_I64, page_next),
    F(record_feed, "known", NW_F_U64V, known),
    {"listed", NW_F_NOUNV, offsetof(struct record_feed, listed), &record_listing_noun, NULL},
    {"titled", NW_F_NOUNV, offsetof(struct record_feed, titled), &record_listing_noun, NULL},
    F(record_feed, "gap_max_ms", NW_F_I64, gap_max_ms),
    F(record_feed, "gap_max_at", NW_F_I64, gap_max_at),
    F(record_feed, "rhythm_since", NW_F_I64, rhythm_since),
};
const struct nw_noun record_feed_noun = NW_NOUN(record_feed, "feed record", feed_fields);

static const struct nw_field job_fields[] = {
    {"kind", NW_F_KIND, offsetof(struct record_job, kind), NULL, kind_names},
    F(record_job, "url", NW_F_STR, url),
    F(record_job, "feed", NW_F_STR, feed),
    F(record_job, "item", NW_F_ID, item),
    F(record_job, "guard", NW_F_BOOL, guard),
    F(record_job, "attempts", NW_F_I64, attempts),
    F(record_job, "lease_until", NW_F_I64, deadline),
    F(record_job, "leased", NW_F_BOOL, leased),
    F(record_job, "expiries", NW_F_I64, expiries),
    F(record_job, "created", NW_F_I64, created),
    F(record_job, "issued", NW_F_I64, issued),
    F(record_job, "etag", NW_F_STR, etag),
    F(record_job, "last_modified", NW_F_STR, last_modified),
    /* rows are only ever added here, at the end: a record written before
     * a row existed reads with that field empty */
    F(record_job, "archive", NW_F_STR, archive),
    F(record_job, "digest", NW_F_STR, digest),
    F(record_job, "known", NW_F_U64V, known),
};
const struct nw_noun record_job_noun = NW_NOUN(record_job, "job record", job_fields);

static const struct nw_field cursor_fields[] = {
    F(record_cursor, "seq", NW_F_U64, seq),
    F(record_cursor, "updated", NW_F_TIME, updated),
};
const struct nw_noun record_cursor_noun = NW_NOUN(record_cursor, "cursor record", cursor_fields);

void record_pack(const struct nw_noun *n, const void *obj, struct nw_buf *out)
{
    nw_buf_putc(out, RECORD_FORMAT);
    nw_noun_pack(n, obj, out);
}

/* record_unpack, stepping over the top-level string at skip_off
 * (SIZE_MAX: none) */
static int unpack_skip(const struct nw_noun *n, void *obj, const void *data, size_t len, size_t skip_off)
{
    const unsigned char *p = data;
    if (len < 1 || p[0] != RECORD_FORMAT) {
        memset(obj, 0, n->size);
        return -1;
    }
    return nw_noun_unpack_skip(n, obj, p + 1, len - 1, skip_off);
}

int record_unpack(const struct nw_noun *n, void *obj, const void *data, size_t len)
{
    return unpack_skip(n, obj, data, len, SIZE_MAX);
}

static int get_skip(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen, const struct nw_noun *n, void *obj,
                    size_t skip_off)
{
    MDB_val k = {klen, (void *)key}, v;
    int rc = mdb_get(txn, dbi, &k, &v);
    if (rc) {
        memset(obj, 0, n->size);
        return rc == MDB_NOTFOUND ? MDB_NOTFOUND : -1;
    }
    return unpack_skip(n, obj, v.mv_data, v.mv_size, skip_off);
}

int record_get(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen, const struct nw_noun *n, void *obj)
{
    return get_skip(txn, dbi, key, klen, n, obj, SIZE_MAX);
}

int record_item_get_head(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen, struct record_item *it)
{
    return get_skip(txn, dbi, key, klen, &record_item_noun, it, offsetof(struct record_item, text));
}

int record_put(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen, const struct nw_noun *n,
               const void *obj)
{
    struct nw_buf b = {0};
    record_pack(n, obj, &b);
    MDB_val k = {klen, (void *)key}, v = {b.len, b.data};
    int rc = mdb_put(txn, dbi, &k, &v, 0);
    nw_buf_cleanup(&b);
    return rc;
}

void record_item_json(const struct record_item *it, struct nw_buf *out)
{
    nw_noun_to_json(&record_item_noun, it, out, NW_JSON_NULLS);
}

void record_item_cleanup(struct record_item *it) { nw_noun_cleanup(&record_item_noun, it); }

static void put64(unsigned char *o, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        o[i] = (unsigned char)v;
}

static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

static void put32(unsigned char *o, uint32_t v)
{
    o[0] = (unsigned char)(v >> 24);
    o[1] = (unsigned char)(v >> 16);
    o[2] = (unsigned char)(v >> 8);
    o[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* The ids entry keeps the layout it had in schema 1 (version byte 1):
 * it is fixed-width and was never JSON. */
size_t record_id_pack(const struct record_id *r, unsigned char out[RECORD_ID_SIZE])
{
    out[0] = r->job ? 2 : 1;
    put64(out + 1, r->seq);
    put64(out + 9, r->content_hash);
    put32(out + 17, r->rev);
    if (!r->job)
        return 21;
    put64(out + 21, r->job);
    return 29;
}

int record_id_unpack(const void *data, size_t len, struct record_id *r)
{
    const unsigned char *p = data;
    if (len < 21 || len != (p[0] == 2 ? 29u : p[0] == 1 ? 21u : 0u))
        return -1;
    r->seq = get64(p + 1);
    r->content_hash = get64(p + 9);
    r->rev = get32(p + 17);
    r->job = p[0] == 2 ? get64(p + 21) : 0;
    return 0;
}

void record_sig_pack(const struct record_sig *s, unsigned char out[RECORD_SIG_SIZE])
{
    out[0] = RECORD_SIG_VERSION;
    put32(out + 1, s->shingles);
    /* native order: the values are compared, never ordered by LMDB */
    memcpy(out + 5, s->h, sizeof s->h);
}

int record_sig_unpack(const void *data, size_t len, struct record_sig *s)
{
    const unsigned char *p = data;
    if (len != RECORD_SIG_SIZE || p[0] != RECORD_SIG_VERSION)
        return -1;
    s->shingles = get32(p + 1);
    memcpy(s->h, p + 5, sizeof s->h);
    return 0;
}

void record_u64_key(uint64_t v, unsigned char out[8]) { put64(out, v); }

uint64_t record_u64_from_key(const void *data, size_t len) { return len >= 8 ? get64(data) : 0; }

size_t record_deadline_key(int64_t deadline, const void *subject, size_t len, unsigned char *out)
{
    put64(out, deadline < 0 ? 0 : (uint64_t)deadline);
    memcpy(out + 8, subject, len);
    return 8 + len;
}

/* ---- schema 1 ------------------------------------------------------------------ */

/* A schema-1 value: [1][0] JSON, or [1][1][u32 length] zlib'd JSON. */
static char *v1_json(const void *data, size_t len, size_t *jl)
{
    const unsigned char *p = data;
    if (len < 2 || p[0] != 1)
        return NULL;
    if (p[1] == 0) {
        *jl = len - 2;
        return nw_strndup((const char *)p + 2, len - 2);
    }
    if (p[1] != 1 || len < 6)
        return NULL;
    uLongf n = get32(p + 2);
    if (n > (64u << 20))
        return NULL;
    char *js = nw_malloc(n + 1);
    uLongf got = n;
    if (uncompress((Bytef *)js, &got, p + 6, (uLong)(len - 6)) != Z_OK || got != n) {
        free(js);
        return NULL;
    }
    js[n] = '\0';
    *jl = n;
    return js;
}

static int v1_decode(const struct nw_noun *n, const void *data, size_t len, void *obj)
{
    size_t jl;
    char *js = v1_json(data, len, &jl);
    if (!js) {
        memset(obj, 0, n->size);
        return -1;
    }
    int rc = nw_noun_from_json(n, obj, js, jl, NULL);
    free(js);
    return rc;
}

int record_v1_item(const void *data, size_t len, struct record_item *it)
{
    if (v1_decode(&record_item_noun, data, len, it) < 0)
        return -1;
    if (it->feed && !it->feeds.n)
        nw_strv_push(&it->feeds, it->feed);
    return 0;
}

int record_v1_feed(const void *data, size_t len, struct record_feed *f)
{
    return v1_decode(&record_feed_noun, data, len, f);
}

int record_v1_job(const void *data, size_t len, struct record_job *j)
{
    if (v1_decode(&record_job_noun, data, len, j) < 0)
        return -1;
    j->deadline = 0; /* whatever its lease was, it is issued again at once */
    j->leased = false;
    return 0;
}
