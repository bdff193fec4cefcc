#include "log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* Where stderr goes: the journal (systemd sets JOURNAL_STREAM to the
 * device and inode of the stream it gave us) wants "<N>" priorities and
 * keeps its own time; a terminal or a file gets RFC 3339 times. */
static int journal = -1;

static bool stderr_is_journal(void)
{
    const char *js = getenv("JOURNAL_STREAM");
    unsigned long long dev, ino;
    struct stat st;
    if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2 || fstat(STDERR_FILENO, &st) != 0)
        return false;
    return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

static void log_vwrite(enum nw_log_level level, const char *fmt, va_list ap)
{
    static const int priority[] = {7, 6, 4, 3}; /* debug, info, warning, err (sd-daemon.h) */
    char line[2048];
    vsnprintf(line, sizeof line, fmt, ap);
    pthread_mutex_lock(&log_lock);
    if (journal < 0)
        journal = stderr_is_journal();
    if (journal) {
        fprintf(stderr, "<%d>newswire: %s: %s\n", priority[level], level_names[level], line);
    } else {
        struct timespec ts;
        struct tm tm;
        clock_gettime(CLOCK_REALTIME, &ts);
        gmtime_r(&ts.tv_sec, &tm);
        char stamp[32];
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
        fprintf(stderr, "%s.%03ldZ newswire: %s: %s\n", stamp, ts.tv_nsec / 1000000, level_names[level], line);
    }
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

void nw_thread_name(const char *what)
{
    if (getpid() == gettid())
        return;
    char name[16]; /* the kernel keeps 15 bytes */
    snprintf(name, sizeof name, "nw-%s", what);
    pthread_setname_np(pthread_self(), name);
}
