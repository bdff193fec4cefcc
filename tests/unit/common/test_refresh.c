/* Unit tests: pages that send their reader on (common/refresh.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../common/refresh.h"

#define PAGE "https://example.org/old/story"

/* The address `html` (from PAGE) sends its reader on to, or "" for none. */
static char got[1024];
static const char *refresh(const char *html)
{
    char *u = nw_html_refresh(html, strlen(html), PAGE, NW_REFRESH_MAX_S, NULL);
    snprintf(got, sizeof got, "%s", u ? u : "");
    free(u);
    return got;
}

static void test_static_sites_redirect_stubs(void **state)
{
    (void)state;
    /* as Jekyll's redirect_from writes it: no <head>, a script first */
    assert_string_equal(refresh("<!DOCTYPE html>\n<html lang=\"en-US\">\n  <meta charset=\"utf-8\">\n"
                                "  <title>Redirecting&hellip;</title>\n"
                                "  <link rel=\"canonical\" href=\"https://example.org/2026/12/07/storm.html\">\n"
                                "  <script>location=\"https://example.org/2026/12/07/storm.html\"</script>\n"
                                "  <meta http-equiv=\"refresh\" content=\"0; url=https://example.org/2026/12/07/"
                                "storm.html\">\n  <h1>Redirecting&hellip;</h1>\n</html>\n"),
                        "https://example.org/2026/12/07/storm.html");
    /* as Hugo's aliases write it */
    assert_string_equal(
        refresh("<!DOCTYPE html><html lang=\"en-us\"><head><title>https://example.org/posts/x/"
                "</title><link rel=\"canonical\" href=\"https://example.org/posts/x/\"><meta "
                "name=\"robots\" content=\"noindex\"><meta charset=\"utf-8\"><meta "
                "http-equiv=\"refresh\" content=\"0; url=https://example.org/posts/x/\"></head></html>"),
        "https://example.org/posts/x/");
}

static void test_content_as_browsers_read_it(void **state)
{
    (void)state;
    /* relative, any case, quotes, no "url=", a comma, a fraction, references */
    assert_string_equal(refresh("<meta http-equiv=REFRESH content=\"0;URL='/new/story?a=1&amp;b=2'\">"),
                        "https://example.org/new/story?a=1&b=2");
    assert_string_equal(refresh("<meta content='3, next' http-equiv='Refresh'>"), "https://example.org/old/next");
    assert_string_equal(refresh("<meta http-equiv=refresh content=\"1.5 ; url = &quot;b.html&quot;\">"),
                        "https://example.org/old/b.html");
    assert_string_equal(refresh("<meta http-equiv=refresh content=\"0;url=caf&#xe9;\">"),
                        "https://example.org/old/caf%c3%a9");
    /* against <base href> */
    assert_string_equal(refresh("<head><base href=\"https://mirror.example.net/a/\"><meta http-equiv=refresh "
                                "content=\"0;url=b\"></head>"),
                        "https://mirror.example.net/a/b");
    /* after </head>, a browser still puts it in the head */
    assert_string_equal(refresh("<html><head><title>x</title></head><meta http-equiv=refresh content=\"0;url=/z\">"),
                        "https://example.org/z");
    /* the first of an attribute counts, and the first refresh */
    assert_string_equal(refresh("<meta http-equiv=refresh content=\"0;url=/first\" content=\"0;url=/second\">"),
                        "https://example.org/first");
    assert_string_equal(refresh("<meta http-equiv=refresh content=\"0;url=/one\"><meta http-equiv=refresh "
                                "content=\"0;url=/two\">"),
                        "https://example.org/one");
}

static void test_pages_meant_to_be_read(void **state)
{
    (void)state;
    /* a news page reloading itself: no address, its own, a long delay */
    assert_string_equal(refresh("<head><meta http-equiv=refresh content=300><title>News</title></head>"), "");
    assert_string_equal(refresh("<meta http-equiv=refresh content=\"0;url=" PAGE "#top\">"), "");
    assert_string_equal(refresh("<meta http-equiv=refresh content=\"900; url=https://example.org/\">"), "");
    int delay = 0;
    const char *html = "<meta http-equiv=refresh content=\"900; url=https://example.org/\">";
    assert_null(nw_html_refresh(html, strlen(html), PAGE, 10, &delay));
    assert_int_equal(delay, 900);
    char *u = nw_html_refresh(html, strlen(html), PAGE, 900, &delay);
    assert_string_equal(u, "https://example.org/");
    free(u);
    /* no http(s) address; no number */
    assert_string_equal(refresh("<meta http-equiv=refresh content=\"0;url=javascript:go()\">"), "");
    assert_string_equal(refresh("<meta http-equiv=refresh content=\"soon;url=/x\">"), "");
}

static void test_only_what_a_browser_running_scripts_follows(void **state)
{
    (void)state;
    /* a reader without scripts sent to a "turn JavaScript on" page */
    assert_string_equal(refresh("<head><noscript><meta http-equiv=refresh content=\"0;url=/nojs\"></noscript>"
                                "<title>A story</title></head><body><p>Text</p></body>"),
                        "");
    assert_string_equal(refresh("<head><noscript><meta http-equiv=refresh content=\"0;url=/nojs\"></noscript>"
                                "<meta http-equiv=refresh content=\"0;url=/moved\"></head>"),
                        "https://example.org/moved");
    /* in a comment (an old Internet Explorer's conditional one, as news
     * sites send readers of IE 9 to an "unsupported browser" page), a
     * script, a style, a template, the title */
    assert_string_equal(refresh("<head><!-- <meta http-equiv=refresh content=\"0;url=/a\"> --></head>"), "");
    assert_string_equal(refresh("<head><link rel=icon href=/f.ico><!--[if lte IE 9]><meta http-equiv=\"refresh\" "
                                "content=\"1;url=/static/unsupp.html\" /><![endif]--><title>A story</title></head>"),
                        "");
    assert_string_equal(
        refresh("<head><script>document.write('<meta http-equiv=refresh content=\"0;url=/a\">')</script></head>"), "");
    assert_string_equal(refresh("<head><title><meta http-equiv=refresh content=\"0;url=/a\"></title></head>"), "");
    assert_string_equal(refresh("<template><meta http-equiv=refresh content=\"0;url=/a\"></template>"), "");
    /* in the body: the scan ends at its first element */
    assert_string_equal(refresh("<html><body><p>Moved.</p><meta http-equiv=refresh content=\"0;url=/a\"></body>"), "");
    assert_string_equal(refresh("<head></head><div><meta http-equiv=refresh content=\"0;url=/a\"></div>"), "");
    /* a feed is no page */
    assert_string_equal(refresh("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><meta http-equiv=\"refresh\" "
                                "content=\"0;url=/a\"/></channel></rss>"),
                        "");
    /* a '<' of text and a broken tag at the end do not stop a page's own */
    assert_string_equal(refresh("<head><title>a < b</title><meta http-equiv=refresh content=\"0;url=/c\"></head>"),
                        "https://example.org/c");
    assert_string_equal(refresh("<head><meta http-equiv=refresh content=\"0;url=/c"), "https://example.org/c");
    assert_string_equal(refresh("<"), "");
    assert_string_equal(refresh(""), "");
}

/* A page larger than a stub: a story of `n` paragraphs after `head`. */
static const char *story_page(const char *head, int n)
{
    static char page[64 * 1024];
    size_t k = (size_t)snprintf(page, sizeof page, "<html>%s<body>", head);
    for (int i = 0; i < n && k + 200 < sizeof page; i++)
        k += (size_t)snprintf(page + k, sizeof page - k,
                              "<p>Paragraph %d of the story, long enough to be read as a page of its own and "
                              "not as a stub that only sends its reader on.</p>",
                              i);
    snprintf(page + k, sizeof page - k, "</body></html>");
    return page;
}

static void test_noscript_refresh_a_script_agrees_with(void **state)
{
    (void)state;
    /* a link shortener's page for browsers: the refresh for readers
     * without scripts, location.replace for the others, the same address
     * (the script's after </head>, its slashes escaped) */
    assert_string_equal(
        refresh("<head><meta name=\"referrer\" content=\"always\"><noscript><META http-equiv=\"refresh\" "
                "content=\"0;URL=https://news.example.com/2026/12/07/storm.html?s=09\"></noscript><title>"
                "https://news.example.com/2026/12/07/storm.html?s=09</title></head><script>window.opener = null; "
                "location.replace(\"https:\\/\\/news.example.com\\/2026\\/12\\/07\\/storm.html?s=09\")</script>"),
        "https://news.example.com/2026/12/07/storm.html?s=09");
    /* the other forms: an assignment to location or its href, of window,
     * document or top, quotes of either kind, a relative address, \u
     * escapes; in a function run later on a stub-sized page */
    assert_string_equal(refresh("<head><script>window.location.href = '/moved/story';</script><noscript><meta "
                                "http-equiv=refresh content=\"0; url=/moved/story\"></noscript></head>"),
                        "https://example.org/moved/story");
    assert_string_equal(refresh("<head><noscript><meta http-equiv=refresh content=\"0;url=https://b.example/x\">"
                                "</noscript><script>var u = 1;\ntop.location = \"https://b.example/\\u0078\"</script>"
                                "</head>"),
                        "https://b.example/x");
    assert_string_equal(refresh("<head><noscript><meta http-equiv=refresh content=\"0;url=https://b.example/x\">"
                                "</noscript><script>setTimeout(function () { document.location.assign("
                                "'https://b.example/x'); }, 0);</script></head><body><p>Redirecting...</p></body>"),
                        "https://b.example/x");
    /* a page to read that sends readers without scripts, and browsers it
     * cannot serve, to one page */
    char head[600];
    snprintf(head, sizeof head,
             "<head><noscript><meta http-equiv=refresh content=\"0;url=/unsupported\"></noscript>"
             "<script>if (!window.fetch) location.href = \"/unsupported\";</script></head>");
    assert_string_equal(refresh(story_page(head, 2)), "");
    assert_string_equal(refresh(story_page(head, 200)), "");
    snprintf(head, sizeof head,
             "<head><noscript><meta http-equiv=refresh content=\"0;url=/unsupported\"></noscript>"
             "<script>function old() { track(); window.location = '/unsupported' }</script></head>");
    assert_string_equal(refresh(story_page(head, 200)), "");
    /* the refresh elsewhere than the script's address, or no script */
    assert_string_equal(refresh("<head><noscript><meta http-equiv=refresh content=\"0;url=/nojs\"></noscript>"
                                "<script>location.replace(\"/app\")</script></head>"),
                        "");
    assert_string_equal(refresh("<head><noscript><meta http-equiv=refresh content=\"0;url=/nojs\"></noscript>"
                                "<script>var mylocation = \"/nojs\"; if (location == \"/nojs\") go()</script></head>"),
                        "");
    /* the start of an address the script makes */
    assert_string_equal(refresh("<head><noscript><meta http-equiv=refresh content=\"0;url=https://m.example.org/\">"
                                "</noscript><script>location.href = \"https://m.example.org/\" + location.pathname;"
                                "</script></head>"),
                        "");
    assert_string_equal(refresh("<head><noscript><meta http-equiv=refresh content=\"0;url=https://m.example.org/\">"
                                "</noscript><script>location.replace('https://m.example.org/'.concat(path))</script>"
                                "</head>"),
                        "");
    /* a long delay, a reload, as a page's own refresh */
    assert_string_equal(refresh("<head><noscript><meta http-equiv=refresh content=\"600;url=/x\"></noscript>"
                                "<script>location = \"/x\"</script></head>"),
                        "");
}

static void test_refresh_header(void **state)
{
    (void)state;
    int delay = 0;
    char *u = nw_refresh_header("0; url=/new/story", PAGE, NW_REFRESH_MAX_S, &delay);
    assert_string_equal(u, "https://example.org/new/story");
    assert_int_equal(delay, 0);
    free(u);
    u = nw_refresh_header("2,https://example.net/x", PAGE, NW_REFRESH_MAX_S, NULL);
    assert_string_equal(u, "https://example.net/x");
    free(u);
    assert_null(nw_refresh_header("60; url=/later", PAGE, NW_REFRESH_MAX_S, &delay));
    assert_int_equal(delay, 60);
    assert_null(nw_refresh_header("5", PAGE, NW_REFRESH_MAX_S, NULL));
    assert_null(nw_refresh_header("0; url=" PAGE, PAGE, NW_REFRESH_MAX_S, NULL));
    assert_null(nw_refresh_header("now", PAGE, NW_REFRESH_MAX_S, &delay));
    assert_int_equal(delay, -1);
    assert_null(nw_refresh_header(NULL, PAGE, NW_REFRESH_MAX_S, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_static_sites_redirect_stubs),
        cmocka_unit_test(test_content_as_browsers_read_it),
        cmocka_unit_test(test_pages_meant_to_be_read),
        cmocka_unit_test(test_only_what_a_browser_running_scripts_follows),
        cmocka_unit_test(test_noscript_refresh_a_script_agrees_with),
        cmocka_unit_test(test_refresh_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
