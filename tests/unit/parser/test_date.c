#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "../../../common/jsonx.h"
#include "../../../common/nwtime.h"
#include "../../../parser/date.h"

struct row {
    const char *in;
    const char *want; /* RFC 3339 UTC, or NULL: not a date */
};

static const struct row rows[] = {
    {"Fri, 09 Oct 2020 08:32:00 GMT", "2020-10-09T08:32:00Z"},
    {"Thu, 08 Oct 2020 17:05:00 +0200", "2020-10-08T15:05:00Z"},
    {"Mon, 06 Sep 2010 00:01:00 -800", "2010-09-06T08:01:00Z"},
    {"\xce\xa4\xce\xb5\xcf\x84, 05 \xce\xa6\xce\xb5\xce\xb2 2020 10:00:00 +0200",
     "2020-02-05T08:00:00Z"}, /* Τετ, 05 Φεβ */
    {"\xce\xa3\xce\xac\xce\xb2, 16 \xce\x9c\xce\xb1\xce\x90 2020 09:30:00 GMT",
     "2020-05-16T09:30:00Z"},                                                 /* Σάβ, 16 Μαΐ */
    {"16 \xce\x94\xce\x95\xce\x9a 2019 23:00 +0000", "2019-12-16T23:00:00Z"}, /* ΔΕΚ */
    {"\xce\xa4\xce\xb5\xcf\x84, 05 \xce\xb1\xce\xb2\xce\xb3 2020", NULL},     /* not a month */
    /* Κυρ, 11 Ιούλ 2004, the month with its accent */
    {"\xce\x9a\xcf\x85\xcf\x81, 11 \xce\x99\xce\xbf\xcf\x8d\xce\xbb 2004 12:00:00 EST", "2004-07-11T17:00:00Z"},
    /* Korean: 오후 p.m., 오전 a.m., 년 월 일, in Korea's time */
    {"2004-05-25 \xec\x98\xa4\xed\x9b\x84 11:23:17", "2004-05-25T14:23:17Z"},
    {"2004-05-25 \xec\x98\xa4\xec\xa0\x84 12:23:17", "2004-05-24T15:23:17Z"},
    {"2004\xeb\x85\x84 05\xec\x9b\x94 28\xec\x9d\xbc 01:31:15", "2004-05-27T16:31:15Z"},
    {"2004\xeb\x85\x84 05\xec\x9b\x94 28\xec\x9d\xbc", "2004-05-28"},
    /* RFC 822's military zones as it defines them, a comment after the
     * zone, a zone name unknown taken as UTC, a 12-hour clock */
    {"Sun, 04 Jan 2004 16:29:06 A", "2004-01-04T17:29:06Z"},
    {"Sun, 04 Jan 2004 16:29:06 N", "2004-01-04T15:29:06Z"},
    {"Sun, 04 Jan 2004 16:29:06 Y", "2004-01-04T04:29:06Z"},
    {"Sun, 04 Jan 2004 16:29:06 +0000 (UTC)", "2004-01-04T16:29:06Z"},
    {"Sun, 04 Jan 2004 16:29:06 XYZ", "2004-01-04T16:29:06Z"},
    /* a stray character of another alphabet run into the zone's name */
    {"Tue, 10 Jun 2003 04:00:00 GMT\xc3\xa9", "2003-06-10T04:00:00Z"},
    {"Tue, 10 Jun 2003 04:00:00 EST\xe2\x80\x8b", "2003-06-10T09:00:00Z"},
    {"Sun, 04 Jan 2004 4:29:06 PM GMT", "2004-01-04T16:29:06Z"},
    {"Dec 31, 2003 12:14 AM", "2003-12-31T00:14:00Z"},
    {"Sun, 04 Jan 2004 16:29:06 PM", "2004-01-04T16:29:06Z"}, /* no 12-hour clock: PM is no meridiem */
    {"Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"},
    {"Thu,  5 Apr 2012 10:00:00 GMT", "2012-04-05T10:00:00Z"},
    {"Mon, 26 January 2004 16:31:00 ET", "2004-01-26T21:31:00Z"},
    {"Thu, 30 Apr 2015 08:57:00 MEST", "2015-04-30T06:57:00Z"},
    {"Tue, 02 Dec 2025 10:00:00 IST", "2025-12-02T04:30:00Z"}, /* India's, as its outlets write it */
    {"Wed, 19 Feb 2012 22:40:00 GMT-01:01", "2012-02-19T23:41:00Z"},
    {"Wed, 19 Aug 2009 18:28:00 Etc/GMT", "2009-08-19T18:28:00Z"},
    {"Mon, 13 Feb, 2012 06:28:00 UTC", "2012-02-13T06:28:00Z"},
    {"Thu Aug 30 2012 17:26:16 +0200", "2012-08-30T15:26:16Z"},
    {"Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"},
    {"Sun Jul 15 01:16:00 +0000 2012", "2012-07-15T01:16:00Z"},
    {"Sat, 1 Jan 2000 10:00 EST", "2000-01-01T15:00:00Z"},
    /* a leap second: the instant POSIX time gives it, the next minute's
     * first second */
    {"2003-12-31T23:59:60Z", "2004-01-01T00:00:00Z"},
    {"Wed, 31 Dec 2008 23:59:60 GMT", "2009-01-01T00:00:00Z"},
    {"2003-12-31T10:14:61Z", NULL}, /* no second 61 */
    /* a month with a zero too many before its day; an ordinal day stays one */
    {"2003-012-31T10:14:55+00:00", "2003-12-31T10:14:55Z"},
    {"2003-012", "2003-01-12"},
    /* a weekday in another language, months in several, RFC 850's
     * hyphens, Hungarian as ISO 8601 writes it with the month's name,
     * day.month.year */
    {"Mo, 15 Nov 2010 08:00:00 +0100", "2010-11-15T07:00:00Z"},
    {"lun., 15 nov. 2010 08:00:00 +0100", "2010-11-15T07:00:00Z"},
    {"mar, 16 nov 2010 08:00:00 +0100", "2010-11-16T07:00:00Z"}, /* mardi, not March */
    {"Di, 12 Okt 2010 08:00:00 +0200", "2010-10-12T06:00:00Z"},
    {"15 f\xc3\xa9vr. 2010 08:00 +0100", "2010-02-15T07:00:00Z"},
    {"jeu., 3 d\xc3\xa9\x63\x65mbre 2020 10:00:00 +0100", "2020-12-03T09:00:00Z"},
    {"mi\xc3\xa9, 5 ago 2020 10:00:00 +0200", "2020-08-05T08:00:00Z"},
    {"qua, 04 out 2023 10:00:00 -0300", "2023-10-04T13:00:00Z"},
    {"pt, 10 gru 2021 12:30:00 +0100", "2021-12-10T11:30:00Z"},           /* Polish */
    {"st, 03 b\xc5\x99\x65 2021 12:30:00 +0100", "2021-03-03T11:30:00Z"}, /* Czech */
    {"Cum, 10 Ara 2021 12:30:00 +0300", "2021-12-10T09:30:00Z"},          /* Turkish */
    {"Sal, 02 \xc5\x9eub 2021 12:30:00 +0300", "2021-02-02T09:30:00Z"},
    {"Sel, 17 Agu 2021 12:30:00 +0700", "2021-08-17T05:30:00Z"}, /* Indonesian */
    {"Jum, 10 Des 2021 12:30:00 +0700", "2021-12-10T05:30:00Z"},
    {"Sunday, 31-Dec-06 23:59:59 GMT", "2006-12-31T23:59:59Z"},
    {"31-Dec-2006 23:59:59 GMT", "2006-12-31T23:59:59Z"},
    {"2004-j\xc3\xbalius-13T9:15-05:00", "2004-07-13T14:15:00Z"},
    {"2004-okt\xc3\xb3\x62\x65r-02T12:00Z", "2004-10-02T12:00:00Z"},
    {"15.11.2010 08:00", "2010-11-15T08:00:00Z"},
    {"15.11.2010", "2010-11-15"},
    {"Mon,\xc2\xa0"
     "15\xc2\xa0Nov\xc2\xa0"
     "2010 08:00:00 +0100",
     "2010-11-15T07:00:00Z"}, /* no-break spaces */
    {"Mo, 15.11.2010 08:00:00 +0100", "2010-11-15T07:00:00Z"},
    {"Wed, 4 Oct 2023 10:00:00 +0000 GMT", "2023-10-04T10:00:00Z"}, /* UTC's name after the offset */
    {"Thu, 01 Jan 2004 19:48:21 GMT GMT", "2004-01-01T19:48:21Z"},
    {"Thu, 01 Jan 2004 19:48:21 EST GMT", NULL},
    {"Thu, 01 Jan 2004 19:48:21 (GMT)", "2004-01-01T19:48:21Z"}, /* the zone in a comment */
    {"Thu, 01 Jan 2004 19:48:21 (EST)", "2004-01-02T00:48:21Z"},
    {"Thu, 01 Jan 2004 19:48:21.000 GMT", "2004-01-01T19:48:21Z"}, /* a fraction of a second */
    {"2004.01.05 19:48:21", "2004-01-05T19:48:21Z"},
    {"2004.1.5", "2004-01-05"},
    {"2004.01/05", NULL},
    {"October 4, 2023 at 10:00 am", "2023-10-04T10:00:00Z"},
    {"Wednesday, October 4, 2023 - 10:00", "2023-10-04T10:00:00Z"},
    {"\xd0\xa1\xd1\x80, 04 \xd0\x9e\xd0\xba\xd1\x82 2023 10:00:00 +0300", "2023-10-04T07:00:00Z"}, /* Ср, 04 Окт */
    {"4 \xd0\xbe\xd0\xba\xd1\x82\xd1\x8f\xd0\xb1\xd1\x80\xd1\x8f 2023 10:00 +0300", "2023-10-04T07:00:00Z"},
    {"Wed, 4 Oct 2023 10:00:00 +0000 EST", NULL}, /* two zones that disagree */
    {"at 4 Oct 2023", NULL},
    {"15.13.2010 08:00", NULL},
    {"15.11.10 08:00", NULL},
    {"Mo, 15 Foo 2010 08:00:00 +0100", NULL},
    {"Mo 15 Nov 2010 08:00:00 +0100", NULL},               /* no comma: no weekday */
    {"31-Dec-06 23:59:59 \xd0\x9c\xd0\xa1\xd0\x9a", NULL}, /* a zone of another script: none known */
    {"2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"},
    {"2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z"},
    {"2007-04-23T23:25:47.538+10:00", "2007-04-23T13:25:47Z"},
    {"2004-07-08 23:56:58", "2004-07-08T23:56:58Z"},
    {"2004-07-08 23:56:58.0", "2004-07-08T23:56:58Z"},
    {"2003-12", "2003-12-01T00:00:00Z"},
    /* leading zeros left out, a twelve-hour clock, UTC's name after a
     * zone that said it */
    {"2021-3-7 9:05:00", "2021-03-07T09:05:00Z"},
    {"2004-1-5", "2004-01-05"},
    {"2004-01-05T7:48Z", "2004-01-05T07:48:00Z"},
    {"2004-01-05T7:48:21+01:00", "2004-01-05T06:48:21Z"},
    {"2006-01-17T12:35:1+01:00", "2006-01-17T11:35:01Z"},
    {"2004-01-05 7:48 PM", "2004-01-05T19:48:00Z"},
    {"2004-01-05 12:30 a.m.", "2004-01-05T00:30:00Z"},
    {"2004-01-05 13:30 PM", "2004-01-05T13:30:00Z"},
    {"2004-01-01T19:48:21+00:00Z", "2004-01-01T19:48:21Z"},
    /* a zone cut short by a digit: its tens of minutes */
    {"2017-06-13T03:18:00+00:0", "2017-06-13T03:18:00Z"},
    {"2017-06-13T03:18:00+05:3", "2017-06-12T21:48:00Z"},
    {"2004-01-01T19:48:21.000Z GMT", "2004-01-01T19:48:21Z"},
    {"2004-01-01T19:48:21+01:00 GMT", "2004-01-01T18:48:21Z"}, /* the offset counts, as in RFC 822 forms */
    {"2004-1234-05", NULL},
    {"2004-01-123", NULL},
    /* a day stays a day, whatever zone follows it */
    {"2020-02-15", "2020-02-15"},
    {"2020-02-15+01:00", "2020-02-15"},
    {"Sat, 15 Feb 2020", "2020-02-15"},
    {"2020-02-15T00:00:00+01:00", "2020-02-14T23:00:00Z"},
    {"2003", "2003-01-01T00:00:00Z"},
    {"20031231T101455Z", "2003-12-31T10:14:55Z"},
    {"031231", "2003-12-31"},
    {"03-12-31", "2003-12-31"}, /* two digits of the year: a day all the same */
    {"03-335", "2003-12-01"},   /* and its ordinal form */
    {"03-12", "2003-12-01T00:00:00Z"},
    {"2003-335", "2003-12-01"},
    {"2020-10-09T10:32:00+02:00", "2020-10-09T08:32:00Z"},
    {"2000-02-28T18:14:55-08:00", "2000-02-29T02:14:55Z"},
    {"Sun, 16 Dec 2012 11:47:32 +zz:00", NULL},
    {"Sun, 16 Dec zz 11:47:32 GMT", NULL},
    {"Sun, Dec x 2012 11:47:32 GMT", NULL},
    {"2003-13-01", NULL},
    {"2003-02-30", NULL},
    {"yesterday", NULL},
    {"", NULL},
    {"31 Feb 2020 10:00:00 GMT", NULL},
    {"200555555555", NULL}, /* found by fuzzing: overflowed an int */
    /* an instant is written in UTC with four digits: one that its zone
     * moves out of years 1 to 9999 is no date (found by fuzz_date: the
     * first was written "1970-01-01T00:00:00Z", the second "0000-12-31") */
    {"9999-12-31T23:59:59-05:00", NULL},
    {"0001-01-01T00:00:00+09:00", NULL},
    {"9999-12-31T23:59:59+05:00", "9999-12-31T18:59:59Z"},
    {"0001-01-01T09:00:00+09:00", "0001-01-01T00:00:00Z"},
    {"Mon, 99999999999 Jan 2020", NULL},
};

/* Runs every row through a date function and fails on the first that
 * does not give its expected instant (or no date). */
static void check_rows(const struct row *rows, size_t n, int64_t (*fn)(const char *))
{
    for (size_t i = 0; i < n; i++) {
        int64_t t = fn(rows[i].in);
        char buf[21];
        if (!rows[i].want) {
            if (t != NW_NO_TIME)
                fail_msg("'%s' gave %s, expected no date", rows[i].in, nw_time_format(t, buf));
            continue;
        }
        if (t == NW_NO_TIME)
            fail_msg("'%s' gave no date, expected %s", rows[i].in, rows[i].want);
        if (strcmp(nw_time_format(t, buf), rows[i].want))
            fail_msg("'%s' gave %s, expected %s", rows[i].in, buf, rows[i].want);
    }
}

static void test_table(void **state)
{
    (void)state;
    check_rows(rows, sizeof rows / sizeof *rows, date_parse);
}

static void test_visible_text(void **state)
{
    (void)state;
    struct row vis[] = {
        {"Publi\xc3\xa9 le 3 mars 2021 \xc3\xa0 17:05", "2021-03-03T17:05:00Z"},
        {"Updated March 9, 2022", "2022-03-09"},
        {"12.05.2023, 14:10 Uhr", "2023-05-12T14:10:00Z"},
        {"Posted 2019-10-20", "2019-10-20"},
        {"3 de marzo de 2021", "2021-03-03"},
        {"7. M\xc3\xa4rz 2020", "2020-03-07"},
        {"3/14/2021", "2021-03-14"},
        /* month first with other separators, where the day cannot be
         * first */
        {"06.18.2025", "2025-06-18"},
        {"06-18-2025", "2025-06-18"},
        {"18.06.2025", "2025-06-18"},
        {"13.14.2025", NULL},
        {"Par Jean Dupont", NULL},
        {"31 f\xc3\xa9vrier 2021", NULL},
        {"version 1.2.3", NULL},
        /* a twelve-hour clock, and a zone after the clock: the instant */
        {"March 5, 2024 10:00 PM", "2024-03-05T22:00:00Z"},
        {"March 5, 2024 12:15 am", "2024-03-05T00:15:00Z"},
        {"Updated March 5, 2024 11:30pm", "2024-03-05T23:30:00Z"},
        {"March 5, 2024 10:00 a.m. EST", "2024-03-05T15:00:00Z"},
        {"Mar 5, 2024 10:00 JST", "2024-03-05T01:00:00Z"},
        {"5. M\xc3\xa4rz 2024, 10:00 Uhr MEZ", "2024-03-05T09:00:00Z"},
        {"Tuesday 5 March 2024 10.00 GMT", "2024-03-05T10:00:00Z"},
        {"2024-03-05 10:00 +0100", "2024-03-05T09:00:00Z"},
        {"March 5, 2024 10:00:30 UTC+2", "2024-03-05T08:00:00Z"},
        /* the US's generic zones by the day: standard time until the
         * second Sunday of March, 2 a.m., summer time to November's first */
        {"March 10, 2024 1:00 AM ET", "2024-03-10T06:00:00Z"},
        {"March 10, 2024 3:00 PM ET", "2024-03-10T19:00:00Z"},
        {"July 5, 2024 10:00 p.m. PT", "2024-07-06T05:00:00Z"},
        {"November 3, 2024 1:30 AM CT", "2024-11-03T06:30:00Z"},
        {"November 3, 2024 3:00 AM CT", "2024-11-03T09:00:00Z"},
        /* the clock before the date, as some sites write it; a number
         * before a date that is no clock leaves the day */
        {"Updated 3:04 PM EST, Tue March 5, 2024", "2024-03-05T20:04:00Z"},
        {"Published 10:30 GMT, 5 March 2024", "2024-03-05T10:30:00Z"},
        {"14:05 MEZ 5.3.2024", "2024-03-05T13:05:00Z"},
        {"6:45 PM, Feb 16, 2018", "2018-02-16"}, /* no zone: the day */
        {"Page 3 of 10 March 5, 2024", "2024-03-05"},
        {"10:30 and then March 5, 2024", "2024-03-05"},
        /* "10.00" with nothing after it may be any number: the day */
        {"5 March 2024 10.00", "2024-03-05"},
        /* months of more languages, as dates write them */
        {"5 \xd0\xbc\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0 2024, 10:00", "2024-03-05T10:00:00Z"},
        {"5 \xd0\x9c\xd0\xb0\xd1\x80\xd1\x82\xd0\xb0 2024 \xd0\xb3\xd0\xbe\xd0\xb4\xd0\xb0", "2024-03-05"},
        {"5 \xd0\xb1\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb7\xd0\xbd\xd1\x8f 2024", "2024-03-05"},
        {"5 lutego 2024", "2024-02-05"},
        {"5. b\xc5\x99\x65zna 2024", "2024-03-05"},
        {"5. maaliskuuta 2024", "2024-03-05"},
        {"5 \xc5\x9e\x75\x62\x61t 2024", "2024-02-05"},
        {"5 martie 2024", "2024-03-05"},
        {"5 Maret 2024", "2024-03-05"},
        {"5 augusti 2024", "2024-08-05"},
        /* an ordinal's ending or sign on the day, "of" before the month */
        {"5th March 2024", "2024-03-05"},
        {"21st of March 2024", "2024-03-21"},
        {"1er mars 2024", "2024-03-01"},
        {"1\xc2\xba de mar\xc3\xa7o de 2024", "2024-03-01"},
        {"5xx March 2024", NULL},
        /* Greek genitives, Arabic (Egypt's and the Levant's names),
         * Hungarian's year first, Vietnamese's "month 3" */
        {"5 \xce\x9c\xce\xb1\xcf\x81\xcf\x84\xce\xaf\xce\xbf\xcf\x85 2024", "2024-03-05"},
        {"\xce\x9a\xcf\x85\xcf\x81\xce\xb9\xce\xb1\xce\xba\xce\xae 5 \xce\x9c\xce\xb1\xce\x90\xce\xbf\xcf\x85 2024",
         "2024-05-05"},
        {"5 \xd9\x85\xd8\xa7\xd8\xb1\xd8\xb3 2024", "2024-03-05"},
        {"5 \xd8\xa2\xd8\xb0\xd8\xa7\xd8\xb1 2024", "2024-03-05"},
        {"2024. m\xc3\xa1rcius 5., kedd", "2024-03-05"},
        {"ng\xc3\xa0y 5 th\xc3\xa1ng 3 n\xc4\x83m 2024", "2024-03-05"},
        {"5 th\xc3\xa1ng 13, 2024", NULL},
        /* the South Slavic languages' months (Latin and Cyrillic),
         * Slovak, the Baltic languages (Latvian's and Lithuanian's year
         * first, with its word), Catalan, Albanian, Filipino */
        {"5. o\xc5\xbeujka 2024.", "2024-03-05"},
        {"5. studenoga 2024. u 10:30", "2024-11-05T10:30:00Z"},
        {"5. avgusta 2024", "2024-08-05"},
        {"5. m\xc3\xa1ja 2024", "2024-05-05"},
        {"5 \xd1\x81\xd0\xb5\xd0\xbf\xd1\x82\xd0\xb5\xd0\xbc\xd0\xb2\xd1\x80\xd0\xb8 2024", "2024-09-05"},
        {"5 \xd1\x98\xd1\x83\xd0\xbd 2024", "2024-06-05"},
        {"5. aprill 2024", "2024-04-05"},
        {"2024. gada 5. maij\xc4\x81", "2024-05-05"},
        {"2024 m. gegu\xc5\xbe\xc4\x97s 5 d. 10:30", "2024-05-05T10:30:00Z"},
        {"5 de maig de 2024", "2024-05-05"},
        {"5 gusht 2024", "2024-08-05"},
        {"5 Hunyo 2024", "2024-06-05"},
        {"2024 gegu\xc5\xbe\xc4\x97s 5", NULL},
        /* Chinese, Japanese (full-width digits too) and Korean: the day */
        {"2024\xe5\xb9\xb4"
         "3\xe6\x9c\x88"
         "5\xe6\x97\xa5 10:00",
         "2024-03-05"},
        {"\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94\xe5\xb9\xb4\xef\xbc\x93\xe6\x9c\x88"
         "\xef\xbc\x95\xe6\x97\xa5",
         "2024-03-05"},
        {"2024\xeb\x85\x84 3\xec\x9b\x94 5\xec\x9d\xbc", "2024-03-05"},
        {"2024\xe5\xb9\xb4 13\xe6\x9c\x88", NULL},
        /* the day, the month's name and the year in one word, as logs
         * and older pages write them */
        {"Posted 5-Mar-2024", "2024-03-05"},
        {"05-MAR-24 10:30 GMT", "2024-03-05T10:30:00Z"},
        {"5/Mar/2024", "2024-03-05"},
        {"5-march-2024", "2024-03-05"},
        {"5-Marx-2024", NULL},
        {"5-Mar-20245", NULL},
        {"5-Mar/2024", NULL},
    };
    check_rows(vis, sizeof vis / sizeof *vis, date_find_in_text);
}

static int64_t month_first(const char *s)
{
    return date_find_in_text_order(s, true);
}

/* Month first where either number could be the month, day first where only
 * the first can be the day. */
static void test_visible_month_first(void **state)
{
    (void)state;
    struct row vis[] = {
        {"3/4/2025", "2025-03-04"},
        {"Updated 12/1/2024 at 10:30", "2024-12-01T10:30:00Z"},
        {"28/11/2025", "2025-11-28"},
        {"03.04.2025", "2025-04-03"},
    };
    check_rows(vis, sizeof vis / sizeof *vis, month_first);
}

/* Dates written in the common ways from random instants and checked
 * against the instant they were written from: RFC 822 (weekday or none,
 * one- or two-digit day, abbreviated or full month, two-digit years of
 * 1970-2049, with or without seconds, US zone names, UT, GMT, Z or a
 * numeric offset, a comment after the zone), RFC 3339 / ISO 8601 (T or a
 * blank, fractions, Z or z or +hh:mm, +hhmm, +hh), asctime (with a zone
 * name or none), and whole days, which stay days. */
static uint64_t rng_next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void test_generated(void **state)
{
    (void)state;
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const monf[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
    static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const struct {
        const char *name;
        int off; /* minutes east of UTC */
    } zones[] = {{"GMT", 0},    {"UT", 0},     {"UTC", 0},    {"Z", 0},      {"EST", -300}, {"EDT", -240},
                 {"CST", -360}, {"CDT", -300}, {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420}};
    static const int offsets[] = {-720, -570, -300, -60, 0, 60, 330, 345, 545, 600, 840};
    uint64_t x = 0x9E3779B97F4A7C15ull;
    char in[96], want[24], got[24], zone[16];
    for (int n = 0; n < 20000; n++) {
        /* an instant of 1971-2036, to the second */
        int64_t t = 31536000 + (int64_t)(rng_next(&x) % 2082758400u);
        int kind = (int)(rng_next(&x) % 4);
        int off = 0;
        bool secs = rng_next(&x) % 8 != 0;
        if (!secs)
            t -= t % 60;
        if (kind == 0 || kind == 2) { /* RFC 822 or asctime: a zone name or an offset */
            unsigned z = (unsigned)(rng_next(&x) % (sizeof zones / sizeof *zones + 3));
            if (z < sizeof zones / sizeof *zones && !(kind == 2 && z == 3)) {
                off = zones[z].off;
                snprintf(zone, sizeof zone, "%s", zones[z].name);
            } else if (kind == 2) {
                zone[0] = '\0'; /* asctime without a zone: UTC */
            } else {
                off = offsets[rng_next(&x) % (sizeof offsets / sizeof *offsets)];
                snprintf(zone, sizeof zone, "%c%02d%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
            }
        } else if (kind == 1) {
            off = offsets[rng_next(&x) % (sizeof offsets / sizeof *offsets)];
            switch (rng_next(&x) % 5) {
            case 0:
                off = 0;
                snprintf(zone, sizeof zone, "Z");
                break;
            case 1:
                off = 0;
                snprintf(zone, sizeof zone, "z");
                break;
            case 2:
                snprintf(zone, sizeof zone, "%c%02d%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
                break;
            case 3:
                if (off % 60 == 0 && off) {
                    snprintf(zone, sizeof zone, "%c%02d", off < 0 ? '-' : '+', abs(off) / 60);
                    break;
                }
                /* fall through */
            default:
                snprintf(zone, sizeof zone, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
            }
        }
        time_t local = (time_t)(t + (int64_t)off * 60);
        struct tm tm;
        gmtime_r(&local, &tm);
        char clock[16];
        if (secs)
            strftime(clock, sizeof clock, "%H:%M:%S", &tm);
        else
            strftime(clock, sizeof clock, "%H:%M", &tm);
        int64_t expect = t;
        if (kind == 0) {
            bool wd = rng_next(&x) % 5 != 0, y2 = rng_next(&x) % 8 == 0 && tm.tm_year >= 70 && tm.tm_year < 150;
            bool d1 = rng_next(&x) % 3 == 0, full = rng_next(&x) % 10 == 0, comment = rng_next(&x) % 20 == 0;
            char year[8], day[4];
            snprintf(year, sizeof year, y2 ? "%02d" : "%d", y2 ? tm.tm_year % 100 : tm.tm_year + 1900);
            snprintf(day, sizeof day, d1 ? "%d" : "%02d", tm.tm_mday);
            snprintf(in, sizeof in, "%s%s%s %s %s %s %s%s", wd ? wday[tm.tm_wday] : "", wd ? ", " : "", day,
                     full ? monf[tm.tm_mon] : mon[tm.tm_mon], year, clock, zone, comment ? " (CEST)" : "");
        } else if (kind == 1) {
            static const char *const frac[] = {"", "", ".0", ".123", ".123456"};
            const char *f = secs ? frac[rng_next(&x) % 5] : "";
            char date[16];
            strftime(date, sizeof date, "%Y-%m-%d", &tm);
            snprintf(in, sizeof in, "%s%c%s%s%s", date, rng_next(&x) % 4 ? 'T' : ' ', clock, f, zone);
        } else if (kind == 2) {
            char clock3[16];
            strftime(clock3, sizeof clock3, "%H:%M:%S", &tm);
            snprintf(in, sizeof in, "%s %s %2d %s %s%s%d", wday[tm.tm_wday], mon[tm.tm_mon], tm.tm_mday, clock3, zone,
                     zone[0] ? " " : "", tm.tm_year + 1900);
        } else { /* a whole day: the day it names */
            char date[16];
            strftime(date, sizeof date, "%Y-%m-%d", &tm);
            if (rng_next(&x) % 2)
                snprintf(in, sizeof in, "%s", date);
            else
                snprintf(in, sizeof in, "%s, %d %s %d", wday[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon],
                         tm.tm_year + 1900);
            expect = nw_day(nw_timegm(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0, 0));
        }
        nw_time_format(expect, want);
        int64_t r = date_parse(in);
        if (r == NW_NO_TIME)
            fail_msg("'%s' gave no date, expected %s", in, want);
        if (strcmp(nw_time_format(r, got), want))
            fail_msg("'%s' gave %s, expected %s", in, got, want);
    }
}

static void test_timegm(void **state)
{
    (void)state;
    assert_int_equal(nw_timegm(1970, 1, 1, 0, 0, 0), 0);
    assert_int_equal(nw_timegm(2020, 10, 9, 8, 32, 0), 1602232320);
    assert_int_equal(nw_timegm(2000, 2, 29, 0, 0, 0), 951782400);
}

/* Instants and days written as RFC 3339 wants them: four-digit years
 * (the .NET "no date", 0001-01-01, is no "1-01-01"), and the same as
 * strftime's for the years it writes with four digits. */
static void test_format(void **state)
{
    (void)state;
    char buf[21], want[32];
    assert_string_equal(nw_time_format(nw_timegm(1, 1, 1, 0, 0, 0), buf), "0001-01-01T00:00:00Z");
    assert_string_equal(nw_time_format(nw_day(nw_timegm(6, 4, 22, 0, 0, 0)), buf), "0006-04-22");
    assert_string_equal(nw_time_format(nw_day(nw_timegm(2020, 2, 15, 0, 0, 0)), buf), "2020-02-15");
    assert_string_equal(nw_time_format(nw_timegm(9999, 12, 31, 23, 59, 59), buf), "9999-12-31T23:59:59Z");
    for (int64_t t = nw_timegm(1000, 1, 1, 0, 0, 0); t < nw_timegm(9999, 12, 31, 0, 0, 0); t += 7777777) {
        time_t tt = (time_t)t;
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
        assert_string_equal(nw_time_format(t, buf), want);
        strftime(want, sizeof want, "%Y-%m-%d", &tm);
        assert_string_equal(nw_time_format(nw_day_of(t), buf), want);
    }
}

/* What is read is written so that it reads back the same, on dates made
 * at random of the parts dates are made of (years at the ends of the
 * range, zones both ways, days, leap seconds) */
static void test_written_back(void **state)
{
    (void)state;
    static const char *const years[] = {"0001", "0999", "1000", "1970", "2020", "2199", "2200", "9999"};
    static const char *const days[] = {"-01-01", "-12-31", "-02-29", "-06-15"};
    static const char *const times[] = {"", "T00:00:00", "T23:59:59", "T23:59:60", "T24:00:00", "T12:30"};
    static const char *const zones[] = {"", "Z", "+14:00", "-12:00", "+05:30", "-00:01", " EST", " +0900"};
    uint64_t x = 0x2545F4914F6CDD1Dull;
    for (int n = 0; n < 20000; n++) {
        char in[64], out[21], again[21];
        snprintf(in, sizeof in, "%s%s%s%s", years[rng_next(&x) % 8], days[rng_next(&x) % 4], times[rng_next(&x) % 6],
                 zones[rng_next(&x) % 8]);
        int64_t t = date_parse(in);
        if (t == NW_NO_TIME)
            continue;
        nw_time_format(t, out);
        int64_t back = date_parse(out);
        if (back != t)
            fail_msg("'%s' written %s, which reads as %s", in, out,
                     back == NW_NO_TIME ? "no date" : nw_time_format(back, again));
    }
}

/* A date no feed or page means is none: the zero values of .NET and Go,
 * years read the wrong way round, "never" */
static void test_plausible(void **state)
{
    (void)state;
    assert_true(date_plausible(date_parse("Mon, 01 Jan 0001 00:00:00 +0000")) == NW_NO_TIME);
    assert_true(date_plausible(date_parse("0006-04-22")) == NW_NO_TIME);
    assert_true(date_plausible(date_parse("9999-12-31T23:59:59Z")) == NW_NO_TIME);
    assert_true(date_plausible(date_parse("2200-01-01T00:00:00Z")) == NW_NO_TIME);
    assert_true(date_plausible(date_parse("2199-12-31T23:59:59Z")) == nw_timegm(2199, 12, 31, 23, 59, 59));
    assert_true(date_plausible(date_parse("1000-01-01")) == nw_day(nw_timegm(1000, 1, 1, 0, 0, 0)));
    assert_true(date_plausible(date_parse("1970-01-01T00:00:00Z")) == 0);
    assert_true(date_plausible(NW_NO_TIME) == NW_NO_TIME);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_table),
                                       cmocka_unit_test(test_visible_text),
                                       cmocka_unit_test(test_visible_month_first),
                                       cmocka_unit_test(test_timegm),
                                       cmocka_unit_test(test_format),
                                       cmocka_unit_test(test_generated),
                                       cmocka_unit_test(test_written_back),
                                       cmocka_unit_test(test_plausible)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
