#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../../common/conf.h"

static char path[64];

static void write_file(const char *text)
{
    strcpy(path, "/tmp/nw-conf-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static int load(const char *text, struct nw_conf *c, struct nw_err *err)
{
    write_file(text);
    nw_conf_defaults(c);
    int rc = nw_conf_load(c, path, err);
    unlink(path);
    return rc;
}

/* An OPML list in a temporary file whose name goes to `opml` (room for
 * 20 bytes), to be unlinked. */
static void write_opml(char *opml, const char *doc)
{
    strcpy(opml, "/tmp/nw-opml-XXXXXX");
    int fd = mkstemp(opml);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, doc, strlen(doc)), (ssize_t)strlen(doc));
    close(fd);
}

static void test_defaults(void **state)
{
    (void)state;
    struct nw_conf c;
    nw_conf_defaults(&c);
    assert_int_equal(c.fetcher.concurrency, 64);
    assert_int_equal(c.fetcher.per_host, 2);
    assert_int_equal(c.fetcher.timeout_ms, 30000);
    assert_int_equal(c.fetcher.max_body, 8u << 20);
    assert_int_equal(c.store.map_size, 4ull << 30);
    assert_string_equal(c.endpoints.jobs, "inproc://jobs");
    assert_int_equal(c.parser.workers, 2);
    nw_conf_cleanup(&c);
}

static void test_full_file(void **state)
{
    (void)state;
    struct nw_conf c;
    struct nw_err err = {0};
    int rc = load("; comment\n[store]\npath = /var/lib/nw  ; trailing comment\nmap_size = 1GiB\n"
                  "[fetcher]\nconcurrency = 16\ntimeout = 2m\nmax_body = 512KiB\nallow_private = yes\n"
                  "[endpoints]\njobs = tcp://127.0.0.1:5555\n"
                  "[feed \"a\"]\nurl = https://a.example/rss\ninterval = 10m\n"
                  "[feed \"b\"]\nurl = https://b.example/atom\n",
                  &c, &err);
    assert_int_equal(rc, 0);
    assert_string_equal(c.store.path, "/var/lib/nw");
    assert_int_equal(c.store.map_size, 1ull << 30);
    assert_int_equal(c.fetcher.concurrency, 16);
    assert_int_equal(c.fetcher.timeout_ms, 120000);
    assert_int_equal(c.fetcher.max_body, 512u << 10);
    assert_true(c.fetcher.allow_private);
    assert_string_equal(c.endpoints.jobs, "tcp://127.0.0.1:5555");
    assert_int_equal(c.nfeeds, 2);
    assert_string_equal(c.feeds[0].name, "a");
    assert_int_equal(c.feeds[0].interval_ms, 600000);
    assert_string_equal(c.feeds[1].url, "https://b.example/atom");
    nw_conf_cleanup(&c);
}

static void expect_error(const char *text, const char *fragment)
{
    struct nw_conf c;
    struct nw_err err = {0};
    assert_int_equal(load(text, &c, &err), -1);
    if (!strstr(err.msg, fragment))
        fail_msg("error '%s' does not contain '%s'", err.msg, fragment);
    assert_non_null(strstr(err.msg, path)); /* names the file */
    nw_conf_cleanup(&c);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("[store]\npath = x\nbogus = 1\n", ":3: unknown key 'bogus' in [store]");
    expect_error("[nowhere]\n", ":1: unknown section [nowhere]");
    expect_error("[fetcher]\nconcurrency = many\n", ":2: bad value 'many' for fetcher.concurrency");
    expect_error("[fetcher]\ntimeout = 5 parsecs\n", ":2: bad value");
    expect_error("[fetcher]\nconcurrency = 0\n", ":2: bad value '0'");
    expect_error("path = x\n", ":1: key 'path' outside any section");
    expect_error("[store]\njust words\n", ":2: expected key = value");
    expect_error("[feed \"x\"]\ninterval = 10m\n", "feed \"x\" has no url");
    expect_error("[feed \"x\"]\nurl = https://x/\n[feed \"x\"]\n", "defined twice");
    expect_error("[endpoints]\njobs = udp://x\n", "bad value");
    expect_error("[store]\nlease = 10x\n", "expected a duration: a number with ms, s, m, h or d");
    expect_error("[feed \"x\"]\nurl = htps://x.org/f\n", ":2: feed \"x\": url 'htps://x.org/f' is not an http");
    expect_error("[feed \"x\"]\nurl = ftp://x.org/f\n", "is not an http:// or https:// URL");
    expect_error("[feed \"x\"]\nurl = https://x.org/my feed\n", "holds a space");
    expect_error("[feed \"a\"]\nurl = https://x.org/f\n[feed \"b\"]\nurl = https://x.org/f\n",
                 ":3: feed \"b\": the same url as feed \"a\" (line 1)");
    expect_error("[endpoints]\ndocs = >tcp://10.0.0.1:1,>ipc:///tmp/x\n[endpoints]\njobs = tcp://a:1,udp://b\n",
                 ":4: bad value");
}

/* 30,000 feeds load in well under a second (no quadratic checks). */
static void test_many_feeds(void **state)
{
    (void)state;
    size_t cap = 30000 * 90, len = 0;
    char *text = malloc(cap);
    for (int i = 0; i < 30000; i++)
        len += (size_t)snprintf(text + len, cap - len, "[feed \"f%d\"]\nurl = https://s%d.example/feed/%d.xml\n", i,
                                i % 3000, i);
    struct nw_conf c;
    struct nw_err err = {0};
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(load(text, &c, &err), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    assert_int_equal(c.nfeeds, 30000);
    double secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    assert_true(secs < 2.0); /* 0.08 s in a release build; sanitizers are slower */
    nw_conf_cleanup(&c);
    free(text);
}

static void test_relative_store_path(void **state)
{
    (void)state;
    struct nw_conf c;
    struct nw_err err = {0};
    assert_int_equal(load("[store]\npath = var/db\n", &c, &err), 0);
    assert_string_equal(c.store.path, "/tmp/var/db");
    nw_conf_cleanup(&c);
}

static void test_opml_import(void **state)
{
    (void)state;
    char opml[32];
    write_opml(opml, "<?xml version='1.0'?><opml version='2.0'><body><outline text='News'>"
                     "<outline type='rss' text='A feed' xmlUrl='https://a.example/rss'/>"
                     "<outline text='B' title='B feed' xmlUrl='https://b.example/atom'/></outline>"
                     "<outline text='site only' htmlUrl='https://c.example/'/>"
                     "<outline text='dup' xmlUrl='https://x.example/feed'/></body></opml>");
    char conf[256];
    snprintf(conf, sizeof conf, "[opml]\nfile = %s\ninterval = 30m\n[feed \"x\"]\nurl = https://x.example/feed\n", opml);
    struct nw_conf c;
    struct nw_err err = {0};
    assert_int_equal(load(conf, &c, &err), 0);
    assert_int_equal(c.nfeeds, 3); /* x, then the two new ones; the duplicate URL is not added */
    assert_string_equal(c.feeds[1].name, "A feed");
    assert_string_equal(c.feeds[1].url, "https://a.example/rss");
    assert_int_equal(c.feeds[1].interval_ms, 1800000);
    assert_string_equal(c.feeds[2].name, "B feed");
    assert_null(c.feeds[2].password);
    nw_conf_cleanup(&c);
    unlink(opml);
    expect_error("[opml]\nfile = /nonexistent/subs.opml\n", "cannot read the OPML file");
}

/* A feed URL's password is kept apart from the URL the feed is known by,
 * from the file and from an OPML list alike. */
static void test_url_password(void **state)
{
    (void)state;
    char opml[32];
    write_opml(opml, "<?xml version='1.0'?><opml version='2.0'><body>"
                     "<outline text='o' xmlUrl='https://olga:pw2@o.example/rss'/>"
                     "<outline text='same' xmlUrl='https://ann:other@a.example/rss'/>"
                     "<outline xmlUrl='https://bo:pw3@b.example/rss'/></body></opml>");
    char conf[256];
    snprintf(conf, sizeof conf, "[feed \"a\"]\nurl = https://ann:s%%3Bcret@a.example/rss\n[opml]\nfile = %s\n", opml);
    struct nw_conf c;
    struct nw_err err = {0};
    assert_int_equal(load(conf, &c, &err), 0);
    assert_int_equal(c.nfeeds, 3); /* the same feed in the list, with another password, is not added */
    assert_string_equal(c.feeds[0].url, "https://ann@a.example/rss");
    assert_string_equal(c.feeds[0].user, "ann");
    assert_string_equal(c.feeds[0].password, "s;cret");
    assert_string_equal(c.feeds[1].url, "https://olga@o.example/rss");
    assert_string_equal(c.feeds[1].password, "pw2");
    assert_string_equal(c.feeds[2].name, "https://bo@b.example/rss"); /* named by its URL: without it */
    assert_string_equal(c.feeds[2].password, "pw3");
    nw_conf_cleanup(&c);
    unlink(opml);
}

/* Tags: a feed's `tags` (comma-separated, blanks around each dropped,
 * once each whatever their case), the OPML folders a listed feed sits in
 * and its category attribute (a "/A/B" path gives B); a feed of the file
 * that the list holds too gains the list's tags. */
static void test_tags(void **state)
{
    (void)state;
    char opml[32];
    write_opml(opml, "<?xml version='1.0'?><opml version='2.0'><body><outline text='World News'>"
                     "<outline title='Europe' text='x'><outline text='Le Monde' xmlUrl='https://lm.example/rss' "
                     "category='/Politics/France,culture'/></outline></outline>"
                     "<outline text='Loose' xmlUrl='https://loose.example/rss'/>"
                     "<outline text='tech'><outline text='a' xmlUrl='https://a.example/rss'/></outline></body></opml>");
    char conf[256];
    snprintf(conf, sizeof conf,
             "[feed \"a\"]\nurl = https://a.example/rss\ntags = Science, science ,  , Local News\n"
             "[opml]\nfile = %s\n",
             opml);
    struct nw_conf c;
    struct nw_err err = {0};
    assert_int_equal(load(conf, &c, &err), 0);
    assert_int_equal(c.nfeeds, 3);
    assert_int_equal(c.feeds[0].tags.n, 3);
    assert_string_equal(c.feeds[0].tags.v[0], "Science");
    assert_string_equal(c.feeds[0].tags.v[1], "Local News");
    assert_string_equal(c.feeds[0].tags.v[2], "tech");
    assert_string_equal(c.feeds[1].name, "Le Monde");
    assert_int_equal(c.feeds[1].tags.n, 4);
    assert_string_equal(c.feeds[1].tags.v[0], "World News");
    assert_string_equal(c.feeds[1].tags.v[1], "Europe");
    assert_string_equal(c.feeds[1].tags.v[2], "France");
    assert_string_equal(c.feeds[1].tags.v[3], "culture");
    assert_int_equal(c.feeds[2].tags.n, 0);
    nw_conf_cleanup(&c);
    unlink(opml);
}

/* A feed's `header` lines, in order and as written (a cookie's
 * semicolons too); a header without a name, with a name of other
 * characters, or one newswire writes itself is an error. */
static void test_headers(void **state)
{
    (void)state;
    struct nw_conf c;
    struct nw_err err = {0};
    assert_int_equal(load("[feed \"a\"]\nurl = https://a.example/rss\nheader = X-Api-Key: k1\n"
                          "header = Cookie: a=1; b=2\nheader = User-Agent: Reader/2.0 (+https://r.example)\n",
                          &c, &err),
                     0);
    assert_int_equal(c.feeds[0].headers.n, 3);
    assert_string_equal(c.feeds[0].headers.v[0], "X-Api-Key: k1");
    assert_string_equal(c.feeds[0].headers.v[1], "Cookie: a=1; b=2");
    assert_string_equal(c.feeds[0].headers.v[2], "User-Agent: Reader/2.0 (+https://r.example)");
    nw_conf_cleanup(&c);
    expect_error("[feed \"a\"]\nurl = https://a.example/rss\nheader = no colon\n",
                 ":3: feed \"a\": bad header (no name before a colon)");
    expect_error("[feed \"a\"]\nurl = https://a.example/rss\nheader = X Key: 1\n", "bad header (a name of letters");
    expect_error("[feed \"a\"]\nurl = https://a.example/rss\nheader = if-modified-since: x\n",
                 "bad header (one newswire writes itself)");
}

/* A "feed:" address, as a page's subscribe link gives it, is the URL it
 * stands for. */
static void test_feed_scheme(void **state)
{
    (void)state;
    struct nw_conf c;
    struct nw_err err = {0};
    assert_int_equal(load("[feed \"f\"]\nurl = feed://f.example/rss\n[feed \"g\"]\nurl = "
                          "FEED:https://ann:pw@g.example/atom\n",
                          &c, &err),
                     0);
    assert_string_equal(c.feeds[0].url, "http://f.example/rss");
    assert_string_equal(c.feeds[1].url, "https://ann@g.example/atom");
    assert_string_equal(c.feeds[1].password, "pw");
    nw_conf_cleanup(&c);
    expect_error("[feed \"f\"]\nurl = feed:ftp://f.example/rss\n", "is not an http:// or https:// URL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_defaults),     cmocka_unit_test(test_full_file),
                                       cmocka_unit_test(test_errors),       cmocka_unit_test(test_relative_store_path),
                                       cmocka_unit_test(test_opml_import),  cmocka_unit_test(test_many_feeds),
                                       cmocka_unit_test(test_url_password), cmocka_unit_test(test_tags),
                                       cmocka_unit_test(test_feed_scheme),  cmocka_unit_test(test_headers)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
