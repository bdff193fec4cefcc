#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../../common/msg.h"
#include "../../../common/nwtime.h"
#include "../../../store/sched.h"

struct fixture {
    char dir[64];
    struct store s;
    MDB_txn *txn;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/nw-sched-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    struct nw_err err = {0};
    assert_int_equal(store_open(&f->s, f->dir, 64u << 20, STORE_WRITER, &err), 0);
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->txn), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    mdb_txn_abort(f->txn);
    store_close(&f->s);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

struct sent {
    uint64_t ids[64];
    int n, room;
};

static int take(void *arg, uint64_t id, const struct record_job *j)
{
    struct sent *s = arg;
    (void)j;
    if (s->room-- <= 0)
        return -1;
    s->ids[s->n++] = id;
    return 0;
}

static void no_give_up(void *arg, uint64_t id, struct record_job *j)
{
    (void)arg;
    (void)id;
    (void)j;
    fail_msg("nothing should be given up");
}

static void test_due_issue_lease(void **state)
{
    struct fixture *f = *state;
    struct nw_feed_conf feeds[] = {{.name = "a", .url = "http://127.0.0.1:1/a.xml", .interval_ms = 60000},
                                   {.name = "b", .url = "http://127.0.0.1:1/b.xml", .interval_ms = 60000}};
    struct sched_feeds *t = sched_feeds_new(feeds, 2);
    int64_t now = 1000000;
    int lrc;
    assert_ptr_equal(sched_feeds_find(t, feeds[1].url), &feeds[1]);
    assert_null(sched_feeds_find(t, "http://other/"));
    /* new feeds are due at once, one job each */
    assert_int_equal(sched_due_feeds(&f->s, f->txn, t, feeds, 2, true, now, 100, &lrc), 2);
    assert_int_equal(sched_due_feeds(&f->s, f->txn, t, feeds, 2, true, now, 100, &lrc), 0);
    /* the issue respects the room it is given */
    struct sent s = {.room = 1};
    assert_int_equal(sched_issue(&f->s, f->txn, now, 10000, 5, 10, take, no_give_up, &s, &lrc), 1);
    s.room = 5;
    assert_int_equal(sched_issue(&f->s, f->txn, now, 10000, 5, 10, take, no_give_up, &s, &lrc), 1);
    assert_int_equal(s.n, 2);
    /* leased: nothing more until the lease runs out */
    assert_int_equal(sched_issue(&f->s, f->txn, now + 9999, 10000, 5, 10, take, no_give_up, &s, &lrc), 0);
    /* a heartbeat right after the issue leaves a fresh lease as it is */
    assert_int_equal(sched_renew(&f->s, f->txn, &s.ids[0], 1, now + 1000, 10000), 0);
    /* a later one renews it: only the other comes back, without a try spent */
    assert_int_equal(sched_renew(&f->s, f->txn, &s.ids[0], 1, now + 5000, 10000), 1);
    assert_int_equal(sched_issue(&f->s, f->txn, now + 10001, 10000, 5, 10, take, no_give_up, &s, &lrc), 1);
    assert_int_equal(s.ids[2], s.ids[1]);
    struct record_job j;
    assert_int_equal(sched_job_get(&f->s, f->txn, s.ids[1], &j), 0);
    assert_int_equal(j.attempts, 0);
    assert_int_equal(j.expiries, 1);
    assert_true(j.leased);
    assert_int_equal(j.kind, NW_KIND_FEED);
    nw_noun_cleanup(&record_job_noun, &j);
    /* `run` voids every lease on start */
    assert_int_equal(sched_void_leases(&f->s, f->txn), 2);
    assert_int_equal(sched_issue(&f->s, f->txn, now + 10002, 10000, 5, 10, take, no_give_up, &s, &lrc), 2);
    /* a feed whose job is answered is due again at its next time, not before */
    struct sched_feed st;
    assert_int_equal(sched_feed_load(&f->s, f->txn, feeds[0].url, &st), 0);
    assert_true(st.exists);
    assert_int_not_equal(st.r.job, 0);
    assert_int_equal(sched_job_get(&f->s, f->txn, st.r.job, &j), 0);
    assert_int_equal(sched_job_del(&f->s, f->txn, st.r.job, &j), 0);
    nw_noun_cleanup(&record_job_noun, &j);
    st.r.job = 0;
    st.r.next_due = now + 60000;
    assert_int_equal(sched_feed_save(&f->s, f->txn, feeds[0].url, &st), 0);
    sched_feed_cleanup(&st);
    assert_int_equal(sched_due_feeds(&f->s, f->txn, t, feeds, 2, false, now + 59999, 100, &lrc), 0);
    assert_int_equal(sched_due_feeds(&f->s, f->txn, t, feeds, 2, false, now + 60000, 100, &lrc), 1);
    /* a feed no longer configured is not polled */
    assert_int_equal(sched_feed_load(&f->s, f->txn, feeds[0].url, &st), 0);
    assert_int_equal(sched_job_get(&f->s, f->txn, st.r.job, &j), 0);
    sched_job_del(&f->s, f->txn, st.r.job, &j);
    nw_noun_cleanup(&record_job_noun, &j);
    st.r.job = 0;
    st.r.next_due = now;
    sched_feed_save(&f->s, f->txn, feeds[0].url, &st);
    sched_feed_cleanup(&st);
    struct sched_feeds *t1 = sched_feeds_new(&feeds[1], 1);
    assert_int_equal(sched_due_feeds(&f->s, f->txn, t1, &feeds[1], 1, false, now + 70000, 100, &lrc), 0);
    sched_feeds_free(t1);
    sched_feeds_free(t);
}

/* A feed's job answered: its state as `set` leaves it, no job out. */
static void answer(struct fixture *f, const char *url, int64_t next_due, bool disabled, int64_t last_attempt)
{
    struct sched_feed st;
    struct record_job j;
    assert_int_equal(sched_feed_load(&f->s, f->txn, url, &st), 0);
    assert_int_equal(sched_job_get(&f->s, f->txn, st.r.job, &j), 0);
    assert_int_equal(sched_job_del(&f->s, f->txn, st.r.job, &j), 0);
    nw_noun_cleanup(&record_job_noun, &j);
    st.r.job = 0;
    st.r.next_due = next_due;
    st.r.disabled = disabled;
    st.r.last_attempt = last_attempt;
    assert_int_equal(sched_feed_save(&f->s, f->txn, url, &st), 0);
    sched_feed_cleanup(&st);
}

/* The URL and validators of the job made for feed `fc` now. */
static void job_now(struct fixture *f, struct sched_feeds *t, const struct nw_feed_conf *fc, int64_t now,
                    struct record_job *j)
{
    int lrc;
    assert_int_equal(sched_due_feeds(&f->s, f->txn, t, fc, 1, false, now, 100, &lrc), 1);
    struct sched_feed st;
    assert_int_equal(sched_feed_load(&f->s, f->txn, fc->url, &st), 0);
    assert_int_equal(sched_job_get(&f->s, f->txn, st.r.job, j), 0);
    sched_feed_cleanup(&st);
}

/* A feed whose address is a sitemap index is fetched at the sitemap the
 * index named, with that sitemap's validators; the index is asked for
 * again (without them) a day after it was read, and after a failure of
 * the sitemap since. A page read for the feed it announces is asked for
 * again (without the feed's validators) once its page_next has come. */
static void test_configured_address_reread(void **state)
{
    struct fixture *f = *state;
    struct nw_feed_conf fc = {.name = "idx", .url = "http://127.0.0.1:1/sitemap_index.xml", .interval_ms = 60000};
    struct sched_feeds *t = sched_feeds_new(&fc, 1);
    const char *month = "http://127.0.0.1:1/sitemap-2026-12.xml";
    int64_t now = 1700000000000;
    struct {
        int64_t index_read, failures, last_attempt, page_next;
        bool want_index;
    } cases[] = {
        {now - 3600 * 1000, 0, now - 60000, 0, false},       /* read an hour ago: the sitemap */
        {now - 24 * 3600 * 1000, 0, now - 60000, 0, true},   /* a day ago: the index */
        {now - 3600 * 1000, 1, now - 60000, 0, true},        /* the sitemap failed since: the index */
        {now - 3600 * 1000, 1, now - 3600 * 1000, 0, false}, /* the index read after that failure: the sitemap */
        {0, 0, now - 60000, 0, false},                       /* not an index: where it moved */
        {0, 0, now - 60000, now + 1000, false},              /* a page, read again later: its feed */
        {0, 3, now - 60000, now + 1000, false},              /* ... even when the feed fails */
        {0, 0, now - 60000, now, true},                      /* a page to read again now: the page */
        {0, 0, now - 60000, now - 86400000, true},           /* ... or since a while */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct sched_feed st;
        assert_int_equal(sched_feed_load(&f->s, f->txn, fc.url, &st), 0);
        if (st.r.job) {
            struct record_job old;
            assert_int_equal(sched_job_get(&f->s, f->txn, st.r.job, &old), 0);
            assert_int_equal(sched_job_del(&f->s, f->txn, st.r.job, &old), 0);
            nw_noun_cleanup(&record_job_noun, &old);
            st.r.job = 0;
        }
        nw_str_set(&st.r.fetch_url, month);
        nw_str_set(&st.r.etag, "\"v1\"");
        nw_str_set(&st.r.last_modified, "Thu, 03 Dec 2026 10:00:00 GMT");
        nw_str_set(&st.r.digest, "00112233445566778899aabbccddeeff");
        st.r.index_read = cases[i].index_read;
        st.r.failures = cases[i].failures;
        st.r.last_attempt = cases[i].last_attempt;
        st.r.page_next = cases[i].page_next;
        st.r.next_due = now;
        assert_int_equal(sched_feed_save(&f->s, f->txn, fc.url, &st), 0);
        sched_feed_cleanup(&st);
        struct record_job j;
        job_now(f, t, &fc, now, &j);
        assert_string_equal(j.feed, fc.url);
        if (cases[i].want_index) {
            assert_string_equal(j.url, fc.url);
            assert_null(j.etag);
            assert_null(j.last_modified);
            assert_null(j.digest);
        } else {
            assert_string_equal(j.url, month);
            assert_string_equal(j.etag, "\"v1\"");
            assert_non_null(j.digest);
        }
        nw_noun_cleanup(&record_job_noun, &j);
    }
    sched_feeds_free(t);
}

static void test_sweep(void **state)
{
    struct fixture *f = *state;
    struct nw_feed_conf feeds[] = {{.name = "a", .url = "http://h/a", .interval_ms = 60000},
                                   {.name = "b", .url = "http://h/b", .interval_ms = 60000},
                                   {.name = "c", .url = "http://h/c", .interval_ms = 60000},
                                   {.name = "d", .url = "http://h/d", .interval_ms = 60000},
                                   {.name = "e", .url = "http://h/e", .interval_ms = 3600000},
                                   {.name = "x", .url = "http://h/x", .interval_ms = 60000}};
    struct sched_feeds *all = sched_feeds_new(feeds, 6);
    int64_t now = 1000000;
    int lrc;
    assert_int_equal(sched_due_feeds(&f->s, f->txn, all, feeds, 6, true, now, 100, &lrc), 6);
    answer(f, "http://h/a", now + 60000, false, now);
    answer(f, "http://h/b", now + 365LL * 86400000, true, now); /* gone: disabled */
    answer(f, "http://h/c", now + 60000, false, now + 5);      /* answered during the sweep */
    /* d keeps its job out */
    answer(f, "http://h/e", now + 3600000, false, now);
    answer(f, "http://h/x", now + 60000, false, now);
    struct sched_feeds *t = sched_feeds_new(feeds, 5); /* x is no longer configured */
    assert_int_equal(sched_due_feeds(&f->s, f->txn, t, feeds, 5, false, now + 10, 100, &lrc), 0);
    /* the sweep, one feed per step: a and e only, whatever their deadline */
    struct sched_sweep sw = {.since = now + 1};
    int steps = 0;
    while (!sw.done && steps < 20) {
        assert_true(sched_sweep_feeds(&f->s, f->txn, t, now + 10, &sw, 1, &lrc) >= 0);
        steps++;
    }
    assert_true(sw.done);
    assert_int_equal(sw.made, 2);
    const char *swept[] = {"http://h/a", "http://h/e"}, *left[] = {"http://h/b", "http://h/c", "http://h/x"};
    for (int i = 0; i < 2; i++) {
        struct sched_feed st;
        assert_int_equal(sched_feed_load(&f->s, f->txn, swept[i], &st), 0);
        assert_int_not_equal(st.r.job, 0);
        sched_feed_cleanup(&st);
    }
    for (int i = 0; i < 3; i++) {
        struct sched_feed st;
        assert_int_equal(sched_feed_load(&f->s, f->txn, left[i], &st), 0);
        assert_int_equal(st.r.job, 0);
        sched_feed_cleanup(&st);
    }
    /* a second sweep finds the swept ones out (their jobs) and the rest as before */
    struct sched_sweep again = {.since = now + 1};
    assert_int_equal(sched_sweep_feeds(&f->s, f->txn, t, now + 20, &again, 100, &lrc), 0);
    assert_true(again.done);
    sched_feeds_free(t);
    sched_feeds_free(all);
}

static int gave_up;
static void count_give_up(void *arg, uint64_t id, struct record_job *j)
{
    (void)arg;
    (void)j;
    gave_up++;
    (void)id;
}

static void test_poison_job_given_up(void **state)
{
    struct fixture *f = *state;
    struct record_job j = {.kind = NW_KIND_ARTICLE, .url = "http://127.0.0.1:1/p.html"};
    uint64_t id;
    int lrc;
    assert_int_equal(sched_job_add(&f->s, f->txn, &j, &id), 0);
    struct sent s = {.room = 64};
    int64_t now = nw_now_ms();
    for (int i = 0; i < 5; i++, now += 20000)
        sched_issue(&f->s, f->txn, now, 10000, 5, 3, take, count_give_up, &s, &lrc);
    assert_int_equal(s.n, 3); /* issued, expired twice, then handed to give_up */
    assert_true(gave_up >= 1);
}

/* A crowd of article jobs whose host has no room never holds back a feed
 * job added after them: feed jobs are looked at first, on every call. */
static int busy_articles(void *arg, uint64_t id, const struct record_job *j)
{
    struct sent *s = arg;
    if (j->kind == NW_KIND_ARTICLE)
        return 1; /* their host is full */
    s->ids[s->n++] = id;
    return 0;
}

static void test_feed_lane(void **state)
{
    struct fixture *f = *state;
    int lrc;
    uint64_t id, feed_id;
    for (int i = 0; i < 3000; i++) {
        struct record_job a = {.kind = NW_KIND_ARTICLE, .url = "http://slow.example/p.html"};
        assert_int_equal(sched_job_add(&f->s, f->txn, &a, &id), 0);
    }
    struct record_job fj = {.kind = NW_KIND_FEED, .url = "http://other.example/f.xml"};
    assert_int_equal(sched_job_add(&f->s, f->txn, &fj, &feed_id), 0);
    unsigned char from[16] = {0};
    struct sent s = {.room = 64};
    /* one call, whose budget (4 x 8 + 256) is far smaller than the crowd */
    assert_int_equal(sched_issue_from(&f->s, f->txn, nw_now_ms(), 10000, 8, 10, busy_articles, no_give_up, &s, from,
                                      &lrc),
                     1);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ids[0], feed_id);
}

/* The in-flight counts follow the transaction: what an aborted one
 * counted (jobs sent, answers applied) is undone, what a committed one
 * counted stays. */
static void test_hosts_journal(void **state)
{
    (void)state;
    struct sched_hosts *h = sched_hosts_new();
    const char *a = "http://a.example/x", *b = "http://b.example/y";
    sched_hosts_add(h, a);
    sched_hosts_add(h, a);
    sched_hosts_add(h, b);
    sched_hosts_keep(h); /* committed */
    sched_hosts_add(h, a);
    sched_hosts_done(h, b, 5);
    sched_hosts_done(h, b, 5); /* already at 0: nothing to undo */
    assert_int_equal(*sched_hosts_count(h, a, NULL), 3);
    assert_int_equal(*sched_hosts_count(h, b, NULL), 0);
    sched_hosts_undo(h); /* aborted */
    assert_int_equal(*sched_hosts_count(h, a, NULL), 2);
    assert_int_equal(*sched_hosts_count(h, b, NULL), 1);
    sched_hosts_undo(h); /* nothing left to undo */
    assert_int_equal(*sched_hosts_count(h, a, NULL), 2);
    /* many hosts: the table grows between a change and its undo */
    char url[64];
    for (int i = 0; i < 1000; i++) {
        snprintf(url, sizeof url, "http://h%d.example/", i);
        sched_hosts_add(h, url);
    }
    sched_hosts_done(h, a, -1);
    sched_hosts_undo(h);
    assert_int_equal(*sched_hosts_count(h, a, NULL), 2);
    assert_int_equal(*sched_hosts_count(h, "http://h999.example/", NULL), 0);
    sched_hosts_free(h);
}

static void test_backoff(void **state)
{
    (void)state;
    assert_int_equal(sched_next_due(0, 1000, 0, 0), 1000);
    assert_int_equal(sched_next_due(0, 1000, 1, 0), 2000);
    assert_int_equal(sched_next_due(0, 1000, 2, 0), 4000);
    assert_int_equal(sched_next_due(0, 1000, 9, 0), 4000);
    assert_int_equal(sched_next_due(0, 1000, 0, 60000), 60000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test_setup_teardown(test_due_issue_lease, setup, teardown),
                                       cmocka_unit_test_setup_teardown(test_poison_job_given_up, setup, teardown),
                                       cmocka_unit_test_setup_teardown(test_feed_lane, setup, teardown),
                                       cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
                                       cmocka_unit_test_setup_teardown(test_configured_address_reread, setup, teardown),
                                       cmocka_unit_test(test_hosts_journal),
                                       cmocka_unit_test(test_backoff)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
