#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zmq.h>

#include "../../../common/jsonx.h"
#include "../../../common/mem.h"
#include "../../../common/msg.h"

struct pair {
    void *ctx, *out, *in;
};

static int setup(void **state)
{
    static struct pair p;
    p.ctx = zmq_ctx_new();
    p.in = zmq_socket(p.ctx, ZMQ_PULL);
    p.out = zmq_socket(p.ctx, ZMQ_PUSH);
    zmq_bind(p.in, "inproc://test");
    zmq_connect(p.out, "inproc://test");
    *state = &p;
    return 0;
}

static int teardown(void **state)
{
    struct pair *p = *state;
    zmq_close(p->in);
    zmq_close(p->out);
    zmq_ctx_term(p->ctx);
    return 0;
}

#define CAP (1u << 20)

static void test_roundtrip(void **state)
{
    struct pair *p = *state;
    struct nw_err err = {0};
    struct nw_msg m;
    /* a DOC with its ticket and a binary body */
    struct nw_doc d = {.job = {.id = 42, .kind = NW_KIND_ARTICLE, .url = "https://x.example/a", .guard = true},
                       .url = "https://x.example/a?final", .status = 200, .content_type = "text/html",
                       .retry_after_ms = 5000, .private_addr = true, .fetched = 1600000000};
    const char body[] = "<rss>\0binary\xff</rss>";
    uint64_t known[] = {INT64_MAX, 1, 4242424242424242424ull};
    d.job.known = (struct nw_u64v){known, 3};
    assert_int_equal(nw_msg_send(p->out, NULL, 0, NW_MSG_DOC, &d, body, sizeof body, 0), 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), 0);
    assert_int_equal(m.type, NW_MSG_DOC);
    assert_int_equal(m.u.doc.job.id, 42);
    assert_int_equal(m.u.doc.job.kind, NW_KIND_ARTICLE);
    assert_true(m.u.doc.job.guard);
    assert_string_equal(m.u.doc.job.url, "https://x.example/a");
    assert_null(m.u.doc.job.etag);
    assert_int_equal(m.u.doc.job.known.n, 3);
    assert_memory_equal(m.u.doc.job.known.v, known, sizeof known);
    assert_string_equal(m.u.doc.url, "https://x.example/a?final");
    assert_int_equal(m.u.doc.status, 200);
    assert_int_equal(m.u.doc.retry_after_ms, 5000);
    /* its size as received: the fields' JSON and the body, no more */
    assert_true(m.wire_len > sizeof body + strlen("https://x.example/a?final"));
    assert_true(m.wire_len < sizeof body + 1024);
    assert_true(m.u.doc.private_addr);
    assert_int_equal(m.u.doc.fetched, 1600000000);
    assert_int_equal(m.body_len, sizeof body);
    assert_memory_equal(m.body, body, sizeof body);
    nw_msg_cleanup(&m);

    /* a RESULT with items, lists and enclosures, packed and unpacked by the table */
    struct nw_result r = {.kind = NW_KIND_FEED, .job = {.id = 7, .kind = NW_KIND_FEED}, .status = 200};
    r.job.url = nw_strdup("http://f/x.xml");
    r.job.archive = nw_strdup("replay-12-1700000000000");
    r.feed_title = nw_strdup("Le \"Monde\"\n");
    struct nw_item *it = nw_vec_push(&r.items, sizeof *it);
    it->title = nw_strdup("Tom & Jerry \xc3\xa9");
    it->text = nw_strdup("line\n\nline");
    it->word_count = 2;
    it->needs_article = true;
    it->input = 4242424242424242424ull;
    nw_strv_push(&it->agencies, "AFP");
    nw_strv_push(&it->agencies, "TASS");
    struct nw_enclosure *e = nw_vec_push(&it->enclosures, sizeof *e);
    e->url = nw_strdup("http://f/a.mp3");
    e->length = 12345;
    nw_vec_push(&r.items, sizeof *it); /* an empty second item */
    assert_int_equal(nw_msg_send(p->out, NULL, 0, NW_MSG_RESULT, &r, NULL, 0, 0), 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), 0);
    assert_int_equal(m.type, NW_MSG_RESULT);
    assert_null(m.body);
    assert_true(m.wire_len > strlen("http://f/a.mp3") && m.wire_len < 4096);
    const struct nw_result *g = &m.u.result;
    assert_int_equal(g->kind, NW_KIND_FEED);
    assert_int_equal(g->job.id, 7);
    assert_string_equal(g->job.archive, "replay-12-1700000000000");
    assert_string_equal(g->feed_title, "Le \"Monde\"\n");
    assert_int_equal(g->items.n, 2);
    const struct nw_item *gi = g->items.v;
    assert_string_equal(gi->title, "Tom & Jerry \xc3\xa9");
    assert_string_equal(gi->text, "line\n\nline");
    assert_true(gi->needs_article);
    assert_true(gi->input == 4242424242424242424ull);
    assert_false(gi->known);
    assert_int_equal(gi->agencies.n, 2);
    assert_string_equal(gi->agencies.v[1], "TASS");
    assert_int_equal(gi->enclosures.n, 1);
    assert_int_equal(((struct nw_enclosure *)gi->enclosures.v)->length, 12345);
    assert_null(gi[1].title);
    assert_true(gi[1].input == 0);
    nw_msg_cleanup(&m);
    nw_noun_cleanup(&nw_result_noun, &r);

    /* CREDIT and EVENT */
    uint64_t held[] = {1, 2, 99999999999ull};
    struct nw_credit c = {.worker = "fetcher 1@h", .credit = 64, .held = {held, 3}};
    assert_int_equal(nw_msg_send(p->out, NULL, 0, NW_MSG_CREDIT, &c, NULL, 0, 0), 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), 0);
    assert_int_equal(m.u.credit.credit, 64);
    assert_int_equal(m.u.credit.held.n, 3);
    assert_int_equal(m.u.credit.held.v[2], 99999999999ull);
    nw_msg_cleanup(&m);
}

static void send_raw(void *sock, int version, int type, const char *json)
{
    unsigned char hdr[4] = {'N', 'W', (unsigned char)version, (unsigned char)type};
    zmq_send(sock, hdr, 4, ZMQ_SNDMORE);
    zmq_send(sock, json, strlen(json), 0);
}

static void test_malformed_dropped(void **state)
{
    struct pair *p = *state;
    struct nw_msg m;
    struct nw_err err = {0};
    /* no header */
    zmq_send(p->out, "junk", 4, 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), -2);
    assert_non_null(strstr(err.msg, "header"));
    /* unknown version, with more frames that must be drained */
    send_raw(p->out, 99, NW_MSG_JOB, "{}");
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), -2);
    assert_non_null(strstr(err.msg, "version"));
    /* unknown type */
    send_raw(p->out, NW_MSG_VERSION, 77, "{}");
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), -2);
    /* bad JSON, not an object, a field of the wrong type, bad UTF-8 */
    const char *bad[] = {"{not json", "[1,2]", "{\"id\":\"seven\"}", "{\"url\":7}", "{\"kind\":\"poem\"}",
                         "{\"id\":-1}", "{\"url\":\"\xc0\xaf\"}", "{\"url\":\"a\\ud800b\"}",
                         "{\"url\":\"a\\u0000b\"}", "{\"id\":18446744073709551616}", "{\"id\":1.5}",
                         "{\"id\":1} junk", "{\"id\":1}{}", "{\"future\":\"\xff\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        send_raw(p->out, NW_MSG_VERSION, NW_MSG_JOB, bad[i]);
        assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), -2);
    }
    /* a time whose year is not four digits (which no time written reads
     * as), whose month is a sign and a digit, or whose numbers are out of
     * their ranges */
    const char *times[] = {"-026-11-29T10:00:02Z", "0000--1-29T10:00:02Z", "2026-13-29T10:00:02Z",
                           "2026-11-00T10:00:02Z", "2026-11-29T24:00:02Z", "2026-11-29T10:60:02Z",
                           "2026-11-29T10:00:61Z", "2026-11-29 10:00:02Z", "2026-11-29T10:00:02+"};
    for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
        char doc[80];
        snprintf(doc, sizeof doc, "{\"fetched\":\"%s\"}", times[i]);
        send_raw(p->out, NW_MSG_VERSION, NW_MSG_DOC, doc);
        assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), -2);
        assert_non_null(strstr(err.msg, "bad value for \"fetched\""));
    }
    /* the error says which: not JSON at all, or JSON of the wrong shape */
    send_raw(p->out, NW_MSG_VERSION, NW_MSG_JOB, "{not json");
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), -2);
    assert_non_null(strstr(err.msg, "not well-formed JSON"));
    send_raw(p->out, NW_MSG_VERSION, NW_MSG_JOB, "[1,2]");
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), -2);
    assert_non_null(strstr(err.msg, "not a JSON object"));
    send_raw(p->out, NW_MSG_VERSION, NW_MSG_JOB, "{\"url\":7}");
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), -2);
    assert_non_null(strstr(err.msg, "bad value for \"url\""));
    /* oversized */
    char big[5000];
    memset(big, 'a', sizeof big);
    memcpy(big, "{\"url\":\"", 8);
    memcpy(big + sizeof big - 3, "\"}", 3);
    send_raw(p->out, NW_MSG_VERSION, NW_MSG_JOB, big);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, 4096, &err), -2);
    assert_non_null(strstr(err.msg, "cap"));
    /* escapes are undone, a surrogate pair makes one character */
    send_raw(p->out, NW_MSG_VERSION, NW_MSG_JOB,
             "{\"etag\":\"\\\"q\\\"\\n\\/\\u00e9\\ud83d\\ude00\",\"id\":9223372036854775807}");
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), 0);
    assert_string_equal(m.u.job.etag, "\"q\"\n/\xc3\xa9\xf0\x9f\x98\x80");
    assert_true(m.u.job.id == UINT64_C(9223372036854775807));
    nw_msg_cleanup(&m);
    /* unknown names are ignored (a newer sender), the known ones read */
    send_raw(p->out, NW_MSG_VERSION, NW_MSG_JOB, "{\"id\":3,\"future\":{\"x\":[1]},\"url\":\"http://a/\"}");
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), 0);
    assert_int_equal(m.u.job.id, 3);
    assert_string_equal(m.u.job.url, "http://a/");
    nw_msg_cleanup(&m);
    /* the next good message still arrives intact */
    struct nw_event ev = {.seq = 7, .count = 1};
    nw_msg_send(p->out, NULL, 0, NW_MSG_EVENT, &ev, NULL, 0, 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), 0);
    assert_int_equal(m.u.event.seq, 7);
    nw_msg_cleanup(&m);
    /* nothing left */
    assert_int_equal(nw_msg_recv(p->in, &m, ZMQ_DONTWAIT, CAP, &err), -1);
}

/* A body handed over (nw_msg_send_wait_taking) arrives as it was and is
 * freed once, by ZeroMQ; when the message cannot go (a socket nobody
 * reads, told to stop), it is freed there (the sanitizers' leak check
 * and double-free check hold both) */
static void test_send_taking(void **state)
{
    struct pair *p = *state;
    struct nw_doc d = {.job = {.id = 7, .kind = NW_KIND_ARTICLE, .url = "https://x.example/p"}, .status = 200};
    size_t n = 300000;
    char *body = nw_malloc(n);
    for (size_t i = 0; i < n; i++)
        body[i] = (char)('a' + i % 26);
    int stop = 0;
    assert_int_equal(nw_msg_send_wait_taking(p->out, NW_MSG_DOC, &d, body, n, &stop), 0);
    struct nw_msg m;
    struct nw_err err = {0};
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), 0);
    assert_int_equal(m.u.doc.job.id, 7);
    assert_int_equal(m.body_len, n);
    assert_true(((const char *)m.body)[0] == 'a' && ((const char *)m.body)[n - 1] == (char)('a' + (n - 1) % 26));
    nw_msg_cleanup(&m);
    /* no body at all */
    assert_int_equal(nw_msg_send_wait_taking(p->out, NW_MSG_DOC, &d, NULL, 0, &stop), 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, CAP, &err), 0);
    assert_null(m.body);
    nw_msg_cleanup(&m);
    /* a PUSH socket with no peer queues nothing: told to stop, the body is freed */
    void *lone = zmq_socket(p->ctx, ZMQ_PUSH);
    stop = 1;
    assert_int_equal(nw_msg_send_wait_taking(lone, NW_MSG_DOC, &d, nw_strdup("<html>"), 6, &stop), -1);
    zmq_close(lone);
}

static void test_router_dealer(void **state)
{
    struct pair *p = *state;
    void *router = zmq_socket(p->ctx, ZMQ_ROUTER), *dealer = zmq_socket(p->ctx, ZMQ_DEALER);
    assert_int_equal(zmq_bind(router, "inproc://rd"), 0);
    assert_int_equal(zmq_connect(dealer, "inproc://rd"), 0);
    struct nw_credit c = {.credit = 3};
    assert_int_equal(nw_msg_send(dealer, NULL, 0, NW_MSG_CREDIT, &c, NULL, 0, 0), 0);
    struct nw_msg m;
    struct nw_err err = {0};
    assert_int_equal(nw_msg_recv(router, &m, 0, CAP, &err), 0);
    assert_int_equal(m.type, NW_MSG_CREDIT);
    assert_true(m.peer_len > 0);
    struct nw_job j = {.id = 5, .kind = NW_KIND_FEED, .url = "http://a/f.xml", .etag = "\"e\""};
    assert_int_equal(nw_msg_send(router, m.peer, m.peer_len, NW_MSG_JOB, &j, NULL, 0, 0), 0);
    nw_msg_cleanup(&m);
    assert_int_equal(nw_msg_recv(dealer, &m, 0, CAP, &err), 0);
    assert_int_equal(m.u.job.id, 5);
    assert_string_equal(m.u.job.etag, "\"e\"");
    nw_msg_cleanup(&m);
    zmq_close(router);
    zmq_close(dealer);
}

static void test_utf8_fix(void **state)
{
    (void)state;
    char *s = nw_utf8_fix("ok\xff\xc3\xa9\xe2\x82", 7);
    assert_string_equal(s, "ok\xEF\xBF\xBD\xc3\xa9\xEF\xBF\xBD\xEF\xBF\xBD");
    free(s);
    json_t *o = json_object();
    nw_json_set_str(o, "k", "bad \xc0\xaf byte");
    assert_non_null(nw_json_str(o, "k"));
    json_decref(o);
}

/* Display fields past NW_LINE_MAX bytes are cut at a word's end near the
 * limit, else at a character's (never inside one), and end in "…";
 * lists past NW_LINES_MAX lose their later strings. */
static void test_clip_line(void **state)
{
    (void)state;
    char s[3 * NW_LINE_MAX];
    /* "é" (2 bytes) over and over: no space to cut at */
    for (size_t i = 0; i + 1 < sizeof s; i += 2)
        memcpy(s + i, "\xc3\xa9", 2);
    size_t n = sizeof s - 1 - (sizeof s - 1) % 2;
    size_t k = nw_utf8_clip_len(s, n, NW_LINE_MAX);
    assert_true(k <= NW_LINE_MAX - 3);
    assert_true(k >= NW_LINE_MAX - 5);
    assert_int_equal(k % 2, 0); /* at a character's start */
    assert_int_equal(nw_utf8_clip_len(s, 10, NW_LINE_MAX), 10);
    assert_int_equal(nw_utf8_clip_len(s, NW_LINE_MAX, NW_LINE_MAX), NW_LINE_MAX);
    /* words: cut after one, its space dropped */
    for (size_t i = 0; i < sizeof s; i++)
        s[i] = i % 10 == 9 ? ' ' : 'w';
    k = nw_utf8_clip_len(s, sizeof s, NW_LINE_MAX);
    assert_true(k <= NW_LINE_MAX - 3 && k > NW_LINE_MAX - 16);
    assert_int_equal(s[k - 1], 'w');
    assert_int_equal(s[k], ' ');

    json_t *o = json_object(), *cats = json_array();
    json_object_set_new(o, "title", json_stringn(s, sizeof s));
    json_object_set_new(o, "short", json_string("A title"));
    for (int i = 0; i < NW_LINES_MAX + 10; i++)
        json_array_append_new(cats, i == 3 ? json_stringn(s, NW_LINE_MAX + 1) : json_string("tag"));
    json_object_set_new(o, "categories", cats);
    assert_true(nw_json_clip_line(o, "title"));
    const char *t = nw_json_str(o, "title");
    size_t tl = strlen(t);
    assert_true(tl <= NW_LINE_MAX);
    assert_string_equal(t + tl - 3, "\xe2\x80\xa6");
    assert_memory_equal(t, s, tl - 3);
    assert_false(nw_json_clip_line(o, "title")); /* once is enough */
    assert_false(nw_json_clip_line(o, "short"));
    assert_string_equal(nw_json_str(o, "short"), "A title");
    assert_false(nw_json_clip_line(o, "absent"));
    assert_false(nw_json_clip_line(NULL, "title"));
    assert_true(nw_json_clip_lines(o, "categories"));
    assert_int_equal(json_array_size(cats), NW_LINES_MAX);
    assert_true(json_string_length(json_array_get(cats, 3)) <= NW_LINE_MAX);
    assert_string_equal(json_string_value(json_array_get(cats, 4)), "tag");
    assert_false(nw_json_clip_lines(o, "categories"));
    assert_true(nw_json_utf8_ok(o));
    json_decref(o);
}

/* s[0..len) written into a free buffer and into one capped at exactly
 * the room it takes: the same bytes, read back as the string (when it
 * is UTF-8: not when the length cuts a character). */
static void check_put_str(const char *s, size_t len)
{
    struct nw_buf free_buf = {0}, capped = {0};
    nw_json_put_str(&free_buf, s, len);
    nw_buf_init(&capped, free_buf.len);
    nw_json_put_str(&capped, s, len);
    assert_int_equal(capped.len, free_buf.len);
    assert_memory_equal(capped.data, free_buf.data, free_buf.len);
    if (nw_utf8_valid(s, len)) {
        json_error_t jerr;
        json_t *str = json_loads(free_buf.data, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        assert_non_null(str);
        assert_int_equal(json_string_length(str), len);
        assert_memory_equal(json_string_value(str), s, len);
        json_decref(str);
    }
    nw_buf_cleanup(&free_buf);
    nw_buf_cleanup(&capped);
}

static void test_json_dump(void **state)
{
    (void)state;
    json_error_t jerr;
    const char *src = "{\"a\":\"quote \\\" back \\\\ nl \\n tab \\t ctl \\u0001 \u00e9\u4e2d\",\"n\":-42,"
                      "\"r\":1.5,\"t\":true,\"f\":false,\"z\":null,\"arr\":[1,{\"x\":[]},{}],\"e\":\"\"}";
    json_t *j = json_loads(src, 0, &jerr);
    assert_non_null(j);
    struct nw_buf b = {0};
    nw_json_dump(j, &b);
    char *ref = json_dumps(j, JSON_COMPACT);
    assert_string_equal(b.data, ref); /* the same text as jansson writes */
    json_t *back = json_loads(b.data, 0, &jerr);
    assert_true(json_equal(j, back));
    free(ref);
    nw_buf_cleanup(&b);
    json_decref(back);
    json_decref(j);
    /* a string is written in place when there is room for it, else piece
     * by piece (a capped buffer): the same bytes
     * either way, read back as the string; every ASCII byte value and
     * UTF-8 between, runs around the 8-byte steps */
    size_t n = ((size_t)1 << 20) + 77;
    char *s = malloc(n);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)(i % 11 == 0 ? (i / 11) % 128 : 'a' + i % 26);
    for (size_t i = 5; i + 1 < n; i += 37)
        memcpy(s + i, "\xc3\xa9", 2);
    for (size_t len = 0; len <= n; len = len < 300 ? len + 1 : len == 300 ? n : n + 1)
        check_put_str(s, len);
    /* strings of escapes only, and of escapes among long plain runs: the
     * room taken runs out and more is taken, on the way */
    for (size_t len = 1; len <= 4096; len = len < 300 ? len + 1 : len * 2) {
        for (size_t i = 0; i < len; i++)
            s[i] = (char)(len % 3 == 0 ? i % 32 : len % 3 == 1 ? (i % 100 < 80 ? 'x' : '"') : (i % 5 ? '\x01' : 'y'));
        check_put_str(s, len);
    }
    /* U+0085, U+2028 and U+2029 are escaped (readers that split lines on
     * them would cut a JSON line), other characters of the same lead
     * bytes are not: among plain runs, at the end, cut short */
    static const char *const pieces[] = {"\xe2\x80\xa8", "\xe2\x80\xa9", "\xc2\x85", "\xe2\x80\x99", "\xc2\xa0",
                                         "plain text ", "\xe2\x80", "\xc2", "\""};
    for (size_t len = 1; len <= 2048; len = len < 200 ? len + 1 : len * 2) {
        size_t at = 0;
        for (size_t k = 0; at < len; k++) {
            const char *pc = pieces[(k * 7 + len) % (sizeof pieces / sizeof *pieces)];
            size_t pl = strlen(pc) < len - at ? strlen(pc) : len - at;
            memcpy(s + at, pc, pl);
            at += pl;
        }
        check_put_str(s, len);
        struct nw_buf b = {0};
        nw_json_put_str(&b, s, len);
        assert_null(memmem(b.data, b.len, "\xe2\x80\xa8", 3));
        assert_null(memmem(b.data, b.len, "\xe2\x80\xa9", 3));
        assert_null(memmem(b.data, b.len, "\xc2\x85", 2));
        nw_buf_cleanup(&b);
    }
    struct nw_buf one = {0};
    nw_json_put_str(&one, "a\xe2\x80\xa8" "b\xe2\x80\x99" "c\xc2\x85", 11);
    assert_string_equal(one.data, "\"a\\u2028" "b\xe2\x80\x99" "c\\u0085\"");
    nw_buf_cleanup(&one);
    free(s);
}

/* A DOC with nothing to parse is its whole RESULT; one with a 2xx body is not. */
static void test_result_from_doc(void **state)
{
    (void)state;
    struct nw_doc d = {.job = {.id = 7, .kind = NW_KIND_FEED, .url = "http://a.test/f"},
                       .url = "http://a.test/f", .status = 304, .etag = "\"e1\"", .retry_after_ms = 5000};
    struct nw_result r;
    assert_true(nw_result_from_doc(&d, &r));
    assert_null(r.error);
    assert_int_equal(r.job.id, 7);
    assert_int_equal(r.kind, NW_KIND_FEED);
    assert_int_equal(r.status, 304);
    assert_string_equal(r.etag, "\"e1\"");
    assert_int_equal(r.retry_after_ms, 5000);
    nw_noun_cleanup(&nw_result_noun, &r);
    d.status = 404;
    assert_true(nw_result_from_doc(&d, &r));
    assert_string_equal(r.error, "HTTP status 404");
    nw_noun_cleanup(&nw_result_noun, &r);
    d.status = 0;
    d.error = "connection refused";
    d.permanent = true;
    assert_true(nw_result_from_doc(&d, &r));
    assert_string_equal(r.error, "connection refused");
    assert_true(r.permanent);
    nw_noun_cleanup(&nw_result_noun, &r);
    d.error = NULL;
    d.permanent = false;
    d.status = 200;
    assert_false(nw_result_from_doc(&d, &r));
    assert_null(r.error);
    assert_string_equal(r.url, "http://a.test/f");
    nw_noun_cleanup(&nw_result_noun, &r);
    /* a feed body the same as the one its items came from: final, as a
     * 304, with its digest and no error */
    d.digest = "00112233445566778899aabbccddeeff";
    d.unchanged = true;
    assert_true(nw_result_from_doc(&d, &r));
    assert_null(r.error);
    assert_int_equal(r.status, 200);
    assert_true(r.unchanged);
    assert_string_equal(r.digest, d.digest);
    nw_noun_cleanup(&nw_result_noun, &r);
}

/* A body's digest: 32 hex digits, the same for the same bytes, another
 * for a body one byte apart or cut short. */
static void test_body_digest(void **state)
{
    (void)state;
    char a[33], b[33], c[33], e[33];
    const char body[] = "<rss><channel><item><title>One</title></item></channel></rss>";
    nw_body_digest(body, sizeof body - 1, a);
    nw_body_digest(body, sizeof body - 1, b);
    assert_int_equal(strlen(a), 32);
    assert_int_equal(strspn(a, "0123456789abcdef"), 32);
    assert_string_equal(a, b);
    char other[sizeof body];
    memcpy(other, body, sizeof body);
    other[30] ^= 1;
    nw_body_digest(other, sizeof body - 1, c);
    assert_string_not_equal(a, c);
    nw_body_digest(body, sizeof body - 2, c);
    assert_string_not_equal(a, c);
    nw_body_digest(NULL, 0, e);
    assert_int_equal(strlen(e), 32);
    assert_string_not_equal(a, e);
}

/* Two bodies' digests, equal or not. */
static void digests(const char *x, const char *y, bool same)
{
    char a[33], b[33];
    nw_body_digest(x, strlen(x), a);
    nw_body_digest(y, strlen(y), b);
    if (same != !strcmp(a, b))
        fail_msg("digests %s for\n  %s\n  %s", same ? "differ" : "agree", x, y);
}

/* What a dynamic server rewrites on every request and the parser stage
 * never reads is left out of the digest (its length aside): feed-level
 * timestamps before the first item or entry, comments there and after the
 * root's end. The rest, the items' own dates included, counts. */
static void test_body_digest_rewritten(void **state)
{
    (void)state;
    const char *rss = "<?xml version=\"1.0\"?><rss><channel><title>T</title>"
                      "<lastBuildDate>Wed, 02 Dec 2026 14:00:00 GMT</lastBuildDate>"
                      "<pubDate>Wed, 02 Dec 2026 14:00:00 GMT</pubDate><!-- built in 0.12 s -->"
                      "<item><title>One</title><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>"
                      "<description><![CDATA[a <!-- x --> b]]></description></item></channel></rss>\n"
                      "<!-- served from cache at 14:00:00 -->\n";
    digests(rss, rss, true);
    struct {
        const char *from, *to;
        bool same;
    } edits[] = {
        {"<lastBuildDate>Wed, 02 Dec 2026 14:00:00", "<lastBuildDate>Wed, 02 Dec 2026 14:05:09", true},
        {"<pubDate>Wed, 02 Dec 2026 14:00:00", "<pubDate>Thu, 03 Dec 2026 09:00:00", true},
        {"built in 0.12 s", "built in 0.37 s", true},
        {"served from cache at 14:00:00 -->", "served from cache at 14:05:09 -->", true},
        /* a length that changes moves what follows: counted */
        {"built in 0.12 s", "built in 0.377 s", false},
        {"served from cache at 14:00:00 -->\n", "served from cache at 14:05:09 -->\n<!-- 2nd -->", false},
        {"<title>T</title>", "<title>U</title>", false},
        {"<pubDate>Tue, 01 Dec 2026 10:00:00", "<pubDate>Tue, 01 Dec 2026 10:00:01", false},
        {"a <!-- x --> b", "a <!-- y --> b", false},
        {"</rss>\n<!--", "</rss>\nx<!--", false},
    };
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        const char *at = strstr(rss, edits[i].from);
        assert_non_null(at);
        char other[1024];
        snprintf(other, sizeof other, "%.*s%s%s", (int)(at - rss), rss, edits[i].to, at + strlen(edits[i].from));
        digests(rss, other, edits[i].same);
    }
    /* Atom's feed-level <updated> and dc:date; an entry's own counts */
    digests("<feed xmlns=\"http://www.w3.org/2005/Atom\"><updated>2026-12-02T14:00:00Z</updated><entry>"
            "<updated>2026-12-01T10:00:00Z</updated></entry></feed>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><updated>2026-12-02T14:09:31Z</updated><entry>"
            "<updated>2026-12-01T10:00:00Z</updated></entry></feed>",
            true);
    digests("<feed><updated>2026-12-02T14:00:00Z</updated><entry><updated>2026-12-01T10:00:00Z</updated>"
            "</entry></feed>",
            "<feed><updated>2026-12-02T14:00:00Z</updated><entry><updated>2026-12-01T10:00:09Z</updated>"
            "</entry></feed>",
            false);
    digests("<rdf:RDF><channel><dc:date>2026-12-02T14:00:00Z</dc:date></channel><item>i</item></rdf:RDF>",
            "<rdf:RDF><channel><dc:date>2026-12-02T14:09:00Z</dc:date></channel><item>i</item></rdf:RDF>", true);
    /* a channel's date after its items, a timestamp holding markup, a
     * comment at the end of a document cut short: counted */
    digests("<rss><channel><item>i</item><lastBuildDate>1</lastBuildDate></channel></rss>",
            "<rss><channel><item>i</item><lastBuildDate>2</lastBuildDate></channel></rss>", false);
    digests("<rss><channel><pubDate>1<b/></pubDate><item>i</item></channel></rss>",
            "<rss><channel><pubDate>2<b/></pubDate><item>i</item></channel></rss>", false);
    digests("<rss><channel><item><description><![CDATA[x <!-- 1 -->",
            "<rss><channel><item><description><![CDATA[x <!-- 2 -->", false);
    /* inside another of the feed's elements (a title's text), a comment
     * or an element of such a name is that element's: counted */
    digests("<rss><channel><title>A <date>1</date></title><item>i</item></channel></rss>",
            "<rss><channel><title>A <date>2</date></title><item>i</item></channel></rss>", false);
    digests("<feed><title type=\"xhtml\"><div>A<!-- 1 --></div></title><entry/></feed>",
            "<feed><title type=\"xhtml\"><div>A<!-- 2 --></div></title><entry/></feed>", false);
    /* only plain ASCII is left out, and only where the markup is read
     * clearly: a comment holding "--", a date in other letters, what
     * looks like a comment inside the XML declaration or an attribute */
    digests("<rss><channel><!-- a -- 1 --><item>i</item></channel></rss>",
            "<rss><channel><!-- a -- 2 --><item>i</item></channel></rss>", false);
    digests("<rss><channel><pubDate>mi\xC3\xA9, 02 dic</pubDate><item>i</item></channel></rss>",
            "<rss><channel><pubDate>jue, 03 dic</pubDate><item>i</item></channel></rss>", false);
    digests("<?xml version=\"1.0\" encodi<!-- 1 -->ng=\"utf-8\"?><rss><channel><item>i</item></channel></rss>",
            "<?xml version=\"1.0\" encodi<!-- 2 -->ng=\"utf-8\"?><rss><channel><item>i</item></channel></rss>", false);
    digests("<rss><channel><image title=\"<!-- 1 -->\"/><item>i</item></channel></rss>",
            "<rss><channel><image title=\"<!-- 2 -->\"/><item>i</item></channel></rss>", false);
    /* the bytes read: the body with those made spaces */
    struct nw_buf in = {0};
    const char *body = "<rss><channel><lastBuildDate>now</lastBuildDate><!-- x --><item>i</item></channel></rss>"
                       "<!-- at 12:00 -->\n";
    const char *read = "<rss><channel><lastBuildDate>   </lastBuildDate><!--   --><item>i</item></channel></rss>"
                       "                  ";
    nw_body_digest_input(body, strlen(body), &in);
    assert_int_equal(in.len, strlen(read));
    assert_memory_equal(in.data, read, in.len);
    nw_buf_cleanup(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),       cmocka_unit_test(test_malformed_dropped),
        cmocka_unit_test(test_router_dealer),   cmocka_unit_test(test_send_taking),
        cmocka_unit_test(test_utf8_fix),        cmocka_unit_test(test_body_digest_rewritten),
        cmocka_unit_test(test_clip_line),       cmocka_unit_test(test_json_dump),
        cmocka_unit_test(test_result_from_doc), cmocka_unit_test(test_body_digest)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
