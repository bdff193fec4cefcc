#include "url.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <dlfcn.h>
#include <libpsl.h>
#include <pthread.h>

#include "buf.h"
#include "jsonx.h"
#include "mem.h"

/* libcurl's URL functions, for what nw_url_resolve_fast leaves and the
 * other functions below, are looked up in it when first needed: parse and
 * extract, whose program does not load libcurl at its start, load it only
 * for such an address (in the daemon's program it is loaded already). */
static struct {
    __typeof__(curl_url) *url;
    __typeof__(curl_url_set) *set;
    __typeof__(curl_url_get) *get;
    __typeof__(curl_url_cleanup) *cleanup;
    __typeof__(curl_free) *free;
} cu;
static pthread_once_t cu_once = PTHREAD_ONCE_INIT;

static void cu_load(void)
{
    void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return;
    *(void **)&cu.set = dlsym(h, "curl_url_set");
    *(void **)&cu.get = dlsym(h, "curl_url_get");
    *(void **)&cu.cleanup = dlsym(h, "curl_url_cleanup");
    *(void **)&cu.free = dlsym(h, "curl_free");
    *(void **)&cu.url = dlsym(h, "curl_url");
    if (!cu.set || !cu.get || !cu.cleanup || !cu.free)
        cu.url = NULL;
}

/* Whether libcurl's URL functions are there (they are where libcurl is
 * installed: newswire is linked with it). */
static bool cu_ready(void)
{
    pthread_once(&cu_once, cu_load);
    return cu.url != NULL;
}

#define curl_url (cu.url)
#define curl_url_set (cu.set)
#define curl_url_get (cu.get)
#define curl_url_cleanup (cu.cleanup)
#define curl_free (cu.free)

/* Whether c may stand as it is in a URL's path, query or fragment:
 * unreserved, a sub-delimiter, ':', '@' or '/' (libcurl escapes none). */
static bool plain_url_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("-._~!$&'()*+,;=:@/", c));
}

/* Whether s[0..n) is an http(s) URL in the form libcurl gives it back
 * unchanged, decided without parsing it: the scheme in lower case; a host
 * of lower-case letters, digits, hyphens and dots whose last label starts
 * with a letter (no address for libcurl to normalise), with no user, port
 * or trailing dot; a path that starts with '/' and has no dot segment;
 * then a query and a fragment; each of unreserved characters,
 * sub-delimiters, ':', '@', '/', '?' (not in the path) and escapes of two
 * hex digits; at most 64 KiB. */
static bool simple_url(const char *s, size_t n)
{
    const char *p = s, *e = s + n;
    if (n > 65536)
        return false;
    if (n >= 8 && !memcmp(p, "https://", 8))
        p += 8;
    else if (n >= 7 && !memcmp(p, "http://", 7))
        p += 7;
    else
        return false;
    const char *label = p;
    char prev = '/';
    for (; p < e && *p != '/'; prev = *p++) {
        char c = *p;
        if (c == '.') {
            if (prev == '.' || prev == '/')
                return false;
            label = p + 1;
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return false;
        }
    }
    if (p == e || prev == '.' || prev == '/' || !(*label >= 'a' && *label <= 'z'))
        return false;
    int part = 0; /* 0 the path, 1 the query, 2 the fragment */
    const char *seg = p + 1;
    for (p++; p <= e; p++) {
        unsigned char c = p < e ? (unsigned char)*p : 0;
        if (part == 0 && (c == '/' || c == '?' || c == '#' || p == e)) {
            /* the end of a path segment: "." and ".." are dot segments */
            size_t len = (size_t)(p - seg);
            if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
                return false;
            seg = p + 1;
        }
        if (p == e)
            break;
        if ((c == '?' && part == 0) || (c == '#' && part < 2)) {
            /* libcurl drops an empty query or fragment */
            if (p + 1 == e || (c == '?' && p[1] == '#'))
                return false;
            part = c == '?' ? 1 : 2;
        } else if (c == '%') {
            if (e - p < 3 || !isxdigit((unsigned char)p[1]) || !isxdigit((unsigned char)p[2]))
                return false;
            p += 2;
        } else if (!plain_url_char(c) && !(c == '?' && part > 0)) {
            return false;
        }
    }
    return true;
}

/* Whether the path p[0..n) has a "." or ".." segment. */
static bool dot_segment(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == '.' && (i == 0 || p[i - 1] == '/')) {
            size_t j = i + 1 < n && p[i + 1] == '.' ? i + 2 : i + 1;
            if (j == n || p[j] == '/')
                return true;
        }
    return false;
}

/* RFC 3986 5.2.4: the path p[0..n) without its "." and ".." segments,
 * appended to out. */
static void append_without_dots(struct nw_buf *out, const char *p, size_t n)
{
    size_t root = out->len; /* the path's first '/' is at root */
    /* (empty segments are the caller's to refuse: libcurl reads dot
     * segments after them otherwise than RFC 3986 does) */
    const char *e = p + n;
    while (p < e) {
        const char *seg = p + 1, *end = memchr(seg, '/', (size_t)(e - seg));
        if (!end)
            end = e;
        size_t len = (size_t)(end - seg);
        bool last = end == e;
        if (len == 1 && seg[0] == '.') {
            if (last)
                nw_buf_putc(out, '/');
        } else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            while (out->len > root && out->data[out->len - 1] != '/')
                out->len--;
            if (out->len > root)
                out->len--; /* the '/' before the segment dropped */
            if (last)
                nw_buf_putc(out, '/');
        } else {
            nw_buf_putc(out, '/');
            nw_buf_append(out, seg, len);
        }
        p = end;
    }
    if (out->len == root)
        nw_buf_putc(out, '/');
    out->data[out->len] = '\0';
}

char *nw_url_resolve_fast(const char *base, const char *ref)
{
    size_t rl = strlen(ref);
    if (!base || !*base) {
        if (!simple_url(ref, rl))
            return NULL;
        return nw_strndup(ref, rl);
    }
    size_t bl = strlen(base);
    if (!simple_url(base, bl))
        return NULL;
    /* a reference of the characters a simple URL holds only, so that none
     * goes away with a dot segment that libcurl would read otherwise */
    for (const char *c = ref; *c; c++)
        if (!plain_url_char((unsigned char)*c) && *c != '?' && *c != '#' && *c != '%')
            return NULL;
    /* a reference with a scheme is resolved by itself */
    size_t sl = strcspn(ref, ":/?#");
    if (ref[sl] == ':')
        return simple_url(ref, rl) ? nw_strndup(ref, rl) : NULL;
    const char *auth = strstr(base, "://") + 3;
    const char *path = auth + strcspn(auth, "/?#");
    size_t bpath = strcspn(path, "?#"), bquery = strcspn(path, "#");
    struct nw_buf b = {0};
    if (ref[0] == '/' && ref[1] == '/') {
        nw_buf_append(&b, base, (size_t)(auth - 2 - base)); /* "http:" */
        nw_buf_append(&b, ref, rl);
    } else if (!*ref) {
        nw_buf_append(&b, base, bl);
    } else if (ref[0] == '#') {
        nw_buf_append(&b, base, (size_t)(path - base) + bquery);
        nw_buf_append(&b, ref, rl);
    } else if (ref[0] == '?') {
        nw_buf_append(&b, base, (size_t)(path - base) + bpath);
        nw_buf_append(&b, ref, rl);
    } else {
        size_t rp = strcspn(ref, "?#");
        nw_buf_append(&b, base, (size_t)(path - base));
        /* (libcurl drops the '/' a dot segment leaves at the path's end
         * when a query or a fragment follows) */
        if (memmem(ref, rp, "//", 2) || (rp < rl && dot_segment(ref, rp))) {
            nw_buf_cleanup(&b);
            return NULL;
        }
        if (ref[0] == '/') {
            append_without_dots(&b, ref, rp);
        } else {
            /* the base's path up to its last '/', then the reference's */
            size_t dir = bpath;
            while (dir && path[dir - 1] != '/')
                dir--;
            struct nw_buf merged = {0};
            if (dir)
                nw_buf_append(&merged, path, dir);
            else
                nw_buf_putc(&merged, '/');
            nw_buf_append(&merged, ref, rp);
            if (memmem(merged.data, merged.len, "//", 2)) {
                nw_buf_cleanup(&merged);
                nw_buf_cleanup(&b);
                return NULL;
            }
            append_without_dots(&b, merged.data, merged.len);
            nw_buf_cleanup(&merged);
        }
        nw_buf_append(&b, ref + rp, rl - rp);
    }
    if (!b.data || !simple_url(b.data, b.len)) {
        nw_buf_cleanup(&b);
        return NULL;
    }
    return nw_buf_steal(&b);
}

static char *resolve_in(const char *base, const char *ref, bool fast);

char *nw_url_resolve(const char *base, const char *ref)
{
    return resolve_in(base, ref, true);
}

char *nw_url_resolve_full(const char *base, const char *ref)
{
    return resolve_in(base, ref, false);
}

static char *resolve_in(const char *base, const char *ref, bool fast)
{
    CURLU *u = NULL;
    char *out = NULL, *res = NULL, *clean = NULL;
    const unsigned flags = CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE;
    if (ref) {
        /* as a browser reads an address: control characters and spaces
         * around it dropped, and tabs and line breaks within it */
        while (*ref && (unsigned char)*ref <= 0x20)
            ref++;
        size_t n = strlen(ref);
        while (n && (unsigned char)ref[n - 1] <= 0x20)
            n--;
        if (ref[n] || strpbrk(ref, "\t\r\n")) {
            clean = nw_malloc(n + 1);
            size_t k = 0;
            for (size_t i = 0; i < n; i++)
                if (ref[i] != '\t' && ref[i] != '\r' && ref[i] != '\n')
                    clean[k++] = ref[i];
            clean[k] = '\0';
            ref = clean;
        }
        if (fast && (res = nw_url_resolve_fast(base, ref))) {
            free(clean);
            return res;
        }
    }
    if (!cu_ready()) {
        free(clean);
        return NULL;
    }
    u = curl_url();
    if (base && *base && ref && (*ref == '#' || *ref == '?')) {
        /* a fragment alone is the base with that fragment (RFC 3986 5.2.2);
         * libcurl 7.88 drops the base's last segment and query instead. A
         * query alone replaces the base's query and fragment; libcurl keeps
         * a fragment of the base before it */
        size_t bl = strcspn(base, *ref == '#' ? "#" : "?#");
        char *joined = nw_malloc(bl + strlen(ref) + 1);
        memcpy(joined, base, bl);
        strcpy(joined + bl, ref);
        CURLUcode rc = curl_url_set(u, CURLUPART_URL, joined, flags);
        free(joined);
        if (rc != CURLUE_OK)
            goto out;
    } else if (base && *base) {
        /* the base's fragment plays no part in a reference's resolution
         * (RFC 3986 5.2.2); libcurl 7.88 reads a '/' in it as the path's
         * ("https://a.example/app#/news/1" and "img/x.png" gave
         * ".../app#/news/img/x.png"), so the fragment is taken off first */
        const char *hash = ref && *ref ? strchr(base, '#') : NULL;
        char *cut = hash ? nw_strndup(base, (size_t)(hash - base)) : NULL;
        CURLUcode rc = curl_url_set(u, CURLUPART_URL, cut ? cut : base, flags);
        free(cut);
        if (rc != CURLUE_OK)
            goto out;
        if (ref && *ref && curl_url_set(u, CURLUPART_URL, ref, flags) != CURLUE_OK)
            goto out;
    } else if (!ref || !*ref || curl_url_set(u, CURLUPART_URL, ref, flags) != CURLUE_OK) {
        goto out;
    }
    if (curl_url_get(u, CURLUPART_URL, &out, 0) != CURLUE_OK)
        goto out;
    /* libcurl decodes a percent-encoded host ("a%cab.example"): a URL
     * that is not UTF-8 any more is no URL of ours */
    if (nw_utf8_valid_len(out, strlen(out)) != strlen(out))
        goto out;
    res = nw_strdup(out);
out:
    curl_free(out);
    curl_url_cleanup(u);
    free(clean);
    return res;
}

/* Tracking parameters, and the session identifiers of server frameworks
 * (Java, PHP, ColdFusion, shops: a new one each visit, the same page). */
/* clang-format off */
static const char *const tracking_exact[] = {
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid",
    "_ga", "_gl", "_hsenc", "_hsmi", "igshid", "mkt_tok", "oly_anon_id", "oly_enc_id",
    "vero_id", "wt.mc_id", "ocid", "__twitter_impression", "ns_mchannel", "ns_source",
    "ns_campaign", "ns_linkname", "ns_fee", "xtor", "at_medium", "at_campaign",
    "jsessionid", "phpsessid", "cfid", "cftoken", "oscsid", "zenid", "wt_mc", "wt_zmc", "cmpid",
};
/* clang-format on */

bool nw_url_is_tracking_param(const char *name, size_t len)
{
    if (len >= 4 && strncasecmp(name, "utm_", 4) == 0)
        return true;
    if (len >= 12 && strncasecmp(name, "aspsessionid", 12) == 0)
        return true;
    for (size_t i = 0; i < sizeof tracking_exact / sizeof *tracking_exact; i++)
        if (strlen(tracking_exact[i]) == len && strncasecmp(name, tracking_exact[i], len) == 0)
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether a parameter says no more than that the link was read in a
 * feed: named "rss" ("?rss=1"), or its value "rss", "atom" or "feed",
 * alone or before a separator ("src=rss", "wprss=rss_world",
 * "xtor=RSS-3208", "source=rss-103cb4aea3c2------2"). The page is the
 * same without it, and says so in its canonical link; "feed=rss2" (no
 * separator) is kept. */
static bool feed_marker(const char *name, size_t nlen, const char *value, size_t vlen)
{
    if (nlen == 3 && !strncasecmp(name, "rss", 3))
        return true;
    static const char *const words[] = {"rss", "atom", "feed"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i]);
        if (vlen >= n && !strncasecmp(value, words[i], n) && (vlen == n || strchr("_-.:|", value[n])))
            return true;
    }
    return false;
}

char *nw_url_redirect_target(const char *url)
{
    const char *q = url ? strchr(url, '?') : NULL;
    if (!q || !nw_url_is_http(url))
        return NULL;
    q++;
    size_t qlen = strcspn(q, "#");
    for (const char *p = q, *end = q + qlen; p < end;) {
        size_t len = strcspn(p, "&");
        if (len > (size_t)(end - p))
            len = (size_t)(end - p);
        if (len > 4 && !strncasecmp(p, "url=", 4)) {
            struct nw_buf b = {0};
            for (const char *v = p + 4; v < p + len; v++) {
                if (*v == '%' && v + 2 < p + len && isxdigit((unsigned char)v[1]) && isxdigit((unsigned char)v[2])) {
                    char hex[3] = {v[1], v[2], 0};
                    nw_buf_putc(&b, (char)strtol(hex, NULL, 16));
                    v += 2;
                } else {
                    nw_buf_putc(&b, *v); /* ("+" too: an address holds no blank) */
                }
            }
            char *target = nw_buf_steal(&b);
            char *th = target && nw_url_is_http(target) && !strpbrk(target, " \t\r\n") ? nw_url_host(target) : NULL;
            char *uh = th ? nw_url_host(url) : NULL;
            bool other = th && *th && uh && !nw_host_same_site(th, uh);
            free(th);
            free(uh);
            if (other)
                return target;
            free(target);
            return NULL;
        }
        p += len;
        if (p < end && *p == '&')
            p++;
    }
    return NULL;
}

/* Drops tracking parameters and sorts the rest; returns a new string or NULL
 * when nothing remains. */
static char *clean_query(const char *q)
{
    size_t n = 0, cap = 8;
    char **parts = nw_malloc(cap * sizeof *parts);
    const char *p = q;
    while (*p) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        size_t nlen = eq ? (size_t)(eq - p) : len;
        if (len > 0 && !nw_url_is_tracking_param(p, nlen) && !(eq && feed_marker(p, nlen, eq + 1, len - nlen - 1))) {
            if (n == cap)
                parts = nw_realloc(parts, (cap *= 2) * sizeof *parts);
            /* sorted as they will be written: libcurl writes a query's
             * percent escapes in lower case ("%E2" as "%e2") */
            char *part = nw_strndup(p, len);
            for (char *c = part; (c = strchr(c, '%')) != NULL; c++)
                if (isxdigit((unsigned char)c[1]) && isxdigit((unsigned char)c[2])) {
                    c[1] = (char)tolower((unsigned char)c[1]);
                    c[2] = (char)tolower((unsigned char)c[2]);
                }
            parts[n++] = part;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    char *res = NULL;
    if (n > 0) {
        qsort(parts, n, sizeof *parts, cmp_str);
        struct nw_buf b = {0};
        for (size_t i = 0; i < n; i++) {
            if (i)
                nw_buf_putc(&b, '&');
            nw_buf_puts(&b, parts[i]);
        }
        res = nw_buf_steal(&b);
    }
    for (size_t i = 0; i < n; i++)
        free(parts[i]);
    free(parts);
    return res;
}

/* Whether url is already in the form nw_url_canonical gives, decided
 * without parsing it (parsing with libcurl is about 2 us): http or https
 * in lower case; a host of lower-case letters, digits, hyphens and dots
 * whose last label starts with a letter (no IPv4 number to normalise), no
 * user, no port, no trailing dot; then a path of unreserved characters and
 * sub-delimiters without percent signs, dot segments or empty segments;
 * no query, no fragment; at most 64 KiB. Anything else takes the full
 * path, so that this only saves time: the test compares the two over
 * random URLs. */
bool nw_url_is_canonical_fast(const char *url)
{
    const char *p;
    if (!strncmp(url, "https://", 8))
        p = url + 8;
    else if (!strncmp(url, "http://", 7))
        p = url + 7;
    else
        return false;
    const char *label = p;
    char prev = '/';
    for (; *p && *p != '/'; prev = *p++) {
        char c = *p;
        if (c == '.') {
            if (prev == '.' || prev == '/' || prev == '-')
                return false;
            label = p + 1;
        } else if (c == '-') {
            if (prev == '.' || prev == '/')
                return false;
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            return false;
        }
    }
    if (*p != '/' || prev == '.' || prev == '-' || !(*label >= 'a' && *label <= 'z'))
        return false;
    /* the path: segments of allowed characters, none empty or all dots
     * (a last empty segment, a trailing slash, is kept as it is) */
    while (*p == '/') {
        const char *seg = ++p;
        bool dots = true;
        for (; *p && *p != '/'; p++) {
            unsigned char c = (unsigned char)*p;
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  strchr("-._~!$&'()*+,=:@", c)))
                return false; /* (a ';' may open a session's path parameter) */
            dots &= c == '.';
        }
        if (p == seg ? *p == '/' : dots)
            return false;
    }
    /* libcurl refuses URLs of 8 MB and more: long ones take its path */
    return *p == '\0' && p - url <= 65536;
}

char *nw_url_canonical(const char *url)
{
    if (url && nw_url_is_canonical_fast(url))
        return nw_strdup(url);
    return nw_url_canonical_full(url);
}

static char *canonical_in(const char *url, bool read_again);

char *nw_url_canonical_full(const char *url)
{
    return canonical_in(url, true);
}

static char *canonical_in(const char *url, bool read_again)
{
    if (!cu_ready())
        return NULL;
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *query = NULL, *out = NULL, *res = NULL, *cq = NULL;
    /* whether a part was changed in a way that asks for the URL to be
     * read again: a host without its trailing dot or its percent escapes
     * may be an address now ("8." is "0.0.0.8", "0x7f%41%41" is
     * "0x7faa", 0.0.127.170), a path without its session a dot segment
     * ("/a/.;jsessionid=1/b" is "/a/./b"); read again, the form of a form
     * is itself */
    bool again = false;
    if (!url || curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) != CURLUE_OK)
        goto out;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
        goto out;
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        const char *auth = strstr(url, "//");
        if (auth && memchr(auth, '%', strcspn(auth + 2, "/?#") + 2))
            again = true;
        for (char *c = host; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        /* "example.com." names "example.com"; so does "example.com.." */
        size_t hl = strlen(host);
        while (hl > 1 && host[hl - 1] == '.') {
            host[--hl] = '\0';
            again = true;
        }
        curl_url_set(u, CURLUPART_HOST, host, 0);
    }
    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
    if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK) {
        cq = clean_query(query);
        curl_url_set(u, CURLUPART_QUERY, cq, 0);
    }
    /* a Java servlet's session in the path ("/story.html;jsessionid=A1")
     * is no part of the page's address */
    char *path = NULL;
    if (curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK && strcasestr(path, ";jsessionid=")) {
        again = true;
        char *w = path;
        for (char *r = path; *r;) {
            if (*r == ';' && !strncasecmp(r, ";jsessionid=", 12)) {
                r += 12;
                while (*r && *r != '/' && *r != ';')
                    r++;
                continue;
            }
            *w++ = *r++;
        }
        *w = '\0';
        curl_url_set(u, CURLUPART_PATH, path, 0);
    }
    curl_free(path);
    if (curl_url_get(u, CURLUPART_URL, &out, CURLU_NO_DEFAULT_PORT) != CURLUE_OK ||
        nw_utf8_valid_len(out, strlen(out)) != strlen(out))
        goto out;
    res = again && read_again ? canonical_in(out, false) : nw_strdup(out);
out:
    free(cq);
    curl_free(scheme);
    curl_free(host);
    curl_free(query);
    curl_free(out);
    curl_url_cleanup(u);
    return res;
}

char *nw_url_host_full(const char *url)
{
    if (!url || !cu_ready())
        return NULL;
    CURLU *u = curl_url();
    char *host = NULL, *res = NULL;
    if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        res = nw_strdup(host);
        for (char *c = res; *c; c++)
            *c = (char)tolower((unsigned char)*c);
    }
    curl_free(host);
    curl_url_cleanup(u);
    return res;
}

/* The host of an http(s) URL, lower-cased, read without a parse where
 * libcurl reads the same (NULL to leave it to libcurl): the scheme in
 * either case, "//", a host of ASCII letters, digits, '-' and '.' (no
 * empty label, the last starting with a letter: no address for libcurl
 * to normalise), then perhaps a port of at most five digits up to 65535,
 * then the end or a path, query or fragment holding no blank, control
 * character or DEL (which libcurl refuses). */
static char *host_as_is(const char *url)
{
    const char *p = url;
    if (!strncasecmp(p, "https://", 8))
        p += 8;
    else if (!strncasecmp(p, "http://", 7))
        p += 7;
    else
        return NULL;
    const char *h = p, *label = p;
    for (; *p && !strchr(":/?#", *p); p++) {
        if (*p == '.') {
            if (p == label)
                return NULL;
            label = p + 1;
        } else if (!isalnum((unsigned char)*p) && *p != '-') {
            return NULL;
        }
    }
    if (p == label || !isalpha((unsigned char)*label))
        return NULL;
    const char *end = p;
    if (*p == ':') {
        unsigned port = 0;
        int digits = 0;
        for (p++; isdigit((unsigned char)*p); p++)
            if (++digits > 5 || (port = port * 10 + (unsigned)(*p - '0')) > 65535)
                return NULL;
        if (!digits || (*p && !strchr("/?#", *p)))
            return NULL;
    }
    for (; *p; p++)
        if ((unsigned char)*p <= 0x20 || *p == 0x7F)
            return NULL;
    char *host = nw_strndup(h, (size_t)(end - h));
    for (char *c = host; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return host;
}

char *nw_url_host(const char *url)
{
    /* most hosts are read here, without loading libcurl (which parse and
     * extract load only when they must) */
    char *host = url ? host_as_is(url) : NULL;
    return host ? host : nw_url_host_full(url);
}

char *nw_url_take_password(const char *url, char **user, char **password)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p || !memchr(p + 3, '@', strcspn(p + 3, "/?#")))
        return NULL; /* no user info: the common case, without a parse */
    if (!cu_ready())
        return NULL;
    CURLU *u = curl_url();
    char *pw = NULL, *name = NULL, *rest = NULL, *res = NULL;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PASSWORD, &pw, CURLU_URLDECODE) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &rest, 0) == CURLUE_OK) {
        if (curl_url_get(u, CURLUPART_USER, &name, CURLU_URLDECODE) != CURLUE_OK)
            name = NULL;
        res = nw_strdup(rest);
        *user = nw_strdup(name ? name : "");
        *password = nw_strdup(pw);
    }
    curl_free(pw);
    curl_free(name);
    curl_free(rest);
    curl_url_cleanup(u);
    return res;
}

bool nw_url_names_private_host(const char *url)
{
    char host[256];
    nw_url_host_key(url, host, sizeof host, NULL);
    size_t n = strlen(host);
    while (n && host[n - 1] == '.') /* a fully qualified name's root */
        host[--n] = '\0';
    if (!n || nw_host_is_private_literal(host) || (host[0] != '[' && !strchr(host, '.')))
        return true;
    static const char *const local[] = {".local", ".internal", ".lan", ".localhost", ".home.arpa"};
    for (size_t i = 0; i < sizeof local / sizeof *local; i++) {
        size_t k = strlen(local[i]);
        if (n > k && !strcasecmp(host + n - k, local[i]))
            return true;
    }
    return false;
}

bool nw_url_same_origin(const char *a, const char *b)
{
    char ha[256], hb[256];
    int pa, pb;
    const char *ea = a ? strstr(a, "://") : NULL, *eb = b ? strstr(b, "://") : NULL;
    return ea && eb && ea - a == eb - b && !strncasecmp(a, b, (size_t)(ea - a)) &&
           !strcmp(nw_url_host_key(a, ha, sizeof ha, &pa), nw_url_host_key(b, hb, sizeof hb, &pb)) && pa == pb;
}

bool nw_host_same_site(const char *a, const char *b)
{
    if (!a || !b || !*a || !*b)
        return false;
    if (!strcmp(a, b))
        return true;
    if (a[0] == '[' || b[0] == '[' || strspn(a, "0123456789.") == strlen(a) || strspn(b, "0123456789.") == strlen(b))
        return false; /* addresses have no registrable domain */
    /* the list built into libpsl: a shared, read-only context */
    const psl_ctx_t *psl = psl_builtin();
    const char *ra = psl ? psl_registrable_domain(psl, a) : NULL;
    const char *rb = psl ? psl_registrable_domain(psl, b) : NULL;
    return ra && rb && !strcmp(ra, rb);
}

const char *nw_url_host_key(const char *url, char *out, size_t size, int *port)
{
    const char *p = url ? strstr(url, "//") : NULL;
    size_t n = 0;
    if (port)
        *port = url && !strncasecmp(url, "https:", 6) ? 443 : url && !strncasecmp(url, "http:", 5) ? 80 : 0;
    if (p) {
        p += 2;
        const char *end = p + strcspn(p, "/?#"), *at = memchr(p, '@', (size_t)(end - p));
        if (at)
            p = at + 1;
        const char *colon;
        if (*p == '[') { /* an IPv6 literal keeps its brackets */
            const char *close = memchr(p, ']', (size_t)(end - p));
            colon = close && close + 1 < end && close[1] == ':' ? close + 1 : NULL;
            if (close && !colon)
                end = close + 1;
        } else {
            colon = memchr(p, ':', (size_t)(end - p));
        }
        if (colon) {
            if (port && colon + 1 < end)
                *port = atoi(colon + 1);
            end = colon;
        }
        for (; p < end && n + 1 < size; p++)
            out[n++] = (char)tolower((unsigned char)*p);
    }
    if (size)
        out[n] = '\0';
    /* a host written otherwise than its name is, as libcurl reads it (a
     * percent escape, a trailing dot, an IPv4 address as one number or in
     * hex: "0x7f000001" is 127.0.0.1; "https:///host"): one key for every spelling, or a
     * feed's links could go to one server under many keys, past its
     * politeness */
    const char *last = n ? memrchr(out, '.', n) : NULL;
    last = last ? last + 1 : out;
    if (p && (!n || (out[0] != '[' && (memchr(out, '%', n) || out[n - 1] == '.' || isdigit((unsigned char)*last))))) {
        char *h = nw_url_host_full(url);
        if (h) {
            size_t hl = strlen(h);
            while (hl > 1 && h[hl - 1] == '.')
                hl--;
            if (hl < size) {
                memcpy(out, h, hl);
                out[hl] = '\0';
            }
            free(h);
        }
    }
    return out;
}

bool nw_url_is_http(const char *url)
{
    return url && (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0);
}

static bool v4_private(uint32_t a)
{
    return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
           (a >> 16) == 0xA9FE ||              /* 169.254/16 link-local */
           (a >> 20) == 0xAC1 ||               /* 172.16/12 */
           (a >> 16) == 0xC0A8 ||              /* 192.168/16 */
           (a >> 22) == (0x64400000u >> 22) || /* 100.64/10 CGNAT */
           a >= 0xE0000000u;                   /* multicast, reserved, broadcast */
}

bool nw_addr_is_private(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        return v4_private(ntohl(in->sin_addr.s_addr));
    }
    if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(a) || IN6_IS_ADDR_V4COMPAT(a)) {
            uint32_t v4;
            memcpy(&v4, a->s6_addr + 12, 4);
            return v4_private(ntohl(v4));
        }
        return IN6_IS_ADDR_LOOPBACK(a) || IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_LINKLOCAL(a) ||
               IN6_IS_ADDR_SITELOCAL(a) || IN6_IS_ADDR_MULTICAST(a) || (a->s6_addr[0] & 0xfe) == 0xfc;
    }
    return true; /* unknown families are never fetched */
}

bool nw_host_is_private_literal(const char *host)
{
    struct sockaddr_in in = {.sin_family = AF_INET};
    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6};
    char tmp[64];
    size_t n = strlen(host);
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof tmp) {
        memcpy(tmp, host + 1, n - 2);
        tmp[n - 2] = '\0';
        host = tmp;
    }
    if (strcasecmp(host, "localhost") == 0)
        return true;
    if (inet_pton(AF_INET, host, &in.sin_addr) == 1)
        return nw_addr_is_private((struct sockaddr *)&in);
    if (inet_pton(AF_INET6, host, &in6.sin6_addr) == 1)
        return nw_addr_is_private((struct sockaddr *)&in6);
    return false;
}
