/* Pages that send their reader on (refresh.h). */
#include "refresh.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "jsonx.h"
#include "mem.h"
#include "url.h"

#define SCAN_MAX (256 * 1024)

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The name at p (up to end) is `name`, in any case, and ends there. */
static bool name_is(const char *p, const char *end, const char *name)
{
    size_t n = strlen(name);
    if ((size_t)(end - p) < n || strncasecmp(p, name, n))
        return false;
    return p + n == end || space(p[n]) || p[n] == '/' || p[n] == '>';
}

/* Past the end tag </name> from p, or end when there is none. */
static const char *past_end_tag(const char *p, const char *end, const char *name)
{
    while ((p = memchr(p, '<', (size_t)(end - p)))) {
        if (p + 1 < end && p[1] == '/' && name_is(p + 2, end, name)) {
            const char *gt = memchr(p, '>', (size_t)(end - p));
            return gt ? gt + 1 : end;
        }
        p++;
    }
    return end;
}

/* An attribute's value, its character references decoded (those an
 * address holds: &amp; and its kin, numeric ones), as a new string. */
static char *attr_value(const char *v, size_t n)
{
    static const struct {
        const char *name;
        char c;
    } named[] = {{"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}, {"lt;", '<'}, {"gt;", '>'}, {"amp", '&'}};
    struct nw_buf b = {0};
    nw_buf_append(&b, "", 0);
    for (size_t i = 0; i < n;) {
        if (v[i] != '&') {
            const char *amp = memchr(v + i, '&', n - i);
            size_t k = amp ? (size_t)(amp - (v + i)) : n - i;
            nw_buf_append(&b, v + i, k);
            i += k;
            continue;
        }
        bool done = false;
        if (i + 2 < n && v[i + 1] == '#') {
            bool hex = v[i + 2] == 'x' || v[i + 2] == 'X';
            size_t j = i + 2 + hex;
            unsigned long c = 0;
            size_t digits = 0;
            for (; j < n && digits < 8; j++, digits++) {
                char d = v[j];
                int x = d >= '0' && d <= '9'          ? d - '0'
                        : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                        : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
                                                      : -1;
                if (x < 0)
                    break;
                c = c * (hex ? 16 : 10) + (unsigned long)x;
            }
            if (digits && c > 0 && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF)) {
                char u[4];
                nw_buf_append(&b, u, nw_utf8_put(u, (unsigned)c));
                i = j < n && v[j] == ';' ? j + 1 : j;
                done = true;
            }
        } else {
            for (size_t k = 0; k < sizeof named / sizeof *named && !done; k++) {
                size_t len = strlen(named[k].name);
                if (n - i - 1 >= len && !memcmp(v + i + 1, named[k].name, len)) {
                    nw_buf_append(&b, &named[k].c, 1);
                    i += 1 + len;
                    done = true;
                }
            }
        }
        if (!done)
            nw_buf_append(&b, v + i++, 1);
    }
    return nw_buf_steal(&b);
}

/* A start tag's attributes, from p (just past its name) to its '>':
 * http-equiv, content and href as new strings (NULL when absent). Returns
 * where the tag ends. */
static const char *tag_attrs(const char *p, const char *end, char **equiv, char **content, char **href)
{
    while (p < end) {
        while (p < end && (space(*p) || *p == '/'))
            p++;
        if (p >= end || *p == '>')
            return p < end ? p + 1 : end;
        const char *name = p;
        while (p < end && !space(*p) && *p != '/' && *p != '>' && *p != '=')
            p++;
        size_t nlen = (size_t)(p - name);
        while (p < end && space(*p))
            p++;
        const char *val = NULL;
        size_t vlen = 0;
        if (p < end && *p == '=') {
            p++;
            while (p < end && space(*p))
                p++;
            if (p < end && (*p == '"' || *p == '\'')) {
                const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
                val = p + 1;
                vlen = (size_t)((q ? q : end) - val);
                p = q ? q + 1 : end;
            } else {
                val = p;
                while (p < end && !space(*p) && *p != '>')
                    p++;
                vlen = (size_t)(p - val);
            }
        }
        char **slot = nlen == 10 && !strncasecmp(name, "http-equiv", 10) ? equiv
                      : nlen == 7 && !strncasecmp(name, "content", 7)    ? content
                      : nlen == 4 && !strncasecmp(name, "href", 4)       ? href
                                                                         : NULL;
        if (slot && !*slot) /* the first of a name counts, as in a browser */
            *slot = attr_value(val ? val : "", vlen);
    }
    return end;
}

/* A refresh's content as the HTML standard's declarative refresh reads
 * it: the delay in seconds, and the address (a new string, NULL when it
 * names none). False when the content is no refresh. */
static bool parse_refresh(const char *c, long *delay, char **target)
{
    const char *p = c;
    while (space(*p))
        p++;
    const char *digits = p;
    long secs = 0;
    for (; *p >= '0' && *p <= '9'; p++)
        secs = secs < 100000000 ? secs * 10 + (*p - '0') : secs;
    if (p == digits && *p != '.')
        return false;
    while ((*p >= '0' && *p <= '9') || *p == '.')
        p++;
    if (*p && *p != ';' && *p != ',' && !space(*p))
        return false;
    while (space(*p))
        p++;
    if (*p == ';' || *p == ',')
        p++;
    while (space(*p))
        p++;
    *delay = secs;
    *target = NULL;
    if (!*p)
        return true; /* a reload */
    const char *url = p;
    if ((p[0] == 'u' || p[0] == 'U') && (p[1] == 'r' || p[1] == 'R') && (p[2] == 'l' || p[2] == 'L')) {
        const char *q = p + 3;
        while (space(*q))
            q++;
        if (*q == '=') {
            q++;
            while (space(*q))
                q++;
            url = q;
        }
    }
    char quote = 0;
    if (*url == '"' || *url == '\'')
        quote = *url++;
    size_t n = quote && strchr(url, quote) ? (size_t)(strchr(url, quote) - url) : strlen(url);
    while (n && space(url[n - 1]))
        n--;
    if (n)
        *target = nw_strndup(url, n);
    return true;
}

/* Where a refresh's address leads from the page at `url`, resolved
 * against `base`: a new string, or NULL when it names none, no http(s)
 * address, or the page's own. */
static char *lead_on(const char *found, const char *base, const char *url)
{
    char *out = found ? nw_url_resolve(base, found) : NULL;
    if (out && !nw_url_is_http(out)) {
        free(out);
        return NULL;
    }
    if (out && url) {
        char *a = nw_url_canonical(out), *b = nw_url_canonical(url);
        bool same = a && b && !strcmp(a, b);
        free(a);
        free(b);
        if (same) {
            free(out);
            return NULL;
        }
    }
    return out;
}

char *nw_refresh_header(const char *value, const char *url, int max_s, int *delay)
{
    long secs = 0;
    char *found = NULL;
    bool refresh = value && parse_refresh(value, &secs, &found);
    char *out = refresh && secs <= max_s ? lead_on(found, url, url) : NULL;
    if (delay)
        *delay = refresh ? (int)(secs < 1000000 ? secs : 1000000) : -1;
    free(found);
    return out;
}

char *nw_html_refresh(const char *data, size_t len, const char *url, int max_s, int *delay)
{
    const char *p = data, *end = data + (len < SCAN_MAX ? len : SCAN_MAX);
    char *base = NULL, *found = NULL;
    long secs = 0;
    bool refresh = false;
    while (!refresh && p < end && (p = memchr(p, '<', (size_t)(end - p)))) {
        p++;
        if (p >= end)
            break;
        if (end - p >= 3 && !memcmp(p, "!--", 3)) {
            const char *q = memmem(p + 3, (size_t)(end - p - 3), "-->", 3);
            p = q ? q + 3 : end;
            continue;
        }
        if (*p == '!' || *p == '?' || *p == '/') {
            /* a doctype, a processing instruction, an end tag (after
             * </head> a browser still puts a <meta> in the head) */
            const char *gt = memchr(p, '>', (size_t)(end - p));
            p = gt ? gt + 1 : end;
            continue;
        }
        if (!alpha(*p))
            continue; /* a '<' of text */
        const char *name = p;
        while (p < end && !space(*p) && *p != '/' && *p != '>')
            p++;
        bool is_base = name_is(name, p, "base");
        if (is_base || name_is(name, p, "meta")) {
            char *equiv = NULL, *content = NULL, *href = NULL;
            p = tag_attrs(p, end, &equiv, &content, &href);
            if (is_base) {
                if (href && !base && url)
                    base = nw_url_resolve(url, href);
            } else if (equiv && content && !strcasecmp(equiv, "refresh")) {
                /* the first refresh counts: a browser ignores any other */
                refresh = parse_refresh(content, &secs, &found);
            }
            free(equiv);
            free(content);
            free(href);
        } else if (name_is(name, p, "html") || name_is(name, p, "head") || name_is(name, p, "link") ||
                   name_is(name, p, "basefont") || name_is(name, p, "bgsound")) {
            const char *gt = memchr(p, '>', (size_t)(end - p));
            p = gt ? gt + 1 : end;
        } else {
            static const char *const raw[] = {"script", "style", "noscript", "template", "title"};
            size_t i = 0;
            while (i < sizeof raw / sizeof *raw && !name_is(name, p, raw[i]))
                i++;
            if (i == sizeof raw / sizeof *raw)
                break; /* the body's first element: the head is over */
            p = past_end_tag(p, end, raw[i]);
        }
    }
    char *out = refresh && secs <= max_s ? lead_on(found, base ? base : url, url) : NULL;
    if (delay)
        *delay = refresh ? (int)(secs < 1000000 ? secs : 1000000) : -1;
    free(base);
    free(found);
    return out;
}
