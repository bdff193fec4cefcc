#include "conf.h"
#include "buf.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <xxhash.h>

#include "log.h"
#include "mem.h"
#include "nwtime.h"
#include "url.h"

enum conf_type { T_INT, T_DURATION, T_SIZE, T_STRING, T_BOOL, T_ENDPOINT };

struct conf_row {
    const char *section, *key;
    enum conf_type type;
    int64_t min, max;
    const char *def;
    size_t off;
};

#define O(f) offsetof(struct nw_conf, f)
static const struct conf_row rows[] = {
    {"store", "path", T_STRING, 0, 0, "var/newswire", O(store.path)},
    {"store", "map_size", T_SIZE, 1 << 20, INT64_MAX, "4GiB", O(store.map_size)},
    {"store", "max_size", T_SIZE, 1 << 20, INT64_MAX, "64GiB", O(store.max_size)},
    {"store", "lease", T_DURATION, 1000, 86400000, "10s", O(store.lease_ms)},
    {"store", "keep", T_DURATION, 0, INT64_MAX, "0", O(store.keep_ms)},
    {"store", "keep_items", T_SIZE, 0, INT64_MAX, "0", O(store.keep_items)},
    {"store", "batch_max", T_INT, 1, 100000, "256", O(store.batch_max)},
    {"store", "batch_time", T_DURATION, 1, 10000, "20ms", O(store.batch_ms)},
    {"store", "batch_bytes", T_SIZE, 1 << 16, 1 << 30, "8MiB", O(store.batch_bytes)},
    {"store", "band_memory", T_SIZE, 4096, (int64_t)1 << 36, "16MiB", O(store.band_memory)},
    {"store", "max_attempts", T_INT, 1, 100, "3", O(store.max_attempts)},
    {"store", "first_fetch_max", T_INT, 0, 1000000, "50", O(store.first_fetch_max)},
    {"store", "first_fetch_age", T_DURATION, 0, INT64_MAX, "0", O(store.first_fetch_age_ms)},
    {"store", "article_wait", T_DURATION, 0, INT64_MAX, "1h", O(store.article_wait_ms)},
    {"store", "disable_after", T_DURATION, 0, INT64_MAX, "7d", O(store.disable_after_ms)},
    {"store", "page_recheck", T_DURATION, 0, INT64_MAX, "7d", O(store.page_recheck_ms)},
    {"store", "adaptive", T_BOOL, 0, 1, "yes", O(store.adaptive)},
    {"fetcher", "concurrency", T_INT, 1, 10000, "64", O(fetcher.concurrency)},
    {"fetcher", "per_host", T_INT, 1, 1000, "2", O(fetcher.per_host)},
    {"fetcher", "timeout", T_DURATION, 100, 3600000, "30s", O(fetcher.timeout_ms)},
    {"fetcher", "max_body", T_SIZE, 1024, (int64_t)1 << 32, "8MiB", O(fetcher.max_body)},
    {"fetcher", "user_agent", T_STRING, 0, 0, "newswire/0.1", O(fetcher.user_agent)},
    {"fetcher", "contact", T_STRING, 0, 0, NULL, O(fetcher.contact)},
    {"fetcher", "low_speed", T_SIZE, 0, (int64_t)1 << 30, "100", O(fetcher.low_speed)},
    {"fetcher", "low_speed_time", T_DURATION, 1000, 3600000, "20s", O(fetcher.low_speed_ms)},
    {"fetcher", "max_header", T_SIZE, 1024, (int64_t)1 << 24, "64KiB", O(fetcher.max_header)},
    {"fetcher", "allow_private", T_BOOL, 0, 1, "no", O(fetcher.allow_private)},
    {"fetcher", "max_redirects", T_INT, 0, 50, "5", O(fetcher.max_redirects)},
    {"fetcher", "host_delay", T_DURATION, 0, 3600000, "1s", O(fetcher.host_delay_ms)},
    {"fetcher", "robots", T_BOOL, 0, 1, "yes", O(fetcher.robots)},
    {"fetcher", "robots_max_age", T_DURATION, 1000, 86400000, "1d", O(fetcher.robots_max_age_ms)},
    {"fetcher", "archive", T_STRING, 0, 0, NULL, O(fetcher.archive)},
    {"fetcher", "archive_max", T_SIZE, 4096, INT64_MAX, "1GiB", O(fetcher.archive_max)},
    {"fetcher", "archive_age", T_DURATION, 1000, INT64_MAX, "1d", O(fetcher.archive_age_ms)},
    {"parser", "workers", T_INT, 1, 256, "2", O(parser.workers)},
    {"parser", "max_doc", T_SIZE, 1024, (int64_t)1 << 32, "16MiB", O(parser.max_doc)},
    {"parser", "item_cache", T_SIZE, 0, (int64_t)1 << 40, "32MiB", O(parser.item_cache)},
    {"endpoints", "jobs", T_ENDPOINT, 0, 0, "inproc://jobs", O(endpoints.jobs)},
    {"endpoints", "docs", T_ENDPOINT, 0, 0, "inproc://docs", O(endpoints.docs)},
    {"endpoints", "results", T_ENDPOINT, 0, 0, "inproc://results", O(endpoints.results)},
    {"endpoints", "events", T_ENDPOINT, 0, 0, NULL, O(endpoints.events)},
    {"endpoints", "hwm", T_INT, 1, 10000000, "1000", O(endpoints.hwm)},
    {"endpoints", "max_message", T_SIZE, 4096, (int64_t)1 << 32, "64MiB", O(endpoints.max_message)},
    {"log", "level", T_STRING, 0, 0, "info", O(log_level)},
    {"metrics", "listen", T_STRING, 0, 0, NULL, O(metrics_listen)},
    {"security", "curve_public", T_STRING, 0, 0, NULL, O(security.curve_public)},
    {"security", "curve_secret", T_STRING, 0, 0, NULL, O(security.curve_secret)},
    {"security", "curve_allow", T_STRING, 0, 0, NULL, O(security.curve_allow)},
    {"security", "curve_server", T_STRING, 0, 0, NULL, O(security.curve_server)},
    {"opml", "file", T_STRING, 0, 0, NULL, O(opml_file)},
    {"opml", "interval", T_DURATION, 1000, INT64_MAX, "15m", O(opml_interval_ms)},
};
#undef O
#define NROWS (sizeof rows / sizeof *rows)

/* yes/no, true/false, on/off, 1/0 */
static int parse_bool(const char *v, bool *out)
{
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "on"))
        *out = true;
    else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0") || !strcasecmp(v, "off"))
        *out = false;
    else
        return -1;
    return 0;
}

static int set_value(struct nw_conf *c, const struct conf_row *r, const char *v)
{
    char *p = (char *)c + r->off;
    int64_t i;
    uint64_t u;
    char *end;
    switch (r->type) {
    case T_INT:
        errno = 0;
        i = strtoll(v, &end, 10);
        if (errno || end == v || *end || i < r->min || i > r->max)
            return -1;
        *(int *)p = (int)i;
        return 0;
    case T_DURATION:
        if (nw_parse_duration(v, &i) < 0 || i < r->min || i > r->max)
            return -1;
        *(int64_t *)p = i;
        return 0;
    case T_SIZE:
        if (nw_parse_size(v, &u) < 0 || u < (uint64_t)r->min || u > (uint64_t)r->max)
            return -1;
        *(uint64_t *)p = u;
        return 0;
    case T_BOOL:
        return parse_bool(v, (bool *)p);
    case T_ENDPOINT: {
        /* one endpoint or a comma-separated list, each maybe marked @ (bind)
         * or > (connect) */
        char *copy = nw_strdup(v), *save = NULL;
        int bad = 0;
        for (char *ep = strtok_r(copy, ",", &save); ep; ep = strtok_r(NULL, ",", &save)) {
            while (*ep == ' ')
                ep++;
            if (*ep == '@' || *ep == '>')
                ep++;
            bad |= strncmp(ep, "inproc://", 9) && strncmp(ep, "tcp://", 6) && strncmp(ep, "ipc://", 6);
        }
        free(copy);
        if (bad)
            return -1;
    }
        /* fallthrough */
    case T_STRING:
        if (!*v)
            return -1;
        free(*(char **)p);
        *(char **)p = nw_strdup(v);
        return 0;
    }
    return -1;
}

void nw_conf_defaults(struct nw_conf *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < NROWS; i++)
        if (rows[i].def && set_value(c, &rows[i], rows[i].def) < 0)
            nw_fatal("config default for %s is invalid", rows[i].key);
}

void nw_feed_conf_cleanup(struct nw_feed_conf *f)
{
    free(f->name);
    free(f->url);
    free(f->user);
    free(f->password);
    nw_strv_clear(&f->tags);
    for (size_t i = 0; i < f->headers.n; i++) /* a token, often: not left in freed memory */
        explicit_bzero(f->headers.v[i], strlen(f->headers.v[i]));
    nw_strv_clear(&f->headers);
}

void nw_feed_conf_copy(struct nw_feed_conf *dst, const struct nw_feed_conf *src)
{
    *dst = (struct nw_feed_conf){.interval_ms = src->interval_ms, .line = src->line, .no_articles = src->no_articles};
    nw_str_set(&dst->name, src->name);
    nw_str_set(&dst->url, src->url);
    nw_str_set(&dst->user, src->user);
    nw_str_set(&dst->password, src->password);
    for (size_t i = 0; i < src->tags.n; i++)
        nw_strv_push(&dst->tags, src->tags.v[i]);
    for (size_t i = 0; i < src->headers.n; i++)
        nw_strv_push(&dst->headers, src->headers.v[i]);
}

static void free_feeds(struct nw_conf *c)
{
    for (size_t i = 0; i < c->nfeeds; i++)
        nw_feed_conf_cleanup(&c->feeds[i]);
    free(c->feeds);
    c->feeds = NULL;
    c->nfeeds = 0;
}

/* Strips a trailing "; comment" or "# comment" that follows white space. */
/* Why a feed's `header` value cannot be sent as it is, or NULL: a name
 * of token characters (RFC 9110), a colon, a value; not one of the
 * headers newswire writes itself (the conditional GET's, the codings',
 * the connection's). */
static const char *header_error(const char *v)
{
    static const char *const own[] = {"host",           "if-none-match",     "if-modified-since", "accept-encoding",
                                      "content-length", "transfer-encoding", "connection",        "te"};
    const char *colon = strchr(v, ':');
    if (!colon || colon == v)
        return "no name before a colon";
    for (const char *p = v; p < colon; p++)
        if (!isalnum((unsigned char)*p) && !strchr("!#$%&'*+-.^_`|~", *p))
            return "a name of letters, digits and !#$%&'*+-.^_`|~ only";
    size_t n = (size_t)(colon - v);
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        if (strlen(own[i]) == n && !strncasecmp(v, own[i], n))
            return "one newswire writes itself";
    for (const char *p = colon + 1; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\t')
            return "a control character in its value";
    return NULL;
}

static void strip_comment(char *v)
{
    for (char *p = v; *p; p++)
        if ((*p == ';' || *p == '#') && (p == v || isspace((unsigned char)p[-1]))) {
            *p = '\0';
            return;
        }
}

/* The URL a "feed:" address stands for, as feed readers take it
 * ("feed://host/f.xml" is http://host/f.xml, "feed:https://host/f.xml"
 * that https URL); another URL as it is. A new string. */
static char *without_feed_scheme(const char *val)
{
    if (strncasecmp(val, "feed:", 5))
        return nw_strdup(val);
    if (!strncmp(val + 5, "//", 2)) {
        size_t n = strlen(val + 5) + 6;
        char *u = nw_malloc(n);
        snprintf(u, n, "http:%s", val + 5);
        return u;
    }
    return nw_strdup(val + 5);
}

/* A feed's URL as configured: its password, if it gives one, kept apart
 * (the URL without it is the feed's name in the store, logs and items) */
static void set_url(struct nw_feed_conf *f, const char *val)
{
    free(f->url);
    free(f->user);
    free(f->password);
    f->user = f->password = NULL;
    char *plain = without_feed_scheme(val);
    f->url = nw_url_take_password(plain, &f->user, &f->password);
    if (f->url)
        free(plain);
    else
        f->url = plain;
}

/* Tags separated by commas ("Europe, politics"), each without the
 * blanks around it, once each (case aside). */
static void add_tags(struct nw_feed_conf *f, const char *list)
{
    char *copy = nw_strdup(list);
    for (char *save = NULL, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        t = nw_trim(t);
        bool known = !*t;
        for (size_t i = 0; i < f->tags.n && !known; i++)
            known = !strcasecmp(f->tags.v[i], t);
        if (!known)
            nw_strv_push(&f->tags, t);
    }
    free(copy);
}

/* A new feed at the end of c->feeds; the array doubles when its count
 * reaches a power of two (no quadratic copying at 30,000 feeds). */
static struct nw_feed_conf *push_feed(struct nw_conf *c)
{
    if (c->nfeeds < 4 || (c->nfeeds & (c->nfeeds - 1)) == 0)
        c->feeds = nw_realloc(c->feeds, (c->nfeeds < 4 ? 4 : 2 * c->nfeeds) * sizeof *c->feeds);
    struct nw_feed_conf *f = &c->feeds[c->nfeeds++];
    memset(f, 0, sizeof *f);
    return f;
}

/* Two feeds with the same name (or URL): the first one in the file that
 * repeats an earlier one, and that earlier one. A hash table of the
 * strings seen: O(n). */
static bool find_duplicate(const struct nw_feed_conf *f, size_t n, bool url, const struct nw_feed_conf **first,
                           const struct nw_feed_conf **dup)
{
    if (n < 2)
        return false;
    size_t cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    const struct nw_feed_conf **slot = nw_calloc(cap, sizeof *slot);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++) {
        const char *key = url ? f[i].url : f[i].name;
        if (!key)
            continue;
        size_t h = XXH3_64bits(key, strlen(key)) & (cap - 1);
        for (; slot[h]; h = (h + 1) & (cap - 1))
            if (!strcmp(url ? slot[h]->url : slot[h]->name, key)) {
                *first = slot[h];
                *dup = &f[i];
                found = true;
                break;
            }
        if (!found)
            slot[h] = &f[i];
    }
    free(slot);
    return found;
}

static int parse_file(struct nw_conf *c, const char *file, struct nw_err *err)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        nw_err_set(err, errno, "%s: cannot open: %s", file, strerror(errno));
        return -1;
    }
    char line[4096], section[256] = "";
    struct nw_feed_conf *feed = NULL;
    int lineno = 0, rc = -1;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            nw_err_set(err, 0, "%s:%d: line too long", file, lineno);
            goto out;
        }
        char *s = nw_trim(line);
        if (!*s || *s == ';' || *s == '#')
            continue;
        if (*s == '[') {
            char *close = strrchr(s, ']');
            if (!close || nw_trim(close + 1)[0]) {
                nw_err_set(err, 0, "%s:%d: malformed section header", file, lineno);
                goto out;
            }
            *close = '\0';
            s = nw_trim(s + 1);
            feed = NULL;
            if (strncmp(s, "feed", 4) == 0 && (isspace((unsigned char)s[4]) || s[4] == '"')) {
                char *q = nw_trim(s + 4);
                size_t ql = strlen(q);
                if (ql < 3 || q[0] != '"' || q[ql - 1] != '"') {
                    nw_err_set(err, 0, "%s:%d: feed section needs a quoted name: [feed \"name\"]", file, lineno);
                    goto out;
                }
                q[ql - 1] = '\0';
                feed = push_feed(c);
                feed->line = lineno;
                feed->name = nw_strdup(q + 1);
                feed->url = NULL;
                feed->interval_ms = 15 * 60 * 1000;
                snprintf(section, sizeof section, "feed");
                continue;
            }
            bool known = false;
            for (size_t i = 0; i < NROWS; i++)
                known |= strcmp(rows[i].section, s) == 0;
            if (!known) {
                nw_err_set(err, 0, "%s:%d: unknown section [%s]", file, lineno, s);
                goto out;
            }
            snprintf(section, sizeof section, "%s", s);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            nw_err_set(err, 0, "%s:%d: expected key = value", file, lineno);
            goto out;
        }
        *eq = '\0';
        char *key = nw_trim(s), *val = eq + 1;
        strip_comment(val);
        val = nw_trim(val);
        if (!*section) {
            nw_err_set(err, 0, "%s:%d: key '%s' outside any section", file, lineno, key);
            goto out;
        }
        if (feed) {
            if (strcmp(key, "url") == 0) {
                set_url(feed, val);
                char *host = nw_url_is_http(feed->url) ? nw_url_host(feed->url) : NULL;
                bool blank = strpbrk(val, " \t") != NULL, ok = host && *host && !blank;
                free(host);
                if (!ok) {
                    nw_err_set(err, 0, "%s:%d: feed \"%s\": url '%s' is not an http:// or https:// URL%s", file,
                               lineno, feed->name, val, blank ? " (it holds a space: write it as %20)" : "");
                    goto out;
                }
            } else if (strcmp(key, "tags") == 0) {
                add_tags(feed, val);
            } else if (strcmp(key, "header") == 0) {
                const char *why = header_error(val);
                if (why) {
                    nw_err_set(err, 0, "%s:%d: feed \"%s\": bad header (%s): expected Name: value", file, lineno,
                               feed->name, why);
                    goto out;
                }
                nw_strv_push(&feed->headers, val);
            } else if (strcmp(key, "articles") == 0) {
                bool yes;
                if (parse_bool(val, &yes) < 0) {
                    nw_err_set(err, 0, "%s:%d: feed \"%s\": bad articles '%s' (yes or no)", file, lineno, feed->name,
                               val);
                    goto out;
                }
                feed->no_articles = !yes;
            } else if (strcmp(key, "interval") == 0) {
                int64_t ms;
                if (nw_parse_duration(val, &ms) < 0 || ms < 1000) {
                    nw_err_set(err, 0, "%s:%d: feed \"%s\": bad interval '%s' (at least 1s)", file, lineno,
                               feed->name, val);
                    goto out;
                }
                feed->interval_ms = ms;
            } else {
                nw_err_set(err, 0, "%s:%d: unknown key '%s' in [feed \"%s\"]", file, lineno, key, feed->name);
                goto out;
            }
            continue;
        }
        const struct conf_row *row = NULL;
        for (size_t i = 0; i < NROWS; i++)
            if (strcmp(rows[i].section, section) == 0 && strcmp(rows[i].key, key) == 0)
                row = &rows[i];
        if (!row) {
            nw_err_set(err, 0, "%s:%d: unknown key '%s' in [%s]", file, lineno, key, section);
            goto out;
        }
        if (set_value(c, row, val) < 0) {
            static const char *const expects[] = {
                [T_INT] = "a whole number", [T_DURATION] = "a duration: a number with ms, s, m, h or d (30s, 15m)",
                [T_SIZE] = "a size: a number with KiB, MiB or GiB (64MiB)", [T_STRING] = "a non-empty value",
                [T_BOOL] = "yes or no", [T_ENDPOINT] = "inproc://, ipc:// or tcp:// endpoints, comma-separated"};
            nw_err_set(err, 0, "%s:%d: bad value '%s' for %s.%s: expected %s%s", file, lineno, val, section, key,
                       expects[row->type], row->type == T_INT || row->type == T_DURATION || row->type == T_SIZE
                                               ? " within its range (newswire.conf(5))"
                                               : "");
            goto out;
        }
    }
    {
        /* the same name twice, or the same URL under two names: sorted
         * neighbours, so that 30,000 feeds load in milliseconds */
        const struct nw_feed_conf *dup = NULL, *first = NULL;
        const char *what = NULL;
        if (find_duplicate(c->feeds, c->nfeeds, false, &first, &dup))
            what = "name";
        else if (find_duplicate(c->feeds, c->nfeeds, true, &first, &dup))
            what = "url";
        if (what) {
            if (*what == 'n')
                nw_err_set(err, 0, "%s:%d: feed \"%s\" defined twice (first at line %d)", file, dup->line, dup->name,
                           first->line);
            else
                nw_err_set(err, 0, "%s:%d: feed \"%s\": the same url as feed \"%s\" (line %d)", file, dup->line,
                           dup->name, first->name, first->line);
            goto out;
        }
    }
    for (size_t i = 0; i < c->nfeeds; i++)
        if (!c->feeds[i].url) {
            nw_err_set(err, 0, "%s: feed \"%s\" has no url", file, c->feeds[i].name);
            goto out;
        }
    rc = 0;
out:
    fclose(f);
    return rc;
}

/* Makes a relative path relative to the config file's folder. */
static void resolve_path(const struct nw_conf *c, char **path)
{
    if (!*path || (*path)[0] == '/' || !c->file)
        return;
    const char *slash = strrchr(c->file, '/');
    if (!slash)
        return;
    size_t dl = (size_t)(slash - c->file);
    char *p = nw_malloc(dl + 1 + strlen(*path) + 1);
    memcpy(p, c->file, dl);
    p[dl] = '/';
    strcpy(p + dl + 1, *path);
    free(*path);
    *path = p;
}

/* The feeds of outlines with an xmlUrl, tagged with the titles of the
 * outlines they sit in (folders) and their OPML category attribute
 * (comma-separated; a "/A/B" path gives its last part). */
static int import_outlines(struct nw_conf *c, xmlNodePtr n, int64_t interval_ms, struct nw_strv *folders, int depth)
{
    int added = 0;
    for (; n && depth < 32; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcasecmp((const char *)n->name, "outline")) {
            added += import_outlines(c, n->children, interval_ms, folders, depth + 1);
            continue;
        }
        xmlChar *url = xmlGetProp(n, (const xmlChar *)"xmlUrl");
        if (!url)
            url = xmlGetProp(n, (const xmlChar *)"xmlurl");
        xmlChar *title = xmlGetProp(n, (const xmlChar *)"title");
        if (!title)
            title = xmlGetProp(n, (const xmlChar *)"text");
        if (url && strstr((const char *)url, "://")) {
            /* the feed as the list gives it; its url as the feed is known
             * (no password) */
            struct nw_feed_conf f = {.interval_ms = interval_ms}, *known = NULL;
            set_url(&f, (const char *)url);
            for (size_t i = 0; i < c->nfeeds && !known; i++)
                if (!strcmp(c->feeds[i].url, f.url))
                    known = &c->feeds[i];
            const char *name = title && *title ? (const char *)title : f.url;
            for (size_t i = 0; i < c->nfeeds && !known; i++)
                if (!strcmp(c->feeds[i].name, name))
                    name = f.url; /* names stay unique */
            if (known) {
                nw_feed_conf_cleanup(&f);
            } else {
                f.name = nw_strdup(name);
                known = push_feed(c);
                *known = f;
                added++;
            }
            /* a feed listed in the file too gains the list's tags */
            for (size_t i = 0; i < folders->n; i++)
                add_tags(known, folders->v[i]);
            xmlChar *cat = xmlGetProp(n, (const xmlChar *)"category");
            for (char *save = NULL, *t = cat ? strtok_r((char *)cat, ",", &save) : NULL; t;
                 t = strtok_r(NULL, ",", &save)) {
                char *last = strrchr(t, '/');
                add_tags(known, last ? last + 1 : t);
            }
            xmlFree(cat);
        } else if (title && *title && !strchr((const char *)title, ',')) {
            /* a folder: its feeds are tagged with its title */
            nw_strv_push(folders, (const char *)title);
            added += import_outlines(c, n->children, interval_ms, folders, depth + 1);
            free(folders->v[--folders->n]);
            xmlFree(url);
            xmlFree(title);
            continue;
        }
        xmlFree(url);
        xmlFree(title);
        added += import_outlines(c, n->children, interval_ms, folders, depth + 1);
    }
    return added;
}

int nw_conf_import_opml(struct nw_conf *c, const char *file, int64_t interval_ms, struct nw_err *err)
{
    xmlDocPtr doc = xmlReadFile(file, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        nw_err_set(err, 0, "%s: cannot read the OPML file (missing or not XML)", file);
        return -1;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || strcasecmp((const char *)root->name, "opml")) {
        xmlFreeDoc(doc);
        nw_err_set(err, 0, "%s: not an OPML document", file);
        return -1;
    }
    struct nw_strv folders = {0};
    int added = import_outlines(c, root->children, interval_ms, &folders, 0);
    nw_strv_clear(&folders);
    xmlFreeDoc(doc);
    return added;
}

int nw_conf_load(struct nw_conf *c, const char *file, struct nw_err *err)
{
    free(c->file);
    c->file = nw_strdup(file);
    free_feeds(c);
    if (parse_file(c, file, err) < 0)
        return -1;
    if (strcmp(c->log_level, "debug") && strcmp(c->log_level, "info") && strcmp(c->log_level, "warn") &&
        strcmp(c->log_level, "error")) {
        nw_err_set(err, 0, "%s: bad value '%s' for log.level (debug, info, warn, error)", file, c->log_level);
        return -1;
    }
    resolve_path(c, &c->store.path);
    resolve_path(c, &c->fetcher.archive);
    resolve_path(c, &c->opml_file);
    if (c->store.max_size < c->store.map_size)
        c->store.max_size = c->store.map_size;
    if (!c->endpoints.events) {
        /* beside the store, so that a tail in another process hears it */
        size_t n = strlen(c->store.path) + 32;
        c->endpoints.events = nw_malloc(n);
        snprintf(c->endpoints.events, n, "ipc://%s/events.ipc", c->store.path);
    }
    struct nw_err oerr = {0};
    if (c->opml_file && nw_conf_import_opml(c, c->opml_file, c->opml_interval_ms, &oerr) < 0) {
        nw_err_set(err, 0, "%s: [opml] file: %s", file, oerr.msg);
        return -1;
    }
    return 0;
}

void nw_conf_changed(const struct nw_conf *a, const struct nw_conf *b, struct nw_buf *out)
{
    for (size_t i = 0; i < NROWS; i++) {
        const struct conf_row *r = &rows[i];
        const char *pa = (const char *)a + r->off, *pb = (const char *)b + r->off;
        bool same;
        switch (r->type) {
        case T_INT: same = *(const int *)pa == *(const int *)pb; break;
        case T_DURATION: same = *(const int64_t *)pa == *(const int64_t *)pb; break;
        case T_SIZE: same = *(const uint64_t *)pa == *(const uint64_t *)pb; break;
        case T_BOOL: same = *(const bool *)pa == *(const bool *)pb; break;
        default: {
            const char *sa = *(char *const *)pa, *sb = *(char *const *)pb;
            same = nw_str_same(sa, sb);
        }
        }
        if (!same)
            nw_buf_printf(out, "%s%s.%s", out->len ? " " : "", r->section, r->key);
    }
}

void nw_conf_cleanup(struct nw_conf *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < NROWS; i++)
        if (rows[i].type == T_STRING || rows[i].type == T_ENDPOINT) {
            char **p = (char **)((char *)c + rows[i].off);
            free(*p);
            *p = NULL;
        }
    free_feeds(c);
    free(c->file);
    c->file = NULL;
}
