/* status: store size, item counts, per-feed health. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/jsonx.h"
#include "../common/nwtime.h"
#include "../store/sched.h"
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
    nw_json_set_str(row, "index_read", ms_time(f->index_read, tb));
    nw_json_set_str(row, "announced", f->announced);
    nw_json_set_str(row, "page_next", ms_time(f->page_next, tb));
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
    json_object_set_new(row, "poll_ms", json_integer(f->poll_ms));
    json_object_set_new(row, "usual_gap_ms", json_integer(f->gap_ms));
    json_object_set_new(row, "longest_gap_ms", json_integer(f->gap_max_ms));
    nw_json_set_str(row, "last_new", ms_time(f->last_new, tb));
    json_object_set_new(row, "silent", json_boolean(f->silent));
    json_object_set_new(row, "disabled", json_boolean(f->disabled));
    json_array_append_new(feeds, row);
}

struct table {
    bool failing_only;
    struct sched_feeds *configured;
    size_t feeds, ok, failing, gone, never, removed, quiet;
    int64_t now_ms;
};

/* "3m ago", "in 12m": times near now as people read them. */
static const char *rel(int64_t ms, int64_t now, char out[32])
{
    if (!ms)
        return "never";
    int64_t d = (ms - now) / 1000, a = d < 0 ? -d : d;
    if (!d)
        return "now"; /* within a second: not "in 0s" for what just happened */
    char n[24];
    if (a < 90)
        snprintf(n, sizeof n, "%llds", (long long)a);
    else if (a < 90 * 60)
        snprintf(n, sizeof n, "%lldm", (long long)(a / 60));
    else if (a < 36 * 3600)
        snprintf(n, sizeof n, "%lldh", (long long)(a / 3600));
    else
        snprintf(n, sizeof n, "%lldd", (long long)(a / 86400));
    snprintf(out, 32, d < 0 ? "%s ago" : "in %s", n);
    return out;
}

static const char *health(const struct record_feed *f)
{
    if ((f->disabled || f->last_status == 410) && f->failures)
        return "gone";
    if (f->failures)
        return "FAIL";
    if (f->silent)
        return "quiet";
    return f->last_ok ? "ok" : "new";
}

static void feed_text(const char *url, const struct record_feed *f, void *arg)
{
    struct table *t = arg;
    if (!sched_feeds_find(t->configured, url)) {
        t->removed++; /* no longer in the configuration: its state is kept, not shown */
        return;
    }
    const char *h = health(f);
    t->feeds++;
    t->ok += !strcmp(h, "ok");
    t->failing += !strcmp(h, "FAIL");
    t->gone += !strcmp(h, "gone");
    t->never += !strcmp(h, "new");
    t->quiet += !strcmp(h, "quiet");
    if (t->failing_only && strcmp(h, "FAIL") && strcmp(h, "gone"))
        return;
    char a[32], b[32], c[32], err[96] = "";
    if (f->failures)
        snprintf(err, sizeof err, "%lldx %.80s", (long long)f->failures, f->last_error ? f->last_error : "?");
    else if (f->silent)
        snprintf(err, sizeof err, "nothing new since %s (usually every %lld min)", rel(f->last_new, t->now_ms, c),
                 (long long)(f->gap_ms / 60000));
    else if (f->fetch_url && f->index_read)
        snprintf(err, sizeof err, "sitemap index: reading %.70s", f->fetch_url);
    else if (f->fetch_url && f->announced)
        snprintf(err, sizeof err, "a page announcing %.70s", f->fetch_url);
    else if (f->fetch_url)
        snprintf(err, sizeof err, "moved to %.80s", f->fetch_url);
    printf("%-24.24s %-5s %-9s %6lld %-9s %s\n", f->name ? f->name : url, h, rel(f->last_ok, t->now_ms, a),
           (long long)f->items_seen, f->next_due ? rel(f->next_due, t->now_ms, b) : "now", err);
}

int cmd_status(int argc, char **argv)
{
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'}, {"json", no_argument, NULL, 'j'},
                                         {"failing", no_argument, NULL, 'F'}, {0}};
    const char *file = cli_conf_arg(argc, argv);
    bool as_json = false, failing_only = false;
    int c;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "c:", opts)) != -1) {
        if (c == 'c')
            file = optarg;
        else if (c == 'j')
            as_json = true;
        else if (c == 'F')
            failing_only = true;
        else
            return EXIT_USAGE;
    }
    struct nw_conf conf;
    struct store s;
    int orc = cli_open_store("status", file, &conf, &s, STORE_READER);
    if (orc != EXIT_OK)
        return orc;
    struct store_counts sc;
    store_counts(&s, &sc);
    /* the process writing the store, if one is: a daemon, or a replay */
    long writer = store_writer_running(conf.store.path);
    size_t failing = 0;
    if (as_json) {
        json_t *o = json_object();
        json_object_set_new(o, "path", json_string(conf.store.path));
        json_object_set_new(o, "size_bytes", json_integer((json_int_t)sc.size_bytes));
        json_object_set_new(o, "map_size", json_integer((json_int_t)sc.map_size));
        json_object_set_new(o, "records", json_integer((json_int_t)sc.records));
        json_object_set_new(o, "items", json_integer((json_int_t)sc.items));
        json_object_set_new(o, "pending_articles", json_integer((json_int_t)sc.pending));
        json_object_set_new(o, "jobs", json_integer((json_int_t)sc.jobs));
        json_object_set_new(o, "last_seq", json_integer((json_int_t)sc.last_seq));
        json_object_set_new(o, "running", json_boolean(writer != 0));
        json_object_set_new(o, "writer_pid", writer > 0 ? json_integer(writer) : json_null());
        json_t *feeds = json_array();
        store_feeds(&s, feed_json, feeds);
        size_t i;
        json_t *row;
        json_array_foreach(feeds, i, row) failing += json_integer_value(json_object_get(row, "failures")) > 0;
        if (failing_only) {
            json_t *keep = json_array();
            json_array_foreach(feeds, i, row) if (json_integer_value(json_object_get(row, "failures")) > 0)
                json_array_append(keep, row);
            json_decref(feeds);
            feeds = keep;
        }
        json_object_set_new(o, "feeds", feeds);
        json_object_set_new(o, "feeds_failing", json_integer((json_int_t)failing));
        char *js = json_dumps(o, JSON_INDENT(1));
        puts(js);
        free(js);
        json_decref(o);
    } else {
        printf("store %s: %.1f MiB used of %.0f MiB mapped\n", conf.store.path, (double)sc.size_bytes / 1048576.0,
               (double)sc.map_size / 1048576.0);
        if (writer > 0)
            printf("written by a running newswire (pid %ld)\n", writer);
        else
            printf(writer ? "written by a running newswire\n" : "no newswire is running on it\n");
        printf("items %llu (records %llu with revisions), last seq %llu, waiting for articles %llu, jobs %llu\n",
               (unsigned long long)sc.items, (unsigned long long)sc.records, (unsigned long long)sc.last_seq,
               (unsigned long long)sc.pending, (unsigned long long)sc.jobs);
        struct table t = {.failing_only = failing_only, .now_ms = nw_now_ms(),
                          .configured = sched_feeds_new(conf.feeds, conf.nfeeds)};
        printf("\n%-24s %-5s %-9s %6s %-9s %s\n", "FEED", "", "LAST OK", "ITEMS", "NEXT", "LAST ERROR");
        store_feeds(&s, feed_text, &t);
        printf("\n%zu feeds: %zu ok, %zu failing, %zu gone, %zu not fetched yet", t.feeds, t.ok, t.failing, t.gone,
               t.never);
        if (t.quiet)
            printf(", %zu silent (answering, nothing new for far longer than usual)", t.quiet);
        if (t.removed)
            printf("; %zu no longer configured", t.removed);
        putchar('\n');
        sched_feeds_free(t.configured);
        failing = t.failing + t.gone;
    }
    store_close(&s);
    nw_conf_cleanup(&conf);
    return failing ? EXIT_RUNTIME : EXIT_OK; /* documented: 1 when any feed is failing */
}
