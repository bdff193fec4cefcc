#include "zsock.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "log.h"
#include "mem.h"

/* CURVE (ZeroMQ's authenticated encryption) for tcp:// endpoints: every
 * stage of a deployment holds the same key pair ([security] in the
 * configuration); a binding socket is a CURVE server, a connecting one a
 * client, and the ZAP handler of each context admits only clients whose
 * public key is the deployment's or listed in curve_allow. */
#define MAX_ALLOW 64
static struct {
    bool on;
    char pub[41], sec[41], server[41];
    char allow[MAX_ALLOW][41];
    int nallow;
} curve;

static bool z85_key(const char *s)
{
    uint8_t bin[32];
    return s && strlen(s) == 40 && zmq_z85_decode(bin, s) != NULL;
}

/* The ZAP handler: one REP socket per context, answering the handshake
 * requests of its CURVE servers (RFC 27). */
static void *zap_main(void *sock)
{
    for (;;) {
        zmq_msg_t part[7];
        int n = 0, more = 1;
        while (more && n < 7) {
            zmq_msg_init(&part[n]);
            if (zmq_msg_recv(&part[n], sock, 0) < 0) {
                zmq_msg_close(&part[n]);
                for (int i = 0; i < n; i++)
                    zmq_msg_close(&part[i]);
                zmq_close(sock); /* the context is ending */
                return NULL;
            }
            more = zmq_msg_more(&part[n]);
            n++;
        }
        while (more) { /* more parts than RFC 27 has: drain them */
            zmq_msg_t x;
            zmq_msg_init(&x);
            zmq_msg_recv(&x, sock, 0);
            more = zmq_msg_more(&x);
            zmq_msg_close(&x);
        }
        bool ok = false;
        char key[41] = "", addr[64] = "";
        if (n == 7 && zmq_msg_size(&part[5]) == 5 && !memcmp(zmq_msg_data(&part[5]), "CURVE", 5) &&
            zmq_msg_size(&part[6]) == 32) {
            zmq_z85_encode(key, zmq_msg_data(&part[6]), 32);
            ok = !strcmp(key, curve.pub);
            for (int i = 0; i < curve.nallow && !ok; i++)
                ok = !strcmp(key, curve.allow[i]);
        }
        if (n >= 4)
            snprintf(addr, sizeof addr, "%.*s", (int)zmq_msg_size(&part[3]), (const char *)zmq_msg_data(&part[3]));
        static int64_t last_log;
        static unsigned long quiet;
        if (!ok) { /* at most one line per 10 s: a refused peer keeps reconnecting */
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            int64_t now = (int64_t)ts.tv_sec;
            if (!last_log || now - last_log >= 10) {
                log_warn("security: refused a peer at %s: its key %s is not this deployment's%s", addr[0] ? addr : "?",
                         key[0] ? key : "(none)", quiet ? " (and other refusals since the last line)" : "");
                last_log = now;
                quiet = 0;
            } else {
                quiet++;
            }
        }
        const char *status = ok ? "200" : "400", *text = ok ? "OK" : "key not allowed";
        zmq_send(sock, "1.0", 3, ZMQ_SNDMORE);
        zmq_send(sock, n > 1 ? zmq_msg_data(&part[1]) : "", n > 1 ? zmq_msg_size(&part[1]) : 0, ZMQ_SNDMORE);
        zmq_send(sock, status, 3, ZMQ_SNDMORE);
        zmq_send(sock, text, strlen(text), ZMQ_SNDMORE);
        zmq_send(sock, key, strlen(key), ZMQ_SNDMORE);
        zmq_send(sock, "", 0, 0);
        for (int i = 0; i < n; i++)
            zmq_msg_close(&part[i]);
    }
}

int nw_zsock_security(void *ctx, const char *pub, const char *sec, const char *allow, const char *server,
                      char err[256])
{
    if (!pub && !sec)
        return 0;
    if (server && !z85_key(server)) {
        snprintf(err, 256, "security: curve_server must be a 40-character Z85 key");
        return -1;
    }
    if (!z85_key(pub) || !z85_key(sec)) {
        snprintf(err, 256, "security: curve_public and curve_secret must both be 40-character Z85 keys "
                           "(newswire keygen makes a pair)");
        return -1;
    }
    if (!zmq_has("curve")) {
        snprintf(err, 256, "security: this libzmq has no CURVE support");
        return -1;
    }
    curve.on = true;
    snprintf(curve.pub, sizeof curve.pub, "%s", pub);
    snprintf(curve.sec, sizeof curve.sec, "%s", sec);
    snprintf(curve.server, sizeof curve.server, "%s", server ? server : pub);
    curve.nallow = 0;
    char *copy = nw_strdup(allow ? allow : ""), *save = NULL;
    for (char *k = strtok_r(copy, " \t,", &save); k; k = strtok_r(NULL, " \t,", &save)) {
        if (!z85_key(k) || curve.nallow == MAX_ALLOW) {
            snprintf(err, 256, "security: curve_allow: '%.60s' is not a 40-character Z85 key (or more than %d)", k,
                     MAX_ALLOW);
            free(copy);
            return -1;
        }
        snprintf(curve.allow[curve.nallow++], 41, "%s", k);
    }
    free(copy);
    void *zap = zmq_socket(ctx, ZMQ_REP);
    int linger = 0;
    zmq_setsockopt(zap, ZMQ_LINGER, &linger, sizeof linger);
    if (!zap || zmq_bind(zap, "inproc://zeromq.zap.01") < 0) {
        snprintf(err, 256, "security: cannot start the ZAP handler: %s", zmq_strerror(errno));
        if (zap)
            zmq_close(zap);
        return -1;
    }
    pthread_t t;
    if (pthread_create(&t, NULL, zap_main, zap) != 0) {
        snprintf(err, 256, "security: cannot start the ZAP handler thread");
        zmq_close(zap);
        return -1;
    }
    pthread_detach(t);
    return 0;
}

static void apply_curve(void *s, bool server)
{
    if (server) {
        int one = 1;
        zmq_setsockopt(s, ZMQ_CURVE_SERVER, &one, sizeof one);
        zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, curve.sec, 41);
        zmq_setsockopt(s, ZMQ_ZAP_DOMAIN, "newswire", 8);
    } else {
        zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, curve.server, 41);
        zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, curve.pub, 41);
        zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, curve.sec, 41);
    }
}

void *nw_zsock_open(void *ctx, int type, const char *spec, bool bind, int hwm, int linger_ms, char what[256])
{
    void *s = zmq_socket(ctx, type);
    if (!s)
        return NULL;
    zmq_setsockopt(s, ZMQ_SNDHWM, &hwm, sizeof hwm);
    zmq_setsockopt(s, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt(s, ZMQ_LINGER, &linger_ms, sizeof linger_ms);
    if (curve.on && strstr(spec, "tcp://")) {
        /* a socket either binds or connects all its endpoints in practice;
         * the first decides its CURVE role */
        const char *first = spec;
        while (*first == ' ')
            first++;
        apply_curve(s, *first == '@' ? true : *first == '>' ? false : bind);
    }
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

void nw_zsock_curve_client(void *sock)
{
    if (curve.on)
        apply_curve(sock, false);
}

void nw_zsock_close(void *sock)
{
    if (sock)
        zmq_close(sock);
}
