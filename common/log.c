#include "log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum nw_log_level nw_log_threshold = NW_LOG_INFO;

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

int nw_log_set_level(const char *name)
{
    for (int i = 0; i < 4; i++) {
        if (strcmp(name, level_names[i]) == 0) {
            nw_log_threshold = (enum nw_log_level)i;
            return 0;
        }
    }
    return -1;
}

static void log_vwrite(enum nw_log_level level, const char *fmt, va_list ap)
{
    char line[2048];
    vsnprintf(line, sizeof line, fmt, ap);
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "newswire: %s: %s\n", level_names[level], line);
    fflush(stderr);
    pthread_mutex_unlock(&log_lock);
}

void nw_log_write(enum nw_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vwrite(level, fmt, ap);
    va_end(ap);
}

void nw_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vwrite(NW_LOG_ERROR, fmt, ap);
    va_end(ap);
    exit(1);
}
