#ifndef NW_HTTP_H
#define NW_HTTP_H

#include <jansson.h>
#include <stddef.h>

#include "../common/conf.h"

/* Many HTTP transfers at once over libcurl's multi interface, with
 * per-host limits, body caps, conditional requests and the SSRF guard. */
struct http;

/* Called when a transfer ends: `doc` is the DOC's fields (borrowed),
 * body/len the response body (borrowed, may be NULL). */
typedef void (*http_done_fn)(void *arg, const json_t *doc, const char *body, size_t len);

struct http *http_new(const struct nw_conf *conf, http_done_fn done, void *arg);
void http_free(struct http *h);

/* Queues a JOB (fields borrowed; copied). */
void http_add(struct http *h, const json_t *job);

/* Transfers running or waiting for their host's turn. */
size_t http_in_flight(const struct http *h);

/* Runs transfers for up to timeout_ms; calls `done` for each that ended. */
void http_poll(struct http *h, int timeout_ms);

#endif
