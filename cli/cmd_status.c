/* status: store size, item counts, per-feed health. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/jsonx.h"
#include "../common/nwtime.h"
#include "../store/store.h"
#include "cli.h"

static const char *ms_time(int64_t ms, char tb[21]) { return ms ? nw_time_format(ms / 1000, tb) : NULL; }

static void feed_json(const char *url, const struct record_feed *f, void *arg)
{
    json_t *feeds = arg, *row = json_object();
    char tb[21];
    nw_json_set_str(row, "url", url);
    nw_json_set_str(row, "name", f->name);
    nw_json_set_str(row, "title", f->title);
    nw_json_set_str(row, "fetch_url", f->fetch_url);
    nw_json_set_str(row, "etag", f->etag);
    nw_json_set_str(row, "last_modified", f->last_modified);
    json_object_set_new(row, "failures", json_integer(f->failures));
    nw_json_set_str(row, "last_error", f->last_error);
    nw_json_set_str(row, "last_attempt", ms_time(f->last_attempt, tb));
    nw_json_set_str(row, "last_ok", ms_time(f->last_ok, tb));
    nw_json_set_str(row, "next_due", ms_time(f->next_due, tb));
    json_object_set_new(row, "last_status", json_integer(f->last_status));
    json_object_set_new(row, "items_seen", json_integer(f->items_seen));
    json_object_set_new(row, "private", json_boolean(f->is_private));
    json_array_append_new(feeds, row);
}

static void feed_text(const char *url, const struct record_feed *f, void *arg)
{
    (void)arg;
    char tb[21];
    printf("%s %s%s%s\n", f->failures ? "FAIL" : "ok  ", url, f->name ? "  " : "", f->name ? f->name : "");
    printf("    %-12s %s\n", "last ok", f->last_ok ? ms_time(f->last_ok, tb) : "never");
    printf("    %-12s %s\n", "next due", f->next_due ? ms_time(f->next_due, tb) : "now");
    if (f->failures)
        printf("    %-12s %lld in a row: %s\n", "failures", (long long)f->failures, f->last_error ? f->last_error : "?");
}

int cmd_status(int argc, char **argv)
{
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'}, {"json", no_argument, NULL, 'j'}, {0}};
    const char *file = cli_conf_arg(argc, argv);
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
    if (store_open(&s, conf.store.path, conf.store.map_size, STORE_READER, &err) < 0) {
        fprintf(stderr, "newswire: status: %s\n", err.msg);
        nw_conf_cleanup(&conf);
        return err.code == STORE_ERR_SCHEMA ? EXIT_USAGE : EXIT_RUNTIME;
    }
    struct store_counts sc;
    store_counts(&s, &sc);
    if (as_json) {
        json_t *o = json_object();
        json_object_set_new(o, "path", json_string(conf.store.path));
        json_object_set_new(o, "size_bytes", json_integer((json_int_t)sc.size_bytes));
        json_object_set_new(o, "map_size", json_integer((json_int_t)sc.map_size));
        json_object_set_new(o, "records", json_integer((json_int_t)sc.records));
        json_object_set_new(o, "items", json_integer((json_int_t)(sc.items - sc.pending)));
        json_object_set_new(o, "pending_articles", json_integer((json_int_t)sc.pending));
        json_object_set_new(o, "jobs", json_integer((json_int_t)sc.jobs));
        json_object_set_new(o, "last_seq", json_integer((json_int_t)sc.last_seq));
        json_t *feeds = json_array();
        store_feeds(&s, feed_json, feeds);
        json_object_set_new(o, "feeds", feeds);
        char *js = json_dumps(o, JSON_INDENT(1));
        puts(js);
        free(js);
        json_decref(o);
    } else {
        printf("store %s: %.1f MiB used of %.0f MiB mapped\n", conf.store.path, (double)sc.size_bytes / 1048576.0,
               (double)sc.map_size / 1048576.0);
        printf("items %llu (records %llu with revisions), last seq %llu, waiting for articles %llu, jobs %llu\n",
               (unsigned long long)(sc.items - sc.pending), (unsigned long long)sc.records,
               (unsigned long long)sc.last_seq, (unsigned long long)sc.pending, (unsigned long long)sc.jobs);
        store_feeds(&s, feed_text, NULL);
    }
    store_close(&s);
    nw_conf_cleanup(&conf);
    return EXIT_OK;
}
