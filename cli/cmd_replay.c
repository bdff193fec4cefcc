/* replay: archived feeds and pages through the same parser and store. */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "../common/log.h"
#include "../common/mem.h"
#include "../common/msg.h"
#include "../common/nwtime.h"
#include "../common/stats.h"
#include "../common/url.h"
#include "../common/zsock.h"
#include "../fetcher/fetcher.h"
#include "../parser/html.h"
#include "../parser/parser.h"
#include "../store/store.h"
#include "cli.h"

/* How often the main thread looks whether the replay has settled: its
 * end waits for it (a whole replay of small inputs takes a second). */
#define SETTLE_POLL_MS 5

struct replay_ctx {
    void *zctx;
    const struct nw_conf *conf;
    struct replay *r;
    struct store_progress progress;
    volatile int stop_source, stop_parser, stop_store;
    volatile int store_rc;
};

static void *store_main(void *arg)
{
    struct replay_ctx *c = arg;
    struct store_stage_opts o = {.schedule_feeds = false, .progress = &c->progress, .bulk = true};
    c->store_rc = store_stage_run(c->zctx, c->conf, &c->stop_store, &o);
    return NULL;
}

static void *parser_main(void *arg)
{
    struct replay_ctx *c = arg;
    parser_stage_run_polling(c->zctx, c->conf, &c->stop_parser, 10);
    return NULL;
}

static void *source_main(void *arg)
{
    struct replay_ctx *c = arg;
    replay_run(c->zctx, c->conf, c->r, &c->stop_source);
    return NULL;
}

/* Whether everything sent so far has been committed and no article job
 * is left: the store counts what it committed after counting the jobs
 * left by the same commit. */
/* Every DOC sent to the parser so far, one result each: the documents
 * read, and the article jobs answered as not in the inputs (those count
 * as no document replayed, but their results are committed all the
 * same: left out, the pages sent last could be left uncommitted). */
static unsigned long docs_out(struct replay *r)
{
    return atomic_load(&r->docs_sent) + atomic_load(&r->pages_missing) + atomic_load(&r->failures_replayed);
}

static bool settled(struct replay_ctx *c)
{
    unsigned long sent = docs_out(c->r);
    return atomic_load(&c->progress.committed) >= sent && atomic_load(&c->progress.jobs_pending) == 0;
}

/* On a terminal, one line rewritten every second: while the inputs are
 * read, the share of their bytes read, the rate and the time left; then
 * the documents answered of all. Records and items stored throughout.
 * Silent otherwise. */
struct progress_line {
    bool on, shown;
    int64_t start, last;
};

static void progress(struct progress_line *pl, struct replay_ctx *c)
{
    int64_t now = nw_mono_ms();
    if (!pl->on || now - pl->last < 1000)
        return;
    pl->last = now;
    pl->shown = true;
    struct replay *r = c->r;
    unsigned long done = atomic_load(&c->progress.results);
    unsigned long items = atomic_load(&c->progress.items_new) + atomic_load(&c->progress.items_revised);
    double secs = (double)(now - pl->start) / 1000.0;
    char recs[48] = "";
    if (atomic_load(&r->records))
        snprintf(recs, sizeof recs, ", %lu WARC records", (unsigned long)atomic_load(&r->records));
    if (!atomic_load(&r->feeds_done)) {
        double read = (double)atomic_load(&r->bytes_read), all = (double)r->bytes_total;
        double rate = secs > 0 ? read / secs : 0;
        char eta[32] = "";
        if (rate > 0 && all > read)
            snprintf(eta, sizeof eta, ", %.0f s left", (all - read) / rate);
        fprintf(stderr, "\r\033[Kreplay: %.0f%% of %.0f MB read (%.1f MB/s%s)%s, %lu documents, %lu items stored",
                all > 0 ? 100.0 * read / all : 100.0, all / 1e6, rate / 1e6, eta, recs, done, items);
    } else {
        unsigned long all = atomic_load(&r->feeds_found) + atomic_load(&r->pages_found);
        fprintf(stderr, "\r\033[Kreplay: input read%s; %lu of %lu documents, %lu items stored", recs, done, all,
                items);
    }
    fflush(stderr);
}

/* A count of the tally, when there is any: `one` or `many` (a format of
 * one %lu) as n is 1 or more. */
static void tell(unsigned long n, const char *one, const char *many)
{
    if (n)
        log_info(n == 1 ? one : many, n);
}

/* Documents this process's parser workers could not read (a feed that
 * is none, a page that is no article): each failed, named in a line by
 * the store. */
static unsigned long parse_failures(void)
{
    return atomic_load(&nw_stats.parse_feed_failures) + atomic_load(&nw_stats.parse_page_failures);
}

/* The inputs' tally, once read. */
static void log_inputs(struct replay *r)
{
    log_info("replay: %lu feed documents, %lu pages%s", (unsigned long)atomic_load(&r->feeds_found),
             (unsigned long)atomic_load(&r->pages_found), atomic_load(&r->records) ? " (from WARC records)" : "");
    if (atomic_load(&r->skipped))
        log_info("replay: %lu files or records skipped: neither a feed nor an HTML page",
                 (unsigned long)atomic_load(&r->skipped));
    tell(atomic_load(&r->robots), "replay: %lu robots.txt file read past (a site's rules, no document)",
         "replay: %lu robots.txt files read past (sites' rules, no documents)");
    tell(atomic_load(&r->redirects_found),
         "replay: %lu redirect (a 3xx answer, or a page whose refresh sends its reader on): the article jobs for "
         "its address answered with the page it leads to",
         "replay: %lu redirects (3xx answers, or pages whose refresh sends their reader on): the article jobs for "
         "their addresses answered with the pages they lead to");
    tell(atomic_load(&r->revisits_resolved),
         "replay: %lu revisit record replayed with the payload of the response it repeats (another URL's, or one "
         "older than --since)",
         "replay: %lu revisit records replayed with the payload of the responses they repeat (another URL's, or "
         "one older than --since)");
    tell(atomic_load(&r->repeats),
         "replay: %lu response repeats the payload of one replayed before at its address: not parsed again",
         "replay: %lu responses repeat the payload of one replayed before at their address: not parsed again");
    tell(atomic_load(&r->revisits_unresolved),
         "replay: %lu revisit record repeats a payload that no response read before it holds (in a file not "
         "given?), or one that cannot be read again: nothing replayed for it",
         "replay: %lu revisit records repeat a payload that no response read before them holds (in a file not "
         "given?), or one that cannot be read again: nothing replayed for them");
    tell(atomic_load(&r->failures_replayed),
         "replay: %lu feed item's link failed when it was archived (an HTTP error, no answer): kept with its feed "
         "summary and that failure",
         "replay: %lu feed items' links failed when they were archived (an HTTP error, no answer): kept with their "
         "feed summaries and those failures");
    unsigned long n = atomic_load(&r->pages_missing);
    if (n)
        log_info("replay: %lu feed item%s had no page in the inputs: kept with %s feed summary", n, n == 1 ? "" : "s",
                 n == 1 ? "its" : "their");
}

/* Into a running daemon, the parsers' results reach its store over one
 * connection, this thread's: ZeroMQ keeps the order of one connection
 * (not across several), so the feeds' results are in before any page's,
 * and the end of the replay comes after everything it sent. */
struct forward {
    void *zctx;
    const struct nw_conf *conf;
    const char *to;             /* the daemon's results endpoint */
    const char *name;           /* this replay's, for its end */
    atomic_ulong results;       /* results passed on */
    volatile int inputs_done;   /* set when the parsers have stopped: pass on what is left, then the end */
    volatile int abandon;       /* the daemon takes nothing: give up */
    volatile int interrupted;   /* the replay was: its end says so */
    int rc;
};

#define FORWARD_FROM "inproc://replay-results"

/* Passes one whole message from `from` to `to`: 1, or 0 when none is
 * waiting, or -1 when given up (f->abandon) before it left. */
static int forward_one(struct forward *f, void *from, void *to)
{
    zmq_msg_t m;
    zmq_msg_init(&m);
    if (zmq_msg_recv(&m, from, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close(&m);
        return 0;
    }
    for (;;) {
        int more = zmq_msg_more(&m);
        while (zmq_msg_send(&m, to, more ? ZMQ_SNDMORE : 0) < 0)
            if (zmq_errno() != EAGAIN || f->abandon) {
                zmq_msg_close(&m);
                while (more) { /* the frames left of this message */
                    zmq_msg_init(&m);
                    zmq_msg_recv(&m, from, 0);
                    more = zmq_msg_more(&m);
                    zmq_msg_close(&m);
                }
                return -1;
            }
        if (!more)
            return 1;
        zmq_msg_init(&m);
        zmq_msg_recv(&m, from, 0); /* the frames of a message come together */
    }
}

static void *forward_main(void *arg)
{
    struct forward *f = arg;
    char what[256] = "";
    void *from = nw_zsock_open(f->zctx, ZMQ_PULL, FORWARD_FROM, true, f->conf->endpoints.hwm, 0, what);
    void *to = from ? nw_zsock_open(f->zctx, ZMQ_PUSH, f->to, false, f->conf->endpoints.hwm, 5000, what) : NULL;
    if (!from || !to) {
        log_error("replay: cannot %s: %s", what, zmq_strerror(errno));
        f->rc = -1;
        f->abandon = 1;
    } else {
        int timeout = 100; /* a send waiting on a full queue looks at f->abandon this often */
        zmq_setsockopt(to, ZMQ_SNDTIMEO, &timeout, sizeof timeout);
    }
    while (to && !f->abandon) {
        bool last = f->inputs_done; /* read before the queue: what the parsers sent is in it */
        int r = forward_one(f, from, to);
        if (r > 0) {
            atomic_fetch_add(&f->results, 1);
            continue;
        }
        if (r < 0 || last)
            break;
        zmq_pollitem_t pi = {.socket = from, .events = ZMQ_POLLIN};
        zmq_poll(&pi, 1, 50);
    }
    /* the end, after everything sent: the daemon's store lets the items
     * whose page this replay did not send keep their summary */
    struct nw_result end = {.kind = NW_KIND_ARCHIVE_END,
                            .job = {.kind = NW_KIND_ARCHIVE_END, .archive = (char *)f->name},
                            .error = f->interrupted ? "interrupted" : NULL};
    while (to && !f->abandon && nw_msg_send(to, NULL, 0, NW_MSG_RESULT, &end, NULL, 0, 0) < 0)
        if (zmq_errno() != EAGAIN)
            break;
    if (f->abandon) {
        log_warn("replay: the running newswire took nothing for a while: results not passed on; items whose page "
                 "the archive holds may keep waiting for it until store.article_wait");
        f->rc = -1;
    }
    if (from)
        nw_zsock_close(from);
    if (to)
        nw_zsock_close(to);
    return NULL;
}

/* A running daemon holds the store: parse here and hand the RESULTs to
 * its store over its results endpoint. Every document's ticket names this
 * replay: the store holds the article jobs of its items (their pages come
 * from the archive, never from the web). Pages go as REVISE documents
 * once the feeds' results are passed on: they complete the items waiting
 * for them, and are stored as pages of their own when no item has their
 * URL. At the end (or on an interrupt) the replay says so, and the items
 * whose page was not in the archive keep their feed summary. */
static int replay_into_daemon(struct nw_conf *conf, struct replay *r, long pid)
{
    char *daemon_results = conf->endpoints.results;
    if (!strncmp(daemon_results, "inproc://", 9)) {
        /* its store takes a replay's results on a socket in its folder */
        char sock[4096];
        struct stat st;
        snprintf(sock, sizeof sock, "%s/" STORE_REPLAY_SOCKET, conf->store.path);
        if (stat(sock, &st) < 0 || !S_ISSOCK(st.st_mode)) {
            fprintf(stderr,
                    "newswire: replay: the store %s is in use by pid %ld, which takes no replay: its results "
                    "endpoint is in-process and it has no %s (another replay, or an older newswire); wait for it "
                    "to end, or give the daemon an ipc:// or tcp:// [endpoints] results\n",
                    conf->store.path, pid, sock);
            return EXIT_USAGE;
        }
        size_t n = strlen(sock) + 8;
        daemon_results = nw_malloc(n);
        snprintf(daemon_results, n, "ipc://%s", sock);
        free(conf->endpoints.results);
    }
    log_info("replay: the store is in use by a running newswire (pid %ld): sending it results on %s", pid,
             daemon_results);
    free(conf->endpoints.jobs);
    free(conf->endpoints.docs);
    conf->endpoints.jobs = nw_strdup("inproc://replay-jobs");
    conf->endpoints.docs = nw_strdup("inproc://replay-docs");
    conf->endpoints.results = nw_strdup(FORWARD_FROM);
    r->reextract = true; /* pages find their items through the URL */
    char name[96];
    snprintf(name, sizeof name, "replay-%ld-%lld", (long)getpid(), (long long)nw_now_ms());
    r->archive = name;
    struct replay_ctx ctx = {.zctx = cli_zmq_context(conf), .conf = conf, .r = r};
    struct forward fw = {.zctx = ctx.zctx, .conf = conf, .to = daemon_results, .name = name};
    pthread_t pt, rt, ft;
    pthread_create(&ft, NULL, forward_main, &fw);
    pthread_create(&pt, NULL, parser_main, &ctx);
    pthread_create(&rt, NULL, source_main, &ctx);
    /* the feeds first, their results passed on, then the pages (one
     * result per document) */
    while (!cli_stop && !fw.abandon && !(atomic_load(&r->feeds_done) && atomic_load(&fw.results) >= docs_out(r)))
        zmq_poll(NULL, 0, SETTLE_POLL_MS);
    atomic_store(&r->send_pages, 1);
    while (!cli_stop && !fw.abandon && !(atomic_load(&r->pages_done) && atomic_load(&fw.results) >= docs_out(r)))
        zmq_poll(NULL, 0, SETTLE_POLL_MS);
    ctx.stop_source = 1;
    pthread_join(rt, NULL);
    ctx.stop_parser = 1;
    pthread_join(pt, NULL);
    fw.interrupted = cli_stop != 0;
    fw.inputs_done = 1;
    /* what the parsers sent goes on, unless the daemon takes nothing for
     * half a minute */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 30;
    if (pthread_timedjoin_np(ft, NULL, &until) != 0) {
        fw.abandon = 1;
        pthread_join(ft, NULL);
    }
    zmq_ctx_term(ctx.zctx);
    free(daemon_results);
    r->archive = NULL;
    unsigned long failed = atomic_load(&r->failed) + atomic_load(&r->send_failed) + parse_failures();
    log_inputs(r);
    if (cli_stop)
        log_warn("replay: interrupted: %lu documents read, %lu of them parsed and sent to the running newswire (pid "
                 "%ld), which stores them; replay the same inputs again to store the rest",
                 atomic_load(&r->docs_sent), atomic_load(&fw.results), pid);
    else
        log_info("replay: %lu documents parsed and sent to the running newswire (pid %ld), which stores them; %lu "
                 "failed",
                 atomic_load(&fw.results), pid, failed);
    return failed || fw.rc || cli_stop ? EXIT_RUNTIME : EXIT_OK;
}

int cmd_replay(int argc, char **argv)
{
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                         {"url", required_argument, NULL, 'u'},
                                         {"url-map", required_argument, NULL, 'm'},
                                         {"reextract", no_argument, NULL, 'r'},
                                         {"since", required_argument, NULL, 's'},
                                         {0}};
    const char *file = NULL, *page_url = NULL, *url_map = NULL;
    bool reextract = false;
    int64_t since = 0;
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "c:", opts)) != -1) {
        if (c == 'c')
            file = optarg;
        else if (c == 'u') {
            page_url = *optarg ? optarg : NULL; /* empty: none */
            if (page_url && !nw_url_is_http(page_url)) {
                fprintf(stderr, "newswire: replay: bad --url '%s' (an http(s) URL)\n", optarg);
                return EXIT_USAGE;
            }
        }
        else if (c == 'r')
            reextract = true;
        else if (c == 'm')
            url_map = optarg;
        else if (c == 's') {
            if (cli_parse_since(optarg, &since) < 0) {
                fprintf(stderr, "newswire: replay: bad --since '%s' (an RFC 3339 time, or a duration such as 2h)\n",
                        optarg);
                return EXIT_USAGE;
            }
        } else
            return EXIT_USAGE;
    }
    if (optind >= argc) {
        fprintf(stderr, "newswire: replay: give one or more files or folders\n");
        return EXIT_USAGE;
    }
    struct nw_conf conf;
    cli_load_conf(&conf, file);
    struct replay r = {.reextract = reextract, .since = since, .cache_bytes = REPLAY_CACHE, .find_url = html_page_url};
    const char *cache = getenv("NEWSWIRE_REPLAY_CACHE");
    uint64_t cb;
    if (cache && *cache) {
        if (nw_parse_size(cache, &cb) < 0 || cb > SIZE_MAX) {
            fprintf(stderr, "newswire: replay: bad NEWSWIRE_REPLAY_CACHE '%s' (a size such as 48MiB, or 0)\n", cache);
            nw_conf_cleanup(&conf);
            return EXIT_USAGE;
        }
        r.cache_bytes = (size_t)cb;
    }
    if (replay_open(&r, argv + optind, argc - optind, page_url, url_map) < 0) {
        replay_cleanup(&r);
        nw_conf_cleanup(&conf);
        return EXIT_RUNTIME;
    }
    cli_signals_install();
    long pid = store_writer_running(conf.store.path);
    if (pid != 0) {
        int drc = replay_into_daemon(&conf, &r, pid);
        replay_cleanup(&r);
        nw_conf_cleanup(&conf);
        return drc;
    }
    struct replay_ctx ctx = {.zctx = cli_zmq_context(&conf), .conf = &conf, .r = &r};
    pthread_t st, pt, rt;
    pthread_create(&st, NULL, store_main, &ctx);
    int rc = EXIT_OK;
    if (!cli_wait_store(&ctx.progress, &ctx.store_rc)) {
        ctx.stop_store = 1;
        pthread_join(st, NULL);
        rc = ctx.store_rc == -2 ? EXIT_USAGE : EXIT_RUNTIME;
        goto out;
    }
    pthread_create(&pt, NULL, parser_main, &ctx);
    r.feeds_committed = &ctx.progress.feeds_committed; /* the reader paces itself by it */
    pthread_create(&rt, NULL, source_main, &ctx);
    struct progress_line pl = {.on = isatty(STDERR_FILENO), .start = nw_mono_ms()};
    while (!cli_stop && !ctx.store_rc && !(atomic_load(&r.feeds_done) && settled(&ctx))) {
        zmq_poll(NULL, 0, SETTLE_POLL_MS);
        progress(&pl, &ctx);
    }
    atomic_store(&r.send_pages, 1);
    while (!cli_stop && !ctx.store_rc && !(atomic_load(&r.pages_done) && settled(&ctx))) {
        zmq_poll(NULL, 0, SETTLE_POLL_MS);
        progress(&pl, &ctx);
    }
    if (pl.shown)
        fputs("\r\033[K", stderr);
    /* settled, everything sent is committed: the stages stop together;
     * else in order, each draining what the one before it sent */
    bool done = !cli_stop && !ctx.store_rc;
    ctx.stop_source = 1;
    if (done)
        ctx.stop_parser = ctx.stop_store = 1;
    pthread_join(rt, NULL);
    ctx.stop_parser = 1;
    pthread_join(pt, NULL);
    ctx.stop_store = 1;
    pthread_join(st, NULL);
    unsigned long failed = atomic_load(&r.failed) + atomic_load(&r.send_failed) + parse_failures();
    log_inputs(&r);
    if (cli_stop) {
        /* what was committed stays; a replay again stores only the rest */
        log_warn("replay: interrupted: %lu documents sent, %lu of them stored; items: %lu new, %lu revised, "
                 "%lu unchanged; replay the same inputs again to store the rest",
                 atomic_load(&r.docs_sent), atomic_load(&ctx.progress.committed),
                 atomic_load(&ctx.progress.items_new), atomic_load(&ctx.progress.items_revised),
                 atomic_load(&ctx.progress.items_unchanged));
        rc = EXIT_RUNTIME;
    } else {
        log_info("replay: %lu documents replayed; items: %lu new, %lu revised, %lu unchanged (%lu near-duplicates); "
                 "%lu failed",
                 atomic_load(&r.docs_sent), atomic_load(&ctx.progress.items_new),
                 atomic_load(&ctx.progress.items_revised), atomic_load(&ctx.progress.items_unchanged),
                 atomic_load(&ctx.progress.items_dup), failed);
    }
    if (ctx.store_rc || atomic_load(&ctx.progress.failed) || failed)
        rc = EXIT_RUNTIME;
out:
    zmq_ctx_term(ctx.zctx);
    replay_cleanup(&r);
    nw_conf_cleanup(&conf);
    return rc;
}
