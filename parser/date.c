#include "date.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/jsonx.h"
#include "../common/nwtime.h"

struct zone {
    const char *name;
    int minutes;
};

/* Zone names seen in feeds; ET/CT/MT/PT are taken as standard time, as
 * most feed readers do, and IST as India's (+05:30), whose outlets write
 * it far more than Ireland's summer time or Israel's do. */
/* clang-format off */
static const struct zone zones[] = {
    {"UT", 0}, {"UTC", 0}, {"GMT", 0}, {"Z", 0}, {"WET", 0},
    {"EST", -300}, {"EDT", -240}, {"ET", -300}, {"CST", -360}, {"CDT", -300}, {"CT", -360},
    {"MST", -420}, {"MDT", -360}, {"MT", -420}, {"PST", -480}, {"PDT", -420}, {"PT", -480},
    {"AT", -240}, {"AKST", -540}, {"AKDT", -480}, {"HST", -600}, {"AST", -240}, {"ADT", -180}, {"NST", -210},
    {"BST", 60}, {"WEST", 60}, {"CET", 60}, {"MET", 60}, {"MEZ", 60},
    {"CEST", 120}, {"MEST", 120}, {"MESZ", 120}, {"EET", 120}, {"EEST", 180}, {"MSK", 180},
    {"IST", 330}, {"JST", 540}, {"KST", 540}, {"HKT", 480}, {"SGT", 480}, {"AWST", 480},
    {"ACST", 570}, {"AEST", 600}, {"AEDT", 660}, {"NZST", 720}, {"NZDT", 780},
};
/* clang-format on */

/* English months and weekdays by their first three letters, lower case,
 * packed in one word as ascii_key3 packs a token's */
#define K3(a, b, c) ((unsigned)(a) << 16 | (unsigned)(b) << 8 | (unsigned)(c))
static const unsigned month_keys[12] = {K3('j', 'a', 'n'), K3('f', 'e', 'b'), K3('m', 'a', 'r'), K3('a', 'p', 'r'),
                                        K3('m', 'a', 'y'), K3('j', 'u', 'n'), K3('j', 'u', 'l'), K3('a', 'u', 'g'),
                                        K3('s', 'e', 'p'), K3('o', 'c', 't'), K3('n', 'o', 'v'), K3('d', 'e', 'c')};
static const unsigned day_keys[7] = {K3('m', 'o', 'n'), K3('t', 'u', 'e'), K3('w', 'e', 'd'), K3('t', 'h', 'u'),
                                     K3('f', 'r', 'i'), K3('s', 'a', 't'), K3('s', 'u', 'n')};
#undef K3

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* The first and last instants written with a four-digit year,
 * 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z; and the dates a feed or
 * a page means, from 1000-01-01 to before 2200-01-01 (date_plausible) */
#define FIRST_WRITTEN INT64_C(-62135596800)
#define LAST_WRITTEN INT64_C(253402300799)
#define FIRST_MEANT INT64_C(-30610224000)
#define LAST_MEANT INT64_C(7258118400)

static int64_t make_time(int y, int mo, int d, int h, int mi, int s, int off_min)
{
    if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 || h > 24 || mi < 0 ||
        mi > 59 || s < 0 || s > 60 || (h == 24 && (mi || s)))
        return NW_NO_TIME;
    /* a leap second (60) is the instant POSIX time gives it: the next
     * minute's first second */
    int64_t t = nw_timegm(y, mo, d, h, mi, s) - (int64_t)off_min * 60;
    /* an instant is written in UTC with a four-digit year: one that a zone
     * moves out of years 1 to 9999 ("9999-12-31T23:59:59-05:00") could
     * not be written, and is no date */
    if (t < FIRST_WRITTEN || t > LAST_WRITTEN)
        return NW_NO_TIME;
    return t;
}

static int fix_year(int y, int ndigits)
{
    if (ndigits <= 2)
        return y < 70 ? 2000 + y : 1900 + y;
    return y;
}

/* Reads exactly n digits (n <= 9, so that the value fits). */
static bool digits(const char **p, int n, int *out)
{
    int v = 0;
    if (n > 9)
        return false;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return false;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return true;
}

static int count_digits(const char *p)
{
    int n = 0;
    while (isdigit((unsigned char)p[n]))
        n++;
    return n;
}

/* Whether p is UTC's name alone ("Z", "UT", "UTC", "GMT"), white space
 * after it allowed. */
static bool utc_name(const char *p)
{
    size_t n = 0;
    while (isalpha((unsigned char)p[n]))
        n++;
    bool utc = (n == 1 && (*p | 0x20) == 'z') || ((n == 2 || n == 3) && !strncasecmp(p, "UTC", n)) ||
               (n == 3 && !strncasecmp(p, "GMT", 3));
    for (p += n; utc && *p; p++)
        if (!isspace((unsigned char)*p))
            return false;
    return utc;
}

/* Parses "Z", "+HH:MM", "+HHMM", "+HMM", "+HH", "+HH:M", "GMT+HH:MM", "Etc/GMT" or a zone
 * name at p; returns false when something else is there. An empty zone is
 * UTC, and so is a zone that says it twice ("+00:00Z", "Z GMT"). */
static bool parse_zone(const char *p, int *off)
{
    while (isspace((unsigned char)*p))
        p++;
    *off = 0;
    if (!*p)
        return true;
    if (!strncasecmp(p, "Etc/", 4))
        p += 4;
    if (isalpha((unsigned char)*p)) {
        size_t n = 0;
        while (isalpha((unsigned char)p[n]))
            n++;
        bool found = false;
        for (size_t i = 0; i < sizeof zones / sizeof *zones; i++)
            if (strlen(zones[i].name) == n && !strncasecmp(zones[i].name, p, n)) {
                *off = zones[i].minutes;
                found = true;
                break;
            }
        if (!found && n == 1) {
            /* RFC 822's military zones, as it defines them: A-I -1..-9
             * hours (no J), K-M -10..-12, N-Y +1..+12 */
            int c = toupper((unsigned char)*p);
            *off = c == 'J' ? 0 : c < 'J' ? -(c - 'A' + 1) * 60 : c <= 'M' ? -(c - 'A') * 60 : (c - 'N' + 1) * 60;
        } else if (!found) {
            /* a zone name we do not know: the time as UTC, as feed
             * readers take it, rather than no date */
            if (n > 5)
                return false;
            *off = 0;
        }
        p += n;
        /* bytes of another alphabet run into the name ("GMT\xc3\xa9", a
         * stray character after it) are no part of it */
        while ((unsigned char)*p >= 0x80)
            p++;
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            return true;
        if (*off == 0 && utc_name(p))
            return true; /* "Z GMT" */
        if (*p != '+' && *p != '-')
            return false;
        int extra;
        if (!parse_zone(p, &extra))
            return false;
        *off += extra;
        return true;
    }
    if (*p != '+' && *p != '-')
        return false;
    int sign = *p == '-' ? -1 : 1, h = 0, m = 0;
    p++;
    int nd = count_digits(p);
    if (nd == 4) {
        digits(&p, 2, &h);
        digits(&p, 2, &m);
    } else if (nd == 3) { /* "-800": HMM with the hour's leading zero left out */
        digits(&p, 1, &h);
        digits(&p, 2, &m);
    } else if (nd == 2 || nd == 1) {
        digits(&p, nd, &h);
        if (*p == ':') {
            p++;
            /* "+00:0", a zone cut short by a digit: its tens of minutes */
            if (count_digits(p) == 1 && digits(&p, 1, &m))
                m *= 10;
            else if (!digits(&p, 2, &m))
                return false;
        }
    } else {
        return false;
    }
    while (isspace((unsigned char)*p))
        p++;
    if ((*p && !utc_name(p)) || h > 14 || m > 59)
        return false; /* a UTC name after the offset: "+00:00Z" */
    *off = sign * (h * 60 + m);
    return true;
}

/* Reads one or two digits, as a month, day or hour written without its
 * leading zero ("2021-3-7 9:05:00", as many CMSs write dates). */
static bool digits12(const char **p, int *out)
{
    int n = count_digits(*p);
    return (n == 1 || n == 2) && digits(p, n, out);
}

/* HH[:MM[:SS[.frac]]] or HHMM[SS] after a T; returns pointer past it or NULL.
 * The extended form may leave out leading zeros ("T7:48Z", "T12:35:1"). */
static const char *parse_clock(const char *p, int *h, int *mi, int *s, bool basic)
{
    *h = *mi = *s = 0;
    if (!(basic ? digits(&p, 2, h) : digits12(&p, h)))
        return NULL;
    if (*p == ':' || (basic && isdigit((unsigned char)*p))) {
        if (*p == ':')
            p++;
        if (!(basic ? digits(&p, 2, mi) : digits12(&p, mi)))
            return NULL;
        if (*p == ':' || (basic && isdigit((unsigned char)*p))) {
            if (*p == ':')
                p++;
            if (!(basic ? digits(&p, 2, s) : digits12(&p, s)))
                return NULL;
            if (*p == '.' || *p == ',') {
                p++;
                if (!isdigit((unsigned char)*p))
                    return NULL;
                while (isdigit((unsigned char)*p))
                    p++;
            }
        }
    }
    return p;
}

static int64_t parse_iso(const char *p, bool *day)
{
    int y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, off = 0;
    bool full = false, clock = false; /* a whole date; a time of day */
    int nd = count_digits(p);
    if (*p == '-' && isdigit((unsigned char)p[1])) {
        /* "-YY-MM" or "-YYMM": year and month of the century (ISO 8601:1988) */
        p++;
        if (!digits(&p, 2, &y))
            return NW_NO_TIME;
        if (*p == '-')
            p++;
        if (!digits(&p, 2, &mo))
            return NW_NO_TIME;
        y = fix_year(y, 2);
        return *p ? NW_NO_TIME : make_time(y, mo, 1, 0, 0, 0, 0);
    }
    bool basic = false;
    if (nd == 4 && p[4] == '-') {
        digits(&p, 4, &y);
        p++;
        int n2 = count_digits(p);
        if (n2 == 3 && p[0] == '0' && p[3] == '-') {
            /* a month written with a zero too many, followed by its day
             * ("2003-012-31", as Google's feeds once wrote them) */
            p++;
            n2 = 2;
        }
        if (n2 == 3) { /* ordinal YYYY-DDD */
            int doy = 0;
            digits(&p, 3, &doy);
            if (doy < 1 || doy > 366)
                return NW_NO_TIME;
            mo = 1;
            d = doy;
        } else if (n2 == 2 || n2 == 1) {
            digits(&p, n2, &mo);
            if (*p == '-') {
                p++;
                if (!digits12(&p, &d))
                    return NW_NO_TIME;
                full = true;
            }
        } else {
            return NW_NO_TIME;
        }
        full |= n2 == 3;
    } else if (nd == 4 && !p[4]) {
        digits(&p, 4, &y);
    } else if (nd == 8 || nd == 6 || nd == 7 || nd == 5) {
        basic = true;
        full = true;
        if (nd == 8) {
            digits(&p, 4, &y);
            digits(&p, 2, &mo);
            digits(&p, 2, &d);
        } else if (nd == 6) {
            digits(&p, 2, &y);
            y = fix_year(y, 2);
            digits(&p, 2, &mo);
            digits(&p, 2, &d);
        } else { /* YYYYDDD or YYDDD ordinal */
            int doy = 0;
            digits(&p, nd - 3, &y);
            if (nd == 5)
                y = fix_year(y, 2);
            digits(&p, 3, &doy);
            if (doy < 1 || doy > 366)
                return NW_NO_TIME;
            d = doy;
        }
    } else if (nd == 2 && p[2] == '-') {
        digits(&p, 2, &y);
        y = fix_year(y, 2);
        p++;
        if (count_digits(p) == 3) { /* ordinal YY-DDD */
            int doy = 0;
            digits(&p, 3, &doy);
            if (doy < 1 || doy > 366)
                return NW_NO_TIME;
            d = doy;
            full = true;
        } else {
            if (!digits(&p, 2, &mo))
                return NW_NO_TIME;
            if (*p == '-') {
                p++;
                if (!digits(&p, 2, &d))
                    return NW_NO_TIME;
                full = true; /* YY-MM-DD: a day, as YYYY-MM-DD is */
            }
        }
    } else {
        return NW_NO_TIME;
    }
    if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
        p++;
        p = parse_clock(p, &h, &mi, &s, basic || count_digits(p) >= 4);
        if (!p)
            return NW_NO_TIME;
        clock = true;
        /* a twelve-hour clock ("2021-03-07 7:48 PM") */
        const char *q = p;
        while (*q == ' ')
            q++;
        if ((q[0] | 0x20) == 'a' || (q[0] | 0x20) == 'p') {
            bool dots = q[1] == '.' && (q[2] | 0x20) == 'm' && q[3] == '.';
            /* (an hour past 12 has none: "PM" is then read as a zone, as
             * the other forms read it) */
            if ((dots || ((q[1] | 0x20) == 'm' && !isalpha((unsigned char)q[2]))) && h >= 1 && h <= 12) {
                h = h % 12 + ((q[0] | 0x20) == 'p' ? 12 : 0);
                p = q + (dots ? 4 : 2);
            }
        }
    }
    if (!parse_zone(p, &off))
        return NW_NO_TIME;
    /* a day without a time of day is that calendar day, whatever zone */
    *day = full && !clock;
    if (*day)
        off = 0;
    if (mo == 1 && d > 31) { /* ordinal day */
        int64_t t = make_time(y, 1, 1, h, mi, s, off);
        if (t == NW_NO_TIME || d > (days_in_month(y, 2) == 29 ? 366 : 365))
            return NW_NO_TIME;
        return t + (int64_t)(d - 1) * 86400;
    }
    return make_time(y, mo, d, h, mi, s, off);
}

/* Reads a zone token that starts at st (a name, read up to p) and may go on
 * with a signed offset; returns the position after it, or NULL. */
static const char *zone_token(const char *st, const char *p, int *off)
{
    if (*p == '+' || *p == '-') {
        p++;
        while (isdigit((unsigned char)*p) || *p == ':')
            p++;
    }
    char tmp[32];
    size_t zl = (size_t)(p - st);
    if (zl >= sizeof tmp)
        return NULL;
    memcpy(tmp, st, zl);
    tmp[zl] = '\0';
    return parse_zone(tmp, off) ? p : NULL;
}

/* Three letters (or '/') lower-cased, as one word. */
static unsigned ascii_key3(const char *s)
{
    unsigned k = 0;
    for (int i = 0; i < 3; i++)
        k = k << 8 | (unsigned char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    return k;
}

static int month_of(const char *w, size_t n);

/* Month abbreviations of feeds written in other languages than English
 * (French, German, Spanish, Italian, Portuguese, Dutch, Polish, Czech,
 * Turkish, Indonesian, Russian) that
 * month_of's full names and the English three letters do not cover;
 * lower case, UTF-8. */
static const struct {
    const char *name;
    int month;
} month_abbrevs[] = {
    /* one language a line */
    /* clang-format off */
    {"janv", 1}, {"f\xc3\xa9v", 2}, {"f\xc3\xa9vr", 2}, {"avr", 4}, {"juil", 7}, {"d\xc3\xa9\x63", 12},
    {"m\xc3\xa4r", 3}, {"mrz", 3}, {"okt", 10}, {"dez", 12},
    {"ene", 1}, {"abr", 4}, {"ago", 8}, {"dic", 12},
    {"gen", 1}, {"mag", 5}, {"giu", 6}, {"lug", 7}, {"ott", 10}, {"set", 9},
    {"fev", 2}, {"out", 10},
    {"mrt", 3},
    /* Polish, Czech, Turkish, Indonesian */
    {"sty", 1}, {"lut", 2}, {"kwi", 4}, {"cze", 6}, {"lip", 7}, {"sie", 8}, {"wrz", 9}, {"pa\xc5\xba", 10},
    {"lis", 11}, {"gru", 12},
    {"led", 1}, {"\xc3\xbano", 2}, {"b\xc5\x99\x65", 3}, {"dub", 4}, {"kv\xc4\x9b", 5}, {"\xc4\x8dvn", 6},
    {"\xc4\x8dvc", 7}, {"srp", 8}, {"z\xc3\xa1\xc5\x99", 9}, {"\xc5\x99\xc3\xadj", 10}, {"pro", 12},
    {"oca", 1}, {"\xc5\x9fub", 2}, {"nis", 4}, {"haz", 6}, {"tem", 7}, {"a\xc4\x9fu", 8},
    {"eyl", 9}, {"eki", 10}, {"kas", 11}, {"ara", 12},
    {"agu", 8}, {"agt", 8}, {"des", 12},
    /* Russian, abbreviated and in the genitive of dates ("4 октября") */
    {"\xd1\x8f\xd0\xbd\xd0\xb2", 1}, {"\xd1\x84\xd0\xb5\xd0\xb2", 2}, {"\xd0\xbc\xd0\xb0\xd1\x80", 3},
    {"\xd0\xb0\xd0\xbf\xd1\x80", 4}, {"\xd0\xbc\xd0\xb0\xd0\xb9", 5}, {"\xd0\xb8\xd1\x8e\xd0\xbd", 6},
    {"\xd0\xb8\xd1\x8e\xd0\xbb", 7}, {"\xd0\xb0\xd0\xb2\xd0\xb3", 8}, {"\xd1\x81\xd0\xb5\xd0\xbd", 9},
    {"\xd0\xbe\xd0\xba\xd1\x82", 10}, {"\xd0\xbd\xd0\xbe\xd1\x8f", 11}, {"\xd0\xb4\xd0\xb5\xd0\xba", 12},
    {"\xd1\x8f\xd0\xbd\xd0\xb2\xd0\xb0\xd1\x80\xd1\x8f", 1}, {"\xd1\x84\xd0\xb5\xd0\xb2\xd1\x80\xd0\xb0\xd0\xbb\xd1\x8f", 2},
    {"\xd0\xbc\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0", 3}, {"\xd0\xb0\xd0\xbf\xd1\x80\xd0\xb5\xd0\xbb\xd1\x8f", 4},
    {"\xd0\xbc\xd0\xb0\xd1\x8f", 5}, {"\xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8f", 6}, {"\xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8f", 7},
    {"\xd0\xb0\xd0\xb2\xd0\xb3\xd1\x83\xd1\x81\xd1\x82\xd0\xb0", 8},
    {"\xd1\x81\xd0\xb5\xd0\xbd\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 9},
    {"\xd0\xbe\xd0\xba\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 10},
    {"\xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 11},
    {"\xd0\xb4\xd0\xb5\xd0\xba\xd0\xb0\xd0\xb1\xd1\x80\xd1\x8f", 12},
    /* clang-format on */
};

/* The month a word of a feed's date names in one of the languages of
 * month_of or by one of month_abbrevs, 0 if none. */
static int month_word(const char *w, size_t n)
{
    int m = month_of(w, n);
    char low[24];
    if (m || n >= sizeof low)
        return m;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i], c2 = i + 1 < n ? (unsigned char)w[i + 1] : 0;
        if (c == 0xD0 && c2 >= 0x90 && c2 <= 0xAF) { /* Cyrillic capitals, А-Я */
            low[i] = (char)(c2 < 0xA0 ? 0xD0 : 0xD1);
            low[i + 1] = (char)(c2 < 0xA0 ? c2 + 0x20 : c2 - 0x20);
            i++;
            continue;
        }
        if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && c2 >= 0x80 && c2 <= 0xBF) {
            /* Latin-1's and Latin Extended-A's capitals ("Úno", "Čvn",
             * "Şub", "Říj"), each as its small letter */
            unsigned cp = (unsigned)(c & 0x1F) << 6 | (c2 & 0x3F);
            if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
                cp += 0x20;
            else if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
                cp |= 1;
            else if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
                cp += cp & 1;
            low[i] = (char)(0xC0 | cp >> 6);
            low[i + 1] = (char)(0x80 | (cp & 0x3F));
            i++;
            continue;
        }
        low[i] = (char)tolower(c);
    }
    low[n] = '\0';
    for (size_t i = 0; i < sizeof month_abbrevs / sizeof *month_abbrevs; i++)
        if (!strcmp(low, month_abbrevs[i].name))
            return month_abbrevs[i].month;
    return 0;
}

/* Whether a weekday's comma follows p ("Mo, 15 Nov", "lun., 15 nov."). */
static bool comma_follows(const char *p)
{
    if (*p == '.')
        p++;
    return *p == ',';
}

/* RFC 822, asctime and their relatives, read as tokens in any order:
 * weekday, month name, day, year, clock, zone. The weekday and the month
 * may be in other languages ("lun., 15 nov. 2010", "2004-j\xc3\xbalius-13");
 * a date in the order of RFC 850 ("31-Dec-06") and a day, month and year
 * with full stops ("15.11.2010", day first) are read too. */
static int64_t parse_loose(const char *p, bool *day)
{
    int y = -1, mo = -1, d = -1, h = 0, mi = 0, s = 0, off = 0;
    bool have_clock = false, have_zone = false, have_meridiem = false;
    bool zone_word = false; /* a numeric zone was read: UTC's name may follow it */
    while (*p) {
        if (isspace((unsigned char)*p) || *p == ',' || *p == '.') {
            p++;
            continue;
        }
        if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) { /* a no-break space */
            p += 2;
            continue;
        }
        /* a hyphen between the fields of the date ("31-Dec-06") */
        if (*p == '-' && !have_clock && (y >= 0 || mo >= 0 || d >= 0) && isalnum((unsigned char)p[1])) {
            p++;
            continue;
        }
        if (*p == '(' && have_clock) {
            /* a comment after the zone ("+0000 (UTC)"), or in its place
             * the zone's name ("19:48:21 (GMT)") */
            const char *q = strchr(p, ')');
            if (!q)
                return NW_NO_TIME;
            if (!have_zone) {
                char name[16];
                size_t n = (size_t)(q - p - 1);
                if (n >= sizeof name)
                    return NW_NO_TIME;
                memcpy(name, p + 1, n);
                name[n] = '\0';
                if (!parse_zone(name, &off))
                    return NW_NO_TIME;
                have_zone = true;
            }
            p = q + 1;
            continue;
        }
        if (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80) {
            const char *st = p;
            while (isalpha((unsigned char)*p) || *p == '/' || (unsigned char)*p >= 0x80)
                p++;
            size_t n = (size_t)(p - st);
            /* the T between a date and its time ("2004-07-13T9:15") */
            if (n == 1 && (*st == 'T' || *st == 't') && y >= 0 && mo >= 0 && d >= 0 && !have_clock &&
                isdigit((unsigned char)*p))
                continue;
            /* the first word, a comma after it: a weekday, in any language */
            if (y < 0 && mo < 0 && d < 0 && !have_clock && n <= 12 && comma_follows(p))
                continue;
            /* month and weekday by their first three letters */
            int m = -1;
            bool is_day = false;
            if (n >= 3) {
                unsigned k = ascii_key3(st);
                for (int i = 0; i < 12 && m < 0; i++)
                    if (k == month_keys[i])
                        m = i + 1;
                for (int i = 0; i < 7 && !is_day; i++)
                    is_day = k == day_keys[i];
                int other = m < 0 && !is_day && mo < 0 ? month_word(st, n) : 0;
                if (other > 0)
                    m = other;
            }
            bool meridiem = n == 2 && (!strncasecmp(st, "am", 2) || !strncasecmp(st, "pm", 2));
            if (m > 0 && mo < 0 && !is_day) {
                mo = m;
            } else if (is_day) {
                continue;
            } else if (meridiem && have_clock && !have_zone && !have_meridiem && h >= 1 && h <= 12) {
                /* "4:29:06 PM" */
                h = (h % 12) + (tolower((unsigned char)*st) == 'p' ? 12 : 0);
                have_meridiem = true;
            } else if (have_clock && !have_zone) {
                /* zone name, possibly followed by an offset such as GMT-01:01 */
                if (!(p = zone_token(st, p, &off)))
                    return NW_NO_TIME;
                have_zone = true;
            } else if (have_zone && (zone_word || off == 0) && (n == 3 || n == 2 || n == 1) &&
                       (!strncasecmp(st, "GMT", n) || !strncasecmp(st, "UTC", n) || !strncasecmp(st, "UT", n) ||
                        (n == 1 && (*st == 'Z' || *st == 'z')))) {
                /* "+0000 GMT": the offset said it; "GMT GMT": so did
                 * the first */
                zone_word = false;
            } else if (!have_clock && y >= 0 && mo >= 0 && d >= 0 && n == 2 && !strncasecmp(st, "at", 2)) {
                /* "October 4, 2023 at 10:00" */
            } else {
                return NW_NO_TIME;
            }
            continue;
        }
        /* a dash between the date and its time ("October 4, 2023 - 10:00") */
        if (*p == '-' && !have_clock && y >= 0 && mo >= 0 && d >= 0 && p[1] == ' ') {
            p++;
            continue;
        }
        if ((*p == '+' || *p == '-') && have_clock && !have_zone) {
            if (!(p = zone_token(p, p, &off)))
                return NW_NO_TIME;
            have_zone = zone_word = true;
            continue;
        }
        if (isdigit((unsigned char)*p)) {
            int nd = count_digits(p);
            if (p[nd] == ':' && !have_clock && nd <= 2) {
                const char *q = p;
                int hh = 0;
                digits(&q, nd, &hh);
                q++;
                if (!digits(&q, 2, &mi))
                    return NW_NO_TIME;
                if (*q == ':') {
                    q++;
                    if (!digits(&q, 2, &s))
                        return NW_NO_TIME;
                    /* a fraction of a second ("19:48:21.000") */
                    if ((*q == '.' || *q == ',') && isdigit((unsigned char)q[1]))
                        for (q++; isdigit((unsigned char)*q); q++)
                            ;
                }
                h = hh;
                have_clock = true;
                p = q;
                continue;
            }
            int v = 0;
            if (nd > 4)
                return NW_NO_TIME; /* no field of a date has more digits */
            if (nd <= 2 && p[nd] == '.' && isdigit((unsigned char)p[nd + 1]) && y < 0 && mo < 0 && d < 0) {
                /* "15.11.2010": day, month, year */
                const char *q = p;
                int dd = 0, mm = 0, yy = 0;
                digits(&q, nd, &dd);
                q++;
                int n2 = count_digits(q);
                if (n2 > 2)
                    return NW_NO_TIME;
                digits(&q, n2, &mm);
                if (*q++ != '.' || count_digits(q) != 4)
                    return NW_NO_TIME;
                digits(&q, 4, &yy);
                d = dd;
                mo = mm;
                y = yy;
                p = q;
                continue;
            }
            if (nd == 4 && (p[4] == '/' || p[4] == '.') && isdigit((unsigned char)p[5]) && y < 0 && mo < 0) {
                /* "2006/09/15", as Perforce writes dates, and "2006.09.15" */
                const char *q = p;
                int yy = 0, mm = 0, dd = 0;
                char sep = p[4];
                digits(&q, 4, &yy);
                q++;
                int n2 = count_digits(q);
                if (n2 < 1 || n2 > 2)
                    return NW_NO_TIME;
                digits(&q, n2, &mm);
                if (*q++ != sep)
                    return NW_NO_TIME;
                int n3 = count_digits(q);
                if (n3 < 1 || n3 > 2)
                    return NW_NO_TIME;
                digits(&q, n3, &dd);
                y = yy;
                mo = mm;
                d = dd;
                p = q;
                continue;
            }
            digits(&p, nd, &v);
            if (nd <= 2 && d < 0 && (mo < 0 || y < 0 || nd == 1 || v <= 31) && !(y < 0 && mo > 0 && d >= 0)) {
                d = v;
            } else if (y < 0 && (nd == 4 || nd == 2)) {
                y = fix_year(v, nd);
            } else {
                return NW_NO_TIME;
            }
            continue;
        }
        return NW_NO_TIME;
    }
    if (y < 0 || mo < 0 || d < 0)
        return NW_NO_TIME;
    /* a day without a time of day is that calendar day, whatever zone */
    *day = !have_clock;
    return make_time(y, mo, d, h, mi, s, *day ? 0 : off);
}

/* Greek month and weekday abbreviations as RFC 822 dates of Greek feeds
 * write them ("Τετ, 05 Φεβ 2020"): months become their English ones,
 * weekdays go (they add nothing). Capitalised and upper-case forms, with
 * and without the accents some feeds put on them. */
static const struct {
    const char *greek, *latin;
} greek_words[] = {
    {"\xce\x99\xce\xb1\xce\xbd", "Jan"}, {"\xce\xa6\xce\xb5\xce\xb2", "Feb"},
    {"\xce\x9c\xce\xb1\xcf\x81", "Mar"}, {"\xce\x9c\xce\xac\xcf\x81", "Mar"},
    {"\xce\x91\xcf\x80\xcf\x81", "Apr"}, {"\xce\x9c\xce\xb1\xce\x90", "May"},
    {"\xce\x9c\xce\xb1\xcf\x8a", "May"}, {"\xce\x9c\xce\xac\xce\xb9", "May"},
    {"\xce\x99\xce\xbf\xcf\x85\xce\xbd", "Jun"}, {"\xce\x99\xce\xbf\xcf\x85\xce\xbb", "Jul"},
    {"\xce\x91\xcf\x85\xce\xb3", "Aug"}, {"\xce\xa3\xce\xb5\xcf\x80", "Sep"},
    {"\xce\x9f\xce\xba\xcf\x84", "Oct"}, {"\xce\x9d\xce\xbf\xce\xb5", "Nov"},
    {"\xce\x94\xce\xb5\xce\xba", "Dec"},
    /* with their accents, and two short forms of June and July */
    {"\xce\x99\xce\xbf\xcf\x8d\xce\xbd", "Jun"}, {"\xce\x99\xce\xbf\xcf\x8d\xce\xbb", "Jul"},
    {"\xce\x91\xcf\x8d\xce\xb3", "Aug"}, {"\xce\x9d\xce\xbf\xce\xad", "Nov"},
    {"\xce\x99\xce\xbf\xce\xbd", "Jun"}, {"\xce\x99\xce\xbf\xce\xbb", "Jul"},
    {"\xce\xa4\xcf\x81\xce\xaf", ""},
    {"\xce\x99\xce\x91\xce\x9d", "Jan"}, {"\xce\xa6\xce\x95\xce\x92", "Feb"},
    {"\xce\x9c\xce\x91\xce\xa1", "Mar"}, {"\xce\x91\xce\xa0\xce\xa1", "Apr"},
    {"\xce\x9c\xce\x91\xce\xaa", "May"}, {"\xce\x99\xce\x9f\xce\xa5\xce\x9d", "Jun"},
    {"\xce\x99\xce\x9f\xce\xa5\xce\x9b", "Jul"}, {"\xce\x91\xce\xa5\xce\x93", "Aug"},
    {"\xce\xa3\xce\x95\xce\xa0", "Sep"}, {"\xce\x9f\xce\x9a\xce\xa4", "Oct"},
    {"\xce\x9d\xce\x9f\xce\x95", "Nov"}, {"\xce\x94\xce\x95\xce\x9a", "Dec"},
    {"\xce\x94\xce\xb5\xcf\x85", ""}, {"\xce\xa4\xcf\x81\xce\xb9", ""}, {"\xce\xa4\xce\xb5\xcf\x84", ""},
    {"\xce\xa0\xce\xb5\xce\xbc", ""}, {"\xce\xa0\xce\xad\xce\xbc", ""}, {"\xce\xa0\xce\xb1\xcf\x81", ""},
    {"\xce\xa3\xce\xb1\xce\xb2", ""}, {"\xce\xa3\xce\xac\xce\xb2", ""}, {"\xce\x9a\xcf\x85\xcf\x81", ""},
    {"\xce\x94\xce\x95\xce\xa5", ""}, {"\xce\xa4\xce\xa1\xce\x99", ""}, {"\xce\xa4\xce\x95\xce\xa4", ""},
    {"\xce\xa0\xce\x95\xce\x9c", ""}, {"\xce\xa0\xce\x91\xce\xa1", ""}, {"\xce\xa3\xce\x91\xce\x92", ""},
    {"\xce\x9a\xce\xa5\xce\xa1", ""},
};

/* The date with its Greek words made English (into out), or false when
 * it has none. Each word is a run of Greek letters (lead bytes CE/CF)
 * starting with one of the forms above; the rest of the run is dropped. */
static bool degreek(const char *s, char *out, size_t size)
{
    if (!strchr(s, '\xce') && !strchr(s, '\xcf'))
        return false;
    size_t o = 0;
    for (const char *p = s; *p;) {
        unsigned char c = (unsigned char)*p;
        if ((c == 0xCE || c == 0xCF) && p[1]) {
            const char *end = p;
            while (((unsigned char)*end == 0xCE || (unsigned char)*end == 0xCF) && end[1])
                end += 2;
            const char *latin = NULL;
            for (size_t i = 0; i < sizeof greek_words / sizeof *greek_words && !latin; i++) {
                size_t gl = strlen(greek_words[i].greek);
                if (gl <= (size_t)(end - p) && !memcmp(p, greek_words[i].greek, gl))
                    latin = greek_words[i].latin;
            }
            if (!latin)
                return false;
            size_t ll = strlen(latin);
            if (o + ll + 1 >= size)
                return false;
            memcpy(out + o, latin, ll);
            o += ll;
            p = end;
            if (!ll) /* a weekday: its comma goes with it */
                while (*p == ',' || *p == '.')
                    p++;
            continue;
        }
        if (o + 2 >= size)
            return false;
        out[o++] = *p++;
    }
    out[o] = '\0';
    return true;
}

/* Korean dates as Korean blogs write them ("2004년 05월 28일 01:31:15",
 * "2004-05-25 오후 11:23:17": 년 year, 월 month, 일 day, 오전 a.m., 오후
 * p.m.), in Korea's time, as ISO 8601 (into out); false when s has none
 * of those words or is not such a date. */
static bool dekorean(const char *s, char *out, size_t size)
{
    static const char *const words[] = {"\xEB\x85\x84", "\xEC\x9B\x94", "\xEC\x9D\xBC"};
    static const char am[] = "\xEC\x98\xA4\xEC\xA0\x84", pm[] = "\xEC\x98\xA4\xED\x9B\x84";
    bool is_pm = strstr(s, pm) != NULL, is_am = strstr(s, am) != NULL, korean = is_pm || is_am;
    for (size_t i = 0; i < 3; i++)
        korean |= strstr(s, words[i]) != NULL;
    if (!korean)
        return false;
    int v[6] = {0}, n = 0;
    for (const char *p = s; *p && n < 6;) {
        if (!isdigit((unsigned char)*p)) {
            p++;
            continue;
        }
        int nd = count_digits(p);
        if ((n == 0 && nd != 4) || (n > 0 && nd > 2))
            return false;
        digits(&p, nd, &v[n++]);
    }
    if (n != 3 && n != 5 && n != 6)
        return false;
    if (n == 3)
        return snprintf(out, size, "%04d-%02d-%02d", v[0], v[1], v[2]) < (int)size;
    if ((is_am || is_pm) && (v[3] < 1 || v[3] > 12))
        return false;
    int h = is_pm ? v[3] % 12 + 12 : is_am ? v[3] % 12 : v[3];
    return snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", v[0], v[1], v[2], h, v[4], v[5]) < (int)size;
}

int64_t date_parse(const char *s)
{
    if (!s)
        return NW_NO_TIME;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    if (n == 0 || n > 80)
        return NW_NO_TIME;
    char tmp[96];
    memcpy(tmp, s, n + 1);
    while (n && isspace((unsigned char)tmp[n - 1]))
        tmp[--n] = '\0';
    bool day = false;
    int64_t t = NW_NO_TIME;
    char ko[40];
    if (dekorean(tmp, ko, sizeof ko)) {
        t = parse_iso(ko, &day);
        return t != NW_NO_TIME && day ? nw_day(t) : t;
    }
    if (isdigit((unsigned char)tmp[0]) || (tmp[0] == '-' && isdigit((unsigned char)tmp[1])))
        t = parse_iso(tmp, &day);
    if (t == NW_NO_TIME) {
        char en[96];
        day = false;
        t = degreek(tmp, en, sizeof en) ? parse_loose(en, &day) : parse_loose(tmp, &day);
    }
    return t != NW_NO_TIME && day ? nw_day(t) : t;
}

struct month_name {
    const char *name; /* lower case, UTF-8 */
    int month;
};

/* one language a line or two */
/* clang-format off */
static const struct month_name month_names[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6}, {"july", 7},
    {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
    {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sep", 9}, {"sept", 9},
    {"oct", 10}, {"nov", 11}, {"dec", 12},
    {"janvier", 1}, {"f\xc3\xa9vrier", 2}, {"mars", 3}, {"avril", 4}, {"mai", 5}, {"juin", 6}, {"juillet", 7},
    {"ao\xc3\xbbt", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11}, {"d\xc3\xa9\x63\x65mbre", 12},
    {"januar", 1}, {"februar", 2}, {"m\xc3\xa4rz", 3}, {"juni", 6}, {"juli", 7}, {"oktober", 10}, {"dezember", 12},
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6}, {"julio", 7},
    {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10}, {"noviembre", 11}, {"diciembre", 12},
    {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6}, {"luglio", 7},
    {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12},
    {"janeiro", 1}, {"fevereiro", 2}, {"mar\xc3\xa7o", 3}, {"maio", 5}, {"junho", 6}, {"julho", 7},
    {"setembro", 9}, {"outubro", 10}, {"novembro", 11}, {"dezembro", 12},
    {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mei", 5}, {"augustus", 8},
    {"janu\xc3\xa1r", 1}, {"febru\xc3\xa1r", 2}, {"m\xc3\xa1rcius", 3}, {"\xc3\xa1prilis", 4},
    {"m\xc3\xa1jus", 5}, {"j\xc3\xbanius", 6}, {"j\xc3\xbalius", 7}, {"augusztus", 8}, {"szeptember", 9},
    {"okt\xc3\xb3\x62\x65r", 10},
    /* Scandinavian */
    {"augusti", 8}, {"maj", 5}, {"marts", 3}, {"desember", 12},
    /* Indonesian and Malay */
    {"maret", 3}, {"agustus", 8},
    /* Romanian */
    {"ianuarie", 1}, {"februarie", 2}, {"martie", 3}, {"aprilie", 4}, {"iunie", 6}, {"iulie", 7},
    {"septembrie", 9}, {"octombrie", 10}, {"noiembrie", 11}, {"decembrie", 12},
    /* Turkish (a capital beyond ASCII written too) */
    {"ocak", 1}, {"\xc5\x9f\x75\x62\x61t", 2}, {"\xc5\x9e\x75\x62\x61t", 2}, {"mart", 3}, {"nisan", 4},
    {"may\xc4\xb1s", 5}, {"haziran", 6}, {"temmuz", 7}, {"a\xc4\x9fustos", 8}, {"eyl\xc3\xbcl", 9},
    {"ekim", 10}, {"kas\xc4\xb1m", 11}, {"aral\xc4\xb1k", 12},
    /* Polish, Czech and Finnish, as dates write them (genitive, partitive) */
    {"stycznia", 1}, {"lutego", 2}, {"marca", 3}, {"kwietnia", 4}, {"maja", 5}, {"czerwca", 6},
    {"lipca", 7}, {"sierpnia", 8}, {"wrze\xc5\x9bnia", 9}, {"pa\xc5\xba\x64ziernika", 10}, {"listopada", 11},
    {"grudnia", 12},
    {"ledna", 1}, {"\xc3\xbanora", 2}, {"b\xc5\x99\x65zna", 3}, {"dubna", 4}, {"kv\xc4\x9btna", 5},
    {"\xc4\x8d\x65rvna", 6}, {"\xc4\x8d\x65rvence", 7}, {"srpna", 8}, {"z\xc3\xa1\xc5\x99\xc3\xad", 9},
    {"\xc5\x99\xc3\xadjna", 10}, {"listopadu", 11}, {"prosince", 12},
    {"tammikuuta", 1}, {"helmikuuta", 2}, {"maaliskuuta", 3}, {"huhtikuuta", 4}, {"toukokuuta", 5},
    {"kes\xc3\xa4kuuta", 6}, {"hein\xc3\xa4kuuta", 7}, {"elokuuta", 8}, {"syyskuuta", 9}, {"lokakuuta", 10},
    {"marraskuuta", 11}, {"joulukuuta", 12},
    /* Russian and Ukrainian (genitive, as dates write them, and the
     * month's own name) */
    {"\xd1\x8f\xd0\xbd\xd0\xb2\xd0\xb0\xd1\x80\xd1\x8f", 1},
    {"\xd1\x84\xd0\xb5\xd0\xb2\xd1\x80\xd0\xb0\xd0\xbb\xd1\x8f", 2},
    {"\xd0\xbc\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0", 3},
    {"\xd0\xb0\xd0\xbf\xd1\x80\xd0\xb5\xd0\xbb\xd1\x8f", 4},
    {"\xd0\xbc\xd0\xb0\xd1\x8f", 5},
    {"\xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8f", 6},
    {"\xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8f", 7},
    {"\xd0\xb0\xd0\xb2\xd0\xb3\xd1\x83\xd1\x81\xd1\x82\xd0\xb0", 8},
    {"\xd1\x81\xd0\xb5\xd0\xbd\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 9},
    {"\xd0\xbe\xd0\xba\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 10},
    {"\xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f", 11},
    {"\xd0\xb4\xd0\xb5\xd0\xba\xd0\xb0\xd0\xb1\xd1\x80\xd1\x8f", 12},
    {"\xd1\x8f\xd0\xbd\xd0\xb2\xd0\xb0\xd1\x80\xd1\x8c", 1},
    {"\xd1\x84\xd0\xb5\xd0\xb2\xd1\x80\xd0\xb0\xd0\xbb\xd1\x8c", 2},
    {"\xd0\xbc\xd0\xb0\xd1\x80\xd1\x82", 3},
    {"\xd0\xb0\xd0\xbf\xd1\x80\xd0\xb5\xd0\xbb\xd1\x8c", 4},
    {"\xd0\xbc\xd0\xb0\xd0\xb9", 5},
    {"\xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8c", 6},
    {"\xd0\xb8\xd1\x8e\xd0\xbb\xd1\x8c", 7},
    {"\xd0\xb0\xd0\xb2\xd0\xb3\xd1\x83\xd1\x81\xd1\x82", 8},
    {"\xd1\x81\xd0\xb5\xd0\xbd\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8c", 9},
    {"\xd0\xbe\xd0\xba\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8c", 10},
    {"\xd0\xbd\xd0\xbe\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8c", 11},
    {"\xd0\xb4\xd0\xb5\xd0\xba\xd0\xb0\xd0\xb1\xd1\x80\xd1\x8c", 12},
    {"\xd1\x81\xd1\x96\xd1\x87\xd0\xbd\xd1\x8f", 1},
    {"\xd0\xbb\xd1\x8e\xd1\x82\xd0\xbe\xd0\xb3\xd0\xbe", 2},
    {"\xd0\xb1\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb7\xd0\xbd\xd1\x8f", 3},
    {"\xd0\xba\xd0\xb2\xd1\x96\xd1\x82\xd0\xbd\xd1\x8f", 4},
    {"\xd1\x82\xd1\x80\xd0\xb0\xd0\xb2\xd0\xbd\xd1\x8f", 5},
    {"\xd1\x87\xd0\xb5\xd1\x80\xd0\xb2\xd0\xbd\xd1\x8f", 6},
    {"\xd0\xbb\xd0\xb8\xd0\xbf\xd0\xbd\xd1\x8f", 7},
    {"\xd1\x81\xd0\xb5\xd1\x80\xd0\xbf\xd0\xbd\xd1\x8f", 8},
    {"\xd0\xb2\xd0\xb5\xd1\x80\xd0\xb5\xd1\x81\xd0\xbd\xd1\x8f", 9},
    {"\xd0\xb6\xd0\xbe\xd0\xb2\xd1\x82\xd0\xbd\xd1\x8f", 10},
    {"\xd0\xbb\xd0\xb8\xd1\x81\xd1\x82\xd0\xbe\xd0\xbf\xd0\xb0\xd0\xb4\xd0\xb0", 11},
    {"\xd0\xb3\xd1\x80\xd1\x83\xd0\xb4\xd0\xbd\xd1\x8f", 12},
    /* Greek, as dates write them (genitive), capitalised and not */
    {"\xce\x99\xce\xb1\xce\xbd\xce\xbf\xcf\x85\xce\xb1\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 1}, /* Ιανουαρίου */
    {"\xce\xb9\xce\xb1\xce\xbd\xce\xbf\xcf\x85\xce\xb1\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 1},
    {"\xce\xa6\xce\xb5\xce\xb2\xcf\x81\xce\xbf\xcf\x85\xce\xb1\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 2}, /* Φεβρουαρίου */
    {"\xcf\x86\xce\xb5\xce\xb2\xcf\x81\xce\xbf\xcf\x85\xce\xb1\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 2},
    {"\xce\x9c\xce\xb1\xcf\x81\xcf\x84\xce\xaf\xce\xbf\xcf\x85", 3}, /* Μαρτίου */
    {"\xce\xbc\xce\xb1\xcf\x81\xcf\x84\xce\xaf\xce\xbf\xcf\x85", 3},
    {"\xce\x91\xcf\x80\xcf\x81\xce\xb9\xce\xbb\xce\xaf\xce\xbf\xcf\x85", 4}, /* Απριλίου */
    {"\xce\xb1\xcf\x80\xcf\x81\xce\xb9\xce\xbb\xce\xaf\xce\xbf\xcf\x85", 4},
    {"\xce\x9c\xce\xb1\xce\x90\xce\xbf\xcf\x85", 5}, /* Μαΐου */
    {"\xce\xbc\xce\xb1\xce\x90\xce\xbf\xcf\x85", 5},
    {"\xce\x99\xce\xbf\xcf\x85\xce\xbd\xce\xaf\xce\xbf\xcf\x85", 6}, /* Ιουνίου */
    {"\xce\xb9\xce\xbf\xcf\x85\xce\xbd\xce\xaf\xce\xbf\xcf\x85", 6},
    {"\xce\x99\xce\xbf\xcf\x85\xce\xbb\xce\xaf\xce\xbf\xcf\x85", 7}, /* Ιουλίου */
    {"\xce\xb9\xce\xbf\xcf\x85\xce\xbb\xce\xaf\xce\xbf\xcf\x85", 7},
    {"\xce\x91\xcf\x85\xce\xb3\xce\xbf\xcf\x8d\xcf\x83\xcf\x84\xce\xbf\xcf\x85", 8}, /* Αυγούστου */
    {"\xce\xb1\xcf\x85\xce\xb3\xce\xbf\xcf\x8d\xcf\x83\xcf\x84\xce\xbf\xcf\x85", 8},
    {"\xce\xa3\xce\xb5\xcf\x80\xcf\x84\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 9}, /* Σεπτεμβρίου */
    {"\xcf\x83\xce\xb5\xcf\x80\xcf\x84\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 9},
    {"\xce\x9f\xce\xba\xcf\x84\xcf\x89\xce\xb2\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 10}, /* Οκτωβρίου */
    {"\xce\xbf\xce\xba\xcf\x84\xcf\x89\xce\xb2\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 10},
    {"\xce\x9d\xce\xbf\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 11}, /* Νοεμβρίου */
    {"\xce\xbd\xce\xbf\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 11},
    {"\xce\x94\xce\xb5\xce\xba\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 12}, /* Δεκεμβρίου */
    {"\xce\xb4\xce\xb5\xce\xba\xce\xb5\xce\xbc\xce\xb2\xcf\x81\xce\xaf\xce\xbf\xcf\x85", 12},
    /* Arabic: the months' names of Egypt and the Gulf, and the one-word
     * names of the Levant's */
    {"\xd9\x8a\xd9\x86\xd8\xa7\xd9\x8a\xd8\xb1", 1},
    {"\xd9\x81\xd8\xa8\xd8\xb1\xd8\xa7\xd9\x8a\xd8\xb1", 2},
    {"\xd9\x85\xd8\xa7\xd8\xb1\xd8\xb3", 3},
    {"\xd8\xa3\xd8\xa8\xd8\xb1\xd9\x8a\xd9\x84", 4},
    {"\xd9\x85\xd8\xa7\xd9\x8a\xd9\x88", 5},
    {"\xd9\x8a\xd9\x88\xd9\x86\xd9\x8a\xd9\x88", 6},
    {"\xd9\x8a\xd9\x88\xd9\x84\xd9\x8a\xd9\x88", 7},
    {"\xd8\xa3\xd8\xba\xd8\xb3\xd8\xb7\xd8\xb3", 8},
    {"\xd8\xb3\xd8\xa8\xd8\xaa\xd9\x85\xd8\xa8\xd8\xb1", 9},
    {"\xd8\xa3\xd9\x83\xd8\xaa\xd9\x88\xd8\xa8\xd8\xb1", 10},
    {"\xd9\x86\xd9\x88\xd9\x81\xd9\x85\xd8\xa8\xd8\xb1", 11},
    {"\xd8\xaf\xd9\x8a\xd8\xb3\xd9\x85\xd8\xa8\xd8\xb1", 12},
    {"\xd8\xb4\xd8\xa8\xd8\xa7\xd8\xb7", 2},
    {"\xd8\xa2\xd8\xb0\xd8\xa7\xd8\xb1", 3},
    {"\xd9\x86\xd9\x8a\xd8\xb3\xd8\xa7\xd9\x86", 4},
    {"\xd8\xa3\xd9\x8a\xd8\xa7\xd8\xb1", 5},
    {"\xd8\xad\xd8\xb2\xd9\x8a\xd8\xb1\xd8\xa7\xd9\x86", 6},
    {"\xd8\xaa\xd9\x85\xd9\x88\xd8\xb2", 7},
    {"\xd8\xa2\xd8\xa8", 8},
    {"\xd8\xa3\xd9\x8a\xd9\x84\xd9\x88\xd9\x84", 9},
    /* Croatian and Bosnian, genitive and nominative ("listopad", October,
     * is Polish and Czech November: left to them) */
    {"sije\xc4\x8dnja", 1}, {"sije\xc4\x8d\x61nj", 1}, {"velja\xc4\x8d\x65", 2}, {"velja\xc4\x8d\x61", 2},
    {"o\xc5\xbeujka", 3}, {"o\xc5\xbeujak", 3}, {"travnja", 4}, {"travanj", 4}, {"svibnja", 5}, {"svibanj", 5},
    {"lipnja", 6}, {"lipanj", 6}, {"srpnja", 7}, {"srpanj", 7}, {"kolovoza", 8}, {"kolovoz", 8}, {"rujna", 9},
    {"rujan", 9}, {"studenoga", 11}, {"studenog", 11}, {"studeni", 11}, {"prosinca", 12}, {"prosinac", 12},
    /* Serbian, Bosnian and Slovenian in Latin letters */
    {"avgust", 8}, {"septembar", 9}, {"oktobar", 10}, {"novembar", 11}, {"decembar", 12}, {"marec", 3}, {"junij", 6},
    {"julij", 7}, {"januara", 1}, {"februara", 2}, {"marta", 3}, {"aprila", 4}, {"juna", 6}, {"jula", 7},
    {"avgusta", 8}, {"septembra", 9}, {"oktobra", 10}, {"novembra", 11}, {"decembra", 12},
    /* Slovak (genitive) */
    {"janu\xc3\xa1ra", 1}, {"febru\xc3\xa1ra", 2}, {"apr\xc3\xadla", 4}, {"m\xc3\xa1ja", 5}, {"j\xc3\xbana", 6},
    {"j\xc3\xbala", 7}, {"augusta", 8}, {"okt\xc3\xb3\x62ra", 10},
    /* Serbian and Macedonian in Cyrillic, and Bulgarian */
    {"\xd1\x98\xd0\xb0\xd0\xbd\xd1\x83\xd0\xb0\xd1\x80", 1},
    {"\xd1\x84\xd0\xb5\xd0\xb1\xd1\x80\xd1\x83\xd0\xb0\xd1\x80", 2}, {"\xd0\xb0\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbb", 4},
    {"\xd0\xbc\xd0\xb0\xd1\x98", 5}, {"\xd1\x98\xd1\x83\xd0\xbd", 6}, {"\xd1\x98\xd1\x83\xd0\xbb", 7},
    {"\xd1\x81\xd0\xb5\xd0\xbf\xd1\x82\xd0\xb5\xd0\xbc\xd0\xb1\xd0\xb0\xd1\x80", 9},
    {"\xd0\xbe\xd0\xba\xd1\x82\xd0\xbe\xd0\xb1\xd0\xb0\xd1\x80", 10},
    {"\xd0\xbd\xd0\xbe\xd0\xb2\xd0\xb5\xd0\xbc\xd0\xb1\xd0\xb0\xd1\x80", 11},
    {"\xd0\xb4\xd0\xb5\xd1\x86\xd0\xb5\xd0\xbc\xd0\xb1\xd0\xb0\xd1\x80", 12},
    {"\xd1\x98\xd0\xb0\xd0\xbd\xd1\x83\xd0\xb0\xd1\x80\xd0\xb8", 1},
    {"\xd1\x84\xd0\xb5\xd0\xb2\xd1\x80\xd1\x83\xd0\xb0\xd1\x80\xd0\xb8", 2}, {"\xd1\x98\xd1\x83\xd0\xbd\xd0\xb8", 6},
    {"\xd1\x98\xd1\x83\xd0\xbb\xd0\xb8", 7},
    {"\xd1\x81\xd0\xb5\xd0\xbf\xd1\x82\xd0\xb5\xd0\xbc\xd0\xb2\xd1\x80\xd0\xb8", 9},
    {"\xd0\xbe\xd0\xba\xd1\x82\xd0\xbe\xd0\xbc\xd0\xb2\xd1\x80\xd0\xb8", 10},
    {"\xd0\xbd\xd0\xbe\xd0\xb5\xd0\xbc\xd0\xb2\xd1\x80\xd0\xb8", 11},
    {"\xd0\xb4\xd0\xb5\xd0\xba\xd0\xb5\xd0\xbc\xd0\xb2\xd1\x80\xd0\xb8", 12},
    {"\xd1\x8f\xd0\xbd\xd1\x83\xd0\xb0\xd1\x80\xd0\xb8", 1}, {"\xd1\x8e\xd0\xbd\xd0\xb8", 6},
    {"\xd1\x8e\xd0\xbb\xd0\xb8", 7},
    /* Estonian, Latvian (and its locative, as dates write it) and Lithuanian
     * (genitive) */
    {"jaanuar", 1}, {"veebruar", 2}, {"m\xc3\xa4rts", 3}, {"aprill", 4}, {"juuni", 6}, {"juuli", 7}, {"oktoober", 10},
    {"detsember", 12}, {"janv\xc4\x81ris", 1}, {"febru\xc4\x81ris", 2}, {"apr\xc4\xablis", 4}, {"maijs", 5},
    {"j\xc5\xabnijs", 6}, {"j\xc5\xablijs", 7}, {"augusts", 8}, {"septembris", 9}, {"oktobris", 10},
    {"novembris", 11}, {"decembris", 12}, {"janv\xc4\x81r\xc4\xab", 1}, {"febru\xc4\x81r\xc4\xab", 2},
    {"mart\xc4\x81", 3}, {"apr\xc4\xabl\xc4\xab", 4}, {"maij\xc4\x81", 5}, {"j\xc5\xabnij\xc4\x81", 6},
    {"j\xc5\xablij\xc4\x81", 7}, {"august\xc4\x81", 8}, {"septembr\xc4\xab", 9}, {"oktobr\xc4\xab", 10},
    {"novembr\xc4\xab", 11}, {"decembr\xc4\xab", 12}, {"sausio", 1}, {"vasario", 2}, {"kovo", 3},
    {"baland\xc5\xbeio", 4}, {"gegu\xc5\xbe\xc4\x97s", 5}, {"bir\xc5\xbe\x65lio", 6}, {"liepos", 7},
    {"rugpj\xc5\xab\xc4\x8dio", 8}, {"rugs\xc4\x97jo", 9}, {"spalio", 10}, {"lapkri\xc4\x8dio", 11},
    {"gruod\xc5\xbeio", 12},
    /* Catalan, Albanian and Filipino */
    {"gener", 1}, {"febrer", 2}, {"mar\xc3\xa7", 3}, {"maig", 5}, {"juny", 6}, {"juliol", 7}, {"agost", 8},
    {"setembre", 9}, {"desembre", 12}, {"janar", 1}, {"shkurt", 2}, {"prill", 4}, {"qershor", 6}, {"korrik", 7},
    {"gusht", 8}, {"shtator", 9}, {"tetor", 10}, {"n\xc3\xabntor", 11}, {"dhjetor", 12}, {"pebrero", 2}, {"marso", 3},
    {"hunyo", 6}, {"hulyo", 7}, {"setyembre", 9}, {"oktubre", 10}, {"nobyembre", 11}, {"disyembre", 12},
};
/* clang-format on */

static int month_of(const char *w, size_t n)
{
    char low[32];
    if (n < 3 || n >= sizeof low)
        return 0; /* "may", "mai" and "mei" are the shortest */
    /* lower case: ASCII, and the capitals of Cyrillic's first two rows
     * ("Марта" as a sentence's first word) */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        low[i] = (char)tolower(c);
        if (c == 0xD0 && i + 1 < n && (unsigned char)w[i + 1] >= 0x90 && (unsigned char)w[i + 1] <= 0xAF) {
            unsigned char l = (unsigned char)(w[i + 1] + 0x20); /* А-Я: а-п in D0, р-я in D1 */
            low[i] = (char)(l >= 0xC0 ? 0xD1 : 0xD0);
            low[++i] = (char)(l >= 0xC0 ? l - 0x40 : l);
        }
    }
    low[n] = '\0';
    if (n > 1 && low[n - 1] == '.')
        low[--n] = '\0';
    for (size_t i = 0; i < sizeof month_names / sizeof *month_names; i++)
        if (month_names[i].name[0] == low[0] && !strcmp(low, month_names[i].name))
            return month_names[i].month;
    return 0;
}

int date_month_name(const char *w, size_t n)
{
    return month_of(w, n);
}

struct text_token {
    const char *p;
    size_t n;
    bool num;
};

/* Whether a word is a meridiem ("pm", "p.m.", "PM"): 1 a.m., 2 p.m., 0
 * neither. */
static int meridiem(const char *p, size_t n)
{
    char w[8];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof w - 1; i++)
        if (p[i] != '.')
            w[k++] = (char)tolower((unsigned char)p[i]);
    w[k] = '\0';
    if (n > 5 || k != 2 || w[1] != 'm')
        return 0;
    return w[0] == 'a' ? 1 : w[0] == 'p' ? 2 : 0;
}

/* Whether US daylight saving time is in force at local hour h of a day:
 * from the second Sunday of March to the first Sunday of November, 2 a.m.
 * (the rule since 2007). */
static bool us_summer(int y, int mo, int d, int h)
{
    if (mo < 3 || mo > 11)
        return false;
    if (mo > 3 && mo < 11)
        return true;
    /* the weekday of the month's first day (0 Sunday), then its Sundays */
    int64_t first = nw_timegm(y, mo, 1, 0, 0, 0) / 86400;
    int wd = (int)((first % 7 + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    int sunday = 1 + (7 - wd) % 7;
    if (mo == 3)
        return d > sunday + 7 || (d == sunday + 7 && h >= 2);
    return d < sunday || (d == sunday && h < 2);
}

/* The zone a word after a clock names: one of the zone names of feeds
 * (two letters or more), "GMT+1", "UTC-05:00", or an offset ("+0100");
 * the US's "ET", "CT", "MT" and "PT" as standard or summer time by the
 * day. False when the word is none of those. */
static bool text_zone(const char *p, size_t n, int y, int mo, int d, int h, int *off)
{
    while (n && (p[n - 1] == '.' || p[n - 1] == ':'))
        n--;
    char z[16];
    if (n < 2 || n >= sizeof z)
        return false;
    memcpy(z, p, n);
    z[n] = '\0';
    if (z[0] == '+' || z[0] == '-') {
        int hh = 0, mm = 0;
        size_t nd = strspn(z + 1, "0123456789");
        if (nd == 4 && !z[5])
            hh = (z[1] - '0') * 10 + (z[2] - '0'), mm = (z[3] - '0') * 10 + (z[4] - '0');
        else if (nd == 2 && z[3] == ':' && strlen(z) == 6)
            hh = (z[1] - '0') * 10 + (z[2] - '0'), mm = (z[4] - '0') * 10 + (z[5] - '0');
        else
            return false;
        if (hh > 14 || mm > 59)
            return false;
        *off = (z[0] == '-' ? -1 : 1) * (hh * 60 + mm);
        return true;
    }
    size_t letters = 0;
    while (letters < n && isupper((unsigned char)z[letters]))
        letters++;
    if (letters < 2)
        return false;
    if (letters == 2 && !z[2] && z[1] == 'T' && strchr("ECMP", z[0])) {
        static const char names[] = "ECMP";
        int std = -300 - 60 * (int)(strchr(names, z[0]) - names);
        *off = std + (us_summer(y, mo, d, h) ? 60 : 0);
        return true;
    }
    bool known = false;
    for (size_t i = 0; i < sizeof zones / sizeof *zones && !known; i++)
        known = strlen(zones[i].name) == letters && !strncmp(zones[i].name, z, letters);
    return known && parse_zone(z, off);
}

/* An optional clock right after the date: "HH:MM" or "HHhMM" ("10h30"), or
 * "HH.MM" when a meridiem or a zone follows ("10.00 GMT"); then a
 * meridiem ("10:30 p.m.", "10:30pm") and a zone ("EST", "GMT+1",
 * "+0100"), each when there. *zoned says whether a zone was read (into
 * *off, minutes east of UTC). */
static void clock_after(const struct text_token *t, size_t i, size_t nt, int y, int mo, int d, int *h, int *mi,
                        int *off, bool *zoned)
{
    for (size_t k = i; k < nt && k < i + 3; k++) {
        const char *p = t[k].p;
        int hh, mm, used = 0;
        char sep;
        if (!isdigit((unsigned char)p[0]) || sscanf(p, "%2d%c%2d%n", &hh, &sep, &mm, &used) != 3 ||
            (sep != ':' && sep != 'h' && sep != '.') || hh > 23 || mm > 59 || !isdigit((unsigned char)p[used - 1]))
            continue;
        /* seconds, when written, are left aside */
        if (sep == ':' && p[used] == ':' && isdigit((unsigned char)p[used + 1]))
            used += 1 + (int)strspn(p + used + 1, "0123456789");
        size_t j = k + 1;
        int m = (size_t)used < t[k].n ? meridiem(p + used, t[k].n - (size_t)used) : 0;
        if ((size_t)used < t[k].n && !m && sep == '.')
            continue;
        if (!m && (size_t)used == t[k].n && j < nt && (m = meridiem(t[j].p, t[j].n)))
            j++;
        if (m && (hh < 1 || hh > 12))
            m = 0;
        if (!m && j < nt && t[j].n == 3 && !strncasecmp(t[j].p, "uhr", 3))
            j++; /* "10:00 Uhr MEZ" */
        int h24 = m == 2 ? hh % 12 + 12 : m == 1 ? hh % 12 : hh;
        *zoned = j < nt && text_zone(t[j].p, t[j].n, y, mo, d, h24, off);
        if (sep == '.' && !m && !*zoned)
            continue; /* "10.00" alone may be any number */
        *h = h24;
        *mi = mm;
        return;
    }
}

/* A clock just before a date that starts at token i, as some sites write
 * it ("3:04 PM EST, Tue March 5, 2024"): "HH:MM", a meridiem when there
 * and a zone, then a weekday when there, then the date; nothing else
 * between. */
static bool clock_before(const struct text_token *t, size_t i, int y, int mo, int d, int *h, int *mi, int *off,
                         bool *zoned)
{
    size_t e = i; /* the clock's tokens end here */
    if (e > 0 && t[e - 1].n >= 3 && !t[e - 1].num) {
        unsigned k = ascii_key3(t[e - 1].p);
        for (int w = 0; w < 7; w++)
            if (k == day_keys[w]) {
                e--;
                break;
            }
    }
    for (size_t st = e >= 3 ? e - 3 : 0; st < e; st++) {
        const char *p = t[st].p;
        int hh, mm, used = 0;
        char sep;
        if (!t[st].num || sscanf(p, "%2d%c%2d%n", &hh, &sep, &mm, &used) != 3 || sep != ':' || hh > 23 || mm > 59 ||
            !isdigit((unsigned char)p[used - 1]))
            continue;
        if (p[used] == ':' && isdigit((unsigned char)p[used + 1]))
            used += 1 + (int)strspn(p + used + 1, "0123456789");
        size_t j = st + 1;
        int m = (size_t)used < t[st].n ? meridiem(p + used, t[st].n - (size_t)used) : 0;
        if ((size_t)used < t[st].n && !m)
            continue;
        if (!m && j < e && (m = meridiem(t[j].p, t[j].n)))
            j++;
        if (m && (hh < 1 || hh > 12))
            continue;
        int h24 = m == 2 ? hh % 12 + 12 : m == 1 ? hh % 12 : hh;
        /* with its zone only: a local clock before a date is as often a
         * time of day of no zone the page says (the day is surer) */
        if (j >= e || !text_zone(t[j].p, t[j].n, y, mo, d, h24, off) || j + 1 != e)
            continue;
        *h = h24;
        *mi = mm;
        *zoned = true;
        return true;
    }
    return false;
}

/* A date found in text that starts at token i0, with the clock after
 * token k if there is one (see clock_after), else just before it (see
 * clock_before; without a zone, the time as UTC); a day without one is
 * that day (nw_day). */
static int64_t text_date(int y, int mo, int d, const struct text_token *t, size_t i0, size_t k, size_t nt)
{
    int h = -1, mi = 0, off = 0;
    bool zoned = false;
    clock_after(t, k, nt, y, mo, d, &h, &mi, &off, &zoned);
    if (h < 0)
        clock_before(t, i0, y, mo, d, &h, &mi, &off, &zoned);
    if (h >= 0)
        return make_time(y, mo, d, h, mi, 0, zoned ? off : 0);
    int64_t r = make_time(y, mo, d, 0, 0, 0, 0);
    return r == NW_NO_TIME ? r : nw_day(r);
}

/* A number of one to maxd digits at *p, ASCII or full-width ("２０２４", as
 * Japanese text writes them); -1 when none (or more digits follow). */
static int cjk_number(const char **p, int maxd)
{
    const unsigned char *q = (const unsigned char *)*p;
    int v = 0, nd = 0;
    for (;;) {
        if (isdigit(*q))
            v = v * 10 + (*q - '0'), q++;
        else if (q[0] == 0xEF && q[1] == 0xBC && q[2] >= 0x90 && q[2] <= 0x99)
            v = v * 10 + (q[2] - 0x90), q += 3;
        else
            break;
        if (++nd > maxd)
            return -1;
    }
    if (!nd)
        return -1;
    *p = (const char *)q;
    return v;
}

/* Whether word w (3 bytes) is at *p (blanks skipped before it); moves
 * past it. */
static bool cjk_word(const char **p, const char *w)
{
    while (**p == ' ')
        (*p)++;
    if (strncmp(*p, w, 3))
        return false;
    *p += 3;
    while (**p == ' ')
        (*p)++;
    return true;
}

/* "2024年3月5日" (Chinese, Japanese) or "2024년 3월 5일" (Korean) in s: the
 * day (a clock after it says no zone, and the region's is not known
 * surely); NW_NO_TIME when there is none. */
static int64_t cjk_date(const char *s)
{
    static const char *const words[2][3] = {{"\xE5\xB9\xB4", "\xE6\x9C\x88", "\xE6\x97\xA5"},
                                            {"\xEB\x85\x84", "\xEC\x9B\x94", "\xEC\x9D\xBC"}};
    for (int k = 0; k < 2; k++)
        for (const char *at = strstr(s, words[k][0]); at; at = strstr(at + 3, words[k][0])) {
            /* the year's four digits just before (a blank between) */
            const char *st = at;
            while (st > s && st[-1] == ' ')
                st--;
            const char *y0 = st;
            for (int nd = 0; nd < 4 && y0 > s; nd++) {
                if (isdigit((unsigned char)y0[-1]))
                    y0--;
                else if (y0 - s >= 3 && (unsigned char)y0[-3] == 0xEF && (unsigned char)y0[-2] == 0xBC &&
                         (unsigned char)y0[-1] >= 0x90 && (unsigned char)y0[-1] <= 0x99)
                    y0 -= 3;
                else
                    break;
            }
            const char *p = y0;
            int y = cjk_number(&p, 4);
            if (y < 1000 || p != st)
                continue;
            p = at;
            if (!cjk_word(&p, words[k][0]))
                continue;
            int mo = cjk_number(&p, 2);
            if (mo < 1 || !cjk_word(&p, words[k][1]))
                continue;
            int d = cjk_number(&p, 2);
            if (d < 1 || !cjk_word(&p, words[k][2]))
                continue;
            int64_t t = make_time(y, mo, d, 0, 0, 0, 0);
            if (t != NW_NO_TIME)
                return nw_day(t);
        }
    return NW_NO_TIME;
}

/* Whether a word is a day of the month as dates write it before the
 * month: its number, alone or with a full stop ("3."), an ordinal's
 * ending ("3rd", "1st", "1er") or sign ("1º"); into *day. */
static bool day_token(const char *w, size_t n, int *day)
{
    size_t d = 0;
    while (d < n && d < 3 && isdigit((unsigned char)w[d]))
        d++;
    if (d == 0 || d == 3)
        return false;
    const char *rest = w + d;
    size_t rn = n - d;
    static const char *const ends[] = {"", ".", "st", "nd", "rd", "th", "er", "\xc2\xba", "\xc2\xb0"};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (strlen(ends[i]) == rn && !strncasecmp(rest, ends[i], rn)) {
            *day = atoi(w);
            return true;
        }
    return false;
}

int64_t date_plausible(int64_t t)
{
    return t != NW_NO_TIME && (nw_instant(t) < FIRST_MEANT || nw_instant(t) >= LAST_MEANT) ? NW_NO_TIME : t;
}

int64_t date_find_in_text(const char *s)
{
    return date_find_in_text_order(s, false);
}

int64_t date_find_in_text_order(const char *s, bool month_first)
{
    /* every form read here has a number in it: most texts have none */
    if (!s || (!strpbrk(s, "0123456789") && !strstr(s, "\xEF\xBC")))
        return NW_NO_TIME;
    if (strstr(s, "\xE5\xB9\xB4") || strstr(s, "\xEB\x85\x84")) {
        int64_t c = cjk_date(s);
        if (c != NW_NO_TIME)
            return c;
    }
    struct text_token t[64];
    size_t nt = 0;
    const char *p = s;
    while (*p && nt < 64) {
        while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == '|' || *p == '(' || *p == ')'))
            p++;
        if (!*p)
            break;
        const char *st = p;
        while (*p && !isspace((unsigned char)*p) && *p != ',' && *p != '|' && *p != '(' && *p != ')')
            p++;
        t[nt].p = st;
        t[nt].n = (size_t)(p - st);
        t[nt].num = isdigit((unsigned char)*st);
        nt++;
    }
    for (size_t i = 0; i < nt; i++) {
        int y = -1, mo = 0, d = -1;
        const char *w = t[i].p;
        /* 2021-03-03, 03.03.2021, 03/03/2021 (day first unless impossible
         * or the page's English is American) */
        if (t[i].num) {
            int a, b, c, used = 0;
            char s1, s2;
            if (sscanf(w, "%d%c%d%c%d%n", &a, &s1, &b, &s2, &c, &used) == 5 && s1 == s2 &&
                (s1 == '-' || s1 == '.' || s1 == '/')) {
                if (a > 31) {
                    y = a, mo = b, d = c;
                } else if (c > 31) {
                    y = c;
                    /* 3/14/2021, 06.18.2025: month first, where the day
                     * cannot be first */
                    if ((b > 12 && a <= 12) || (s1 == '/' && month_first && a <= 12))
                        mo = a, d = b;
                    else
                        d = a, mo = b;
                }
                if (y > 0) {
                    int64_t r = text_date(y < 100 ? fix_year(y, 2) : y, mo, d, t, i, i + 1, nt);
                    if (r != NW_NO_TIME)
                        return r;
                }
            }
        }
        /* 19-Dec-2025, 19-DEC-25, 19/Dec/2025: the day, the month's name
         * and the year in one word, as logs and older pages write them */
        if (t[i].num && t[i].n <= 24) {
            size_t a = strspn(w, "0123456789");
            char sep = a < t[i].n ? w[a] : 0;
            const char *mw = w + a + 1;
            size_t ml = 0;
            while (a + 1 + ml < t[i].n && isalpha((unsigned char)mw[ml]))
                ml++;
            const char *yw = mw + ml + 1;
            size_t yl = a + 1 + ml < t[i].n && mw[ml] == sep ? t[i].n - (size_t)(yw - w) : 0;
            int m = (sep == '-' || sep == '/') && a >= 1 && a <= 2 && ml >= 3 ? month_of(mw, ml) : 0;
            if (m && (yl == 2 || yl == 4) && strspn(yw, "0123456789") >= yl) {
                int yy = atoi(yw);
                int64_t r = text_date(yl == 2 ? fix_year(yy, 2) : yy, m, atoi(w), t, i, i + 1, nt);
                if (r != NW_NO_TIME)
                    return r;
            }
        }
        /* 3 mars 2021, 3. März 2021, 3 de marzo de 2021, 3rd March 2021,
         * 1er mars 2021; 12 tháng 5, 2021 (Vietnamese: "month 5") */
        int day;
        if (t[i].num && day_token(w, t[i].n, &day)) {
            size_t k = i + 1;
            if (k < nt && (t[k].n == 2 && (!strncasecmp(t[k].p, "de", 2) || !strncasecmp(t[k].p, "of", 2))))
                k++;
            int m = k < nt ? month_of(t[k].p, t[k].n) : 0;
            size_t yk = k + 1;
            if (!m && k + 1 < nt && t[k].n == 6 && !memcmp(t[k].p, "th\xc3\xa1ng", 6) && t[k + 1].num &&
                t[k + 1].n <= 2 && atoi(t[k + 1].p) >= 1 && atoi(t[k + 1].p) <= 12) {
                m = atoi(t[k + 1].p);
                yk = k + 2;
                if (yk < nt && t[yk].n == 4 && !memcmp(t[yk].p, "n\xc4\x83m", 4)) /* "year" */
                    yk++;
            }
            if (yk < nt && t[yk].n == 2 && !strncasecmp(t[yk].p, "de", 2))
                yk++;
            if (m && yk < nt && t[yk].num && t[yk].n >= 4) {
                d = day, mo = m, y = atoi(t[yk].p);
                int64_t r = text_date(y, mo, d, t, i, yk + 1, nt);
                if (r != NW_NO_TIME)
                    return r;
            }
        }
        /* the year first: 2021. március 3. (Hungarian), 2021 m. kovo 3 d.
         * (Lithuanian), 2021. gada 3. martā (Latvian); a bare year only
         * before the year's word */
        if (t[i].num && count_digits(w) == 4 && (t[i].n == 4 || (t[i].n == 5 && w[4] == '.'))) {
            size_t k = i + 1;
            bool said =
                k < nt && ((t[k].n == 4 && !strncmp(t[k].p, "gada", 4)) || (t[k].n == 2 && !strncmp(t[k].p, "m.", 2)));
            k += said;
            /* the month then the day, or the day then the month */
            int hm = 0, first = (said || t[i].n == 5) && k + 1 < nt ? month_of(t[k].p, t[k].n) : -1;
            if (first > 0 && t[k + 1].num && day_token(t[k + 1].p, t[k + 1].n, &day))
                hm = first;
            else if (first == 0 && t[k].num && day_token(t[k].p, t[k].n, &day))
                hm = month_of(t[k + 1].p, t[k + 1].n);
            size_t end = k + 2;
            if (hm && end < nt && t[end].n == 2 && !strncmp(t[end].p, "d.", 2)) /* diena, "day" */
                end++;
            if (hm) {
                int64_t r = text_date(atoi(w), hm, day, t, i, end, nt);
                if (r != NW_NO_TIME)
                    return r;
            }
        }
        /* March 3, 2021 */
        int m = month_of(w, t[i].n);
        if (m && i + 2 < nt && t[i + 1].num && t[i + 2].num && t[i + 2].n >= 4) {
            d = atoi(t[i + 1].p), mo = m, y = atoi(t[i + 2].p);
            int64_t r = text_date(y, mo, d, t, i, i + 3, nt);
            if (r != NW_NO_TIME)
                return r;
        }
    }
    return NW_NO_TIME;
}
