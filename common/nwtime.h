#ifndef NW_TIME_H
#define NW_TIME_H

#include <stdint.h>
#include <time.h>

/* Wall-clock milliseconds since the epoch. */
int64_t nw_now_ms(void);
/* Monotonic milliseconds, for timeouts and intervals. */
int64_t nw_mono_ms(void);
int64_t nw_mono_us(void);

/* Formats seconds since the epoch as RFC 3339 UTC ("2020-10-09T08:32:00Z").
 * `out` must hold 21 bytes. Returns out. */
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
