#include "zsock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "mem.h"

void *nw_zsock_open(void *ctx, int type, const char *spec, bool bind, int hwm, int linger_ms, char what[256])
{
    void *s = zmq_socket(ctx, type);
    if (!s)
        return NULL;
    zmq_setsockopt(s, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(s, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(s, ZMQ_LINGER, &linger_ms, sizeof linger_ms);
    char *copy = nw_strdup(spec), *save = NULL;
    for (char *ep = strtok_r(copy, ",", &save); ep; ep = strtok_r(NULL, ",", &save)) {
        while (*ep == ' ')
            ep++;
        bool b = bind;
        if (*ep == '@' || *ep == '>') {
            b = *ep == '@';
            ep++;
        }
        int rc = b ? zmq_bind(s, ep) : zmq_connect(s, ep);
        if (rc < 0) {
            int e = errno;
            if (what)
                snprintf(what, 256, "%s %s", b ? "bind" : "connect", ep);
            free(copy);
            zmq_close(s);
            errno = e;
            return NULL;
        }
    }
    free(copy);
    return s;
}

void nw_zsock_close(void *sock)
{
    if (sock)
        zmq_close(sock);
}
