/* check: validates a configuration without running anything; opml: the
 * subscriptions as an OPML 2.0 outline. */
#include <errno.h>
#include <getopt.h>
#include <zmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/mem.h"
#include "../common/nwtime.h"
#include "cli.h"

static void print_plain(const char *name, const char *url, const char *what)
{
    printf("warning: feed \"%s\": %s goes over plain http:// (%s): anyone on the way can read it; "
           "use https:// if the server has it\n",
           name, what, url);
}

int cmd_check(int argc, char **argv)
{
    const char *file;
    if (cli_parse_conf_only(argc, argv, &file) < 0)
        return EXIT_USAGE;
    struct nw_conf conf;
    cli_load_conf(&conf, file); /* exits 2 naming the file and line of any error */
    printf("%s: valid; %zu feeds, store %s\n", conf.file ? conf.file : "(defaults)", conf.nfeeds, conf.store.path);
    if (conf.nfeeds == 0)
        printf("warning: no feed is configured: `run` would fetch nothing (add [feed \"NAME\"] sections "
               "with a url)\n");
    if (conf.fetcher.archive)
        printf("every fetch is archived in %s\n", conf.fetcher.archive);
    cli_plain_passwords(&conf, print_plain);
    nw_conf_cleanup(&conf);
    return EXIT_OK;
}

int cmd_opml(int argc, char **argv)
{
    const char *file;
    if (cli_parse_conf_only(argc, argv, &file) < 0)
        return EXIT_USAGE;
    struct nw_conf conf;
    cli_load_conf(&conf, file);
    struct nw_buf b = {0};
    char tb[40];
    nw_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head>\n"
                      "<title>newswire subscriptions</title>\n<dateCreated>%s</dateCreated>\n</head>\n<body>\n",
                  nw_time_format(nw_now_ms() / 1000, tb));
    for (size_t i = 0; i < conf.nfeeds; i++) {
        nw_buf_puts(&b, "<outline type=\"rss\" text=\"");
        nw_buf_put_xml(&b, conf.feeds[i].name, 1);
        nw_buf_puts(&b, "\" title=\"");
        nw_buf_put_xml(&b, conf.feeds[i].name, 1);
        nw_buf_puts(&b, "\" xmlUrl=\"");
        nw_buf_put_xml(&b, conf.feeds[i].url, 1);
        /* tags, as OPML 2.0 writes them: category strings without slashes */
        for (size_t k = 0; k < conf.feeds[i].tags.n; k++) {
            char *tag = nw_strdup(conf.feeds[i].tags.v[k]), *w = tag;
            for (const char *t = tag; *t; t++)
                if (*t != '/' && *t != ',')
                    *w++ = *t;
            *w = 0;
            nw_buf_puts(&b, k ? "," : "\" category=\"");
            nw_buf_put_xml(&b, tag, 1);
            free(tag);
        }
        nw_buf_puts(&b, "\"/>\n");
    }
    nw_buf_puts(&b, "</body>\n</opml>\n");
    fwrite(b.data, 1, b.len, stdout);
    nw_buf_cleanup(&b);
    nw_conf_cleanup(&conf);
    return EXIT_OK;
}

int cmd_keygen(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        fprintf(stderr, "newswire: keygen: no arguments\n");
        return EXIT_USAGE;
    }
    char pub[41], sec[41];
    /* a value starting with ; or # would read as a comment: draw again */
    for (int tries = 0; tries < 1000; tries++) {
        if (zmq_curve_keypair(pub, sec) != 0) {
            fprintf(stderr, "newswire: keygen: %s (a libzmq without CURVE?)\n", zmq_strerror(errno));
            return EXIT_RUNTIME;
        }
        if (!strchr(";#", pub[0]) && !strchr(";#", sec[0]))
            break;
    }
    printf("; the deployment's key pair: the same [security] section in the configuration of every\n"
           "; host; keep it secret (whoever holds it can join the pipeline)\n"
           "[security]\ncurve_public = %s\ncurve_secret = %s\n",
           pub, sec);
    return EXIT_OK;
}
