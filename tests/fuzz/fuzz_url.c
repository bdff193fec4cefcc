/* libFuzzer target: what the network hands the fetcher and the store as
 * text, besides documents. The input is a base, a reference and a
 * robots.txt body, parted by the first two newlines. Held to:
 * - the URL shortcuts give what libcurl's parse gives (resolution, the
 *   dedup form, the host), and nw_url_resolve what either does;
 * - the dedup form is a fixed point: the form of a form is itself, so an
 *   item's identity does not depend on how often its URL was read;
 * - robots.txt of any bytes parses, and answers for any path. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/url.h"
#include "../../fetcher/robots.h"

static char *part(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
    const uint8_t *stop = nl ? nl : end;
    size_t n = (size_t)(stop - *p);
    char *s = malloc(n + 1);
    memcpy(s, *p, n);
    s[n] = 0;
    *p = nl ? nl + 1 : end;
    /* a C string ends at its first NUL, as every caller's does */
    return s;
}

static bool same(const char *a, const char *b) { return (!a && !b) || (a && b && !strcmp(a, b)); }

/* Aborts when a and b differ, naming the inputs and both answers. */
static void must_agree(const char *what, const char *base, const char *ref, const char *a, const char *b)
{
    if (same(a, b))
        return;
    fprintf(stderr, "%s differ: base \"%s\" ref \"%s\":\n  \"%s\"\n  \"%s\"\n", what, base ? base : "(none)", ref,
            a ? a : "(null)", b ? b : "(null)");
    abort();
}

static void urls(const char *base, const char *ref)
{
    char *full = nw_url_resolve_full(base, ref), *fast = nw_url_resolve_fast(base, ref), *got = nw_url_resolve(base, ref);
    if (fast)
        must_agree("resolve_fast and libcurl", base, ref, fast, full);
    must_agree("nw_url_resolve and libcurl", base, ref, got, full);
    const char *u = full ? full : ref;
    char *canon = nw_url_canonical(u), *canon_full = nw_url_canonical_full(u);
    must_agree("nw_url_canonical and libcurl", base, u, canon, canon_full);
    if (nw_url_is_canonical_fast(u)) /* taken as its own form */
        must_agree("a URL taken as its own dedup form", base, u, u, canon_full);
    if (canon) {
        char *again = nw_url_canonical(canon);
        must_agree("the dedup form of the dedup form", u, canon, again, canon);
        free(again);
    }
    char *host = nw_url_host(u), *host_full = nw_url_host_full(u);
    must_agree("nw_url_host and libcurl", base, u, host, host_full);
    char key[256];
    int port;
    nw_url_host_key(u, key, sizeof key, &port);
    if (host_full && nw_url_is_http(u) && strlen(host_full) < sizeof key) {
        /* politeness's key: the host libcurl reads, but for its trailing
         * dots */
        size_t hl = strlen(host_full);
        while (hl > 1 && host_full[hl - 1] == '.')
            hl--;
        char want[256];
        memcpy(want, host_full, hl);
        want[hl] = '\0';
        must_agree("nw_url_host_key and libcurl", base, u, key, want);
    }
    (void)nw_url_names_private_host(u);
    (void)nw_url_same_origin(u, base);
    /* one site is a relation: a host is its own, and either way round */
    char *bh = base ? nw_url_host(base) : NULL;
    if (host && *host && !nw_host_same_site(host, host))
        must_agree("a host of its own site", base, u, host, "(another site)");
    if (host && bh && nw_host_same_site(host, bh) != nw_host_same_site(bh, host))
        must_agree("one site either way round", base, u, host, bh);
    free(bh);
    /* a redirector's target is an http(s) address of another site */
    char *target = nw_url_redirect_target(u);
    if (target) {
        char *th = nw_url_host(target);
        if (!nw_url_is_http(target) || !th || !host || nw_host_same_site(th, host))
            must_agree("a redirector's target, of another site", base, u, target, "(none)");
        free(th);
        free(target);
    }
    char *user = NULL, *password = NULL, *bare = nw_url_take_password(u, &user, &password);
    free(bare);
    free(user);
    free(password);
    free(host);
    free(host_full);
    free(canon);
    free(canon_full);
    free(full);
    free(fast);
    free(got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data, *end = data + size;
    char *base = part(&p, end), *ref = part(&p, end);
    urls(*base ? base : NULL, ref);
    struct robots *r = robots_parse((const char *)p, (size_t)(end - p), "newswire");
    const char *paths[] = {ref, "/", "/a/b.html?x=1", ""};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        (void)robots_allowed(r, paths[i]);
    int64_t delay = robots_crawl_delay_ms(r);
    if (delay < 0 || delay > 60000)
        abort(); /* at most a minute, as documented */
    robots_free(r);
    free(base);
    free(ref);
    return 0;
}
