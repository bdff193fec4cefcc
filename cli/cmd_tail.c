/* tail: stored items as JSON Lines, optionally following new ones. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "../common/jsonx.h"
#include "../common/nwtime.h"
#include "../parser/date.h"
#include "../store/store.h"
#include "cli.h"

/* The contract's field order (DESIGN §5). */
static const char *const fields[] = {"seq", "id", "rev", "feed", "source", "url", "guid", "title", "author",
                                     "published", "updated", "fetched", "lang", "summary", "text", "word_count",
                                     "reading_time_min", "categories", "agencies", "enclosures", "cluster", "dup_of"};

struct tail_state {
    bool unique;
    uint64_t last;
    bool write_error;
};

static int print_item(json_t *item, void *arg)
{
    struct tail_state *st = arg;
    st->last = (uint64_t)nw_json_int(item, "seq", (int64_t)st->last);
    if (st->unique && !json_is_null(json_object_get(item, "dup_of")) && json_object_get(item, "dup_of"))
        return 0;
    json_t *o = json_object();
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        json_t *v = json_object_get(item, fields[i]);
        json_object_set(o, fields[i], v ? v : json_null());
    }
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
        st->write_error = true;
    free(s);
    return st->write_error;
}

/* TIME: RFC 3339 or another date format, or a duration ago ("90m"). */
static int parse_since(const char *s, int64_t *t)
{
    int64_t ms;
    if (isdigit((unsigned char)s[0]) && nw_parse_duration(s, &ms) == 0 && !strchr(s, '-')) {
        *t = nw_now_ms() / 1000 - ms / 1000;
        return 0;
    }
    *t = date_parse(s);
    return *t == NW_NO_TIME ? -1 : 0;
}

int cmd_tail(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"follow", no_argument, NULL, 'f'},
        {"from", required_argument, NULL, 'F'},   {"since", required_argument, NULL, 'S'},
        {"last", required_argument, NULL, 'L'},   {"group", required_argument, NULL, 'G'},
        {"unique", no_argument, NULL, 'U'},       {0},
    };
    const char *file = "pipeline.conf", *group = NULL;
    bool follow = false, have_pos = false;
    struct tail_state st = {0};
    uint64_t from = 1;
    int64_t since = 0, last = -1;
    int c, npos = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:f", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'c': file = optarg; break;
        case 'f': follow = true; break;
        case 'U': st.unique = true; break;
        case 'G': group = optarg; break;
        case 'F':
            errno = 0;
            from = strtoull(optarg, &end, 10);
            if (errno || *end || end == optarg) {
                fprintf(stderr, "newswire: tail: bad --from '%s'\n", optarg);
                return EXIT_USAGE;
            }
            npos++;
            break;
        case 'S':
            if (parse_since(optarg, &since) < 0) {
                fprintf(stderr, "newswire: tail: bad --since '%s' (RFC 3339 time or a duration such as 2h)\n", optarg);
                return EXIT_USAGE;
            }
            npos++;
            break;
        case 'L':
            last = strtoll(optarg, &end, 10);
            if (*end || end == optarg || last < 0) {
                fprintf(stderr, "newswire: tail: bad --last '%s'\n", optarg);
                return EXIT_USAGE;
            }
            npos++;
            break;
        default: return EXIT_USAGE;
        }
    }
    if (npos > 1) {
        fprintf(stderr, "newswire: tail: --from, --since and --last exclude each other\n");
        return EXIT_USAGE;
    }
    if (optind < argc) {
        fprintf(stderr, "newswire: tail: unexpected argument '%s'\n", argv[optind]);
        return EXIT_USAGE;
    }
    have_pos = npos > 0;
    struct nw_conf conf;
    cli_load_conf(&conf, file);
    cli_signals_install();
    struct store s;
    struct nw_err err = {0};
    /* a group keeps its cursor in the store, so it needs to write */
    while (store_open(&s, conf.store.path, conf.store.map_size, group == NULL, &err) < 0) {
        if (!follow || cli_stop) {
            fprintf(stderr, "newswire: tail: %s\n", err.msg);
            nw_conf_cleanup(&conf);
            return EXIT_RUNTIME;
        }
        zmq_poll(NULL, 0, 200); /* following a store that is not there yet */
    }
    if (last >= 0) {
        uint64_t top = store_last_seq(&s);
        from = (uint64_t)last >= top ? 1 : top - (uint64_t)last + 1;
        if (last == 0)
            from = top + 1;
    } else if (since) {
        from = store_seq_since(&s, since);
    } else if (group && !have_pos) {
        uint64_t cur = 0;
        store_cursor_get(&s, group, &cur);
        from = cur + 1;
    } else if (follow && !have_pos) {
        from = store_last_seq(&s) + 1; /* -f alone: what comes from now on */
    }
    int rc = EXIT_OK;
    st.last = from ? from - 1 : 0;
    for (;;) {
        long n = store_scan(&s, st.last + 1, 1000, print_item, &st);
        if (n < 0) {
            fprintf(stderr, "newswire: tail: cannot read the store\n");
            rc = EXIT_RUNTIME;
            break;
        }
        if (fflush(stdout) != 0 || st.write_error) {
            rc = errno == EPIPE ? EXIT_OK : EXIT_RUNTIME;
            break;
        }
        if (group && n > 0)
            store_cursor_set(&s, group, st.last);
        if (n == 1000)
            continue;
        if (!follow || cli_stop)
            break;
        zmq_poll(NULL, 0, 200);
        if (cli_stop)
            break;
    }
    store_close(&s);
    nw_conf_cleanup(&conf);
    return rc;
}
