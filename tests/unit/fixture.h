/* Helpers shared by the unit tests. */
#ifndef NW_TEST_FIXTURE_H
#define NW_TEST_FIXTURE_H

#include <dirent.h>
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

/* Calls fn(path, name, arg) for every file under dir, in the order the
 * folder lists them, going down at most `depth` levels of folders below
 * it; entries whose names start with '.' are left out. A folder that is
 * not there is no file. */
static inline void fixture_each_file(const char *dir, int depth, void (*fn)(const char *, const char *, void *),
                                     void *arg)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t)n >= sizeof path)
            continue;
        if (e->d_type == DT_DIR) {
            if (depth > 0)
                fixture_each_file(path, depth - 1, fn, arg);
            continue;
        }
        fn(path, e->d_name, arg);
    }
    closedir(d);
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
