/* Replay: feed files and HTML pages sent through the pipeline as if they
 * had been fetched. Article jobs are answered from the pages given. */
#include <dirent.h>
#include <errno.h>
#include <libxml/HTMLparser.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zmq.h>

#include "../common/buf.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../common/msg.h"
#include "../common/nwtime.h"
#include "../common/url.h"
#include "../common/zsock.h"
#include "fetcher.h"

struct replay_page {
    char *path;
    char *url; /* canonical */
    bool claimed;
};

static bool looks_like_html(const char *d, size_t n)
{
    size_t lim = n < 2048 ? n : 2048;
    for (size_t i = 0; i + 5 < lim; i++)
        if (d[i] == '<' && (!strncasecmp(d + i, "<html", 5) || !strncasecmp(d + i, "<!doctype html", 14)))
            return true;
    return false;
}

/* The page's own address: <link rel=canonical>, else og:url. */
static char *page_url(const char *data, size_t len)
{
    htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc)
        return NULL;
    char *canon = NULL, *og = NULL;
    xmlNodePtr stack[64];
    int sp = 0;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root)
        stack[sp++] = root;
    while (sp > 0) {
        xmlNodePtr n = stack[--sp];
        for (; n; n = n->next) {
            if (n->type != XML_ELEMENT_NODE)
                continue;
            if (!strcasecmp((const char *)n->name, "link") && !canon) {
                xmlChar *rel = xmlGetProp(n, (const xmlChar *)"rel"), *href = xmlGetProp(n, (const xmlChar *)"href");
                if (rel && href && !strcasecmp((const char *)rel, "canonical"))
                    canon = nw_strdup((const char *)href);
                xmlFree(rel);
                xmlFree(href);
            } else if (!strcasecmp((const char *)n->name, "meta") && !og) {
                xmlChar *p = xmlGetProp(n, (const xmlChar *)"property"), *c = xmlGetProp(n, (const xmlChar *)"content");
                if (p && c && !strcasecmp((const char *)p, "og:url"))
                    og = nw_strdup((const char *)c);
                xmlFree(p);
                xmlFree(c);
            } else if (!strcasecmp((const char *)n->name, "body")) {
                continue; /* the head is enough */
            }
            if (n->children && sp < 64 && (!strcasecmp((const char *)n->name, "html") ||
                                          !strcasecmp((const char *)n->name, "head")))
                stack[sp++] = n->children;
        }
    }
    xmlFreeDoc(doc);
    char *src = canon ? canon : og;
    char *res = src && nw_url_is_http(src) ? nw_url_canonical(src) : NULL;
    free(canon);
    free(og);
    return res;
}

static int add_path(struct replay *r, const char *path, int depth)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "newswire: replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (depth > 32)
            return 0;
        struct dirent **list;
        int n = scandir(path, &list, NULL, alphasort);
        if (n < 0) {
            fprintf(stderr, "newswire: replay: %s: %s\n", path, strerror(errno));
            return -1;
        }
        int rc = 0;
        for (int i = 0; i < n; i++) {
            if (list[i]->d_name[0] != '.') {
                char child[PATH_MAX];
                snprintf(child, sizeof child, "%s/%s", path, list[i]->d_name);
                if (add_path(r, child, depth + 1) < 0)
                    rc = -1;
            }
            free(list[i]);
        }
        free(list);
        return rc;
    }
    if (!S_ISREG(st.st_mode))
        return 0;
    struct nw_buf b;
    if (nw_buf_read_file(&b, path, 64u << 20) < 0) {
        fprintf(stderr, "newswire: replay: %s: %s\n", path, strerror(errno));
        nw_buf_cleanup(&b);
        return -1;
    }
    if (looks_like_html(b.data ? b.data : "", b.len)) {
        char *url = page_url(b.data, b.len);
        if (!url) {
            log_warn("replay: %s: HTML page without a canonical URL, skipped", path);
        } else {
            r->pages = nw_realloc(r->pages, (r->npages + 1) * sizeof *r->pages);
            r->pages[r->npages++] = (struct replay_page){.path = nw_strdup(path), .url = url};
        }
    } else {
        r->feeds = nw_realloc(r->feeds, (r->nfeeds + 1) * sizeof *r->feeds);
        r->feeds[r->nfeeds++] = nw_strdup(path);
    }
    nw_buf_cleanup(&b);
    return 0;
}

int replay_open(struct replay *r, char *const *paths, int npaths)
{
    memset(r, 0, sizeof *r);
    int rc = 0;
    for (int i = 0; i < npaths; i++)
        if (add_path(r, paths[i], 0) < 0)
            rc = -1;
    return rc;
}

void replay_cleanup(struct replay *r)
{
    for (size_t i = 0; i < r->nfeeds; i++)
        free(r->feeds[i]);
    free(r->feeds);
    for (size_t i = 0; i < r->npages; i++) {
        free(r->pages[i].path);
        free(r->pages[i].url);
    }
    free(r->pages);
    memset(r, 0, sizeof *r);
}

static char *file_url(const char *path)
{
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        snprintf(abs, sizeof abs, "%s", path);
    struct nw_buf b = {0};
    nw_buf_puts(&b, "file://");
    nw_buf_puts(&b, abs);
    return nw_buf_steal(&b);
}

/* Sends one file as a DOC answering `job` (borrowed). */
static void send_file(void *docs, const char *path, const struct nw_job *job, const char *url,
                      const struct nw_conf *conf, volatile int *stop)
{
    struct nw_doc doc = {.job = *job, .url = (char *)url, .private_addr = true, .fetched = nw_now_ms() / 1000};
    struct nw_buf b;
    char msg[512];
    if (nw_buf_read_file(&b, path, (size_t)conf->fetcher.max_body) < 0) {
        snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
        doc.error = msg;
        doc.permanent = true;
        nw_msg_send_wait(docs, NW_MSG_DOC, &doc, NULL, 0, stop);
    } else {
        doc.status = 200;
        nw_msg_send_wait(docs, NW_MSG_DOC, &doc, b.data ? b.data : "", b.len, stop);
    }
    nw_buf_cleanup(&b);
}

int replay_run(void *zctx, const struct nw_conf *conf, struct replay *r, volatile int *stop)
{
    char what[256] = "";
    void *jobs = nw_zsock_open(zctx, ZMQ_DEALER, conf->endpoints.jobs, false, conf->endpoints.hwm, 0, what);
    void *docs = jobs ? nw_zsock_open(zctx, ZMQ_PUSH, conf->endpoints.docs, true, 64, 2000, what) : NULL;
    if (!docs) {
        log_error("replay: cannot %s: %s", what, zmq_strerror(errno));
        nw_zsock_close(jobs);
        return -1;
    }
    char worker[200];
    fetcher_worker_name("replay", worker, sizeof worker);
    size_t next_feed = 0;
    int64_t last_report = 0;
    while (!*stop) {
        /* an archive answers at once: it always has room */
        if (nw_mono_ms() - last_report >= 500 && fetcher_report(jobs, worker, 256, NULL) == 0)
            last_report = nw_mono_ms();
        /* answer article jobs first: they complete items already parked */
        struct nw_msg m;
        struct nw_err err = {0};
        int rc = nw_msg_recv(jobs, &m, ZMQ_DONTWAIT, conf->endpoints.max_message, &err);
        if (rc == 0 && m.type == NW_MSG_JOB && m.u.job.url) {
            char *canon = nw_url_canonical(m.u.job.url);
            struct replay_page *page = NULL;
            for (size_t i = 0; canon && i < r->npages && !page; i++)
                if (!strcmp(r->pages[i].url, canon))
                    page = &r->pages[i];
            if (page) {
                page->claimed = true;
                send_file(docs, page->path, &m.u.job, m.u.job.url, conf, stop);
            } else {
                struct nw_doc doc = {.job = m.u.job, .url = m.u.job.url, .error = "not in the replayed archive",
                                     .permanent = true};
                nw_msg_send_wait(docs, NW_MSG_DOC, &doc, NULL, 0, stop);
            }
            free(canon);
            nw_msg_cleanup(&m);
            continue;
        }
        if (rc == 0) {
            nw_msg_dropped("replay", "a message that is not a JOB with a URL");
            nw_msg_cleanup(&m);
            continue;
        }
        if (rc == -2) {
            nw_msg_dropped("replay", err.msg);
            continue;
        }
        if (next_feed < r->nfeeds) {
            char *url = file_url(r->feeds[next_feed]);
            struct nw_job job = {.kind = NW_KIND_FEED, .url = url};
            send_file(docs, r->feeds[next_feed], &job, url, conf, stop);
            free(url);
            atomic_fetch_add(&r->docs_sent, 1);
            if (++next_feed == r->nfeeds)
                atomic_store(&r->feeds_done, 1);
            continue;
        }
        if (!atomic_load(&r->feeds_done))
            atomic_store(&r->feeds_done, 1);
        if (atomic_load(&r->send_pages) && !atomic_load(&r->pages_done)) {
            for (size_t i = 0; i < r->npages && !*stop; i++)
                if (!r->pages[i].claimed) {
                    struct nw_job job = {.kind = NW_KIND_PAGE, .url = r->pages[i].url};
                    send_file(docs, r->pages[i].path, &job, r->pages[i].url, conf, stop);
                    atomic_fetch_add(&r->docs_sent, 1);
                }
            atomic_store(&r->pages_done, 1);
            continue;
        }
        zmq_pollitem_t pi = {.socket = jobs, .events = ZMQ_POLLIN};
        zmq_poll(&pi, 1, 50);
    }
    nw_zsock_close(jobs);
    nw_zsock_close(docs);
    return 0;
}
