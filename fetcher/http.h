#ifndef NW_HTTP_H
#define NW_HTTP_H

#include <stddef.h>

#include "../common/conf.h"
#include "../common/msg.h"

/* Many HTTP transfers at once over libcurl's multi interface, with
 * per-host limits, body caps, conditional requests and the SSRF guard. */
struct http;

/* Called when a transfer ends: `doc` is the DOC (borrowed), body/len the
 * response body (borrowed, NULL when the fetch failed). */
typedef void (*http_done_fn)(void *arg, const struct nw_doc *doc, const char *body, size_t len);

struct http *http_new(const struct nw_conf *conf, http_done_fn done, void *arg);
void http_free(struct http *h);

/* Writes every fetch from now on to a WARC archive (fetcher/warc.h), or
 * to none (NULL). The archive stays the caller's; after a write error the
 * client stops using it (logged). */
struct warc_writer;
void http_set_archive(struct http *h, struct warc_writer *w);

/* Queues a JOB (borrowed; copied). */
void http_add(struct http *h, const struct nw_job *job);

/* Appends the ids of the jobs queued or running to out. */
void http_held(const struct http *h, struct nw_u64v *out);

/* Transfers running or waiting for their host's turn. */
size_t http_in_flight(const struct http *h);

/* From now on no waiting transfer starts (the fetcher is stopping: those
 * running may finish; the jobs waiting are left to their leases).
 * Returns the transfers still running. */
size_t http_drain(struct http *h);

/* Runs transfers for up to timeout_ms, or until wake_fd (when >= 0) is
 * readable; calls `done` for each that ended. */
void http_poll(struct http *h, int timeout_ms, int wake_fd);

#endif
