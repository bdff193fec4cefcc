/* newswire's front program: what users run as `newswire`. It runs parse and
 * extract of files itself, linked with the parser's libraries only, so that
 * those commands start in about a third of the time (loading the 62 shared
 * libraries of the whole program, libcurl's and ZeroMQ's among them, costs
 * more than parsing a feed); every other command, and parse or extract of
 * an address, it hands to the full program (cli/main.c), installed as
 * libexec/newswire/newswire, which takes over this process (same PID, same
 * name, same arguments). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cmd_parse(int argc, char **argv);
int cmd_extract(int argc, char **argv);

static char **given;

/* The front starts no libcurl: it has none. */
void cli_net_init(void) {}
void cli_net_cleanup(void) {}

_Noreturn void cli_exec_core(void)
{
    /* beside this program in the build folder, or in the installed tree
     * (bin/newswire, libexec/newswire/newswire) */
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(self, '/');
    if (slash)
        *slash = '\0';
    const char *const rel[] = {"/libexec/newswire/newswire", "/../libexec/newswire/newswire"};
    int err = ENOENT;
    for (size_t i = 0; slash && i < sizeof rel / sizeof *rel; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s%s", self, rel[i]);
        execv(path, given);
        err = errno;
    }
    execv(NW_LIBEXEC_PROGRAM, given);
    if (errno != ENOENT)
        err = errno;
    fprintf(stderr, "newswire: cannot start the full program (%s): %s\n", NW_LIBEXEC_PROGRAM, strerror(err));
    exit(EXIT_RUNTIME);
}

int main(int argc, char **argv)
{
    /* as given: cli_run_command names the command in argv[1] for getopt */
    given = calloc((size_t)argc + 1, sizeof *given);
    if (!given)
        return EXIT_RUNTIME;
    memcpy(given, argv, (size_t)argc * sizeof *argv);
    if (argc < 2)
        cli_exec_core();
    int (*fn)(int, char **) = !strcmp(argv[1], "parse") ? cmd_parse : !strcmp(argv[1], "extract") ? cmd_extract : NULL;
    /* the commands' help is the full program's to print */
    for (int a = 2; fn && a < argc; a++)
        if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help"))
            fn = NULL;
    if (!fn)
        cli_exec_core();
    cli_heap_setup(argc, argv);
    return cli_run_command(argv[1], fn, argc, argv);
}
