/* The fetcher stage loop: JOBs in, transfers run, DOCs out (and RESULTs
 * straight to the store for answers with no body to parse).
 *
 * The fetcher asks for work: a DEALER socket to the store's ROUTER, on
 * which it reports (CREDIT) the jobs it holds and how many more it can
 * take, every second and whenever a transfer ends. The reports are also
 * its heartbeat: they keep the leases of the jobs it holds alive. */
#include <errno.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "../common/log.h"
#include "../common/mem.h"
#include "../common/msg.h"
#include "../common/nwtime.h"
#include "../common/stats.h"
#include "../common/zsock.h"
#include "fetcher.h"
#include "http.h"
#include "warc.h"

#define REPORT_EVERY_MS 1000
#define REPORT_MIN_GAP_MS 1

struct loop {
    void *docs, *results;
    volatile int *stop;
};

static void on_done(void *arg, const struct nw_doc *doc, const char *body, size_t len)
{
    struct loop *l = arg;
    if (doc->error) /* the store logs it against the feed, with its failure count */
        log_debug("%s %s: %s", nw_kind_name(doc->job.kind), doc->url ? doc->url : "?", doc->error);
    /* an answer with nothing to parse (304, a failed fetch, an error
     * status) is its own RESULT: straight to the store, not through a
     * parser. Backpressure either way: wait, but never past a stop. */
    if (!nw_doc_is_final(doc)) {
        nw_msg_send_wait(l->docs, NW_MSG_DOC, doc, body, len, l->stop);
        return;
    }
    struct nw_result res;
    nw_result_from_doc(doc, &res);
    nw_msg_send_wait(l->results, NW_MSG_RESULT, &res, NULL, 0, l->stop);
    nw_noun_cleanup(&nw_result_noun, &res);
}

void fetcher_worker_name(const char *stage, char *out, size_t n)
{
    char host[128] = "";
    gethostname(host, sizeof host - 1);
    snprintf(out, n, "%s %ld@%s", stage, (long)getpid(), host);
}

int fetcher_report(void *sock, const char *worker, int64_t credit, const struct nw_u64v *held, uint64_t taken)
{
    struct nw_credit c = {.worker = (char *)worker, .credit = credit < 0 ? 0 : credit, .taken = taken};
    if (held)
        c.held = *held;
    return nw_msg_send(sock, NULL, 0, NW_MSG_CREDIT, &c, NULL, 0, ZMQ_DONTWAIT);
}

void fetcher_credit_init(struct fetcher_credit *c, int64_t capacity, int64_t min_gap_ms, int64_t every_ms)
{
    *c = (struct fetcher_credit){.capacity = capacity, .believed = -1, .min_gap_ms = min_gap_ms, .every_ms = every_ms};
}

void fetcher_credit_spent(struct fetcher_credit *c)
{
    /* counted on arrival, not when the job ends: a job that arrives and
     * ends within one poll still leaves the room above what the store
     * believes, and is reported */
    if (c->believed > 0)
        c->believed--;
    c->taken++;
}

int64_t fetcher_credit_due(const struct fetcher_credit *c, int64_t in_flight, int64_t now_ms)
{
    int64_t room = c->capacity - in_flight;
    if (room < 0)
        room = 0;
    int64_t since = now_ms - c->last_report;
    if (since >= c->every_ms || (room > c->believed && since >= c->min_gap_ms))
        return room;
    return -1;
}

void fetcher_credit_reported(struct fetcher_credit *c, int64_t room, int64_t now_ms)
{
    c->believed = room;
    c->last_report = now_ms;
}

int fetcher_stage_run(void *zctx, const struct nw_conf *conf, volatile int *stop)
{
    nw_thread_name("fetcher");
    char what[256] = "";
    int dochwm = conf->endpoints.hwm < 64 ? conf->endpoints.hwm : 64;
    void *jobs = nw_zsock_open(zctx, ZMQ_DEALER, conf->endpoints.jobs, false, conf->endpoints.hwm, 0, what);
    void *docs = jobs ? nw_zsock_open(zctx, ZMQ_PUSH, conf->endpoints.docs, true, dochwm, 2000, what) : NULL;
    void *results = docs ? nw_zsock_open(zctx, ZMQ_PUSH, conf->endpoints.results, false, conf->endpoints.hwm, 2000,
                                         what)
                         : NULL;
    if (!results) {
        log_error("fetcher: cannot %s: %s", what, zmq_strerror(errno));
        nw_zsock_close(jobs);
        nw_zsock_close(docs);
        return -1;
    }
    char worker[200];
    fetcher_worker_name("fetcher", worker, sizeof worker);
    struct loop l = {.docs = docs, .results = results, .stop = stop};
    struct warc_writer *archive = NULL;
    if (conf->fetcher.archive) {
        struct nw_err err = {0};
        char sw[64];
        snprintf(sw, sizeof sw, "newswire/%s", NW_VERSION);
        if (warc_writer_open(&archive, conf->fetcher.archive, conf->fetcher.archive_max,
                             conf->fetcher.archive_age_ms, sw, &err) < 0) {
            log_error("fetcher: %s", err.msg);
            nw_zsock_close(jobs);
            nw_zsock_close(docs);
            nw_zsock_close(results);
            return -1;
        }
        log_info("fetcher: every fetch is archived in %s", conf->fetcher.archive);
    }
    struct http *h = http_new(conf, on_done, &l);
    http_set_archive(h, archive);
    /* room for twice the concurrency: transfers waiting for their host's
     * turn; the rest waits, unleased, in the store */
    struct fetcher_credit credit;
    int64_t capacity = (int64_t)conf->fetcher.concurrency * 2;
    if (capacity > conf->endpoints.hwm) /* never more than a socket queues */
        capacity = conf->endpoints.hwm;
    fetcher_credit_init(&credit, capacity, REPORT_MIN_GAP_MS, REPORT_EVERY_MS);
    int64_t last_beat = 0;
    int zfd = -1; /* the jobs socket's fd, to wake the transfers' poll */
    size_t fl = sizeof zfd;
    if (zmq_getsockopt(jobs, ZMQ_FD, &zfd, &fl) < 0)
        zfd = -1;
    struct nw_u64v held = {0};
    while (!*stop) {
        for (;;) {
            struct nw_msg m;
            struct nw_err err = {0};
            int rc = nw_msg_recv(jobs, &m, ZMQ_DONTWAIT, conf->endpoints.max_message, &err);
            if (rc == -2) {
                nw_msg_dropped("fetcher", err.msg);
                continue;
            }
            if (rc < 0)
                break;
            if (m.type == NW_MSG_JOB && m.u.job.url) {
                http_add(h, &m.u.job);
                fetcher_credit_spent(&credit);
            } else
                nw_msg_dropped("fetcher", "a message that is not a JOB with a URL");
            nw_msg_cleanup(&m);
        }
        int64_t now = nw_mono_ms();
        atomic_store(&nw_stats.fetcher_beat_ms, now);
        atomic_store(&nw_stats.fetch_in_flight, (long)http_in_flight(h));
        int64_t room = fetcher_credit_due(&credit, (int64_t)http_in_flight(h), now);
        if (room >= 0) {
            /* the jobs held (a heartbeat renewing their leases) once a
             * second; the reports between only give room */
            bool beat = now - last_beat >= REPORT_EVERY_MS;
            held.n = 0;
            if (beat)
                http_held(h, &held);
            if (fetcher_report(jobs, worker, room, beat ? &held : NULL, credit.taken) == 0) {
                fetcher_credit_reported(&credit, room, now);
                if (beat)
                    last_beat = now;
            }
            if (archive)
                warc_writer_rotate(archive, nw_now_ms());
        }
        if (http_in_flight(h)) {
            /* woken by transfers and by new jobs alike (the jobs socket's
             * fd is edge-triggered: poll at once when a job is already in) */
            int zev = 0;
            size_t el = sizeof zev;
            zmq_getsockopt(jobs, ZMQ_EVENTS, &zev, &el);
            http_poll(h, (zev & ZMQ_POLLIN) ? 0 : 20, zfd);
        } else {
            zmq_pollitem_t pi = {.socket = jobs, .events = ZMQ_POLLIN};
            zmq_poll(&pi, 1, 50);
        }
    }
    /* drain: give transfers already running a moment, then leave them to
     * their leases; none starts any more (a job waiting for its host's
     * turn would otherwise be fetched after the stop, its answer maybe
     * never stored) */
    int64_t deadline = nw_mono_ms() + 1500;
    while (http_drain(h) && nw_mono_ms() < deadline)
        http_poll(h, 20, -1);
    free(held.v);
    http_free(h);
    warc_writer_close(archive);
    nw_zsock_close(jobs);
    nw_zsock_close(docs);
    nw_zsock_close(results);
    return 0;
}
