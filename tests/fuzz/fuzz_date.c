/* libFuzzer target: the date readers (feeds' and pages' date fields, and
 * dates inside a page's text) over any bytes. What they read must be
 * written as DESIGN §5 says ("2020-02-15" for a day, RFC 3339 UTC for an
 * instant), and what is written must read back to the same date: no
 * date turns into another one on its way through the output. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/jsonx.h"
#include "../../common/nwtime.h"
#include "../../parser/date.h"

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* "YYYY-MM-DD" for a day, "YYYY-MM-DDTHH:MM:SSZ" for an instant */
static bool well_written(const char *s, bool day)
{
    size_t n = strlen(s);
    if (n != (day ? 10u : 20u) || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2))
        return false;
    return day || (s[10] == 'T' && digits(s + 11, 2) && s[13] == ':' && digits(s + 14, 2) && s[16] == ':' &&
                   digits(s + 17, 2) && s[19] == 'Z');
}

static void check(const char *what, const char *in, int64_t t)
{
    if (t == NW_NO_TIME)
        return;
    char out[21];
    nw_time_format(t, out);
    int64_t again = date_parse(out);
    if (!well_written(out, nw_is_day(t)) || again != t) {
        fprintf(stderr, "%s: \"%s\" read as %lld, written \"%s\", read back as %lld\n", what, in, (long long)t, out,
                (long long)again);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512)
        return 0; /* a date field is short; the text reader is read in full elsewhere */
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    check("date_parse", s, date_parse(s));
    check("date_find_in_text", s, date_find_in_text(s));
    check("date_find_in_text_order", s, date_find_in_text_order(s, true));
    free(s);
    return 0;
}
