/* systemd's service notifications (sd_notify): READY once the store is
 * open and the stages started, a STATUS line, WATCHDOG pings while the
 * writer's loop turns, STOPPING on drain. Without NOTIFY_SOCKET (not
 * started by systemd) every call does nothing. */
#include <stdio.h>
#include <systemd/sd-daemon.h>

#include "../common/nwtime.h"
#include "../store/store.h"
#include "cli.h"

void cli_notify_ready(struct cli_notify *n, size_t nfeeds)
{
    uint64_t usec = 0;
    n->watchdog_ms = sd_watchdog_enabled(0, &usec) > 0 ? (int64_t)(usec / 1000) : 0;
    n->last_ping = n->last_status = nw_mono_ms();
    sd_notifyf(0, "READY=1\nSTATUS=running: %zu feeds", nfeeds);
}

void cli_notify_tick(struct cli_notify *n, struct store_progress *p, size_t nfeeds)
{
    int64_t now = nw_mono_ms();
    unsigned long ticks = atomic_load(&p->ticks);
    /* a ping only when the writer's loop has turned since the last one:
     * a stalled writer lets the watchdog fire */
    if (n->watchdog_ms && now - n->last_ping >= n->watchdog_ms / 2 && ticks != n->last_ticks) {
        sd_notify(0, "WATCHDOG=1");
        n->last_ping = now;
        n->last_ticks = ticks;
    }
    if (now - n->last_status >= 5000) {
        sd_notifyf(0, "STATUS=%zu feeds, %ld failing; %lu items stored, %lu revised since start", nfeeds,
                   (long)atomic_load(&p->feeds_failing), atomic_load(&p->items_new), atomic_load(&p->items_revised));
        n->last_status = now;
    }
}

void cli_notify_stopping(void)
{
    sd_notify(0, "STOPPING=1\nSTATUS=draining");
}
