/* The fetcher stage loop: JOBs in, transfers run, DOCs out. */
#include <errno.h>
#include <curl/curl.h>
#include <string.h>
#include <zmq.h>

#include "../common/jsonx.h"
#include "../common/log.h"
#include "../common/msg.h"
#include "../common/nwtime.h"
#include "../common/zsock.h"
#include "fetcher.h"
#include "http.h"

struct loop {
    void *docs;
    volatile int *stop;
};

static void on_done(void *arg, const json_t *doc, const char *body, size_t len)
{
    struct loop *l = arg;
    const char *err = nw_json_str(doc, "error");
    if (err) /* the store logs it against the feed, with its failure count */
        log_debug("%s %s: %s", nw_json_str(doc, "kind") ? nw_json_str(doc, "kind") : "job",
                 nw_json_str(doc, "url") ? nw_json_str(doc, "url") : "?", err);
    /* backpressure: wait for the parsers, but never past a stop */
    nw_msg_send_wait(l->docs, NW_MSG_DOC, doc, body, len, l->stop);
}

int fetcher_stage_run(void *zctx, const struct nw_conf *conf, volatile int *stop)
{
    char what[256] = "";
    void *jobs = nw_zsock_open(zctx, ZMQ_PULL, conf->endpoints.jobs, false, conf->endpoints.hwm, 0, what);
    void *docs = jobs ? nw_zsock_open(zctx, ZMQ_PUSH, conf->endpoints.docs, true, conf->endpoints.hwm, 2000, what)
                      : NULL;
    if (!docs) {
        log_error("fetcher: cannot %s: %s", what, zmq_strerror(errno));
        nw_zsock_close(jobs);
        return -1;
    }
    struct loop l = {.docs = docs, .stop = stop};
    struct http *h = http_new(conf, on_done, &l);
    /* take at most twice the concurrency: the rest waits in the store */
    size_t max_queued = (size_t)conf->fetcher.concurrency * 2;
    while (!*stop) {
        while (http_in_flight(h) < max_queued) {
            struct nw_msg m;
            struct nw_err err = {0};
            int rc = nw_msg_recv(jobs, &m, ZMQ_DONTWAIT, &err);
            if (rc == -2) {
                log_warn("fetcher: dropped a message: %s", err.msg);
                continue;
            }
            if (rc < 0)
                break;
            if (m.type == NW_MSG_JOB && nw_json_str(m.fields, "url"))
                http_add(h, m.fields);
            else
                log_warn("fetcher: dropped an unexpected %s message", nw_msg_type_name(m.type));
            nw_msg_cleanup(&m);
        }
        if (http_in_flight(h)) {
            http_poll(h, 20);
        } else {
            zmq_pollitem_t pi = {.socket = jobs, .events = ZMQ_POLLIN};
            zmq_poll(&pi, 1, 100);
        }
    }
    /* drain: give transfers already running a moment, then leave them to
     * their leases */
    int64_t deadline = nw_mono_ms() + 1500;
    while (http_in_flight(h) && nw_mono_ms() < deadline)
        http_poll(h, 20);
    http_free(h);
    nw_zsock_close(jobs);
    nw_zsock_close(docs);
    return 0;
}
