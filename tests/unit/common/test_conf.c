#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    char opml[] = "/tmp/nw-opml-XXXXXX";
    int fd = mkstemp(opml);
    const char *doc = "<?xml version='1.0'?><opml version='2.0'><body><outline text='News'>"
                      "<outline type='rss' text='A feed' xmlUrl='https://a.example/rss'/>"
                      "<outline text='B' title='B feed' xmlUrl='https://b.example/atom'/></outline>"
                      "<outline text='site only' htmlUrl='https://c.example/'/>"
                      "<outline text='dup' xmlUrl='https://x.example/feed'/></body></opml>";
    assert_int_equal(write(fd, doc, strlen(doc)), (ssize_t)strlen(doc));
    close(fd);
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
    nw_conf_cleanup(&c);
    unlink(opml);
    expect_error("[opml]\nfile = /nonexistent/subs.opml\n", "cannot read the OPML file");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_defaults), cmocka_unit_test(test_full_file),
                                       cmocka_unit_test(test_errors), cmocka_unit_test(test_relative_store_path),
                                       cmocka_unit_test(test_opml_import)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
