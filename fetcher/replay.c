/* Replay: feed files and HTML pages sent through the pipeline as if they
 * had been fetched. Article jobs are answered from the pages given. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#include "../common/buf.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../common/msg.h"
#include "../common/nwtime.h"
#include "../common/refresh.h"
#include "../common/url.h"
#include "../common/zsock.h"
#include "fetcher.h"
#include "warc.h"

/* A page met in the inputs: a loose file, or a record of a WARC file.
 * Its bytes stay here while memory allows; then they are read again from
 * the file (a WARC record by its offset), or from the spill file when the
 * archive cannot be read from the middle. */
struct replay_src {
    const char *path;   /* one of r->files */
    char *url;          /* canonical */
    char *content_type; /* from the archived HTTP headers */
    bool warc;
    uint64_t offset;    /* of the record in the WARC file */
    char *body;         /* kept bytes, or NULL */
    size_t len;
    bool cached;        /* body is a copy, dropped when memory is short */
    bool only_here;     /* a record of a whole-file gzip: not read again from the archive */
    bool spilled;       /* its bytes wait in the spill file, at spill_off */
    uint64_t spill_off;
    bool claimed;       /* pages: sent for an article job */
    bool truncated;     /* its payload was cut at a length limit */
};

static bool looks_like_html(const char *d, size_t n)
{
    size_t lim = n < 2048 ? n : 2048;
    for (size_t i = 0; i + 5 < lim; i++)
        if (d[i] == '<' && (!strncasecmp(d + i, "<html", 5) || !strncasecmp(d + i, "<!doctype html", 14)))
            return true;
    return false;
}

static struct replay_src *push_src(struct replay_src **v, size_t *n)
{
    /* the array doubles when its count reaches a power of two */
    if (*n < 4 || (*n & (*n - 1)) == 0)
        *v = nw_realloc(*v, (*n < 4 ? 4 : 2 * *n) * sizeof **v);
    struct replay_src *x = &(*v)[(*n)++];
    memset(x, 0, sizeof *x);
    return x;
}

static void src_free(struct replay_src *x)
{
    free(x->url);
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
            if (d[k] == '<' &&
                (!strncmp(d + k, "<rss", 4) || !strncmp(d + k, "<feed", 5) || !strncmp(d + k, "<rdf:RDF", 8) ||
                 !strncmp(d + k, "<RDF", 4) || !strncmp(d + k, "<channel", 8) || !strncmp(d + k, "<urlset", 7)))
                return DOC_FEED;
        if (ctype && (strcasestr(ctype, "rss") || strcasestr(ctype, "atom") || strcasestr(ctype, "xml")))
            return DOC_FEED;
    }
    return DOC_OTHER;
}

/* Reads a loose file, undoing gzip or zstd. */
static int read_doc(const char *path, size_t max, struct nw_buf *out)
{
    struct nw_buf b;
    if (nw_buf_read_file(&b, path, max) < 0) {
        nw_buf_cleanup(&b);
        return -1;
    }
    if (nw_buf_packing(b.data, b.len)) {
        memset(out, 0, sizeof *out);
        int rc = nw_buf_unpack(out, b.data, b.len, max);
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
        nw_buf_inflate(&out, head, n, 15 + 16, 4096); /* the start is enough */
        bool w = warc_magic(out.data ? out.data : "", out.len) || warc_arc_start(out.data ? out.data : "", out.len);
        nw_buf_cleanup(&out);
        return w;
    }
    if (warc_zst_start(head, n))
        return warc_zst_file(path);
    return warc_magic(head, n) || warc_arc_start(head, n);
}

/* Files and folders met while listing, by device and inode: a folder
 * reached again through a symbolic link (a loop, or two ways to one
 * place) and a file reached twice are listed once. */
struct seen {
    uint64_t *dev, *ino; /* open addressing; ino 0 = empty (no file has inode 0) */
    size_t cap, n;
};

/* Whether (dev, ino) was met already; records it if not. */
static bool seen_before(struct seen *s, uint64_t dev, uint64_t ino)
{
    if (!ino)
        return false;
    if (s->n * 2 >= s->cap) {
        struct seen bigger = {.cap = s->cap ? s->cap * 2 : 256};
        bigger.dev = nw_calloc(bigger.cap, sizeof *bigger.dev);
        bigger.ino = nw_calloc(bigger.cap, sizeof *bigger.ino);
        for (size_t i = 0; i < s->cap; i++)
            if (s->ino[i])
                seen_before(&bigger, s->dev[i], s->ino[i]);
        free(s->dev);
        free(s->ino);
        *s = bigger;
    }
    size_t i = (size_t)((dev * 0x9E3779B97F4A7C15ull ^ ino) * 0xBF58476D1CE4E5B9ull >> 17) & (s->cap - 1);
    for (; s->ino[i]; i = (i + 1) & (s->cap - 1))
        if (s->ino[i] == ino && s->dev[i] == dev)
            return true;
    s->dev[i] = dev;
    s->ino[i] = ino;
    s->n++;
    return false;
}

/* Lists the regular files under `path`, folders in name order. A path
 * given (depth 0) that cannot be read is an error (-1); below it, an
 * entry that cannot be read (a dangling link, a folder without rights)
 * is said and counted failed, and the rest is listed. */
static int add_path(struct replay *r, struct seen *seen, const char *path, int depth)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "newswire: replay: %s: %s%s\n", path, strerror(errno), depth ? " (skipped)" : "");
        if (!depth)
            return -1;
        atomic_fetch_add(&r->failed, 1);
        return 0;
    }
    if (seen_before(seen, (uint64_t)st.st_dev, (uint64_t)st.st_ino)) {
        if (S_ISDIR(st.st_mode))
            fprintf(stderr, "newswire: replay: %s: a folder listed already (through a symbolic link): skipped\n",
                    path);
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        if (depth > 32)
            return 0;
        struct dirent **list;
        int n = scandir(path, &list, NULL, alphasort);
        if (n < 0) {
            fprintf(stderr, "newswire: replay: %s: %s%s\n", path, strerror(errno), depth ? " (skipped)" : "");
            if (!depth)
                return -1;
            atomic_fetch_add(&r->failed, 1);
            return 0;
        }
        int rc = 0;
        for (int i = 0; i < n; i++) {
            if (list[i]->d_name[0] != '.') {
                char child[PATH_MAX];
                snprintf(child, sizeof child, "%s/%s", path, list[i]->d_name);
                if (add_path(r, seen, child, depth + 1) < 0)
                    rc = -1;
            }
            free(list[i]);
        }
        free(list);
        return rc;
    }
    if (!S_ISREG(st.st_mode))
        return 0;
    if (r->nfiles < 4 || (r->nfiles & (r->nfiles - 1)) == 0)
        r->files = nw_realloc(r->files, (r->nfiles < 4 ? 4 : 2 * r->nfiles) * sizeof *r->files);
    r->files[r->nfiles++] = (struct replay_file){.path = nw_strdup(path), .size = (uint64_t)st.st_size};
    r->bytes_total += (uint64_t)st.st_size;
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

int replay_open(struct replay *r, char *const *paths, int npaths, const char *page_url, const char *url_map)
{
    bool reextract = r->reextract;
    int64_t since = r->since;
    size_t cache = r->cache_bytes;
    char *(*find_url)(const char *, size_t) = r->find_url;
    memset(r, 0, sizeof *r);
    r->cache_bytes = cache;
    r->find_url = find_url;
    r->page_url = page_url;
    r->reextract = reextract;
    r->since = since;
    if (url_map && read_url_map(r, url_map) < 0)
        return -1;
    int rc = 0;
    struct seen seen = {0};
    for (int i = 0; i < npaths; i++)
        if (add_path(r, &seen, paths[i], 0) < 0)
            rc = -1;
    free(seen.dev);
    free(seen.ino);
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
    for (size_t i = 0; i < r->nfiles; i++)
        free(r->files[i].path);
    free(r->files);
    for (size_t i = 0; i < r->npages; i++)
        src_free(&r->pages[i]);
    free(r->page_index);
    free(r->pages);
    free(r->sent);
    for (size_t i = 0; i < r->nanswers; i++) {
        free(r->answers[i].from);
        free(r->answers[i].to);
        free(r->answers[i].error);
    }
    free(r->answers);
    free(r->answer_index);
    free(r->payloads);
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

/* What replay_run's thread holds while it reads the inputs. */
struct scan {
    struct replay *r;
    const struct nw_conf *conf;
    void *docs;
    volatile int *stop;
    size_t file;              /* the next of r->files to open */
    struct warc_reader *w;    /* the WARC file being read, or NULL */
    const char *wpath;
    uint64_t bytes_before;    /* of the files before the current one */
    struct parked *parked;    /* article jobs whose page has not been read yet */
    size_t nparked;
    size_t cached_bytes;      /* of the pages' cached bodies */
    int spill_fd;             /* pages that cannot be read again, out of memory; -1: none yet */
    uint64_t spill_len;
    unsigned long spilled;
    bool spill_failed;
    char *open_end;           /* a malformed record of an .open file, told at the next step: at the
                                 end of the file it is the record being written, not a failure */
    unsigned long on_arrival, from_memory, read_again; /* pages sent for jobs: as read, kept, read again */
    unsigned long as_read;    /* pages sent as read, before any feed */
    size_t uncache_from;      /* pages before this one hold no cached body */
    int64_t expect_at;        /* when jobs were last to be expected: the first feed sent, or a
                                 kept page taken (monotonic ms) */
    bool no_wait;             /* a wait ran out with the room still full: pages are not waited
                                 for again until one that was dropped is asked for */
    bool waiting;
    unsigned long paused;     /* times reading waited for jobs to take kept pages */
};

struct parked {
    struct nw_msg m;          /* the JOB */
    char *canon;              /* its URL, canonical, or where its redirects lead */
    uint64_t hash;
    char *via;                /* where its redirects lead (not canonical), or NULL */
};

/* Sends `body` (NULL: the document could not be read, err_msg says why)
 * as a DOC answering `job` (borrowed); truncated: the archive says the
 * body was cut at a length limit (WARC-Truncated). With `take`, the body
 * is of the heap and taken (see nw_msg_send_wait_taking), not copied. */
static void send_doc(struct scan *s, const struct nw_job *job, const char *url, const char *content_type,
                     const char *body, size_t len, const char *err_msg, bool truncated, bool take)
{
    struct nw_doc doc = {.job = *job,
                         .url = (char *)url,
                         .content_type = (char *)content_type,
                         .private_addr = true,
                         .fetched = nw_now_ms() / 1000,
                         .truncated = truncated};
    /* a document the parser would not take (over parser.max_doc, or a
     * message over endpoints.max_message, which no socket passes) goes as
     * a failure of its own, answered like any other */
    size_t cap = s->conf->parser.max_doc, room = s->conf->endpoints.max_message;
    room -= room / 8 < 65536 ? room / 8 : 65536; /* the DOC's fields beside its body */
    char too_big[200];
    if (body && len > (cap < room ? cap : room)) {
        snprintf(too_big, sizeof too_big, "a document of %zu bytes, over the %zu bytes one may have "
                 "(parser.max_doc, endpoints.max_message)", len, cap < room ? cap : room);
        log_warn("replay: %s: %s", url ? url : "?", too_big);
        if (take)
            free((char *)body);
        body = NULL;
        err_msg = too_big;
    }
    /* counted before it goes: its result cannot be committed before the
     * count that waits for it is there */
    atomic_fetch_add(&s->r->docs_sent, 1);
    if (!body) {
        doc.error = (char *)err_msg;
        doc.permanent = true;
        atomic_fetch_add(&s->r->send_failed, 1);
        nw_msg_send_wait(s->docs, NW_MSG_DOC, &doc, NULL, 0, s->stop);
    } else if (take) {
        doc.status = 200;
        nw_msg_send_wait_taking(s->docs, NW_MSG_DOC, &doc, (char *)body, len, s->stop);
    } else {
        doc.status = 200;
        nw_msg_send_wait(s->docs, NW_MSG_DOC, &doc, body, len, s->stop);
    }
}

static void send_body(struct scan *s, const struct nw_job *job, const char *url, const char *content_type,
                      const char *body, size_t len, const char *err_msg, bool truncated)
{
    send_doc(s, job, url, content_type, body, len, err_msg, truncated, false);
}

/* A resource record's payload, its block, at most max_body bytes of it:
 * its length; whether it was cut (here, or by its writer) in *cut. */
static size_t resource_payload(const struct warc_record *rec, size_t max_body, bool *cut)
{
    *cut = rec->truncated || rec->block_len > max_body;
    return rec->block_len < max_body ? rec->block_len : max_body;
}

/* The payload of the WARC record that starts at `offset` in path, read
 * again into b: a resource's block, a response's HTTP body with its
 * codings undone. With status and ctype, the response's status (200 for a
 * resource) and its Content-Type (allocated, or NULL); with truncated,
 * whether the payload was cut at a length limit. Returns 0, or -1 with
 * err set. */
static int payload_at(const char *path, uint64_t offset, size_t max_body, struct nw_buf *b, int *status, char **ctype,
                      bool *truncated, struct nw_err *err)
{
    struct warc_record rec;
    struct warc_http h = {0};
    if (warc_read_at(path, offset, max_body + 65536, &rec, err) < 0)
        return -1;
    int rc = 0;
    if (!strcmp(rec.type, "resource")) {
        bool cut;
        nw_buf_append(b, rec.block, resource_payload(&rec, max_body, &cut));
        if (truncated)
            *truncated = cut;
        if (status)
            *status = 200;
        if (ctype)
            *ctype = rec.content_type ? nw_strdup(rec.content_type) : NULL;
    } else if (warc_http_parse(rec.block, rec.block_len, max_body, &h, err) == 0) {
        nw_buf_append(b, h.body, h.body_len);
        if (truncated)
            *truncated = rec.truncated || h.truncated;
        if (status)
            *status = h.status;
        if (ctype)
            *ctype = h.content_type ? nw_strdup(h.content_type) : NULL;
        warc_http_cleanup(&h);
    } else {
        rc = -1;
    }
    warc_record_cleanup(&rec);
    return rc;
}

/* The bytes of a page read earlier: its kept bytes, or its record or file
 * read again (into b, or `spilled`, a buffer of the caller's to free).
 * Sets *body and *len; *body is NULL, err saying why, when it cannot be
 * read. A record read again for a page that keeps no Content-Type (one
 * sent as read) sets *ctype to its archived one (allocated, or NULL). */
static void src_read(struct scan *s, const struct replay_src *x, struct nw_buf *b, char **spilled, const char **body,
                     size_t *len, char **ctype, struct nw_err *err)
{
    const struct nw_conf *conf = s->conf;
    *body = x->body;
    *len = x->len;
    *spilled = NULL;
    if (!*body && x->only_here && !x->spilled) {
        nw_err_set(err, ENOENT, "%s: a page of a whole-file gzip archive, not kept once sent", x->path);
    } else if (!*body && x->spilled) {
        *spilled = nw_malloc(x->len + 1);
        size_t got = 0;
        while (got < x->len) {
            ssize_t k = pread(s->spill_fd, *spilled + got, x->len - got, (off_t)(x->spill_off + got));
            if (k <= 0) {
                if (k < 0 && errno == EINTR)
                    continue;
                nw_err_set(err, k < 0 ? errno : EIO, "%s: a page of it set aside for later could not be read back",
                           x->path);
                break;
            }
            got += (size_t)k;
        }
        *body = err->msg[0] ? NULL : *spilled;
        *len = x->len;
    } else if (!*body && x->warc) {
        payload_at(x->path, x->offset, (size_t)conf->fetcher.max_body, b, NULL, x->content_type ? NULL : ctype, NULL,
                   err);
        *body = b->data ? b->data : err->msg[0] ? NULL : "";
        *len = b->len;
    } else if (!*body) {
        if (read_doc(x->path, (size_t)conf->fetcher.max_body, b) < 0)
            nw_err_set(err, errno, "%s: %s", x->path, strerror(errno));
        *body = err->msg[0] ? NULL : b->data ? b->data : "";
        *len = b->len;
    }
}

/* Sends a page read earlier (see src_read). The bytes read for it go
 * with the message, not copied; so do its kept bytes when `last` (it is
 * sent for the last time: dropped from the cache as drop_cached drops a
 * page that was claimed). */
static void send_src(struct scan *s, struct replay_src *x, const struct nw_job *job, const char *url, bool last)
{
    struct nw_buf b = {0};
    struct nw_err err = {0};
    char *spilled, *ctype = NULL;
    const char *body;
    size_t len;
    src_read(s, x, &b, &spilled, &body, &len, &ctype, &err);
    char *own = NULL;
    if (body && body == spilled) {
        own = spilled;
        spilled = NULL;
    } else if (body && body == b.data) {
        own = nw_buf_steal(&b);
    } else if (body && body == x->body && x->cached && last) {
        own = x->body;
        x->body = NULL;
        x->cached = false;
        s->cached_bytes -= x->len;
        if (!x->spilled)
            x->len = 0;
    }
    send_doc(s, job, url, x->content_type ? x->content_type : ctype, body, len, err.msg, x->truncated, own != NULL);
    free(ctype);
    free(spilled);
    nw_buf_cleanup(&b);
}

/* The file pages that cannot be read again wait in once out of memory:
 * unnamed, in $TMPDIR (else /tmp). Returns its descriptor, or -1. */
static int spill_open(void)
{
    const char *dir = getenv("TMPDIR");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/newswire-replay-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    return fd;
}

/* Writes a page that cannot be read again from its archive to the spill
 * file. Returns whether it is there. */
static bool spill(struct scan *s, struct replay_src *x)
{
    if (s->spill_failed)
        return false;
    if (s->spill_fd < 0 && (s->spill_fd = spill_open()) < 0) {
        log_warn("replay: no temporary file for the pages of a whole-file gzip archive (%s): they stay in memory",
                 strerror(errno));
        s->spill_failed = true;
        return false;
    }
    size_t put = 0;
    while (put < x->len) {
        ssize_t k = pwrite(s->spill_fd, x->body + put, x->len - put, (off_t)(s->spill_len + put));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            log_warn("replay: cannot set pages aside in a temporary file (%s): they stay in memory", strerror(errno));
            s->spill_failed = true;
            return false;
        }
        put += (size_t)k;
    }
    x->spilled = true;
    x->spill_off = s->spill_len;
    s->spill_len += x->len;
    s->spilled++;
    return true;
}

/* Takes a page's bytes out of memory: they are read again from the
 * input, or from the spill file for a page that cannot be (kept in
 * memory when that file cannot be written). */
static void drop_cached(struct scan *s, struct replay_src *x)
{
    if (!x->cached || !x->body)
        return;
    s->cached_bytes -= x->len;
    x->cached = false;
    /* (a page sent already is not set aside: it is asked for again only
     * when its answer was lost, and then its item keeps its summary) */
    if (x->only_here && !x->spilled && !x->claimed && !spill(s, x))
        return; /* stays, no longer counted as cache */
    free(x->body);
    x->body = NULL;
    if (!x->spilled)
        x->len = 0;
}

static uint64_t url_hash(const char *url)
{
    return XXH3_64bits(url, strlen(url));
}

/* Adds page i to the index unless a page of its URL is there: the first
 * page of a URL in reading order answers for it. */
static void index_page(struct replay *r, size_t i)
{
    size_t cap = r->page_index_cap;
    for (size_t h = url_hash(r->pages[i].url) & (cap - 1);; h = (h + 1) & (cap - 1)) {
        if (!r->page_index[h]) {
            r->page_index[h] = i + 1;
            return;
        }
        if (!strcmp(r->pages[r->page_index[h] - 1].url, r->pages[i].url))
            return;
    }
}

/* The index over r->pages after one was pushed: kept under half full. */
static void index_grow(struct replay *r)
{
    if (2 * r->npages <= r->page_index_cap)
        return;
    size_t cap = r->page_index_cap ? 2 * r->page_index_cap : 64;
    free(r->page_index);
    r->page_index = nw_calloc(cap, sizeof *r->page_index);
    r->page_index_cap = cap;
    for (size_t i = 0; i < r->npages; i++)
        index_page(r, i);
}

/* The page of a canonical URL among those read so far. */
static struct replay_src *find_page(struct replay *r, const char *url)
{
    if (!r->page_index)
        return NULL;
    for (size_t h = url_hash(url) & (r->page_index_cap - 1); r->page_index[h];
         h = (h + 1) & (r->page_index_cap - 1))
        if (!strcmp(r->pages[r->page_index[h] - 1].url, url))
            return &r->pages[r->page_index[h] - 1];
    return NULL;
}

/* The index of the input file at `path` (one of r->files' own). */
static uint32_t file_index(const struct scan *s, const char *path)
{
    if (s->file && s->r->files[s->file - 1].path == path)
        return (uint32_t)(s->file - 1);
    for (size_t i = 0; i < s->r->nfiles; i++)
        if (s->r->files[i].path == path)
            return (uint32_t)i;
    return 0;
}

static struct replay_sent *sent_slot(struct replay_sent *t, size_t cap, uint64_t hash, uint32_t check)
{
    size_t h = hash & (cap - 1);
    while (t[h].hash && (t[h].hash != hash || t[h].check != check))
        h = (h + 1) & (cap - 1);
    return &t[h];
}

static void sent_key(const char *url, uint64_t *hash, uint32_t *check)
{
    XXH128_hash_t k = XXH3_128bits(url, strlen(url));
    *hash = k.low64 ? k.low64 : 1;
    *check = (uint32_t)k.high64;
}

/* Remembers a page sent as read (see struct replay_sent); the first page
 * of a URL in reading order answers for it, as index_page has it. */
static void sent_put(struct scan *s, const char *url, const char *path, uint64_t offset, bool warc, bool only_here,
                     bool truncated)
{
    struct replay *r = s->r;
    if (2 * (r->nsent + 1) > r->sent_cap) {
        size_t cap = r->sent_cap ? 2 * r->sent_cap : 1024;
        struct replay_sent *t = nw_calloc(cap, sizeof *t);
        for (size_t i = 0; i < r->sent_cap; i++)
            if (r->sent[i].hash)
                *sent_slot(t, cap, r->sent[i].hash, r->sent[i].check) = r->sent[i];
        free(r->sent);
        r->sent = t;
        r->sent_cap = cap;
    }
    uint64_t hash;
    uint32_t check;
    sent_key(url, &hash, &check);
    struct replay_sent *e = sent_slot(r->sent, r->sent_cap, hash, check);
    if (e->hash)
        return;
    *e = (struct replay_sent){.hash = hash,
                              .check = check,
                              .offset = offset,
                              .file = file_index(s, path) & 0x1fffffff,
                              .warc = warc,
                              .only_here = only_here,
                              .truncated = truncated};
    r->nsent++;
}

/* A page read earlier, of a canonical URL: one kept (find_page), else
 * one sent as read, written into *sent as a page whose bytes are read
 * again (borrowing url and the file's path); NULL when there is none. */
static struct replay_src *find_read(struct replay *r, const char *url, struct replay_src *sent)
{
    struct replay_src *x = find_page(r, url);
    if (x || !r->nsent)
        return x;
    uint64_t hash;
    uint32_t check;
    sent_key(url, &hash, &check);
    const struct replay_sent *e = sent_slot(r->sent, r->sent_cap, hash, check);
    if (!e->hash)
        return NULL;
    *sent = (struct replay_src){.path = r->files[e->file].path,
                                .url = (char *)url,
                                .warc = e->warc,
                                .offset = e->offset,
                                .only_here = e->only_here,
                                .truncated = e->truncated,
                                .claimed = true};
    return sent;
}

static void answer_index_put(struct replay *r, size_t i)
{
    size_t cap = r->answer_index_cap;
    size_t h = url_hash(r->answers[i].from) & (cap - 1);
    while (r->answer_index[h])
        h = (h + 1) & (cap - 1);
    r->answer_index[h] = i + 1;
}

/* What the archive holds for the canonical address `from` besides a
 * document (struct replay_answer), or NULL. */
static struct replay_answer *answer_get(const struct replay *r, const char *from)
{
    if (!r->answer_index)
        return NULL;
    size_t cap = r->answer_index_cap;
    for (size_t h = url_hash(from) & (cap - 1); r->answer_index[h]; h = (h + 1) & (cap - 1))
        if (!strcmp(r->answers[r->answer_index[h] - 1].from, from))
            return &r->answers[r->answer_index[h] - 1];
    return NULL;
}

/* Where the canonical address `from` sends its reader on, or NULL. */
static const char *redirect_get(const struct replay *r, const char *from)
{
    const struct replay_answer *a = answer_get(r, from);
    return a ? a->to : NULL;
}

/* A new entry of the table (its index kept under half full). */
static struct replay_answer *answer_add(struct replay *r, char *from)
{
    r->answers = nw_realloc(r->answers, (r->nanswers + 1) * sizeof *r->answers);
    r->answers[r->nanswers++] = (struct replay_answer){.from = from};
    if (2 * r->nanswers > r->answer_index_cap) {
        size_t cap = r->answer_index_cap ? 2 * r->answer_index_cap : 64;
        free(r->answer_index);
        r->answer_index = nw_calloc(cap, sizeof *r->answer_index);
        r->answer_index_cap = cap;
        for (size_t i = 0; i + 1 < r->nanswers; i++)
            answer_index_put(r, i);
    }
    answer_index_put(r, r->nanswers - 1);
    return &r->answers[r->nanswers - 1];
}

/* A failure met in the inputs for the address `url` (as archived): an
 * HTTP status, or a fetch error. The last of an address counts (a fetch
 * tried again); a redirect read for it, before or after, wins. */
static void failure_put(struct replay *r, const char *url, int status, const char *error)
{
    char *canon = nw_url_canonical(url);
    if (!canon)
        return;
    struct replay_answer *a = answer_get(r, canon);
    if (a && a->to) {
        free(canon);
        return;
    }
    if (a)
        free(canon);
    else
        a = answer_add(r, canon);
    free(a->error);
    a->status = status;
    a->error = error ? nw_strdup(error) : NULL;
}

/* The page an article job for the canonical address `canon` is answered
 * with among those read: its own, else the one its redirects lead to (up
 * to fetcher.max_redirects of them), as the live fetcher followed them.
 * *at: the canonical address reached (a new string: where the job waits
 * for its page); *via: the last redirect's address (borrowed), or NULL.
 * `sent` as in find_read, its url borrowing *at. */
static struct replay_src *lead(struct scan *s, const char *canon, struct replay_src *sent, char **at, const char **via)
{
    char *cur = nw_strdup(canon);
    const char *to = NULL;
    struct replay_src *page = find_read(s->r, cur, sent);
    for (int hops = 0; !page && hops < s->conf->fetcher.max_redirects; hops++) {
        const char *next = redirect_get(s->r, cur);
        char *c = next ? nw_url_canonical(next) : NULL;
        if (!c)
            break;
        free(cur);
        cur = c;
        to = next;
        page = find_read(s->r, cur, sent);
    }
    *at = cur;
    *via = to;
    return page;
}

static void answer_job(struct scan *s, struct nw_msg *m, bool reading);

/* Takes parked job i out of the list (its message is the caller's). */
static void unpark(struct scan *s, size_t i)
{
    free(s->parked[i].canon);
    free(s->parked[i].via);
    s->parked[i] = s->parked[--s->nparked];
}

/* A redirect met in the inputs: from the address `from` (as archived) to
 * `to`. The first of an address in reading order counts, as a page's
 * does; the jobs waiting for `from` go on to where it leads. */
static void redirect_put(struct scan *s, const char *from, const char *to)
{
    struct replay *r = s->r;
    atomic_fetch_add(&r->redirects_found, 1);
    char *canon = nw_url_canonical(from), *target = nw_url_canonical(to);
    struct replay_answer *a = canon ? answer_get(r, canon) : NULL;
    bool keep = canon && target && strcmp(canon, target) && !(a && a->to);
    free(target);
    if (!keep) {
        free(canon);
        return;
    }
    if (a) { /* a failure read before: the redirect wins */
        free(canon);
        canon = a->from;
        free(a->error);
        a->error = NULL;
        a->status = 0;
    } else {
        a = answer_add(r, canon);
    }
    a->to = nw_strdup(to);
    /* the jobs parked for `from`, taken out first: answered, or parked
     * again where the redirects lead */
    uint64_t h = url_hash(canon);
    struct nw_msg *moved = NULL;
    size_t nmoved = 0;
    for (size_t i = 0; i < s->nparked;) {
        struct parked *p = &s->parked[i];
        if (p->hash == h && !strcmp(p->canon, canon)) {
            moved = nw_realloc(moved, (nmoved + 1) * sizeof *moved);
            moved[nmoved++] = p->m;
            unpark(s, i);
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < nmoved; i++)
        answer_job(s, &moved[i], true);
    free(moved);
}

/* Pages are kept after reading them, up to r->cache_bytes, for the
 * article jobs that come once their feed is stored: an archive written as
 * it was fetched holds a feed and then its articles, so the jobs mostly
 * ask for a page read a moment ago, which is then sent without reading it
 * a second time. This drops cached bodies, oldest first, down to `limit`
 * bytes; a page dropped is read again if asked for. */
#define READ_AHEAD_WAIT_MS 200 /* a kept page taken this recently: more jobs are coming */
static void uncache(struct scan *s, size_t limit)
{
    struct replay *r = s->r;
    for (; s->cached_bytes > limit && s->uncache_from < r->npages; s->uncache_from++)
        drop_cached(s, &r->pages[s->uncache_from]);
}

/* The article jobs parked for the canonical address `canon` answered
 * with the document d (n bytes) read for it. Returns whether there were
 * any. */
static bool answer_parked(struct scan *s, const char *canon, const char *ctype, const char *d, size_t n, bool truncated)
{
    uint64_t h = url_hash(canon);
    bool any = false;
    for (size_t i = 0; i < s->nparked;) {
        struct parked *p = &s->parked[i];
        if (p->hash == h && !strcmp(p->canon, canon)) {
            any = true;
            s->on_arrival++;
            send_body(s, &p->m.u.job, p->via ? p->via : p->m.u.job.url, ctype, d, n, NULL, truncated);
            nw_msg_cleanup(&p->m);
            unpark(s, i);
        } else {
            i++;
        }
    }
    return any;
}

/* Whether url (may be NULL) is an http(s) site's robots.txt (RFC 9309:
 * at its root, no query). */
static bool robots_url(const char *url)
{
    const char *p = url && nw_url_is_http(url) ? strstr(url, "://") : NULL;
    if (!p)
        return false;
    p = strchr(p + 3, '/');
    return p && !strcmp(p, "/robots.txt");
}

/* One document met in the inputs at `path` (and, in an archive, `url`),
 * its bytes in hand: a feed is sent; a page is indexed, and sent now to
 * the article jobs already waiting for it. */
static void found_doc(struct scan *s, const char *path, const char *url, const char *ctype, const char *d, size_t n,
                      bool warc, uint64_t offset, bool only_here, bool truncated)
{
    struct replay *r = s->r;
    enum doc_class k = classify(d, n, ctype);
    bool other = k == DOC_OTHER;
    if (other && warc && robots_url(url)) {
        /* a site's rules, archived by the crawler that obeyed them */
        atomic_fetch_add(&r->robots, 1);
        return;
    }
    if (other) {
        atomic_fetch_add(&r->skipped, 1);
        /* an archived answer that is no page (a PDF, an image) still
         * answers the article jobs for its address, as the fetcher's did:
         * the parser says why it is no article */
        if (!warc || !url || !nw_url_is_http(url))
            return;
    }
    if (k == DOC_FEED) {
        char *u = url ? nw_strdup(url) : file_url(path);
        struct nw_job job = {.kind = NW_KIND_FEED, .url = u, .archive = (char *)r->archive};
        send_body(s, &job, u, ctype, d, n, NULL, truncated);
        free(u);
        if (atomic_fetch_add(&r->feeds_found, 1) == 0)
            s->expect_at = nw_mono_ms(); /* its jobs come once it is stored */
        return;
    }
    /* the page's own address: its record's, the one --url-map gives its
     * file, else --url's */
    const char *addr = url && nw_url_is_http(url) ? url : NULL;
    if (!addr && !warc && r->nmap) {
        char real[PATH_MAX];
        if (realpath(path, real))
            for (size_t i = 0; i < r->nmap && !addr; i++)
                if (!strcmp(r->map_path[i], real))
                    addr = r->map_url[i];
    }
    /* a page that sends its reader on at once is a redirect, no page: the
     * jobs for its address are answered with the page it leads to, as the
     * live fetcher followed it (refresh.h) */
    const char *own = addr ? addr : !warc && r->page_url && nw_url_is_http(r->page_url) ? r->page_url : NULL;
    char *to = other ? NULL : nw_html_refresh(d, n, own, NW_REFRESH_MAX_S, NULL);
    if (to) {
        if (own)
            redirect_put(s, own, to);
        else
            atomic_fetch_add(&r->redirects_found, 1);
        free(to);
        return;
    }
    char *canon = addr ? nw_url_canonical(addr) : NULL;
    if (!canon && !other)
        canon = r->find_url ? r->find_url(d, n) : NULL;
    if (!canon && r->page_url && !warc)
        canon = nw_url_is_http(r->page_url) ? nw_url_canonical(r->page_url) : NULL;
    if (!canon && other)
        return;
    if (!canon) {
        log_warn("replay: %s: HTML page without a canonical URL (give it with --url), skipped", path);
        atomic_fetch_add(&r->failed, 1);
        return;
    }
    if (other) {
        /* no page: it answers the jobs waiting for its address now, and is
         * remembered as where to read it again for any to come */
        answer_parked(s, canon, ctype, d, n, truncated);
        if (!only_here)
            sent_put(s, canon, path, offset, warc, only_here, truncated);
        free(canon);
        return;
    }
    if (atomic_load(&r->feeds_found) == 0) {
        /* a page met before any feed document: no feed of the inputs can
         * have listed it yet, so it goes as it is read, as it would at the
         * end (an archive of pages alone, as CC-NEWS publishes them, is
         * then stored as it is read, and read once), and is remembered
         * only as where to read it again (struct replay_sent) */
        atomic_fetch_add(&r->pages_found, 1);
        sent_put(s, canon, path, offset, warc, only_here, truncated);
        struct nw_job job = {
            .kind = r->reextract ? NW_KIND_REVISE : NW_KIND_PAGE, .url = canon, .archive = (char *)r->archive};
        send_body(s, &job, canon, ctype, d, n, NULL, truncated);
        s->as_read++;
        free(canon);
        return;
    }
    struct replay_src *x = push_src(&r->pages, &r->npages);
    x->path = path; /* r->files' own */
    x->url = canon;
    x->content_type = ctype ? nw_strdup(ctype) : NULL;
    x->truncated = truncated;
    x->warc = warc;
    x->offset = offset;
    x->only_here = only_here;
    index_grow(r);
    index_page(r, r->npages - 1);
    atomic_fetch_add(&r->pages_found, 1);
    /* (an earlier page of this URL answers for it, if there is one) */
    if (find_page(r, canon) == x && answer_parked(s, canon, x->content_type, d, n, truncated))
        x->claimed = true;
    if (x->claimed)
        return;
    /* kept for the job to come */
    x->body = nw_malloc(n + 1);
    memcpy(x->body, d, n);
    x->body[n] = '\0';
    x->len = n;
    x->cached = true;
    s->cached_bytes += n;
    uncache(s, 2 * r->cache_bytes); /* the loop keeps it under the bound; this, under twice it */
}

/* The key of a payload digest: its hash, its case aside ("sha1:" and
 * base32 as writers spell them); never 0, the empty slot's. */
static uint64_t payload_key(const char *digest)
{
    char low[128];
    size_t n = strnlen(digest, sizeof low - 1);
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)digest[i]);
    uint64_t k = XXH3_64bits(low, n);
    return k ? k : 1;
}

/* The slot of a payload key in a table of cap slots (a power of two):
 * the one holding it, else the empty one where it would go. */
static struct replay_payload *payload_slot(struct replay_payload *t, size_t cap, uint64_t key)
{
    size_t h = key & (cap - 1);
    while (t[h].key && t[h].key != key)
        h = (h + 1) & (cap - 1);
    return &t[h];
}

static struct replay_payload *payload_find(struct replay *r, uint64_t key)
{
    struct replay_payload *p = r->payloads_cap ? payload_slot(r->payloads, r->payloads_cap, key) : NULL;
    return p && p->key ? p : NULL;
}

/* A response's payload key and the hash of its canonical URL, worked out
 * once for repeated() and payload_put(); false when it has no digest or
 * no target. */
struct payload_id {
    uint64_t key;
    uint32_t url;
};
static bool payload_id(const struct warc_record *rec, struct payload_id *id)
{
    if (!rec->payload_digest || !rec->target_uri)
        return false;
    id->key = payload_key(rec->payload_digest);
    char *canon = nw_url_canonical(rec->target_uri);
    id->url = (uint32_t)url_hash(canon ? canon : rec->target_uri);
    free(canon);
    return true;
}

/* Remembers a response of the file being read by its payload digest (the
 * first one of a payload stays, unless it was left out by --since and this
 * one is replayed), and whether it can be read again. Up to
 * REPLAY_MAX_PAYLOADS, then no more: revisits of later ones are not
 * resolved. */
static void payload_put(struct scan *s, const struct warc_record *rec, const struct payload_id *id, bool replayed)
{
    struct replay *r = s->r;
    if (r->npayloads >= REPLAY_MAX_PAYLOADS || s->file - 1 > 0x3fffffff)
        return;
    if (2 * (r->npayloads + 1) > r->payloads_cap) {
        size_t cap = r->payloads_cap ? 2 * r->payloads_cap : 1024;
        struct replay_payload *old = r->payloads, *t = nw_calloc(cap, sizeof *t);
        for (size_t i = 0; i < r->payloads_cap; i++)
            if (old[i].key)
                *payload_slot(t, cap, old[i].key) = old[i];
        free(old);
        r->payloads = t;
        r->payloads_cap = cap;
    }
    struct replay_payload *p = payload_slot(r->payloads, r->payloads_cap, id->key);
    if (p->key && (p->replayed || !replayed))
        return;
    bool added = !p->key; /* else one left out by --since gives way to this one, replayed */
    *p = (struct replay_payload){.key = id->key,
                                 .url = id->url,
                                 .offset = rec->offset,
                                 .file = (uint32_t)(s->file - 1) & 0x3fffffff,
                                 .replayed = replayed,
                                 .seekable = rec->seekable};
    r->npayloads += added;
}

/* Whether a response repeats the payload of one replayed before it at
 * the same address (a feed archived at every poll by a crawler that
 * writes no revisits): it would bring nothing new. */
static bool repeated(struct scan *s, const struct payload_id *id)
{
    const struct replay_payload *p = payload_find(s->r, id->key);
    return p && p->replayed && p->url == id->url;
}

/* A revisit: the same payload as a response read before it. Of the same
 * URL, replayed already, it brings nothing new. Of another URL (a page
 * served at two addresses, deduplicated by the crawler), or of one left
 * out by --since, that response is replayed as the revisit's document:
 * found by its payload digest and read again by its offset, else, for a
 * page of a whole-file gzip or a response without a digest, found by the
 * URL the revisit names among the pages read (kept in memory or set
 * aside). */
static void revisit(struct scan *s, const struct warc_record *rec)
{
    struct replay *r = s->r;
    atomic_fetch_add(&r->revisits, 1);
    if (!rec->target_uri || (!rec->payload_digest && !rec->refers_to_uri))
        return; /* a 304 (server-not-modified) of its own address: the same document again */
    char *canon = nw_url_canonical(rec->target_uri);
    const char *target = canon ? canon : rec->target_uri;
    uint32_t url = (uint32_t)url_hash(target);
    struct replay_payload *p = rec->payload_digest ? payload_find(r, payload_key(rec->payload_digest)) : NULL;
    char *ref = rec->refers_to_uri ? nw_url_canonical(rec->refers_to_uri) : NULL;
    bool same = p ? p->url == url : ref ? !strcmp(ref, target) : false;
    if (same && (!p || p->replayed)) {
        free(canon);
        free(ref);
        return;
    }
    size_t max_body = (size_t)s->conf->fetcher.max_body;
    struct nw_err err = {0};
    if (p && p->seekable) {
        const char *path = r->files[p->file].path;
        struct nw_buf b = {0};
        int status = 0;
        char *ctype = NULL;
        bool cut = false;
        if (payload_at(path, p->offset, max_body, &b, &status, &ctype, &cut, &err) < 0) {
            log_warn("replay: %s: offset %llu: the response a revisit of %s repeats: %s", path,
                     (unsigned long long)p->offset, rec->target_uri, err.msg);
            atomic_fetch_add(&r->failed, 1);
        } else if (status >= 200 && status < 300) {
            atomic_fetch_add(&r->revisits_resolved, 1);
            /* a page is read again from that response when its job comes */
            found_doc(s, path, rec->target_uri, ctype, b.data ? b.data : "", b.len, true, p->offset, false, cut);
        }
        free(ctype);
        nw_buf_cleanup(&b);
    } else {
        struct replay_src sent;
        struct replay_src *x = ref && !same ? find_read(r, ref, &sent) : NULL;
        struct nw_buf b = {0};
        char *spilled = NULL, *ctype = NULL;
        const char *body = NULL;
        size_t len = 0;
        if (x)
            src_read(s, x, &b, &spilled, &body, &len, &ctype, &err);
        if (body) {
            atomic_fetch_add(&r->revisits_resolved, 1);
            found_doc(s, x->path, rec->target_uri, x->content_type ? x->content_type : ctype, body, len, x->warc,
                      x->offset, x->only_here, x->truncated);
        } else {
            atomic_fetch_add(&r->revisits_unresolved, 1);
        }
        free(ctype);
        free(spilled);
        nw_buf_cleanup(&b);
    }
    free(canon);
    free(ref);
}

/* Reads the next record of the WARC file being read. */
static void warc_step(struct scan *s)
{
    struct replay *r = s->r;
    size_t max_body = (size_t)s->conf->fetcher.max_body;
    struct warc_record rec;
    struct nw_err err = {0};
    int rc = warc_next(s->w, &rec, &err);
    atomic_store(&r->bytes_read, s->bytes_before + warc_position(s->w));
    if (s->open_end) {
        if (rc == 0) {
            log_info("replay: %s: its last record is being written (an .open file): left for a later replay",
                     s->wpath);
        } else {
            log_warn("replay: %s (record skipped)", s->open_end);
            atomic_fetch_add(&r->failed, 1);
        }
        free(s->open_end);
        s->open_end = NULL;
    }
    if (rc < 0 && strlen(s->wpath) > 5 && !strcmp(s->wpath + strlen(s->wpath) - 5, ".open")) {
        s->open_end = nw_strdup(err.msg);
        return;
    }
    if (rc == 0) {
        warc_close(s->w);
        s->w = NULL;
        return;
    }
    if (rc < 0) {
        log_warn("replay: %s (record skipped)", err.msg);
        atomic_fetch_add(&r->failed, 1);
        return;
    }
    atomic_fetch_add(&r->records, 1);
    const char *path = s->wpath;
    bool response = !strcmp(rec.type, "response"), resource = !strcmp(rec.type, "resource");
    if (r->since && rec.date && rec.date < r->since) {
        /* older than --since: left out (a revisit since may bring it) */
        struct payload_id id;
        if (response && payload_id(&rec, &id))
            payload_put(s, &rec, &id, false);
    } else if (!strcmp(rec.type, "revisit")) {
        revisit(s, &rec);
    } else if (response && rec.block && (!rec.content_type || strcasestr(rec.content_type, "application/http"))) {
        struct warc_http h;
        if (warc_http_parse(rec.block, rec.block_len, max_body, &h, &err) < 0) {
            log_warn("replay: %s: offset %llu: %s, skipped", path, (unsigned long long)rec.offset, err.msg);
            atomic_fetch_add(&r->failed, 1);
        } else {
            struct payload_id id;
            bool ok = h.status >= 200 && h.status < 300, known = ok && payload_id(&rec, &id);
            char *to = ok && h.refresh && rec.target_uri
                           ? nw_refresh_header(h.refresh, rec.target_uri, NW_REFRESH_MAX_S, NULL)
                           : NULL;
            if (to) {
                redirect_put(s, rec.target_uri, to); /* its Refresh header sends the reader on */
                free(to);
            } else if (known && repeated(s, &id)) {
                atomic_fetch_add(&r->repeats, 1);
            } else if (ok) {
                found_doc(s, path, rec.target_uri, h.content_type, (const char *)h.body, h.body_len, true, rec.offset,
                          !rec.seekable, rec.truncated || h.truncated);
                if (known)
                    payload_put(s, &rec, &id, true);
            } else if (h.location && rec.target_uri && nw_redirect_status(h.status)) {
                char *to = nw_url_resolve(rec.target_uri, h.location);
                if (to && nw_url_is_http(to))
                    redirect_put(s, rec.target_uri, to);
                else
                    atomic_fetch_add(&r->skipped, 1);
                free(to);
            } else {
                bool robots = robots_url(rec.target_uri);
                atomic_fetch_add(robots ? &r->robots : &r->skipped, 1);
                if (!robots && rec.target_uri && nw_url_is_http(rec.target_uri) && h.status >= 400)
                    failure_put(r, rec.target_uri, h.status, NULL);
            }
            warc_http_cleanup(&h);
        }
    } else if (!strcmp(rec.type, "metadata") && rec.block && rec.target_uri && nw_url_is_http(rec.target_uri) &&
               !strncmp((const char *)rec.block, "fetch-error: ", 13)) {
        /* a fetch that got no answer, as newswire's fetcher archives it */
        const char *e = (const char *)rec.block + 13;
        char *msg = nw_strndup(e, strcspn(e, "\r\n"));
        failure_put(r, rec.target_uri, 0, msg);
        free(msg);
    } else if (resource && rec.block) {
        bool cut;
        size_t n = resource_payload(&rec, max_body, &cut);
        found_doc(s, path, rec.target_uri, rec.content_type, (const char *)rec.block, n, true, rec.offset,
                  !rec.seekable, cut);
    }
    warc_record_cleanup(&rec);
}

/* Reads on: one WARC record, or one file. Returns false at the end of
 * the inputs. */
static bool scan_step(struct scan *s)
{
    struct replay *r = s->r;
    if (s->w) {
        warc_step(s);
        if (!s->w)
            s->bytes_before += r->files[s->file - 1].size;
        return true;
    }
    if (s->file >= r->nfiles)
        return false;
    const struct replay_file *f = &r->files[s->file++];
    size_t max_body = (size_t)s->conf->fetcher.max_body;
    if (is_warc_file(f->path)) {
        struct nw_err err = {0};
        if (warc_open(&s->w, f->path, max_body + 65536, &err) < 0) {
            log_warn("replay: %s, skipped", err.msg);
            atomic_fetch_add(&r->failed, 1);
            s->w = NULL;
        } else {
            s->wpath = f->path;
            return true;
        }
    } else {
        struct nw_buf b;
        if (read_doc(f->path, max_body, &b) < 0) {
            log_warn("replay: %s: %s, skipped", f->path, errno == EFBIG ? "over fetcher.max_body" : strerror(errno));
            atomic_fetch_add(&r->failed, 1);
        } else {
            found_doc(s, f->path, NULL, NULL, b.data ? b.data : "", b.len, false, 0, false, false);
            nw_buf_cleanup(&b);
        }
    }
    s->bytes_before += f->size;
    atomic_store(&r->bytes_read, s->bytes_before);
    return true;
}

/* An article job: answered from a page read already, kept until its page
 * is read, or answered as missing once every input has been read. */
static void answer_job(struct scan *s, struct nw_msg *m, bool reading)
{
    char *own = nw_url_canonical(m->u.job.url), *canon = NULL;
    const char *via = NULL;
    struct replay_src sent;
    struct replay_src *page = own ? lead(s, own, &sent, &canon, &via) : NULL;
    free(own);
    if (page) {
        page->claimed = true;
        /* jobs are taking pages read already: reading on would push out
         * the ones they ask for next */
        s->expect_at = nw_mono_ms();
        if (page->body) {
            s->from_memory++;
        } else {
            s->read_again++;
            s->no_wait = false; /* dropped too early: wait again */
        }
        send_src(s, page, &m->u.job, via ? via : m->u.job.url, true);
        drop_cached(s, page); /* sent: read again if ever asked again */
    } else if (canon && reading) {
        s->parked = nw_realloc(s->parked, (s->nparked + 1) * sizeof *s->parked);
        s->parked[s->nparked++] =
            (struct parked){.m = *m, .canon = canon, .hash = url_hash(canon), .via = via ? nw_strdup(via) : NULL};
        return; /* the message is kept */
    } else {
        /* no page: the failure the archive holds for where the link led
         * (an HTTP error, a fetch with no answer), as live, else none */
        const struct replay_answer *failed = canon ? answer_get(s->r, canon) : NULL;
        failed = failed && !failed->to ? failed : NULL;
        struct nw_doc doc = {.job = m->u.job,
                             .url = via ? (char *)via : m->u.job.url,
                             .fetched = nw_now_ms() / 1000,
                             .private_addr = true,
                             .status = failed ? failed->status : 0,
                             .error = failed ? failed->error : (char *)NW_NOT_IN_ARCHIVE,
                             .permanent = true};
        /* counted first, as in send_body */
        atomic_fetch_add(failed ? &s->r->failures_replayed : &s->r->pages_missing, 1);
        nw_msg_send_wait(s->docs, NW_MSG_DOC, &doc, NULL, 0, s->stop);
    }
    free(canon);
    nw_msg_cleanup(m);
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
    struct scan s = {.r = r, .conf = conf, .docs = docs, .stop = stop, .spill_fd = -1};
    bool reading = true;
    /* an archive answers a job as soon as its page has been read: the
     * jobs kept for pages not read yet are the ones in flight, and room
     * is reported again as soon as a job was taken */
    struct fetcher_credit credit;
    /* (never more than a socket queues: jobs beyond it would be dropped) */
    fetcher_credit_init(&credit, conf->endpoints.hwm < 256 ? conf->endpoints.hwm : 256, 1, 500);
    while (!*stop) {
        int64_t now = nw_mono_ms(), room = fetcher_credit_due(&credit, (int64_t)s.nparked, now);
        if (room >= 0 && fetcher_report(jobs, worker, room, NULL, credit.taken) == 0)
            fetcher_credit_reported(&credit, room, now);
        /* answer article jobs first: they complete items already parked */
        struct nw_msg m;
        struct nw_err err = {0};
        int rc = nw_msg_recv(jobs, &m, ZMQ_DONTWAIT, conf->endpoints.max_message, &err);
        if (rc == 0 && m.type == NW_MSG_JOB && m.u.job.url) {
            fetcher_credit_spent(&credit);
            answer_job(&s, &m, reading);
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
        if (reading && s.cached_bytes > r->cache_bytes) {
            /* the kept pages fill their room: while jobs are taking them
             * (their feeds are being stored), reading on would only push
             * out pages about to be asked for, to be read and inflated a
             * second time; else the oldest go. A job waiting for a page
             * not read yet is answered by reading on. With the store in
             * this process, the jobs to come are known to be coming while
             * feeds sent are not committed yet; into a daemon, while jobs
             * have been taking pages in the last moment. */
            bool coming = r->feeds_committed ? atomic_load(&r->feeds_found) > atomic_load(r->feeds_committed)
                                             : !s.no_wait && nw_mono_ms() - s.expect_at < READ_AHEAD_WAIT_MS;
            if (!s.nparked && coming) {
                zmq_pollitem_t pi = {.socket = jobs, .events = ZMQ_POLLIN};
                zmq_poll(&pi, 1, 5);
                s.paused++;
                s.waiting = true;
                continue;
            }
            /* pages nobody asks for fill the room (an archive holding
             * more than its feeds list): waiting would only slow reading */
            s.no_wait |= s.waiting;
            s.waiting = false;
            uncache(&s, r->cache_bytes);
        }
        if (reading) {
            if (scan_step(&s))
                continue;
            reading = false;
            /* every input read: the jobs still waiting have no page */
            size_t n = s.nparked;
            s.nparked = 0;
            for (size_t i = 0; i < n; i++) {
                free(s.parked[i].canon);
                free(s.parked[i].via);
                answer_job(&s, &s.parked[i].m, false);
            }
            atomic_store(&r->feeds_done, 1);
            continue;
        }
        if (atomic_load(&r->send_pages) && !atomic_load(&r->pages_done)) {
            for (size_t i = 0; i < r->npages && !*stop; i++)
                if (!r->pages[i].claimed) {
                    struct nw_job job = {.kind = r->reextract ? NW_KIND_REVISE : NW_KIND_PAGE,
                                         .url = r->pages[i].url, .archive = (char *)r->archive};
                    send_src(&s, &r->pages[i], &job, r->pages[i].url, false);
                }
            atomic_store(&r->pages_done, 1);
            continue;
        }
        zmq_pollitem_t pi = {.socket = jobs, .events = ZMQ_POLLIN};
        zmq_poll(&pi, 1, 10); /* a job, else the stop flag soon */
    }
    log_debug("replay: pages sent for article jobs: %lu as read (the job came first), %lu from memory, %lu read "
              "again; %lu pages sent as read, before any feed; reading waited %lu times for jobs",
              s.on_arrival, s.from_memory, s.read_again, s.as_read, s.paused);
    if (s.spill_len)
        log_debug("replay: %lu pages set aside in a temporary file (%llu bytes)", s.spilled,
                  (unsigned long long)s.spill_len);
    for (size_t i = 0; i < s.nparked; i++) {
        nw_msg_cleanup(&s.parked[i].m);
        free(s.parked[i].canon);
        free(s.parked[i].via);
    }
    free(s.parked);
    if (s.w)
        warc_close(s.w);
    free(s.open_end);
    if (s.spill_fd >= 0)
        close(s.spill_fd);
    nw_zsock_close(jobs);
    nw_zsock_close(docs);
    return 0;
}
