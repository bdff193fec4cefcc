#include <ctype.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../common/log.h"
#include "../common/zsock.h"
#include "../store/store.h"
#include <zmq.h>
#include "cli.h"

volatile int cli_stop;
volatile int cli_reload;
volatile int cli_poll_now;

static void on_stop(int sig)
{
    (void)sig;
    cli_stop = 1;
}

static void on_hup(int sig)
{
    (void)sig;
    cli_reload = 1;
}

static void on_usr1(int sig)
{
    (void)sig;
    cli_poll_now = 1;
}

void cli_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
}

#ifndef NW_SYSCONF_FILE
#define NW_SYSCONF_FILE "/etc/newswire/pipeline.conf"
#endif

/* The configuration file when no -c is given: $NEWSWIRE_CONF, then
 * ./pipeline.conf, then the system one. NULL when there is none. */
static const char *find_conf(void)
{
    const char *env = getenv("NEWSWIRE_CONF");
    if (env && *env)
        return env;
    if (access("pipeline.conf", F_OK) == 0)
        return "pipeline.conf";
    if (access(NW_SYSCONF_FILE, F_OK) == 0)
        return NW_SYSCONF_FILE;
    return NULL;
}

/* Whether a header line ("Name: value") is a credential by its name: an
 * Authorization, a Cookie, a name that speaks of a key, a token, a
 * secret, a session or a password. */
static bool secret_header(const char *h)
{
    static const char *const words[] = {"authorization", "cookie", "key", "token", "secret", "session", "pass", "auth"};
    char name[128];
    size_t n = strcspn(h, ":");
    if (n >= sizeof name)
        n = sizeof name - 1;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)tolower((unsigned char)h[i]);
    name[n] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strstr(name, words[i]))
            return true;
    return false;
}

size_t cli_plain_passwords(const struct nw_conf *c, void (*say)(const char *name, const char *url, const char *what))
{
    size_t n = 0;
    for (size_t i = 0; i < c->nfeeds; i++) {
        const struct nw_feed_conf *f = &c->feeds[i];
        if (strncasecmp(f->url, "http://", 7))
            continue;
        if (f->password) {
            say(f->name, f->url, "its password");
            n++;
        }
        for (size_t j = 0; j < f->headers.n; j++)
            if (secret_header(f->headers.v[j])) {
                char what[160];
                snprintf(what, sizeof what, "its %.*s header", (int)strcspn(f->headers.v[j], ":"), f->headers.v[j]);
                say(f->name, f->url, what);
                n++;
            }
    }
    return n;
}

void cli_load_conf(struct nw_conf *c, const char *file)
{
    struct nw_err err = {0};
    nw_conf_defaults(c);
    if (!file)
        file = find_conf();
    if (!file) {
        fprintf(stderr, "newswire: no configuration: none given with -c FILE, none in $NEWSWIRE_CONF, no "
                        "./pipeline.conf, no " NW_SYSCONF_FILE " (an example is in the source tree and installed "
                        "there)\n");
        nw_conf_cleanup(c);
        exit(EXIT_USAGE);
    }
    if (nw_conf_load(c, file, &err) < 0) {
        fprintf(stderr, "newswire: %s\n", err.msg);
        nw_conf_cleanup(c);
        exit(EXIT_USAGE);
    }
    nw_log_set_level(c->log_level);
    const char *env = getenv("NEWSWIRE_LOG");
    if (env && nw_log_set_level(env) < 0) {
        fprintf(stderr, "newswire: NEWSWIRE_LOG: unknown level '%s'\n", env);
        exit(EXIT_USAGE);
    }
}

int cli_open_store(const char *cmd, const char *file, struct nw_conf *conf, struct store *s, int mode)
{
    cli_load_conf(conf, file);
    struct nw_err err = {0};
    if (store_open(s, conf->store.path, conf->store.map_size, mode, &err) < 0) {
        fprintf(stderr, "newswire: %s: %s\n", cmd, err.msg);
        nw_conf_cleanup(conf);
        return err.code == STORE_ERR_SCHEMA ? EXIT_USAGE : EXIT_RUNTIME;
    }
    return EXIT_OK;
}

const char *cli_conf_arg(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config"))
            return argv[i + 1];
    return NULL;
}

void *cli_zmq_context(const struct nw_conf *c)
{
    void *ctx = zmq_ctx_new();
    char err[256] = "";
    if (!ctx || nw_zsock_security(ctx, c->security.curve_public, c->security.curve_secret, c->security.curve_allow,
                                  c->security.curve_server, err) < 0) {
        fprintf(stderr, "newswire: %s\n", err[0] ? err : "cannot create a ZeroMQ context");
        exit(EXIT_USAGE);
    }
    static int warned;
    const char *eps[] = {c->endpoints.jobs, c->endpoints.docs, c->endpoints.results, c->endpoints.events};
    for (size_t i = 0; i < 4 && !warned && !c->security.curve_public; i++)
        if (eps[i] && strstr(eps[i], "tcp://") && !strstr(eps[i], "127.0.0.1") && !strstr(eps[i], "localhost")) {
            log_warn("%s: a tcp endpoint beyond this host without [security] keys: stages talk unauthenticated "
                     "and in clear (newswire keygen makes a key pair)", eps[i]);
            warned = 1;
        }
    return ctx;
}
