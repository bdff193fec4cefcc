/* The metrics endpoint ([metrics] listen = HOST:PORT, opt-in): /metrics in
 * the Prometheus text format (common/stats.c), and /healthz answering 200
 * only while the store's writer loop and the fetcher's loop turn. Served
 * by libmicrohttpd's own thread. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/buf.h"
#include "../common/log.h"
#include "../common/nwtime.h"
#include "../common/stats.h"
#include "cli.h"

#define STALE_MS 5000

struct cli_metrics {
    struct MHD_Daemon *d;
    bool need_writer, need_fetcher;
};

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_len, void **state)
{
    (void)version;
    (void)upload;
    (void)upload_len;
    (void)state;
    struct cli_metrics *m = cls;
    struct nw_buf b = {0};
    unsigned status = MHD_HTTP_OK;
    const char *type = "text/plain; version=0.0.4; charset=utf-8";
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        status = MHD_HTTP_METHOD_NOT_ALLOWED;
        nw_buf_puts(&b, "GET only\n");
    } else if (!strcmp(url, "/metrics")) {
        nw_stats_render(&b);
    } else if (!strcmp(url, "/healthz")) {
        type = "text/plain; charset=utf-8";
        int64_t now = nw_mono_ms(), w = atomic_load(&nw_stats.writer_beat_ms),
                f = atomic_load(&nw_stats.fetcher_beat_ms);
        if (m->need_writer && (!w || now - w > STALE_MS)) {
            status = MHD_HTTP_SERVICE_UNAVAILABLE;
            nw_buf_printf(&b, "the store's writer has not turned for %lld ms\n", (long long)(w ? now - w : -1));
        } else if (m->need_fetcher && (!f || now - f > STALE_MS)) {
            status = MHD_HTTP_SERVICE_UNAVAILABLE;
            nw_buf_printf(&b, "the fetcher has not turned for %lld ms\n", (long long)(f ? now - f : -1));
        } else {
            nw_buf_puts(&b, "ok\n");
        }
    } else {
        status = MHD_HTTP_NOT_FOUND;
        nw_buf_puts(&b, "/metrics or /healthz\n");
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", type);
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    nw_buf_cleanup(&b);
    return rc;
}

struct cli_metrics *cli_metrics_start(const char *listen, bool need_writer, bool need_fetcher)
{
    if (!listen)
        return NULL;
    char host[128] = "127.0.0.1";
    int port = 0;
    const char *colon = strrchr(listen, ':');
    if (colon) {
        snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
        port = atoi(colon + 1);
    } else {
        port = atoi(listen); /* a port alone: loopback */
    }
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (port <= 0 || port > 65535 || inet_pton(AF_INET, host, &a.sin_addr) != 1) {
        log_error("metrics: listen = %s: expected IPV4:PORT (127.0.0.1:9464) or a port", listen);
        return NULL;
    }
    struct cli_metrics *m = calloc(1, sizeof *m);
    m->need_writer = need_writer;
    m->need_fetcher = need_fetcher;
    m->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, answer, m,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&a, MHD_OPTION_CONNECTION_LIMIT, 16u,
                            MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_END);
    if (!m->d) {
        log_error("metrics: cannot listen on %s", listen);
        free(m);
        return NULL;
    }
    log_info("metrics: http://%s:%d/metrics and /healthz", host, port);
    return m;
}

void cli_metrics_stop(struct cli_metrics *m)
{
    if (!m)
        return;
    MHD_stop_daemon(m->d);
    free(m);
}
