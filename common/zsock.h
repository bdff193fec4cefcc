#ifndef NW_ZSOCK_H
#define NW_ZSOCK_H

#include <stdbool.h>

/* Opens a ZeroMQ socket of `type` on an endpoint spec from pipeline.conf.
 * A spec is one endpoint or a comma-separated list; a leading '@' forces
 * bind, a leading '>' forces connect, otherwise `bind` decides. Sets the
 * high-water marks to `hwm` and linger to `linger_ms`.
 * Returns the socket, or NULL with errno set (and `what` naming the failing
 * endpoint, when given, up to 255 bytes). */
void *nw_zsock_open(void *ctx, int type, const char *spec, bool bind, int hwm, int linger_ms, char what[256]);

/* Closes a socket (NULL is fine). */
void nw_zsock_close(void *sock);

#endif
