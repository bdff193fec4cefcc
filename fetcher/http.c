#include "http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <xxhash.h>

#include "../common/buf.h"
#include "../common/jsonx.h"
#include "../common/log.h"
#include "../common/mime.h"
#include "../common/mem.h"
#include "../common/nwtime.h"
#include "../common/refresh.h"
#include "../common/stats.h"
#include "../common/msg.h"
#include "../common/url.h"
#include "robots.h"
#include "warc.h"

#define MAX_ARCHIVED_HEAD 65536

struct transfer {
    struct http *h;
    CURL *easy;
    struct nw_job job;     /* without its credentials: the DOC carries it on */
    char *user, *password; /* the job's credentials (a feed's), or NULL */
    struct nw_strv extra;  /* the job's headers (a feed's configured ones) */
    char *target;          /* the URL its next request asks for, when not the job's (a redirect's) */
    char *host;
    char *origin;                  /* host:port, whose failures back off together */
    char *addr;                    /* the address:port counted for it while active, or NULL */
    struct curl_slist *headers;
    struct nw_buf body;
    char *etag, *last_modified, *content_type;
    char *refresh;                 /* the Refresh header, or NULL */
    int64_t retry_after_ms;
    int64_t fresh_ms;              /* Cache-Control max-age or Expires: fresh this long */
    bool too_large, refused;
    bool disallowed;               /* a redirect on its host to a page its robots.txt forbids */
    bool header_too_large;         /* over fetcher.max_header */
    bool type_checked;             /* the body's first bytes came: its type was looked at */
    const char *not_page;          /* an article link's 2xx answer of a type that is no page ("audio"), not read */
    size_t header_bytes;
    bool is_robots;                /* the robots.txt of its host, not a job */
    int hops;                      /* requests made (redirects follow) */
    int redirects;                 /* 3xx responses followed */
    int refreshes;                 /* pages' refreshes followed (refresh.h) */
    bool temporary;                /* ... one of them not 301 or 308, or a refresh after a delay */
    int64_t deadline_ms;           /* fetcher.timeout from the first request, over all of them */
    bool first_private;            /* the first request's server is private */
    char errbuf[CURL_ERROR_SIZE];
    struct nw_buf req_head, resp_head; /* as sent and received, when archiving */
    struct transfer *next;         /* in the waiting list */
    struct transfer *anext, *aprev; /* in the active list */
};

/* A host's robots.txt (RFC 9309): UNKNOWN, it is asked before the host's
 * next page (when robots_next has come); FETCHING, its pages wait for the
 * answer; READY, its rules hold until robots_next. */
enum { ROBOTS_UNKNOWN, ROBOTS_FETCHING, ROBOTS_READY };

/* After this long unreachable (5xx, 429, no answer) with no copy to go
 * by, a robots.txt is taken as absent, as RFC 9309 allows: 30 days. */
#define ROBOTS_UNREACHABLE_MAX_MS (30LL * 86400 * 1000)

/* One per host name, and one per origin (host:port) for failures: a
 * server that cannot be reached, resets or stalls is backed off as a
 * whole, not asked again for each of its feeds and pages. */
struct host_count {
    char *host;
    int active;
    int64_t next_ms;       /* no request to it before (fetcher.host_delay, Crawl-delay, failures) */
    int robots_state;      /* article pages wait for the host's robots.txt */
    struct robots *robots; /* its rules (NULL: everything allowed) */
    bool robots_copy;      /* robots holds an answer the host gave (its rules, or none: a 4xx) */
    int robots_fails;      /* robots.txt unreachable this many times in a row */
    int64_t robots_next;   /* READY: the rules are asked again from then; UNKNOWN: not before */
    int64_t robots_down;   /* when it became unreachable (0: it answers) */
    int fails;             /* origins: transport failures in a row */
    char *addr;            /* hosts: the address:port it was last reached at, once known */
};

struct host_table {
    struct host_count **v; /* open addressing; the entries never move */
    size_t cap, used;
};

struct http {
    const struct nw_conf *conf;
    CURLM *multi;
    http_done_fn done;
    void *arg;
    struct transfer *wait_head, *wait_tail;
    struct transfer *active;
    size_t nwaiting, nactive;
    struct host_table hosts, origins, addrs; /* addrs: per resolved address:port, its active count */
    char *user_agent;      /* fetcher.user_agent, with fetcher.contact */
    struct warc_writer *archive;   /* every fetch is written here, or NULL */
    unsigned long archive_missed;  /* fetches not archived since its writing failed (0: it writes) */
    bool again;                    /* http_poll stopped with work maybe done */
    bool draining;                 /* http_drain was called: nothing more starts */
    /* the proxies libcurl takes from the environment (http_proxy,
     * HTTPS_PROXY, ALL_PROXY...), as "address:port": a connection to one
     * is no server of the URL's host */
    char **proxies;
    size_t nproxies;
};

void http_set_archive(struct http *h, struct warc_writer *w) { h->archive = w; }

static struct host_count *table_slot(struct host_table *t, const char *key)
{
    if (2 * (t->used + 1) > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        struct host_count **v = nw_calloc(cap, sizeof *v);
        for (size_t i = 0; i < t->cap; i++)
            if (t->v[i]) {
                size_t j = XXH3_64bits(t->v[i]->host, strlen(t->v[i]->host)) & (cap - 1);
                while (v[j])
                    j = (j + 1) & (cap - 1);
                v[j] = t->v[i];
            }
        free(t->v);
        t->v = v;
        t->cap = cap;
    }
    size_t j = XXH3_64bits(key, strlen(key)) & (t->cap - 1);
    while (t->v[j] && strcmp(t->v[j]->host, key))
        j = (j + 1) & (t->cap - 1);
    if (!t->v[j]) {
        t->v[j] = nw_calloc(1, sizeof *t->v[j]);
        t->v[j]->host = nw_strdup(key);
        t->used++;
    }
    return t->v[j];
}

static void table_free(struct host_table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        if (t->v[i]) {
            free(t->v[i]->host);
            free(t->v[i]->addr);
            robots_free(t->v[i]->robots);
            free(t->v[i]);
        }
    free(t->v);
}

static struct host_count *host_slot(struct http *h, const char *host) { return table_slot(&h->hosts, host); }

/* The address a transfer's next request asks for: its job's, or where
 * a redirect on another host sent it. */
static const char *asked_url(const struct transfer *t)
{
    return t->target ? t->target : t->job.url;
}

/* A transfer's host and origin (host:port, the scheme's port when none
 * is given): the keys of its politeness and of its failures. */
static void set_keys(struct transfer *t, const char *url)
{
    char host[256];
    int port;
    nw_url_host_key(url, host, sizeof host, &port);
    t->host = nw_strdup(host);
    struct nw_buf b = {0};
    nw_buf_printf(&b, "%s:%d", host, port);
    t->origin = nw_buf_steal(&b);
}

/* A socket address as text (an IPv4 or IPv6 address) into ip, and its
 * port; false for another family. */
static bool sockaddr_text(const struct sockaddr *sa, char ip[INET6_ADDRSTRLEN], long *port)
{
    if (sa->sa_family != AF_INET && sa->sa_family != AF_INET6)
        return false;
    bool v4 = sa->sa_family == AF_INET;
    const void *in = v4 ? (const void *)&((const struct sockaddr_in *)sa)->sin_addr
                        : (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
    *port = ntohs(v4 ? ((const struct sockaddr_in *)sa)->sin_port : ((const struct sockaddr_in6 *)sa)->sin6_port);
    return inet_ntop(sa->sa_family, in, ip, INET6_ADDRSTRLEN) != NULL;
}

/* The addresses of the proxies the environment names for libcurl (the
 * variables it reads: http_proxy in lower case only, HTTPS_PROXY and
 * ALL_PROXY in either case), with their ports (libcurl's default: 1080,
 * 443 for an https:// proxy). */
static void find_proxies(struct http *h)
{
    static const char *const vars[] = {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (!v || !*v)
            continue;
        CURLU *u = curl_url();
        char *host = NULL, *port = NULL, *scheme = NULL;
        if (curl_url_set(u, CURLUPART_URL, v, CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
            curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
            if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK)
                port = NULL;
            curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
            const char *pn = port ? port : scheme && !strcasecmp(scheme, "https") ? "443" : "1080";
            char bare[256];
            snprintf(bare, sizeof bare, "%s", host);
            if (bare[0] == '[') { /* an IPv6 literal */
                memmove(bare, bare + 1, strlen(bare));
                bare[strcspn(bare, "]")] = '\0';
            }
            struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
            if (getaddrinfo(bare, pn, &hints, &res) == 0) {
                for (struct addrinfo *a = res; a; a = a->ai_next) {
                    char ip[INET6_ADDRSTRLEN], one[INET6_ADDRSTRLEN + 24];
                    long port;
                    if (sockaddr_text(a->ai_addr, ip, &port)) {
                        snprintf(one, sizeof one, "%s:%ld", ip, port);
                        h->proxies = nw_realloc(h->proxies, (h->nproxies + 1) * sizeof *h->proxies);
                        h->proxies[h->nproxies++] = nw_strdup(one);
                    }
                }
                freeaddrinfo(res);
            } else {
                log_warn("fetcher: cannot resolve the proxy %s (from %s)", bare, vars[i]);
            }
        }
        curl_free(host);
        curl_free(port);
        curl_free(scheme);
        curl_url_cleanup(u);
    }
}

/* Whether address ip (text) and port are one of the proxies'. */
static bool is_proxy(const struct http *h, const char *ip, long port)
{
    if (!h->nproxies || !ip)
        return false;
    char one[INET6_ADDRSTRLEN + 24];
    snprintf(one, sizeof one, "%s:%ld", ip, port);
    for (size_t i = 0; i < h->nproxies; i++)
        if (!strcmp(h->proxies[i], one))
            return true;
    return false;
}

/* The same for a socket address. */
static bool is_proxy_addr(const struct http *h, const struct sockaddr *sa)
{
    char ip[INET6_ADDRSTRLEN];
    long port;
    return h->nproxies && sockaddr_text(sa, ip, &port) && is_proxy(h, ip, port);
}

struct http *http_new(const struct nw_conf *conf, http_done_fn done, void *arg)
{
    struct http *h = nw_calloc(1, sizeof *h);
    h->conf = conf;
    h->done = done;
    h->arg = arg;
    h->multi = curl_multi_init();
    if (!h->multi)
        nw_fatal("fetcher: cannot create a curl multi handle");
    curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)conf->fetcher.concurrency);
    curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)conf->fetcher.per_host);
    curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)conf->fetcher.concurrency);
    /* HTTP/2 where the server offers it: one connection carries a host's
     * requests side by side */
    curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
    struct nw_buf ua = {0};
    nw_buf_puts(&ua, conf->fetcher.user_agent);
    if (conf->fetcher.contact && *conf->fetcher.contact)
        nw_buf_printf(&ua, " (+%s)", conf->fetcher.contact);
    h->user_agent = nw_buf_steal(&ua);
    find_proxies(h);
    /* libcurl counts a proxy's connections as one host's: every host
     * behind it would share per_host; the per-host windows are kept here
     * (start_waiting), by the URL's host */
    if (h->nproxies)
        curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)conf->fetcher.concurrency);
    return h;
}

static void transfer_free(struct transfer *t)
{
    if (!t)
        return;
    if (t->easy)
        curl_easy_cleanup(t->easy);
    curl_slist_free_all(t->headers);
    nw_buf_cleanup(&t->body);
    nw_buf_cleanup(&t->req_head);
    nw_buf_cleanup(&t->resp_head);
    nw_noun_cleanup(&nw_job_noun, &t->job);
    free(t->target);
    free(t->host);
    free(t->origin);
    free(t->addr);
    free(t->etag);
    free(t->last_modified);
    free(t->content_type);
    free(t->refresh);
    free(t->user);
    if (t->password) /* not left in freed memory */
        explicit_bzero(t->password, strlen(t->password));
    free(t->password);
    for (size_t i = 0; i < t->extra.n; i++)
        explicit_bzero(t->extra.v[i], strlen(t->extra.v[i]));
    nw_strv_clear(&t->extra);
    free(t);
}

void http_free(struct http *h)
{
    if (!h)
        return;
    struct transfer *t;
    while (h->wait_head) {
        t = h->wait_head;
        h->wait_head = t->next;
        transfer_free(t);
    }
    while ((t = h->active)) {
        h->active = t->anext;
        curl_multi_remove_handle(h->multi, t->easy);
        transfer_free(t);
    }
    table_free(&h->hosts);
    table_free(&h->origins);
    table_free(&h->addrs);
    for (size_t i = 0; i < h->nproxies; i++)
        free(h->proxies[i]);
    free(h->proxies);
    free(h->user_agent);
    curl_multi_cleanup(h->multi);
    free(h);
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
    struct transfer *t = arg;
    if (!t->type_checked) {
        /* an article link to a podcast's MP3 or a report's PDF: its
         * megabytes are not read to find no page in them */
        t->type_checked = true;
        long code = 0;
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
        if (t->job.kind == NW_KIND_ARTICLE && code >= 200 && code < 300 &&
            (t->not_page = nw_media_not_text(t->content_type)))
            return 0; /* abort */
    }
    if (nw_buf_append(&t->body, p, size * n) < 0) {
        /* over fetcher.max_body (after decompression): what fits is kept,
         * and the transfer ends there */
        nw_buf_append(&t->body, p, t->body.max - t->body.len);
        t->too_large = true;
        return 0;
    }
    return size * n;
}


static int on_debug(CURL *e, curl_infotype type, char *data, size_t size, void *arg)
{
    (void)e;
    struct transfer *t = arg;
    if (type == CURLINFO_HEADER_OUT && size <= MAX_ARCHIVED_HEAD) {
        nw_buf_reset(&t->req_head); /* the last request (after redirects) */
        nw_buf_append(&t->req_head, data, size);
    }
    return 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
    struct transfer *t = arg;
    size_t len = size * n;
    char *v;
    t->header_bytes += len; /* every response's, redirects included */
    if (t->header_bytes > t->h->conf->fetcher.max_header) {
        t->header_too_large = true;
        return 0; /* abort */
    }
    if (t->h->archive) {
        if (len > 5 && !strncmp(p, "HTTP/", 5))
            nw_buf_reset(&t->resp_head);
        if (t->resp_head.len + len <= MAX_ARCHIVED_HEAD)
            nw_buf_append(&t->resp_head, p, len);
    }
    if (len > 5 && !strncmp(p, "HTTP/", 5)) {
        int code = 0;
        if (sscanf(p, "HTTP/%*s %d", &code) == 1 && code >= 300 && code < 400 && code != 304) {
            t->redirects++;
            if (code != 301 && code != 308)
                t->temporary = true;
        }
        /* a new response (after a redirect): forget the previous headers */
        free(t->etag);
        free(t->last_modified);
        free(t->content_type);
        free(t->refresh);
        t->etag = t->last_modified = t->content_type = t->refresh = NULL;
        t->retry_after_ms = 0;
        t->fresh_ms = 0;
    } else if ((v = warc_header_value(p, len, "ETag"))) {
        free(t->etag);
        t->etag = v;
    } else if ((v = warc_header_value(p, len, "Last-Modified"))) {
        free(t->last_modified);
        t->last_modified = v;
    } else if ((v = warc_header_value(p, len, "Content-Type"))) {
        free(t->content_type);
        t->content_type = v;
    } else if ((v = warc_header_value(p, len, "Refresh"))) {
        free(t->refresh);
        t->refresh = v;
    } else if ((v = warc_header_value(p, len, "Cache-Control"))) {
        const char *ma = strcasestr(v, "max-age=");
        long secs = ma ? strtol(ma + 8, NULL, 10) : 0;
        if (secs > 0 && !strcasestr(v, "no-cache") && !strcasestr(v, "no-store"))
            t->fresh_ms = (int64_t)(secs < 86400 ? secs : 86400) * 1000;
        free(v);
    } else if ((v = warc_header_value(p, len, "Expires"))) {
        time_t when = curl_getdate(v, NULL);
        int64_t left = when > 0 ? (int64_t)when * 1000 - nw_now_ms() : 0;
        if (left > 0 && !t->fresh_ms) /* max-age wins over Expires */
            t->fresh_ms = left < 86400000 ? left : 86400000;
        free(v);
    } else if ((v = warc_header_value(p, len, "Retry-After"))) {
        char *end;
        long secs = strtol(v, &end, 10);
        if (end != v && !*end && secs >= 0)
            t->retry_after_ms = (int64_t)(secs < 86400 ? secs : 86400) * 1000;
        free(v);
    }
    return len;
}

/* The SSRF guard: article URLs from feeds must not reach private
 * addresses, whatever their names resolve to, redirects included. */
static curl_socket_t on_opensocket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
    struct transfer *t = arg;
    (void)purpose;
    /* a proxy is no server of the URL: on_prereq judges the URL's host */
    if (nw_addr_is_private(&a->addr) && !is_proxy_addr(t->h, &a->addr)) {
        t->refused = true;
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype, a->protocol);
}

/* Called by libcurl before every request is sent, on a new connection or
 * a reused one (where the open-socket check does not run): the SSRF guard
 * is enforced here on the address actually used. Article links found in
 * feeds may not reach private addresses; a feed whose first request went
 * to a public address may not be redirected to a private one. */
static int on_prereq(void *arg, char *conn_primary_ip, char *conn_local_ip, int conn_primary_port,
                     int conn_local_port)
{
    (void)conn_local_ip;
    (void)conn_local_port;
    struct transfer *t = arg;
    bool priv;
    if (is_proxy(t->h, conn_primary_ip, conn_primary_port)) {
        /* through a proxy, which resolves the name: the URL's host as
         * written says whether it is private */
        char *url = NULL;
        curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &url);
        priv = nw_url_names_private_host(url ? url : t->job.url);
    } else {
        priv = nw_host_is_private_literal(conn_primary_ip);
    }
    bool first = t->hops++ == 0;
    if (first)
        t->first_private = priv;
    if (priv && !t->h->conf->fetcher.allow_private &&
        (t->job.guard || (t->job.kind == NW_KIND_FEED && !first && !t->first_private))) {
        t->refused = true;
        return CURL_PREREQFUNC_ABORT;
    }
    return CURL_PREREQFUNC_OK;
}

/* A request's headers and credentials; `home`: to the origin of the
 * job's own URL (the first request's), where alone the feed's user and
 * password and its own Authorization and Cookie headers go, as libcurl
 * does along the redirects it follows. */
static void set_headers(struct transfer *t, bool home)
{
    CURL *e = t->easy;
    curl_slist_free_all(t->headers);
    t->headers = NULL;
    if (t->password) {
        curl_easy_setopt(e, CURLOPT_USERNAME, home ? (t->user ? t->user : "") : NULL);
        curl_easy_setopt(e, CURLOPT_PASSWORD, home ? t->password : NULL);
    }
    /* conditional GET: the validators the store kept for this feed. The
     * headers are sent as they are; CURLOPT_TIMECONDITION would turn a
     * server's 200 into a fake 304. */
    struct nw_buf hb = {0};
    if (t->job.etag) {
        nw_buf_printf(&hb, "If-None-Match: %s", t->job.etag);
        t->headers = curl_slist_append(t->headers, hb.data);
        nw_buf_reset(&hb);
    }
    if (t->job.last_modified) {
        nw_buf_printf(&hb, "If-Modified-Since: %s", t->job.last_modified);
        t->headers = curl_slist_append(t->headers, hb.data);
    }
    nw_buf_cleanup(&hb);
    /* the feed's own headers (a User-Agent or an Accept of its own
     * replaces newswire's) */
    bool own_accept = false;
    for (size_t i = 0; i < t->extra.n; i++) {
        const char *x = t->extra.v[i];
        own_accept |= !strncasecmp(x, "accept:", 7);
        if (home || (strncasecmp(x, "authorization:", 14) && strncasecmp(x, "cookie:", 7)))
            t->headers = curl_slist_append(t->headers, x);
    }
    bool feed = t->job.kind == NW_KIND_FEED;
    if (!own_accept)
        t->headers = curl_slist_append(t->headers,
                                       feed ? "Accept: application/rss+xml, application/atom+xml, "
                                              "application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
                                            : "Accept: text/html, application/xhtml+xml;q=0.9, */*;q=0.8");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
}

/* A transfer counted as active and handed to libcurl. */
static void activate(struct http *h, struct transfer *t)
{
    struct host_count *hc = host_slot(h, t->host);
    hc->active++;
    if (hc->addr) { /* names sharing one server share its per_host limit */
        t->addr = nw_strdup(hc->addr);
        table_slot(&h->addrs, t->addr)->active++;
    }
    h->nactive++;
    t->anext = h->active;
    if (h->active)
        h->active->aprev = t;
    h->active = t;
    curl_multi_add_handle(h->multi, t->easy);
}

static void start(struct http *h, struct transfer *t)
{
    const struct nw_conf *c = h->conf;
    if (t->easy) { /* a redirect to another host, its turn come there */
        curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, (long)c->fetcher.timeout_ms);
        t->deadline_ms = nw_mono_ms() + c->fetcher.timeout_ms;
        activate(h, t);
        return;
    }
    const char *url = t->job.url;
    CURL *e = curl_easy_init();
    if (!e)
        nw_fatal("fetcher: cannot create a curl handle");
    t->easy = e;
    nw_buf_init(&t->body, (size_t)c->fetcher.max_body);
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, h->user_agent);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)c->fetcher.timeout_ms);
    t->deadline_ms = nw_mono_ms() + c->fetcher.timeout_ms;
    if (c->fetcher.low_speed) { /* a server dripping bytes is cut off (slow-loris) */
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, (long)c->fetcher.low_speed);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, (long)((c->fetcher.low_speed_ms + 999) / 1000));
    }
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(c->fetcher.timeout_ms < 10000 ? c->fetcher.timeout_ms : 10000));
    /* redirects are followed by hop(), one request at a time, so that
     * each answer on the way is archived as the exchange it was */
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    if (h->archive) { /* the request head as sent, for the archive */
        curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
        curl_easy_setopt(e, CURLOPT_DEBUGDATA, t);
        curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
    }
    if (t->job.guard && !c->fetcher.allow_private) {
        curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_opensocket);
        curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t);
    }
    curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq);
    curl_easy_setopt(e, CURLOPT_PREREQDATA, t);
    /* cookies a server sets on the way to the document are sent back
     * along the rest of the way, as a browser's one navigation does (a
     * redirect that sets a cookie and checks for it comes back to itself
     * without), and forgotten with the transfer: each starts with none.
     * Not beside a Cookie header of the feed's own (one header only). */
    bool own_cookie = false;
    for (size_t i = 0; i < t->extra.n; i++)
        own_cookie |= !strncasecmp(t->extra.v[i], "cookie:", 7);
    if (!own_cookie)
        curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
    set_headers(t, true);
    activate(h, t);
}

/* The robots.txt of a page's host, fetched as a transfer of its own. */
static void fetch_robots(struct http *h, const struct transfer *page, struct host_count *hc)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL;
    struct nw_buf url = {0};
    if (curl_url_set(u, CURLUPART_URL, asked_url(page), 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        curl_url_get(u, CURLUPART_PORT, &port, 0);
        nw_buf_printf(&url, "%s://%s%s%s/robots.txt", scheme, host, port ? ":" : "", port ? port : "");
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    if (!url.data) {
        hc->robots_state = ROBOTS_READY; /* no origin to ask: nothing to obey */
        hc->robots_next = INT64_MAX;
        return;
    }
    struct transfer *t = nw_calloc(1, sizeof *t);
    t->h = h;
    t->is_robots = true;
    t->job.url = nw_buf_steal(&url);
    t->job.guard = page->job.guard; /* the same SSRF guard as the page */
    set_keys(t, t->job.url);
    hc->robots_state = ROBOTS_FETCHING;
    start(h, t);
}

/* Takes the waiting transfer at *pp (prev before it, or NULL) out of the
 * waiting list. */
static struct transfer *unwait(struct http *h, struct transfer **pp, struct transfer *prev)
{
    struct transfer *t = *pp;
    *pp = t->next;
    if (h->wait_tail == t)
        h->wait_tail = prev;
    t->next = NULL;
    h->nwaiting--;
    return t;
}

static void archive(struct http *h, struct transfer *t, const char *url, const char *ip, long status,
                    const char *error);

/* A failure that no request of its own ended in (a page robots.txt
 * forbids, a host that does not answer for its robots.txt, an address
 * the SSRF guard refuses), archived
 * under the address it was for with its reason and no exchange: replay
 * of the archive answers the job as live did. */
static void archive_unasked(struct http *h, struct transfer *t, const char *url, const char *error)
{
    nw_buf_reset(&t->req_head);
    nw_buf_reset(&t->resp_head);
    archive(h, t, url, NULL, 0, error);
}

/* A waiting transfer answered without a request: failed with error, for
 * good or not (archived as such). */
static void answer_unsent(struct http *h, struct transfer *t, char *error, bool permanent)
{
    struct nw_doc doc = {
        .job = t->job, .url = t->job.url, .fetched = nw_now_ms() / 1000, .permanent = permanent, .error = error};
    if (h->archive)
        archive_unasked(h, t, asked_url(t), error);
    h->done(h->arg, &doc, NULL, 0);
    transfer_free(t);
}

/* The waiting article pages of a host answered as failed (not for good). */
static void fail_waiting_pages(struct http *h, const char *host, char *error)
{
    struct transfer **pp = &h->wait_head, *prev = NULL;
    while (*pp) {
        struct transfer *t = *pp;
        if (t->job.kind != NW_KIND_ARTICLE || strcmp(t->host, host)) {
            prev = t;
            pp = &t->next;
            continue;
        }
        answer_unsent(h, unwait(h, pp, prev), error, false);
    }
}

static bool robots_allow(const struct host_count *hc, const char *url)
{
    if (!hc->robots)
        return true;
    CURLU *u = curl_url();
    char *path = NULL, *query = NULL;
    bool ok = true;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK && curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK) {
        curl_url_get(u, CURLUPART_QUERY, &query, 0);
        struct nw_buf pq = {0};
        nw_buf_printf(&pq, "%s%s%s", path, query ? "?" : "", query ? query : "");
        ok = robots_allowed(hc->robots, pq.data);
        nw_buf_cleanup(&pq);
    }
    curl_free(path);
    curl_free(query);
    curl_url_cleanup(u);
    return ok;
}

/* Starts what may start of the waiting transfers, in order; with `only`,
 * just that one (a new arrival: nothing else changed). */
static void start_waiting(struct http *h, const struct transfer *only)
{
    struct transfer **pp = &h->wait_head, *prev = NULL;
    int64_t now = nw_mono_ms();
    while (!h->draining && *pp && h->nactive < (size_t)h->conf->fetcher.concurrency) {
        struct transfer *t = *pp;
        if (only && t != only) {
            prev = t;
            pp = &t->next;
            continue;
        }
        struct host_count *hc = host_slot(h, t->host);
        bool page = t->job.kind == NW_KIND_ARTICLE && h->conf->fetcher.robots;
        if (page && hc->robots_state == ROBOTS_READY && now >= hc->robots_next)
            hc->robots_state = ROBOTS_UNKNOWN; /* its rules are old: asked again first */
        if (page && hc->robots_state != ROBOTS_READY) {
            /* the page waits for its host's robots.txt */
            if (hc->robots_state == ROBOTS_UNKNOWN && now >= hc->robots_next &&
                hc->active < h->conf->fetcher.per_host && now >= table_slot(&h->origins, t->origin)->next_ms)
                fetch_robots(h, t, hc);
            prev = t;
            pp = &t->next;
            continue;
        }
        if (page && !robots_allow(hc, asked_url(t))) {
            /* forbidden: answered at once, never fetched */
            answer_unsent(h, unwait(h, pp, prev), "disallowed by the site's robots.txt (fetcher.robots)", true);
            continue;
        }
        if (hc->active < h->conf->fetcher.per_host && now >= hc->next_ms &&
            (!hc->addr || table_slot(&h->addrs, hc->addr)->active < h->conf->fetcher.per_host) &&
            now >= table_slot(&h->origins, t->origin)->next_ms) {
            /* politeness: a pause between two requests to one host (or
             * the Crawl-delay its robots.txt asks for, when longer) */
            int64_t delay = h->conf->fetcher.host_delay_ms, crawl = robots_crawl_delay_ms(hc->robots);
            hc->next_ms = now + (crawl > delay ? crawl : delay);
            start(h, unwait(h, pp, prev));
        } else {
            prev = t;
            pp = &t->next;
        }
    }
}

void http_add(struct http *h, const struct nw_job *job)
{
    struct transfer *t = nw_calloc(1, sizeof *t);
    t->h = h;
    nw_noun_copy(&nw_job_noun, &t->job, job);
    t->user = t->job.user;
    t->password = t->job.password;
    t->job.user = t->job.password = NULL;
    t->extra = t->job.headers;
    t->job.headers = (struct nw_strv){0};
    set_keys(t, job->url);
    if (h->wait_tail)
        h->wait_tail->next = t;
    else
        h->wait_head = t;
    h->wait_tail = t;
    h->nwaiting++;
    start_waiting(h, t);
}

size_t http_in_flight(const struct http *h) { return h->nactive + h->nwaiting; }

size_t http_drain(struct http *h)
{
    h->draining = true;
    return h->nactive;
}

static void archive(struct http *h, struct transfer *t, const char *url, const char *ip, long status,
                    const char *error)
{
    struct warc_exchange x = {.url = url,
                              .ip = ip,
                              .time_ms = nw_now_ms(),
                              .request = t->req_head.data,
                              .request_len = t->req_head.len,
                              .response_head = t->resp_head.data,
                              .head_len = t->resp_head.len,
                              .body = error ? NULL : t->body.data,
                              .body_len = error ? 0 : t->body.len,
                              .status = (int)status,
                              .error = error,
                              .same_payload_revisit = t->job.kind == NW_KIND_FEED || t->is_robots,
                              .truncated = !error && t->too_large};
    struct nw_err err = {0};
    int rc = warc_write_exchange(h->archive, &x, &err);
    if (rc < 0 && !h->archive_missed)
        log_error("fetcher: %s; fetches are not archived until it can be written again (tried every %d s), "
                  "fetching goes on",
                  err.msg, WARC_RETRY_MS / 1000);
    else if (rc == 0 && h->archive_missed)
        log_info("fetcher: archiving again (%lu fetches were not archived)", h->archive_missed);
    h->archive_missed = rc != 0 ? h->archive_missed + 1 : 0;
}

/* A transfer's last answer archived (robots.txt files too): the exchange
 * it was, or its failure; a failure no request of its own ended in (a
 * redirect to a page robots.txt forbids, an address the SSRF guard
 * refuses) with no exchange, under the address it was for. */
static void archive_end(struct http *h, struct transfer *t, const char *eff, const char *ip, long status,
                        const char *error)
{
    if (!h->archive)
        return;
    const char *url = t->disallowed ? t->target : eff ? eff : t->job.url;
    if (error && (t->disallowed || t->refused))
        archive_unasked(h, t, url, error);
    else
        archive(h, t, url, ip, error ? 0 : status, error);
}

/* Whether a failure says the server itself cannot be reached or stalls
 * (as opposed to one URL of it being wrong). */
static bool transport_failure(CURLcode res)
{
    switch (res) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

/* An origin's failures in a row hold back its next request: 1 s, 2 s,
 * 4 s ... at most 5 minutes; any HTTP answer clears them. Logged at the
 * 1st, 2nd, 4th ... failure in a row. */
static void origin_outcome(struct http *h, const struct transfer *t, bool failed, const char *error)
{
    struct host_count *oc = table_slot(&h->origins, t->origin);
    if (!failed) {
        if (oc->fails >= 2)
            log_info("host reachable again: origin=%s failures=%d", t->origin, oc->fails);
        oc->fails = 0;
        return;
    }
    oc->fails++;
    int64_t wait = oc->fails > 9 ? 300000 : (int64_t)1000 << (oc->fails - 1);
    if (wait > 300000)
        wait = 300000;
    int64_t until = nw_mono_ms() + wait;
    if (until > oc->next_ms)
        oc->next_ms = until;
    if ((oc->fails & (oc->fails - 1)) == 0 && oc->fails >= 2)
        log_warn("host backing off: origin=%s failures=%d seconds=%lld error=\"%s\"", t->origin, oc->fails,
                 (long long)(wait / 1000), error);
}

/* The address:port a host was reached at (its first request's, when not
 * redirected), so that names served by one machine share its limit. */
static void learn_address(struct http *h, const struct transfer *t)
{
    char *ip = NULL;
    long port = 0;
    if (t->redirects || t->refreshes || curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_IP, &ip) != CURLE_OK || !ip ||
        !*ip ||
        curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_PORT, &port) != CURLE_OK || port <= 0)
        return;
    if (is_proxy(h, ip, port)) /* every host behind it shares it: no server of the host */
        return;
    char addr[80];
    snprintf(addr, sizeof addr, "%s:%ld", ip, port);
    struct host_count *hc = host_slot(h, t->host);
    if (!hc->addr || strcmp(hc->addr, addr)) {
        free(hc->addr);
        hc->addr = nw_strdup(addr);
    }
}

/* The Retry-After an answer gave, in ms (0: none), at most a day: both
 * forms, seconds and an HTTP date. */
static int64_t retry_after(const struct transfer *t)
{
    curl_off_t ra = 0;
    if (curl_easy_getinfo(t->easy, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
        return (int64_t)(ra < 86400 ? ra : 86400) * 1000;
    return t->retry_after_ms;
}

/* The server is overloaded or rate-limits us (a 429 or 503): the whole
 * host waits, its Retry-After (ms, 0: none) else a minute, feeds and pages
 * alike. */
static void host_pause(struct http *h, const struct transfer *t, long status, int64_t retry_after_ms)
{
    struct host_count *hc = host_slot(h, t->host);
    int64_t until = nw_mono_ms() + (retry_after_ms > 0 ? retry_after_ms : 60000);
    if (until > hc->next_ms) {
        hc->next_ms = until;
        log_info("host paused: host=%s status=%ld seconds=%lld", t->host, status,
                 (long long)((until - nw_mono_ms()) / 1000));
    }
}

/* A robots.txt answered, as RFC 9309 reads answers: a 2xx gives its
 * rules; any other answer (4xx, a redirect past max_redirects) says there
 * are none, so everything is allowed; either holds for
 * fetcher.robots_max_age. A 5xx, a 429 or no answer at all leaves the
 * file unreachable, which forbids everything: the host's pages go by the
 * copy it gave last, or with none they wait, and it is asked again after
 * its Retry-After, else 1, 2, 4 ... at most 60 minutes (its pages' items
 * are stored with their summaries after store.article_wait). After 30
 * days unreachable with no copy it counts as absent. */
static void robots_answer(struct http *h, const struct transfer *t, CURLcode res, long status)
{
    struct host_count *hc = host_slot(h, t->host);
    int64_t now = nw_mono_ms();
    /* a body over max_body is read as far as it came; redirects past
     * max_redirects, or to where the SSRF guard refuses to go (where the
     * page would not go either), are no file */
    bool answered = res == CURLE_TOO_MANY_REDIRECTS || t->refused ||
                    ((res == CURLE_OK || (res == CURLE_WRITE_ERROR && t->too_large)) && status >= 200 && status < 500 &&
                     status != 429);
    if (answered) {
        robots_free(hc->robots);
        hc->robots = NULL;
        if (status < 300) /* a cut file: its first rules */
            hc->robots = robots_parse(t->body.data ? t->body.data : "", t->body.len, "newswire");
        if (hc->robots_fails)
            log_info("robots.txt answers again: host=%s status=%ld", t->host, status);
        hc->robots_copy = true;
        hc->robots_fails = 0;
        hc->robots_down = 0;
        hc->robots_state = ROBOTS_READY;
        hc->robots_next = now + h->conf->fetcher.robots_max_age_ms;
        log_debug("fetcher: robots.txt of %s: HTTP %ld", t->host, status);
        return;
    }
    int64_t retry = retry_after(t);
    if (status == 429 || status == 503)
        host_pause(h, t, status, retry);
    int64_t wait = (int64_t)60000 << (hc->robots_fails < 6 ? hc->robots_fails : 6);
    if (wait > 3600000)
        wait = 3600000;
    if (retry > 0)
        wait = retry;
    hc->robots_fails++;
    if (!hc->robots_down)
        hc->robots_down = now;
    hc->robots_next = now + wait;
    char why[CURL_ERROR_SIZE + 16];
    if (status)
        snprintf(why, sizeof why, "HTTP %ld", status);
    else
        snprintf(why, sizeof why, "%s", t->errbuf[0] ? t->errbuf : curl_easy_strerror(res));
    if (hc->robots_copy || now - hc->robots_down >= ROBOTS_UNREACHABLE_MAX_MS) {
        hc->robots_state = ROBOTS_READY;
        if (hc->robots_fails == 1)
            log_info("robots.txt unreachable: host=%s error=\"%s\": its pages go by %s, asked again in %lld s", t->host,
                     why, hc->robots_copy ? "the copy it gave last" : "none (30 days without one)",
                     (long long)(wait / 1000));
        return;
    }
    hc->robots_state = ROBOTS_UNKNOWN;
    if (!status) {
        /* no server answered: the host's waiting pages fail as their own
         * requests would have, each tried again as the store decides
         * (the next try asks for robots.txt first, once the host's
         * failures let it) */
        hc->robots_next = 0;
        char err[CURL_ERROR_SIZE + 64];
        snprintf(err, sizeof err, "robots.txt not reachable: %s", why);
        fail_waiting_pages(h, t->host, err);
        return;
    }
    if ((hc->robots_fails & (hc->robots_fails - 1)) == 0) /* the 1st, 2nd, 4th ... time */
        log_warn("robots.txt unreachable: host=%s error=\"%s\" failures=%d: its article pages wait for it, "
                 "asked again in %lld s",
                 t->host, why, hc->robots_fails, (long long)(wait / 1000));
}

/* The error of a failed transfer, naming the limit that ended it. */
static void failure_message(const struct http *h, const struct transfer *t, CURLcode res, char *msg, size_t size)
{
    const struct nw_conf *c = h->conf;
    if (t->too_large)
        snprintf(msg, size, "response larger than fetcher.max_body (%llu bytes, after decompression)",
                 (unsigned long long)c->fetcher.max_body);
    else if (t->header_too_large)
        snprintf(msg, size, "response headers larger than fetcher.max_header (%llu bytes)",
                 (unsigned long long)c->fetcher.max_header);
    else if (t->refused)
        snprintf(msg, size, "refused: the address is private (SSRF guard; see fetcher.allow_private)");
    else if (t->disallowed)
        snprintf(msg, size, "redirected to a page the site's robots.txt disallows (fetcher.robots)");
    else if (t->not_page)
        snprintf(msg, size, "not an HTML page: %s (%s), not read further", t->not_page, t->content_type);
    else if (res == CURLE_OPERATION_TIMEDOUT && !strncmp(t->errbuf, "Operation too slow", 18))
        snprintf(msg, size, "slower than fetcher.low_speed (%llu bytes/s) for fetcher.low_speed_time (%lld s)",
                 (unsigned long long)c->fetcher.low_speed, (long long)((c->fetcher.low_speed_ms + 999) / 1000));
    else if (res == CURLE_OPERATION_TIMEDOUT)
        snprintf(msg, size, "not done within fetcher.timeout (%lld ms)", (long long)c->fetcher.timeout_ms);
    else if (res == CURLE_TOO_MANY_REDIRECTS)
        snprintf(msg, size, "more redirects than fetcher.max_redirects (%d)", c->fetcher.max_redirects);
    else if (res == CURLE_UNSUPPORTED_PROTOCOL)
        snprintf(msg, size, "a redirect to a scheme other than http or https, refused");
    else if (res == CURLE_BAD_CONTENT_ENCODING)
        snprintf(msg, size, "the body's Content-Encoding cannot be decoded: %s",
                 t->errbuf[0] ? t->errbuf : curl_easy_strerror(res));
    else
        snprintf(msg, size, "%s", t->errbuf[0] ? t->errbuf : curl_easy_strerror(res));
}

/* A transfer out of the active count (out of libcurl already). */
static void deactivate(struct http *h, struct transfer *t)
{
    host_slot(h, t->host)->active--;
    if (t->addr)
        table_slot(&h->addrs, t->addr)->active--;
    free(t->addr);
    t->addr = NULL;
    h->nactive--;
    if (t->aprev)
        t->aprev->anext = t->anext;
    else
        h->active = t->anext;
    if (t->anext)
        t->anext->aprev = t->aprev;
    t->anext = t->aprev = NULL;
}

/* A transfer's next request, as a browser's one navigation goes on: to
 * a 3xx answer's Location, or to where a page's refresh (its element or
 * its Refresh header) sends its reader (refresh.h; not a robots.txt), up to fetcher.max_redirects of both in
 * all. The answer on the way is archived as the exchange it was, its
 * body included. On the same host the next request is made at once,
 * within fetcher.timeout of the first; another host's waits for its turn
 * there as any request to it does (per_host, host_delay, Crawl-delay, a
 * pause, and for an article page that host's robots.txt), then has a
 * timeout of its own. True when the transfer goes on; false when this
 * answer ends it, *res set when it failed (too many redirects, a scheme
 * other than http(s)). */
static bool hop(struct http *h, struct transfer *t, CURLcode *res)
{
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    bool moved = nw_redirect_status(status);
    /* a redirect's body over max_body is not what the transfer is for */
    if (*res != CURLE_OK && !(moved && t->too_large))
        return false;
    char *eff = NULL, *loc = NULL, *next = NULL;
    curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &eff);
    int max = h->conf->fetcher.max_redirects;
    if (moved) {
        curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &loc);
        if (!loc)
            return false; /* a 3xx naming no address: the answer */
        if (t->redirects + t->refreshes > max) {
            *res = CURLE_TOO_MANY_REDIRECTS;
            return false;
        }
        if (!nw_url_is_http(loc)) {
            *res = CURLE_UNSUPPORTED_PROTOCOL;
            return false;
        }
        next = nw_strdup(loc);
    } else if (status >= 200 && status < 300 && !t->is_robots && !t->too_large && !nw_media_not_text(t->content_type)) {
        int delay = 0;
        next = nw_response_refresh(t->refresh, t->body.data, t->body.len, eff, NW_REFRESH_MAX_S, &delay);
        if (!next)
            return false;
        if (t->redirects + t->refreshes >= max) { /* a loop of refreshes is one of redirects */
            free(next);
            *res = CURLE_TOO_MANY_REDIRECTS;
            return false;
        }
        t->refreshes++;
        /* an instant refresh is a move for good, as search engines read
         * it (a static site's stub where a page or a feed was); one after
         * a delay is a temporary redirect */
        if (delay > 0)
            t->temporary = true;
    } else {
        return false;
    }
    if (h->archive) {
        char *ip = NULL;
        curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_IP, &ip);
        archive(h, t, eff ? eff : t->job.url, ip, status, NULL);
    }
    char host[256];
    int port;
    nw_url_host_key(next, host, sizeof host, &port);
    bool here = !strcmp(host, t->host);
    /* on its host, an article page's robots.txt is known: a page it
     * forbids is not asked for (another host's is asked there first) */
    if (here && t->job.kind == NW_KIND_ARTICLE && h->conf->fetcher.robots) {
        struct host_count *hc = host_slot(h, t->host);
        if (hc->robots_state == ROBOTS_READY && !robots_allow(hc, next)) {
            free(t->target);
            t->target = next; /* the failure is archived under its address */
            t->disallowed = true;
            *res = CURLE_ABORTED_BY_CALLBACK;
            return false;
        }
    }
    log_debug("fetcher: %s %s: %s %s", nw_kind_name(t->job.kind), t->job.url, moved ? "redirected to" : "refreshes to",
              next);
    atomic_fetch_add(moved ? &nw_stats.fetch_redirects : &nw_stats.fetch_refreshes, 1);
    nw_buf_reset(&t->body);
    t->too_large = t->type_checked = false;
    t->not_page = NULL;
    t->errbuf[0] = '\0';
    set_headers(t, nw_url_same_origin(next, t->job.url));
    curl_easy_setopt(t->easy, CURLOPT_URL, next);
    free(t->target);
    t->target = next;
    if (here || t->is_robots) { /* (a robots.txt's redirects: at once, as its own) */
        int64_t left = t->deadline_ms - nw_mono_ms();
        curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, (long)(left > 1 ? left : 1));
        curl_multi_add_handle(h->multi, t->easy);
        return true;
    }
    /* first in the line: it was under way before any waiting now */
    deactivate(h, t);
    free(t->host);
    free(t->origin);
    set_keys(t, next);
    t->next = h->wait_head;
    h->wait_head = t;
    if (!h->wait_tail)
        h->wait_tail = t;
    h->nwaiting++;
    return true;
}

static void finish(struct http *h, struct transfer *t, CURLcode res)
{
    /* a 2xx body over fetcher.max_body is read as far as it came (the
     * newest entries of a long feed, a page's article before megabytes of
     * inline data), marked truncated; anything else over it failed */
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    bool truncated = res == CURLE_WRITE_ERROR && t->too_large && status >= 200 && status < 300 && t->body.len > 0;
    if (truncated)
        res = CURLE_OK;
    origin_outcome(h, t,
                   res != CURLE_OK && transport_failure(res) && !t->too_large && !t->header_too_large && !t->refused &&
                       !t->not_page,
                   t->errbuf[0] ? t->errbuf : curl_easy_strerror(res));
    learn_address(h, t);
    char *eff = NULL, *ip = NULL;
    curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &eff);
    curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_IP, &ip);
    char msg[512];
    if (res != CURLE_OK)
        failure_message(h, t, res, msg, sizeof msg);
    if (t->is_robots) {
        archive_end(h, t, eff, ip, status, res != CURLE_OK ? msg : NULL);
        robots_answer(h, t, res, status);
        return;
    }
    struct nw_doc doc = {.job = t->job};
    /* a feed keeps the URL it is known by; an article its final address */
    bool article = t->job.kind == NW_KIND_ARTICLE;
    doc.url = article && eff ? eff : t->job.url;
    doc.fetched = nw_now_ms() / 1000;
    /* private: where its first request went (a public feed redirected
     * to a private address stays public: its links keep the guard) */
    long port = 0;
    curl_easy_getinfo(t->easy, CURLINFO_PRIMARY_PORT, &port);
    if (t->hops)
        doc.private_addr = t->first_private;
    else if (ip && *ip)
        doc.private_addr =
            is_proxy(h, ip, port) ? nw_url_names_private_host(t->job.url) : nw_host_is_private_literal(ip);
    if (res != CURLE_OK) {
        doc.error = msg;
        doc.permanent = t->refused || t->disallowed || t->too_large || t->header_too_large || t->not_page ||
                        res == CURLE_UNSUPPORTED_PROTOCOL || res == CURLE_TOO_MANY_REDIRECTS;
        atomic_fetch_add(t->refused ? &nw_stats.fetch_refused : &nw_stats.fetch_failed, 1);
        archive_end(h, t, eff, ip, status, msg);
        h->done(h->arg, &doc, NULL, 0);
    } else {
        doc.status = status;
        doc.truncated = truncated;
        if (truncated) {
            atomic_fetch_add(&nw_stats.fetch_truncated, 1);
            log_info("fetcher: body cut at fetcher.max_body (%llu bytes, after decompression), read as far as it "
                     "came: %s=%s",
                     (unsigned long long)h->conf->fetcher.max_body, article ? "url" : "feed", doc.url);
        }
        doc.etag = t->etag;
        doc.last_modified = t->last_modified;
        doc.content_type = t->content_type;
        doc.retry_after_ms = retry_after(t);
        /* a feed the server says is fresh for longer than its interval is
         * not asked again before (next poll = max(interval, hints)) */
        if (t->job.kind == NW_KIND_FEED && (status == 304 || (status >= 200 && status < 300)) &&
            t->fresh_ms > doc.retry_after_ms)
            doc.retry_after_ms = t->fresh_ms;
        if (t->job.kind == NW_KIND_FEED && t->redirects + t->refreshes && !t->temporary && eff && status >= 200 &&
            status < 300 && strcmp(eff, t->job.url))
            doc.moved = eff;
        if (article && (status == 404 || status == 410))
            doc.permanent = true;
        if (status == 429 || status == 503)
            host_pause(h, t, status, doc.retry_after_ms);
        /* a feed's body: the same as the one its items last came from is
         * not parsed again, as if the server had said 304 */
        char digest[33];
        if (t->job.kind == NW_KIND_FEED && status >= 200 && status < 300) {
            nw_body_digest(t->body.data ? t->body.data : "", t->body.len, digest);
            doc.digest = digest;
            doc.unchanged = t->job.digest && !strcmp(t->job.digest, digest);
        }
        atomic_fetch_add(status == 304   ? &nw_stats.fetch_not_modified
                         : doc.unchanged ? &nw_stats.fetch_unchanged
                         : status >= 400 ? &nw_stats.fetch_http_error
                                         : &nw_stats.fetch_ok,
                         1);
        atomic_fetch_add(&nw_stats.fetch_bytes, t->body.len);
        archive_end(h, t, eff, ip, status, NULL);
        h->done(h->arg, &doc, t->body.data ? t->body.data : "", t->body.len);
    }
}

void http_held(const struct http *h, struct nw_u64v *out)
{
    for (const struct transfer *t = h->wait_head; t; t = t->next)
        if (t->job.id)
            nw_u64v_push(out, t->job.id);
    for (const struct transfer *t = h->active; t; t = t->anext)
        if (t->job.id)
            nw_u64v_push(out, t->job.id);
}

/* Finished transfers out of curl: answered, and their slots freed
 * (or gone on to where a redirect leads). Returns how many. */
static size_t harvest(struct http *h)
{
    size_t n = 0;
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(h->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        struct transfer *t = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        CURLcode res = m->data.result;
        curl_multi_remove_handle(h->multi, m->easy_handle);
        n++;
        if (hop(h, t, &res))
            continue; /* on to the next address */
        finish(h, t, res);
        deactivate(h, t);
        transfer_free(t);
    }
    return n;
}

void http_poll(struct http *h, int timeout_ms, int wake_fd)
{
    int running = 0;
    struct curl_waitfd wfd = {.fd = wake_fd, .events = CURL_WAIT_POLLIN};
    curl_multi_poll(h->multi, wake_fd >= 0 ? &wfd : NULL, wake_fd >= 0 ? 1 : 0, h->again ? 0 : timeout_ms, NULL);
    h->again = false;
    /* the transfers started in a round send their requests in its perform,
     * and a fast server may have answered before it returns: such answers
     * are taken at once (curl holds no socket of theirs to wake the next
     * poll), until a round neither finishes nor starts any */
    for (int round = 0; round < 16; round++) {
        curl_multi_perform(h->multi, &running);
        size_t done = harvest(h), before = h->nactive;
        start_waiting(h, NULL);
        if (!done && h->nactive == before)
            return;
    }
    h->again = true; /* more may be done: the next poll does not wait */
}
