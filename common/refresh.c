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

/* Where the end tag </name> from p starts, or end when there is none. */
static const char *end_tag(const char *p, const char *end, const char *name)
{
    for (; (p = memchr(p, '<', (size_t)(end - p))); p++)
        if (p + 1 < end && p[1] == '/' && name_is(p + 2, end, name))
            return p;
    return end;
}

/* Past the end tag </name> from p, or end when there is none. */
static const char *past_end_tag(const char *p, const char *end, const char *name)
{
    p = end_tag(p, end, name);
    const char *gt = p < end ? memchr(p, '>', (size_t)(end - p)) : NULL;
    return gt ? gt + 1 : end;
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
                int x = hex ? nw_hex_digit(d) : d >= '0' && d <= '9' ? d - '0' : -1;
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

/* Whether two addresses name one page (as canonical URLs). */
static bool same_page(const char *x, const char *y)
{
    char *a = nw_url_canonical(x), *b = a ? nw_url_canonical(y) : NULL;
    bool same = a && b && !strcmp(a, b);
    free(a);
    free(b);
    return same;
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
    if (out && url && same_page(out, url)) {
        free(out);
        return NULL;
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

/* The first refresh among the <meta> elements from p to end (what a
 * <noscript> holds): as parse_refresh, true when there is one. */
static bool first_refresh(const char *p, const char *end, long *secs, char **found)
{
    while (p < end && (p = memchr(p, '<', (size_t)(end - p)))) {
        p++;
        const char *name = p;
        while (p < end && !space(*p) && *p != '/' && *p != '>')
            p++;
        if (!name_is(name, p, "meta"))
            continue;
        char *equiv = NULL, *content = NULL, *href = NULL;
        p = tag_attrs(p, end, &equiv, &content, &href);
        bool refresh = equiv && content && !strcasecmp(equiv, "refresh") && parse_refresh(content, secs, found);
        free(equiv);
        free(content);
        free(href);
        if (refresh)
            return true;
    }
    return false;
}

static bool ident(char c)
{
    return alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/* The JavaScript string literal at p (its quote first), its escapes
 * undone, as a new string, *after set past its closing quote; NULL when
 * it is none or not closed on its line, or a template that substitutes. */
static char *js_string(const char *p, const char *end, const char **after)
{
    char q = p < end ? *p : 0;
    if (q != '"' && q != '\'' && q != '`')
        return NULL;
    struct nw_buf b = {0};
    nw_buf_append(&b, "", 0);
    for (p++; p < end && *p != q; p++) {
        if (*p == '\n' || *p == '\r' || (q == '`' && *p == '$' && p + 1 < end && p[1] == '{'))
            break;
        if (*p != '\\') {
            nw_buf_append(&b, p, 1);
            continue;
        }
        if (++p >= end)
            break;
        unsigned c = (unsigned char)*p;
        int digits = *p == 'x' ? 2 : *p == 'u' ? 4 : 0;
        if (digits && p + digits < end) {
            unsigned v = 0;
            int i = 1;
            for (; i <= digits && nw_hex_digit(p[i]) >= 0; i++)
                v = v * 16 + (unsigned)nw_hex_digit(p[i]);
            if (i > digits && !(v >= 0xD800 && v <= 0xDFFF)) {
                char u[4];
                nw_buf_append(&b, u, nw_utf8_put(u, v));
                p += digits;
                continue;
            }
        }
        char e = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : (char)c;
        nw_buf_append(&b, &e, 1);
    }
    if (p >= end || *p != q) {
        nw_buf_cleanup(&b);
        return NULL;
    }
    *after = p + 1;
    return nw_buf_steal(&b);
}

/* Whether the statement at `at` in a script that starts at `start`, at
 * `depth` braces within it, is run whatever happens: at the script's top
 * level (outside any block or function; with `in_block`, first in a block
 * or after another there), not the branch of an `if` or an `else`
 * without braces, nor an operand. */
static bool unconditional(const char *start, const char *at, long depth, bool in_block)
{
    if (depth > 0 && !in_block)
        return false;
    const char *q = at;
    while (q > start && q[-1] == '.') { /* window., document., top. */
        q--;
        while (q > start && ident(q[-1]))
            q--;
    }
    while (q > start && space(q[-1]))
        q--;
    return q == start || q[-1] == ';' || q[-1] == '}' || (in_block && q[-1] == '{');
}

/* Whether a script from start to end sends the reader to `target`
 * (resolved against `base`): `location = "..."`, `location.href = "..."`,
 * `location.replace("...")` or `.assign("...")`, of `window`, `document`,
 * `top` or none; a statement run whatever happens (`anywhere`: in any
 * block of it too). */
static bool script_goes_to(const char *start, const char *end, const char *base, const char *target, bool anywhere)
{
    static const char word[] = "location";
    const size_t wl = sizeof word - 1;
    const char *p = start, *counted = start; /* the braces are counted up to `counted` */
    long depth = 0;
    while (p < end && (p = memmem(p, (size_t)(end - p), word, wl))) {
        const char *at = p;
        for (; counted < at; counted++)
            depth += *counted == '{' ? 1 : *counted == '}' ? -1 : 0;
        p += wl;
        if ((at > start && ident(at[-1])) || (p < end && ident(*p)) || !unconditional(start, at, depth, anywhere))
            continue;
        const char *q = p;
        while (q < end && space(*q))
            q++;
        if (end - q > 5 && !memcmp(q, ".href", 5) && !(q + 5 < end && ident(q[5]))) {
            q += 5;
            while (q < end && space(*q))
                q++;
        }
        if (q < end && *q == '=' && !(q + 1 < end && q[1] == '=')) {
            q++;
        } else if ((end - q > 8 && !memcmp(q, ".replace", 8)) || (end - q > 7 && !memcmp(q, ".assign", 7))) {
            q += q[1] == 'r' ? 8 : 7;
            while (q < end && space(*q))
                q++;
            if (q >= end || *q != '(')
                continue;
            q++;
        } else {
            continue;
        }
        while (q < end && space(*q))
            q++;
        /* the literal is the whole address, not the start of one made
         * by the script ("https://m.example.com" + location.pathname) */
        const char *after = NULL;
        char *lit = q < end ? js_string(q, end, &after) : NULL;
        while (lit && after < end && (*after == ' ' || *after == '\t'))
            after++;
        if (lit && after < end && *after != ';' && *after != ')' && *after != '}' && *after != ',' && *after != '\n' &&
            *after != '\r') {
            free(lit);
            lit = NULL;
        }
        char *to = lit ? nw_url_resolve(base, lit) : NULL;
        bool same = to && same_page(to, target);
        free(lit);
        free(to);
        if (same)
            return true;
    }
    return false;
}

/* Whether a script of the page (data to end) sends its reader to
 * `target`, as its <noscript> refresh does: by a statement run whatever
 * happens, or anyhow on a page of a stub's size (STUB_MAX bytes: the
 * statement in a function run after a delay or on load). A page meant
 * to be read may send browsers it cannot serve, as readers without
 * scripts, to one page ("upgrade your browser"): it does so only on a
 * condition, and it is larger. */
#define STUB_MAX (16 * 1024)
static bool scripts_go_to(const char *p, const char *end, const char *base, const char *target)
{
    bool anywhere = end - p <= STUB_MAX;
    while (p < end && (p = memchr(p, '<', (size_t)(end - p)))) {
        p++;
        if (end - p >= 3 && !memcmp(p, "!--", 3)) {
            const char *q = memmem(p + 3, (size_t)(end - p - 3), "-->", 3);
            p = q ? q + 3 : end;
            continue;
        }
        const char *name = p;
        while (p < end && !space(*p) && *p != '/' && *p != '>')
            p++;
        if (!name_is(name, p, "script"))
            continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt)
            break;
        const char *body = gt + 1, *close = end_tag(body, end, "script");
        if (script_goes_to(body, close, base, target, anywhere))
            return true;
        p = close;
    }
    return false;
}

char *nw_html_refresh(const char *data, size_t len, const char *url, int max_s, int *delay)
{
    const char *p = data, *end = data + (len < SCAN_MAX ? len : SCAN_MAX);
    char *base = NULL, *found = NULL, *hidden = NULL; /* hidden: the first <noscript>'s refresh */
    long secs = 0, hidden_secs = 0;
    bool refresh = false, has_hidden = false;
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
            const char *from = p;
            p = past_end_tag(p, end, raw[i]);
            if (i == 2 && !has_hidden)
                has_hidden = first_refresh(from, p, &hidden_secs, &hidden);
        }
    }
    /* a <noscript> refresh where a script sends the reader to the same
     * address (a link shortener's or a social site's "leaving" page, a
     * static site's stub): every reader goes there, scripts or not */
    if (!refresh && has_hidden && hidden_secs <= max_s) {
        char *to = lead_on(hidden, base ? base : url, url);
        if (to && scripts_go_to(data, end, base ? base : url, to)) {
            refresh = true;
            secs = hidden_secs;
            found = hidden;
            hidden = NULL;
        }
        free(to);
    }
    free(hidden);
    char *out = refresh && secs <= max_s ? lead_on(found, base ? base : url, url) : NULL;
    if (delay)
        *delay = refresh ? (int)(secs < 1000000 ? secs : 1000000) : -1;
    free(base);
    free(found);
    return out;
}

char *nw_response_refresh(const char *header, const char *body, size_t len, const char *url, int max_s, int *delay)
{
    char *next = header ? nw_refresh_header(header, url, max_s, delay) : NULL;
    if (!next && body && len)
        next = nw_html_refresh(body, len, url, max_s, delay);
    return next;
}
