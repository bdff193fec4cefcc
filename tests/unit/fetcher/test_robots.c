#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_star_group), cmocka_unit_test(test_our_group),
                                       cmocka_unit_test(test_empty_and_junk)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
