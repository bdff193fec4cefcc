#ifndef NW_MSG_H
#define NW_MSG_H

#include <jansson.h>
#include <stddef.h>

#include "err.h"

/* Stage messages (DESIGN §2). On the wire a message is a ZeroMQ multipart:
 *   frame 1  4-byte header: 'N' 'W' version type
 *   frame 2  JSON object of named fields
 *   frame 3  optional raw body bytes (a DOC's response body)
 * This module is the only code that packs or unpacks these bytes. */

#define NW_MSG_VERSION 1

enum nw_msg_type {
    NW_MSG_JOB = 1,    /* store -> fetcher: a feed or article to fetch */
    NW_MSG_DOC = 2,    /* fetcher -> parser: response body and HTTP facts */
    NW_MSG_RESULT = 3, /* parser -> store: items, article, feed state */
    NW_MSG_EVENT = 4,  /* store -> subscribers: "seq N committed" */
};

struct nw_msg {
    enum nw_msg_type type;
    json_t *fields;   /* owned */
    void *body;       /* owned, may be NULL */
    size_t body_len;
};

/* Sends a message. `fields` is borrowed. `flags` may be ZMQ_DONTWAIT.
 * Returns 0, or -1 with errno set (EAGAIN when the queue is full). */
int nw_msg_send(void *sock, enum nw_msg_type type, const json_t *fields, const void *body, size_t body_len,
                int flags);

/* Sends like nw_msg_send, waiting while the queue is full (backpressure)
 * but never past *stop. Returns 0, or -1 (stopped, or another error). */
int nw_msg_send_wait(void *sock, enum nw_msg_type type, const json_t *fields, const void *body, size_t body_len,
                     volatile int *stop);

/* Receives one message into `m` (caller cleans it up).
 * Returns 0; -1 with errno set when nothing was received (EAGAIN, EINTR,
 * ETERM); -2 when a message arrived but was malformed: it has been consumed
 * and dropped, and err says why. */
int nw_msg_recv(void *sock, struct nw_msg *m, int flags, struct nw_err *err);

void nw_msg_cleanup(struct nw_msg *m);

const char *nw_msg_type_name(enum nw_msg_type t);

#endif
