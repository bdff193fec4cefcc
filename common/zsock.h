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

/* Turns CURVE on for the tcp:// sockets opened from now on in context
 * `ctx` (z85 keys: the deployment's pair; other allowed client public
 * keys separated by spaces, may be NULL; the servers' public key when it
 * is not the pair's, may be NULL), and starts the context's ZAP
 * handler that refuses other clients (logged). Call it right after
 * creating the context, before opening sockets. Nothing happens when both
 * keys are NULL. Returns 0, or -1 with err set. */
int nw_zsock_security(void *ctx, const char *pub, const char *sec, const char *allow, const char *server,
                      char err[256]);

/* Makes a socket opened by hand a CURVE client (when CURVE is on), before
 * it connects to tcp:// endpoints. */
void nw_zsock_curve_client(void *sock);

/* Closes a socket (NULL is fine). */
void nw_zsock_close(void *sock);

#endif
