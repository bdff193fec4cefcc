#ifndef NW_CLI_H
#define NW_CLI_H

#include <stdbool.h>

#include "../common/conf.h"

/* Exit codes (DESIGN §4). */
/* EXIT_FULL: intake stopped for want of room (store.max_size reached, or
 * the store's disk full); the unit tells systemd not to restart on it,
 * since a start fetches what is due and fails the same way */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_FULL = 3 };

/* Set by SIGINT/SIGTERM and SIGHUP. */
extern volatile int cli_stop;
extern volatile int cli_reload;
extern volatile int cli_poll_now; /* SIGUSR1: every feed due now */
/* Set when standard output's reader went away (EPIPE): not an error. */
extern bool cli_stdout_closed;

/* libcurl's global state (TLS libraries and all), started by the commands
 * that make transfers, before their threads: the others (parse of files,
 * tail, status...) are spared its cost at every start. Once per process;
 * main() ends it. */
void cli_net_init(void);
void cli_net_cleanup(void);

/* The allocator's settings for the command in argv[1] (before anything is
 * allocated), and the run of a command and its end (cli/opts.c). */
void cli_heap_setup(int argc, char **argv);
int cli_run_command(const char *name, int (*fn)(int, char **), int argc, char **argv);

/* In the front program (cli/front.c): hands the command line, as it was
 * given, to the full program, which replaces this process; exits 1 when
 * that cannot be done. */
_Noreturn void cli_exec_core(void);

/* Installs the handlers for the flags above; SIGPIPE is ignored. */
void cli_signals_install(void);

/* Loads the configuration named by -c, or when file is NULL the first of
 * $NEWSWIRE_CONF, ./pipeline.conf, /etc/newswire/pipeline.conf; on error
 * prints it and exits with status 2. */
void cli_load_conf(struct nw_conf *c, const char *file);

/* The feeds whose URL gives a password, or whose headers a credential
 * (an Authorization, a Cookie, an API key...), over plain http:// (anyone
 * on the way reads it): the count, each named to `say` with what goes
 * ("its password", "its Cookie header"; check prints, run logs). */
size_t cli_plain_passwords(const struct nw_conf *c, void (*say)(const char *name, const char *url, const char *what));

/* Loads the configuration (as cli_load_conf) and opens its store in
 * `mode` (enum store_mode); returns EXIT_OK, or the exit status after
 * saying why as command `cmd` (the configuration cleaned up). */
struct store;
int cli_open_store(const char *cmd, const char *file, struct nw_conf *conf, struct store *s, int mode);

/* Picks "-c FILE" / "--config FILE" out of argv; returns the file or the
 * default. Other arguments are left in place. */
const char *cli_conf_arg(int argc, char **argv);

struct store_progress;

/* Waits (at most 5 s) until an in-process store stage has bound its
 * sockets, or has failed (*store_rc set). Returns whether it is ready. */
/* TIME: RFC 3339 or another date format, or a duration ago ("90m"), in
 * seconds since the epoch. Returns 0 or -1. */
int cli_parse_since(const char *s, int64_t *t);

/* systemd notifications (cli/notify.c). */
struct store_progress;
struct cli_notify {
    int64_t watchdog_ms, last_ping, last_status;
    unsigned long last_ticks;
};
void cli_notify_ready(struct cli_notify *n, size_t nfeeds);
void cli_notify_tick(struct cli_notify *n, struct store_progress *p, size_t nfeeds);
void cli_notify_stopping(void);

/* The metrics endpoint (cli/metrics.c): NULL when listen is NULL or it
 * cannot start (logged). need_*: /healthz requires that loop to turn. */
struct cli_metrics;
struct cli_metrics *cli_metrics_start(const char *listen, bool need_writer, bool need_fetcher);
void cli_metrics_stop(struct cli_metrics *m);

/* A ZeroMQ context with the configuration's CURVE keys in force (exits 2
 * when they are malformed). */
void *cli_zmq_context(const struct nw_conf *c);

/* Options of commands that take only -c FILE: returns 0 (file NULL when
 * not given) or -1 (message printed). */
int cli_parse_conf_only(int argc, char **argv, const char **file);

/* getopt_long for the commands: long options must be spelled out (no
 * --conf for --config), and an unknown one gets a hint to --help. */
struct option;
extern bool cli_getopt_said; /* cli_getopt printed the error itself */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *opts);

bool cli_wait_store(struct store_progress *p, volatile int *store_rc);

int cmd_run(int argc, char **argv);
int cmd_stage(int argc, char **argv); /* fetcher | parser | store */
int cmd_tail(int argc, char **argv);
int cmd_groups(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_opml(int argc, char **argv);
int cmd_keygen(int argc, char **argv);

#endif
