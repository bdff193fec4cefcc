/* The parser stage: DOCs in, RESULTs out, any number of worker threads. */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zmq.h>

#include "../common/jsonx.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../common/msg.h"
#include "../common/stats.h"
#include "../common/nwtime.h"
#include "../common/zsock.h"
#include "html.h"
#include "itemcache.h"
#include "meta.h"
#include "parser.h"

/* Items whose feed text is shorter than this get their article fetched. */
#define FULL_TEXT_WORDS 100

static char *json_strdup(const json_t *o, const char *key)
{
    const char *v = nw_json_str(o, key);
    return v ? nw_strdup(v) : NULL;
}

static void strv_from(struct nw_strv *dst, const json_t *arr)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) if (json_is_string(v)) nw_strv_push(dst, json_string_value(v));
}

/* A parsed feed entry (the `parse` contract's object) as the item the
 * store gets, with what the store needs beyond that contract: the plain
 * text, its word count, credited agencies, and whether the article page
 * must be fetched because the feed gives only a summary. */
/* The plain text of a feed item's HTML (its content as the feed gives
 * it: `raw`, read as if sanitised; or its sanitised summary): an ad
 * slot's label is not the story, nor is the footer a publishing system
 * adds to every item. */
static char *item_text(const char *html, bool raw)
{
    size_t n = strlen(html);
    return html_drop_feed_footer(
        html_drop_ad_lines(raw ? html_fragment_text_safe(html, n) : html_fragment_text(html, n)));
}

/* The job's `known` inputs, sorted, to look entries up in. */
struct known_set {
    uint64_t *v;
    size_t n;
};

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void known_set_init(struct known_set *k, const struct nw_u64v *known)
{
    k->n = known->n;
    k->v = k->n ? nw_malloc(k->n * sizeof *k->v) : NULL;
    if (k->n) {
        memcpy(k->v, known->v, k->n * sizeof *k->v);
        qsort(k->v, k->n, sizeof *k->v, cmp_u64);
    }
}

static bool known_set_has(const struct known_set *k, uint64_t x)
{
    return k->n && bsearch(&x, k->v, k->n, sizeof *k->v, cmp_u64);
}

/* nw_item_input of an entry: every field the feed gives it (of an entry
 * with more, its first 246 categories and 64 enclosures). */
static uint64_t entry_input(const json_t *e, const struct nw_item *it, const char *content)
{
    enum { FIXED = 9, MAX_PARTS = 256 };
    const char *fixed[FIXED] = {it->guid,      it->url,     nw_json_str(e, "title"),  content, it->summary,
                                it->published, it->updated, nw_json_str(e, "author"), NULL};
    char counts[2][24];
    snprintf(counts[0], sizeof counts[0], "%zu categories", it->categories.n);
    fixed[FIXED - 1] = counts[0];
    const char *parts[MAX_PARTS];
    char lengths[64][24];
    size_t n = 0;
    for (size_t i = 0; i < FIXED; i++)
        parts[n++] = fixed[i];
    for (size_t i = 0; i < it->categories.n && n < MAX_PARTS - 1; i++)
        parts[n++] = it->categories.v[i];
    snprintf(counts[1], sizeof counts[1], "%zu enclosures", it->enclosures.n);
    parts[n++] = counts[1];
    const struct nw_enclosure *enc = it->enclosures.v;
    for (size_t i = 0; i < it->enclosures.n && i < 64 && n + 3 <= MAX_PARTS; i++) {
        snprintf(lengths[i], sizeof lengths[i], "%lld", (long long)enc[i].length);
        parts[n++] = enc[i].url;
        parts[n++] = enc[i].type;
        parts[n++] = lengths[i];
    }
    return nw_item_input(parts, n);
}

static void feed_item(struct nw_item *it, const json_t *e, const char *declared, const char *feed_author,
                      const struct known_set *known)
{
    it->guid = json_strdup(e, "guid");
    it->url = json_strdup(e, "url");
    /* the title as the page's is read: without invisible characters (a
     * soft hyphen in a long word) */
    it->title = html_drop_invisible(json_strdup(e, "title"));
    it->published = json_strdup(e, "published");
    it->updated = json_strdup(e, "updated");
    it->summary = json_strdup(e, "summary");
    strv_from(&it->categories, json_object_get(e, "categories"));
    size_t i;
    json_t *enc;
    json_array_foreach(json_object_get(e, "enclosures"), i, enc)
    {
        struct nw_enclosure *d = nw_vec_push(&it->enclosures, sizeof *d);
        d->url = json_strdup(enc, "url");
        d->type = json_strdup(enc, "type");
        d->length = nw_json_int(enc, "length", 0);
    }
    /* the text: the content's, else the summary's */
    const char *content = nw_json_str(e, "content");
    const char *summary = it->summary;
    const char *byline = nw_json_str(e, "author");
    it->input = entry_input(e, it, content);
    if (known_set_has(known, it->input)) {
        /* the store took this entry, as it is to the byte, from the feed's
         * last body: its summary, its text and what follows from them, and
         * its byline's names, are left out (the store has them) */
        it->known = true;
        free(it->summary);
        it->summary = NULL;
        atomic_fetch_add(&nw_stats.parse_items_known, 1);
        return;
    }
    char *text = NULL;
    bool full = false;
    if (content && *content) {
        text = item_text(content, true);
        full = text && *text;
    }
    /* a content of markup alone (an image, an embed) leaves the summary's
     * text */
    if (!full && summary && *summary) {
        free(text);
        text = item_text(summary, false);
    }
    if (text && *text)
        it->text = text;
    else
        free(text);
    /* what follows from the text and the byline, from the cache when the
     * item came by before */
    struct item_key key = itemcache_key(byline, it->text, declared);
    struct item_facts f;
    if (!itemcache_get(key, &f)) {
        memset(&f, 0, sizeof f);
        f.words = it->text ? (int64_t)html_word_count(it->text) : 0;
        /* each item's language from its own text when there is enough of
         * it (less when the feed declares none, or declares a language of
         * another script than the text's: a site's default left in
         * place); the store falls back on the feed's declared language */
        if (it->text && (f.words >= LANG_MIN_WORDS ||
                         (f.words >= LANG_SHORT_WORDS && (!declared || meta_lang_script_differs(declared, it->text)))))
            f.lang = meta_text_lang(it->text);
        /* the feed's byline as names */
        meta_byline_names(byline, &f.authors);
        json_t *ag = meta_agencies(byline, it->text);
        strv_from(&f.agencies, ag);
        json_decref(ag);
        itemcache_put(key, &f);
    }
    it->word_count = f.words;
    /* a feed that gives only a summary: the article page is fetched */
    it->needs_article = !full || f.words < FULL_TEXT_WORDS;
    it->lang = f.lang;
    it->authors = f.authors;
    /* an Atom entry that names no author has its source feed's, else its
     * feed's (RFC 4287 4.2.1): a full-text entry's, whose page is not
     * read for a byline */
    const char *inherited = nw_json_str(e, "source_author");
    if (!inherited)
        inherited = feed_author;
    if (!it->authors.n && inherited && !it->needs_article && (!byline || !*byline))
        meta_byline_names(inherited, &it->authors);
    it->author = meta_names_joined(&it->authors);
    it->agencies = f.agencies;
}

/* An extracted page (the `extract` contract's object) as an item. */
static void article_item(struct nw_item *it, const json_t *a)
{
    it->url = json_strdup(a, "url");
    it->title = json_strdup(a, "title");
    it->author = json_strdup(a, "author");
    strv_from(&it->authors, json_object_get(a, "authors"));
    it->published = json_strdup(a, "published");
    it->updated = json_strdup(a, "updated");
    it->summary = json_strdup(a, "description");
    it->text = json_strdup(a, "text");
    it->lang = json_strdup(a, "lang");
    it->site_name = json_strdup(a, "site_name");
    it->word_count = nw_json_int(a, "word_count", 0);
    strv_from(&it->agencies, json_object_get(a, "agencies"));
    it->access = json_strdup(a, "access");
}

/* RSS skipHours and skipDays as the result's mask: hours in bits 0-23
 * (UTC), days in bits 24-30 from Sunday. */
static uint64_t skip_mask(const json_t *fm)
{
    static const char *const days[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    uint64_t mask = 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(fm, "skip_hours"), i, e)
    {
        json_int_t h = json_integer_value(e);
        if (json_is_integer(e) && h >= 0 && h < 24)
            mask |= (uint64_t)1 << h;
    }
    json_array_foreach(json_object_get(fm, "skip_days"), i, e)
    {
        for (int d = 0; d < 7; d++)
            if (json_is_string(e) && !strcmp(json_string_value(e), days[d]))
                mask |= (uint64_t)1 << (24 + d);
    }
    return mask;
}

static void handle_body(const struct nw_doc *doc, const void *body, size_t body_len, struct nw_result *res);

/* The end of a feed's last whole entry (after an RSS </item> or an Atom
 * </entry>, any prefix; a sitemap's </url>), 0 when it has none: a feed
 * cut at fetcher.max_body is read up to there, no entry half, and the
 * recovering XML parser closes what is left open. */
static size_t whole_entries_end(const char *body, size_t len)
{
    size_t last = 0;
    /* </url> ends an entry only in a sitemap (an RSS channel's <image> has
     * one): one whose root, <urlset>, is at its start */
    bool sitemap = memmem(body, len < 1024 ? len : 1024, "<urlset", 7) != NULL;
    const char *p = body, *end = body + len;
    while ((p = memmem(p, (size_t)(end - p), "</", 2))) {
        p += 2;
        const char *name = p, *q = p;
        while (q < end && (isalnum((unsigned char)*q) || *q == '_' || *q == '-' || *q == '.' || *q == ':'))
            if (*q++ == ':')
                name = q;
        size_t n = (size_t)(q - name);
        if (q < end && *q == '>' &&
            ((n == 4 && !memcmp(name, "item", 4)) || (n == 5 && !memcmp(name, "entry", 5)) ||
             (sitemap && n == 3 && !memcmp(name, "url", 3))))
            last = (size_t)(q + 1 - body);
    }
    return last;
}

/* Whether a body is a gzip file's bytes. */
static bool is_gzip(const void *body, size_t len)
{
    const unsigned char *b = body;
    return len >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

/* parser_handle_doc on the body as given: the DOC's own outcome, the
 * limits, a gzip file decompressed, then handle_body. */
static void handle_doc(const struct nw_doc *doc, const void *body, size_t body_len, size_t max_doc,
                       struct nw_result *res)
{
    if (nw_result_from_doc(doc, res))
        return;
    if (!body || body_len == 0) {
        nw_str_set(&res->error, "empty response body");
        return;
    }
    if (body_len > max_doc) {
        nw_str_set(&res->error, "document larger than parser.max_doc");
        return;
    }
    /* a gzip file served as such (feed.xml.gz, application/x-gzip: no
     * Content-Encoding for the fetcher to undo) is read decompressed */
    if (is_gzip(body, body_len)) {
        struct nw_buf un = {0};
        if (nw_buf_inflate(&un, body, body_len, 15 + 16, max_doc) < 0 || !un.len) {
            nw_str_set(&res->error, "gzip data that does not decompress, or to more than parser.max_doc");
            res->permanent = res->kind != NW_KIND_FEED;
        } else {
            handle_body(doc, un.data, un.len, res);
        }
        nw_buf_cleanup(&un);
        return;
    }
    handle_body(doc, body, body_len, res);
}

void parser_handle_doc(const struct nw_doc *doc, const void *body, size_t body_len, size_t max_doc,
                       struct nw_result *res)
{
    if (!doc->truncated) {
        handle_doc(doc, body, body_len, max_doc, res);
        return;
    }
    /* a body cut at the fetcher's limit: a feed's whole entries, a page
     * as far as it came */
    if (doc->job.kind == NW_KIND_FEED && !is_gzip(body, body_len)) {
        size_t whole = whole_entries_end(body, body_len);
        if (whole)
            body_len = whole;
    }
    handle_doc(doc, body, body_len, max_doc, res);
    if (res->error) {
        char msg[700];
        snprintf(msg, sizeof msg, "body cut at fetcher.max_body (after decompression), and what came: %s", res->error);
        nw_str_set(&res->error, msg);
    }
}

/* The path of an http(s) URL, from its first '/' to its query or
 * fragment, into out ("/" when it has none); false for another URL. */
static bool url_path(const char *url, char out[256])
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p || strncasecmp(url, "http", 4))
        return false;
    p += 3;
    p += strcspn(p, "/?#");
    size_t n = *p == '/' ? strcspn(p, "?#") : 0;
    if (n >= 256)
        n = 255;
    if (n)
        memcpy(out, p, n);
    else
        out[n++] = '/';
    out[n] = '\0';
    return true;
}

/* Whether a path is a site's home page: "/", an index file, "/home" or
 * "/home.html", a language's home ("/en/", "/pt-br"). */
static bool home_path(const char *path)
{
    const char *s = path + (*path == '/');
    size_t n = strcspn(s, "/");
    if (s[n] == '/' && s[n + 1])
        return false; /* two segments or more */
    if (!n)
        return true;
    bool lang = (n == 2 || (n == 5 && (s[2] == '-' || s[2] == '_'))) && isalpha((unsigned char)s[0]) &&
                isalpha((unsigned char)s[1]);
    return lang || (n == 4 && !strncasecmp(s, "home", 4)) || !strncasecmp(s, "home.", 5) ||
           !strncasecmp(s, "index.", 6) || !strncasecmp(s, "default.", 8);
}

/* Whether one of a path's segments is `word` (any case). */
static bool has_segment(const char *path, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = path; *p;) {
        p += *p == '/';
        size_t n = strcspn(p, "/");
        if (n == wl && !strncasecmp(p, word, wl))
            return true;
        p += n;
    }
    return false;
}

/* Why an article link's answer is not its page although it came with a
 * 2xx status, from where its redirects led (a story taken down sends
 * readers to the home page; a paywall to its sign-in page), or NULL. */
static const char *redirected_away(const struct nw_doc *doc, char *msg, size_t size)
{
    static const char *const gates[] = {"login", "log-in",    "signin",   "sign-in",      "sign_in",
                                        "logon", "subscribe", "register", "registration", "paywall"};
    char asked[256], got[256];
    if (doc->job.kind != NW_KIND_ARTICLE || !url_path(doc->job.url, asked) || !url_path(doc->url, got) ||
        !strcmp(asked, got))
        return NULL;
    if (home_path(got) && !home_path(asked)) {
        snprintf(msg, size, "redirected to a home page (%.200s), not the article", doc->url);
        return msg;
    }
    for (size_t i = 0; i < sizeof gates / sizeof *gates; i++)
        if (has_segment(got, gates[i]) && !has_segment(asked, gates[i])) {
            snprintf(msg, size, "redirected to a sign-in or subscription page (%.200s), not the article", doc->url);
            return msg;
        }
    return NULL;
}

/* parser_handle_doc's work on a body it may read: a feed to its items, a
 * page to its article. */
static void handle_body(const struct nw_doc *doc, const void *body, size_t body_len, struct nw_result *res)
{
    struct nw_err err = {0};
    char msg[600];
    if (res->kind == NW_KIND_ARTICLE || res->kind == NW_KIND_PAGE || res->kind == NW_KIND_REVISE) {
        if (redirected_away(doc, msg, sizeof msg)) {
            nw_str_set(&res->error, msg);
            res->permanent = true;
            return;
        }
        json_t *a = article_extract(body, body_len, doc->url, doc->content_type, &err);
        if (!a) {
            /* fetched, and not a page (a feed, no HTML, a consent form):
             * fetching it again would give the same; a bot check may let
             * a later try through */
            nw_str_set(&res->error, err.msg);
            res->permanent = err.code != ARTICLE_ERR_TEMPORARY;
            if (err.code == ARTICLE_ERR_TEMPORARY)
                atomic_fetch_add(&nw_stats.parse_bot_checks, 1);
            else if (err.code == ARTICLE_ERR_CONSENT)
                atomic_fetch_add(&nw_stats.parse_consent_forms, 1);
            return;
        }
        article_item(nw_vec_push(&res->items, sizeof(struct nw_item)), a);
        json_decref(a);
        return;
    }
    char *newest = NULL;
    json_t *f = feed_parse_for_text(body, body_len, doc->url, doc->content_type, &err, &newest);
    if (!f && newest) {
        /* a sitemap index: its newest sitemap is the one to read */
        nw_str_set(&res->error, err.msg);
        nw_str_set(&res->discovered, newest);
        res->sitemap_index = true;
        free(newest);
        return;
    }
    if (!f) {
        /* a web page instead of a feed: the feeds it announces, if any */
        json_t *found = feed_discover(body, body_len, doc->url);
        const json_t *first = json_array_get(found, 0);
        const char *u = json_is_true(json_object_get(first, "relative")) ? NULL : nw_json_str(first, "url");
        if (u) {
            snprintf(msg, sizeof msg, "an HTML page, not a feed; it announces %s", u);
            nw_str_set(&res->error, msg);
            nw_str_set(&res->discovered, u);
        } else {
            nw_str_set(&res->error, err.msg);
        }
        json_decref(found);
        return;
    }
    const json_t *fm = json_object_get(f, "feed");
    res->feed_title = json_strdup(fm, "title");
    res->feed_lang = json_strdup(fm, "language");
    const char *feed_author = nw_json_str(fm, "author");
    /* RSS <ttl>: the channel says how long it stays fresh; the next poll
     * is the later of that and the feed's interval (at most a day) */
    json_int_t ttl = json_integer_value(json_object_get(fm, "ttl"));
    if (ttl > 0 && ttl * 60000 > res->retry_after_ms)
        res->retry_after_ms = ttl < 1440 ? (int64_t)ttl * 60000 : 86400000;
    res->skip = skip_mask(fm);
    size_t i;
    json_t *e;
    struct known_set known;
    known_set_init(&known, &doc->job.known);
    json_array_foreach(json_object_get(f, "items"), i, e)
        feed_item(nw_vec_push(&res->items, sizeof(struct nw_item)), e, res->feed_lang, feed_author, &known);
    free(known.v);
    json_decref(f);
}

static atomic_ulong docs_done;

unsigned long parser_docs_done(void) { return atomic_load(&docs_done); }

struct worker {
    void *zctx;
    const struct nw_conf *conf;
    volatile int *stop;
    int poll_ms; /* how long a worker waits for a document before it looks at *stop */
    pthread_t thread;
    int rc;
};

static void *worker_main(void *arg)
{
    nw_thread_name("parse");
    struct worker *w = arg;
    char what[256] = "";
    int dochwm = w->conf->endpoints.hwm < 64 ? w->conf->endpoints.hwm : 64;
    void *in = nw_zsock_open(w->zctx, ZMQ_PULL, w->conf->endpoints.docs, false, dochwm, 0, what);
    void *out = nw_zsock_open(w->zctx, ZMQ_PUSH, w->conf->endpoints.results, false, w->conf->endpoints.hwm, 2000,
                              what);
    if (!in || !out) {
        log_error("parser: cannot %s: %s", what, zmq_strerror(errno));
        w->rc = -1;
        goto out;
    }
    int64_t last_beat = 0;
    bool ready = false; /* a message came last time: try the next before polling */
    while (!*w->stop) {
        if (!ready) {
            zmq_pollitem_t pi = {.socket = in, .events = ZMQ_POLLIN};
            int n = zmq_poll(&pi, 1, w->poll_ms);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                break;
            }
            if (n == 0)
                continue;
        }
        struct nw_msg m;
        struct nw_err err = {0};
        int rc = nw_msg_recv(in, &m, ZMQ_DONTWAIT, w->conf->endpoints.max_message, &err);
        ready = rc != -1;
        if (rc == -2) {
            nw_msg_dropped("parser", err.msg);
            continue;
        }
        if (rc < 0)
            continue;
        if (m.type != NW_MSG_DOC) {
            nw_msg_dropped("parser", "a message that is not a DOC");
            nw_msg_cleanup(&m);
            continue;
        }
        /* a heartbeat for the job being parsed, at most once a second */
        if (m.u.doc.job.id && nw_mono_ms() - last_beat >= 1000) {
            struct nw_credit c = {.worker = "parser", .held = {&m.u.doc.job.id, 1}};
            nw_msg_send(out, NULL, 0, NW_MSG_CREDIT, &c, NULL, 0, ZMQ_DONTWAIT);
            last_beat = nw_mono_ms();
        }
        struct nw_result res;
        parser_handle_doc(&m.u.doc, m.body, m.body_len, w->conf->parser.max_doc, &res);
        atomic_fetch_add(&nw_stats.parse_docs, 1);
        /* (a sitemap index is no failure: its sitemaps are read) */
        if (res.error && !res.sitemap_index && !m.u.doc.error && m.u.doc.status >= 200 && m.u.doc.status < 300)
            atomic_fetch_add(res.kind == NW_KIND_FEED ? &nw_stats.parse_feed_failures : &nw_stats.parse_page_failures, 1);
        if (res.error && !m.u.doc.error) /* fetch errors are the store's to log */
            log_debug("%s %s: %s", nw_kind_name(res.kind), res.url ? res.url : "?", res.error);
        /* blocking send: backpressure from the store slows the parsers */
        nw_msg_send_wait(out, NW_MSG_RESULT, &res, NULL, 0, w->stop);
        atomic_fetch_add(&docs_done, 1);
        nw_noun_cleanup(&nw_result_noun, &res);
        nw_msg_cleanup(&m);
    }
out:
    nw_zsock_close(in);
    nw_zsock_close(out);
    return NULL;
}

int parser_stage_run(void *zctx, const struct nw_conf *conf, volatile int *stop)
{
    return parser_stage_run_polling(zctx, conf, stop, 100);
}

int parser_stage_run_polling(void *zctx, const struct nw_conf *conf, volatile int *stop, int poll_ms)
{
    nw_thread_name("parser");
    int n = conf->parser.workers;
    itemcache_open(conf->parser.item_cache);
    struct worker *ws = nw_calloc((size_t)n, sizeof *ws);
    int rc = 0;
    for (int i = 0; i < n; i++) {
        ws[i] = (struct worker){.zctx = zctx, .conf = conf, .stop = stop, .poll_ms = poll_ms};
        if (pthread_create(&ws[i].thread, NULL, worker_main, &ws[i]) != 0)
            nw_fatal("parser: cannot start a worker thread");
    }
    for (int i = 0; i < n; i++) {
        pthread_join(ws[i].thread, NULL);
        if (ws[i].rc)
            rc = -1;
    }
    free(ws);
    itemcache_close();
    return rc;
}
