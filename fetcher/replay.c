/* Replay: feed files and HTML pages sent through the pipeline as if they
 * had been fetched. Article jobs are answered from the pages given. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <libxml/HTMLparser.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>
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
#include "warc.h"

/* A document to replay: a loose file, or a record of a WARC file. Its
 * bytes are read when it is sent (again from the archive, by offset), or
 * kept here when the archive cannot be read from the middle. */
struct replay_src {
    char *path;
    char *url;          /* feeds: the address it was fetched from; pages: canonical */
    char *fetch_url;    /* pages: the address as archived */
    char *content_type; /* from the archived HTTP headers */
    bool warc;
    uint64_t offset;    /* of the record in the WARC file */
    char *body;         /* kept bytes, or NULL */
    size_t len;
    bool claimed;       /* pages: sent for an article job */
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

static struct replay_src *push_src(struct replay_src **v, size_t *n)
{
    *v = nw_realloc(*v, (*n + 1) * sizeof **v);
    struct replay_src *x = &(*v)[(*n)++];
    memset(x, 0, sizeof *x);
    return x;
}

static void src_free(struct replay_src *x)
{
    free(x->path);
    free(x->url);
    free(x->fetch_url);
    free(x->content_type);
    free(x->body);
}

/* What a document is, by its bytes (and its declared type, if any). */
enum doc_class { DOC_OTHER, DOC_FEED, DOC_PAGE };

static enum doc_class classify(const char *d, size_t n, const char *ctype)
{
    if (ctype && (strcasestr(ctype, "html") && !strcasestr(ctype, "xhtml+xml")))
        return looks_like_html(d, n) || n ? DOC_PAGE : DOC_OTHER;
    size_t i = 0;
    if (n >= 3 && (unsigned char)d[0] == 0xEF && (unsigned char)d[1] == 0xBB && (unsigned char)d[2] == 0xBF)
        i = 3;
    while (i < n && isspace((unsigned char)d[i]))
        i++;
    size_t lim = n < 4096 ? n : 4096;
    if (i + 2 <= n && (unsigned char)d[0] == 0xFE && (unsigned char)d[1] == 0xFF)
        return DOC_FEED; /* UTF-16: the parser decides */
    if (i + 2 <= n && (unsigned char)d[0] == 0xFF && (unsigned char)d[1] == 0xFE)
        return DOC_FEED;
    if (i < n && d[i] == '{') {
        /* JSON Feed: its version key names it */
        for (size_t k = i; k + 24 < lim; k++)
            if (!strncmp(d + k, "https://jsonfeed.org/version", 28 < lim - k ? 28 : lim - k))
                return DOC_FEED;
        return DOC_OTHER;
    }
    if (i < n && d[i] == '<') {
        if (looks_like_html(d, n))
            return DOC_PAGE;
        for (size_t k = i; k + 5 < lim; k++)
            if (d[k] == '<' && (!strncmp(d + k, "<rss", 4) || !strncmp(d + k, "<feed", 5) ||
                                !strncmp(d + k, "<rdf:RDF", 8) || !strncmp(d + k, "<RDF", 4) ||
                                !strncmp(d + k, "<channel", 8)))
                return DOC_FEED;
        if (ctype && (strcasestr(ctype, "rss") || strcasestr(ctype, "atom") || strcasestr(ctype, "xml")))
            return DOC_FEED;
    }
    return DOC_OTHER;
}

/* Adds one document found at `path` (and, in an archive, `url`). */
static void add_doc(struct replay *r, const char *path, const char *url, const char *ctype, const char *d,
                    size_t n, bool warc, uint64_t offset, bool keep)
{
    enum doc_class k = classify(d, n, ctype);
    if (k == DOC_OTHER) {
        r->skipped++;
        return;
    }
    char *canon = NULL;
    if (k == DOC_PAGE) {
        canon = url && nw_url_is_http(url) ? nw_url_canonical(url) : NULL;
        if (!canon && !warc && r->nmap) {
            char real[PATH_MAX];
            if (realpath(path, real))
                for (size_t i = 0; i < r->nmap && !canon; i++)
                    if (!strcmp(r->map_path[i], real))
                        canon = nw_url_canonical(r->map_url[i]);
        }
        if (!canon)
            canon = page_url(d, n);
        if (!canon && r->page_url && !warc)
            canon = nw_url_is_http(r->page_url) ? nw_url_canonical(r->page_url) : NULL;
        if (!canon) {
            log_warn("replay: %s: HTML page without a canonical URL (give it with --url), skipped", path);
            r->failed++;
            return;
        }
    }
    struct replay_src *x = k == DOC_FEED ? push_src(&r->feeds, &r->nfeeds) : push_src(&r->pages, &r->npages);
    x->path = nw_strdup(path);
    x->url = canon ? canon : url ? nw_strdup(url) : NULL;
    x->fetch_url = url ? nw_strdup(url) : NULL;
    x->content_type = ctype ? nw_strdup(ctype) : NULL;
    x->warc = warc;
    x->offset = offset;
    if (keep) {
        x->body = nw_malloc(n + 1);
        memcpy(x->body, d, n);
        x->body[n] = '\0';
        x->len = n;
    }
}

/* Indexes the documents of a WARC file: response and resource records
 * with a 2xx payload. */
static int add_warc(struct replay *r, const char *path, size_t max_body)
{
    struct warc_reader *w;
    struct nw_err err = {0};
    if (warc_open(&w, path, max_body + 65536, &err) < 0) {
        fprintf(stderr, "newswire: replay: %s\n", err.msg);
        return -1;
    }
    struct warc_record rec;
    int rc;
    while ((rc = warc_next(w, &rec, &err)) != 0) {
        if (rc < 0) {
            log_warn("replay: %s (record skipped)", err.msg);
            r->failed++;
            continue;
        }
        r->records++;
        if (r->since && rec.date && rec.date < r->since) {
            warc_record_cleanup(&rec);
            continue;
        }
        bool response = !strcmp(rec.type, "response"), resource = !strcmp(rec.type, "resource");
        if (!strcmp(rec.type, "revisit")) {
            r->revisits++; /* the same payload as an earlier response: nothing new to store */
        } else if ((response || resource) && rec.too_large) {
            log_warn("replay: %s: offset %llu: record over fetcher.max_body, skipped", path,
                     (unsigned long long)rec.offset);
            r->failed++;
        } else if (response && rec.block && (!rec.content_type || strcasestr(rec.content_type, "application/http"))) {
            struct warc_http h;
            if (warc_http_parse(rec.block, rec.block_len, max_body, &h, &err) < 0) {
                log_warn("replay: %s: offset %llu: %s, skipped", path, (unsigned long long)rec.offset, err.msg);
                r->failed++;
            } else {
                if (h.status >= 200 && h.status < 300)
                    add_doc(r, path, rec.target_uri, h.content_type, (const char *)h.body, h.body_len, true,
                            rec.offset, !rec.seekable);
                else
                    r->skipped++;
                warc_http_cleanup(&h);
            }
        } else if (resource && rec.block) {
            add_doc(r, path, rec.target_uri, rec.content_type, (const char *)rec.block, rec.block_len, true,
                    rec.offset, !rec.seekable);
        }
        warc_record_cleanup(&rec);
    }
    warc_close(w);
    return 0;
}

/* Reads a loose file, undoing gzip. */
static int read_doc(const char *path, size_t max, struct nw_buf *out)
{
    struct nw_buf b;
    if (nw_buf_read_file(&b, path, max) < 0) {
        nw_buf_cleanup(&b);
        return -1;
    }
    if (b.len >= 2 && (unsigned char)b.data[0] == 0x1f && (unsigned char)b.data[1] == 0x8b) {
        memset(out, 0, sizeof *out);
        int rc = warc_gunzip(b.data, b.len, max, out);
        nw_buf_cleanup(&b);
        if (rc < 0) {
            errno = EINVAL;
            return -1;
        }
        return 0;
    }
    *out = b;
    return 0;
}

static bool is_warc_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char head[512];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b) {
        struct nw_buf out = {0};
        warc_gunzip(head, n, 4096, &out); /* the start is enough */
        bool w = warc_magic(out.data ? out.data : "", out.len);
        nw_buf_cleanup(&out);
        return w;
    }
    return warc_magic(head, n);
}

static int add_path(struct replay *r, const char *path, int depth, size_t max_body)
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
                if (add_path(r, child, depth + 1, max_body) < 0)
                    rc = -1;
            }
            free(list[i]);
        }
        free(list);
        return rc;
    }
    if (!S_ISREG(st.st_mode))
        return 0;
    if (is_warc_file(path))
        return add_warc(r, path, max_body);
    struct nw_buf b;
    if (read_doc(path, max_body, &b) < 0) {
        log_warn("replay: %s: %s, skipped", path, errno == EFBIG ? "over fetcher.max_body" : strerror(errno));
        r->failed++;
        return 0;
    }
    add_doc(r, path, NULL, NULL, b.data ? b.data : "", b.len, false, 0, false);
    nw_buf_cleanup(&b);
    return 0;
}

/* --url-map FILE: lines "PATH<TAB>URL" (or separated by spaces); blank
 * lines and # comments skipped; paths relative to the map's folder. */
static int read_url_map(struct replay *r, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "newswire: replay: %s: %s\n", file, strerror(errno));
        return -1;
    }
    char line[PATH_MAX], dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", file);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int rc = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (!*p || *p == '#')
            continue;
        char *sep = strchr(p, '\t');
        if (!sep)
            sep = strrchr(p, ' ');
        char *u = sep ? sep + 1 : NULL;
        while (u && isspace((unsigned char)*u))
            u++;
        if (!sep || !u || !nw_url_is_http(u)) {
            fprintf(stderr, "newswire: replay: %s:%d: expected \"PATH<TAB>URL\" with an http(s) URL\n", file, lineno);
            rc = -1;
            continue;
        }
        *sep = '\0';
        char joined[PATH_MAX * 3], real[PATH_MAX];
        if (p[0] == '/')
            snprintf(joined, sizeof joined, "%s", p);
        else
            snprintf(joined, sizeof joined, "%s/%s", dir, p);
        if (!realpath(joined, real)) {
            fprintf(stderr, "newswire: replay: %s:%d: %s: %s\n", file, lineno, p, strerror(errno));
            rc = -1;
            continue;
        }
        r->map_path = nw_realloc(r->map_path, (r->nmap + 1) * sizeof *r->map_path);
        r->map_url = nw_realloc(r->map_url, (r->nmap + 1) * sizeof *r->map_url);
        r->map_path[r->nmap] = nw_strdup(real);
        r->map_url[r->nmap++] = nw_strdup(u);
    }
    fclose(f);
    return rc;
}

int replay_open(struct replay *r, char *const *paths, int npaths, const char *page_url, const char *url_map,
                size_t max_body)
{
    bool reextract = r->reextract;
    int64_t since = r->since;
    memset(r, 0, sizeof *r);
    r->page_url = page_url;
    r->reextract = reextract;
    r->since = since;
    if (url_map && read_url_map(r, url_map) < 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < npaths; i++)
        if (add_path(r, paths[i], 0, max_body) < 0)
            rc = -1;
    return rc;
}

void replay_cleanup(struct replay *r)
{
    for (size_t i = 0; i < r->nmap; i++) {
        free(r->map_path[i]);
        free(r->map_url[i]);
    }
    free(r->map_path);
    free(r->map_url);
    for (size_t i = 0; i < r->nfeeds; i++)
        src_free(&r->feeds[i]);
    free(r->feeds);
    for (size_t i = 0; i < r->npages; i++)
        src_free(&r->pages[i]);
    free(r->page_index);
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

/* Sends one document as a DOC answering `job` (borrowed). */
static void send_src(void *docs, struct replay *r, const struct replay_src *x, const struct nw_job *job,
                     const char *url, const struct nw_conf *conf, volatile int *stop)
{
    struct nw_doc doc = {.job = *job, .url = (char *)url, .content_type = x->content_type, .private_addr = true,
                         .fetched = nw_now_ms() / 1000};
    struct nw_buf b = {0};
    struct nw_err err = {0};
    const char *body = x->body;
    size_t len = x->len;
    if (!body && x->warc) {
        struct warc_record rec;
        struct warc_http h = {0};
        if (warc_read_at(x->path, x->offset, conf->fetcher.max_body + 65536, &rec, &err) < 0) {
            /* err is set */
        } else {
            if (!strcmp(rec.type, "resource")) {
                nw_buf_append(&b, rec.block, rec.block_len);
            } else if (warc_http_parse(rec.block, rec.block_len, conf->fetcher.max_body, &h, &err) == 0) {
                nw_buf_append(&b, h.body, h.body_len);
                warc_http_cleanup(&h);
            }
            warc_record_cleanup(&rec);
        }
        body = b.data ? b.data : err.msg[0] ? NULL : "";
        len = b.len;
    } else if (!body) {
        if (read_doc(x->path, (size_t)conf->fetcher.max_body, &b) < 0)
            nw_err_set(&err, errno, "%s: %s", x->path, strerror(errno));
        body = err.msg[0] ? NULL : b.data ? b.data : "";
        len = b.len;
    }
    if (!body) {
        doc.error = err.msg;
        doc.permanent = true;
        atomic_fetch_add(&r->send_failed, 1);
        nw_msg_send_wait(docs, NW_MSG_DOC, &doc, NULL, 0, stop);
    } else {
        doc.status = 200;
        nw_msg_send_wait(docs, NW_MSG_DOC, &doc, body, len, stop);
    }
    nw_buf_cleanup(&b);
}

/* The page of a canonical URL, through an index built on first use (the
 * first page of a URL, as the scan in archive order found it). */
static struct replay_src *find_page(struct replay *r, const char *url)
{
    if (!r->page_index && r->npages) {
        size_t cap = 64;
        while (cap < 2 * r->npages)
            cap *= 2;
        r->page_index = nw_calloc(cap, sizeof *r->page_index);
        r->page_index_cap = cap;
        for (size_t i = 0; i < r->npages; i++) {
            size_t h = XXH3_64bits(r->pages[i].url, strlen(r->pages[i].url)) & (cap - 1);
            bool dup = false;
            for (; r->page_index[h] && !dup; h = (h + 1) & (cap - 1))
                dup = !strcmp(r->pages[r->page_index[h] - 1].url, r->pages[i].url);
            if (!dup)
                r->page_index[h] = i + 1;
        }
    }
    if (!r->page_index)
        return NULL;
    for (size_t h = XXH3_64bits(url, strlen(url)) & (r->page_index_cap - 1); r->page_index[h];
         h = (h + 1) & (r->page_index_cap - 1))
        if (!strcmp(r->pages[r->page_index[h] - 1].url, url))
            return &r->pages[r->page_index[h] - 1];
    return NULL;
}

int replay_run(void *zctx, const struct nw_conf *conf, struct replay *r, volatile int *stop)
{
    nw_thread_name("replay");
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
    /* an archive answers each job as it comes: nothing is ever in flight,
     * and room is reported again as soon as a job was taken */
    struct fetcher_credit credit;
    /* (never more than a socket queues: jobs beyond it would be dropped) */
    fetcher_credit_init(&credit, conf->endpoints.hwm < 256 ? conf->endpoints.hwm : 256, 1, 500);
    while (!*stop) {
        int64_t now = nw_mono_ms(), room = fetcher_credit_due(&credit, 0, now);
        if (room >= 0 && fetcher_report(jobs, worker, room, NULL, credit.taken) == 0)
            fetcher_credit_reported(&credit, room, now);
        /* answer article jobs first: they complete items already parked */
        struct nw_msg m;
        struct nw_err err = {0};
        int rc = nw_msg_recv(jobs, &m, ZMQ_DONTWAIT, conf->endpoints.max_message, &err);
        if (rc == 0 && m.type == NW_MSG_JOB && m.u.job.url) {
            fetcher_credit_spent(&credit);
            char *canon = nw_url_canonical(m.u.job.url);
            struct replay_src *page = canon ? find_page(r, canon) : NULL;
            if (page) {
                page->claimed = true;
                send_src(docs, r, page, &m.u.job, m.u.job.url, conf, stop);
                atomic_fetch_add(&r->docs_sent, 1); /* a page read, as an item's article */
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
            struct replay_src *x = &r->feeds[next_feed];
            char *url = x->url ? nw_strdup(x->url) : file_url(x->path);
            struct nw_job job = {.kind = NW_KIND_FEED, .url = url};
            send_src(docs, r, x, &job, url, conf, stop);
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
                    struct nw_job job = {.kind = r->reextract ? NW_KIND_REVISE : NW_KIND_PAGE,
                                         .url = r->pages[i].url};
                    send_src(docs, r, &r->pages[i], &job, r->pages[i].url, conf, stop);
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
