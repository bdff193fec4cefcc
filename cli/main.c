/* newswire: a streaming news-feed ingestion pipeline. */
#include <curl/curl.h>
#include <libxml/parser.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
};

static const struct command commands[] = {
    {"run", cmd_run, "run      [-c FILE]                 all stages in one process, in the foreground"},
    {"fetcher", cmd_stage, "fetcher  [-c FILE]                 the fetcher stage alone"},
    {"parser", cmd_stage, "parser   [-c FILE]                 the parser stage alone"},
    {"store", cmd_stage, "store    [-c FILE]                 the store stage alone"},
    {"tail", cmd_tail,
     "tail     [-c FILE] [-f] [--from SEQ | --since TIME | --last N] [--group NAME] [--unique]\n"
     "         [--feed URL|NAME] [--lang CODE] [--agency NAME] [--match REGEX] [--max N]\n"
     "         [--timeout DURATION] [--format json|tsv]\n"
     "                                    stored items as JSON lines (-f: and new ones as they come)"},
    {"groups", cmd_groups,
     "groups   [-c FILE] [list | reset NAME [SEQ] | delete NAME]\n"
     "                                    consumer groups of tail and their cursors"},
    {"replay", cmd_replay, "replay   [-c FILE] [--url URL | --url-map FILE] [--reextract [--since TIME]] PATH...\n"
                           "                                    feeds, HTML pages, WARC files (.gz too), folders"},
    {"parse", cmd_parse, "parse    FILE...|-                  feed documents to JSON, one object per line"},
    {"extract", cmd_extract, "extract  [--url URL] FILE...|-      article pages to JSON, one object per line"},
    {"status", cmd_status, "status   [-c FILE] [--json]         store size, item counts, per-feed health"},
};

static void usage(FILE *f)
{
    fputs("usage: newswire COMMAND [OPTIONS]\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %s\n", commands[i].usage);
    fputs("\nWithout -c FILE the configuration is $NEWSWIRE_CONF, else ./pipeline.conf, else\n"
          "/etc/newswire/pipeline.conf. Exit status: 0 success, 1 runtime failure, 2 usage or\n"
          "configuration error. `newswire COMMAND --help` explains a command's options; man newswire.\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        puts("newswire 0.1.0");
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(argv[1], commands[i].name))
            continue;
        for (int a = 2; a < argc; a++)
            if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
                printf("usage: newswire %s\n", commands[i].usage);
                return EXIT_OK;
            }
        curl_global_init(CURL_GLOBAL_DEFAULT);
        xmlInitParser();
        int rc = commands[i].fn(argc - 1, argv + 1);
        xmlCleanupParser();
        curl_global_cleanup();
        errno = 0;
        if (fflush(stdout) != 0 || ferror(stdout)) {
            if (errno == EPIPE || cli_stdout_closed)
                return rc; /* the reader went away (tail | head): not an error */
            perror("newswire: stdout");
            return EXIT_RUNTIME;
        }
        return rc;
    }
    fprintf(stderr, "newswire: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
