/* parse and extract: the parser's functions on files (or http(s) URLs,
 * fetched once each), no store, no sockets. Inputs are processed by a small
 * pool of threads (-j, default: the number of cores); output lines keep the
 * order of the inputs. */
#ifndef NW_FRONT
#include <curl/curl.h>
#endif
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/jsonx.h"
#include "../common/mem.h"
#include "../common/refresh.h"
#include "../common/url.h"
#include "../parser/parser.h"
#include "../fetcher/warc.h"
#include "cli.h"

#define INPUT_MAX (256u << 20)
#define MAX_JOBS 64
#define FETCH_TIMEOUT_MS 30000
#define FETCH_MAX_REDIRECTS 5

struct batch {
    char **files;
    int nfiles;
    bool article;
    const char *url;
    atomic_int next;
    char **lines;   /* the JSON line of each file, once done */
    char **errors;  /* its stderr line, or NULL */
    pthread_mutex_t lock;
    pthread_cond_t done;
};

/* A gzip or zstd file (page.html.gz, feed.xml.zst) is read decompressed. */
static int unpack_in_place(struct nw_buf *in)
{
    struct nw_buf out = {0};
    int rc = nw_buf_unpack(&out, in->data, in->len, INPUT_MAX);
    nw_buf_cleanup(in);
    *in = out;
    return rc;
}

#ifdef NW_FRONT
/* The front program loads no libcurl: addresses are the full program's
 * (cli_exec_core, before any input is read), and never come here. */
static int fetch_url(const char *url, struct nw_buf *in, char **final, char **ctype, struct nw_err *err)
{
    (void)url, (void)in, (void) final, (void)ctype;
    snprintf(err->msg, sizeof err->msg, "cannot fetch here");
    return -1;
}
#else
static size_t on_fetched(char *p, size_t size, size_t n, void *arg)
{
    return nw_buf_append(arg, p, size * n) < 0 ? 0 : size * n;
}

/* An http(s) input fetched as a browser's address bar would: redirects
 * followed (and a page's refresh that sends its reader on, refresh.h),
 * content codings undone, up to INPUT_MAX. Fills in (its body),
 * *final (the address it came from, allocated) and *ctype (its
 * Content-Type, allocated, or NULL). Returns 0, or -1 with err set. */
static int fetch_url(const char *url, struct nw_buf *in, char **final, char **ctype, struct nw_err *err)
{
    nw_buf_init(in, INPUT_MAX);
    *final = *ctype = NULL;
    CURL *e = curl_easy_init();
    if (!e) {
        snprintf(err->msg, sizeof err->msg, "cannot fetch: libcurl did not start");
        return -1;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "newswire/" NW_VERSION);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRECTS);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_COOKIEFILE, ""); /* as the daemon's fetcher: along the redirects only */
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)FETCH_TIMEOUT_MS);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_fetched);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, in);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode res;
    long status = 0;
    char *eff = NULL, *ct = NULL;
    for (int hops = 0;; hops++) {
        res = curl_easy_perform(e);
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
        curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct);
        char *next = NULL;
        if (res == CURLE_OK && status >= 200 && status <= 299 && hops < FETCH_MAX_REDIRECTS) {
            struct curl_header *refresh = NULL;
            bool header = curl_easy_header(e, "Refresh", 0, CURLH_HEADER, -1, &refresh) == CURLHE_OK;
            next = nw_response_refresh(header ? refresh->value : NULL, in->data, in->len, eff, NW_REFRESH_MAX_S, NULL);
        }
        if (!next)
            break;
        nw_buf_reset(in);
        curl_easy_setopt(e, CURLOPT_URL, next);
        free(next);
    }
    int rc = -1;
    if (res == CURLE_WRITE_ERROR)
        snprintf(err->msg, sizeof err->msg, "cannot fetch: a body over %u MiB", INPUT_MAX >> 20);
    else if (res != CURLE_OK)
        snprintf(err->msg, sizeof err->msg, "cannot fetch: %.200s", errbuf[0] ? errbuf : curl_easy_strerror(res));
    else if (status < 200 || status > 299)
        snprintf(err->msg, sizeof err->msg, "cannot fetch: HTTP status %ld", status);
    else
        rc = 0;
    if (rc == 0) {
        *final = nw_strdup(eff ? eff : url);
        *ctype = ct ? nw_strdup(ct) : NULL;
    }
    curl_easy_cleanup(e);
    return rc;
}
#endif

/* One input to one JSON line (and an error line when it failed). */
static void process(struct batch *b, int i)
{
    struct nw_buf in = {0};
    struct nw_err err = {0};
    json_t *o = NULL;
    const char *path = b->files[i];
    /* an http(s) URL is fetched: its final address is the document's
     * (unless --url says otherwise), its Content-Type gives the charset */
    char *fetched_url = NULL, *ctype = NULL;
    const char *packed = NULL;
    bool remote = nw_url_is_http(path);
    const char *url = b->url;
    if (remote ? fetch_url(path, &in, &fetched_url, &ctype, &err) < 0 : nw_buf_read_file(&in, path, INPUT_MAX) < 0) {
        if (!remote)
            snprintf(err.msg, sizeof err.msg, "cannot read: %s", strerror(errno));
    } else if ((packed = nw_buf_packing(in.data, in.len)) && unpack_in_place(&in) < 0) {
        snprintf(err.msg, sizeof err.msg, "%s data that does not decompress (or over %u MiB)", packed, INPUT_MAX >> 20);
    } else {
        if (!url)
            url = fetched_url;
        o = b->article ? article_extract(in.data ? in.data : "", in.len, url, ctype, &err)
                       : feed_parse(in.data ? in.data : "", in.len, url, ctype, &err);
        if (!o && !b->article) {
            /* a web page given for a feed: say which feeds it announces */
            json_t *found = feed_discover(in.data ? in.data : "", in.len, url);
            size_t n = json_array_size(found);
            if (n) {
                struct nw_buf m = {0};
                bool relative = false;
                nw_buf_printf(&m, "an HTML page, not a feed; it announces");
                for (size_t k = 0; k < n && k < 3; k++) {
                    const json_t *f = json_array_get(found, k);
                    relative |= json_is_true(json_object_get(f, "relative"));
                    nw_buf_printf(&m, "%s %s", k ? "," : "", nw_json_str(f, "url"));
                }
                if (relative)
                    nw_buf_printf(&m, " (relative to the page's address: give it with --url)");
                snprintf(err.msg, sizeof err.msg, "%s", m.data);
                nw_buf_cleanup(&m);
            }
            json_decref(found);
        }
    }
    /* a feed's line is about as long as the feed: room for it at once */
    size_t out_guess = b->article ? 0 : in.len + 4096;
    nw_buf_cleanup(&in);
    free(fetched_url);
    free(ctype);
    char *errline = NULL;
    if (!o) {
        struct nw_buf e = {0};
        nw_buf_printf(&e, "newswire: %s: %s\n", path, err.msg);
        errline = nw_buf_steal(&e);
        o = json_object();
        nw_json_set_str(o, "error", err.msg);
    }
    struct nw_buf lb = {0};
    nw_buf_reserve(&lb, out_guess);
    nw_json_dump(o, &lb);
    char *line = nw_buf_steal(&lb);
    json_decref(o);
    pthread_mutex_lock(&b->lock);
    b->lines[i] = line;
    b->errors[i] = errline;
    pthread_cond_broadcast(&b->done);
    pthread_mutex_unlock(&b->lock);
}

static void *worker(void *arg)
{
    struct batch *b = arg;
    int i;
    while ((i = atomic_fetch_add(&b->next, 1)) < b->nfiles)
        process(b, i);
    return NULL;
}

static int run_files(char **files, int nfiles, bool article, const char *url, int jobs)
{
    struct batch b = {.files = files, .nfiles = nfiles, .article = article, .url = url};
    b.lines = nw_calloc((size_t)nfiles, sizeof *b.lines);
    b.errors = nw_calloc((size_t)nfiles, sizeof *b.errors);
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.done, NULL);
    /* standard input is read once, by one thread; addresses are fetched
     * with libcurl, started before the threads */
    for (int i = 0; i < nfiles; i++) {
        if (!strcmp(files[i], "-"))
            jobs = 1;
        if (nw_url_is_http(files[i]))
#ifdef NW_FRONT
            cli_exec_core();
#else
            cli_net_init();
#endif
    }
    if (jobs > nfiles)
        jobs = nfiles;
    /* a reader that goes away (extract ... | head) ends the output, not
     * the process by a signal: it ends as tail does, with its status */
    signal(SIGPIPE, SIG_IGN);
    pthread_t threads[MAX_JOBS];
    int started = 0;
    for (int t = 0; t < jobs - 1; t++)
        if (pthread_create(&threads[t], NULL, worker, &b) == 0)
            started++;
    int rc = EXIT_OK;
    for (int i = 0; i < nfiles; i++) {
        /* the main thread works too, and prints each line in order */
        int mine;
        while ((mine = atomic_load(&b.next)) < nfiles && !b.lines[i]) {
            if (atomic_compare_exchange_weak(&b.next, &mine, mine + 1))
                process(&b, mine);
        }
        pthread_mutex_lock(&b.lock);
        while (!b.lines[i])
            pthread_cond_wait(&b.done, &b.lock);
        pthread_mutex_unlock(&b.lock);
        if (b.errors[i]) {
            fputs(b.errors[i], stderr);
            rc = EXIT_RUNTIME;
        }
        fputs(b.lines[i], stdout);
        fputc('\n', stdout);
        free(b.lines[i]);
        free(b.errors[i]);
        b.lines[i] = (char *)"";
        if (ferror(stdout) && errno == EPIPE) {
            cli_stdout_closed = true;
            atomic_store(&b.next, nfiles); /* no file is started after this */
            break;
        }
    }
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    for (int i = 0; i < nfiles; i++) /* what was done for a reader who left */
        if (b.lines[i] && *b.lines[i]) {
            free(b.lines[i]);
            free(b.errors[i]);
        }
    pthread_cond_destroy(&b.done);
    pthread_mutex_destroy(&b.lock);
    free(b.lines);
    free(b.errors);
    return rc;
}

static int parse_or_extract(int argc, char **argv, bool article)
{
    static const struct option opts[] = {{"url", required_argument, NULL, 'u'}, {"jobs", required_argument, NULL, 'j'},
                                         {0}};
    const char *url = NULL;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "u:j:", opts)) != -1) {
        if (c == 'u') {
            url = *optarg ? optarg : NULL; /* empty: none */
            if (url && !nw_url_is_http(url)) {
                fprintf(stderr, "newswire: bad --url '%s' (an http(s) URL)\n", optarg);
                return EXIT_USAGE;
            }
        } else if (c == 'j') {
            char *end;
            jobs = strtol(optarg, &end, 10);
            if (*end || jobs < 1 || jobs > MAX_JOBS) {
                fprintf(stderr, "newswire: -j takes a number from 1 to %d\n", MAX_JOBS);
                return EXIT_USAGE;
            }
        } else {
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "newswire: %s: no input (give FILE... or -)\n", article ? "extract" : "parse");
        return EXIT_USAGE;
    }
    if (jobs < 1)
        jobs = 1;
    return run_files(argv + optind, argc - optind, article, url, (int)(jobs > MAX_JOBS ? MAX_JOBS : jobs));
}

int cmd_parse(int argc, char **argv) { return parse_or_extract(argc, argv, false); }

int cmd_extract(int argc, char **argv) { return parse_or_extract(argc, argv, true); }
