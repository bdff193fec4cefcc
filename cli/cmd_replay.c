/* replay: archived feeds and pages through the same parser and store. */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "../common/log.h"
#include "../common/mem.h"
#include "../common/nwtime.h"
#include "../fetcher/fetcher.h"
#include "../parser/parser.h"
#include "../store/store.h"
#include "cli.h"

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
    struct store_stage_opts o = {.schedule_feeds = false, .progress = &c->progress};
    c->store_rc = store_stage_run(c->zctx, c->conf, &c->stop_store, &o);
    return NULL;
}

static void *parser_main(void *arg)
{
    struct replay_ctx *c = arg;
    parser_stage_run(c->zctx, c->conf, &c->stop_parser);
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
static bool settled(struct replay_ctx *c)
{
    unsigned long sent = atomic_load(&c->r->docs_sent);
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

/* The inputs' tally, once read. */
static void log_inputs(struct replay *r)
{
    log_info("replay: %lu feed documents, %lu pages%s", (unsigned long)atomic_load(&r->feeds_found),
             (unsigned long)atomic_load(&r->pages_found), atomic_load(&r->records) ? " (from WARC records)" : "");
    if (atomic_load(&r->skipped))
        log_info("replay: %lu files or records skipped: neither a feed nor an HTML page",
                 (unsigned long)atomic_load(&r->skipped));
}

/* A running daemon holds the store: parse here and hand the RESULTs to
 * its store over its results endpoint. Pages go as REVISE documents once
 * the feeds are parsed: they complete the items waiting for them, and
 * are stored as pages of their own when no item has their URL. */
static int replay_into_daemon(struct nw_conf *conf, struct replay *r, long pid)
{
    if (!strncmp(conf->endpoints.results, "inproc://", 9)) {
        fprintf(stderr,
                "newswire: replay: the store %s is in use by a running newswire (pid %ld) whose results endpoint "
                "is in-process; give it an ipc:// or tcp:// [endpoints] results to replay into it, or stop it\n",
                conf->store.path, pid);
        return EXIT_USAGE;
    }
    log_info("replay: the store is in use by a running newswire (pid %ld): sending it results on %s", pid,
             conf->endpoints.results);
    free(conf->endpoints.jobs);
    free(conf->endpoints.docs);
    conf->endpoints.jobs = nw_strdup("inproc://replay-jobs");
    conf->endpoints.docs = nw_strdup("inproc://replay-docs");
    r->reextract = true; /* pages find their items through the URL */
    struct replay_ctx ctx = {.zctx = cli_zmq_context(conf), .conf = conf, .r = r};
    pthread_t pt, rt;
    pthread_create(&pt, NULL, parser_main, &ctx);
    pthread_create(&rt, NULL, source_main, &ctx);
    /* the feeds first, parsed, then the pages */
    while (!cli_stop && !(atomic_load(&r->feeds_done) && parser_docs_done() >= atomic_load(&r->docs_sent)))
        zmq_poll(NULL, 0, 50);
    zmq_poll(NULL, 0, 500); /* the daemon's store commits what it was sent */
    atomic_store(&r->send_pages, 1);
    while (!cli_stop && !(atomic_load(&r->pages_done) && parser_docs_done() >= atomic_load(&r->docs_sent)))
        zmq_poll(NULL, 0, 50);
    ctx.stop_source = 1;
    pthread_join(rt, NULL);
    ctx.stop_parser = 1;
    pthread_join(pt, NULL); /* closing the parsers' sockets sends what they hold */
    zmq_ctx_term(ctx.zctx);
    unsigned long failed = atomic_load(&r->failed) + atomic_load(&r->send_failed);
    log_inputs(r);
    log_info("replay: %lu documents parsed and sent to the running newswire (pid %ld), which stores them; %lu failed",
             atomic_load(&r->docs_sent), pid, failed);
    return failed || cli_stop ? EXIT_RUNTIME : EXIT_OK;
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
        else if (c == 'u')
            page_url = optarg;
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
    struct replay r = {.reextract = reextract, .since = since, .cache_bytes = REPLAY_CACHE};
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
    pthread_create(&rt, NULL, source_main, &ctx);
    struct progress_line pl = {.on = isatty(STDERR_FILENO), .start = nw_mono_ms()};
    while (!cli_stop && !ctx.store_rc && !(atomic_load(&r.feeds_done) && settled(&ctx))) {
        zmq_poll(NULL, 0, 50);
        progress(&pl, &ctx);
    }
    atomic_store(&r.send_pages, 1);
    while (!cli_stop && !ctx.store_rc && !(atomic_load(&r.pages_done) && settled(&ctx))) {
        zmq_poll(NULL, 0, 50);
        progress(&pl, &ctx);
    }
    if (pl.shown)
        fputs("\r\033[K", stderr);
    ctx.stop_source = 1;
    pthread_join(rt, NULL);
    ctx.stop_parser = 1;
    pthread_join(pt, NULL);
    ctx.stop_store = 1;
    pthread_join(st, NULL);
    unsigned long failed = atomic_load(&r.failed) + atomic_load(&r.send_failed);
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
