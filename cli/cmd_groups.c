/* groups: tail's consumer groups and their cursors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/nwtime.h"
#include "../store/store.h"
#include "cli.h"

static void print_group(const char *group, const struct record_cursor *c, void *arg)
{
    uint64_t top = *(uint64_t *)arg;
    char tb[21];
    printf("%-24s at %-10llu behind %-10llu updated %s\n", group, (unsigned long long)c->seq,
           (unsigned long long)(top > c->seq ? top - c->seq : 0), c->updated ? nw_time_format(c->updated, tb) : "-");
}

int cmd_groups(int argc, char **argv)
{
    const char *file = cli_conf_arg(argc, argv);
    const char *args[4] = {0};
    int nargs = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config")) {
            i++;
            continue;
        }
        if (nargs == 3) {
            fprintf(stderr, "newswire: groups: too many arguments\n");
            return EXIT_USAGE;
        }
        args[nargs++] = argv[i];
    }
    const char *verb = nargs ? args[0] : "list";
    bool list = !strcmp(verb, "list"), reset = !strcmp(verb, "reset"), del = !strcmp(verb, "delete");
    if ((!list && !reset && !del) || (list && nargs > 1) || ((reset || del) && nargs < 2) || (del && nargs > 2)) {
        fprintf(stderr, "newswire: groups: usage: newswire groups [-c FILE] [list | reset NAME [SEQ] | delete NAME]\n");
        return EXIT_USAGE;
    }
    uint64_t to = 0;
    if (reset && nargs == 3) {
        char *end;
        to = strtoull(args[2], &end, 10);
        if (*end || end == args[2]) {
            fprintf(stderr, "newswire: groups: bad seq '%s'\n", args[2]);
            return EXIT_USAGE;
        }
    }
    struct nw_conf conf;
    struct store s;
    int rc = cli_open_store("groups", file, &conf, &s, list ? STORE_READER : STORE_CURSORS);
    if (rc != EXIT_OK)
        return rc;
    if (list) {
        uint64_t top = store_last_seq(&s);
        store_cursor_list(&s, print_group, &top);
    } else if (reset) {
        if (store_cursor_set(&s, args[1], to) < 0) {
            fprintf(stderr, "newswire: groups: cannot reset '%s'\n", args[1]);
            rc = EXIT_RUNTIME;
        }
    } else if (store_cursor_delete(&s, args[1]) < 0) {
        fprintf(stderr, "newswire: groups: no group '%s'\n", args[1]);
        rc = EXIT_RUNTIME;
    }
    store_close(&s);
    nw_conf_cleanup(&conf);
    return rc;
}
