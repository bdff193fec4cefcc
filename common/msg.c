#include "msg.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "mem.h"

int nw_msg_send(void *sock, enum nw_msg_type type, const json_t *fields, const void *body, size_t body_len,
                int flags)
{
    unsigned char hdr[4] = {'N', 'W', NW_MSG_VERSION, (unsigned char)type};
    char *js = json_dumps(fields, JSON_COMPACT);
    if (!js) {
        errno = EINVAL;
        return -1;
    }
    int rc = -1;
    bool more = body != NULL;
    if (zmq_send(sock, hdr, sizeof hdr, flags | ZMQ_SNDMORE) < 0)
        goto out;
    /* ZeroMQ delivers a multipart message atomically: once the first frame is
     * accepted the rest are queued with it, so later frames do not block. */
    if (zmq_send(sock, js, strlen(js), more ? ZMQ_SNDMORE : 0) < 0)
        goto out;
    if (more && zmq_send(sock, body, body_len, 0) < 0)
        goto out;
    rc = 0;
out:
    free(js);
    return rc;
}

int nw_msg_send_wait(void *sock, enum nw_msg_type type, const json_t *fields, const void *body, size_t body_len,
                     volatile int *stop)
{
    while (nw_msg_send(sock, type, fields, body, body_len, ZMQ_DONTWAIT) < 0) {
        if (errno != EAGAIN || *stop)
            return -1;
        zmq_poll(NULL, 0, 10);
    }
    return 0;
}

static void drain_rest(void *sock)
{
    int more;
    size_t sz = sizeof more;
    zmq_msg_t part;
    while (zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &sz) == 0 && more) {
        zmq_msg_init(&part);
        if (zmq_msg_recv(&part, sock, 0) < 0) {
            zmq_msg_close(&part);
            return;
        }
        zmq_msg_close(&part);
    }
}

static bool has_more(void *sock)
{
    int more = 0;
    size_t sz = sizeof more;
    return zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &sz) == 0 && more;
}

int nw_msg_recv(void *sock, struct nw_msg *m, int flags, struct nw_err *err)
{
    zmq_msg_t part;
    memset(m, 0, sizeof *m);
    zmq_msg_init(&part);
    if (zmq_msg_recv(&part, sock, flags) < 0) {
        zmq_msg_close(&part);
        return -1;
    }
    const unsigned char *h = zmq_msg_data(&part);
    size_t hl = zmq_msg_size(&part);
    if (hl != 4 || h[0] != 'N' || h[1] != 'W') {
        zmq_msg_close(&part);
        drain_rest(sock);
        nw_err_set(err, 1, "message without a newswire header (%zu bytes)", hl);
        return -2;
    }
    if (h[2] != NW_MSG_VERSION || h[3] < NW_MSG_JOB || h[3] > NW_MSG_EVENT) {
        int v = h[2], t = h[3];
        zmq_msg_close(&part);
        drain_rest(sock);
        nw_err_set(err, 2, "message of unknown version %d or type %d", v, t);
        return -2;
    }
    m->type = (enum nw_msg_type)h[3];
    zmq_msg_close(&part);
    if (!has_more(sock)) {
        nw_err_set(err, 3, "%s message without fields", nw_msg_type_name(m->type));
        return -2;
    }
    zmq_msg_init(&part);
    if (zmq_msg_recv(&part, sock, 0) < 0) {
        zmq_msg_close(&part);
        nw_err_set(err, 3, "truncated %s message", nw_msg_type_name(m->type));
        return -2;
    }
    json_error_t jerr;
    m->fields = json_loadb(zmq_msg_data(&part), zmq_msg_size(&part), 0, &jerr);
    zmq_msg_close(&part);
    if (!m->fields || !json_is_object(m->fields)) {
        json_decref(m->fields);
        m->fields = NULL;
        drain_rest(sock);
        nw_err_set(err, 4, "%s message with bad JSON fields", nw_msg_type_name(m->type));
        return -2;
    }
    if (has_more(sock)) {
        zmq_msg_init(&part);
        if (zmq_msg_recv(&part, sock, 0) < 0) {
            zmq_msg_close(&part);
            nw_msg_cleanup(m);
            nw_err_set(err, 3, "truncated body");
            return -2;
        }
        m->body_len = zmq_msg_size(&part);
        m->body = nw_malloc(m->body_len + 1);
        memcpy(m->body, zmq_msg_data(&part), m->body_len);
        ((char *)m->body)[m->body_len] = '\0';
        zmq_msg_close(&part);
        if (has_more(sock)) {
            drain_rest(sock);
            nw_msg_cleanup(m);
            nw_err_set(err, 5, "message with more than three frames");
            return -2;
        }
    }
    return 0;
}

void nw_msg_cleanup(struct nw_msg *m)
{
    if (!m)
        return;
    json_decref(m->fields);
    free(m->body);
    memset(m, 0, sizeof *m);
}

const char *nw_msg_type_name(enum nw_msg_type t)
{
    switch (t) {
    case NW_MSG_JOB: return "JOB";
    case NW_MSG_DOC: return "DOC";
    case NW_MSG_RESULT: return "RESULT";
    case NW_MSG_EVENT: return "EVENT";
    }
    return "?";
}
