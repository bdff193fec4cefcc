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

static int read_input(const char *path, struct nw_buf *b)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return -1;
    nw_buf_init(b, MAX_INPUT);
    char chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (nw_buf_append(b, chunk, n) < 0) {
            errno = EFBIG;
            rc = -1;
            break;
        }
    if (ferror(f))
        rc = -1;
    if (f != stdin)
        fclose(f);
    return rc;
}

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
        if (read_input(argv[i], &b) < 0) {
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

int cmd_parse(int argc, char **argv)
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
    return run_files(argc, argv, false, url);
}

int cmd_extract(int argc, char **argv)
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
    return run_files(argc, argv, true, url);
}
