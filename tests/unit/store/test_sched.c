#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zmq.h>

#include "../../../common/jsonx.h"
#include "../../../common/msg.h"
#include "../../../store/sched.h"

struct fixture {
    char dir[64];
    struct store s;
    void *ctx, *push, *pull;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/nw-sched-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    struct nw_err err = {0};
    assert_int_equal(store_open(&f->s, f->dir, 64u << 20, false, &err), 0);
    f->ctx = zmq_ctx_new();
    f->push = zmq_socket(f->ctx, ZMQ_PUSH);
    f->pull = zmq_socket(f->ctx, ZMQ_PULL);
    zmq_bind(f->push, "inproc://jobs");
    zmq_connect(f->pull, "inproc://jobs");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    zmq_close(f->push);
    zmq_close(f->pull);
    zmq_ctx_term(f->ctx);
    store_close(&f->s);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static int recv_jobs(void *sock, json_t **last)
{
    int n = 0;
    struct nw_msg m;
    struct nw_err err = {0};
    while (nw_msg_recv(sock, &m, ZMQ_DONTWAIT, &err) == 0) {
        assert_int_equal(m.type, NW_MSG_JOB);
        if (last) {
            json_decref(*last);
            *last = json_incref(m.fields);
        }
        nw_msg_cleanup(&m);
        n++;
    }
    return n;
}

static void test_due_issue_lease(void **state)
{
    struct fixture *f = *state;
    struct nw_feed_conf feeds[] = {{"a", "http://127.0.0.1:1/a.xml", 60000}, {"b", "http://127.0.0.1:1/b.xml", 60000}};
    MDB_txn *txn;
    int64_t now = 1000000;
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &txn), 0);
    /* store validators for feed a: the job must carry them */
    json_t *st = json_pack("{s:s, s:s}", "etag", "\"v1\"", "last_modified", "Mon, 01 Jan 2024 00:00:00 GMT");
    sched_feed_put(&f->s, txn, feeds[0].url, st);
    json_decref(st);
    assert_int_equal(sched_due_feeds(&f->s, txn, feeds, 2, now), 2);
    assert_int_equal(sched_due_feeds(&f->s, txn, feeds, 2, now), 0); /* one job per feed at a time */
    json_t *expired = NULL, *job = NULL;
    unsigned long pending = 0;
    assert_int_equal(sched_issue(&f->s, txn, f->push, now, 5000, 3, &expired, &pending), 2);
    assert_int_equal(pending, 2);
    json_decref(expired);
    assert_int_equal(recv_jobs(f->pull, &job), 2);
    assert_string_equal(nw_json_str(job, "kind"), "feed");
    assert_true(nw_json_int(job, "job", 0) > 0);
    /* before the lease ends nothing is sent again */
    assert_int_equal(sched_issue(&f->s, txn, f->push, now + 4999, 5000, 3, &expired, &pending), 0);
    json_decref(expired);
    assert_int_equal(recv_jobs(f->pull, NULL), 0);
    /* after it, both are issued again */
    assert_int_equal(sched_issue(&f->s, txn, f->push, now + 5000, 5000, 3, &expired, &pending), 2);
    json_decref(expired);
    assert_int_equal(recv_jobs(f->pull, NULL), 2);
    /* the job of feed a carries its validators */
    json_t *sa = sched_feed_get(&f->s, txn, feeds[0].url);
    json_t *ja = sched_job_get(&f->s, txn, (uint64_t)nw_json_int(sa, "job", 0));
    assert_string_equal(nw_json_str(ja, "etag"), "\"v1\"");
    assert_int_equal(nw_json_int(ja, "attempts", 0), 2);
    /* completing it frees the feed for its next due time */
    sched_job_del(&f->s, txn, (uint64_t)nw_json_int(sa, "job", 0));
    json_object_set_new(sa, "next_due", json_integer(now + 60000));
    sched_feed_put(&f->s, txn, feeds[0].url, sa);
    assert_int_equal(sched_due_feeds(&f->s, txn, feeds, 1, now + 59999), 0);
    assert_int_equal(sched_due_feeds(&f->s, txn, feeds, 1, now + 60000), 1);
    json_decref(sa);
    json_decref(ja);
    json_decref(job);
    mdb_txn_abort(txn);
}

static void test_article_attempts_expire(void **state)
{
    struct fixture *f = *state;
    MDB_txn *txn;
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &txn), 0);
    json_t *job = json_pack("{s:s, s:s, s:s, s:i, s:i}", "kind", "article", "url", "http://x/1", "item",
                            "00112233445566778899aabbccddeeff", "lease_until", 0, "attempts", 0);
    sched_job_add(&f->s, txn, job);
    json_decref(job);
    json_t *expired = NULL;
    unsigned long pending;
    int64_t now = 1000;
    for (int i = 0; i < 2; i++, now += 10000) {
        assert_int_equal(sched_issue(&f->s, txn, f->push, now, 5000, 2, &expired, &pending), 1);
        assert_int_equal(json_array_size(expired), 0);
        json_decref(expired);
    }
    assert_int_equal(sched_issue(&f->s, txn, f->push, now, 5000, 2, &expired, &pending), 0);
    assert_int_equal(json_array_size(expired), 1);
    json_decref(expired);
    recv_jobs(f->pull, NULL);
    mdb_txn_abort(txn);
}

static void test_backoff(void **state)
{
    (void)state;
    assert_int_equal(sched_next_due(0, 600000, 0, 0), 600000);
    assert_int_equal(sched_next_due(0, 600000, 1, 0), 1200000);
    assert_int_equal(sched_next_due(0, 600000, 2, 0), 2400000);
    assert_int_equal(sched_next_due(0, 600000, 9, 0), 2400000); /* never beyond 4 intervals */
    assert_int_equal(sched_next_due(0, 600000, 9, 7200000), 7200000); /* unless the server asks */
    assert_int_equal(sched_next_due(0, 600000, 0, 1000), 600000);     /* never more often */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_due_issue_lease, setup, teardown),
        cmocka_unit_test_setup_teardown(test_article_attempts_expire, setup, teardown),
        cmocka_unit_test(test_backoff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
