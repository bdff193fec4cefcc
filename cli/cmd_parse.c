/* parse and extract: the parser's functions on files, no store, no sockets. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/jsonx.h"
#include "../parser/parser.h"
#include "cli.h"

#define MAX_INPUT (256u << 20)

static void print_line(json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
    fputs(s, stdout);
    fputc('\n', stdout);
    free(s);
}

static int run_files(int argc, char **argv, bool article, const char *url)
{
    if (optind >= argc) {
        fprintf(stderr, "newswire: %s: no input (give FILE... or -)\n", article ? "extract" : "parse");
        return EXIT_USAGE;
    }
    int rc = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        struct nw_buf b;
        struct nw_err err = {0};
        json_t *o = NULL;
        if (nw_buf_read_file(&b, argv[i], MAX_INPUT) < 0) {
            snprintf(err.msg, sizeof err.msg, "cannot read: %s", strerror(errno));
        } else {
            o = article ? article_extract(b.data ? b.data : "", b.len, url, NULL, &err)
                        : feed_parse(b.data ? b.data : "", b.len, url, NULL, &err);
        }
        nw_buf_cleanup(&b);
        if (!o) {
            fprintf(stderr, "newswire: %s: %s\n", argv[i], err.msg);
            o = json_object();
            nw_json_set_str(o, "error", err.msg);
            rc = EXIT_RUNTIME;
        }
        print_line(o);
        json_decref(o);
    }
    return rc;
}

static int parse_or_extract(int argc, char **argv, bool article)
{
    static const struct option opts[] = {{"url", required_argument, NULL, 'u'}, {0}};
    const char *url = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "u:", opts, NULL)) != -1) {
        if (c == 'u')
            url = optarg;
        else
            return EXIT_USAGE;
    }
    return run_files(argc, argv, article, url);
}

int cmd_parse(int argc, char **argv) { return parse_or_extract(argc, argv, false); }

int cmd_extract(int argc, char **argv) { return parse_or_extract(argc, argv, true); }
