#include "nwtime.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int64_t nw_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t nw_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t nw_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Days from 1970-01-01 to year-mon-day in the proleptic Gregorian calendar
 * (mon 1..12), after Howard Hinnant's published civil-date algorithm. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t nw_timegm(int year, int mon, int mday, int hour, int min, int sec)
{
    /* normalise the month so that days_from_civil sees 1..12 */
    int64_t y = year, m = mon - 1;
    y += m / 12;
    m %= 12;
    if (m < 0) {
        m += 12;
        y--;
    }
    int64_t days = days_from_civil(y, m + 1, 1) + (mday - 1);
    return days * 86400 + (int64_t)hour * 3600 + (int64_t)min * 60 + sec;
}

char *nw_time_format(int64_t t, char out[21])
{
    int day = nw_is_day(t);
    time_t tt = (time_t)nw_instant(t);
    struct tm tm;
    gmtime_r(&tt, &tm);
    if (tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
        strcpy(out, "1970-01-01T00:00:00Z");
        return out;
    }
    /* by hand: strftime, with its locale, took half of this */
    int f[6] = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
    static const char sep[6] = {'-', '-', 'T', ':', ':', 'Z'};
    char *o = out;
    for (int k = 0; k < (day ? 3 : 6); k++) {
        int v = f[k];
        if (k == 0) {
            *o++ = (char)('0' + v / 1000);
            *o++ = (char)('0' + v / 100 % 10);
        }
        *o++ = (char)('0' + v / 10 % 10);
        *o++ = (char)('0' + v % 10);
        if (k < 2 || !day) /* "2020-02-15": nothing after a day */
            *o++ = sep[k];
    }
    *o = '\0';
    return out;
}

static int number_and_unit(const char *s, double *num, const char **unit)
{
    char *end;
    while (isspace((unsigned char)*s))
        s++;
    if (!isdigit((unsigned char)*s))
        return -1;
    errno = 0;
    *num = strtod(s, &end);
    if (errno || *num < 0)
        return -1;
    while (isspace((unsigned char)*end))
        end++;
    *unit = end;
    return 0;
}

int nw_parse_duration(const char *s, int64_t *ms)
{
    double n;
    const char *u;
    if (number_and_unit(s, &n, &u) < 0)
        return -1;
    double mult;
    if (*u == '\0' || strcmp(u, "s") == 0)
        mult = 1000;
    else if (strcmp(u, "ms") == 0)
        mult = 1;
    else if (strcmp(u, "m") == 0)
        mult = 60e3;
    else if (strcmp(u, "h") == 0)
        mult = 3600e3;
    else if (strcmp(u, "d") == 0)
        mult = 86400e3;
    else
        return -1;
    if (n * mult > 9e15)
        return -1;
    *ms = (int64_t)(n * mult);
    return 0;
}

int nw_parse_size(const char *s, uint64_t *bytes)
{
    double n;
    const char *u;
    if (number_and_unit(s, &n, &u) < 0)
        return -1;
    double mult;
    if (*u == '\0' || strcasecmp(u, "B") == 0)
        mult = 1;
    else if (strcmp(u, "KiB") == 0 || strcmp(u, "K") == 0)
        mult = 1024.0;
    else if (strcmp(u, "MiB") == 0 || strcmp(u, "M") == 0)
        mult = 1024.0 * 1024;
    else if (strcmp(u, "GiB") == 0 || strcmp(u, "G") == 0)
        mult = 1024.0 * 1024 * 1024;
    else if (strcmp(u, "TiB") == 0 || strcmp(u, "T") == 0)
        mult = 1024.0 * 1024 * 1024 * 1024;
    else
        return -1;
    if (n * mult > 1.8e19)
        return -1;
    *bytes = (uint64_t)(n * mult);
    return 0;
}
