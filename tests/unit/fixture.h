/* Helpers shared by the unit tests. */
#ifndef NW_TEST_FIXTURE_H
#define NW_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Reads a whole file; fails the test when it cannot. */
static inline char *fixture_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
    d[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return d;
}

/* CPU seconds of the calling thread: for tests that bound the work a
 * hostile input costs (in CPU, so a busy machine does not fail them). */
static inline double fixture_cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

#endif
