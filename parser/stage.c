/* The parser stage: DOCs in, RESULTs out, any number of worker threads. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "../common/jsonx.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../common/msg.h"
#include "../common/zsock.h"
#include "html.h"
#include "meta.h"
#include "parser.h"

/* Items whose feed text is shorter than this get their article fetched. */
#define FULL_TEXT_WORDS 100

/* Adds what the store needs beyond the parse contract: the item's plain
 * text, its word count, credited agencies, and whether the article page
 * must be fetched because the feed gives only a summary. */
static void enrich_item(json_t *it)
{
    const char *content = nw_json_str(it, "content");
    const char *summary = nw_json_str(it, "summary");
    char *text = NULL;
    size_t words = 0;
    if (content && *content) {
        text = html_fragment_text(content, strlen(content));
        words = html_word_count(text);
    }
    bool needs_article = words < FULL_TEXT_WORDS;
    if (!text && summary && *summary) {
        text = html_fragment_text(summary, strlen(summary));
        words = html_word_count(text);
    }
    nw_json_set_str(it, "text", text && *text ? text : NULL);
    json_object_set_new(it, "word_count", json_integer((json_int_t)words));
    json_object_set_new(it, "needs_article", json_boolean(needs_article));
    json_object_set_new(it, "agencies", meta_agencies(nw_json_str(it, "author"), text));
    free(text);
}

static const char *const passed_fields[] = {"job", "kind", "url", "feed", "status", "etag", "last_modified",
                                            "fetched", "private", "item", "content_type", "source",
                                            "permanent", "retry_after_ms", "name"};

json_t *parser_handle_doc(const json_t *doc, const void *body, size_t body_len, size_t max_doc)
{
    json_t *res = json_object();
    for (size_t i = 0; i < sizeof passed_fields / sizeof *passed_fields; i++) {
        json_t *v = json_object_get(doc, passed_fields[i]);
        if (v)
            json_object_set(res, passed_fields[i], v);
    }
    const char *kind = nw_json_str(doc, "kind");
    const char *url = nw_json_str(doc, "url");
    const char *ctype = nw_json_str(doc, "content_type");
    const char *error = nw_json_str(doc, "error");
    int64_t status = nw_json_int(doc, "status", 0);
    struct nw_err err = {0};
    if (error) {
        nw_json_set_str(res, "error", error);
        return res;
    }
    if (status == 304)
        return res;
    if (status && (status < 200 || status > 299)) {
        char b[64];
        snprintf(b, sizeof b, "HTTP status %d", (int)status);
        nw_json_set_str(res, "error", b);
        return res;
    }
    if (!body || body_len == 0) {
        nw_json_set_str(res, "error", "empty response body");
        return res;
    }
    if (body_len > max_doc) {
        nw_json_set_str(res, "error", "document larger than parser.max_doc");
        return res;
    }
    if (kind && !strcmp(kind, "article")) {
        json_t *a = article_extract(body, body_len, url, ctype, &err);
        if (!a) {
            nw_json_set_str(res, "error", err.msg);
            return res;
        }
        json_object_set_new(res, "article", a);
        return res;
    }
    json_t *f = feed_parse(body, body_len, url, ctype, &err);
    if (!f) {
        /* a web page instead of a feed: the feeds it announces, if any */
        json_t *found = feed_discover(body, body_len, url);
        if (json_array_size(found)) {
            char msg[600];
            snprintf(msg, sizeof msg, "an HTML page, not a feed; it announces %s",
                     nw_json_str(json_array_get(found, 0), "url"));
            nw_json_set_str(res, "error", msg);
            json_object_set(res, "discovered", found);
        } else {
            nw_json_set_str(res, "error", err.msg);
        }
        json_decref(found);
        return res;
    }
    json_object_set(res, "feed_meta", json_object_get(f, "feed"));
    json_t *items = json_object_get(f, "items");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) enrich_item(it);
    json_object_set(res, "items", items);
    json_decref(f);
    return res;
}

struct worker {
    void *zctx;
    const struct nw_conf *conf;
    volatile int *stop;
    pthread_t thread;
    int rc;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    char what[256] = "";
    void *in = nw_zsock_open(w->zctx, ZMQ_PULL, w->conf->endpoints.docs, false, w->conf->endpoints.hwm, 0, what);
    void *out = nw_zsock_open(w->zctx, ZMQ_PUSH, w->conf->endpoints.results, false, w->conf->endpoints.hwm, 2000,
                              what);
    if (!in || !out) {
        log_error("parser: cannot %s: %s", what, zmq_strerror(errno));
        w->rc = -1;
        goto out;
    }
    while (!*w->stop) {
        zmq_pollitem_t pi = {.socket = in, .events = ZMQ_POLLIN};
        int n = zmq_poll(&pi, 1, 100);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (n == 0)
            continue;
        struct nw_msg m;
        struct nw_err err = {0};
        int rc = nw_msg_recv(in, &m, ZMQ_DONTWAIT, &err);
        if (rc == -2) {
            log_warn("parser: dropped a message: %s", err.msg);
            continue;
        }
        if (rc < 0)
            continue;
        if (m.type != NW_MSG_DOC) {
            log_warn("parser: dropped an unexpected %s message", nw_msg_type_name(m.type));
            nw_msg_cleanup(&m);
            continue;
        }
        json_t *res = parser_handle_doc(m.fields, m.body, m.body_len, w->conf->parser.max_doc);
        const char *e = nw_json_str(res, "error");
        if (e && !nw_json_str(m.fields, "error")) /* fetch errors are the store's to log */
            log_debug("%s %s: %s", nw_json_str(res, "kind") ? nw_json_str(res, "kind") : "doc",
                     nw_json_str(res, "url") ? nw_json_str(res, "url") : "?", e);
        /* blocking send: backpressure from the store slows the parsers */
        nw_msg_send_wait(out, NW_MSG_RESULT, res, NULL, 0, w->stop);
        json_decref(res);
        nw_msg_cleanup(&m);
    }
out:
    nw_zsock_close(in);
    nw_zsock_close(out);
    return NULL;
}

int parser_stage_run(void *zctx, const struct nw_conf *conf, volatile int *stop)
{
    int n = conf->parser.workers;
    struct worker *ws = nw_calloc((size_t)n, sizeof *ws);
    int rc = 0;
    for (int i = 0; i < n; i++) {
        ws[i] = (struct worker){.zctx = zctx, .conf = conf, .stop = stop};
        if (pthread_create(&ws[i].thread, NULL, worker_main, &ws[i]) != 0)
            nw_fatal("parser: cannot start a worker thread");
    }
    for (int i = 0; i < n; i++) {
        pthread_join(ws[i].thread, NULL);
        if (ws[i].rc)
            rc = -1;
    }
    free(ws);
    return rc;
}
