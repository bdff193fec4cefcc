#ifndef NW_TIME_H
#define NW_TIME_H

#include <stdint.h>
#include <time.h>

/* Wall-clock milliseconds since the epoch. */
int64_t nw_now_ms(void);
/* Monotonic milliseconds, for timeouts and intervals. */
int64_t nw_mono_ms(void);
int64_t nw_mono_us(void);

/* A date known only to its day travels between the parsers and their
 * output as NW_DAY_BASE plus the seconds of that day's midnight UTC, so
 * that it is written as the day ("2020-02-15"), never as a made-up
 * instant (DESIGN §5). nw_instant gives the seconds back for arithmetic. */
#define NW_DAY_BASE ((int64_t)1 << 60)
static inline int64_t nw_day(int64_t midnight) { return NW_DAY_BASE + midnight; }
static inline int nw_is_day(int64_t t) { return t > NW_DAY_BASE / 2; }
static inline int64_t nw_instant(int64_t t) { return nw_is_day(t) ? t - NW_DAY_BASE : t; }
/* The day an instant falls on (UTC), as a day; a day stays itself. */
static inline int64_t nw_day_of(int64_t t)
{
    return nw_is_day(t) ? t : nw_day(t - ((t % 86400) + 86400) % 86400);
}

/* Formats seconds since the epoch as RFC 3339 UTC ("2020-10-09T08:32:00Z"),
 * or a day (nw_day) as "2020-02-15". `out` must hold 21 bytes. Returns out. */
char *nw_time_format(int64_t t, char out[21]);

/* Parses "30s", "10m", "2h", "1d" or a bare number of seconds into
 * milliseconds. Returns 0, or -1 on a bad value. */
int nw_parse_duration(const char *s, int64_t *ms);

/* Parses "8MiB", "4GiB", "512KiB", "100" (bytes). Returns 0 or -1. */
int nw_parse_size(const char *s, uint64_t *bytes);

/* Portable timegm: broken-down UTC time to seconds since the epoch; fields
 * may be out of range (normalised as by timegm). */
int64_t nw_timegm(int year, int mon, int mday, int hour, int min, int sec);

#endif
