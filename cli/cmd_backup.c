/* backup: a consistent, compacted copy of the store, while it runs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/nwtime.h"
#include "../store/store.h"
#include "cli.h"

/* Whether folder `dir` exists with nothing in it. */
static bool empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)))
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    return empty;
}

/* Makes `dir` (and its parents), or takes it when it is an empty folder;
 * an existing store there, or a file, is never written over. */
static int make_dest(const char *dir)
{
    char p[4096];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = 0;
        if (mkdir(p, 0750) < 0 && errno != EEXIST)
            return -1;
        *s = '/';
    }
    if (mkdir(p, 0750) == 0)
        return 0;
    if (errno != EEXIST)
        return -1;
    if (!empty_dir(dir)) {
        errno = EEXIST;
        return -1;
    }
    return 0;
}

int cmd_backup(int argc, char **argv)
{
    const char *file = cli_conf_arg(argc, argv), *dest = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) {
            i++;
            continue;
        }
        if (dest || (argv[i][0] == '-' && argv[i][1])) {
            fprintf(stderr, "newswire: backup: usage: newswire backup [-c FILE] FOLDER|-\n");
            return EXIT_USAGE;
        }
        dest = argv[i];
    }
    if (!dest) {
        fprintf(stderr, "newswire: backup: usage: newswire backup [-c FILE] FOLDER|-\n");
        return EXIT_USAGE;
    }
    bool to_stdout = !strcmp(dest, "-");
    if (to_stdout && isatty(STDOUT_FILENO)) {
        fprintf(stderr, "newswire: backup: standard output is a terminal: give a folder, or pipe it (backup - | "
                        "zstd > store.zst)\n");
        return EXIT_USAGE;
    }
    struct nw_conf conf;
    struct store s;
    int orc = cli_open_store("backup", file, &conf, &s, STORE_READER);
    if (orc != EXIT_OK)
        return orc;
    int rc = EXIT_RUNTIME;
    int64_t t0 = nw_mono_ms();
    if (to_stdout) {
        /* the store's data file as a stream (a compressor, ssh): one read
         * transaction, as below */
        uint64_t top = store_last_seq(&s);
        int mrc = mdb_env_copyfd2(s.env, STDOUT_FILENO, MDB_CP_COMPACT);
        if (mrc != 0) {
            fprintf(stderr, "newswire: backup: writing standard output: %s\n", mdb_strerror(mrc));
            goto out;
        }
        fprintf(stderr,
                "newswire: backup: the store at %s, items up to seq %llu or later, copied to standard output as "
                "its data.mdb (%.1f s); to restore it, stop newswire and put it as data.mdb in an empty folder "
                "made [store] path\n",
                conf.store.path, (unsigned long long)top, (double)(nw_mono_ms() - t0) / 1000.0);
        rc = EXIT_OK;
        goto out;
    }
    char part[4096], final[4096];
    snprintf(part, sizeof part, "%s/data.mdb.part", dest);
    snprintf(final, sizeof final, "%s/data.mdb", dest);
    if (make_dest(dest) < 0) {
        if (errno == EEXIST)
            fprintf(stderr, "newswire: backup: %s: not an empty folder (a backup is never written over anything)\n",
                    dest);
        else
            fprintf(stderr, "newswire: backup: %s: %s\n", dest, strerror(errno));
        rc = EXIT_USAGE;
        goto out;
    }
    int fd = open(part, O_WRONLY | O_CREAT | O_EXCL, 0640);
    if (fd < 0) {
        fprintf(stderr, "newswire: backup: %s: %s\n", part, strerror(errno));
        goto out;
    }
    /* one read transaction: the store as it was when the copy began,
     * whatever a running daemon commits meanwhile; free pages left out */
    uint64_t last = store_last_seq(&s);
    int mrc = mdb_env_copyfd2(s.env, fd, MDB_CP_COMPACT);
    struct stat st = {0};
    if (mrc == 0 && (fsync(fd) < 0 || fstat(fd, &st) < 0))
        mrc = errno;
    if (close(fd) < 0 && mrc == 0)
        mrc = errno;
    if (mrc == 0 && rename(part, final) < 0)
        mrc = errno;
    if (mrc != 0) {
        fprintf(stderr, "newswire: backup: writing %s: %s\n", part, mdb_strerror(mrc));
        unlink(part);
        goto out;
    }
    int dfd = open(dest, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    fprintf(stderr,
            "newswire: backup: the store at %s, items up to seq %llu or later, copied to %s (%.1f MiB, %.1f s); "
            "to restore it, stop newswire and make that folder [store] path\n",
            conf.store.path, (unsigned long long)last, dest, (double)st.st_size / 1048576.0,
            (double)(nw_mono_ms() - t0) / 1000.0);
    rc = EXIT_OK;
out:
    store_close(&s);
    nw_conf_cleanup(&conf);
    return rc;
}
