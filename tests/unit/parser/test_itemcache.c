/* The parser stage's item facts cache: what comes out is what went in,
 * keys tell their parts apart, the budget holds with entries still wanted
 * kept, threads share it safely, and a feed parsed again through it gives
 * the same RESULT as without it. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../common/buf.h"
#include "../../../common/mem.h"
#include "../../../common/msg.h"
#include "../../../common/noun.h"
#include "../../../common/stats.h"
#include "../../../parser/itemcache.h"
#include "../../../parser/parser.h"

static void facts_free(struct item_facts *f)
{
    free(f->lang);
    nw_strv_clear(&f->authors);
    nw_strv_clear(&f->agencies);
}

/* facts made from a number, to check what a key gives back */
static void facts_of(unsigned n, struct item_facts *f, char *lang, size_t lang_size)
{
    memset(f, 0, sizeof *f);
    f->words = n * 7;
    if (n % 3) {
        snprintf(lang, lang_size, "l%u", n);
        f->lang = lang;
    }
    char s[32];
    for (unsigned i = 0; i < n % 4; i++) {
        snprintf(s, sizeof s, "Author %u-%u", n, i);
        nw_strv_push(&f->authors, s);
    }
    for (unsigned i = 0; i < n % 3; i++) {
        snprintf(s, sizeof s, "AG%u", i);
        nw_strv_push(&f->agencies, s);
    }
}

static void assert_facts_of(unsigned n, const struct item_facts *got)
{
    char lang[16];
    struct item_facts want;
    facts_of(n, &want, lang, sizeof lang);
    assert_int_equal(got->words, want.words);
    if (want.lang)
        assert_string_equal(got->lang, want.lang);
    else
        assert_null(got->lang);
    assert_int_equal(got->authors.n, want.authors.n);
    for (size_t i = 0; i < want.authors.n; i++)
        assert_string_equal(got->authors.v[i], want.authors.v[i]);
    assert_int_equal(got->agencies.n, want.agencies.n);
    for (size_t i = 0; i < want.agencies.n; i++)
        assert_string_equal(got->agencies.v[i], want.agencies.v[i]);
    nw_strv_clear(&want.authors);
    nw_strv_clear(&want.agencies);
}

static struct item_key key_of(unsigned n)
{
    char t[32];
    snprintf(t, sizeof t, "text %u", n);
    return itemcache_key(NULL, t, NULL);
}

static void put_n(unsigned n)
{
    char lang[16];
    struct item_facts f;
    facts_of(n, &f, lang, sizeof lang);
    itemcache_put(key_of(n), &f);
    nw_strv_clear(&f.authors);
    nw_strv_clear(&f.agencies);
}

static bool get_n(unsigned n)
{
    struct item_facts f;
    if (!itemcache_get(key_of(n), &f))
        return false;
    assert_facts_of(n, &f);
    facts_free(&f);
    return true;
}

static void test_round_trip_and_keys(void **state)
{
    (void)state;
    struct item_facts f;
    /* no cache: nothing is kept */
    itemcache_open(0);
    put_n(1);
    assert_false(get_n(1));
    itemcache_open(1 << 20);
    for (unsigned n = 0; n < 12; n++)
        put_n(n);
    for (unsigned n = 0; n < 12; n++)
        assert_true(get_n(n));
    assert_false(get_n(12));
    /* the parts of a key are told apart */
    struct item_key a = itemcache_key("ab", "c", NULL), b = itemcache_key("a", "bc", NULL),
                    c = itemcache_key("ab", "c", "en"), d = itemcache_key(NULL, "c", NULL),
                    e = itemcache_key("", "c", NULL), g = itemcache_key("ab", "c", "ru");
    assert_false(a.lo == b.lo && a.hi == b.hi);
    assert_false(a.lo == c.lo && a.hi == c.hi);
    assert_false(a.lo == d.lo && a.hi == d.hi);
    assert_false(c.lo == g.lo && c.hi == g.hi);            /* one language declared, or another */
    assert_false(a.lo == itemcache_key("ab", "c", "").lo); /* none declared, or an empty one */
    assert_true(d.lo == e.lo && d.hi == e.hi); /* no byline is an empty one */
    put_n(5); /* again: one entry */
    assert_true(itemcache_get(key_of(5), &f));
    facts_free(&f);
    itemcache_close();
    assert_false(get_n(5));
}

/* Many more entries than the budget holds: the newest are kept, the oldest
 * dropped, and one asked for all along survives every turn of the
 * generations. */
static void test_budget(void **state)
{
    (void)state;
    itemcache_open(256 << 10);
    put_n(0);
    for (unsigned n = 1; n < 40000; n++) {
        put_n(n);
        if (n % 500 == 0)
            assert_true(get_n(0));
    }
    assert_true(get_n(0));
    assert_true(get_n(39999));
    size_t kept = 0;
    for (unsigned n = 1; n < 40000; n++)
        kept += get_n(n);
    /* about 100 bytes an entry: far fewer than were put, but not none */
    assert_true(kept > 500);
    assert_true(kept < 5000);
    assert_false(get_n(1));
    itemcache_close();
}

static void *hammer(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245 + 12345;
        unsigned n = (seed >> 8) % 3000;
        if (!get_n(n))
            put_n(n);
    }
    return NULL;
}

/* Threads that look up and add the same keys at once, through turns of the
 * generations: every hit gives its key's facts (checked in get_n). */
static void test_threads(void **state)
{
    (void)state;
    itemcache_open(128 << 10);
    pthread_t t[4];
    for (uintptr_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, hammer, (void *)(i + 1)), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    itemcache_close();
}

static const char feed[] =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
    "<item><title>One</title><link>http://example.org/1</link><author>jane@example.org (Jane Doe and John "
    "Roe)</author><description>PARIS (AFP) - The government said on Tuesday that it would raise taxes on fuel "
    "next year, a move that opposition leaders denounced as a betrayal of voters who had been promised relief "
    "from rising prices at the pump and in their heating bills this winter.</description></item>"
    "<item><title>Two</title><link>http://example.org/2</link><description>Short.</description></item>"
    "<item><title>Three</title><link>http://example.org/3</link><description>Die Bundesregierung hat am Dienstag "
    "neue Regeln für den Ausbau der Stromnetze beschlossen. Netzbetreiber sollen künftig schneller Genehmigungen "
    "erhalten, wenn sie Leitungen entlang bestehender Trassen bauen. Kritik kam von Umweltverbänden, die vor "
    "Eingriffen in Schutzgebiete warnen. (Reuters)</description></item>"
    /* a content of markup alone: the summary's text */
    "<item><title>Four</title><link>http://example.org/4</link><description>A picture of the harbour at "
    "dawn.</description><content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">&lt;p&gt;"
    "&lt;img src=\"a.jpg\"&gt;&lt;/p&gt;</content:encoded></item>"
    /* a content with a text: its text, the summary left aside, an ad slot's label dropped */
    "<item><title>Five</title><link>http://example.org/5</link><description>Teaser.</description>"
    "<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">&lt;p&gt;The &lt;b&gt;full"
    "&lt;/b&gt; story.&lt;/p&gt;&lt;p&gt;Anzeige&lt;/p&gt;</content:encoded></item>"
    "</channel></rss>";

static void result_json(struct nw_buf *out)
{
    struct nw_doc d;
    memset(&d, 0, sizeof d);
    d.job.kind = NW_KIND_FEED;
    d.status = 200;
    struct nw_result res;
    parser_handle_doc(&d, feed, sizeof feed - 1, 1 << 20, &res);
    assert_null(res.error);
    assert_int_equal(res.items.n, 5);
    nw_noun_to_json(&nw_result_noun, &res, out, 0);
    nw_noun_cleanup(&nw_result_noun, &res);
}

/* The stage's RESULT for a feed: the same with no cache, on a first pass
 * through the cache and on a second one, which works nothing out again. */
static void test_stage_same_result(void **state)
{
    (void)state;
    struct nw_buf plain = {0}, first = {0}, second = {0};
    itemcache_open(0);
    result_json(&plain);
    assert_non_null(strstr(plain.data, "\"Jane Doe\""));
    assert_non_null(strstr(plain.data, "\"AFP\""));
    assert_non_null(strstr(plain.data, "\"de\""));
    assert_non_null(strstr(plain.data, "\"text\":\"A picture of the harbour at dawn.\""));
    assert_non_null(strstr(plain.data, "\"text\":\"The full story.\""));
    assert_null(strstr(plain.data, "\"text\":\"Teaser.")); /* the summary, not the text */
    itemcache_open(1 << 20);
    unsigned long cached = nw_stats.parse_items_cached, worked = nw_stats.parse_items_worked;
    result_json(&first);
    assert_int_equal(nw_stats.parse_items_worked - worked, 5);
    assert_int_equal(nw_stats.parse_items_cached - cached, 0);
    result_json(&second);
    assert_int_equal(nw_stats.parse_items_worked - worked, 5);
    assert_int_equal(nw_stats.parse_items_cached - cached, 5);
    assert_string_equal(first.data, plain.data);
    assert_string_equal(second.data, plain.data);
    itemcache_close();
    nw_buf_cleanup(&plain);
    nw_buf_cleanup(&first);
    nw_buf_cleanup(&second);
}

/* The feed through the stage with a job whose `known` holds the inputs in
 * known[0..nknown). */
static void stage_with_known(const uint64_t *known, size_t nknown, struct nw_result *res)
{
    struct nw_doc d;
    memset(&d, 0, sizeof d);
    d.job.kind = NW_KIND_FEED;
    d.status = 200;
    for (size_t i = 0; i < nknown; i++)
        nw_u64v_push(&d.job.known, known[i]);
    parser_handle_doc(&d, feed, sizeof feed - 1, 1 << 20, res);
    assert_null(res->error);
    assert_int_equal(res->items.n, 5);
    free(d.job.known.v);
}

/* An entry whose input is one of the job's `known` comes without its
 * summary, its text, what follows from it and its byline's names, marked
 * known; the others come as without the list. Each entry's input is its
 * own, the same on every pass, and follows every field the feed gives. */
static void test_stage_known_entries(void **state)
{
    (void)state;
    itemcache_open(0);
    struct nw_result plain, res;
    stage_with_known(NULL, 0, &plain);
    const struct nw_item *p = plain.items.v;
    for (size_t i = 0; i < 5; i++) {
        assert_false(p[i].known);
        assert_true(p[i].input != 0 && p[i].input <= INT64_MAX);
        for (size_t j = 0; j < i; j++)
            assert_true(p[i].input != p[j].input);
    }
    /* the first (a byline, an agency, a language) and the fifth, and an
     * input of no entry */
    uint64_t known[] = {p[0].input, p[4].input, p[1].input ^ 1};
    unsigned long counted = nw_stats.parse_items_known;
    stage_with_known(known, 3, &res);
    assert_int_equal(nw_stats.parse_items_known - counted, 2);
    assert_int_equal(res.job.known.n, 0); /* the store's list, not sent back to it */
    const struct nw_item *r = res.items.v;
    for (size_t i = 0; i < 5; i++) {
        assert_true(r[i].input == p[i].input);
        assert_string_equal(r[i].title, p[i].title);
        assert_string_equal(r[i].url, p[i].url);
        bool k = i == 0 || i == 4;
        assert_int_equal(r[i].known, k);
        if (k) {
            assert_null(r[i].text);
            assert_null(r[i].summary);
            assert_null(r[i].lang);
            assert_int_equal(r[i].word_count, 0);
            assert_int_equal(r[i].agencies.n, 0);
            assert_false(r[i].needs_article);
        } else {
            struct nw_buf a = {0}, b = {0};
            nw_noun_to_json(&nw_item_noun, &r[i], &a, 0);
            nw_noun_to_json(&nw_item_noun, &p[i], &b, 0);
            assert_string_equal(a.data, b.data);
            nw_buf_cleanup(&a);
            nw_buf_cleanup(&b);
        }
    }
    assert_int_equal(r[0].authors.n, 0);
    assert_null(r[0].author);
    assert_int_equal(p[0].authors.n, 2);
    assert_int_equal(p[0].agencies.n, 1);
    nw_noun_cleanup(&nw_result_noun, &res);
    nw_noun_cleanup(&nw_result_noun, &plain);
    /* an input is its parts, each as it is: another story of the same
     * title and text (a feed that lists a dispatch twice) is another
     * input, and so is the same story with another date or category */
    const char *one[] = {"g1", "http://example.org/1", "One", NULL, "Text.", "2026-12-01", "Ann Lee"};
    uint64_t a = nw_item_input(one, 7);
    assert_true(nw_item_input(one, 7) == a);
    assert_true(nw_item_input(one, 6) != a);
    const char *changes[][2] = {{"g2", NULL},    {"http://example.org/2", NULL}, {"One.", NULL},   {"Text.", NULL},
                                {"Text!", NULL}, {"2026-12-02", NULL},           {"Tom Roe", NULL}};
    for (size_t i = 0; i < 7; i++) {
        const char *other[7];
        memcpy(other, one, sizeof one);
        other[i] = changes[i][0];
        assert_true(nw_item_input(other, 7) != a);
    }
    const char *shifted[] = {"g1", "http://example.org/1", "On", NULL, "eText.", "2026-12-01", "Ann Lee"};
    assert_true(nw_item_input(shifted, 7) != a);
    /* through the stage: a new category, or another byline, is another
     * input */
    struct nw_result x, y;
    itemcache_open(0);
    stage_with_known(NULL, 0, &x);
    const uint64_t in0 = ((const struct nw_item *)x.items.v)[0].input;
    struct nw_doc d;
    memset(&d, 0, sizeof d);
    d.job.kind = NW_KIND_FEED;
    d.status = 200;
    char *fed = nw_strdup(feed);
    char *at = strstr(fed, "<author>jane@");
    assert_non_null(at);
    memcpy(at + 8, "joan", 4);
    parser_handle_doc(&d, fed, strlen(fed), 1 << 20, &y);
    assert_true(((const struct nw_item *)y.items.v)[0].input != in0);
    assert_true(((const struct nw_item *)y.items.v)[1].input == ((const struct nw_item *)x.items.v)[1].input);
    free(fed);
    nw_noun_cleanup(&nw_result_noun, &x);
    nw_noun_cleanup(&nw_result_noun, &y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_and_keys),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_stage_same_result),
        cmocka_unit_test(test_stage_known_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
