#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zmq.h>

#include "../../../common/jsonx.h"
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

static void test_roundtrip(void **state)
{
    struct pair *p = *state;
    json_t *f = json_pack("{s:I, s:s, s:b}", "job", (json_int_t)42, "url", "https://x.example/feed", "guard", 1);
    const char body[] = "<rss>\0binary\xff</rss>";
    assert_int_equal(nw_msg_send(p->out, NW_MSG_DOC, f, body, sizeof body, 0), 0);
    struct nw_msg m;
    struct nw_err err = {0};
    assert_int_equal(nw_msg_recv(p->in, &m, 0, &err), 0);
    assert_int_equal(m.type, NW_MSG_DOC);
    assert_true(json_equal(m.fields, f));
    assert_int_equal(m.body_len, sizeof body);
    assert_memory_equal(m.body, body, sizeof body);
    nw_msg_cleanup(&m);
    /* without a body */
    assert_int_equal(nw_msg_send(p->out, NW_MSG_EVENT, f, NULL, 0, 0), 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, &err), 0);
    assert_int_equal(m.type, NW_MSG_EVENT);
    assert_null(m.body);
    nw_msg_cleanup(&m);
    json_decref(f);
}

static void test_malformed_dropped(void **state)
{
    struct pair *p = *state;
    struct nw_msg m;
    struct nw_err err = {0};
    /* no header */
    zmq_send(p->out, "junk", 4, 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, &err), -2);
    assert_non_null(strstr(err.msg, "header"));
    /* unknown version, with more frames that must be drained */
    unsigned char hdr[4] = {'N', 'W', 99, 1};
    zmq_send(p->out, hdr, 4, ZMQ_SNDMORE);
    zmq_send(p->out, "{}", 2, 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, &err), -2);
    assert_non_null(strstr(err.msg, "version"));
    /* bad JSON */
    hdr[2] = NW_MSG_VERSION;
    zmq_send(p->out, hdr, 4, ZMQ_SNDMORE);
    zmq_send(p->out, "{not json", 9, 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, &err), -2);
    /* the next good message still arrives intact */
    json_t *f = json_pack("{s:i}", "seq", 7);
    nw_msg_send(p->out, NW_MSG_EVENT, f, NULL, 0, 0);
    assert_int_equal(nw_msg_recv(p->in, &m, 0, &err), 0);
    assert_int_equal(nw_json_int(m.fields, "seq", 0), 7);
    nw_msg_cleanup(&m);
    json_decref(f);
    /* nothing left */
    assert_int_equal(nw_msg_recv(p->in, &m, ZMQ_DONTWAIT, &err), -1);
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
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_roundtrip), cmocka_unit_test(test_malformed_dropped),
                                       cmocka_unit_test(test_utf8_fix), cmocka_unit_test(test_json_dump)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
