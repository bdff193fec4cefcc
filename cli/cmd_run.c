/* run, and the single stages: fetcher, parser, store. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <zmq.h>

#include "../common/log.h"
#include "../common/nwtime.h"
#include "../fetcher/fetcher.h"
#include "../parser/parser.h"
#include "../store/store.h"
#include "cli.h"

struct stage_thread {
    const char *name;
    void *zctx;
    const struct nw_conf *conf;
    volatile int stop;
    volatile int rc;
    pthread_t thread;
    struct store_progress progress;
};

/* SIGHUP and SIGUSR1 ask the store thread for something: they are
 * delivered to it alone (blocked everywhere else), so that they interrupt
 * its wait and are acted on at once rather than at its next tick. */
static void store_signals(int how)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(how, &set, NULL);
}

static void *store_main(void *arg)
{
    struct stage_thread *t = arg;
    store_signals(SIG_UNBLOCK);
    struct store_stage_opts o = {.schedule_feeds = true,
                                 .void_leases = true,
                                 .progress = &t->progress,
                                 .reload = &cli_reload,
                                 .poll_now = &cli_poll_now,
                                 .replay_ipc = true};
    t->rc = store_stage_run(t->zctx, t->conf, &t->stop, &o);
    return NULL;
}

static void *fetcher_main(void *arg)
{
    struct stage_thread *t = arg;
    t->rc = fetcher_stage_run(t->zctx, t->conf, &t->stop);
    return NULL;
}

static void *parser_main(void *arg)
{
    struct stage_thread *t = arg;
    t->rc = parser_stage_run(t->zctx, t->conf, &t->stop);
    return NULL;
}

int cli_parse_conf_only(int argc, char **argv, const char **file)
{
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'}, {0}};
    int c;
    optind = 1;
    *file = NULL;
    while ((c = cli_getopt(argc, argv, "c:", opts)) != -1) {
        if (c == 'c')
            *file = optarg;
        else
            return -1;
    }
    if (optind < argc) {
        fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
        return -1;
    }
    return 0;
}

static void log_plain(const char *name, const char *url, const char *what)
{
    log_warn("feed \"%s\": %s goes over plain http:// (%s); use https:// if the server has it", name, what, url);
}

bool cli_wait_store(struct store_progress *p, volatile int *store_rc)
{
    for (int i = 0; i < 500 && !atomic_load(&p->ready) && !*store_rc; i++)
        zmq_poll(NULL, 0, 10);
    return atomic_load(&p->ready);
}

static void start(struct stage_thread *t, void *(*fn)(void *))
{
    if (pthread_create(&t->thread, NULL, fn, t) != 0)
        nw_fatal("cannot start the %s thread", t->name);
}

int cmd_run(int argc, char **argv)
{
    const char *file;
    struct nw_conf conf;
    if (cli_parse_conf_only(argc, argv, &file) < 0)
        return EXIT_USAGE;
    cli_load_conf(&conf, file);
    cli_signals_install();
    store_signals(SIG_BLOCK); /* this thread and those it starts; the store unblocks them */
    void *zctx = cli_zmq_context(&conf);
    struct stage_thread st = {.name = "store", .zctx = zctx, .conf = &conf};
    struct stage_thread ft = {.name = "fetcher", .zctx = zctx, .conf = &conf};
    struct stage_thread pt = {.name = "parser", .zctx = zctx, .conf = &conf};
    start(&st, store_main);
    /* the store binds first, so that its endpoints exist for the others */
    if (!cli_wait_store(&st.progress, &st.rc)) {
        st.stop = 1;
        pthread_join(st.thread, NULL);
        zmq_ctx_term(zctx);
        nw_conf_cleanup(&conf);
        return st.rc == -2 ? EXIT_USAGE : EXIT_RUNTIME;
    }
    start(&ft, fetcher_main);
    start(&pt, parser_main);
    log_info("running: %zu feeds, store %s", conf.nfeeds, conf.store.path);
    if (conf.nfeeds == 0)
        log_warn("no feed is configured: nothing will be fetched (add [feed \"NAME\"] sections with a url; "
                 "`newswire check` validates the file)");
    cli_plain_passwords(&conf, log_plain);
    struct cli_metrics *metrics = cli_metrics_start(conf.metrics_listen, true, true);
    struct cli_notify nt = {0};
    cli_notify_ready(&nt, conf.nfeeds);
    while (!cli_stop && !ft.rc && !pt.rc && !st.rc) {
        zmq_poll(NULL, 0, 100);
        cli_notify_tick(&nt, &st.progress, conf.nfeeds);
    }
    cli_notify_stopping();
    log_info("stopping");
    int64_t t0 = nw_mono_ms();
    ft.stop = 1;
    pthread_join(ft.thread, NULL);
    pt.stop = 1;
    pthread_join(pt.thread, NULL);
    st.stop = 1;
    pthread_join(st.thread, NULL);
    zmq_ctx_term(zctx);
    cli_metrics_stop(metrics);
    log_info("stopped in %lld ms", (long long)(nw_mono_ms() - t0));
    int rc = st.rc == STORE_FULL ? EXIT_FULL : ft.rc || pt.rc || st.rc ? EXIT_RUNTIME : EXIT_OK;
    nw_conf_cleanup(&conf);
    return rc;
}

int cmd_stage(int argc, char **argv)
{
    const char *file;
    struct nw_conf conf;
    if (cli_parse_conf_only(argc, argv, &file) < 0)
        return EXIT_USAGE;
    cli_load_conf(&conf, file);
    cli_signals_install();
    void *zctx = cli_zmq_context(&conf);
    int rc;
    bool is_store = !strcmp(argv[0], "newswire: store"), is_fetcher = !strcmp(argv[0], "newswire: fetcher");
    struct cli_metrics *metrics = cli_metrics_start(conf.metrics_listen, is_store, is_fetcher);
    if (is_store) {
        struct store_stage_opts o = {
            .schedule_feeds = true, .reload = &cli_reload, .poll_now = &cli_poll_now, .replay_ipc = true};
        rc = store_stage_run(zctx, &conf, &cli_stop, &o);
        if (rc == -2) {
            cli_metrics_stop(metrics);
            zmq_ctx_term(zctx);
            nw_conf_cleanup(&conf);
            return EXIT_USAGE;
        }
    } else if (is_fetcher) {
        rc = fetcher_stage_run(zctx, &conf, &cli_stop);
    } else {
        rc = parser_stage_run(zctx, &conf, &cli_stop);
    }
    cli_metrics_stop(metrics);
    zmq_ctx_term(zctx);
    nw_conf_cleanup(&conf);
    return is_store && rc == STORE_FULL ? EXIT_FULL : rc ? EXIT_RUNTIME : EXIT_OK;
}
