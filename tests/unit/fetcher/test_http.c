#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../../common/jsonx.h"
#include "../../../common/nwtime.h"
#include "../../../fetcher/fetcher.h"
#include "../../../fetcher/http.h"

struct seen {
    int n;
    char error[512];
    bool permanent, private_addr;
};

static void on_done(void *arg, const struct nw_doc *doc, const char *body, size_t len)
{
    (void)body;
    (void)len;
    struct seen *s = arg;
    s->n++;
    snprintf(s->error, sizeof s->error, "%s", doc->error ? doc->error : "");
    s->permanent = doc->permanent;
    s->private_addr = doc->private_addr;
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
        http_poll(h, 20, -1);
    http_free(h);
    nw_conf_cleanup(&c);
    return s;
}

/* The SSRF guard refuses private addresses, whatever the name, before
 * connecting; without the guard the same host is tried (and, on a closed
 * port, its robots.txt fails to connect, which fails the page at once,
 * not for good). Port 9 on loopback: nothing listens there. */
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
    assert_non_null(strstr(s.error, "robots.txt not reachable")); /* connection refused */
    assert_false(s.permanent);
    s = fetch("http://127.0.0.1:9/x.html", true, true); /* allow_private = yes */
    assert_null(strstr(s.error, "SSRF guard"));
}

/* A keep-alive HTTP server on 127.0.0.1 answering every request with a
 * small body (or a redirect for /redirect), counting requests. */
struct server {
    int fd, port;
    atomic_int requests;
    atomic_int stop;
    pthread_t thread;
    char redirect_to[256];
    /* /robots.txt: 200 with this body, or 503 with Retry-After: 1 while
     * robots_down is set; requests for it and for pages counted apart */
    atomic_int robots_down, robots_requests, page_requests;
    _Atomic(const char *) robots;
};

static void *serve(void *arg)
{
    struct server *sv = arg;
    while (!atomic_load(&sv->stop)) {
        struct pollfd p = {.fd = sv->fd, .events = POLLIN};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int c = accept(sv->fd, NULL, NULL);
        if (c < 0)
            continue;
        char buf[4096];
        size_t have = 0;
        for (int rounds = 0; rounds < 200 && !atomic_load(&sv->stop); rounds++) {
            struct pollfd q = {.fd = c, .events = POLLIN};
            if (poll(&q, 1, 50) <= 0)
                continue;
            ssize_t n = read(c, buf + have, sizeof buf - 1 - have);
            if (n <= 0)
                break;
            have += (size_t)n;
            buf[have] = '\0';
            char *end;
            while ((end = strstr(buf, "\r\n\r\n"))) {
                atomic_fetch_add(&sv->requests, 1);
                char resp[512];
                const char *rules = atomic_load(&sv->robots);
                if (!strncmp(buf, "GET /robots.txt ", 16)) {
                    atomic_fetch_add(&sv->robots_requests, 1);
                    if (atomic_load(&sv->robots_down))
                        snprintf(resp, sizeof resp,
                                 "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n");
                    else
                        snprintf(resp, sizeof resp,
                                 "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                 "Content-Length: %zu\r\n\r\n%s",
                                 strlen(rules ? rules : ""), rules ? rules : "");
                } else if (!strncmp(buf, "GET /page/", 10)) {
                    atomic_fetch_add(&sv->page_requests, 1);
                    snprintf(resp, sizeof resp,
                             "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             "Content-Length: 11\r\n\r\n<p>page</p>");
                } else if (!strncmp(buf, "GET /redirect", 13))
                    snprintf(resp, sizeof resp, "HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n",
                             sv->redirect_to);
                else
                    snprintf(resp, sizeof resp, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                                "Content-Length: 5\r\n\r\nhello");
                if (write(c, resp, strlen(resp)) < 0)
                    break;
                size_t used = (size_t)(end + 4 - buf);
                memmove(buf, end + 4, have - used + 1);
                have -= used;
            }
        }
        close(c);
    }
    return NULL;
}

static void server_start(struct server *sv)
{
    memset(sv, 0, sizeof *sv);
    sv->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(sv->fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t l = sizeof a;
    getsockname(sv->fd, (struct sockaddr *)&a, &l);
    sv->port = ntohs(a.sin_port);
    listen(sv->fd, 16);
    pthread_create(&sv->thread, NULL, serve, sv);
}

static void server_stop(struct server *sv)
{
    atomic_store(&sv->stop, 1);
    pthread_join(sv->thread, NULL);
    close(sv->fd);
}

/* A client with the defaults, a 3 s timeout and (when not 0) this many
 * connections per host, no pause between requests. */
static struct http *client(struct nw_conf *c, struct seen *s, int per_host)
{
    nw_conf_defaults(c);
    c->fetcher.timeout_ms = 3000;
    if (per_host) {
        c->fetcher.per_host = per_host;
        c->fetcher.host_delay_ms = 0;
    }
    return http_new(c, on_done, s);
}

/* Fetches URL as a job of `kind` to the end. */
static void get_url(struct http *h, const char *url, int kind, bool guard, uint64_t id)
{
    struct nw_job job = {.id = id, .kind = kind, .url = (char *)url, .guard = guard};
    http_add(h, &job);
    for (int i = 0; i < 200 && http_in_flight(h); i++) /* at most 200 x 20 ms */
        http_poll(h, 20, -1);
}

/* Fetches http://127.0.0.1:PORT/PATH as a job of `kind` to the end. */
static void get(struct http *h, int port, const char *path, int kind, bool guard, uint64_t id)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    get_url(h, url, kind, guard, id);
}

/* An article job to a host:port the client already has a connection to
 * (a feed on the user's LAN, say): libcurl reuses the connection without
 * opening a socket, and the guard must still refuse it, before any
 * request is sent. */
static void test_ssrf_guard_on_reused_connection(void **state)
{
    (void)state;
    struct server sv;
    server_start(&sv);
    struct nw_conf c;
    struct seen s = {0};
    struct http *h = client(&c, &s, 0);
    get(h, sv.port, "/feed.xml", NW_KIND_FEED, false, 1);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.error, "");
    get(h, sv.port, "/private.html", NW_KIND_ARTICLE, true, 2);
    assert_int_equal(s.n, 2);
    assert_non_null(strstr(s.error, "SSRF guard"));
    assert_int_equal(atomic_load(&sv.requests), 1); /* the article's request never reached the server */
    http_free(h);
    nw_conf_cleanup(&c);
    server_stop(&sv);
}

/* A feed whose first request went to a public address may not be
 * redirected to a private one. Here "public" is simulated by the guard's
 * view of the first hop: a feed on loopback redirecting to loopback stays
 * allowed (the user's own LAN feed). */
static void test_feed_on_private_address_allowed(void **state)
{
    (void)state;
    struct server sv;
    server_start(&sv);
    snprintf(sv.redirect_to, sizeof sv.redirect_to, "http://127.0.0.1:%d/feed.xml", sv.port);
    struct nw_conf c;
    struct seen s = {0};
    struct http *h = client(&c, &s, 0);
    get(h, sv.port, "/redirect", NW_KIND_FEED, false, 1);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.error, "");
    assert_int_equal(atomic_load(&sv.requests), 2);
    http_free(h);
    nw_conf_cleanup(&c);
    server_stop(&sv);
}

/* Through a proxy on a private address (the environment's http_proxy, as
 * libcurl reads it): the proxy is no private server of the URL. An article
 * on a public name goes through it, and its feed is public; an article on
 * a private address, localhost or an intranet name is refused before
 * anything reaches the proxy. */
static void test_ssrf_guard_through_proxy(void **state)
{
    (void)state;
    struct server sv;
    server_start(&sv); /* answers any request: here the proxy */
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%d", sv.port);
    setenv("http_proxy", proxy, 1);
    struct nw_conf c;
    struct seen s = {0};
    struct http *h = client(&c, &s, 0);
    c.fetcher.robots = false;
    get_url(h, "http://news.example/feed.xml", NW_KIND_FEED, false, 1);
    struct seen feed = s;
    get_url(h, "http://news.example/a.html", NW_KIND_ARTICLE, true, 2);
    struct seen article = s;
    int through = atomic_load(&sv.requests);
    static const char *const refused[] = {"http://127.0.0.1:9/x.html", "http://localhost/x.html",
                                          "http://intranet/x.html", "http://printer.local/x.html",
                                          "http://[::1]:9/x.html"};
    char errors[5][512];
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        get_url(h, refused[i], NW_KIND_ARTICLE, true, 3 + i);
        memcpy(errors[i], s.error, sizeof s.error);
    }
    http_free(h);
    unsetenv("http_proxy"); /* before any assertion: the other tests go direct */
    nw_conf_cleanup(&c);
    server_stop(&sv);
    assert_string_equal(feed.error, "");
    assert_false(feed.private_addr); /* its links keep the guard */
    assert_string_equal(article.error, "");
    assert_int_equal(through, 2);
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        if (!strstr(errors[i], "SSRF guard"))
            fail_msg("%s through the proxy: '%s'", refused[i], errors[i]);
    assert_int_equal(atomic_load(&sv.requests), 2); /* none of them reached the proxy */
}

/* Once drained, a client starts nothing more: of three feeds of one
 * host, one connection at a time and a pause of 300 ms between requests,
 * the first runs to its end and the two waiting for their turn are never
 * requested, however long the client is polled after. */
static void test_drain_starts_nothing(void **state)
{
    (void)state;
    struct server sv;
    server_start(&sv);
    struct nw_conf c;
    struct seen s = {0};
    struct http *h = client(&c, &s, 1);
    c.fetcher.host_delay_ms = 300;
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/feed.xml", sv.port);
    for (uint64_t i = 1; i <= 3; i++) {
        struct nw_job job = {.id = i, .kind = NW_KIND_FEED, .url = url};
        http_add(h, &job);
    }
    assert_int_equal(http_in_flight(h), 3);
    assert_int_equal(http_drain(h), 1);           /* the first had started */
    for (int i = 0; i < 50 && http_drain(h); i++) /* at most 50 x 20 ms */
        http_poll(h, 20, -1);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.error, "");
    for (int i = 0; i < 40; i++) /* 800 ms: both turns would have come */
        http_poll(h, 20, -1);
    assert_int_equal(s.n, 1);
    assert_int_equal(atomic_load(&sv.requests), 1);
    assert_int_equal(http_in_flight(h), 2); /* still waiting, never started */
    http_free(h);
    nw_conf_cleanup(&c);
    server_stop(&sv);
}

/* A fast server answers a request while the perform that sent it is
 * still running; that answer is taken at once, not after the next poll
 * has waited its whole timeout (curl holds no socket of a finished
 * transfer to wake it). 100 fetches one after the other on one
 * connection, with a poll timeout of 200 ms: well under a second. */
static void test_fast_answers_taken_at_once(void **state)
{
    (void)state;
    struct server sv;
    server_start(&sv);
    struct nw_conf c;
    struct seen s = {0};
    struct http *h = client(&c, &s, 1);
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/feed.xml", sv.port);
    for (uint64_t i = 1; i <= 100; i++) {
        struct nw_job job = {.id = i, .kind = NW_KIND_FEED, .url = url};
        http_add(h, &job);
    }
    int64_t t0 = nw_mono_ms();
    for (int i = 0; i < 200 && http_in_flight(h); i++) /* at most 200 x 200 ms */
        http_poll(h, 200, -1);
    int64_t took = nw_mono_ms() - t0;
    assert_int_equal(s.n, 100);
    assert_int_equal(atomic_load(&sv.requests), 100);
    if (took >= 1000)
        fail_msg("100 fetches from a fast local server took %lld ms", (long long)took);
    http_free(h);
    nw_conf_cleanup(&c);
    server_stop(&sv);
}

/* Polls until `n` documents came or `ms` passed. */
static void poll_until(struct http *h, const struct seen *s, int n, int ms)
{
    for (int i = 0; i < ms / 20 && s->n < n; i++)
        http_poll(h, 20, -1);
}

/* robots.txt as RFC 9309 has it. Unreachable (a 503) with no copy to go
 * by, it forbids everything: the page waits, and the file is asked again
 * after its Retry-After. Its rules hold for fetcher.robots_max_age, then
 * are asked again before the next page; unreachable then, the copy it
 * gave last holds. */
static void test_robots_lifecycle(void **state)
{
    (void)state;
    struct server sv;
    server_start(&sv);
    atomic_store(&sv.robots_down, 1);
    struct nw_conf c;
    struct seen s = {0};
    struct http *h = client(&c, &s, 1);
    c.fetcher.robots_max_age_ms = 1000;
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/page/a.html", sv.port);
    struct nw_job job = {.id = 1, .kind = NW_KIND_ARTICLE, .url = url};
    http_add(h, &job);
    poll_until(h, &s, 1, 500);
    assert_int_equal(s.n, 0); /* the page waits */
    assert_int_equal(atomic_load(&sv.robots_requests), 1);
    assert_int_equal(atomic_load(&sv.page_requests), 0);
    atomic_store(&sv.robots, "User-agent: *\nDisallow: /page/b\n");
    atomic_store(&sv.robots_down, 0);
    int64_t t0 = nw_mono_ms();
    poll_until(h, &s, 1, 3000);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.error, "");
    assert_int_equal(atomic_load(&sv.robots_requests), 2); /* asked again once, after its Retry-After */
    assert_int_equal(atomic_load(&sv.page_requests), 1);
    assert_true(nw_mono_ms() - t0 >= 300);
    /* the rules hold */
    snprintf(url, sizeof url, "http://127.0.0.1:%d/page/b.html", sv.port);
    get_url(h, url, NW_KIND_ARTICLE, false, 2);
    assert_int_equal(s.n, 2);
    assert_non_null(strstr(s.error, "robots.txt"));
    assert_int_equal(atomic_load(&sv.page_requests), 1);
    /* a second later they are old: the new ones are asked for first */
    atomic_store(&sv.robots, "User-agent: *\nDisallow: /page/a\n");
    for (int i = 0; i < 55; i++) /* 1.1 s */
        http_poll(h, 20, -1);
    get_url(h, url, NW_KIND_ARTICLE, false, 3);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.error, "");
    assert_int_equal(atomic_load(&sv.robots_requests), 3);
    assert_int_equal(atomic_load(&sv.page_requests), 2);
    /* old again, and unreachable: the last copy holds */
    atomic_store(&sv.robots_down, 1);
    for (int i = 0; i < 55; i++)
        http_poll(h, 20, -1);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/page/a.html", sv.port);
    get_url(h, url, NW_KIND_ARTICLE, false, 4);
    assert_int_equal(s.n, 4);
    assert_non_null(strstr(s.error, "robots.txt"));
    assert_int_equal(atomic_load(&sv.robots_requests), 4);
    assert_int_equal(atomic_load(&sv.page_requests), 2);
    http_free(h);
    nw_conf_cleanup(&c);
    server_stop(&sv);
}

static void test_only_http(void **state)
{
    (void)state;
    struct seen s = fetch("file:///etc/passwd", false, false);
    assert_int_equal(s.n, 1);
    assert_true(s.error[0]);
    assert_true(s.permanent);
}

/* Credit: room given back by jobs that came and went within one poll is
 * reported (the store, having spent the last report, would otherwise send
 * nothing until the next heartbeat), and reports are not sent more often
 * than min_gap. */
static void test_credit_reports(void **state)
{
    (void)state;
    struct fetcher_credit c;
    fetcher_credit_init(&c, 128, 1, 1000);
    int64_t t = 5000;
    assert_int_equal(fetcher_credit_due(&c, 0, t), 128); /* the first report at once */
    fetcher_credit_reported(&c, 128, t);
    assert_int_equal(fetcher_credit_due(&c, 0, t + 1), -1); /* nothing new */
    for (int i = 0; i < 128; i++)
        fetcher_credit_spent(&c); /* the store sent all it was allowed... */
    /* ...and all of them were answered before the loop looked again */
    assert_int_equal(fetcher_credit_due(&c, 0, t), -1);      /* not within min_gap */
    assert_int_equal(fetcher_credit_due(&c, 0, t + 1), 128); /* but then, not at the heartbeat */
    fetcher_credit_reported(&c, 128, t + 1);
    /* jobs still running: room below what the store believes is not news */
    for (int i = 0; i < 10; i++)
        fetcher_credit_spent(&c);
    assert_int_equal(fetcher_credit_due(&c, 10, t + 50), -1);
    assert_int_equal(fetcher_credit_due(&c, 9, t + 50), 119);
    assert_int_equal(c.taken, 138); /* sent with each report: the store counts the rest as on their way */
    /* more jobs than room (a report crossed them): no negative room */
    fetcher_credit_reported(&c, 0, t + 60);
    assert_int_equal(fetcher_credit_due(&c, 130, t + 2000), 0); /* the heartbeat */
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_ssrf_guard),
                                       cmocka_unit_test(test_ssrf_guard_on_reused_connection),
                                       cmocka_unit_test(test_feed_on_private_address_allowed),
                                       cmocka_unit_test(test_ssrf_guard_through_proxy),
                                       cmocka_unit_test(test_fast_answers_taken_at_once),
                                       cmocka_unit_test(test_drain_starts_nothing),
                                       cmocka_unit_test(test_robots_lifecycle),
                                       cmocka_unit_test(test_only_http),
                                       cmocka_unit_test(test_credit_reports)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curl_global_cleanup();
    return rc;
}
