#ifndef NW_LOG_H
#define NW_LOG_H

#include <stdarg.h>

enum nw_log_level { NW_LOG_DEBUG, NW_LOG_INFO, NW_LOG_WARN, NW_LOG_ERROR };

/* Current threshold; messages below it are not formatted at all. */
extern enum nw_log_level nw_log_threshold;

/* Sets the threshold from a name ("debug", "info", "warn", "error").
 * Returns 0, or -1 when the name is unknown. */
int nw_log_set_level(const char *name);

/* Writes one line "newswire: LEVEL: message" to stderr; thread-safe. */
void nw_log_write(enum nw_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define NW_LOG(level, ...)                                                     \
    do {                                                                       \
        if ((level) >= nw_log_threshold)                                       \
            nw_log_write((level), __VA_ARGS__);                                \
    } while (0)
#define log_debug(...) NW_LOG(NW_LOG_DEBUG, __VA_ARGS__)
#define log_info(...) NW_LOG(NW_LOG_INFO, __VA_ARGS__)
#define log_warn(...) NW_LOG(NW_LOG_WARN, __VA_ARGS__)
#define log_error(...) NW_LOG(NW_LOG_ERROR, __VA_ARGS__)

/* Names the calling thread "nw-WHAT" (seen in top -H, ps -L, perf and
 * gdb), unless it is the process's main thread, whose name is the
 * process's own (pidof, pkill). */
void nw_thread_name(const char *what);

/* Logs an error and exits with status 1: start-up failures and broken
 * invariants only, never data from outside. */
void nw_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
