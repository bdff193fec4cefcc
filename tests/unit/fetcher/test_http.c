#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <curl/curl.h>

#include "../../../common/jsonx.h"
#include "../../../fetcher/http.h"

struct seen {
    int n;
    char error[512];
    bool permanent;
};

static void on_done(void *arg, const struct nw_doc *doc, const char *body, size_t len)
{
    (void)body;
    (void)len;
    struct seen *s = arg;
    s->n++;
    snprintf(s->error, sizeof s->error, "%s", doc->error ? doc->error : "");
    s->permanent = doc->permanent;
}

static struct seen fetch(const char *url, bool guard, bool allow_private)
{
    struct nw_conf c;
    nw_conf_defaults(&c);
    c.fetcher.timeout_ms = 3000;
    c.fetcher.allow_private = allow_private;
    struct seen s = {0};
    struct http *h = http_new(&c, on_done, &s);
    struct nw_job job = {.id = 1, .kind = NW_KIND_ARTICLE, .url = (char *)url, .guard = guard};
    http_add(h, &job);
    for (int i = 0; i < 200 && http_in_flight(h); i++) /* at most 200 x 20 ms */
        http_poll(h, 20);
    http_free(h);
    nw_conf_cleanup(&c);
    return s;
}

/* The SSRF guard refuses private addresses, whatever the name, before
 * connecting; without the guard the same URL is tried (and, on a closed
 * port, fails to connect). Port 9 on loopback: nothing listens there. */
static void test_ssrf_guard(void **state)
{
    (void)state;
    struct seen s = fetch("http://127.0.0.1:9/x.html", true, false);
    assert_int_equal(s.n, 1);
    assert_non_null(strstr(s.error, "SSRF guard"));
    assert_true(s.permanent);
    s = fetch("http://localhost:9/x.html", true, false);
    assert_non_null(strstr(s.error, "SSRF guard"));
    s = fetch("http://127.0.0.1:9/x.html", false, false);
    assert_int_equal(s.n, 1);
    assert_null(strstr(s.error, "SSRF guard"));
    assert_true(s.error[0]); /* connection refused */
    s = fetch("http://127.0.0.1:9/x.html", true, true); /* allow_private = yes */
    assert_null(strstr(s.error, "SSRF guard"));
}

static void test_only_http(void **state)
{
    (void)state;
    struct seen s = fetch("file:///etc/passwd", false, false);
    assert_int_equal(s.n, 1);
    assert_true(s.error[0]);
    assert_true(s.permanent);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_ssrf_guard), cmocka_unit_test(test_only_http)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
