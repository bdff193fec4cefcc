/* tail: stored items as JSON Lines (or TSV), optionally following new ones.
 *
 * Following is pushed: tail subscribes to the store's EVENTs (an ipc://
 * endpoint beside the store by default) and reads the store when one says
 * a commit happened. While no store publishes (the socket file is not
 * there) it polls the store every 200 ms; with a publisher it still looks
 * once a second, so that a missed event costs at most a second. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>
#include <zmq.h>

#include "../common/buf.h"
#include "../common/jsonx.h"
#include "../common/log.h"
#include "../common/msg.h"
#include "../common/nwtime.h"
#include "../common/url.h"
#include "../common/zsock.h"
#include "../parser/date.h"
#include "../store/store.h"
#include "cli.h"

enum fmt { FMT_JSON, FMT_TSV };

struct tail_state {
    bool unique;
    const char *feed, *lang, *agency;
    unsigned access;              /* --access: a bit per access_kinds[] entry, 0 = any */
    const struct nw_strv *tagged; /* --tag: the URLs of the feeds it names, or NULL */
    regex_t *match;
    long max, printed;
    enum fmt fmt;
    uint64_t last;
    bool write_error;
    struct nw_buf line;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether a feed URL is one of a sorted list. */
static bool tagged_has(const struct nw_strv *v, const char *url)
{
    return bsearch(&url, v->v, v->n, sizeof *v->v, cmp_str) != NULL;
}

/* What --access names: the kinds of access an item declares (its page's
 * `access`), and "unknown" for none declared. */
static const char *const access_kinds[] = {"free", "metered", "paywalled", "unknown"};
#define ACCESS_KINDS (sizeof access_kinds / sizeof *access_kinds)

/* The bit of an access kind (NULL: unknown), 0 for a word that is none. */
static unsigned access_bit(const char *kind, size_t len)
{
    if (!kind)
        return 1u << (ACCESS_KINDS - 1);
    for (size_t i = 0; i < ACCESS_KINDS; i++)
        if (strlen(access_kinds[i]) == len && !strncasecmp(kind, access_kinds[i], len))
            return 1u << i;
    return 0;
}

/* --access's comma-separated kinds as bits; 0 when one is no kind. */
static unsigned access_bits(const char *list)
{
    unsigned bits = 0;
    for (const char *p = list;; p++) {
        size_t n = strcspn(p, ",");
        unsigned b = access_bit(p, n);
        if (!b)
            return 0;
        bits |= b;
        p += n;
        if (!*p)
            return bits;
    }
}

static bool filtered_out(const struct tail_state *st, const struct record_item *it)
{
    if (st->unique && it->dup_of)
        return true;
    if (st->feed) {
        bool hit = it->feed && !strcmp(it->feed, st->feed);
        for (size_t i = 0; i < it->feeds.n && !hit; i++)
            hit = !strcmp(it->feeds.v[i], st->feed);
        if (!hit)
            return true;
    }
    if (st->tagged) {
        bool hit = it->feed && tagged_has(st->tagged, it->feed);
        for (size_t i = 0; i < it->feeds.n && !hit; i++)
            hit = tagged_has(st->tagged, it->feeds.v[i]);
        if (!hit)
            return true;
    }
    if (st->lang && (!it->lang || strcasecmp(it->lang, st->lang)))
        return true;
    if (st->access && !(st->access & access_bit(it->access, it->access ? strlen(it->access) : 0)))
        return true;
    if (st->agency) {
        bool hit = false;
        for (size_t i = 0; i < it->agencies.n && !hit; i++)
            hit = !strcasecmp(it->agencies.v[i], st->agency);
        if (!hit)
            return true;
    }
    if (st->match) {
        bool hit = (it->title && regexec(st->match, it->title, 0, NULL, 0) == 0) ||
                   (it->text && regexec(st->match, it->text, 0, NULL, 0) == 0);
        if (!hit)
            return true;
    }
    return false;
}

/* A TSV field: tabs and line breaks become spaces. */
static void tsv_field(struct nw_buf *b, const char *s)
{
    if (!s)
        return;
    for (; *s; s++)
        nw_buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int print_item(const struct record_item *it, void *arg)
{
    struct tail_state *st = arg;
    st->last = it->seq;
    if (filtered_out(st, it))
        return 0;
    nw_buf_reset(&st->line);
    if (st->fmt == FMT_JSON) {
        record_item_json(it, &st->line);
    } else {
        char tb[21];
        nw_buf_printf(&st->line, "%llu\t", (unsigned long long)it->seq);
        tsv_field(&st->line, it->published ? it->published : nw_time_format(it->fetched, tb));
        nw_buf_putc(&st->line, '\t');
        tsv_field(&st->line, it->source);
        nw_buf_putc(&st->line, '\t');
        tsv_field(&st->line, it->lang);
        nw_buf_putc(&st->line, '\t');
        tsv_field(&st->line, it->title);
        nw_buf_putc(&st->line, '\t');
        tsv_field(&st->line, it->url);
    }
    nw_buf_putc(&st->line, '\n');
    if (fwrite(st->line.data, 1, st->line.len, stdout) != st->line.len)
        st->write_error = true;
    st->printed++;
    return st->write_error || (st->max && st->printed >= st->max);
}

int cli_parse_since(const char *s, int64_t *t)
{
    int64_t ms;
    if (isdigit((unsigned char)s[0]) && nw_parse_duration(s, &ms) == 0 && !strchr(s, '-')) {
        *t = nw_now_ms() / 1000 - ms / 1000;
        return 0;
    }
    *t = date_parse(s);
    if (*t == NW_NO_TIME)
        return -1;
    *t = nw_instant(*t);
    return 0;
}

static bool ipc_present(const char *endpoint)
{
    struct stat st;
    return strncmp(endpoint, "ipc://", 6) == 0 && stat(endpoint + 6, &st) == 0;
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "newswire: tail: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(newswire tail --help lists the options)\n");
    return EXIT_USAGE;
}

int cmd_tail(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"follow", no_argument, NULL, 'f'},
        {"from", required_argument, NULL, 'F'},
        {"since", required_argument, NULL, 'S'},
        {"last", required_argument, NULL, 'L'},
        {"group", required_argument, NULL, 'G'},
        {"unique", no_argument, NULL, 'U'},
        {"feed", required_argument, NULL, 'e'},
        {"lang", required_argument, NULL, 'l'},
        {"agency", required_argument, NULL, 'a'},
        {"match", required_argument, NULL, 'm'},
        {"max", required_argument, NULL, 'x'},
        {"timeout", required_argument, NULL, 't'},
        {"format", required_argument, NULL, 'o'},
        {"tag", required_argument, NULL, 'T'},
        {"access", required_argument, NULL, 'A'},
        {0},
    };
    const char *file = cli_conf_arg(argc, argv), *group = NULL, *match = NULL, *tag = NULL;
    bool follow = false, have_pos = false;
    struct tail_state st = {0};
    uint64_t from = 1;
    int64_t since = 0, last = -1, timeout_ms = 0;
    int c, npos = 0;
    regex_t re;
    optind = 1;
    opterr = 0;
    while ((c = cli_getopt(argc, argv, ":c:f", opts)) != -1) {
        char *end;
        switch (c) {
        case 'c': file = optarg; break;
        case 'f': follow = true; break;
        case 'U': st.unique = true; break;
        case 'G': group = optarg; break;
        case 'e': st.feed = optarg; break;
        case 'T':
            tag = optarg;
            break;
        case 'l': st.lang = optarg; break;
        case 'a': st.agency = optarg; break;
        case 'A':
            if (!(st.access = access_bits(optarg)))
                return usage_error("bad --access '%s' (free, metered, paywalled or unknown, or several with commas)",
                                   optarg);
            break;
        case 'm': match = optarg; break;
        case 'F':
            errno = 0;
            from = strtoull(optarg, &end, 10);
            if (errno || *end || end == optarg)
                return usage_error("bad --from '%s' (a seq number)", optarg);
            npos++;
            break;
        case 'S':
            if (cli_parse_since(optarg, &since) < 0)
                return usage_error("bad --since '%s' (an RFC 3339 time, or a duration such as 2h)", optarg);
            npos++;
            break;
        case 'L':
            last = strtoll(optarg, &end, 10);
            if (*end || end == optarg || last < 0)
                return usage_error("bad --last '%s' (a number of items)", optarg);
            npos++;
            break;
        case 'x':
            st.max = strtol(optarg, &end, 10);
            if (*end || end == optarg || st.max <= 0)
                return usage_error("bad --max '%s' (a positive number)", optarg);
            break;
        case 't':
            if (nw_parse_duration(optarg, &timeout_ms) < 0 || timeout_ms <= 0)
                return usage_error("bad --timeout '%s' (a duration such as 30s)", optarg);
            break;
        case 'o':
            if (!strcmp(optarg, "json"))
                st.fmt = FMT_JSON;
            else if (!strcmp(optarg, "tsv"))
                st.fmt = FMT_TSV;
            else
                return usage_error("bad --format '%s' (json or tsv)", optarg);
            break;
        case ':': return usage_error("option %s needs a value", argv[optind - 1]);
        default:
            if (cli_getopt_said) {
                fputs("(newswire tail --help lists the options)\n", stderr);
                return EXIT_USAGE;
            }
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (npos > 1)
        return usage_error("%s", "--from, --since and --last exclude each other");
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    if (match) {
        int rc = regcomp(&re, match, REG_EXTENDED | REG_ICASE | REG_NOSUB);
        if (rc) {
            char eb[128];
            regerror(rc, &re, eb, sizeof eb);
            fprintf(stderr, "newswire: tail: bad --match '%s': %s\n", match, eb);
            return EXIT_USAGE;
        }
        st.match = &re;
    }
    have_pos = npos > 0;
    struct nw_conf conf;
    int rc = EXIT_OK;
    char *bare = NULL; /* st.feed without a password */
    struct nw_strv tagged = {0};
    cli_load_conf(&conf, file);
    if (st.feed && !strstr(st.feed, "://")) {
        /* a feed's name in the configuration: items record its URL */
        const char *url = NULL;
        for (size_t i = 0; i < conf.nfeeds && !url; i++)
            if (!strcmp(conf.feeds[i].name, st.feed))
                url = conf.feeds[i].url;
        if (!url) {
            fprintf(stderr, "newswire: tail: no feed named '%s' in %s (give its name or its URL)\n", st.feed, file);
            rc = EXIT_USAGE;
            goto out_conf;
        }
        st.feed = url;
    }
    /* a tag: the feeds of the configuration that carry it (any case),
     * sorted for bsearch */
    if (tag) {
        for (size_t i = 0; i < conf.nfeeds; i++)
            for (size_t k = 0; k < conf.feeds[i].tags.n; k++)
                if (!strcasecmp(conf.feeds[i].tags.v[k], tag)) {
                    nw_strv_push(&tagged, conf.feeds[i].url);
                    break;
                }
        if (!tagged.n) {
            fprintf(stderr, "newswire: tail: no feed tagged '%s' in %s\n", tag, file);
            rc = EXIT_USAGE;
            goto out_conf;
        }
        qsort(tagged.v, tagged.n, sizeof *tagged.v, cmp_str);
        st.tagged = &tagged;
    }
    /* a URL given with its password: items know the feed without it */
    char *user = NULL, *password = NULL;
    if (st.feed && (bare = nw_url_take_password(st.feed, &user, &password)))
        st.feed = bare;
    free(user);
    free(password);
    cli_signals_install();
    int64_t deadline = timeout_ms ? nw_mono_ms() + timeout_ms : 0;
    struct store s;
    struct nw_err err = {0};
    /* a group keeps its cursor in the store, so it needs to write */
    while (store_open(&s, conf.store.path, conf.store.map_size, group ? STORE_CURSORS : STORE_READER, &err) < 0) {
        if (!follow || cli_stop || (deadline && nw_mono_ms() >= deadline)) {
            fprintf(stderr, "newswire: tail: %s\n", err.msg);
            rc = err.code == STORE_ERR_SCHEMA ? EXIT_USAGE : EXIT_RUNTIME;
            goto out_conf;
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
    void *zctx = NULL, *sub = NULL;
    if (follow) {
        zctx = cli_zmq_context(&conf);
        sub = zmq_socket(zctx, ZMQ_SUB);
        int linger = 0;
        zmq_setsockopt(sub, ZMQ_LINGER, &linger, sizeof linger);
        zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0);
        /* inproc endpoints belong to the daemon's process: only ipc and tcp reach it */
        if (strncmp(conf.endpoints.events, "inproc://", 9)) {
            if (strstr(conf.endpoints.events, "tcp://"))
                nw_zsock_curve_client(sub);
            char *spec = strdup(conf.endpoints.events), *save = NULL;
            for (char *ep = strtok_r(spec, ",", &save); ep; ep = strtok_r(NULL, ",", &save)) {
                while (*ep == ' ' || *ep == '@' || *ep == '>')
                    ep++;
                if (strncmp(ep, "inproc://", 9))
                    zmq_connect(sub, ep);
            }
            free(spec);
        }
    }
    st.last = from ? from - 1 : 0;
    /* lines of article text are longer than stdio's page-sized buffer: a
     * larger one writes a batch in a few calls (each batch is flushed) */
    static char outbuf[1 << 18];
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    for (;;) {
        long n = store_scan(&s, st.last + 1, 1000, print_item, &st);
        if (n < 0) {
            fprintf(stderr, "newswire: tail: cannot read the store\n");
            rc = EXIT_RUNTIME;
            break;
        }
        if (fflush(stdout) != 0 || st.write_error) {
            if (errno == EPIPE) {
                cli_stdout_closed = true;
                rc = EXIT_OK;
            } else {
                rc = EXIT_RUNTIME;
            }
            break;
        }
        if (group && n > 0)
            store_cursor_set(&s, group, st.last);
        if (st.max && st.printed >= st.max)
            break;
        if (n == 1000)
            continue;
        if (!follow || cli_stop)
            break;
        int64_t now = nw_mono_ms();
        if (deadline && now >= deadline)
            break;
        long wait = ipc_present(conf.endpoints.events) || !strncmp(conf.endpoints.events, "tcp://", 6) ? 1000 : 200;
        if (deadline && deadline - now < wait)
            wait = (long)(deadline - now);
        zmq_pollitem_t pi = {.socket = sub, .events = ZMQ_POLLIN};
        if (zmq_poll(&pi, 1, wait) > 0) {
            /* drain every event queued: one scan answers them all */
            struct nw_msg m;
            struct nw_err e2 = {0};
            int r;
            while ((r = nw_msg_recv(sub, &m, ZMQ_DONTWAIT, 4096, &e2)) != -1)
                if (r == 0)
                    nw_msg_cleanup(&m);
        }
        if (cli_stop)
            break;
    }
    if (sub)
        zmq_close(sub);
    if (zctx)
        zmq_ctx_term(zctx);
    store_close(&s);
out_conf:
    if (st.match)
        regfree(st.match);
    nw_buf_cleanup(&st.line);
    nw_conf_cleanup(&conf);
    free(bare);
    nw_strv_clear(&tagged);
    return rc;
}
