/* The parser stage's CPU per feed item next to `newswire parse`'s, on the
 * same files in the same run (scripts/bench parse).
 *
 * `newswire parse` reads a feed and writes its JSON line; the stage reads
 * it, works out what the store needs of each item (plain text, word count,
 * language, names, credited agencies) and writes the RESULT message. Both
 * are timed here in one thread, on that thread's CPU clock, with the files
 * already in memory, so that only the work differs:
 *   parse         feed_parse + the JSON line, as `newswire parse` does
 *   first sight   the stage with no item cache: every item new
 *   one new entry the stage with its item cache warmed by each feed's
 *                 previous version, the same file without its first entry
 *                 (its first <item>, <entry> or JSON Feed item cut out),
 *                 and the job carrying that version's entries as `known`,
 *                 as the store records them: what a daemon sees when a
 *                 feed it follows gains an entry
 *   unchanged     the stage with every entry seen before (a feed without
 *                 validators fetched again), the job's `known` the
 *                 entries of the previous row's results
 * Files whose first entry cannot be cut out are warmed with nothing: they
 * count as first sight in the third row.
 *
 * STAGE_BENCH_ONLY=parse or =first runs that row alone (for a profiler);
 * =known warms the item cache untimed, then runs the unchanged row in
 * stage_round (callgrind --toggle-collect='stage_round*' sees it alone);
 * STAGE_BENCH_DUMP=FILE writes the first sight's RESULT messages to FILE,
 * a line each, to show that speed work leaves them as they were (with
 * STAGE_BENCH_ONLY=known, the unchanged row's: the same lines, made from
 * the item cache).
 *
 *   stage_bench RUNS FILE...      the least CPU of RUNS runs counts */
#include <jansson.h>
#ifdef NW_MIMALLOC
#include <mimalloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/buf.h"
#include "../common/jsonx.h"
#include "../common/msg.h"
#include "../common/noun.h"
#include "../parser/itemcache.h"
#include "../parser/parser.h"
#include "../parser/xmlarena.h"

#define CACHE_BYTES ((size_t)1 << 30)

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* tag as the file writes it (wide: 0 UTF-8 and its kin, 1 UTF-16LE, 2
 * UTF-16BE) into out; returns its length */
static size_t in_encoding(const char *tag, int wide, char *out)
{
    size_t n = 0;
    for (const char *c = tag; *c; c++) {
        if (wide == 2)
            out[n++] = 0;
        out[n++] = *c;
        if (wide == 1)
            out[n++] = 0;
    }
    return n;
}

/* The file without its first entry, or an empty buffer when none is
 * found. */
static void previous_version(const struct nw_buf *in, struct nw_buf *out)
{
    memset(out, 0, sizeof *out);
    json_error_t jerr;
    json_t *j = json_loadb(in->data, in->len, 0, &jerr);
    if (j) {
        json_t *items = json_object_get(j, "items");
        if (json_array_size(items) > 1) {
            json_array_remove(items, 0);
            char *s = json_dumps(j, JSON_COMPACT);
            nw_buf_puts(out, s);
            free(s);
        }
        json_decref(j);
        return;
    }
    /* the tags in the file's encoding: UTF-8 and its kin, or UTF-16 by
     * its byte order mark */
    const unsigned char *u = (const unsigned char *)in->data;
    int wide = in->len >= 2 && u[0] == 0xFF && u[1] == 0xFE ? 1 : in->len >= 2 && u[0] == 0xFE && u[1] == 0xFF ? 2 : 0;
    static const char *const tags[][2] = {{"<item", "</item>"}, {"<entry", "</entry>"}};
    for (int t = 0; t < 2; t++) {
        char open[32], close[32];
        size_t on = in_encoding(tags[t][0], wide, open), cn = in_encoding(tags[t][1], wide, close);
        const char *p = in->data, *end = in->data + in->len;
        for (;;) {
            p = memmem(p, (size_t)(end - p), open, on);
            if (!p || p + on + 2 > end)
                break;
            char c = p[on + (wide == 2)];
            if (c == '>' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
                break;
            p++;
        }
        if (!p || p + on + 2 > end)
            continue;
        const char *e = memmem(p, (size_t)(end - p), close, cn);
        if (!e)
            continue;
        e += cn;
        nw_buf_grow_append(out, in->data, (size_t)(p - in->data));
        nw_buf_grow_append(out, e, (size_t)(end - e));
        return;
    }
}

static FILE *dump; /* STAGE_BENCH_DUMP: a round's RESULT messages, a line each */

/* One file through the stage, its job's `known` from *known (NULL: none);
 * then *known holds the inputs of the result's entries, as the store
 * records them for the feed's next job. */
static void stage_one(const struct nw_buf *in, bool pack, struct nw_u64v *known)
{
    struct nw_doc d;
    memset(&d, 0, sizeof d);
    d.job.kind = NW_KIND_FEED;
    d.status = 200;
    if (known)
        d.job.known = *known;
    struct nw_result res;
    parser_handle_doc(&d, in->data, in->len, 1 << 28, &res);
    if (known) {
        known->n = 0;
        for (size_t i = 0; i < res.items.n; i++)
            nw_u64v_push(known, ((const struct nw_item *)res.items.v)[i].input);
    }
    if (pack) {
        struct nw_buf b = {0};
        nw_noun_to_json(&nw_result_noun, &res, &b, 0); /* the RESULT message, as nw_msg_send writes it */
        if (dump) {
            fwrite(b.data, 1, b.len, dump);
            fputc('\n', dump);
        }
        nw_buf_cleanup(&b);
    }
    nw_noun_cleanup(&nw_result_noun, &res);
}

/* every file through the stage once */
__attribute__((noinline)) static void stage_round(const struct nw_buf *in, int n, bool pack, struct nw_u64v *known)
{
    for (int i = 0; i < n; i++)
        stage_one(&in[i], pack, known ? &known[i] : NULL);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: stage_bench RUNS FILE...\n");
        return 2;
    }
#ifdef NW_MIMALLOC
    /* as newswire's main() sets it for every command, the daemon's too */
    mi_option_set(mi_option_decommit_delay, 1000);
#endif
    /* libxml2 on the page arena, as newswire's main() sets it */
    xml_arena_install();
    int runs = atoi(argv[1]), n = argc - 2;
    struct nw_buf *in = calloc((size_t)n, sizeof *in), *prev = calloc((size_t)n, sizeof *prev);
    struct nw_u64v *known = calloc((size_t)n, sizeof *known);
    int cut = 0;
    for (int i = 0; i < n; i++) {
        if (nw_buf_read_file(&in[i], argv[i + 2], 1 << 28) < 0) {
            fprintf(stderr, "stage_bench: cannot read %s\n", argv[i + 2]);
            return 1;
        }
        previous_version(&in[i], &prev[i]);
        cut += prev[i].len > 0;
    }
    long items = 0;
    double best[4] = {1e9, 1e9, 1e9, 1e9};
    const char *only = getenv("STAGE_BENCH_ONLY");
    bool only_parse = only && !strcmp(only, "parse"), only_first = only && !strcmp(only, "first");
    if (only && !strcmp(only, "known")) {
        /* every entry seen before: one round to warm the cache, then the
         * measured one (stage_round, for a profiler's toggle) */
        itemcache_open(CACHE_BYTES);
        for (int i = 0; i < n; i++)
            stage_one(&in[i], false, &known[i]);
        if (getenv("STAGE_BENCH_DUMP") && !(dump = fopen(getenv("STAGE_BENCH_DUMP"), "w"))) {
            fprintf(stderr, "stage_bench: cannot write %s\n", getenv("STAGE_BENCH_DUMP"));
            return 1;
        }
        stage_round(in, n, true, known);
        if (dump)
            fclose(dump);
        itemcache_close();
        printf("(STAGE_BENCH_ONLY=known: that row's work done in stage_round, not timed)\n");
        return 0;
    }
    for (int r = 0; r < runs; r++) {
        double t0 = cpu_now();
        items = 0;
        for (int i = 0; i < n && !only_first; i++) {
            struct nw_err e = {0};
            json_t *o = feed_parse(in[i].data, in[i].len, NULL, NULL, &e);
            if (o) {
                items += (long)json_array_size(json_object_get(o, "items"));
                struct nw_buf b = {0};
                nw_buf_reserve(&b, in[i].len + 4096); /* as `parse` gives its line room */
                nw_json_dump(o, &b);
                nw_buf_cleanup(&b);
                json_decref(o);
            }
        }
        double t1 = cpu_now();
        if (only_parse)
            break;
        itemcache_open(0);
        if (r == 0 && getenv("STAGE_BENCH_DUMP") && !(dump = fopen(getenv("STAGE_BENCH_DUMP"), "w"))) {
            fprintf(stderr, "stage_bench: cannot write %s\n", getenv("STAGE_BENCH_DUMP"));
            return 1;
        }
        for (int i = 0; i < n; i++)
            stage_one(&in[i], true, NULL);
        if (dump) {
            fclose(dump);
            dump = NULL;
        }
        double t2 = cpu_now();
        if (only_first)
            break;
        itemcache_open(CACHE_BYTES);
        for (int i = 0; i < n; i++) {
            known[i].n = 0;
            if (prev[i].len)
                stage_one(&prev[i], false, &known[i]);
        }
        double t3 = cpu_now();
        for (int i = 0; i < n; i++)
            stage_one(&in[i], true, &known[i]);
        double t4 = cpu_now();
        for (int i = 0; i < n; i++)
            stage_one(&in[i], true, &known[i]);
        double t5 = cpu_now();
        itemcache_close();
        double got[4] = {t1 - t0, t2 - t1, t4 - t3, t5 - t4};
        for (int k = 0; k < 4; k++)
            if (got[k] < best[k])
                best[k] = got[k];
    }
    if (only_parse || only_first) {
        printf("(STAGE_BENCH_ONLY=%s: that row's work done, not timed)\n", only);
        return 0;
    }
    static const char *const rows[] = {
        "`newswire parse`'s work: read, JSON line",
        "parser stage, first sight (no item cache)",
        "parser stage, each feed with one new entry",
        "parser stage, each feed unchanged",
    };
    printf("| one thread, CPU, %ld items of %d files | µs per item | ÷ parse |\n", items, n);
    printf("|---|---|---|\n");
    for (int k = 0; k < 4; k++)
        printf("| %s | %.1f | %.2f |\n", rows[k], best[k] / (double)items * 1e6, best[k] / best[0]);
    printf("\n(one new entry: %d of the %d files had their first entry cut out for the previous version;"
           " the others count as first sight)\n",
           cut, n);
    for (int i = 0; i < n; i++) {
        nw_buf_cleanup(&in[i]);
        nw_buf_cleanup(&prev[i]);
        free(known[i].v);
    }
    free(known);
    free(in);
    free(prev);
    return 0;
}
