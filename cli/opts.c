/* What both of newswire's programs share: option parsing, how a command
 * is run and ended, and the heap set up for the batch commands. The front
 * program (cli/front.c) runs parse and extract of files itself and hands
 * every other command to the full one (cli/main.c). */
#ifdef NW_MIMALLOC
#include <mimalloc.h>
#endif
#include <libxml/parser.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../parser/xmlarena.h"
#include "cli.h"

bool cli_stdout_closed;

bool cli_getopt_said;

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *opts)
{
    int idx = -1;
    int c = getopt_long(argc, argv, shortopts, opts, &idx);
    if (c != -1 && c != '?' && c != ':' && idx >= 0) {
        /* getopt takes any unambiguous abbreviation: insist on the name */
        const char *name = opts[idx].name;
        size_t nl = strlen(name);
        bool exact = false;
        for (int i = 1; i < optind && i < argc && !exact; i++)
            exact = !strncmp(argv[i], "--", 2) && !strncmp(argv[i] + 2, name, nl) &&
                    (argv[i][2 + nl] == '\0' || argv[i][2 + nl] == '=');
        if (!exact) {
            fprintf(stderr, "%s: unknown option (did you mean --%s?)\n", argv[0], name);
            cli_getopt_said = true;
            c = '?';
        }
    }
    if (c == '?' && shortopts[0] != ':') {
        const char *cmd = strncmp(argv[0], "newswire: ", 10) ? argv[0] : argv[0] + 10;
        fprintf(stderr, "newswire: `newswire %s --help` lists the options\n", cmd);
    }
    return c;
}

#ifdef NW_MIMALLOC
/* The batch commands (parse, extract, replay) touch a document's worth of
 * new memory per file, and a page fault costs far more on some machines
 * than the work on the page (about 11 us each on a virtual machine where
 * this was measured; parse and extract ran 4-8% faster). Their heap is asked for in
 * 2 MiB pages where the system gives transparent huge pages on request:
 * the segment mimalloc gave the main thread before main() (its segments
 * are aligned to their size, 32 MiB in mimalloc 2), and an area the other
 * threads' segments are taken from first (address space until touched;
 * past it, mimalloc asks the system as usual). The daemon keeps small
 * pages, and its smaller footprint. */
static void huge_page_heap(void)
{
    const size_t seg = (size_t)32 << 20;
    if (mi_version() < 100 || mi_version() >= 300)
        return; /* a mimalloc whose segments this was not measured with */
    void *one = malloc(1);
    if (one)
        madvise((void *)((uintptr_t)one & ~(uintptr_t)(seg - 1)), seg, MADV_HUGEPAGE);
    free(one);
    /* the area starts on a segment boundary, as mimalloc's own do */
    size_t size = (size_t)1 << 30;
    char *p = mmap(NULL, size + seg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return;
    char *start = (char *)(((uintptr_t)p + seg - 1) & ~(uintptr_t)(seg - 1));
    madvise(start, size, MADV_HUGEPAGE);
    if (!mi_manage_os_memory(start, size, true, false, true, -1))
        munmap(p, size + seg);
}
#endif

void cli_heap_setup(int argc, char **argv)
{
#ifdef NW_MIMALLOC
    /* pages and documents are freed by another thread than the one that
     * read them; mimalloc gave their memory back to the system 25 ms
     * later, and the next page faulted it in again (130,000 faults in a
     * replay of 5,000 pages, a tenth of its reading thread's time). It is
     * given back after a second without use instead. */
    if (!getenv("MIMALLOC_DECOMMIT_DELAY"))
        mi_option_set(mi_option_decommit_delay, 1000);
    if (argc > 1 && (!strcmp(argv[1], "parse") || !strcmp(argv[1], "extract") || !strcmp(argv[1], "replay")))
        huge_page_heap();
#else
    (void)argc, (void)argv;
#endif
}

/* Runs the command named argv[1] (fn) and ends it: libxml2 and libcurl
 * stopped, standard output flushed (a reader that went away, as in
 * `tail | head`, is no error). Returns the exit status. */
int cli_run_command(const char *name, int (*fn)(int, char **), int argc, char **argv)
{
    xml_arena_install(); /* before libxml2 allocates anything */
    xmlInitParser();
    /* getopt names argv[0] in its messages: "newswire: replay:
     * unrecognized option '--bogus'" */
    char prog[64];
    snprintf(prog, sizeof prog, "newswire: %s", name);
    char *saved = argv[1];
    argv[1] = prog;
    int rc = fn(argc - 1, argv + 1);
    argv[1] = saved;
    xmlCleanupParser();
    cli_net_cleanup();
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno == EPIPE || cli_stdout_closed)
            return rc; /* the reader went away (tail | head): not an error */
        perror("newswire: stdout");
        return EXIT_RUNTIME;
    }
    return rc;
}
