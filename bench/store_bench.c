/* The store's cost per committed item, next to a plain LMDB loop writing
 * the same records in the same run (scripts/bench store).
 *
 * The store stage runs in a thread exactly as in the pipeline: RESULT
 * messages arrive on its results socket, are unpacked, applied by the item
 * policy (identity, revisions, near-duplicate index, article completion)
 * and committed in batched, fsynced transactions. This program plays the
 * fetchers and parsers: it sends generated feed results and, in the
 * article workload, takes article jobs over the jobs socket (CREDIT/JOB)
 * and answers them. The store thread's CPU time is read from its thread
 * clock; the reference loop then writes every record the store committed
 * for its items (the same bytes: item, id, signature, band keys, time
 * index; as many items per fsynced transaction as the store averaged) into
 * a fresh environment, timed on its own thread clock.
 *
 * Workloads (generated, fixed seed, varied lengths and languages):
 *   fulltext    feeds whose entries carry their whole text
 *   syndicated  40% of the entries are wire copies of earlier ones, edited
 *               as outlets do (trimmed ending, added line, dateline)
 *   articles    entries with a summary only; each is completed by its page
 *   refetch     the fulltext feeds sent again unchanged (nothing stored)
 *
 *   store_bench WORKDIR [FEEDS [ITEMS_PER_FEED [RUNS]]]
 *   store_bench --reference STORE REFDIR [PER_TXN]   the loop alone, over
 *               the records of an existing store (scripts/bench fetch)
 * Each workload runs RUNS times (3); the least CPU per item counts, for
 * the store and for the loop alike. */
#include <errno.h>
#include <inttypes.h>
#include <lmdb.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "../common/buf.h"
#include "../common/conf.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../common/msg.h"
#include "../common/nwtime.h"
#include "../common/stats.h"
#include "../store/record.h"
#include "../store/store.h"

/* ---- text generation ------------------------------------------------ */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}
static int rnd_in(int lo, int hi) { return lo + (int)(rnd() % (uint64_t)(hi - lo + 1)); }

#define VOCAB 4000
struct lang {
    const char *code;
    const char *syl[16];
    char *words[VOCAB];
};
static struct lang langs[] = {
    {"en", {"the", "gov", "ern", "ment", "min", "is", "ter", "state", "port", "al", "re", "con", "tract", "vote",
            "land", "er"}, {0}},
    {"fr", {"le", "mi", "nis", "tre", "é", "tat", "gou", "ver", "ne", "ment", "ac", "cord", "fron", "tiè", "re",
            "ou"}, {0}},
    {"de", {"der", "ge", "setz", "re", "gie", "rung", "mi", "nis", "ter", "wahl", "bund", "es", "land", "ver",
            "trag", "ung"}, {0}},
};
#define NLANGS (sizeof langs / sizeof langs[0])
static double zipf_cdf[VOCAB];

static void vocab_init(void)
{
    for (size_t l = 0; l < NLANGS; l++)
        for (int i = 0; i < VOCAB; i++) {
            char w[64] = "";
            int n = 1 + (int)(rnd() % 4);
            for (int s = 0; s < n; s++)
                strcat(w, langs[l].syl[rnd() % 16]);
            char num[16];
            snprintf(num, sizeof num, "%d", i % 7 ? i : i / 7); /* keeps words distinct */
            if (i >= 300)
                strcat(w, num);
            langs[l].words[i] = nw_strdup(w);
        }
    double sum = 0;
    for (int i = 0; i < VOCAB; i++)
        sum += 1.0 / (i + 1);
    double acc = 0;
    for (int i = 0; i < VOCAB; i++) {
        acc += 1.0 / (i + 1) / sum;
        zipf_cdf[i] = acc;
    }
}

static const char *word(const struct lang *l)
{
    double u = (double)(rnd() >> 11) / 9007199254740992.0;
    int lo = 0, hi = VOCAB - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (zipf_cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return l->words[lo];
}

static void sentence(struct nw_buf *b, const struct lang *l)
{
    int n = rnd_in(6, 24);
    for (int i = 0; i < n; i++) {
        if (i)
            nw_buf_putc(b, ' ');
        nw_buf_puts(b, word(l));
    }
    nw_buf_puts(b, ". ");
}

/* A body of 40 to ~1500 words (log-uniform), in paragraphs. */
static char *body_text(const struct lang *l, int *words_out)
{
    struct nw_buf b = {0};
    int target = (int)(40.0 * pow(37.5, (double)(rnd() % 1000) / 1000.0));
    int words = 0;
    while (words < target) {
        int s = rnd_in(2, 6);
        for (int i = 0; i < s && words < target; i++) {
            size_t before = b.len;
            sentence(&b, l);
            for (size_t k = before; k < b.len; k++)
                words += b.data[k] == ' ';
        }
        nw_buf_puts(&b, "\n\n");
    }
    *words_out = words;
    return nw_buf_steal(&b);
}

/* A wire copy as an outlet republishes it. */
static char *edited_copy(const char *text, const struct lang *l)
{
    struct nw_buf b = {0};
    int what = rnd_in(0, 3);
    if (what == 0 || what == 3)
        nw_buf_puts(&b, "PARIS (AFP) - ");
    size_t len = strlen(text);
    if (what == 1) { /* trimmed ending: drop the last paragraph */
        const char *cut = strstr(text, "\n\n");
        const char *last = cut;
        while (cut && cut[2]) {
            last = cut;
            cut = strstr(cut + 2, "\n\n");
        }
        if (last && last - text > (long)len / 2)
            len = (size_t)(last - text);
    }
    nw_buf_append(&b, text, len);
    if (what == 2) { /* an ad line and an added sentence */
        nw_buf_puts(&b, "\n\nRead also: ");
        sentence(&b, l);
        sentence(&b, l);
    }
    return nw_buf_steal(&b);
}

/* ---- workloads ------------------------------------------------------ */

struct gen {
    int feeds, per_feed;
    char **texts; /* earlier texts, for copies */
    int *text_lang;
    size_t ntexts;
};

static void make_item(struct nw_item *it, int f, int j, bool fulltext, double copies, struct gen *g)
{
    size_t li = (size_t)(f % NLANGS);
    const struct lang *l = &langs[li];
    char buf[512];
    snprintf(buf, sizeof buf, "https://site%d.example/%s/%d/%d-story", f % 997, l->code, f, j);
    it->url = nw_strdup(buf);
    snprintf(buf, sizeof buf, "tag:site%d.example,2026:%d-%d", f % 997, f, j);
    it->guid = nw_strdup(buf);
    struct nw_buf t = {0};
    for (int i = rnd_in(5, 12); i > 0; i--) {
        nw_buf_puts(&t, word(l));
        nw_buf_putc(&t, ' ');
    }
    it->title = nw_buf_steal(&t);
    if (rnd() % 3)
        it->author = nw_strdup(rnd() % 2 ? "Jane Doe" : "Rédaction");
    snprintf(buf, sizeof buf, "2026-11-%02dT%02d:%02d:00Z", 1 + j % 28, j % 24, f % 60);
    it->published = nw_strdup(buf);
    it->lang = nw_strdup(l->code);
    int words = 0;
    char *text;
    if (copies > 0 && g->ntexts > 10 && (double)(rnd() % 1000) / 1000.0 < copies) {
        size_t k = rnd() % g->ntexts;
        text = edited_copy(g->texts[k], &langs[g->text_lang[k]]);
        for (const char *p = text; *p; p++)
            words += *p == ' ';
        nw_strv_push(&it->agencies, "AFP");
    } else {
        text = body_text(l, &words);
        g->texts = nw_realloc(g->texts, (g->ntexts + 1) * sizeof *g->texts);
        g->text_lang = nw_realloc(g->text_lang, (g->ntexts + 1) * sizeof *g->text_lang);
        g->texts[g->ntexts] = nw_strdup(text);
        g->text_lang[g->ntexts++] = (int)li;
    }
    size_t sl = strlen(text) < 200 ? strlen(text) : 200;
    while (sl && (text[sl] & 0xC0) == 0x80)
        sl--;
    snprintf(buf, sizeof buf, "<p>%.*s</p>", (int)sl, text);
    it->summary = nw_strdup(buf);
    for (int c = rnd_in(0, 3); c > 0; c--)
        nw_strv_push(&it->categories, word(l));
    if (fulltext) {
        it->text = text;
        it->word_count = words;
    } else {
        it->needs_article = true;
        free(text);
    }
}

static void feed_result(struct nw_result *r, int f, struct gen *g, bool fulltext, double copies)
{
    memset(r, 0, sizeof *r);
    char buf[256];
    snprintf(buf, sizeof buf, "https://site%d.example/feed/%d.xml", f % 997, f);
    r->kind = NW_KIND_FEED;
    r->url = nw_strdup(buf);
    r->status = 200;
    snprintf(buf, sizeof buf, "\"etag-%d\"", f);
    r->etag = nw_strdup(buf);
    snprintf(buf, sizeof buf, "Site %d", f);
    r->feed_title = nw_strdup(buf);
    r->feed_lang = nw_strdup(langs[f % NLANGS].code);
    for (int j = 0; j < g->per_feed; j++) {
        struct nw_item *it = nw_vec_push(&r->items, sizeof(struct nw_item));
        make_item(it, f, j, fulltext, copies, g);
    }
}

/* ---- the store under test ------------------------------------------- */

struct run {
    struct nw_conf conf;
    struct store_progress progress;
    volatile int stop;
    pthread_t thread;
    void *zctx;
    int rc;
    atomic_int tid; /* the store thread's, for its I/O counts */
};

static void *store_thread(void *arg)
{
    struct run *r = arg;
    atomic_store(&r->tid, (int)gettid());
    pthread_setname_np(pthread_self(), "nwstore");
    struct store_stage_opts o = {.schedule_feeds = false, .progress = &r->progress};
    r->rc = store_stage_run(r->zctx, &r->conf, &r->stop, &o);
    return NULL;
}

static double thread_cpu(pthread_t t)
{
    clockid_t c;
    struct timespec ts;
    if (pthread_getcpuclockid(t, &c) != 0 || clock_gettime(c, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct measure {
    double store_cpu, store_wall;
    unsigned long items, commits;
    double written; /* bytes the store thread wrote to storage */
};

/* Bytes a thread of this process has had written to storage so far
 * (write_bytes of its /proc io counts: pages it dirtied that reach the
 * disk), 0 when unknown. */
static double thread_written(int tid)
{
    char path[64], line[128];
    snprintf(path, sizeof path, "/proc/self/task/%d/io", tid);
    FILE *f = fopen(path, "r");
    double w = 0;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "write_bytes:", 12))
            w = strtod(line + 12, NULL);
    if (f)
        fclose(f);
    return w;
}

/* EVENTs waiting on a SUB socket (one per commit), taken off it. */
static unsigned long count_events(void *sub)
{
    unsigned long n = 0;
    zmq_msg_t ev;
    zmq_msg_init(&ev);
    while (zmq_msg_recv(&ev, sub, ZMQ_DONTWAIT) >= 0)
        if (!zmq_msg_more(&ev))
            n++;
    zmq_msg_close(&ev);
    return n;
}

/* Sends `results` (consumed) and, when answer_articles, plays the fetcher
 * and parser for every article job; waits until `counter` has counted
 * `want` more items. */
static int drive(struct run *r, struct nw_result *results, int n, bool answer_articles, struct gen *g,
                 atomic_ulong *counter, unsigned long want, struct measure *m)
{
    void *push = zmq_socket(r->zctx, ZMQ_PUSH);
    void *dealer = zmq_socket(r->zctx, ZMQ_DEALER);
    void *sub = zmq_socket(r->zctx, ZMQ_SUB);
    zmq_connect(push, r->conf.endpoints.results);
    zmq_connect(dealer, r->conf.endpoints.jobs);
    zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0);
    zmq_connect(sub, r->conf.endpoints.events);
    usleep(50000); /* the subscription reaches the publisher before the first commit */
    unsigned long events0 = 0, base = atomic_load(counter);
    double cpu0 = thread_cpu(r->thread), t0 = now_s(), w0 = thread_written(atomic_load(&r->tid));
    for (int i = 0; i < n; i++) {
        nw_msg_send_wait(push, NW_MSG_RESULT, &results[i], NULL, 0, &r->stop);
        nw_noun_cleanup(&nw_result_noun, &results[i]);
    }
    double end = now_s() + 600;
    int64_t last_credit = 0;
    uint64_t taken = 0; /* jobs received: the store counts the rest as on their way */
    while (atomic_load(counter) - base < want && now_s() < end) {
        events0 += count_events(sub);
        if (!answer_articles) {
            usleep(1000);
            continue;
        }
        if (nw_mono_ms() - last_credit > 50) {
            struct nw_credit c = {.worker = "bench", .credit = 512, .taken = taken};
            nw_msg_send(dealer, NULL, 0, NW_MSG_CREDIT, &c, NULL, 0, ZMQ_DONTWAIT);
            last_credit = nw_mono_ms();
        }
        zmq_pollitem_t pi = {.socket = dealer, .events = ZMQ_POLLIN};
        if (zmq_poll(&pi, 1, 5) <= 0)
            continue;
        struct nw_msg jm;
        struct nw_err err = {0};
        while (nw_msg_recv(dealer, &jm, ZMQ_DONTWAIT, 1 << 20, &err) == 0) {
            if (jm.type == NW_MSG_JOB)
                taken++;
            if (jm.type == NW_MSG_JOB && jm.u.job.kind == NW_KIND_ARTICLE) {
                struct nw_result a = {.kind = NW_KIND_ARTICLE, .status = 200};
                nw_noun_copy(&nw_job_noun, &a.job, &jm.u.job);
                a.url = nw_strdup(jm.u.job.url);
                struct nw_item *it = nw_vec_push(&a.items, sizeof(struct nw_item));
                make_item(it, (int)(jm.u.job.id % 97), (int)jm.u.job.id, true, 0, g);
                nw_msg_send_wait(push, NW_MSG_RESULT, &a, NULL, 0, &r->stop);
                nw_noun_cleanup(&nw_result_noun, &a);
            }
            nw_msg_cleanup(&jm);
        }
    }
    /* the commit that counted the last items is done when the counter moved */
    m->store_wall = now_s() - t0;
    m->store_cpu = thread_cpu(r->thread) - cpu0;
    m->written = thread_written(atomic_load(&r->tid)) - w0;
    usleep(300000);
    events0 += count_events(sub);
    m->items = atomic_load(counter) - base;
    m->commits = events0;
    zmq_close(push);
    zmq_close(dealer);
    zmq_close(sub);
    return m->items >= want ? 0 : -1;
}

/* ---- the reference: a plain LMDB loop ------------------------------- */

/* Every record the store wrote for its items: the item, its id entry, its
 * signature, band keys and time-index entry, with the seq it belongs to. */
enum { R_ITEMS, R_IDS, R_SIGS, R_BANDS, R_TIMES, R_NDBS };
static const char *const ref_dbs[R_NDBS] = {"items", "ids", "sigs", "bands", "times"};

struct rec {
    int db;
    uint64_t seq;
    size_t order;
    MDB_val k, v;
};

static int rec_cmp(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    if (x->seq != y->seq)
        return x->seq < y->seq ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void *dup_bytes(const MDB_val *v)
{
    void *p = nw_malloc(v->mv_size ? v->mv_size : 1);
    memcpy(p, v->mv_data, v->mv_size);
    return p;
}

static int reference(const char *store_dir, const char *ref_dir, size_t per_txn, double *cpu, double *wall,
                     size_t *count)
{
    MDB_env *env;
    MDB_txn *txn;
    MDB_dbi dbi[R_NDBS];
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 16);
    if (mdb_env_open(env, store_dir, MDB_RDONLY | MDB_NOTLS, 0644) != 0)
        return -1;
    mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
    struct rec *recs = NULL;
    size_t n = 0, cap = 0, items = 0;
    for (int d = 0; d < R_NDBS; d++) {
        if (mdb_dbi_open(txn, ref_dbs[d], 0, &dbi[d]) != 0)
            return -1;
        MDB_cursor *cur;
        MDB_val k, v;
        mdb_cursor_open(txn, dbi[d], &cur);
        for (int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
            uint64_t seq;
            if (d == R_ITEMS || d == R_SIGS)
                seq = record_u64_from_key(k.mv_data, k.mv_size);
            else if (d == R_IDS) {
                struct record_id ri;
                if (record_id_unpack(v.mv_data, v.mv_size, &ri) != 0)
                    continue;
                seq = ri.seq;
            } else
                seq = record_u64_from_key(v.mv_data, v.mv_size);
            if (n == cap) {
                cap = cap ? cap * 2 : 4096;
                recs = nw_realloc(recs, cap * sizeof *recs);
            }
            recs[n] = (struct rec){.db = d, .seq = seq, .order = n};
            recs[n].k = (MDB_val){k.mv_size, dup_bytes(&k)};
            recs[n].v = (MDB_val){v.mv_size, dup_bytes(&v)};
            n++;
            items += d == R_ITEMS;
        }
        mdb_cursor_close(cur);
    }
    mdb_txn_abort(txn);
    mdb_env_close(env);
    qsort(recs, n, sizeof *recs, rec_cmp);

    mkdir(ref_dir, 0755);
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 16);
    mdb_env_set_mapsize(env, (size_t)8 << 30);
    if (mdb_env_open(env, ref_dir, MDB_NOTLS, 0644) != 0)
        return -1;
    mdb_txn_begin(env, NULL, 0, &txn);
    for (int d = 0; d < R_NDBS; d++)
        mdb_dbi_open(txn, ref_dbs[d], MDB_CREATE | (d == R_BANDS ? MDB_DUPSORT | MDB_DUPFIXED : 0), &dbi[d]);
    mdb_txn_commit(txn);
    struct timespec a, b;
    double t0 = now_s();
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
    int err = 0;
    for (size_t i = 0; i < n && !err;) {
        mdb_txn_begin(env, NULL, 0, &txn);
        for (size_t in_txn = 0; i < n; i++) {
            if (recs[i].db == R_ITEMS && in_txn++ == per_txn)
                break;
            err |= mdb_put(txn, dbi[recs[i].db], &recs[i].k, &recs[i].v, recs[i].db == R_ITEMS ? MDB_APPEND : 0);
        }
        err |= mdb_txn_commit(txn);
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
    *wall = now_s() - t0;
    *cpu = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    *count = items;
    mdb_env_close(env);
    for (size_t i = 0; i < n; i++) {
        free(recs[i].k.mv_data);
        free(recs[i].v.mv_data);
    }
    free(recs);
    return err ? -1 : 0;
}

/* ---- main ----------------------------------------------------------- */

static void rm_rf(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "store_bench: cannot remove %s\n", dir);
}

static void start(struct run *r, const char *dir, void *zctx)
{
    memset(r, 0, sizeof *r);
    nw_conf_defaults(&r->conf);
    free(r->conf.store.path);
    r->conf.store.path = nw_strdup(dir);
    r->conf.store.map_size = (uint64_t)1 << 30;
    free(r->conf.endpoints.jobs);
    free(r->conf.endpoints.results);
    free(r->conf.endpoints.events);
    r->conf.endpoints.jobs = nw_strdup("inproc://bench-jobs");
    r->conf.endpoints.results = nw_strdup("inproc://bench-results");
    r->conf.endpoints.events = nw_strdup("inproc://bench-events");
    r->zctx = zctx;
    pthread_create(&r->thread, NULL, store_thread, r);
    for (int i = 0; i < 5000 && !atomic_load(&r->progress.ready); i++)
        usleep(1000);
}

static void finish(struct run *r)
{
    r->stop = 1;
    pthread_join(r->thread, NULL);
    nw_conf_cleanup(&r->conf);
}

static void row(const char *name, const struct measure *m, double ref_per, double ref256_per)
{
    double per = m->items ? m->store_cpu / (double)m->items * 1e6 : 0;
    printf("| %-11s | %7lu | %7.0f | %10.1f | %8.1f | %11.1f | %5.2f | %10.1f | %5.2f |\n", name, m->items,
           m->commits ? (double)m->items / (double)m->commits : 0, per,
           m->items ? m->written / 1024 / (double)m->items : 0, ref_per, ref_per > 0 ? per / ref_per : 0, ref256_per,
           ref256_per > 0 ? per / ref256_per : 0);
}

static void free_gen(struct gen *g)
{
    for (size_t i = 0; i < g->ntexts; i++)
        free(g->texts[i]);
    free(g->texts);
    free(g->text_lang);
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "--reference")) {
        /* the plain LMDB loop alone, over the records of a store made
         * elsewhere (scripts/bench fetch): "items cpu_s wall_s" */
        double cpu, wall;
        size_t count;
        size_t per_txn = argc > 4 ? (size_t)atol(argv[4]) : 256;
        rm_rf(argv[3]);
        if (reference(argv[2], argv[3], per_txn ? per_txn : 256, &cpu, &wall, &count) < 0) {
            fprintf(stderr, "store_bench: cannot copy the records of %s\n", argv[2]);
            return 1;
        }
        rm_rf(argv[3]);
        printf("%zu %.4f %.4f\n", count, cpu, wall);
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: store_bench WORKDIR [FEEDS [ITEMS_PER_FEED [RUNS]]]\n"
                        "       store_bench --reference STORE REFDIR [PER_TXN]\n");
        return 2;
    }
    const char *work = argv[1];
    int feeds = argc > 2 ? atoi(argv[2]) : 2000;
    int per_feed = argc > 3 ? atoi(argv[3]) : 15;
    int runs = argc > 4 ? atoi(argv[4]) : 3;
    if (feeds < 1 || per_feed < 1 || runs < 1) {
        fprintf(stderr, "store_bench: FEEDS, ITEMS_PER_FEED and RUNS must be positive\n");
        return 2;
    }
    nw_log_set_level("warn");
    vocab_init();
    void *zctx = zmq_ctx_new();
    mkdir(work, 0755);
    char dir[1024], ref[1024];
    /* clang-format off */
    printf("| workload    |   items | per txn | store µs/item | KiB/item | LMDB, same txns | ratio | LMDB, 256/txn | ratio |\n");
    printf("|-------------|---------|---------|---------------|----------|-----------------|-------|---------------|-------|\n");
    /* clang-format on */
    const struct {
        const char *name;
        bool fulltext;
        double copies;
    } loads[] = {{"fulltext", true, 0}, {"syndicated", true, 0.4}, {"articles", false, 0}};
    int status = 0;
    const char *only = getenv("STORE_BENCH_ONLY"); /* one workload, by name (for profiling) */
    for (size_t w = 0; w < sizeof loads / sizeof loads[0]; w++) {
        if (only && strcmp(only, loads[w].name))
            continue;
        struct measure best = {0}, best_re = {0};
        double best_ref = 0, best_ref256 = 0;
        unsigned long dups = 0;
        for (int rep = 0; rep < runs; rep++) {
            struct gen g = {.feeds = feeds, .per_feed = per_feed};
            rng_state = 0x9E3779B97F4A7C15ULL + w;
            snprintf(dir, sizeof dir, "%s/store-%s", work, loads[w].name);
            snprintf(ref, sizeof ref, "%s/ref-%s", work, loads[w].name);
            rm_rf(dir);
            rm_rf(ref);
            mkdir(dir, 0755);
            struct nw_result *res = nw_calloc((size_t)feeds, sizeof *res);
            for (int f = 0; f < feeds; f++)
                feed_result(&res[f], f, &g, loads[w].fulltext, loads[w].copies);
            /* what an earlier run left dirty is written out before the
             * next is measured, so that no run pays for another's writeback */
            sync();
            struct run r;
            start(&r, dir, zctx);
            struct measure m = {0}, m2 = {0};
            unsigned long want = (unsigned long)feeds * (unsigned long)per_feed;
            int rc = drive(&r, res, feeds, !loads[w].fulltext, &g, &r.progress.items_new, want, &m);
            dups = atomic_load(&r.progress.items_dup);
            if (w == 0 && rc == 0) { /* refetch: the same feeds again, unchanged */
                rng_state = 0x9E3779B97F4A7C15ULL + w;
                struct gen g2 = {.feeds = feeds, .per_feed = per_feed};
                for (int f = 0; f < feeds; f++)
                    feed_result(&res[f], f, &g2, true, 0);
                /* every listing counted (the daemon's metric): the
                 * progress counts of a replay's store count an item once,
                 * and these items were counted new */
                rc = drive(&r, res, feeds, false, &g2, &nw_stats.items_unchanged, want, &m2);
                free_gen(&g2);
            }
            finish(&r);
            free(res);
            free_gen(&g);
            if (rc) {
                fprintf(stderr, "store_bench: %s: %lu of %lu items stored\n", loads[w].name, m.items, want);
                status = 1;
                break;
            }
            double rcpu = 0, rwall = 0, rcpu256 = 0;
            size_t rn = 0;
            size_t per_txn = m.commits ? (m.items + m.commits - 1) / m.commits : 256;
            sync();
            if (reference(dir, ref, per_txn, &rcpu, &rwall, &rn) != 0 || rn == 0 ||
                (rm_rf(ref), sync(), reference(dir, ref, 256, &rcpu256, &rwall, &rn)) != 0) {
                fprintf(stderr, "store_bench: the reference loop failed\n");
                status = 1;
                break;
            }
            rm_rf(ref);
            double per = m.store_cpu / (double)m.items;
            if (getenv("STORE_BENCH_RUNS")) /* every run, not only the best (to see the spread) */
                fprintf(stderr, "store_bench: %s run %d: store %.1f µs/item, loop %.1f, loop 256/txn %.1f\n",
                        loads[w].name, rep + 1, per * 1e6, rcpu / (double)rn * 1e6, rcpu256 / (double)rn * 1e6);
            if (rep == 0 || per < best.store_cpu / (double)best.items)
                best = m;
            if (rep == 0 || rcpu / (double)rn < best_ref)
                best_ref = rcpu / (double)rn;
            if (rep == 0 || rcpu256 / (double)rn < best_ref256)
                best_ref256 = rcpu256 / (double)rn;
            if (w == 0 && (rep == 0 || m2.store_cpu < best_re.store_cpu))
                best_re = m2;
        }
        if (status)
            break;
        row(loads[w].name, &best, best_ref * 1e6, best_ref256 * 1e6);
        if (w == 0)
            printf("| %-11s | %7lu | %7s | %10.1f | %8.1f | %11s | %5s | %10s | %5s |\n", "refetch", best_re.items, "-",
                   best_re.items ? best_re.store_cpu / (double)best_re.items * 1e6 : 0,
                   best_re.items ? best_re.written / 1024 / (double)best_re.items : 0, "-", "-", "-", "-");
        if (loads[w].copies > 0)
            fprintf(stderr, "store_bench: %s: %lu of %lu items joined a cluster\n", loads[w].name, dups, best.items);
    }
    printf("\n(store: CPU of the store thread from the first result sent to the last item committed, as the\n"
           " pipeline runs it: unpacking RESULT messages, policy, near-duplicate index, fsynced commits;\n"
           " KiB/item: what that thread had written to the disk (its /proc io write_bytes), per item.\n"
           " LMDB loop: the same records (item, id, signature, band keys, time index) written in one loop on\n"
           " one thread, fsynced, as many items per transaction as the store averaged, and 256 per transaction;\n"
           " band keys are those the store merged into LMDB: the newest items' stay in its memory\n"
           " (store/bandmem.h), so up to ~22,000 items the loop writes none.\n"
           " Best of %d runs each.)\n",
           runs);
    zmq_ctx_term(zctx);
    return status;
}
