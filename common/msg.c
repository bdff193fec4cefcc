#include "msg.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>
#include <zmq.h>

#include "buf.h"
#include "log.h"
#include "mem.h"
#include "nwtime.h"

/* ---- the nouns: one field table each ------------------------------------ */

static const char *const kind_names[] = {"", "feed", "article", "page", "revise", "archive_end", NULL};

#define F(s, name, type, field) {name, type, offsetof(struct s, field), NULL, NULL}
#define FK(s, name, field) {name, NW_F_KIND, offsetof(struct s, field), NULL, kind_names}
#define FN(s, name, type, field, sub) {name, type, offsetof(struct s, field), &sub, NULL}

static const struct nw_field job_fields[] = {
    F(nw_job, "id", NW_F_U64, id),
    FK(nw_job, "kind", kind),
    F(nw_job, "url", NW_F_STR, url),
    F(nw_job, "etag", NW_F_STR, etag),
    F(nw_job, "last_modified", NW_F_STR, last_modified),
    F(nw_job, "guard", NW_F_BOOL, guard),
    F(nw_job, "archive", NW_F_STR, archive),
    F(nw_job, "digest", NW_F_STR, digest),
    F(nw_job, "user", NW_F_STR, user),
    F(nw_job, "password", NW_F_STR, password),
    F(nw_job, "headers", NW_F_STRV, headers),
    F(nw_job, "known", NW_F_U64V, known),
};
const struct nw_noun nw_job_noun = NW_NOUN(nw_job, "JOB", job_fields);

static const struct nw_field enclosure_fields[] = {
    F(nw_enclosure, "url", NW_F_STR, url),
    F(nw_enclosure, "type", NW_F_STR, type),
    F(nw_enclosure, "length", NW_F_I64, length),
};
const struct nw_noun nw_enclosure_noun = NW_NOUN(nw_enclosure, "enclosure", enclosure_fields);

static const struct nw_field item_fields[] = {
    F(nw_item, "guid", NW_F_STR, guid),
    F(nw_item, "url", NW_F_STR, url),
    F(nw_item, "title", NW_F_STR, title),
    F(nw_item, "author", NW_F_STR, author),
    F(nw_item, "authors", NW_F_STRV, authors),
    F(nw_item, "published", NW_F_STR, published),
    F(nw_item, "updated", NW_F_STR, updated),
    F(nw_item, "summary", NW_F_STR, summary),
    F(nw_item, "text", NW_F_STR, text),
    F(nw_item, "lang", NW_F_STR, lang),
    F(nw_item, "site_name", NW_F_STR, site_name),
    F(nw_item, "word_count", NW_F_I64, word_count),
    F(nw_item, "needs_article", NW_F_BOOL, needs_article),
    F(nw_item, "categories", NW_F_STRV, categories),
    F(nw_item, "agencies", NW_F_STRV, agencies),
    FN(nw_item, "enclosures", NW_F_NOUNV, enclosures, nw_enclosure_noun),
    F(nw_item, "input", NW_F_U64, input),
    F(nw_item, "known", NW_F_BOOL, known),
    F(nw_item, "access", NW_F_STR, access),
};
const struct nw_noun nw_item_noun = NW_NOUN(nw_item, "item", item_fields);

static const struct nw_field doc_fields[] = {
    FN(nw_doc, "job", NW_F_NOUN, job, nw_job_noun),
    F(nw_doc, "url", NW_F_STR, url),
    F(nw_doc, "status", NW_F_I64, status),
    F(nw_doc, "etag", NW_F_STR, etag),
    F(nw_doc, "last_modified", NW_F_STR, last_modified),
    F(nw_doc, "content_type", NW_F_STR, content_type),
    F(nw_doc, "retry_after_ms", NW_F_I64, retry_after_ms),
    F(nw_doc, "private", NW_F_BOOL, private_addr),
    F(nw_doc, "error", NW_F_STR, error),
    F(nw_doc, "permanent", NW_F_BOOL, permanent),
    F(nw_doc, "fetched", NW_F_TIME, fetched),
    F(nw_doc, "moved", NW_F_STR, moved),
    F(nw_doc, "digest", NW_F_STR, digest),
    F(nw_doc, "unchanged", NW_F_BOOL, unchanged),
    F(nw_doc, "truncated", NW_F_BOOL, truncated),
};
const struct nw_noun nw_doc_noun = NW_NOUN(nw_doc, "DOC", doc_fields);

static const struct nw_field result_fields[] = {
    FK(nw_result, "kind", kind),
    FN(nw_result, "job", NW_F_NOUN, job, nw_job_noun),
    F(nw_result, "url", NW_F_STR, url),
    F(nw_result, "status", NW_F_I64, status),
    F(nw_result, "etag", NW_F_STR, etag),
    F(nw_result, "last_modified", NW_F_STR, last_modified),
    F(nw_result, "retry_after_ms", NW_F_I64, retry_after_ms),
    F(nw_result, "private", NW_F_BOOL, private_addr),
    F(nw_result, "error", NW_F_STR, error),
    F(nw_result, "permanent", NW_F_BOOL, permanent),
    F(nw_result, "discovered", NW_F_STR, discovered),
    F(nw_result, "feed_title", NW_F_STR, feed_title),
    F(nw_result, "feed_lang", NW_F_STR, feed_lang),
    FN(nw_result, "items", NW_F_NOUNV, items, nw_item_noun),
    F(nw_result, "moved", NW_F_STR, moved),
    F(nw_result, "skip", NW_F_U64, skip),
    F(nw_result, "digest", NW_F_STR, digest),
    F(nw_result, "unchanged", NW_F_BOOL, unchanged),
    F(nw_result, "sitemap_index", NW_F_BOOL, sitemap_index),
};
const struct nw_noun nw_result_noun = NW_NOUN(nw_result, "RESULT", result_fields);

static const struct nw_field event_fields[] = {
    F(nw_event, "seq", NW_F_U64, seq),
    F(nw_event, "count", NW_F_U64, count),
};
const struct nw_noun nw_event_noun = NW_NOUN(nw_event, "EVENT", event_fields);

static const struct nw_field credit_fields[] = {
    F(nw_credit, "worker", NW_F_STR, worker),
    F(nw_credit, "credit", NW_F_I64, credit),
    F(nw_credit, "held", NW_F_U64V, held),
    F(nw_credit, "taken", NW_F_U64, taken),
};
const struct nw_noun nw_credit_noun = NW_NOUN(nw_credit, "CREDIT", credit_fields);

const struct nw_noun *nw_msg_noun(enum nw_msg_type t)
{
    switch (t) {
    case NW_MSG_JOB: return &nw_job_noun;
    case NW_MSG_DOC: return &nw_doc_noun;
    case NW_MSG_RESULT: return &nw_result_noun;
    case NW_MSG_EVENT: return &nw_event_noun;
    case NW_MSG_CREDIT: return &nw_credit_noun;
    }
    return NULL;
}

/* ---- send and receive ------------------------------------------------------ */

static void free_frame(void *data, void *hint)
{
    (void)hint;
    free(data);
}

/* nw_msg_send, and with `take` nw_msg_send_wait_taking's step: the body
 * handed to ZeroMQ as it is; *taken says whether it was (then ZeroMQ frees
 * it, or it was freed here when its frame failed). */
static int send_msg(void *sock, const void *peer, size_t peer_len, enum nw_msg_type t, const void *obj,
                    const void *body, size_t body_len, int flags, bool take, bool *taken)
{
    const struct nw_noun *n = nw_msg_noun(t);
    if (!n) {
        errno = EINVAL;
        return -1;
    }
    unsigned char hdr[4] = {'N', 'W', NW_MSG_VERSION, (unsigned char)t};
    struct nw_buf js = {0};
    nw_noun_to_json(n, obj, &js, 0);
    int rc = -1;
    bool more = body != NULL;
    /* ZeroMQ delivers a multipart message atomically: once the first frame
     * is accepted the rest are queued with it, so later frames do not block. */
    if (peer && zmq_send(sock, peer, peer_len, flags | ZMQ_SNDMORE) < 0)
        goto out;
    if (zmq_send(sock, hdr, sizeof hdr, (peer ? 0 : flags) | ZMQ_SNDMORE) < 0)
        goto out;
    /* the object's frame is handed to ZeroMQ as it is, not copied: a
     * RESULT carries the full text of every item */
    size_t jlen = js.len;
    char *jdata = nw_buf_steal(&js);
    zmq_msg_t jm;
    if (zmq_msg_init_data(&jm, jdata, jlen, free_frame, NULL) != 0) {
        free(jdata);
        goto out;
    }
    if (zmq_msg_send(&jm, sock, more ? ZMQ_SNDMORE : 0) < 0) {
        zmq_msg_close(&jm); /* frees jdata */
        goto out;
    }
    if (more && take) {
        /* the first frame was taken: the body's goes with it */
        *taken = true;
        zmq_msg_t bm;
        if (zmq_msg_init_data(&bm, (void *)body, body_len, free_frame, NULL) != 0) {
            free((void *)body);
            goto out;
        }
        if (zmq_msg_send(&bm, sock, 0) < 0) {
            zmq_msg_close(&bm); /* frees the body */
            goto out;
        }
    } else if (more && zmq_send(sock, body, body_len, 0) < 0) {
        goto out;
    }
    rc = 0;
out:
    nw_buf_cleanup(&js);
    return rc;
}

int nw_msg_send(void *sock, const void *peer, size_t peer_len, enum nw_msg_type t, const void *obj, const void *body,
                size_t body_len, int flags)
{
    return send_msg(sock, peer, peer_len, t, obj, body, body_len, flags, false, NULL);
}

int nw_msg_send_wait(void *sock, enum nw_msg_type t, const void *obj, const void *body, size_t body_len,
                     volatile int *stop)
{
    while (nw_msg_send(sock, NULL, 0, t, obj, body, body_len, ZMQ_DONTWAIT) < 0) {
        if (errno != EAGAIN || *stop)
            return -1;
        zmq_poll(NULL, 0, 10);
    }
    return 0;
}

int nw_msg_send_wait_taking(void *sock, enum nw_msg_type t, const void *obj, char *body, size_t body_len,
                            volatile int *stop)
{
    bool taken = false;
    while (send_msg(sock, NULL, 0, t, obj, body, body_len, ZMQ_DONTWAIT, body != NULL, &taken) < 0) {
        if (taken)
            return -1;
        if (errno != EAGAIN || *stop) {
            free(body);
            return -1;
        }
        zmq_poll(NULL, 0, 10);
    }
    return 0;
}

static void drain_rest(void *sock)
{
    int more;
    size_t sz = sizeof more;
    zmq_msg_t part;
    while (zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &sz) == 0 && more) {
        zmq_msg_init(&part);
        if (zmq_msg_recv(&part, sock, 0) < 0) {
            zmq_msg_close(&part);
            return;
        }
        zmq_msg_close(&part);
    }
}

static bool has_more(void *sock)
{
    int more = 0;
    size_t sz = sizeof more;
    return zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &sz) == 0 && more;
}

/* Receives the next frame of a message already started. */
static int next_part(void *sock, zmq_msg_t *part)
{
    zmq_msg_init(part);
    if (!has_more(sock) || zmq_msg_recv(part, sock, 0) < 0) {
        zmq_msg_close(part);
        return -1;
    }
    return 0;
}

int nw_msg_recv(void *sock, struct nw_msg *m, int flags, size_t max_bytes, struct nw_err *err)
{
    zmq_msg_t part;
    memset(m, 0, sizeof *m);
    int type = 0;
    size_t tl = sizeof type;
    zmq_getsockopt(sock, ZMQ_TYPE, &type, &tl);
    zmq_msg_init(&part);
    if (zmq_msg_recv(&part, sock, flags) < 0) {
        zmq_msg_close(&part);
        return -1;
    }
    if (type == ZMQ_ROUTER) {
        m->peer_len = zmq_msg_size(&part) < sizeof m->peer ? zmq_msg_size(&part) : sizeof m->peer;
        memcpy(m->peer, zmq_msg_data(&part), m->peer_len);
        zmq_msg_close(&part);
        if (next_part(sock, &part) < 0) {
            nw_err_set(err, 1, "message without a newswire header");
            return -2;
        }
    }
    const unsigned char *h = zmq_msg_data(&part);
    size_t hl = zmq_msg_size(&part);
    if (hl != 4 || h[0] != 'N' || h[1] != 'W') {
        zmq_msg_close(&part);
        drain_rest(sock);
        nw_err_set(err, 1, "message without a newswire header (%zu bytes)", hl);
        return -2;
    }
    if (h[2] != NW_MSG_VERSION || !nw_msg_noun((enum nw_msg_type)h[3])) {
        int v = h[2], t = h[3];
        zmq_msg_close(&part);
        drain_rest(sock);
        nw_err_set(err, 2, "message of unknown version %d or type %d", v, t);
        return -2;
    }
    m->type = (enum nw_msg_type)h[3];
    zmq_msg_close(&part);
    const struct nw_noun *n = nw_msg_noun(m->type);
    if (next_part(sock, &part) < 0) {
        nw_err_set(err, 3, "%s message without fields", n->name);
        return -2;
    }
    size_t total = zmq_msg_size(&part);
    if (total > max_bytes) {
        zmq_msg_close(&part);
        drain_rest(sock);
        nw_err_set(err, 6, "%s message over the %zu-byte cap", n->name, max_bytes);
        return -2;
    }
    int rc = nw_noun_from_json(n, &m->u, zmq_msg_data(&part), zmq_msg_size(&part), err);
    zmq_msg_close(&part);
    m->wire_len = total;
    if (rc < 0) {
        drain_rest(sock);
        return -2;
    }
    if (has_more(sock)) {
        if (next_part(sock, &part) < 0) {
            nw_msg_cleanup(m);
            nw_err_set(err, 3, "truncated body");
            return -2;
        }
        m->body_len = zmq_msg_size(&part);
        if (total + m->body_len > max_bytes) {
            zmq_msg_close(&part);
            drain_rest(sock);
            nw_msg_cleanup(m);
            nw_err_set(err, 6, "%s message over the %zu-byte cap", n->name, max_bytes);
            return -2;
        }
        m->wire_len += m->body_len;
        /* the body is read where ZeroMQ received it: a page replayed or
         * fetched is not copied again */
        zmq_msg_t *frame = nw_malloc(sizeof *frame);
        zmq_msg_init(frame);
        zmq_msg_move(frame, &part);
        zmq_msg_close(&part);
        m->body_frame = frame;
        m->body = zmq_msg_data(frame);
        if (has_more(sock)) {
            drain_rest(sock);
            nw_msg_cleanup(m);
            nw_err_set(err, 5, "message with more than three frames");
            return -2;
        }
    }
    return 0;
}

void nw_msg_cleanup(struct nw_msg *m)
{
    if (!m)
        return;
    const struct nw_noun *n = nw_msg_noun(m->type);
    if (n)
        nw_noun_cleanup(n, &m->u);
    if (m->body_frame) {
        zmq_msg_close(m->body_frame);
        free(m->body_frame);
    } else {
        free(m->body);
    }
    memset(m, 0, sizeof *m);
}

static pthread_mutex_t drop_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t drop_logged_at;
static unsigned long drop_since_log;
static atomic_ulong drop_total;

void nw_msg_dropped(const char *stage, const char *why)
{
    atomic_fetch_add(&drop_total, 1);
    pthread_mutex_lock(&drop_lock);
    drop_since_log++;
    int64_t now = nw_mono_ms();
    if (!drop_logged_at || now - drop_logged_at >= 10000) {
        if (drop_since_log == 1)
            log_warn("%s: dropped a message: %s", stage, why);
        else
            log_warn("%s: dropped %lu messages in the last 10 s; the last: %s", stage, drop_since_log, why);
        drop_logged_at = now;
        drop_since_log = 0;
    }
    pthread_mutex_unlock(&drop_lock);
}

unsigned long nw_msg_dropped_total(void) { return atomic_load(&drop_total); }

const char *nw_msg_type_name(enum nw_msg_type t)
{
    const struct nw_noun *n = nw_msg_noun(t);
    return n ? n->name : "?";
}

const char *nw_kind_name(int kind)
{
    return kind > 0 && kind <= NW_KIND_ARCHIVE_END ? kind_names[kind] : "?";
}

bool nw_doc_is_final(const struct nw_doc *doc)
{
    return doc->error || doc->status == 304 || doc->unchanged ||
           (doc->status && (doc->status < 200 || doc->status > 299));
}

/* Local names of the feed-level elements that dynamic servers rewrite on
 * every request (RSS lastBuildDate and pubDate, Atom updated and
 * modified, dc:date): the parser stage reads none of them. */
static const char *const rewritten[] = {"lastBuildDate", "pubDate", "updated", "modified", "date"};

static bool starts(const char *p, const char *end, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

static bool name_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '-' ||
           c == '_' || c == '.';
}

static bool local_is(const char *l, size_t n, const char *s)
{
    return n == strlen(s) && !memcmp(l, s, n);
}

/* Whether an element of that local name holds the feed's own elements:
 * the root (rss, feed, rdf:RDF) or a channel. */
static bool feed_level(const char *l, size_t n)
{
    return local_is(l, n, "channel") || local_is(l, n, "feed") || local_is(l, n, "rss") || local_is(l, n, "RDF");
}

static bool blank(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Whether bytes may be left out of the digest without changing how the
 * document parses: printable ASCII and blanks only (no reference, no
 * byte a charset guess could weigh, no markup), and no "--" (which a
 * comment may not hold). */
static bool plain_ascii(const char *s, const char *e)
{
    for (const char *p = s; p < e; p++)
        if ((*p < 0x20 && !blank(*p)) || *p > 0x7E || *p == '&' || *p == '<' || (*p == '-' && p + 1 < e && p[1] == '-'))
            return false;
    return true;
}

/* The end of the start tag whose name ends at p: past its '>' (its
 * attributes read with their quotes), or NULL when it is not one clearly;
 * *empty when it ends with "/>". */
static const char *tag_end(const char *p, const char *end, bool *empty)
{
    for (;;) {
        while (p < end && blank(*p))
            p++;
        if (p < end && *p == '>') {
            *empty = false;
            return p + 1;
        }
        if (end - p >= 2 && p[0] == '/' && p[1] == '>') {
            *empty = true;
            return p + 2;
        }
        if (p >= end || !name_byte(*p))
            return NULL;
        while (p < end && name_byte(*p))
            p++;
        while (p < end && blank(*p))
            p++;
        if (p >= end || *p != '=')
            return NULL;
        p++;
        while (p < end && blank(*p))
            p++;
        if (p >= end || (*p != '"' && *p != '\''))
            return NULL;
        const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
        if (!q)
            return NULL;
        p = q + 1;
    }
}

/* n spaces, given to put */
static void put_spaces(void (*put)(void *, const void *, size_t), void *arg, size_t n)
{
    static const char sp[64] = "                                                                ";
    for (; n > sizeof sp; n -= sizeof sp)
        put(arg, sp, sizeof sp);
    put(arg, sp, n);
}

/* The bytes nw_body_digest reads, given to put in order: the body with the
 * text of feed-level timestamps and the comments among the feed's own
 * elements, before its first item or entry, and the comments after the
 * root's end tag, each made spaces (as many: nothing after them moves);
 * only what is plain ASCII, and only as far as the markup is read
 * clearly (the rest is read as it is). */
static void digest_input(const char *b, size_t len, void (*put)(void *, const void *, size_t), void *arg)
{
    const char *end = b + len, *from = b, *p = b;
    if (len >= 2 && (unsigned char)b[0] == 0x1f && (unsigned char)b[1] == 0x8b) {
        put(arg, b, len); /* a gzip file (feed.xml.gz): read as it is */
        return;
    }
    /* the open elements' local names, as far as MAX_OPEN deep */
    enum { MAX_OPEN = 8 };
    const char *open[MAX_OPEN];
    size_t open_len[MAX_OPEN];
    int depth = 0;
    while (p < end && (p = memchr(p, '<', (size_t)(end - p)))) {
        /* among the feed's own elements, or in the prolog */
        bool level = depth == 0 || (depth <= MAX_OPEN && feed_level(open[depth - 1], open_len[depth - 1]));
        if (starts(p, end, "<!--")) {
            const char *e = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
            if (!e)
                break;
            if (level && plain_ascii(p + 4, e)) {
                put(arg, from, (size_t)(p + 4 - from));
                put_spaces(put, arg, (size_t)(e - (p + 4)));
                from = e;
            }
            p = e + 3;
            continue;
        }
        if (starts(p, end, "<![CDATA[")) {
            const char *e = memmem(p + 9, (size_t)(end - p - 9), "]]>", 3);
            if (!e)
                break;
            p = e + 3;
            continue;
        }
        if (starts(p, end, "<?")) { /* a processing instruction, the XML declaration */
            const char *e = memmem(p + 2, (size_t)(end - p - 2), "?>", 2);
            if (!e)
                break;
            p = e + 2;
            continue;
        }
        if (starts(p, end, "<!")) { /* a DOCTYPE: one with an internal subset ends the look */
            const char *gt = memchr(p, '>', (size_t)(end - p)), *sq = memchr(p, '[', (size_t)(end - p));
            if (!gt || (sq && sq < gt))
                break;
            p = gt + 1;
            continue;
        }
        bool closing = end - p >= 2 && p[1] == '/';
        const char *n = p + 1 + closing, *ne = n, *local = n;
        while (ne < end && name_byte(*ne))
            local = *ne++ == ':' ? ne : local;
        if (ne == n || *n == ':')
            break; /* a '<' that opens nothing clearly */
        size_t ln = (size_t)(ne - local);
        if (closing) { /* an end tag: the innermost closes */
            while (ne < end && blank(*ne))
                ne++;
            if (ne >= end || *ne != '>')
                break;
            depth -= depth > 0;
            p = ne + 1;
            continue;
        }
        if (local_is(local, ln, "item") || local_is(local, ln, "entry"))
            break;
        bool empty;
        const char *after = tag_end(ne, end, &empty);
        if (!after)
            break;
        p = after;
        if (empty)
            continue; /* nothing opens */
        bool stamp = false;
        for (size_t i = 0; i < sizeof rewritten / sizeof *rewritten && level && !stamp; i++)
            stamp = local_is(local, ln, rewritten[i]);
        const char *lt = stamp ? memchr(p, '<', (size_t)(end - p)) : NULL;
        size_t nl = (size_t)(ne - n);
        if (lt && (size_t)(end - lt) > nl + 2 && lt[1] == '/' && !memcmp(lt + 2, n, nl) && lt[2 + nl] == '>' &&
            plain_ascii(p, lt)) {
            /* its text alone, up to its own end tag, which closes it */
            put(arg, from, (size_t)(p - from));
            put_spaces(put, arg, (size_t)(lt - p));
            from = p = lt;
        }
        if (depth < MAX_OPEN) {
            open[depth] = local;
            open_len[depth] = ln;
        }
        depth++;
    }
    /* at the end: comments after everything else, white space around them */
    const char *tail = end;
    for (;;) {
        const char *t = tail;
        while (t > from && blank(t[-1]))
            t--;
        if (t - from < 7 || memcmp(t - 3, "-->", 3))
            break;
        const char *o = NULL;
        for (const char *q = t - 7; q >= from && !o; q--)
            if (!memcmp(q, "<!--", 4))
                o = q;
        if (!o || memmem(o + 4, (size_t)(t - 3 - (o + 4)), "-->", 3) || !plain_ascii(o + 4, t - 3))
            break; /* no opening, more than one comment in between, or not plain */
        tail = o;
    }
    /* only after the root's end tag (</rss>, </feed>, </rdf:RDF>): a
     * document cut off inside a CDATA section may end with what looks
     * like a comment */
    const char *t = tail;
    while (t > from && blank(t[-1]))
        t--;
    const char *lt = t > from && t[-1] == '>' ? memrchr(from, '<', (size_t)(t - from)) : NULL;
    const char *root = lt && lt[1] == '/' ? lt + 2 : NULL, *colon = root ? memchr(root, ':', (size_t)(t - root)) : NULL;
    if (colon)
        root = colon + 1;
    size_t rn = root ? (size_t)(t - 1 - root) : 0;
    if (!(root && (local_is(root, rn, "rss") || local_is(root, rn, "feed") || local_is(root, rn, "RDF"))))
        tail = end;
    put(arg, from, (size_t)(tail - from));
    put_spaces(put, arg, (size_t)(end - tail));
}

static void digest_put(void *st, const void *d, size_t n)
{
    XXH3_128bits_update(st, d, n);
}

static void buf_put(void *b, const void *d, size_t n)
{
    nw_buf_append(b, d, n);
}

void nw_body_digest_input(const void *body, size_t len, struct nw_buf *out)
{
    digest_input(body ? body : "", len, buf_put, out);
}

void nw_body_digest(const void *body, size_t len, char out[33])
{
    XXH3_state_t st;
    XXH3_128bits_reset(&st);
    XXH3_128bits_update(&st, NW_VERSION, sizeof NW_VERSION);
    digest_input(body ? body : "", len, digest_put, &st);
    XXH128_hash_t h = XXH3_128bits_digest(&st);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

uint64_t nw_item_input(const char *const *parts, size_t n)
{
    XXH3_state_t st;
    XXH3_64bits_reset(&st);
    XXH3_64bits_update(&st, NW_VERSION, sizeof NW_VERSION);
    uint64_t count = n;
    XXH3_64bits_update(&st, &count, sizeof count);
    for (size_t i = 0; i < n; i++) {
        /* each part's length first: ("ab", "c") is not ("a", "bc") */
        uint64_t len = parts[i] ? strlen(parts[i]) : 0;
        XXH3_64bits_update(&st, &len, sizeof len);
        XXH3_64bits_update(&st, parts[i] ? parts[i] : "", len);
    }
    /* never 0: that is a page's */
    uint64_t h = XXH3_64bits_digest(&st) & INT64_MAX;
    return h ? h : 1;
}

bool nw_result_from_doc(const struct nw_doc *doc, struct nw_result *res)
{
    memset(res, 0, sizeof *res);
    nw_noun_copy(&nw_job_noun, &res->job, &doc->job);
    /* the inputs of the entries the store has are the store's own list:
     * not sent back to it */
    free(res->job.known.v);
    res->job.known = (struct nw_u64v){0};
    res->kind = doc->job.kind;
    nw_str_set(&res->url, doc->url);
    res->status = doc->status;
    nw_str_set(&res->etag, doc->etag);
    nw_str_set(&res->last_modified, doc->last_modified);
    res->retry_after_ms = doc->retry_after_ms;
    nw_str_set(&res->moved, doc->moved);
    nw_str_set(&res->digest, doc->digest);
    res->unchanged = doc->unchanged;
    res->private_addr = doc->private_addr;
    res->permanent = doc->permanent;
    if (doc->error) {
        nw_str_set(&res->error, doc->error);
    } else if (doc->status != 304 && !doc->unchanged && nw_doc_is_final(doc)) {
        char msg[64];
        snprintf(msg, sizeof msg, "HTTP status %d", (int)doc->status);
        nw_str_set(&res->error, msg);
    }
    return nw_doc_is_final(doc);
}
