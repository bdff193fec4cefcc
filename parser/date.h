#ifndef NW_DATE_H
#define NW_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses a date as found in feeds and pages: RFC 822/1123 and their sloppy
 * variants (named zones, two-digit years, missing seconds or zone), W3CDTF /
 * RFC 3339 / ISO 8601 (basic and extended, ordinal dates, reduced
 * precision), and asctime. A missing zone is taken as UTC.
 * Returns seconds since the epoch, or NW_NO_TIME when `s` is not a date. A
 * whole date without a time of day ("2020-02-15", "15 Feb 2020") is that
 * calendar day, whatever zone follows: nw_day() of its midnight UTC
 * (common/nwtime.h). A year or a month alone stays an instant. */
int64_t date_parse(const char *s);

/* t, or NW_NO_TIME for a date that no feed or page means: a year before
 * 1000, or from 2200 on. .NET's empty DateTime and Go's zero time
 * (0001-01-01T00:00:00) fill the dates of whole sites and feeds (Hugo's
 * undated pages: "Mon, 01 Jan 0001 00:00:00 +0000"), text read
 * day-month-year the wrong way gives years such as 0006, and the largest
 * date of databases and date types (9999-12-31) stands for "never" in
 * templates ("November 20, 9999"). Such a value is no date, and the next
 * source answers. */
int64_t date_plausible(int64_t t);

/* Finds a date written for readers inside free text ("Publié le 3 mars
 * 2021 à 17:05", "Updated March 3, 2021", "03.03.2021", "2021-03-03"),
 * with month names in English, French, German, Spanish, Italian,
 * Portuguese and Dutch, and an optional HH:MM after it. The time is taken
 * as UTC; without it, the day (nw_day). Returns NW_NO_TIME when there is
 * none. */
int64_t date_find_in_text(const char *s);
/* The same, reading a numeric date with slashes whose first two numbers
 * could each be the month ("3/4/2025") month first when month_first, as
 * American English writes it; day first otherwise. */
int64_t date_find_in_text_order(const char *s, bool month_first);
/* The month a month's name of n bytes names, in full or abbreviated, in
 * the languages date_find_in_text reads ("october", "Oct", "oktober");
 * 0 when it names none. */
int date_month_name(const char *w, size_t n);

#endif
