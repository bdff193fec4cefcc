/* The item policy (store/policy.c), driven as the writer drives it: RESULTs
 * applied inside a write transaction, then read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../../common/mem.h"
#include "../../../common/url.h"
#include "../../../common/msg.h"
#include "../../../common/nwtime.h"
#include "../../../store/bandmem.h"
#include "../../../store/dedup.h"
#include "../../../store/writer.h"
#include "db_entries.h"

struct fixture {
    char dir[64];
    struct store s;
    struct nw_conf conf;
    struct writer w;
};

/* The writer's band entries held in memory, made from the store's
 * signatures as the writer does when it opens the store; a merge into
 * LMDB starts at `max` entries. */
static void open_bands(struct fixture *f, size_t max)
{
    bandmem_free(f->w.bands);
    MDB_txn *rt;
    int rc;
    assert_int_equal(store_read_begin(&f->s, &rt), 0);
    f->w.bands = bandmem_open(&f->s, rt, max, &rc);
    mdb_txn_abort(rt);
    assert_non_null(f->w.bands);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/nw-policy-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    struct nw_err err = {0};
    assert_int_equal(store_open(&f->s, f->dir, 64u << 20, STORE_WRITER, &err), 0);
    nw_conf_defaults(&f->conf);
    f->w.s = &f->s;
    f->w.conf = &f->conf;
    f->w.inflight = sched_hosts_new();
    f->w.host_window = 4;
    open_bands(f, BANDMEM_MAX);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    sched_hosts_free(f->w.inflight);
    bandmem_free(f->w.bands);
    dedup_scratch_free(&f->w.sig_scratch);
    store_close(&f->s);
    nw_conf_cleanup(&f->conf);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* One transaction around one result at `now`, as the writer loop does. */
static void apply_at(struct fixture *f, const struct nw_result *r, int64_t now)
{
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
    f->w.rc = 0;
    f->w.c_new = f->w.c_revised = f->w.c_unchanged = f->w.c_dup = 0;
    policy_result(&f->w, r, now);
    assert_int_equal(f->w.rc, 0);
    assert_int_equal(bandmem_step(f->w.bands, f->w.txn), 0);
    assert_int_equal(policy_before_commit(&f->w), 0);
    assert_int_equal(mdb_txn_commit(f->w.txn), 0);
    bandmem_keep(f->w.bands);
    f->w.txn = NULL;
}

static void apply(struct fixture *f, const struct nw_result *r)
{
    apply_at(f, r, 1700000000000);
}

static const char *BODY = "The harbour reopened on Tuesday after three weeks of repairs, the port authority said, "
                          "and the first ships were expected to dock by the evening while crews finished the quays.";

/* A result of `kind` for `url` holding one item at `item_url` titled
 * `title`: the item, to fill in. */
static struct nw_item *one_item(struct nw_result *r, int kind, const char *url, const char *item_url,
                                const char *title)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->url = nw_strdup(url);
    r->status = 200;
    struct nw_item *it = nw_vec_push(&r->items, sizeof *it);
    it->url = nw_strdup(item_url);
    it->title = nw_strdup(title);
    return it;
}

static void feed(struct nw_result *r, const char *feed_url, const char *url, const char *title, const char *text)
{
    struct nw_item *it = one_item(r, NW_KIND_FEED, feed_url, url, title);
    it->guid = nw_strdup(url);
    it->text = nw_strdup(text);
    it->lang = nw_strdup("en");
    it->published = nw_strdup("2026-11-29T10:00:00Z");
}

/* One feed result of one item, applied in a transaction of its own. */
static void ingest(struct fixture *f, const char *feed_url, const char *url, const char *title, const char *text)
{
    struct nw_result r;
    feed(&r, feed_url, url, title, text);
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
}

struct seen {
    struct record_item items[8];
    int n;
};

static int collect(const struct record_item *it, void *arg)
{
    struct seen *s = arg;
    if (s->n < 8)
        nw_noun_copy(&record_item_noun, &s->items[s->n++], it);
    return 0;
}

static void seen_free(struct seen *s)
{
    for (int i = 0; i < s->n; i++)
        record_item_cleanup(&s->items[i]);
}

/* One identity per story: a second feed adds itself to `feeds`; an
 * unchanged refetch stores nothing; a changed text from the first feed is
 * a revision; the same change from another feed is not. */
static void test_identity_and_revisions(void **state)
{
    struct fixture *f = *state;
    struct nw_result r;
    feed(&r, "https://a.example/rss", "https://a.example/story?utm_source=rss", "Harbour reopens", BODY);
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
    assert_int_equal(f->w.c_new, 1);
    /* another feed lists it, under tracking junk */
    feed(&r, "https://b.example/rss", "https://a.example/story?fbclid=x", "Harbour reopens", BODY);
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
    assert_int_equal(f->w.c_new, 0);
    assert_int_equal(f->w.c_unchanged, 1);
    /* unchanged refetch */
    feed(&r, "https://a.example/rss", "https://a.example/story", "Harbour reopens", BODY);
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
    assert_int_equal(f->w.c_unchanged, 1);
    /* another feed's changed title: not a revision */
    feed(&r, "https://b.example/rss", "https://a.example/story", "Harbour reopens at last", BODY);
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
    assert_int_equal(f->w.c_revised, 0);
    /* the first feed's changed title: a revision */
    feed(&r, "https://a.example/rss", "https://a.example/story", "Harbour reopens after repairs", BODY);
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
    assert_int_equal(f->w.c_revised, 1);

    struct seen s = {0};
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &s), 2);
    assert_int_equal(s.items[0].rev, 1);
    assert_int_equal(s.items[1].rev, 2);
    assert_memory_equal(s.items[0].id, s.items[1].id, 16);
    assert_string_equal(s.items[1].title, "Harbour reopens after repairs");
    assert_string_equal(s.items[1].url, "https://a.example/story");
    assert_int_equal(s.items[1].feeds.n, 2); /* both feeds, the first first */
    assert_string_equal(s.items[1].feeds.v[0], "https://a.example/rss");
    assert_int_equal(s.items[1].cluster, s.items[0].cluster);
    /* the second feed was added to the first revision in place: its text
     * was kept (the decision reads the record without it) */
    assert_int_equal(s.items[0].feeds.n, 2);
    assert_non_null(s.items[0].text);
    assert_string_equal(s.items[0].text, s.items[1].text);
    seen_free(&s);
}

/* A copy of the dispatch under another URL joins its cluster. */
static void test_near_duplicate(void **state)
{
    struct fixture *f = *state;
    ingest(f, "https://a.example/rss", "https://a.example/1", "Harbour reopens", BODY);
    char copy[512];
    snprintf(copy, sizeof copy, "PORT TOWN (AFP) - %s Read also: other news.", BODY);
    ingest(f, "https://c.example/rss", "https://c.example/copy", "Port reopens", copy);
    assert_int_equal(f->w.c_dup, 1);
    struct seen s = {0};
    store_scan(&f->s, 1, 0, collect, &s);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.items[1].dup_of, s.items[0].seq);
    assert_int_equal(s.items[1].cluster, s.items[0].cluster);
    seen_free(&s);
}

/* Texts of their own, to fill the index: word n of text i. */
static void filler(char *out, size_t n, int i)
{
    size_t len = 0;
    for (int w = 0; w < 60 && len + 16 < n; w++)
        len += (size_t)snprintf(out + len, n - len, "w%dx%d ", i, w * 7 + i % 5);
}

/* The entries in LMDB's band index. */
static size_t lmdb_bands(struct fixture *f)
{
    return db_entries(&f->s, f->s.bands);
}

/* Copies are found wherever their original's band entries are: held in
 * memory, merged into LMDB (in several transactions, other items coming
 * in between), or made again from the signatures after the store was
 * closed without a merge. */
static void test_near_duplicate_wherever_the_original_is(void **state)
{
    struct fixture *f = *state;
    open_bands(f, 3 * DEDUP_BANDS); /* a merge from the third item on */
    char url[64], text[1024];
    ingest(f, "https://a.example/rss", "https://a.example/1", "Harbour reopens", BODY);
    assert_int_equal(lmdb_bands(f), 0); /* held in memory */
    for (int i = 0; i < 7; i++) {
        snprintf(url, sizeof url, "https://b.example/%d", i);
        filler(text, sizeof text, i);
        ingest(f, "https://b.example/rss", url, "Other", text);
        assert_int_equal(f->w.c_dup, 0);
    }
    /* merged: the first item's entries (at least) are in LMDB now, and
     * no entry is both there and held */
    size_t merged = lmdb_bands(f);
    assert_true(merged >= 3 * DEDUP_BANDS);
    assert_int_equal(merged + bandmem_count(f->w.bands), 8 * DEDUP_BANDS);
    MDB_txn *rt;
    assert_int_equal(store_read_begin(&f->s, &rt), 0);
    uint64_t through = store_meta_get(&f->s, rt, "bands_through");
    mdb_txn_abort(rt);
    assert_true(through >= 3 && through < 8);
    assert_true(bandmem_low_seq(f->w.bands) > through);
    char copy[512];
    snprintf(copy, sizeof copy, "PORT TOWN (AFP) - %s Read also: other news.", BODY);
    ingest(f, "https://c.example/rss", "https://c.example/copy", "Port reopens", copy);
    assert_int_equal(f->w.c_dup, 1);

    /* a copy of the last filler, whose entries are only in memory, after
     * the store was closed and opened again */
    open_bands(f, BANDMEM_MAX);
    assert_int_equal(lmdb_bands(f) + bandmem_count(f->w.bands), 9 * DEDUP_BANDS);
    filler(text, sizeof text, 6);
    strcat(text, " and one more line at the end.");
    ingest(f, "https://d.example/rss", "https://d.example/copy", "Other again", text);
    assert_int_equal(f->w.c_dup, 1);
    struct seen s = {0};
    store_scan(&f->s, 1, 0, collect, &s);
    assert_int_equal(s.n, 8);
    assert_int_equal(s.items[0].dup_of, 0);
    seen_free(&s);
    struct seen t = {0};
    store_scan(&f->s, 9, 0, collect, &t);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.items[0].dup_of, 1);
    assert_int_equal(t.items[1].dup_of, 8);
    seen_free(&t);
}

/* A transaction aborted takes back the band entries it added: the item
 * it numbered is not there to be found, and the next one gets its seq. */
static void test_aborted_transaction_takes_its_entries_back(void **state)
{
    struct fixture *f = *state;
    struct nw_result r;
    feed(&r, "https://a.example/rss", "https://a.example/1", "Harbour reopens", BODY);
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
    f->w.rc = 0;
    policy_result(&f->w, &r, 1700000000000);
    nw_noun_cleanup(&nw_result_noun, &r);
    assert_int_equal(bandmem_count(f->w.bands), DEDUP_BANDS);
    mdb_txn_abort(f->w.txn);
    f->w.txn = NULL;
    bandmem_undo(f->w.bands);
    assert_int_equal(bandmem_count(f->w.bands), 0);
    assert_int_equal(bandmem_low_seq(f->w.bands), UINT64_MAX);
    char text[1024];
    filler(text, sizeof text, 1);
    ingest(f, "https://b.example/rss", "https://b.example/1", "Other", text);
    assert_int_equal(bandmem_count(f->w.bands), DEDUP_BANDS);
    assert_int_equal(bandmem_low_seq(f->w.bands), 1);
    unsigned char keys[DEDUP_BANDS][DEDUP_BAND_KEY];
    struct record_sig sig;
    assert_int_equal(dedup_signature(BODY, &sig), 0);
    dedup_band_keys(&sig, keys);
    for (int b = 0; b < DEDUP_BANDS; b++)
        assert_int_equal(bandmem_first(f->w.bands, keys[b]), 0);
}

/* A result of feed d.example of five items, "Story 0" to "Story 4" (the
 * newest), as the answer to a job of that feed: a first fetch (the
 * backlog guard applies to fetched feeds, not to replayed ones). */
static void first_fetch_of_five(struct fixture *f, struct nw_result *r)
{
    memset(r, 0, sizeof *r);
    r->kind = NW_KIND_FEED;
    r->url = nw_strdup("https://d.example/rss");
    r->status = 200;
    for (int i = 0; i < 5; i++) {
        struct nw_item *it = nw_vec_push(&r->items, sizeof *it);
        char b[128];
        snprintf(b, sizeof b, "https://d.example/%d", i);
        it->url = nw_strdup(b);
        snprintf(b, sizeof b, "Story %d", i);
        it->title = nw_strdup(b);
        it->text = nw_strdup(BODY);
        snprintf(b, sizeof b, "2026-11-2%dT10:00:00Z", i); /* item 4 is the newest */
        it->published = nw_strdup(b);
    }
    struct record_job job = {.kind = NW_KIND_FEED, .url = "https://d.example/rss", .feed = "https://d.example/rss"};
    uint64_t jid;
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
    assert_int_equal(sched_job_add(&f->s, f->w.txn, &job, &jid), 0);
    assert_int_equal(mdb_txn_commit(f->w.txn), 0);
    r->job.id = jid;
    r->job.kind = NW_KIND_FEED;
}

/* A feed's first fetch stores its newest first_fetch_max items; the rest
 * are seen, and a later listing does not bring them in. */
static void test_backlog_guard(void **state)
{
    struct fixture *f = *state;
    f->conf.store.first_fetch_max = 2;
    struct nw_result r;
    first_fetch_of_five(f, &r);
    apply(f, &r);
    assert_int_equal(f->w.c_new, 2);
    assert_int_equal(f->w.c_unchanged, 3);
    /* the next fetch lists them all again: nothing old comes in */
    r.job.id = 0;
    apply(f, &r);
    assert_int_equal(f->w.c_new, 0);
    nw_noun_cleanup(&nw_result_noun, &r);
    struct seen s = {0};
    store_scan(&f->s, 1, 0, collect, &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.items[0].title, "Story 3");
    assert_string_equal(s.items[1].title, "Story 4");
    seen_free(&s);
}

static uint64_t stories(struct fixture *f)
{
    struct store_counts c;
    assert_int_equal(store_counts(&f->s, &c), 0);
    return c.items;
}

static uint64_t records(struct fixture *f)
{
    struct store_counts c;
    assert_int_equal(store_counts(&f->s, &c), 0);
    return c.records;
}

/* `status`'s items are the stories that have a stored record: not the
 * ids of a first fetch's backlog (only marked seen), not an item waiting
 * for its page, one whatever its revisions, none once retention took its
 * newest record. */
static void test_counts_of_stories(void **state)
{
    struct fixture *f = *state;
    f->conf.store.first_fetch_max = 2;
    struct nw_result r;
    first_fetch_of_five(f, &r);
    apply(f, &r); /* the newest two stored, three only seen */
    nw_noun_cleanup(&nw_result_noun, &r);
    assert_int_equal(stories(f), 2);
    /* its own feed revises one of them: a record more, no story more */
    ingest(f, "https://d.example/rss", "https://d.example/4", "Story 4, revised", BODY);
    assert_int_equal(stories(f), 2);
    assert_int_equal(records(f), 3);
    /* a story that waits for its page is not stored yet */
    feed(&r, "https://e.example/rss", "https://e.example/waiting", "Waiting", "A summary.");
    ((struct nw_item *)r.items.v)->needs_article = true;
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
    assert_int_equal(stories(f), 2);
    /* retention down to one record: Story 3 goes with its only record,
     * Story 4 keeps its newest */
    f->conf.store.keep_items = 1;
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
    assert_int_equal(policy_prune(&f->w, 1700000000000, 100), 2);
    assert_int_equal(policy_before_commit(&f->w), 0);
    assert_int_equal(mdb_txn_commit(f->w.txn), 0);
    f->w.txn = NULL;
    assert_int_equal(records(f), 1);
    assert_int_equal(stories(f), 1);
    /* a store whose count was never kept is counted when opened */
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
    MDB_val k = {strlen(STORE_META_STORIES), STORE_META_STORIES};
    assert_int_equal(mdb_del(f->w.txn, f->s.meta, &k, NULL), 0);
    assert_int_equal(mdb_txn_commit(f->w.txn), 0);
    f->w.txn = NULL;
    assert_int_equal(stories(f), 1); /* a reader counts */
    store_close(&f->s);
    struct nw_err err = {0};
    assert_int_equal(store_open(&f->s, f->dir, 64u << 20, STORE_WRITER, &err), 0);
    MDB_txn *rt;
    assert_int_equal(store_read_begin(&f->s, &rt), 0);
    assert_int_equal(store_meta_get(&f->s, rt, STORE_META_STORIES), 1); /* the writer keeps it */
    mdb_txn_abort(rt);
}

/* A failed article answer frees its host's window slot, whether the job
 * is retried later or given up: a host whose pages fail never ends up
 * with a full window and nothing in flight. */
static void test_failed_article_frees_its_host(void **state)
{
    struct fixture *f = *state;
    struct record_job job = {.kind = NW_KIND_ARTICLE, .url = "https://e.example/a.html", .feed = "https://e.example/rss"};
    uint64_t jid;
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
    assert_int_equal(sched_job_add(&f->s, f->w.txn, &job, &jid), 0);
    assert_int_equal(mdb_txn_commit(f->w.txn), 0);
    for (int attempt = 1; attempt <= 3; attempt++) {
        /* issued, as the writer's send does: leased, counted for its host */
        assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
        struct record_job j;
        assert_int_equal(sched_job_get(&f->s, f->w.txn, jid, &j), 0);
        assert_int_equal(sched_job_move(&f->s, f->w.txn, jid, &j, nw_now_ms() + 10000, true), 0);
        nw_noun_cleanup(&record_job_noun, &j);
        assert_int_equal(mdb_txn_commit(f->w.txn), 0);
        int *n = sched_hosts_count(f->w.inflight, job.url, NULL);
        ++*n;
        struct nw_result r;
        memset(&r, 0, sizeof r);
        r.kind = NW_KIND_ARTICLE;
        r.job.id = jid;
        r.job.kind = NW_KIND_ARTICLE;
        r.url = nw_strdup(job.url);
        r.error = nw_strdup("Empty reply from server");
        apply(f, &r);
        nw_noun_cleanup(&nw_result_noun, &r);
        assert_int_equal(*sched_hosts_count(f->w.inflight, job.url, NULL), 0);
    }
}

/* The due jobs a scheduler tick at `now` would send, as the writer's
 * send_job sees them: given up here when held by a replay, as it does. */
struct due {
    struct fixture *f;
    int sent, archive;
    uint64_t ids[8];
};

static int due_send(void *arg, uint64_t id, const struct record_job *j)
{
    struct due *d = arg;
    if (d->sent < 8)
        d->ids[d->sent] = id;
    d->sent++;
    if (j->archive) { /* as the writer's send_job does */
        d->archive++;
        policy_give_up(&d->f->w, id, (struct record_job *)j, "its replay stopped before sending its page");
    }
    return 1;
}

static void due_give_up(void *arg, uint64_t id, struct record_job *j)
{
    (void)arg, (void)id, (void)j;
    fail_msg("no job should be given up for its worker");
}

static struct due tick(struct fixture *f, int64_t now)
{
    struct due d = {.f = f};
    int lrc = 0;
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
    sched_issue(&f->s, f->w.txn, now, 10000, 8, 3, due_send, due_give_up, &d, &lrc);
    assert_int_equal(lrc, 0);
    assert_int_equal(mdb_txn_commit(f->w.txn), 0);
    f->w.txn = NULL;
    return d;
}

static size_t jobs_left(struct fixture *f)
{
    MDB_txn *txn;
    MDB_stat st;
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, MDB_RDONLY, &txn), 0);
    assert_int_equal(mdb_stat(txn, f->s.jobs, &st), 0);
    mdb_txn_abort(txn);
    return st.ms_entries;
}

static void archived(struct nw_result *r, int kind, const char *archive)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->job.kind = kind;
    r->job.archive = archive ? nw_strdup(archive) : NULL;
    r->status = 200;
}

/* A feed of a replay into a running daemon, its items needing their
 * pages: https://d.example/NAME.html for each name. */
static void archived_feed(struct fixture *f, const char *archive, const char *const *names)
{
    struct nw_result r;
    archived(&r, NW_KIND_FEED, archive);
    r.url = nw_strdup("https://d.example/rss");
    for (; *names; names++) {
        struct nw_item *it = nw_vec_push(&r.items, sizeof *it);
        char url[64];
        snprintf(url, sizeof url, "https://d.example/%s.html", *names);
        it->url = nw_strdup(url);
        it->title = nw_strdup(*names);
        it->summary = nw_strdup("<p>A summary.</p>");
        it->text = nw_strdup("A summary.");
        it->needs_article = true;
    }
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
}

static void archive_end(struct fixture *f, const char *archive, const char *error)
{
    struct nw_result r;
    archived(&r, NW_KIND_ARCHIVE_END, archive);
    r.error = error ? nw_strdup(error) : NULL;
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
}

/* A replay into a running daemon: its items wait for its pages and are
 * never fetched (their jobs are held, not due); a page completes its item
 * and its job goes; the end of another replay changes nothing; the end of
 * this one lets the rest keep their summary, saying why: not in the
 * archive, the replay interrupted, or (held past store.article_wait) the
 * replay gone without a word. */
static void test_replay_into_daemon_holds_articles(void **state)
{
    struct fixture *f = *state;
    int64_t now = 1700000000000;
    archived_feed(f, "replay-1", (const char *const[]){"a", "b", NULL});
    assert_int_equal(jobs_left(f), 2);
    assert_int_equal(tick(f, now + 60000).sent, 0); /* held: never issued to a fetcher */

    struct nw_result r;
    archived(&r, NW_KIND_REVISE, "replay-1");
    r.url = nw_strdup("https://d.example/a.html");
    struct nw_item *a = nw_vec_push(&r.items, sizeof *a);
    a->url = nw_strdup("https://d.example/a.html");
    a->text = nw_strdup(BODY);
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
    assert_int_equal(f->w.c_new, 1);
    assert_int_equal(jobs_left(f), 1); /* the page's job went with it */

    archive_end(f, "replay-2", NULL);
    assert_int_equal(jobs_left(f), 1);
    archive_end(f, "replay-1", NULL);
    assert_int_equal(jobs_left(f), 0);

    archived_feed(f, "replay-3", (const char *const[]){"c", NULL});
    archive_end(f, "replay-3", "interrupted");
    archived_feed(f, "replay-4", (const char *const[]){"d", NULL});
    assert_int_equal(tick(f, now + 60000).sent, 0);
    struct due d = tick(f, now + f->conf.store.article_wait_ms + 1); /* replay-4 never said it ended */
    assert_int_equal(d.sent, 1);
    assert_int_equal(d.archive, 1);
    assert_int_equal(jobs_left(f), 0);

    struct seen s = {0};
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &s), 4);
    static const char *const want[][2] = {{"a", NULL},
                                          {"b", "page not in the replayed archive"},
                                          {"c", "the replay was interrupted before its page"},
                                          {"d", "its replay stopped before sending its page"}};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(s.items[i].title, want[i][0]);
        if (want[i][1]) {
            assert_string_equal(s.items[i].text, "A summary.");
            assert_string_equal(s.items[i].fallback, want[i][1]);
        } else {
            assert_string_equal(s.items[i].text, BODY);
            assert_null(s.items[i].fallback);
        }
    }
    seen_free(&s);
}

/* A feed document's items: (url or NULL, guid, title), text from the
 * title. */
static void listing(struct nw_result *r, const char *feed_url, const char *const (*items)[3], size_t n)
{
    memset(r, 0, sizeof *r);
    r->kind = NW_KIND_FEED;
    r->url = nw_strdup(feed_url);
    r->status = 200;
    for (size_t i = 0; i < n; i++) {
        struct nw_item *it = nw_vec_push(&r->items, sizeof *it);
        it->url = items[i][0] ? nw_strdup(items[i][0]) : NULL;
        it->guid = *items[i][1] ? nw_strdup(items[i][1]) : NULL; /* "": none */
        it->title = nw_strdup(items[i][2]);
        char text[300];
        snprintf(text, sizeof text, "%s. %s", items[i][2], BODY);
        it->text = nw_strdup(text);
        it->needs_article = true; /* a summary: its page would be fetched */
    }
}

/* One feed document's listing, applied in a transaction of its own. */
static void apply_listing(struct fixture *f, const char *feed_url, const char *const (*items)[3], size_t n)
{
    struct nw_result r;
    listing(&r, feed_url, items, n);
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
}

/* Stories of other titles that share a link are stories of their own,
 * not fetched; one of them listed later alone with that link is the same
 * story; one story listed twice under two guids is one. */
static void test_stories_that_share_a_link(void **state)
{
    struct fixture *f = *state;
    static const char *const three[][3] = {{"https://s.example/#a", "g1", "Harbour reopens"},
                                           {"https://s.example/#b", "g2", "Election called"},
                                           {"https://s.example/", "g3", "Storm warning"},
                                           {"https://s.example/own", "g4", "Own page"}};
    apply_listing(f, "https://s.example/rss", three, 4);
    assert_int_equal(f->w.c_new, 3); /* the fourth waits for its page */
    assert_int_equal(jobs_left(f), 1);
    /* the others left the feed: the first alone with the link */
    apply_listing(f, "https://s.example/rss", three, 1);
    assert_int_equal(f->w.c_new, 0);
    assert_int_equal(f->w.c_unchanged, 1);
    assert_int_equal(jobs_left(f), 1);
    /* another feed's story listed twice (one title, two guids) */
    static const char *const twice[][3] = {{"https://t.example/x", "t1", "Bridge opens"},
                                           {"https://t.example/x?utm_source=rss", "t2", "Bridge opens"}};
    apply_listing(f, "https://t.example/rss", twice, 2);
    assert_int_equal(jobs_left(f), 2); /* one page to fetch for it */

    struct seen s = {0};
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &s), 3);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(s.items[i].title, three[i][2]);
        assert_string_equal(s.items[i].url, three[i][0]);
        assert_int_equal(s.items[i].rev, 1);
        assert_non_null(s.items[i].fallback);
        assert_non_null(strstr(s.items[i].fallback, "shared by other stories of its feed"));
    }
    seen_free(&s);
}

/* An item without a link is known by its guid within its feed when the
 * guid is a feed's own token ("1"): another feed's "1" is another story.
 * One stored before guids were scoped (under "guid:1") is still found by
 * its own feed, and only by it; a URI guid is one story everywhere. */
static void test_guids_of_a_feed(void **state)
{
    struct fixture *f = *state;
    static const char *const a1[][3] = {{NULL, "1", "Harbour reopens"}};
    static const char *const b1[][3] = {{NULL, "1", "Election called"}};
    apply_listing(f, "https://a.example/rss", a1, 1);
    apply_listing(f, "https://b.example/rss", b1, 1);
    assert_int_equal(f->w.c_new, 1); /* not another listing of feed a's "1" */
    /* feed a's item as a store written before scoping keys it */
    struct nw_item it = {.guid = "1"};
    char *scoped = dedup_key(&it, "https://a.example/rss"), *legacy = dedup_legacy_key(&it, "https://a.example/rss");
    assert_string_equal(legacy, "guid:1");
    unsigned char sid[16], lid[16];
    dedup_id(scoped, sid);
    dedup_id(legacy, lid);
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
    MDB_val sk = {16, sid}, lk = {16, lid}, v;
    assert_int_equal(mdb_get(f->w.txn, f->s.ids, &sk, &v), 0);
    assert_int_equal(mdb_put(f->w.txn, f->s.ids, &lk, &v, 0), 0);
    assert_int_equal(mdb_del(f->w.txn, f->s.ids, &sk, NULL), 0);
    assert_int_equal(mdb_txn_commit(f->w.txn), 0);
    f->w.txn = NULL;
    free(scoped);
    free(legacy);
    /* listed again by feed a: the item it has */
    apply_listing(f, "https://a.example/rss", a1, 1);
    assert_int_equal(f->w.c_new, 0);
    assert_int_equal(f->w.c_unchanged, 1);
    /* feed c's "1": not feed a's old item */
    static const char *const c1[][3] = {{NULL, "1", "Storm warning"}};
    apply_listing(f, "https://c.example/rss", c1, 1);
    assert_int_equal(f->w.c_new, 1);
    /* a URI guid is one story in any feed */
    static const char *const t[][3] = {{NULL, "tag:wire.example,2026:77", "Bridge opens"}};
    apply_listing(f, "https://a.example/rss", t, 1);
    apply_listing(f, "https://b.example/rss", t, 1);
    assert_int_equal(f->w.c_new, 0);
    struct seen sn = {0};
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &sn), 4);
    assert_int_equal(sn.items[3].feeds.n, 2); /* the URI guid's story, listed by both feeds */
    seen_free(&sn);
}

/* A feed document's items: (url, guid, title, published), each with its
 * whole text (from its title). */
static void apply_dated(struct fixture *f, const char *feed_url, const char *const (*items)[4], size_t n)
{
    struct nw_result r;
    memset(&r, 0, sizeof r);
    r.kind = NW_KIND_FEED;
    r.url = nw_strdup(feed_url);
    r.status = 200;
    for (size_t i = 0; i < n; i++) {
        struct nw_item *it = nw_vec_push(&r.items, sizeof *it);
        it->url = nw_strdup(items[i][0]);
        it->guid = *items[i][1] ? nw_strdup(items[i][1]) : NULL; /* "": none */
        it->title = nw_strdup(items[i][2]);
        it->published = nw_strdup(items[i][3]);
        char text[300];
        snprintf(text, sizeof text, "%s. %s", items[i][2], BODY);
        it->text = nw_strdup(text);
    }
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
}

/* A story its feed lists under a new link (the address made from its
 * headline, edited) and the same guid and date is the story it was: a
 * revision with the new link and headline, under its id; a feed that lists
 * it too, and then under the new link, adds nothing. Not so for a guid
 * that numbers the feed's entries (another date), a guid whose old story
 * is still listed, or a guid two entries share. */
static void test_story_under_a_new_link(void **state)
{
    struct fixture *f = *state;
    const char *a = "https://a.example/rss", *b = "https://a.example/world/rss";
    static const char *const before[][4] = {
        {"https://a.example/2026/12/07/bridge-closed/", "https://a.example/?p=1", "Bridge closed",
         "2026-12-07T10:00:00Z"},
        {"https://a.example/2026/12/07/storm/", "https://a.example/?p=2", "Storm warning", "2026-12-07T11:00:00Z"}};
    apply_dated(f, a, before, 2);
    assert_int_equal(f->w.c_new, 2);
    apply_dated(f, b, before, 1);
    assert_int_equal(f->w.c_new, 0);
    static const char *const after[][4] = {{"https://a.example/2026/12/07/bridge-closed-for-repairs/",
                                            "https://a.example/?p=1", "Bridge closed for repairs",
                                            "2026-12-07T10:00:00Z"},
                                           {"https://a.example/2026/12/07/storm-warning/", "https://a.example/?p=2",
                                            "Storm warning", "2026-12-07T11:00:00Z"}};
    apply_dated(f, a, after, 2);
    assert_int_equal(f->w.c_new, 0);
    assert_int_equal(f->w.c_revised, 2); /* the second for its link alone */
    apply_dated(f, a, after, 2);         /* and again: nothing */
    assert_int_equal(f->w.c_new + f->w.c_revised, 0);
    assert_int_equal(f->w.c_unchanged, 2);
    apply_dated(f, b, after, 1); /* the other feed: the same story */
    assert_int_equal(f->w.c_new + f->w.c_revised, 0);
    struct seen sn = {0};
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &sn), 4);
    assert_int_equal(sn.items[2].rev, 2);
    assert_memory_equal(sn.items[2].id, sn.items[0].id, 16);
    assert_string_equal(sn.items[2].url, after[0][0]);
    assert_string_equal(sn.items[2].title, after[0][2]);
    assert_int_equal(sn.items[2].feeds.n, 2);
    assert_string_equal(sn.items[3].url, after[1][0]);
    assert_int_equal(sn.items[3].rev, 2);
    seen_free(&sn);

    /* a feed of one entry numbered "1": the next story is another; the
     * guid now names another entry, its old story still listed; one guid
     * for every entry */
    static const char *const n1[][4] = {{"https://n.example/a", "1", "First story", "2026-12-06T09:00:00Z"}};
    static const char *const n2[][4] = {{"https://n.example/b", "1", "Second story", "2026-12-07T09:00:00Z"}};
    static const char *const q1[][4] = {{"https://q.example/a", "x", "One", "2026-12-07T09:00:00Z"}};
    static const char *const q2[][4] = {{"https://q.example/a", "y", "One", "2026-12-07T09:00:00Z"},
                                        {"https://q.example/b", "x", "Two", "2026-12-07T09:00:00Z"}};
    static const char *const r1[][4] = {{"https://r.example/a", "same", "One", "2026-12-07T09:00:00Z"}};
    static const char *const r2[][4] = {{"https://r.example/b", "same", "Two", "2026-12-07T09:00:00Z"},
                                        {"https://r.example/c", "same", "Three", "2026-12-07T09:00:00Z"}};
    static const struct {
        const char *feed;
        const char *const (*before)[4], *const (*after)[4];
        size_t nafter;
        unsigned long want_new;
    } others[] = {{"https://n.example/rss", n1, n2, 1, 1},
                  {"https://q.example/rss", q1, q2, 2, 1},
                  {"https://r.example/rss", r1, r2, 2, 2}};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        apply_dated(f, others[i].feed, others[i].before, 1);
        apply_dated(f, others[i].feed, others[i].after, others[i].nafter);
        assert_int_equal(f->w.c_new, others[i].want_new);
    }
}

/* The i-th word of a long made-up story: words of a small vocabulary in
 * an order that does not repeat soon, so that its 3-shingles are many. */
static const char *filler_word(int i)
{
    static const char *const words[] = {"harbour", "council", "bridge", "river", "ferry",   "storm",
                                        "school",  "vote",    "mayor",  "piers", "traffic", "repairs",
                                        "budget",  "hills",   "night",  "north", "crews",   "quays"};
    unsigned x = (unsigned)i * 2654435761u;
    return words[(x >> 16) % (sizeof words / sizeof *words)];
}

/* A feed whose every address changes at once, its guids (the addresses)
 * with them: a site moved to https, to another host, to a new scheme of
 * addresses. Each story is the one its title and date name in the feed's
 * last body, a revision under its id with its new link (its text the same,
 * or a near copy); polled again, nothing; another feed listing the new
 * links lists those stories. A token its feed writes into every link for
 * each request is not a move. Not so for an aggregator's copy from another
 * outlet in place of a story (its other stories listed as before), nor
 * for entries of one title and date with other texts (a feed of
 * "Untitled" entries, each dated with the feed's date). */
static void test_feed_moved_with_its_guids(void **state)
{
    struct fixture *f = *state;
    const char *a = "https://m.example/rss";
    static const char *const before[][4] = {
        {"http://m.example/2026/12/07/bridge-closed/", "http://m.example/2026/12/07/bridge-closed/", "Bridge closed",
         "2026-12-07T10:00:00Z"},
        {"http://m.example/2026/12/07/storm/", "", "Storm warning", "2026-12-07T11:00:00Z"}};
    static const char *const after[][4] = {
        {"https://www.m-news.example/news/bridge-closed-1234", "https://www.m-news.example/news/bridge-closed-1234",
         "Bridge closed", "2026-12-07T10:00:00Z"},
        {"https://www.m-news.example/news/storm-1235", "", "Storm warning", "2026-12-07T11:00:00Z"}};
    apply_dated(f, a, before, 2);
    assert_int_equal(f->w.c_new, 2);
    apply_dated(f, a, after, 2);
    assert_int_equal(f->w.c_new, 0);
    assert_int_equal(f->w.c_revised, 2);
    apply_dated(f, a, after, 2);
    assert_int_equal(f->w.c_new + f->w.c_revised, 0);
    assert_int_equal(f->w.c_unchanged, 2);
    apply_dated(f, "https://m.example/world/rss", after, 2); /* another feed, at the new links */
    assert_int_equal(f->w.c_new + f->w.c_revised, 0);
    struct seen sn = {0};
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &sn), 4);
    assert_memory_equal(sn.items[2].id, sn.items[0].id, 16);
    assert_memory_equal(sn.items[3].id, sn.items[1].id, 16);
    assert_string_equal(sn.items[2].url, after[0][0]);
    assert_int_equal(sn.items[3].rev, 2);
    seen_free(&sn);

    /* moved to addresses with a query (no alias kept of them), then polled
     * again with the entry as the last body gave it (it comes without its
     * text): the story it was, nothing lost */
    static const char *const q1[][4] = {{"http://q.example/story/storm", "", "Storm", "2026-12-07T11:00:00Z"}};
    static const char *const q2[][4] = {{"https://q.example/article.php?id=17", "", "Storm", "2026-12-07T11:00:00Z"}};
    apply_dated(f, "https://q.example/rss", q1, 1);
    apply_dated(f, "https://q.example/rss", q2, 1);
    assert_int_equal(f->w.c_revised, 1);
    struct nw_result kr;
    struct nw_item *kit = one_item(&kr, NW_KIND_FEED, "https://q.example/rss", q2[0][0], q2[0][2]);
    kit->published = nw_strdup(q2[0][3]);
    kit->known = true;
    apply(f, &kr);
    nw_noun_cleanup(&nw_result_noun, &kr);
    assert_int_equal(f->w.c_new + f->w.c_revised, 0);
    assert_int_equal(f->w.c_unchanged, 1);

    /* a token written into every link for each request: nothing new, no
     * revision, no alias kept for each token */
    size_t aliases = db_entries(&f->s, f->s.aliases);
    for (int poll = 0; poll < 3; poll++) {
        char l1[64], l2[64];
        snprintf(l1, sizeof l1, "https://k.example/2026/bridge?t=%d", 1000 + poll);
        snprintf(l2, sizeof l2, "https://k.example/2026/storm?t=%d", 2000 + poll);
        const char *const polled[][4] = {{l1, l1, "Bridge", "2026-12-07T10:00:00Z"}, /* (its guid the link) */
                                         {l2, "", "Storm", "2026-12-07T11:00:00Z"}};
        apply_dated(f, "https://k.example/rss", polled, 2);
        assert_int_equal(f->w.c_new, poll ? 0 : 2);
        assert_int_equal(f->w.c_revised, 0);
    }
    assert_int_equal(db_entries(&f->s, f->s.aliases), aliases);

    /* moved, and a line its new site writes after each text added (to a
     * story of 300 words) */
    char story[4096], signed_text[4200];
    size_t len = 0;
    for (int i = 0; i < 300; i++)
        len += (size_t)snprintf(story + len, sizeof story - len, "%s%s", i ? " " : "", filler_word(i));
    ingest(f, "https://v.example/rss", "http://v.example/a", "Harbour", story);
    snprintf(signed_text, sizeof signed_text, "%s The post Harbour appeared first on V News.", story);
    ingest(f, "https://v.example/rss", "https://v.example/a", "Harbour", signed_text);
    assert_int_equal(f->w.c_new, 0);
    assert_int_equal(f->w.c_revised, 1);

    /* an aggregator listing another outlet's copy of a story in place of
     * the first, its other stories where they were: another item */
    static const char *const g1[][4] = {{"https://one.example/harbour", "", "Harbour", "2026-12-07T09:00:00Z"},
                                        {"https://two.example/storm", "", "Storm", "2026-12-07T08:00:00Z"}};
    static const char *const g2[][4] = {{"https://three.example/harbour", "", "Harbour", "2026-12-07T09:00:00Z"},
                                        {"https://two.example/storm", "", "Storm", "2026-12-07T08:00:00Z"}};
    apply_dated(f, "https://agg.example/rss", g1, 2);
    apply_dated(f, "https://agg.example/rss", g2, 2);
    assert_int_equal(f->w.c_new, 1);
    /* ... its other story listed by a guid of its own */
    static const char *const h1[][4] = {{"https://one.example/tide", "", "Tide", "2026-12-07T07:00:00Z"},
                                        {"https://two.example/snow", "tag:two.example,2026:9", "Snow",
                                         "2026-12-07T06:00:00Z"}};
    static const char *const h2[][4] = {{"https://three.example/tide", "", "Tide", "2026-12-07T07:00:00Z"},
                                        {"https://two.example/snow", "tag:two.example,2026:9", "Snow",
                                         "2026-12-07T06:00:00Z"}};
    apply_dated(f, "https://agg2.example/rss", h1, 2);
    apply_dated(f, "https://agg2.example/rss", h2, 2);
    assert_int_equal(f->w.c_new, 1);

    /* one title and date, another text; the old entry still listed */
    const char *u = "https://u.example/rss";
    ingest(f, u, "https://u.example/1", "Untitled", BODY);
    char other[512];
    snprintf(other, sizeof other, "%s",
             "Completely different words about a garden show where roses and tulips won "
             "prizes, the judges praised the growers and the weather held all week long "
             "so that visitors came from every village of the valley to see the flowers.");
    ingest(f, u, "https://u.example/2", "Untitled", other);
    assert_int_equal(f->w.c_new, 1);
}

/* A story a feed gives whole, listed by another at another address of its
 * site (no trailing slash, "www.", http, an AMP copy): the story of its
 * title and date there when its text is that story's but for a line or
 * two; not another outlet's copy, nor the site's text under another
 * headline or on another day, nor a post made from the same template with
 * a sentence of its own. */
static void test_story_at_another_address_of_its_site(void **state)
{
    struct fixture *f = *state;
    static const char *const first[][4] = {
        {"https://c.example/2026/12/07/harbour/", "", "Harbour reopens", "2026-12-07T09:00:00Z"}};
    apply_dated(f, "https://c.example/rss", first, 1);
    assert_int_equal(f->w.c_new, 1);
    static const char *const variants[][4] = {
        {"https://www.c.example/2026/12/07/harbour", "", "Harbour reopens", "2026-12-07T09:00:00Z"},
        {"http://c.example/2026/12/07/harbour/amp/", "", "Harbour reopens", "2026-12-07T09:00:00Z"}};
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < 2; i++) {
            char feed_url[64];
            snprintf(feed_url, sizeof feed_url, "https://c.example/section%zu/rss", i);
            apply_dated(f, feed_url, variants + i, 1);
            assert_int_equal(f->w.c_new + f->w.c_revised, 0);
            assert_int_equal(f->w.c_unchanged, 1);
        }
    /* and with a token in its link for each request: no alias kept for each */
    size_t aliases = db_entries(&f->s, f->s.aliases);
    for (int poll = 0; poll < 3; poll++) {
        char link[80];
        snprintf(link, sizeof link, "https://www.c.example/2026/12/07/harbour?sid=%d", 700 + poll);
        const char *const polled[][4] = {{link, "", "Harbour reopens", "2026-12-07T09:00:00Z"}};
        char feed_url[64];
        snprintf(feed_url, sizeof feed_url, "https://c.example/tag%d/rss", poll); /* (no listing of its own) */
        apply_dated(f, feed_url, polled, 1);
        assert_int_equal(f->w.c_new + f->w.c_revised, 0);
    }
    assert_int_equal(db_entries(&f->s, f->s.aliases), aliases);
    struct seen sn = {0};
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &sn), 1);
    assert_int_equal(sn.items[0].feeds.n, 6);
    assert_string_equal(sn.items[0].url, first[0][0]);
    seen_free(&sn);
    static const char *const others[][4] = {
        {"https://other.example/2026/12/07/harbour/", "", "Harbour reopens", "2026-12-07T09:00:00Z"},
        {"https://c.example/2026/12/07/harbour-2/", "", "Harbour reopens", "2026-12-08T09:00:00Z"},
        {"https://c.example/2026/12/07/harbour-live/", "", "Harbour reopens: live", "2026-12-07T09:00:00Z"}};
    for (size_t i = 0; i < 3; i++) {
        apply_dated(f, "https://others.example/rss", others + i, 1);
        assert_int_equal(f->w.c_new, 1);
        assert_int_equal(f->w.c_dup, 1); /* a near-duplicate, kept */
    }
    /* two posts made from one template, one title and one date, each with
     * a sentence of its own: near copies, two stories */
    char one[1024], two[1024];
    snprintf(one, sizeof one, "%s %s Today: the ferry runs again from the north pier at six.", BODY, BODY);
    snprintf(two, sizeof two, "%s %s Today: the school on the hill stays closed until Monday morning.", BODY, BODY);
    ingest(f, "https://t.example/rss", "https://t.example/briefing/1", "Daily briefing", one);
    ingest(f, "https://t.example/rss", "https://t.example/briefing/2", "Daily briefing", two);
    assert_int_equal(f->w.c_new, 1);
    assert_int_equal(f->w.c_dup, 1);
}

/* Answers the article job of the story parked under feed link `link`
 * with a page at `page` (its own address) giving `title` and `text`. */
static void answer_article_access(struct fixture *f, const char *link, const char *page, const char *title,
                                  const char *text, const char *access);

static void answer_article(struct fixture *f, const char *link, const char *page, const char *title, const char *text)
{
    answer_article_access(f, link, page, title, text, NULL);
}

static void answer_article_access(struct fixture *f, const char *link, const char *page, const char *title,
                                  const char *text, const char *access)
{
    char *key = nw_url_canonical(link);
    unsigned char id[16];
    dedup_id(key, id);
    free(key);
    MDB_txn *rt;
    assert_int_equal(store_read_begin(&f->s, &rt), 0);
    MDB_val k = {16, id}, v;
    struct record_id ri;
    assert_int_equal(mdb_get(rt, f->s.ids, &k, &v), 0);
    assert_int_equal(record_id_unpack(v.mv_data, v.mv_size, &ri), 0);
    mdb_txn_abort(rt);
    assert_int_equal(ri.seq, 0); /* waiting for its page */
    struct nw_result r;
    struct nw_item *a = one_item(&r, NW_KIND_ARTICLE, link, page, title);
    r.job.id = ri.job;
    r.job.kind = NW_KIND_ARTICLE;
    a->text = nw_strdup(text);
    a->word_count = 80;
    a->access = access ? nw_strdup(access) : NULL;
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
}

static void summary(struct fixture *f, const char *feed_url, const char *link, const char *title)
{
    struct nw_result r;
    feed(&r, feed_url, link, title, "A summary of the story.");
    ((struct nw_item *)r.items.v)->needs_article = true;
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
}

/* A page read again from an archive (a REVISE result), read from
 * `read_from` and naming its own address `page`, its text BODY twice and
 * `more`. */
static void revise_page(struct fixture *f, const char *read_from, const char *page, const char *title,
                        const char *more)
{
    struct nw_result r;
    struct nw_item *a = one_item(&r, NW_KIND_REVISE, read_from, page, title);
    char text[1024];
    snprintf(text, sizeof text, "%s %s %s", BODY, BODY, more);
    a->text = nw_strdup(text);
    apply(f, &r);
    nw_noun_cleanup(&nw_result_noun, &r);
}

/* A story is found at its page's own address (its canonical link, or
 * where its link led): another feed linking there, under the same
 * headline, lists that story (no page fetched again, no second item). An
 * address a template gives every page (a section's) does not make another
 * story of another headline the first one. The page read again from an
 * archive revises that story. */
static void test_story_at_its_pages_address(void **state)
{
    struct fixture *f = *state;
    char text[1024];
    snprintf(text, sizeof text, "%s %s", BODY, BODY);
    summary(f, "https://p.example/rss", "http://p.example/2026/12/07/harbour/", "Harbour reopens");
    answer_article(f, "http://p.example/2026/12/07/harbour/", "https://p.example/2026/12/07/harbour", "Harbour reopens",
                   text);
    assert_int_equal(f->w.c_new, 1);
    summary(f, "https://p.example/world/rss", "https://p.example/2026/12/07/harbour", "Harbour reopens");
    assert_int_equal(f->w.c_new + f->w.c_revised, 0);
    assert_int_equal(f->w.c_unchanged, 1);
    struct seen sn = {0};
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &sn), 1);
    assert_int_equal(sn.items[0].feeds.n, 2);
    seen_free(&sn);

    /* its page read again from an archive (reextract) with a better text:
     * a revision of that item, not an item of the page's own */
    revise_page(f, "http://p.example/2026/12/07/harbour/", "https://p.example/2026/12/07/harbour", "Harbour reopens",
                "And the ferries came back.");
    assert_int_equal(f->w.c_new, 0);
    assert_int_equal(f->w.c_revised, 1);
    /* ... and read at its own address (a replay of pages alone) */
    revise_page(f, "https://p.example/2026/12/07/harbour", "https://p.example/2026/12/07/harbour", "Harbour reopens",
                "And the ferries are back.");
    assert_int_equal(f->w.c_new, 0);
    assert_int_equal(f->w.c_revised, 1);

    summary(f, "https://p.example/rss", "https://p.example/2026/12/07/storm/", "Storm warning");
    answer_article(f, "https://p.example/2026/12/07/storm/", "https://p.example/weather/", "Storm warning",
                   "Rain and wind all week, the forecasters said, with the coast road closed by the evening and "
                   "the ferries held in port until the storm has passed over the islands and the sea is calm.");
    summary(f, "https://p.example/weather/rss", "https://p.example/weather/", "Weather");
    assert_int_equal(f->w.c_unchanged, 0); /* another story: its page is fetched */
    MDB_txn *rt;
    assert_int_equal(store_read_begin(&f->s, &rt), 0);
    MDB_stat st;
    mdb_stat(rt, f->s.pending, &st);
    mdb_txn_abort(rt);
    assert_int_equal(st.ms_entries, 1);
    /* read again from an archive, a page naming a template's address that
     * a story's page named before, of another headline: its own item */
    summary(f, "https://p.example/rss", "https://p.example/2026/12/07/tide/", "Spring tide");
    answer_article(f, "https://p.example/2026/12/07/tide/", "https://p.example/coast/", "Spring tide",
                   "The spring tide came over the sea wall at dawn and the coast road was shut for three hours while "
                   "crews cleared the stones and the sand from the carriageway near the old lifeboat station.");
    revise_page(f, "https://p.example/coast/", "https://p.example/coast/", "Snow on the hills",
                "Snow fell on the hills overnight.");
    assert_int_equal(f->w.c_new, 1);
    assert_int_equal(f->w.c_revised, 0);
}

static int count_lines(const char *path, const char *what)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, fp))
        n += strstr(line, what) != NULL;
    fclose(fp);
    return n;
}

/* A feed failing again and again is logged at its 1st, 2nd, 4th... failure;
 * libcurl's messages that differ only in a number ("after 3 ms") are the
 * same failure, another status or message is logged at once. */
static void test_failure_log_dedupe(void **state)
{
    struct fixture *f = *state;
    char path[sizeof f->dir + 8];
    snprintf(path, sizeof path, "%s/log", f->dir);
    fflush(stderr);
    int saved = dup(2), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
    struct nw_result ok; /* known: polled once */
    feed(&ok, "http://127.0.0.1:9/feed.xml", "http://127.0.0.1:9/a.html", "Harbour reopens", BODY);
    apply(f, &ok);
    nw_noun_cleanup(&nw_result_noun, &ok);
    const char *errors[] = {"Failed to connect to 127.0.0.1 port 9 after 1 ms: Couldn't connect to server",
                            "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
                            "Failed to connect to 127.0.0.1 port 9 after 12 ms: Couldn't connect to server",
                            "Failed to connect to 127.0.0.1 port 9 after 3 ms: Couldn't connect to server",
                            "Empty reply from server"};
    for (size_t i = 0; i < sizeof errors / sizeof *errors; i++) {
        struct nw_result r;
        memset(&r, 0, sizeof r);
        r.kind = NW_KIND_FEED;
        r.url = nw_strdup("http://127.0.0.1:9/feed.xml");
        r.error = nw_strdup(errors[i]);
        apply(f, &r);
        nw_noun_cleanup(&nw_result_noun, &r);
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    /* failures 1, 2 and 4 of the same kind, and the new message at the 5th */
    assert_int_equal(count_lines(path, "feed failed:"), 4);
    assert_int_equal(count_lines(path, "failures=3 "), 0);
}

/* The job a scheduler tick at `now` makes for the configured feed fc
 * (due then), in *j. */
static uint64_t feed_job_at(struct fixture *f, const struct nw_feed_conf *fc, int64_t now, struct record_job *j)
{
    int lrc = 0;
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
    assert_int_equal(sched_due_feeds(&f->s, f->w.txn, f->w.feedtab, fc, 1, true, now, 10, &lrc), 1);
    struct sched_feed st;
    assert_int_equal(sched_feed_load(&f->s, f->w.txn, fc->url, &st), 0);
    uint64_t id = st.r.job;
    sched_feed_cleanup(&st);
    assert_int_equal(sched_job_get(&f->s, f->w.txn, id, j), 0);
    assert_int_equal(mdb_txn_commit(f->w.txn), 0);
    f->w.txn = NULL;
    return id;
}

/* A feed job's answer at `now`: an error (with the feed a page announces,
 * or none), or one item, with an etag and where the feed moved for good. */
static void feed_answer(struct fixture *f, uint64_t jid, const char *url, const char *error, const char *discovered,
                        const char *etag, const char *moved, int64_t now)
{
    struct nw_result r;
    if (error) {
        memset(&r, 0, sizeof r);
        r.kind = NW_KIND_FEED;
        r.url = nw_strdup(url);
        r.status = 200;
        r.error = nw_strdup(error);
        r.discovered = discovered ? nw_strdup(discovered) : NULL;
    } else {
        feed(&r, url, "https://p.example/a.html", "Harbour reopens", BODY);
        r.etag = etag ? nw_strdup(etag) : NULL;
        r.moved = moved ? nw_strdup(moved) : NULL;
    }
    r.job.id = jid;
    r.job.kind = NW_KIND_FEED;
    assert_int_equal(mdb_txn_begin(f->s.env, NULL, 0, &f->w.txn), 0);
    f->w.rc = 0;
    policy_result(&f->w, &r, now);
    assert_int_equal(f->w.rc, 0);
    assert_int_equal(bandmem_step(f->w.bands, f->w.txn), 0);
    assert_int_equal(mdb_txn_commit(f->w.txn), 0);
    bandmem_keep(f->w.bands);
    f->w.txn = NULL;
    nw_noun_cleanup(&nw_result_noun, &r);
}

static void feed_state(struct fixture *f, const char *url, struct sched_feed *st)
{
    MDB_txn *rt;
    assert_int_equal(store_read_begin(&f->s, &rt), 0);
    assert_int_equal(sched_feed_load(&f->s, rt, url, st), 0);
    mdb_txn_abort(rt);
}

/* A poll of fc at t whose job asks for `want` with the validator
 * `want_etag` (NULL: none), answered by a feed with `etag` that moved
 * for good to `moved` (or not). */
static void poll_feed(struct fixture *f, const struct nw_feed_conf *fc, int64_t t, const char *want,
                      const char *want_etag, const char *etag, const char *moved)
{
    struct record_job j;
    uint64_t id = feed_job_at(f, fc, t, &j);
    assert_string_equal(j.url, want);
    if (want_etag)
        assert_string_equal(j.etag, want_etag);
    else
        assert_null(j.etag);
    nw_noun_cleanup(&record_job_noun, &j);
    feed_answer(f, id, want, NULL, NULL, etag, moved, t);
}

/* A poll of fc at t that asks for its page, without validators,
 * answered with `error` and the feed the page announces (or none). */
static void read_page(struct fixture *f, const struct nw_feed_conf *fc, int64_t t, const char *error,
                      const char *announced)
{
    struct record_job j;
    uint64_t id = feed_job_at(f, fc, t, &j);
    assert_string_equal(j.url, fc->url);
    assert_null(j.etag);
    assert_null(j.last_modified);
    assert_null(j.digest);
    nw_noun_cleanup(&record_job_noun, &j);
    feed_answer(f, id, fc->url, error, announced, NULL, NULL, t);
}

/* A page subscribed to for the feed it announces is read again after
 * store.page_recheck, without the feed's validators: announcing the same
 * feed, the feed is fetched where it is (moved for good since, with its
 * validators) and at once; announcing another, that one is followed; a
 * page that fails or announces nothing leaves the feed as it was, and is
 * not a failure of it; a page turned feed is read at its own address. */
static void test_page_read_again(void **state)
{
    struct fixture *f = *state;
    const int64_t hour = 3600 * 1000;
    f->conf.store.page_recheck_ms = 24 * hour;
    struct nw_feed_conf fc = {.name = "news", .url = "https://p.example/news.html", .interval_ms = 60000};
    f->w.feedtab = sched_feeds_new(&fc, 1);
    const char *a = "https://p.example/rss.xml", *a2 = "https://p.example/feed/", *b = "https://p.example/atom.xml";
    const char *not_feed = "not a feed: an HTML page";
    int64_t t = 1700000000000;
    struct sched_feed st;
    /* the page, then the feed it announces (which then moves for good) */
    read_page(f, &fc, t, not_feed, a);
    poll_feed(f, &fc, t, a, NULL, "\"v1\"", a2);
    feed_state(f, fc.url, &st);
    assert_string_equal(st.r.fetch_url, a2);
    assert_string_equal(st.r.announced, a);
    assert_true(st.r.page_next == t + 24 * hour);
    sched_feed_cleanup(&st);
    /* polled at the feed until the page is due */
    poll_feed(f, &fc, t + 23 * hour, a2, "\"v1\"", "\"v1\"", NULL);
    /* the page again: the same feed announced, still fetched where it
     * moved, at once, with its validators */
    t += 24 * hour;
    read_page(f, &fc, t, not_feed, a);
    feed_state(f, fc.url, &st);
    assert_string_equal(st.r.fetch_url, a2);
    assert_true(st.r.page_next == t + 24 * hour);
    assert_true(st.r.next_due == t);
    assert_int_equal(st.r.failures, 0);
    sched_feed_cleanup(&st);
    poll_feed(f, &fc, t, a2, "\"v1\"", "\"v1\"", NULL);
    /* a day later the page announces another feed: followed, afresh */
    t += 24 * hour;
    read_page(f, &fc, t, not_feed, b);
    feed_state(f, fc.url, &st);
    assert_string_equal(st.r.fetch_url, b);
    assert_string_equal(st.r.announced, b);
    sched_feed_cleanup(&st);
    poll_feed(f, &fc, t, b, NULL, "\"w1\"", NULL);
    /* the page fails, then announces nothing: the feed stays, no failure */
    for (int k = 0; k < 2; k++) {
        t += 24 * hour;
        read_page(f, &fc, t, k ? "not a feed: an HTML page announcing none" : "HTTP 404", NULL);
        feed_state(f, fc.url, &st);
        assert_string_equal(st.r.fetch_url, b);
        assert_int_equal(st.r.failures, 0);
        assert_false(st.r.disabled);
        assert_true(st.r.page_next == t + 24 * hour);
        assert_true(st.r.next_due == t);
        sched_feed_cleanup(&st);
        poll_feed(f, &fc, t, b, "\"w1\"", "\"w1\"", NULL);
    }
    /* the page is a feed now: read at its own address, with its own
     * validators */
    t += 24 * hour;
    struct record_job j;
    uint64_t id = feed_job_at(f, &fc, t, &j);
    nw_noun_cleanup(&record_job_noun, &j);
    feed_answer(f, id, fc.url, NULL, NULL, "\"p1\"", NULL, t);
    feed_state(f, fc.url, &st);
    assert_null(st.r.fetch_url);
    assert_null(st.r.announced);
    assert_true(st.r.page_next == 0);
    sched_feed_cleanup(&st);
    poll_feed(f, &fc, t + 48 * hour, fc.url, "\"p1\"", "\"p1\"", NULL);
    sched_feeds_free(f->w.feedtab);
    f->w.feedtab = NULL;
}

struct entry {
    const char *url, *title, *text;
    uint64_t input;
    bool known; /* sent without its text */
};

/* A feed job's answer of entries, with the body's digest. */
static void answer_entries(struct fixture *f, uint64_t jid, const char *url, const struct entry *e, size_t n,
                           const char *digest, int64_t now)
{
    struct nw_result r;
    memset(&r, 0, sizeof r);
    r.kind = NW_KIND_FEED;
    r.url = nw_strdup(url);
    r.status = 200;
    r.digest = nw_strdup(digest);
    r.job.id = jid;
    r.job.kind = NW_KIND_FEED;
    for (size_t i = 0; i < n; i++) {
        struct nw_item *it = nw_vec_push(&r.items, sizeof *it);
        it->url = nw_strdup(e[i].url);
        it->guid = nw_strdup(e[i].url);
        it->title = nw_strdup(e[i].title);
        it->published = nw_strdup("2026-11-29T10:00:00Z");
        it->input = e[i].input;
        it->known = e[i].known;
        if (!e[i].known) {
            it->text = nw_strdup(e[i].text);
            it->lang = nw_strdup("en");
            it->word_count = 30;
        }
    }
    apply_at(f, &r, now);
    nw_noun_cleanup(&nw_result_noun, &r);
}

static void assert_known(const struct nw_u64v *k, const uint64_t *want, size_t n)
{
    assert_int_equal(k->n, n);
    for (size_t i = 0; i < n; i++)
        assert_true(k->v[i] == want[i]);
}

/* The entries a feed's body gave the store are its next job's `known`; an
 * entry that comes back without its text (known) is its stored story
 * unchanged, and a changed one (another input, with its text) a revision.
 * An entry without its text that the store does not have is not stored,
 * and the feed's next body is read whole: no `known`, no digest. */
static void test_known_entries(void **state)
{
    struct fixture *f = *state;
    const int64_t t0 = 1700000000000, min = 60000;
    struct nw_feed_conf fc = {.name = "k", .url = "https://k.example/rss", .interval_ms = min};
    f->w.feedtab = sched_feeds_new(&fc, 1);
    struct record_job j;
    uint64_t id = feed_job_at(f, &fc, t0, &j);
    assert_int_equal(j.known.n, 0);
    nw_noun_cleanup(&record_job_noun, &j);
    const char *s1 = "https://k.example/1", *s2 = "https://k.example/2", *s3 = "https://k.example/3";
    struct entry first[] = {{s1, "Harbour reopens", BODY, 11, false},
                            {s2, "Quays rebuilt", "Crews rebuilt the quays in three weeks of work.", 22, false}};
    answer_entries(f, id, fc.url, first, 2, "d1", t0);
    assert_int_equal(f->w.c_new, 2);
    struct sched_feed st;
    feed_state(f, fc.url, &st);
    assert_known(&st.r.known, (uint64_t[]){11, 22}, 2);
    sched_feed_cleanup(&st);

    /* the next job carries them; the first entry comes without its text,
     * the second with another, and a third is new */
    id = feed_job_at(f, &fc, t0 + 2 * min, &j);
    assert_known(&j.known, (uint64_t[]){11, 22}, 2);
    nw_noun_cleanup(&record_job_noun, &j);
    struct entry second[] = {{s1, "Harbour reopens", NULL, 11, true},
                             {s2, "Quays rebuilt", "Crews rebuilt the quays in four weeks of work.", 33, false},
                             {s3, "Ships dock", "The first ships docked on Tuesday evening.", 44, false}};
    answer_entries(f, id, fc.url, second, 3, "d2", t0 + 2 * min);
    assert_int_equal(f->w.c_new, 1);
    assert_int_equal(f->w.c_revised, 1);
    assert_int_equal(f->w.c_unchanged, 1);
    feed_state(f, fc.url, &st);
    assert_known(&st.r.known, (uint64_t[]){11, 33, 44}, 3);
    assert_string_equal(st.r.digest, "d2");
    sched_feed_cleanup(&st);
    struct seen sn = {0};
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &sn), 4);
    assert_string_equal(sn.items[0].text, BODY); /* the first story as it was: one revision */
    assert_int_equal(sn.items[0].rev, 1);
    assert_int_equal(sn.items[2].rev, 2);
    seen_free(&sn);

    /* an entry without its text that the store does not have (a store
     * that lost a commit the parser saw through): not stored, the others
     * are; the next body is read whole */
    id = feed_job_at(f, &fc, t0 + 4 * min, &j);
    nw_noun_cleanup(&record_job_noun, &j);
    struct entry third[] = {{s1, "Harbour reopens", NULL, 11, true},
                            {"https://k.example/4", "Lost story", NULL, 55, true}};
    answer_entries(f, id, fc.url, third, 2, "d3", t0 + 4 * min);
    assert_int_equal(f->w.c_new, 0);
    assert_int_equal(f->w.c_unchanged, 1);
    feed_state(f, fc.url, &st);
    assert_int_equal(st.r.known.n, 0);
    assert_null(st.r.digest);
    sched_feed_cleanup(&st);
    id = feed_job_at(f, &fc, t0 + 6 * min, &j);
    assert_int_equal(j.known.n, 0);
    assert_null(j.digest);
    nw_noun_cleanup(&record_job_noun, &j);
    sn.n = 0;
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &sn), 4);
    seen_free(&sn);
    sched_feeds_free(f->w.feedtab);
    f->w.feedtab = NULL;
}

/* What a page declares of who may read it reaches the stored item: the
 * item its page completed, and its later revisions from the feed, which
 * gives the summary still. */
static void test_access_from_the_page(void **state)
{
    struct fixture *f = *state;
    const char *link = "https://p.example/2026/12/08/budget";
    summary(f, "https://p.example/rss", link, "Budget vote delayed");
    answer_article_access(f, link, link, "Budget vote delayed", BODY, "paywalled");
    summary(f, "https://p.example/rss", link, "Budget vote delayed again");
    struct seen sn = {0};
    assert_int_equal(store_scan(&f->s, 1, 0, collect, &sn), 2);
    for (int i = 0; i < sn.n; i++) {
        assert_string_equal(sn.items[i].text, BODY);
        assert_non_null(sn.items[i].access);
        assert_string_equal(sn.items[i].access, "paywalled");
    }
    assert_string_equal(sn.items[1].title, "Budget vote delayed again");
    seen_free(&sn);
}

/* A news feed's week: a story every 30 minutes from 07:00 to 21:00 on
 * weekdays, nothing at night nor at the weekend; polled every 15 minutes
 * from `t`, for `days`, or (publish false) with nothing new at all.
 * Returns how many times it was flagged silent; *first_flag gets the
 * time of the first flag (0: none). */
static int follow(const struct writer *w, struct record_feed *r, int64_t *t, double days, bool weekdays, bool publish,
                  int64_t *first_flag)
{
    const int64_t min = 60000, interval = 15 * min;
    int flags = 0;
    *first_flag = 0;
    for (int64_t end = *t + (int64_t)(days * 1440) * min; *t < end; *t += interval) {
        int64_t in_day = *t / min % 1440, day = (*t / (1440 * min) + 3) % 7; /* 0: Monday (1970-01-01 a Thursday) */
        bool out = publish && (!weekdays || day < 5) && in_day >= 7 * 60 && in_day <= 21 * 60 && in_day % 30 == 0;
        bool was = r->silent;
        policy_feed_rhythm(w, r, interval, out, *t, "https://p.example/feed.xml");
        if (r->silent && !was && !flags++)
            *first_flag = *t;
    }
    return flags;
}

/* Silence is judged against the feed's rhythm, its nights and weekends
 * included: seen once, they are no silence; a feed that stops is still
 * flagged, after twice its longest gap. */
static void test_rhythm_knows_nights_and_weekends(void **state)
{
    struct fixture *f = *state;
    const int64_t hour = 3600000, monday = 1795996800000; /* 2026-11-30, a Monday, 00:00 UTC */
    struct record_feed r = {0};
    int64_t t = monday, first;
    /* the first week: its first night and its first weekend are news */
    int week1 = follow(&f->w, &r, &t, 7, true, true, &first);
    assert_in_range(week1, 1, 2);
    assert_true(first >= monday + 21 * hour && first < monday + 31 * hour); /* that first night */
    /* from then on, nights and weekends are its rhythm */
    assert_int_equal(follow(&f->w, &r, &t, 14, true, true, &first), 0);
    assert_true(r.gap_max_ms >= 58 * hour); /* Friday 21:00 to Monday 07:00 */
    /* the weekend does not hold Monday's polls back: by 10:00 the feed
     * is polled at its weekday pace again, not at 4 intervals */
    assert_int_equal(follow(&f->w, &r, &t, 10.0 / 24, true, true, &first), 0);
    assert_true(r.poll_ms <= 20 * 60000);
    /* it stops: flagged after twice that, once */
    int64_t last = r.last_new;
    assert_int_equal(follow(&f->w, &r, &t, 10, true, false, &first), 1);
    assert_true(first > last + 2 * r.gap_max_ms && first <= last + 2 * r.gap_max_ms + hour);
    /* it publishes again, every day of the week now: the outage is not
     * its rhythm; its weekend gap counts half after a month without one */
    int64_t weekend = r.gap_max_ms;
    assert_int_equal(follow(&f->w, &r, &t, 1, false, true, &first), 0);
    assert_int_equal(r.gap_max_ms, weekend);
    assert_int_equal(follow(&f->w, &r, &t, 30, false, true, &first), 0);
    assert_true(r.gap_max_ms <= weekend / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_identity_and_revisions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_near_duplicate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_near_duplicate_wherever_the_original_is, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aborted_transaction_takes_its_entries_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backlog_guard, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_of_stories, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_article_frees_its_host, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failure_log_dedupe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stories_that_share_a_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guids_of_a_feed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feed_moved_with_its_guids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_at_its_pages_address, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_at_another_address_of_its_site, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_under_a_new_link, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replay_into_daemon_holds_articles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_read_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_known_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rhythm_knows_nights_and_weekends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_access_from_the_page, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
