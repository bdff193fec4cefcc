#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "../../../fetcher/robots.h"

static const char *TXT = "# comment\n"
                         "User-agent: Googlebot\nDisallow: /\n\n"
                         "User-agent: *\nDisallow: /private/\nAllow: /private/public$\nDisallow: /*.pdf$\n"
                         "Disallow: /tmp\nCrawl-delay: 2.5\n\n"
                         "User-agent: newswire\nUser-agent: other\nDisallow: /paywall\nAllow: /paywall/free\n";

static void test_star_group(void **state)
{
    (void)state;
    struct robots *r = robots_parse(TXT, strlen(TXT), "somebot");
    assert_true(robots_allowed(r, "/news/1.html"));
    assert_false(robots_allowed(r, "/private/x"));
    assert_true(robots_allowed(r, "/private/public"));
    assert_false(robots_allowed(r, "/private/public/more")); /* $: the path ends there */
    assert_false(robots_allowed(r, "/files/a.pdf"));
    assert_true(robots_allowed(r, "/files/a.pdf?x=1"));
    assert_false(robots_allowed(r, "/tmpfile"));
    assert_int_equal(robots_crawl_delay_ms(r), 2500);
    robots_free(r);
}

static void test_our_group(void **state)
{
    (void)state;
    struct robots *r = robots_parse(TXT, strlen(TXT), "newswire");
    assert_true(robots_allowed(r, "/private/x")); /* our group only, not "*" */
    assert_false(robots_allowed(r, "/paywall/story"));
    assert_true(robots_allowed(r, "/paywall/free/story")); /* the longer rule wins */
    assert_int_equal(robots_crawl_delay_ms(r), 0);
    robots_free(r);
}

static void test_empty_and_junk(void **state)
{
    (void)state;
    struct robots *r = robots_parse("", 0, "newswire");
    assert_true(robots_allowed(r, "/anything"));
    robots_free(r);
    const char *junk = "<html>not robots</html>\nDisallow: /x\n";
    r = robots_parse(junk, strlen(junk), "newswire");
    assert_true(robots_allowed(r, "/x")); /* rules outside any group apply to nobody */
    robots_free(r);
    const char *all = "User-agent: *\nDisallow: /\nDisallow:\n";
    r = robots_parse(all, strlen(all), "newswire");
    assert_false(robots_allowed(r, "/a"));
    robots_free(r);
    assert_true(robots_allowed(NULL, "/a"));
}

/* A rule of many * against a path that nearly matches it: every way
 * of sharing the path among the *s was tried (for this path, hours of
 * one fetcher thread); now at most pattern x path steps. */
static void test_wildcards_in_bounded_time(void **state)
{
    (void)state;
    const char *txt = "User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*a*b\nAllow: /*a*a*a*$\n";
    struct robots *r = robots_parse(txt, strlen(txt), "newswire");
    char path[64] = "/";
    memset(path + 1, 'a', 60);
    path[61] = '\0';
    struct timespec t0, t1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    assert_true(robots_allowed(r, path));
    path[60] = 'b';
    assert_false(robots_allowed(r, path));
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    assert_true((double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9 < 1.0);
    /* the end anchor after a *: the path's end, wherever the * stops */
    assert_true(robots_allowed(r, "/xaxaxa"));
    robots_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_star_group), cmocka_unit_test(test_our_group),
                                       cmocka_unit_test(test_empty_and_junk),
                                       cmocka_unit_test(test_wildcards_in_bounded_time)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
