/* status: store size, item counts, per-feed health. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/jsonx.h"
#include "../common/nwtime.h"
#include "../store/store.h"
#include "cli.h"

static void print_ms_time(const char *label, const json_t *f, const char *key)
{
    int64_t ms = nw_json_int(f, key, 0);
    char tb[21];
    printf("    %-12s %s\n", label, ms ? nw_time_format(ms / 1000, tb) : "never");
}

int cmd_status(int argc, char **argv)
{
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'}, {"json", no_argument, NULL, 'j'}, {0}};
    const char *file = "pipeline.conf";
    bool as_json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
        if (c == 'c')
            file = optarg;
        else if (c == 'j')
            as_json = true;
        else
            return EXIT_USAGE;
    }
    struct nw_conf conf;
    cli_load_conf(&conf, file);
    struct store s;
    struct nw_err err = {0};
    if (store_open(&s, conf.store.path, conf.store.map_size, true, &err) < 0) {
        fprintf(stderr, "newswire: status: %s\n", err.msg);
        nw_conf_cleanup(&conf);
        return EXIT_RUNTIME;
    }
    json_t *st = store_status(&s);
    json_object_set_new(st, "path", json_string(conf.store.path));
    if (as_json) {
        char *js = json_dumps(st, JSON_INDENT(1));
        puts(js);
        free(js);
    } else {
        printf("store %s: %.1f MiB used of %.0f MiB mapped\n", conf.store.path,
               (double)nw_json_int(st, "size_bytes", 0) / 1048576.0, (double)nw_json_int(st, "map_size", 0) / 1048576.0);
        printf("items %lld (records %lld with revisions), last seq %lld, waiting for articles %lld, jobs %lld\n",
               (long long)nw_json_int(st, "items", 0) - (long long)nw_json_int(st, "pending_articles", 0),
               (long long)nw_json_int(st, "records", 0), (long long)nw_json_int(st, "last_seq", 0),
               (long long)nw_json_int(st, "pending_articles", 0), (long long)nw_json_int(st, "jobs", 0));
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(st, "feeds"), i, f)
        {
            const char *err_s = nw_json_str(f, "last_error");
            int64_t failures = nw_json_int(f, "failures", 0);
            printf("%s %s%s%s\n", failures ? "FAIL" : "ok  ", nw_json_str(f, "url"),
                   nw_json_str(f, "name") ? "  " : "", nw_json_str(f, "name") ? nw_json_str(f, "name") : "");
            print_ms_time("last ok", f, "last_ok");
            print_ms_time("next due", f, "next_due");
            if (failures)
                printf("    %-12s %lld in a row: %s\n", "failures", (long long)failures, err_s ? err_s : "?");
        }
    }
    json_decref(st);
    store_close(&s);
    nw_conf_cleanup(&conf);
    return EXIT_OK;
}
